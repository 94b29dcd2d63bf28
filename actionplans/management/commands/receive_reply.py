"""`manage.py receive_reply`: one message on standard input, for a mail
server that pipes each message to a program (docs/replies.md)."""

import sys

from django.core.management.base import BaseCommand

from actionplans.replies import receiving


class Command(BaseCommand):
    help = (
        "Take one e-mail message (RFC 5322) on standard input as a reply to the service's e-mails asking "
        "for an update: saved, or answered with why not. Exits 0 once the message is handled, printing "
        "one line of what was done; 75 (try again later) while another server is handling the same message."
    )

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("No message on standard input.")
            sys.exit(1)
        received = receiving.receive(raw)
        if received.later:
            # EX_TEMPFAIL: the mail server keeps the message and tries again.
            self.stderr.write(received.line)
            sys.exit(75)
        receiving.pending_answers()
        self.stdout.write(received.line)
