"""What the settings page shows: what a change of wording or of a scale
would do, and what was changed before, gathered as plain data for the
templates (which only present it)."""

import re
from dataclasses import dataclass

from django.utils import timezone

from actionplans.models.council import (
    Council,
    Fate,
    GradingScale,
    ScaleGrade,
    ScaleLevel,
    compared_by_default,
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
    """Every version of the council's `kind` scale, newest first, in two queries."""
    scales = list(
        GradingScale.objects.filter(kind=kind, review=None).select_related("made_by").prefetch_related("grades")
    )
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


@dataclass(frozen=True)
class GradeChange:
    """What becomes of one grade of the current version, as the preview
    says it."""

    level: ScaleLevel  # the grade now
    fate: Fate | None  # None: not answered yet
    compares_with: ScaleLevel | None = None  # a grade removed: the new grade it compares with

    @property
    def words(self) -> str:
        if self.fate is None:
            return "Not answered yet"
        if self.fate.becomes is None:
            compared = (
                f", compared for improved or worse with {self.compares_with.in_full}" if self.compares_with else ""
            )
            return f"Removed: the updates given it keep it, and the figures count it apart{compared}"
        return self.fate.words


@dataclass(frozen=True)
class Drawn:
    """One grade as the committee's figures, charts and filters will list
    it after the change, in order."""

    name: str  # "2 On track"
    counts: tuple[str, ...] = ()  # the grades given before that it counts too, as given
    removed: bool = False


@dataclass(frozen=True)
class ScaleChange:
    rows: list[GradeChange]
    new: list[ScaleLevel]  # the new grades no current grade is
    drawn: list[Drawn]


def scale_change(fates: list, levels: list[ScaleLevel]) -> ScaleChange:
    """The preview of what becomes of the current grades (`fates`: (a Fate
    or None where unanswered, the grade), BecomesForm.fates()) in the new
    grades `levels`, and what the committee's figures will then list: each
    new grade, counting the grades it is; each grade removed apart, after
    the grade it compares with."""
    rows, counted, removed_after = [], {}, {}
    for fate, level in fates:
        compared = compared_by_default(level, levels) if fate is not None and fate.becomes is None else None
        rows.append(GradeChange(level, fate, compared))
        if fate is not None and fate.becomes is not None:
            counted.setdefault(fate.becomes.position, []).append(level)
        elif fate is not None:
            removed_after.setdefault(compared.position if compared else None, []).append(level)
    drawn = []
    for level in levels:
        given = [was.in_full for was in counted.get(level.position, []) if was.in_full != level.in_full]
        drawn.append(Drawn(f"{level.code} {level.label}".strip(), tuple(given)))
        drawn += [Drawn(was.in_full, removed=True) for was in removed_after.pop(level.position, [])]
    drawn += [Drawn(was.in_full, removed=True) for levels_left in removed_after.values() for was in levels_left]
    new = [level for level in levels if level.position not in counted]
    return ScaleChange(rows, new, drawn)


def updates_past(days: int | None) -> int:
    """How many updates of open rounds are not submitted `days` or more days
    after their deadline now: whose owners' managers the next daily run
    would tell (less those told already). One query."""
    if days is None:
        return 0
    return past_escalation(ProgressEntry.objects.all(), days=days, today=timezone.localdate()).count()
