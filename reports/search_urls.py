"""Search (reports/search.py): for signed-in readers, and on the public
pages when they are switched on (SCRUTINY_PUBLIC_PAGES)."""

from django.urls import path

from reports import search_views

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("public/search/", search_views.public_search, name="public_search"),
]
