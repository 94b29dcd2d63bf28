"""What scrutiny achieved: each committee's page and the rows behind a figure."""

from django.urls import path

from reports.achieved import views

urlpatterns = [
    path("committees/<slug:slug>/achieved/", views.committee_achieved, name="committee_achieved"),
    path("achieved/", views.achieved_rows, name="achieved_rows"),
]
