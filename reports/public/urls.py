"""The public pages (reports/public/views.py), under /public/: not found
while SCRUTINY_PUBLIC_PAGES is off."""

from django.urls import path

from reports.public import register, views

urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("recommendations/", register.public_register, name="public_register"),
    path("reviews/<slug:slug>/", views.public_review, name="public_review"),
    path("reviews/<slug:slug>/<str:period>/", views.public_round, name="public_round"),
    path("reviews/<slug:slug>/<str:period>/<str:fmt>/", views.public_round_file, name="public_round_file"),
    path("reviews/<slug:slug>/<str:period>/files/<int:pk>/", views.public_evidence_file, name="public_evidence_file"),
]
