from django.core.management.base import BaseCommand

from actionplans.models import EmailedReply, Notification, Review
from actionplans.models.notifications import MAX_ATTEMPTS


class Command(BaseCommand):
    help = (
        "Send the e-mail notifications still waiting: those whose sending failed (retried, up to "
        "a limit), the answers to updates by e-mail not yet sent, and "
        "the clerks' notices of executive responses falling due; with --digests, each "
        "person's daily digest too (at most one a day). Meant for cron: every 15 minutes, and once a "
        "day with --digests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digests",
            action="store_true",
            help="also send each person's daily digest of what they chose to hear of daily",
        )

    def handle(self, *args, **options):
        due = Notification.objects.responses_due(Review.objects.responses_due())
        digests = Notification.objects.make_digests() if options["digests"] else []
        waiting = Notification.objects.due().count()
        given_up_before = Notification.objects.given_up().count()
        sent = Notification.objects.send_pending()
        failed = Notification.objects.unsent().count()
        given_up = Notification.objects.given_up().count() - given_up_before
        # The answers to updates by e-mail that could not go when they were received.
        answers = EmailedReply.objects.send_answers()
        if given_up:  # needs a person: written whatever the verbosity (cron mails it)
            self.stderr.write(
                f"{given_up} e-mail{'s' if given_up != 1 else ''} could still not be delivered after {MAX_ATTEMPTS} "
                "tries and will not be tried again: the clerks' list of mail not delivered names them."
            )
        if not options["verbosity"]:  # cron's run: nothing routine to say
            return
        if answers:
            self.stdout.write(f"Sent {answers} answer{'s' if answers != 1 else ''} to updates by e-mail.")
        self.stdout.write(
            f"Executive responses falling due: {len(due)} notice(s). Daily digests gathered: {len(digests)}."
        )
        message = f"Sent {sent} of {waiting} e-mail{'s' if waiting != 1 else ''} waiting."
        if failed:
            message += f" {failed} failed and will be retried."
        self.stdout.write(self.style.WARNING(message) if failed else self.style.SUCCESS(message))
