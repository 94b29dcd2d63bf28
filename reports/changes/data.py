"""What changed between two meetings, as plain frozen data: per action, per
review and across the committee, with the sentences and counts that every
page, spreadsheet and paper prints. build_changes() (builder.py) gathers
it; nothing here touches the database."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from actionplans.grading import Decision, Movement
from actionplans.models import day_label, marked_if
from reports.diff import Diff
from reports.timeline import decision_words

# The key, after each kind of marking's own sample ("highlighted words").
KEY_WORDS = {
    "new": "are new since the progress update before (in a correction, new in the corrected text)",
    "removed": "are words a correction removed from the published text",
    "rewritten": "marks a text mostly new since the progress update before, given whole",
}


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


class Moves:
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
        return self.movement == Movement.IMPROVED

    @property
    def worse(self) -> bool:
        return self.movement == Movement.WORSE

    @property
    def first_assessed(self) -> bool:
        """Given its first grade that grades (after none, or Not started)."""
        return self.movement == Movement.FIRST

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
            or self.first_assessed
            or self.owners_changed
            or self.target_changes
            or self.decisions
            or self.corrections
        )

    @property
    def changed(self) -> bool:
        return self.changed_but_evidence or self.has_new_evidence


@dataclass(frozen=True)
class ActionChange(Moves):
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
    # The grades as they were given, in the council's words ('2 (On-Track)').
    grade_before_words: str = ""
    grade_after_words: str = ""

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
    def movement_said(self) -> str:
        """The movement's words beside the grades, unless the grades say it
        already: "→ No update received" needs no "No update received" tag."""
        return "" if self.movement == Movement.NO_UPDATE else self.movement_label

    @property
    def grade_before_label(self) -> str:
        return self.grade_before_words

    @property
    def grade_after_label(self) -> str:
        return self.grade_after_words

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
    total: int = 0  # the actions that changed, across the reviews, listed or not
    first: int = 0  # the place of the first action listed among them (0: the first)
    council: str = ""  # the council's name, as its settings give it
    invented: frozenset = frozenset()  # meeting days the demo invents (builder.Meetings)

    def day(self, day: datetime.date) -> str:
        """'24 September 2020', marked where the demo invents the meeting."""
        return marked_if(day_label(day), day in self.invented)

    @property
    def window_words(self) -> str:
        """'between the meetings of 12 March 2020 and 24 September 2020', or
        'since the meeting of 24 September 2020'."""
        if self.until:
            return f"between the meetings of {self.day(self.since)} and {self.day(self.until)}"
        return f"since the meeting of {self.day(self.since)}"

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
