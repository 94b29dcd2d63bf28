"""Partnership action plans as their readers read them, under
/partnerships/ (the clerks' and the coordinators' pages are actionplans')."""

from django.urls import path

from reports.partnership import views

urlpatterns = [
    path("", views.partnership_plans, name="partnership_plans"),
    path("<slug:slug>/", views.partnership_plan, name="partnership_plan"),
    path("<slug:slug>/report/", views.partnership_report_file, name="partnership_report_file"),
    path("<slug:slug>/dashboard/", views.partnership_dashboard, name="partnership_dashboard"),
]
