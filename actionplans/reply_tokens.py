"""The reply address an e-mail gives: the council's reply mailbox
(SCRUTINY_REPLY_ADDRESS) with a token in its local part naming the update,
the officer and the day the address stops working, signed with the
service's secret key (Django's salted HMAC, as its signing module uses), so
that there is no table of secrets to leak and nobody can make one up:

    updates+1k.2s.4f1.q3xw7v2mhd5kzr6yjc4tu8pa@scrutiny.council.gov.uk

An answer to "is it still so?" (models/rechecks.py) names the re-check
instead, after an "r": updates+r.7.2s.4f1.<signature>@... (signed with the
"r", so that one kind of address cannot be made into the other).

Everything in it is lower-case letters and digits, because mail servers
may change the case of an address's local part; it stays well within the 64
characters a local part may hold. A key listed in SECRET_KEY_FALLBACKS
still reads the addresses it signed, so the key can be rotated."""

import base64
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "actionplans.replies.tokens"
# Days are counted from here, so an expiry day fits in three characters.
EPOCH = datetime.date(2020, 1, 1)
# Of the HMAC's 32 bytes, 15 are kept: 120 bits, 24 characters in base 32.
SIGNATURE_BYTES = 15
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class TokenRefused(Exception):
    """The address names no update that may be answered: made up, altered
    or out of date. Its message says so to the sender."""


RECHECK = "r"


@dataclass(frozen=True)
class ReplyToken:
    """What an address names: an update (`entry_id`) or a re-check
    (`check_id`), the person it was given to, and its last day."""

    entry_id: int | None
    user_id: int
    expires: datetime.date
    check_id: int | None = None


def is_on() -> bool:
    """Whether e-mails offer a reply at all."""
    return bool(settings.SCRUTINY_REPLY_ADDRESS)


def reply_address(*, entry_id: int, user_id: int, today: datetime.date | None = None) -> str:
    """The address `user_id` answers to update `entry_id` at, working for
    SCRUTINY_REPLY_DAYS from `today`."""
    return _address([], entry_id, user_id, today)


def recheck_address(*, check_id: int, user_id: int, today: datetime.date | None = None) -> str:
    """The address `user_id` answers re-check `check_id` at ("is it still
    so?"), working for SCRUTINY_REPLY_DAYS from `today`."""
    return _address([RECHECK], check_id, user_id, today)


def _address(kind: list[str], object_id: int, user_id: int, today: datetime.date | None) -> str:
    expires = (today or timezone.localdate()) + datetime.timedelta(days=settings.SCRUTINY_REPLY_DAYS)
    value = ".".join(kind + [_base36(number) for number in (object_id, user_id, (expires - EPOCH).days)])
    local, domain = _mailbox()
    return f"{local}+{value}.{_signature(value, settings.SECRET_KEY)}@{domain}"


def token_in(addresses, *, today: datetime.date | None = None) -> ReplyToken | None:
    """The token of the first of `addresses` that is the reply mailbox's
    with a token; None when none is. Raises TokenRefused for a token that
    is not the service's, or no longer works."""
    local, domain = _mailbox()
    pattern = re.compile(rf"^{re.escape(local)}\+([a-z0-9.]+)@{re.escape(domain)}$", re.IGNORECASE)
    for address in addresses:
        match = pattern.match(address.strip())
        if match:
            return _read(match.group(1).lower(), today or timezone.localdate())
    return None


def _read(token: str, today: datetime.date) -> ReplyToken:
    *parts, signature = token.split(".")
    # Four parts, the first "r": a re-check's. (Three: an update's, whose
    # first may be "r" too: update 27 in base 36.)
    kind, numbers = (parts[:1], parts[1:]) if len(parts) == 4 and parts[0] == RECHECK else ([], parts)
    if len(numbers) != 3 or not all(numbers) or not _signed(".".join(parts), signature):
        raise TokenRefused("The address you replied to is not one this service gave: it may have been changed.")
    object_id, user_id, day = (int(number, 36) for number in numbers)
    expires = EPOCH + datetime.timedelta(days=day)
    if expires < today:
        raise TokenRefused(f"The address you replied to stopped working on {expires:%-d %B %Y}.")
    if kind:
        return ReplyToken(entry_id=None, check_id=object_id, user_id=user_id, expires=expires)
    return ReplyToken(entry_id=object_id, user_id=user_id, expires=expires)


def _signed(value: str, signature: str) -> bool:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(signature, _signature(value, key)) for key in keys)


def _signature(value: str, key: str) -> str:
    digest = salted_hmac(SALT, value, secret=key, algorithm="sha256").digest()[:SIGNATURE_BYTES]
    return base64.b32encode(digest).decode("ascii").lower()


def _mailbox() -> tuple[str, str]:
    local, _, domain = settings.SCRUTINY_REPLY_ADDRESS.rpartition("@")
    return local, domain


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits
