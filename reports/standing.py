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
twin of Action.signed_off_in(), and `carried_until()`, of
Action.is_carried_into(); tests/test_dashboards.py and
tests/test_movement.py) and the movement (`_movement()` below, twin of
actionplans.grading.movement(); tests/test_movement.py), a rejected
recommendation's actions included (never carried). Both read only the
committee's PUBLISHED decisions (StandingRounds.decided).
"""

import datetime
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import connection, connections, models
from django.db.models import Case, F, FilteredRelation, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplans.grading import LEAVES_MONITORING, SIGNS_OFF, Decision, Movement, Response
from actionplans.models import Action, CommitteeDecision, ExecutiveResponse, ProgressEntry, Recommendation, Round

PUBLISHED = Round.Status.PUBLISHED


# The executive rejected the action's recommendation: it is not monitored
# (Recommendation.is_rejected, read by Action.is_carried_into()).
REJECTED = Q(recommendation__executive_response__response=Response.REJECTED)


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


def compiled(queryset) -> tuple[str, tuple, str]:
    """A queryset's SQL, its parameters and its database: to run as it is
    (rows_of()), and again, without building and compiling it anew."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    return sql, tuple(params), queryset.db


def rows_of(query: tuple[str, tuple, str]) -> list[tuple]:
    """The rows of a compiled() query as the database gives them, without
    the ORM's conversion of each value: for a pass over thousands of narrow
    rows (a committee's every action) whose integers and strings need none.
    A boolean comes as 0 or 1 from SQLite."""
    sql, params, db = query
    with connections[db].cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


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


def leaves_after(decided: dict[int, datetime.date]):
    """The month after which an action (the outer query's) leaves
    monitoring (leaves_monitoring()), or, never signed off nor closed, the
    last day there is."""
    return Coalesce(leaves_monitoring(decided), Value(datetime.date.max))


def carried_until(decided: dict[int, datetime.date]):
    """The month of the last round that carries an action (the outer
    query's): the SQL twin of Action.is_carried_into(). A rejected
    recommendation's is never carried (the first day there is)."""
    return Case(When(REJECTED, then=Value(datetime.date.min)), default=leaves_after(decided))


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


def earlier_grades(months: dict[int, datetime.date]) -> dict[int, tuple]:
    """For each action of `months` ({pk: the month of the round it stands
    at}), the latest grade it received before that round: (what it meant,
    its level as given), or (None, None). What with_standing()'s
    grade_before and level_before read where the round before received no
    grade (_earlier_grade()). One query; none for no actions."""
    if not months:
        return {}
    by_month = defaultdict(list)
    for pk, month in months.items():
        by_month[month].append(pk)
    month = Case(*(When(pk__in=pks, then=Value(m)) for m, pks in by_month.items()), output_field=models.DateField())
    rows = (
        Action.objects.filter(pk__in=list(months))
        .annotate(round_now_period=month)
        .annotate(earlier_grade=_earlier_grade(), earlier_level=_earlier_grade("level"))
        .values_list("pk", "earlier_grade", "earlier_level")
        .order_by()
    )
    return {pk: (grade, level) for pk, grade, level in rows}


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
    # Left monitoring after a round before this one: a month before this
    # one's (no month at all: never, compared as the last day there is).
    return (
        _joined_standing(actions, rounds)
        .filter(round_now__isnull=False)
        .alias(leaves_after=leaves_after(rounds.decided))
        .filter(Q(leaves_after__gte=F("round_now_period")) & ~REJECTED)
        .annotate(movement=_movement(), overdue=_overdue(today))
    )


def _joined_standing(actions, rounds: StandingRounds):
    """with_standing()'s columns: the actions joined to their round now and
    the round before, their received updates in each and the committee's
    published decision at the round now."""
    now, before = rounds.now, rounds.before
    decided_now = [pk for pk in now if pk in rounds.decided]
    return (
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
            # The round before's own grade, meant and as given, without the
            # earlier rounds' (earlier_grades() reads those where it is
            # none): for a list that reads grade_before for a few actions
            # only, not for every one.
            grade_in_round_before=F("standing_entry_before__grade"),
            level_in_round_before=F("standing_entry_before__level"),
        )
    )


def _movement() -> Case:
    """The SQL twin of actionplans.grading.movement(): keep them in step."""
    return Case(
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
    )


def _overdue(today: datetime.date) -> Case:
    """Its target month passed, and not Fully Achieved."""
    return Case(
        When(
            Q(target_month__lt=today.replace(day=1)) & (Q(grade_now__isnull=True) | ~Q(grade_now=SIGNS_OFF)),
            then=Value(True),
        ),
        default=Value(False),
        output_field=models.BooleanField(),
    )


def grade_mix_by_round(rounds) -> dict[int, Counter]:
    """For each of the published `rounds`: how many of the actions it carried
    it graded 1 to 4 (from approved updates), and how many had none (None) —
    what with_standing(as_at=that round) counts — in one grouped query
    however many rounds and actions there are (TREND below). `rounds`: a
    queryset of rounds, or where the caller has read them, the published
    ones as rows of ROUND_FIELDS.

    An action is carried by every published round up to the one after which
    it leaves monitoring (Action.signed_off_in()), and never where the
    executive rejected its recommendation. The count reads no update's row:
    the graded updates of each round come from the index on (round, status,
    grade), less those of the few actions that are not carried (rejected,
    or left before the round); the actions carried are each review's, less
    those. So one query is both the dashboard's trend and its floor's
    (bench/dashboards.py), with no second copy of the grades kept."""
    if hasattr(rounds, "filter"):
        rounds = rounds.filter(status=PUBLISHED).values_list(*ROUND_FIELDS)
    rounds = list(rounds)
    if not rounds:
        return {}
    counts = defaultdict(Counter)
    carried = Counter()
    with connection.cursor() as cursor:
        cursor.execute(*trend_sql(rounds, connection))
        for round, grade, n in cursor.fetchall():
            if grade == CARRIED:
                carried[round] += int(n)  # PostgreSQL's SUM() is a numeric
            else:
                counts[round][grade] += int(n)
    for pk, _, _, _ in rounds:
        counts[pk][None] = carried[pk] - sum(counts[pk].values())
    return {pk: +counts[pk] for pk, _, _, _ in rounds}


# The trend's row of how many actions a round carried, among its grades.
CARRIED = -1

TREND = """
WITH published (id, review, period) AS (VALUES {published}),
reviewed (id, review, rejected) AS (
    SELECT a.id, rec.review_id, CASE WHEN x.response = %s THEN 1 ELSE 0 END FROM {action} a
    JOIN {recommendation} rec ON rec.id = a.recommendation_id
    LEFT JOIN {response} x ON x.recommendation_id = rec.id
    WHERE rec.review_id IN (SELECT review FROM published)),
leavers (id, review, month) AS (
    SELECT r.id, r.review, MIN(CASE d.round_id {decided} END) FROM {decision} d
    CROSS JOIN reviewed r
    WHERE r.id = d.action_id AND r.rejected = 0
      AND d.decision IN ({leaving}) AND d.round_id IN ({decided_ids})
    GROUP BY r.id, r.review),
not_carried (id, review, month) AS (
    SELECT id, review, {no_month} FROM reviewed WHERE rejected = 1
    UNION ALL SELECT id, review, month FROM leavers WHERE month < CASE review {latest} END)
SELECT round, grade, SUM(n) FROM (
    SELECT e.round_id AS round, e.grade AS grade, COUNT(*) AS n FROM {entry} e
    WHERE e.round_id IN (SELECT id FROM published) AND e.status = %s AND e.grade IS NOT NULL
    GROUP BY e.round_id, e.grade
    UNION ALL
    SELECT e.round_id, e.grade, -COUNT(*) FROM not_carried o
    CROSS JOIN {entry} e CROSS JOIN {round} r
    WHERE e.action_id = o.id AND e.status = %s AND e.grade IS NOT NULL
      AND r.id = e.round_id AND (o.month IS NULL OR r.period > o.month)
    GROUP BY e.round_id, e.grade
    UNION ALL
    SELECT p.id, {carried}, c.n FROM published p
    CROSS JOIN (SELECT review, COUNT(*) AS n FROM reviewed WHERE rejected = 0 GROUP BY review) c
    WHERE c.review = p.review
    UNION ALL
    SELECT p.id, {carried}, -SUM(o.n) FROM published p
    CROSS JOIN (SELECT review, month, COUNT(*) AS n FROM leavers GROUP BY review, month) o
    WHERE o.review = p.review AND p.period > o.month GROUP BY p.id
) AS parts GROUP BY round, grade
"""


def trend_sql(rounds, connection) -> tuple[str, list]:
    """TREND with its tables and its parameters, for `rounds` (ROUND_FIELDS
    rows of published rounds): the months are parameters, typed as dates
    (PostgreSQL compares a VALUES column with a date only as a date)."""
    month = connection.ops.adapt_datefield_value
    cast = "CAST(%s AS DATE)" if connection.vendor == "postgresql" else "%s"
    decided = [(pk, period) for pk, _, period, when in rounds if when is not None]
    latest = {}
    for _, review, period, _ in rounds:
        latest[review] = max(period, latest.get(review, period))
    sql = TREND.format(
        published=", ".join([f"(%s, %s, {cast})"] * len(rounds)),
        decided=" ".join([f"WHEN %s THEN {cast}"] * len(decided)) or f"WHEN NULL THEN {cast}",
        decided_ids=", ".join(["%s"] * len(decided)) or "NULL",
        leaving=", ".join(["%s"] * len(LEAVES_MONITORING)),
        no_month="CAST(NULL AS DATE)" if connection.vendor == "postgresql" else "NULL",
        carried=CARRIED,
        action=Action._meta.db_table,
        recommendation=Recommendation._meta.db_table,
        response=ExecutiveResponse._meta.db_table,
        decision=CommitteeDecision._meta.db_table,
        entry=ProgressEntry._meta.db_table,
        round=Round._meta.db_table,
        latest=" ".join([f"WHEN %s THEN {cast}"] * len(latest)),
    )
    approved = ProgressEntry.Status.APPROVED.value
    params = [value for pk, review, period, _ in rounds for value in (pk, review, month(period))]
    params.append(Response.REJECTED.value)
    params += [value for pk, period in decided for value in (pk, month(period))] or [None]
    params += [decision.value for decision in LEAVES_MONITORING] + [pk for pk, _ in decided]
    params += [value for review, period in latest.items() for value in (review, month(period))]
    params += [approved, approved]
    return sql, params
