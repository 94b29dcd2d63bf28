from django.urls import path

from actionplans.decisions import views

urlpatterns = [
    path("rounds/<int:pk>/decisions/", views.round_decisions, name="round_decisions"),
]
