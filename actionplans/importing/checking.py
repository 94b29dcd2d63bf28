"""What every step of an import's comparison shares: the file's text as the
product stores and compares it, each object checked as the forms check it,
and the few words the preview uses for the file's columns.

The comparison (comparing.py, rounds.py, comparing_actions.py) and the
partnership import (partnership_saving.py) build their objects with these,
so that a file's value is stored, compared and refused the same way
whichever step reads it; and they run with the cyclic garbage collector
paused (collector_paused())."""

import contextlib
import gc

from django.core.exceptions import ValidationError

from actionplans import grading, richtext
from actionplans.importing.plan import Problem
from actionplans.importing.preview import NewEntry
from actionplans.models import ProgressEntry
from actionplans.models.people import name_key

# How much of an Agreed Action (or Success Measure) the preview shows.
PREVIEW_CHARS = 80
# simple-history's change reason holds 100 characters on most models.
REASON_MAX_CHARS = 100

ACTION_FIELDS = {
    "owners": "Responsibility",
    "target": "Date",
    "agreed_action": "Agreed Action",
    "success_measure": "Agreed Success Measure",
}
ENTRY_FIELDS = {
    "evidence_of_progress": "Evidence of Progress",
    "grade": "Assessment of Progress",
    "grade_explanation": "Explanation",
    "evidence_of_impact": "Evidence of Impact",
    "owners": "Responsibility",
}


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused while the comparison and the
    save run, as while Django sets up (scrutiny/startup.py). What they make
    lives until the import is saved, or is freed by its reference count the
    moment it is done with; yet every full collection walked all of it, the
    file read and the preview included, and the save's batches set one off
    again and again: on a 50,000-row tracker a third of the save's time,
    and the part of it that grew faster than the rows (docs/benchmarks.md).
    Resumed after, as it was: what little is cyclic garbage meanwhile is
    collected then."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def stored_text(text: str) -> str:
    """Evidence as the product stores it: the file's bullets ('•', '*' or
    '-') become '- ' bullets, line endings become '\\n'. The text itself
    when that changes nothing, not an equal copy: the reading keeps the
    text, so a copy would hold each evidence once more until it is saved."""
    stored = richtext.to_plain(text, bullet="-")
    return text if stored == text else stored


def same_text(a: str, b: str) -> bool:
    return richtext.parse(a or "") == richtext.parse(b or "")


def _validate(obj, row: int, problems: list[Problem], words: dict[str, str]) -> None:
    """full_clean, as the forms do, without the foreign keys (the import set
    them from what it read, and they may point at objects not yet saved)
    and without uniqueness (the comparison keys everything by it): each is a
    query per object."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        details = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages in details.items():
            label = words.get(name) or (obj._meta.get_field(name).verbose_name.capitalize() if name else "")
            for message in messages:
                problems.append(Problem(f"Row {row}" if row else "", f"{label}: {message}" if label else message))


def _joins(owners, typed: dict[str, str]) -> tuple[str, ...]:
    """What the file typed before each of `owners` (" / ", "\n"; `typed`
    by name_key), the lead's blank: as the documents will print them."""
    return tuple("" if index == 0 else typed.get(name_key(owner.name), "") for index, owner in enumerate(owners))


def _has_update(entry) -> bool:
    """Whether the file's row says anything for the round: one with no
    evidence and no grade (or reading "No update received", as the Progress
    Update prints it) is an update the committee did not receive. A grade
    that grades nothing ("Not started") is still what the paper said."""
    progress = entry.evidence_of_progress.strip()
    if progress.casefold() == grading.NO_UPDATE_RECEIVED.casefold():
        progress = ""
    graded = entry.grade or entry.status or entry.level
    return bool(progress or graded or entry.evidence_of_impact.strip())


def _progress_entry(new: NewEntry, levels: dict | None = None) -> ProgressEntry:
    """The ProgressEntry a new round's update (compare()'s NewEntry) is saved
    as; `levels`: the grade each of the file's grades became, at the save
    (grades.ScaleToBe.make)."""
    return ProgressEntry(
        level_id=levels.get(new.grade_key) if levels and new.grade_key else None,
        action=new.action,
        round=new.round,
        evidence_of_progress=new.evidence_of_progress,
        grade=new.grade,
        grade_explanation=new.grade_explanation,
        evidence_of_impact=new.evidence_of_impact,
        status=ProgressEntry.Status.APPROVED,
        version=1,
    )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
