"""A self-assessment's page, as readers and clerks use it: the framework,
the area and the date, a summary of the ratings by standard, then each
standard's characteristics with their function, Local response, rating,
evidence, gap and the actions closing the gap with their latest status.
For a clerk, a draft's Change links, details, publishing and deleting.

The page is gathered once into plain data (a fixed number of queries,
however many characteristics and actions); the template only presents it
(its view: reports/standards/views.py assessment_detail)."""

from dataclasses import dataclass, field

from django.urls import reverse

from actionplans.grading import rating_tag_colour
from actionplans.models import Assessment, GapLink, LocalResponse
from reports.standards.dashboard import RatingMix, rating_mixes
from reports.standards.gap_links import gap_action_url, readable


@dataclass(frozen=True)
class ClosingAction:
    """An action closing a gap, as the page links it."""

    name: str  # "Hate Crime Action Plan 2018–2019, 3.3"
    text: str
    status: str  # "Green, Q2 2018"; "1 (Fully Achieved), March 2020"; "No update received"
    url: str  # its plan's row or the scrutiny action's page; "" where the reader may not open it
    kind: str  # "partnership" or "scrutiny"
    status_colour: str  # the GOV.UK tag's colour, beside the status (GapAction.status_colour)


@dataclass(frozen=True)
class CharacteristicRow:
    anchor: str
    label: str  # "1 A"
    text: str
    function: str
    response: str
    rating: str
    rating_label: str
    rating_colour: str  # the GOV.UK tag's colour, beside the word
    evidence: str
    gap: str
    leaves_a_gap: bool
    actions: tuple[ClosingAction, ...]
    change_url: str  # a clerk's, on a draft; ""


@dataclass
class StandardSection:
    heading: str  # "1. Third Party Reporting"
    definition: str
    rows: list[CharacteristicRow] = field(default_factory=list)


@dataclass(frozen=True)
class AssessmentPage:
    standards: list[StandardSection]
    summary: tuple[RatingMix, ...]  # each standard's ratings, as the dashboard counts them
    totals: RatingMix
    open_gaps: int


def _closing_action(gap_action, readable_plans: set[str], readable_reviews: set[str]) -> ClosingAction:
    url = gap_action_url(gap_action, readable_plans=readable_plans, readable_reviews=readable_reviews)
    return ClosingAction(
        name=gap_action.name,
        text=gap_action.text,
        status=gap_action.status,
        url=url,
        kind=gap_action.kind,
        status_colour=gap_action.status_colour,
    )


def build_assessment_page(assessment: Assessment, reader, *, can_change: bool) -> AssessmentPage:
    """A fixed number of queries whatever the size: the responses, their
    counts, the actions' statuses, and the plans and the reviews the reader
    may open (reports.standards.gap_links.readable)."""
    responses = list(
        LocalResponse.objects.filter(assessment=assessment).select_related("characteristic__standard").in_order()
    )
    statuses = GapLink.objects.filter(local_response__assessment=assessment).visible_to(reader).statuses()
    readable_plans, readable_reviews = readable(reader)
    sections: dict[int, StandardSection] = {}
    standards = {}
    for response in responses:
        characteristic = response.characteristic
        standard = characteristic.standard
        standards.setdefault(standard.pk, standard)
        section = sections.setdefault(standard.pk, StandardSection(standard.heading, standard.definition))
        section.rows.append(
            CharacteristicRow(
                anchor=characteristic.anchor,
                label=characteristic.label,
                text=characteristic.text,
                function=characteristic.function,
                response=response.response,
                rating=response.rating,
                rating_label=response.rating_label,
                rating_colour=rating_tag_colour(response.rating),
                evidence=response.evidence,
                gap=response.gap,
                leaves_a_gap=response.leaves_a_gap,
                actions=tuple(
                    _closing_action(action, readable_plans, readable_reviews)
                    for action in statuses.get(response.pk, [])
                ),
                change_url=reverse("record_local_response", args=[assessment.pk, response.pk]) if can_change else "",
            )
        )
    summary, totals = rating_mixes(standards.values(), assessment.rating_counts())
    return AssessmentPage(
        standards=list(sections.values()),
        summary=summary,
        totals=totals,
        open_gaps=sum(response.leaves_a_gap for response in responses),
    )
