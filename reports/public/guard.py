"""The one switch of everything public: the public pages, the open data
and the public search are not found while SCRUTINY_PUBLIC_PAGES is off."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_GET, require_safe


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


def _switched(methods):
    """A guard of public views: while the public pages are off, not found
    by any method (a 405 would say the view is there); when on, `methods`
    (Django's require_GET or require_safe) refuses any other method."""

    def decorate(view):
        allowed = methods(view)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            ensure_public_pages_on()
            return allowed(request, *args, **kwargs)

        return guarded

    return decorate


# Every public page, and the public search: GET only.
public_page = _switched(require_GET)
# The open data's files and page: GET and HEAD.
public_data = _switched(require_safe)
