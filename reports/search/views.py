"""The search pages: /search/ for signed-in readers, /public/search/ on the
public pages (reports/search/query.py finds; these only show)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplans import permissions
from reports.public.guard import public_page
from reports.search.forms import SearchForm
from reports.search.query import search

# The most results a page shows; a search matching more says so.
PER_PAGE = 50


@login_required
@require_GET
def search_page(request):
    if not permissions.reads_papers(request.user):
        raise PermissionDenied
    return _search(request, "reports/search.html", reader=request.user)


@public_page
def public_search(request):
    return _search(request, "reports/public/search.html", public=True)


def _search(request, template, **whose):
    form = SearchForm(request.GET if "q" in request.GET else None)
    results, more = None, False
    if form.is_bound and form.is_valid():
        # One more than a page, to know whether there are more.
        found = search(form.cleaned_data["q"], limit=PER_PAGE + 1, **whose)
        results, more = found[:PER_PAGE], len(found) > PER_PAGE
    return render(
        request, template, {"form": form, "results": results, "more": more, "per_page": PER_PAGE, "nav": "reviews"}
    )
