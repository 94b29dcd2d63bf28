"""The committee's dashboard, gathered into plain data: for each review, its
latest published round's grade mix, the movement since the round before,
what slipped, what is late, and its trend over every published round.

Queries are made up front and do not grow with the number of actions (the
trend asks once per distinct round month, which a committee has a handful
of)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from actionplans.models import Action, EntryResponsibility, ProgressEntry, Responsibility, Round, document_order
from reports.standing import IMPROVEMENTS, Movement, with_standing

GRADE_WORDS = dict(ProgressEntry.Grade.choices)
# Bar colours with at least 3:1 contrast against white (WCAG 1.4.11).
GRADE_COLOURS = {1: "#00703c", 2: "#1d70b8", 3: "#a84c00", 4: "#d4351c", None: "#505a5f"}
GRADE_ORDER = [1, 2, 3, 4, None]
# A dashboard is read at a glance: longer lists go to the filtered list.
LIST_LIMIT = 20
MOVEMENT_ORDER = [
    Movement.SIGNED_OFF,
    Movement.IMPROVED,
    Movement.UNCHANGED,
    Movement.WORSE,
    Movement.NO_UPDATE,
    Movement.FIRST,
]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str
    x: float = 0.0
    width: float = 0.0
    key: str = ""  # "1" to "4", or "none": names the colour in the stylesheet


@dataclass
class GradeMix:
    """How many actions a round graded 1 to 4, and how many had no update."""

    round_label: str
    counts: dict  # grade (or None) -> count

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rows(self) -> list[Bar]:
        """One bar per grade, scaled to the largest, for the bar chart."""
        largest = max(self.counts.values(), default=0) or 1
        return [
            Bar(
                label=f"{grade} {GRADE_WORDS[grade]}" if grade else "No update",
                count=self.counts.get(grade, 0),
                colour=GRADE_COLOURS[grade],
                width=round(100 * self.counts.get(grade, 0) / largest, 1),
                key=str(grade or "none"),
            )
            for grade in GRADE_ORDER
        ]

    @property
    def segments(self) -> list[Bar]:
        """The same counts as parts of one stacked bar (percent of the whole)."""
        total, x, parts = self.total or 1, 0.0, []
        for grade in GRADE_ORDER:
            count = self.counts.get(grade, 0)
            width = round(100 * count / total, 2)
            parts.append(Bar(GRADE_WORDS.get(grade, "No update"), count, GRADE_COLOURS[grade], x, width))
            x += width
        return parts

    @property
    def description(self) -> str:
        """The chart's numbers in words, for its text alternative."""
        return ", ".join(f"{bar.count} {bar.label}" for bar in self.rows)


@dataclass(frozen=True)
class ActionLine:
    pk: int
    reference: str
    review_title: str
    owners: str
    target: str
    grade_now: int | None
    grade_before: int | None
    movement: str
    overdue: bool

    @property
    def grade_now_label(self) -> str:
        return f"{self.grade_now} ({GRADE_WORDS[self.grade_now]})" if self.grade_now else "No update"

    @property
    def grade_before_label(self) -> str:
        return f"{self.grade_before} ({GRADE_WORDS[self.grade_before]})" if self.grade_before else "–"

    @property
    def movement_label(self) -> str:
        return Movement(self.movement).label


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
    progress: dict | None = None  # the open round's updates by status, for clerks
    progress_round: str = ""

    @property
    def improved(self) -> int:
        return sum(self.movements.get(m, 0) for m in IMPROVEMENTS)

    @property
    def movement_rows(self) -> list[tuple[str, int]]:
        return [(Movement(m).label, self.movements.get(m, 0)) for m in MOVEMENT_ORDER if self.movements.get(m)]


@dataclass
class CommitteeDashboard:
    name: str
    slug: str
    reviews: list[ReviewSummary]
    waiting: list[str]  # reviews with no published round yet


def action_lines(actions) -> list[ActionLine]:
    """Rows of the lists, from actions annotated by with_standing() with
    their responsibilities prefetched. Owners are those of the round shown
    (its entry's), or the present ones where the round has no entry."""
    actions = list(actions)
    owners_then = defaultdict(list)
    for link in EntryResponsibility.objects.filter(entry__round__in={a.round_now for a in actions}).select_related(
        "owner", "entry"
    ):
        owners_then[link.entry.action_id, link.entry.round_id].append(link.owner.name)
    return [
        ActionLine(
            pk=action.pk,
            reference=action.reference,
            review_title=action.recommendation.review.title,
            owners=", ".join(
                owners_then.get((action.pk, action.round_now))
                or [link.owner.name for link in action.responsibilities.all()]
            ),
            target=action.target_label,
            grade_now=action.grade_now,
            grade_before=action.grade_before,
            movement=action.movement,
            overdue=action.overdue,
        )
        for action in actions
    ]


def standing_queryset(actions, **kwargs):
    return (
        with_standing(actions, **kwargs)
        .select_related("recommendation__review", "sub_action")
        .prefetch_related(Prefetch("responsibilities", queryset=Responsibility.objects.select_related("owner")))
    )


def build_committee_dashboard(committee, *, show_progress: bool) -> CommitteeDashboard:
    reviews = list(committee.reviews.order_by("title"))
    actions = list(
        standing_queryset(Action.objects.filter(recommendation__review__committee=committee)).order_by(
            "recommendation__review__title", *document_order()
        )
    )
    published = list(
        Round.objects.filter(review__committee=committee, status=Round.Status.PUBLISHED).order_by("period")
    )
    rounds_by_review = defaultdict(list)
    for round in published:
        rounds_by_review[round.review_id].append(round)

    # The trend: each review's grade mix at each of its published rounds.
    trend_counts = defaultdict(Counter)  # (review, round pk) -> grade counts
    for period in sorted({round.period for round in published}):
        grouped = (
            with_standing(Action.objects.filter(recommendation__review__committee=committee), as_at=period)
            .filter(round_now_period=period)
            .values("recommendation__review", "grade_now")
            .annotate(n=Count("pk", distinct=True))
        )
        for row in grouped:
            trend_counts[row["recommendation__review"], period][row["grade_now"]] += row["n"]

    progress = {}
    if show_progress:
        for row in (
            ProgressEntry.objects.filter(round__review__committee=committee, round__status=Round.Status.OPEN)
            .values("round__review", "round__period", "status")
            .annotate(n=Count("pk"))
        ):
            review_progress = progress.setdefault(row["round__review"], {"period": row["round__period"], "counts": {}})
            review_progress["counts"][row["status"]] = row["n"]

    by_review = defaultdict(list)
    for line, action in zip(action_lines(actions), actions, strict=True):
        by_review[action.recommendation.review_id].append(line)

    summaries, waiting = [], []
    for review in reviews:
        rounds = rounds_by_review.get(review.pk, [])
        if not rounds:
            waiting.append(review.title)
            continue
        lines = by_review.get(review.pk, [])
        attention = [line for line in lines if line.grade_now in (3, 4)]
        overdue = [line for line in lines if line.overdue]
        latest = rounds[-1]
        summary = ReviewSummary(
            title=review.title,
            slug=review.slug,
            round_label=latest.label,
            previous_label=rounds[-2].label if len(rounds) > 1 else "",
            mix=GradeMix(latest.label, dict(Counter(line.grade_now for line in lines))),
            movements=dict(Counter(line.movement for line in lines)),
            attention=attention[:LIST_LIMIT],
            overdue=overdue[:LIST_LIMIT],
            attention_total=len(attention),
            overdue_total=len(overdue),
            trend=[GradeMix(r.label, dict(trend_counts[review.pk, r.period])) for r in rounds],
        )
        if review.pk in progress:
            summary.progress = {
                label: progress[review.pk]["counts"].get(value, 0) for value, label in ProgressEntry.Status.choices
            }
            summary.progress_round = progress[review.pk]["period"].strftime("%B %Y")
        summaries.append(summary)
    return CommitteeDashboard(name=committee.name, slug=committee.slug, reviews=summaries, waiting=waiting)
