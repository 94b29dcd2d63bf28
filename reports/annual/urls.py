"""The scrutiny annual report, under /annual-report/."""

from django.urls import path

from reports.annual import views

urlpatterns = [
    path("", views.annual_report_latest, name="annual_report_latest"),
    path("<int:year>/", views.annual_report, name="annual_report"),
    path("<int:year>/<str:fmt>/", views.annual_report_file, name="annual_report_file"),
]
