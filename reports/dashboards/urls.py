"""The committees' dashboards and the filtered list of actions."""

from django.urls import path

from reports.dashboards import views

urlpatterns = [
    path("committees/", views.committees, name="committees"),
    path("committees/<slug:slug>/", views.committee_dashboard, name="committee_dashboard"),
    path("actions/", views.action_list, name="action_list"),
]
