"""A partnership action plan's quarterly report, laid out as seed 002 prints
it: under each theme's heading a table of Action | Lead Organisation /
Partner(s) | Target Date | Outcome | Progress | RAG; for a plan whose
objectives have activities (seed 004), Objective/Issue | Activity/Output |
Timeframe | Lead | National Indicator | Progress to date | RAG, and the
glossary of national indicators after it.

build_partnership_report gathers it once, in a fixed number of queries
whatever the plan's size, into plain dataclasses; the renderers beside it
(html.py, pdf.py, docx.py, xlsx.py: DOCUMENT_RENDERERS["partnership_report"])
only print them."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.text import slugify

from actionplans.models import ActionIndicator, Activity, PartnershipAction, PartnershipUpdate
from actionplans.models.common import month_label
from actionplans.models.council import council
from actionplans.models.partnership import action_anchor
from actionplans.models.partnership_quarters import RagScale, printed_rag, rag_scale
from reports.documents import NO_OPTIONS, ExportOptions

ACTION_COLUMNS = ("", "Action", "Lead Organisation / Partner(s)", "Target Date", "Outcome", "Progress", "RAG")


def activity_columns(quarter_label: str) -> tuple[str, ...]:
    """Seed 004's columns: 'Progress to date – Q1 2010', or 'Progress to
    date' for a quarter the paper does not name."""
    return (
        "Objective/Issue",
        "Activity/Output",
        "Timeframe",
        "Lead",
        "National Indicator",
        " – ".join(filter(None, ("Progress to date", quarter_label))),
        "RAG",
    )


@dataclass(frozen=True)
class ActivityLine:
    """An Activity/Output row of a numbered objective (seed 004)."""

    text: str
    timeframe: str
    leads: str
    target_month: object = None  # a date (the first of its month), or None
    due: str = ""  # when the timeframe makes it due, where its words do not say plainly (due_label)


NO_ACTIVITY = ActivityLine("", "", "")


@dataclass(frozen=True)
class ActionLine:
    number: str
    text: str
    leads: str
    target: str
    target_month: object  # a date (the first of its month), or None
    outcome: str
    indicators: tuple[str, ...]  # as the plan prints them: "NI 35 PSA 26"
    activities: tuple[ActivityLine, ...]
    progress: str  # plain text (actionplans.richtext); "" when none (an open quarter's draft: its status)
    received: bool
    rag: str  # its word as given, on the council's scale of its day: "Green"; "" where none was given
    rag_key: str  # what it means: "green", or "" when not rated
    rag_colour: str = ""  # its colour as given (a GOV.UK tag colour: "orange"), "" when not rated
    pk: int = 0
    due: str = ""  # when the target makes it due, where its words do not say plainly (due_label)

    @property
    def anchor(self) -> str:
        return action_anchor(self.pk)

    @property
    def objective(self) -> str:
        """'2. Develop and implement…': seed 004's Objective/Issue cell."""
        return f"{self.number}. {self.text}" if self.number else self.text

    @property
    def activity_rows(self) -> tuple[ActivityLine, ...]:
        """Seed 004 prints each activity as a row of its own, the
        objective's cells (Objective/Issue, National Indicator, Progress,
        RAG) spanning them; an objective without activities still has its
        row, the activity's cells empty."""
        return self.activities or (NO_ACTIVITY,)

    @property
    def span(self) -> int:
        return len(self.activity_rows)


@dataclass(frozen=True)
class ThemeSection:
    heading: str  # "1. Preventing Hate Crime", "Strategic Objective A: Improving Community Cohesion"
    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class GlossaryLine:
    code: str
    title: str
    reference: str


@dataclass(frozen=True)
class PartnershipReport:
    council: str
    partnership: str
    title: str  # as the plan is headed
    short_title: str
    slug: str
    period: str  # "April 2018 to March 2019"
    quarter_label: str  # "Q2 2018"; '' for a quarter the demo invents (Quarter.printed_label)
    is_draft: bool  # the quarter is still open, or DRAFT was asked for
    has_activities: bool
    themes: tuple[ThemeSection, ...]
    glossary: tuple[GlossaryLine, ...]
    agenda_header: str  # the running header asked for ("Agenda Item 8: Appendix 1")
    quarter_open: bool = False  # not yet published: an update not received reads its status

    @property
    def progress_to(self) -> str:
        """'progress to Q2 2018', as the plans head their progress column (the
        quarter's months not printed, a plan's papers not giving them);
        'progress to date' where the paper names no quarter."""
        return f"progress to {self.quarter_label or 'date'}"

    @property
    def heading(self) -> str:
        return f"{self.title}: {self.progress_to}"

    @property
    def subtitle(self) -> str:
        """'Stockton-On-Tees Hate Crime Group: progress to Q2 2018'."""
        return f"{self.partnership}: {self.progress_to}"

    @property
    def columns(self) -> tuple[str, ...]:
        return activity_columns(self.quarter_label) if self.has_activities else ACTION_COLUMNS

    @property
    def action_count(self) -> int:
        return sum(len(theme.actions) for theme in self.themes)


def build_partnership_report(plan, quarter, options: ExportOptions = NO_OPTIONS) -> PartnershipReport:
    """The plan's report of `quarter`. Published means approved: an update
    not approved is left out, its cells blank (in an open quarter's draft,
    its status: _line)."""
    actions = list(
        PartnershipAction.objects.filter(theme__plan=plan)
        .select_related("theme")
        .prefetch_related(
            Prefetch("indicator_links", queryset=ActionIndicator.objects.select_related("indicator")),
            Prefetch("activities", queryset=Activity.objects.order_by("position", "pk")),
        )
        .in_plan_order()
    )
    updates = {
        update.action_id: update for update in PartnershipUpdate.objects.filter(quarter=quarter).select_related("level")
    }
    scale = rag_scale()  # for an update given no grade of a scale (none since the scales were made)
    themes: dict[int, tuple] = {theme.pk: (theme, []) for theme in plan.themes.order_by("position", "pk")}
    for action in actions:
        themes[action.theme_id][1].append(_line(action, updates.get(action.pk), scale, quarter_open=quarter.is_open))
    glossary = tuple(
        GlossaryLine(entry.indicator.code, entry.indicator.title, entry.indicator.reference)
        for entry in plan.glossary_entries.select_related("indicator")
    )
    return PartnershipReport(
        council=council().council_name,
        partnership=plan.partnership.name,
        title=plan.title,
        short_title=plan.short_title,
        slug=plan.slug,
        period=plan.period_label,
        quarter_label=quarter.printed_label,
        is_draft=quarter.is_open or options.draft,
        quarter_open=quarter.is_open,
        has_activities=any(action.activities.all() for action in actions),
        themes=tuple(ThemeSection(theme.heading, tuple(lines)) for theme, lines in themes.values()),
        glossary=glossary,
        agenda_header=options.agenda_header,
    )


def _line(action, update, scale: RagScale, *, quarter_open: bool) -> ActionLine:
    """An update not received leaves its Progress blank once the quarter is
    published, and a RAG not given its RAG blank, as the partnership's own
    papers do (seed 004's item 5, the RAG columns of seeds 002 and 004):
    "No update received" is the scrutiny paper's words for an update left
    out of its round, and "Not rated" the dashboard's count. While the
    quarter is open (a draft), an update not received reads its status. A
    RAG reads as it was given, in the words and colour of the council's
    scale then."""
    missing = ""
    if update is not None and not update.is_received:
        if quarter_open:
            missing = PartnershipUpdate.WHILE_OPEN[update.status]
        update = None
    rag = update.rag if update else ""
    level = scale.level(rag) if rag else None  # given no grade of a scale: the current one's
    if update is not None and update.level_id:
        level = update.level.level()
    words, colour = printed_rag(level)
    return ActionLine(
        number=action.number,
        text=action.text,
        leads=action.leads,
        target=action.target_text or month_label(action.target_month),
        target_month=action.target_month,
        due=_due(action),
        outcome=action.outcome,
        indicators=tuple(link.indicator.printed for link in action.indicator_links.all()),
        activities=tuple(
            ActivityLine(
                activity.text,
                activity.target_text or month_label(activity.target_month),
                activity.leads,
                activity.target_month,
                _due(activity),
            )
            for activity in action.activities.all()
        ),
        progress=update.progress if update else missing,
        received=update is not None,
        rag=words if level else "",
        rag_key=rag,
        rag_colour=colour if level else "",
        pk=action.pk,
    )


def report_filename(document: PartnershipReport, fmt: str) -> str:
    """'hate-crime-action-plan-2018-2019-q2-2018.pdf' ('…-q1-201819.pdf'
    for the file's 'Q1 2018/19'); the plan's slug alone for a quarter the
    paper does not name."""
    name = "-".join(filter(None, (document.slug, slugify(document.quarter_label))))
    return f"{name}.{fmt}"


def _due(item) -> str:
    """'Due October 2018, then each October' for 'October 2018 Yearly';
    'Ongoing: no due month': shown on screen beside the plan's own words,
    unless they say no more than the month."""
    due = item.due
    if due == (item.target_text or month_label(item.target_month)) or not (item.target_text or item.target_month):
        return ""
    return f"Due {due}" if item.target_month else due
