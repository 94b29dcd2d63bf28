"""The council's own terms: its name as printed, what it calls its scrutiny
committees, the Progress Update's title, introduction and grading-key
heading (Council), and its grading scales (GradingScale, ScaleGrade): the
Assessment of Progress of scrutiny actions and the RAG of partnership plans.

They are the council's settings, changed on the administrators' page
(actionplans/council/), never in code. Every page, document, e-mail,
import, API field and open-data file reads them from here: `council()` and
`current_scale()`, through the plain objects `Wording`, `Scale` and
`ScaleLevel`, which the documents' builders carry so that their renderers
never ask the database.

A scale is versioned, never edited: a change makes the next version, and a
grade given under an earlier version keeps that version's label and colour
(ProgressEntry.level, PartnershipUpdate.level). A grade is the same grade
through the versions (ScaleGrade.identity: renamed, recoloured, moved or
merged into another only as the administrator answers). A review whose
papers came in with words of their own grades on a scale of its own
(GradingScale.review, current_scale(review=)); every other review on the
council's. Each grade has a role in the
rules (grading.Role: achieved, on track, at risk, off track, not achieved,
or not graded), which the administrator gives it; what the role means to
the rules (grading.ROLE_MEANINGS, a grading.Grade value) is what
ProgressEntry.grade stores beside the grade itself.
"""

import contextlib
import contextvars
import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from actionplans import permissions
from actionplans.grading import (
    ATTENTION_ROLES,
    ON_TRACK_ROLES,
    ROLE_MEANINGS,
    ROLE_RAGS,
    ROLE_WORDS,
    SIGNS_OFF_ROLES,
    Decision,
    Grade,
    Movement,
    Role,
    role_of_meaning,
)
from actionplans.models.common import AuditHistory, _attribute

PROGRESS = "progress"
PARTNERSHIP = "partnership"

# What a grade's role means to the rules (grading.ROLE_MEANINGS): Grade's
# numbers (1 achieved … 4 not achieved), and NO_GRADE for a grade that
# counts as none ("Not started", "Not yet due"); in words, as the API says
# what a grade means.
NO_GRADE = 0
MEANING_WORDS = {
    Grade.FULLY_ACHIEVED.value: "Achieved",
    Grade.ON_TRACK.value: "On track",
    Grade.SLIPPED.value: "At risk or slipped",
    Grade.NOT_ACHIEVED.value: "Not achieved",
    NO_GRADE: "Not started, or no grade",
}

# The GOV.UK tag colours a grade may be printed in (always beside its words),
# and the colour the charts draw it in: each passes 3:1 against white. GOV.UK
# has no amber tag: static/scss/app.scss gives it dark text on a light tint
# (6.6:1, tests/test_amber.py).
COLOURS = {
    "green": ("Green", "#00703c"),
    "blue": ("Blue", "#1d70b8"),
    "turquoise": ("Turquoise", "#28a197"),
    "yellow": ("Yellow", "#b58840"),
    "amber": ("Amber", "#c06a00"),
    "orange": ("Orange", "#a84c00"),
    "red": ("Red", "#d4351c"),
    "pink": ("Pink", "#d53880"),
    "purple": ("Purple", "#4c2c92"),
    "grey": ("Grey", "#505a5f"),
}
NO_GRADE_COLOUR = "#505a5f"


class Printing(models.TextChoices):
    """How a scale prints its grades, on every page and paper: seed 000
    prints "2 (On-Track)", seed 001 the code alone, "1"; a RAG scale its
    label. A grade without a code prints its label whatever the setting."""

    CODE_AND_LABEL = "code_and_label", "The number or code and the label, as in 2 (On-Track)"
    CODE = "code", "The number or code alone, as in 2"
    LABEL = "label", "The label alone, as in On-Track"


# A year: an update later than that is for the committee, not a manager.
MOST_ESCALATION_DAYS = 366


# The terms a new install starts with, until an administrator sets the
# council's own on its settings page (/council/), or a clerk gives them as
# the first paper is imported. The Progress Update's title and introduction
# are one council's own words (Stockton's, in the seeds), so a new install
# has none: the export asks for them rather than print another council's
# (Wording.lacks). The demo's own come from its fixture.
FIRST_NAME = "The council"
FIRST_WORDING = {
    "committee_name": "Select Committee",
    "committees_name": "Select Committees",
    "update_title": "",
    "introduction": "",
    "impact_sentence": "",
    "grading_key_heading": "Assessment of Progress Gradings",
}
FIRST_SCALES = {
    "progress": [
        {"code": "1", "label": "Fully Achieved", "colour": "green", "role": Role.ACHIEVED},
        {"code": "2", "label": "On-Track", "colour": "blue", "role": Role.ON_TRACK},
        {
            "code": "3",
            "label": "Slipped",
            "colour": "orange",
            "role": Role.OFF_TRACK,
            "needs_explanation": True,
            "proposes_new_target": True,
        },
        {"code": "4", "label": "Not Achieved", "colour": "red", "role": Role.NOT_ACHIEVED, "needs_explanation": True},
    ],
    "partnership": [
        {"label": "Complete", "colour": "blue", "role": Role.ACHIEVED},
        {"label": "Green", "colour": "green", "role": Role.ON_TRACK},
        {"label": "Amber", "colour": "orange", "role": Role.AT_RISK},
        {"label": "Red", "colour": "red", "role": Role.OFF_TRACK},
    ],
}


@dataclass(frozen=True)
class Wording:
    """The council's wording, as every page and document prints it."""

    council_name: str
    committee_name: str  # "Select Committee"
    committees_name: str  # "Select Committees"
    update_title: str
    introduction: str
    impact_sentence: str
    grading_key_heading: str

    @property
    def lacks(self) -> list[str]:
        """What a paper needs and the council has not given: its title and
        introduction, blank on a new install (FIRST_WORDING), as the
        settings page names them."""
        needed = (("update_title", "the Progress Update's title"), ("introduction", "its introduction"))
        return [words for name, words in needed if not getattr(self, name).strip()]

    @property
    def lacking(self) -> str:
        """What the council has not given that a paper prints, in the
        clerk's words ("" where nothing is lacking): the export and the
        publication say it rather than print a paper without them."""
        if not self.lacks:
            return ""
        return (
            f"The council has not given {' or '.join(self.lacks)}, and the paper prints them. "
            "An administrator gives them on the council's settings page."
        )

    def kept(self) -> dict:
        """As a published round keeps it (Round.published_wording)."""
        return dataclasses.asdict(self)

    @classmethod
    def as_kept(cls, kept: dict) -> "Wording":
        """The wording a published round kept; a term added to the settings
        since reads blank in it, as the paper printed none."""
        return cls(**{field.name: kept.get(field.name, "") for field in dataclasses.fields(cls)})


@dataclass(frozen=True)
class GradeRule:
    """One rule of what a grade given says of its action, written once, by
    the grade's role: asked of one grade in Python (`of`), and of the
    grades of many rows as a query's condition (`where`) that asks the same
    roles, as Django's ModelBackend keeps has_perm and with_perm in one
    class."""

    roles: tuple[str, ...]

    def of(self, level: "ScaleLevel | None") -> bool:
        return level is not None and level.role in self.roles

    def where(self, grade: str = "grade") -> Q:
        """The condition on rows whose ScaleGrade is the field `grade`."""
        return Q(**{f"{grade}__role__in": self.roles})


# The rules: graded achieved, the officer's proposal for sign-off (the
# committee decides); at risk, off track or not achieved, the committee's
# attention; on track or achieved, the annual report's share.
PROPOSES_SIGN_OFF = GradeRule(SIGNS_OFF_ROLES)
CALLS_FOR_ATTENTION = GradeRule(ATTENTION_ROLES)
ON_TRACK_OR_ACHIEVED = GradeRule(ON_TRACK_ROLES)


def decisions_for(level: "ScaleLevel | None") -> tuple[Decision, ...]:
    """The decisions the committee may take on an action given `level` at
    the round (None: no update received), in the order the clerk's page
    offers them. Kept open is for an action graded achieved that the
    committee keeps in monitoring; Carried forward for one not yet achieved
    (any other grade, or no update). The committee may sign off or close
    any action. CommitteeDecision.record_round enforces this."""
    if PROPOSES_SIGN_OFF.of(level):
        return (Decision.SIGNED_OFF, Decision.KEPT_OPEN, Decision.CLOSED)
    return (Decision.CARRIED, Decision.SIGNED_OFF, Decision.CLOSED)


def suggested_decision(level: "ScaleLevel | None") -> Decision:
    """The decision that follows the officer's proposal (graded achieved:
    signed off; otherwise carried forward): how the demo's committee
    decided. The clerk's page preselects nothing: the committee decides."""
    return decisions_for(level)[0]


def why_not_decision(reference: str, level: "ScaleLevel | None", decision: str, scale: "Scale") -> str:
    """Why `decision` does not fit an action given `level` (see
    decisions_for()), in words by the action's radios, or ''. `scale`: the
    one the action's review grades on, to name its achieved grade."""
    if decision in decisions_for(level):
        return ""
    if PROPOSES_SIGN_OFF.of(level):
        return f"{reference} is graded {level.label}: sign it off, keep it open or close it."
    achieved = scale.signs_off.label if scale.signs_off else "achieved"
    graded = f"graded {level.label}" if level else "without an update"
    return f"{reference} is {graded}, not {achieved}: carry it forward, sign it off or close it."


@dataclass(frozen=True)
class ScaleLevel:
    """One grade of a scale, as printed: '2 (On-Track)', or 'Green'."""

    id: int
    position: int  # 1 is the best; what forms post
    code: str  # "2", or "" where the label says it all
    label: str
    description: str
    colour: str  # a key of COLOURS
    role: str  # its role in the rules (grading.Role)
    needs_explanation: bool
    proposes_new_target: bool
    prints: str = Printing.CODE_AND_LABEL  # how its scale printed it (Printing)
    scale: int = 0  # the GradingScale (version) it belongs to
    # The grade it is, whatever it is called (ScaleGrade.identity): the id
    # of the grade of the version where it was first made; 0 for a grade
    # not yet made (a preview's).
    identity: int = 0

    @property
    def printed(self) -> str:
        """The grade as the council's papers and pages print it, by its
        scale's setting: '2 (On-Track)', '1', or 'On-Track'."""
        return self.print_as(self.prints)

    def print_as(self, prints: str) -> str:
        """The grade as a paper printing grades `prints` (Printing) prints
        it: a paper prints an earlier round's grade as it prints its own."""
        if not self.code or prints == Printing.LABEL:
            return self.label
        return self.code if prints == Printing.CODE else self.in_full

    @property
    def in_full(self) -> str:
        """'2 (On-Track)' whatever the scale prints: where a grade is
        chosen or explained rather than printed (the import's choices)."""
        return f"{self.code} ({self.label})" if self.code else self.label

    @property
    def key_heading(self) -> str:
        """The grading key's column: the code, or the label."""
        return self.code or self.label

    @property
    def key_words(self) -> str:
        return self.description or self.label

    @property
    def meaning(self) -> int:
        """What its role means to the rules: a Grade value, or NO_GRADE."""
        return ROLE_MEANINGS.get(self.role, NO_GRADE)

    @property
    def role_words(self) -> str:
        """'Off track': its role in a few words."""
        return ROLE_WORDS.get(self.role, "")

    @property
    def rag(self) -> str:
        """The RAG (grading.Rag) a partnership update given it stores: ''
        for a grade not graded."""
        return ROLE_RAGS.get(self.role, "")

    @property
    def rank(self) -> int | None:
        """What ProgressEntry.grade stores: the meaning, None for no grade."""
        return self.meaning or None

    @property
    def chart_colour(self) -> str:
        return COLOURS.get(self.colour, COLOURS["grey"])[1]

    @property
    def proposes_sign_off(self) -> bool:
        """Given, it proposes the action for sign-off (PROPOSES_SIGN_OFF)."""
        return PROPOSES_SIGN_OFF.of(self)

    @property
    def needs_attention(self) -> bool:
        """At risk, slipped or not achieved (CALLS_FOR_ATTENTION)."""
        return CALLS_FOR_ATTENTION.of(self)

    @property
    def on_track_or_achieved(self) -> bool:
        """What the annual report's share counts (ON_TRACK_OR_ACHIEVED)."""
        return ON_TRACK_OR_ACHIEVED.of(self)

    @property
    def choice_label(self) -> str:
        """'2 – On-Track', as the officer's radios offer it."""
        return f"{self.code} – {self.label}" if self.code else self.label


@dataclass(frozen=True)
class Scale:
    """A version of a grading scale, query-free once read: the council's, or
    a review's own (`review`, the words its papers brought in)."""

    id: int
    kind: str
    version: int
    levels: tuple[ScaleLevel, ...]
    made_on: datetime.date | None = None  # the day the version was made
    review: int | None = None  # the review whose own scale it is; None: the council's
    owner: str = ""  # that review's title
    returned: bool = False  # the review grades on the council's scale again (GradingScale.returns_to_council)

    def __iter__(self):
        return iter(self.levels)

    def __len__(self):
        return len(self.levels)

    @property
    def prints(self) -> str:
        """How the version prints its grades (Printing): one setting for
        all of them."""
        return self.levels[0].prints if self.levels else Printing.CODE_AND_LABEL

    @property
    def printed_as(self) -> str:
        """The setting in words: 'The number or code alone, as in 2'."""
        return Printing(self.prints).label

    def at(self, position) -> ScaleLevel | None:
        try:
            position = int(position)
        except (TypeError, ValueError):
            return None
        return next((level for level in self.levels if level.position == position), None)

    @cached_property
    def _first_by_meaning(self) -> dict[int, ScaleLevel]:
        """Asked of every update a long document prints: looked up, not searched."""
        first = {}
        for level in self.levels:
            first.setdefault(level.meaning, level)
        return first

    def meaning(self, rank: int | None) -> ScaleLevel | None:
        """The first (best) grade that means `rank` (a Grade value)."""
        if not rank:
            return None
        return self._first_by_meaning.get(rank)

    def label(self, rank: int | None) -> str:
        """The grade meaning `rank` as printed ('2 (On-Track)'); '' for none."""
        level = self.meaning(rank)
        return level.printed if level else ""

    def words(self, rank: int | None) -> str:
        level = self.meaning(rank)
        return level.label if level else ""

    def colour(self, rank: int | None) -> str:
        level = self.meaning(rank)
        return level.colour if level else "grey"

    def chart_colour(self, rank: int | None) -> str:
        level = self.meaning(rank)
        return level.chart_colour if level else NO_GRADE_COLOUR

    def ranks(self) -> list[int]:
        """The meanings the scale has a grade for, best first: what the
        dashboards count."""
        seen = []
        for level in self.levels:
            if level.meaning and level.meaning not in seen:
                seen.append(level.meaning)
        return sorted(seen)

    def choices(self) -> list[tuple[str, str]]:
        return [(str(level.position), level.choice_label) for level in self.levels]

    def with_given(self, given: dict[int, tuple[ScaleLevel, ...]]) -> "Scale":
        """This scale, and after its grades those given (`given`, by what
        they mean) whose role no grade of it has: how the partnership
        plans' figures of grades given before the scale changed name and
        count them (in their own words; an Amber given, at risk, where the
        scale now has a Red off track but no Amber). Not for grading with:
        officers grade with the scale alone."""
        roles = {level.role for level in self.levels}
        extra = tuple(level for meaning in sorted(given) for level in given[meaning] if level.role not in roles)
        return dataclasses.replace(self, levels=self.levels + extra) if extra else self

    @property
    def signs_off(self) -> ScaleLevel | None:
        """Its first grade that proposes sign-off (PROPOSES_SIGN_OFF)."""
        return next((level for level in self.levels if PROPOSES_SIGN_OFF.of(level)), None)

    def grade_of(self, identity: int) -> ScaleLevel | None:
        """Its grade that is the grade `identity` (ScaleGrade.identity), if any."""
        return next((level for level in self.levels if level.identity == identity), None)

    def rows(self) -> list[dict]:
        """Its grades as GradingScale.make takes them, each naming the grade
        it continues ("was"): the rows to change into the next version."""
        return [
            {**{name: getattr(level, name) for name in ScaleGrade.DEFAULTS}, "was": level.id} for level in self.levels
        ]


@dataclass(frozen=True)
class GradeGroup:
    """One grade as the committee's figures count it and its filters find
    it: a grade of the scale, with every grade given under an earlier
    version that it is (kept, renamed, recoloured or merged into it: its
    identity, Scales.groups), named and coloured as it is now; or a grade
    since removed, named as it was last, with the day of that version."""

    level: ScaleLevel  # the grade as it is now (or as it was last): its words and colour
    levels: tuple[int, ...]  # the id of every grade it counts
    # The day of the version it was last a grade of, for a grade since
    # removed ("" for the scale's own), which names it apart from them.
    earlier: datetime.date | str = ""
    # What a filter's address holds: the grade's identity, the same on
    # every page and through every rename.
    key: str = ""
    # The colour a chart draws it in, where its own is another's in the
    # same chart ("": its own).
    drawn_in: str = ""
    # The title of the review whose own scale it is a grade of, where the
    # figure lists another scale's grades ("": none).
    owner: str = ""

    @property
    def since(self) -> str:
        if self.owner:
            return f" ({self.owner})"
        return f" (scale of {self.earlier.day} {self.earlier:%B %Y})" if self.earlier else ""

    @property
    def label(self) -> str:
        """'A Amber', as a chart's bar names it."""
        return f"{self.level.code} {self.level.label}".strip() + self.since

    @property
    def words(self) -> str:
        return self.level.label + self.since

    @property
    def choice_label(self) -> str:
        """'A – Amber', as a filter offers it."""
        return self.level.choice_label + self.since

    @property
    def colour(self) -> str:
        return self.drawn_in or self.level.colour


def distinct_colours(groups: list[GradeGroup]) -> list[GradeGroup]:
    """`groups` as one chart draws them: each in its own colour, but where
    another grade of the chart has that colour (a grade of the scale before
    one since removed or of another scale, and before a grade listed
    earlier), in the first colour none has."""
    used, drawn = set(), {}
    listed_apart = [bool(group.earlier or group.owner) for group in groups]
    for index in sorted(range(len(groups)), key=lambda index: (listed_apart[index], index)):
        group = groups[index]
        if group.colour in used:
            free = next((colour for colour in COLOURS if colour not in used), group.colour)
            group = dataclasses.replace(group, drawn_in=free)
        used.add(group.colour)
        drawn[index] = group
    return [drawn[index] for index in range(len(groups))]


@dataclass(frozen=True)
class Scales:
    """Every version of a kind's scale, read at once (all_scales()): each
    grade ever given, by its id; which grade of the next version each grade
    became (GradingScale.becomes: its identity through renames, merges and
    removals, the administrator's answers); and how a grade given under one
    version compares with one given under another (GradingScale.compares).
    Query-free once read."""

    versions: tuple[Scale, ...]  # the council's, then each review's own, each oldest first
    compares: dict[int, int | None]  # a grade's id: the next version's grade it compares with
    becomes: dict[int, int | None] = dataclasses.field(default_factory=dict)  # ... the grade it became
    # A grade of a review's own scale, when the review went back to the
    # council's scale: the council's grade it is (None: none).
    returns: dict[int, int | None] = dataclasses.field(default_factory=dict)

    @cached_property
    def levels(self) -> dict[int, ScaleLevel]:
        return {level.id: level for scale in self.versions for level in scale}

    @cached_property
    def _scales(self) -> dict[int, Scale]:
        """Each version by the GradingScale's id."""
        return {scale.id: scale for scale in self.versions}

    def level(self, level_id: int | None) -> ScaleLevel | None:
        return self.levels.get(level_id) if level_id else None

    def _follow(self, level: ScaleLevel, target: Scale, links: dict) -> tuple[ScaleLevel, ScaleLevel | None]:
        """`level` followed through `links` (compares or becomes: a grade's
        id to the next version's grade, of the same scale) to the version
        `target` of its own scale (its own, or a later one): (the last grade
        reached, that grade if it is of `target`, else None)."""
        last = level
        while last.scale != target.id:
            scale = self._scales[last.scale]
            if scale.review != target.review or scale.version > target.version:
                return last, None
            following = self.levels.get(links.get(last.id))
            if following is None:
                return last, None
            last = following
        return last, last

    def _under(self, level: ScaleLevel, target: Scale) -> ScaleLevel | None:
        """`level` as it compares under the version `target`: the grade each
        version after its own compares it with, in turn (of another scale,
        the grade of `target` that it is); None where none does."""
        if self._scales[level.scale].review != target.review:
            returned, council = self._returned_as(level, target)
            if not returned:
                return target.grade_of(level.identity)
            if council is None or self._scales[council.scale].version > target.version:
                return target.grade_of(council.identity) if council else None
            return self._follow(council, target, self.compares)[1]
        return self._follow(level, target, self.compares)[1]

    def _latest_own(self, level: ScaleLevel) -> ScaleLevel:
        """`level` through the later versions of its own scale: the last
        grade it became."""
        while (following := self.levels.get(self.becomes.get(level.id))) is not None:
            level = following
        return level

    def _returned_as(self, level: ScaleLevel, target: Scale) -> tuple[bool, ScaleLevel | None]:
        """For a grade of a review's own scale read on the council's
        `target`: whether the review went back to the council's scale after
        it was given (GradingScale.returns_to_council), and the council's
        grade it then became (None: none, as the clerk answered)."""
        if self._scales[level.scale].review is None or target.review is not None:
            return False, None
        last = self._latest_own(level)
        if last.id not in self.returns:
            return False, None
        return True, self.levels.get(self.returns[last.id])

    def compare(self, a: ScaleLevel, b: ScaleLevel) -> int | None:
        """Below 0 where `a` is better than `b` in the scale's order, 0 the
        same, above 0 worse: each compared under the later of the two
        versions they were given under. None where they do not compare."""
        first, second = self._scales[a.scale], self._scales[b.scale]
        if first.review == second.review:
            target = first if first.version >= second.version else second
        elif first.review is None or second.review is None:
            # The council's and a review's own: the later of the two, the
            # review's, unless the review went back to the council's since.
            own, councils = (second, first) if first.review is None else (first, second)
            target = councils if self._returned_as(a if a.scale == own.id else b, councils)[0] else own
        else:
            return None
        a, b = self._under(a, target), self._under(b, target)
        if a is None or b is None:
            return None
        return a.position - b.position

    def movement(self, now: ScaleLevel | None, before: ScaleLevel | None) -> Movement:
        """The movement of an action graded `now` in a round (None: no
        update received) from `before`, the latest grade it received before
        that round (None: none): the grade now better or worse than the
        grade before, in the scale's order. Only the grades move it: a
        proposal for sign-off is a decision, not a movement."""
        if now is None:
            return Movement.NO_UPDATE
        if not now.meaning:
            return Movement.NOT_GRADED
        if before is None:
            return Movement.FIRST
        order = self.compare(now, before)
        if order is None:
            return Movement.FIRST
        return Movement.IMPROVED if order < 0 else Movement.WORSE if order > 0 else Movement.UNCHANGED

    @property
    def current(self) -> Scale:
        """The council's scale now (its newest version)."""
        return next(scale for scale in reversed(self.versions) if scale.review is None)

    def current_for(self, review: int | None) -> Scale:
        """The scale `review` (by pk) grades on now: its own, where its
        papers brought one in, else the council's."""
        own = [scale for scale in self.versions if review is not None and scale.review == review]
        return own[-1] if own and not own[-1].returned else self.current

    def _resolved(self, level: ScaleLevel, target: Scale) -> tuple[ScaleLevel, ScaleLevel | None]:
        """(the last grade `level` became, the grade of `target` it is, or
        None): through its own scale's versions, what each said it became;
        from another scale, or a later version, the grade of `target` of
        its identity."""
        scale = self._scales[level.scale]
        if scale.review == target.review and scale.version <= target.version:
            return self._follow(level, target, self.becomes)
        returned, council = self._returned_as(level, target)
        if not returned:
            return level, target.grade_of(level.identity)
        if council is None:
            return self._latest_own(level), None
        if self._scales[council.scale].version > target.version:
            return council, target.grade_of(council.identity)
        return self._follow(council, target, self.becomes)

    def groups(self, given, *, listing: int | None = None, published_on=None) -> list[GradeGroup]:
        """The grades a figure or a filter lists, given the ids of the
        grades it counts (`given`): every grade of the council's current
        scale (or of the version `listing`, by its id: a paper's grading
        key, a review's own scale), in its order, each counting the grades
        given that it is (its identity: renamed, recoloured, reworded or
        merged into it, or the same grade on a review's own scale), named
        as it is there. Then each grade given that is none of them: one
        removed, as it was last named with its version's day, after the
        grade it compares with; one of a review's own scale, named with the
        review's title. Each in a colour of its own. `published_on`: the
        versions (by id) the figure's rounds were published on: a grade new
        since all of them, which none of its rounds could give, is not listed."""
        if not self.versions:
            return []
        target = self._scales.get(listing) or self.current
        listed = target.levels if published_on is None else self._existing(target, published_on, given)
        groups = {level.id: GradeGroup(level, (level.id,), key=str(level.identity)) for level in listed}
        apart: dict[int, GradeGroup] = {}
        for level_id in sorted(set(given) - groups.keys(), key=str):
            level = self.levels.get(level_id)
            if level is None:
                continue
            last, there = self._resolved(level, target)
            if there is not None:
                group = groups.get(there.id) or GradeGroup(there, (there.id,), key=str(there.identity))
                groups[there.id] = dataclasses.replace(group, levels=(*group.levels, level_id))
                continue
            group = apart.get(last.id) or self._apart(last, target)
            apart[last.id] = dataclasses.replace(group, levels=(*group.levels, level_id))
        kept = sorted(groups.values(), key=lambda group: group.level.position)
        return distinct_colours(self._in_order(kept, apart.values(), target))

    def _existing(self, target: Scale, published_on, given) -> list[ScaleLevel]:
        """`target`'s grades that a grade of one of the versions
        `published_on` (by id) is, or that are given themselves."""
        were = {
            there.id
            for version in published_on
            if version in self._scales
            for level in self._scales[version]
            if (there := self._resolved(level, target)[1]) is not None
        }
        return [level for level in target if level.id in were or level.id in given]

    def _apart(self, level: ScaleLevel, target: Scale) -> GradeGroup:
        """A grade counted apart from `target`'s: named with its version's
        day (a grade since removed), or its review's title (a review's own)."""
        scale = self._scales[level.scale]
        if scale.review != target.review and scale.review is not None:
            return GradeGroup(level, (), owner=scale.owner, key=str(level.identity))
        return GradeGroup(level, (), scale.made_on, key=str(level.identity))

    def _in_order(self, kept: list[GradeGroup], apart, target: Scale) -> list[GradeGroup]:
        """`kept` (the listed version's grades, in order) with each of
        `apart` after the grade it compares with there (else at the end),
        the newer first."""
        after: dict[int | None, list[GradeGroup]] = defaultdict(list)
        newest = sorted(apart, key=lambda group: (-self._scales[group.level.scale].version, group.level.position))
        for group in newest:
            compared = self._under(group.level, target)
            after[compared.id if compared else None].append(group)
        ordered = []
        for group in kept:
            ordered += [group, *after.pop(group.level.id, [])]
        return ordered + [group for groups in after.values() for group in groups]

    @staticmethod
    def grade_before(received: list[ScaleLevel | None]) -> ScaleLevel | None:
        """The grade before a round: of `received` (the grades an action
        received in the rounds before it, oldest first; None where a round
        received none), the latest that grades (not one that grades
        nothing, such as Not started)."""
        return next((level for level in reversed(received) if level is not None and level.meaning), None)


class Council(models.Model):
    """The council's wording: one row (pk 1), made by migration 0040."""

    name = models.CharField(max_length=200, help_text="As its papers print it, for example Anyshire County Council.")
    committee_name = models.CharField(
        max_length=100,
        default="Select Committee",
        help_text="What the council calls a scrutiny committee: Select Committee, Scrutiny Panel, "
        "Overview and Scrutiny Committee.",
    )
    committees_name = models.CharField(
        max_length=100, default="Select Committees", help_text="The same, for more than one."
    )
    # Blank on a new install until the council gives its own (FIRST_WORDING).
    update_title = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Progress Update's title",
        help_text="The title the agenda appendix prints (in capitals on the document).",
    )
    introduction = models.TextField(
        blank=True, verbose_name="introduction paragraph", help_text="The paragraph under the review's details."
    )
    impact_sentence = models.TextField(
        blank=True,
        verbose_name="sentence on the evidence of impact",
        help_text="Added to the introduction once a round carries evidence of impact. Leave blank for none.",
    )
    grading_key_heading = models.CharField(
        max_length=200, default="Assessment of Progress Gradings", help_text="Above the grading key."
    )
    # The council's policy on late updates (actionplans/models/escalations.py):
    # an update not yet submitted this many days after its round's deadline
    # is escalated to its owner's manager. Blank: never.
    escalation_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="days overdue before escalation",
        help_text="An update this many days overdue is escalated to its owner's manager. Blank: never.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = AuditHistory()

    def __str__(self):
        return self.name

    def wording(self) -> Wording:
        return Wording(
            council_name=self.name,
            committee_name=self.committee_name,
            committees_name=self.committees_name,
            update_title=self.update_title,
            introduction=self.introduction,
            impact_sentence=self.impact_sentence,
            grading_key_heading=self.grading_key_heading,
        )

    def change(self, *, by, **fields) -> None:
        """Change the wording (Council.FIELDS); in the audit history by `by`
        (None: the demo loader, before anyone can sign in)."""
        if by is not None:
            permissions.require(by, permissions.CHANGE_COUNCIL_SETTINGS)
        for name in fields:
            if name not in self.FIELDS:
                raise ValueError(name)
        self._save_change(fields, by=by)

    # What a paper needs that a new install lacks (Wording.lacks), and a clerk
    # importing the council's first paper may give.
    FIRST_PAPER_FIELDS = ("update_title", "introduction")

    def give_missing_wording(self, *, by, **fields) -> None:
        """Give the title and introduction (FIRST_PAPER_FIELDS) where the
        council has none yet, as the clerk importing its first paper is
        asked to; in the audit history by `by`. A clerk may import a plan
        but not change the council's settings, so only blank wording is
        given here: wording the council has is changed on its settings
        page alone."""
        permissions.require(by, permissions.IMPORT_PLAN)
        given = {
            name: value.strip()
            for name, value in fields.items()
            if name in self.FIRST_PAPER_FIELDS and value.strip() and not getattr(self, name).strip()
        }
        if set(fields) - set(self.FIRST_PAPER_FIELDS):
            raise ValueError(sorted(set(fields) - set(self.FIRST_PAPER_FIELDS)))
        if given:
            self._save_change(given, by=by)

    def change_escalation(self, days: int | None, *, by) -> None:
        """Set how many days overdue an update must be before it is
        escalated to its owner's manager (None: never); in the same audit
        history as the wording."""
        if by is not None:
            permissions.require(by, permissions.CHANGE_ESCALATION)
        if days is not None and not 1 <= days <= MOST_ESCALATION_DAYS:
            raise ValidationError(
                {"escalation_days": f"Enter a number of days from 1 to {MOST_ESCALATION_DAYS}, or leave it blank"}
            )
        self._save_change({"escalation_days": days}, by=by)

    def _save_change(self, fields: dict, *, by) -> None:
        with transaction.atomic():
            # The row as it stands, locked: a change of the wording and one of
            # the escalation made at once each keep the other's.
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if not current.history.exists():
                # The row migration 0040 made has no history (a migration's
                # models keep none): record it as it stood, so that the first
                # change shows in the history what it replaced.
                type(self).history.bulk_history_create([current], default_date=current.changed_at)
            for name, value in fields.items():
                setattr(current, name, value)
            current.changed_at, current.changed_by = timezone.now(), by
            _attribute(current, by)
            current.save()
        self.refresh_from_db()
        _forget()

    FIELDS = (
        "name",
        "committee_name",
        "committees_name",
        "update_title",
        "introduction",
        "impact_sentence",
        "grading_key_heading",
    )


class GradingScaleQuerySet(models.QuerySet):
    def current(self, kind: str, review=None) -> "GradingScale | None":
        """The newest version of `kind`'s scale: the council's, or `review`'s
        own (a Review or its pk)."""
        return self.filter(kind=kind, review_id=getattr(review, "pk", review)).order_by("-version").first()

    def lock_current(self, kind: str, review=None) -> None:
        """Wait for any other change of `kind`'s scale (the council's, or
        `review`'s own), and read it afresh from now on: an import that
        makes the next version compares the scale under this lock, so two
        at once each add to the other's."""
        self.select_for_update().filter(kind=kind, review_id=getattr(review, "pk", review)).order_by("-version").first()
        _forget()


class GradingScale(models.Model):
    """One version of a grading scale. Versions are only ever added: a
    change makes the next version, and what was graded under an earlier one
    keeps its label (its grades' rows are never changed or deleted)."""

    KINDS = [(PROGRESS, "Assessment of Progress"), (PARTNERSHIP, "Partnership plans' RAG")]

    kind = models.CharField(max_length=20, choices=KINDS)
    # The review whose own scale this is: the words its papers brought in,
    # which its rounds are graded and printed in; none for the council's
    # scale, which every other review grades on (current_scale()).
    review = models.ForeignKey(
        "actionplans.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="own_scales"
    )
    version = models.PositiveIntegerField()
    # How each grade of the version before compares with this version's
    # grades, as the administrator answered when making it: {the earlier
    # grade's id (a string, as JSON keys are): the id of this version's
    # grade it compares with, or null for a grade that is not compared (one
    # that grades nothing)}. Read only to say whether a grade given under
    # one version is better or worse than one given under another (Scales);
    # never to print a grade, which keeps its own words.
    compares = models.JSONField(default=dict, blank=True, editable=False)
    # What each grade of the version before became in this one, as the
    # administrator answered (Fate): {the earlier grade's id: the id of
    # this version's grade it is (kept, renamed, recoloured, or merged
    # into it), or null for a grade removed}. A grade's identity
    # (ScaleGrade.identity) follows it; the committee's figures count by it.
    becomes = models.JSONField(default=dict, blank=True, editable=False)
    # A review's version with no grades of its own, by which the review
    # grades on the council's scale again from its next round, as its clerk
    # chose (return_to_council): `becomes` then says which of the council's
    # grades each grade of the review's own scale is (null: none).
    returns_to_council = models.BooleanField(default=False, editable=False)
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GradingScaleQuerySet.as_manager()
    history = AuditHistory()

    class Meta:
        ordering = ["kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version"], condition=models.Q(review=None), name="one_scale_version_per_kind"
            ),
            models.UniqueConstraint(
                fields=["kind", "review", "version"],
                condition=models.Q(review__isnull=False),
                name="one_own_scale_version_per_review",
            ),
        ]

    def __str__(self):
        whose = f" of {self.review}" if self.review_id else ""
        return f"{self.get_kind_display()}{whose}, version {self.version}"

    def read(self) -> Scale:
        return Scale(
            self.pk,
            self.kind,
            self.version,
            tuple(grade.level() for grade in self.grades.all()),
            self.made_on,
            self.review_id,
            self.review.title if self.review_id else "",
            self.returns_to_council,
        )

    @property
    def made_on(self) -> datetime.date:
        return timezone.localdate(self.made_at)

    @classmethod
    def make(
        cls,
        kind: str,
        grades: list[dict],
        *,
        by,
        prints: str = Printing.CODE_AND_LABEL,
        compares: dict[int, int | None] | None = None,
        becomes: dict[int, int | None] | None = None,
    ) -> "GradingScale":
        """The next version of `kind`'s scale, its grades (best first) each
        a dict of ScaleGrade's fields, all printed as `prints` says
        (Printing); a grade's "was" names the grade of the version before
        (by its id) that it continues, as the administrator's form rows do.
        `becomes`: which new grade each grade of the version before (by its
        id) is (the position of one, from 1: kept, renamed or merged into
        it) or None: removed; a grade it does not name is as fates() says
        (the new grade continuing it, or of its label, else removed).
        `compares`: how each grade removed compares with the new grades,
        for improved or worse (a position, or None: not compared); one it
        does not name compares as compared_by_default() says, and a grade
        kept or merged compares as the grade it became. by=None: the demo loader and the
        migration, which set a scale up before anyone can sign in. A grade
        may give a "meaning" in place of its role, as grades did before they
        had roles (with_role)."""
        if by is not None:
            permissions.require(by, permissions.CHANGE_COUNCIL_SETTINGS)
        return cls._made(kind, grades, by=by, prints=prints, compares=compares, becomes=becomes)

    @classmethod
    def bring_in(
        cls, kind: str, grades: list[dict], *, by, prints: str, reason: str = "", review=None
    ) -> "GradingScale":
        """The next version of `kind`'s scale as a council's papers grade
        (as make() takes it), made by the clerk who imports them: an import
        brings the grades in as the papers have them, and who may import a
        plan may bring them (the history names them). `review`: the review
        whose own scale they are (the council's scale, and every other
        review's, untouched); its first version's grades that are the
        council's (by the row's "was", else the label) are the same grades."""
        permissions.require(by, permissions.IMPORT_PLAN)
        return cls._made(
            kind, grades, by=by, prints=prints, compares=None, codes_needed=False, reason=reason, review=review
        )

    @classmethod
    def returning(cls, review, kind: str = PROGRESS) -> "tuple[Scale, Scale] | None":
        """(the review's own scale now, the council's) where `review` grades
        on its own scale; None where it grades on the council's."""
        own = cls.objects.current(kind, review)
        if own is None or own.returns_to_council:
            return None
        return own.read(), cls.objects.current(kind).read()

    @staticmethod
    def why_not_return(review) -> str:
        """Why `review` may not go back to the council's scale now, or ''."""
        if GradingScale.returning(review) is None:
            return f"{review.title} already grades on the council's scale."
        open_round = review.rounds.filter(status="open").first()
        if open_round is not None:
            return (
                f"The {open_round.label} round is open: its updates are graded on {review.title}'s own scale. "
                "Choose the council's scale once it is published."
            )
        return ""

    @classmethod
    def return_to_council(cls, review, becomes: dict[int, int | None], *, by, kind: str = PROGRESS) -> "GradingScale":
        """`review` grades on the council's scale from its next round, as
        its clerk chose: `becomes` says, for every grade of its own scale
        (by id), which grade of the council's scale it is (by id; kept,
        renamed or merged into it), or None: none. Its published rounds keep
        the words they were given; the committee's figures count each of its
        grades as the council's grade it became. All or nothing."""
        permissions.require(by, permissions.CHANGE_REVIEW)
        with transaction.atomic():
            cls.objects.lock_current(kind, review)
            why = cls.why_not_return(review)
            if why:
                raise ValidationError(why)
            own, council = cls.returning(review, kind)
            councils = {level.id for level in council}
            unanswered = {
                f"becomes_{level.id}": f"Say what becomes of {level.printed}."
                for level in own
                if level.id not in becomes
            }
            if unanswered:
                raise ValidationError(unanswered)
            if any(answer is not None and answer not in councils for answer in becomes.values()):
                raise ValidationError("Choose one of the council's grades, or none.")
            latest = cls.objects.current(kind, review)
            scale = cls(kind=kind, review=review, version=latest.version + 1, made_by=by, returns_to_council=True)
            scale.becomes = {str(level.id): becomes[level.id] for level in own}
            _attribute(scale, by)
            scale._change_reason = f"{review.title} grades on the council's scale again"[:100]
            scale.save()
        _forget()
        return scale

    @classmethod
    def _made(
        cls,
        kind: str,
        grades: list[dict],
        *,
        by,
        prints: str,
        compares,
        becomes=None,
        codes_needed: bool = True,
        reason: str = "",
        review=None,
    ) -> "GradingScale":
        grades = [with_role(grade, rag=kind == PARTNERSHIP) for grade in grades]
        problems = scale_problems(grades, prints, codes_needed=codes_needed)
        if problems:
            raise ValueError("; ".join(problems))
        review = getattr(review, "pk", review)
        with transaction.atomic():
            earlier = cls.objects.select_for_update().filter(kind=kind, review_id=review).order_by("-version").first()
            scale = cls(kind=kind, review_id=review, version=earlier.version + 1 if earlier else 1, made_by=by)
            _attribute(scale, by)
            if reason:
                scale._change_reason = reason[:100]
            scale.save()
            made = []
            for position, grade in enumerate(grades, start=1):
                fields = {name: grade.get(name, default) for name, default in ScaleGrade.DEFAULTS.items()}
                made.append(ScaleGrade.objects.create(scale=scale, position=position, prints=prints, **fields))
            before = earlier.read() if earlier is not None and not earlier.returns_to_council else None
            if before is None and review is not None:
                # A review's first scale of its own: its grades that are the
                # council's are the same grades (their identities), but
                # nothing of the council's scale "becomes" them.
                council = cls.objects.current(kind)
                basis = council.read() if council else None
                scale.give_identities(made, basis, {}, continuing_rows(grades), links=False)
            else:
                scale.give_identities(made, before, becomes or {}, continuing_rows(grades))
            if before is not None:
                later = [grade.level() for grade in made]
                scale.compares = _comparisons(before, later, compares or {}, scale.becomes)
                scale.save(update_fields=["becomes", "compares"])
        _forget()
        return scale

    def give_identities(
        self, made: list["ScaleGrade"], before: "Scale | None", answers: dict, continuing: dict, *, links=True
    ):
        """Each of this version's new grades `made` its identity: that of
        the grade of the version `before` that it keeps (fates()), else its
        own; and (`links`: `before` is the version before on the same
        scale) `becomes`, what each grade before became."""
        kept = {}
        if before is not None:
            told = fates(before, [grade.level() for grade in made], answers, continuing)
            if links:
                self.becomes = {str(fate.level.id): fate.becomes.id if fate.becomes else None for fate in told}
            kept = {fate.becomes.position: fate.level.identity for fate in told if fate.keeps}
        for grade in made:
            grade.identity_id = kept.get(grade.position) or grade.pk
            grade.save(update_fields=["identity"])


def with_role(grade: dict, *, rag: bool = False) -> dict:
    """`grade` (ScaleGrade's fields, as GradingScale.make takes them) with a
    role: where it gives a "meaning" instead (a Grade value, 0 for none: the
    older callers), the role grading.role_of_meaning() gives it (`rag`: on
    the partnership plans' RAG scale)."""
    if "role" in grade or "meaning" not in grade:
        return grade
    fields = {name: value for name, value in grade.items() if name != "meaning"}
    new_target = bool(grade.get("proposes_new_target"))
    return {**fields, "role": role_of_meaning(grade["meaning"], proposes_new_target=new_target, rag=rag)}


@dataclass(frozen=True)
class Fate:
    """What becomes of one grade of the current version in the next: the
    new grade it is (kept: renamed, reworded, recoloured or moved; or
    merged into a grade another keeps), or none: removed."""

    level: ScaleLevel  # the grade now
    becomes: ScaleLevel | None  # the new grade it is; None: removed
    keeps: bool = False  # it gives the new grade its identity (else merged into it)

    @property
    def words(self) -> str:
        """'Kept, renamed from On-Track', 'Merged into 3 (Slipped)', 'Removed'."""
        if self.becomes is None:
            return "Removed"
        if not self.keeps:
            return f"Merged into {self.becomes.in_full}"
        changes = what_changed(self.level, self.becomes)
        return f"Kept, {' and '.join(changes)}" if changes else "Kept as it is"


def what_changed(was: ScaleLevel, now: ScaleLevel) -> list[str]:
    """How a grade kept changed, in words: 'renamed from On-Track',
    'numbered 2, was 3', 'recoloured turquoise, was blue', 'now 2nd in the
    order, was 3rd'."""
    changes = []
    if was.label != now.label:
        changes.append(f"renamed from {was.label}")
    if was.code != now.code:
        changes.append(f"numbered {now.code or 'none'}, was {was.code or 'none'}")
    if was.description != now.description:
        changes.append("reworded")
    if was.colour != now.colour:
        changes.append(
            f"recoloured {COLOURS.get(now.colour, ('',))[0].lower()}, was {COLOURS.get(was.colour, ('',))[0].lower()}"
        )
    if was.role != now.role:
        changes.append(f"its role now {ROLE_WORDS.get(now.role, now.role).lower()}")
    if was.position != now.position:
        changes.append(f"now {ordinal(now.position)} in the order, was {ordinal(was.position)}")
    return changes


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def fates(earlier: "Scale", later: list[ScaleLevel], answers: dict, continuing: dict[int, int]) -> list[Fate]:
    """What becomes of each grade of `earlier` (the current version) in a
    new version whose grades are `later`: as the administrator answered
    (`answers`: a grade's id, the position of the new grade it is, or None:
    removed); where not answered, the new grade that continues it
    (`continuing`: a new grade's position, the id of the grade its row
    started from), else the new grade of its label, else removed. Where
    several become one new grade, the one it continues keeps its identity
    (else the one of its label, else the best); the rest merge into it."""
    by_position = {level.position: level for level in later}
    started = {was: position for position, was in continuing.items()}
    chosen = {}
    for level in earlier:
        if level.id in answers:
            chosen[level.id] = by_position.get(answers[level.id]) if answers[level.id] else None
        elif level.id in started:
            chosen[level.id] = by_position.get(started[level.id])
        else:
            chosen[level.id] = next((new for new in later if new.label.casefold() == level.label.casefold()), None)
    keepers = {}
    for new in later:
        sources = [
            level for level in earlier if chosen[level.id] is not None and chosen[level.id].position == new.position
        ]
        keeper = next((level for level in sources if continuing.get(new.position) == level.id), None)
        keeper = keeper or next((level for level in sources if level.label.casefold() == new.label.casefold()), None)
        if sources:
            keepers[new.position] = (keeper or sources[0]).id
    return [
        Fate(
            level, chosen[level.id], chosen[level.id] is not None and keepers.get(chosen[level.id].position) == level.id
        )
        for level in earlier
    ]


def continuing_rows(grades: list[dict]) -> dict[int, int]:
    """Each new grade's position (from 1), the id of the grade of the
    version before that its row started from ("was"), where it gives one."""
    continuing = {}
    for position, grade in enumerate(grades, start=1):
        with contextlib.suppress(TypeError, ValueError):
            if was := int(grade.get("was") or 0):
                continuing[position] = was
    return continuing


def compared_by_default(earlier: ScaleLevel, later: list[ScaleLevel]) -> ScaleLevel | None:
    """The grade of `later` (a new version's, best first) that a grade of
    the version before compares with where the administrator did not say,
    among those that grade: the one of the same label, else the first of the
    same role, else the first that means the same to the rules, else the
    nearest in what it means (the worse of two as near); none for a grade
    that grades nothing."""
    graded = [level for level in later if level.meaning]
    if not earlier.meaning or not graded:
        return None
    for same in (
        lambda level: level.label.casefold() == earlier.label.casefold(),
        lambda level: level.role == earlier.role,
        lambda level: level.meaning == earlier.meaning,
    ):
        found = next((level for level in graded if same(level)), None)
        if found is not None:
            return found
    return min(graded, key=lambda level: (abs(level.meaning - earlier.meaning), -level.position))


def _comparisons(
    earlier: "Scale", later: list[ScaleLevel], answers: dict[int, int | None], becomes: dict[str, int | None]
) -> dict[str, int | None]:
    """GradingScale.compares for a new version whose grades are `later`:
    for a grade kept or merged, the grade it became (`becomes`,
    GradingScale.becomes); for one removed, the administrator's `answers`
    (an earlier grade's id: a position in `later`, or None), else
    compared_by_default()."""
    by_position = {level.position: level for level in later}
    compares = {}
    for level in earlier:
        if becomes.get(str(level.id)):
            compares[str(level.id)] = becomes[str(level.id)]
            continue
        if level.id in answers:
            chosen = by_position.get(answers[level.id]) if answers[level.id] else None
        else:
            chosen = compared_by_default(level, later)
        compares[str(level.id)] = chosen.id if chosen else None
    return compares


def scale_problems(
    grades: list[dict], prints: str = Printing.CODE_AND_LABEL, *, codes_needed: bool = True
) -> list[str]:
    """What is wrong with a scale's grades, printed as `prints` says, in
    words (none: it may be made). `codes_needed`: whether printing the
    codes alone needs every grade to have one, as the administrator's form
    asks; a council's papers that print bare codes beside grades of words
    alone (an import's) print those by their words (ScaleLevel.print_as)."""
    problems = []
    if prints not in Printing.values:
        problems.append("Choose how the grades are printed.")
    if not FEWEST_GRADES <= len(grades) <= MOST_GRADES:
        problems.append(f"A scale has {FEWEST_GRADES} to {MOST_GRADES} grades, not {len(grades)}.")
    labels = [str(grade.get("label", "")).strip() for grade in grades]
    if any(not label for label in labels):
        problems.append("Give every grade a label.")
    if len({label.lower() for label in labels}) != len(labels):
        problems.append("Give each grade a different label.")
    codes = [str(grade.get("code", "")).strip() for grade in grades if str(grade.get("code", "")).strip()]
    if len({code.lower() for code in codes}) != len(codes):
        problems.append("Give each grade a different number or code.")
    if codes_needed and prints == Printing.CODE and len(codes) != len(grades):
        problems.append(CODES_NEEDED)
    roles = [grade.get("role") for grade in grades]
    if any(role not in Role.values for role in roles):
        problems.append("Choose the role in the rules of every grade.")
    if Role.ACHIEVED not in roles:
        problems.append(NO_ACHIEVED_GRADE)
    if not any(role in Role.values and role not in (Role.ACHIEVED, Role.NOT_GRADED) for role in roles):
        problems.append("At least one grade must have the role on track, at risk, off track or not achieved.")
    return problems


# How many grades a scale has (scale_problems; the form's "Add a grade").
FEWEST_GRADES = 2
MOST_GRADES = 10
CODES_NEEDED = "Give every grade a number or code to print the codes alone."
NO_ACHIEVED_GRADE = (
    "One grade must have the role achieved: it is how an officer proposes an action for sign-off. "
    "It need not be a colour of work still going: for Green, Amber and Red, add a grade such as Complete "
    "whose role is achieved, or start from RAG plus Complete."
)

# Starting points the administrator may pick on a scale's form, which fill
# the grades in to change before confirming. RAG plus Complete: Complete is
# the achieved grade (the sign-off proposal); Green, Amber and Red are of
# work still going, Amber at risk and Red off track (slipped), never
# finished.
PRESETS = {
    PROGRESS: {
        "rag_complete": (
            "RAG plus Complete",
            [
                {
                    "label": "Complete",
                    "description": "The action is done",
                    "colour": "blue",
                    "role": Role.ACHIEVED,
                },
                {
                    "label": "Green",
                    "description": "On track to be achieved by its target date",
                    "colour": "green",
                    "role": Role.ON_TRACK,
                },
                {
                    "label": "Amber",
                    "description": "At risk: some delay, but still expected to be achieved",
                    "colour": "amber",
                    "role": Role.AT_RISK,
                    "needs_explanation": True,
                },
                {
                    "label": "Red",
                    "description": "Off track: slipped, with a new target date",
                    "colour": "red",
                    "role": Role.OFF_TRACK,
                    "needs_explanation": True,
                    "proposes_new_target": True,
                },
            ],
        ),
    },
}


class ScaleGrade(models.Model):
    """One grade of a scale version. Never changed once made."""

    scale = models.ForeignKey(GradingScale, on_delete=models.PROTECT, related_name="grades")
    position = models.PositiveSmallIntegerField(help_text="1 is the best.")
    code = models.CharField(max_length=10, blank=True, help_text='Printed before the label: "2 (On-Track)".')
    label = models.CharField(max_length=60)
    description = models.CharField(
        max_length=300, blank=True, help_text="What the grading key prints under the grade (blank: the label)."
    )
    colour = models.CharField(max_length=20, choices=[(key, words) for key, (words, _) in COLOURS.items()])
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        help_text="Its role in the rules: only an achieved grade proposes sign-off.",
    )
    needs_explanation = models.BooleanField(default=False)
    proposes_new_target = models.BooleanField(default=False)
    # How the scale prints its grades (Printing): a setting of the whole
    # scale version, GradingScale.make gives each of its grades the same.
    # Kept on each grade, not on the scale, because a grade given is read by
    # its row alone (ProgressEntry.level, PartnershipUpdate.level), and it
    # prints as it was printed when given: the row is never changed.
    prints = models.CharField(max_length=20, choices=Printing.choices, default=Printing.CODE_AND_LABEL)
    # The grade it is, through every version (GradingScale.give_identities):
    # the grade of the version where it was first made, itself where it is
    # new; renaming, rewording, recolouring or moving it keeps it. Null
    # only between its row being made and being given one.
    identity = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    DEFAULTS = {
        "code": "",
        "label": "",
        "description": "",
        "colour": "grey",
        "role": Role.NOT_GRADED,
        "needs_explanation": False,
        "proposes_new_target": False,
    }

    class Meta:
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "position"], name="one_grade_per_position")]

    def __str__(self):
        return self.level().printed

    @property
    def meaning(self) -> int:
        """What its role means to the rules (grading.ROLE_MEANINGS)."""
        return ROLE_MEANINGS.get(self.role, NO_GRADE)

    def level(self) -> ScaleLevel:
        return ScaleLevel(
            id=self.pk,
            position=self.position,
            code=self.code,
            label=self.label,
            description=self.description,
            colour=self.colour,
            role=self.role,
            needs_explanation=self.needs_explanation,
            proposes_new_target=self.proposes_new_target,
            prints=self.prints,
            scale=self.scale_id,
            identity=self.identity_id or self.pk or 0,
        )


# Read once per request (scrutiny.middleware): a page asks the council's
# terms as often as it likes for one query each. Outside a request (the
# worker, commands) every call reads the database, so several app servers
# never disagree for longer than a request.
_request_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("council_terms", default=None)


def _cached(key, read):
    cache = _request_cache.get()
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = read()
    return cache[key]


def _forget() -> None:
    cache = _request_cache.get()
    if cache is not None:
        cache.clear()


def start_request_cache():
    return _request_cache.set({})


def end_request_cache(token) -> None:
    _request_cache.reset(token)


@contextlib.contextmanager
def terms_read_once():
    """Within the block, the council's terms are read once (as in a
    request): for a long piece of work outside one (an import, the worker)."""
    if _request_cache.get() is not None:
        yield
        return
    token = start_request_cache()
    try:
        yield
    finally:
        end_request_cache(token)


def council() -> Wording:
    """The council's wording (the row migration 0040 made)."""

    def read():
        row = Council.objects.filter(pk=1).first()
        if row is None:
            row = Council(name=settings.SCRUTINY_COUNCIL_NAME or FIRST_NAME, **FIRST_WORDING)
        return row.wording()

    return _cached("council", read)


def escalation_days() -> int | None:
    """How many days overdue an update must be before it is escalated to
    its owner's manager (None: never), as the administrators set it."""
    row = Council.objects.filter(pk=1).values_list("escalation_days", flat=True)
    return _cached("escalation_days", row.first)


def current_scale(kind: str = PROGRESS, review=None) -> Scale:
    """The scale officers grade with now (the newest version of `kind`):
    `review`'s own (a Review or its pk), where its papers brought one in,
    else the council's."""
    review = getattr(review, "pk", review)

    def read():
        own = GradingScale.objects.current(kind, review) if review else None
        scale = own if own is not None and not own.returns_to_council else GradingScale.objects.current(kind)
        if scale is None:
            raise GradingScale.DoesNotExist(f"No {kind} scale: migration 0040 makes the first.")
        return scale.read()

    return _cached(("scale", kind, review), read)


def all_scales(kind: str = PROGRESS) -> Scales:
    """Every version of `kind`'s scale: two queries, once a request."""

    def read():
        # The council's versions first, then each review's own, oldest first.
        versions = list(
            GradingScale.objects.filter(kind=kind)
            .select_related("review")
            .order_by(models.F("review").asc(nulls_first=True), "version")
        )
        grades = defaultdict(list)
        for grade in ScaleGrade.objects.filter(scale__in=versions).order_by("position"):
            grades[grade.scale_id].append(grade.level())
        compares = {int(earlier): later for version in versions for earlier, later in version.compares.items()}
        links = defaultdict(dict)  # a review's return to the council's scale links two scales: kept apart
        for version in versions:
            links[version.returns_to_council].update({int(a): b for a, b in version.becomes.items()})
        scales = tuple(
            Scale(
                version.pk,
                kind,
                version.version,
                tuple(grades[version.pk]),
                version.made_on,
                version.review_id,
                version.review.title if version.review_id else "",
                version.returns_to_council,
            )
            for version in versions
        )
        return Scales(scales, compares, links[False], links[True])

    return _cached(("scales", kind), read)


def scale_level(level_id: int) -> ScaleLevel:
    """A grade as it was given, by its id."""
    return _cached(("level", level_id), lambda: ScaleGrade.objects.get(pk=level_id).level())


def scale_levels(level_ids) -> dict[int, ScaleLevel]:
    """Several grades as they were given, by id, in one query."""
    ids = {level_id for level_id in level_ids if level_id}
    if not ids:
        return {}
    return {grade.pk: grade.level() for grade in ScaleGrade.objects.filter(pk__in=ids)}


def ensure_first_terms(**kwargs) -> None:
    """The council's wording and a first version of each scale, where the
    database has none: after migrate, and after a test empties the database
    (flush sends post_migrate). Migration 0040 makes them on a real install."""
    if not Council.objects.filter(pk=1).exists():
        Council.objects.create(pk=1, name=settings.SCRUTINY_COUNCIL_NAME or FIRST_NAME, **FIRST_WORDING)
    for kind, grades in FIRST_SCALES.items():
        if not GradingScale.objects.filter(kind=kind, review=None).exists():
            GradingScale.make(kind, grades, by=None)
