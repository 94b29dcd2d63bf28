import datetime

from django import forms

from actionplans.models import Owner, ProgressEntry

MONTHS = [(n, datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]


TEXT_FIELDS = ("evidence_of_progress", "grade_explanation", "evidence_of_impact")


def tidy_text(cleaned_data: dict) -> None:
    """Browsers send textarea lines with CRLF; store plain newlines."""
    for name in TEXT_FIELDS:
        if isinstance(cleaned_data.get(name), str):
            cleaned_data[name] = cleaned_data[name].replace("\r\n", "\n").replace("\r", "\n").strip()


class DateInput(forms.DateInput):
    input_type = "date"


class OpenRoundForm(forms.Form):
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


class UpdateForm(forms.ModelForm):
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
        tidy_text(data)
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


class ApprovalForm(forms.Form):
    """The link officer's decision on the update as the page showed it:
    `version` is what they approve or return, `seen` the history record they
    were reading (to show what changed if it moved on meanwhile)."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return to the officer")],
        widget=forms.HiddenInput,
        error_messages={"required": "Choose whether to approve the update or return it"},
    )
    comment = forms.CharField(
        label="What the officer needs to change",
        help_text="Needed only to return the update. The officer sees it on their updates and on the form.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1)

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is not None and not self.is_bound:
            latest = entry.history.only("history_id").first()
            self.initial.update(version=entry.version, seen=latest.history_id if latest else None)

    def clean(self):
        data = super().clean()
        if "version" in self.errors:
            # A hidden field: say it in words the user can act on.
            del self.errors["version"]
            self.add_error(None, "The page was out of date: check the update again below")
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what the officer needs to change")
        return data


class CorrectionForm(forms.ModelForm):
    """A clerk's correction of a published entry: its text and grade, who was
    responsible in that round, and the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    owners = forms.ModelMultipleChoiceField(
        label="Responsibility in this round",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        help_text="Kept in the history beside the change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for correcting a published entry"},
    )

    class Meta:
        model = ProgressEntry
        fields = ["evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact"]
        labels = UpdateForm.Meta.labels
        widgets = UpdateForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [(value, f"{value} – {label}") for value, label in ProgressEntry.Grade.choices]
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["owners"] = [link.owner for link in self.instance.responsibilities.all()]

    def clean(self):
        data = super().clean()
        tidy_text(data)
        return data

    def correction(self) -> dict:
        """The keyword arguments of ProgressEntry.correct(), owners in the
        order the round named them, newcomers after."""
        chosen = list(self.cleaned_data["owners"])
        named = [link.owner for link in self.instance.responsibilities.all()]
        owners = [o for o in named if o in chosen] + [o for o in chosen if o not in named]
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {
            "version": self.cleaned_data["version"],
            "reason": self.cleaned_data["reason"],
            "owners": owners,
            **fields,
        }


class ReassignForm(forms.Form):
    owners = forms.ModelMultipleChoiceField(
        label="Who is responsible from now on",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )


class PublishForm(forms.Form):
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
