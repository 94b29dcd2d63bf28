"""The two meetings whose changes a page compares."""

import datetime

from django import forms

from actionplans.models import day_label, marked_if
from reports.changes.builder import default_since

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
        super().__init__(*args, **kwargs)
        self.meetings, self.today = meetings, today
        # A meeting still to come has no changes yet: only those held are
        # offered (all of them while none has been, so the page can say so).
        held = [m for m in meetings if m <= today] or meetings
        invented = getattr(meetings, "invented", ())
        choices = [(m.isoformat(), marked_if(day_label(m), m in invented)) for m in reversed(held)]
        self.fields["since"].choices = choices
        # The earliest meeting cannot end a comparison: nothing comes before it.
        self.fields["until"].choices = [
            (TODAY, f"Today, {day_label(today)}"),
            *(c for c in choices[:-1] if c[0] <= today.isoformat()),
        ]
        self.default_since = default_since(meetings, today)
        # The lists show what the page compares when nothing was chosen.
        self.fields["since"].initial = self.default_since.isoformat() if self.default_since else None
        self.fields["until"].initial = TODAY

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
