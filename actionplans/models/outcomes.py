"""What a recommendation achieved (issue 74): once the committee has
finished with it (every action signed off or closed by a published
decision, or the executive rejected it), the clerk records its outcome
(implemented, partly, superseded, not implemented) with the reason, and
what changed: its impacts, each of a kind, a short statement, its evidence
(a link to a decision or report) and, where there is one, a figure with
its unit and period ("42,000 £ a year"), so that figures of one unit can
be summed. Both keep their audit history, with who recorded them."""

import calendar
import dataclasses
import datetime
import decimal
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplans import permissions
from actionplans.models.common import LONG_TEXT, ONE_LINE, AuditHistory, _attribute, is_illustrative
from actionplans.models.plan import response_of
from actionplans.models.review import Recommendation
from actionplans.models.rounds import ProgressEntry, Round


def long_open_months() -> tuple[int, ...]:
    """The ages, in months, at which an open recommendation is listed as
    long open (SCRUTINY_LONG_OPEN_MONTHS: 12, 24 and 36)."""
    return tuple(sorted(settings.SCRUTINY_LONG_OPEN_MONTHS))


def due_soon_days() -> int:
    """How near its target an open recommendation is listed as due soon
    (SCRUTINY_DUE_SOON_DAYS: 90)."""
    return settings.SCRUTINY_DUE_SOON_DAYS


class Outcome(models.TextChoices):
    IMPLEMENTED = "implemented", "Implemented"
    PARTLY = "partly", "Partly implemented"
    SUPERSEDED = "superseded", "Superseded or overtaken by events"
    NOT_IMPLEMENTED = "not_implemented", "Not implemented"


class ImpactKind(models.TextChoices):
    POLICY = "policy", "Policy or strategy"
    SERVICE = "service", "Service to residents"
    MONEY = "money", "Money saved or spent differently"
    PROCESS = "process", "Process or governance"
    PARTNERSHIP = "partnership", "Partnership working"
    NONE_YET = "none_yet", "None yet"


class OutcomeConflict(Exception):
    """Someone else recorded the outcome (or the priority) after the page
    was opened."""

    def __init__(self, what: str = "outcome"):
        super().__init__(what)
        self.message = (
            f"Someone else recorded this recommendation's {what} after you opened the page. Your changes were not "
            "saved: check what it says now before saving again."
        )


@dataclass(frozen=True)
class ImpactInput:
    """One impact as the clerk gives it (the form's cleaned data)."""

    kind: str
    statement: str
    evidence_link: str = ""
    amount: decimal.Decimal | None = None
    unit: str = ""
    period: str = ""
    pk: int | None = None  # the impact it changes, as the page showed it; None for a new one
    source_entry: int | None = None  # the officer's update that proposed it (its evidence of impact)


@dataclass(frozen=True)
class Clock:
    """A recommendation's age: from its review's report (or, before one is
    recorded, its action plan) being agreed to the meeting whose decision
    took its last action out of monitoring (or the executive's rejection),
    or to `today` while it is open; against the latest of its actions'
    targets (each as revised)."""

    started: datetime.date | None
    finished: datetime.date | None
    target: datetime.date | None  # a month: the latest of its actions' targets
    today: datetime.date
    rejected: bool = False  # finished by the executive's rejection, not completed
    finished_invented: bool = False  # `finished` is a demo's invented day (common.is_illustrative)

    @classmethod
    def of(cls, recommendation: Recommendation, today: datetime.date) -> "Clock":
        """Reads its review, its executive response and its actions'
        decisions (with their rounds): select and prefetch them for many."""
        review = recommendation.review
        actions = list(recommendation.actions.all())
        targets = [action.target_month for action in actions if action.target_month]
        day, record, field = finishing(recommendation) or (None, None, "")
        return cls(
            started=review.report_agreed or review.action_plan_agreed,
            finished=day,
            target=max(targets) if targets else None,
            today=today,
            rejected=field == "responded_on",
            finished_invented=is_illustrative(record, field),
        )

    def as_at(self, day: datetime.date) -> "Clock":
        """The clock as it stood on `day`: open then if it finished after."""
        if self.finished is not None and self.finished > day:
            return dataclasses.replace(self, finished=None, rejected=False, finished_invented=False, today=day)
        return dataclasses.replace(self, today=min(self.today, day))

    @property
    def months(self) -> int | None:
        """Whole months open (to today), or taken to complete."""
        if self.started is None:
            return None
        end = self.finished or self.today
        months = (end.year - self.started.year) * 12 + end.month - self.started.month
        return max(0, months - (end.day < self.started.day))

    @property
    def target_end(self) -> datetime.date | None:
        if self.target is None:
            return None
        return self.target.replace(day=calendar.monthrange(self.target.year, self.target.month)[1])

    @property
    def closed_by_target(self) -> bool | None:
        """Whether it finished by the end of its target month; None while
        open, without a target, or rejected (not completed)."""
        if self.finished is None or self.target_end is None or self.rejected:
            return None
        return self.finished <= self.target_end

    @property
    def overdue(self) -> bool:
        return self.finished is None and self.target_end is not None and self.today > self.target_end

    @property
    def due_soon(self) -> bool:
        """Open, and its target month ends within due_soon_days(): listed
        before the date passes, not after."""
        if self.finished is not None or self.target_end is None:
            return False
        return self.today <= self.target_end <= self.today + datetime.timedelta(days=due_soon_days())

    @property
    def long_open(self) -> int:
        """The longest of long_open_months() it has been open, or 0."""
        if self.finished is not None or self.months is None:
            return 0
        return max((months for months in long_open_months() if self.months >= months), default=0)


def finished_on(recommendation: Recommendation) -> datetime.date | None:
    """When the committee finished with it, or None while it has not: the
    executive's rejection, or the meeting of the round whose published
    decision took the last of its actions out of monitoring (signed off or
    closed). Reads its response and its actions' decisions (prefetch
    `actions__decisions__round` when asking this of many)."""
    found = finishing(recommendation)
    return found[0] if found else None


def finishing(recommendation: Recommendation) -> tuple[datetime.date, object, str] | None:
    """finished_on()'s day, with the record and field it is read from (a
    round's meeting_date; its review's responded_on for a rejection), so
    that a demo's invented day is marked where it shows; None while open."""
    answer = response_of(recommendation)
    # A rejection finishes it once every reader knows of it: published.
    if answer is not None and answer.is_rejected and recommendation.review.responses_published:
        return answer.responded_on, recommendation.review, "responded_on"
    rounds = [action.signed_off_in() for action in recommendation.actions.all()]
    if not rounds or None in rounds:
        return None
    last = max(rounds, key=lambda round: round.meeting_date)
    return last.meeting_date, last, "meeting_date"


def figure_words(amount: decimal.Decimal, unit: str, period: str) -> str:
    """'£42,000 a year', '21 days': a figure as an impact (or a sum of
    impacts sharing its unit and period) states it."""
    number = f"{amount:,.2f}".removesuffix(".00")
    figure = f"£{number}" if unit == "£" else f"{number} {unit}"
    return f"{figure} {period}".strip()


class OfRecommendationQuerySet(models.QuerySet):
    """The records of what a recommendation achieved (its outcome, impacts
    and priority mark)."""

    def public(self):
        """Those on the public register and in the open data: of the public
        recommendations (Recommendation.objects.public), none exempt."""
        return self.filter(recommendation__in=Recommendation.objects.public())


class RecommendationOutcome(models.Model):
    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="outcome")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(
        validators=LONG_TEXT, help_text="Why: what was done, or why it was not, as the committee would say it."
    )
    recorded_on = models.DateField()
    version = models.PositiveIntegerField(default=1)
    history = AuditHistory(excluded_fields=["version"])

    objects = OfRecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "recommendation's outcome"

    def __str__(self):
        return f"{self.recommendation}: {self.get_outcome_display()}"

    @staticmethod
    def why_not_recordable(recommendation: Recommendation) -> str:
        """Why its outcome may not be recorded yet, or '': not until the
        committee has finished with it (finished_on)."""
        if finished_on(recommendation) is not None:
            return ""
        actions = list(recommendation.actions.all())
        if not actions:
            return "It has no actions yet: its outcome is recorded once the committee has finished with them."
        monitored = [action for action in actions if action.signed_off_in() is None]
        named = ", ".join(action.reference for action in monitored)
        return (
            f"The committee has not yet signed off or closed {named}: a recommendation's outcome is recorded "
            "once it has finished with every action."
        )

    @staticmethod
    def why_not_theirs(recommendation: Recommendation, user) -> str:
        """Why `user` may not confirm what it achieved, or '': nobody
        confirms the closure of their own work, so not one responsible for
        any of its actions."""
        if not recommendation.actions.responsible(user).exists():
            return ""
        return (
            "You are responsible for one of its actions: its outcome is confirmed by someone else, another clerk "
            "or an administrator."
        )

    @classmethod
    def record(
        cls,
        recommendation,
        *,
        outcome: str,
        reason: str,
        impacts: list[ImpactInput],
        by,
        version: int,
        shown_impacts: set[int] | None = None,
    ):
        """Record (or change) the outcome and its impacts, all or nothing:
        `version` is the outcome's as the page showed it (0 for none), and
        `shown_impacts` the impacts it listed (an impact confirmed since,
        Impact.confirm, is not removed by a page that never showed it)."""
        permissions.require(by, permissions.RECORD_OUTCOME, recommendation)
        with transaction.atomic():
            Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
            current = cls.objects.filter(recommendation=recommendation).first()
            if (current.version if current else 0) != version:
                raise OutcomeConflict()
            held = set(Impact.objects.filter(recommendation=recommendation).values_list("pk", flat=True))
            if shown_impacts is not None and held != shown_impacts:
                raise OutcomeConflict("impacts")
            if why := cls.why_not_recordable(recommendation):
                raise ValidationError(why)
            if why := cls.why_not_theirs(recommendation, by):
                raise ValidationError(why)
            record = current or cls(recommendation=recommendation)
            record.outcome, record.reason = outcome, reason
            record.recorded_on, record.version = timezone.localdate(), version + 1
            record.full_clean(exclude=["recommendation"])
            _attribute(record, by)
            record.save()
            Impact.replace(recommendation, impacts, by=by)
        return record


class Impact(models.Model):
    """What changed because of a recommendation: one entry of the ledger."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="impacts")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=ImpactKind.choices)
    statement = models.TextField(validators=LONG_TEXT, help_text="What changed, in a sentence or two.")
    evidence_link = models.URLField(
        max_length=500, blank=True, help_text="A link to the decision, report or page that shows it."
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True, validators=ONE_LINE, help_text="£, days, residents…")
    period = models.CharField(max_length=60, blank=True, validators=ONE_LINE, help_text="A year, 2025/26…")
    # The officer's update whose evidence of impact proposed it, which the
    # clerk confirmed into the ledger: its evidence.
    source_entry = models.ForeignKey(
        "ProgressEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="impacts_confirmed"
    )
    history = AuditHistory()

    objects = OfRecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "position"], name="impact_position_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_kind_display()}"

    @staticmethod
    def why_unevidenced(kind: str, *, evidence_link: str, amount, source_entry) -> str:
        """Why an impact so given may not be recorded, or '': what changed
        needs its evidence (a link, a figure, or the officer's update that
        reported it); "None yet" needs none."""
        if kind == ImpactKind.NONE_YET or evidence_link or amount is not None or source_entry:
            return ""
        return "Give its evidence: a link, a figure, or the officer's update that reported it"

    def clean(self):
        if self.source_entry_id and self.source_entry.action.recommendation_id != self.recommendation_id:
            raise ValidationError({"source_entry": "Choose an update of this recommendation's actions."})
        if why := self.why_unevidenced(
            self.kind, evidence_link=self.evidence_link, amount=self.amount, source_entry=self.source_entry_id
        ):
            raise ValidationError({"evidence_link": why})
        if self.amount is not None and not self.unit:
            raise ValidationError({"unit": "Say what the figure counts: £, days, residents."})
        if self.amount is None and (self.unit or self.period):
            raise ValidationError({"amount": "Give the figure, or leave its unit and period blank."})

    @property
    def figure(self) -> str:
        """'£42,000 a year', '21 days', or ''."""
        return "" if self.amount is None else figure_words(self.amount, self.unit, self.period)

    @staticmethod
    def reported(recommendations):
        """The updates whose evidence of impact an impact of `recommendations`
        (a queryset) may be confirmed from: what the officers' updates gave
        the committee (received, in published rounds), and not exempt
        information, since a confirmed impact is published."""
        return (
            ProgressEntry.objects.received()
            .filter(
                action__recommendation__in=recommendations,
                round__status=Round.Status.PUBLISHED,
                exempt_paragraph__isnull=True,
                action__exempt_paragraph__isnull=True,
            )
            .exclude(evidence_of_impact="")
        )

    @classmethod
    def confirm(cls, given: ImpactInput, *, by) -> "Impact":
        """The impact an officer's update (`given.source_entry`) reported,
        confirmed into the ledger by one of its review's link officers or a
        clerk, after its recommendation's others: never by someone
        responsible for one of its actions, nor twice in the same words."""
        source = ProgressEntry.objects.select_related("action__recommendation__review").get(pk=given.source_entry)
        recommendation = source.action.recommendation
        permissions.require(by, permissions.CONFIRM_IMPACT, recommendation.review)
        with transaction.atomic():
            Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
            if not cls.reported(Recommendation.objects.filter(pk=recommendation.pk)).filter(pk=source.pk).exists():
                raise ValidationError("That update reported no evidence of impact the committee has had.")
            if why := RecommendationOutcome.why_not_theirs(recommendation, by):
                raise ValidationError(why)
            if cls.objects.filter(source_entry=source, statement=given.statement).exists():
                raise ValidationError("This impact is in the ledger already, in these words.")
            last = cls.objects.filter(recommendation=recommendation).aggregate(last=models.Max("position"))["last"]
            impact = cls(recommendation=recommendation, position=(last or 0) + 1)
            _take(impact, given)
            impact.full_clean(exclude=["recommendation"])
            _attribute(impact, by)
            impact.save()
        return impact

    @classmethod
    def replace(cls, recommendation, impacts: list[ImpactInput], *, by) -> None:
        """Make the recommendation's impacts `impacts`, in order, each known
        by its pk: those not given removed, those given changed in place
        where they changed, the new ones added, with their history. The
        page lists them in their order, so each kept one moves up, if at
        all, into a place already freed."""
        existing = {impact.pk: impact for impact in cls.objects.filter(recommendation=recommendation)}
        kept = {given.pk for given in impacts if given.pk in existing}
        for pk in sorted(set(existing) - kept):
            _attribute(existing[pk], by)
            existing[pk].delete()
        for position, given in enumerate(impacts, start=1):
            impact = existing[given.pk] if given.pk in kept else cls(recommendation=recommendation)
            before = [getattr(impact, name) for name in _GIVEN]
            _take(impact, given)
            impact.position = position
            if impact.pk is None or before != [getattr(impact, name) for name in _GIVEN]:
                impact.full_clean(exclude=["recommendation"])
                _attribute(impact, by)
                impact.save()


_GIVEN = ("kind", "statement", "evidence_link", "amount", "unit", "period", "source_entry_id", "position")


def _take(impact: "Impact", given: ImpactInput) -> None:
    """Set on `impact` what the clerk or link officer gave (all but its position)."""
    for name in _GIVEN[:-1]:
        setattr(impact, name, getattr(given, name.removesuffix("_id")))


class RecommendationPriority(models.Model):
    """The committee's mark that a recommendation is a priority, with why:
    the committee page and its clock list it first."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="priority")
    reason = models.TextField(validators=LONG_TEXT, help_text="Why the committee made it a priority.")
    marked_on = models.DateField()
    history = AuditHistory()

    objects = OfRecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "priority recommendation"

    def __str__(self):
        return f"{self.recommendation}: a priority"

    @classmethod
    def version_of(cls, recommendation) -> int:
        """How many times its mark was made, changed or taken away: the
        version a page shows, which never comes round again."""
        return cls.history.filter(recommendation_id=recommendation.pk).count()

    @classmethod
    def mark(cls, recommendation, *, priority: bool, reason: str, by, version: int) -> None:
        """Mark it a priority with `reason` (or change the reason), or take
        the mark away: `version` is version_of() as the page showed it. A
        recommendation whose outcome is recorded is no longer open: it may
        lose its mark, not be given one."""
        permissions.require(by, permissions.MARK_PRIORITY, recommendation)
        with transaction.atomic():
            Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
            if cls.version_of(recommendation) != version:
                raise OutcomeConflict("priority")
            current = cls.objects.filter(recommendation=recommendation).first()
            if not priority:
                if current is not None:
                    _attribute(current, by)
                    current.delete()
                return
            if RecommendationOutcome.objects.filter(recommendation=recommendation).exists():
                raise ValidationError("Its outcome is recorded: a priority is for a recommendation still open.")
            mark = current or cls(recommendation=recommendation, marked_on=timezone.localdate())
            mark.reason = reason
            mark.full_clean(exclude=["recommendation"])
            _attribute(mark, by)
            mark.save()
