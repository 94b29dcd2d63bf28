"""Gathers the scrutiny annual report (data.py) for one municipal year and
its Select Committees: what scrutiny did and what came of it, counted in
the database from the domain's own dates inside the year, published
material only, in a fixed number of queries (data.py's docstring says each
rule)."""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from actionplans import grading
from actionplans.grading import LEAVES_MONITORING, SIGNS_OFF, Decision, Grade, Response
from actionplans.models import (
    Action,
    Committee,
    CommitteeDecision,
    ProgressEntry,
    Recommendation,
    Review,
    Round,
    TargetRevision,
)
from actionplans.models.council import council, current_scale
from actionplans.models.response import clock_for, response_period
from actionplans.municipal import MunicipalYear
from reports.annual.data import ON_TRACK_GRADES, AnnualReport, ReviewLine, Section, all_committees
from reports.standing import REJECTED, StandingRounds, leaves_monitoring, with_standing

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
)


def _line_figures(counts: Counter) -> dict[str, int]:
    return {name: counts[name] for name in LINE_FIGURES}


def _combine(name: str, sections, scale=None) -> Section:
    """The council's total: every count added up, the medians from every
    committee's figures together (not a median of medians)."""
    sections = list(sections)
    response_days, late_days = Counter(), Counter()
    for section in sections:
        response_days.update(dict(section.response_days))
        late_days.update(dict(section.late_days))
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
        grades=tuple(sum(counts) for counts in zip(*(section.grades for section in sections), strict=True))
        if sections
        else (0, 0, 0, 0),
        response_days=tuple(sorted(response_days.items())),
        late_days=tuple(sorted(late_days.items())),
        scale=scale,
        **sums,
    )


def _ends(year: MunicipalYear):
    """The year's first and last moments, for timestamps."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(year.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(year.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def build_annual_report(
    year: int, *, committees=None, committee=None, today: datetime.date | None = None
) -> AnnualReport:
    """The annual report of the municipal year starting in `year`, for
    `committees` (a queryset or list of Committee; every committee by
    default), or for `committee` alone (a Committee: its report, without the
    council's total); a year not yet ended as at `today` (by default the
    council's today). Nine queries, however many reviews, rounds and
    actions."""
    municipal = MunicipalYear.of(year)
    start, end = municipal.start, municipal.end
    today = today or timezone.localdate()
    as_at = min(end, today)
    one_committee = committee is not None
    if one_committee:
        committees = [committee]
    chosen = Committee.objects.all() if committees is None else committees
    committee_list = list(chosen if isinstance(chosen, list | tuple) else chosen.order_by("name"))
    pks = [committee.pk for committee in committee_list]
    # Published material only: a plan still being set up is in the report
    # once its executive responses are published (as every reader sees it).
    reviews = Review.objects.filter(committee__in=pks).known_to_every_reader()
    monitored = Review.objects.filter(committee__in=pks).confirmed()
    figures = defaultdict(Counter)  # by committee
    by_review = defaultdict(Counter)  # the same, by review, for its line

    def add(committee: int, review: int, name: str, n: int) -> None:
        figures[committee][name] += n
        by_review[review][name] += n

    titles = defaultdict(list)
    response_days = defaultdict(Counter)
    late_days = defaultdict(Counter)
    round_labels = defaultdict(list)
    grades = defaultdict(lambda: [0, 0, 0, 0])  # by committee: how many graded 1 to 4

    # 1. Every review a reader knows of, by title; those completed: the
    # committee agreed the final report in the year.
    review_titles, completed = {}, set()
    for pk, committee, title, agreed in reviews.order_by("title").values_list(
        "pk", "committee", "title", "report_agreed"
    ):
        review_titles[pk] = (committee, title)
        if agreed is not None and start <= agreed <= end:
            titles[committee].append(title)
            completed.add(pk)

    # 2. Their recommendations and the executive's responses, as at the year
    # end: grouped by review, response and date (a handful of rows a review).
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
        committee = rows[0]["review__committee"]
        published = rows[0]["review__responses_published_at"] is not None
        count = answered = 0
        last = None
        for row in rows:
            count += row["n"]
            response, on = row["executive_response__response"], row["executive_response__responded_on"]
            if not published or response is None or on > as_at:
                add(committee, review, "outstanding", row["n"])
                continue
            answered += row["n"]
            last = max(last, on) if last else on
            if response == Response.ACCEPTED:
                add(committee, review, "accepted", row["n"])
            elif response in grading.HAS_ACCEPTED_PART:
                add(committee, review, "partially", row["n"])
            else:
                add(committee, review, "rejected", row["n"])
        add(committee, review, "recommendations", count)
        received = rows[0]["review__report_to_executive"]
        clock = clock_for(received, count=count, answered=answered, last=last, on=as_at)
        if clock.responded_on is not None and received is not None:
            response_days[committee][(clock.responded_on - received).days] += 1
            figures[committee]["responses_late"] += clock.responded_late

    # 3. The committee's published decisions at meetings in the year.
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
        add(committee, review, "signed_off" if decision == Decision.SIGNED_OFF else "closed", n)

    # 4. The published rounds whose meeting was by the year end (or today),
    # each with whether the committee's decisions at it are published.
    rounds = list(
        Round.objects.filter(review__in=monitored, status=Round.Status.PUBLISHED, meeting_date__lte=as_at)
        .order_by("review__title", "period")
        .values_list(
            "pk", "review", "period", "decisions_published_at", "meeting_date", "review__title", "review__committee"
        )
    )
    standing = StandingRounds.of(row[:4] for row in rounds)

    # 4a. Still open at the year end: every action of a plan agreed by then
    # that no published decision at a meeting by then signed off or closed
    # (the carry-forward rule: reports/standing.py), a rejected
    # recommendation's actions aside (never monitored).
    for committee, review, n in (
        Action.objects.filter(
            recommendation__review__in=monitored, recommendation__review__action_plan_agreed__lte=as_at
        )
        .exclude(REJECTED)
        .alias(leaves=leaves_monitoring(standing.decided))
        .filter(leaves__isnull=True)
        .values_list("recommendation__review__committee", "recommendation__review")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(committee, review, "still_open", n)

    # 4b. Where the actions stood at each review's latest published round by
    # then (reports/standing.py): those awaiting the committee's decision
    # (graded Fully Achieved there, no published decision yet: the
    # dashboard's "Awaiting the committee's decision"), and, where that
    # round's meeting was in the year, the grades it received.
    in_year = {row[0]: row for row in rounds if row[4] >= start}
    for pk in standing.now:
        if pk in in_year:
            _, _, period, _, _, title, committee = in_year[pk]
            round_labels[committee].append(f"{title}, {period:%B %Y}")
    # (A year without a round asks too, and is told none: a fixed count of queries.)
    carried_rows = (
        with_standing(Action.objects.filter(recommendation__review__in=monitored), rounds=standing, today=as_at)
        .values("recommendation__review__committee", "recommendation__review", "round_now")
        .annotate(
            carried=Count("pk"),
            on_track=Count("pk", filter=Q(grade_now__in=ON_TRACK_GRADES)),
            awaiting=Count("pk", filter=Q(grade_now=SIGNS_OFF, decision_now__isnull=True)),
            **{f"grade_{grade}": Count("pk", filter=Q(grade_now=grade)) for grade in Grade.values},
        )
        .order_by()
    )
    for row in carried_rows:
        committee, review = row["recommendation__review__committee"], row["recommendation__review"]
        add(committee, review, "awaiting", row["awaiting"])
        if row["round_now"] in in_year:
            add(committee, review, "carried", row["carried"])
            add(committee, review, "on_track", row["on_track"])
            for grade in Grade.values:
                grades[committee][grade - 1] += row[f"grade_{grade}"]

    # 5. Revised target dates granted: accepted, first printed in the year,
    # and published (a clerk's own change, or one its round has published).
    for committee, review, n in (
        TargetRevision.objects.published()
        .filter(action__recommendation__review__in=monitored, applies_from__range=(start, end))
        .values_list("action__recommendation__review__committee", "action__recommendation__review")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(committee, review, "revised", n)

    # 6. The updates received (approved: ProgressEntry.objects.received()) in
    # published rounds whose deadline fell in the year, by the day each was
    # first submitted (its history), or never. One submitted but returned and
    # never approved is not counted: the paper prints "No update received".
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
            # Imported or loaded as approved: no online submission to time.
            add(committee, review, "without_submission", row["n"])
        elif submitted > deadline:
            late_days[committee][(submitted - deadline).days] += row["n"]
            by_review[review]["late"] += row["n"]
        else:
            add(committee, review, "submitted_on_time", row["n"])

    scale, wording = current_scale(), council()
    # A grade counted whose meaning the scale no longer has a grade for is
    # named as it was given (one query, only then).
    meanings = {grade for counts in grades.values() for grade, n in enumerate(counts, start=1) if n}
    scale = scale.with_given(
        ProgressEntry.objects.received()
        .filter(round__in=[pk for pk in standing.now if pk in in_year])
        .given_levels(meanings - set(scale.ranks()))
    )
    sections = tuple(
        Section(
            name=committee.name,
            slug=committee.slug,
            reviews=tuple(titles[committee.pk]),
            response_days=tuple(sorted(response_days[committee.pk].items())),
            late_days=tuple(sorted(late_days[committee.pk].items())),
            rounds=tuple(round_labels[committee.pk]),
            grades=tuple(grades[committee.pk]),
            scale=scale,
            lines=tuple(
                ReviewLine(title=title, completed=pk in completed, **_line_figures(by_review[pk]))
                for pk, (of, title) in review_titles.items()
                if of == committee.pk and (pk in completed or +by_review[pk])
            ),
            **figures[committee.pk],
        )
        for committee in committee_list
    )
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
        scale=scale,
        response_period=str(response_period()),
        partially_words="Partially accepted or accepted in principle" if in_principle else "Partially accepted",
        committees=sections,
        total=_combine(all_committees(wording.committees_name), sections, scale),
        one_committee=one_committee,
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
