"""A framework of standards' dashboard, gathered into plain data: for one
area (the council, or a partnership) and one of its assessments, how many
characteristics of each standard are Met, Partly met, Not met and Not
assessed; the trend of those counts across the area's published
assessments; and the open gaps (Partly met, Not met) with the latest
status of the actions that will close them.

Counted in the database in a fixed number of queries, whatever the number
of characteristics or assessments; only the gaps are read row by row."""

from collections import Counter
from dataclasses import dataclass

from actionplans.grading import RATING_ORDER, Rating, rating_label, rating_tag_colour
from actionplans.models import Assessment, GapAction, GapLink, LocalResponse, day_label, marked_day
from reports.charts import Bar, StackedChart
from reports.standards.gap_links import gap_action_url, readable

RATING_KEYS = [rating.value for rating in RATING_ORDER]
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), as the
# other dashboards' are. Never alone: each part of a bar has its own
# pattern, and its word and number are printed by it.
RATING_COLOURS = {
    Rating.MET: "#00703c",
    Rating.PARTLY_MET: "#a84c00",
    Rating.NOT_MET: "#d4351c",
    Rating.NOT_ASSESSED: "#505a5f",
}
# White marks over each colour, on an 8-unit tile: none for Met, upright for
# Partly met, diagonal stripes for Not met, level for Not assessed.
RATING_PATTERNS = {
    Rating.MET: "",
    Rating.PARTLY_MET: "M4 0V8",
    Rating.NOT_MET: "M-2 2L2 -2M0 8L8 0M6 10L10 6",
    Rating.NOT_ASSESSED: "M0 4H8",
}
# The area that is the council itself, in the address (?area=council); a
# partnership is named by its slug.
COUNCIL = "council"


@dataclass(frozen=True)
class RatingMix:
    """How many characteristics were Met, Partly met, Not met and Not
    assessed: of one standard in an assessment, or of a whole assessment."""

    label: str  # as the chart draws it: short ("Standard 1", "1 October 2009")
    heading: str  # in full, as the table heads its row
    counts: dict  # Rating value -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def bars(self) -> list[Bar]:
        return [Bar(rating_label(key), self.counts.get(key, 0), RATING_COLOURS[key], key=key) for key in RATING_KEYS]

    @property
    def description(self) -> str:
        return f"{self.heading}: " + ", ".join(f"{bar.count} {bar.label}" for bar in self.bars)


# The row of a rating table that counts the whole assessment.
ALL_STANDARDS = "All standards"


def rating_mixes(standards, counts: dict) -> tuple[tuple[RatingMix, ...], RatingMix]:
    """Each standard's RatingMix, from one assessment's `counts` (by
    standard pk, as LocalResponseQuerySet.rating_counts() gives them), and
    the whole assessment's."""
    mixes = tuple(
        RatingMix(f"Standard {standard.number}", standard.heading, dict(counts.get(standard.pk, {})))
        for standard in standards
    )
    whole = sum((Counter(mix.counts) for mix in mixes), Counter())
    return mixes, RatingMix(ALL_STANDARDS, ALL_STANDARDS, dict(whole))


@dataclass(frozen=True)
class RatingChart(StackedChart):
    """Stacked bars (reports/includes/rag_chart.html) with the four
    ratings: two to a line of the legend, as "Not assessed 500" is wider
    than a RAG's word."""

    NOUN = "characteristic"
    COLUMNS, COLUMN = 2, 200

    @property
    def patterns(self) -> list[tuple[str, str, str]]:
        return [(key, RATING_COLOURS[key], RATING_PATTERNS[key]) for key in RATING_KEYS]


@dataclass(frozen=True)
class ClosingAction:
    action: GapAction
    url: str  # reports.standards.gap_links.gap_action_url: "" where the reader may not open it

    @property
    def tag(self) -> str:
        return self.action.status_colour


@dataclass(frozen=True)
class GapLine:
    """An open gap of the assessment shown: its characteristic, rating, the
    gap as recorded, and the actions linked to close it (none: "No action
    yet")."""

    label: str  # "2 C"
    anchor: str  # the characteristic's on the assessment's page
    text: str
    rating: str
    gap: str
    actions: tuple[ClosingAction, ...]

    @property
    def rating_label(self) -> str:
        return rating_label(self.rating)

    @property
    def tag(self) -> str:
        return rating_tag_colour(self.rating)


@dataclass(frozen=True)
class Area:
    """The council or a partnership, as the filter offers it, with its
    assessments the reader may see, newest first."""

    key: str  # COUNCIL or the partnership's slug
    name: str
    assessments: tuple[Assessment, ...]

    @property
    def published(self) -> list[Assessment]:
        return [a for a in self.assessments if a.is_published]

    @property
    def listed(self) -> list[tuple[Assessment, Assessment | None]]:
        """Each assessment, newest first, with the one before it
        (Assessment.previous_among; None for the first): the pages link the
        two's comparison."""
        return [(a, a.previous_among(b for b in self.assessments if b.pk != a.pk)) for a in self.assessments]


def area_key(assessment: Assessment) -> str:
    return assessment.partnership.slug if assessment.partnership_id else COUNCIL


def _newest_first(assessment: Assessment):
    return (assessment.assessed_on, assessment.pk)


def areas_of(assessments) -> list[Area]:
    """The areas that have assessed themselves in `assessments` (those of one
    framework the reader may see): the council first, then partnerships by
    name; each with its assessments, newest first."""
    grouped: dict[str, list[Assessment]] = {}
    for assessment in sorted(assessments, key=_newest_first, reverse=True):
        grouped.setdefault(area_key(assessment), []).append(assessment)
    areas = [Area(key, group[0].area, tuple(group)) for key, group in grouped.items()]
    return sorted(areas, key=lambda area: (area.key != COUNCIL, area.name))


def default_area(areas: list[Area]) -> Area | None:
    """The area whose latest published assessment is the latest of all;
    where none is published (a clerk's drafts), the latest assessed."""
    for pick in (lambda area: area.published, lambda area: list(area.assessments)):
        candidates = [(_newest_first(pick(area)[0]), area) for area in areas if pick(area)]
        if candidates:
            return max(candidates, key=lambda pair: pair[0])[1]
    return None


def default_assessment(area: Area) -> Assessment | None:
    """The area's latest published assessment; where none is published (a
    clerk's drafts), its latest."""
    published = area.published
    if published:
        return published[0]
    return area.assessments[0] if area.assessments else None


@dataclass(frozen=True)
class StandardsDashboard:
    area: str
    assessment_pk: int
    assessment_label: str  # "1 October 2009"
    is_draft: bool
    by_standard: RatingChart
    whole: RatingMix
    trend: RatingChart  # the area's published assessments, oldest first (may be empty)
    gaps: tuple[GapLine, ...]

    @property
    def gaps_without_action(self) -> int:
        return sum(1 for gap in self.gaps if not gap.actions)


def build_standards_dashboard(framework, *, assessment: Assessment, published, reader) -> StandardsDashboard:
    """`assessment`: the one shown (of `framework`); `published`: its area's
    published assessments, for the trend; `reader`: whose actions they may see
    (GapLink.objects.visible_to). Six queries: the standards, the counts of
    the assessment and of the trend's (together:
    LocalResponseQuerySet.rating_counts), the gaps, their actions' statuses
    (GapLink.objects.statuses), and the plans and reviews the reader may
    open (reports.standards.gap_links.readable)."""
    standards = list(framework.standards.all())
    published = sorted(published, key=_newest_first)
    counts = LocalResponse.objects.filter(assessment__in={assessment.pk, *(a.pk for a in published)}).rating_counts()
    mixes, whole = rating_mixes(standards, counts.get(assessment.pk, {}))
    trend = tuple(
        RatingMix(
            day_label(a.assessed_on),
            marked_day(a, "assessed_on"),
            dict(sum(counts.get(a.pk, {}).values(), Counter())),
        )
        for a in published
    )

    gaps = list(assessment.responses.with_gaps().in_order().select_related("characteristic__standard"))
    statuses = GapLink.objects.filter(local_response__assessment=assessment).visible_to(reader).statuses()
    plans, reviews = readable(reader)
    lines = tuple(
        GapLine(
            label=response.characteristic.label,
            anchor=response.characteristic.anchor,
            text=response.characteristic.text,
            rating=response.rating,
            gap=response.gap,
            actions=tuple(
                ClosingAction(action, gap_action_url(action, readable_plans=plans, readable_reviews=reviews))
                for action in statuses.get(response.pk, [])
            ),
        )
        for response in gaps
    )
    return StandardsDashboard(
        area=assessment.area,
        assessment_pk=assessment.pk,
        assessment_label=marked_day(assessment, "assessed_on"),
        is_draft=not assessment.is_published,
        by_standard=RatingChart(mixes),
        whole=whole,
        trend=RatingChart(trend),
        gaps=lines,
    )
