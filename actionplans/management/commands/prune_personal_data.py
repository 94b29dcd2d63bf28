import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from actionplans.models import prune_logs


class Command(BaseCommand):
    help = (
        "Delete the sign-in logs, API request logs and e-mails sent that are older than "
        "SCRUTINY_LOG_RETENTION_DAYS (docs/operations.md, 'Personal data'). Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say what would be deleted, and delete nothing")

    def handle(self, *args, dry_run, **options):
        before = timezone.now() - datetime.timedelta(days=settings.SCRUTINY_LOG_RETENTION_DAYS)
        counts = prune_logs(before=before, dry_run=dry_run)
        said = ", ".join(f"{count} {name}" for name, count in counts.items())
        verb = "Would delete" if dry_run else "Deleted"
        if options["verbosity"] or dry_run:  # quiet at 0, cron's run: routine
            self.stdout.write(f"{verb} what was older than {timezone.localtime(before):%-d %B %Y %H:%M}: {said}.")
