"""The one switch of everything public: the public pages, the open data
and the public search are not found while SCRUTINY_PUBLIC_PAGES is off."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET


def ensure_public_pages_on() -> None:
    """Not found while SCRUTINY_PUBLIC_PAGES is off: the one check of every
    public page, the open data and the public search."""
    if not settings.SCRUTINY_PUBLIC_PAGES:
        raise Http404("The public pages are switched off")


def public_page(view):
    """The guard of every public page (ensure_public_pages_on), GET only."""

    @require_GET
    @wraps(view)
    def guarded(request, *args, **kwargs):
        ensure_public_pages_on()
        return view(request, *args, **kwargs)

    return guarded
