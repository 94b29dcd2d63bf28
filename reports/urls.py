from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<slug:slug>/", views.review_detail, name="review_detail"),
    path("reviews/<slug:slug>/progress-update/", views.progress_update, name="progress_update"),
    path(
        "reviews/<slug:slug>/progress-update/<str:period>/",
        views.progress_update_page,
        name="progress_update_page",
    ),
]
