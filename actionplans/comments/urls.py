from django.urls import path

from actionplans.comments import views

urlpatterns = [
    path("updates/<int:pk>/comments/", views.update_comments, name="update_comments"),
]
