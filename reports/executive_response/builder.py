"""Gathers a review's executive response into plain data, for the Cabinet
agenda: the report, the decision-maker, and each recommendation with the
executive's response, reasons and date.

`build_executive_response()` makes a fixed number of queries (the review's
link officers, its recommendations with their responses); the renderers
beside it print what it returns and never touch the database. Its grids are
reports/documents/grid.py's, as the Progress Update's are.
"""

import datetime
from dataclasses import dataclass

from actionplans.models import Review, SubAction, day_label, marked
from actionplans.models.council import council
from actionplans.models.plan import response_of
from actionplans.models.response import ResponseClock, clock_for
from reports.documents.grid import Cell, Grid, Row, part_heading

NOT_YET = "Not yet received"


@dataclass(frozen=True)
class RecommendationResponse:
    number: int
    text: str
    response: str  # "Accepted" …, or NOT_YET
    responded_on: str  # "14 February 2019", or ""
    reasons: str = ""
    accepted_part: str = ""
    # Its lettered parts as the Progress Update heads them: "a) targeted …".
    parts: tuple[str, ...] = ()
    responded_on_date: datetime.date | None = None  # the day itself, for the spreadsheet

    @property
    def text_with_parts(self) -> str:
        """The recommendation and its lettered parts, a line each."""
        return "\n".join([self.text, *self.parts])


# The facts' days and the review's fields they come from (Review.illustrative).
FACT_FIELDS = {
    "Report agreed:": "report_agreed",
    "Report to the executive:": "report_to_executive",
    "Response due:": "report_to_executive",  # due from the day the report went
}


@dataclass(frozen=True)
class ExecutiveResponseDocument:
    review_title: str
    review_slug: str
    committee: str
    link_officers: tuple[str, ...]
    decision_maker: str  # "Cabinet", or a Cabinet Member
    report_agreed: datetime.date | None
    report_to_executive: datetime.date | None
    clock: ResponseClock | None  # None before the report went to the executive
    published: bool
    recommendations: tuple[RecommendationResponse, ...]
    council: str = ""  # the council's name and what it calls its committees (its settings)
    committee_word: str = "Select Committee"
    illustrative: tuple[str, ...] = ()  # the review's days the demo invents (Review.illustrative)

    @property
    def title(self) -> str:
        return f"Scrutiny Review of {self.review_title} – Executive Response"

    @property
    def is_draft(self) -> bool:
        """Responses not yet published can only be printed as a draft."""
        return not self.published

    @property
    def response_due(self) -> datetime.date | None:
        return self.clock.due if self.clock else None

    @property
    def fact_values(self) -> list[tuple[str, str | datetime.date]]:
        """The lines under the title, label and value: a day as a date (the
        spreadsheet writes it as one), anything else as text."""
        return [
            ("Review:", self.review_title),
            (f"{self.committee_word}:", self.committee),
            ("Link Officer/s:", ", ".join(self.link_officers) or "None named"),
            ("Report agreed:", self.report_agreed or "Not recorded"),
            ("Report to the executive:", self.report_to_executive or "Not recorded"),
            ("Response due:", self.response_due or "–"),
            ("Responded:", self.responded),
            ("Decision-maker:", self.decision_maker),
        ]

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The lines under the title, as text: '10 January 2019'."""
        return [
            (
                label,
                marked(day_label(value), self, FACT_FIELDS.get(label, ""))
                if isinstance(value, datetime.date)
                else value,
            )
            for label, value in self.fact_values
        ]

    @property
    def marked_fact_values(self) -> list[tuple[str, str | datetime.date]]:
        """fact_values with the demo's mark in the label of a day it
        invents ('Report agreed (illustrative):'): the spreadsheet keeps the
        day a date."""
        return [
            (marked(label.rstrip(":"), self, FACT_FIELDS.get(label, "")) + ":", value)
            if isinstance(value, datetime.date)
            else (label, value)
            for label, value in self.fact_values
        ]

    @property
    def responded(self) -> str:
        """'15 March 2019, 5 days late', '14 February 2019, on time', or 'Not yet'."""
        if self.clock is None or self.clock.responded_on is None:
            return "Not yet"
        return f"{marked(day_label(self.clock.responded_on), self, 'responded_on')}, {self.clock.lateness}"

    def grids(self) -> list[tuple[RecommendationResponse, Grid]]:
        """Each recommendation's response as a grid of the Progress Update's
        kind: label column, value column."""
        result = []
        for rec in self.recommendations:
            rows = [
                Row("Response", (Cell(lead=rec.response),), keep_with_next=True),
                Row("Date of response", (Cell(text=rec.responded_on or "–"),), keep_with_next=True),
            ]
            if rec.accepted_part:
                rows.append(Row("Accepted part", (Cell(text=rec.accepted_part),), keep_with_next=True))
            if rec.reasons:
                rows.append(Row("Reasons", (Cell(text=rec.reasons),)))
            result.append((rec, Grid(headings=("",), rows=tuple(rows), reference=f"Recommendation {rec.number}")))
        return result


def build_executive_response(review: Review) -> ExecutiveResponseDocument:
    recs = list(review.recommendations.select_related("executive_response").order_by("number"))
    parts = {}
    for part in SubAction.objects.filter(recommendation__review=review).order_by("letter"):
        parts.setdefault(part.recommendation_id, []).append(part_heading(part.letter, part.text))
    lines = []
    for rec in recs:
        answer = response_of(rec)
        lines.append(
            RecommendationResponse(
                number=rec.number,
                text=rec.text,
                response=answer.get_response_display() if answer else NOT_YET,
                responded_on=marked(day_label(answer.responded_on), review, "responded_on") if answer else "",
                reasons=answer.reasons if answer else "",
                accepted_part=answer.accepted_part if answer else "",
                parts=tuple(parts.get(rec.pk, ())),
                responded_on_date=answer.responded_on if answer else None,
            )
        )
    answered = [answer for answer in (response_of(rec) for rec in recs) if answer is not None]
    clock = None
    if review.report_to_executive:
        clock = clock_for(
            review.report_to_executive,
            count=len(recs),
            answered=len(answered),
            last=max((answer.responded_on for answer in answered), default=None),
            review=review,
        )
    wording = council()
    return ExecutiveResponseDocument(
        council=wording.council_name,
        committee_word=wording.committee_name,
        review_title=review.title,
        review_slug=review.slug,
        committee=review.committee.name,
        link_officers=tuple(owner.name for owner in review.link_officers_in_order()),
        decision_maker=review.decision_maker,
        report_agreed=review.report_agreed,
        report_to_executive=review.report_to_executive,
        clock=clock,
        published=review.responses_published,
        recommendations=tuple(lines),
        illustrative=tuple(review.illustrative),
    )


def response_filename(document: ExecutiveResponseDocument, fmt: str) -> str:
    """'hate-crime-executive-response.pdf'."""
    return f"{document.review_slug}-executive-response.{fmt}"
