"""Where each action stands: its grade in a review's latest published round
(or the round chosen), the grade before, the movement between them, and
whether its target date has passed. Done in the database, as annotations,
so the dashboards and the filtered list make a fixed number of queries
however many actions there are.

The committee sees only what it received: every grade read here is that of
an approved update (ProgressEntry.objects.received()); anything else in a
published round reads "No update received".

Two rules are written here again as SQL, and tests hold each to its Python
twin in every case: the carry-forward rule (`monitored` below, twin of
Action.is_carried_into(), a rejected recommendation's actions included;
tests/test_dashboards.py) and the movement
(`movement` below, twin of actionplans.grading.movement();
tests/test_movement.py).
"""

import datetime
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import models
from django.db.models import Case, Count, F, FilteredRelation, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from actionplans.grading import SIGNS_OFF, Monitoring, Movement, Response
from actionplans.models import Action, ProgressEntry, Round

PUBLISHED = Round.Status.PUBLISHED


# The executive rejected the action's recommendation: it is not monitored
# (Recommendation.is_rejected, read by Action.is_carried_into()).
def rejected(prefix: str = "") -> Q:
    return Q(**{f"{prefix}recommendation__executive_response__response": Response.REJECTED})


REJECTED = rejected()


class StandingRounds(NamedTuple):
    """The published rounds that standing is worked out from."""

    now: list[int]  # each review's latest published round
    before: list[int]  # each review's published round before that
    published: dict[int, datetime.date]  # every published round (up to now): its month

    @classmethod
    def of(cls, rounds) -> "StandingRounds":
        """From (pk, review, period) of published rounds, in any order."""
        rounds = sorted(rounds, key=lambda round: round[2], reverse=True)
        now, before = {}, {}
        for pk, review, _ in rounds:
            if review not in now:
                now[review] = pk
            elif review not in before:
                before[review] = pk
        return cls(list(now.values()), list(before.values()), {pk: period for pk, _, period in rounds})


def standing_rounds(actions, *, as_at: datetime.date | None = None) -> StandingRounds:
    """The published rounds (up to `as_at`) of the reviews of `actions`."""
    rounds = Round.objects.filter(status=PUBLISHED, review__in=actions.values("recommendation__review"))
    if as_at is not None:
        rounds = rounds.filter(period__lte=as_at)
    return StandingRounds.of(rounds.values_list("pk", "review", "period"))


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


def first_signed_off(published: dict[int, datetime.date]) -> Subquery:
    """For an action (the outer query's), the month of the first of the
    `published` rounds that graded it SIGNS_OFF in an approved update: where,
    by default, it leaves monitoring (Action.signed_off_in()). It reads the
    action's entries and nothing else (a join to the rounds inside it made
    PostgreSQL build a hash table for every action)."""
    return Subquery(
        ProgressEntry.objects.received()
        .filter(action=OuterRef("pk"), grade=SIGNS_OFF)
        .order_by()
        .values("action")
        .annotate(month=Min(RoundMonth("round", published)))
        .values("month")
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
    round_now, round_now_period, round_before, grade_now, grade_before,
    movement (a Movement value) and overdue (target month passed, not Fully
    Achieved). `rounds`: standing_rounds(actions, as_at=as_at), where the
    caller has it already.

    The rounds and the grades are joined rather than looked up in
    subqueries, so that the movement, which reads them many times, reads
    columns (one index look-up each per action, not one per mention)."""
    today = today or datetime.date.today()
    rounds = rounds if rounds is not None else standing_rounds(actions, as_at=as_at)
    now, before = rounds.now, rounds.before
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
        )
        .annotate(
            round_now=F("standing_round_now__pk"),
            round_now_period=F("standing_round_now__period"),
            round_before=F("standing_round_before__pk"),
            grade_now=F("standing_entry_now__grade"),
            grade_before=F("standing_entry_before__grade"),
        )
    )
    # Signed off in an earlier round, by default: a month before this one's
    # (no month at all: never, compared as the last day there is).
    signed_off = Coalesce(first_signed_off(rounds.published), Value(datetime.date.max))
    monitored = (
        Q(monitoring=Monitoring.KEEP_OPEN)
        | Q(monitoring=Monitoring.CLOSED, closed_at__period__gte=F("round_now_period"))
        | Q(monitoring=Monitoring.DEFAULT, signed_off_by_default__gte=F("round_now_period"))
    ) & ~REJECTED
    newly_achieved = Q(grade_now=SIGNS_OFF, grade_before__gt=SIGNS_OFF)
    return (
        actions.filter(round_now__isnull=False)
        .alias(signed_off_by_default=signed_off)
        .filter(monitored)
        .annotate(
            # The SQL twin of actionplans.grading.movement(): keep them in step.
            movement=Case(
                When(Q(monitoring=Monitoring.CLOSED, closed_at=F("round_now")), then=Value(Movement.CLOSED)),
                When(grade_now__isnull=True, then=Value(Movement.NO_UPDATE)),
                When(grade_before__isnull=True, then=Value(Movement.FIRST)),
                When(newly_achieved & Q(monitoring=Monitoring.DEFAULT), then=Value(Movement.SIGNED_OFF)),
                When(newly_achieved, then=Value(Movement.KEPT_OPEN)),
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


def grade_mix_by_round(rounds) -> dict[int, Counter]:
    """For each of the published `rounds`: how many of the actions it carried
    it graded 1 to 4 (from approved updates), and how many had none (None) —
    what with_standing(as_at=that round) counts, in a few grouped queries
    however many rounds and actions there are.

    An action is carried by every published round up to the one after which
    it leaves monitoring (Action.signed_off_in()): `leaves` below is that
    round's month, or NULL while it is monitored."""
    rounds = list(rounds.filter(status=PUBLISHED).values_list("pk", "review", "period"))
    published = {pk: period for pk, _, period in rounds}
    reviews = {review for _, review, _ in rounds}
    actions = Action.objects.filter(recommendation__review__in=reviews)
    received = ProgressEntry.objects.received()
    leaves = Case(
        # Never carried: before every round there is.
        When(REJECTED, then=Value(datetime.date.min)),
        When(monitoring=Monitoring.KEEP_OPEN, then=Value(None)),
        When(monitoring=Monitoring.CLOSED, then=F("closed_at__period")),
        default=first_signed_off(published),
        output_field=models.DateField(),
    )
    leaving = defaultdict(list)  # review -> [(leaves, how many actions)]
    for row in actions.annotate(leaves=leaves).values("recommendation__review", "leaves").annotate(n=Count("pk")):
        leaving[row["recommendation__review"]].append((row["leaves"], row["n"]))

    counts = defaultdict(Counter)
    graded = received.filter(round__in=[pk for pk, _, _ in rounds]).exclude(grade=None).exclude(rejected("action__"))
    for row in graded.order_by().values("round", "grade").annotate(n=Count("pk")):
        counts[row["round"]][row["grade"]] += row["n"]
    # Less any update received in a round after the action left monitoring:
    # possible where a round opened before the committee's decision, or a
    # published grade was corrected to Fully Achieved after the next round
    # opened. Counted from the few actions that left, not from every update.
    closed = actions.filter(
        _received("entries"),
        monitoring=Monitoring.CLOSED,
        entries__round__status=PUBLISHED,
        entries__round__period__gt=F("closed_at__period"),
        entries__grade__isnull=False,
    )
    signed_off = received.filter(
        _received("action__entries"),
        action__in=actions.filter(monitoring=Monitoring.DEFAULT),
        grade=SIGNS_OFF,
        round__status=PUBLISHED,
        action__entries__round__status=PUBLISHED,
        action__entries__round__period__gt=F("round__period"),
        action__entries__grade__isnull=False,
    )
    for late in (
        closed.values(late_round=F("entries__round"), late_grade=F("entries__grade")).annotate(
            n=Count("entries", distinct=True)
        ),
        signed_off.values(late_round=F("action__entries__round"), late_grade=F("action__entries__grade")).annotate(
            n=Count("action__entries", distinct=True)
        ),
    ):
        for row in late.order_by():
            counts[row["late_round"]][row["late_grade"]] -= row["n"]

    for pk, review, period in rounds:
        carried = sum(n for ends, n in leaving[review] if ends is None or ends >= period)
        counts[pk][None] = carried - sum(counts[pk].values())
    return {pk: +counts[pk] for pk, _, _ in rounds}
