"""Views imported on their first request, not when the URLconf is read.

Reading the URLconf (the first request of a server, the first reverse(), the
system checks) imports every view module it names. The API's views bring
Django REST framework and drf-spectacular, single sign-on's bring
mozilla-django-oidc with requests and PyJWT, search its query builder: most
of what a server loads before its first page, and none of it needed by a
clerk's first export or by a council that has them switched off. Naming them
here by their dotted path keeps their URLs (and reverse()) as they were and
defers the import to the first request that reaches one of them.
"""

from functools import cached_property

from django.utils.module_loading import import_string


class LazyView:
    """The view at `dotted_path` (a class-based view's `as_view()` when
    `class_based`), imported when first asked for. `csrf_exempt` must say
    beforehand what the view will say once imported, as the CSRF middleware
    reads it before calling the view: Django REST framework's views are
    exempt (their authentication is a token, never the browser's session).

    REST framework's own attributes (`cls`, `initkwargs`, `actions`) are
    passed through, importing the view, for drf-spectacular's schema, which
    finds the API's operations by them. Nothing else is: reverse() asks every
    view for `view_class`, and must not import them all."""

    PASSED_THROUGH = frozenset({"cls", "initkwargs", "actions"})

    def __init__(self, dotted_path: str, *, class_based: bool = False, csrf_exempt: bool = False):
        self.dotted_path = dotted_path
        self.class_based = class_based
        self.csrf_exempt = csrf_exempt
        self.__module__, self.__name__ = dotted_path.rsplit(".", 1)
        self.__qualname__ = self.__name__

    @cached_property
    def view(self):
        found = import_string(self.dotted_path)
        return found.as_view() if self.class_based else found

    def __call__(self, request, *args, **kwargs):
        return self.view(request, *args, **kwargs)

    def __getattr__(self, name):
        if name in self.PASSED_THROUGH:
            return getattr(self.view, name)
        raise AttributeError(name)

    def __repr__(self):
        return f"<LazyView {self.dotted_path}>"
