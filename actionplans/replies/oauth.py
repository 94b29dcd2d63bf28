"""Signing in to the reply mailbox with OAuth 2.0 (RFC 6749), the access
token asked of the provider's token endpoint by the service itself and
asked again before it lapses (they last about an hour):

- the client-credentials grant where no refresh token is set: the app's
  own permission to the mailbox (Microsoft 365, scope
  `https://outlook.office365.com/.default`);
- the refresh-token grant where one is set (Google Workspace, or
  Microsoft 365 on a person's consent). A provider that answers with a new
  refresh token (Microsoft's do, every time) has the newest kept in the
  database (MailboxRefreshToken), so that a restarted worker does not go
  back to the one in the environment, which the provider lets lapse.

The client authenticates with its id and secret in the request's body
(client_secret_post, which both providers take). A token is held in the
process until REFRESH_BEFORE its end; one the server refuses sooner (the
consent withdrawn, say) is forgotten (`forget()`) and asked for again.
SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN, a fixed access token, is used as it is
where no token endpoint is set. docs/replies.md gives each provider's steps."""

import hashlib
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from actionplans.models import MailboxRefreshToken

# Seconds to wait for the token endpoint.
TIMEOUT = 30
# A token is asked for again when this few seconds of it are left, so that
# none lapses between the asking and a run's last IMAP command.
REFRESH_BEFORE = 300
# Where the provider does not say how long a token lasts.
DEFAULT_LIFETIME = 3600


class TokenUnavailable(Exception):
    """The token endpoint could not be reached, or refused: the message
    says which, with the provider's own error where it gave one."""


@dataclass(frozen=True)
class _Held:
    token: str
    until: float  # _now()


_held: dict[tuple, _Held] = {}


def configured() -> bool:
    """The service asks for its own tokens (a token endpoint is set)."""
    return bool(settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL)


def access_token() -> str:
    """An access token for the reply mailbox: the fixed one where no token
    endpoint is set (blank where neither is), else one held that has more
    than REFRESH_BEFORE seconds left, else a new one from the endpoint.
    Raises TokenUnavailable."""
    if not configured():
        return settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN
    held = _held.get(_key())
    if held and held.until - _now() > REFRESH_BEFORE:
        return held.token
    return _ask()


def _now() -> float:
    return time.monotonic()


def forget() -> None:
    """Drop the token held, so that the next access_token() asks anew."""
    _held.pop(_key(), None)


def _key() -> tuple:
    return (
        settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL,
        settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID,
        settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE,
        settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN,
    )


def _ask() -> str:
    """A new access token from the endpoint, held; a new refresh token it
    gives kept in the database."""
    started = _now()
    answer = _post(_grant())
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise TokenUnavailable(f"The token endpoint {_url()} answered without an access token.")
    lifetime = answer.get("expires_in", DEFAULT_LIFETIME)
    try:
        lifetime = float(lifetime)
    except (TypeError, ValueError):
        lifetime = DEFAULT_LIFETIME
    _held[_key()] = _Held(token, started + lifetime)
    if answer.get("refresh_token") and settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN:
        _keep_refresh_token(answer["refresh_token"])
    return token


def _grant() -> dict:
    """The token request's body: the refresh-token grant where a refresh
    token is set, else client credentials."""
    body = {"client_id": settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID}
    if settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET:
        body["client_secret"] = settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET
    if settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE:
        body["scope"] = settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE
    if settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN:
        return {**body, "grant_type": "refresh_token", "refresh_token": _refresh_token()}
    return {**body, "grant_type": "client_credentials"}


def _grown_from() -> str:
    return hashlib.sha256(settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN.encode()).hexdigest()


def _refresh_token() -> str:
    """The newest refresh token grown from the one in the environment, or
    that one itself."""
    kept = MailboxRefreshToken.objects.filter(grown_from=_grown_from()).values_list("token", flat=True).first()
    return kept or settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN


def _keep_refresh_token(token: str) -> None:
    MailboxRefreshToken.objects.update_or_create(grown_from=_grown_from(), defaults={"token": token})


def _post(body: dict) -> dict:
    """The endpoint's JSON answer to `body`; TokenUnavailable when it is
    not reached, refuses (its `error` and `error_description` quoted) or
    answers other than with a JSON object."""
    try:
        request = urllib.request.Request(
            _url(),
            data=urllib.parse.urlencode(body).encode(),
            headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return _json(response.read())
    except urllib.error.HTTPError as error:
        raise TokenUnavailable(
            f"The token endpoint {_url()} refused to give an access token (HTTP {error.code}): {_refusal(error)}"
        ) from error
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise TokenUnavailable(f"Could not get an access token from {_url()}: {error}") from error


def _refusal(error: urllib.error.HTTPError) -> str:
    """The provider's `error` and `error_description`, or the HTTP reason."""
    try:
        refusal = _json(error.read(), strict=False)
    except (OSError, http.client.HTTPException):
        refusal = {}
    said = ": ".join(str(refusal[key]) for key in ("error", "error_description") if refusal.get(key))
    return said or str(error.reason)


def _json(data: bytes, *, strict: bool = True) -> dict:
    try:
        answer = json.loads(data)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        return answer
    if strict:
        raise ValueError("the answer was not a JSON object")
    return {}


def _url() -> str:
    return settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL
