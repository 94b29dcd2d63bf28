"""Partnership action plans (seeds 002 and 004): a multi-agency partnership's
own plan, grouped by theme or strategic objective, whose actions' leads
report progress and a RAG status each quarter, and which a scrutiny
recommendation or action can name as what delivers it (Delivery, in
deliveries.py).

Here: the partnership, its organisations and indicators, the plan, its
themes and actions. Above it, partnership_quarters.py has the quarters and
their updates, and deliveries.py the links to the scrutiny recommendations.
The quarterly updates are `Update`s (workflow.py), like a round's progress
entries: the same statuses, verbs, version check and history. Who writes an
action's update is whoever belongs to one of its lead organisations
(Organisation.members); the plan's coordinator or a clerk checks it."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from actionplans import permissions
from actionplans.grading import Rag
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    _attribute,
    first_of_month,
    month_label,
    shorten,
)
from actionplans.models.workflow import EditConflict


def quarter_label(period: datetime.date, named: str = "") -> str:
    """'Q2 2018' for July 2018: financial quarters, Q1 April–June of the
    year named (seed 004's "Q1 2010"). `named`: the council's own words for
    the quarter where its file gave them ('Q2 2018/19', Quarter.named),
    which stand in place of ours."""
    if named:
        return named
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


def quarter_months_label(period: datetime.date, named: str = "") -> str:
    """'Q3 2018 (October to December 2018)': the quarter as a heading or a
    choice names it, since a financial quarter's label alone misleads (Q3
    2018 is not July to September). Documents keep the short label.
    `named`: the council's words for it ('Q3 2018/19'), in place of ours."""
    start = quarter_start(period)
    last = quarter_after(start) - datetime.timedelta(days=1)
    return f"{quarter_label(start, named)} ({start:%B} to {month_label(last)})"


class Repeat(models.TextChoices):
    """How a target recurs after its due month ("October 2018 Yearly":
    October 2018, then each October), as the plan's words say."""

    NONE = "", "Does not repeat"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"
    ONGOING = "ongoing", "Ongoing"


# A target's words that say it recurs, in the order they are looked for.
_REPEAT_WORDS = (
    (Repeat.YEARLY, re.compile(r"\b(?:yearly|annually|annual|each\s+year|every\s+year)\b", re.IGNORECASE)),
    (Repeat.QUARTERLY, re.compile(r"\b(?:quarterly|each\s+quarter|every\s+quarter)\b", re.IGNORECASE)),
    (Repeat.MONTHLY, re.compile(r"\b(?:monthly|each\s+month|every\s+month)\b", re.IGNORECASE)),
    (Repeat.ONGOING, re.compile(r"\b(?:on-?\s?going|continuous(?:ly)?|throughout)\b", re.IGNORECASE)),
)


def repeat_in(words: str) -> str:
    """The Repeat a target's words name ("October 2018 Yearly": yearly), or ''."""
    return next((str(repeat) for repeat, pattern in _REPEAT_WORDS if pattern.search(words or "")), "")


def due_label(target_month: datetime.date | None, repeats: str) -> str:
    """When an action or activity is due, in words, with the reason where
    it has no due month: 'October 2018, then each October', 'Ongoing: no
    due month'. The plan's own words are its target_text."""
    if target_month is None:
        return f"{Repeat(repeats).label}: no due month" if repeats else "No due month"
    month = month_label(target_month)
    return {
        Repeat.MONTHLY: f"{month}, then each month",
        Repeat.QUARTERLY: f"{month}, then each quarter",
        Repeat.YEARLY: f"{month}, then each {target_month:%B}",
        Repeat.ONGOING: f"{month}, and ongoing",
    }.get(repeats, month)


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
    history = AuditHistory()

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
    history = AuditHistory(m2m_fields=[members])

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


class IndicatorQuerySet(models.QuerySet):
    def current(self):
        """Those offered for new plans: not retired."""
        return self.filter(retired=False)

    def add(self, *, code: str, title: str, reference: str = "", by) -> "Indicator":
        permissions.require(by, permissions.MANAGE_INDICATORS)
        indicator = Indicator(code=indicator_code(code), title=title.strip(), reference=reference.strip())
        indicator.full_clean()
        _attribute(indicator, by)
        indicator.save()
        return indicator


def indicator_code(text: str) -> str:
    """'ni35', 'NI  35 ' -> 'NI 35': a code as the glossaries print it."""
    text = " ".join(text.split())
    if match := re.fullmatch(r"(?i)ni\s*(\d{1,3})", text):
        return f"NI {int(match.group(1))}"
    return text


class Indicator(models.Model):
    """A national indicator ("NI 35: Building resilience to violent
    extremism", serving PSA 26), as the plans' glossaries print them. A
    retired one stays on the plans that used it but is not offered for
    new ones."""

    code = models.CharField(max_length=30, unique=True, validators=ONE_LINE)
    title = models.CharField(max_length=300, blank=True, validators=ONE_LINE)
    reference = models.CharField(
        max_length=60, blank=True, validators=ONE_LINE, help_text='The PSA or DSO it serves ("PSA 26", "HO DSO").'
    )
    retired = models.BooleanField(default=False, help_text="Kept on the plans that use it; not offered for new ones.")
    history = AuditHistory()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.printed

    def rename(self, *, title: str, reference: str, by) -> None:
        """Change its title and the PSA or DSO it serves: every plan's
        glossary prints the new words."""
        permissions.require(by, permissions.MANAGE_INDICATORS)
        self.title, self.reference = title.strip(), reference.strip()
        self.full_clean()
        _attribute(self, by)
        self.save()

    def retire(self, *, by, retired: bool = True) -> None:
        """Retire it (retired=False: bring it back)."""
        permissions.require(by, permissions.MANAGE_INDICATORS)
        if self.retired != retired:
            self.retired = retired
            _attribute(self, by)
            self.save()

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
    history = AuditHistory()

    objects = PartnershipPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "title"]
        verbose_name = "partnership action plan"

    def __str__(self):
        return self.short_title

    # Addresses under /partnerships/ that are other pages, not plans.
    RESERVED_SLUGS = frozenset({"updates", "import", "indicators"})

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
        kept = set(self.glossary_entries.values_list("indicator__code", flat=True))
        retired = [code for code in codes if indicators[code].retired and code not in kept]
        if retired:
            raise ValidationError({"glossary": f"{', '.join(retired)} retired: it is not added to new glossaries"})
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

    def open_quarter(self, *, period, deadline, by, illustrative=()):
        """Open the next quarter, with an update waiting for every action.
        Quarters and their updates are defined above the plan
        (models/partnership_quarters.py): it reaches them by its relations.
        `illustrative`: the fields the demo invents (Quarter.illustrative)."""
        permissions.require(by, permissions.RUN_QUARTERS)
        period = quarter_start(period)
        with transaction.atomic():
            PartnershipPlan.objects.select_for_update().get(pk=self.pk)
            if self.quarters.filter(status=self.quarters.model.Status.OPEN).exists():
                raise ValidationError("Publish the open quarter before opening the next.")
            latest = self.quarters.order_by("-period").first()
            if latest and period <= latest.period:
                raise ValidationError({"period": f"The next quarter must come after {latest.label}."})
            quarter = self.quarters.model(plan=self, period=period, deadline=deadline, illustrative=list(illustrative))
            quarter.full_clean()
            _attribute(quarter, by)
            quarter.save()
            for action in self.actions():
                update = quarter.updates.model(action=action, quarter=quarter)
                _attribute(update, by)
                update.save()
        return quarter


class GlossaryEntry(models.Model):
    plan = models.ForeignKey(PartnershipPlan, on_delete=models.CASCADE, related_name="glossary_entries")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

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
    history = AuditHistory()

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

    def past_target(self, quarter):
        """Actions past their target as at the end of `quarter`: their
        target month had ended before then, and they were not Complete at their
        latest update received by then (PartnershipUpdate.objects.latest_received).
        Reckoned at the quarter's end, not today, so that an earlier
        quarter's dashboard reads as it did then."""
        complete = quarter.updates.model.objects.latest_received(by_quarter=quarter).filter(rag=Rag.COMPLETE)
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
    repeats = models.CharField(
        max_length=10, blank=True, choices=Repeat.choices, help_text="How the target recurs after its due month."
    )
    outcome = models.TextField(blank=True, validators=LONG_TEXT)
    indicators = models.ManyToManyField(Indicator, through="ActionIndicator", blank=True, related_name="actions")
    history = AuditHistory(m2m_fields=[lead_organisations])

    objects = PartnershipActionQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "position", "pk"]
        verbose_name = "partnership action"

    def __str__(self):
        return f"{self.number} {self.text}".strip()

    @property
    def due(self) -> str:
        return due_label(self.target_month, self.repeats)

    @property
    def name(self) -> str:
        """How a link names it: '1.6' (or the first words when unnumbered)."""
        return action_name(self.number, self.text)

    @property
    def full_name(self) -> str:
        """'1.6 Raise awareness of hate crime…' in full, for a heading or a
        banner about this one action; a list links it by it too (a list of
        bare numbers told the partner lead nothing)."""
        return " ".join(f"{self.number} {self.text}".split())

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
    history = AuditHistory()

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
    repeats = models.CharField(max_length=10, blank=True, choices=Repeat.choices)
    history = AuditHistory(m2m_fields=[lead_organisations])

    class Meta:
        ordering = ["action", "position", "pk"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.text[:60]

    @property
    def due(self) -> str:
        return due_label(self.target_month, self.repeats)


# Links to the scrutiny recommendations --------------------------------------


def action_anchor(pk: int) -> str:
    """The id of a partnership action's row on its plan's page, which the
    scrutiny pages' "Delivered through" links to."""
    return f"partnership-action-{pk}"
