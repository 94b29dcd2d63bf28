"""The reply mailbox: officers' replies to their reminders, read over IMAP
from SCRUTINY_REPLY_IMAP_FOLDER, oldest first, each passed as the bytes
the server holds to `receiving.receive()`, then moved to the handled
folder or, when refused, the refused one (both made if missing), so that
the council's mail staff can see what became of every message.

`manage.py fetch_replies` runs it once; the task worker runs it every
SCRUTINY_REPLY_FETCH_SECONDS (management/commands/db_worker.py), one
worker at a time across the servers (fetch_replies_alone()).

A message receive() fails on (an exception) is logged and left where it
is, so that the next run tries it again: a fault that passes (the
database restarting, a full disk) loses no reply. One that fails every
run stays, logged every run, until someone moves it by hand.

The messages are fetched in batches (BATCH_MESSAGES, BATCH_BYTES), so that
an inbox of hundreds of replies, some carrying evidence files, is never in
memory at once, and a batch's messages are moved together once received
(one command a folder, not one a message). A run stopped half-way (the
worker killed between receiving a batch and moving it) leaves those
messages to be received again, which receive() answers as duplicates:
each is saved once. Messages arriving during a run wait for the next."""

import contextlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError, UnexpectedCommandStatusError

from actionplans.models import MailboxReading, RequestCount
from actionplans.replies import oauth, receiving

logger = logging.getLogger("scrutiny.replies")

SECURITIES = ("tls", "starttls", "none")
# One fetch asks for at most this many messages, and no more bytes than
# this unless one message alone is larger (an update may carry ten 20 MB
# evidence files).
BATCH_MESSAGES = 100
BATCH_BYTES = 32 * 1024 * 1024
# Seconds to wait for the IMAP server to answer a command.
TIMEOUT = 60
# The lease one worker holds while it reads the mailbox (fetch_replies_alone).
LEASE_KEY = "reply-mailbox:fetch"
LEASE = timedelta(minutes=10)

_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")


class MailboxUnavailable(Exception):
    """The reply mailbox is not set, cannot be reached, or will not let
    us in; the message says which, plainly."""


@dataclass
class FetchSummary:
    """What one run did: how many messages were handled (saved, submitted,
    commented, ignored, duplicates), refused or failed, and a line each."""

    handled: int = 0
    refused: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        total = self.handled + self.refused + self.failed
        return (
            f"{total} message{'' if total == 1 else 's'}: {self.handled} handled, {self.refused} refused, "
            f"{self.failed} failed (left for the next run)."
        )


class _Reply(MailMessage):
    """A fetched message that keeps the bytes the server holds (`raw`):
    MailMessage keeps only their parse, whose as_bytes() may fold headers
    and encode parts otherwise than the officer's mail program did."""

    def __init__(self, fetch_data: list):
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


def fetch_replies(*, stdout=None) -> FetchSummary:
    """Every message in the reply mailbox's folder received and moved, a
    line each written to `stdout` (a file) as it goes. Raises
    MailboxUnavailable when the mailbox is not set, not reached, refuses
    the login or stops answering; a database that does not answer stops
    the run (its exception raised) and leaves the rest for the next."""
    summary = FetchSummary()
    handled, refused = settings.SCRUTINY_REPLY_IMAP_HANDLED_FOLDER, settings.SCRUTINY_REPLY_IMAP_REFUSED_FOLDER
    try:
        with _signed_in() as mailbox:
            for folder in (handled, refused):
                if not mailbox.folder.exists(folder):
                    mailbox.folder.create(folder)
            mailbox.folder.set(settings.SCRUTINY_REPLY_IMAP_FOLDER)
            sizes = _sizes(mailbox)
            for batch in _batches(sizes):
                filed = {handled: [], refused: []}
                # A message over the limit is a batch alone: its headers are all that is read.
                too_large = len(batch) == 1 and sizes[int(batch[0])] > settings.SCRUTINY_REPLY_MAX_BYTES
                try:
                    for message in mailbox.fetch(uid_list=batch, mark_seen=False, bulk=True, headers_only=too_large):
                        size = sizes.get(int(message.uid)) if too_large else None
                        folder, line = _receive(message, summary, handled=handled, refused=refused, size=size)
                        if folder:
                            filed[folder].append(message.uid)
                        summary.lines.append(line)
                        if stdout is not None:
                            stdout.write(line + "\n")
                finally:
                    # One move a folder and batch: a move is a write the
                    # server makes safe on disk, 4 ms each on a local Dovecot.
                    for folder, uids in filed.items():
                        mailbox.move(uids, folder)
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        raise MailboxUnavailable(f"The reply mailbox at {_where()} stopped answering: {_said(error)}") from error
    return summary


def fetch_replies_alone(*, stdout=None) -> FetchSummary | None:
    """fetch_replies(), unless a worker (on this server or another) is
    reading the mailbox already: then None. The lease is a limit of one run
    in LEASE, counted in the database every server shares (RequestCount,
    as the sign-in limits are), and given back when the run ends; a worker
    that dies holding it holds it LEASE at most. A run longer than that may
    meet the next, which does no harm: receive() saves a message once, one
    being handled by the other run is left for the next ("busy"), and the
    second move of a message finds it gone. Each run gives back only its
    own lease (the one started when it took it). Whether the mailbox
    was read is kept (MailboxReading), for /health/."""
    if not RequestCount.take([LEASE_KEY], limit=1, window=LEASE):
        return None
    taken = RequestCount.objects.filter(key=LEASE_KEY).values_list("window_started", flat=True).first()
    try:
        try:
            summary = fetch_replies(stdout=stdout)
        except MailboxUnavailable:
            MailboxReading.objects.not_read()
            raise
        MailboxReading.objects.read()
        receiving.pending_answers()  # any the mail server did not take before
        return summary
    finally:
        RequestCount.objects.filter(key=LEASE_KEY, window_started=taken).delete()


def _receive(
    message: _Reply, summary: FetchSummary, *, handled: str, refused: str, size: int | None = None
) -> tuple[str | None, str]:
    """One message received: the folder it goes to (None: it stays), and
    its line. `size`: the size of a message of which only the headers were
    fetched."""
    try:
        received = receiving.receive(message.raw, size=size)
    except (OperationalError, InterfaceError):
        raise  # the database is away: every message waits for the next run
    except Exception as error:
        logger.exception("Reply mailbox: message %s could not be received; left for the next run", message.uid)
        summary.failed += 1
        return None, f"Message {message.uid}, left in {settings.SCRUTINY_REPLY_IMAP_FOLDER}: failed ({error!r})"
    if received.later:
        return None, f"Message {message.uid}, left in {settings.SCRUTINY_REPLY_IMAP_FOLDER}: {received.line}"
    if received.refused:
        summary.refused += 1
        return refused, f"Message {message.uid}, moved to {refused}: {received.line}"
    summary.handled += 1
    return handled, f"Message {message.uid}, moved to {handled}: {received.line}"


def _sizes(mailbox) -> dict[int, int]:
    """Each message of the folder's size in bytes, by UID: asked for once."""
    status, data = mailbox.client.uid("FETCH", "1:*", "(UID RFC822.SIZE)")
    if status != "OK":
        raise MailboxUnavailable(f"The reply mailbox at {_where()} would not list its messages: {data}")
    sizes = {}
    for item in data:
        uid, size = (_UID.search(item), _SIZE.search(item)) if isinstance(item, bytes) else (None, None)
        if uid and size:
            sizes[int(uid[1])] = int(size[1])
    return sizes


def _batches(sizes: dict[int, int]) -> Iterator[list[str]]:
    """The UIDs of `sizes`, oldest first, in lists of at most BATCH_MESSAGES
    and BATCH_BYTES (or of one larger message: one over the reply limit is
    always alone)."""
    batch, batch_bytes = [], 0
    for uid, size in sorted(sizes.items()):
        alone = size > settings.SCRUTINY_REPLY_MAX_BYTES
        if batch and (alone or len(batch) == BATCH_MESSAGES or batch_bytes + size > BATCH_BYTES):
            yield batch
            batch, batch_bytes = [], 0
        batch.append(str(uid))
        batch_bytes += size
        if alone:
            yield batch
            batch, batch_bytes = [], 0
    if batch:
        yield batch


@contextlib.contextmanager
def _signed_in():
    """The mailbox, connected as SCRUTINY_REPLY_IMAP_SECURITY says and
    signed in (`_sign_in`), logged out after. A token the service asked
    for and the server refuses is asked for once more, on a new
    connection (the server may close the one it refused): the provider
    may have ended it early, the app's consent withdrawn and given again."""
    mailbox = _connected()
    try:
        if not _sign_in(mailbox, may_retry=oauth.configured()):
            _log_out(mailbox)
            oauth.forget()
            mailbox = _connected()
            _sign_in(mailbox, may_retry=False)
        _read_capabilities(mailbox.client)
        yield mailbox
    finally:
        _log_out(mailbox)


def _connected():
    host, port = settings.SCRUTINY_REPLY_IMAP_HOST, settings.SCRUTINY_REPLY_IMAP_PORT
    security = settings.SCRUTINY_REPLY_IMAP_SECURITY
    if not host:
        raise MailboxUnavailable("SCRUTINY_REPLY_IMAP_HOST is not set: there is no reply mailbox to read.")
    if security not in SECURITIES:
        raise MailboxUnavailable(f"SCRUTINY_REPLY_IMAP_SECURITY is {security!r}: use tls, starttls or none.")
    try:
        # imaplib checks no certificate unless given a context that does.
        if security == "tls":
            mailbox = MailBox(host, port, timeout=TIMEOUT, ssl_context=ssl.create_default_context())
        elif security == "starttls":
            mailbox = MailBoxStartTls(host, port, timeout=TIMEOUT, ssl_context=ssl.create_default_context())
        else:
            mailbox = MailBoxUnencrypted(host, port, timeout=TIMEOUT)
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        raise MailboxUnavailable(f"Could not reach the reply mailbox at {_where()}: {_said(error)}") from error
    mailbox.email_message_class = _Reply
    return mailbox


def _sign_in(mailbox, *, may_retry: bool) -> bool:
    """Signed in with an OAuth 2.0 access token where one is set or asked
    for (oauth.py), else with the password: True. False where the server
    refused a token and `may_retry`; else its refusal raised as
    MailboxUnavailable."""
    user, token = settings.SCRUTINY_REPLY_IMAP_USER, ""
    try:
        token = oauth.access_token()
        if token:
            mailbox.xoauth2(user, token, initial_folder=None)
        else:
            mailbox.login(user, settings.SCRUTINY_REPLY_IMAP_PASSWORD, initial_folder=None)
        return True
    except oauth.TokenUnavailable as error:
        raise MailboxUnavailable(f"The reply mailbox at {_where()} was not signed in to: {error}") from error
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as error:
        if token and may_retry:
            return False
        how = "an OAuth 2.0 access token" if token else "the password"
        raise MailboxUnavailable(
            f"The reply mailbox at {_where()} refused to sign in {user!r} with {how}: {_said(error)}"
        ) from error


def _read_capabilities(client: imaplib.IMAP4) -> None:
    """imaplib keeps what the server could do before the login, and most
    servers can do more after it: MOVE among them, without which imap-tools
    moves by copying and expunging, which is not one step."""
    status, data = client.capability()
    if status == "OK" and data and data[-1]:
        client.capabilities = tuple(data[-1].decode().upper().split())


def _log_out(mailbox) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error, ImapToolsError):
        mailbox.logout()


def _where() -> str:
    return f"{settings.SCRUTINY_REPLY_IMAP_HOST}:{settings.SCRUTINY_REPLY_IMAP_PORT}"


def _said(error: Exception) -> str:
    """What the server said, without imap-tools' wrapping."""
    if isinstance(error, UnexpectedCommandStatusError):
        return " ".join(
            part.decode(errors="replace") if isinstance(part, bytes) else str(part)
            for part in error.command_result[1]
            if part
        )
    return str(error) or type(error).__name__
