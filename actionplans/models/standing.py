"""A published round's standing: where each action it carried stood when it
was published, as a fact written once (Standing), not worked out again by
every page that shows it.

Publication writes a row for each action the round carries (the carry-
forward rule, Action.is_carried_into): the grade it received as given (or
none: "No update received"), the grade it received before, as given, the
movement between them, the committee's published decision at the round and
its target as the round's paper prints it. The rows are worked out by the
rules beside their models, in Python, once (standing_rows()): the committee
dashboards, Find actions, the annual report and every other view of a
published round read them, and nothing they show of a published round is
derived again from the settings as they are now.

What may change a published round's standing afterwards rewrites the rows it
changes, in its own transaction, with history (StandingQuerySet.write): a
correction, the committee's decisions. (The executive's response cannot:
a recommendation a round has carried is never recorded as Rejected; nor
can a target revised, which applies from the round open then.) The
models below this one reach the rows through their relations
(`round.standings`, `action.standings`), as the tiers of docs/layout.md
have them. `manage.py check_standing` works every stored row out again and
lists any that differ.
"""

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actionplans.grading import Decision, Movement
from actionplans.models.common import HistoryReadAsAt, reason_field
from actionplans.models.council import (
    CALLS_FOR_ATTENTION,
    ON_TRACK_OR_ACHIEVED,
    PROPOSES_SIGN_OFF,
    ScaleGrade,
    Scales,
    all_scales,
)
from actionplans.models.decisions import CommitteeDecision
from actionplans.models.review import Action
from actionplans.models.rounds import ProgressEntry, Round
from actionplans.models.targets import TargetRevision, month_as_at, target_as_at

# What a row says, beside which round and action it is of: what write()
# compares and rewrites.
FACTS = ("entry", "grade", "grade_before", "movement", "decision", "target", "target_month")


# Where an action stands in a round, as conditions on its stored row: the
# grade's rules (council.GradeRule, each written once beside the scale)
# asked of its grade: graded at risk, off track or not achieved (the
# committee's attention); no published decision of the committee yet; and
# of those, graded achieved: the officer's proposal for sign-off; graded
# on track or achieved, the annual report's share.
NEEDS_ATTENTION = CALLS_FOR_ATTENTION.where()
AWAITING_DECISION = Q(decision="")
PROPOSED = AWAITING_DECISION & PROPOSES_SIGN_OFF.where()
ON_TRACK = ON_TRACK_OR_ACHIEVED.where()


class StandingQuerySet(models.QuerySet):
    def needing_attention(self):
        return self.filter(NEEDS_ATTENTION)

    def awaiting_decision(self):
        return self.filter(AWAITING_DECISION)

    def proposed(self):
        return self.filter(PROPOSED)

    def overdue(self, today: datetime.date):
        return self.filter(overdue_condition(today))

    def with_overdue(self, today: datetime.date):
        """Annotated `overdue`: the target month as printed has passed, and
        the action was not graded achieved (Standing.overdue_condition)."""
        return self.annotate(overdue=Case(When(overdue_condition(today), then=Value(True)), default=Value(False)))

    def public(self):
        """The rows the public pages, the open data and the public API read:
        of public rounds (Round.objects.public) and public actions
        (Action.objects.public), not where the round's update was marked as
        exempt information: as ProgressEntry.objects.public gives updates."""
        return self.filter(
            round__in=Round.objects.public(),
            action__in=Action.objects.public(),
            entry__exempt_paragraph__isnull=True,  # or no update at all
        )

    def latest_grades(self, actions=None, *, public: bool = False, as_at=None) -> dict[int, "Standing"]:
        """The one rule of an action's latest grade as published: for each
        action (of `actions`, instances or pks; else every one), its row in
        the latest published round that carried it and gave it a grade (the
        grade it received, as given: `grade` not null, a grade such as Not
        started included). A round that received no update for it, or one
        without a grade, is passed over: the grade before stands. An action
        with no such row is not in the dict. `public`: only the public rows
        (public()); `as_at`: only rounds of that month or before. The rows
        come with their round and grade (`row.grade.level()`), in one query:
        numbered newest first by action (a window), the first kept."""
        rows = self.filter(grade__isnull=False, round__status=Round.Status.PUBLISHED)
        if actions is not None:
            rows = rows.filter(action__in=[getattr(action, "pk", action) for action in actions])
        if public:
            rows = rows.public()
        if as_at is not None:
            rows = rows.filter(round__period__lte=as_at)
        newest = Window(RowNumber(), partition_by=[F("action")], order_by=F("round__period").desc())
        rows = rows.annotate(newest_first=newest).filter(newest_first=1).select_related("round", "grade")
        return {row.action_id: row for row in rows}

    def grade_given(self, round: str = "round", action: str = "action") -> Subquery:
        """The grade a round's standing stored for an update, as an
        expression for a query of updates (named by its `round` and
        `action` fields): the id of the grade as given; None where the
        round received none, or has no standing (an open round)."""
        return Subquery(self.filter(round=OuterRef(round), action=OuterRef(action)).values("grade")[:1])

    def write(self, rounds, *, by, actions=None, adding: bool = True, reason: str = "") -> int:
        """Work the standing of `rounds` (published rounds) out by the rules
        and write what differs from what is stored, with history by `by`
        (the reason given): each action the round carries a row, those it
        no longer carries (the executive rejected their recommendation
        since) none. `actions`: only these actions' rows. `adding`: rows
        are added for actions carried that have none (publication); else
        only the rows there are rewritten, so that an action added to the
        plan since is not put into a round published before it. Returns
        how many rows changed."""
        changed, scales, known = 0, all_scales(), {}
        only = None if actions is None else [getattr(action, "pk", action) for action in actions]
        with transaction.atomic():
            for round in rounds:
                if round.review_id not in known:  # read once for every round of a review
                    known[round.review_id] = known_actions(round.review_id, only, scales=scales)
                differ = differences(round, known[round.review_id], scales, only=only)
                changed += _write(differ, by=by, adding=adding, reason=reason)
        return changed


def write_missing_standing(**kwargs) -> None:
    """After migrate (post_migrate): every published round without a
    stored standing gets it, as the rules make it: an install from before
    the standing was stored (migration 0060). The rules run on the
    application's models, so only once every migration has given them
    their columns. A round whose standing is stored is left as it is; one
    query where there is nothing to write."""
    rounds = Round.objects.filter(status=Round.Status.PUBLISHED).exclude(standings__isnull=False)
    if rounds.exists():
        reason = "The standing of a round published before it was stored"
        Standing.objects.write(rounds.order_by("review", "period"), by=None, reason=reason)


def overdue_condition(today: datetime.date) -> Q:
    """The one rule of an action past its date: its target month as the
    round printed it is before this month, and it was not graded achieved."""
    return Q(target_month__lt=today.replace(day=1)) & (Q(grade__isnull=True) | ~PROPOSES_SIGN_OFF.where())


class Standing(models.Model):
    """Where one action stood in one published round that carried it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="standings")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="standings")
    # The action's update in the round (whatever it came to), for who was
    # responsible and its words; none where the round had none for it.
    entry = models.ForeignKey(ProgressEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The grade the committee received, as it was given (its scale
    # version's code, label, colour and place); none: "No update received".
    grade = models.ForeignKey(ScaleGrade, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The latest grade it received in an earlier round, as given.
    grade_before = models.ForeignKey(ScaleGrade, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    movement = models.CharField(max_length=20, choices=Movement.choices)
    # The committee's published decision at this round; blank while none.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    target = models.CharField(max_length=300, blank=True, help_text="As the round's paper prints it.")
    target_month = models.DateField(null=True, blank=True)
    # The audit of every write; what changed since reads when its round's
    # standing was last written (reports/changes/).
    history = HistoryReadAsAt(history_change_reason_field=reason_field())

    objects = StandingQuerySet.as_manager()

    class Meta:
        ordering = ["round_id", "action_id"]  # by the columns: no join to sort
        verbose_name = "standing in a published round"
        constraints = [models.UniqueConstraint(fields=["round", "action"], name="one_standing_per_action_per_round")]
        # The dashboards count a committee's latest rounds by grade.
        indexes = [models.Index(fields=["round", "grade"], name="standing_by_round_and_grade")]

    def __str__(self):
        return f"{self.action} – {self.round.label}"

    def facts(self) -> tuple:
        return tuple(
            getattr(self, f"{name}_id" if name in ("entry", "grade", "grade_before") else name) for name in FACTS
        )


@dataclass
class _Known:
    """What the rules read of one action, for every round of its review."""

    action: Action
    entries: dict  # ProgressEntry by round pk
    received: list  # (period, ScaleLevel | None) of its received updates, oldest first
    decisions: list  # its published CommitteeDecisions, oldest first
    revisions: list  # its target revisions, in order


def standing_rows(round: Round, known: list[_Known], scales: Scales) -> list[Standing]:
    """The standing of `round` for the actions `known` that it carries, as
    the rules make it (unsaved rows): what publication writes, what
    check_standing compares, and what an open round's figures read."""
    rows = []
    for item in known:
        action = item.action
        if not action.is_carried_into(round, item.decisions):
            continue
        entry = item.entries.get(round.pk)
        received = entry if entry is not None and entry.is_received else None
        grade = scales.level(received.level_id) if received is not None else None
        before = scales.grade_before([level for period, level in item.received if period < round.period])
        decision = next((d.decision for d in item.decisions if d.round_id == round.pk), "")
        rows.append(
            Standing(
                round=round,
                action=action,
                entry=entry,
                grade_id=grade.id if grade else None,
                grade_before_id=before.id if before else None,
                movement=scales.movement(grade, before),
                decision=decision,
                target=target_as_at(action.target_label, item.revisions, round.period),
                target_month=month_as_at(action, item.revisions, round.period),
            )
        )
    return rows


def known_actions(review, actions=None, *, scales: Scales | None = None) -> list[_Known]:
    """What the rules read of `review`'s actions (or only `actions`): its
    updates, the committee's published decisions on it and its target's
    revisions. Four queries, whatever the number of actions or rounds."""
    chosen = Action.objects.filter(recommendation__review=review).select_related(
        "recommendation__executive_response", "sub_action"
    )
    if actions is not None:
        chosen = chosen.filter(pk__in=[getattr(action, "pk", action) for action in actions])
    chosen = list(chosen)
    pks = [action.pk for action in chosen]
    entries, received, decisions, revisions = {}, {}, {}, {}
    for entry in ProgressEntry.objects.filter(action__in=pks).select_related("round").order_by("round__period"):
        entries.setdefault(entry.action_id, {})[entry.round_id] = entry
        if entry.is_received:
            received.setdefault(entry.action_id, []).append((entry.round.period, entry.level_id))
    published = CommitteeDecision.objects.published().filter(action__in=pks).select_related("round")
    for decision in published.order_by("round__period"):
        decisions.setdefault(decision.action_id, []).append(decision)
    for revision in TargetRevision.objects.filter(action__in=pks).order_by("applies_from", "decided_at", "pk"):
        revisions.setdefault(revision.action_id, []).append(revision)
    scales = scales or all_scales()
    return [
        _Known(
            action,
            entries.get(action.pk, {}),
            [(period, scales.level(level)) for period, level in received.get(action.pk, [])],
            decisions.get(action.pk, []),
            revisions.get(action.pk, []),
        )
        for action in chosen
    ]


@dataclass
class Differences:
    """How a round's stored standing differs from what the rules make it."""

    new: list  # rows the rules make that are not stored (unsaved Standing)
    changed: list  # (stored row, the rules' row) that differ
    gone: list  # stored rows of actions the round no longer carries

    def __bool__(self):
        return bool(self.new or self.changed or self.gone)


def differences(round: Round, known: list[_Known], scales: Scales, *, only=None) -> Differences:
    """Where `round`'s standing differs from what the rules make of it now,
    for the actions `known` (known_actions(): every action of its review,
    or `only` those, by pk)."""
    wanted = {row.action_id: row for row in standing_rows(round, known, scales)}
    stored = Standing.objects.filter(round=round)
    if only is not None:
        stored = stored.filter(action__in=only)
    stored = {row.action_id: row for row in stored}
    return Differences(
        new=[row for pk, row in wanted.items() if pk not in stored],
        changed=[(row, wanted[pk]) for pk, row in stored.items() if pk in wanted and wanted[pk].facts() != row.facts()],
        gone=[row for pk, row in stored.items() if pk not in wanted],
    )


def _write(differ: Differences, *, by, adding: bool, reason: str) -> int:
    """What differs written: the rows the rules make that are not stored
    (where `adding`), the stored rows they change, and the rows of actions
    no longer carried deleted; each in the history by `by`, with `reason`."""
    history = {"default_user": by, "default_change_reason": reason or None}
    new = differ.new if adding else []
    for row, wanted in differ.changed:
        for name in FACTS:
            setattr(row, name, getattr(wanted, name))
    if new:
        bulk_create_with_history(new, Standing, **history)
    if differ.changed:
        bulk_update_with_history([row for row, _ in differ.changed], Standing, list(FACTS), **history)
    for row in differ.gone:
        row._history_user = by
        row._change_reason = reason or None
        row.delete()
    return len(new) + len(differ.changed) + len(differ.gone)
