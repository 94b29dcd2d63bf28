"""E-mail notifications: each person's choices, and following a review or an action."""

from django.urls import path

from actionplans.notifications import views

urlpatterns = [
    path("account/notifications/", views.notification_preferences, name="notification_preferences"),
    path("reviews/<slug:slug>/follow/", views.follow_review, name="follow_review"),
    path("actions/<int:pk>/follow/", views.follow_action, name="follow_action"),
    path("mail/not-delivered/", views.undelivered_mail, name="undelivered_mail"),
]
