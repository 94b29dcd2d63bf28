"""A review's action plan in plain words, with no model (the models are in
models/review.py): the plan as the set-up and response pages give it
(RecordPlan, PartPlan, ResponsePlan), the conflicts its verbs raise, the
carry-forward rule, and how an action's reference and name print.
"""

import datetime
import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from actionplans.models.common import shorten

# The longest council's own reference kept ("SR (25/26) 01" and its kin).
COUNCIL_REFERENCE_MAX = 50


def response_of(rec):
    """The recommendation's (`rec`'s) ExecutiveResponse, or None. Select or prefetch
    `executive_response` when asking this of many: what was read is then
    returned as it is, None included, without the descriptor raising (and
    the caller catching) an exception for each recommendation with none,
    which cost a long review's page some 20 ms."""
    relation = rec._meta.get_field("executive_response")
    if relation.is_cached(rec):
        return relation.get_cached_value(rec)
    try:
        return rec.executive_response
    except models.ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class ResponsePlan:
    """The executive's response to recommendation `number`, as the clerk's
    page gives it ('' for no response yet)."""

    number: int
    response: str
    reasons: str = ""
    responded_on: datetime.date | None = None
    accepted_part: str = ""


def letter_for(n: int) -> str:
    """The letter of the n-th lettered part (from 0): a … z, then aa, ab …"""
    letters = string.ascii_lowercase
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]


@dataclass(frozen=True)
class RecordPlan:
    """One action record as the set-up page gives it: Responsibility (Owners,
    the lead first), Date (a target month, or the plan's own wording),
    Agreed Action and Agreed Success Measure; a strand's heading; and the
    pk of the action it changes, if it is already in the plan."""

    owners: tuple
    agreed_action: str
    success_measure: str
    target_month: datetime.date | None = None
    target_text: str = ""
    strand: str = ""
    pk: int | None = None
    # Why a confirmed plan's date changes (Action.change_target).
    target_reason: str = ""
    # What is printed before each of `owners` (" / ", a new line), as the
    # clerk chose it; None keeps what the names had (Action.arrange_owners).
    joins: tuple | None = None


@dataclass(frozen=True)
class PartPlan:
    """A lettered part as the set-up page gives it: its text, its own action
    record (or None) and its strands (RecordPlans with a heading)."""

    text: str
    record: RecordPlan | None = None
    strands: tuple = ()
    pk: int | None = None


class TargetReasonNeeded(ValidationError):
    """A confirmed plan's date was changed without a reason: `action_pks`
    are the records that need one, so the page can say it by each."""

    MESSAGE = "Give the reason for changing the date"

    def __init__(self, action_pks):
        self.action_pks = list(action_pks)
        super().__init__(self.MESSAGE)


class PlanConflict(Exception):
    """Someone else changed the plan after the page was opened."""

    def __init__(self, current):
        self.current = current
        latest = current.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        super().__init__("Someone else changed this plan after you opened it.")

    @property
    def message(self) -> str:
        who = (self.changed_by.get_full_name() or self.changed_by.username) if self.changed_by else "Someone else"
        when = f" at {self.changed_at:%H:%M on %-d %B %Y}" if self.changed_at else ""
        return f"{who} changed this plan{when}, after you opened the page. Your changes were not saved."


def carried_into(period: datetime.date, *, rejected: bool, ended: datetime.date | None) -> bool:
    """The carry-forward rule (docs/roles-and-rules.md) on an action, from what is known
    of it: whether the round of `period` carries it, its recommendation
    `rejected` by the executive or not, the month of the round whose
    decisions signed it off or closed it `ended` (None: still monitored).
    That round still carries it; the rounds after do not. Action.is_carried_into()
    asks it; publication writes what it says into each round's standing
    (models/standing.py), which every view of a published round reads."""
    return not rejected and (ended is None or ended >= period)


def action_reference(number: int, letter: str | None, strand: str) -> str:
    """'1', '1 c)', '1 a) Frontline staff': an action's reference from its
    recommendation's number, its lettered sub-action's letter (None: none)
    and its strand (Action.reference; the dashboards' lines, read as rows)."""
    parts = [str(number)]
    if letter is not None:
        parts.append(f"{letter})")
    if strand:
        parts.append(strand)
    return " ".join(parts)


def part_words(letter: str | None, text: str) -> str:
    """A lettered part's words without its own letter typed before them:
    'taxi marshalling…' for 'a) taxi marshalling…', '(a) …' or 'a. …' under
    the letter a, because every name of it prints the letter already
    ('2 a) taxi marshalling…', not '2 a) a) taxi marshalling…'). The record
    keeps the text as the council typed it; another letter ('b) …' under a)
    is left as part of the words."""
    if not letter:
        return text
    own = re.escape(letter)
    match = re.match(rf"\s*(?:\(\s*{own}\s*\)|{own}\s*\)|{own}\.(?=\s))\s*", text, re.IGNORECASE)
    return text[match.end() :] if match else text


def action_name(number: int, letter: str | None, strand: str, sub_text: str, text: str, words_as=shorten) -> str:
    """'1 b) The development of an on-line form…' (Action.name): the
    reference with the action's own words, as `words_as` gives them: the
    strand's heading, else the lettered sub-action's text (`sub_text`,
    without its letter typed again: part_words()), else the
    recommendation's (`text`)."""
    label = action_reference(number, letter, "")
    words = strand or (part_words(letter, sub_text) if letter is not None else text)
    return f"{label} {words_as(words)}" if words.strip() else label
