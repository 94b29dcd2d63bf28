"""The grading vocabulary, in one place: what a grade MEANS (Grade), the
committee's decisions (how an action leaves monitoring), and the movement of
an action's grade between two rounds.

A council's own grades (their numbers or codes, labels, colours, and which
need an explanation or a new target) are its settings, not code:
actionplans/models/council.py, read by `current_scale()`. Every grade there
means one of Grade's values (or no grade), and that meaning is what the
models store beside the grade (ProgressEntry.grade), what the dashboards
count and what the rules below read. reports/standing.py writes `movement()`
again as SQL, so that the dashboards can count in the database;
tests/test_movement.py holds the two to the same answer in every case.
"""

import re

from django.db import models


class Grade(models.IntegerChoices):
    """What a grade means, best first: the council's scale gives each of
    its grades one of these (or none: "not started")."""

    FULLY_ACHIEVED = 1, "Achieved"
    ON_TRACK = 2, "On track"
    SLIPPED = 3, "At risk or slipped"
    NOT_ACHIEVED = 4, "Not achieved"


# Status words and colours: councils' own (Ongoing, Paused, Green, Not yet
# due …), which an import reads once the clerk has said, once per word, what
# each means on the scale (StatusMeaning remembers it). The scale's own
# numbers, codes and labels need no saying (tracker.scale_words()).
NO_GRADE = "none"  # a word that grades nothing: the update's progress only
NO_GRADE_LABEL = "No grade: progress only"
# What the import proposes for the words councils commonly use; the clerk
# confirms or changes it. Absent: no proposal, the clerk chooses.
PROPOSED_MEANINGS: dict[str, int | None] = {
    "achieved": Grade.FULLY_ACHIEVED,
    "fully achieved": Grade.FULLY_ACHIEVED,
    "complete": Grade.FULLY_ACHIEVED,
    "completed": Grade.FULLY_ACHIEVED,
    "done": Grade.FULLY_ACHIEVED,
    "closed": Grade.FULLY_ACHIEVED,
    "blue": Grade.FULLY_ACHIEVED,
    "green": Grade.ON_TRACK,
    "g": Grade.ON_TRACK,
    "on track": Grade.ON_TRACK,
    "ongoing": Grade.ON_TRACK,
    "in progress": Grade.ON_TRACK,
    "underway": Grade.ON_TRACK,
    "on target": Grade.ON_TRACK,
    "amber green": Grade.ON_TRACK,
    "amber": Grade.SLIPPED,
    "a": Grade.SLIPPED,
    "red amber": Grade.SLIPPED,
    "slipped": Grade.SLIPPED,
    "at risk": Grade.SLIPPED,
    "paused": Grade.SLIPPED,
    "delayed": Grade.SLIPPED,
    "behind": Grade.SLIPPED,
    "red": Grade.NOT_ACHIEVED,
    "r": Grade.NOT_ACHIEVED,
    "not achieved": Grade.NOT_ACHIEVED,
    "grey": None,
    "gray": None,
    "not yet due": None,
    "not started": None,
    "superseded": None,
    "accepted": None,
    "accepted in part": None,
    "partially accepted": None,
    "rejected": None,
}


def status_key(word) -> str:
    """A status word as compared: 'Not Yet Due.' -> 'not yet due',
    'Amber/Green' -> 'amber green'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(word or "").lower()).split())


def meaning_value(grade: int | None) -> str:
    """A meaning as the form and the command write it: '2', or 'none'."""
    return str(int(grade)) if grade else NO_GRADE


def meaning_grade(value: str) -> int | None:
    """The grade a meaning written '2' or 'none' (or 'no grade') gives;
    raises ValueError for anything else."""
    text = status_key(value)
    if text in (NO_GRADE, "no grade", "no grade progress only", "0"):
        return None
    if text in {str(grade.value) for grade in Grade}:
        return int(text)
    raise ValueError(value)


# Grades the dashboards list as needing the committee's attention.
NEEDS_ATTENTION = (Grade.SLIPPED, Grade.NOT_ACHIEVED)
# What a published round reads for an action whose update was not approved
# in time (or never written), as the seeds say it.
NO_UPDATE_RECEIVED = "No update received"


class Decision(models.TextChoices):
    """The committee's decision, at its meeting, on an action a published
    round carried (CommitteeDecision). Only its published decisions move an
    action out of monitoring: after the first round whose published decision
    signed it off or closed it (LEAVES_MONITORING). Action.signed_off_in()
    applies the rule to one action; reports/standing.py to many, in SQL."""

    SIGNED_OFF = "signed_off", "Signed off"
    KEPT_OPEN = "kept_open", "Kept open"
    CLOSED = "closed", "Closed, not achieved"
    CARRIED = "carried", "Carried forward"


# The decisions after which the next round no longer carries the action.
LEAVES_MONITORING = (Decision.SIGNED_OFF, Decision.CLOSED)

# The grade with which an officer proposes an action for sign-off, and the
# committee's decision suggested for it (any other grade: carried forward).
SIGNS_OFF = Grade.FULLY_ACHIEVED


def suggested_decision(grade: int | None) -> Decision:
    """What the clerk's page preselects: the officer's proposal."""
    return Decision.SIGNED_OFF if grade == SIGNS_OFF else Decision.CARRIED


def decisions_for(grade: int | None) -> tuple[Decision, ...]:
    """The decisions the committee may take on an action graded `grade` at
    the round (None: no update received), in the order the clerk's page
    offers them. Kept open is for an action graded achieved that the
    committee keeps in monitoring; Carried forward for one not yet achieved
    (any other grade, or no update). The committee may sign off or close
    any action. CommitteeDecision.record_round enforces this."""
    if grade == SIGNS_OFF:
        return (Decision.SIGNED_OFF, Decision.KEPT_OPEN, Decision.CLOSED)
    return (Decision.CARRIED, Decision.SIGNED_OFF, Decision.CLOSED)


def why_not_decision(reference: str, grade: int | None, decision: str, *, labels=None) -> str:
    """Why `decision` does not fit an action graded `grade` (see
    decisions_for()), in words by the action's radios, or ''. `labels`: the
    council's label for each meaning (Scale.words), else the meanings'."""
    if decision in decisions_for(grade):
        return ""
    words = labels or (lambda rank: Grade(rank).label)
    if grade == SIGNS_OFF:
        return f"{reference} is graded {words(SIGNS_OFF)}: sign it off, keep it open or close it."
    graded = f"graded {words(grade)}" if grade else "without an update"
    return f"{reference} is {graded}, not {words(SIGNS_OFF)}: carry it forward, sign it off or close it."


# What each decision means, as the clerk's page explains it by its radio.
DECISION_HINTS = {
    Decision.SIGNED_OFF: "Achieved: it leaves monitoring after this round.",
    Decision.KEPT_OPEN: "Achieved, but the committee wants to see it again: the next round carries it.",
    Decision.CLOSED: "Not achieved, but no longer monitored here (say why): it leaves monitoring.",
    Decision.CARRIED: "Not yet achieved: the next round carries it.",
}


class Movement(models.TextChoices):
    """What happened to an action between the round before and this one."""

    PROPOSED = "proposed", "Proposed for sign-off"
    SIGNED_OFF = "signed_off", "Newly signed off"
    KEPT_OPEN = "kept_open", "Achieved, kept open"
    CLOSED = "closed", "Closed by the committee"
    IMPROVED = "improved", "Improved"
    UNCHANGED = "unchanged", "Unchanged"
    WORSE = "worse", "Worse"
    NO_UPDATE = "no_update", NO_UPDATE_RECEIVED
    FIRST = "first", "First assessment"


# The order the dashboards list movements in, and those that count as better.
MOVEMENT_ORDER = [
    Movement.PROPOSED,
    Movement.SIGNED_OFF,
    Movement.KEPT_OPEN,
    Movement.CLOSED,
    Movement.IMPROVED,
    Movement.UNCHANGED,
    Movement.WORSE,
    Movement.NO_UPDATE,
    Movement.FIRST,
]
IMPROVEMENTS = frozenset({Movement.PROPOSED, Movement.SIGNED_OFF, Movement.KEPT_OPEN, Movement.IMPROVED})


def movement(grade_now: int | None, grade_before: int | None, *, decision: str | None = None) -> Movement:
    """The movement of an action still monitored in this round, graded
    `grade_now` here and `grade_before` before it: in the round before, or
    where that received no graded update, the latest round that did (None:
    never graded before, a first assessment). `decision`: the committee's PUBLISHED decision on it at
    this round (a Decision value), or None while it has none.

    The committee's signing off, keeping open or closing says it all (so
    the movement "Achieved, kept open" is exactly the decision Kept
    open); otherwise a grade meaning achieved is the officer's proposal until
    the committee decides. reports/standing.py writes this again in SQL
    (tests/test_movement.py)."""
    if decision == Decision.CLOSED:
        return Movement.CLOSED
    if decision == Decision.SIGNED_OFF:
        return Movement.SIGNED_OFF
    if decision == Decision.KEPT_OPEN:
        return Movement.KEPT_OPEN
    if grade_now is None:
        return Movement.NO_UPDATE
    if grade_now == SIGNS_OFF and decision is None:
        return Movement.PROPOSED
    if grade_before is None:
        return Movement.FIRST
    if grade_now < grade_before:
        return Movement.IMPROVED
    return Movement.UNCHANGED if grade_now == grade_before else Movement.WORSE


def movement_on_paper(grade_now: int | None, grade_before: int | None, *, decision: str | None = None) -> Movement:
    """movement(), read where nothing waits on the committee: a round's own
    paper (what the committee decides on does not pre-empt the decision)
    and what changed between two meetings. A grade meaning achieved with no
    decision yet is not "Proposed for sign-off" but the grades' own
    movement: a first assessment, improved, or unchanged."""
    move = movement(grade_now, grade_before, decision=decision)
    if move != Movement.PROPOSED:
        return move
    if grade_before is None:
        return Movement.FIRST
    return Movement.IMPROVED if grade_before > grade_now else Movement.UNCHANGED


class Response(models.TextChoices):
    """The executive's response to a recommendation (s.9FE of the Local
    Government Act 2000): ExecutiveResponse.response. "Accepted in
    principle" is offered only where the council allows it
    (settings.SCRUTINY_RESPONSE_IN_PRINCIPLE: see response_choices())."""

    ACCEPTED = "accepted", "Accepted"
    PARTIALLY = "partially", "Partially accepted"
    IN_PRINCIPLE = "in_principle", "Accepted in principle"
    REJECTED = "rejected", "Rejected"


# Responses that need the executive's reasons, and those whose action plan
# follows only the accepted part (which the clerk notes).
NEEDS_REASONS = frozenset({Response.PARTIALLY, Response.IN_PRINCIPLE, Response.REJECTED})
HAS_ACCEPTED_PART = frozenset({Response.PARTIALLY, Response.IN_PRINCIPLE})


def response_choices(*, in_principle: bool | None = None) -> list[tuple[str, str]]:
    """The responses a clerk may record: "Accepted in principle" only where
    the council allows it."""
    if in_principle is None:
        from django.conf import settings

        in_principle = settings.SCRUTINY_RESPONSE_IN_PRINCIPLE
    return [(value, label) for value, label in Response.choices if in_principle or value != Response.IN_PRINCIPLE]


class Rag(models.TextChoices):
    """What a partnership plan's RAG status means, as each quarter's update
    stores it (PartnershipUpdate.rag; seeds 002 and 004): always shown with
    its word, never by colour alone. Complete is an action finished; blank
    is an update not rated."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


# What each RAG means on a scale (models.council): the partnership plans'
# RAG scale names each of its grades by these meanings, as the scrutiny
# scale does, and an update's `rag` stores the meaning.
RAG_MEANINGS = {Rag.COMPLETE: 1, Rag.GREEN: 2, Rag.AMBER: 3, Rag.RED: 4}
MEANING_RAGS = {meaning: rag for rag, meaning in RAG_MEANINGS.items()}

# Not rated: an update the partnership has not given a RAG (the seeds' RAG
# columns are blank), or none received.
NOT_RATED = "Not rated"
# The words and colours a RAG is printed in are the council's partnership
# scale's (models.council; partnership_quarters.RagScale reads it by these
# keys' meanings), never these labels: an update prints the grade it was
# given (PartnershipUpdate.level).


class Rating(models.TextChoices):
    """How far an area meets one characteristic of good practice in a
    self-assessment against a framework of standards (seed 003): always
    shown as its word."""

    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not assessed"


# The order the dashboards count and draw ratings in, best first, and the
# ratings that leave a gap to close (a gap and, in time, actions).
RATING_ORDER = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_ASSESSED]
LEAVES_A_GAP = frozenset({Rating.PARTLY_MET, Rating.NOT_MET})
# Better is lower: how the comparison of two assessments says what moved.
RATING_RANK = {Rating.MET: 0, Rating.PARTLY_MET: 1, Rating.NOT_MET: 2}
RATING_TAG_COLOURS = {
    Rating.MET: "green",
    Rating.PARTLY_MET: "yellow",
    Rating.NOT_MET: "red",
    Rating.NOT_ASSESSED: "grey",
}


def rating_label(rating: str) -> str:
    """'Partly met'; '' for no rating."""
    return Rating(rating).label if rating else ""


def rating_tag_colour(rating: str) -> str:
    """'green' for Met (govuk-tag--green), beside the word; grey otherwise."""
    return RATING_TAG_COLOURS.get(rating, "grey")


def rating_moved(before: str | None, after: str) -> str:
    """'Better', 'Worse', 'Same', 'New' (nothing before) or 'Not assessed'
    (either side unrated): what the comparison of two assessments says of
    one characteristic."""
    if before is None:
        return "New"
    if before not in RATING_RANK or after not in RATING_RANK:
        return "Same" if before == after else "Not assessed"
    if RATING_RANK[after] < RATING_RANK[before]:
        return "Better"
    if RATING_RANK[after] > RATING_RANK[before]:
        return "Worse"
    return "Same"
