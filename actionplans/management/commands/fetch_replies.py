"""Read the reply mailbox once (actionplans/replies/mailbox.py): a line for
each message, what became of it and where it was moved, then the counts.
The task worker does the same every SCRUTINY_REPLY_FETCH_SECONDS; this is
for trying the settings, and for a council that runs no worker."""

from django.core.management.base import BaseCommand, CommandError

from actionplans.replies.mailbox import MailboxUnavailable, fetch_replies


class Command(BaseCommand):
    help = "Read officers' replies from the reply mailbox (SCRUTINY_REPLY_IMAP_*) once, and file each one."

    def handle(self, *args, **options):
        try:
            summary = fetch_replies(stdout=self.stdout)
        except MailboxUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(summary))
        if summary.failed:
            self.stderr.write(f"{summary.failed} message(s) failed: see the log; they are tried again next run.")
