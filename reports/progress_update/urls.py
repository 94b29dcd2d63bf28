"""The Progress Update: its export, its web page, and a published round's
stored files."""

from django.urls import path

from reports.progress_update import views

urlpatterns = [
    path("reviews/<slug:slug>/progress-update/", views.progress_update, name="progress_update"),
    path(
        "rounds/<int:pk>/published/<int:version>/<str:fmt>/",
        views.published_document,
        name="published_document",
    ),
    path(
        "rounds/<int:pk>/published/public-copy/<int:version>/<str:fmt>/",
        views.public_copy_document,
        name="public_copy_document",
    ),
    path(
        "reviews/<slug:slug>/progress-update/<str:period>/",
        views.progress_update_page,
        name="progress_update_page",
    ),
]
