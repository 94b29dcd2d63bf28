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
- each round is read as it stands now: its entries, owners and stored
  standing, corrections included, as every other page reads it, so that
  improved and worse between any two meetings are the stored rule applied
  to the two stored rows (Find actions and the standing agree with it);
- the window between runs from a *cutoff* to a cutoff: the end of the
  meeting's day, or, where later, the moment its round was published, or the
  last write to the round's entries that was not a correction (a round
  imported or loaded as published has its entries written just after it).
  Decisions and revised targets are those of the window; corrections, those
  made after its start up to now, each with its reason: a value that is not
  what the committee read at the meeting says why.

`build_changes()` gathers it all into the frozen dataclasses of data.py in a
fixed number of queries whatever the number of actions; the pages, the
spreadsheet and the Progress Update's section render them without touching
the database. The texts are compared by reports/diff.py.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.utils import timezone

from actionplans import richtext
from actionplans.grading import LEAVES_MONITORING, NO_UPDATE_RECEIVED, Decision, Movement
from actionplans.history import FIELD_WORDS, field_display, user_name, who_changed
from actionplans.models import (
    Action,
    CommitteeDecision,
    EntryResponsibility,
    ExecutiveResponse,
    ProgressEntry,
    Review,
    Round,
    Standing,
    TargetRevision,
    document_order,
    target_words,
)
from actionplans.models.council import Scales, all_scales, council
from actionplans.models.decisions import decision_sentence
from reports.changes.data import (
    ActionChange,
    ChangesSince,
    Correction,
    Counts,
    DecisionChange,
    FieldChange,
    Moves,
    ResponseChange,
    ReviewChanges,
    TargetChange,
)
from reports.diff import CONTEXT_WORDS, Diff, text_diff

PUBLISHED = Round.Status.PUBLISHED
CORRECTION = "Correction: "
# The page lists this many of the actions that changed at a time, across
# the committee's reviews; the counts, the spreadsheet and the documents
# always cover every action.
PER_PAGE = 50
# Fewer in a correction of a text the reader has just read whole above it.
COMPACT_CONTEXT_WORDS = 4


def page_of(number: int) -> slice:
    """Which of the actions that changed page `number` (from 1) lists in full."""
    return slice((number - 1) * PER_PAGE, number * PER_PAGE)


# The two meetings ------------------------------------------------------------


class Meetings(list):
    """The committee's meeting days, oldest first; `invented`: those the
    demo invents (Round.illustrative), marked wherever they are printed."""

    invented: frozenset = frozenset()


def meetings_of(reviews) -> Meetings:
    """The committee's meetings: the distinct meeting dates of the published
    rounds of `reviews` (a queryset or list), oldest first. One query."""
    rows = (
        Round.objects.filter(review__in=reviews, status=PUBLISHED)
        .order_by("meeting_date")
        .values_list("meeting_date", "illustrative")
    )
    meetings, invented = Meetings(), set()
    for day, marks in rows:
        if not meetings or meetings[-1] != day:
            meetings.append(day)
        if "meeting_date" in (marks or ()):
            invented.add(day)
    meetings.invented = frozenset(invented)
    return meetings


def default_since(meetings: list[datetime.date], today: datetime.date) -> datetime.date | None:
    """The latest meeting on or before `today` (else the first there is)."""
    past = [m for m in meetings if m <= today]
    return past[-1] if past else (meetings[0] if meetings else None)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The start of the next day in the council's time zone: what the
    committee saw by the end of the meeting's day."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, ZoneInfo(settings.TIME_ZONE))


# Gathering -------------------------------------------------------------------


def _cutoffs(*readings: dict[int, datetime.date]) -> list[dict[int, datetime.datetime]]:
    """For each of `readings`, rounds {pk: their meeting's day}: the moment
    the window between the meetings starts or ends at each (see the module's
    docstring). Four grouped queries for them all, whatever the number of
    rounds: the moments a round was published and its entries, owners and
    standing last written (other than by a correction) are the round's own,
    whatever the day it is read at."""
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

    def last_write(history, round_field, *, but=()):
        # The last write to the round's entries (or their owners, or its
        # standing) that was not a correction (nor one of `but`'s).
        written = history.filter(**{f"{round_field}__in": pks})
        for reason in (CORRECTION, *but):
            written = written.exclude(history_change_reason__startswith=reason)
        return written.order_by().values(round_field).annotate(at=Max("history_date")).values_list(round_field, "at")

    note(last_write(ProgressEntry.history, "round_id"))
    note(last_write(EntryResponsibility.history, "entry__round_id"))
    note(last_write(Standing.history, "round_id", but=(Round.DECISIONS_REASON,)))
    return [{pk: max([_end_of_day(day), *moments[pk]]) for pk, day in reading.items()} for reading in readings]


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


def _entries_seen(rounds: list[int]) -> dict[tuple[int, int], _Seen]:
    """{(action, round): _Seen} for the entries of `rounds`. One query."""
    fields = ("id", "action_id", "round_id", "status", "grade", "evidence_of_progress")
    if not rounds:
        return {}
    seen = {}
    for pk, action, round, status, grade, evidence in ProgressEntry.objects.filter(round__in=rounds).values_list(
        *fields
    ):
        received = ProgressEntry.is_received_status(status)
        seen[action, round] = _Seen(pk, received, grade if received else None, evidence if received else "")
    return seen


@dataclass(frozen=True)
class _Stood:
    """An action's stored standing in a round, as the committee read it."""

    movement: str
    grade: int | None  # the grade received, by id (None: no update)
    grade_before: int | None  # the latest grade received before the round, by id


def _standing_seen(rounds: list[int]) -> dict[tuple[int, int], _Stood]:
    """{(action, round): its stored standing} for each action `rounds`
    carried, corrections included. One query."""
    if not rounds:
        return {}
    rows = Standing.objects.filter(round__in=rounds)
    read = ("action_id", "round_id", "movement", "grade_id", "grade_before_id")
    return {(action, round): _Stood(*facts) for action, round, *facts in rows.values_list(*read)}


def _owners_seen(rounds: list[int]) -> dict[int, tuple[str, ...]]:
    """{entry: owners' names, lead first} for the entries of `rounds`. One query."""
    if not rounds:
        return {}
    rows = (
        EntryResponsibility.objects.filter(entry__round__in=rounds)
        .order_by("entry", "position", "pk")
        .values_list("entry_id", "owner__name")
    )
    owners = defaultdict(list)
    for entry, name in rows:
        owners[entry].append(name)
    return {entry: tuple(names) for entry, names in owners.items()}


def _decision(decision: "_Decided", counted=True) -> DecisionChange:
    return DecisionChange(
        decision=decision.decision,
        meeting_date=decision.meeting_date,
        sentence=decision_sentence(
            Decision(decision.decision).label,
            decision.meeting_date,
            decision.reason,
            round=decision,
            decision=decision.decision,
        ),
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
    illustrative: list  # its round's days the demo invents (Round.illustrative)
    counted: bool = True


@dataclass(slots=True)
class _Glance(Moves):
    """The first look at an action, enough to count it and to tell whether
    it changed (the rule on Moves): no diffs, no names, no sentences."""

    pk: int
    review: int
    in_before: bool
    in_after: bool
    old: _Seen | None  # its entry in the round before
    new: _Seen | None  # and in the round after
    levels: tuple  # the grades received in the two, by id, as their standing stores them
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

    @property
    def movement(self) -> str:
        return self.move

    def grade_words(self, scales: Scales) -> tuple[str, str]:
        """The grades before and after as they were given ('2 (On-Track)'),
        as the rounds' stored standing has them."""
        return tuple(scales.level(pk).printed if pk is not None else "" for pk in self.levels)


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
    detail_for: slice | None = None,
    invented: frozenset = frozenset(),
) -> ChangesSince:
    """What changed for `reviews` (those the reader may read, with their
    committee) between the meeting of `since` and that of `until` (None:
    today). `responses_shown`: the pks of the reviews whose executive
    responses the reader may see (Review.shows_responses_to). `detail_for`:
    which of the actions that changed, across the reviews in the order they
    are listed (review, then document order), to give in full (a page's:
    `page_of()`); None, every one. The counts always cover every action.

    A first look at every action reads only what tells whether it changed
    and counts it (grades, owners, whether the evidence's words differ, the
    number of revisions, decisions and corrections); the diffs, the names
    and the sentences are made for the actions given in full alone. A fixed
    number of queries whatever the number of reviews and actions."""
    today = today or timezone.localdate()
    review_pks = [review.pk for review in reviews]
    span = _span(review_pks, since, until)
    seen = _rounds_seen(span)
    actions = _action_rows(review_pks)
    events = _events(review_pks, span, since, until)
    responses = _responses(review_pks, responses_shown, since, until)
    by_review = _first_looks(actions, span, seen, events)
    sections, changed, first = _review_sections(reviews, by_review, responses, span, detail_for)
    return ChangesSince(
        council=council().council_name,
        committee=committee_name,
        since=since,
        until=until,
        today=today,
        reviews=tuple(sections),
        total=len(changed),
        first=first,
        invented=invented,
    )


@dataclass(frozen=True)
class _Span:
    """Each review's published rounds either side of the two meetings, when
    the committee read each, and the windows between: those for revisions
    and decisions, and those for corrections."""

    published: list  # every published round: (pk, review, period, meeting date, decisions published at)
    labels: dict  # each published round's period, by its pk
    before: dict  # each review's round before (its row), or None, by the review's pk
    after: dict  # and its round after
    window: dict  # each review's (start, end) moments (end None: now)
    correction_window: dict  # the same, for corrections: from its start to now


def _span(review_pks: list[int], since: datetime.date, until: datetime.date | None) -> _Span:
    """The rounds either side and the windows between (_Span): the round
    before is each review's latest published round meeting on or before
    `since`; the round after, its latest meeting on or before `until` (for
    today, its latest). A review's window runs from the cutoff of its round
    before (or the end of the `since` meeting's day) to that of its round
    after (or the end of `until`'s day; for today, now)."""
    published = list(
        Round.objects.filter(review__in=review_pks, status=PUBLISHED).values_list(
            "pk", "review", "period", "meeting_date", "decisions_published_at"
        )
    )

    def latest(review, by):
        rounds = [r for r in published if r[1] == review and (by is None or r[3] <= by)]
        return max(rounds, key=lambda r: r[2]) if rounds else None

    before = {review: latest(review, since) for review in review_pks}
    after = {review: latest(review, until) for review in review_pks}
    before_cut, after_cut = _cutoffs(
        {r[0]: since for r in before.values() if r}, {r[0]: until for r in after.values() if r} if until else {}
    )
    window = {}
    for review in review_pks:
        start = before_cut[before[review][0]] if before[review] else _end_of_day(since)
        end = None
        if until is not None:
            end = after_cut[after[review][0]] if after[review] else _end_of_day(until)
        window[review] = (start, end)
    return _Span(
        published=published,
        labels={pk: period for pk, _, period, _, _ in published},
        before=before,
        after=after,
        window=window,
        correction_window={review: (start, None) for review, (start, _) in window.items()},
    )


@dataclass(frozen=True)
class _RoundsSeen:
    """The entries of the rounds either side, and who was responsible for
    each, as they stand (_entries_seen(), _owners_seen())."""

    before: dict
    after: dict
    owners_before: dict
    owners_after: dict
    # Each action's stored standing (_Stood), by (action, round), for each
    # action that the rounds either side carried.
    carried: dict
    # Each round after's round before it (its review's published round
    # before it), by pk: where it is the round before, what changed is its
    # stored movement.
    follows: dict
    scales: Scales


def _rounds_seen(span: _Span) -> _RoundsSeen:
    """The rounds either side as they stand, corrections included."""
    before_rounds = [r[0] for r in span.before.values() if r]
    after_rounds = [r[0] for r in span.after.values() if r]
    return _RoundsSeen(
        before=_entries_seen(before_rounds),
        after=_entries_seen(after_rounds),
        owners_before=_owners_seen(before_rounds),
        owners_after=_owners_seen(after_rounds),
        carried=_standing_seen(before_rounds + after_rounds),
        follows=_follows(span.published),
        scales=all_scales(),
    )


def _follows(published: list) -> dict[int, int]:
    """Each published round's published round before it, by pk (of rows of
    (pk, review, period, …))."""
    follows, last = {}, {}
    for pk, review, *_ in sorted(published, key=lambda row: row[2]):
        if review in last:
            follows[pk] = last[review]
        last[review] = pk
    return follows


def _action_rows(review_pks: list[int]) -> list[tuple]:
    """Every action of the reviews, in document order: (pk, review)."""
    return list(
        Action.objects.filter(recommendation__review__in=review_pks)
        .order_by("recommendation__review", *document_order())
        .values_list("pk", "recommendation__review")
    )


@dataclass(frozen=True)
class _Events:
    """What happened to each action in the window, by the action's pk."""

    window_decisions: dict  # the committee's published decisions in the window
    leaving: dict  # the published decision that took it out of monitoring
    revised: dict  # the moments its accepted revisions were decided
    corrected: dict  # the history rows of its corrections in the window


def _events(review_pks: list[int], span: _Span, since: datetime.date, until: datetime.date | None) -> _Events:
    """The committee's published decisions in the window, and those that
    took an action out of monitoring (for why it left); the moments each
    action's accepted revisions were decided; the corrections in each
    review's window. Four queries."""
    decisions = CommitteeDecision.objects.published().filter(action__recommendation__review__in=review_pks)
    read = ("pk", "action_id", "round_id", "decision", "meeting_date", "reason", "round__illustrative")
    window_decisions, leaving = defaultdict(list), {}
    upper = {} if until is None else {"meeting_date__lt": until}
    for row in (
        decisions.filter(meeting_date__gte=since, **upper).order_by("meeting_date", "round__period").values_list(*read)
    ):
        window_decisions[row[1]].append(_Decided(*row))
    for row in decisions.filter(decision__in=LEAVES_MONITORING).order_by("round__period").values_list(*read):
        leaving.setdefault(row[1], _Decided(*row))
    revised = defaultdict(list)
    for action, decided_at in (
        TargetRevision.objects.published()
        .filter(action__recommendation__review__in=review_pks, decided_at__isnull=False)
        .values_list("action_id", "decided_at")
    ):
        revised[action].append(decided_at)
    corrected = defaultdict(list)
    for history_id, action, review, when in _correction_rows(
        span.correction_window, action__recommendation__review__in=review_pks
    ).values_list("history_id", "action_id", "action__recommendation__review", "history_date"):
        if _within(span.correction_window[review], when):
            corrected[action].append(history_id)
    return _Events(
        window_decisions=window_decisions,
        leaving=leaving,
        revised=revised,
        corrected=corrected,
    )


def _responses(
    review_pks: list[int], responses_shown, since: datetime.date, until: datetime.date | None
) -> dict[int, list[ResponseChange]]:
    """The executive's responses recorded in between, by review, for the
    reviews whose responses the reader may see."""
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
    return responses


def _first_looks(actions: list[tuple], span: _Span, seen: _RoundsSeen, events: _Events) -> dict[int, list[_Glance]]:
    """The first look at every action, by review: only those that changed
    are listed (and counted). Where the evidence is all that may have, its
    words are compared (a text only re-spaced or re-bulleted has nothing
    new)."""
    by_review = defaultdict(list)
    for pk, review in actions:
        glance = _glance(pk, review, span, seen, events)
        old_text = glance.old.evidence if glance.old else ""
        if glance.changed_but_evidence or (glance.has_new_evidence and _words(old_text) != _words(glance.new.evidence)):
            by_review[review].append(glance)
    return by_review


def _glance(pk: int, review: int, span: _Span, seen: _RoundsSeen, events: _Events) -> _Glance:
    """What tells whether one action changed: whether the rounds either
    side carried it, its entries there, its owners, its movement, and what
    happened to it in the window."""
    b, a = span.before[review], span.after[review]
    stood_before = seen.carried.get((pk, b[0])) if b is not None else None
    stood_after = seen.carried.get((pk, a[0])) if a is not None else None
    in_before, in_after = stood_before is not None, stood_after is not None
    left = in_before and not in_after and pk in events.leaving
    old = seen.before.get((pk, b[0])) if in_before else None
    new = seen.after.get((pk, a[0])) if in_after else None
    move = ""
    if in_before and in_after:
        # The grades' own movement (the one rule, Scales.movement): the
        # committee's decisions are decisions, listed as such. Between a
        # round and the one before it, as its standing stored it; across
        # several rounds, the same rule applied to the two stored rows: the
        # grade received at the later against the grade standing at the
        # earlier (the latest that grades, Scales.grade_before).
        later, earlier = stood_after, stood_before
        if seen.follows.get(a[0]) == b[0]:
            move = later.movement
        else:
            scales = seen.scales
            standing = scales.grade_before([scales.level(earlier.grade_before), scales.level(earlier.grade)])
            move = scales.movement(scales.level(later.grade), standing)
    left_by = None
    if left:
        leaver = events.leaving[pk]
        left_by = dataclasses.replace(leaver, counted=any(d.pk == leaver.pk for d in events.window_decisions[pk]))
    # New evidence: the text after differs from the one before (none
    # where the two meetings had the same round before them).
    old_text = old.evidence if old else ""
    # An update not received has no evidence: nothing new, nothing removed.
    evidence = new is not None and new.received and not (b is not None and b[0] == a[0]) and new.evidence != old_text
    return _Glance(
        pk=pk,
        review=review,
        in_before=in_before,
        in_after=in_after,
        old=old,
        new=new,
        levels=(stood_before.grade if old else None, stood_after.grade if new else None),
        owners_before=seen.owners_before.get(old.entry, ()) if old else (),
        owners_after=seen.owners_after.get(new.entry, ()) if new else (),
        move=str(move),
        target_changes=tuple(t for t in events.revised[pk] if _within(span.window[review], t)),
        decisions=tuple(d for d in events.window_decisions[pk] if not (left and d.pk == events.leaving[pk].pk)),
        corrections=tuple(events.corrected[pk]),
        left_by=left_by,
        has_new_evidence=evidence,
    )


def _review_sections(reviews: list[Review], by_review: dict, responses: dict, span: _Span, detail_for):
    """Each review's changes, by title, with the actions that changed given
    in full (those of `detail_for` alone, where given), and every action
    that changed, and the place of the first given in full among them."""
    sections, order = [], sorted(reviews, key=lambda r: r.title)
    changed = [glance for review in order for glance in by_review[review.pk]]
    page = changed if detail_for is None else changed[detail_for]
    first = 0 if detail_for is None else (detail_for.indices(len(changed))[0] if changed else 0)
    review_pks = [review.pk for review in reviews] if detail_for is None else None
    detail = _details(page, review_pks, span.window, span.correction_window, span.labels)
    meeting_of = {pk: meeting for pk, _, _, meeting, _ in span.published}
    place = 0
    for review in order:
        b, a = span.before[review.pk], span.after[review.pk]
        glances = by_review[review.pk]
        if not (glances or responses[review.pk] or b or a):
            continue
        starts_here = (first <= place < first + len(page)) if glances else first == 0
        sections.append(
            ReviewChanges(
                title=review.title,
                slug=review.slug,
                before_label=span.labels[b[0]].strftime("%B %Y") if b else "",
                after_label=span.labels[a[0]].strftime("%B %Y") if a else "",
                actions=tuple(detail[g.pk] for g in glances if g.pk in detail),
                responses=tuple(responses[review.pk]),
                before_meeting=meeting_of[b[0]] if b else None,
                after_meeting=meeting_of[a[0]] if a else None,
                counts=Counts.of(glances, responses[review.pk]),
                total=len(glances),
                starts_here=detail_for is None or starts_here,
            )
        )
        place += len(glances)
    return sections, changed, first


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
    revisions = _accepted_revisions(scope)
    # A correction of the evidence shown above it as new: its change compactly.
    shown = frozenset(glance.pk for glance in page if glance.has_new_evidence)
    corrections = _corrections(correction_window, labels, evidence_shown=shown, **scope)
    scales = all_scales()
    return {
        glance.pk: _action_change(
            glance,
            actions[glance.pk],
            revisions[glance.pk],
            window[glance.review],
            corrections.get(glance.pk, ()),
            grade_words=glance.grade_words(scales),
        )
        for glance in page
    }


def _accepted_revisions(scope: dict) -> dict[int, list]:
    """Every accepted revision (`scope`: of which actions), by action, and
    whether every reader knows of it (TargetRevisionQuerySet.published): to
    word the target as it stood, and to list those published and decided
    in the window."""
    revisions = defaultdict(list)
    for revision in (
        TargetRevision.objects.accepted()
        .filter(**scope)
        .annotate(known=Exists(TargetRevision.objects.published().filter(pk=OuterRef("pk"))))
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ):
        revisions[revision.action_id].append(revision)
    return revisions


def _action_change(glance: _Glance, action, accepted: list, window, corrections, *, grade_words) -> ActionChange:
    """One action given in full: its first look, with its names, the
    target as every reader knew it at the end of the window (the original
    where no published revision stood by then), the revisions decided in
    the window, the new evidence marked, and the sentences of its decisions
    and corrections."""
    start, end = window
    words_before, words_after = grade_words
    standing = [r for r in accepted if r.known and (end is None or (r.decided_at and r.decided_at <= end))]
    return ActionChange(
        pk=glance.pk,
        reference=action.reference,
        name=action.name,
        full_name=_full_name(action),
        in_before=glance.in_before,
        in_after=glance.in_after,
        grade_before=glance.grade_before,
        grade_after=glance.grade_after,
        grade_before_words=words_before,
        grade_after_words=words_after,
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
        corrections=tuple(corrections),
        left_by=_decision(glance.left_by, counted=glance.left_by.counted) if glance.left_by else None,
    )


def _full_name(action) -> str:
    """Action.name without its words cut short: the reference and the
    strand's heading, else the sub-action's text, else the recommendation's."""
    return action.named_as(lambda words: " ".join(richtext.to_plain(words).split()))


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
    records, earlier = _correction_records(window, scope)
    owner_changes = _owner_corrections(records, min(starts))
    found = defaultdict(list)
    for record in records:
        changes = _field_changes(earlier.get(record.previous_id), record, evidence_shown)
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


def _correction_records(window, scope: dict) -> tuple[list, dict]:
    """The history rows of the corrections made in each review's window, in
    the order they were made, and the rows before them (what each
    corrected), by their history id. Two queries."""
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
    return records, earlier


def _owner_corrections(records: list, after: datetime.datetime) -> dict:
    """The names each correction of `records` removed from and added to who
    was responsible, by (entry, the correction's reason). One query."""
    owner_changes = defaultdict(lambda: ([], []))
    for link in (
        EntryResponsibility.history.filter(
            history_change_reason__startswith=CORRECTION,
            entry_id__in=[r.id for r in records],
            history_date__gt=after,
        )
        .select_related("owner")
        .order_by("history_date", "history_id")
    ):
        removed, added = owner_changes[link.entry_id, link.history_change_reason]
        (added if link.history_type == "+" else removed).append(link.owner.name if link.owner_id else "")
    return owner_changes


def _field_changes(before, record, evidence_shown: frozenset) -> list[FieldChange]:
    """Each field a correction changed, before and after it. An update the
    committee never received (a draft, one returned) was "No update
    received" on the paper: its words stay the officers', before a
    correction and after one alike."""
    changes = []
    received = (
        before is not None and ProgressEntry.is_received_status(before.status),
        ProgressEntry.is_received_status(record.status),
    )
    if before is None or not any(received):
        return changes
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
    return changes


def _long(*texts) -> bool:
    """A text too long to quote twice: more words than the context kept."""
    return any(len((text or "").split()) > CONTEXT_WORDS for text in texts)


def _within(window, moment) -> bool:
    start, end = window
    return moment > start and (end is None or moment <= end)
