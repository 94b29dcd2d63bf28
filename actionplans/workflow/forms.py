"""The update workflow's forms, written once for every kind of update: the
period a round or a quarter is of, the writer's update (each kind names its
model and fields), the checker's approve-or-return, and publishing without
the updates that did not come."""

import datetime

from django import forms

from actionplans.fields import MONTHS
from actionplans.text import CleanTextMixin


class MonthAndYearForm(CleanTextMixin, forms.Form):
    """A month chosen by name and its year (templates/includes/month_and_year.html):
    what a round or a quarter is of."""

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

    def period(self) -> datetime.date:
        return datetime.date(self.cleaned_data["year"], self.cleaned_data["month"], 1)


class WorkflowUpdateForm(CleanTextMixin, forms.ModelForm):
    """What every kind of update's form (workflow.Update) has: the version
    the writer opened (for the model's version check), whether they are
    submitting or saving a draft, and, after a conflict, the text they typed
    (TYPED_FIELDS) to copy back. A subclass names its model and fields."""

    TYPED_FIELDS: tuple[str, ...] = ()

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def changes_the_update(self) -> bool:
        """Whether what was sent differs from the update as saved (the
        version sent is not a change)."""
        return any(name != "version" for name in self.changed_data)

    def update_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def typed(self) -> list[tuple[str, str]]:
        """What the writer typed, label by label, as posted."""
        return [(self.fields[name].label, self.data.get(name, "")) for name in self.TYPED_FIELDS]


class DecisionForm(CleanTextMixin, forms.Form):
    """The checker's decision on an update as the page showed it: approve,
    or return with a comment. `version` is what they approve or return,
    `seen` the history record they were reading (to show what changed if
    it moved on meanwhile). WRITER names who wrote it, in the words of the
    kind of plan ("officer", "lead")."""

    WRITER = "officer"

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return")],
        widget=forms.HiddenInput,
        error_messages={"required": "Choose whether to approve the update or return it"},
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1)

    def __init__(self, *args, update=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = f"What the {self.WRITER} needs to change"
        self.fields[
            "comment"
        ].help_text = f"Needed only to return the update. The {self.WRITER} sees it on their updates and on the form."
        if update is not None and not self.is_bound:
            latest = update.history.only("history_id").first()
            self.initial.update(version=update.version, seen=latest.history_id if latest else None)

    def clean(self):
        data = super().clean()
        if "version" in self.errors:
            # A hidden field: say it in words the user can act on.
            del self.errors["version"]
            self.add_error(None, "The page was out of date: check the update again below")
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", f"Say what the {self.WRITER} needs to change")
        return data


class ConfirmMissingForm(CleanTextMixin, forms.Form):
    """Publishing a round or a quarter: the updates not approved (`missing`)
    will read "No update received", and the clerk confirms it. PERIOD names
    what is published."""

    PERIOD = "round"

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
            message = f"Confirm that the {self.PERIOD} is to be published without these updates"
            self.add_error("confirm_missing", message)
        return data
