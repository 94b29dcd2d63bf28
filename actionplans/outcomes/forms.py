"""The clerk's page recording a recommendation's outcome and its impacts:
the outcome and its reason, then a small form per impact (those recorded,
and two blank ones to add). The forms read what was typed; the rules (a
figure's unit, when an outcome may be recorded) are the models'
(actionplans/models/outcomes.py), whose messages are put back by their
fields."""

from django import forms

from actionplans.fields import GovukMonthField
from actionplans.models import (
    Impact,
    ImpactInput,
    ImpactKind,
    Outcome,
    OutcomeCheck,
    Recheck,
    RecommendationOutcome,
    RecommendationPriority,
    ReopeningAction,
)
from actionplans.text import CleanTextMixin

_outcome_field = RecommendationOutcome._meta.get_field
_impact_field = Impact._meta.get_field


class OutcomeForm(CleanTextMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the recommendation's outcome"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_outcome_field("reason").help_text,
        error_messages={"required": "Say why: what was done, or why it was not"},
    )


class ImpactForm(CleanTextMixin, forms.Form):
    # The impact the form shows, kept by its identity when another is removed.
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Kind of impact",
        choices=[("", "Choose"), *ImpactKind.choices],
        error_messages={"required": "Choose the kind of impact"},
    )
    source_entry = forms.TypedChoiceField(
        label="Proposed in an officer's update (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The update whose evidence of impact shows it: its words are the statement, unless you write one.",
    )
    statement = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_impact_field("statement").help_text,
    )
    evidence_link = forms.URLField(
        label="Evidence (a link)",
        required=False,
        max_length=_impact_field("evidence_link").max_length,
        help_text=_impact_field("evidence_link").help_text,
        error_messages={"invalid": "Enter the evidence's address as a link, starting https://"},
        assume_scheme="https",
    )
    amount = forms.DecimalField(
        label="Figure (optional)",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="A number, such as 42000",
        error_messages={"invalid": "Enter the figure as a number, such as 42000"},
    )
    unit = forms.CharField(label="Its unit", required=False, max_length=40, help_text=_impact_field("unit").help_text)
    period = forms.CharField(
        label="Its period", required=False, max_length=60, help_text=_impact_field("period").help_text
    )

    def __init__(self, *args, sources=(), **kwargs):
        """`sources`: the recommendation's updates that reported evidence of
        impact, which an impact may be confirmed from."""
        super().__init__(*args, **kwargs)
        self.sources = {update.pk: update for update in sources}
        self.fields["source_entry"].choices = [("", "None")] + [
            (update.pk, f"{update.action.reference}, {update.round.label}") for update in sources
        ]

    def clean(self):
        cleaned = super().clean()
        source = self.sources.get(cleaned.get("source_entry"))
        if not cleaned.get("statement") and "statement" in cleaned:
            if source is not None:
                cleaned["statement"] = source.evidence_of_impact.strip()
            else:
                self.add_error("statement", "Say what changed")
        why = Impact.why_unevidenced(
            cleaned.get("kind", ""),
            evidence_link=cleaned.get("evidence_link"),
            amount=cleaned.get("amount"),
            source_entry=source,
        )
        if why and not self.has_error("evidence_link") and not self.has_error("amount"):
            self.add_error("evidence_link", why)
        if cleaned.get("amount") is not None and not cleaned.get("unit"):
            self.add_error("unit", "Say what the figure counts: £, days, residents")
        if cleaned.get("amount") is None and (cleaned.get("unit") or cleaned.get("period")) and "amount" in cleaned:
            self.add_error("amount", "Give the figure, or leave its unit and period blank")
        return cleaned

    def impact(self) -> ImpactInput:
        data = self.cleaned_data
        return ImpactInput(
            kind=data["kind"],
            statement=data["statement"],
            evidence_link=data["evidence_link"],
            amount=data["amount"],
            unit=data["unit"],
            period=data["period"],
            pk=data.get("id"),
            source_entry=data.get("source_entry"),
        )


class ConfirmImpactForm(ImpactForm):
    """One impact an officer's update (`source`) reported, as its link
    officer or a clerk confirms it: its words are the officer's unless
    changed here."""

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, sources=[source], initial={"statement": source.evidence_of_impact.strip()}, **kwargs)
        self.source = source
        del self.fields["id"], self.fields["source_entry"]

    def clean(self):
        self.cleaned_data["source_entry"] = self.source.pk
        return super().clean()


class BaseImpactFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this impact"

    def shown(self) -> set[int]:
        """The recorded impacts the page listed when it was opened."""
        return {
            form.cleaned_data["id"] for form in self.forms[: self.initial_form_count()] if form.cleaned_data.get("id")
        }

    def impacts(self) -> list[ImpactInput]:
        """The impacts given, in order: those the page showed, unless marked
        to be removed, and each blank one filled in."""
        removed = set(map(id, self.deleted_forms))
        shown = self.initial_form_count()
        return [
            form.impact()
            for index, form in enumerate(self.forms)
            if id(form) not in removed and (index < shown or form.has_changed())
        ]


ImpactFormSet = forms.formset_factory(ImpactForm, formset=BaseImpactFormSet, extra=2, can_delete=True, max_num=50)


class PriorityForm(CleanTextMixin, forms.Form):
    priority = forms.ChoiceField(
        label="Is it a priority recommendation?",
        choices=[("yes", "Yes, the committee made it a priority"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is a priority recommendation"},
    )
    reason = forms.CharField(
        label="Why it is a priority",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=RecommendationPriority._meta.get_field("reason").help_text,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("priority") == "yes" and not cleaned.get("reason"):
            self.add_error("reason", "Say why the committee made it a priority")
        return cleaned


class RecheckForm(CleanTextMixin, forms.Form):
    """The owners' answer to "is it still so?", and where it reverted, the
    action the committee agreed to reopen it with."""

    answer = forms.ChoiceField(
        label="Does what it achieved still hold?",
        choices=Recheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it held, partly held or reverted"},
    )
    note = forms.CharField(
        label="What the owners said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=OutcomeCheck._meta.get_field("note").help_text,
    )
    agreed_action = forms.CharField(
        label="Agreed action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Reverted: the action the committee agreed to reopen it with.",
    )
    success_measure = forms.CharField(
        label="Agreed success measure", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    target_month = GovukMonthField(
        label="Target month", name="Target month", required=False, help_text="For example, 9 2027"
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == Recheck.REVERTED:
            for name, words in (
                ("agreed_action", "Enter the action the committee agreed to reopen it with"),
                ("success_measure", "Enter the action's agreed success measure"),
                ("target_month", "Enter the action's target month"),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, words)
        return cleaned

    def reopening(self) -> ReopeningAction | None:
        data = self.cleaned_data
        if data["answer"] != Recheck.REVERTED:
            return None
        return ReopeningAction(data["agreed_action"], data["success_measure"], data["target_month"])
