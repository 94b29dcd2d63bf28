from django.urls import path

from actionplans.setup import grades, views

urlpatterns = [
    path("reviews/new/", views.set_up_review, name="set_up_review"),
    path("reviews/<slug:slug>/plan/", views.review_plan, name="review_plan"),
    path("reviews/<slug:slug>/plan/details/", views.change_review_details, name="change_review_details"),
    path("reviews/<slug:slug>/plan/recommendations/new/", views.add_recommendation, name="add_recommendation"),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/",
        views.change_recommendation,
        name="change_recommendation",
    ),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/remove/",
        views.remove_recommendation,
        name="remove_recommendation",
    ),
    path(
        "reviews/<slug:slug>/plan/recommendations/<int:number>/move/",
        views.move_recommendation,
        name="move_recommendation",
    ),
    path("reviews/<slug:slug>/plan/check/", views.check_plan, name="check_plan"),
    path("reviews/<slug:slug>/plan/grades/", grades.review_grades, name="review_grades"),
]
