"""Revised target dates, governed: a slipped action gets a new target month
only with a reason, and someone accepts it; the original target and every
revision stay on record (Treasury DAO 02/20 objects to targets "deferred
unilaterally … without providing an explanation").

An officer proposes a revision with their update (ProgressEntry.save_update);
the link officer accepts or refuses it with the update
(ProgressEntry.approve). A clerk changing a confirmed plan's date on the
set-up pages records an accepted revision of their own, with the reason
(Review.save_recommendation). Either way Action.revise_target() is the one
write of a confirmed plan's target.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    _attribute,
    first_of_month,
    month_label,
)
from actionplans.models.workflow import PeriodStatus, UpdateStatus

# The longest reason or refusal comment.
REASON_MAX_CHARS = 1000


def times_revised(count: int) -> str:
    """'revised once', 'revised twice', 'revised 3 times'."""
    return {1: "revised once", 2: "revised twice"}.get(count, f"revised {count} times")


def target_words(target: str, *, revised: int = 0, originally: str = "") -> str:
    """How the documents and pages print a target: 'March 2021 (revised
    twice; originally October 2019)', or the target alone, exactly as before
    revisions existed, when it has not been revised."""
    if not revised:
        return target
    return f"{target} ({times_revised(revised)}; originally {originally})"


def proposal_needed(level) -> bool:
    """Whether an officer's submitted update must propose a new target
    month: whenever the council's scale says its grade does (Slipped: a
    slipped action has, by the grade's own meaning, missed or will miss its
    target; the officer says when it will now be achieved, and why).
    `level`: a council.ScaleLevel, or None."""
    return bool(level is not None and level.proposes_new_target)


class TargetRevisionQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=TargetRevision.Status.ACCEPTED)

    def proposed(self):
        return self.filter(status=TargetRevision.Status.PROPOSED)

    def awaiting_decision(self):
        """Proposed with an update submitted: the link officer has yet to
        decide them."""
        return self.proposed().filter(entry__status=UpdateStatus.SUBMITTED)

    def published(self):
        """Accepted revisions every reader may know of: a clerk's own change
        of target, or one accepted with an update whose round is published.
        One accepted while its round is still open is the officers' and
        link officers' until then."""
        return self.accepted().filter(
            models.Q(entry__isnull=True) | models.Q(entry__round__status=PeriodStatus.PUBLISHED)
        )


class TargetRevision(models.Model):
    """One revision of an action's target: the target before and the month
    proposed, the reason, who proposed it and when, and the decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    action = models.ForeignKey("Action", on_delete=models.CASCADE, related_name="target_revisions")
    # The officer's update that proposed it; null for a clerk's own change.
    entry = models.ForeignKey(
        "ProgressEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="target_revisions"
    )
    target_before = models.DateField(null=True, blank=True, verbose_name="target before")
    target_before_text = models.CharField(
        max_length=200, blank=True, verbose_name="target before, as worded", validators=ONE_LINE
    )
    target_month = models.DateField(verbose_name="new target month")
    reason = models.TextField(validators=LONG_TEXT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="target_revisions_proposed"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_revisions_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_comment = models.TextField(blank=True, validators=LONG_TEXT)
    # The month of the first progress update that prints the revision: the
    # proposing update's round, or for a clerk's change the round open then
    # (else the month after the latest round). See is_shown_in().
    applies_from = models.DateField()
    history = AuditHistory()

    objects = TargetRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["applies_from", "proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(entry__isnull=False), name="one_target_proposal_per_update"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_comment=""), name="refused_revision_says_why"
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.before_label} to {self.after_label}"

    @property
    def before_label(self) -> str:
        return self.target_before_text or month_label(self.target_before)

    @property
    def after_label(self) -> str:
        return month_label(self.target_month)

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def is_shown_in(self, period: datetime.date | None) -> bool:
        """Whether a progress update dated `period` shows it: it applies
        from that round or an earlier one (always, for None). A published
        round's document so keeps its meaning when a later round revises a
        target (its stored standing keeps the target as printed)."""
        return period is None or self.applies_from <= period

    def clean(self):
        if self.target_month:
            self.target_month = first_of_month(self.target_month)
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Give the reason for the new target date."})

    def _decide(self, *, by, status, comment: str = "") -> None:
        """Accept or refuse the proposal, in the caller's transaction."""
        if not self.is_proposed:
            raise ValidationError("The proposed target date has already been decided.")
        self.status, self.refusal_comment = status, comment.strip()
        self.decided_by, self.decided_at = by, timezone.now()
        if status == self.Status.REFUSED and not self.refusal_comment:
            raise ValidationError({"target_comment": "Say why the new target date is refused."})
        self.full_clean()
        _attribute(self, by)
        self.save()
        if status == self.Status.ACCEPTED:
            self.action.revise_target(self, by=by)


def target_as_at(current: str, revisions, period: datetime.date | None) -> str:
    """The target a progress update dated `period` prints (None: as it is
    now), in target_words(): `current` is the action's target now,
    `revisions` its revisions in order. A round before any revision prints
    the original target, as it did when it was published."""
    accepted = [revision for revision in revisions if revision.is_accepted]
    if not accepted:
        return current
    shown = [revision for revision in accepted if revision.is_shown_in(period)]
    originally = accepted[0].before_label
    if not shown:
        return originally
    return target_words(shown[-1].after_label, revised=len(shown), originally=originally)


def month_as_at(action, revisions, period: datetime.date | None) -> datetime.date | None:
    """The target month as at `period` (see target_as_at), for a date cell:
    None where the plan words the target instead of naming a month."""
    accepted = [revision for revision in revisions if revision.is_accepted]
    if not accepted:
        return None if action.target_text else action.target_month
    shown = [revision for revision in accepted if revision.is_shown_in(period)]
    return shown[-1].target_month if shown else (None if accepted[0].target_before_text else accepted[0].target_before)


def day_as_at(action, revisions) -> datetime.date | None:
    """The day the plan gave for the target (Action.target_day), for a date
    cell, while no revision has changed it; None otherwise."""
    accepted = any(revision.is_accepted for revision in revisions)
    return action.target_day if action.day_given and not accepted else None


# A month before every round: as at it, no revision applies yet.
BEFORE_EVERY_ROUND = datetime.date.min
