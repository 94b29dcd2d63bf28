from django.urls import path

from actionplans.exempt import views

# Exempt information (Schedule 12A), marked by clerks and administrators.
urlpatterns = [
    path("reviews/<slug:slug>/exempt-information/", views.exempt_information, name="exempt_information"),
    path("exempt-information/<str:kind>/<int:pk>/", views.mark_exempt, name="mark_exempt"),
]
