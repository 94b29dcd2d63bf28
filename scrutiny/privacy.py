"""What a browser, or a cache between it and the service, may keep, and
what it may do for the service's pages.

A page made for someone signed in is `private`: no shared cache (a council's
proxy) keeps it for the next person. Views whose answer is personal data or
an unpublished or exempt file add `no-store` (`actionplans.downloads.never_stored`),
so that a shared council PC's browser does not keep it on disk either.

Every answer says, in `Permissions-Policy`, that the browser's camera,
microphone, location and the like are for no page of the service, nor for
anything a page might embed: the service uses none of them.
"""

from django.utils.cache import patch_cache_control

# The features a page could ask the browser for, each allowed to nobody.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb",
    )
)  # fmt: skip


class PrivatePagesMiddleware:
    """Every answer to a signed-in person is private (a public page read
    while signed in included: it carries their name in the header); every
    answer to anyone allows none of the browser's features (PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
