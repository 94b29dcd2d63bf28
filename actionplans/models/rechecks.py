"""Is it still so? (issue 74, item 2). SCRUTINY_RECHECK_MONTHS after the
committee completed a recommendation whose outcome is recorded, the
daily `send_reminders` asks the owners of its actions whether what it achieved
still holds (a reminder in the outbox, naming the clerk to tell), and the
clerk records their answer: held, partly held, or reverted. Reverted
reopens monitoring with the committee's decision: the clerk records the
new action the committee agreed in the same save, and the next round
carries it (the recommendation is open again: finished_on)."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from actionplans import permissions, reply_tokens
from actionplans.models.common import LONG_TEXT, AuditHistory, _attribute
from actionplans.models.decisions import CommitteeDecision
from actionplans.models.notifications import Notification
from actionplans.models.outcomes import OfRecommendationQuerySet, OutcomeConflict, RecommendationOutcome, finishing
from actionplans.models.review import Action, Recommendation
from actionplans.text import max_chars


class Recheck(models.TextChoices):
    HELD = "held", "Held"
    PARTLY = "partly_held", "Partly held"
    REVERTED = "reverted", "Reverted"


@dataclass(frozen=True)
class ReopeningAction:
    """The action the committee agreed when it reopened a recommendation."""

    agreed_action: str
    success_measure: str
    target_month: datetime.date


def recheck_due_by(today: datetime.date) -> datetime.date:
    """The latest completion day whose recommendation is due its re-check on `today`."""
    year, month = divmod(today.year * 12 + today.month - 1 - settings.SCRUTINY_RECHECK_MONTHS, 12)
    return datetime.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


class OutcomeCheck(models.Model):
    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="recheck")
    asked_on = models.DateField(null=True, blank=True, help_text="When its owners were asked whether it still holds.")
    answer = models.CharField(max_length=20, choices=Recheck.choices, blank=True)
    note = models.TextField(blank=True, validators=LONG_TEXT, help_text="What the owners said, in their words.")
    # Each answer its owners sent by replying to the e-mail that asked
    # them, as they wrote it, headed by who and when (hear()): the clerk
    # reads them to record the answer and never edits them.
    replies = models.TextField(blank=True, validators=LONG_TEXT, editable=False)
    recorded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    history = AuditHistory(excluded_fields=["version"])

    objects = OfRecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "re-check of an outcome"

    def __str__(self):
        return f"{self.recommendation}: {self.get_answer_display() or 'asked'}"

    @staticmethod
    def due(today: datetime.date) -> list[Recommendation]:
        """The recommendations to ask about on `today`: outcome recorded,
        completed (not rejected) SCRUTINY_RECHECK_MONTHS ago or more, never
        asked or re-checked."""
        decisions = CommitteeDecision.objects.select_related("round")
        candidates = (
            Recommendation.objects.filter(outcome__isnull=False, recheck__isnull=True)
            .select_related("review", "executive_response", "outcome")
            .prefetch_related(
                Prefetch("actions", Action.objects.prefetch_related(Prefetch("decisions", decisions), "owners__user")),
                "impacts",
            )
        )
        by = recheck_due_by(today)
        # Completed by the committee's decision at a meeting, not the executive's rejection.
        completed = [(rec, finishing(rec)) for rec in candidates]
        return [rec for rec, found in completed if found and found[2] == "meeting_date" and found[0] <= by]

    @classmethod
    def ask(cls, recommendation: Recommendation, *, today: datetime.date) -> "OutcomeCheck":
        """Ask its owners whether it still holds, once (the outbox's reminder)."""
        with transaction.atomic():
            Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
            check, created = cls.objects.get_or_create(recommendation=recommendation, defaults={"asked_on": today})
            if created:
                Notification.objects.recheck_asked(check, recorded_by=_outcome_recorder(recommendation))
        return check

    def why_not_answerable(self, user) -> str:
        """Why `user` may not answer this re-check by e-mail ("" where they
        may): it is recorded already, or none of its actions is theirs."""
        if self.answer:
            return (
                f"The re-check of recommendation {self.recommendation.number} was recorded on "
                f"{self.recorded_on:%-d %B %Y}: tell democratic services anything the committee should know."
            )
        if not self.recommendation.actions.responsible(user).exists():
            return f"You are no longer responsible for an action of recommendation {self.recommendation.number}."
        return ""

    def answerable_by(self, user) -> bool:
        """Whether the e-mail asking `user` offers them to answer by replying."""
        return reply_tokens.is_on() and not self.why_not_answerable(user)

    # How to answer it by replying, heading the e-mail (answer_block), and
    # the outbox row's field naming it (Notification.reply_check).
    REPLY_GUIDE = "actionplans/email/_answer_recheck_by_reply.txt"
    REPLY_FIELD = "reply_check"

    def reply_guide(self) -> dict:
        return {"number": self.recommendation.number}

    def hear(self, *, by, words: str) -> "OutcomeCheck":
        """Keep an owner's answer to "is it still so?" (a reply to the
        e-mail asking), in their words, for the clerk to record; refused
        with ValidationError where they may not answer, or it is too long."""
        with transaction.atomic():
            # The recommendation's lock, as ask() and record() take it: a
            # clerk recording the answer meanwhile waits, then sees these words.
            Recommendation.objects.select_for_update().filter(pk=self.recommendation_id).get()
            check = type(self).objects.select_related("recommendation").get(pk=self.pk)
            if why := check.why_not_answerable(by):
                raise ValidationError(why)
            heading = f"{by.get_full_name() or by.username}, {timezone.localdate():%-d %B %Y}:"
            check.replies = "\n\n".join(part for part in (check.replies, f"{heading}\n{words.strip()}") if part)
            if len(check.replies) > max_chars():
                room = max(max_chars() - len(check.replies) + len(words.strip()), 0)
                raise ValidationError(
                    f"Your answer is {len(words.strip()):,} characters, and the re-check has room for {room:,} more: "
                    "write it shorter, or tell democratic services."
                )
            check.version += 1
            check.full_clean(exclude=["recommendation"])
            _attribute(check, by)
            check.save()
        return check

    @classmethod
    def record(cls, recommendation, *, answer: str, note: str, reopening: ReopeningAction | None, by, version: int):
        """Record the owners' answer, all or nothing; `reopening` (required
        for Reverted, refused otherwise) is the committee's new action."""
        permissions.require(by, permissions.RECORD_OUTCOME, recommendation)
        with transaction.atomic():
            Recommendation.objects.select_for_update().filter(pk=recommendation.pk).get()
            check = cls.objects.filter(recommendation=recommendation).first() or cls(recommendation=recommendation)
            if check.version != version:
                raise OutcomeConflict("re-check")
            if not RecommendationOutcome.objects.filter(recommendation=recommendation).exists():
                raise ValidationError("Its outcome is not recorded: there is nothing to re-check yet.")
            if check.answer == Recheck.REVERTED:
                raise ValidationError(
                    "Its re-check said reverted and the committee reopened it: its new action is monitored, and "
                    "the committee's decisions say what comes of it."
                )
            if why := RecommendationOutcome.why_not_theirs(recommendation, by):
                raise ValidationError(why)
            if answer == Recheck.REVERTED and reopening is None:
                raise ValidationError({"agreed_action": "Enter the action the committee agreed to reopen it with."})
            check.answer, check.note, check.recorded_on = answer, note, timezone.localdate()
            check.version += 1
            check.full_clean(exclude=["recommendation"])
            _attribute(check, by)
            check.save()
            if answer == Recheck.REVERTED:
                _reopen(recommendation, reopening, by=by)
        return check


def _outcome_recorder(recommendation):
    """Who last recorded its outcome (its history), the clerk to tell."""
    latest = RecommendationOutcome.history.filter(recommendation_id=recommendation.pk).order_by("-history_date").first()
    return latest.history_user if latest else None


def _reopen(recommendation: Recommendation, reopening: ReopeningAction, *, by) -> Action:
    """Add the committee's new action, after the recommendation's own, with
    the owners of its last action: monitored from the next round."""
    last = recommendation.actions.order_by("-position").first()
    action = Action(
        recommendation=recommendation,
        strand=f"Reopened {timezone.localdate():%B %Y}",
        position=(last.position + 1) if last else 0,
        target_month=reopening.target_month,
        agreed_action=reopening.agreed_action,
        success_measure=reopening.success_measure,
    )
    action.full_clean()
    _attribute(action, by)
    action.save()
    if last is not None:
        action.arrange_owners(list(last.owners.all()), by=by)
    return action
