"""The committee's filtered list of actions (django-filter). The state is in
the address, so a member can share exactly what they are looking at."""

import datetime

import django_filters
from django import forms
from django.db.models import Q

from actionplans.grading import Decision, Grade, Movement, Response, response_choices
from actionplans.models import (
    Committee,
    Owner,
    ProgressEntry,
    Responsibility,
    Review,
    Round,
    month_label,
    period_code,
)
from actionplans.models.council import MEANING_WORDS, ScaleGrade, current_scale
from reports.standing import with_standing

NO_UPDATE = "none"
NO_RESPONSE = "none"
AWAITING = "awaiting"
# A grade offered that the council's scale no longer has.
EARLIER_SCALE = " (an earlier scale's)"


class GradeField(django_filters.fields.ChoiceField):
    """The grades offered, as given ('2 (On-Track)'); also what a grade
    means ('3': every grade meaning at risk or slipped), which the
    dashboard's links and addresses shared before ask for, not offered."""

    def valid_value(self, value):
        return super().valid_value(value) or str(value) in {str(grade.value) for grade in Grade}


class GradeFilter(django_filters.ChoiceFilter):
    field_class = GradeField


class ActionFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        label="Committee",
        field_name="recommendation__review__committee",
        to_field_name="slug",
        queryset=Committee.objects.none(),
        empty_label="All",
    )
    review = django_filters.ModelChoiceFilter(
        label="Review",
        field_name="recommendation__review",
        to_field_name="slug",
        queryset=Review.objects.none(),
        empty_label="All",
    )
    round = django_filters.ChoiceFilter(
        label="As at the progress update of", method="as_at", empty_label="The latest of each review"
    )
    grade = GradeFilter(
        label="Assessment of Progress",
        method="by_grade",
        choices=[],  # set per request: the grades given and the council's (grade_choices())
        empty_label="Any",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Responsibility", field_name="owners", queryset=Owner.objects.none(), empty_label="Anyone"
    )
    movement = django_filters.ChoiceFilter(
        label="Since the round before", field_name="movement", choices=Movement.choices, empty_label="Any"
    )
    revisions = django_filters.ChoiceFilter(
        label="Target date",
        method="by_revisions",
        choices=[("none", "Not revised"), ("once", "Revised once"), ("more", "Revised more than once")],
        empty_label="Revised or not",
    )
    response = django_filters.ChoiceFilter(
        label="Executive response to the recommendation",
        method="by_response",
        choices=[],  # set per request: "Accepted in principle" only where the council allows it
        empty_label="Any",
    )
    decision = django_filters.ChoiceFilter(
        label="The committee's decision",
        method="by_decision",
        choices=[*Decision.choices, (AWAITING, "Awaiting the committee's decision")],
        empty_label="Any",
    )
    overdue = django_filters.BooleanFilter(
        label="Only actions past their target date and not achieved",
        field_name="overdue",
        widget=forms.CheckboxInput,
        method="only_overdue",
    )

    def __init__(self, data=None, *args, committees=None, reviews=None, published_only=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        scale = current_scale()
        self.grades = grade_choices(scale, self.queryset)
        current = {level.id for level in scale}
        self.filters["grade"].extra["choices"] = [
            *(
                (printed, levels[0].choice_label + ("" if current & {level.id for level in levels} else EARLIER_SCALE))
                for printed, levels in self.grades.items()
            ),
            (NO_UPDATE, "No update"),
        ]
        achieved = scale.signs_off
        if achieved is not None:
            self.filters["overdue"].label = f"Only actions past their target date and not graded {achieved.label}"
        # Only a clerk's list reads decisions recorded but not yet published.
        self.published_only = published_only
        self.filters["committee"].queryset = committees
        reviews = Review.objects.all() if reviews is None else reviews
        self.filters["review"].queryset = reviews.filter(committee__in=committees).order_by("title")
        # The months of the reviews offered: those the user may read
        # (Review.objects.visible_to), so no draft's imported round.
        periods = (
            Round.objects.filter(review__in=self.filters["review"].queryset, status=Round.Status.PUBLISHED)
            .order_by("-period")
            .values_list("period", flat=True)
            .distinct()
        )
        self.filters["round"].extra["choices"] = [(period_code(p), month_label(p)) for p in periods]
        # Not "Rejected": a rejected recommendation is not monitored, so no
        # action of one is ever listed here (reports.standing.REJECTED).
        monitored = [(value, label) for value, label in response_choices() if value != Response.REJECTED]
        self.filters["response"].extra["choices"] = [*monitored, (NO_RESPONSE, "None published yet")]
        # The people of the actions listed (Action.objects.visible_to, the
        # view's queryset): not those named only in a plan still being set
        # up. A subquery: one query for the choices, however many actions.
        self.filters["owner"].queryset = Owner.objects.filter(
            pk__in=Responsibility.objects.filter(action__in=self.queryset).values("owner")
        ).order_by("name")

    def by_response(self, queryset, name, value):
        """The published response to the action's recommendation; "none":
        none published yet."""
        published = Q(
            recommendation__review__responses_published_at__isnull=False,
            recommendation__executive_response__isnull=False,
        )
        if value == NO_RESPONSE:
            return queryset.exclude(published)
        return queryset.filter(published, recommendation__executive_response__response=value)

    def filter_queryset(self, queryset):
        # Standing is worked out as at the chosen round before anything is
        # filtered on it, so that grade and movement mean "in that round".
        as_at = self.form.cleaned_data.get("round")
        as_at = datetime.date.fromisoformat(f"{as_at}-01") if as_at else None
        queryset = with_standing(queryset, as_at=as_at)
        return super().filter_queryset(queryset).distinct()

    def as_at(self, queryset, name, value):
        return queryset  # applied in filter_queryset

    def by_grade(self, queryset, name, value):
        """The grade as given at the round shown: every grade printed as
        `value`, whichever version of the scale it was given under; a
        grade's meaning ('3') where that is asked for."""
        if value == NO_UPDATE:
            return queryset.filter(grade_now__isnull=True, level_now__isnull=True)
        if value in self.grades:
            return queryset.filter(level_now__in=[level.id for level in self.grades[value]])
        return queryset.filter(grade_now=int(value))

    def by_decision(self, queryset, name, value):
        """The committee's decision at the round the action stands at (the
        latest published one, or the one chosen)."""
        decision = None if value == AWAITING else value
        return queryset.decided_at_round_now(decision, published_only=self.published_only)

    def only_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value else queryset

    def by_revisions(self, queryset, name, value):
        # Accepted revisions, counted by Action.objects.with_revision_count().
        counted = queryset.with_revision_count(published_only=self.published_only)
        return {
            "none": counted.filter(revisions=0),
            "once": counted.filter(revisions=1),
            "more": counted.filter(revisions__gt=1),
        }[value]


def grade_choices(scale, actions) -> dict[str, list]:
    """The grades a reader may filter `actions` by: every grade given to
    them in a published round, whichever version of the scale it was given
    under, and the current scale's, grouped by how they print ('2
    (On-Track)' of two versions is one choice), in the order of what they
    mean, best first (the current scale's first of each). One query."""
    given = ScaleGrade.objects.filter(
        pk__in=ProgressEntry.objects.received()
        .filter(action__in=actions, round__status=Round.Status.PUBLISHED)
        .values("level")
    ).order_by("-scale__version", "position")
    current = {level.id for level in scale}
    levels = [*scale, *(grade.level() for grade in given if grade.pk not in current)]
    order = {level.id: n for n, level in enumerate(levels)}
    groups: dict[str, list] = {}
    for level in sorted(levels, key=lambda level: (level.meaning or len(MEANING_WORDS), order[level.id])):
        groups.setdefault(level.printed, []).append(level)
    return groups
