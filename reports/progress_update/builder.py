"""Gathers a review's progress update into plain data.

`build_progress_update()` makes every query up front, a fixed number whatever
the review's size; what it returns is dataclasses and strings, so the web page
and the document renderers never touch the database.
"""

import datetime
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from actionplans.grading import NO_UPDATE_RECEIVED, Decision, Movement, Response
from actionplans.history import user_name
from actionplans.models import (
    Action,
    CommitteeDecision,
    Delivery,
    EntryResponsibility,
    EvidenceFile,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    Standing,
    SubAction,
    TargetRevision,
    day_label,
    exempt_notice,
    is_illustrative,
    marked,
    target_as_at,
)
from actionplans.models.common import month_label, printed_names
from actionplans.models.council import (
    Printing,
    ScaleLevel,
    Scales,
    Wording,
    all_scales,
    council,
    current_scale,
    terms_read_once,
)
from actionplans.models.decisions import NOT_CARRIED_IN_PAPERS, decision_sentence
from actionplans.models.deliveries import DeliveredThrough
from actionplans.models.plan import part_words, response_of
from actionplans.models.standing import known_actions, standing_rows
from actionplans.models.targets import day_as_at, month_as_at
from reports.changes.builder import build_changes
from reports.changes.data import ChangesSince
from reports.documents import NO_OPTIONS, ExportOptions
from reports.expressions import OneOf, RoundMonth

NO_UPDATE = NO_UPDATE_RECEIVED
# The title, the introduction and the grading key's heading are the
# council's words (models/council.py): each ProgressUpdate carries them.


@dataclass(frozen=True)
class RoundData:
    label: str  # "March 2020"
    period_code: str  # "2020-03"
    period: datetime.date
    is_published: bool
    deadline: datetime.date | None = None
    meeting_date: datetime.date | None = None
    illustrative: tuple[str, ...] = ()  # the dates the demo invents (Round.illustrative)
    missing_words: str = NO_UPDATE_RECEIVED  # for an action carried without an update (Round.missing_update_words)


@dataclass(frozen=True)
class FileData:
    """An evidence file the update carries, as the record lists it: the
    public version leaves out a file marked as exempt information."""

    title: str
    kind: str  # "PDF", "Word document"
    size: int  # bytes
    size_label: str  # "12 KB"
    sha256: str
    exempt_notice: str = ""

    @property
    def words(self) -> str:
        """'Minutes (PDF, 12 KB)': one line of the record. The papers do not
        print its SHA-256 (the spreadsheet's Evidence files sheet and the
        clerk's published record give it)."""
        return f"{self.title} ({self.kind}, {self.size_label})"


@dataclass(frozen=True)
class EntryData:
    """An action's place in one round: its update, or the lack of one."""

    round: RoundData
    received: bool
    evidence_of_progress: str = ""
    grade: ScaleLevel | None = None  # as given, on the scale of its day
    grade_explanation: str = ""
    evidence_of_impact: str = ""
    responsibility: tuple[str, ...] = ()
    # What was typed before each name (" / ", " & ", a new line): printed so.
    responsibility_joins: tuple[str, ...] = ()
    # The committee's published decision to keep the action open at this
    # round, in words ("Kept open by the committee on 12 March 2020"), or "".
    committee_note: str = ""
    # "Exempt information (paragraph 3)" where the clerk marked the update
    # (or its action, or its recommendation) as exempt; in the public
    # version its words are this notice (withhold_exempt()).
    exempt_notice: str = ""
    # The evidence files the update carries (clean ones: scanned for malware).
    files: tuple[FileData, ...] = ()
    # How its grade moved since the grade before (a Movement value): the
    # one rule, council.Scales.movement.
    movement: str = Movement.NO_UPDATE

    @property
    def files_words(self) -> str:
        """The files as a bulleted list of rich text, one a line, or ''."""
        return "\n".join(f"- {file.words}" for file in self.files)

    @property
    def responsibility_printed(self) -> str:
        """'Tahir Ali / Louise Crisp': as the clerk or the import typed it."""
        return printed_names(self.responsibility, self.responsibility_joins)


@dataclass(frozen=True)
class DecisionData:
    """The committee's published decision on an action at one round."""

    round_label: str
    decision: str  # a grading.Decision value
    words: str  # "Closed, not achieved"
    reason: str
    meeting_date: datetime.date | None  # None: read from imported papers (CommitteeDecision.from_papers)
    illustrative: tuple[str, ...] = ()  # its round's days the demo invents (Round.illustrative)

    @property
    def sentence(self) -> str:
        """'Closed, not achieved at the meeting of 12 March 2020: …'"""
        return decision_sentence(self.words, self.meeting_date, self.reason, round=self, decision=self.decision)


@dataclass(frozen=True)
class RevisionData:
    """One revision of an action's target, as its story tells it."""

    before: str  # "October 2019"
    after: str  # "March 2021"
    reason: str
    status: str  # TargetRevision.Status
    status_label: str  # "Accepted"
    proposed_by: str
    proposed_on: datetime.date
    decided_by: str = ""
    decided_on: datetime.date | None = None
    refusal_comment: str = ""
    by_clerk: bool = False  # a clerk's own change, not an officer's proposal


@dataclass(frozen=True)
class ActionData:
    reference: str  # "1 a) Frontline staff"
    recommendation_number: int
    letter: str
    strand: str
    responsibility: tuple[str, ...]
    target: str  # "October 2019", or the plan's own words
    target_month: datetime.date | None
    agreed_action: str
    success_measure: str
    entries: tuple[EntryData, ...]
    # The plan's day for the target, where it gave one ("15 March 2025"), for a date cell.
    target_day: datetime.date | None
    signed_off_in: str  # a round's label, or ""
    decisions: tuple[DecisionData, ...] = ()  # the committee's published decisions, round by round
    closed_at: str = ""  # the label of the round at which the committee closed it, unachieved
    closed_reason: str = ""  # why the committee closed it
    closed_on: datetime.date | None = None  # the meeting that closed it
    closed_on_label: str = ""  # "12 March 2020", marked where the demo invents it
    # The target's revisions up to the document's round, oldest first:
    # `target` already says how often it was revised, and the original.
    revisions: tuple[RevisionData, ...] = ()
    # The partnership plans' actions that deliver it (its recommendation's
    # too), each with its latest RAG as at the round: "Delivered through:
    # Hate Crime Action Plan 2018–2019, 1.6 (Green, Q2 2018)".
    delivered_through: tuple[DeliveredThrough, ...] = ()
    # "Exempt information (paragraph 3)" where the action or its
    # recommendation is marked as exempt information, or "".
    exempt_notice: str = ""
    # The action's own record (its story's page links by it); never printed.
    pk: int | None = None
    # What was typed before each name of `responsibility` (" / ", " & ").
    responsibility_joins: tuple[str, ...] = ()
    # How many rounds shown carried it or hold its update (its story's
    # "Every progress update (n)"): len(entries), also where only the
    # latest and those its movement reads were read (`latest_only`).
    updates: int = 0
    # The council's own reference of the action, as written ("1.1"), or "".
    council_reference: str = ""

    @property
    def responsibility_printed(self) -> str:
        """'Sarah Wilson & Jeff Parks': as the clerk or the import typed it."""
        return printed_names(self.responsibility, self.responsibility_joins)

    @property
    def latest_entry(self) -> EntryData | None:
        """Its place in the latest round shown that carried it."""
        return self.entries[-1] if self.entries else None

    @property
    def latest_movement(self) -> Movement | None:
        return Movement(self.latest_entry.movement) if self.entries else None

    @property
    def delivered_through_words(self) -> str:
        """One line per partnership action, as every format prints them."""
        return "\n".join(link.printed for link in self.delivered_through)

    @property
    def times_revised(self) -> int:
        return sum(1 for revision in self.revisions if revision.status == TargetRevision.Status.ACCEPTED)

    @property
    def revision_words(self) -> str:
        """'revised once; originally October 2019', or '' (the spreadsheet's column)."""
        return self.target.partition(" (")[2].removesuffix(")") if self.times_revised else ""

    def decision_at(self, round_label: str) -> DecisionData | None:
        return next((d for d in self.decisions if d.round_label == round_label), None)

    @property
    def closed_words(self) -> str:
        """'Closed, not achieved, by the committee at its meeting of 12 March
        2020: its work moved into … No longer monitored.', or ''; where the
        imported papers only left it out of the next one, just that."""
        if not self.closed_at:
            return ""
        if self.closed_on is None:
            return f"{NOT_CARRIED_IN_PAPERS}. No longer monitored."
        words = f"Closed, not achieved, by the committee at its meeting of {self.closed_on_label}"
        return (
            f"{words}: {self.closed_reason}. No longer monitored."
            if self.closed_reason
            else f"{words}. No longer monitored."
        )

    def committee_words(self, entry: EntryData) -> str:
        """What every format prints of the committee's decision at `entry`'s
        round: that it kept the action open there, or closed it there."""
        if entry.committee_note:
            return f"{entry.committee_note}."
        return self.closed_words if self.closed_at == entry.round.label else ""


@dataclass
class SubActionData:
    letter: str
    text: str
    action: ActionData | None = None
    strands: list[ActionData] = field(default_factory=list)

    @property
    def actions(self) -> list[ActionData]:
        return ([self.action] if self.action else []) + self.strands

    @property
    def words(self) -> str:
        """Its text as printed after its letter (part_words())."""
        return part_words(self.letter, self.text)


@dataclass
class RecommendationData:
    number: int
    text: str
    action: ActionData | None = None
    sub_actions: list[SubActionData] = field(default_factory=list)
    # The executive's published response, where the document says it (see
    # response_note()): "Rejected by Cabinet on 5 March 2019: <reasons>".
    response_note: str = ""
    # The executive rejected it (where the response is shown): not monitored.
    is_rejected: bool = False
    # "Exempt information (paragraph 3)" where it is marked so, or "".
    exempt_notice: str = ""
    # The council's own reference, as written ("SR (25/26) 01"), or "".
    council_reference: str = ""

    @property
    def actions(self) -> list[ActionData]:
        own = [self.action] if self.action else []
        return own + [action for sub in self.sub_actions for action in sub.actions]


@dataclass
class ProgressUpdate:
    review_title: str
    review_slug: str
    committee: str
    link_officers: tuple[str, ...]
    action_plan_agreed: str
    round: RoundData | None
    rounds: list[RoundData]
    recommendations: list[RecommendationData]
    full_history: bool
    wording: Wording | None = None
    # The grades of the scale the document's latest grades were given on.
    grading_key: list[ScaleLevel] = field(default_factory=list)
    action_plan_agreed_month: datetime.date | None = None  # the month itself, for the spreadsheet
    # What changed since an earlier meeting, printed in front (reports/changes/).
    changes: ChangesSince | None = None
    # Every version of the scale: how the summary names a grade given
    # under another version than the key's.
    scales: Scales | None = None

    @property
    def grades_print(self) -> str:
        """How the paper prints every grade it holds, an earlier round's
        too (Printing): as its grading key's scale prints them, so that
        seed 000's September 2020 paper prints March's '2 (On-Track)'
        where March's own paper printed '2'."""
        return self.grading_key[0].prints if self.grading_key else Printing.CODE_AND_LABEL

    @property
    def actions(self) -> list[ActionData]:
        return [action for rec in self.recommendations for action in rec.actions]

    @property
    def is_draft(self) -> bool:
        """A round not yet published can only be printed as a draft."""
        return self.round is not None and not self.round.is_published

    @property
    def title(self) -> str:
        """'SCRUTINY MONITORING – PROGRESS UPDATE': the council's title, as
        the papers print it, in capitals."""
        return self.wording.update_title.upper() if self.wording else ""

    @property
    def grading_key_heading(self) -> str:
        return self.wording.grading_key_heading if self.wording else ""

    @property
    def introduction(self) -> str:
        if self.wording is None:
            return ""
        has_impact = any(entry.evidence_of_impact for action in self.actions for entry in action.entries)
        if has_impact and self.wording.impact_sentence:
            return f"{self.wording.introduction} {self.wording.impact_sentence}"
        return self.wording.introduction


# What the documents read of each update.
ENTRY_FIELDS = (
    "id",
    "action_id",
    "round_id",
    "status",
    "grade",
    "level_id",
    "evidence_of_progress",
    "grade_explanation",
    "evidence_of_impact",
    "exempt_paragraph",
)


EntryRow = namedtuple("EntryRow", ENTRY_FIELDS)


def _entry_rows(updates) -> dict[int, dict[int, EntryRow]]:
    """The updates as rows (a long review has thousands), each by its action
    and round."""
    entries = defaultdict(dict)
    for entry in updates.order_by().values_list(*ENTRY_FIELDS, named=True):
        entries[entry.action_id][entry.round_id] = entry
    return entries


def _latest_reads(updates, *, confidential: bool) -> dict:
    """Of an action's updates (`updates`: those of the rounds shown, of the
    outer query's action, latest first), the ones the review's page reads
    (`latest_only`), each a subquery of its pk: its latest; the latest
    naming who was responsible (_responsibility()); and the latest graded
    and received (the grading key's latest grade). Its movement is its
    round's stored standing's (_standing()). The public version withholds
    an exempt update's grade and owners (withhold_exempt), so there its key
    reads the latest graded not withheld, and its responsibility the latest
    not withheld naming any."""
    graded = updates.received().filter(level__isnull=False)  # a grade as given (its level)
    owned = updates.filter(Exists(EntryResponsibility.objects.filter(entry=OuterRef("pk"))))
    reads = {"latest": updates[:1], "owned": owned[:1], "graded": graded[:1]}
    if not confidential:
        public, public_owned = graded.filter(exempt_paragraph__isnull=True), owned.filter(exempt_paragraph__isnull=True)
        reads |= {"public_graded": public[:1], "public_owned": public_owned[:1]}
    return {name: Subquery(read.values("pk")) for name, read in reads.items()}


def _latest_entry_rows(of_review, rounds: list[Round], *, confidential: bool):
    """The review's page (`latest_only`): of each action's updates in the
    rounds shown, only those _latest_reads() names, as rows by action and
    round; and by action, how many of its updates are in rounds that do
    not carry it (its page counts them with the rounds that do). Two
    queries, whatever the number of rounds."""
    # Each update's round's month, without a join to the rounds.
    updates = (
        ProgressEntry.objects.filter(round__in=[r.pk for r in rounds], action=OuterRef("pk"))
        .annotate(period=RoundMonth("round", {r.pk: r.period for r in rounds}))
        .order_by("-period")
    )
    # Its updates in published rounds that did not carry it: those with no
    # standing there (models/standing.py).
    carried = Standing.objects.filter(action=OuterRef("action"), round=OuterRef("round"))
    uncarried = (
        updates.filter(round__in=[r.pk for r in rounds if r.is_published])
        .exclude(Exists(carried))
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reads = _latest_reads(updates, confidential=confidential)
    summary = (
        of_review.order_by()
        .annotate(uncarried=Coalesce(Subquery(uncarried), 0), **reads)
        .values_list("pk", "uncarried", *reads)
    )
    counts, read = {}, set()
    for pk, n, *pks in summary:
        counts[pk] = n
        read.update(pk for pk in pks if pk is not None)
    return _entry_rows(ProgressEntry.objects.filter(OneOf("pk", read))), counts


def _grading_key(recommendations, scales: Scales, kept_scale: int | None, review=None) -> list[ScaleLevel]:
    """The grading key the document prints: the scale its latest grade was
    given on (a round graded before the council changed its scale keeps
    the key it was graded with), else the scale in force when its round was
    published (Round.published_scale), else the scale `review` grades on now."""
    scales = {scale.id: scale.levels for scale in scales.versions}
    latest = None
    for rec in recommendations:
        for action in rec.actions:
            for entry in action.entries:
                if entry.grade is not None and (latest is None or entry.round.period >= latest[0]):
                    latest = (entry.round.period, entry.grade.id)
    if latest is not None:
        given_on = next((grades for grades in scales.values() if any(g.id == latest[1] for g in grades)), None)
        if given_on:
            return list(given_on)
    if kept_scale in scales:
        return list(scales[kept_scale])
    return list(current_scale(review=review))


def response_note(answer, review: Review) -> str:
    """What the Progress Update says of the executive's response, in one
    line under the recommendation: a rejection and its reasons, or the part
    accepted. An accepted recommendation needs no words: its actions follow."""
    if answer is None or answer.response == Response.ACCEPTED:
        return ""
    said = f"{answer.get_response_display()} by {review.decision_maker} on {day_label(answer.responded_on)}"
    if answer.response == Response.REJECTED:
        reasons = answer.reasons.rstrip()
        stop = "" if reasons.endswith((".", "!", "?")) else "."
        return f"{said}: {reasons}{stop} Not monitored."
    return f"{said}: {answer.accepted_part}" if answer.accepted_part else f"{said}."


def _round_data(round: Round) -> RoundData:
    return RoundData(
        label=round.label,
        period_code=round.period_code,
        period=round.period,
        is_published=round.is_published,
        deadline=round.deadline,
        meeting_date=round.meeting_date,
        illustrative=tuple(round.illustrative),
        missing_words=round.missing_update_words,
    )


def why_not_changes_since(round, since: datetime.date) -> str:
    """Why a paper for `round` cannot carry what changed since the meeting
    of `since`, or '': the meeting must come before the round's own (the
    export form says so; the builder leaves such a section out)."""
    if since >= round.meeting_date:
        return f"Choose a meeting before the {round.label} update’s own"
    return ""


@dataclass(frozen=True)
class _Material:
    """What a review's progress update is made from, read once for the whole
    document in a fixed number of queries, whatever the review's size: its
    recommendations, parts and actions, and the updates, their owners and
    files, the grades, the targets' revisions and the partnership plans'
    deliveries, each by its action or update."""

    rounds: list  # the rounds printed, oldest first
    round: Round | None  # the document's round
    round_data: dict  # RoundData, by the round's pk
    decided: set  # the rounds whose committee decisions the document prints
    recommendations: list
    sub_actions: list
    actions: list
    decisions: dict  # the committee's decisions (each with its round), by action
    owners: dict  # who is responsible now, _who() of (name, joined by) pairs, by action
    delivered: dict  # the partnership plans' actions delivering each action
    entries: dict  # EntryRow, by action and round
    levels: dict  # every grade as given (ScaleLevel), by its id
    scales: Scales  # every version of the scale, for the grading key
    # Each action's standing at each round: (its grade's movement, a
    # Movement value; the grade received, by id) by (action, round).
    standing: dict
    entry_owners: dict  # who was responsible, _who() of (name, joined by) pairs, by update
    entry_files: dict  # FileData, by update
    link_officers: tuple[str, ...]
    revisions: dict  # the target's revisions, by action
    # `latest_only`: `entries` holds only what _latest_reads() names, and
    # `uncarried` counts, by action, its updates in rounds not carrying it.
    latest_only: bool = False
    uncarried: dict = field(default_factory=dict)
    # The public version: an exempt update's owners are not the action's
    # responsibility (_responsibility()).
    withholding: bool = False


@terms_read_once()  # once a document, in a request or not (the worker, the export command)
def build_progress_update(
    review: Review,
    *,
    rounds: list[Round],
    round: Round | None = None,
    full_history: bool = False,
    responses_shown: bool | None = None,
    changes_since: datetime.date | None = None,
    delivered_through: bool = False,
    confidential: bool = False,
    only_its_round: bool = False,
    only_action: Action | None = None,
    latest_only: bool = False,
) -> ProgressUpdate:
    """The review's progress update as at `round` (the latest of `rounds` when
    not given), with the entries of every round of `rounds` up to it (with
    `only_its_round`, of `round` alone: _rounds_printed()).

    `latest_only`: the review's page, which prints each action's latest
    round and links to its own page for the rest: `entries` holds that
    round's and those its movement, responsibility and the grading key
    read (_latest_reads()); `updates` counts every round's.

    `only_action`: that action alone, with its recommendation (its own page,
    action_story), in the same number of queries, whatever the review's size.

    `rounds` are the rounds the reader may see. Without `full_history` only
    the actions the round carries appear (the committee's document); with it,
    every action, each with the rounds that carried it.

    `responses_shown`: whether the executive's responses are printed (the
    review page passes Review.shows_responses_to(reader)); by default, once
    they are published.

    `changes_since`: a meeting of the committee before the round's: what
    changed between it and the round's meeting (_changes_since()).

    `confidential`: the words of what the clerk marked as exempt information
    (Schedule 12A) are printed; by default (the public version) each reads
    its notice instead, "Exempt information (paragraph 3)" (withhold_exempt).
    """
    responses_shown = review.responses_published if responses_shown is None else responses_shown
    rounds, round, decided = _rounds_printed(rounds, round, only_its_round=only_its_round)
    material = _gather(
        review,
        rounds,
        round,
        decided,
        only_action=only_action,
        delivered_through=delivered_through,
        latest_only=latest_only,
        confidential=confidential,
    )
    kept = _recommendations(review, material, responses_shown=responses_shown, full_history=full_history)
    changes = _changes_since(
        review, material, changes_since, responses_shown=responses_shown, confidential=confidential
    )
    document = _document(review, material, kept, changes, full_history=full_history)
    return document if confidential else withhold_exempt(document)


def _rounds_printed(rounds: list[Round], round: Round | None, *, only_its_round: bool):
    """The rounds the document prints, oldest first, up to its round (`round`,
    else the latest), and the rounds whose committee decisions it prints.

    A `round` given is the paper for that round's meeting, and holds only
    what was known before the meeting: the committee's decisions taken at
    it (recorded with the round) are left out, to print in the next round's
    paper. Without one, the review's record (its page, an action's story)
    prints every published decision, the latest round's too.

    `only_its_round`: the round alone, not the rounds before it: a round's
    web page, whose earlier rounds are each on a page of their own (so that
    the page grows with the actions, not with actions × rounds). The
    documents print them all."""
    rounds = sorted(rounds, key=lambda r: r.period)
    paper_for = round
    if round is None and rounds:
        round = rounds[-1]
    if round is not None:
        rounds = [r for r in rounds if r.period <= round.period]
    if only_its_round and round is not None:
        # The rounds before print nothing of their own here: their
        # decisions are their rows' (kept open), and an action they signed
        # off or closed is not carried into this round.
        rounds = [round]
    decided = {r.pk for r in rounds if paper_for is None or r.period < paper_for.period}
    return rounds, round, decided


def _gather(
    review: Review,
    rounds: list[Round],
    round: Round | None,
    decided: set,
    *,
    only_action,
    delivered_through,
    latest_only,
    confidential,
) -> _Material:
    """Every query the document needs, made up front (see _Material): the
    renderers and the steps after it touch no database."""
    recommendations = list(
        Recommendation.objects.filter(review=review).select_related("executive_response").order_by("number")
    )
    sub_actions = list(SubAction.objects.filter(recommendation__review=review).order_by("letter"))
    of_review = Action.objects.filter(recommendation__review=review)
    if only_action is not None:
        of_review = of_review.filter(pk=only_action.pk)
    # The decisions and owners in a query each, not prefetched: a prefetch
    # makes a queryset for every action, a long review's slowest step.
    actions = list(of_review.select_related("recommendation__executive_response", "sub_action"))
    # What delivers each action in the partnership plans, as at the round's
    # publication (now, for a round still open): one query, two for a
    # published round.
    delivered = defaultdict(list)
    if delivered_through:
        delivered = Delivery.objects.delivered_through(
            actions, as_at=round.published_at() if round is not None else None, among=of_review
        )
    decisions = _decisions(of_review) if actions else {}
    scales = all_scales()
    return _Material(
        rounds=rounds,
        round=round,
        round_data={r.pk: _round_data(r) for r in rounds},
        decided=decided,
        recommendations=recommendations,
        sub_actions=sub_actions,
        actions=actions,
        decisions=decisions,
        owners=_owners(of_review) if actions else {},
        delivered=delivered,
        levels=scales.levels,
        scales=scales,
        standing=_standing(review, rounds, only_action, scales),
        link_officers=tuple(owner.name for owner in review.link_officers_in_order()),
        revisions=_target_revisions(of_review, rounds),
        latest_only=latest_only,
        withholding=not confidential,
        **_updates(of_review, rounds, latest_only=latest_only, confidential=confidential),
    )


def _standing(review: Review, rounds: list[Round], only_action, scales: Scales) -> dict[tuple[int, int], tuple]:
    """Each action's grade and how it moved at each round shown, by (action,
    round): as the published rounds' stored standing has it (a correction's
    rewrite included), and for a round still open, as the same rule
    (standing_rows()) makes it of the updates approved so far. One query;
    five more with an open round."""
    only = None if only_action is None else [only_action.pk]
    stored = Standing.objects.filter(round__in=[r.pk for r in rounds if r.is_published])
    if only is not None:
        stored = stored.filter(action__in=only)
    standing = {
        (action, round): facts for action, round, *facts in stored.values_list("action", "round", "movement", "grade")
    }
    for round in (r for r in rounds if r.is_open):
        for row in standing_rows(round, known_actions(review.pk, only), scales):
            standing[row.action_id, round.pk] = (row.movement, row.grade_id)
    return standing


def _updates(of_review, rounds: list[Round], *, latest_only: bool, confidential: bool) -> dict:
    """The updates of the rounds printed (`latest_only`: those the review's
    page reads, _latest_entry_rows()), as rows, not objects (a long review
    has thousands), each by its action and round; and the owners and files
    of those read (_Material's entries, uncarried, entry_owners and
    entry_files)."""
    if latest_only:
        entries, uncarried = _latest_entry_rows(of_review, rounds, confidential=confidential)
        of_entries = OneOf("entry", [row.id for by_round in entries.values() for row in by_round.values()])
    else:
        round_pks = [r.pk for r in rounds]
        entries = _entry_rows(ProgressEntry.objects.filter(round__in=round_pks, action__in=of_review))
        uncarried, of_entries = {}, Q(entry__round__in=round_pks, entry__action__in=of_review)
    return {
        "entries": entries,
        "uncarried": uncarried,
        "entry_owners": _entry_owners(of_entries),
        "entry_files": _entry_files(of_entries),
    }


def _decisions(of_review) -> dict:
    """The committee's decisions on each action, each with its round (what
    Action.published_decisions() reads), by the action's id."""
    decisions = defaultdict(list)
    for decision in CommitteeDecision.objects.filter(action__in=of_review).select_related("round"):
        decisions[decision.action_id].append(decision)
    return decisions


def _owners(of_review) -> dict:
    """Who is responsible for each action now (_who()), in order, by the
    action's id."""
    owners = defaultdict(list)
    for action_id, name, joined_by in Responsibility.objects.filter(action__in=of_review).values_list(
        "action_id", "owner__name", "joined_by"
    ):
        owners[action_id].append((name, joined_by))
    return _shared_who(owners)


def _entry_owners(of_entries) -> dict:
    """Who was responsible for each update (`of_entries`: a condition on
    the `entry`), _who(), in order, by the update's id."""
    entry_owners = defaultdict(list)
    for entry_id, name, joined_by in EntryResponsibility.objects.filter(of_entries).values_list(
        "entry_id", "owner__name", "joined_by"
    ):
        entry_owners[entry_id].append((name, joined_by))
    return _shared_who(entry_owners)


def _shared_who(named: dict) -> dict:
    """_who() of each list of (name, joined by) pairs, by the same keys:
    made once for each different list (a long review names the same few
    officers thousands of times), the same dict shared by all of them."""
    made = {}
    shared = {}
    for key, pairs in named.items():
        pairs = tuple(pairs)
        shared[key] = made.get(pairs) or made.setdefault(pairs, _who(pairs))
    return shared


def _entry_files(of_entries) -> dict:
    """Each update's evidence files (`of_entries`: a condition on the
    `entry`), scanned clean (one not yet checked is no one's to read), in
    the order they were added."""
    entry_files = defaultdict(list)
    for file in EvidenceFile.objects.clean().filter(of_entries).order_by("added_at", "pk"):
        entry_files[file.entry_id].append(_file_data(file))
    return entry_files


def _target_revisions(of_review, rounds: list[Round]) -> dict:
    """Revisions of the targets, by action: a clerk's own, and those the
    link officer has seen (a draft's proposal is the officer's own yet).
    All of them, as a round before the first revision prints the original
    target."""
    revisions = defaultdict(list)
    for revision in (
        TargetRevision.objects.filter(action__in=of_review)
        .filter(Q(entry__isnull=True) | Q(entry__status__in=ProgressEntry.REACHED_LINK_OFFICER))
        .exclude(status=TargetRevision.Status.PROPOSED, entry__round__in=[r.pk for r in rounds if r.is_published])
        .select_related("proposed_by", "decided_by")
        .order_by("applies_from", "decided_at", "pk")
    ):
        revisions[revision.action_id].append(revision)
    return revisions


def _recommendations(
    review: Review, material: _Material, *, responses_shown: bool, full_history: bool
) -> list[RecommendationData]:
    """The recommendations the document prints, each with its parts and
    their actions: without `full_history`, only the actions its round
    carries."""
    recommendation_data, sub_action_data = _recommendation_outline(review, material, responses_shown=responses_shown)
    round = material.round
    for action in material.actions:
        published = action.published_decisions(material.decisions.get(action.pk, ()))
        if round is not None and not full_history and not action.is_carried_into(round, published):
            continue
        _place_action(action, _action_data(action, published, material), recommendation_data, sub_action_data)
    return _kept(recommendation_data)


def _recommendation_outline(review: Review, material: _Material, *, responses_shown: bool):
    """Each recommendation (by its pk) and each part (by the sub-action's
    pk), in order, before their actions are placed in them."""
    recommendation_data = {
        rec.pk: RecommendationData(
            number=rec.number,
            text=rec.text,
            response_note=response_note(response_of(rec), review) if responses_shown else "",
            is_rejected=responses_shown and rec.is_rejected,
            council_reference=rec.council_reference,
        )
        for rec in material.recommendations
    }
    for rec in material.recommendations:
        if rec.is_exempt:
            recommendation_data[rec.pk].exempt_notice = rec.exempt_notice
    sub_action_data = {}
    for sub in material.sub_actions:
        sub_action_data[sub.pk] = SubActionData(letter=sub.letter, text=sub.text)
        recommendation_data[sub.recommendation_id].sub_actions.append(sub_action_data[sub.pk])
    return recommendation_data, sub_action_data


def _place_action(action, data: ActionData, recommendation_data: dict, sub_action_data: dict) -> None:
    """Put an action's data where the plan has it: the recommendation's own
    action, a strand under it, a part's action, or a strand of a part."""
    if action.sub_action_id is None and not action.strand:
        recommendation_data[action.recommendation_id].action = data
    elif action.sub_action_id is None:
        # Strands straight under a recommendation form one letterless part.
        parent = recommendation_data[action.recommendation_id]
        if not (parent.sub_actions and parent.sub_actions[0].letter == ""):
            parent.sub_actions.insert(0, SubActionData(letter="", text=""))
        parent.sub_actions[0].strands.append(data)
    elif not action.strand:
        sub_action_data[action.sub_action_id].action = data
    else:
        sub_action_data[action.sub_action_id].strands.append(data)


def _kept(recommendation_data: dict) -> list[RecommendationData]:
    """The recommendations with something to print, each without its parts
    that have no action: a rejected recommendation has no actions
    monitored, and its one line says why."""
    kept = []
    for rec in recommendation_data.values():
        rec.sub_actions = [sub for sub in rec.sub_actions if sub.actions]
        if rec.actions or rec.response_note:
            kept.append(rec)
    return kept


def _changes_since(
    review: Review, material: _Material, since: datetime.date | None, *, responses_shown: bool, confidential: bool
) -> ChangesSince | None:
    """What changed between the meeting of `since` and the round's meeting
    (reports/changes/; for a round not yet published, up to today's
    published rounds), the round read as the document prints it, with the
    corrections made since it was published; gathered in the same call, a
    fixed number of queries more. None where no such section is printed."""
    round, rounds = material.round, material.rounds
    if since is None or round is None or why_not_changes_since(round, since):
        return None
    changes = build_changes(
        review.committee.name,
        [review],
        since=since,
        until=round.meeting_date if round.is_published and round.meeting_date > since else None,
        responses_shown={review.pk} if responses_shown else set(),
        invented=frozenset(r.meeting_date for r in rounds if is_illustrative(r, "meeting_date")),
    )
    # What changed quotes words and reasons action by action: the public
    # version of a review holding exempt information goes without it
    # (the clerk's confidential version keeps it).
    if not confidential and has_exempt_information(review):
        return None
    return changes


def _document(
    review: Review, material: _Material, kept: list[RecommendationData], changes, *, full_history: bool
) -> ProgressUpdate:
    """The document itself, from the parts the steps before made."""
    round = material.round
    return ProgressUpdate(
        # A published round's paper prints the council's terms as they were
        # when it was published (Round.keep_terms), whatever they are now.
        wording=round.paper_wording() if round is not None else council(),
        grading_key=_grading_key(
            kept, material.scales, round.paper_scale_id if round is not None else None, review=review.pk
        ),
        scales=material.scales,
        changes=changes,
        review_title=review.title,
        review_slug=review.slug,
        committee=review.committee.name,
        link_officers=material.link_officers,
        # The month the plan was agreed, or nothing where its paper gave none:
        # a paper prints no stand-in (issue 73).
        action_plan_agreed=month_label(review.action_plan_agreed),
        action_plan_agreed_month=review.action_plan_agreed,
        round=material.round_data[round.pk] if round is not None else None,
        rounds=list(material.round_data.values()),
        recommendations=kept,
        full_history=full_history,
    )


def build_published_round(round: Round) -> ProgressUpdate:
    """A published round's document as every reader sees it (its review's
    published rounds up to it), in the public version: what the worker
    stores (reports/tasks.py), and what a reader who may not read exempt
    information downloads in its place once the clerk has marked some."""
    rounds = list(Round.objects.filter(review=round.review_id, status=Round.Status.PUBLISHED))
    return build_progress_update(round.review, rounds=rounds, round=round)


def stored_file_serves(review: Review, *, confidential_reader: bool = False) -> bool:
    """Whether a published round's stored file of `review` may be served as
    stored: a file stored before the clerk marked something as exempt
    information still carries its words, so once anything of the review is
    marked it is served only to a reader who may read them
    (permissions.reads_exempt_words); any other reader's document is
    rendered afresh in the public version."""
    return confidential_reader or not has_exempt_information(review)


def has_exempt_information(review: Review) -> bool:
    """Whether the clerk marked anything of `review` as exempt information:
    then a published round's stored file may predate the marking, and a
    document is rendered afresh rather than served from the record."""
    return (
        Recommendation.objects.filter(review=review, exempt_paragraph__isnull=False).exists()
        or Action.objects.filter(recommendation__review=review, exempt_paragraph__isnull=False).exists()
        or ProgressEntry.objects.filter(round__review=review, exempt_paragraph__isnull=False).exists()
        # An evidence file too: the stored documents list each file's title.
        or EvidenceFile.objects.filter(entry__round__review=review, exempt_paragraph__isnull=False).exists()
    )


def withhold_exempt(document: ProgressUpdate) -> ProgressUpdate:
    """The public version: every recommendation, action and update marked as
    exempt information reads its notice ("Exempt information (paragraph 3)")
    in place of its words, so that no renderer can print them. An exempt
    recommendation's parts and actions, and an exempt action's updates,
    are withheld with it; the executive's response to an exempt
    recommendation is left out."""
    recommendations = []
    for rec in document.recommendations:
        rec = replace(rec, sub_actions=list(rec.sub_actions))
        if rec.exempt_notice:
            rec.text, rec.response_note = rec.exempt_notice, ""
        rec.action = _withheld_action(rec.action)
        rec.sub_actions = [
            SubActionData(
                letter=sub.letter,
                text=rec.exempt_notice if rec.exempt_notice and sub.text else sub.text,
                action=_withheld_action(sub.action),
                strands=[_withheld_action(strand) for strand in sub.strands],
            )
            for sub in rec.sub_actions
        ]
        recommendations.append(rec)
    return replace(document, recommendations=recommendations)


def _who(named) -> dict:
    """EntryData's and ActionData's Responsibility from (name, what was
    typed before it) pairs, in order."""
    named = tuple(named)
    return {
        "responsibility": tuple(name for name, _ in named),
        "responsibility_joins": tuple(joined_by for _, joined_by in named),
    }


# No one named: _who(()).
NOBODY = _who(())


def _withheld_action(action: ActionData | None) -> ActionData | None:
    if action is None:
        return None
    notice = action.exempt_notice
    if not notice:
        entries = tuple(_withheld_entry(entry) for entry in action.entries)
        # Nothing withheld: the same (frozen) data, not a copy of it.
        unchanged = all(kept is entry for kept, entry in zip(entries, action.entries, strict=True))
        return action if unchanged else replace(action, entries=entries)
    # The whole record: its name, who, when, what, and every round's update
    # and decision.
    return replace(
        action,
        reference=action.reference.replace(action.strand, notice) if action.strand else action.reference,
        strand=notice if action.strand else "",
        responsibility=(notice,),
        responsibility_joins=(),
        target=notice,
        target_month=None,
        target_day=None,
        agreed_action=notice,
        success_measure=notice,
        entries=tuple(_withheld_entry(entry, notice) for entry in action.entries),
        decisions=tuple(replace(decision, reason="") for decision in action.decisions),
        closed_reason="",
        revisions=(),
        delivered_through=(),
    )


def _withheld_entry(entry: EntryData, notice: str = "") -> EntryData:
    notice = notice or entry.exempt_notice
    if not notice:
        # A file the clerk marked as exempt information is left out.
        if not any(file.exempt_notice for file in entry.files):
            return entry
        return replace(entry, files=tuple(file for file in entry.files if not file.exempt_notice))
    return replace(
        entry,
        received=True,
        evidence_of_progress=notice,
        grade=None,
        movement=Movement.NOT_GRADED,  # the grade withheld, its movement too
        grade_explanation="",
        evidence_of_impact="",
        responsibility=(),
        responsibility_joins=(),
        exempt_notice=notice,
        files=(),
    )


def _revision_data(revision) -> RevisionData:
    return RevisionData(
        before=revision.before_label,
        after=revision.after_label,
        reason=revision.reason,
        status=revision.status,
        status_label=revision.get_status_display(),
        proposed_by=user_name(revision.proposed_by),
        proposed_on=revision.proposed_at.date(),
        decided_by=user_name(revision.decided_by) if revision.decided_at else "",
        decided_on=revision.decided_at.date() if revision.decided_at else None,
        refusal_comment=revision.refusal_comment,
        by_clerk=revision.entry_id is None,
    )


def _action_data(action, published: list, material: _Material) -> ActionData:
    """An action's data as the document prints it, from the material read
    up front: its updates round by round, its target as it stood at the
    document's round, and the committee's decisions known then
    (`published`: its published decisions, Action.published_decisions())."""
    round = material.round
    period = round.period if round is not None else None
    signed_off = action.signed_off_in(published)
    if signed_off is not None and signed_off.pk not in material.decided:
        signed_off = None  # at this paper's own meeting, or after it: not yet known
    decisions = _decisions_known(published, material.decided)
    closing = next((d for d in decisions if signed_off and d.round_label == signed_off.label), None)
    if closing is not None and closing.decision != Decision.CLOSED:
        closing = None
    kept_open = {d.round_label: d for d in decisions if d.decision == Decision.KEPT_OPEN}
    if material.latest_only:
        cells, updates = _latest_cells(action, material, published, kept_open)
    else:
        cells = _entry_cells(action, material, published, kept_open)
        updates = len(cells)
    revisions = material.revisions[action.pk]
    return ActionData(
        reference=action.reference,
        recommendation_number=action.recommendation.number,
        letter=action.sub_action.letter if action.sub_action_id else "",
        strand=action.strand,
        **_responsibility(action, cells, material),
        # As it stood at the round: a published round's document keeps its meaning.
        target=target_as_at(action.target_label, revisions, period),
        target_month=month_as_at(action, revisions, period),
        target_day=day_as_at(action, revisions),
        agreed_action=action.agreed_action,
        success_measure=action.success_measure,
        entries=tuple(cells),
        signed_off_in=signed_off.label if signed_off and signed_off.pk in material.round_data and not closing else "",
        decisions=tuple(decisions),
        closed_at=closing.round_label if closing else "",
        closed_reason=closing.reason if closing else "",
        closed_on=closing.meeting_date if closing else None,
        closed_on_label=marked(day_label(closing.meeting_date), closing, "meeting_date")
        if closing and closing.meeting_date
        else "",
        revisions=tuple(_revision_data(revision) for revision in revisions if revision.is_shown_in(period)),
        delivered_through=tuple(material.delivered[action.pk]),
        exempt_notice=action.exempt_notice or action.recommendation.exempt_notice,
        pk=action.pk,
        updates=updates,
        council_reference=action.council_reference,
    )


def _decisions_known(published: list, decided: set) -> list[DecisionData]:
    """The committee's published decisions (`published`) on the rounds this
    reader sees, those known when the document was written (`decided`)."""
    return [
        DecisionData(
            round_label=d.round.label,
            decision=d.decision,
            words=d.get_decision_display(),
            reason=d.reason,
            meeting_date=d.meeting_date,
            illustrative=tuple(d.round.illustrative),
        )
        for d in published
        if d.round_id in decided
    ]


def _latest_cells(action, material: _Material, published: list, kept_open: dict) -> tuple[list[EntryData], int]:
    """`latest_only`: the action's place in the rounds of the updates read
    (_latest_reads()) and, where a later round carried it with none, in
    that one; and how many rounds printed carried it or hold its update
    (its `updates`)."""
    carried = action.rounds_carried_into(material.rounds, published)
    read = material.entries[action.pk]
    rounds = [r for r in material.rounds if r.pk in read]
    if carried and (not rounds or carried[-1].period > rounds[-1].period):
        rounds.append(carried[-1])
    cells = _entry_cells(action, material, published, kept_open, rounds=rounds)
    return cells, len(carried) + material.uncarried.get(action.pk, 0)


def _entry_cells(action, material: _Material, published: list, kept_open: dict, rounds=None) -> list[EntryData]:
    """The action's place in each round printed (`rounds`, of them) that
    has its update or carried it: the update, or "No update received"
    (published means approved: anything else reads so). `published`: its
    published decisions; `kept_open`: those to keep it open, by their
    round's label."""
    cells = []
    entries_by_round = material.entries[action.pk]
    for r in material.rounds if rounds is None else rounds:
        entry = entries_by_round.get(r.pk)
        if entry is None and not action.is_carried_into(r, published):
            continue
        round_data = material.round_data[r.pk]
        if entry is None or not ProgressEntry.is_received_status(entry.status):
            cells.append(
                EntryData(
                    round=round_data,
                    received=False,
                    **(material.entry_owners.get(entry.id, NOBODY) if entry else NOBODY),
                )
            )
            continue
        movement, grade = material.standing.get((action.pk, r.pk), (Movement.NO_UPDATE, entry.level_id))
        cells.append(
            EntryData(
                round=round_data,
                received=True,
                movement=movement,
                evidence_of_progress=entry.evidence_of_progress,
                grade=material.levels.get(grade) if grade else None,
                grade_explanation=entry.grade_explanation,
                evidence_of_impact=entry.evidence_of_impact,
                **material.entry_owners.get(entry.id, NOBODY),
                committee_note=_kept_open_note(kept_open.get(round_data.label), round_data),
                exempt_notice=exempt_notice(entry.exempt_paragraph) if entry.exempt_paragraph is not None else "",
                files=tuple(material.entry_files.get(entry.id, ())),
            )
        )
    return cells


def _responsibility(action, cells: list[EntryData], material: _Material) -> dict:
    """Responsibility as the latest round shown recorded it; the action's
    present owners (material.owners, by action) where no round did. The
    public version passes over an update it withholds (withhold_exempt
    blanks its owners)."""
    shown = (cell for cell in reversed(cells) if not (material.withholding and cell.exempt_notice))
    latest = next((cell for cell in shown if cell.responsibility), None)
    if latest:
        return {"responsibility": latest.responsibility, "responsibility_joins": latest.responsibility_joins}
    return material.owners.get(action.pk, NOBODY)


def _file_data(file) -> FileData:
    return FileData(
        title=file.title,
        kind=file.kind_info.label,
        size=file.size,
        size_label=file.size_label,
        sha256=file.sha256,
        exempt_notice=file.exempt_notice,
    )


def _kept_open_note(decision: DecisionData | None, round: RoundData) -> str:
    """The decision's meeting is its round's: marked where the demo invents
    the round's meeting date. None where the decision is read from imported
    papers: that the next paper carried the action shows on the page."""
    if decision is None or decision.meeting_date is None:
        return ""
    return f"Kept open by the committee on {marked(day_label(decision.meeting_date), round, 'meeting_date')}"


def filename(document: ProgressUpdate, fmt: str, options: ExportOptions = NO_OPTIONS) -> str:
    """'hate-crime-progress-update-2020-09.pdf' ('…-2020-09-not-for-publication.pdf'
    for the confidential version)."""
    period = document.round.period_code if document.round else "no-round"
    marked = "-not-for-publication" if options.confidential else ""
    return f"{document.review_slug}-progress-update-{period}{marked}.{fmt}"
