"""The import's forms: the upload (a review's tracker, or a new partnership
plan with its details), the month a file's progress is for, and which
column is which field."""

import datetime

from django import forms
from django.conf import settings
from django.utils.text import slugify

from actionplans.fields import GovukMonthField
from actionplans.importing import sheets
from actionplans.models import Partnership, PartnershipPlan
from actionplans.partnership.forms import PlanHeadingForm
from actionplans.text import CleanTextMixin


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
        help_text="An Excel workbook (.xlsx), a CSV file or a Word progress update (.docx)",
        error_messages={"required": "Select the file to import", "empty": "The selected file is empty"},
    )
    field_order = ["file", "period_month", "period_year"]
    accept = ".xlsx,.csv,.docx"  # what the file chooser offers

    def clean_file(self):
        # The size the browser's upload arrived with, before a byte is read:
        # the reader's own limit, in the reader's words.
        file = self.cleaned_data["file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(sheets.too_big(file.size, file.name))
        return file


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

    accept = ".xlsx,.csv"  # a partnership plan is read from a spreadsheet only

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.all()
        self.fields["file"].help_text = "An Excel workbook (.xlsx) or a CSV file"

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
