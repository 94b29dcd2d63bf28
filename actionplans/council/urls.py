from django.urls import path

from actionplans.council import views

urlpatterns = [
    path("", views.settings_page, name="council_settings"),
    path("wording/", views.change_wording, name="change_council_wording"),
    path("escalation/", views.change_escalation, name="change_escalation"),
    path("scales/<slug:kind>/", views.change_scale, name="change_grading_scale"),
]
