"""What changed between two of a committee's meetings, per action: the
grade before and after, who was responsible, revised targets, new evidence
(the new words marked), the committee's decisions, corrections of published
entries with their reasons, and the actions that entered or left monitoring;
per review, the executive's responses recorded in between.

Reconstructed from the published rounds and the audit history, never from a
copy kept by hand. A committee's *meetings* are the meeting dates of its
reviews' published rounds. Between meeting `since` and `until` (a later
meeting, or today):

- the round *before* is each review's latest published round whose meeting
  was on or before `since`; the round *after*, its latest published round
  meeting on or before `until` (for today: its latest published round);
- an entry is read as the committee saw it at a *cutoff*: the end of the
  meeting's day, or, where later, the moment its round was published, or the
  last write to the round's entries that was not a correction (a round
  imported or loaded as published has its entries written just after it).
  A correction made later therefore leaves a past comparison as it was, and
  shows in the window it was made in; "today" reads the entries as they are.

`build_changes()` gathers it all into frozen dataclasses in a fixed number
of queries whatever the number of actions; the pages, the spreadsheet and
the Progress Update's section render them without touching the database.
"""

import dataclasses
import datetime
import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, DateTimeField, Exists, F, Max, Min, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplans import richtext
from actionplans.grading import (
    LEAVES_MONITORING,
    NO_UPDATE_RECEIVED,
    Decision,
    Movement,
    Response,
    grade_label,
    movement_on_paper,
)
from actionplans.history import FIELD_WORDS, field_display, user_name, who_changed
from actionplans.models import (
    Action,
    CommitteeDecision,
    EntryResponsibility,
    ExecutiveResponse,
    ProgressEntry,
    Review,
    Round,
    TargetRevision,
    day_label,
    document_order,
    target_words,
)
from actionplans.models.decisions import decision_sentence
from actionplans.models.plan import carried_into
from reports.standing import leaves_monitoring
from reports.timeline import decision_words

PUBLISHED = Round.Status.PUBLISHED
CORRECTION = "Correction: "
# The page lists this many of the actions that changed at a time, across
# the committee's reviews; the counts, the spreadsheet and the documents
# always cover every action.
PER_PAGE = 50
# Unchanged words kept either side of new evidence; longer runs are elided.
CONTEXT_WORDS = 12
# Fewer in a correction of a text the reader has just read whole above it.
COMPACT_CONTEXT_WORDS = 4


def page_of(number: int) -> slice:
    """Which of the actions that changed page `number` (from 1) lists in full."""
    return slice((number - 1) * PER_PAGE, number * PER_PAGE)


# The two meetings ------------------------------------------------------------


def meetings_of(reviews) -> list[datetime.date]:
    """The committee's meetings: the distinct meeting dates of the published
    rounds of `reviews` (a queryset or list), oldest first. One query."""
    dates = (
        Round.objects.filter(review__in=reviews, status=PUBLISHED)
        .order_by("meeting_date")
        .values_list("meeting_date", flat=True)
        .distinct()
    )
    return list(dates)


def default_since(meetings: list[datetime.date], today: datetime.date) -> datetime.date | None:
    """The latest meeting on or before `today` (else the first there is)."""
    past = [m for m in meetings if m <= today]
    return past[-1] if past else (meetings[0] if meetings else None)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The start of the next day in the council's time zone: what the
    committee saw by the end of the meeting's day."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, ZoneInfo(settings.TIME_ZONE))


# The data --------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of a text against its earlier version: new words, unchanged
    ones, or (in a correction's change alone) words it removed."""

    text: str
    is_new: bool
    removed: bool = False


@dataclass(frozen=True)
class Diff:
    """A text against its earlier version, as a reader takes it in: the new
    words marked among a little of the unchanged text around them; where
    most of it is new, `rewritten` and the whole text in one unmarked piece;
    `removed` where earlier words are gone."""

    pieces: tuple[Piece, ...] = ()
    rewritten: bool = False
    removed: bool = False  # earlier words gone and not shown: said

    def __bool__(self) -> bool:
        return bool(self.pieces) or self.removed

    @property
    def marks_new(self) -> bool:
        return not self.rewritten and any(piece.is_new for piece in self.pieces)

    @property
    def marks_removed(self) -> bool:
        return any(piece.removed for piece in self.pieces)

    @property
    def plain(self) -> str:
        """For a spreadsheet cell: 'New: … the new words …', 'Rewritten: …',
        'Removed: … the words removed …'."""
        if self.rewritten:
            said = "Rewritten: " + "".join(piece.text for piece in self.pieces).strip()
        else:

            def words(pieces):
                return " … ".join(piece.text.strip() for piece in pieces if piece.text.strip())

            new = words(piece for piece in self.pieces if piece.is_new)
            gone = words(piece for piece in self.pieces if piece.removed)
            said = " ".join(part for part in (f"New: {new}" if new else "", f"Removed: {gone}" if gone else "") if part)
        if self.removed:
            said = f"{said} {REMOVED}" if said else REMOVED[1:-1].capitalize()
        return said


# Said where a text lost earlier words, after its new ones.
REMOVED = "(some earlier text removed)"
# The key, after each kind of marking's own sample ("highlighted words").
KEY_WORDS = {
    "new": "are new since the progress update before (in a correction, new in the corrected text)",
    "removed": "are words a correction removed from the published text",
    "rewritten": "marks a text mostly new since the progress update before, given whole",
}
# The share of a text's words that, new, make it read as rewritten.
REWRITTEN_SHARE = 0.6


@dataclass(frozen=True)
class TargetChange:
    before: str  # "October 2019"
    after: str  # "March 2021"
    reason: str
    decided_by: str
    decided_on: datetime.date

    @property
    def sentence(self) -> str:
        accepted = f"accepted by {self.decided_by}, {day_label(self.decided_on)}"
        return f"{self.before} to {self.after}: {self.reason} ({accepted})"


@dataclass(frozen=True)
class FieldChange:
    label: str  # "Assessment of Progress"
    before: str
    after: str
    # A long text's change: the changed words marked (else before → after).
    diff: Diff | None = None

    @property
    def plain(self) -> str:
        """'Evidence of Progress: New: …' or 'Assessment of Progress: 1 → 2'."""
        return f"{self.label}: {self.diff.plain if self.diff else f'{self.before} → {self.after}'}"


@dataclass(frozen=True)
class Correction:
    round_label: str  # the round of the entry corrected
    reason: str
    who: str
    when: datetime.datetime
    changes: tuple[FieldChange, ...]

    @property
    def when_words(self) -> str:
        local = timezone.localtime(self.when)
        return f"{local:%H:%M} on {day_label(local.date())}"

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.when)

    @property
    def sentence(self) -> str:
        return f"Correction of the {self.round_label} entry by {self.who} at {self.when_words}: {self.reason}"


@dataclass(frozen=True)
class DecisionChange:
    """A decision of the committee on an action, at a meeting."""

    decision: str  # a grading.Decision value
    meeting_date: datetime.date
    sentence: str  # decision_sentence(): 'Signed off at the meeting of 24 September 2020'
    counted: bool = True  # taken between the two meetings (else: an earlier one, why it left)


class _Moves:
    """What an action's change amounts to, from its grades, owners and the
    rest: one rule for the cheap first look at every action (_Glance) and
    for the full detail of those listed (ActionChange)."""

    __slots__ = ()

    @property
    def counted_decisions(self) -> list:
        """Its decisions taken between the two meetings, the one it left by among them."""
        return [d for d in (*self.decisions, self.left_by) if d is not None and d.counted]

    @property
    def entered(self) -> bool:
        return self.in_after and not self.in_before

    @property
    def left(self) -> bool:
        return self.in_before and not self.in_after

    @property
    def improved(self) -> bool:
        return None not in (self.grade_before, self.grade_after) and self.grade_after < self.grade_before

    @property
    def worse(self) -> bool:
        return None not in (self.grade_before, self.grade_after) and self.grade_after > self.grade_before

    @property
    def owners_changed(self) -> bool:
        return self.in_before and self.in_after and self.owners_before != self.owners_after

    @property
    def changed_but_evidence(self) -> bool:
        return bool(
            self.entered
            or self.left
            or self.improved
            or self.worse
            or self.owners_changed
            or self.target_changes
            or self.decisions
            or self.corrections
        )

    @property
    def changed(self) -> bool:
        return self.changed_but_evidence or self.has_new_evidence


@dataclass(frozen=True)
class ActionChange(_Moves):
    pk: int
    reference: str  # "1 b)"
    name: str  # "1 b) The development of an on-line form…", for a page
    full_name: str  # "1 b) The development of an on-line form for …" in full, for the paper and the spreadsheet
    in_before: bool  # carried by the round before
    in_after: bool  # carried by the round after
    grade_before: int | None  # None: no update received (or not carried)
    grade_after: int | None
    movement: str  # a grading.Movement value, or "" where not carried by both rounds
    movement_label: str
    owners_before: tuple[str, ...]  # lead first
    owners_after: tuple[str, ...]
    target: str  # as it stands after, in target_words()
    target_changes: tuple[TargetChange, ...]
    # The Evidence of Progress after, the new words marked; empty when the
    # two meetings had the same round before them (a correction is listed
    # as a correction, not as new evidence).
    evidence: Diff
    decisions: tuple[DecisionChange, ...]  # the committee's decisions in the window, but the one it left by
    corrections: tuple[Correction, ...]
    left_by: DecisionChange | None = None  # the decision by which it left monitoring

    @property
    def left_because(self) -> str:
        """Why it left monitoring: the decision's sentence."""
        return self.left_by.sentence if self.left_by else ""

    @property
    def only_left(self) -> bool:
        """It left monitoring by a decision and nothing else of it changed:
        listed with the others that left by the same decision, by name."""
        return (
            self.left and self.left_by is not None and not (self.target_changes or self.decisions or self.corrections)
        )

    @property
    def grade_before_label(self) -> str:
        return grade_label(self.grade_before) if self.grade_before else ""

    @property
    def grade_after_label(self) -> str:
        return grade_label(self.grade_after) if self.grade_after else ""

    @property
    def has_new_evidence(self) -> bool:
        return bool(self.evidence)


@dataclass(frozen=True)
class ResponseChange:
    number: int
    response: str  # "Accepted"
    responded_on: datetime.date
    reasons: str

    @property
    def sentence(self) -> str:
        said = f"Recommendation {self.number}: {self.response} on {day_label(self.responded_on)}"
        return f"{said}: {self.reasons}" if self.reasons else said


@dataclass(frozen=True)
class Counts:
    improved: int = 0
    worse: int = 0
    responsibility_changed: int = 0
    targets_revised: int = 0
    entered: int = 0
    left_otherwise: int = 0  # left monitoring other than by a decision counted here
    corrections: int = 0
    signed_off: int = 0
    kept_open: int = 0
    closed: int = 0
    carried: int = 0
    responses: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    @classmethod
    def of(cls, actions, responses=()) -> "Counts":
        decided = Counter(d.decision for a in actions for d in a.counted_decisions)
        return cls(
            improved=sum(a.improved for a in actions),
            worse=sum(a.worse for a in actions),
            responsibility_changed=sum(a.owners_changed for a in actions),
            targets_revised=sum(len(a.target_changes) for a in actions),
            entered=sum(a.entered for a in actions),
            left_otherwise=sum(a.left and not (a.left_by and a.left_by.counted) for a in actions),
            corrections=sum(len(a.corrections) for a in actions),
            signed_off=decided[Decision.SIGNED_OFF],
            kept_open=decided[Decision.KEPT_OPEN],
            closed=decided[Decision.CLOSED],
            carried=decided[Decision.CARRIED],
            responses=len(responses),
        )

    @property
    def decisions(self) -> int:
        return self.signed_off + self.kept_open + self.closed + self.carried

    @property
    def words(self) -> str:
        """'3 improved, 0 worse, 2 with responsibility changed, 0 target
        dates revised; the committee's decisions: 12 signed off, 1 closed, 3
        carried forward', and the rest where there are any. The decisions in
        the review page's words (reports/timeline.py)."""

        def n(count, one, many):
            return f"{count} {one if count == 1 else many}"

        said = [
            f"{self.improved} improved",
            f"{self.worse} worse",
            f"{self.responsibility_changed} with responsibility changed",
            n(self.targets_revised, "target date revised", "target dates revised"),
        ]
        if self.entered:
            said.append(f"{n(self.entered, 'action', 'actions')} entered monitoring")
        if self.left_otherwise:
            said.append(f"{n(self.left_otherwise, 'action', 'actions')} left monitoring")
        if self.corrections:
            said.append(n(self.corrections, "correction", "corrections"))
        if self.responses:
            said.append(n(self.responses, "executive response", "executive responses"))
        sentence = ", ".join(said)
        if self.decisions:
            decided = Counter(
                {
                    Decision.SIGNED_OFF: self.signed_off,
                    Decision.KEPT_OPEN: self.kept_open,
                    Decision.CLOSED: self.closed,
                    Decision.CARRIED: self.carried,
                }
            )
            sentence += f"; the committee's decisions: {decision_words(decided)}"
        return sentence


@dataclass(frozen=True)
class LeftTogether:
    """The actions that left monitoring by the same decision and changed in
    no other way: one short block, not a row each saying the same."""

    sentence: str  # decision_sentence(): 'Signed off at the meeting of 12 March 2020'
    actions: tuple[ActionChange, ...]


@dataclass(frozen=True)
class ReviewChanges:
    title: str
    slug: str
    before_label: str  # the round before: "March 2020", or ""
    after_label: str  # the round after
    # The actions that changed listed in full, in document order: every one,
    # or those of the page asked for (build_changes()'s `detail_for`).
    actions: tuple[ActionChange, ...]
    responses: tuple[ResponseChange, ...] = ()
    before_meeting: datetime.date | None = None  # the meetings the two rounds went to
    after_meeting: datetime.date | None = None
    counts: Counts = field(default_factory=Counts)  # of every action that changed, listed or not
    total: int = 0  # the actions that changed, listed or not
    # Whether the review's part begins with the actions listed (else a
    # page before this one listed its first): its responses go there.
    starts_here: bool = True

    @property
    def same_round(self) -> bool:
        return bool(self.before_label) and self.before_label == self.after_label

    @property
    def changed_actions(self) -> list[ActionChange]:
        """The actions listed one by one: all but those that only left
        monitoring (left_together)."""
        return [action for action in self.actions if not action.only_left]

    @property
    def left_together(self) -> list[LeftTogether]:
        """The actions that only left monitoring, grouped by the decision
        they left by, in the order the first of each is listed."""
        groups = defaultdict(list)
        for action in self.actions:
            if action.only_left:
                groups[action.left_because].append(action)
        return [LeftTogether(sentence, tuple(actions)) for sentence, actions in groups.items()]

    @property
    def listed(self) -> bool:
        """Whether a page of the changes lists this review: actions of it, or
        the executive's responses where its part begins."""
        return bool(self.actions) or (self.starts_here and bool(self.responses))


@dataclass(frozen=True)
class ChangesSince:
    committee: str
    since: datetime.date
    until: datetime.date | None  # None: today
    today: datetime.date
    reviews: tuple[ReviewChanges, ...] = field(default_factory=tuple)
    # The Progress Update's section: the round after read as the paper
    # prints it (the entries as they are now), corrections since listed.
    as_printed: bool = False
    total: int = 0  # the actions that changed, across the reviews, listed or not
    first: int = 0  # the place of the first action listed among them (0: the first)

    @property
    def window_words(self) -> str:
        """'between the meetings of 12 March 2020 and 24 September 2020', or
        'since the meeting of 24 September 2020'."""
        if self.until:
            return f"between the meetings of {day_label(self.since)} and {day_label(self.until)}"
        return f"since the meeting of {day_label(self.since)}"

    @property
    def title(self) -> str:
        return f"What changed {self.window_words}"

    @property
    def dated_title(self) -> str:
        """The title with the day it was read, where it runs to today (a
        spreadsheet is kept)."""
        return self.title if self.until else f"{self.title}, as at {day_label(self.today)}"

    @property
    def nothing_words(self) -> str:
        return f"Nothing changed {self.window_words}."

    @property
    def changed(self) -> bool:
        return any(review.total or review.responses for review in self.reviews)

    @property
    def listed_words(self) -> str:
        """'Actions 51 to 100 of 4,720 that changed'."""
        shown = len(self.actions)
        if not shown:
            return ""
        return f"Actions {self.first + 1:,} to {self.first + shown:,} of {self.total:,} that changed"

    @property
    def count_sentence(self) -> str:
        """'3 improved, 0 worse, … .', or 'Nothing changed …' once."""
        if not self.changed:
            return self.nothing_words
        words = self.counts.words
        return f"{words[:1].upper()}{words[1:]}."

    @property
    def diffs(self) -> list[Diff]:
        """The texts shown against their earlier versions: new evidence and
        corrections' long texts."""
        return [a.evidence for a in self.actions if a.evidence] + [
            f.diff for a in self.actions for c in a.corrections for f in c.changes if f.diff
        ]

    @property
    def key(self) -> list[tuple[str, str]]:
        """What the key explains, (kind, words) for each kind of marking
        shown: 'new' (highlighted words), 'removed' (struck through),
        'rewritten' ("Rewritten:"); empty where there is none."""
        diffs = self.diffs
        shown = {
            "new": any(diff.marks_new for diff in diffs),
            "removed": any(diff.marks_removed for diff in diffs),
            "rewritten": any(diff.rewritten for diff in diffs),
        }
        return [(kind, KEY_WORDS[kind]) for kind, there in shown.items() if there]

    @property
    def marks_new(self) -> bool:
        """Whether any new words are highlighted."""
        return any(kind == "new" for kind, _ in self.key)

    @property
    def shown_reviews(self) -> list["ReviewChanges"]:
        """The reviews with something that changed listed here."""
        return [review for review in self.reviews if review.listed]

    @property
    def title_after_colon(self) -> str:
        """'what changed between …', after the review's title and a colon."""
        return self.title[0].lower() + self.title[1:]

    @property
    def counts(self) -> Counts:
        total = Counts()
        for review in self.reviews:
            total += review.counts
        return total

    @property
    def actions(self) -> list[ActionChange]:
        """The actions listed in full (all of them, or a page's)."""
        return [action for review in self.reviews for action in review.actions]


# Gathering -------------------------------------------------------------------


def _cutoffs(*readings: dict[int, datetime.date]) -> list[dict[int, datetime.datetime]]:
    """For each of `readings`, rounds {pk: the meeting day to read them at}:
    the moment the committee's view of each is read (see the module's
    docstring). Three grouped queries for them all, whatever the number of
    rounds: the moments a round was published and its entries and owners
    last written (other than by a correction) are the round's own, whatever
    the day it is read at."""
    pks = {pk for reading in readings for pk in reading}
    if not pks:
        return [{} for _ in readings]
    moments = defaultdict(list)

    def note(rows):
        for pk, moment in rows:
            if moment is not None:
                moments[pk].append(moment)

    note(
        Round.history.filter(id__in=pks, status=PUBLISHED)
        .order_by()
        .values("id")
        .annotate(at=Min("history_date"))
        .values_list("id", "at")
    )

    def last_write(history, round_field):
        # The last write to the round's entries (or their owners) that was
        # not a correction.
        return (
            history.filter(**{f"{round_field}__in": pks})
            .exclude(history_change_reason__startswith=CORRECTION)
            .order_by()
            .values(round_field)
            .annotate(at=Max("history_date"))
            .values_list(round_field, "at")
        )

    note(last_write(ProgressEntry.history, "round_id"))
    note(last_write(EntryResponsibility.history, "entry__round_id"))
    return [{pk: max([_end_of_day(day), *moments[pk]]) for pk, day in reading.items()} for reading in readings]


def _at(cutoffs: dict[int, datetime.datetime], round_field: str) -> Case:
    return Case(
        *[When(**{round_field: pk}, then=Value(moment)) for pk, moment in cutoffs.items()],
        output_field=DateTimeField(),
    )


def _as_at(history, cutoffs, round_field: str):
    """Of `history` (historical rows of entries or their owners): each
    object's row as it stood at its round's cutoff (else its first row:
    written after the cutoff without a correction, as the demo's are), in
    SQL, never deleted by then."""
    model = history.model
    latest = (
        model.objects.filter(id=OuterRef("id"), history_date__lte=OuterRef("cutoff"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    first = model.objects.filter(id=OuterRef("id")).order_by("history_date", "history_id").values("history_id")[:1]
    return (
        history.annotate(cutoff=_at(cutoffs, round_field))
        .annotate(seen=Coalesce(Subquery(latest), Subquery(first)))
        .filter(history_id=F("seen"))
        .exclude(history_type="-")
    )


# The builder's own working rows, made by the thousand: plain slotted
# dataclasses (a frozen one's every field is set through object.__setattr__,
# 50 times slower to make).


@dataclass(slots=True)
class _Seen:
    """An entry as the committee saw it."""

    entry: int
    received: bool
    grade: int | None
    evidence: str


def _entries_seen(cutoffs: dict[int, datetime.datetime] | None, rounds: list[int]) -> dict[tuple[int, int], _Seen]:
    """{(action, round): _Seen} for the entries of `rounds`, as at their
    cutoffs (None: as they are now). One query."""
    fields = ("id", "action_id", "round_id", "status", "grade", "evidence_of_progress")
    if not rounds:
        return {}
    if cutoffs is None:
        rows = ProgressEntry.objects.filter(round__in=rounds).values_list(*fields)
    else:
        rows = _as_at(ProgressEntry.history.filter(round_id__in=rounds), cutoffs, "round_id").values_list(*fields)
    seen = {}
    for pk, action, round, status, grade, evidence in rows:
        received = ProgressEntry.is_received_status(status)
        seen[action, round] = _Seen(pk, received, grade if received else None, evidence if received else "")
    return seen


def _owners_seen(cutoffs: dict[int, datetime.datetime] | None, rounds: list[int]) -> dict[int, tuple[str, ...]]:
    """{entry: owners' names, lead first} for the entries of `rounds`, as at
    their cutoffs (None: now). One query."""
    if not rounds:
        return {}
    if cutoffs is None:
        rows = (
            EntryResponsibility.objects.filter(entry__round__in=rounds)
            .order_by("entry", "position", "pk")
            .values_list("entry_id", "owner__name")
        )
    else:
        rows = (
            _as_at(EntryResponsibility.history.filter(entry__round_id__in=rounds), cutoffs, "entry__round_id")
            .order_by("entry_id", "position", "id")
            .values_list("entry_id", "owner__name")
        )
    owners = defaultdict(list)
    for entry, name in rows:
        owners[entry].append(name)
    return {entry: tuple(names) for entry, names in owners.items()}


def evidence_pieces(before: str, after: str) -> tuple[Piece, ...]:
    """`after` in pieces, the words not in `before` marked new; long runs of
    unchanged words are cut to their ends, so the old text is not repeated
    in full. Both read as plain text (paragraphs, '•' bullets)."""
    if before == after:
        return ()
    old = re.findall(r"\S+\s*", richtext.to_plain(before))
    new = re.findall(r"\S+\s*", richtext.to_plain(after))
    return _pieces(old, new, _word_opcodes(old, new))


def _pieces(old: list[str], new: list[str], opcodes, *, show_removed=False, context=CONTEXT_WORDS) -> tuple[Piece, ...]:
    """evidence_pieces() of `new` against `old` (their words, each with the
    space after it) from the opcodes of their diff (_word_opcodes());
    `show_removed`: the words removed too, each run before the new words
    that replaced it; `context`: the unchanged words kept either side."""
    # Runs of unchanged words and changes, each [changed, removed, added].
    runs = []
    for tag, i1, i2, j1, j2 in opcodes:
        changed = tag != "equal"
        removed, added = ("".join(old[i1:i2]) if changed else ""), "".join(new[j1:j2])
        if runs and runs[-1][0] == changed:
            runs[-1][1] += removed
            runs[-1][2] += added
        else:
            runs.append([changed, removed, added])

    def shows(run) -> bool:
        # A change the reader sees: new words, or words removed where shown.
        return run[0] and bool(run[2] or (show_removed and run[1]))

    if not any(shows(run) for run in runs):
        return ()
    # A word or two in common inside changed text ('in', 'the') is the new
    # text's own: marked with it, so the reader sees phrases, not confetti.
    merged, between = [], ""
    for run in runs:
        short = not run[0] and len(run[2].split()) < 3
        if merged and shows(merged[-1]) and (shows(run) or short):
            last = merged[-1]
            if run[0]:
                last[1] += (between if last[1] and run[1] else "") + run[1]
                last[2] += run[2]
                between = ""
            else:
                last[2] += run[2]
                between += run[2]
            continue
        between = ""
        if len(merged) == 1 and not merged[0][0] and len(merged[0][2].split()) < 3 and shows(run):
            merged[0] = [True, run[1], merged[0][2] + run[2]]  # a word or two before the first change
            continue
        merged.append(list(run))
    pieces = []
    last = len(merged) - 1
    for n, (changed, removed, added) in enumerate(merged):
        if changed:
            if show_removed and removed.strip():
                pieces.append(Piece(removed, False, removed=True))
            if added:
                pieces.append(Piece(added, True))
            continue
        words = re.findall(r"\S+\s*", added)
        if n == 0:  # before the first change: its end alone
            pieces.append(Piece(("… " if len(words) > context else "") + "".join(words[-context:]), False))
        elif n == last:  # after the last: its start alone
            pieces.append(Piece("".join(words[:context]) + (" …" if len(words) > context else ""), False))
        elif len(words) > 2 * context:
            pieces.append(Piece("".join(words[:context]) + "… " + "".join(words[-context:]), False))
        else:
            pieces.append(Piece(added, False))
    return tuple(pieces)


def _lines(words: list[str]) -> list[tuple[int, int]]:
    """The (start, end) of each line (a paragraph or a bullet) in `words`,
    each word with the space after it."""
    lines, start = [], 0
    for n, word in enumerate(words):
        if "\n" in word:
            lines.append((start, n + 1))
            start = n + 1
    if start < len(words):
        lines.append((start, len(words)))
    return lines


def _word_opcodes(old: list[str], new: list[str]):
    """(tag, i1, i2, j1, j2) over `old`'s and `new`'s words, as difflib's
    opcodes of a word-by-word diff say them ("equal", "insert", "replace",
    "delete"), runs of the same tag possibly split in two. Lines are matched
    first and words only within the lines that differ: an update that keeps
    a paragraph and adds one is diffed by its lines alone (a word-by-word
    diff of two 200-word texts takes 0.2 ms, and a committee's page makes
    one per action)."""
    a, b = [w.strip() for w in old], [w.strip() for w in new]
    old_lines, new_lines = _lines(old), _lines(new)
    by_line = difflib.SequenceMatcher(
        a=[tuple(a[start:end]) for start, end in old_lines],
        b=[tuple(b[start:end]) for start, end in new_lines],
        autojunk=False,
    )

    def span(lines, first, after, total):
        start = lines[first][0] if first < len(lines) else total
        return start, (lines[after - 1][1] if after > first else start)

    for tag, i1, i2, j1, j2 in by_line.get_opcodes():
        old_lo, old_hi = span(old_lines, i1, i2, len(old))
        lo, hi = span(new_lines, j1, j2, len(new))
        if tag != "replace":
            yield tag, old_lo, old_hi, lo, hi
            continue
        by_word = difflib.SequenceMatcher(a=a[old_lo:old_hi], b=b[lo:hi], autojunk=False)
        for word_tag, k1, k2, m1, m2 in by_word.get_opcodes():
            yield word_tag, old_lo + k1, old_lo + k2, lo + m1, lo + m2


def text_diff(before: str, after: str, *, show_removed: bool = False, context: int = CONTEXT_WORDS) -> Diff:
    """`after` against `before` (evidence_pieces()): most of it new, the
    whole of it, rewritten; earlier words gone, said. `show_removed`, for a
    correction of a published paper: the words it removed shown (struck
    through), never the whole text as rewritten; `context`: the unchanged
    words kept either side of a change."""
    if before == after:
        return Diff()
    old = re.findall(r"\S+\s*", richtext.to_plain(before))
    new = re.findall(r"\S+\s*", richtext.to_plain(after))
    opcodes = list(_word_opcodes(old, new))
    if show_removed:
        return Diff(_pieces(old, new, opcodes, show_removed=True, context=context))
    kept = sum(j2 - j1 for tag, _, _, j1, j2 in opcodes if tag == "equal")
    removed = kept < len(old)
    if new and old and (len(new) - kept) / len(new) > REWRITTEN_SHARE:
        return Diff((Piece(richtext.to_plain(after), False),), rewritten=True, removed=False)
    return Diff(_pieces(old, new, opcodes, context=context), removed=removed)


def _decision(decision: "_Decided", counted=True) -> DecisionChange:
    return DecisionChange(
        decision=decision.decision,
        meeting_date=decision.meeting_date,
        sentence=decision_sentence(Decision(decision.decision).label, decision.meeting_date, decision.reason),
        counted=counted,
    )


# The fields whose correction is shown as changed words, not old → new.
LONG_TEXT_FIELDS = ("evidence_of_progress", "grade_explanation", "evidence_of_impact")


@dataclass(slots=True)
class _Decided:
    """A published decision of the committee, as read for the first look."""

    pk: int
    action: int
    round: int
    decision: str
    meeting_date: datetime.date
    reason: str
    counted: bool = True


@dataclass(slots=True)
class _Glance(_Moves):
    """The first look at an action, enough to count it and to tell whether
    it changed (the rule on _Moves): no diffs, no names, no sentences."""

    pk: int
    review: int
    in_before: bool
    in_after: bool
    old: _Seen | None  # its entry in the round before as the committee saw it
    new: _Seen | None  # and in the round after
    owners_before: tuple[str, ...]
    owners_after: tuple[str, ...]
    move: str
    target_changes: tuple  # the moments its revisions in the window were accepted
    decisions: tuple[_Decided, ...]  # in the window, but the one it left by
    corrections: tuple[int, ...]  # the history rows of its corrections in the window
    left_by: _Decided | None
    has_new_evidence: bool

    @property
    def grade_before(self) -> int | None:
        return self.old.grade if self.old else None

    @property
    def grade_after(self) -> int | None:
        return self.new.grade if self.new else None


def _words(text: str) -> list[str]:
    return richtext.to_plain(text).split()


def build_changes(
    committee_name: str,
    reviews: list[Review],
    *,
    since: datetime.date,
    until: datetime.date | None = None,
    responses_shown=frozenset(),
    today: datetime.date | None = None,
    as_printed: bool = False,
    detail_for: slice | None = None,
) -> ChangesSince:
    """What changed for `reviews` (those the reader may read, with their
    committee) between the meeting of `since` and that of `until` (None:
    today). `responses_shown`: the pks of the reviews whose executive
    responses the reader may see (Review.shows_responses_to). `as_printed`:
    for the Progress Update's section, the round after read as the paper
    prints it, the entries as they are now, and the corrections made up to
    now listed. `detail_for`: which of the actions that changed, across the
    reviews in the order they are listed (review, then document order), to
    give in full (a page's: `page_of()`); None, every one. The counts always
    cover every action.

    A first look at every action reads only what tells whether it changed
    and counts it (grades, owners, whether the evidence's words differ, the
    number of revisions, decisions and corrections); the diffs, the names
    and the sentences are made for the actions given in full alone. A fixed
    number of queries whatever the number of reviews and actions."""
    today = today or timezone.localdate()
    review_pks = [review.pk for review in reviews]
    published = list(
        Round.objects.filter(review__in=review_pks, status=PUBLISHED).values_list(
            "pk", "review", "period", "meeting_date", "decisions_published_at"
        )
    )
    labels = {pk: period for pk, _, period, _, _ in published}

    def latest(review, by):
        rounds = [r for r in published if r[1] == review and (by is None or r[3] <= by)]
        return max(rounds, key=lambda r: r[2]) if rounds else None

    before = {review: latest(review, since) for review in review_pks}
    after = {review: latest(review, until) for review in review_pks}
    before_cut, after_cut = _cutoffs(
        {r[0]: since for r in before.values() if r}, {r[0]: until for r in after.values() if r} if until else {}
    )
    after_cut = after_cut if until else None
    # Each review's window for corrections and revisions: from the cutoff
    # of its round before (or the end of the `since` meeting's day) to that
    # of its round after (or the end of `until`'s day; for today, now).
    window = {}
    for review in review_pks:
        start = before_cut[before[review][0]] if before[review] else _end_of_day(since)
        end = None
        if until is not None:
            end = after_cut[after[review][0]] if after[review] else _end_of_day(until)
        window[review] = (start, end)
    # Corrections: to now where the round after is read as it is now.
    correction_window = {review: (start, None) for review, (start, _) in window.items()} if as_printed else window

    before_rounds = [r[0] for r in before.values() if r]
    after_rounds = [r[0] for r in after.values() if r]
    seen_before = _entries_seen(before_cut, before_rounds)
    # As printed, the round after is read as it is now.
    read_after = None if as_printed else after_cut
    seen_after = _entries_seen(read_after, after_rounds)
    owners_before = _owners_seen(before_cut, before_rounds)
    owners_after = _owners_seen(read_after, after_rounds)

    decided = {pk: period for pk, _, period, _, when in published if when is not None}
    actions = list(
        Action.objects.filter(recommendation__review__in=review_pks)
        .annotate(leaves=leaves_monitoring(decided))
        .order_by("recommendation__review", *document_order())
        .values_list("pk", "recommendation__review", "recommendation__executive_response__response", "leaves")
    )

    # The committee's published decisions in the window, and those that
    # took an action out of monitoring (for why it left).
    decisions = CommitteeDecision.objects.published().filter(action__recommendation__review__in=review_pks)
    read = ("pk", "action_id", "round_id", "decision", "meeting_date", "reason")
    window_decisions, leaving = defaultdict(list), {}
    upper = {} if until is None else {"meeting_date__lt": until}
    for row in (
        decisions.filter(meeting_date__gte=since, **upper).order_by("meeting_date", "round__period").values_list(*read)
    ):
        window_decisions[row[1]].append(_Decided(*row))
    for row in decisions.filter(decision__in=LEAVES_MONITORING).order_by("round__period").values_list(*read):
        leaving.setdefault(row[1], _Decided(*row))
    decided_after = {(d.action, d.round): d for ds in window_decisions.values() for d in ds}

    # The moments each action's accepted revisions were decided.
    revised = defaultdict(list)
    for action, decided_at in (
        TargetRevision.objects.published()
        .filter(action__recommendation__review__in=review_pks, decided_at__isnull=False)
        .values_list("action_id", "decided_at")
    ):
        revised[action].append(decided_at)

    corrected = defaultdict(list)
    for history_id, action, review, when in _correction_rows(
        correction_window, action__recommendation__review__in=review_pks
    ).values_list("history_id", "action_id", "action__recommendation__review", "history_date"):
        if _within(correction_window[review], when):
            corrected[action].append(history_id)

    responses = defaultdict(list)
    shown = [pk for pk in review_pks if pk in responses_shown]
    upper_day = {} if until is None else {"responded_on__lt": until}
    for answer in (
        ExecutiveResponse.objects.filter(recommendation__review__in=shown, responded_on__gte=since, **upper_day)
        .select_related("recommendation")
        .order_by("recommendation__number")
    ):
        responses[answer.recommendation.review_id].append(
            ResponseChange(
                number=answer.recommendation.number,
                response=answer.get_response_display(),
                responded_on=answer.responded_on,
                reasons=answer.reasons,
            )
        )

    # The first look at every action.
    by_review = defaultdict(list)
    for pk, review, response, leaves in actions:
        b, a = before[review], after[review]
        rejected = response == Response.REJECTED
        in_before, in_after = (
            _carried(pk, rejected, leaves, b, seen_before),
            _carried(pk, rejected, leaves, a, seen_after),
        )
        left = in_before and not in_after and pk in leaving
        old = seen_before.get((pk, b[0])) if in_before else None
        new = seen_after.get((pk, a[0])) if in_after else None
        move = ""
        if in_before and in_after:
            decision = decided_after.get((pk, a[0]))
            grade_after, grade_before = new.grade, old.grade
            # The officer's grade is a proposal until the committee decides:
            # between meetings it reads as the grades move.
            move = movement_on_paper(grade_after, grade_before, decision=decision.decision if decision else None)
        left_by = None
        if left:
            leaver = leaving[pk]
            left_by = dataclasses.replace(leaver, counted=any(d.pk == leaver.pk for d in window_decisions[pk]))
        # New evidence: the text after differs from the one before (none
        # where the two meetings had the same round before them).
        old_text = old.evidence if old else ""
        evidence = new is not None and not (b is not None and b[0] == a[0]) and new.evidence != old_text
        glance = _Glance(
            pk=pk,
            review=review,
            in_before=in_before,
            in_after=in_after,
            old=old,
            new=new,
            owners_before=owners_before.get(old.entry, ()) if old else (),
            owners_after=owners_after.get(new.entry, ()) if new else (),
            move=str(move),
            target_changes=tuple(t for t in revised[pk] if _within(window[review], t)),
            decisions=tuple(d for d in window_decisions[pk] if not (left and d.pk == leaving[pk].pk)),
            corrections=tuple(corrected[pk]),
            left_by=left_by,
            has_new_evidence=evidence,
        )
        # Only what changed is listed (and counted). Where the evidence is
        # all that may have, its words are compared (a text only re-spaced
        # or re-bulleted has nothing new).
        if glance.changed_but_evidence or (evidence and _words(old_text) != _words(new.evidence)):
            by_review[review].append(glance)

    sections, order = [], sorted(reviews, key=lambda r: r.title)
    changed = [glance for review in order for glance in by_review[review.pk]]
    page = changed if detail_for is None else changed[detail_for]
    first = 0 if detail_for is None else (detail_for.indices(len(changed))[0] if changed else 0)
    detail = _details(page, review_pks if detail_for is None else None, window, correction_window, labels)

    meeting_of = {pk: meeting for pk, _, _, meeting, _ in published}
    place = 0
    for review in order:
        b, a = before[review.pk], after[review.pk]
        glances = by_review[review.pk]
        if not (glances or responses[review.pk] or b or a):
            continue
        listed = tuple(detail[g.pk] for g in glances if g.pk in detail)
        starts_here = (first <= place < first + len(page)) if glances else first == 0
        sections.append(
            ReviewChanges(
                title=review.title,
                slug=review.slug,
                before_label=labels[b[0]].strftime("%B %Y") if b else "",
                after_label=labels[a[0]].strftime("%B %Y") if a else "",
                actions=listed,
                responses=tuple(responses[review.pk]),
                before_meeting=meeting_of[b[0]] if b else None,
                after_meeting=meeting_of[a[0]] if a else None,
                counts=Counts.of(glances, responses[review.pk]),
                total=len(glances),
                starts_here=detail_for is None or starts_here,
            )
        )
        place += len(glances)
    return ChangesSince(
        committee=committee_name,
        since=since,
        until=until,
        today=today,
        reviews=tuple(sections),
        as_printed=as_printed and until is not None,
        total=len(changed),
        first=first,
    )


def _details(page, review_pks, window, correction_window, labels) -> dict[int, ActionChange]:
    """{action: ActionChange} for the first looks of `page`: the actions'
    names, their target words and revisions' sentences, the new evidence
    marked, the decisions' and corrections' sentences. Five queries (none
    for an empty page), reading the reviews `review_pks` whole where every
    action is given in full, else the page's actions alone."""
    if not page:
        return {}
    if review_pks is None:
        pks = [glance.pk for glance in page]
        listed, scope = Action.objects.filter(pk__in=pks), {"action__in": pks}
    else:
        listed = Action.objects.filter(recommendation__review__in=review_pks)
        scope = {"action__recommendation__review__in": review_pks}
    actions = {action.pk: action for action in listed.select_related("recommendation", "sub_action")}
    # Every accepted revision, and whether every reader knows of it
    # (TargetRevisionQuerySet.published): to word the target as it stood,
    # and to list those published and decided in the window.
    revisions = defaultdict(list)
    for revision in (
        TargetRevision.objects.accepted()
        .filter(**scope)
        .annotate(known=Exists(TargetRevision.objects.published().filter(pk=OuterRef("pk"))))
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ):
        revisions[revision.action_id].append(revision)
    # A correction of the evidence shown above it as new: its change compactly.
    shown = frozenset(glance.pk for glance in page if glance.has_new_evidence)
    corrections = _corrections(correction_window, labels, evidence_shown=shown, **scope)
    found = {}
    for glance in page:
        action, accepted, (start, end) = actions[glance.pk], revisions[glance.pk], window[glance.review]
        # The target as it stood at the end of the window, as every reader
        # knew it: the original where no published revision stood by then.
        standing = [r for r in accepted if r.known and (end is None or (r.decided_at and r.decided_at <= end))]
        found[glance.pk] = ActionChange(
            pk=glance.pk,
            reference=action.reference,
            name=action.name,
            full_name=_full_name(action),
            in_before=glance.in_before,
            in_after=glance.in_after,
            grade_before=glance.grade_before,
            grade_after=glance.grade_after,
            movement=glance.move,
            movement_label=Movement(glance.move).label if glance.move else "",
            owners_before=glance.owners_before,
            owners_after=glance.owners_after,
            target=target_words(
                standing[-1].after_label if standing else accepted[0].before_label if accepted else action.target_label,
                revised=len(standing),
                originally=standing[0].before_label if standing else "",
            ),
            target_changes=tuple(
                TargetChange(
                    r.before_label, r.after_label, r.reason, user_name(r.decided_by), timezone.localdate(r.decided_at)
                )
                for r in accepted
                if r.known and r.decided_at and _within((start, end), r.decided_at)
            ),
            evidence=(
                text_diff(glance.old.evidence if glance.old else "", glance.new.evidence)
                if glance.has_new_evidence
                else Diff()
            ),
            decisions=tuple(_decision(d) for d in glance.decisions),
            corrections=tuple(corrections.get(glance.pk, ())),
            left_by=_decision(glance.left_by, counted=glance.left_by.counted) if glance.left_by else None,
        )
    return found


def _full_name(action) -> str:
    """Action.name without its words cut short: the reference and the
    strand's heading, else the sub-action's text, else the recommendation's."""
    label = str(action.recommendation.number) + (f" {action.sub_action.letter})" if action.sub_action_id else "")
    words = action.strand or (action.sub_action.text if action.sub_action_id else action.recommendation.text)
    return f"{label} {' '.join(richtext.to_plain(words).split())}".strip()


def _carried(action: int, rejected: bool, leaves, round, seen) -> bool:
    """Whether `round` (a published round's row) carried `action`: it has
    an entry there and the carry-forward rule (carried_into(); `leaves`:
    the month of standing.leaves_monitoring()) says so."""
    if round is None or (action, round[0]) not in seen:
        return False
    return carried_into(round[2], rejected=rejected, ended=leaves)


def _correction_rows(window, **scope):
    """The history rows of corrections of published entries (`scope`: of
    which actions) made after the earliest start of the reviews' windows;
    the caller keeps those within its review's window (_within())."""
    starts = [start for start, _ in window.values()]
    if not starts:
        return ProgressEntry.history.none()
    return ProgressEntry.history.filter(
        history_change_reason__startswith=CORRECTION, history_date__gt=min(starts), **scope
    )


def _corrections(window, labels, evidence_shown=frozenset(), **scope) -> dict[int, list[Correction]]:
    """{action: [Correction]}: the corrections of published entries
    (`scope`: of which actions) made in each review's window, each field
    before and after (a long text's words removed and added), and who was
    responsible where the correction changed it. `evidence_shown`: the
    actions whose Evidence of Progress is shown whole as new evidence, whose
    correction of it keeps fewer words around the change. Three queries."""
    starts = [start for start, _ in window.values()]
    if not starts:
        return {}
    history = ProgressEntry.history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        _correction_rows(window, **scope)
        .select_related("history_user", "action__recommendation")
        .annotate(previous_id=Subquery(previous))
        .order_by("history_date", "history_id")
    )
    records = [r for r in records if _within(window[r.action.recommendation.review_id], r.history_date)]
    earlier = {r.history_id: r for r in history.objects.filter(history_id__in=[r.previous_id for r in records])}
    owner_changes = defaultdict(lambda: ([], []))
    for link in (
        EntryResponsibility.history.filter(
            history_change_reason__startswith=CORRECTION,
            entry_id__in=[r.id for r in records],
            history_date__gt=min(starts),
        )
        .select_related("owner")
        .order_by("history_date", "history_id")
    ):
        removed, added = owner_changes[link.entry_id, link.history_change_reason]
        (added if link.history_type == "+" else removed).append(link.owner.name if link.owner_id else "")
    found = defaultdict(list)
    for record in records:
        before = earlier.get(record.previous_id)
        changes = []
        # An update the committee never received (a draft, one returned)
        # was "No update received" on the paper: its words stay the
        # officers', before a correction and after one alike.
        received = (
            before is not None and ProgressEntry.is_received_status(before.status),
            ProgressEntry.is_received_status(record.status),
        )
        if before is not None and any(received):
            for name in ProgressEntry.CONTENT_FIELDS:
                old = getattr(before, name) if received[0] else None
                new = getattr(record, name) if received[1] else None
                if old != new:
                    long = all(received) and name in LONG_TEXT_FIELDS and _long(old, new)
                    compact = name == "evidence_of_progress" and record.action_id in evidence_shown
                    context = COMPACT_CONTEXT_WORDS if compact else CONTEXT_WORDS
                    diff = text_diff(old or "", new or "", show_removed=True, context=context) if long else None
                    changes.append(
                        FieldChange(
                            FIELD_WORDS.get(name, name),
                            field_display(before, name) if received[0] else NO_UPDATE_RECEIVED,
                            field_display(record, name) if received[1] else NO_UPDATE_RECEIVED,
                            diff,
                        )
                    )
        removed, added = owner_changes.pop((record.id, record.history_change_reason), ([], []))
        if removed or added:
            changes.append(FieldChange("Responsibility", ", ".join(removed) or "(none)", ", ".join(added) or "(none)"))
        found[record.action_id].append(
            Correction(
                round_label=labels[record.round_id].strftime("%B %Y") if record.round_id in labels else "",
                reason=record.history_change_reason.removeprefix(CORRECTION),
                who=who_changed(record),
                when=record.history_date,
                changes=tuple(changes),
            )
        )
    return found


def _long(*texts) -> bool:
    """A text too long to quote twice: more words than the context kept."""
    return any(len((text or "").split()) > CONTEXT_WORDS for text in texts)


def _within(window, moment) -> bool:
    start, end = window
    return moment > start and (end is None or moment <= end)
