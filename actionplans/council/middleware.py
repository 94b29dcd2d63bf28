"""Reads the council's terms once a request (actionplans.models.council)."""

from actionplans.models.council import end_request_cache, start_request_cache


class CouncilTermsMiddleware:
    """A page may ask the council's wording and scales as often as it likes:
    each is read from the database once, when first asked, and forgotten
    when the response is made, so the next request reads any change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_request_cache()
        try:
            return self.get_response(request)
        finally:
            end_request_cache(token)
