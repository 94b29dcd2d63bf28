"""The committee's decisions on a round's actions, as the clerk records them."""

from django import forms

from actionplans import grading
from actionplans.fields import GovukDateField
from actionplans.models import DecisionInput


class DecisionsForm(forms.Form):
    """The committee's decisions on the actions a round carried: a decision
    (none chosen until the clerk chooses one) and (for Closed) a reason per
    action, the meeting's date, and a reason for changing decisions already
    published. Only cleans input: CommitteeDecision.record_round() applies
    the rules."""

    meeting_date = GovukDateField(
        label="Date of the committee meeting",
        name="Meeting date",
        help_text="The meeting that decided. For example, 12 3 2020",
        error_messages={"required": "Enter the date of the committee meeting that decided"},
    )
    change_reason = forms.CharField(
        label="Why are the published decisions being changed?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"decision_{row.action.pk}"] = forms.ChoiceField(
                label=f"The committee's decision on {row.action.reference}",
                choices=grading.Decision.choices,
                widget=forms.RadioSelect,
                # An action nobody decided on awaits the committee's decision.
                required=False,
            )
            self.fields[f"reason_{row.action.pk}"] = forms.CharField(
                label="Why the committee closed it", required=False, max_length=300
            )

    def decisions(self) -> dict:
        """The decisions the clerk chose, by action pk: only those."""
        return {
            row.action.pk: DecisionInput(
                self.cleaned_data[f"decision_{row.action.pk}"],
                self.cleaned_data.get(f"reason_{row.action.pk}", ""),
            )
            for row in self.rows
            if self.cleaned_data.get(f"decision_{row.action.pk}")
        }
