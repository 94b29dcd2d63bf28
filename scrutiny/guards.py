"""Addresses that cannot name anything get 404 (or 400), never 500.

Our own URLs take ids through the `int` converter, and Django answers an id
too large for the database with "not found". The admin's URLs are Django's
and django-simple-history's: they take any text as an id, and their list
filters pass query parameters straight to the database. There, a history page
with a non-numeric id, a filter by an id larger than SQLite's integers, or a
NUL character (which PostgreSQL refuses) answered 500. `guard_admin` wraps
every admin view with the checks below.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import URLPattern, URLResolver

# Every model in the admin has an integer primary key (a test checks it);
# none is larger than a signed 64-bit integer.
LARGEST_ID = 2**63 - 1


def is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) <= LARGEST_ID


def _is_out_of_range_number(value: str) -> bool:
    digits = value.removeprefix("-")
    return digits.isascii() and digits.isdigit() and int(digits) > LARGEST_ID


def refuse_impossible_addresses(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        # The record's id by name (Django's admin), or the record's and its
        # version's ids by position (django-simple-history's history pages).
        ids = [kwargs["object_id"]] if kwargs.get("object_id") is not None else []
        if any(not is_id(unquote(value)) for value in [*ids, *args]):
            raise Http404("No such record.")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("The address holds a NUL character.")
            # A search may be any text; a filter names records by number.
            if key != "q" and any(_is_out_of_range_number(value) for value in values):
                raise Http404("No record has so large a number.")
        return view(request, *args, **kwargs)

    return guarded


def _guarded(patterns):
    guarded = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guarded.append(
                URLResolver(
                    pattern.pattern,
                    _guarded(pattern.url_patterns),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        elif isinstance(pattern, URLPattern):
            guarded.append(
                URLPattern(
                    pattern.pattern,
                    refuse_impossible_addresses(pattern.callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            guarded.append(pattern)
    return guarded


def guard_admin(urls):
    """`admin.site.urls`, every view behind `refuse_impossible_addresses`."""
    patterns, app_name, namespace = urls
    return _guarded(patterns), app_name, namespace
