from django.urls import path

from actionplans.response import views

urlpatterns = [
    path("reviews/<slug:slug>/executive-response/record/", views.record_response, name="record_response"),
    path("reviews/<slug:slug>/executive-response/publish/", views.publish_response, name="publish_response"),
]
