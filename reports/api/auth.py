"""Who is asking: a token (`Authorization: Token <key>` or `Bearer <key>`),
acting with its one role, or the public. The public reads the public data
only, and only while the public pages are switched on."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from actionplans.models import ApiToken
from actionplans.security import security_event, token_event
from reports.public.guard import public_pages_on

SCHEMES = {"token", "bearer"}

PUBLIC_OFF = (
    "This council does not publish its data to the public through the API. Send a token: "
    "Authorization: Token <key> (an administrator issues tokens)."
)


UNDERSTOOD = (
    "This Authorization header is not one this API understands. Send the key after the word Token: "
    "Authorization: Token <key> (or Bearer <key>); send no Authorization header to read the public data."
)


class ApiTokenAuthentication(BaseAuthentication):
    """Returns (the token's login with only its role, the token), or None
    when no token is sent (the public). A key that matches no token, or a
    token revoked or no longer valid, is refused with 401 and why."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words:
            return None
        # A header this API does not understand (a bare key, Basic, a
        # misspelt scheme) is refused rather than read as the public: the
        # caller meant to send a key, and would otherwise silently read less.
        if len(words) != 2 or words[0].decode(errors="replace").lower() not in SCHEMES:
            raise exceptions.AuthenticationFailed(UNDERSTOOD)
        try:
            key = words[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This key is not a key this service issued.") from None
        token = ApiToken.objects.for_key(key)
        if token is None:
            security_event("api_token_unknown", request=request._request)
            raise exceptions.AuthenticationFailed("This key is not a key this service issued.")
        # The request log names the token even when it is refused.
        request._request.api_token = token
        why = token.why_refused()
        if why:
            token_event("api_token_refused", token, request=request._request, reason=why)
            raise exceptions.AuthenticationFailed(why)
        token.mark_used()
        token_event("api_token_used", token, request=request._request)
        return token.reader(), token

    def authenticate_header(self, request):
        return "Token"


class ApiReader(BasePermission):
    """A token's request reads what its role may see; a request without one
    reads the public data, while SCRUTINY_PUBLIC_PAGES is on."""

    def has_permission(self, request, view):
        if request.auth is not None or public_pages_on():
            return True
        raise exceptions.NotAuthenticated(PUBLIC_OFF)


def reader_of(request):
    """The login (with the token's one role) a request reads as, or None for
    the public."""
    return request.user if isinstance(request.auth, ApiToken) else None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token."""

    target_class = ApiTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key> (or Bearer <key>): a key an administrator issued, acting with one role. "
            "Any other Authorization header is refused (401). Without the header, the public data only, and "
            "only while the council publishes it (its public pages are on); otherwise 401.",
        }

    def get_security_requirement(self, auto_schema):
        # Anonymous reads work while the public pages are on: the empty
        # alternative says a request without the header is answered too.
        if public_pages_on():
            return [{self.name: []}, {}]
        return {self.name: []}
