"""The review's story on its page, step by step: the report, the executive's
response, the action plan agreed, the monitoring rounds and the committee's
decisions. Gathered in a fixed number of queries (recommendations with
their responses, the clock's counts); the template only presents."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from actionplans import permissions
from actionplans.grading import Decision
from actionplans.models import CommitteeDecision, Review, Round, day_label, marked, marked_day
from actionplans.models.plan import response_of
from actionplans.models.response import ResponseClock, clock_for, response_period


@dataclass(frozen=True)
class ResponseLine:
    number: int
    response: str  # "Accepted", "Rejected" …
    responded_on: str  # "14 February 2019"
    reasons: str = ""
    accepted_part: str = ""


@dataclass(frozen=True)
class RoundLine:
    pk: int
    label: str
    status: str  # "published", "open for updates" …
    is_published: bool
    meeting_date: str = ""
    # The committee's decisions on a published round: "12 signed off, 1
    # closed, 3 carried forward" once published (at the meeting of
    # `decided_on`), else "".
    decisions: str = ""
    decided_on: str = ""
    # Read from imported papers, which record no meeting: `decisions` then
    # says only what they carried ("3 carried into the next paper").
    from_papers: bool = False
    decisions_recorded: bool = False  # for clerks: recorded, not yet published
    decidable: bool = False  # for clerks: the decisions page takes them now


@dataclass
class Timeline:
    report_agreed: str
    report_to_executive: str
    decision_maker: str
    clock: ResponseClock | None  # for clerks: where the response stands
    period: str  # "2 months"
    responses: list[ResponseLine] | None  # None: not for this reader (not yet published)
    responses_published: str  # the day they were published, or ""
    still_to_come: int  # recommendations without a response
    action_plan_agreed: str
    rounds: list[RoundLine] = field(default_factory=list)

    @property
    def decided_rounds(self) -> list[RoundLine]:
        """The published rounds, each with the committee's decisions or
        awaiting them."""
        return [r for r in self.rounds if r.is_published]


# The decisions in the order the timeline counts them, in its words.
DECISION_WORDS = [
    (Decision.SIGNED_OFF, "signed off"),
    (Decision.KEPT_OPEN, "kept open"),
    (Decision.CLOSED, "closed"),
    (Decision.CARRIED, "carried forward"),
]


def decision_counts(rounds: list[Round]) -> dict[int, tuple[Counter, datetime.date | None]]:
    """For each of `rounds`: how many of each decision the committee's
    recorded decisions on it hold, and the meeting that took them (None:
    read from imported papers). One grouped query, whatever the number of
    rounds and actions."""
    counts = defaultdict(Counter)
    meetings = {}
    rows = (
        CommitteeDecision.objects.filter(round__in=[r.pk for r in rounds])
        .order_by()
        .values("round", "decision")
        .annotate(n=Count("pk"), meeting=Max("meeting_date"))
    )
    for row in rows:
        counts[row["round"]][row["decision"]] += row["n"]
        meetings[row["round"]] = max(filter(None, (meetings.get(row["round"]), row["meeting"])), default=None)
    return {pk: (counts[pk], meetings.get(pk)) for pk in counts}


# What the imported papers show, in the order the timeline counts it.
PAPERS_WORDS = [(Decision.CARRIED, "carried into the next paper"), (Decision.CLOSED, "not carried")]


def decision_words(counts: Counter) -> str:
    """'12 signed off, 1 closed, 3 carried forward'."""
    return ", ".join(f"{counts[decision]} {words}" for decision, words in DECISION_WORDS if counts[decision])


def papers_counts(counts: Counter) -> str:
    """'3 carried into the next paper, 13 not carried': the decisions read
    from imported papers say no more than that."""
    carried = counts[Decision.CARRIED] + counts[Decision.KEPT_OPEN]
    left = counts[Decision.SIGNED_OFF] + counts[Decision.CLOSED]
    said = Counter({Decision.CARRIED: carried, Decision.CLOSED: left})
    return ", ".join(f"{said[decision]} {words}" for decision, words in PAPERS_WORDS if said[decision])


def review_timeline(review: Review, rounds: list[Round], user, *, decidable: Round | None = None) -> Timeline:
    """`rounds`: those the reader may see (access.readable_rounds);
    `decidable`: the round whose committee decisions `user` may record now
    (CommitteeDecision.why_not_decidable), if any."""
    clerk = permissions.builds_plans(user)
    decided = decision_counts([r for r in rounds if r.is_published])
    recs = list(review.recommendations.select_related("executive_response").order_by("number"))
    answers = [(rec, response_of(rec)) for rec in recs]
    shown = review.shows_responses_to(user)
    responses = _response_lines(review, answers) if shown else None
    answered = [answer for _, answer in answers if answer is not None]
    clock = None
    if permissions.builds_plans(user) and review.report_to_executive:
        clock = clock_for(
            review.report_to_executive,
            count=len(recs),
            answered=len(answered),
            last=max((a.responded_on for a in answered), default=None),
            review=review,
        )
    return Timeline(
        report_agreed=marked_day(review, "report_agreed"),
        report_to_executive=marked_day(review, "report_to_executive"),
        decision_maker=review.decision_maker,
        clock=clock,
        period=str(response_period()),
        responses=responses,
        responses_published=day_label(timezone.localdate(review.responses_published_at))
        if review.responses_published
        else "",
        still_to_come=len(recs) - len(answered),
        action_plan_agreed=review.action_plan_agreed_label,
        rounds=_round_lines(rounds, decided, clerk=clerk, decidable=decidable, setting_up=review.is_being_set_up),
    )


def _response_lines(review: Review, answers) -> list[ResponseLine]:
    """The executive's response to each recommendation answered so far."""
    return [
        ResponseLine(
            number=rec.number,
            response=answer.get_response_display(),
            responded_on=marked(day_label(answer.responded_on), review, "responded_on"),
            reasons=answer.reasons,
            accepted_part=answer.accepted_part,
        )
        for rec, answer in answers
        if answer is not None
    ]


def _round_lines(
    rounds: list[Round], decided: dict, *, clerk: bool, decidable: Round | None, setting_up: bool = False
) -> list[RoundLine]:
    """Each round's line: its status, its meeting, and the committee's
    decisions at it (`decided`: decision_counts()); a `clerk` sees those
    recorded but not yet published, and the round whose decisions may be
    recorded now. `setting_up`: the review's plan is still being set up."""
    return [_round_line(r, decided.get(r.pk), clerk=clerk, decidable=decidable, setting_up=setting_up) for r in rounds]


def round_status_words(r: Round, *, setting_up: bool) -> str:
    """What the review's page says of a round: its status; for one brought
    in from the council's papers, that it is their record; and, while the
    plan is still being set up, that readers see it once it is confirmed."""
    words = "imported from the council's papers" if r.imported else r.get_status_display().lower()
    if setting_up and r.is_published:
        words += ", seen by committee members once the plan is confirmed"
    return words


def _round_line(
    r: Round, decided: tuple | None, *, clerk: bool, decidable: Round | None, setting_up: bool = False
) -> RoundLine:
    """One round's line (`decided`: its decision_counts(), or None)."""
    counts, meeting = decided if decided is not None else (Counter(), None)
    from_papers = decided is not None and meeting is None
    if not (r.decisions_are_published and decided is not None):
        words = ""
    else:
        words = papers_counts(counts) if from_papers else decision_words(counts)
    return RoundLine(
        pk=r.pk,
        label=r.label,
        status=round_status_words(r, setting_up=setting_up),
        is_published=r.is_published,
        meeting_date=marked_day(r, "meeting_date"),
        decisions=words,
        decided_on=marked(day_label(meeting), r, "meeting_date") if meeting is not None else "",
        from_papers=from_papers,
        decisions_recorded=clerk and decided is not None and not r.decisions_are_published,
        decidable=clerk and decidable is not None and decidable.pk == r.pk,
    )
