"""The grading vocabulary, in one place: what a grade MEANS to the rules
(Grade), the committee's decisions (how an action leaves monitoring), and
the words for the movement of an action's grade between two rounds.

A council's own grades (their numbers or codes, labels, colours, their
order, and which need an explanation or a new target) are its settings, not
code: actionplans/models/council.py, read by `current_scale()`. A grade is
kept as given (ProgressEntry.level) and counted, drawn and filtered as
itself; what it means (one of Grade's values, or no grade) is the rules'
concern alone (which grade proposes sign-off, which need the committee's
attention). Movement is the grades' order (council.Scales.movement).
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


class Role(models.TextChoices):
    """Each grade of a council's scale has one of these roles in the rules,
    which the administrator gives it (ScaleGrade.role): only an achieved
    grade proposes sign-off; at risk, off track and not achieved draw the
    committee's attention; not graded counts as no grade. Two grades may
    share a role (Minor slippage and Major slippage, both at risk) and stay
    two grades, counted and printed apart."""

    ACHIEVED = "achieved", "Achieved: done, the officer proposes it for sign-off (as Fully Achieved, or Complete)"
    ON_TRACK = "on_track", "On track: still going as planned (as On-Track, or Green)"
    AT_RISK = "at_risk", "At risk: still going, with some delay; the committee's attention is drawn to it (as Amber)"
    OFF_TRACK = (
        "off_track",
        "Off track: still going but slipped, not finished; the committee's attention is drawn to it "
        "(as Slipped, or a Red that means off track)",
    )
    NOT_ACHIEVED = (
        "not_achieved",
        "Not achieved: it will not be achieved as agreed; the committee's attention is drawn to it (as Not Achieved)",
    )
    NOT_GRADED = "not_graded", "Not graded: the rules count it as no grade (as Not started, or Not yet due)"


# A role in a few words, as the settings page's table says it.
ROLE_WORDS = {
    Role.ACHIEVED: "Achieved",
    Role.ON_TRACK: "On track",
    Role.AT_RISK: "At risk",
    Role.OFF_TRACK: "Off track",
    Role.NOT_ACHIEVED: "Not achieved",
    Role.NOT_GRADED: "Not graded",
}

# What each role means to the rules (a Grade value; 0 for no grade): the
# roles' internal concern only, what ProgressEntry.grade stores beside the
# grade given and what SIGNS_OFF and NEEDS_ATTENTION below are written in.
ROLE_MEANINGS = {
    Role.ACHIEVED: Grade.FULLY_ACHIEVED.value,
    Role.ON_TRACK: Grade.ON_TRACK.value,
    Role.AT_RISK: Grade.SLIPPED.value,
    Role.OFF_TRACK: Grade.SLIPPED.value,
    Role.NOT_ACHIEVED: Grade.NOT_ACHIEVED.value,
    Role.NOT_GRADED: 0,
}


def role_of_meaning(meaning: int | None, *, proposes_new_target: bool = False, rag: bool = False) -> Role:
    """The role of a grade given only a meaning, as grades had before they
    had roles (migration 0058, and GradingScale.make's older callers): 1
    achieved, 2 on track, 3 off track where the grade proposes a new target
    (as Slipped) and else at risk, 4 not achieved, anything else not graded.
    `rag`: on the partnership plans' RAG scale, whose 4 was Red, off track."""
    if meaning == Grade.SLIPPED:
        return Role.OFF_TRACK if proposes_new_target else Role.AT_RISK
    if meaning == Grade.NOT_ACHIEVED and rag:
        return Role.OFF_TRACK
    roles = {Grade.FULLY_ACHIEVED: Role.ACHIEVED, Grade.ON_TRACK: Role.ON_TRACK, Grade.NOT_ACHIEVED: Role.NOT_ACHIEVED}
    return roles.get(meaning, Role.NOT_GRADED)


# Status words and colours: councils' own (Complete, Minor slippage, Green,
# Not yet due …), which an import brings in as grades of the council's own
# once the clerk has confirmed, once per word, the role each has in the
# rules (importing/grades.py). The scale's own numbers, codes and labels
# need no saying (tracker.scale_words()).
# The role the import proposes for the words councils commonly use; the
# clerk confirms or changes it. Absent: no proposal, the clerk chooses.
PROPOSED_ROLES: dict[str, str] = {
    **dict.fromkeys(
        ("achieved", "fully achieved", "complete", "completed", "done", "closed", "blue", "implemented"),
        Role.ACHIEVED,
    ),
    **dict.fromkeys(
        ("green", "g", "on track", "ongoing", "in progress", "underway", "on target", "amber green"), Role.ON_TRACK
    ),
    **dict.fromkeys(
        ("amber", "a", "red amber", "at risk", "paused", "delayed", "behind", "minor slippage", "some slippage"),
        Role.AT_RISK,
    ),
    **dict.fromkeys(("red", "r", "slipped", "off track", "major slippage", "significant slippage"), Role.OFF_TRACK),
    **dict.fromkeys(("not achieved", "will not be achieved", "not implemented"), Role.NOT_ACHIEVED),
    **dict.fromkeys(
        ("grey", "gray", "not yet due", "not started", "superseded", "accepted", "accepted in part", "rejected"),
        Role.NOT_GRADED,
    ),
}


def status_key(word) -> str:
    """A status word as compared: 'Not Yet Due.' -> 'not yet due',
    'Amber/Green' -> 'amber green'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(word or "").lower()).split())


# Grades the dashboards list as needing the committee's attention.
NEEDS_ATTENTION = (Grade.SLIPPED, Grade.NOT_ACHIEVED)
# The same, and the grade that proposes sign-off (SIGNS_OFF below), by the
# roles that mean them: what a query over the grades given asks.
ATTENTION_ROLES = tuple(role for role, meaning in ROLE_MEANINGS.items() if meaning in NEEDS_ATTENTION)
# The grades the annual report counts as on track (or achieved), and the
# roles that mean them.
ON_TRACK_GRADES = (Grade.FULLY_ACHIEVED, Grade.ON_TRACK)
ON_TRACK_ROLES = tuple(role for role, meaning in ROLE_MEANINGS.items() if meaning in ON_TRACK_GRADES)
# What a published round reads for an action whose update was not approved
# in time (or never written), as the seeds say it.
NO_UPDATE_RECEIVED = "No update received"


class Decision(models.TextChoices):
    """The committee's decision, at its meeting, on an action a published
    round carried (CommitteeDecision). Only its published decisions move an
    action out of monitoring: after the first round whose published decision
    signed it off or closed it (LEAVES_MONITORING). Action.signed_off_in()
    applies the rule; each published round's stored standing keeps its
    decision (models/standing.py)."""

    SIGNED_OFF = "signed_off", "Signed off"
    KEPT_OPEN = "kept_open", "Kept open"
    CLOSED = "closed", "Closed, not achieved"
    CARRIED = "carried", "Carried forward"


# The decisions after which the next round no longer carries the action.
LEAVES_MONITORING = (Decision.SIGNED_OFF, Decision.CLOSED)

# The grade with which an officer proposes an action for sign-off.
SIGNS_OFF = Grade.FULLY_ACHIEVED
SIGNS_OFF_ROLES = tuple(role for role, meaning in ROLE_MEANINGS.items() if meaning == SIGNS_OFF)


# What each decision means, as the clerk's page explains it by its radio.
DECISION_HINTS = {
    Decision.SIGNED_OFF: "Achieved: it leaves monitoring after this round.",
    Decision.KEPT_OPEN: "Achieved, but the committee wants to see it again: the next round carries it.",
    Decision.CLOSED: "Not achieved, but no longer monitored here (say why): it leaves monitoring.",
    Decision.CARRIED: "Not yet achieved: the next round carries it.",
}


class Movement(models.TextChoices):
    """How an action's grade moved between the round before and this one:
    the grade now better or worse than the grade before in the council's
    scale's order (council.Scales.movement, the one rule). Only grades move
    an action: the committee's decisions (and an officer's proposal for
    sign-off, which waits on one) are decisions, counted as such."""

    IMPROVED = "improved", "Improved"
    UNCHANGED = "unchanged", "Unchanged"
    WORSE = "worse", "Worse"
    FIRST = "first", "First assessment"
    NOT_GRADED = "not_graded", "Not graded"
    NO_UPDATE = "no_update", NO_UPDATE_RECEIVED


# The order the pages list movements in.
MOVEMENT_ORDER = [
    Movement.IMPROVED,
    Movement.UNCHANGED,
    Movement.WORSE,
    Movement.FIRST,
    Movement.NOT_GRADED,
    Movement.NO_UPDATE,
]

# What the pages say of an action graded achieved with no published
# decision of the committee yet: the officer's proposal, awaiting it.
PROPOSED_FOR_SIGN_OFF = "Proposed for sign-off"


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


# The RAG an update given a grade of each role on the partnership plans'
# scale (models.council) stores (PartnershipUpdate.rag), and so the grade
# each RAG is: Complete achieved, Green on track, Amber at risk, Red off
# track (or not achieved, on a scale that says so). A grade not graded
# stores none.
ROLE_RAGS = {
    Role.ACHIEVED: Rag.COMPLETE,
    Role.ON_TRACK: Rag.GREEN,
    Role.AT_RISK: Rag.AMBER,
    Role.OFF_TRACK: Rag.RED,
    Role.NOT_ACHIEVED: Rag.RED,
}
# The RAGs, worst first: the order the dashboards count and draw them in.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE)
# The RAGs by the meanings their grades had before grades had roles (Red
# 4): what reports/partnership/dashboard.py still reads, for its keys.
RAG_MEANINGS = {Rag.COMPLETE: 1, Rag.GREEN: 2, Rag.AMBER: 3, Rag.RED: 4}

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
