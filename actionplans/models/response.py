"""The executive's response to a scrutiny review's report, and its clock.

A review ends in a report to the executive (Cabinet, or a Cabinet Member:
Review.decision_maker). Under s.9FE of the Local Government Act 2000 the
executive must respond within two months of receiving it, saying of each
recommendation whether it is Accepted, Partially accepted or Rejected, with
reasons. An ExecutiveResponse is that answer for one recommendation; the
verbs that write them are on Review (record_report, record_responses,
publish_responses) and ResponseClock is the clock.

The clock's rules live here, once: the period (settings.SCRUTINY_RESPONSE_PERIOD,
read by response_period()), the due date (due_date()), what a reader is told
(ResponseClock.label) and "today" (today(), which tests set).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from actionplans import grading
from actionplans.models.common import LONG_TEXT, AuditHistory, day_label, is_illustrative, marked_if, reason_field

Response = grading.Response

# The clock: "due within a week" is when clerks are warned and reminded.
DUE_SOON_DAYS = 7


def today() -> datetime.date:
    """The date every clock reads: the one place a test sets another day."""
    return timezone.localdate()


# The period -------------------------------------------------------------------

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_NUMBERS = {word: n for n, word in enumerate(_WORDS)}
_PERIOD = re.compile(r"^\s*(\w+)\s+(day|week|month)s?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A length of time as councils set it: 2 months, 28 days, 8 weeks."""

    number: int
    unit: str  # "day", "week" or "month"

    def after(self, start: datetime.date) -> datetime.date:
        """The date this period after `start`. A month later than 31 December
        is the last day of February (the date clamps to the month's end)."""
        if self.unit == "day":
            return start + datetime.timedelta(days=self.number)
        if self.unit == "week":
            return start + datetime.timedelta(weeks=self.number)
        year, month = divmod(start.month - 1 + self.number, 12)
        year, month = start.year + year, month + 1
        return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))

    def latest_start(self, due: datetime.date) -> datetime.date:
        """The latest start whose period ends on or before `due`: after() is
        never decreasing, so a start on or before this one is due by `due`."""
        if self.unit != "month":
            return due - (self.after(due) - due)
        year, month = divmod(due.month - 1 - self.number, 12)
        year, month = due.year + year, month + 1
        start = due.replace(year=year, month=month, day=min(due.day, calendar.monthrange(year, month)[1]))
        # A month-end clamps several starts onto one date (29, 30 and 31
        # December all end on 28 February): take the last of them.
        while self.after(start + datetime.timedelta(days=1)) <= due:
            start += datetime.timedelta(days=1)
        return start

    def __str__(self) -> str:
        return f"{self.number} {self.unit}{'' if self.number == 1 else 's'}"


def parse_period(text: str) -> Period:
    """'2 months', '28 days', 'eight weeks' -> a Period; ValueError for
    anything else."""
    match = _PERIOD.match(str(text))
    if not match:
        raise ValueError(f"'{text}' is not a period such as '2 months', '8 weeks' or '28 days'.")
    number, unit = match.group(1).lower(), match.group(2).lower()
    number = int(number) if number.isdigit() else _NUMBERS.get(number)
    if not number:
        raise ValueError(f"'{text}' is not a period such as '2 months', '8 weeks' or '28 days'.")
    return Period(number, unit)


def response_period() -> Period:
    """The council's period for the executive's response (checked at start-up)."""
    return parse_period(settings.SCRUTINY_RESPONSE_PERIOD)


def due_date(received: datetime.date | None) -> datetime.date | None:
    """When the executive's response is due: the period after it received the report."""
    return response_period().after(received) if received else None


# The clock --------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseClock:
    """Where a review's executive response stands on `today`."""

    received: datetime.date | None  # the date the report went to the executive
    due: datetime.date | None
    responded_on: datetime.date | None  # the latest response, once every recommendation has one
    today: datetime.date
    # The demo's invented days among them, marked where printed: "due"
    # (from an invented day the report went), "responded_on".
    illustrative: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.due is not None and self.responded_on is None

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days if self.running else 0

    @property
    def is_overdue(self) -> bool:
        return self.running and self.days_left < 0

    @property
    def is_due_soon(self) -> bool:
        """Due within a week, or overdue: what clerks are warned of."""
        return self.running and self.days_left <= DUE_SOON_DAYS

    @property
    def days_late(self) -> int:
        """Days past the due date: those the response came after it, or, while
        it is awaited, those it is overdue by; 0 when on time (or no clock).
        The figure a count of late responses reads."""
        if self.due is None:
            return 0
        end = self.responded_on if self.responded_on is not None else self.today
        return max(0, (end - self.due).days)

    @property
    def responded_late(self) -> bool:
        return self.responded_on is not None and self.days_late > 0

    @property
    def lateness(self) -> str:
        """'on time', '1 day late', '5 days late'; '' until the executive responded."""
        if self.responded_on is None or self.due is None:
            return ""
        days = self.days_late
        return f"{days} day{'' if days == 1 else 's'} late" if days else "on time"

    @property
    def status(self) -> str:
        """In a word or three: 'Responded on time', 'Responded 5 days late',
        'Overdue', 'Due'; '' before the report has gone to the executive."""
        if self.due is None:
            return ""
        if self.responded_on is not None:
            return f"Responded {self.lateness}"
        return "Overdue" if self.is_overdue else "Due"

    @property
    def label(self) -> str:
        """'due in 12 days', 'due today', 'overdue by 3 days', 'responded on
        5 March 2019'; '' before the report has gone to the executive."""
        if self.responded_on is not None:
            return f"responded on {self._marked(self.responded_on, 'responded_on')}"
        if self.due is None:
            return ""
        days = self.days_left
        if days == 0:
            return "due today"
        if days > 0:
            return f"due in {days} day{'' if days == 1 else 's'}"
        return f"overdue by {-days} day{'' if days == -1 else 's'}"

    @property
    def due_label(self) -> str:
        return self._marked(self.due, "due") if self.due else ""

    def _marked(self, day: datetime.date, name: str) -> str:
        return marked_if(day_label(day), name in self.illustrative)


def clock_for(
    received, *, count: int, answered: int, last, on: datetime.date | None = None, review=None
) -> ResponseClock:
    """The clock of a review whose report reached the executive on
    `received`, with `count` recommendations, `answered` of them with a
    response, the latest dated `last`. Responded once every recommendation
    has its response."""
    return ResponseClock(
        received=received,
        due=due_date(received),
        responded_on=last if count and answered >= count else None,
        today=on or today(),
        illustrative=_invented_days(review),
    )


def _invented_days(review) -> tuple[str, ...]:
    """The clock's days the demo invents, from its review's marks."""
    if review is None:
        return ()
    return (
        *(("due",) if is_illustrative(review, "report_to_executive") else ()),
        *(("responded_on",) if is_illustrative(review, "responded_on") else ()),
    )


# The response -----------------------------------------------------------------


class ExecutiveResponse(models.Model):
    """The executive's response to one recommendation: what it decided, why,
    when, and for a partly accepted one the part the action plan follows.
    Written only through Review.record_responses()."""

    Response = grading.Response

    recommendation = models.OneToOneField("Recommendation", on_delete=models.CASCADE, related_name="executive_response")
    response = models.CharField(max_length=20, choices=Response.choices)
    reasons = models.TextField(blank=True, validators=LONG_TEXT, help_text="Required unless Accepted.")
    responded_on = models.DateField(verbose_name="date of the response")
    accepted_part = models.TextField(
        blank=True,
        validators=LONG_TEXT,
        verbose_name="the part accepted",
        help_text="For a recommendation partially accepted or accepted in principle: what the action plan follows.",
    )
    history = AuditHistory(history_change_reason_field=reason_field())

    class Meta:
        ordering = ["recommendation"]

    def __str__(self):
        return f"{self.recommendation}: {self.get_response_display()}"

    def clean(self):
        errors = {}
        self.reasons = self.reasons.strip()
        self.accepted_part = self.accepted_part.strip()
        if self.response == Response.IN_PRINCIPLE and not settings.SCRUTINY_RESPONSE_IN_PRINCIPLE:
            errors["response"] = "Choose Accepted, Partially accepted or Rejected."
        if self.response in grading.NEEDS_REASONS and not self.reasons:
            errors["reasons"] = f"Enter the executive's reasons: a response “{self.get_response_display()}” needs them."
        if self.responded_on and self.responded_on > today():
            errors["responded_on"] = "The date of the response must be today or in the past"
        if self.response not in grading.HAS_ACCEPTED_PART and self.accepted_part:
            errors["accepted_part"] = (
                f"Leave the part accepted empty for an {self.get_response_display()} response: "
                "it is only for a recommendation partially accepted"
                + (" or accepted in principle" if settings.SCRUTINY_RESPONSE_IN_PRINCIPLE else "")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_rejected(self) -> bool:
        return self.response == Response.REJECTED
