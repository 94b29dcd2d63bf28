"""What scrutiny achieved (issue 74), counted and checked: each
recommendation as the ledger reads it (its review, the executive's
published response, its clock, its outcome, impacts and priority), and the
measures counted of a year's rows, each a rule in one place, so that the
number on a page and the rows its link opens are the same rows.

A measure asks of a row and a municipal year (Span): the committee page,
the annual report in its four formats, the list behind each number and the
public register all count and list with these, and nothing else."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from actionplans.grading import HAS_ACCEPTED_PART, Response
from actionplans.models import Action, CommitteeDecision, Impact, Recommendation, Review
from actionplans.models.outcomes import Clock, ImpactKind, Outcome
from actionplans.models.plan import response_of
from actionplans.models.rechecks import Recheck


@dataclass(frozen=True)
class Span:
    """The days counted: a municipal year's first and last, and the day the
    figures are as at (its last, or today while it runs)."""

    start: datetime.date
    end: datetime.date
    as_at: datetime.date

    @classmethod
    def of(cls, municipal, today: datetime.date) -> "Span":
        return cls(municipal.start, municipal.end, min(municipal.end, today))

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


# A recommendation's status (LedgerRow.status): the public register's and the open data's.
OPEN, COMPLETED, REJECTED = "Open", "Completed", "Rejected"
STATUSES = (OPEN, COMPLETED, REJECTED)


@dataclass(frozen=True)
class LedgerRow:
    """One recommendation as the ledger counts it."""

    recommendation: object  # Recommendation, with its review and committee selected
    response: str  # the executive's published response (Response), or ""
    responded_on: datetime.date | None
    clock: Clock
    outcome: object  # RecommendationOutcome, or None
    impacts: tuple  # Impact, in order
    priority: object  # RecommendationPriority, or None
    recheck: object = None  # OutcomeCheck, or None

    @property
    def review(self):
        return self.recommendation.review

    @property
    def evidenced_impacts(self) -> list:
        """Its impacts that say what changed and show it: of a kind other
        than "None yet", with a link to their evidence, a figure, or the
        officer's update that reported it."""
        return [impact for impact in self.impacts if impact.kind != ImpactKind.NONE_YET and _shown(impact)]

    @property
    def status(self) -> str:
        """Open, Completed (the committee finished with it) or Rejected (by the executive), as of its clock's today."""
        if self.clock.finished is None:
            return OPEN
        return REJECTED if self.clock.rejected else COMPLETED

    @property
    def open_priority(self):
        """Its priority mark while it is open (a mark outlives the work it marked)."""
        return self.priority if self.clock.finished is None else None

    def open_at(self, day: datetime.date) -> bool:
        """Still being monitored on `day`: its plan agreed or its report
        made by then, and the committee not finished with it."""
        clock = self.clock.as_at(day)
        return clock.started is not None and clock.started <= day and clock.finished is None


def counted_recommendations(committees):
    """The recommendations the ledger counts for `committees` (their pks):
    those of the reviews every reader knows of, as the annual report counts
    them (Review.objects.known_to_every_reader)."""
    return Recommendation.objects.filter(
        review__in=Review.objects.filter(committee__in=committees).known_to_every_reader()
    )


def _shown(impact) -> bool:
    return bool(impact.evidence_link or impact.amount is not None or impact.source_entry_id)


def read_ledger(recommendations, today: datetime.date) -> list[LedgerRow]:
    """The rows of `recommendations` (a queryset), in a fixed number of
    queries: the recommendations with their review, committee, response,
    outcome and priority; their actions; the actions' decisions with their
    rounds; their impacts."""
    decisions = CommitteeDecision.objects.select_related("round")
    actions = Action.objects.prefetch_related(Prefetch("decisions", decisions))
    read = recommendations.select_related(
        "review__committee", "executive_response", "outcome", "priority", "recheck"
    ).prefetch_related(
        Prefetch("actions", actions), Prefetch("impacts", Impact.objects.select_related("source_entry__round"))
    )
    return [_row(recommendation, today) for recommendation in read.order_by("review__title", "review", "number")]


def _row(recommendation, today: datetime.date) -> LedgerRow:
    answer = response_of(recommendation)
    published = answer is not None and recommendation.review.responses_published
    return LedgerRow(
        recommendation=recommendation,
        response=answer.response if published else "",
        responded_on=answer.responded_on if published else None,
        clock=(clock := Clock.of(recommendation, today)),
        # Reopened (a re-check said reverted): no outcome while it is open again.
        outcome=_related(recommendation, "outcome") if clock.finished else None,
        impacts=tuple(recommendation.impacts.all()),
        priority=_related(recommendation, "priority"),
        recheck=_related(recommendation, "recheck"),
    )


def _related(recommendation, name: str):
    """Its one-to-one `name` as selected, or None."""
    field = recommendation._meta.get_field(name)
    return field.get_cached_value(recommendation) if field.is_cached(recommendation) else None


@dataclass(frozen=True)
class Measure:
    """One count of the ledger: its words and its rule, asked of a row and
    a Span. With `impact`, a rule asked of each evidenced impact: it counts
    the row's impacts that pass it, not the row."""

    key: str
    label: str
    test: object  # (LedgerRow, Span) -> bool
    impact: object = None  # (Impact) -> bool

    @property
    def counts_impacts(self) -> bool:
        return self.impact is not None

    def rows(self, rows, span: Span) -> list[LedgerRow]:
        return [row for row in rows if self.test(row, span)]

    def impacts_of(self, row: LedgerRow) -> list:
        """The impacts of `row` it counts (none unless it counts impacts)."""
        return [impact for impact in row.evidenced_impacts if self.impact(impact)] if self.impact else []

    def count(self, rows, span: Span) -> int:
        chosen = self.rows(rows, span)
        if self.impact:
            return sum(len(self.impacts_of(row)) for row in chosen)
        return len(chosen)


def impact_measure(key: str, label: str, impact) -> Measure:
    """Counts the evidenced impacts passing `impact` of the recommendations
    finished in the year."""

    def test(row: LedgerRow, span: Span) -> bool:
        return _finished(row, span) and any(impact(given) for given in row.evidenced_impacts)

    return Measure(key, label, test, impact=impact)


def figure_measure(unit: str, period: str) -> Measure:
    """The impacts whose figure is in `unit` over `period`: summed together."""
    return impact_measure(
        "figure", f"Impacts in {unit} {period}".strip(), lambda impact: (impact.unit, impact.period) == (unit, period)
    )


def rows_link(year: int, key: str, *, committee: str = "", review: str = "", **more) -> str:
    """The address of the list of the rows behind a measure's count."""
    query = {"year": year, "measure": key, "committee": committee, "review": review, **more}
    return reverse("achieved_rows") + "?" + urlencode({name: value for name, value in query.items() if value != ""})


def _made(row: LedgerRow, span: Span) -> bool:
    return span.holds(row.review.report_agreed)


def _accepted(row: LedgerRow, span: Span) -> bool:
    """Made in the year, and accepted (or in part) by a response published
    and dated by the year end."""
    accepting = row.response == Response.ACCEPTED or row.response in HAS_ACCEPTED_PART
    return _made(row, span) and accepting and row.responded_on <= span.as_at


def _finished(row: LedgerRow, span: Span) -> bool:
    """The committee finished with it in the year (Clock.finished)."""
    return span.holds(row.clock.finished) and row.clock.finished <= span.as_at


def _completed(row: LedgerRow, span: Span) -> bool:
    """Finished in the year by the committee, not by the executive's rejection."""
    return _finished(row, span) and not row.clock.rejected


def _outcome_is(outcome: str):
    def test(row: LedgerRow, span: Span) -> bool:
        return _finished(row, span) and row.outcome is not None and row.outcome.outcome == outcome

    return test


def _rechecked(answer: str):
    def test(row: LedgerRow, span: Span) -> bool:
        check = row.recheck
        return check is not None and check.answer == answer and span.holds(check.recorded_on)

    return test


def _closed_by_target(row: LedgerRow, span: Span) -> bool:
    return _completed(row, span) and row.clock.closed_by_target is True


def _open_three_years(row: LedgerRow, span: Span) -> bool:
    """Still open at the year end (or today), open 36 months or more by then."""
    return row.open_at(span.as_at) and (row.clock.as_at(span.as_at).months or 0) >= 36


def _priority_open(row: LedgerRow, span: Span) -> bool:
    """Marked a priority by the committee, and still open at the year end."""
    return row.priority is not None and row.priority.marked_on <= span.as_at and row.open_at(span.as_at)


OUTCOME_MEASURES = tuple(
    Measure(outcome.value.replace("_", "-"), f"Recommendations {outcome.label.lower()}", _outcome_is(outcome.value))
    for outcome in Outcome
)
# Each kind of impact (but "None yet") and its measure, in the kinds' order.
IMPACT_MEASURES = {
    kind: impact_measure(
        f"impact-{kind.value}", f"Impacts evidenced: {kind.label}", lambda impact, kind=kind.value: impact.kind == kind
    )
    for kind in ImpactKind
    if kind != ImpactKind.NONE_YET
}
MEASURES = {
    measure.key: measure
    for measure in (
        Measure("made", "Recommendations made", _made),
        Measure("accepted", "Recommendations accepted, in whole or in part", _accepted),
        Measure("completed", "Recommendations completed", _completed),
        *OUTCOME_MEASURES,
        Measure("closed-by-target", "Completed by their target date", _closed_by_target),
        Measure("held", "Re-checked and held", _rechecked(Recheck.HELD)),
        Measure("partly-held", "Re-checked and partly held", _rechecked(Recheck.PARTLY)),
        Measure("reverted", "Re-checked and reverted: reopened", _rechecked(Recheck.REVERTED)),
        Measure("open-three-years", "Open three years or more", _open_three_years),
        Measure("priority", "Priority recommendations still open", _priority_open),
        impact_measure("impacts", "Impacts evidenced", lambda impact: True),
        *IMPACT_MEASURES.values(),
    )
}


def figures_by_unit(rows, span: Span) -> list[tuple[str, str, Decimal, int]]:
    """The figures of the evidenced impacts of recommendations finished in
    the year, summed where they share a unit and a period: (unit, period,
    total, how many impacts), largest count first."""
    totals, counts = Counter(), Counter()
    for row in rows:
        if not _finished(row, span):
            continue
        for impact in row.evidenced_impacts:
            if impact.amount is not None:
                totals[(impact.unit, impact.period)] += impact.amount
                counts[(impact.unit, impact.period)] += 1
    return [(unit, period, totals[(unit, period)], n) for (unit, period), n in counts.most_common()]
