"""Search (reports/search/query.py): for signed-in readers, and on the public
pages when they are switched on (SCRUTINY_PUBLIC_PAGES)."""

from django.urls import path

from reports.search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("public/search/", views.public_search, name="public_search"),
]
