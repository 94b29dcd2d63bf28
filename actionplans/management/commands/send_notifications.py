from django.core.management.base import BaseCommand

from actionplans.models import Notification


class Command(BaseCommand):
    help = (
        "Send the e-mail notifications still waiting: those whose sending failed (retried, up to "
        "a limit), each person's daily digest (at most one a day), and the clerks' notices of executive "
        "responses falling due. Meant for cron, e.g. every 15 minutes; the digest goes on the first run "
        "of each day that finds items waiting."
    )

    def handle(self, *args, **options):
        due = Notification.objects.responses_due()
        digests = Notification.objects.make_digests()
        waiting = Notification.objects.unsent().count()
        sent = Notification.objects.send_pending()
        failed = Notification.objects.unsent().count()
        self.stdout.write(
            f"Executive responses falling due: {len(due)} notice(s). Daily digests gathered: {len(digests)}."
        )
        message = f"Sent {sent} of {waiting} e-mail{'s' if waiting != 1 else ''} waiting."
        if failed:
            self.stdout.write(self.style.WARNING(f"{message} {failed} failed and will be retried."))
        else:
            self.stdout.write(self.style.SUCCESS(message))
