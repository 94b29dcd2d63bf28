"""The import's forms: the upload (a review's tracker, or a new partnership
plan with its details), the month a file's progress is for, and which
column is which field."""

import datetime
import hashlib

from django import forms
from django.conf import settings
from django.utils.text import slugify

from actionplans import grading
from actionplans.fields import GovukDateField, GovukMonthField
from actionplans.importing import grades, sheets
from actionplans.importing.saving import DRAFTS, LEAVE_OUT, PAST_RECORD, ProgressChoice
from actionplans.models import Partnership, PartnershipPlan
from actionplans.models.common import month_label
from actionplans.models.council import COLOURS, current_scale
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
    # Asked where the file gives the executive's responses (responses.py).
    responded_on = GovukDateField(
        name="The date of the executive’s response",
        label="Date of the executive’s response",
        help_text="The file gives the executive’s response to its recommendations, but not when it was given. "
        "For example, 12 3 2025",
        required=False,
    )

    def __init__(self, *args, headings: list[str], fields, mapping: dict[int, str], ambiguous=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.year_fields = [self._add_year_field(period) for period in ambiguous]
        self.year_words = {f"year_{period.key}": period.words for period in ambiguous}
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

    def _add_year_field(self, period) -> str:
        """A question for a month and two figures that may be a day or a
        year (round_columns.AmbiguousPeriod), its proposed year filled in."""
        name = f"year_{period.key}"
        self.fields[name] = forms.IntegerField(
            label=f"Which year is “{period.words}”?",
            help_text=f"Its two figures may be the day or the year. Beside the months next to it, it reads as "
            f"{period.reading(period.proposed)}",
            required=False,
            min_value=2000,
            max_value=2100,
            initial=period.proposed,
            error_messages={
                key: "Enter the year as four digits, like 2025" for key in ("invalid", "min_value", "max_value")
            },
        )
        return name

    def response_date(self) -> datetime.date | None:
        """The date the clerk gave the executive's responses, if any."""
        return getattr(self, "cleaned_data", {}).get("responded_on")

    def years(self) -> dict[str, int]:
        """The year the clerk gave each month and two figures (period_key -> year)."""
        data = getattr(self, "cleaned_data", {})
        return {name.removeprefix("year_"): data[name] for name in self.year_fields if data.get(name)}

    def year_errors(self) -> list[tuple[str, str]]:
        return [(str(error), name) for name in self.year_fields for error in self.errors.get(name, [])]

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
        label="Create the organisations and national indicators listed above", required=False
    )
    keep_apart = forms.BooleanField(
        label="Keep the spellings listed above apart, as organisations of their own", required=False
    )
    responded_on = None  # a partnership plan has no executive's responses


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def mapping_signature(
    mapping: dict[int, str], create_people: bool, period: datetime.date | None = None, years: dict | None = None
) -> str:
    """What a preview was of, as the page carries it to the confirmation."""
    parts = [f"{index}={key}" for index, key in sorted(mapping.items())]
    if period:
        parts.append(f"period={period:%Y-%m}")
    parts += [f"year {key}={year}" for key, year in sorted((years or {}).items())]
    return ";".join(parts) + (";people" if create_people else "")


class ImportProgressForm(forms.Form):
    """What the file's progress is, when it has some for months the review
    has no round for (saving.ProgressChoice), asked on the preview with the
    date of each month's committee meeting: nothing is published unless
    the clerk says so. A file with the product's export's Rounds sheet
    fills in the dates; the clerk still chooses."""

    progress = forms.ChoiceField(
        label="What is the progress in this file?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (PAST_RECORD, "A past meeting’s record: publish it as the committee received it, marked imported"),
            (LEAVE_OUT, "Leave the progress out: import the plan only, and publish nothing"),
        ],
    )

    as_people = forms.MultipleChoiceField(
        label="Names that look like posts, teams or groups",
        help_text=("They will be created as a post or group (a role, with no person named). Tick any who is a person."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, periods: list[datetime.date], round_dates: dict, groups=(), open_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        # The open round, when the file has progress for its month: a
        # review being set up has none, so the choice is not offered.
        self.open_round = open_round
        if open_round is not None:
            choices = list(self.fields["progress"].choices)
            choices.insert(
                1,
                (
                    DRAFTS,
                    f"Drafts in the open round ({open_round.label}): the officers finish and submit them",
                ),
            )
            self.fields["progress"].choices = choices
        self.fields["as_people"].choices = [(name, f"{name} is a person") for name in groups]
        if not groups:
            del self.fields["as_people"]
        for period in periods:
            label = month_label(period)
            self.fields[self.meeting_field(period)] = GovukDateField(
                name=f"The {label} meeting date",
                label=f"Date of the committee meeting that received the {label} progress update",
                help_text=f"For a past meeting’s record. For example, 12 {period.month} {period.year}",
                required=False,
                initial=round_dates.get(period, (None, None))[1],
            )

    @property
    def months(self) -> list[datetime.date]:
        """Every month the question is about: the new ones and the open round's."""
        return sorted([*self.periods, *([self.open_round.period] if self.open_round else [])])

    @staticmethod
    def meeting_field(period: datetime.date) -> str:
        return f"meeting_{period:%Y_%m}"

    def meeting_fields(self):
        return [self[self.meeting_field(period)] for period in self.periods]

    def choice(self) -> ProgressChoice:
        """The clerk's answer as the import takes it: "" until they give one."""
        if not self.is_bound:
            return ProgressChoice()
        self.is_valid()
        data = self.cleaned_data
        return ProgressChoice(
            what=data.get("progress", ""),
            meeting_dates={p: data[self.meeting_field(p)] for p in self.periods if data.get(self.meeting_field(p))},
            refused=frozenset(p for p in self.periods if self.meeting_field(p) in self.errors),
        )

    def people(self) -> frozenset:
        """The names that look like groups the clerk says are people."""
        return frozenset(self.cleaned_data.get("as_people", ())) if self.is_bound and self.is_valid() else frozenset()

    def signature(self) -> str:
        """The answer, as the preview carries it to the confirmation."""
        choice = self.choice()
        people = ",".join(sorted(self.people()))
        dates = ",".join(f"{p:%Y-%m}={d}" for p, d in sorted(choice.meeting_dates.items()))
        return (
            f";progress={choice.what}"
            + (f";meetings={dates}" if choice.what == PAST_RECORD else "")
            + (f";people={people}" if people else "")
        )


class StatusMeaningsForm(forms.Form):
    """What each status word or colour of the file becomes (grades.py):
    one choice per distinct word, not per cell, a grade of its own with a
    role and a colour, or one of the council's grades; proposed from what a
    clerk confirmed before (StatusMeaning) or from the usual roles
    (grading.PROPOSED_ROLES). What is shown is what the confirmation
    confirms (signature())."""

    def __init__(self, *args, plan, remembered: dict[str, int | None], review=None, **kwargs):
        """`review`: the review imported into, whose scale's grades a word
        may be (its own, else the council's)."""
        super().__init__(*args, **kwargs)
        self.scale = current_scale(review=review)
        self.keys, self.words = {}, {}
        statuses = plan.statuses
        proposals = {key: self._proposal(key, remembered) for key in statuses}
        for key in grades.in_order(plan, {key: value for key, (value, _) in proposals.items()}):
            word, (initial, hint) = statuses[key].word, proposals[key]
            name = status_field_name(key)
            self.keys[name], self.words[name] = key, word
            self.fields[name] = forms.ChoiceField(
                label=f"{word} ({statuses[key].where})",
                choices=[("", "Choose"), *grades.choices(self.scale)],
                required=False,
                initial=initial,
                help_text=hint,
            )
            self.fields[name + "_colour"] = forms.ChoiceField(
                label=f"Colour of {word}",
                choices=[(colour, words) for colour, (words, _) in COLOURS.items()],
                required=False,
                initial=statuses[key].colour or grades.proposed_colour(word, initial),
            )
        if self.is_bound and any(name not in self.data for name in self.fields):
            # A word the page did not show yet (the columns changed): as proposed.
            self.data = self.data.copy()
            for name, field in self.fields.items():
                self.data.setdefault(name, field.initial)

    def _proposal(self, key: str, remembered: dict[str, int | None]) -> tuple[str, str]:
        """The answer proposed for a word, and the hint saying why."""
        if key in remembered:
            return grades.remembered_answer(key, remembered[key]).value, "As confirmed at an earlier import"
        if key in grading.PROPOSED_ROLES:
            return grading.PROPOSED_ROLES[key], "Proposed: check it"
        return "", "Choose what it is"

    def answers(self) -> dict[str, grades.GradeAnswer]:
        """What each word becomes (as shown, when not posted); words not
        yet given an answer are left out."""
        chosen = {}
        for name, key in self.keys.items():
            value, colour = self[name].value() or "", self[name + "_colour"].value() or ""
            answer = grades.answer_of(self.words[name], value, colour, self.scale)
            if answer is not None:
                chosen[key] = answer
        return chosen

    def signature(self) -> str:
        """The answers and the scale they make, as the preview carries them
        to the confirmation: a scale changed since (another import, the
        administrator) is previewed again before it is confirmed."""
        chosen = self.answers()
        signature = "".join(f";status:{key}={chosen[key].value}/{chosen[key].colour}" for key in sorted(chosen))
        scale = getattr(self, "scale_to_be", None)
        return signature + (f";scale={'|'.join(scale.labels)}/{scale.prints}" if scale else "")

    def status_fields(self):
        """Each word's two fields: what it becomes, and its colour."""
        return [(self[name], self[name + "_colour"]) for name in self.keys]


def status_field_name(key: str) -> str:
    """A form field's name for a status word, stable whatever the file's
    other words: 'status_' and a digest of the word."""
    return "status_" + hashlib.sha256(key.encode()).hexdigest()[:12]


class MissingWordingForm(forms.Form):
    """The council's title and introduction, asked for on the preview of an
    import while the council has none (a new install: Wording.lacks), so
    that the papers the import publishes print the council's own words.
    Blank on a preview; required to confirm (missing())."""

    update_title = forms.CharField(
        label="The title the council's Progress Update prints",
        max_length=200,
        required=False,
        help_text="As the council's paper has it, for example Scrutiny Monitoring – Progress Update",
    )
    introduction = forms.CharField(
        label="The paragraph under the review's details",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As the council's paper has it",
    )

    def __init__(self, *args, lacking: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name in set(self.fields) - set(lacking):
            del self.fields[name]

    def offer(self, plan) -> None:
        """The paper's own title and introduction, where it has them, as
        what the fields start with."""
        for name, value in (("update_title", plan.title), ("introduction", plan.introduction)):
            if name in self.fields and value:
                self.fields[name].initial = value

    def missing(self) -> dict[str, str]:
        """The fields still blank, with what to say beside each."""
        said = {
            "update_title": "Enter the title the council's Progress Update prints",
            "introduction": "Enter the paragraph the council's Progress Update prints under the review's details",
        }
        return {name: said[name] for name in self.fields if not self.given(name)}

    def given(self, name: str) -> str:
        """What the clerk typed; on the first preview, what the paper has."""
        value = self.data.get(name) if self.is_bound and name in self.data else self.fields[name].initial
        return (value or "").strip()

    def wording(self) -> dict[str, str]:
        return {name: self.given(name) for name in self.fields}
