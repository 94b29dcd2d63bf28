"""Replying to the service's e-mails in a test: the reply mailbox's
settings, and a reply as the officer's mail client sends it, vouched for
by the council's mail server (its Authentication-Results on top)."""

import email.policy
import email.utils
from email.message import EmailMessage

from django.test import override_settings
from django.utils import timezone

from actionplans import reply_tokens
from actionplans.replies import receiving

MAILBOX = "updates@scrutiny.example.gov.uk"
AUTHSERV = "mx.example.gov.uk"


def passed(domain: str) -> str:
    """The council's mail server's Authentication-Results for a message
    from `domain` that passed every check (DMARC's for that From domain)."""
    return f"{AUTHSERV}; dkim=pass header.d={domain}; spf=pass smtp.mailfrom={domain}; dmarc=pass header.from={domain}"


PASSED = passed("example.org")
REPLIES_ON = {"SCRUTINY_REPLY_ADDRESS": MAILBOX, "SCRUTINY_REPLY_AUTHSERV_ID": AUTHSERV}


def plain_reply(words: str, *, to: str, sender: str, auth: str = PASSED, attachments=(), **headers) -> bytes:
    """A plain-text reply, with `attachments` (name, bytes) and any other
    `headers` (Auto_Submitted for Auto-Submitted)."""
    message = EmailMessage(policy=email.policy.SMTP)
    if auth:
        message["Authentication-Results"] = auth
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Re: Progress update due"
    message["Message-ID"] = email.utils.make_msgid(domain="example.org")
    message["Date"] = email.utils.format_datetime(timezone.now())
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(words)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes()


def reply_to(entry, user) -> str:
    """The Reply-To an e-mail asking `user` for `entry` carries."""
    with override_settings(**REPLIES_ON):
        return reply_tokens.reply_address(entry_id=entry.pk, user_id=user.pk)


def update_by_email(entry, user, words: str, *, submits: bool = False, attachments=()) -> receiving.Received:
    """`user` answers the e-mail asking for `entry` with `words`, received
    as the mailbox receives it."""
    domain = user.email.rpartition("@")[2]
    raw = plain_reply(words, to=reply_to(entry, user), sender=user.email, auth=passed(domain), attachments=attachments)
    with override_settings(**REPLIES_ON, SCRUTINY_REPLY_SUBMITS=submits):
        return receiving.receive(raw)
