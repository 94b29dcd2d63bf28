from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:slug>/", views.review_detail, name="review_detail"),
]
