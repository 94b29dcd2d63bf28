import datetime

from django import forms

from actionplans.models import Owner, ProgressEntry
from actionplans.text import CleanTextMixin

MONTHS = [(n, datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]

# Every form puts CleanTextMixin first: its text fields lose control
# characters, one-line fields refuse line breaks and long text is limited
# (actionplans/text.py).


class DateInput(forms.DateInput):
    input_type = "date"


class OpenRoundForm(CleanTextMixin, forms.Form):
    month = forms.TypedChoiceField(
        label="Month", choices=MONTHS, coerce=int, error_messages={"required": "Select the month"}
    )
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year",
            "invalid": "Enter the year as four digits, like 2021",
            "min_value": "Enter the year as four digits, like 2021",
            "max_value": "Enter the year as four digits, like 2021",
        },
    )
    deadline = forms.DateField(
        label="Deadline for officers’ updates",
        widget=DateInput,
        error_messages={"required": "Enter the deadline", "invalid": "Enter the deadline as a real date"},
    )
    meeting_date = forms.DateField(
        label="Date of the committee meeting",
        widget=DateInput,
        error_messages={"required": "Enter the meeting date", "invalid": "Enter the meeting date as a real date"},
    )

    def period(self) -> datetime.date:
        return datetime.date(self.cleaned_data["year"], self.cleaned_data["month"], 1)


class UpdateForm(CleanTextMixin, forms.ModelForm):
    """The officer's update. A draft may be saved half-written; a submitted
    update needs its evidence, its grade and, where the grade calls for it,
    an explanation."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgressEntry
        fields = ["evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact"]
        labels = {
            "evidence_of_progress": "Evidence of Progress",
            "grade": "Assessment of Progress",
            "grade_explanation": "Explanation of the assessment",
            "evidence_of_impact": "Evidence of Impact (optional)",
        }
        help_texts = {
            "evidence_of_progress": "What has taken place since the last update. Start a line with “- ” for a "
            "bullet; leave a blank line between paragraphs.",
            "grade_explanation": "Required for Slipped or Not Achieved, or when the grade is worse than last time.",
            "evidence_of_impact": "What difference the action has made, where it can be seen yet.",
        }
        widgets = {
            "evidence_of_progress": forms.Textarea(attrs={"rows": 8}),
            "grade": forms.RadioSelect,
            "grade_explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence_of_impact": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, submitting=False, previous_grade=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.previous_grade = previous_grade
        self.fields["grade"].choices = [(value, f"{value} – {label}") for value, label in ProgressEntry.Grade.choices]
        self.fields["grade"].required = False
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if not self.submitting:
            return data
        if not data.get("evidence_of_progress", "").strip():
            self.add_error("evidence_of_progress", "Enter the evidence of progress")
        grade = data.get("grade")
        if not grade:
            self.add_error("grade", "Select the assessment of progress")
        elif (
            self.instance.explanation_needed(grade, self.previous_grade)
            and not data.get("grade_explanation", "").strip()
        ):
            if grade == ProgressEntry.Grade.SLIPPED:
                message = "Explain why the action has slipped"
            elif grade == ProgressEntry.Grade.NOT_ACHIEVED:
                message = "Explain why the action has not been achieved"
            else:
                message = "Explain why the assessment is worse than last time"
            self.add_error("grade_explanation", message)
        return data

    def update_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApprovalForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Is the update ready for the committee?",
        choices=[("approve", "Yes, approve it"), ("return", "No, return it to the officer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve the update or return it"},
    )
    comment = forms.CharField(
        label="What the officer needs to change",
        help_text="The officer sees this on their updates and on the form.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what the officer needs to change")
        return data


class CorrectionForm(CleanTextMixin, forms.ModelForm):
    reason = forms.CharField(
        label="Reason for the correction",
        help_text="Kept in the history beside the change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        # Kept as the history's change reason ("Correction: …"), 100 characters at most.
        max_length=88,
        error_messages={
            "required": "Give the reason for correcting a published entry",
            "max_length": "The reason for the correction must be 88 characters or fewer",
        },
    )

    class Meta:
        model = ProgressEntry
        fields = ["evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact"]
        labels = UpdateForm.Meta.labels
        widgets = UpdateForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(value, f"{value} – {label}") for value, label in ProgressEntry.Grade.choices]


class ReassignForm(CleanTextMixin, forms.Form):
    owners = forms.ModelMultipleChoiceField(
        label="Who is responsible from now on",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )


class PublishForm(CleanTextMixin, forms.Form):
    confirm_missing = forms.BooleanField(
        label="Publish without the updates listed above",
        required=False,
    )

    def __init__(self, *args, missing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = list(missing)

    def clean(self):
        data = super().clean()
        if self.missing and not data.get("confirm_missing"):
            self.add_error("confirm_missing", "Confirm that the round is to be published without these updates")
        return data
