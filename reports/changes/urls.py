"""What changed between two meetings: a committee's, and a review's."""

from django.urls import path

from reports.changes import views

urlpatterns = [
    path("committees/<slug:slug>/changes/", views.committee_changes, name="committee_changes"),
    path("reviews/<slug:slug>/changes/", views.review_changes, name="review_changes"),
]
