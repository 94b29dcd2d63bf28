"""The committee's dashboard, gathered into plain data: for each review, its
latest published round's grades, how they moved since the round before and
the committee's decisions there, what needs attention, what is late, what
awaits the committee's decision, and its trend over every published round.

Every figure reads the published rounds' stored standing
(actionplans/models/standing.py), each grade as it was given: the counts,
the trend's included, one grouped query over every published round's rows
(figures_query()), and each list one query choosing the first LIST_LIMIT of
its rows in order.
A fixed number of queries, whatever the number of actions or rounds."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from actionplans.grading import MOVEMENT_ORDER, PROPOSED_FOR_SIGN_OFF, Decision, Movement
from actionplans.models import (
    Action,
    ProgressEntry,
    Round,
    Standing,
    TargetRevision,
    document_order,
    month_label,
    target_as_at,
)
from actionplans.models.council import all_scales
from actionplans.models.standing import AWAITING_DECISION, NEEDS_ATTENTION, PROPOSED, overdue_condition
from reports.charts import GradeMix
from reports.dashboards.lines import ActionLine, standing_lines
from reports.expressions import OneOf

# A dashboard is read at a glance: longer lists go to the filtered list.
LIST_LIMIT = 20


class PublishedRound(NamedTuple):
    pk: int
    review: int
    period: datetime.date
    scale: int | None = None  # the scale version it was published on (Round.published_scale)

    @property
    def label(self) -> str:
        return month_label(self.period)


@dataclass
class ReviewSummary:
    title: str
    slug: str
    round_label: str
    previous_label: str
    mix: GradeMix
    movements: dict  # Movement value: count
    decisions: dict  # Decision value (or PROPOSED_KEY, AWAITING_KEY): count
    attention: list[ActionLine] = field(default_factory=list)  # the first few needing attention
    overdue: list[ActionLine] = field(default_factory=list)  # the first few
    attention_total: int = 0
    overdue_total: int = 0
    trend: list[GradeMix] = field(default_factory=list)
    # The latest round's actions with no published decision of the
    # committee, the proposals for sign-off first: the first few.
    awaiting: list[ActionLine] = field(default_factory=list)
    awaiting_total: int = 0
    round_pk: int | None = None
    # For clerks: whether the decisions page takes the round's decisions
    # (no later round is open; CommitteeDecision.why_not_decidable).
    decidable: bool = False
    progress: dict | None = None  # the open round's updates by status, for clerks
    progress_round: str = ""

    @property
    def improved(self) -> int:
        return self.movements.get(Movement.IMPROVED, 0)

    @property
    def worse(self) -> int:
        return self.movements.get(Movement.WORSE, 0)

    @property
    def movement_rows(self) -> list[tuple[str, int]]:
        return [(Movement(m).label, self.movements[m]) for m in MOVEMENT_ORDER if self.movements.get(m)]

    @property
    def decision_rows(self) -> list[tuple[str, int]]:
        """The committee's decisions at the round, and what awaits one."""
        order = [PROPOSED_KEY, *Decision.values, AWAITING_KEY]
        return [(DECISION_WORDS[d], self.decisions[d]) for d in order if self.decisions.get(d)]


# The decision rows' keys for what has no published decision yet.
PROPOSED_KEY, AWAITING_KEY = "proposed", "awaiting"
DECISION_WORDS = {
    PROPOSED_KEY: PROPOSED_FOR_SIGN_OFF,
    AWAITING_KEY: "Otherwise awaiting the committee's decision",
    **{value: label for value, label in Decision.choices},
}


@dataclass(frozen=True)
class RevisedLine:
    """An action whose target was revised more than once, or (for clerks)
    whose update proposes a new one the link officer has yet to decide."""

    pk: int
    reference: str
    name: str  # Action.name
    review_title: str
    target: str  # "March 2021 (revised twice; originally October 2019)"
    revisions: int
    proposed: str = ""  # the month proposed, awaiting the link officer


@dataclass(frozen=True)
class DueResponse:
    """A review whose executive response is due within a week or overdue."""

    title: str
    slug: str
    decision_maker: str
    due: str  # "10 March 2019"
    clock: str  # "due in 3 days", "overdue by 2 days"
    overdue: bool


@dataclass
class CommitteeDashboard:
    name: str
    slug: str
    reviews: list[ReviewSummary]
    waiting: list[str]  # reviews with no published round yet
    revised: list[RevisedLine] = field(default_factory=list)  # the first LIST_LIMIT
    revised_total: int = 0
    # "Executive responses due": within a week, or overdue.
    responses_due: list[DueResponse] = field(default_factory=list)
    # Reviews still being set up whose executive responses are published:
    # (title, slug), for their response documents.
    responses_before_plan: list[tuple[str, str]] = field(default_factory=list)
    # The grades its figures draw and list, each as given (Scales.groups).
    groups: list = field(default_factory=list)

    @property
    def attention_groups(self) -> list:
        """The grades that need the committee's attention (at risk, slipped
        or not achieved), each as given: the lists' headings and links."""
        return [group for group in self.groups if group.level.needs_attention]

    @property
    def attention_words(self) -> str:
        """'Slipped or Not Achieved'."""
        return _either(group.words for group in self.attention_groups)

    @property
    def achieved_words(self) -> str:
        return _either(group.words for group in self.groups if group.level.proposes_sign_off)


def _either(labels) -> str:
    labels = list(labels)
    return " or ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 2 else labels)


# The dashboard lists actions revised more often than this.
REVISED_OFTEN = 1


def revised_lines(actions, *, with_proposals: bool) -> tuple[list[RevisedLine], int]:
    """The actions of `actions` revised more than once (and, with
    `with_proposals`, those with a new target awaiting the link officer):
    the first LIST_LIMIT in document order, and how many there are. At most
    three queries, whatever the number of actions; one where none is listed."""
    # The candidates from the revisions, not every action's count: a few
    # hundred revisions at 5,000 actions.
    counted = TargetRevision.objects.accepted() if with_proposals else TargetRevision.objects.published()
    often = counted.order_by().values("action").annotate(n=Count("*")).filter(n__gt=REVISED_OFTEN)
    wanted = Q(pk__in=often.values("action")) | (
        Q(pk__in=TargetRevision.objects.awaiting_decision().values("action")) if with_proposals else Q(pk__in=[])
    )
    # The actions to list found first, as their pks alone: where there are
    # none, nothing more is read; else only these are read whole. Those who
    # do not see open rounds (with_proposals False) know of the revisions
    # published (TargetRevisionQuerySet.published) alone.
    candidates = list(actions.filter(wanted).values_list("pk", flat=True))
    if not candidates:
        return [], 0
    chosen = in_line_order(
        with_lines(actions.filter(OneOf("pk", candidates)).with_revision_count(published_only=not with_proposals))
    )
    listed = list(chosen[:LIST_LIMIT])
    revisions = defaultdict(list)
    known = (
        Q(status=TargetRevision.Status.ACCEPTED)
        | Q(status=TargetRevision.Status.PROPOSED, entry__status=ProgressEntry.Status.SUBMITTED)
        if with_proposals
        else Q(pk__in=TargetRevision.objects.published().values("pk"))
    )
    for revision in (
        TargetRevision.objects.filter(action__in=[a.pk for a in listed])
        .filter(known)
        .order_by("applies_from", "decided_at", "pk")
    ):
        revisions[revision.action_id].append(revision)
    lines = []
    for action in listed:
        proposed = [r for r in revisions[action.pk] if r.is_proposed]
        lines.append(
            RevisedLine(
                pk=action.pk,
                reference=action.reference,
                name=action.name,
                review_title=action.recommendation.review.title,
                target=target_as_at(action.target_label, revisions[action.pk], None),
                revisions=action.revisions,
                proposed=proposed[-1].after_label if proposed and with_proposals else "",
            )
        )
    return lines, len(candidates)


def responses_due(reviews, *, published_only: bool = False) -> list[DueResponse]:
    """Of `reviews`, those whose executive response is due within a week or
    overdue, the most overdue first: one query. `published_only`: as a
    reader who sees only published responses knows it (not clerks)."""
    return due_responses(reviews.sent_to_executive(), published_only=published_only)


def due_responses(reviews, *, published_only: bool) -> list[DueResponse]:
    """Of `reviews` (annotated with_response_state()), those whose
    executive response is due within a week or overdue, the most overdue
    first, by their clocks (ResponseClock.is_due_soon): no query."""
    clocks = sorted(
        (
            (review.response_clock(published_only=published_only), review)
            for review in reviews
            if not (published_only and review.responses_published)
        ),
        key=lambda c: c[0].due or datetime.date.max,
    )
    return [
        DueResponse(
            title=review.title,
            slug=review.slug,
            decision_maker=review.decision_maker,
            due=clock.due_label,
            clock=clock.label,
            overdue=clock.is_overdue,
        )
        for clock, review in clocks
        if clock.is_due_soon
    ]


@dataclass
class _Counted:
    """One review's latest round, counted (counted_rounds())."""

    mix: Counter = field(default_factory=Counter)  # by grade id, None: no update
    movements: Counter = field(default_factory=Counter)
    decisions: Counter = field(default_factory=Counter)
    attention: int = 0
    overdue: int = 0
    awaiting: int = 0


def figures_query(rows):
    """The dashboard's figures: `rows` (Standing, with_overdue()) counted
    by round, grade as given, movement, decision and whether past its date,
    with how many of each need attention, await the committee's decision
    and are proposed for sign-off. One grouped query (bench/dashboards.py
    measures the page against it)."""
    return (
        rows.values_list("round_id", "grade_id", "movement", "decision", "overdue")
        .annotate(
            n=Count("pk"),
            attention=Count("pk", filter=NEEDS_ATTENTION),
            awaiting=Count("pk", filter=AWAITING_DECISION),
            proposed=Count("pk", filter=PROPOSED),
        )
        .order_by()
    )


def counted_rounds(rows) -> dict[int, _Counted]:
    """Of `rows` (Standing, with_overdue(): every published round's), by
    round: how many actions each grade as given (the trend's, and the
    latest round's mix), each movement and each decision, and how many need
    attention, are past their date, await the committee's decision and are
    proposed for sign-off (the conditions of models/standing.py). The
    dashboard's figures, in one grouped query."""
    counted = defaultdict(_Counted)
    for round, grade, movement, decision, overdue, n, attention, awaiting, proposed in figures_query(rows):
        count = counted[round]
        count.mix[grade] += n
        count.movements[movement] += n
        if decision:
            count.decisions[decision] += n
        count.decisions[PROPOSED_KEY] += proposed
        count.decisions[AWAITING_KEY] += awaiting - proposed
        count.attention += attention
        count.overdue += n if overdue else 0
        count.awaiting += awaiting
    for count in counted.values():
        count.decisions = +count.decisions
    return counted


def list_conditions(today: datetime.date) -> dict[str, tuple[Q, tuple]]:
    """What puts an action's row in each of the dashboard's lists (the
    conditions of models/standing.py), and what its rows are ordered by
    before document order: needing attention, past its date, and awaiting
    the committee's decision, the proposals for sign-off first."""
    proposals_first = Case(When(PROPOSED, then=Value(0)), default=Value(1))
    return {
        "attention": (NEEDS_ATTENTION, ()),
        "overdue": (overdue_condition(today), ()),
        "awaiting": (AWAITING_DECISION, (proposals_first,)),
    }


def first_in_each_round(rows, condition: Q, first: tuple) -> dict[int, list[int]]:
    """Of `rows`, those meeting `condition`, by round: the pks of the first
    LIST_LIMIT in order (`first`, then document order). One query, of pks
    alone."""
    firsts = defaultdict(list)
    ordered = rows.filter(condition).order_by("round_id", *first, *document_order("action__"))
    for pk, round in ordered.values_list("pk", "round_id"):
        if len(firsts[round]) < LIST_LIMIT:
            firsts[round].append(pk)
    return firsts


def list_lines(rows, scales, today: datetime.date) -> dict[str, dict[int, list[ActionLine]]]:
    """The lists of `rows` (the latest rounds' standing, with_overdue()):
    for each, by review, the first LIST_LIMIT lines in order that need
    attention, are past their date, and await the committee's decision. One
    query a list chooses its rows (first_in_each_round()), one reads them,
    one or two their owners."""
    chosen = {name: first_in_each_round(rows, *how) for name, how in list_conditions(today).items()}
    listed = [pk for firsts in chosen.values() for pks in firsts.values() for pk in pks]
    lines = {line.standing: line for line in standing_lines(rows.filter(OneOf("pk", listed)).order_by(), scales)}
    by_review = {name: defaultdict(list) for name in chosen}
    for name, firsts in chosen.items():
        for pks in firsts.values():
            for pk in pks:
                by_review[name][lines[pk].review_pk].append(lines[pk])
    return by_review


def with_lines(actions):
    """What revised_lines() reads of each action it lists, fetched with it."""
    return actions.select_related("recommendation__review", "sub_action")


def in_line_order(actions):
    """`actions` in the order the lists show them: by review, then as the
    plan numbers them."""
    return actions.order_by("recommendation__review__title", *document_order())


def open_round_progress(committee) -> dict[int, dict]:
    """Each review's open round, if any: its month and its updates counted
    by status ({review: {"period", "counts"}}), for clerks. One query."""
    progress = {}
    for row in (
        ProgressEntry.objects.filter(round__review__committee=committee, round__status=Round.Status.OPEN)
        .values("round__review", "round__period", "status")
        .annotate(n=Count("pk"))
    ):
        review_progress = progress.setdefault(row["round__review"], {"period": row["round__period"], "counts": {}})
        review_progress["counts"][row["status"]] = row["n"]
    return progress


def with_progress(summary: ReviewSummary, progress: dict | None) -> None:
    """The review's open round, if it has one: its updates by status, in
    the words of the statuses, and its month."""
    if progress is not None:
        summary.progress = {label: progress["counts"].get(value, 0) for value, label in ProgressEntry.Status.choices}
        summary.progress_round = month_label(progress["period"])


def review_summary(review, rounds: list[PublishedRound], counted: dict, lines: dict, groups) -> ReviewSummary:
    """One review's part of the dashboard, from its published `rounds` (in
    order), each counted (counted_rounds()), and its listed lines."""
    latest = rounds[-1]
    now = counted[latest.pk]
    return ReviewSummary(
        title=review.title,
        slug=review.slug,
        round_label=latest.label,
        previous_label=rounds[-2].label if len(rounds) > 1 else "",
        mix=GradeMix(latest.label, dict(now.mix), groups),
        movements=dict(now.movements),
        decisions=dict(now.decisions),
        attention=lines["attention"][review.pk],
        overdue=lines["overdue"][review.pk],
        attention_total=now.attention,
        overdue_total=now.overdue,
        trend=[GradeMix(r.label, dict(counted[r.pk].mix), groups) for r in rounds],
        awaiting=lines["awaiting"][review.pk],
        awaiting_total=now.awaiting,
        round_pk=latest.pk,
    )


def published_rounds(committee) -> list[PublishedRound]:
    """The published rounds of `committee`'s confirmed reviews, oldest
    first. Not a draft's (it may have imported some)."""
    rounds = Round.objects.filter(review__in=committee.reviews.confirmed(), status=Round.Status.PUBLISHED)
    rows = rounds.order_by("period").values_list("pk", "review", "period", "published_scale")
    return [PublishedRound(*row) for row in rows]


def published_on(rounds: list[PublishedRound]) -> set[int] | None:
    """The scale versions `rounds` were published on (Scales.groups): None
    where one's is not known (published before it was kept), or for none."""
    versions = {round.scale for round in rounds}
    return None if not versions or None in versions else versions


def build_committee_dashboard(committee, *, show_progress: bool, show_drafts: bool = False) -> CommitteeDashboard:
    """`show_drafts`: the reader sees reviews still being set up (clerks and
    administrators), whose executive response may be due before any plan."""
    scales = all_scales()
    # Plans still being set up are not monitored yet: no dashboard shows
    # them, but for their executive responses once published. With what
    # their response clocks read: the responses due are counted with the
    # reviews, in one query.
    every_review = list(committee.reviews.with_response_state().order_by("title"))
    reviews = [review for review in every_review if not review.is_being_set_up]
    published = published_rounds(committee)
    rounds_by_review = defaultdict(list)
    for round in published:
        rounds_by_review[round.review].append(round)
    today = timezone.localdate()
    counted = counted_rounds(Standing.objects.filter(round__in=[r.pk for r in published]).with_overdue(today))
    groups = scales.groups(
        {grade for count in counted.values() for grade in count.mix}, published_on=published_on(published)
    )
    latest = [rounds[-1].pk for rounds in rounds_by_review.values()]
    lines = list_lines(Standing.objects.filter(round__in=latest).with_overdue(today), scales, today)
    progress = open_round_progress(committee) if show_progress else {}

    summaries, waiting = [], []
    for review in reviews:
        rounds = rounds_by_review.get(review.pk, [])
        if not rounds:
            waiting.append(review.title)
            continue
        # Its charts list the grades of the scale it grades on: its own,
        # where its papers brought one in, else the council's.
        given = {grade for round in rounds for grade in counted[round.pk].mix}
        own = scales.groups(given, listing=scales.current_for(review.pk).id, published_on=published_on(rounds))
        summary = review_summary(review, rounds, counted, lines, own)
        # A round opened since carries what was left undecided.
        summary.decidable = show_progress and review.pk not in progress
        with_progress(summary, progress.get(review.pk))
        summaries.append(summary)
    actions = Action.objects.filter(recommendation__review__in=committee.reviews.confirmed())
    revised, revised_total = revised_lines(actions, with_proposals=show_progress)
    due = every_review if show_drafts else reviews
    return CommitteeDashboard(
        groups=groups,
        name=committee.name,
        slug=committee.slug,
        reviews=summaries,
        waiting=waiting,
        revised=revised,
        revised_total=revised_total,
        responses_due=due_responses(due, published_only=not show_drafts),
        responses_before_plan=[
            (review.title, review.slug)
            for review in every_review
            if review.is_being_set_up and review.responses_published_at is not None
        ],
    )
