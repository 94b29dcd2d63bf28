import datetime
import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from actionplans import grading, permissions
from actionplans.agenda_forms import AgendaOptionsForm
from actionplans.importing import sheets
from actionplans.models import (
    DecisionInput,
    Owner,
    Partnership,
    PartnershipPlan,
    PartnershipUpdate,
    ProgressEntry,
    TargetProposal,
    keep_named_order,
)
from actionplans.models.targets import REASON_MAX_CHARS as TARGET_REASON_MAX_CHARS
from actionplans.roles import DESCRIPTIONS, PERSON_ROLES, ROLES, UPDATE_WRITING_ROLES
from actionplans.text import CleanTextMixin

MONTHS = [(n, datetime.date(2000, n, 1).strftime("%B")) for n in range(1, 13)]

# Every form puts CleanTextMixin first: its text fields lose control
# characters, one-line fields refuse line breaks and long text is limited
# (actionplans/text.py).


DATE_PARTS = ("day", "month", "year")


def add_model_errors(form, error, *, renamed=None) -> None:
    """A model verb's ValidationError shown on `form`: each message by its
    field (`renamed` maps the model's field names to the form's), and what
    belongs to no field of the form at the top."""
    renamed = renamed or {}
    problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in problems.items():
        field = renamed.get(field, field)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes, posted as
    `<name>_day`, `<name>_month` and `<name>_year`. Nobody has to guess
    whether 01/02 means January or February."""

    def __init__(self, attrs=None, parts=DATE_PARTS):
        self.parts = parts
        super().__init__({part: forms.TextInput for part in parts}, attrs)

    def decompress(self, value):
        return [getattr(value, part) for part in self.parts] if value else [None] * len(self.parts)

    def id_for_label(self, id_):
        return f"{id_}_{self.parts[0]}" if id_ else id_


class GovukDateBoundField(forms.BoundField):
    """What templates/includes/date_input.html needs: each box with its
    value, and whether it is the one in error."""

    @property
    def parts_in_error(self) -> tuple[str, ...]:
        if not self.errors:
            return ()
        # Errors the form adds after cleaning (a deadline after the meeting)
        # are about the whole date.
        return self.field.error_parts or self.field.parts

    @property
    def id_for_label(self) -> str:
        """The first box in error (for the error summary's link), else the first."""
        return f"{self.auto_id}_{(self.parts_in_error or self.field.parts)[0]}"

    def date_parts(self) -> list[dict]:
        value = self.value()
        values = value if isinstance(value, list | tuple) else self.field.widget.decompress(value)
        wrong = self.parts_in_error
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": "" if values[n] is None else values[n],
                "width": 4 if part == "year" else 2,
                "error": part in wrong,
            }
            for n, part in enumerate(self.field.parts)
        ]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's error messages:
    'Deadline must include a month', 'Deadline must be a real date'. `name`
    is how the messages start."""

    widget = GovukDateInput
    default_error_messages = {"required": "Enter the date"}

    def __init__(self, *, name: str, parts=DATE_PARTS, **kwargs):
        self.name = name
        self.parts = parts
        kwargs.setdefault("widget", GovukDateInput(parts=parts))
        # Which boxes the last clean() found wrong; each form has its own copy
        # of its fields, so this belongs to one submission.
        self.error_parts: tuple[str, ...] = ()
        super().__init__(**kwargs)

    def get_bound_field(self, form, field_name):
        return GovukDateBoundField(form, self, field_name)

    def _refuse(self, message, code, parts):
        self.error_parts = parts
        raise forms.ValidationError(message, code=code)

    def clean(self, value):
        self.error_parts = ()
        typed = [str(v).strip() if v is not None else "" for v in (value or [""] * len(self.parts))]
        parts = dict(zip(self.parts, typed, strict=True))
        missing = tuple(part for part in self.parts if not parts[part])
        if len(missing) == len(self.parts):
            if self.required:
                self._refuse(self.error_messages["required"], "required", self.parts)
            return None
        if missing:
            self._refuse(f"{self.name} must include a {' and '.join(missing)}", "incomplete", missing)
        not_numbers = tuple(part for part in self.parts if not re.fullmatch(r"[0-9]{1,4}", parts[part]))
        parts.setdefault("day", "1")  # a month: its first day
        if not_numbers:
            self._refuse(f"{self.name} must be a real date", "invalid", not_numbers)
        if len(parts["year"]) != 4:
            self._refuse("Year must include 4 numbers", "invalid_year", ("year",))
        day, month, year = (int(parts[part]) for part in DATE_PARTS)
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            wrong = ("day",) if 1 <= month <= 12 else ("month",)
            self._refuse(f"{self.name} must be a real date", "invalid", wrong)
        self.run_validators(value)
        return value


class GovukMonthField(GovukDateField):
    """A month typed as month and year: 'Action plan agreed must include a
    year'. Cleans to the month's first day."""

    def __init__(self, **kwargs):
        super().__init__(parts=("month", "year"), **kwargs)

    def clean(self, value):
        # "Sept 2019": the box takes the month's number, and says so.
        month = str((value or [""])[0] or "").strip()
        if month and not re.fullmatch(r"[0-9]{1,2}", month):
            self._refuse("Enter the month as a number, like 9", "invalid_month", ("month",))
        return super().clean(value)


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


class OpenRoundForm(MonthAndYearForm):
    deadline = GovukDateField(
        label="Deadline for officers’ updates",
        name="Deadline",
        help_text="For example, 26 2 2021",
        error_messages={"required": "Enter the deadline"},
    )
    meeting_date = GovukDateField(
        label="Date of the committee meeting",
        name="Meeting date",
        help_text="For example, 18 3 2021",
        error_messages={"required": "Enter the meeting date"},
    )


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

    def update_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def typed(self) -> list[tuple[str, str]]:
        """What the writer typed, label by label, as posted."""
        return [(self.fields[name].label, self.data.get(name, "")) for name in self.TYPED_FIELDS]


class UpdateForm(WorkflowUpdateForm):
    """The officer's update. A draft may be saved half-written; a submitted
    update needs its evidence, its grade and, where the grade calls for it,
    an explanation, and a Slipped one a new target month with the reason
    (actionplans.models.proposal_needed)."""

    TYPED_FIELDS = ("evidence_of_progress", "grade_explanation", "evidence_of_impact", "target_reason")

    proposed_target = GovukMonthField(
        label="New target month",
        name="New target month",
        required=False,
        help_text="For example, 9 2021.",
    )
    target_reason = forms.CharField(
        label="Why the target needs to change",
        help_text="The link officer reads it when they accept or refuse the new date, and the action's story keeps it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TARGET_REASON_MAX_CHARS,
        error_messages={
            "max_length": f"The reason must be {TARGET_REASON_MAX_CHARS:,} characters or fewer",
        },
    )

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

    def __init__(self, *args, previous_grade=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_grade = previous_grade
        self.fields["grade"].choices = [(value, f"{value} – {label}") for value, label in ProgressEntry.Grade.choices]
        self.fields["grade"].required = False
        if not self.is_bound:
            proposal = self.instance.target_proposal() if self.instance.pk else None
            if proposal is not None:
                self.initial["proposed_target"] = proposal.target_month
                self.initial["target_reason"] = proposal.reason

    def clean(self):
        data = super().clean()
        month, reason = data.get("proposed_target"), data.get("target_reason", "").strip()
        # A proposal is saved whole or not at all, draft or not.
        if month and not reason and "target_reason" not in self.errors:
            self.add_error("target_reason", "Give the reason for the new target month")
        elif reason and not month and "proposed_target" not in self.errors:
            self.add_error("proposed_target", "Enter the new target month, or clear the reason")
        if not self.submitting:
            return data
        # What the verb would refuse (ProgressEntry.submission_problems),
        # shown all at once beside the fields.
        problems = self.instance.submission_problems(
            evidence_of_progress=data.get("evidence_of_progress", ""),
            grade=data.get("grade"),
            grade_explanation=data.get("grade_explanation", ""),
            proposes_target=bool(month) or "proposed_target" in self.errors,
            previous_grade=self.previous_grade,
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        if "proposed_target" in problems and not reason and "target_reason" not in self.errors:
            self.add_error("target_reason", "Give the reason for the new target month")
        return data

    def proposal(self) -> TargetProposal | None:
        """ProgressEntry.save_update()'s `proposal`: the new target, or None."""
        month = self.cleaned_data.get("proposed_target")
        return TargetProposal(month=month, reason=self.cleaned_data["target_reason"]) if month else None


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


class ApprovalForm(DecisionForm):
    """The link officer's decision on an officer's update, and on the new
    target date it may propose."""

    # Asked only when the update proposes a new target (ProgressEntry.approve).
    target_decision = forms.ChoiceField(
        label="The new target date",
        choices=[("accept", "Accept the new target date"), ("refuse", "Refuse it: the target stays as it is")],
        widget=forms.RadioSelect,
        required=False,
    )
    target_comment = forms.CharField(
        label="Why the new target date is refused",
        help_text="Needed only to refuse it. The officer and the action's story show it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and self.proposal is not None and self.proposal.is_proposed:
            if not data.get("target_decision"):
                self.add_error("target_decision", "Accept or refuse the new target date")
            elif data["target_decision"] == "refuse" and not data.get("target_comment", "").strip():
                self.add_error("target_comment", "Say why the new target date is refused")
        return data

    def target_arguments(self) -> dict:
        """ProgressEntry.approve()'s decision on the proposed target."""
        return {
            "target_decision": self.cleaned_data.get("target_decision", ""),
            "target_comment": self.cleaned_data.get("target_comment", ""),
        }


class CorrectionForm(CleanTextMixin, forms.ModelForm):
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
        max_length=ProgressEntry.REASON_MAX_CHARS,
        error_messages={
            "required": "Give the reason for correcting a published entry",
            "max_length": f"The reason for the correction must be {ProgressEntry.REASON_MAX_CHARS:,} characters "
            "or fewer",
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
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["owners"] = [link.owner for link in self.instance.responsibilities.all()]

    def correction(self) -> dict:
        """The keyword arguments of ProgressEntry.correct(), owners in the
        order the round named them, newcomers after."""
        named = [link.owner for link in self.instance.responsibilities.all()]
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {
            "version": self.cleaned_data["version"],
            "reason": self.cleaned_data["reason"],
            "owners": keep_named_order(named, self.cleaned_data["owners"]),
            **fields,
        }


class ReassignForm(CleanTextMixin, forms.Form):
    owners = forms.ModelMultipleChoiceField(
        label="Who is responsible from now on",
        queryset=Owner.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person or group"},
    )


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


class PublishForm(ConfirmMissingForm):
    # The agenda options the published record is rendered with: the export
    # form's own fields, so both read and check them alike.
    agenda_header = AgendaOptionsForm.base_fields["agenda_header"]
    first_page = AgendaOptionsForm.base_fields["first_page"]
    clean_agenda_header = AgendaOptionsForm.clean_agenda_header

    def agenda_options(self) -> dict:
        return {"agenda_header": self.cleaned_data["agenda_header"], "first_page": self.cleaned_data["first_page"]}


class ImportPeriodMixin(forms.Form):
    """The month the progress of a one-row-per-action file is for (a GOV.UK
    date input of month and year only): on the upload page, and on the
    preview page, where a file that needs it says so."""

    period_month = forms.IntegerField(
        label="Month",
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "Enter the month as a number, like 3",
            "min_value": "Enter the month as a number from 1 to 12",
            "max_value": "Enter the month as a number from 1 to 12",
        },
    )
    period_year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter the year as four digits, like 2020",
            "min_value": "Enter the year as four digits, like 2020",
            "max_value": "Enter the year as four digits, like 2020",
        },
    )

    def clean(self):
        data = super().clean()
        month, year = data.get("period_month"), data.get("period_year")
        if self.errors.get("period_month") or self.errors.get("period_year"):
            return data
        if month and not year:
            self.add_error("period_year", "Enter the year the progress is for")
        elif year and not month:
            self.add_error("period_month", "Enter the month the progress is for")
        elif month and year:
            data["period"] = datetime.date(year, month, 1)
        return data

    @property
    def period_errors(self) -> list[str]:
        return [*self.errors.get("period_month", []), *self.errors.get("period_year", [])]

    def period(self) -> datetime.date | None:
        return self.cleaned_data.get("period")


class ImportUploadForm(ImportPeriodMixin, forms.Form):
    """The file to import, and optionally the month its progress is for."""

    file = forms.FileField(
        label="Upload the file",
        help_text="An Excel workbook (.xlsx) or a CSV file",
        error_messages={"required": "Select the file to import", "empty": "The selected file is empty"},
    )
    field_order = ["file", "period_month", "period_year"]

    def clean_file(self):
        # The size the browser's upload arrived with, before a byte is read:
        # the reader's own limit, in the reader's words.
        file = self.cleaned_data["file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(sheets.too_big(file.size, file.name))
        return file


class PlanHeadingForm(forms.Form):
    """A partnership plan's title, short title and coordinator: asked on
    the import's upload page and on the plan's details page."""

    title = forms.CharField(
        label="The plan's title",
        max_length=300,
        help_text="As the plan is headed, for example Hate Crime Action Plan 2018 – 2019",
        error_messages={"required": "Enter the plan's title"},
    )
    short_title = forms.CharField(
        label="Short title",
        max_length=120,
        help_text="How lists and links name it, for example Hate Crime Plan 2018–19",
        error_messages={"required": "Enter a short title"},
    )
    coordinator = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Coordinator (optional)",
        empty_label="Nobody yet: the clerks check the updates",
        help_text="Checks and approves the leads' quarterly updates, with the clerks: an officer, link officer or "
        "clerk",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = permissions.coordinator_candidates()
        self.fields["coordinator"].label_from_instance = _login_name


class PartnershipPlanDetailsForm(CleanTextMixin, PlanHeadingForm):
    """The details a clerk changes on a plan's details page
    (PartnershipPlan.change_details)."""

    agenda_header = forms.CharField(
        label="Agenda header (optional)",
        required=False,
        max_length=200,
        help_text="What its reports usually carry at the top of each page, for example Agenda Item 8: Appendix 1",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["title", "short_title", "agenda_header", "coordinator"]

    def details(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("title", "short_title", "agenda_header", "coordinator")}


class PartnershipImportForm(CleanTextMixin, ImportUploadForm, PlanHeadingForm):
    """A partnership plan's file, and what the file does not say: whose
    plan it is, its title, period and coordinator, and (optionally) a month
    of the quarter its Progress and RAG are for."""

    partnership = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="A new partnership", label="Partnership"
    )
    partnership_name = forms.CharField(
        label="Name of the new partnership",
        required=False,
        max_length=200,
        help_text="For example, Stockton-On-Tees Hate Crime Group",
    )
    starts = GovukMonthField(
        name="The plan's first month", label="The plan's first month", help_text="For example, 4 2018"
    )
    ends = GovukMonthField(name="The plan's last month", label="The plan's last month", help_text="For example, 3 2019")
    field_order = ["partnership", "partnership_name", "title", "short_title", "starts", "ends", "coordinator", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.all()

    def clean(self):
        data = super().clean()
        name = (data.get("partnership_name") or "").strip()
        if not data.get("partnership"):
            if not name:
                self.add_error("partnership_name", "Enter the name of the new partnership, or choose one")
            elif Partnership.objects.filter(name__iexact=name).exists():
                self.add_error("partnership_name", f"There is already a partnership called {name}: choose it above")
        short_title = data.get("short_title", "")
        if short_title and PartnershipPlan.objects.filter(slug=slugify(short_title)[:90]).exists():
            self.add_error("short_title", "A plan already has this short title: give this one its own")
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", "The plan's last month must be after its first")
        return data

    def details(self) -> dict:
        """The answers kept with the upload (ImportUpload.details) until the import is confirmed."""
        data = self.cleaned_data
        return {
            "partnership": data["partnership"].pk if data.get("partnership") else None,
            "partnership_name": data.get("partnership_name", "").strip(),
            "title": data["title"],
            "short_title": data["short_title"],
            "starts": data["starts"].isoformat(),
            "ends": data["ends"].isoformat(),
            "coordinator": data["coordinator"].pk if data.get("coordinator") else None,
        }


class ImportMappingForm(ImportPeriodMixin, forms.Form):
    """Which field each of the file's columns is (the guess, as the clerk
    corrected it), the month the progress is for, and whether to create the
    people the file names who do not exist yet."""

    create_people = forms.BooleanField(
        label="Create the people listed above, as responsible people without logins", required=False
    )
    # The mapping and create_people the page showed the preview for: an
    # import confirms only what was previewed.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, headings: list[str], fields, mapping: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not imported")] + [(f.key, f.label) for f in fields]
        self.columns = []
        for index, heading in enumerate(headings):
            name = f"column_{index}"
            letter = _column_letter(index)
            self.fields[name] = forms.ChoiceField(
                label=f"Column {letter}: {heading or '(no heading)'}",
                choices=choices,
                required=False,
                initial=mapping.get(index, ""),
            )
            self.columns.append(name)

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): self.cleaned_data[name]
            for name in self.columns
            if self.cleaned_data.get(name)
        }

    def column_fields(self):
        return [self[name] for name in self.columns]


class PartnershipMappingForm(ImportMappingForm):
    """The same, creating the organisations a partnership plan names."""

    create_people = forms.BooleanField(
        label="Create the organisations listed above as the partnership's organisations", required=False
    )


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def mapping_signature(mapping: dict[int, str], create_people: bool, period: datetime.date | None = None) -> str:
    """What a preview was of, as the page carries it to the confirmation."""
    parts = [f"{index}={key}" for index, key in sorted(mapping.items())]
    if period:
        parts.append(f"period={period:%Y-%m}")
    return ";".join(parts) + (";people" if create_people else "")


# People ----------------------------------------------------------------------


class PersonForm(CleanTextMixin, forms.Form):
    """A person, their e-mail address and the roles of their login. The
    checkboxes show only the roles the user may give; a role posted
    otherwise reaches the verb, which refuses it (403)."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it appears under Responsibility in the action plans, for example Vanessa Housley",
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="Where we send the link to choose a password, and reminders of updates",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=[(role, role) for role in PERSON_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, by, has_login=True, email_locked="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].widget.choices = [(role, role) for role in permissions.grantable_roles(by)]
        # Why the user may not change the address (permissions.CHANGE_EMAIL): the
        # field is shown read-only with the reason as its hint.
        self.email_locked = email_locked
        if email_locked:
            self.fields["email"].required = False
            self.fields["email"].help_text = email_locked
        if not has_login:
            self.fields["email"].required = False
            self.fields[
                "email"
            ].help_text = "Give one to make them a login: they are e-mailed a link to choose their password"

    def role_choices(self) -> list:
        """Each checkbox with what the role lets the person do."""
        return [(choice, DESCRIPTIONS[choice.data["value"]]) for choice in self["roles"]]

    @property
    def some_roles_withheld(self) -> bool:
        return len(self.fields["roles"].widget.choices) < len(PERSON_ROLES)

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "email", "roles")}


class RoleForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label="Name of the role or group",
        max_length=200,
        help_text="For example SBC Hate Crime Lead, or All Stockton hate crime group members",
        error_messages={"required": "Enter the name of the role or group"},
    )
    holder = forms.ModelChoiceField(
        label="Who holds it",
        queryset=Owner.objects.login_holders(),
        required=False,
        empty_label="Nobody for now",
        help_text="Their login sees the role's actions and is reminded of its updates",
    )


class CommitteeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label="Name of the committee",
        max_length=200,
        help_text="As the council's papers give it, for example Crime and Disorder Select Committee",
        error_messages={"required": "Enter the name of the committee"},
    )


class CommitteeMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = permissions.committee_member_candidates(committee)
        field.label_from_instance = lambda user: user.get_full_name() or user.username


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or e-mail address", required=False, max_length=200)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *((role, role) for role in ROLES), ("none", "No role")],
    )
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "People, roles and groups"), *Owner.Kind.choices],
    )


class DecisionsForm(forms.Form):
    """The committee's decisions on every action a round carried: a
    decision and (for Closed) a reason per action, the meeting's date, and a
    reason for changing decisions already published. Only cleans input:
    CommitteeDecision.record_round() applies the rules."""

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
                error_messages={"required": f"Choose the committee's decision on {row.action.reference}"},
            )
            self.fields[f"reason_{row.action.pk}"] = forms.CharField(
                label="Why the committee closed it", required=False, max_length=300
            )

    def decisions(self) -> dict:
        return {
            row.action.pk: DecisionInput(
                self.cleaned_data.get(f"decision_{row.action.pk}", ""),
                self.cleaned_data.get(f"reason_{row.action.pk}", ""),
            )
            for row in self.rows
        }


# Partnership plans' quarterly updates -------------------------------------------


class PartnershipUpdateForm(WorkflowUpdateForm):
    """A lead's quarterly update: the progress made and the RAG status. A
    draft may be saved half-written; a submitted update needs both
    (PartnershipUpdate.save_update says so again)."""

    TYPED_FIELDS = ("progress",)

    class Meta:
        model = PartnershipUpdate
        fields = ["progress", "rag"]
        labels = {"progress": "Progress", "rag": "RAG status"}
        help_texts = {
            "progress": "What has been done this quarter. Start a line with “- ” for a bullet; leave a blank line "
            "between paragraphs.",
            "rag": "Red, Amber or Green for how the action is going; Complete once it is finished.",
        }
        widgets = {"progress": forms.Textarea(attrs={"rows": 8}), "rag": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = list(grading.Rag.choices)
        self.fields["rag"].required = False

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("progress", "").strip() and "progress" not in self.errors:
                self.add_error("progress", "Enter the progress made this quarter")
            if not data.get("rag") and "rag" not in self.errors:
                self.add_error("rag", "Choose the action’s RAG status")
        return data


class PartnershipCheckForm(DecisionForm):
    """The coordinator's (or a clerk's) decision on a lead's update."""

    WRITER = "lead"


class PublishQuarterForm(ConfirmMissingForm):
    PERIOD = "quarter"


class OpenQuarterForm(MonthAndYearForm):
    """The quarter (any of its months: templates/actionplans/partnership/open_quarter.html
    says what the financial quarters are) and the leads' deadline."""

    deadline = GovukDateField(
        label="Deadline for the leads’ updates",
        name="Deadline",
        help_text="For example, 14 12 2018",
        error_messages={"required": "Enter the deadline"},
    )


def _login_name(user) -> str:
    return user.get_full_name() or user.username


def lead_label(user) -> str:
    """'Pat Partner, Partner lead, pat@example.org': a name alone does not
    say which of two Pat Partners, nor whether the login is the council's."""
    roles_held = sorted(group.name for group in user.groups.all() if group.name in UPDATE_WRITING_ROLES)
    return ", ".join(part for part in [_login_name(user), " and ".join(roles_held), user.email] if part)


class OrganisationMembersForm(forms.Form):
    """One organisation's leads (`members`): the logins the partnership may
    choose (permissions.lead_candidates, users with their groups
    prefetched) and whoever leads for it now."""

    def __init__(self, *args, organisation, candidates, **kwargs):
        # Each organisation's form has its own ids on the one page.
        super().__init__(*args, auto_id=f"id_org-{organisation.pk}_%s", **kwargs)
        self.organisation = organisation
        current = list(organisation.members.all())
        users = {user.pk: user for user in [*candidates, *current]}
        field = forms.TypedMultipleChoiceField(
            label=f"Leads of {organisation}",
            choices=[(pk, lead_label(user)) for pk, user in users.items()],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Choose leads from the list: %(value)s is not one of them"},
        )
        self.users = users
        self.fields["members"] = field
        self.initial["members"] = [user.pk for user in current]

    def members(self) -> list:
        return [self.users[pk] for pk in self.cleaned_data["members"]]
