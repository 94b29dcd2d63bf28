"""The committee's dashboard, gathered into plain data: for each review, its
latest published round's grade mix, the movement since the round before,
what slipped, what is late, what awaits the committee's decision, and its
trend over every published round.

Counted in the database, in a fixed number of queries whatever the number
of actions or rounds; only the actions the lists show (the first LIST_LIMIT
of each) are read row by row."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, RowRange, Value, When, Window
from django.db.models.functions import RowNumber

from actionplans.grading import IMPROVEMENTS, MOVEMENT_ORDER, NEEDS_ATTENTION, SIGNS_OFF, Movement
from actionplans.models import (
    Action,
    EntryResponsibility,
    ProgressEntry,
    Responsibility,
    Review,
    Round,
    TargetRevision,
    document_order,
    month_label,
    target_as_at,
)
from actionplans.models.council import current_scale
from reports.charts import GradeMix
from reports.standing import StandingRounds, grade_mix_by_round, with_standing

# A dashboard is read at a glance: longer lists go to the filtered list.
LIST_LIMIT = 20


@dataclass(frozen=True)
class ActionLine:
    pk: int
    reference: str
    name: str  # Action.name: "1 b) The development of an on-line form…"
    review_pk: int
    review_title: str
    owners: str
    target: str
    grade_now: int | None
    grade_before: int | None
    movement: str
    overdue: bool
    # The grades in the council's words (its current scale, by what they mean).
    grade_now_words: str = ""
    grade_before_words: str = ""

    @property
    def grade_now_label(self) -> str:
        return self.grade_now_words or "No update"

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
    the first LIST_LIMIT in document order, and how many there are. Three
    queries, whatever the number of actions."""
    wanted = Q(revisions__gt=REVISED_OFTEN) | (Q(revision_proposed=True) if with_proposals else Q(pk__in=[]))
    # Those who do not see open rounds (with_proposals False) know of the
    # revisions published (TargetRevisionQuerySet.published) alone.
    chosen = with_lines(actions.with_revision_count(published_only=not with_proposals).filter(wanted)).order_by(
        "recommendation__review__title", *document_order()
    )
    total = chosen.count()
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
    return lines, total


def responses_due(reviews, *, published_only: bool = False) -> list[DueResponse]:
    """Of `reviews`, those whose executive response is due within a week or
    overdue, the most overdue first: one query. `published_only`: as a
    reader who sees only published responses knows it (not clerks)."""
    clocks = sorted(
        (
            (review.response_clock(published_only=published_only), review)
            for review in reviews.responses_due(published_only=published_only)
        ),
        key=lambda c: c[0].due,
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
    ]


def action_lines(actions) -> list[ActionLine]:
    """Rows of the lists, from actions annotated by with_standing() (see
    with_lines()). Owners are those of the round shown (its entry's), or the
    present ones where the round has no entry: read as names, in two
    queries, whatever the number of actions."""
    actions = list(actions)
    pks = [action.pk for action in actions]
    owners_then, owners_now = defaultdict(list), defaultdict(list)
    for action, round, name in EntryResponsibility.objects.filter(
        entry__action__in=pks, entry__round__in={action.round_now for action in actions}
    ).values_list("entry__action", "entry__round", "owner__name"):
        owners_then[action, round].append(name)
    for action, name in Responsibility.objects.filter(action__in=pks).values_list("action", "owner__name"):
        owners_now[action].append(name)
    scale = current_scale()
    return [
        ActionLine(
            pk=action.pk,
            reference=action.reference,
            name=action.name,
            review_pk=action.recommendation.review_id,
            review_title=action.recommendation.review.title,
            owners=", ".join(owners_then.get((action.pk, action.round_now)) or owners_now[action.pk]),
            target=action.target_label,
            grade_now=action.grade_now,
            grade_before=action.grade_before,
            movement=action.movement,
            overdue=action.overdue,
            grade_now_words=scale.label(action.grade_now),
            grade_before_words=scale.label(action.grade_before),
        )
        for action in actions
    ]


def with_lines(actions):
    """What action_lines() reads of each action, fetched with it."""
    return actions.select_related("recommendation__review", "sub_action")


# What action_lines() reads of an action's standing (with_standing()).
STANDING_FIELDS = ("round_now", "grade_now", "grade_before", "movement", "overdue")


def dashboard_rows(standing, *, limit: int = LIST_LIMIT):
    """Of actions annotated by with_standing(), in one pass of the database:
    in each review, the first `limit` in document order that need attention
    (Slipped or Not Achieved), the first `limit` past their date, the first
    `limit` proposals for sign-off and the first `limit` other actions that
    await the committee's published decision at the round now (those of
    Action.objects.decided_at_round_now(None): no published decision
    there), and one action of each group of the same grade, movement,
    lateness and waiting, which carries the size of its group
    (`group_size`): the counts of the grade mix, the movements and the
    lists' totals, made in SQL without reading every action.

    `attention_row`, `overdue_row`, `proposal_row` and `waiting_row` count,
    in document order, the actions of the review so far in each list: one
    window, so the database sorts the review's actions once for them all."""
    order, review = document_order(), F("recommendation__review")
    attention = Q(grade_now__in=NEEDS_ATTENTION)
    # 0: decided; 1: awaiting, proposed for sign-off; 2: awaiting, other.
    waits = Case(
        When(decision_now__isnull=False, then=Value(0)),
        When(grade_now=SIGNS_OFF, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    group = [review, F("grade_now"), F("movement"), F("overdue"), F("waits")]

    def so_far(condition):
        counted = Count(Case(When(condition, then=Value(1)), output_field=IntegerField()))
        return Window(counted, partition_by=[review], order_by=order, frame=RowRange(start=None, end=0))

    return (
        standing.annotate(
            needs_attention=Case(When(attention, then=Value(True)), default=Value(False), output_field=BooleanField()),
            waits=waits,
        )
        .annotate(
            group_size=Window(Count("pk"), partition_by=group),
            group_row=Window(RowNumber(), partition_by=group, order_by=F("pk").asc()),
            attention_row=so_far(attention),
            overdue_row=so_far(Q(overdue=True)),
            proposal_row=so_far(Q(waits=1)),
            waiting_row=so_far(Q(waits=2)),
        )
        .filter(
            Q(group_row=1)
            | Q(needs_attention=True, attention_row__lte=limit)
            | Q(overdue=True, overdue_row__lte=limit)
            | Q(waits=1, proposal_row__lte=limit)
            | Q(waits=2, waiting_row__lte=limit)
        )
    )


def build_committee_dashboard(committee, *, show_progress: bool, show_drafts: bool = False) -> CommitteeDashboard:
    """`show_drafts`: the reader sees reviews still being set up (clerks and
    administrators), whose executive response may be due before any plan."""
    scale = current_scale()
    # Plans still being set up are not monitored yet: no dashboard shows them.
    reviews = list(committee.reviews.confirmed().order_by("title"))
    # Nor their rounds (a draft may have imported ones): not in the trend,
    # nor as the round an action stands at.
    rounds = Round.objects.filter(review__in=committee.reviews.confirmed())
    published = list(rounds.filter(status=Round.Status.PUBLISHED).order_by("period"))
    rounds_by_review = defaultdict(list)
    for round in published:
        rounds_by_review[round.review_id].append(round)
    standing_at = StandingRounds.of(
        (round.pk, round.review_id, round.period, round.decisions_published_at) for round in published
    )
    actions = Action.objects.filter(recommendation__review__in=committee.reviews.confirmed())
    standing = with_standing(actions, rounds=standing_at)

    # The grade mix, the movements, and which actions are listed: one pass,
    # which also brings the listed actions' standing (`standing_of`), so
    # that they are read afterwards as plain rows, their standing not worked
    # out again (that took a third of the page's time at 5,000 actions).
    mix, movements, attention_total, overdue_total = (defaultdict(Counter) for _ in range(4))
    attention_pks, overdue_pks, standing_of = set(), set(), {}
    waiting, awaiting_total = defaultdict(list), Counter()
    for row in dashboard_rows(standing).values(
        "pk",
        "recommendation__review",
        *STANDING_FIELDS,
        "needs_attention",
        "waits",
        "group_size",
        "group_row",
        "attention_row",
        "overdue_row",
        "proposal_row",
        "waiting_row",
    ):
        review = row["recommendation__review"]
        if row["needs_attention"] and row["attention_row"] <= LIST_LIMIT:
            attention_pks.add(row["pk"])
            standing_of[row["pk"]] = row
        if row["overdue"] and row["overdue_row"] <= LIST_LIMIT:
            overdue_pks.add(row["pk"])
            standing_of[row["pk"]] = row
        if (row["waits"] == 1 and row["proposal_row"] <= LIST_LIMIT) or (
            row["waits"] == 2 and row["waiting_row"] <= LIST_LIMIT
        ):
            # The proposals first, then the others, up to LIST_LIMIT: cut
            # below, once the review's proposals are known.
            waiting[review].append((row["waits"], row["proposal_row"] or 0, row["waiting_row"] or 0, row["pk"]))
            standing_of[row["pk"]] = row
        if row["group_row"] == 1:
            n = row["group_size"]
            mix[review][row["grade_now"]] += n
            movements[review][row["movement"]] += n
            attention_total[review][row["needs_attention"]] += n
            overdue_total[review][row["overdue"]] += n
            awaiting_total[review] += n if row["waits"] else 0
    # "Awaiting the committee's decision": the proposals for sign-off first,
    # each kind in document order, the first LIST_LIMIT of the review.
    awaiting_pks = {pk for rows in waiting.values() for *_, pk in sorted(rows)[:LIST_LIMIT]}

    # Only the actions listed are read whole, with the standing read above.
    attention, overdue, awaiting = defaultdict(list), defaultdict(list), defaultdict(list)
    listed = attention_pks | overdue_pks | awaiting_pks
    shown = list(with_lines(actions.filter(pk__in=listed)).order_by("recommendation__review__title", *document_order()))
    for action in shown:
        for name in STANDING_FIELDS:
            setattr(action, name, standing_of[action.pk][name])
    for line in action_lines(shown):
        if line.pk in attention_pks:
            attention[line.review_pk].append(line)
        if line.pk in overdue_pks:
            overdue[line.review_pk].append(line)
        if line.pk in awaiting_pks:
            awaiting[line.review_pk].append(line)

    trend = grade_mix_by_round(rounds)

    progress = {}
    if show_progress:
        for row in (
            ProgressEntry.objects.filter(round__review__committee=committee, round__status=Round.Status.OPEN)
            .values("round__review", "round__period", "status")
            .annotate(n=Count("pk"))
        ):
            review_progress = progress.setdefault(row["round__review"], {"period": row["round__period"], "counts": {}})
            review_progress["counts"][row["status"]] = row["n"]

    summaries, waiting = [], []
    for review in reviews:
        rounds = rounds_by_review.get(review.pk, [])
        if not rounds:
            waiting.append(review.title)
            continue
        latest = rounds[-1]
        summary = ReviewSummary(
            title=review.title,
            slug=review.slug,
            round_label=latest.label,
            previous_label=rounds[-2].label if len(rounds) > 1 else "",
            mix=GradeMix(latest.label, dict(mix[review.pk]), scale),
            movements=dict(movements[review.pk]),
            attention=attention[review.pk],
            overdue=overdue[review.pk],
            attention_total=attention_total[review.pk][True],
            overdue_total=overdue_total[review.pk][True],
            trend=[GradeMix(r.label, dict(trend[r.pk]), scale) for r in rounds],
            # Proposals first; the sort keeps document order within each.
            awaiting=sorted(awaiting[review.pk], key=lambda line: not line.is_proposed),
            awaiting_total=awaiting_total[review.pk],
            round_pk=latest.pk,
            # A round opened since carries what was left undecided.
            decidable=show_progress and review.pk not in progress,
        )
        if review.pk in progress:
            summary.progress = {
                label: progress[review.pk]["counts"].get(value, 0) for value, label in ProgressEntry.Status.choices
            }
            summary.progress_round = month_label(progress[review.pk]["period"])
        summaries.append(summary)
    revised, revised_total = revised_lines(actions, with_proposals=show_progress)
    due = committee.reviews.all() if show_drafts else committee.reviews.confirmed()
    return CommitteeDashboard(
        scale=scale,
        name=committee.name,
        slug=committee.slug,
        reviews=summaries,
        waiting=waiting,
        revised=revised,
        revised_total=revised_total,
        responses_due=responses_due(due, published_only=not show_drafts),
        responses_before_plan=list(
            committee.reviews.filter(status=Review.Status.SETTING_UP, responses_published_at__isnull=False)
            .order_by("title")
            .values_list("title", "slug")
        ),
    )
