"""What the clerk picks when exporting the Progress Update: the round, the
format, the agenda options (actionplans/agenda.py) and what the paper
adds."""

import datetime

from django import forms

from actionplans.agenda import AgendaOptionsForm
from actionplans.models import day_label, is_illustrative, marked_if
from reports.documents import FORMATS
from reports.progress_update.builder import why_not_changes_since


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

    def __init__(self, *args, rounds, round=None, may_print_confidential=False, prepares_agenda=False, **kwargs):
        """`round`: the update the options are for, where the address names
        it (the web page) rather than the form. `may_print_confidential`:
        clerks and administrators may print exempt information; for
        anyone else the option is not there (the public version).
        `prepares_agenda`: only those who put the agenda pack together mark
        its pages DRAFT (councillors were once offered it)."""
        super().__init__(*args, **kwargs)
        if not may_print_confidential:
            del self.fields["confidential"]
        if not prepares_agenda:
            del self.fields["draft"]
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
        invented = {r.meeting_date for r in rounds if is_illustrative(r, "meeting_date")}
        self.fields["changes_since"].choices = [
            ("", "Leave out"),
            *((m.isoformat(), marked_if(day_label(m), m in invented)) for m in meetings),
        ]

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


# The scrutiny annual report -----------------------------------------------------
