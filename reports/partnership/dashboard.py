"""A partnership plan's dashboard, gathered into plain data: its actions'
RAG by theme in a published quarter (the latest, or the one chosen), the
trend of RAG over its published quarters, and the actions Red or past their
target date as at the end of the quarter shown.

Only published quarters count, and in them only the updates received
(approved): anything else reads Not rated, as the published report prints
"No update received". Counted in the database in a fixed number of queries,
whatever the number of actions; only the page of actions listed is read row
by row."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from actionplans.grading import NO_UPDATE_RECEIVED, NOT_RATED, RAG_MEANINGS, Rag
from actionplans.models import PartnershipAction, PartnershipUpdate, month_label
from actionplans.models.council import ScaleGrade
from actionplans.models.partnership_quarters import RagScale, printed_rag, rag_scale
from reports.charts import Bar, StackedChart

# Not rated: an update without a RAG, or none received.
NONE = "none"
# The words and colours are the council's current partnership scale's
# (RagScale, read once by the builder): colours with at least 3:1 contrast
# against white (WCAG 1.4.11, models.council.COLOURS). Never alone: each
# part of a bar has its own pattern, by what it means, and its word and
# number are printed by it. White marks over each colour, on an 8-unit
# tile: diagonal stripes for Red, upright for Amber, none for Green,
# cross-hatched for Complete, level for Not rated.
RAG_PATTERNS = {  # worst first: the order the dashboards count and draw RAG in
    Rag.RED: "M-2 2L2 -2M0 8L8 0M6 10L10 6",
    Rag.AMBER: "M4 0V8",
    Rag.GREEN: "",
    Rag.COMPLETE: "M-2 2L2 -2M0 8L8 0M6 10L10 6M-2 6L2 10M0 0L8 8M6 -2L10 2",
    NONE: "M0 4H8",
}


@dataclass(frozen=True)
class RagPalette:
    """What a dashboard counts and how it names and draws each: the RAG
    keys the council's scale has a grade for, worst first, then Not rated."""

    keys: tuple[str, ...]
    words: dict
    colours: dict

    @classmethod
    def of(cls, scale: RagScale, counted=()) -> "RagPalette":
        """`counted`: the keys counted, of which any the scale no longer has
        a grade for (given under an earlier scale) is shown too."""
        given = scale.keys
        keys = (*(key for key in RAG_PATTERNS if key != NONE and (key in given or key in counted)), NONE)
        words = {**{key: scale.label(key) for key in keys}, NONE: NOT_RATED}
        colours = {**{key: scale.chart_colour(key) for key in keys}, NONE: scale.chart_colour("")}
        return cls(keys, words, colours)

    def word(self, key: str) -> str:
        return self.words.get(key) or Rag(key).label

    def colour(self, key: str) -> str:
        return self.colours.get(key, self.colours[NONE])


# Actions listed a page at a time.
PER_PAGE = 25


@dataclass(frozen=True)
class RagMix:
    """How many actions were Red, Amber, Green, Complete and Not rated: in
    one theme in a quarter, or in the whole plan (as filtered)."""

    label: str  # as the chart draws it: short ("Theme 1", "Q2 2018")
    heading: str  # in full, as the table heads its row
    counts: dict  # RAG key -> count
    palette: RagPalette

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def bars(self) -> list[Bar]:
        palette = self.palette
        return [Bar(palette.word(key), self.counts.get(key, 0), palette.colour(key), key=key) for key in palette.keys]

    @property
    def description(self) -> str:
        return f"{self.heading}: " + ", ".join(f"{bar.count} {bar.label}" for bar in self.bars)


@dataclass(frozen=True)
class RagChart(StackedChart):
    """The RAG of a plan's actions, by theme or by quarter."""

    @property
    def patterns(self) -> list[tuple[str, str, str]]:
        keys = {bar.key: bar.colour for mix in self.rows for bar in mix.bars}
        return [(key, colour, RAG_PATTERNS.get(key, "")) for key, colour in keys.items()]


@dataclass(frozen=True)
class ActionLine:
    """An action Red or past its target date, as at its latest update
    received by the end of the quarter shown."""

    pk: int
    number: str
    text: str
    leads: str
    target: str
    rag: str  # a RAG key
    progress: str
    quarter: str  # the quarter of its latest update received, or ''
    past_target: bool
    label: str = NOT_RATED  # its RAG as given, on the council's scale of its day
    tag: str = "grey"  # the GOV.UK tag colour it was given in

    @property
    def rag_label(self) -> str:
        return self.label if self.quarter else NO_UPDATE_RECEIVED

    @property
    def is_red(self) -> bool:
        return self.rag == Rag.RED


@dataclass
class PartnershipDashboard:
    title: str
    slug: str
    quarter_label: str  # the quarter shown ("Q3 2018"); '' while none is published
    quarter_heading: str = ""  # "Q3 2018 (October to December 2018)"
    by_theme: RagChart | None = None
    whole_plan: RagMix | None = None
    trend: RagChart | None = None
    listed: list[ActionLine] = field(default_factory=list)  # the page asked for
    listed_total: int = 0
    worst: str = "Red"  # the council's word for the worst RAG (what the list picks out)
    finished: str = "Complete"  # its word for an action finished


def theme_label(theme) -> str:
    """A theme as a chart row names it: 'Theme 1', 'Strategic Objective A'
    (its full heading is in the table and the chart's description)."""
    if theme.label:
        kind = "Strategic Objective" if theme.kind == theme.Kind.OBJECTIVE else "Theme"
        return f"{kind} {theme.label}"
    return theme.title if len(theme.title) <= 36 else theme.title[:35] + "…"


def rag_counts(actions, quarters) -> dict:
    """{(quarter pk, theme pk): Counter of RAG keys} of `actions` in
    `quarters`, counting each quarter's updates: those received by their
    RAG, every other one Not rated. Two queries."""
    counts = defaultdict(Counter)
    updates = PartnershipUpdate.objects.filter(quarter__in=quarters, action__in=actions.values("pk")).order_by()
    for quarter, theme, n in updates.values_list("quarter", "action__theme").annotate(n=Count("pk")):
        counts[quarter, theme][NONE] += n
    for quarter, theme, rag, n in (
        updates.received().exclude(rag="").values_list("quarter", "action__theme", "rag").annotate(n=Count("pk"))
    ):
        counts[quarter, theme][rag] += n
        counts[quarter, theme][NONE] -= n
    return counts


def red_or_past_target(actions, *, quarter):
    """Of `actions`, those Red (not achieved, on the council's scale) at their latest update received by the end of
    `quarter`, or past their target date then
    (PartnershipActionQuerySet.past_target), in the plan's order."""
    red = PartnershipUpdate.objects.latest_received(by_quarter=quarter).filter(rag=Rag.RED).values("action")
    past = actions.past_target(quarter).values("pk")
    return actions.filter(Q(pk__in=red) | Q(pk__in=past)).in_plan_order()


def action_lines(actions, *, quarter) -> list[ActionLine]:
    """Rows of the list from `actions` (a page of them), as at the end of
    `quarter`, each RAG as it was given: two queries."""
    actions = list(actions)
    pks = [action.pk for action in actions]
    latest = {
        update.action_id: update
        for update in PartnershipUpdate.objects.latest_received(by_quarter=quarter)
        .filter(action__in=pks)
        .select_related("quarter", "level")
    }
    past = set(PartnershipAction.objects.filter(pk__in=pks).past_target(quarter).values_list("pk", flat=True))
    lines = []
    for action in actions:
        update = latest.get(action.pk)
        lines.append(
            ActionLine(
                pk=action.pk,
                number=action.number,
                text=action.text,
                leads=action.leads,
                target=action.target_text or month_label(action.target_month),
                rag=(update.rag or NONE) if update else NONE,
                progress=update.progress if update else "",
                quarter=update.quarter.label if update else "",
                past_target=action.pk in past,
                **_printed(update),
            )
        )
    return lines


def _printed(update) -> dict:
    label, tag = printed_rag(update.level.level() if update and update.level_id else None)
    return {"label": label, "tag": tag}


def given_scale(scale: RagScale, actions, quarters, counted) -> RagScale:
    """`scale`, with the grades given in `quarters` to `actions` for the
    RAG keys `counted` that it has no grade for (given under an earlier
    scale): the charts name them as they were given (Scale.with_given). One
    query, only where the scale lacks a key counted."""
    missing = [key for key in counted if key in RAG_MEANINGS and key not in scale.keys]
    if not missing:
        return scale
    updates = PartnershipUpdate.objects.received().filter(
        quarter__in=quarters, action__in=actions.values("pk"), rag__in=missing
    )
    given = {}
    for grade in ScaleGrade.objects.filter(pk__in=updates.values("level")).order_by("-scale__version", "position"):
        given.setdefault(grade.level().meaning, []).append(grade.level())
    return RagScale(scale.scale.with_given({meaning: tuple(levels) for meaning, levels in given.items()}))


def build_partnership_dashboard(
    plan, *, actions, quarters, quarter=None, themes=None, page: slice = slice(0, PER_PAGE)
) -> PartnershipDashboard:
    """`actions`: the plan's actions the reader chose (filtered); `quarters`:
    the plan's published quarters, oldest first; `quarter`: the one shown
    (the latest where None), the trend running up to it and the actions
    listed as at its end; `themes`: those shown (all the plan's where
    None); `page`: which of the actions listed to give in full."""
    quarters = list(quarters)
    if quarter is None and quarters:
        quarter = quarters[-1]
    scale = rag_scale()
    words = {"worst": scale.label(Rag.RED), "finished": scale.label(Rag.COMPLETE)}
    if quarter is None:
        return PartnershipDashboard(title=plan.title, slug=plan.slug, quarter_label="", **words)
    dashboard = PartnershipDashboard(
        title=plan.title, slug=plan.slug, quarter_label=quarter.label, quarter_heading=quarter.months_label, **words
    )
    listed = red_or_past_target(actions, quarter=quarter)
    dashboard.listed_total = listed.count()
    dashboard.listed = action_lines(listed[page], quarter=quarter)
    shown = [q for q in quarters if q.period <= quarter.period]
    counts = rag_counts(actions, shown)
    counted = {key for counter in counts.values() for key, n in counter.items() if n}
    palette = RagPalette.of(given_scale(scale, actions, shown, counted), counted)
    themes = list(plan.themes.all() if themes is None else themes)
    dashboard.by_theme = RagChart(
        tuple(
            RagMix(theme_label(theme), theme.heading, dict(counts[quarter.pk, theme.pk]), palette) for theme in themes
        )
    )
    dashboard.whole_plan = RagMix(
        "All themes", "All themes", dict(sum((counts[quarter.pk, theme.pk] for theme in themes), Counter())), palette
    )
    by_quarter = defaultdict(Counter)
    for (quarter_pk, _), counter in counts.items():
        by_quarter[quarter_pk].update(counter)
    dashboard.trend = RagChart(tuple(RagMix(q.label, q.label, dict(by_quarter[q.pk]), palette) for q in shown))
    return dashboard
