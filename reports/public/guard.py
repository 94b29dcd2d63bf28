"""The one switch of everything public: the public pages, the open data
and the public search are not found while SCRUTINY_PUBLIC_PAGES is off."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET


def public_pages_on() -> bool:
    """Whether the council publishes its record to anyone
    (SCRUTINY_PUBLIC_PAGES): the one switch the public pages, the open
    data, the public search, the API's anonymous reading and the pages'
    links to them all ask."""
    return settings.SCRUTINY_PUBLIC_PAGES


def ensure_public_pages_on() -> None:
    """Not found while the public pages are off: the one check of every
    public page, the open data and the public search."""
    if not public_pages_on():
        raise Http404("The public pages are switched off")


def public_page(view):
    """The guard of every public page (ensure_public_pages_on), GET only."""

    @require_GET
    @wraps(view)
    def guarded(request, *args, **kwargs):
        ensure_public_pages_on()
        return view(request, *args, **kwargs)

    return guarded
