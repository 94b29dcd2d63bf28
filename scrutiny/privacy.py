"""What a browser, or a cache between it and the service, may keep.

A page made for someone signed in is `private`: no shared cache (a council's
proxy) keeps it for the next person. Views whose answer is personal data or
an unpublished or exempt file add `no-store` (`actionplans.downloads.never_stored`),
so that a shared council PC's browser does not keep it on disk either.
"""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Every answer to a signed-in person is private (a public page read
    while signed in included: it carries their name in the header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
