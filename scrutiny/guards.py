"""Addresses that cannot name anything get 404 (or 400), never 500; form
bodies that are not text get 400, and nothing of them is stored.

Our own URLs take ids through the `int` converter, and Django answers an id
too large for the database with "not found". The admin's URLs are Django's
and django-simple-history's: they take any text as an id, and their list
filters pass query parameters straight to the database. There, a history page
with a non-numeric id, a filter by an id larger than SQLite's integers, or a
NUL character (which PostgreSQL refuses) answered 500. `guard_admin` wraps
every admin view with the checks below.
"""

import codecs
import urllib.parse
from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import render
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


# What Django reads in place of bytes that are not UTF-8 in a multipart form.
REPLACEMENT = "\ufffd"


def _is_utf8(body: bytes) -> bool:
    """A URL-encoded body's fields, unquoted, are UTF-8. (Django would read
    a body that is not as Latin-1, "Caf\xe9" as "Café" by luck and any other
    byte as whatever Latin-1 has there.) The separators are ASCII, so the
    whole body unquoted is UTF-8 exactly when every field is."""
    try:
        urllib.parse.unquote_to_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declares_a_charset(request) -> bool:
    """A URL-encoded form whose Content-Type names a character set Python
    knows (a form has none of its own: RFC 1866; Django refuses any but
    "utf-8" so spelt, "UTF8" included)."""
    return request.content_type == "application/x-www-form-urlencoded" and bool(request.encoding)


class RefuseUnreadableFormsMiddleware:
    """A form body that is not valid UTF-8 is refused with a page saying so,
    before any view sees it. Django would store something else in place of
    what the person typed; no browser sends such a body from our pages
    (they are UTF-8), so it is a broken client or a paste of damaged text,
    and the person is told to send it again. After the CSRF check, which
    has read the form already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A form that says it is in another character set (charset=iso-8859-1)
        # is refused as unreadable too. Django refuses it with BadRequest each
        # time the form is read, the CSRF check's included, and its 400 page
        # reads it again, failing with 500: read it as UTF-8 meanwhile, so
        # the CSRF check can run, and refuse it below.
        if request.method == "POST" and _declares_a_charset(request):
            request.declared_another_charset = codecs.lookup(request.encoding).name != "utf-8"
            request.encoding = "utf-8"
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST":
            return None
        if getattr(request, "declared_another_charset", False):
            readable = False
        elif request.content_type == "application/x-www-form-urlencoded":
            readable = _is_utf8(request.body)
        else:
            readable = not any(
                REPLACEMENT in key or any(REPLACEMENT in value for value in values)
                for key, values in request.POST.lists()
            )
        return None if readable else render(request, "unreadable_form.html", status=400)
