"""The committee's dashboard, gathered into plain data: for each review, its
latest published round's grade mix, the movement since the round before,
what slipped, what is late, what awaits the committee's decision, and its
trend over every published round.

In a fixed number of queries whatever the number of actions or rounds:
each action's standing worked out, counted and ranked in the database (a
row for each combination counted, and one for each action listed), the
trend counted there too, and only the actions the lists show (the first
LIST_LIMIT of each) read whole."""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, F, FilteredRelation, Q
from django.utils import timezone

from actionplans.grading import IMPROVEMENTS, MOVEMENT_ORDER, NEEDS_ATTENTION, SIGNS_OFF, Movement
from actionplans.models import (
    Action,
    EntryResponsibility,
    ProgressEntry,
    Responsibility,
    Review,
    Round,
    TargetRevision,
    action_name,
    action_reference,
    document_order,
    month_label,
    target_as_at,
)
from actionplans.models.council import current_scale, scale_levels
from reports.charts import NO_UPDATE_WORDS, GradeMix
from reports.standing import (
    ROUND_FIELDS,
    OneOf,
    StandingRounds,
    compiled,
    earlier_grades,
    grade_mix_by_round,
    rows_of,
    with_standing,
)

# A dashboard is read at a glance: longer lists go to the filtered list.
LIST_LIMIT = 20


@dataclass(slots=True)
class ActionLine:
    pk: int
    reference: str
    name: str  # Action.name: "1 b) The development of an on-line form…"
    review_pk: int
    review_title: str
    owners: str
    target: str
    grade_now: int | None  # what the grades meant (Grade values): what is counted
    grade_before: int | None
    movement: str
    overdue: bool
    # The grades as they were given ('2 (On-Track)'), on the scale of their
    # day, whatever the council's scale says now (given_words()).
    grade_now_words: str = ""
    grade_before_words: str = ""

    @property
    def grade_now_label(self) -> str:
        return self.grade_now_words or NO_UPDATE_WORDS

    @property
    def grade_before_label(self) -> str:
        return self.grade_before_words or "–"

    @property
    def movement_label(self) -> str:
        return Movement(self.movement).label

    @property
    def is_proposed(self) -> bool:
        """Graded Fully Achieved: the officer proposes it for sign-off."""
        return self.grade_now == SIGNS_OFF


class PublishedRound(NamedTuple):
    """A published round as the dashboard reads it: the ROUND_FIELDS of
    reports.standing, which StandingRounds and the trend read too."""

    pk: int
    review: int
    period: datetime.date
    decisions_published_at: datetime.datetime | None

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
    movements: dict
    attention: list[ActionLine] = field(default_factory=list)  # Slipped or Not Achieved, the first few
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
        return sum(self.movements.get(m, 0) for m in IMPROVEMENTS)

    @property
    def movement_rows(self) -> list[tuple[str, int]]:
        return [(Movement(m).label, self.movements.get(m, 0)) for m in MOVEMENT_ORDER if self.movements.get(m)]


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
    scale: object = None  # the council's grading scale (council.Scale), for the headings

    @property
    def attention_words(self) -> str:
        """'Slipped or Not Achieved': the council's grades that need the
        committee's attention."""
        return _either(level.label for level in self.scale or () if level.rank in NEEDS_ATTENTION)

    @property
    def attention_levels(self) -> list:
        """One grade for each meaning that needs attention (the filters' grades)."""
        return [self.scale.meaning(rank) for rank in NEEDS_ATTENTION if self.scale and self.scale.meaning(rank)]

    @property
    def achieved_words(self) -> str:
        return _either(level.label for level in self.scale or () if level.rank == SIGNS_OFF)


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
    return due_responses(reviews.responses_due(published_only=published_only), published_only=published_only)


def due_responses(reviews, *, published_only: bool) -> list[DueResponse]:
    """Of `reviews` (annotated with_response_state()), those whose
    executive response is due within a week or overdue, the most overdue
    first, by their clocks (ResponseClock.is_due_soon, the twin of
    ReviewQuerySet.responses_due()): no query."""
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


# What action_lines() reads of each action: its name's parts, its review
# and its target, as one row.
LINE_FIELDS = (
    "pk",
    "recommendation__review",
    "recommendation__review__title",
    "recommendation__number",
    "sub_action__letter",
    "strand",
    "sub_action__text",
    "recommendation__text",
    "target_text",
    "target_month",
)


def action_lines(actions, standing_of: dict | None = None, *, as_printed: bool = False) -> list[ActionLine]:
    """Rows of the lists, from `actions` (a queryset, in the order listed),
    each read as one row of what it shows (LINE_FIELDS), not as models: its
    standing from `standing_of` by pk where the caller worked it out
    already, else with the row (actions annotated by with_standing()).
    Owners are those of the round shown (its entry's), or the present ones
    where the round names none: read as names. `as_printed`: each target as
    the paper of the round shown printed it (a list "as at" a round), not
    as it is now. At most six queries, whatever the number of actions
    (fewer where no line needs one)."""
    rows = line_rows(actions, standing_of)
    owners = line_owners(rows)
    words = given_words(rows)
    targets = printed_targets(rows) if as_printed else {}
    return [_line(row, owners[row["pk"]], words, targets.get(row["pk"])) for row in rows]


def line_rows(actions, standing_of: dict | None) -> list[dict]:
    """Each action's row of LINE_FIELDS, with the id of its update in the
    round shown (entry_then) and its standing (from `standing_of`, else
    read with it): one query."""
    if standing_of is not None:
        # Each review's actions stand at one round: their updates in those.
        at_round = Q(entries__round__in={standing["round_now"] for standing in standing_of.values()})
        fields = (*LINE_FIELDS, "entry_then")
    else:
        at_round = Q(entries__round=F("round_now"))
        fields = (*LINE_FIELDS, "entry_then", *STANDING_FIELDS, "level_before")
    # The update of the round shown, whatever its status, for its owners:
    # read by its id, which PostgreSQL finds by index where a join of the
    # updates to every owner of every update was planned as a scan of them.
    actions = actions.annotate(line_entry=FilteredRelation("entries", condition=at_round)).annotate(
        entry_then=F("line_entry__pk")
    )
    rows = [dict(zip(fields, row, strict=True)) for row in actions.values_list(*fields)]
    if standing_of is not None:
        for row in rows:
            row.update(standing_of[row["pk"]])
    return rows


def line_owners(rows) -> dict[int, str]:
    """Each row's owners, by its action's pk, as names: those its update in
    the round shown names, else (no update there, or one without owners:
    usually none of them) the action's present owners. One or two queries."""
    owners_then, owners_now = defaultdict(list), defaultdict(list)
    entries = [row["entry_then"] for row in rows if row["entry_then"] is not None]
    if entries:
        for entry, name in EntryResponsibility.objects.filter(OneOf("entry", entries)).values_list(
            "entry", "owner__name"
        ):
            owners_then[entry].append(name)
    pks = [row["pk"] for row in rows if not owners_then.get(row["entry_then"])]
    if pks:
        for action, name in Responsibility.objects.filter(OneOf("action", pks)).values_list("action", "owner__name"):
            owners_now[action].append(name)
    return {row["pk"]: ", ".join(owners_then.get(row["entry_then"]) or owners_now[row["pk"]]) for row in rows}


def _line(row: dict, owners: str, words, printed_target: str | None) -> ActionLine:
    parts = (row["recommendation__number"], row["sub_action__letter"], row["strand"])
    return ActionLine(
        pk=row["pk"],
        reference=action_reference(*parts),
        name=action_name(*parts, row["sub_action__text"] or "", row["recommendation__text"]),
        review_pk=row["recommendation__review"],
        review_title=row["recommendation__review__title"],
        owners=owners,
        target=printed_target or row["target_text"] or month_label(row["target_month"]),
        grade_now=row["grade_now"],
        grade_before=row["grade_before"],
        movement=row["movement"],
        overdue=row["overdue"],
        grade_now_words=words(row["level_now"], row["grade_now"]),
        grade_before_words=words(row["level_before"], row["grade_before"]),
    )


def printed_targets(rows) -> dict[int, str]:
    """Each row's target as the paper of its round shown (round_now_period)
    printed it (target_as_at), where a revision was ever accepted: one query."""
    revisions = defaultdict(list)
    accepted = TargetRevision.objects.accepted().filter(OneOf("action", [row["pk"] for row in rows]))
    for revision in accepted.order_by("applies_from", "decided_at", "pk"):
        revisions[revision.action_id].append(revision)
    return {
        row["pk"]: target_as_at(
            row["target_text"] or month_label(row["target_month"]), revisions[row["pk"]], row["round_now_period"]
        )
        for row in rows
        if revisions[row["pk"]]
    }


def given_words(rows):
    """For rows of standing (level_now, level_before: the grades as given),
    a function printing one of their grades as it was given ('2 (On-Track)'),
    from its level, read for all the rows in one query (none where none has
    one); for a grade saved without one (before scales were settings), the
    current scale's for what it means."""
    levels = scale_levels(row[name] for row in rows for name in ("level_now", "level_before"))
    scale = functools.cache(current_scale)  # asked once, and only if a grade has no level

    @functools.cache  # a list's few grades, each worded once
    def words(level_id, grade) -> str:
        level = levels.get(level_id)
        if level is None:
            return scale().label(grade) if grade else ""
        return level.printed

    return words


def with_lines(actions):
    """What revised_lines() reads of each action it lists, fetched with it."""
    return actions.select_related("recommendation__review", "sub_action")


def in_line_order(actions):
    """`actions` in the order the lists show them: by review, then as the
    plan numbers them."""
    return actions.order_by("recommendation__review__title", *document_order())


# What action_lines() reads of an action's standing (with_standing()).
STANDING_FIELDS = ("round_now", "round_now_period", "grade_now", "grade_before", "level_now", "movement", "overdue")
# The standing of each action the lists show, as standing_of holds it, the
# round it stands at aside (its review's latest, the same for all its
# actions): from standing_query()'s rows, the grade before being the round
# before's own until with_earlier_grades() reads an earlier round's where
# that one received none.
PASS_FIELDS = ("grade_now", "grade_before", "level_now", "level_before", "movement", "overdue")

# standing_query()'s statement around the standing of the committee's
# actions (`standing`: its columns, as named below, the last three those
# document_order() sorts by). The standing is worked out once
# (MATERIALIZED), then counted by review, grade, movement, whether past
# its date and whether awaiting the decision (a row each combination, with
# its count and no pk), and each action among the first LIST_LIMIT of a
# list is a row of its own, with its pk and its place in its review in
# document order: each action's place, and how many up to it need
# attention, are past their date, await the decision and are proposed for
# sign-off, counted over the plain columns of the standing (where windows
# over the joins that make them cost SQLite half as much again as the
# standing itself). The parameters: the grades that need attention, the
# grade that signs off, the grades that need attention again, LIST_LIMIT
# twice, the grade that signs off again, LIST_LIMIT.
LISTS_SQL = """
WITH standing (review, grade, movement, overdue, decision, pk, before_grade, level_now, before_level,
               number, letter, position) AS MATERIALIZED ({standing}),
ranked AS (
  SELECT standing.*, ROW_NUMBER() OVER so_far AS place,
    COUNT(*) FILTER (WHERE grade IN ({attention})) OVER so_far AS attention,
    COUNT(*) FILTER (WHERE overdue) OVER so_far AS late,
    COUNT(*) FILTER (WHERE decision IS NULL) OVER so_far AS awaiting,
    COUNT(*) FILTER (WHERE decision IS NULL AND grade = %s) OVER so_far AS proposed
  FROM standing
  WINDOW so_far AS (
    PARTITION BY review ORDER BY number, letter NULLS FIRST, position, pk
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  )
)
SELECT review, grade, movement, overdue, decision IS NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL
FROM standing GROUP BY review, grade, movement, overdue, decision IS NULL
UNION ALL
SELECT review, grade, movement, overdue, decision IS NULL, 0, pk, before_grade, level_now, before_level, place
FROM ranked
WHERE (grade IN ({attention}) AND attention <= %s) OR (overdue AND late <= %s)
   OR (decision IS NULL AND CASE WHEN grade = %s THEN proposed ELSE awaiting - proposed END <= %s)
"""


@dataclass
class _Lists:
    """One review's counts and the first LIST_LIMIT actions of each list
    in document order (standing_lists())."""

    mix: Counter = field(default_factory=Counter)
    movements: Counter = field(default_factory=Counter)
    attention: list = field(default_factory=list)  # pks
    overdue: list = field(default_factory=list)
    proposals: list = field(default_factory=list)  # awaiting the decision, proposed for sign-off
    waiting: list = field(default_factory=list)  # awaiting the decision, other
    attention_total: int = 0
    overdue_total: int = 0
    awaiting_total: int = 0

    @property
    def awaiting(self) -> list:
        """The proposals for sign-off first, then the others, each in
        document order: the first LIST_LIMIT."""
        return (self.proposals + self.waiting)[:LIST_LIMIT]

    def add_count(self, grade, movement, overdue, awaiting, n) -> None:
        """`n` actions of the review graded `grade`, with `movement`, past
        their date or not, awaiting the decision or not."""
        self.mix[grade] += n
        self.movements[movement] += n
        self.attention_total += n if grade in NEEDS_ATTENTION else 0
        self.overdue_total += n if overdue else 0
        self.awaiting_total += n if awaiting else 0

    def add_listed(self, pk, grade, overdue, awaiting) -> None:
        """The next action in document order among those listed."""
        for wanted, kind in (
            (grade in NEEDS_ATTENTION, self.attention),
            (overdue, self.overdue),
            (awaiting and grade == SIGNS_OFF, self.proposals),
            (awaiting and grade != SIGNS_OFF, self.waiting),
        ):
            if wanted and len(kind) < LIST_LIMIT:
                kind.append(pk)


@functools.lru_cache(maxsize=64)
def standing_query(committee: int, published: tuple[PublishedRound, ...], today: datetime.date) -> tuple:
    """standing_lists()'s statement, compiled (reports.standing.compiled()):
    the standing (with_standing()) of the actions of `committee`'s
    confirmed reviews, as their `published` rounds (all of them) stand on
    `today`, counted and ranked in the database (LISTS_SQL): some hundreds
    of rows at 5,000 actions, where reading a row an action and counting
    here cost the dashboard some 5 ms of CPU (measured on PostgreSQL) for
    the same time on the clock. Its text and parameters are a function of
    these alone, the rows being read each time it runs: so a worker builds
    and compiles it once while they hold, where doing so each time cost
    some 12 ms of CPU whatever the number of actions."""
    actions = Action.objects.filter(recommendation__review__in=Review.objects.filter(committee=committee).confirmed())
    standing = with_standing(actions, rounds=StandingRounds.of(published), today=today)
    columns = standing.values_list(
        "recommendation__review",
        "grade_now",
        "movement",
        "overdue",
        "decision_now",
        "pk",
        "grade_in_round_before",
        "level_now",
        "level_in_round_before",
        "recommendation__number",
        "sub_action__letter",
        "position",
    )
    sql, params, db = compiled(columns.order_by())
    statement = LISTS_SQL.format(standing=sql, attention=", ".join(["%s"] * len(NEEDS_ATTENTION)))
    ranks = (*NEEDS_ATTENTION, SIGNS_OFF, *NEEDS_ATTENTION, LIST_LIMIT, LIST_LIMIT, SIGNS_OFF, LIST_LIMIT)
    return statement, (*params, *ranks), db


def standing_lists(rows, now: dict[int, tuple]) -> tuple[dict[int, _Lists], dict[int, dict]]:
    """From the rows of standing_query() (one query): for each review, its
    grade mix, its movements, how many need attention (Slipped or Not
    Achieved), are past their date and await the committee's published
    decision at the round now (those of
    Action.objects.decided_at_round_now(None)), and the first LIST_LIMIT
    of each in document order; and the standing of the actions listed, by
    pk, their grade before the round before's own (with_earlier_grades()
    adds an earlier round's where it received none). `now`: each review's
    round now, {review: (round pk, month)}."""
    by_review, listed, standing_of = defaultdict(_Lists), [], {}
    for review, grade, movement, overdue, awaiting, n, pk, before, level_now, level_before, place in rows:
        if pk is None:
            by_review[review].add_count(grade, movement, overdue, awaiting, n)
        else:
            standing = (grade, before, level_now, level_before, movement, bool(overdue))
            listed.append((place, review, pk, bool(awaiting), standing))
    for _, review, pk, awaiting, standing in sorted(listed):
        grade, overdue = standing[0], standing[-1]
        by_review[review].add_listed(pk, grade, overdue, awaiting)
        standing_of[pk] = dict(zip(PASS_FIELDS, standing, strict=True))
        standing_of[pk].update(zip(("round_now", "round_now_period"), now[review], strict=True))
    return by_review, standing_of


def with_earlier_grades(standing_of: dict[int, dict]) -> None:
    """The grade before, meant and as given, of each listed action whose
    round before received none: the latest an earlier round received, as
    with_standing() reads it (reports.standing.earlier_grades()). One
    query, only where such an action is listed (not a first grade, whose
    movement says there was none before); the statement that finds the
    lists reads none of them for every action, which cost the database
    some 2.5 ms at 5,000 actions."""
    missing = {
        pk: standing["round_now_period"]
        for pk, standing in standing_of.items()
        if standing["grade_before"] is None and standing["movement"] != Movement.FIRST
    }
    for pk, (grade, level) in earlier_grades(missing).items():
        standing_of[pk].update(grade_before=grade, level_before=level)


def counted_scale(scale, mixes, rounds):
    """`scale`, with the grades given in `rounds` for each meaning the
    `mixes` count that it no longer has a grade for (Scale.with_given): the
    charts draw and name it as those grades were given. One query, only then."""
    meanings = {rank for mix in mixes for rank, n in mix.items() if rank and n}
    missing = meanings - set(scale.ranks())
    if not missing:
        return scale
    given = ProgressEntry.objects.received().filter(round__in=[round.pk for round in rounds])
    return scale.with_given(given.given_levels(missing))


def listed_lines(lists: dict[int, _Lists], standing_of: dict) -> tuple[dict, dict, dict]:
    """The lines of the actions the lists name, by review, each list in its
    own order: those needing attention, those past their date and those
    awaiting the committee's decision. Only these actions are read whole,
    with the standing standing_lists() read of them: by their pks alone
    (the committee's, as the standing found them), in no order (the
    lists have theirs), which spares the database a sort and two joins."""
    listed = {pk for review in lists.values() for pk in (*review.attention, *review.overdue, *review.awaiting)}
    lines = {line.pk: line for line in action_lines(Action.objects.filter(OneOf("pk", listed)).order_by(), standing_of)}

    def of(name: str) -> defaultdict:
        return defaultdict(list, {pk: [lines[line] for line in getattr(review, name)] for pk, review in lists.items()})

    return of("attention"), of("overdue"), of("awaiting")


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


def review_summary(review, rounds, counted: _Lists, lines, trend, scale) -> ReviewSummary:
    """One review's part of the dashboard, from its published `rounds` (in
    order), its counts, its listed lines (attention, overdue, awaiting) and
    the trend of every round."""
    latest = rounds[-1]
    attention, overdue, awaiting = lines
    return ReviewSummary(
        title=review.title,
        slug=review.slug,
        round_label=latest.label,
        previous_label=rounds[-2].label if len(rounds) > 1 else "",
        mix=GradeMix(latest.label, dict(counted.mix), scale),
        movements=dict(counted.movements),
        attention=attention,
        overdue=overdue,
        attention_total=counted.attention_total,
        overdue_total=counted.overdue_total,
        trend=[GradeMix(r.label, dict(trend[r.pk]), scale) for r in rounds],
        # Proposals first; the sort keeps document order within each.
        awaiting=sorted(awaiting, key=lambda line: not line.is_proposed),
        awaiting_total=counted.awaiting_total,
        round_pk=latest.pk,
    )


def published_rounds(committee) -> list[PublishedRound]:
    """The published rounds of `committee`'s confirmed reviews, oldest first,
    as StandingRounds and the trend read them (ROUND_FIELDS). Not a draft's
    (it may have imported some): they are not in the trend, nor the round an
    action stands at."""
    rounds = Round.objects.filter(review__in=committee.reviews.confirmed(), status=Round.Status.PUBLISHED)
    return [PublishedRound(*row) for row in rounds.order_by("period").values_list(*ROUND_FIELDS)]


def build_committee_dashboard(committee, *, show_progress: bool, show_drafts: bool = False) -> CommitteeDashboard:
    """`show_drafts`: the reader sees reviews still being set up (clerks and
    administrators), whose executive response may be due before any plan."""
    scale = current_scale()
    # Plans still being set up are not monitored yet: no dashboard shows
    # them, but for their executive responses once published.
    # With what their response clocks read: the responses due are counted
    # with the reviews, in one query.
    every_review = list(committee.reviews.with_response_state().order_by("title"))
    reviews = [review for review in every_review if not review.is_being_set_up]
    published = published_rounds(committee)
    rounds_by_review = defaultdict(list)
    for round in published:
        rounds_by_review[round.review].append(round)
    actions = Action.objects.filter(recommendation__review__in=committee.reviews.confirmed())

    # The grade mix, the movements, and which actions are listed: one pass,
    # which also brings the listed actions' standing (`standing_of`).
    now = {review: (rounds[-1].pk, rounds[-1].period) for review, rounds in rounds_by_review.items()}
    rows = rows_of(standing_query(committee.pk, tuple(published), timezone.localdate()))
    lists, standing_of = standing_lists(rows, now)
    with_earlier_grades(standing_of)

    attention, overdue, awaiting = listed_lines(lists, standing_of)
    trend = grade_mix_by_round(published)
    scale = counted_scale(scale, [*(review.mix for review in lists.values()), *trend.values()], published)

    progress = open_round_progress(committee) if show_progress else {}

    summaries, waiting = [], []
    for review in reviews:
        rounds = rounds_by_review.get(review.pk, [])
        if not rounds:
            waiting.append(review.title)
            continue
        lines = (attention[review.pk], overdue[review.pk], awaiting[review.pk])
        summary = review_summary(review, rounds, lists.get(review.pk, _Lists()), lines, trend, scale)
        # A round opened since carries what was left undecided.
        summary.decidable = show_progress and review.pk not in progress
        with_progress(summary, progress.get(review.pk))
        summaries.append(summary)
    revised, revised_total = revised_lines(actions, with_proposals=show_progress)
    due = every_review if show_drafts else reviews
    return CommitteeDashboard(
        scale=scale,
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
