"""Where each action stands: its grade in a review's latest published round
(or the round chosen), the grade before, the movement between them, and
whether its target date has passed. Done in the database, as annotations,
so the dashboards and the filtered list make a fixed number of queries
however many actions there are.

The carry-forward rule itself is Action.is_carried_into(); `monitored` below
is the same rule written as SQL, and tests/test_standing.py holds the two to
the same answers.
"""

import datetime

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When

from actionplans.models import Action, ProgressEntry, Round


class Movement(models.TextChoices):
    SIGNED_OFF = "signed_off", "Newly signed off"
    IMPROVED = "improved", "Improved"
    UNCHANGED = "unchanged", "Unchanged"
    WORSE = "worse", "Worse"
    NO_UPDATE = "no_update", "No update received"
    FIRST = "first", "First assessment"


def with_standing(actions, *, as_at: datetime.date | None = None, today: datetime.date | None = None):
    """The actions monitored in their review's latest published round (the
    latest up to `as_at`, where given), annotated with:
    round_now, round_now_period, round_before, grade_now, grade_before,
    movement (a Movement value) and overdue (target month passed, not Fully
    Achieved)."""
    today = today or datetime.date.today()
    published = Round.objects.filter(review=OuterRef("recommendation__review"), status=Round.Status.PUBLISHED)
    if as_at is not None:
        published = published.filter(period__lte=as_at)
    published = published.order_by("-period")
    actions = actions.annotate(
        round_now=Subquery(published.values("pk")[:1]),
        round_now_period=Subquery(published.values("period")[:1]),
        round_before=Subquery(published.values("pk")[1:2]),
    ).filter(round_now__isnull=False)

    entries = ProgressEntry.objects.filter(action=OuterRef("pk"))
    achieved_earlier = entries.filter(
        round__status=Round.Status.PUBLISHED,
        round__period__lt=OuterRef("round_now_period"),
        grade=ProgressEntry.Grade.FULLY_ACHIEVED,
    )
    actions = actions.annotate(
        grade_now=Subquery(entries.filter(round=OuterRef("round_now")).values("grade")[:1]),
        grade_before=Subquery(entries.filter(round=OuterRef("round_before")).values("grade")[:1]),
        achieved_earlier=Exists(achieved_earlier),
    )
    monitored = (
        Q(monitoring=Action.Monitoring.KEEP_OPEN)
        | Q(monitoring=Action.Monitoring.CLOSED, closed_at__period__gte=F("round_now_period"))
        | Q(monitoring=Action.Monitoring.DEFAULT, achieved_earlier=False)
    )
    achieved = ProgressEntry.Grade.FULLY_ACHIEVED
    return actions.filter(monitored).annotate(
        movement=Case(
            When(grade_now__isnull=True, then=Value(Movement.NO_UPDATE)),
            When(grade_before__isnull=True, then=Value(Movement.FIRST)),
            When(Q(grade_now=achieved) & ~Q(grade_before=achieved), then=Value(Movement.SIGNED_OFF)),
            When(grade_now__lt=F("grade_before"), then=Value(Movement.IMPROVED)),
            When(grade_now=F("grade_before"), then=Value(Movement.UNCHANGED)),
            default=Value(Movement.WORSE),
            output_field=models.CharField(),
        ),
        overdue=Case(
            When(
                Q(target_month__lt=today.replace(day=1)) & (Q(grade_now__isnull=True) | ~Q(grade_now=achieved)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
    )


IMPROVEMENTS = {Movement.SIGNED_OFF, Movement.IMPROVED}
