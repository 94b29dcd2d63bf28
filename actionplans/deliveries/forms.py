"""The clerk's page that links a review's recommendations and actions to the
partnership plans' actions that deliver them: the clerk chooses a plan (by
default the plans already linked), then, for each recommendation and
action, that plan's actions grouped by theme. The form only cleans the
choices; the saving is Delivery.objects.set_for_review(), and links to the
plans not shown are kept as they are."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch
from django.http import Http404

from actionplans.models import Action, Delivery, PartnershipAction, PartnershipPlan, Recommendation
from actionplans.models.common import shorten


@dataclass
class Option:
    index: int  # the checkbox's place in its field: "id_action-5_0" is the first
    value: str
    label: str  # "1.6 Commission Show Racism the Red Card …"
    checked: bool


@dataclass
class ThemeOptions:
    pk: int
    heading: str
    options: list[Option] = field(default_factory=list)


@dataclass
class PlanOptions:
    """A plan's actions by theme (or, on the self-assessment's page, a
    review's by recommendation), in one details element."""

    pk: int
    title: str
    themes: list[ThemeOptions] = field(default_factory=list)

    @property
    def chosen(self) -> int:
        return sum(option.checked for theme in self.themes for option in theme.options)


def grouped_options(actions, chosen: set[str], *, source, group, label) -> list[PlanOptions]:
    """`actions`, in order, as checkboxes (ticked if their pk is in
    `chosen`) grouped by source(action) -> (pk, title), a plan or a review,
    and within it by group(action) -> (pk, heading), a theme or a
    recommendation; label(action) words each."""
    plans = []
    for index, action in enumerate(actions):
        (source_pk, title), (group_pk, heading) = source(action), group(action)
        if not plans or plans[-1].pk != source_pk:
            plans.append(PlanOptions(pk=source_pk, title=title))
        if not plans[-1].themes or plans[-1].themes[-1].pk != group_pk:
            plans[-1].themes.append(ThemeOptions(pk=group_pk, heading=heading))
        value = str(action.pk)
        plans[-1].themes[-1].options.append(
            Option(index=index, value=value, label=label(action), checked=value in chosen)
        )
    return plans


def plan_of(action) -> tuple[int, str]:
    return action.theme.plan_id, action.theme.plan.short_title


def theme_of(action) -> tuple[int, str]:
    return action.theme_id, action.theme.heading


@dataclass
class TargetRow:
    """One recommendation or action and its choice."""

    legend: str  # "Recommendation 1, the whole recommendation"; "1 a) Schools, Colleges and Universities: Provide…"
    field: forms.BoundField
    summary: str  # "Delivered through 1.6, 1.7, 1.8", of the plans shown
    kept: list[str]  # its links to plans not shown, which saving keeps: "Plan, 2.1"
    open: bool  # its choice is shown open: an error, or a change not yet saved
    plans: list[PlanOptions]


@dataclass
class RecommendationRows:
    number: int
    text: str
    targets: list[TargetRow] = field(default_factory=list)


def targets_of(review) -> list[tuple[Recommendation, list[Action]]]:
    """The review's recommendations, each with its actions in document
    order, and their links (prefetched, with their plans' themes): three
    queries."""
    deliveries = Delivery.objects.select_related("partnership_action__theme").order_by("position", "pk")
    recommendations = list(
        Recommendation.objects.filter(review=review)
        .prefetch_related(Prefetch("deliveries", deliveries))
        .order_by("number")
    )
    actions = (
        Action.objects.filter(recommendation__review=review)
        .select_related("recommendation", "sub_action")
        .prefetch_related(Prefetch("deliveries", deliveries))
        .in_document_order()
    )
    by_recommendation = {rec.pk: [] for rec in recommendations}
    for action in actions:
        by_recommendation[action.recommendation_id].append(action)
    return [(rec, by_recommendation[rec.pk]) for rec in recommendations]


def partnership_plans():
    """Every plan, newest first, to choose from: one query."""
    return list(PartnershipPlan.objects.select_related("partnership").order_by("-starts", "title", "pk"))


def linked_plan_ids(targets) -> set[int]:
    """The plans whose actions deliver something of the review now."""
    return {
        link.partnership_action.theme.plan_id
        for rec, actions in targets
        for target in [rec, *actions]
        for link in target.deliveries.all()
    }


def plans_shown(plans, targets, chosen: str | None) -> list:
    """The plan `?plan=` names (404 if none has that slug); without one, the
    plans linked now, or else the newest plan."""
    if chosen:
        shown = [plan for plan in plans if plan.slug == chosen]
        if not shown:
            raise Http404("No such partnership plan")
        return shown
    linked = linked_plan_ids(targets)
    return [plan for plan in plans if plan.pk in linked] or plans[:1]


def partnership_actions():
    """Every plan's actions, plan by plan in their own order: one query.
    All of them, not only the shown plan's, to keep the other plans'
    links in their order when the page is saved."""
    return list(
        PartnershipAction.objects.select_related("theme__plan").order_by(
            "-theme__plan__starts",
            "theme__plan__title",
            "theme__plan__pk",
            "theme__position",
            "theme__pk",
            "position",
            "pk",
        )
    )


def _name(target) -> str:
    return f"recommendation-{target.pk}" if isinstance(target, Recommendation) else f"action-{target.pk}"


def partnership_label(action) -> str:
    return f"{action.number} {shorten(action.text, 90)}".strip()


def _legend(target) -> str:
    if isinstance(target, Recommendation):
        return f"{target}, the whole recommendation"
    return f"{target.reference}: {shorten(target.agreed_action, 60)}" if target.agreed_action else target.title


class DeliveriesForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, targets, choices, shown, version: str):
        """`choices`: every plan's actions (partnership_actions); `shown`:
        the plans whose actions the page offers (plans_shown)."""
        super().__init__(data, initial={"version": version})
        self.targets = targets
        self.choices = choices
        self.shown = shown
        shown_ids = {plan.pk for plan in shown}
        self.offered = [action for action in choices if action.theme.plan_id in shown_ids]
        labels = [(str(action.pk), partnership_label(action)) for action in self.offered]
        for rec, actions in targets:
            for target in [rec, *actions]:
                self.fields[_name(target)] = forms.MultipleChoiceField(
                    required=False,
                    choices=labels,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={
                        "invalid_choice": "Choose partnership actions from the list: %(value)s is not one of them"
                    },
                )
                self.initial[_name(target)] = [
                    str(link.partnership_action_id)
                    for link in target.deliveries.all()
                    if link.partnership_action.theme.plan_id in shown_ids
                ]

    def _kept(self, target) -> list:
        """Its links to actions of plans the page does not show."""
        offered = {action.pk for action in self.offered}
        return [
            link.partnership_action_id for link in target.deliveries.all() if link.partnership_action_id not in offered
        ]

    def links(self) -> dict:
        """Each recommendation and action, with the partnership actions
        chosen for it, and those of plans not shown as they were, in the
        plans' order."""
        by_pk = {str(action.pk): action for action in self.choices}
        result = {}
        for rec, actions in self.targets:
            for target in [rec, *actions]:
                chosen = set(self.cleaned_data[_name(target)]) | {str(pk) for pk in self._kept(target)}
                result[target] = [by_pk[pk] for pk in by_pk if pk in chosen]
        return result

    def rows(self) -> list[RecommendationRows]:
        """What the page lays out: each target's checkboxes, grouped by plan
        and theme, ticked as chosen (or as typed, when the page comes back
        with an error)."""
        result = []
        by_pk = {action.pk: action for action in self.choices}
        several = len(self.shown) > 1
        for rec, actions in self.targets:
            group = RecommendationRows(number=rec.number, text=rec.text)
            for target in [rec, *actions]:
                bound = self[_name(target)]
                chosen = {str(value) for value in (bound.value() or [])}
                picked = [action for action in self.offered if str(action.pk) in chosen]
                group.targets.append(
                    TargetRow(
                        legend=_legend(target),
                        field=bound,
                        summary=_summary(picked, several),
                        kept=[
                            f"{by_pk[pk].theme.plan.short_title}, {partnership_label(by_pk[pk])}"
                            for pk in self._kept(target)
                        ],
                        plans=self._options(chosen),
                        open=bool(bound.errors)
                        or (bool(self.errors) and chosen != {str(value) for value in self.initial[_name(target)]}),
                    )
                )
            result.append(group)
        return result

    def _options(self, chosen: set[str]) -> list[PlanOptions]:
        return grouped_options(self.offered, chosen, source=plan_of, group=theme_of, label=partnership_label)


def _summary(picked, several: bool) -> str:
    """'Delivered through 1.6, 1.7, 1.8'; with several plans shown, each
    plan's numbers after its title."""
    if not picked:
        return "No action chosen"
    number = lambda action: action.number or shorten(action.text)  # noqa: E731
    if not several:
        return "Delivered through " + ", ".join(number(action) for action in picked)
    by_plan = {}
    for action in picked:
        by_plan.setdefault(action.theme.plan.short_title, []).append(number(action))
    return "Delivered through " + "; ".join(f"{title} {', '.join(numbers)}" for title, numbers in by_plan.items())
