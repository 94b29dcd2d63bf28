"""The clerk's "Report and executive response" page: the report's dates and
decision-maker, then one small form per recommendation. The forms only read
what was typed; the rules (reasons unless Accepted, a date not before the
report went to the executive, a reason to change published responses) are
Review.record_responses()'s, whose messages are put back by their fields."""

from django import forms

from actionplans.fields import GovukDateField
from actionplans.grading import Response, response_choices
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
    """The executive's response to one recommendation, its reasons and date,
    and for a partly accepted one the part the action plan follows.

    The boxes are always shown, each saying when it is needed: GOV.UK's
    conditional reveal marks its radios aria-expanded, which axe refuses
    (govuk-frontend issue 979), and every page here has zero violations."""

    response = forms.ChoiceField(label="Response", widget=forms.RadioSelect, required=False)
    reasons = forms.CharField(
        label="The executive's reasons",
        help_text="Required unless the recommendation is accepted.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    accepted_part = forms.CharField(
        label="The part accepted",
        help_text=(
            "Only for a recommendation partially accepted: what the action plan follows. Leave it empty otherwise."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
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
                "reasons": answer.reasons,
                "accepted_part": answer.accepted_part,
            }
        super().__init__(*args, prefix=f"recommendation-{recommendation.number}", **kwargs)
        choices = response_choices()
        if answer is not None and answer.response not in dict(choices):
            choices.append((answer.response, answer.get_response_display()))  # recorded before the setting changed
        self.fields["response"].choices = choices
        self.fields["response"].label = f"The response to recommendation {recommendation.number}"
        if any(value == Response.IN_PRINCIPLE for value, _ in choices):
            self.fields["accepted_part"].help_text = (
                "Only for a recommendation partially accepted or accepted in principle: what the action plan follows. "
                "Leave it empty otherwise."
            )

    def plan(self) -> ResponsePlan:
        data = self.cleaned_data
        return ResponsePlan(
            number=self.recommendation.number,
            response=data.get("response") or "",
            reasons=data.get("reasons", ""),
            responded_on=data.get("responded_on"),
            accepted_part=data.get("accepted_part", ""),
        )

    def field_for(self, model_field: str) -> str | None:
        """The form field that shows the model's message about `model_field`."""
        return model_field if model_field in self.fields else None


class ChangeReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label="Why are the published responses changing?",
        help_text="The audit history keeps the reason with the change.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
