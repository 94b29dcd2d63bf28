"""Read the reply mailbox once (actionplans/replies/mailbox.py): a line for
each message, what became of it and where it was moved, then the counts.
The task worker does the same every SCRUTINY_REPLY_FETCH_SECONDS; this is
for trying the settings, and for a council that runs no worker. Like the
worker, it reads the mailbox only while no other run is (the lease of
fetch_replies_alone), so two at once cannot file one message twice."""

from django.core.management.base import BaseCommand, CommandError

from actionplans.replies.mailbox import MailboxUnavailable, fetch_replies_alone


class Command(BaseCommand):
    help = "Read officers' replies from the reply mailbox (SCRUTINY_REPLY_IMAP_*) once, and file each one."

    def handle(self, *args, **options):
        try:
            summary = fetch_replies_alone(stdout=self.stdout)
        except MailboxUnavailable as error:
            raise CommandError(str(error)) from None
        if summary is None:
            self.stdout.write("Another run is reading the reply mailbox now: nothing was read; try again shortly.")
            return
        self.stdout.write(str(summary))
        if summary.failed:
            self.stderr.write(f"{summary.failed} message(s) failed: see the log; they are tried again next run.")
