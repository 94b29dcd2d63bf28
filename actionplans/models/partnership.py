"""Partnership action plans (seeds 002 and 004): a multi-agency partnership's
own plan, grouped by theme or strategic objective, whose actions' leads
report progress and a RAG status each quarter, and which a scrutiny
recommendation or action can name as what delivers it (Delivery).

The quarterly updates are `Update`s (workflow.py), like a round's progress
entries: the same statuses, verbs, version check and history. Who writes an
action's update is whoever belongs to one of its lead organisations
(Organisation.members); the plan's coordinator or a clerk checks it."""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from actionplans import permissions
from actionplans.grading import Rag, rag_label
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    HistoryReadAsAt,
    _attribute,
    first_of_month,
    month_label,
    reason_field,
    shorten,
)
from actionplans.models.plan import Action, Recommendation
from actionplans.models.review import Review
from actionplans.models.workflow import EditConflict, Update, UpdateQuerySet, status_counts


def quarter_label(period: datetime.date) -> str:
    """'Q2 2018' for July 2018: financial quarters, Q1 April–June of the
    year named (seed 004's "Q1 2010")."""
    year = period.year if period.month >= 4 else period.year - 1
    return f"Q{(period.month - 4) % 12 // 3 + 1} {year}"


def quarter_period(number: int, year: int) -> datetime.date:
    """The first month of the quarter quarter_label() names 'Q{number}
    {year}': Q1 2010 -> April 2010, Q4 2010 -> January 2011."""
    month = 4 + 3 * (number - 1)
    return datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_start(value: datetime.date) -> datetime.date:
    """The first month of the financial quarter `value` falls in."""
    month = value.month - (value.month - 4) % 3
    return datetime.date(value.year, month, 1)


def quarter_after(value: datetime.date) -> datetime.date:
    """The first month of the financial quarter after the one `value` falls in."""
    start = quarter_start(value)
    return datetime.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def quarter_months_label(period: datetime.date) -> str:
    """'Q3 2018 (October to December 2018)': the quarter as a heading or a
    choice names it, since a financial quarter's label alone misleads (Q3
    2018 is not July to September). Documents keep the short label."""
    start = quarter_start(period)
    last = quarter_after(start) - datetime.timedelta(days=1)
    return f"{quarter_label(start)} ({start:%B} to {month_label(last)})"


def action_name(number: str, text: str) -> str:
    """A partnership action as a link names it: its number ('1.6'), or its
    first words when the plan leaves it unnumbered."""
    return number or shorten(text)


# The partnership --------------------------------------------------------------


class PartnershipQuerySet(models.QuerySet):
    def add(self, *, name: str, by, slug: str = "", reason: str = "") -> "Partnership":
        """`reason`: beside the row in the history (an import's file)."""
        permissions.require(by, permissions.SET_UP_PARTNERSHIP)
        partnership = Partnership(name=name.strip(), slug=slug or slugify(name)[:90])
        partnership.full_clean()
        _attribute(partnership, by)
        if reason:
            partnership._change_reason = reason[:100]
        partnership.save()
        return partnership


class Partnership(models.Model):
    """A multi-agency partnership ("Stockton-On-Tees Hate Crime Group")."""

    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    history = HistoricalRecords()

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def add_organisation(self, *, name: str, short_name: str = "", by) -> "Organisation":
        permissions.require(by, permissions.SET_UP_PARTNERSHIP)
        organisation = self.new_organisation(name=name, short_name=short_name, position=self.organisations.count())
        organisation.full_clean()
        _attribute(organisation, by)
        organisation.save()
        return organisation

    def new_organisation(self, *, name: str, short_name: str = "", position: int) -> "Organisation":
        """Unsaved and unchecked: add_organisation's, and an import's (saved in bulk)."""
        return Organisation(partnership=self, name=name.strip(), short_name=(short_name or name).strip(),
                            position=position)  # fmt: skip

    def add_plan(self, *, title: str, short_title: str, starts, ends, by, slug: str = "", **fields):
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        plan = self.new_plan(title=title, short_title=short_title, starts=starts, ends=ends, slug=slug, **fields)
        plan.full_clean()
        _attribute(plan, by)
        plan.save()
        return plan

    def new_plan(self, *, title: str, short_title: str, starts, ends, slug: str = "", **fields) -> "PartnershipPlan":
        """Unsaved and unchecked: add_plan's, and an import's."""
        return PartnershipPlan(
            partnership=self,
            title=title.strip(),
            short_title=short_title.strip(),
            slug=slug or slugify(short_title)[:90],
            starts=first_of_month(starts),
            ends=first_of_month(ends),
            **fields,
        )


class OrganisationQuerySet(models.QuerySet):
    def named(self, *names: str):
        """The organisations called any of `names`, by short or full name,
        whatever the case: how a plan's lead cells are matched."""
        keys = {name.strip().lower() for name in names}
        return self.annotate(short_key=Lower("short_name"), name_key=Lower("name")).filter(
            Q(short_key__in=keys) | Q(name_key__in=keys)
        )


class Organisation(models.Model):
    """A member organisation or team of a partnership ("Office of the Police
    and Crime Commissioner", printed "OPCC"). Its members are the logins of
    its leads: they write the updates of the actions it leads, and no
    other organisation's."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200, validators=ONE_LINE)
    short_name = models.CharField(max_length=100, validators=ONE_LINE, help_text="As the plan prints it.")
    position = models.PositiveSmallIntegerField(default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partner_organisations",
        help_text="The logins of the organisation's leads, who write its actions' updates.",
    )
    history = HistoricalRecords(m2m_fields=[members])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "short_name"], name="organisation_short_name_unique"),
        ]

    def __str__(self):
        return self.short_name if self.short_name == self.name else f"{self.name} ({self.short_name})"

    def set_members(self, users, *, by) -> None:
        permissions.require(by, permissions.SET_ORGANISATION_LEADS)
        users = set(users)
        if users != set(self.members.all()):
            _attribute(self, by)
            self.members.set(users)


class Indicator(models.Model):
    """A national indicator ("NI 35: Building resilience to violent
    extremism", serving PSA 26), as the plans' glossaries print them."""

    code = models.CharField(max_length=30, unique=True, validators=ONE_LINE)
    title = models.CharField(max_length=300, blank=True, validators=ONE_LINE)
    reference = models.CharField(
        max_length=60, blank=True, validators=ONE_LINE, help_text='The PSA or DSO it serves ("PSA 26", "HO DSO").'
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.printed

    @property
    def printed(self) -> str:
        """'NI 35 PSA 26', as a plan's indicator column prints it."""
        return f"{self.code} {self.reference}".strip()


# The plan -------------------------------------------------------------------


class PartnershipPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone who reads the scrutiny papers reads the partnership
        plans; a partner lead reads the plans of their own partnership."""
        if permissions.reads_papers(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(partnership__organisations__members=user).distinct()


class PartnershipPlan(models.Model):
    """One plan of a partnership ("Hate Crime Action Plan 2018–2019")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=300, validators=ONE_LINE, help_text="As the plan is headed.")
    short_title = models.CharField(max_length=120, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    starts = models.DateField(help_text="The plan's first month.")
    ends = models.DateField(help_text="The plan's last month.")
    agenda_header = models.CharField(
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        help_text='What its reports usually carry ("Agenda Item 8: Appendix 1").',
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_plans",
        help_text="Checks and approves the leads' quarterly updates, with the clerks.",
    )
    glossary = models.ManyToManyField(Indicator, through="GlossaryEntry", blank=True, related_name="+")
    history = HistoricalRecords()

    objects = PartnershipPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "title"]
        verbose_name = "partnership action plan"

    def __str__(self):
        return self.short_title

    # Addresses under /partnerships/ that are other pages, not plans.
    RESERVED_SLUGS = frozenset({"updates", "import"})

    def clean(self):
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": "The plan must end after it starts."})
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "short_title": f"Choose another short title: “{self.short_title}” would give the plan "
                    "the address of another page"
                }
            )
        if self.coordinator_id and not permissions.coordinator_candidates().filter(pk=self.coordinator_id).exists():
            raise ValidationError({"coordinator": "Choose a login that is an officer, link officer or clerk."})

    @property
    def details_version(self) -> int:
        """What change_details checks that nobody saved the plan since the
        page was read: the plan's latest history row (it has no version of
        its own)."""
        return self.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0

    def change_details(self, *, title: str, short_title: str, agenda_header: str, coordinator, by, version: int):
        """Change what the plan's pages and papers are headed, and who
        checks its updates (None: nobody but the clerks). The address (slug)
        stays. Raises EditConflict if the plan was saved since `version`
        (details_version) was read, ValidationError if a rule is broken."""
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        with transaction.atomic():
            current = PartnershipPlan.objects.select_for_update().get(pk=self.pk)
            if current.details_version != version:
                raise EditConflict(current)
            current.title, current.short_title = title.strip(), short_title.strip()
            current.agenda_header, current.coordinator = agenda_header.strip(), coordinator
            current.full_clean()
            _attribute(current, by)
            current.save()
        self.refresh_from_db()

    @property
    def period_label(self) -> str:
        return f"{month_label(self.starts)} to {month_label(self.ends)}"

    def add_theme(self, *, kind: str, label: str, title: str, by) -> "Theme":
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        theme = self.new_theme(kind=kind, label=label, title=title, position=self.themes.count())
        theme.full_clean()
        _attribute(theme, by)
        theme.save()
        return theme

    def new_theme(self, *, kind: str, label: str, title: str, position: int) -> "Theme":
        """Unsaved and unchecked: add_theme's, and an import's."""
        return Theme(plan=self, kind=kind, label=label.strip(), title=title.strip(), position=position)

    def set_glossary(self, codes, *, by) -> None:
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        indicators = Indicator.objects.in_bulk(codes, field_name="code")
        missing = [code for code in codes if code not in indicators]
        if missing:
            raise ValidationError({"glossary": f"No national indicator {', '.join(missing)}"})
        for entry in self.glossary_entries.all():
            _attribute(entry, by)
            entry.delete()
        for position, code in enumerate(codes):
            entry = GlossaryEntry(plan=self, indicator=indicators[code], position=position)
            _attribute(entry, by)
            entry.save()

    def actions(self):
        """The plan's actions in its own order."""
        return PartnershipAction.objects.filter(theme__plan=self).in_plan_order()

    def open_quarter(self, *, period, deadline, by) -> "Quarter":
        """Open the next quarter, with an update waiting for every action."""
        permissions.require(by, permissions.RUN_QUARTERS)
        period = quarter_start(period)
        with transaction.atomic():
            PartnershipPlan.objects.select_for_update().get(pk=self.pk)
            if self.quarters.filter(status=Quarter.Status.OPEN).exists():
                raise ValidationError("Publish the open quarter before opening the next.")
            latest = self.quarters.order_by("-period").first()
            if latest and period <= latest.period:
                raise ValidationError({"period": f"The next quarter must come after {latest.label}."})
            quarter = Quarter(plan=self, period=period, deadline=deadline)
            quarter.full_clean()
            _attribute(quarter, by)
            quarter.save()
            for action in self.actions():
                update = PartnershipUpdate(action=action, quarter=quarter)
                _attribute(update, by)
                update.save()
        return quarter


class GlossaryEntry(models.Model):
    plan = models.ForeignKey(PartnershipPlan, on_delete=models.CASCADE, related_name="glossary_entries")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "glossary entries"

    def __str__(self):
        return str(self.indicator)


class Theme(models.Model):
    """A theme ("1. Preventing Hate Crime") or strategic objective
    ("Strategic Objective A: Improving Community Cohesion")."""

    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        OBJECTIVE = "objective", "Strategic objective"

    plan = models.ForeignKey(PartnershipPlan, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.THEME)
    label = models.CharField(max_length=20, blank=True, validators=ONE_LINE)
    title = models.CharField(max_length=300, validators=ONE_LINE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """As the plan heads it."""
        if self.kind == self.Kind.OBJECTIVE:
            return f"Strategic Objective {self.label}: {self.title}" if self.label else self.title
        return f"{self.label}. {self.title}" if self.label else self.title

    def add_action(self, *, number: str, text: str, by, lead_organisations=(), indicators=(), **fields):
        """A new action at the end of the theme: `fields` are its leads,
        target_text, target_month and outcome."""
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        _require_partners(self.plan, lead_organisations)
        action = self.new_action(number=number, text=text, position=self.actions.count(), **fields)
        action.full_clean()
        _attribute(action, by)
        action.save()
        action.lead_organisations.set(lead_organisations)
        for position, indicator in enumerate(indicators):
            link = ActionIndicator(action=action, indicator=indicator, position=position)
            _attribute(link, by)
            link.save()
        return action

    def new_action(self, *, number: str, text: str, position: int, **fields) -> "PartnershipAction":
        """Unsaved and unchecked: add_action's, and an import's."""
        if fields.get("target_month"):
            fields["target_month"] = first_of_month(fields["target_month"])
        return PartnershipAction(theme=self, number=number.strip(), text=text.strip(), position=position, **fields)


def _require_partners(plan, organisations) -> None:
    """An action is led by its own partnership's organisations: their
    members write its updates, and a lead of another partnership could not
    even read the plan."""
    strangers = [str(o) for o in organisations if o.partnership_id != plan.partnership_id]
    if strangers:
        raise ValidationError(
            {"lead_organisations": f"{', '.join(strangers)} is not one of {plan.partnership}'s organisations."}
        )


# Actions --------------------------------------------------------------------


class PartnershipActionQuerySet(models.QuerySet):
    def in_plan_order(self):
        return self.order_by("theme__position", "theme__pk", "position", "pk")

    def past_target(self, quarter: "Quarter"):
        """Actions past their target as at the end of `quarter`: their
        target month had ended before then, and they were not Complete at their
        latest update received by then (PartnershipUpdate.objects.latest_received).
        Reckoned at the quarter's end, not today, so that an earlier
        quarter's dashboard reads as it did then."""
        complete = PartnershipUpdate.objects.latest_received(by_quarter=quarter).filter(rag=Rag.COMPLETE)
        # Ended before the quarter's end: a target of the quarter's own last
        # month is past only as at the next quarter's end.
        return self.filter(target_month__lt=first_of_month(quarter.last_day)).exclude(pk__in=complete.values("action"))


class PartnershipAction(models.Model):
    """An action as the plan numbers it ("1.1"), or, in a plan like seed
    004, a numbered objective whose activities (Activity) have their own
    timeframes and leads."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True, validators=ONE_LINE)
    text = models.TextField(validators=LONG_TEXT, verbose_name="action")
    leads = models.TextField(
        blank=True,
        validators=LONG_TEXT,
        verbose_name="lead organisation / partner(s)",
        help_text="As the plan prints them.",
    )
    lead_organisations = models.ManyToManyField(Organisation, blank=True, related_name="actions")
    target_text = models.CharField(
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        verbose_name="target date",
        help_text='As the plan words it ("Quarterly updates Starting in September 2018").',
    )
    target_month = models.DateField(null=True, blank=True, help_text="The month it is due by, when there is one.")
    outcome = models.TextField(blank=True, validators=LONG_TEXT)
    indicators = models.ManyToManyField(Indicator, through="ActionIndicator", blank=True, related_name="actions")
    history = HistoricalRecords(m2m_fields=[lead_organisations])

    objects = PartnershipActionQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "position", "pk"]
        verbose_name = "partnership action"

    def __str__(self):
        return f"{self.number} {self.text}".strip()

    @property
    def name(self) -> str:
        """How a link names it: '1.6' (or the first words when unnumbered)."""
        return action_name(self.number, self.text)

    def add_activity(self, *, text: str, by, lead_organisations=(), **fields) -> "Activity":
        permissions.require(by, permissions.SET_UP_PARTNERSHIP_PLAN)
        _require_partners(self.theme.plan, lead_organisations)
        activity = self.new_activity(text=text, position=self.activities.count(), **fields)
        activity.full_clean()
        _attribute(activity, by)
        activity.save()
        activity.lead_organisations.set(lead_organisations)
        # An objective's update is written by the leads of its activities
        # (seed 004 prints no lead of the objective's own).
        new_leads = set(lead_organisations) - set(self.lead_organisations.all())
        if new_leads:
            _attribute(self, by)
            self.lead_organisations.add(*new_leads)
        return activity

    def new_activity(self, *, text: str, position: int, **fields) -> "Activity":
        """Unsaved and unchecked: add_activity's, and an import's."""
        if fields.get("target_month"):
            fields["target_month"] = first_of_month(fields["target_month"])
        return Activity(action=self, text=text.strip(), position=position, **fields)


class ActionIndicator(models.Model):
    action = models.ForeignKey(PartnershipAction, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.action.name}: {self.indicator}"


class Activity(models.Model):
    """An Activity/Output row under a numbered objective (seed 004)."""

    action = models.ForeignKey(PartnershipAction, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(validators=LONG_TEXT, verbose_name="activity / output")
    leads = models.TextField(blank=True, validators=LONG_TEXT, verbose_name="lead")
    lead_organisations = models.ManyToManyField(Organisation, blank=True, related_name="activities")
    target_text = models.CharField(max_length=200, blank=True, validators=ONE_LINE, verbose_name="timeframe")
    target_month = models.DateField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[lead_organisations])

    class Meta:
        ordering = ["action", "position", "pk"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.text[:60]


# Quarters and updates -------------------------------------------------------


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

    class Status(models.TextChoices):
        OPEN = "open", "Open for updates"
        PUBLISHED = "published", "Published"

    plan = models.ForeignKey(PartnershipPlan, on_delete=models.CASCADE, related_name="quarters")
    period = models.DateField(help_text="The quarter's first month.")
    deadline = models.DateField(help_text="The date the leads' updates are due.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = QuarterQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="one_quarter_per_period_per_plan")]

    def __str__(self):
        return f"{self.plan} – {self.label}"

    @property
    def label(self) -> str:
        """'Q3 2018', as the documents print it."""
        return quarter_label(self.period)

    @property
    def last_day(self) -> datetime.date:
        return quarter_after(self.period) - datetime.timedelta(days=1)

    @property
    def months_label(self) -> str:
        """'Q3 2018 (October to December 2018)', as headings and choices name it."""
        return quarter_months_label(self.period)

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
        return self.is_open and self.deadline < datetime.date.today()

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
    history = HistoryReadAsAt(excluded_fields=["version"], history_change_reason_field=reason_field())

    objects = PartnershipUpdateQuerySet.as_manager()

    PERIOD_FIELD = "quarter"
    CONTENT_FIELDS = ("progress", "rag")

    class Meta:
        ordering = ["quarter__period"]
        constraints = [models.UniqueConstraint(fields=["action", "quarter"], name="one_update_per_action_per_quarter")]
        indexes = [models.Index(fields=["quarter", "status", "rag"], name="update_quarter_status_rag")]

    def __str__(self):
        return f"{self.action.name} – {self.quarter.label}"

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag)

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
            return rag_label(value)
        return super().describe_field(name, value)

    def save_update(self, *, by, version: int, submit: bool, **fields) -> None:
        """The lead's save: a draft, or submitted for the coordinator. A
        submitted update gives its RAG."""

        def check(current):
            if submit and not fields.get("rag", current.rag):
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


# Links to the scrutiny recommendations --------------------------------------


class DeliveriesChanged(Exception):
    """Someone changed the review's links since the clerk's page showed them."""


def action_anchor(pk: int) -> str:
    """The id of a partnership action's row on its plan's page, which the
    scrutiny pages' "Delivered through" links to."""
    return f"partnership-action-{pk}"


@dataclass(frozen=True)
class DeliveredThrough:
    """A partnership action that delivers a scrutiny action, with its latest
    received update of a published quarter, as pages and papers print it."""

    plan: str  # "Hate Crime Action Plan 2018–2019"
    plan_slug: str
    theme: str  # "1. Preventing Hate Crime"
    number: str  # "1.6"
    text: str
    rag: str = ""  # "green", or "" (none received, or not rated)
    quarter: str = ""  # "Q2 2018", or "" when no update was received yet
    progress: str = ""
    # Linked to the action's recommendation, not the action itself.
    through_recommendation: bool = False
    action_pk: int = 0

    @property
    def anchor(self) -> str:
        return action_anchor(self.action_pk)

    @property
    def action_label(self) -> str:
        """'2.1 Attend Stockton-On-Tees monthly Hate Crime Meeting': the
        number alone does not tell apart the seed's two 2.1s."""
        return f"{self.number} {shorten(self.text, 80)}".strip()

    @property
    def rag_label(self) -> str:
        return rag_label(self.rag)

    @property
    def status(self) -> str:
        """'Green, Q2 2018'; 'no update received yet'."""
        return f"{self.rag_label}, {self.quarter}" if self.quarter else "no update received yet"

    @property
    def printed(self) -> str:
        """'Hate Crime Action Plan 2018–2019, 1.6 (Green, Q2 2018)'."""
        return f"{self.plan}, {action_name(self.number, self.text)} ({self.status})"


class DeliveryQuerySet(models.QuerySet):
    def of_review(self, review):
        return self.filter(Q(recommendation__review=review) | Q(action__recommendation__review=review))

    def version_of(self, review) -> str:
        """A digest of the review's links as they stand: what the clerk's
        page showed, to tell whether someone changed them since."""
        rows = sorted(
            self.of_review(review).values_list("recommendation_id", "action_id", "partnership_action_id", "position"),
            key=repr,
        )
        return hashlib.sha256(repr(rows).encode()).hexdigest()[:20]

    def set_for_review(self, review, links, *, by, version: str) -> None:
        """The clerk's page: `links` maps each recommendation and action of
        `review` to the partnership actions that deliver it, in order; all
        are saved (set_for, each change in the history with `by`) or none.
        DeliveriesChanged if the links changed since the page showed
        `version` (version_of)."""
        permissions.require(by, permissions.SET_DELIVERIES)
        for target in links:
            owner = target.review_id if isinstance(target, Recommendation) else target.recommendation.review_id
            if owner != review.pk:
                raise ValidationError(f"{target} is not of the {review.title} review.")
        with transaction.atomic():
            Review.objects.select_for_update().get(pk=review.pk)
            if self.version_of(review) != version:
                raise DeliveriesChanged
            for target, partnership_actions in links.items():
                self.set_for(target, partnership_actions, by=by)

    def visible_to(self, user):
        """The links of the scrutiny reviews `user` reads: none for a partner
        lead, who reads the plan and not the reviews."""
        reviews = Review.objects.visible_to(user)
        return self.filter(Q(recommendation__review__in=reviews) | Q(action__recommendation__review__in=reviews))

    def delivered_through(self, actions, *, as_at=None) -> dict[int, list[DeliveredThrough]]:
        """For each scrutiny action of `actions` (by pk), the partnership
        actions that deliver it, its own links first, then its
        recommendation's (a recommendation's links apply to all its
        actions), each with its latest received update of a published
        quarter (PartnershipUpdate.objects.latest_received(as_at=)). One
        query, however many actions and links."""
        actions = list(actions)
        latest = PartnershipUpdate.objects.latest_received(as_at=as_at).filter(
            action=models.OuterRef("partnership_action")
        )
        links = (
            self.filter(
                Q(action__in=[action.pk for action in actions])
                | Q(recommendation__in={action.recommendation_id for action in actions})
            )
            .select_related("partnership_action__theme__plan")
            .annotate(
                latest_rag=models.Subquery(latest.values("rag")[:1]),
                latest_progress=models.Subquery(latest.values("progress")[:1]),
                latest_period=models.Subquery(latest.values("quarter__period")[:1]),
            )
            .order_by("position", "pk")
        )
        own, of_recommendation = defaultdict(list), defaultdict(list)
        for link in links:
            if link.action_id:
                own[link.action_id].append(link)
            else:
                of_recommendation[link.recommendation_id].append(link)
        result = {}
        for action in actions:
            shown, seen = [], set()
            for link in own[action.pk] + of_recommendation[action.recommendation_id]:
                if link.partnership_action_id not in seen:
                    seen.add(link.partnership_action_id)
                    shown.append(_delivered_through(link))
            result[action.pk] = shown
        return result

    def delivers(self, partnership_actions) -> dict[int, list["Delivery"]]:
        """The reverse: for each partnership action of `partnership_actions`
        (by pk), the scrutiny recommendations and actions it delivers, in
        the reviews' order. One query. Narrow to a reader first
        (visible_to): partner leads see none."""
        links = (
            self.filter(partnership_action__in=[action.pk for action in partnership_actions])
            .select_related("recommendation__review", "action__recommendation__review", "action__sub_action")
            .order_by(
                Coalesce("recommendation__review__title", "action__recommendation__review__title"),
                Coalesce("recommendation__number", "action__recommendation__number"),
                models.F("action__sub_action__letter").asc(nulls_first=True),
                "action__position",
                "pk",
            )
        )
        result = defaultdict(list)
        for link in links:
            result[link.partnership_action_id].append(link)
        return dict(result)

    def set_for(self, target, partnership_actions, *, by) -> None:
        """Make `partnership_actions`, in order, what delivers `target` (a
        scrutiny Recommendation or Action); each link added or removed is
        in the history, with `by`."""
        permissions.require(by, permissions.SET_DELIVERIES)
        field = "recommendation" if isinstance(target, Recommendation) else "action"
        wanted = [action.pk for action in partnership_actions]
        with transaction.atomic():
            existing = {link.partnership_action_id: link for link in self.filter(**{field: target})}
            for pk, link in existing.items():
                if pk not in wanted:
                    _attribute(link, by)
                    link.delete()
            for position, pk in enumerate(wanted):
                link = existing.get(pk) or Delivery(**{field: target}, partnership_action_id=pk)
                if link.pk is None or link.position != position:
                    link.position = position
                    _attribute(link, by)
                    link.save()


class Delivery(models.Model):
    """A scrutiny recommendation or action delivered through a partnership
    plan's action ("Delivered through: Hate Crime Action Plan 2018–2019,
    1.6")."""

    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    partnership_action = models.ForeignKey(PartnershipAction, on_delete=models.CASCADE, related_name="deliveries")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=True, action__isnull=False)
                | Q(recommendation__isnull=False, action__isnull=True),
                name="delivery_of_recommendation_or_action",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "partnership_action"], name="delivery_once_per_recommendation"
            ),
            models.UniqueConstraint(fields=["action", "partnership_action"], name="delivery_once_per_action"),
        ]

    def __str__(self):
        return f"{self.recommendation or self.action} delivered through {self.partnership_action.name}"

    @property
    def review(self):
        return self.recommendation.review if self.recommendation_id else self.action.recommendation.review

    @property
    def delivers_label(self) -> str:
        """'Hate Crime review, Recommendation 1 a) Schools, Colleges and
        Universities', as the plan side names what an action delivers."""
        target = str(self.recommendation) if self.recommendation_id else self.action.title
        return f"{self.review.title} review, {target}"


def _delivered_through(link) -> DeliveredThrough:
    """Reads what DeliveryQuerySet.delivered_through() annotated."""
    action = link.partnership_action
    return DeliveredThrough(
        plan=action.theme.plan.short_title,
        plan_slug=action.theme.plan.slug,
        theme=action.theme.heading,
        number=action.number,
        text=action.text,
        rag=link.latest_rag or "",
        quarter=quarter_label(link.latest_period) if link.latest_period else "",
        progress=link.latest_progress or "",
        through_recommendation=link.action_id is None,
        action_pk=action.pk,
    )
