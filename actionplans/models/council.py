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
(ProgressEntry.level, PartnershipUpdate.level). What a grade MEANS (achieved,
on track, at risk, not achieved, or no grade) is what the dashboards count
and the rules read; grading.Grade numbers those meanings, and
ProgressEntry.grade stores the meaning beside the grade itself.
"""

import contextlib
import contextvars
import dataclasses
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from actionplans import permissions
from actionplans.grading import Grade
from actionplans.models.common import AuditHistory, _attribute

PROGRESS = "progress"
PARTNERSHIP = "partnership"

# What a grade means for the dashboards and the rules: Grade's numbers (1
# achieved … 4 not achieved), and NO_GRADE for a grade that counts as none
# ("Not started", "Not yet due").
NO_GRADE = 0
MEANINGS = [
    (Grade.FULLY_ACHIEVED.value, "Achieved"),
    (Grade.ON_TRACK.value, "On track"),
    (Grade.SLIPPED.value, "At risk or slipped"),
    (Grade.NOT_ACHIEVED.value, "Not achieved"),
    (NO_GRADE, "Not started, or no grade"),
]
MEANING_WORDS = dict(MEANINGS)
# The meanings as the scale's form offers them: what each does, so that an
# administrator maps a council's own grades by what they drive. Only an
# achieved grade proposes sign-off; every other grade is of work still going
# (carried forward), an off-track Red included, which means slipped, not
# achieved.
MEANING_CHOICES = [
    (Grade.FULLY_ACHIEVED.value, "Achieved: done, the officer proposes sign-off (as Fully Achieved, or Complete)"),
    (Grade.ON_TRACK.value, "On track: still going (as On-Track, or Green)"),
    (
        Grade.SLIPPED.value,
        "Off track: still going but at risk or slipped (as Slipped, Amber, or a Red that means off track)",
    ),
    (Grade.NOT_ACHIEVED.value, "Not achieved: it will not be achieved as agreed (as Not Achieved)"),
    (NO_GRADE, "Not started, or no grade"),
]

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
# council's own on its settings page (/council/): those the service printed
# before they became settings, so migration 0040 gives every grade already
# given their first version. The demo's own come from its fixture.
FIRST_NAME = "The council"
FIRST_WORDING = {
    "committee_name": "Select Committee",
    "committees_name": "Select Committees",
    "update_title": "Scrutiny Monitoring – Progress Update",
    "introduction": (
        "Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews "
        "are required approximately 12 months after the relevant Select Committee has agreed the Action Plan. "
        "Progress updates must be detailed, evidencing what has taken place regarding each recommendation – a "
        "grade assessing progress should then be given (see end of document for grading explanation)."
    ),
    "impact_sentence": (
        "Any evidence on the impact of the actions undertaken should also be recorded for each recommendation."
    ),
    "grading_key_heading": "Assessment of Progress Gradings",
}
FIRST_SCALES = {
    "progress": [
        {"code": "1", "label": "Fully Achieved", "colour": "green", "meaning": 1},
        {"code": "2", "label": "On-Track", "colour": "blue", "meaning": 2},
        {
            "code": "3",
            "label": "Slipped",
            "colour": "orange",
            "meaning": 3,
            "needs_explanation": True,
            "proposes_new_target": True,
        },
        {"code": "4", "label": "Not Achieved", "colour": "red", "meaning": 4, "needs_explanation": True},
    ],
    "partnership": [
        {"label": "Complete", "colour": "blue", "meaning": 1},
        {"label": "Green", "colour": "green", "meaning": 2},
        {"label": "Amber", "colour": "orange", "meaning": 3},
        {"label": "Red", "colour": "red", "meaning": 4},
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

    def kept(self) -> dict:
        """As a published round keeps it (Round.published_wording)."""
        return dataclasses.asdict(self)

    @classmethod
    def as_kept(cls, kept: dict) -> "Wording":
        """The wording a published round kept; a term added to the settings
        since reads blank in it, as the paper printed none."""
        return cls(**{field.name: kept.get(field.name, "") for field in dataclasses.fields(cls)})


@dataclass(frozen=True)
class ScaleLevel:
    """One grade of a scale, as printed: '2 (On-Track)', or 'Green'."""

    id: int
    position: int  # 1 is the best; what forms post
    code: str  # "2", or "" where the label says it all
    label: str
    description: str
    colour: str  # a key of COLOURS
    meaning: int  # a Grade value, or NO_GRADE
    needs_explanation: bool
    proposes_new_target: bool
    prints: str = Printing.CODE_AND_LABEL  # how its scale printed it (Printing)

    @property
    def printed(self) -> str:
        """The grade as the council's papers and pages print it, by its
        scale's setting: '2 (On-Track)', '1', or 'On-Track'."""
        if not self.code or self.prints == Printing.LABEL:
            return self.label
        return self.code if self.prints == Printing.CODE else self.in_full

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
    def rank(self) -> int | None:
        """What ProgressEntry.grade stores: the meaning, None for no grade."""
        return self.meaning or None

    @property
    def chart_colour(self) -> str:
        return COLOURS.get(self.colour, COLOURS["grey"])[1]

    @property
    def choice_label(self) -> str:
        """'2 – On-Track', as the officer's radios offer it."""
        return f"{self.code} – {self.label}" if self.code else self.label


@dataclass(frozen=True)
class Scale:
    """A version of a grading scale, query-free once read."""

    id: int
    kind: str
    version: int
    levels: tuple[ScaleLevel, ...]

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
        they mean: ProgressEntry.objects.given_levels()) that mean what no
        grade of it means: how figures of grades given before the scale
        changed name and count them (by what they meant, in their own
        words). Not for grading with: officers grade with the scale alone."""
        missing = sorted(meaning for meaning in given if not self.meaning(meaning))
        extra = tuple(level for meaning in missing for level in given[meaning])
        return dataclasses.replace(self, levels=self.levels + extra) if extra else self

    @property
    def signs_off(self) -> ScaleLevel | None:
        return self.meaning(Grade.FULLY_ACHIEVED)


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
    update_title = models.CharField(
        max_length=200,
        default="Scrutiny Monitoring – Progress Update",
        verbose_name="Progress Update's title",
        help_text="The title the agenda appendix prints (in capitals on the document).",
    )
    introduction = models.TextField(
        verbose_name="introduction paragraph", help_text="The paragraph under the review's details."
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
    def current(self, kind: str) -> "GradingScale | None":
        return self.filter(kind=kind).order_by("-version").first()


class GradingScale(models.Model):
    """One version of a grading scale. Versions are only ever added: a
    change makes the next version, and what was graded under an earlier one
    keeps its label (its grades' rows are never changed or deleted)."""

    KINDS = [(PROGRESS, "Assessment of Progress"), (PARTNERSHIP, "Partnership plans' RAG")]

    kind = models.CharField(max_length=20, choices=KINDS)
    version = models.PositiveIntegerField()
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GradingScaleQuerySet.as_manager()
    history = AuditHistory()

    class Meta:
        ordering = ["kind", "version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_scale_version_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"

    def read(self) -> Scale:
        return Scale(self.pk, self.kind, self.version, tuple(grade.level() for grade in self.grades.all()))

    @classmethod
    def make(cls, kind: str, grades: list[dict], *, by, prints: str = Printing.CODE_AND_LABEL) -> "GradingScale":
        """The next version of `kind`'s scale, its grades (best first) each
        a dict of ScaleGrade's fields, all printed as `prints` says
        (Printing). by=None: the demo loader and the migration, which set a
        scale up before anyone can sign in."""
        if by is not None:
            permissions.require(by, permissions.CHANGE_COUNCIL_SETTINGS)
        problems = scale_problems(grades, prints)
        if problems:
            raise ValueError("; ".join(problems))
        with transaction.atomic():
            last = cls.objects.select_for_update().filter(kind=kind).aggregate(last=Max("version"))["last"] or 0
            scale = cls(kind=kind, version=last + 1, made_by=by)
            _attribute(scale, by)
            scale.save()
            for position, grade in enumerate(grades, start=1):
                fields = {name: grade.get(name, default) for name, default in ScaleGrade.DEFAULTS.items()}
                ScaleGrade.objects.create(scale=scale, position=position, prints=prints, **fields)
        _forget()
        return scale


def scale_problems(grades: list[dict], prints: str = Printing.CODE_AND_LABEL) -> list[str]:
    """What is wrong with a scale's grades, printed as `prints` says, in
    words (none: it may be made)."""
    problems = []
    if prints not in Printing.values:
        problems.append("Choose how the grades are printed.")
    if not 2 <= len(grades) <= 6:
        problems.append(f"A scale has 2 to 6 grades, not {len(grades)}.")
    labels = [str(grade.get("label", "")).strip() for grade in grades]
    if any(not label for label in labels):
        problems.append("Give every grade a label.")
    if len({label.lower() for label in labels}) != len(labels):
        problems.append("Give each grade a different label.")
    codes = [str(grade.get("code", "")).strip() for grade in grades if str(grade.get("code", "")).strip()]
    if len({code.lower() for code in codes}) != len(codes):
        problems.append("Give each grade a different number or code.")
    if prints == Printing.CODE and len(codes) != len(grades):
        problems.append(CODES_NEEDED)
    meanings = [grade.get("meaning") for grade in grades]
    if Grade.FULLY_ACHIEVED not in meanings:
        problems.append(NO_ACHIEVED_GRADE)
    if not any(meaning not in (Grade.FULLY_ACHIEVED, NO_GRADE, None) for meaning in meanings):
        problems.append("At least one grade must mean on track, at risk or not achieved.")
    return problems


CODES_NEEDED = "Give every grade a number or code to print the codes alone."
NO_ACHIEVED_GRADE = (
    "One grade must mean achieved: it is how an officer proposes an action for sign-off. "
    "It need not be a colour of work still going: for Green, Amber and Red, add a grade such as Complete "
    "that means achieved, or start from RAG plus Complete."
)

# Starting points the administrator may pick on a scale's form, which fill
# the grades in to change before confirming. RAG plus Complete: Complete is
# the achieved grade (the sign-off proposal); Green, Amber and Red are of
# work still going, Red off track (slipped), never finished.
PRESETS = {
    PROGRESS: {
        "rag_complete": (
            "RAG plus Complete",
            [
                {
                    "label": "Complete",
                    "description": "The action is done",
                    "colour": "blue",
                    "meaning": Grade.FULLY_ACHIEVED.value,
                },
                {
                    "label": "Green",
                    "description": "On track to be achieved by its target date",
                    "colour": "green",
                    "meaning": Grade.ON_TRACK.value,
                },
                {
                    "label": "Amber",
                    "description": "At risk: some delay, but still expected to be achieved",
                    "colour": "amber",
                    "meaning": Grade.SLIPPED.value,
                    "needs_explanation": True,
                },
                {
                    "label": "Red",
                    "description": "Off track: slipped, with a new target date",
                    "colour": "red",
                    "meaning": Grade.SLIPPED.value,
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
    meaning = models.PositiveSmallIntegerField(choices=MEANINGS)
    needs_explanation = models.BooleanField(default=False)
    proposes_new_target = models.BooleanField(default=False)
    # How the scale prints its grades (Printing): a setting of the whole
    # scale version, GradingScale.make gives each of its grades the same.
    # Kept on each grade, not on the scale, because a grade given is read by
    # its row alone (ProgressEntry.level, PartnershipUpdate.level), and it
    # prints as it was printed when given: the row is never changed.
    prints = models.CharField(max_length=20, choices=Printing.choices, default=Printing.CODE_AND_LABEL)

    DEFAULTS = {
        "code": "",
        "label": "",
        "description": "",
        "colour": "grey",
        "meaning": NO_GRADE,
        "needs_explanation": False,
        "proposes_new_target": False,
    }

    class Meta:
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "position"], name="one_grade_per_position")]

    def __str__(self):
        return self.level().printed

    def level(self) -> ScaleLevel:
        return ScaleLevel(
            id=self.pk,
            position=self.position,
            code=self.code,
            label=self.label,
            description=self.description,
            colour=self.colour,
            meaning=self.meaning,
            needs_explanation=self.needs_explanation,
            proposes_new_target=self.proposes_new_target,
            prints=self.prints,
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


def current_scale(kind: str = PROGRESS) -> Scale:
    """The scale officers grade with now (the newest version of `kind`)."""

    def read():
        scale = GradingScale.objects.current(kind)
        if scale is None:
            raise GradingScale.DoesNotExist(f"No {kind} scale: migration 0040 makes the first.")
        return scale.read()

    return _cached(("scale", kind), read)


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
        if not GradingScale.objects.filter(kind=kind).exists():
            GradingScale.make(kind, grades, by=None)
