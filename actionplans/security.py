"""Security events, on the logger `scrutiny.security`, for the council's
security monitoring: sign-ins and failed sign-ins, lock-outs, role changes,
and API tokens issued, revoked, used and refused.

One line each, with the event's name and fields (in JSON lines as fields of
their own: docs/operations.md, "Logs"); each record also carries its request's id.
Never a password, a token's key or a session: a token is named by its id and
the first characters of its key that the admin shows.
"""

import logging

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("scrutiny.security")


def client_ip(request) -> str | None:
    """The client's address as the sign-in throttling counts it (through
    AXES_PROXY_COUNT proxies)."""
    return None if request is None else get_client_ip_address(request)


def not_a_password_attempt(request, credentials) -> bool:
    """AXES_WHITELIST_CALLABLE: sign-in throttling counts wrong passwords,
    not the provider's answers. A refused provider sign-in carries no
    username, so axes would count it against everyone at the address
    (a council office behind one address) and lock them all out; guessing
    is the provider's to throttle, and a callback is worthless without the
    state this service put in the browser's session."""
    return credentials is not None and "username" not in credentials


def security_event(event: str, *, request=None, **fields) -> None:
    if request is not None:
        fields.setdefault("ip", client_ip(request))
    logger.info(
        "%s %s", event, " ".join(f"{key}={value}" for key, value in fields.items()), extra={"event": event, **fields}
    )


@receiver(user_logged_in, dispatch_uid="security-sign-in")
def _signed_in(sender, request, user, **kwargs):
    security_event("sign_in", request=request, user_id=user.pk)


@receiver(user_login_failed, dispatch_uid="security-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # credentials has the password blanked by Django; only the name is taken.
    security_event("sign_in_failed", request=request, username=credentials.get("username", ""))


@receiver(user_locked_out, dispatch_uid="security-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event("locked_out", username=username, ip=ip_address)


def roles_changed(user, *, before: set[str], after: set[str], by) -> None:
    security_event(
        "roles_changed",
        user_id=user.pk,
        by_user_id=getattr(by, "pk", None),
        added=",".join(sorted(after - before)) or "-",
        removed=",".join(sorted(before - after)) or "-",
    )


def token_event(event: str, token, *, by=None, request=None, reason: str = "") -> None:
    fields = {"token_id": token.pk, "key_start": token.key_start, "role": token.role, "user_id": token.user_id}
    if by is not None:
        fields["by_user_id"] = by.pk
    if reason:
        fields["reason"] = reason
    security_event(event, request=request, **fields)
