from django.urls import path

from actionplans.deliveries import views

urlpatterns = [
    path("reviews/<slug:slug>/delivered-through/", views.review_deliveries, name="review_deliveries"),
]
