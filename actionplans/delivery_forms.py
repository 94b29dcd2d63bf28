"""The clerk's page that links a review's recommendations and actions to the
partnership plans' actions that deliver them: one field per recommendation
and per action, each a choice of partnership actions grouped by plan and
theme. The form only cleans the choices; the saving is
Delivery.objects.set_for_review()."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch

from actionplans.models import Action, Delivery, PartnershipAction, Recommendation
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
    pk: int
    title: str
    themes: list[ThemeOptions] = field(default_factory=list)


@dataclass
class TargetRow:
    """One recommendation or action and its choice."""

    legend: str  # "Recommendation 1 a) Schools, Colleges and Universities"
    hint: str  # its Agreed Action, shortened
    field: forms.BoundField
    chosen: list[str]  # the chosen actions' numbers, for the summary
    plans: list[PlanOptions]


@dataclass
class RecommendationRows:
    number: int
    text: str
    targets: list[TargetRow] = field(default_factory=list)


def targets_of(review) -> list[tuple[Recommendation, list[Action]]]:
    """The review's recommendations, each with its actions in document
    order, and their links (prefetched): three queries."""
    deliveries = Delivery.objects.order_by("position", "pk")
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


def partnership_actions():
    """Every plan's actions, plan by plan in their own order: one query."""
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


class DeliveriesForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, targets, choices, version: str):
        super().__init__(data, initial={"version": version})
        self.targets = targets
        self.choices = choices
        labels = [(str(action.pk), f"{action.number} {shorten(action.text, 90)}".strip()) for action in choices]
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
                self.initial[_name(target)] = [str(link.partnership_action_id) for link in target.deliveries.all()]

    def links(self) -> dict:
        """Each recommendation and action, with the partnership actions
        chosen for it in the plans' order."""
        by_pk = {str(action.pk): action for action in self.choices}
        result = {}
        for rec, actions in self.targets:
            for target in [rec, *actions]:
                chosen = set(self.cleaned_data[_name(target)])
                result[target] = [by_pk[pk] for pk in by_pk if pk in chosen]
        return result

    def rows(self) -> list[RecommendationRows]:
        """What the page lays out: each target's checkboxes, grouped by plan
        and theme, ticked as chosen (or as typed, when the page comes back
        with an error)."""
        result = []
        numbers = {str(action.pk): action.number or shorten(action.text) for action in self.choices}
        for rec, actions in self.targets:
            group = RecommendationRows(number=rec.number, text=rec.text)
            for target in [rec, *actions]:
                bound = self[_name(target)]
                chosen = {str(value) for value in (bound.value() or [])}
                group.targets.append(
                    TargetRow(
                        legend=str(target) if isinstance(target, Recommendation) else target.title,
                        hint=shorten(rec.text if isinstance(target, Recommendation) else target.agreed_action, 120),
                        field=bound,
                        chosen=[numbers[pk] for pk in numbers if pk in chosen],
                        plans=self._options(chosen),
                    )
                )
            result.append(group)
        return result

    def _options(self, chosen: set[str]) -> list[PlanOptions]:
        plans = []
        for index, action in enumerate(self.choices):
            plan, theme = action.theme.plan, action.theme
            if not plans or plans[-1].pk != plan.pk:
                plans.append(PlanOptions(pk=plan.pk, title=plan.short_title))
            if not plans[-1].themes or plans[-1].themes[-1].pk != theme.pk:
                plans[-1].themes.append(ThemeOptions(pk=theme.pk, heading=theme.heading))
            value = str(action.pk)
            label = f"{action.number} {shorten(action.text, 90)}".strip()
            plans[-1].themes[-1].options.append(Option(index=index, value=value, label=label, checked=value in chosen))
        return plans
