"""The committee's decisions at its meeting: on each action a published round
carried, signed off, kept open, closed not achieved (with the reason) or
carried forward.

The officer's grade of 1 only proposes that an action is achieved; what the
next round carries follows the committee's decisions, once the clerk has
published them (Round.decisions_published_at): Action.signed_off_in()
reads published decisions only, and publishing them rewrites the round's
stored standing (models/standing.py). Until
then the decisions are the clerk's working, seen on the clerk's page alone:
a committee member, an officer, the documents and the dashboards see only
published decisions.

A round brought in from a council's papers has decisions read from them
(importing.saving): an action in a later paper of the file was carried, one
absent from every later paper left monitoring. The papers record no meeting
or decision of the committee, so these have no `meeting_date`, and every
page and document says only what the papers show (`from_papers`,
papers_words()), never "the committee's decisions of" a day.

The verbs are `CommitteeDecision.record_round()` (the whole page at once,
all or nothing, and publishing it if asked) and `publish_round()`;
`why_not_decidable()` says when a clerk may not record them.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplans import grading, permissions
from actionplans.models.common import ONE_LINE, AuditHistory, _attribute, day_label, marked, reason_field
from actionplans.models.council import all_scales, why_not_decision
from actionplans.models.notifications import Notification
from actionplans.models.review import Action
from actionplans.models.rounds import Round

Decision = grading.Decision
REASON_MAX_CHARS = 300
CHANGE_REASON_MAX_CHARS = 1000


class DecisionConflict(Exception):
    """Someone else recorded or published the round's decisions since the
    page was read."""

    def __init__(self, round: Round):
        self.round = round
        latest = round.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        super().__init__("The committee's decisions were changed by someone else.")


@dataclass(frozen=True)
class DecisionInput:
    """One action's decision as the clerk's page posts it."""

    decision: str
    reason: str = ""


# What a decision read from imported papers says (no meeting_date): only
# whether the next paper carried the action.
CARRIED_IN_PAPERS = "Carried into the next of the imported papers"
NOT_CARRIED_IN_PAPERS = "Not carried into the next of the imported papers"


def papers_words(decision: str) -> str:
    """What the imported papers show of `decision` (a grading.Decision
    value): whether the next paper carried the action, and no more."""
    return NOT_CARRIED_IN_PAPERS if decision in grading.LEAVES_MONITORING else CARRIED_IN_PAPERS


def decision_sentence(words: str, meeting_date, reason: str = "", round=None, *, decision: str = "") -> str:
    """How the documents and pages say a decision: 'Closed, not achieved at
    the meeting of 12 March 2020: transferred …', the day marked where the
    demo invents its `round`'s meeting date; for one read from imported
    papers (no `meeting_date`), only what they show (papers_words())."""
    if meeting_date is None:
        return papers_words(decision)
    said = f"{words} at the meeting of {marked(day_label(meeting_date), round, 'meeting_date')}"
    return f"{said}: {reason}" if reason else said


class CommitteeDecisionQuerySet(models.QuerySet):
    def published(self):
        """The decisions everyone but the clerk at work sees."""
        return self.filter(round__decisions_published_at__isnull=False)


class CommitteeDecision(models.Model):
    """The committee's decision on one action at one published round."""

    Decision = grading.Decision

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="decisions")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.CharField(
        max_length=REASON_MAX_CHARS,
        blank=True,
        validators=ONE_LINE,
        help_text="Why the committee closed the action: 'transferred to the Hate Crime Group's action plan'.",
    )
    # None where the decision is read from imported papers, which record no
    # meeting (from_papers).
    meeting_date = models.DateField(
        null=True,
        blank=True,
        help_text="The committee meeting that decided it; blank where it is read from imported papers.",
    )
    history = AuditHistory(history_change_reason_field=reason_field())

    objects = CommitteeDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["round", "action"]
        verbose_name = "committee decision"
        # The decisions that took actions out of monitoring, found by round
        # without reading every decision of it.
        indexes = [models.Index(fields=["round", "decision", "action"], name="decision_by_round_and_kind")]
        constraints = [
            models.UniqueConstraint(fields=["action", "round"], name="one_decision_per_action_per_round"),
            models.CheckConstraint(
                condition=~models.Q(decision="closed") | ~models.Q(reason=""),
                name="closed_decision_gives_its_reason",
            ),
        ]

    def __str__(self):
        return f"{self.action} – {self.round.label}: {self.get_decision_display()}"

    @property
    def is_published(self) -> bool:
        return self.round.decisions_published_at is not None

    @property
    def leaves_monitoring(self) -> bool:
        return self.decision in grading.LEAVES_MONITORING

    @property
    def from_papers(self) -> bool:
        """Read from imported papers (whether the next one carried the
        action), not recorded from a meeting of the committee."""
        return self.meeting_date is None

    @property
    def words(self) -> str:
        """'Signed off'; for one read from imported papers, what they show."""
        return papers_words(self.decision) if self.from_papers else self.get_decision_display()

    @property
    def sentence(self) -> str:
        """'Closed, not achieved at the meeting of 12 March 2020: transferred …'"""
        return decision_sentence(
            self.get_decision_display(), self.meeting_date, self.reason, self.round, decision=self.decision
        )

    @staticmethod
    def why_not_decidable(round: Round, user) -> str:
        """Why `user` may not record the committee's decisions on `round`
        now, or '': only clerks and administrators, only on a published
        round, and only while no later round has been opened (that round
        carries what these decisions left open)."""
        why = permissions.why_not(user, permissions.RECORD_DECISIONS, round)
        if why:
            return why
        if not round.is_published:
            return "The committee decides on a round once it is published."
        if Round.objects.filter(review=round.review_id, period__gt=round.period).exists():
            return "A later round has been opened since: it carries what these decisions left open."
        return ""

    @classmethod
    def record_round(
        cls,
        round: Round,
        *,
        by,
        version: int,
        decisions: dict[int, DecisionInput],
        meeting_date: datetime.date | None,
        change_reason: str = "",
        publish: bool = False,
    ) -> int:
        """Record the committee's decisions on the actions `round` carried
        that `decisions` names (by action pk), all or nothing, at the
        meeting of `meeting_date`; and publish them when `publish`. An
        action it does not name keeps what is recorded, or awaits the
        committee's decision: nothing is decided that nobody chose. Once
        published, a change needs `change_reason`, which goes in the history
        beside it. Returns how many actions the round carried still await a
        decision.

        Refused with PermissionDenied for anyone but a clerk, with
        DecisionConflict when the round's decisions changed after `version`
        was read, and with ValidationError by field (`meeting_date`,
        `decision_<pk>`, `reason_<pk>`, `change_reason`) for bad input."""
        permissions.require(by, permissions.RECORD_DECISIONS, round)
        with transaction.atomic():
            current = Round.objects.select_for_update().select_related("review").get(pk=round.pk)
            why = cls.why_not_decidable(current, by)
            if why:
                raise ValidationError(why)
            if current.decisions_version != version:
                raise DecisionConflict(current)
            published = current.decisions_published_at is not None
            change_reason = change_reason.strip()
            changed, errors, awaiting = cls._read_decisions(current, decisions, meeting_date, by)
            if published and changed and not change_reason:
                errors["change_reason"] = "Say why the published decisions are being changed."
            if len(change_reason) > CHANGE_REASON_MAX_CHARS:
                errors["change_reason"] = f"Keep the reason to {CHANGE_REASON_MAX_CHARS:,} characters or fewer."
            if errors:
                raise ValidationError(errors)
            for decision in changed:
                _attribute(decision, by)
                if published:
                    decision._change_reason = f"Changed after publication: {change_reason}"
                decision.save()
            if changed or (publish and not published):
                current.decisions_version += 1
                if publish and not published:
                    current.decisions_published_at = timezone.now()
                    current.decisions_published_by = by
                _attribute(current, by)
                current.save()
                if publish or published:  # published now, or changed since: followers hear
                    Notification.objects.decisions_published(current, by=by)
                    said = Round.DECISIONS_REASON + (f": {change_reason}" if change_reason else "")
                    current.write_standing(by=by, adding=False, reason=said)
        round.refresh_from_db()
        return awaiting

    @classmethod
    def _read_decisions(cls, current: Round, decisions: dict, meeting_date, by) -> tuple[list, dict, int]:
        """The decisions on the actions `current` carried as the page gives
        them: those that differ from what is recorded (unsaved), what is
        wrong with the page, by field, and how many actions are left with
        no decision, given or recorded. A decision taking one of `by`'s own
        actions out of monitoring is refused (Action.objects.responsible)."""
        carried = {action.pk: action for action in Action.objects.carried_into(current)}
        own = set(Action.objects.filter(pk__in=carried).responsible(by).values_list("pk", flat=True))
        # The grade each was given here, as the round's standing stores it.
        scales = all_scales()
        given = {action: scales.level(grade) for action, grade in current.standings.values_list("action", "grade")}
        scale = scales.current_for(current.review_id)
        existing = {decision.action_id: decision for decision in current.decisions.all()}
        errors = {}
        if meeting_date is None:
            errors["meeting_date"] = "Enter the date of the committee meeting that decided."
        elif abs((meeting_date - current.period).days) > 92:
            errors["meeting_date"] = f"The committee meeting must be within three months of {current.label}."
        for pk in decisions:
            if pk not in carried:
                errors[f"decision_{pk}"] = f"The {current.label} round did not carry this action."
        changed, awaiting = [], 0
        for pk, action in carried.items():
            wanted = decisions.get(pk)
            if wanted is None:
                awaiting += pk not in existing
                continue
            field, problem, reason = _why_not_recorded(action, given.get(pk), scale, wanted)
            if not problem and pk in own and (problem := _not_their_own(action, existing.get(pk), wanted)):
                field = "decision"
            if problem:
                errors[f"{field}_{pk}"] = problem
                continue
            decision = existing.get(pk) or cls(action=action, round=current)
            if decision.pk is None or (decision.decision, decision.reason, decision.meeting_date) != (
                wanted.decision,
                reason,
                meeting_date,
            ):
                decision.decision, decision.reason, decision.meeting_date = wanted.decision, reason, meeting_date
                changed.append(decision)
        return changed, errors, awaiting

    @classmethod
    def publish_round(cls, round: Round, *, by, version: int) -> int:
        """Publish the round's decisions as recorded: from now the committee
        sees them and the next round carries what they left open (and each
        action without one, which awaits the committee's decision). Returns
        how many await one."""
        permissions.require(by, permissions.RECORD_DECISIONS, round)
        with transaction.atomic():
            current = Round.objects.select_for_update().get(pk=round.pk)
            recorded = {
                decision.action_id: DecisionInput(decision.decision, decision.reason)
                for decision in current.decisions.all()
            }
            meeting = current.decisions.values_list("meeting_date", flat=True).first() or current.meeting_date
            awaiting = cls.record_round(
                current, by=by, version=version, decisions=recorded, meeting_date=meeting, publish=True
            )
        round.refresh_from_db()
        return awaiting


def _not_their_own(action: Action, recorded, wanted: DecisionInput) -> str:
    """Why the clerk responsible for `action` may not record `wanted`, or
    '': a decision taking it out of monitoring is another's to record
    (one already recorded by someone else stands)."""
    if wanted.decision not in grading.LEAVES_MONITORING:
        return ""
    if recorded is not None and recorded.decision == wanted.decision:
        return ""
    return (
        f"You are responsible for {action.reference}: another clerk records the committee's decision to sign it "
        "off or close it."
    )


def _why_not_recorded(action: Action, level, scale, wanted: DecisionInput) -> tuple[str, str, str]:
    """(field, problem, reason): what is wrong with the committee's decision
    `wanted` on `action`, given `level` at the round on its review's `scale`
    ('' when nothing is), the field it is
    said by ("decision" or "reason"), and the reason tidied (a closed
    action's; '' for any other decision)."""
    if wanted.decision not in Decision.values:
        return "decision", f"Choose the committee's decision on {action.reference}.", ""
    wrong = why_not_decision(action.reference, level, wanted.decision, scale)
    if wrong:
        return "decision", wrong, ""
    reason = " ".join(wanted.reason.split()) if wanted.decision == Decision.CLOSED else ""
    if wanted.decision == Decision.CLOSED and not reason:
        return "reason", f"Say why the committee closed {action.reference} unachieved.", ""
    if len(reason) > REASON_MAX_CHARS:
        return "reason", f"Keep the reason to {REASON_MAX_CHARS:,} characters or fewer.", ""
    return "", "", reason
