import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from actionplans.models import Round

# Where the links point when SCRUTINY_BASE_URL is not set: `make run`'s server.
LOCAL_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "E-mail every owner whose update is not yet submitted, in each open round whose deadline is near or "
        "past. Meant for cron, e.g. daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SCRUTINY_REMINDER_DAYS,
            help=f"remind when the deadline is this many days away or less (default {settings.SCRUTINY_REMINDER_DAYS})",
        )

    def handle(self, *args, **options):
        rounds = Round.objects.needing_reminders(days=options["days"], today=datetime.date.today()).select_related(
            "review"
        )
        base_url = settings.SCRUTINY_BASE_URL or LOCAL_BASE_URL
        total = 0
        for round in rounds:
            sent = round.send_reminders(base_url=base_url)
            total += sent
            self.stdout.write(f"{round}: reminded {sent} {'person' if sent == 1 else 'people'}.")
        self.stdout.write(self.style.SUCCESS(f"Sent {total} reminder{'s' if total != 1 else ''}."))
