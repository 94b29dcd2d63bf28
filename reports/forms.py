import datetime

from django import forms

from actionplans.models import day_label
from actionplans.text import CleanTextMixin
from reports.documents import FORMATS
from reports.progress_update.builder import why_not_changes_since


class AgendaOptionsForm(CleanTextMixin, forms.Form):
    """What anyone exporting a document for an agenda pack may add: the
    agenda header, the pack's first page number, and DRAFT (ExportOptions).
    The Progress Update's export and the scrutiny annual report's downloads
    both ask these."""

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

    def clean_agenda_header(self):
        # The running header has room for one line: line breaks are refused
        # (CleanTextMixin), runs of spaces closed up.
        return " ".join(self.cleaned_data["agenda_header"].split())

    def agenda_options(self) -> dict:
        """The ExportOptions these fields give, as keywords."""
        return {name: self.cleaned_data[name] for name in ("agenda_header", "first_page", "draft")}


class ExportForm(AgendaOptionsForm):
    """What the clerk picks when exporting the Progress Update."""

    field_order = ["round", "format", "agenda_header", "first_page", "draft"]
    round = forms.ChoiceField(label="Progress update", error_messages={"required": "Select a progress update"})
    format = forms.ChoiceField(
        label="Format",
        choices=[(key, fmt.label) for key, fmt in FORMATS.items()],
        initial="pdf",
        error_messages={"required": "Select a format"},
    )
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
    delivered_through = forms.BooleanField(
        label="Show what delivers each action in the partnership plans",
        help_text="“Delivered through:” the partnership plan’s actions linked to it, each with its latest RAG",
        required=False,
    )
    changes_since = forms.ChoiceField(
        label="What changed since the meeting of …",
        help_text="Add what changed, action by action, between that meeting and the update’s own, after the "
        "title block (every format)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the committee’s earlier meetings"},
    )

    confidential = forms.BooleanField(
        label="Print the exempt information (the confidential version)",
        help_text="Its words rather than “Exempt information (paragraph N)”: not for publication",
        required=False,
    )

    def __init__(self, *args, rounds, round=None, may_print_confidential=False, **kwargs):
        """`round`: the update the options are for, where the address names
        it (the web page) rather than the form. `may_print_confidential`:
        clerks and administrators may print exempt information; for
        anyone else the option is not there (the public version)."""
        super().__init__(*args, **kwargs)
        if not may_print_confidential:
            del self.fields["confidential"]
        self.rounds = {r.period_code: r for r in rounds}
        self.fixed_round = round
        self.fields["round"].choices = [
            (code, r.label + ("" if r.is_published else " (not yet published: printed as a draft)"))
            for code, r in reversed(self.rounds.items())
        ]
        if rounds:
            self.fields["round"].initial = rounds[-1].period_code

        # Only meetings before the update's own (the one named, else the
        # latest, offered first): a later one can only be refused (clean()).
        latest = round.meeting_date if round else rounds[-1].meeting_date if rounds else None
        meetings = sorted(
            {r.meeting_date for r in rounds if r.is_published and (latest is None or r.meeting_date < latest)},
            reverse=True,
        )
        self.fields["changes_since"].choices = [("", "Leave out"), *((m.isoformat(), day_label(m)) for m in meetings)]

    def clean(self):
        data = super().clean()
        chosen = data.get("changes_since")
        data["changes_since"] = datetime.date.fromisoformat(chosen) if chosen else None
        round = self.fixed_round or self.rounds.get(data.get("round"))
        since = data["changes_since"]
        refused = why_not_changes_since(round, since) if since and round is not None else ""
        if refused:
            self.add_error("changes_since", refused)
        return data

    def chosen_round(self):
        return self.rounds[self.cleaned_data["round"]]


TODAY = "today"


class ChangesForm(forms.Form):
    """The two meetings to compare: `since` one of the committee's meetings
    (the dates of its published rounds' meetings), `until` a later one or
    today. Left out, each takes its default: the latest meeting on or before
    today, and today."""

    since = forms.ChoiceField(
        label="Since the meeting of",
        required=False,
        error_messages={"invalid_choice": "Choose one of the committee’s meetings"},
    )
    until = forms.ChoiceField(
        label="Until",
        required=False,
        error_messages={"invalid_choice": "Choose a later meeting, or today"},
    )

    def __init__(self, *args, meetings, today, **kwargs):
        from reports.changes.builder import default_since

        super().__init__(*args, **kwargs)
        self.meetings, self.today = meetings, today
        choices = [(m.isoformat(), day_label(m)) for m in reversed(meetings)]
        self.fields["since"].choices = choices
        # The earliest meeting cannot end a comparison: nothing comes before it.
        self.fields["until"].choices = [(TODAY, f"Today, {day_label(today)}"), *choices[:-1]]
        self.default_since = default_since(meetings, today)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        since = datetime.date.fromisoformat(data["since"]) if data.get("since") else self.default_since
        until = None if data.get("until") in ("", None, TODAY) else datetime.date.fromisoformat(data["until"])
        if since is not None and until is not None and until <= since:
            self.add_error("until", "Choose a meeting after the one you compare from, or today")
        elif since is not None and until is None and since > self.today:
            self.add_error("since", "Choose a meeting on or before today, or compare with a later meeting")
        data["since_date"], data["until_date"] = since, until
        return data

    def chosen(self) -> tuple[datetime.date | None, datetime.date | None]:
        """(since, until): until None for today. The defaults when unbound."""
        if not self.is_bound:
            return self.default_since, None
        return self.cleaned_data["since_date"], self.cleaned_data["until_date"]


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
