"""What the settings page shows: what a change of wording or of a scale
would do, and what was changed before, gathered as plain data for the
templates (which only present it)."""

import re
from dataclasses import dataclass

from django.utils import timezone

from actionplans.models.council import (
    Council,
    GradingScale,
    ScaleGrade,
    ScaleLevel,
)
from actionplans.models.escalations import past_escalation
from actionplans.models.rounds import ProgressEntry


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class WordingVersion:
    """One row of the wording's history: who changed what, when."""

    when: object
    who: str
    changes: list[Change]
    set_up: bool  # the wording as it was first set, not a change


def _label(form_class, name) -> str:
    return re.sub(r"\s*\(optional\)$", "", str(form_class.base_fields[name].label))


def _who(user) -> str:
    if user is None:
        return "Set when the service was installed"
    return user.get_full_name() or user.get_username()


def wording_changes(form_class, before: dict, after: dict, fields=Council.FIELDS) -> list[Change]:
    """Each of `fields` the change alters, labelled as the form labels it."""
    return [
        Change(_label(form_class, name), before.get(name, ""), after.get(name, ""))
        for name in fields
        if (before.get(name) or "") != (after.get(name) or "")
    ]


def wording_history(form_class, fields=Council.FIELDS) -> list[WordingVersion]:
    """Every change to the council's `fields` (its wording; its point of
    escalation), newest first, each with what it changed (the first row:
    the settings as they were set up)."""
    rows = list(Council.history.filter(id=1).select_related("history_user").order_by("history_date", "history_id"))
    versions, previous = [], {}
    for row in rows:
        now = {name: getattr(row, name) for name in fields}
        changes = wording_changes(form_class, previous, now, fields)
        set_up = row.history_type == "+"
        # A change to the other settings is not one of these.
        if changes or set_up or not previous:
            versions.append(WordingVersion(row.history_date, _who(row.history_user), changes, set_up))
        previous = now
    return versions[::-1]


@dataclass(frozen=True)
class ScaleVersion:
    version: int
    when: object
    who: str
    levels: tuple[ScaleLevel, ...]
    current: bool


def scale_history(kind: str) -> list[ScaleVersion]:
    """Every version of `kind`'s scale, newest first, in two queries."""
    scales = list(GradingScale.objects.filter(kind=kind).select_related("made_by").prefetch_related("grades"))
    newest = max((scale.version for scale in scales), default=0)
    return [
        ScaleVersion(
            scale.version,
            scale.made_at,
            _who(scale.made_by),
            tuple(grade.level() for grade in scale.grades.all()),
            scale.version == newest,
        )
        for scale in sorted(scales, key=lambda scale: -scale.version)
    ]


def preview_levels(grades: list[dict], prints: str) -> list[ScaleLevel]:
    """The grades of a scale not yet made, as they would print."""
    levels = []
    for position, grade in enumerate(grades, start=1):
        fields = {name: grade.get(name, default) for name, default in ScaleGrade.DEFAULTS.items()}
        levels.append(ScaleLevel(id=0, position=position, prints=prints, **fields))
    return levels


def updates_past(days: int | None) -> int:
    """How many updates of open rounds are not submitted `days` or more days
    after their deadline now: whose owners' managers the next daily run
    would tell (less those told already). One query."""
    if days is None:
        return 0
    return past_escalation(ProgressEntry.objects.all(), days=days, today=timezone.localdate()).count()
