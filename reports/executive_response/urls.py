"""The executive response document: its page and its downloads."""

from django.urls import path

from reports.executive_response import views

urlpatterns = [
    path("reviews/<slug:slug>/executive-response/", views.executive_response_page, name="executive_response_page"),
    path(
        "reviews/<slug:slug>/executive-response/<str:fmt>/",
        views.executive_response_file,
        name="executive_response_file",
    ),
]
