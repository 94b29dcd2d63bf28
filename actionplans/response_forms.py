"""The clerk's "Report and executive response" page: the report's dates and
decision-maker, then one small form per recommendation. The forms only read
what was typed; the rules (reasons unless Accepted, a date not before the
report went to the executive, a reason to change published responses) are
Review.record_responses()'s, whose messages are put back by their fields."""

from django import forms

from actionplans.forms import GovukDateField
from actionplans.grading import HAS_ACCEPTED_PART, NEEDS_REASONS, response_choices
from actionplans.models import ResponsePlan
from actionplans.models.plan import response_of
from actionplans.text import CleanTextMixin


class ReportForm(CleanTextMixin, forms.Form):
    report_agreed = GovukDateField(
        label="Date the committee agreed the final report",
        name="Date the committee agreed the report",
        help_text="For example, 6 12 2018",
        required=False,
    )
    report_to_executive = GovukDateField(
        label="Date the report went to the executive",
        name="Date the report went to the executive",
        help_text="The executive's response is due from this day. For example, 10 1 2019",
        required=False,
    )
    decision_maker = forms.CharField(
        label="Decision-maker",
        max_length=200,
        help_text="Cabinet, or the Cabinet Member who responds",
        error_messages={"required": "Enter who responds for the executive: Cabinet, or a Cabinet Member"},
    )

    # Review.clean()'s field names are the form's.
    MODEL_FIELDS = ("report_agreed", "report_to_executive", "decision_maker")


class ResponseForm(CleanTextMixin, forms.Form):
    """The executive's response to one recommendation. Its reasons (and, for
    a partly accepted one, the accepted part) are typed in the box revealed
    under the response chosen: one box per response, so what was typed
    under one is kept when the clerk changes their mind."""

    response = forms.ChoiceField(label="Response", widget=forms.RadioSelect, required=False)
    responded_on = GovukDateField(
        label="Date of the response", name="Date of the response", help_text="For example, 14 2 2019", required=False
    )

    def __init__(self, *args, recommendation, **kwargs):
        self.recommendation = recommendation
        answer = response_of(recommendation)
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "response": answer.response,
                "responded_on": answer.responded_on,
                f"reasons_{answer.response}": answer.reasons,
                f"accepted_part_{answer.response}": answer.accepted_part,
            }
        super().__init__(*args, prefix=f"recommendation-{recommendation.number}", **kwargs)
        choices = response_choices()
        if answer is not None and answer.response not in dict(choices):
            choices.append((answer.response, answer.get_response_display()))  # recorded before the setting changed
        self.fields["response"].choices = choices
        self.fields["response"].label = f"Recommendation {recommendation.number}"
        for value, _ in choices:
            if value in NEEDS_REASONS:
                self.fields[f"reasons_{value}"] = forms.CharField(
                    label="The executive's reasons", widget=forms.Textarea(attrs={"rows": 3}), required=False
                )
            if value in HAS_ACCEPTED_PART:
                self.fields[f"accepted_part_{value}"] = forms.CharField(
                    label="The part accepted, which the action plan follows",
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                )

    def options(self) -> list[dict]:
        """Each radio with the boxes revealed under it."""
        value = self["response"].value()
        return [
            {
                "value": choice,
                "label": label,
                "id": f"{self['response'].auto_id}_{n}",
                "checked": choice == value,
                "boxes": [
                    self[name] for name in (f"reasons_{choice}", f"accepted_part_{choice}") if name in self.fields
                ],
            }
            for n, (choice, label) in enumerate(self.fields["response"].choices)
        ]

    def plan(self) -> ResponsePlan:
        data = self.cleaned_data
        response = data.get("response") or ""
        return ResponsePlan(
            number=self.recommendation.number,
            response=response,
            reasons=data.get(f"reasons_{response}", ""),
            responded_on=data.get("responded_on"),
            accepted_part=data.get(f"accepted_part_{response}", ""),
        )

    def field_for(self, model_field: str) -> str | None:
        """The form field that shows the model's message about `model_field`."""
        response = self.cleaned_data.get("response") or ""
        name = {"reasons": f"reasons_{response}", "accepted_part": f"accepted_part_{response}"}.get(
            model_field, model_field
        )
        return name if name in self.fields else None


class ChangeReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label="Why are the published responses changing?",
        help_text="The audit history keeps the reason with the change.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
