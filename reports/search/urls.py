"""Search (reports/search/query.py): for signed-in readers, and on the public
pages when they are switched on (SCRUTINY_PUBLIC_PAGES). Its views are
imported on the first search (actionplans/lazyviews.py)."""

from django.urls import path

from actionplans.lazyviews import LazyView

urlpatterns = [
    path("search/", LazyView("reports.search.views.search_page"), name="search"),
    path("public/search/", LazyView("reports.search.views.public_search"), name="public_search"),
]
