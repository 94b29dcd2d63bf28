import argparse

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from actionplans.models import Escalation, Notification, OutcomeCheck, Review, Round
from actionplans.models.notifications import base_url as links_base_url


def days(value: str) -> int:
    """A number of days from 0 to a year: anything else is an argument error."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of days") from None
    if not 0 <= number <= 366:
        raise argparse.ArgumentTypeError(f"{number} is not between 0 and 366 days")
    return number


class Command(BaseCommand):
    help = (
        "E-mail every owner whose update is not yet submitted, in each open round whose deadline is near or "
        "past; and the clerks and link officers of each review whose executive response is due within a week "
        "or overdue; and the manager of each owner whose update is overdue past the council's point of escalation "
        "(once per update); and the owners of each recommendation completed SCRUTINY_RECHECK_MONTHS ago, whether "
        "what it achieved still holds (once). Each reminder is a notification in the outbox, e-mailed at once "
        "and retried if that fails; nobody is reminded of one thing twice a day. Meant for cron: run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=days,
            default=settings.SCRUTINY_REMINDER_DAYS,
            help=f"remind when the deadline is this many days away or less (default {settings.SCRUTINY_REMINDER_DAYS})",
        )

    def handle(self, *args, **options):
        rounds = Round.objects.needing_reminders(days=options["days"], today=timezone.localdate()).select_related(
            "review"
        )
        base_url = links_base_url()
        # Quiet at --verbosity 0 (cron's run): what it sent is in the outbox.
        say = self.stdout.write if options["verbosity"] else _silent
        total = 0
        for round in rounds:
            sent = round.send_reminders(base_url=base_url)
            total += sent
            say(f"{round}: reminded {sent} {'person' if sent == 1 else 'people'}.")
        # The executive's response to a review's report (s.9FE): due within a
        # week, or overdue.
        for review in Review.objects.responses_due():
            sent = len(Notification.objects.response_reminders(review))
            total += sent
            clock = review.response_clock()
            say(f"{review}: executive response {clock.label}; reminded {sent} {'person' if sent == 1 else 'people'}.")
        # Updates overdue past the council's point of escalation (its
        # settings): each owner's manager, once.
        # One update of two owners is escalated to each of their managers.
        escalated = len({escalation.entry_id for escalation in Escalation.objects.escalate_overdue()})
        if escalated:
            say(f"Escalated {escalated} overdue update{'s' if escalated != 1 else ''} to managers.")
        # What a completed recommendation achieved, SCRUTINY_RECHECK_MONTHS on:
        # does it still hold? Its owners are asked once.
        today = timezone.localdate()
        for recommendation in OutcomeCheck.due(today):
            OutcomeCheck.ask(recommendation, today=today)
            say(f"{recommendation}: asked its owners whether what it achieved still holds.")
        say(self.style.SUCCESS(f"Sent {total} reminder{'s' if total != 1 else ''}."))


def _silent(*args, **kwargs) -> None:
    pass
