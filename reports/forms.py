from django import forms

from actionplans.text import CleanTextMixin
from reports.documents import FORMATS


class ExportForm(CleanTextMixin, forms.Form):
    """What the clerk picks when exporting the Progress Update."""

    round = forms.ChoiceField(label="Progress update", error_messages={"required": "Select a progress update"})
    format = forms.ChoiceField(
        label="Format",
        choices=[(key, fmt.label) for key, fmt in FORMATS.items()],
        initial="pdf",
        error_messages={"required": "Select a format"},
    )
    agenda_header = forms.CharField(
        label="Agenda header (optional)",
        help_text="Printed at the top of every page, for example ‘Agenda Item 8: Appendix 1’",
        max_length=120,
        required=False,
        error_messages={"max_length": "The agenda header must be 120 characters or fewer"},
    )
    first_page = forms.IntegerField(
        label="Number of the first page (optional)",
        help_text="To continue the agenda pack’s page numbering, for example 23",
        min_value=1,
        max_value=9999,
        required=False,
        error_messages={
            "invalid": "Enter the first page number as a whole number, like 23",
            "min_value": "The first page number must be 1 or more",
            "max_value": "The first page number must be 9999 or less",
        },
    )
    draft = forms.BooleanField(label="Mark every page DRAFT", required=False)
    summary = forms.BooleanField(
        label="Put a one-page summary in front",
        help_text="The round’s grades and what changed since the round before (PDF and Word)",
        required=False,
    )
    full_history = forms.BooleanField(
        label="Include every action, with its full history",
        help_text="Also the actions signed off before this round",
        required=False,
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {r.period_code: r for r in rounds}
        self.fields["round"].choices = [
            (code, r.label + ("" if r.is_published else " (not yet published: printed as a draft)"))
            for code, r in reversed(self.rounds.items())
        ]
        if rounds:
            self.fields["round"].initial = rounds[-1].period_code

    def clean_agenda_header(self):
        # The running header has room for one line: line breaks are refused
        # (CleanTextMixin), runs of spaces closed up.
        return " ".join(self.cleaned_data["agenda_header"].split())

    def chosen_round(self):
        return self.rounds[self.cleaned_data["round"]]


# The scrutiny annual report -----------------------------------------------------


class AnnualReportForm(forms.Form):
    """The annual report's year picker: a municipal year with figures, and
    all Select Committees or one."""

    year = forms.TypedChoiceField(label="Municipal year", coerce=int, error_messages={"required": "Select a year"})
    committee = forms.ChoiceField(label="Select Committee", required=False)

    def __init__(self, *args, years, committees, **kwargs):
        from actionplans.municipal import MunicipalYear

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, MunicipalYear.of(year).label) for year in years]
        self.fields["committee"].choices = [("", "All Select Committees")] + [
            (committee.slug, committee.name) for committee in committees
        ]
