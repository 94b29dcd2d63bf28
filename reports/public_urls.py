"""The public pages (reports/public_views.py), under /public/: not found
while SCRUTINY_PUBLIC_PAGES is off."""

from django.urls import path

from reports import public_views

urlpatterns = [
    path("", public_views.public_home, name="public_home"),
    path("reviews/<slug:slug>/", public_views.public_review, name="public_review"),
    path("reviews/<slug:slug>/<str:period>/", public_views.public_round, name="public_round"),
    path("reviews/<slug:slug>/<str:period>/<str:fmt>/", public_views.public_round_file, name="public_round_file"),
]
