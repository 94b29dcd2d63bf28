"""The committee's filtered list of actions (django-filter): each action as
it stood in its review's latest published round (or the round chosen),
read from the rounds' stored standing (actionplans/models/standing.py).
The state is in the address, so a member can share exactly what they are
looking at."""

import datetime

import django_filters
from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from actionplans.grading import Decision, Movement, Response, response_choices
from actionplans.models import (
    Action,
    Committee,
    CommitteeDecision,
    Owner,
    Responsibility,
    Review,
    Round,
    month_label,
    period_code,
)
from actionplans.models.council import all_scales

NO_UPDATE = "none"
NO_RESPONSE = "none"
AWAITING = "awaiting"


class ActionFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(
        label="Committee",
        field_name="action__recommendation__review__committee",
        to_field_name="slug",
        queryset=Committee.objects.none(),
        empty_label="All",
    )
    review = django_filters.ModelChoiceFilter(
        label="Review",
        field_name="action__recommendation__review",
        to_field_name="slug",
        queryset=Review.objects.none(),
        empty_label="All",
    )
    round = django_filters.ChoiceFilter(
        label="As at the progress update of", method="as_at", empty_label="The latest of each review"
    )
    grade = django_filters.ChoiceFilter(
        label="Assessment of Progress",
        method="by_grade",
        choices=[],  # set per request: the grades given and the council's (Scales.groups)
        empty_label="Any",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Responsibility", field_name="action__owners", queryset=Owner.objects.none(), empty_label="Anyone"
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

    def __init__(self, data=None, *args, committees=None, reviews=None, actions=None, published_only=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        scales = all_scales()
        # Every grade given in what the reader may see, each once, as the
        # dashboards' charts name and count them (Scales.groups).
        given = self.queryset.order_by().values_list("grade", flat=True).distinct()
        self.groups = {group.key: group for group in scales.groups(set(given))}
        self.filters["grade"].extra["choices"] = [
            *((key, group.choice_label) for key, group in self.groups.items()),
            (NO_UPDATE, "No update"),
        ]
        achieved = scales.current.signs_off if scales.versions else None
        if achieved is not None:
            self.filters["overdue"].label = f"Only actions past their target date and not graded {achieved.label}"
        # Only a clerk's list reads decisions recorded but not yet published.
        self.published_only = published_only
        self.filters["committee"].queryset = committees
        reviews = Review.objects.all() if reviews is None else reviews
        self.filters["review"].queryset = reviews.filter(committee__in=committees).order_by("title")
        # The months of the reviews offered: those the user may read
        # (Review.objects.visible_to), so no draft's imported round.
        self.rounds = list(
            Round.objects.filter(review__in=self.filters["review"].queryset, status=Round.Status.PUBLISHED)
            .order_by("period")
            .values_list("pk", "review", "period")
        )
        periods = sorted({period for _, _, period in self.rounds}, reverse=True)
        self.filters["round"].extra["choices"] = [(period_code(p), month_label(p)) for p in periods]
        # Not "Rejected": a rejected recommendation is not monitored, so no
        # action of one is ever listed here.
        monitored = [(value, label) for value, label in response_choices() if value != Response.REJECTED]
        self.filters["response"].extra["choices"] = [*monitored, (NO_RESPONSE, "None published yet")]
        # The people of the actions the reader may read (`actions`,
        # Action.objects.visible_to): not those named only in a plan still
        # being set up, unless the reader builds plans. A subquery: one
        # query for the choices, however many actions.
        actions = self.queryset.values("action") if actions is None else actions
        self.filters["owner"].queryset = Owner.objects.filter(
            pk__in=Responsibility.objects.filter(action__in=actions).values("owner")
        ).order_by("name")

    def by_response(self, queryset, name, value):
        """The published response to the action's recommendation; "none":
        none published yet."""
        published = Q(
            action__recommendation__review__responses_published_at__isnull=False,
            action__recommendation__executive_response__isnull=False,
        )
        if value == NO_RESPONSE:
            return queryset.exclude(published)
        return queryset.filter(published, action__recommendation__executive_response__response=value)

    def as_at_month(self) -> datetime.date | None:
        as_at = self.form.cleaned_data.get("round")
        return datetime.date.fromisoformat(f"{as_at}-01") if as_at else None

    def shown_rounds(self) -> dict[int, int]:
        """Each review's round shown: its latest published, or its latest up
        to the month chosen ({review: round})."""
        as_at, shown = self.as_at_month(), {}
        for pk, review, period in self.rounds:
            if as_at is None or period <= as_at:
                shown[review] = pk
        return shown

    def why_empty(self) -> str:
        """What an empty list says: why, where the review chosen has no
        progress update published (by the month chosen)."""
        review = self.form.cleaned_data.get("review") if self.is_valid() else None
        if review is None or review.pk in self.shown_rounds():
            return "No action matches these filters."
        by = f" by {month_label(self.as_at_month())}" if self.as_at_month() else ""
        return (
            f"No action matches these filters: the {review.title} review has no progress update "
            f"published{by}, so none of its actions has a grade to list yet."
        )

    def filter_queryset(self, queryset):
        # Each review's round shown is chosen before anything is filtered,
        # so that grade and movement mean "in that round".
        shown = self.shown_rounds()
        queryset = queryset.filter(round__in=list(shown.values())).with_overdue(timezone.localdate())
        return super().filter_queryset(queryset)

    def as_at(self, queryset, name, value):
        return queryset  # applied in filter_queryset

    def by_grade(self, queryset, name, value):
        """The grade as given at the round shown: every grade it counts
        (Scales.groups), whichever version of the scale it was given under."""
        if value == NO_UPDATE:
            return queryset.filter(grade__isnull=True)
        return queryset.filter(grade__in=self.groups[value].levels)

    def by_decision(self, queryset, name, value):
        """The committee's decision at the round shown, as published (its
        standing), or for a clerk as recorded."""
        if self.published_only:
            return queryset.filter(decision="" if value == AWAITING else value)
        recorded = CommitteeDecision.objects.filter(action=OuterRef("action"), round=OuterRef("round"))
        queryset = queryset.annotate(recorded=Subquery(recorded.values("decision")[:1]))
        return queryset.filter(recorded__isnull=True) if value == AWAITING else queryset.filter(recorded=value)

    def only_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value else queryset

    def by_revisions(self, queryset, name, value):
        # Accepted revisions, counted by Action.objects.with_revision_count().
        counted = Action.objects.with_revision_count(published_only=self.published_only)
        chosen = {"none": Q(revisions=0), "once": Q(revisions=1), "more": Q(revisions__gt=1)}[value]
        return queryset.filter(action__in=counted.filter(chosen).values("pk"))
