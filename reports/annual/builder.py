"""Gathers the scrutiny annual report (data.py) for one municipal year and
its Select Committees: what scrutiny did and what came of it, counted in
the database from the domain's own dates inside the year, published
material only, in a fixed number of queries (data.py's docstring says each
rule)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from actionplans import grading
from actionplans.grading import LEAVES_MONITORING, Decision, Response
from actionplans.models import (
    Action,
    Committee,
    CommitteeDecision,
    ProgressEntry,
    Recommendation,
    Review,
    Round,
    Standing,
    TargetRevision,
)
from actionplans.models.council import all_scales, council
from actionplans.models.response import clock_for, response_period
from actionplans.models.standing import ON_TRACK, PROPOSED
from actionplans.municipal import MunicipalYear
from reports.achieved.ledger import MEASURES, Span, counted_recommendations, figures_by_unit, read_ledger
from reports.annual.data import AnnualReport, ReviewLine, Section, all_committees

LINE_FIGURES = (
    "recommendations",
    "accepted",
    "partially",
    "rejected",
    "outstanding",
    "signed_off",
    "closed",
    "still_open",
    "carried",
    "on_track",
    "implemented",
    "impacts",
)


def _line_figures(counts: Counter) -> dict[str, int]:
    return {name: counts[name] for name in LINE_FIGURES}


def _combine(name: str, sections, groups=()) -> Section:
    """The council's total: every count added up, the medians from every
    committee's figures together (not a median of medians)."""
    sections = list(sections)
    response_days, late_days, achieved, months_taken = Counter(), Counter(), Counter(), Counter()
    unit_figures = {}
    for section in sections:
        response_days.update(dict(section.response_days))
        late_days.update(dict(section.late_days))
        achieved.update(dict(section.achieved))
        months_taken.update(dict(section.months_taken))
        for unit, period, total, n in section.unit_figures:
            summed = unit_figures.setdefault((unit, period), [0, 0])
            summed[0] += total
            summed[1] += n
    sums = {
        name: sum(getattr(section, name) for section in sections)
        for name in (
            "recommendations",
            "accepted",
            "partially",
            "rejected",
            "outstanding",
            "responses_late",
            "signed_off",
            "closed",
            "still_open",
            "awaiting",
            "carried",
            "on_track",
            "revised",
            "submitted_on_time",
            "without_submission",
        )
    }
    return Section(
        name=name,
        slug="",
        reviews=tuple(title for section in sections for title in section.reviews),
        rounds=tuple(label for section in sections for label in section.rounds),
        grades=tuple(sum((Counter(dict(section.grades)) for section in sections), Counter()).items()),
        response_days=tuple(sorted(response_days.items())),
        late_days=tuple(sorted(late_days.items())),
        achieved=tuple(achieved.items()),
        months_taken=tuple(sorted(months_taken.items())),
        unit_figures=tuple((unit, period, *summed) for (unit, period), summed in unit_figures.items()),
        groups=groups,
        **sums,
    )


def _ends(year: MunicipalYear):
    """The year's first and last moments, for timestamps."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(year.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(year.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


@dataclass
class _Tally:
    """The year's counts as the steps of build_annual_report() find them:
    each figure by committee and, for its line, by review, with the lists
    and day counts a committee's section prints. Each step reads its own
    query's rows into it, so the report is made from one tally whatever
    the order the steps run in."""

    figures: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # by committee
    by_review: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # the same, by review
    titles: defaultdict = field(default_factory=lambda: defaultdict(list))
    response_days: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    late_days: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    round_labels: defaultdict = field(default_factory=lambda: defaultdict(list))
    # By committee: how many actions each grade as given (by its id).
    grades: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    # The scale versions the rounds counted were published on (None: one unknown).
    published_on: set = field(default_factory=set)
    # Every review a reader knows of, (committee, title) by its pk; those completed in the year.
    review_titles: dict = field(default_factory=dict)
    review_slugs: dict = field(default_factory=dict)
    completed: set = field(default_factory=set)
    # What scrutiny achieved (reports/achieved/ledger.py), by committee: each
    # measure's count, the months each recommendation completed took (how
    # many took each), and the impacts' figures, (unit, period): [sum, how many].
    achieved: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    months_taken: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    unit_figures: defaultdict = field(default_factory=lambda: defaultdict(dict))

    def add(self, committee: int, review: int, name: str, n: int) -> None:
        """Count `n` towards figure `name`, for the committee and for the review's line."""
        self.figures[committee][name] += n
        self.by_review[review][name] += n


def _chosen_committees(committees, committee) -> list:
    """The committees reported on, in order: `committee` alone, else
    `committees` as given (a list keeps its order), else every committee."""
    if committee is not None:
        committees = [committee]
    chosen = Committee.objects.all() if committees is None else committees
    return list(chosen if isinstance(chosen, list | tuple) else chosen.order_by("name"))


def _count_reviews(tally: _Tally, reviews, start: datetime.date, end: datetime.date) -> None:
    """Every review a reader knows of, by title; those completed (the
    committee agreed the final report in the year) listed by committee."""
    for pk, committee, title, slug, agreed in reviews.order_by("title").values_list(
        "pk", "committee", "title", "slug", "report_agreed"
    ):
        tally.review_titles[pk] = (committee, title)
        tally.review_slugs[pk] = slug
        if agreed is not None and start <= agreed <= end:
            tally.titles[committee].append(title)
            tally.completed.add(pk)


def _count_responses(tally: _Tally, reviews, start: datetime.date, end: datetime.date, as_at: datetime.date) -> None:
    """The recommendations of the reviews completed in the year and the
    executive's responses to them as at the year end, with how long each
    review waited for its response: read grouped by review, response and
    date (a handful of rows a review)."""
    response_rows = defaultdict(list)
    for row in (
        Recommendation.objects.filter(review__in=reviews.filter(report_agreed__range=(start, end)))
        .values(
            "review",
            "review__committee",
            "review__report_to_executive",
            "review__responses_published_at",
            "executive_response__response",
            "executive_response__responded_on",
        )
        .annotate(n=Count("pk"))
        .order_by()
    ):
        response_rows[row["review"]].append(row)
    for review, rows in response_rows.items():
        _count_review_responses(tally, review, rows, as_at)


def _count_review_responses(tally: _Tally, review: int, rows: list[dict], as_at: datetime.date) -> None:
    """One review's recommendations counted by the executive's response
    (outstanding where none was published by `as_at`), and the days its
    response took, timed by the response clock."""
    committee = rows[0]["review__committee"]
    published = rows[0]["review__responses_published_at"] is not None
    count = answered = 0
    last = None
    for row in rows:
        count += row["n"]
        response, on = row["executive_response__response"], row["executive_response__responded_on"]
        if not published or response is None or on > as_at:
            tally.add(committee, review, "outstanding", row["n"])
            continue
        answered += row["n"]
        last = max(last, on) if last else on
        if response == Response.ACCEPTED:
            tally.add(committee, review, "accepted", row["n"])
        elif response in grading.HAS_ACCEPTED_PART:
            tally.add(committee, review, "partially", row["n"])
        else:
            tally.add(committee, review, "rejected", row["n"])
    tally.add(committee, review, "recommendations", count)
    received = rows[0]["review__report_to_executive"]
    clock = clock_for(received, count=count, answered=answered, last=last, on=as_at)
    if clock.responded_on is not None and received is not None:
        tally.response_days[committee][(clock.responded_on - received).days] += 1
        tally.figures[committee]["responses_late"] += clock.responded_late


def _count_decisions(tally: _Tally, monitored, start: datetime.date, end: datetime.date) -> None:
    """The actions the committee signed off or closed by its published
    decisions at meetings in the year."""
    for committee, review, decision, n in (
        CommitteeDecision.objects.published()
        .filter(
            meeting_date__range=(start, end),
            decision__in=LEAVES_MONITORING,
            action__recommendation__review__in=monitored,
        )
        .values_list("action__recommendation__review__committee", "action__recommendation__review", "decision")
        .annotate(n=Count("action", distinct=True))
        .order_by()
    ):
        tally.add(committee, review, "signed_off" if decision == Decision.SIGNED_OFF else "closed", n)


def _published_rounds(monitored, as_at: datetime.date) -> list[tuple]:
    """The published rounds whose meeting was by the year end (or today),
    each with whether the committee's decisions at it are published: rows of
    (pk, review, period, decisions published at, meeting date, the review's
    title, its committee, the scale version it was published on)."""
    return list(
        Round.objects.filter(review__in=monitored, status=Round.Status.PUBLISHED, meeting_date__lte=as_at)
        .order_by("review__title", "period")
        .values_list(
            "pk",
            "review",
            "period",
            "decisions_published_at",
            "meeting_date",
            "review__title",
            "review__committee",
            "published_scale",
        )
    )


def _count_still_open(tally: _Tally, monitored, rounds: list[tuple], as_at: datetime.date) -> None:
    """Still open at the year end: every action of a plan agreed by then
    that no published decision at a meeting by then (`rounds`: the
    published rounds that met by then) signed off or closed, as their
    standing has them, a rejected recommendation's actions aside (never
    monitored)."""
    left = Standing.objects.filter(
        action=OuterRef("pk"), round__in=[row[0] for row in rounds], decision__in=LEAVES_MONITORING
    )
    for committee, review, n in (
        Action.objects.filter(
            recommendation__review__in=monitored, recommendation__review__action_plan_agreed__lte=as_at
        )
        .exclude(recommendation__executive_response__response=Response.REJECTED)
        .exclude(Exists(left))
        .values_list("recommendation__review__committee", "recommendation__review")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tally.add(committee, review, "still_open", n)


def _count_latest_rounds(tally: _Tally, rounds: list[tuple], start: datetime.date) -> None:
    """Where the actions stood at each review's latest published round by
    then, as its standing has them: those awaiting the committee's decision
    (graded achieved there, no published decision yet: the dashboard's
    "Awaiting the committee's decision"), and, where that round's meeting
    was in the year, each grade it received, as given, and how many on
    track or achieved (the conditions of models/standing.py). A year
    without a round asks too, and is told none: a fixed count of queries."""
    latest = {}
    for row in rounds:  # in order of period within each review
        latest[row[1]] = row
    latest = {row[0]: row for row in latest.values()}
    in_year = {row[0]: row for row in rounds if row[4] >= start}
    for pk, _, period, _, _, title, committee, scale in latest.values():
        if pk in in_year:
            tally.round_labels[committee].append(f"{title}, {period:%B %Y}")
            tally.published_on.add(scale)
    counted = (
        Standing.objects.filter(round__in=list(latest))
        .values_list("round_id", "grade_id")
        .annotate(n=Count("pk"), proposed=Count("pk", filter=PROPOSED), on_track=Count("pk", filter=ON_TRACK))
        .order_by()
    )
    for round, grade, n, proposed, on_track in counted:
        _, review, _, _, _, _, committee, _ = latest[round]
        tally.add(committee, review, "awaiting", proposed)
        if round in in_year:
            tally.add(committee, review, "carried", n)
            tally.add(committee, review, "on_track", on_track)
            if grade is not None:
                tally.grades[committee][grade] += n


def _count_revisions(tally: _Tally, monitored, start: datetime.date, end: datetime.date) -> None:
    """Revised target dates granted: accepted, first printed in the year,
    and published (a clerk's own change, or one its round has published)."""
    for committee, review, n in (
        TargetRevision.objects.published()
        .filter(action__recommendation__review__in=monitored, applies_from__range=(start, end))
        .values_list("action__recommendation__review__committee", "action__recommendation__review")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tally.add(committee, review, "revised", n)


def _count_updates(tally: _Tally, monitored, start: datetime.date, end: datetime.date) -> None:
    """The updates received (approved: ProgressEntry.objects.received()) in
    published rounds whose deadline fell in the year, by the day each was
    first submitted (its history), or never. One submitted but returned and
    never approved is not counted: the paper prints "No update received".
    One imported or loaded as approved has no online submission to time."""
    history = ProgressEntry.history.model.objects
    first_submitted = Subquery(
        history.filter(id=OuterRef("pk"), status=ProgressEntry.Status.SUBMITTED)
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    for row in (
        ProgressEntry.objects.received()
        .filter(round__review__in=monitored, round__status=Round.Status.PUBLISHED, round__deadline__range=(start, end))
        .annotate(submitted_on=TruncDate(first_submitted, tzinfo=timezone.get_current_timezone()))
        .values("round__review__committee", "round__review", "round__deadline", "submitted_on")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        committee, review = row["round__review__committee"], row["round__review"]
        deadline, submitted = row["round__deadline"], row["submitted_on"]
        if submitted is None:
            tally.add(committee, review, "without_submission", row["n"])
        elif submitted > deadline:
            tally.late_days[committee][(submitted - deadline).days] += row["n"]
            tally.by_review[review]["late"] += row["n"]
        else:
            tally.add(committee, review, "submitted_on_time", row["n"])


def _count_achieved(tally: _Tally, rows, span: Span) -> None:
    """What scrutiny achieved: each measure of the ledger's rows, by
    committee, with each review's recommendations implemented and impacts
    evidenced for its line; the months taken; the figures by unit."""
    for row in rows:
        committee, review = row.review.committee_id, row.review.pk
        for measure in MEASURES.values():
            if n := measure.count([row], span):
                tally.achieved[committee][measure.key] += n
                if measure.key in ("implemented", "impacts"):
                    tally.by_review[review][measure.key] += n
        if MEASURES["completed"].test(row, span) and row.clock.months is not None:
            tally.months_taken[committee][row.clock.months] += 1
        for unit, period, total, n in figures_by_unit([row], span):
            summed = tally.unit_figures[committee].setdefault((unit, period), [0, 0])
            summed[0] += total
            summed[1] += n


def _achieved_fields(tally: _Tally, committee: int) -> dict:
    figures = tally.unit_figures[committee]
    return {
        "achieved": tuple(tally.achieved[committee].items()),
        "months_taken": tuple(sorted(tally.months_taken[committee].items())),
        "unit_figures": tuple((unit, period, *summed) for (unit, period), summed in figures.items()),
    }


def _sections(committee_list: list, tally: _Tally, groups) -> tuple[Section, ...]:
    """Each committee's section: its figures, and a line for each review
    completed in the year or with anything counted."""
    return tuple(
        Section(
            name=committee.name,
            slug=committee.slug,
            reviews=tuple(tally.titles[committee.pk]),
            response_days=tuple(sorted(tally.response_days[committee.pk].items())),
            late_days=tuple(sorted(tally.late_days[committee.pk].items())),
            rounds=tuple(tally.round_labels[committee.pk]),
            grades=tuple(tally.grades[committee.pk].items()),
            groups=groups,
            lines=tuple(
                ReviewLine(
                    title=title,
                    slug=tally.review_slugs[pk],
                    completed=pk in tally.completed,
                    **_line_figures(tally.by_review[pk]),
                )
                for pk, (of, title) in tally.review_titles.items()
                if of == committee.pk and (pk in tally.completed or +tally.by_review[pk])
            ),
            **_achieved_fields(tally, committee.pk),
            **tally.figures[committee.pk],
        )
        for committee in committee_list
    )


def build_annual_report(
    year: int, *, committees=None, committee=None, today: datetime.date | None = None
) -> AnnualReport:
    """The annual report of the municipal year starting in `year`, for
    `committees` (a queryset or list of Committee; every committee by
    default), or for `committee` alone (a Committee: its report, without the
    council's total); a year not yet ended as at `today` (by default the
    council's today). Thirteen queries, however many reviews, rounds and
    actions."""
    municipal = MunicipalYear.of(year)
    start, end = municipal.start, municipal.end
    as_at = min(end, today or timezone.localdate())
    committee_list = _chosen_committees(committees, committee)
    pks = [committee.pk for committee in committee_list]
    # Published material only: a plan still being set up is in the report
    # once its executive responses are published (as every reader sees it).
    reviews = Review.objects.filter(committee__in=pks).known_to_every_reader()
    monitored = Review.objects.filter(committee__in=pks).confirmed()
    tally = _Tally()
    _count_reviews(tally, reviews, start, end)
    _count_responses(tally, reviews, start, end, as_at)
    _count_decisions(tally, monitored, start, end)
    rounds = _published_rounds(monitored, as_at)
    _count_still_open(tally, monitored, rounds, as_at)
    scales = all_scales()
    _count_latest_rounds(tally, rounds, start)
    _count_revisions(tally, monitored, start, end)
    _count_updates(tally, monitored, start, end)
    span = Span(start, end, as_at)
    _count_achieved(tally, read_ledger(counted_recommendations(pks), as_at), span)
    wording = council()
    # A year with no round counted lists the scale in force.
    published_on = None if not tally.published_on or None in tally.published_on else tally.published_on
    groups = tuple(
        scales.groups({grade for counts in tally.grades.values() for grade in counts}, published_on=published_on)
    )
    sections = _sections(committee_list, tally, groups)
    in_principle = settings.SCRUTINY_RESPONSE_IN_PRINCIPLE
    return AnnualReport(
        year=municipal.year,
        label=municipal.label,
        span=municipal.span,
        start=start,
        end=end,
        council=wording.council_name,
        committees_name=wording.committees_name if len(sections) != 1 else wording.committee_name,
        committee_word=wording.committee_name,
        groups=groups,
        response_period=str(response_period()),
        partially_words="Partially accepted or accepted in principle" if in_principle else "Partially accepted",
        committees=sections,
        total=_combine(all_committees(wording.committees_name), sections, groups),
        one_committee=committee is not None,
        as_at=None if as_at == end else as_at,
    )


def years_with_data(*, committees=None, today: datetime.date | None = None) -> list[int]:
    """The municipal years (by the calendar year each starts in) from the
    first with a review's report agreed, an action plan agreed or a round's
    meeting to the current one, newest first: an action plan's actions stay
    open, and are counted, until the committee signs them off or closes
    them. The current year alone when there is nothing yet. Two queries."""
    this_year = MunicipalYear.containing(today or timezone.localdate()).year
    reviews = Review.objects.all() if committees is None else Review.objects.filter(committee__in=committees)
    dates = reviews.known_to_every_reader().aggregate(report=Min("report_agreed"), plan=Min("action_plan_agreed"))
    meetings = Round.objects.filter(review__in=reviews.confirmed(), status=Round.Status.PUBLISHED).aggregate(
        first=Min("meeting_date")
    )
    days = [day for day in (*dates.values(), *meetings.values()) if day is not None]
    first = min(this_year, MunicipalYear.containing(min(days)).year) if days else this_year
    return list(range(this_year, first - 1, -1))
