"""A partnership plan's quarters (models/partnership.py has the plan) and
the quarterly updates its actions' leads write: progress and a RAG status,
through the update workflow every kind of plan shares (workflow.py)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from actionplans import permissions
from actionplans.grading import NOT_RATED, RAG_ORDER, Rag
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    HistoryReadAsAt,
    _attribute,
    illustrative_field,
    is_illustrative,
    marked,
    reason_field,
)
from actionplans.models.council import (
    NO_GRADE_COLOUR,
    PARTNERSHIP,
    Scale,
    ScaleGrade,
    ScaleLevel,
    current_scale,
    scale_level,
)
from actionplans.models.partnership import (
    PartnershipAction,
    PartnershipPlan,
    quarter_after,
    quarter_label,
    quarter_months_label,
    quarter_start,
)
from actionplans.models.workflow import PeriodStatus, Update, UpdateQuerySet, status_counts


@dataclass(frozen=True)
class RagScale:
    """The partnership plans' RAG scale as pages and documents print it:
    the council's current scale (models.council), read by the role of the
    grade each RAG key is (grading.ROLE_RAGS). Plain data once read, so a
    document's builder carries it and its renderers never ask the database.
    An update's own RAG prints as it was given (PartnershipUpdate.rag_level);
    this is for what the dashboards count and the filters offer."""

    scale: Scale

    def level(self, rag: str) -> ScaleLevel | None:
        """The scale's first grade that is `rag` (ScaleLevel.rag)."""
        return next((level for level in self.scale if rag and level.rag == rag), None)

    def label(self, rag: str) -> str:
        """'Green' (the council's word for what `rag` means); 'Not rated'
        for no RAG."""
        level = self.level(rag)
        if level:
            return level.label
        return Rag(rag).label if rag in Rag.values else NOT_RATED

    def colour(self, rag: str) -> str:
        """The GOV.UK tag colour ('green': govuk-tag--green); grey for none."""
        level = self.level(rag)
        return level.colour if level else "grey"

    def chart_colour(self, rag: str) -> str:
        level = self.level(rag)
        return level.chart_colour if level else NO_GRADE_COLOUR

    @property
    def keys(self) -> list[str]:
        """The RAG keys the scale has a grade for, worst first: the order
        the dashboards count and draw them in."""
        return [key for key in RAG_ORDER if self.level(key)]

    def choices(self) -> list[tuple[str, str]]:
        """(key, the council's word), worst first, as a filter offers them."""
        return [(key, self.label(key)) for key in self.keys]

    def words(self) -> str:
        """'Red, Amber, Green or Complete': the labels, worst first (a grade
        not graded last), as a hint or a refusal says them."""
        ordered = sorted(
            self.scale,
            key=lambda level: (not level.rag, RAG_ORDER.index(level.rag) if level.rag else 0, level.position),
        )
        labels = [level.label for level in ordered]
        return f"{', '.join(labels[:-1])} or {labels[-1]}" if len(labels) > 1 else "".join(labels)

    def rag_of(self, words: str) -> tuple[str, ScaleLevel] | None:
        """(RAG key, grade) a label names, case and spacing aside; None when
        none does. A grade not graded is the key ''."""
        wanted = " ".join(words.lower().split())
        for level in self.scale:
            if " ".join(level.label.lower().split()) == wanted:
                return level.rag, level
        return None


def rag_scale() -> RagScale:
    """The current partnership RAG scale (one query, cached per request)."""
    return RagScale(current_scale(PARTNERSHIP))


def printed_rag(level: ScaleLevel | None) -> tuple[str, str]:
    """(label, GOV.UK tag colour) of a RAG as given: ('Not rated', 'grey')
    for none."""
    return (level.label, level.colour) if level else (NOT_RATED, "grey")


class QuarterQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published quarters of the plans `user` reads; open ones too for
        those who write or check updates (partner leads, officers, link
        officers and clerks), as open rounds are seen by those who work on
        them; never for committee members."""
        quarters = self.filter(plan__in=PartnershipPlan.objects.visible_to(user))
        if permissions.writes_partnership_updates(user):
            return quarters
        return quarters.filter(status=Quarter.Status.PUBLISHED)


class Quarter(models.Model):
    """A quarter of a plan's reporting ("Q2 2018": July to September)."""

    Status = PeriodStatus

    plan = models.ForeignKey(PartnershipPlan, on_delete=models.CASCADE, related_name="quarters")
    period = models.DateField(help_text="The quarter's first month.")
    # The council's words for it, where an imported file named it ("Q1
    # 2018/19", "June 2025"): its papers and pages print them, not ours.
    named = models.CharField(
        max_length=40,
        blank=True,
        validators=ONE_LINE,
        help_text="The quarter as the plan's file named it (“Q1 2018/19”); blank: “Q1 2018”.",
    )
    deadline = models.DateField(help_text="The date the leads' updates are due.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField(null=True, blank=True)
    # period and deadline where the demo invents them (common.is_illustrative).
    illustrative = illustrative_field("the quarter's period and deadline")
    history = AuditHistory()

    objects = QuarterQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="one_quarter_per_period_per_plan")]

    def __str__(self):
        return f"{self.plan} – {self.label}"

    @property
    def label(self) -> str:
        """'Q3 2018' (or the words the plan's file named it in, 'Q3
        2018/19'), as pages and e-mails name it: 'Q3 2018 (illustrative)'
        where the demo invents the quarter."""
        return marked(quarter_label(self.period, self.named), self, "period")

    @property
    def printed_label(self) -> str:
        """'Q3 2018' (or the file's 'Q3 2018/19'), as a committee paper
        prints it: '' where the demo invents the quarter, a paper printing
        no invented value."""
        return "" if is_illustrative(self, "period") else quarter_label(self.period, self.named)

    @property
    def last_day(self) -> datetime.date:
        return quarter_after(self.period) - datetime.timedelta(days=1)

    @property
    def months_label(self) -> str:
        """'Q3 2018 (October to December 2018)', as headings and choices name
        it, marked as the label is."""
        return marked(quarter_months_label(self.period, self.named), self, "period")

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self):
        if self.period and self.deadline and self.deadline < quarter_start(self.period):
            raise ValidationError(
                {
                    "deadline": f"The deadline must be on or after {quarter_start(self.period):%-d %B %Y}, "
                    f"the first day of {self.months_label}."
                }
            )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_past_deadline(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    def status_counts(self, updates=None) -> dict[str, int]:
        """How many of the quarter's updates are at each status."""
        return status_counts(self.updates.all() if updates is None else updates)

    def why_not_deletable(self, updates=None) -> str:
        """The reason a clerk may not delete this quarter, or '' if they may
        (as a monitoring round's, Round.why_not_deletable)."""
        if self.is_published:
            return "A published quarter is part of the plan's record and cannot be deleted."
        updates = self.updates.all() if updates is None else updates
        started = [update for update in updates if update.status != PartnershipUpdate.Status.NOT_STARTED]
        if started:
            return f"The leads have already written {len(started)} update(s) in this quarter."
        return ""

    def delete(self, *, by):
        """A clerk deletes an open quarter nobody has written in (opened by
        mistake), with its waiting updates; each deletion in the history
        with `by`. (A plan's deletion cascades without calling this.)"""
        permissions.require(by, permissions.RUN_QUARTERS)
        with transaction.atomic():
            current = Quarter.objects.select_for_update().get(pk=self.pk)
            reason = current.why_not_deletable()
            if reason:
                raise ValidationError(reason)
            for update in current.updates.all():
                _attribute(update, by)
                update.delete()
            _attribute(current, by)
            return super(Quarter, current).delete()

    def publish(self, *, by) -> None:
        """Freeze the quarter: everyone who reads the plan sees it from now;
        updates not approved read "No update received"."""
        permissions.require(by, permissions.RUN_QUARTERS)
        with transaction.atomic():
            current = Quarter.objects.select_for_update().get(pk=self.pk)
            if not current.is_open:
                raise ValidationError("This quarter is already published.")
            current.status = self.Status.PUBLISHED
            current.published_at = timezone.now()
            _attribute(current, by)
            current.save()
        self.refresh_from_db()


class PartnershipUpdateQuerySet(UpdateQuerySet):
    def owned_by(self, user):
        """The updates of the actions `user`'s organisations lead."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(action__lead_organisations__members=user).distinct()

    def in_document_order(self, *first):
        """In the plan's order, after `first` (fields to order by before it)."""
        return self.order_by(*first, "action__theme__position", "action__theme__pk", "action__position", "action__pk")

    def for_approval(self):
        """With what the approval rule (permissions.APPROVE_UPDATE) reads (the plan's coordinator,
        the lead organisations' members), for a list."""
        return self.select_related("quarter__plan").prefetch_related("action__lead_organisations__members")

    def latest_received(self, *, as_at=None, by_quarter=None):
        """Each action's latest received update of a published quarter:
        what the dashboards, the scrutiny action's page and the Progress
        Update's "Delivered through" report. `as_at` (a moment): of the
        quarters published by then, as a published round's paper printed it.
        `by_quarter` (a Quarter): of that quarter and those before it, as at
        its end (the dashboard of an earlier quarter)."""
        published = Q(quarter__status=Quarter.Status.PUBLISHED)
        if as_at is not None:
            published &= Q(quarter__published_at__lte=as_at)
        if by_quarter is not None:
            published &= Q(quarter__period__lte=by_quarter.period)
        later = PartnershipUpdate.objects.filter(
            published,
            action=models.OuterRef("action"),
            status=Update.Status.APPROVED,
            quarter__period__gt=models.OuterRef("quarter__period"),
        )
        return self.received().filter(published).exclude(models.Exists(later))


class PartnershipUpdate(Update):
    """An action's update in one quarter: its progress and RAG."""

    Rag = Rag

    action = models.ForeignKey(PartnershipAction, on_delete=models.PROTECT, related_name="updates")
    quarter = models.ForeignKey(Quarter, on_delete=models.CASCADE, related_name="updates")
    progress = models.TextField(blank=True, validators=LONG_TEXT)
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True, verbose_name="RAG")
    # The RAG as given, on the partnership scale of its day (its label and
    # colour as printed then); `rag` is what it means. save() keeps the two
    # together.
    level = models.ForeignKey(ScaleGrade, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoryReadAsAt(excluded_fields=["version"], history_change_reason_field=reason_field())

    objects = PartnershipUpdateQuerySet.as_manager()

    PERIOD_FIELD = "quarter"
    CONTENT_FIELDS = ("progress", "rag")
    # Who checks it: its plan's coordinator or a clerk (APPROVE_UPDATE).
    checked_by = permissions.PLAN_CHECKERS

    class Meta:
        ordering = ["quarter__period"]
        constraints = [models.UniqueConstraint(fields=["action", "quarter"], name="one_update_per_action_per_quarter")]
        indexes = [models.Index(fields=["quarter", "status", "rag"], name="update_quarter_status_rag")]

    def __str__(self):
        return f"{self.action.name} – {self.quarter.label}"

    @property
    def rag_level(self) -> ScaleLevel | None:
        """The RAG as given ('Green', 'Complete'), on the scale of its day."""
        if self.level_id:
            return scale_level(self.level_id)
        return rag_scale().level(self.rag)

    @property
    def rag_label(self) -> str:
        return printed_rag(self.rag_level)[0]

    @property
    def rag_colour(self) -> str:
        """Its tag colour as given (govuk-tag--green); grey for none."""
        return printed_rag(self.rag_level)[1]

    def save(self, *args, **kwargs):
        level = scale_level(self.level_id) if self.level_id else None
        if (level.rag if level else "") != (self.rag or ""):
            chosen = rag_scale().level(self.rag)
            self.level_id = chosen.id if chosen else None
        super().save(*args, **kwargs)

    def previous(self) -> "PartnershipUpdate | None":
        """The action's latest update received before this quarter (approved,
        in a published quarter: it need not be the quarter just before), or
        None: what the lead and the coordinator compare this one with."""
        return (
            PartnershipUpdate.objects.received()
            .filter(
                action=self.action_id, quarter__status=Quarter.Status.PUBLISHED, quarter__period__lt=self.quarter.period
            )
            .select_related("quarter")
            .order_by("-quarter__period")
            .first()
        )

    def responsible_user_ids(self) -> set[int]:
        """Reads the action's lead organisations' members (prefetch them
        for a list: objects.for_approval())."""
        return {user.pk for organisation in self.action.lead_organisations.all() for user in organisation.members.all()}

    def describe_field(self, name: str, value) -> str:
        if name == "rag":
            return rag_scale().label(value or "")
        return super().describe_field(name, value)

    def save_update(self, *, by, version: int, submit: bool, **fields) -> None:
        """The lead's save: a draft, or submitted for the coordinator. A
        submitted update gives its RAG: `level`, a grade of the council's
        scale (a ScaleGrade: `rag` is then the RAG it is, '' for a grade
        not graded), or `rag` alone (the current scale's grade for it)."""
        if "level" in fields:
            level = fields["level"]
            fields["rag"] = level.level().rag if level else ""

        def check(current):
            rated = fields["level"] if "level" in fields else fields.get("rag", current.rag or current.level_id)
            if submit and not rated:
                raise ValidationError({"rag": "Choose the action's RAG status"})
            if submit and not fields.get("progress", current.progress).strip():
                raise ValidationError({"progress": "Enter the progress made this quarter"})

        self._save_update(by=by, version=version, submit=submit, before_save=check, **fields)

    def approve(self, *, by, version: int) -> None:
        self._decide(by, version, status=self.Status.APPROVED, return_comment="")

    def record_as_printed(self, *, by, progress: str, rag: str, reason: str) -> None:
        """A clerk records a past quarter's update as the plan's paper
        printed it (the import, the demo's seeds): received at once, a RAG
        or none ("Not rated", as the seeds' blank RAG columns are), with
        `reason` beside it in the history. Only in an open quarter."""
        permissions.require(by, permissions.RECORD_AS_PRINTED)
        if rag and rag not in Rag.values:
            raise ValidationError({"rag": f"{rag!r} is not a RAG status"})
        with transaction.atomic():
            current = self._locked()
            if not current.quarter.is_open:
                raise ValidationError("This quarter is published: its updates are part of the record.")
            current._change_reason = reason[:100]
            current._save_as(by, progress=progress, rag=rag, status=self.Status.APPROVED, return_comment="")
        self.refresh_from_db()
