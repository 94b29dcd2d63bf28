"""`manage.py receive_reply`: one message on standard input, for a mail
server that pipes each message to a program (docs/replies.md)."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from actionplans.replies import receiving


class Command(BaseCommand):
    help = (
        "Take one e-mail message (RFC 5322) on standard input as a reply to the service's e-mails asking "
        "for an update: saved, or answered with why not. Exits 0 once the message is handled, printing "
        "one line of what was done; 75 (try again later) while another server is handling the same message."
    )

    def handle(self, *args, **options):
        raw, size = read_at_most(sys.stdin.buffer, settings.SCRUTINY_REPLY_MAX_BYTES)
        if not raw.strip():
            self.stderr.write("No message on standard input.")
            sys.exit(1)
        received = receiving.receive(raw, size=size)
        if received.later:
            # EX_TEMPFAIL: the mail server keeps the message and tries again.
            self.stderr.write(received.line)
            sys.exit(75)
        receiving.pending_answers()
        self.stdout.write(received.line)


def read_at_most(stream, limit: int, chunk: int = 1024 * 1024) -> tuple[bytes, int]:
    """(the message, its size) from `stream`: whole up to `limit` bytes;
    a larger one's first part (enough for its headers), the rest read to
    its end and counted, never held (the mail server sees it all taken)."""
    raw = stream.read(limit + 1)
    size = len(raw)
    if size > limit:
        raw = receiving.headers_of(raw)
        while more := stream.read(chunk):
            size += len(more)
    return raw, size
