"""Where each action stands: its grade in a review's latest published round
(or the round chosen), the grade before, the movement between them, and
whether its target date has passed. Done in the database, as annotations,
so the dashboards and the filtered list make a fixed number of queries
however many actions there are.

The committee sees only what it received: every grade read here is that of
an approved update (ProgressEntry.objects.received()); anything else in a
published round reads "No update received".

Two rules are written here again as SQL, and tests hold each to its Python
twin in every case: the carry-forward rule (`leaves_monitoring()` below,
twin of Action.signed_off_in(); tests/test_dashboards.py and
tests/test_movement.py) and the movement (`movement` below, twin of
actionplans.grading.movement(); tests/test_movement.py), a rejected
recommendation's actions included (never carried). Both read only the
committee's PUBLISHED decisions (StandingRounds.decided).
"""

import datetime
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import models
from django.db.models import Case, Count, F, FilteredRelation, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplans.grading import LEAVES_MONITORING, SIGNS_OFF, Decision, Movement, Response
from actionplans.models import Action, CommitteeDecision, ProgressEntry, Round

PUBLISHED = Round.Status.PUBLISHED


# The executive rejected the action's recommendation: it is not monitored
# (Recommendation.is_rejected, read by Action.is_carried_into()).
def rejected(prefix: str = "") -> Q:
    return Q(**{f"{prefix}recommendation__executive_response__response": Response.REJECTED})


REJECTED = rejected()


# What standing is worked out from, of each published round: the rows
# StandingRounds.of() and grade_mix_by_round() read.
ROUND_FIELDS = ("pk", "review", "period", "decisions_published_at")


class StandingRounds(NamedTuple):
    """The published rounds that standing is worked out from."""

    now: list[int]  # each review's latest published round
    before: list[int]  # each review's published round before that
    published: dict[int, datetime.date]  # every published round (up to now): its month
    # The published rounds whose committee decisions are published: their months.
    decided: dict[int, datetime.date]

    @classmethod
    def of(cls, rounds) -> "StandingRounds":
        """From (pk, review, period, decisions_published_at) of published
        rounds, in any order."""
        rounds = sorted(rounds, key=lambda round: round[2], reverse=True)
        now, before = {}, {}
        for pk, review, _, _ in rounds:
            if review not in now:
                now[review] = pk
            elif review not in before:
                before[review] = pk
        return cls(
            list(now.values()),
            list(before.values()),
            {pk: period for pk, _, period, _ in rounds},
            {pk: period for pk, _, period, decided in rounds if decided is not None},
        )


def standing_rounds(actions, *, as_at: datetime.date | None = None) -> StandingRounds:
    """The published rounds (up to `as_at`) of the reviews of `actions`."""
    rounds = Round.objects.filter(status=PUBLISHED, review__in=actions.values("recommendation__review"))
    if as_at is not None:
        rounds = rounds.filter(period__lte=as_at)
    return StandingRounds.of(rounds.values_list(*ROUND_FIELDS))


def _received(relation: str) -> Q:
    """ProgressEntry.objects.received(), written as a condition on a
    relation to entries, for joins (a FilteredRelation takes a condition,
    not a queryset). tests/test_standing.py holds the two to the same
    entries."""
    return Q(**{f"{relation}__status": ProgressEntry.Status.APPROVED})


def _received_at(round: str) -> Q:
    """An action's update at the round joined as `round`, if the committee
    received it: one look-up in the (action, round) index."""
    return Q(entries__round=F(f"{round}__pk")) & _received("entries")


def _in(field: str, pks: list[int]) -> Q:
    """`field` is one of `pks`; an empty IN would empty the whole query, not
    just the join it conditions, so none is written as a pk that is null."""
    return Q(**{f"{field}__in": pks}) if pks else Q(**{f"{field}__isnull": True})


class OneOf(models.Expression):
    """A condition for filter(): `field` is one of `values` (a list of
    pks, however long). On PostgreSQL it is sent as one array, `= ANY(%s)`,
    not as an IN with a parameter for each value: the driver scans a query's
    text for its parameters every time it sends it, and the ORM prepares each
    one, which for the few hundred actions a dashboard lists took longer than
    the database's look-up. Elsewhere, IN (...)."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, field: str, values):
        super().__init__()
        self.column = F(field)
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if not self.values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [*params, self.values]
        return f"{column} IN ({', '.join(['%s'] * len(self.values))})", [*params, *self.values]


class RoundMonth(models.Func):
    """The month of a round, if it is one of `published` ({pk: month});
    NULL for any other. Written out as one CASE with the months as
    parameters: cheap to compile however many rounds there are, and it spares
    the query a join to the rounds."""

    output_field = models.DateField()

    def __init__(self, round_field: str, published: dict[int, datetime.date]):
        super().__init__(F(round_field))
        self.published = published

    def as_sql(self, compiler, connection, **extra_context):
        if not self.published:
            return "CAST(NULL AS DATE)", []  # typed, for PostgreSQL's MIN()
        column, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for pk, month in self.published.items():
            params += [pk, connection.ops.adapt_datefield_value(month)]
        whens = " ".join(["WHEN %s THEN %s"] * len(self.published))
        return f"CASE {column} {whens} END", params


def leaves_monitoring(decided: dict[int, datetime.date]) -> Subquery:
    """For an action (the outer query's), the month of the first of the
    `decided` rounds (those whose decisions are published) whose decision
    signed it off or closed it: the round after which it leaves monitoring.
    The SQL twin of Action.signed_off_in(). It reads the action's decisions
    and nothing else (a join to the rounds inside it made PostgreSQL build a
    hash table for every action): a round whose decisions are not published
    has no month here, and MIN() passes over it."""
    return Subquery(
        CommitteeDecision.objects.filter(action=OuterRef("pk"), decision__in=LEAVES_MONITORING)
        .order_by()
        .values("action")
        .annotate(month=Min(RoundMonth("round", decided)))
        .values("month")
    )


def _earlier_grade(field: str = "grade"):
    """The latest grade an action received before its round now (the
    approved, graded update of the latest round before it): what it meant
    (`grade`), or the grade itself as given (`level`)."""
    return Subquery(
        ProgressEntry.objects.filter(
            action=OuterRef("pk"),
            status=ProgressEntry.Status.APPROVED,
            grade__isnull=False,
            round__period__lt=OuterRef("round_now_period"),
        )
        .order_by("-round__period")
        .values(field)[:1]
    )


def with_standing(
    actions,
    *,
    as_at: datetime.date | None = None,
    today: datetime.date | None = None,
    rounds: StandingRounds | None = None,
):
    """The actions monitored in their review's latest published round (the
    latest up to `as_at`, where given), annotated with:
    round_now, round_now_period, round_before, grade_now, grade_before
    (what the grades meant), level_now, level_before (the grades as given),
    movement (a Movement value) and overdue (target month passed, not Fully
    Achieved). `rounds`: standing_rounds(actions, as_at=as_at), where the
    caller has it already.

    The rounds and the grades are joined rather than looked up in
    subqueries, so that the movement, which reads them many times, reads
    columns (one index look-up each per action, not one per mention)."""
    today = today or timezone.localdate()
    rounds = rounds if rounds is not None else standing_rounds(actions, as_at=as_at)
    now, before = rounds.now, rounds.before
    decided_now = [pk for pk in now if pk in rounds.decided]
    actions = (
        actions.annotate(
            standing_round_now=FilteredRelation(
                "recommendation__review__rounds", condition=_in("recommendation__review__rounds", now)
            ),
            standing_round_before=FilteredRelation(
                "recommendation__review__rounds", condition=_in("recommendation__review__rounds", before)
            ),
        )
        .annotate(
            standing_entry_now=FilteredRelation("entries", condition=_received_at("standing_round_now")),
            standing_entry_before=FilteredRelation("entries", condition=_received_at("standing_round_before")),
            # The committee's published decision at the round now, if any.
            standing_decision_now=FilteredRelation(
                "decisions",
                condition=Q(decisions__round=F("standing_round_now__pk")) & _in("decisions__round", decided_now),
            ),
        )
        .annotate(
            round_now=F("standing_round_now__pk"),
            round_now_period=F("standing_round_now__period"),
            round_before=F("standing_round_before__pk"),
            grade_now=F("standing_entry_now__grade"),
            # The round before's grade; where it received none, the latest
            # grade an earlier round did (not a first assessment).
            grade_before=Coalesce(F("standing_entry_before__grade"), _earlier_grade()),
            # The same grades as they were given (ScaleGrade ids), each
            # keeping its label whatever the council's scale says now:
            # columns of the joins above, and a subquery only where the
            # round before received no grade. A query that does not select
            # them (values_list()) does not compute them.
            level_now=F("standing_entry_now__level"),
            level_before=Case(
                When(standing_entry_before__grade__isnull=False, then=F("standing_entry_before__level")),
                default=_earlier_grade("level"),
                output_field=models.IntegerField(),
            ),
            decision_now=F("standing_decision_now__decision"),
        )
    )
    # Left monitoring after a round before this one: a month before this
    # one's (no month at all: never, compared as the last day there is).
    leaves = Coalesce(leaves_monitoring(rounds.decided), Value(datetime.date.max))
    return (
        actions.filter(round_now__isnull=False)
        .alias(leaves_after=leaves)
        .filter(Q(leaves_after__gte=F("round_now_period")) & ~REJECTED)
        .annotate(
            # The SQL twin of actionplans.grading.movement(): keep them in step.
            movement=Case(
                When(decision_now=Decision.CLOSED, then=Value(Movement.CLOSED)),
                When(decision_now=Decision.SIGNED_OFF, then=Value(Movement.SIGNED_OFF)),
                When(decision_now=Decision.KEPT_OPEN, then=Value(Movement.KEPT_OPEN)),
                When(grade_now__isnull=True, then=Value(Movement.NO_UPDATE)),
                When(Q(grade_now=SIGNS_OFF) & Q(decision_now__isnull=True), then=Value(Movement.PROPOSED)),
                When(grade_before__isnull=True, then=Value(Movement.FIRST)),
                When(grade_now__lt=F("grade_before"), then=Value(Movement.IMPROVED)),
                When(grade_now=F("grade_before"), then=Value(Movement.UNCHANGED)),
                default=Value(Movement.WORSE),
                output_field=models.CharField(),
            ),
            overdue=Case(
                When(
                    Q(target_month__lt=today.replace(day=1)) & (Q(grade_now__isnull=True) | ~Q(grade_now=SIGNS_OFF)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )
    )


# Up to this many actions that left monitoring are named in the trend's
# query as a list of ids (within the 999 parameters of the oldest SQLite
# Django supports); more, and the query reads them again from their
# decisions.
LISTED_LEAVERS = 900


def grade_mix_by_round(rounds, *, monitored: dict[int, int] | None = None) -> dict[int, Counter]:
    """For each of the published `rounds`: how many of the actions it carried
    it graded 1 to 4 (from approved updates), and how many had none (None) —
    what with_standing(as_at=that round) counts, in a few grouped queries
    however many rounds and actions there are.

    An action is carried by every published round up to the one after which
    it leaves monitoring (Action.signed_off_in()): `leaving` below counts,
    for each review, its actions by that round's month (None while
    monitored; the first day there is for a rejected recommendation's, never
    carried), and `leaves` holds the month of each that left.

    `monitored`: how many actions with_standing() finds monitored at each
    review's latest published round ({review pk: n}), where the caller has
    counted them already (the dashboard); the actions ever carried are
    those and the ones that left before that round, and are not counted
    again here. `rounds`: a queryset of rounds, or where the caller has read
    them, the published ones as rows of ROUND_FIELDS."""
    if hasattr(rounds, "filter"):
        rounds = rounds.filter(status=PUBLISHED).values_list(*ROUND_FIELDS)
    rounds = list(rounds)
    decided = {pk: period for pk, _, period, when in rounds if when is not None}
    reviews = {review for _, review, _, _ in rounds}
    latest = {}
    for _, review, period, _ in rounds:
        latest[review] = max(period, latest.get(review, period))
    actions = Action.objects.filter(recommendation__review__in=reviews)
    received = ProgressEntry.objects.received()
    leaving = defaultdict(Counter)  # review -> {the month it leaves (None: never): how many actions}
    if monitored is None:
        # How many actions each review has, and how many of them are never
        # carried (their recommendation rejected): one grouped query.
        for review, n, never in (
            actions.order_by()
            .values_list("recommendation__review")
            .annotate(n=Count("*"), never=Count("pk", filter=REJECTED))
        ):
            leaving[review].update({None: n - never, datetime.date.min: never})
    # The others that left monitoring: the month of the first decided round
    # whose decision took them out (leaves_monitoring()'s month), from those
    # decisions alone (a few hundred at 5,000 actions), each moved from
    # "monitored" to its month.
    left = (
        CommitteeDecision.objects.filter(
            decision__in=LEAVES_MONITORING, round__in=list(decided), action__recommendation__review__in=reviews
        )
        .exclude(rejected("action__"))
        .order_by()
    )
    leaves = {}  # action -> (review, month)
    for action, review, round in left.values_list("action", "action__recommendation__review", "round"):
        if action not in leaves or decided[round] < leaves[action][1]:
            leaves[action] = (review, decided[round])
    if monitored is not None:
        for review in reviews:
            leaving[review][None] = monitored.get(review, 0)
        for review, month in leaves.values():
            leaving[review][None] += month < latest[review]
    for review, month in leaves.values():
        leaving[review][None] -= 1
        leaving[review][month] += 1

    counts = defaultdict(Counter)
    every = received.filter(round__in=[pk for pk, _, _, _ in rounds]).exclude(grade=None)
    # Every graded update counted, less those of the few actions whose
    # recommendation was rejected, in one query: the first count from the
    # index on the round, status and grade alone, never reading an update's
    # row; the second from those actions' updates, looked up by action (of
    # any round: the others' counts are not read). Excluding the rejected in
    # the one count joined every update to its action and recommendation:
    # 85 ms of SQLite's 135 at 5,000 actions, against 7 ms so. COUNT(*),
    # not of the pk, which PostgreSQL would read from each row (a scan of
    # every update, 20 ms, where the index alone takes 5).
    counted = every.order_by().values("round", "grade").annotate(n=Count("*"))
    less = (
        received.exclude(grade=None)
        .filter(action__in=actions.filter(REJECTED).values("pk"))
        .order_by()
        .values("round", "grade")
        .annotate(n=-Count("*"))
    )
    for row in counted.union(less, all=True):
        counts[row["round"]][row["grade"]] += row["n"]
    # Less any update received in a round after the action left monitoring:
    # possible where a round opened before the committee's decision was
    # published. Only the actions that left before their review's latest
    # round can have one: their updates are looked up by action (a few
    # hundred at 5,000 actions) and kept if their round is a published one
    # after the month the action left. Written as a join of the decisions
    # to every update of their actions, SQLite took 10 ms, and 140 once
    # ANALYZE had run; naming the rounds too, it read every update of
    # them (5 ms; 1 so).
    before_latest = [action for action, (review, month) in leaves.items() if month < latest[review]]
    period_of = {pk: period for pk, _, period, _ in rounds}
    for action, round, grade in (
        received.exclude(grade=None)
        .filter(
            OneOf("action", before_latest)
            if len(before_latest) <= LISTED_LEAVERS
            else Q(action__in=left.values("action"))
        )
        .order_by()
        .values_list("action", "round", "grade")
    ):
        if round in period_of and period_of[round] > leaves[action][1]:
            counts[round][grade] -= 1

    for pk, review, period, _ in rounds:
        carried = sum(n for ends, n in leaving[review].items() if ends is None or ends >= period)
        counts[pk][None] = carried - sum(counts[pk].values())
    return {pk: +counts[pk] for pk, _, _, _ in rounds}
