"""Escalation: an update still not submitted a set number of days after its
round's deadline (the council's setting, Council.escalation_days; blank:
never) is escalated to its owner's manager (Owner.manager), who is e-mailed
once, with the link to the update.

`Escalation.objects.escalate_overdue()` runs wherever the reminders run
(`manage.py send_reminders`, daily). It records one Escalation per update
and owner (who was told, when, and by whom: the audit history) and puts
the e-mail in the notification outbox as kind UPDATE_ESCALATED, a reminder
(REMINDERS): the council decided managers hear of updates this late, so
nobody chooses it away. A second run tells nobody again. The chase page
(`escalation_lines`) shows the clerk who was escalated and when, and whose
update is past the point with no manager to tell.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from actionplans import permissions
from actionplans.models.common import AuditHistory, _attribute
from actionplans.models.council import escalation_days
from actionplans.models.notifications import Notification, link
from actionplans.models.people import Owner
from actionplans.models.rounds import ProgressEntry, Round
from actionplans.text import one_line


def overdue_since(today: datetime.date, days: int) -> datetime.date:
    """The latest deadline an update can have and be `days` days overdue
    on `today` (15 days overdue: the deadline was 15 days ago or earlier)."""
    return today - datetime.timedelta(days=days)


def past_escalation(entries, *, days: int, today: datetime.date):
    """Of `entries`, those of open rounds not yet submitted `days` or more
    days after the deadline."""
    return entries.filter(
        round__status=Round.Status.OPEN, round__deadline__lte=overdue_since(today, days)
    ).waiting_for_officers()


def _with_managers(entries):
    return entries.select_related("round__review", "action__recommendation", "action__sub_action").prefetch_related(
        Prefetch("owners", queryset=Owner.objects.select_related("manager__user").order_by("name"))
    )


class EscalationQuerySet(models.QuerySet):
    def of_round(self, round) -> dict[tuple[int, int], "Escalation"]:
        """The round's escalations by (update, owner): one query."""
        rows = self.filter(entry__round=round).select_related("manager__user", "escalated_by")
        return {(row.entry_id, row.owner_id): row for row in rows}

    def escalate_overdue(self, *, by=None, today: datetime.date | None = None) -> list["Escalation"]:
        """Escalate every update past the council's point of escalation to
        its owners' managers: an Escalation each (update, owner) not yet
        escalated whose manager can be e-mailed, and one e-mail to each
        manager per update, once this commits. `by`: the clerk (None: the
        daily job, as the service itself). Returns the escalations made."""
        if by is not None:
            permissions.require(by, permissions.ESCALATE_OVERDUE)
        days = escalation_days()
        if days is None:
            return []
        today = today or timezone.localdate()
        entries = list(_with_managers(past_escalation(ProgressEntry.objects.all(), days=days, today=today)))
        done = set(self.filter(entry__in=entries).values_list("entry", "owner"))
        made = []
        for entry in entries:
            by_manager: dict[int, tuple[Owner, list[Owner]]] = {}
            for owner in entry.owners.all():
                manager = owner.manager
                if (entry.pk, owner.pk) in done or manager is None or not manager.can_be_emailed:
                    continue
                by_manager.setdefault(manager.pk, (manager, []))[1].append(owner)
            for manager, owners in by_manager.values():
                late = (today - entry.round.deadline).days
                made += self._escalate(entry, manager, owners, late=late, after=days, by=by)
        return made

    def _escalate(self, entry, manager, owners, *, late: int, after: int, by) -> list["Escalation"]:
        made = []
        with transaction.atomic():
            # Locked, so that two runs at once escalate each owner once.
            ProgressEntry.objects.select_for_update().filter(pk=entry.pk).first()
            escalated = set(self.filter(entry=entry, owner__in=owners).values_list("owner", flat=True))
            owners = [owner for owner in owners if owner.pk not in escalated]
            if not owners:
                return []
            for owner in owners:
                escalation = Escalation(entry=entry, owner=owner, manager=manager, escalated_by=by)
                _attribute(escalation, by)
                escalation.save()
                made.append(escalation)
            round = entry.round
            title = one_line(round.review.title)
            Notification.objects.record(
                # One key for these owners: a co-owner escalated later to the
                # same manager is a new e-mail, not one already sent.
                event_key=f"update-{entry.pk}-escalated-" + "-".join(str(owner.pk) for owner in owners),
                kind=Notification.Kind.UPDATE_ESCALATED,
                recipients=[manager.user],
                subject=f"Progress update {late} days overdue: {title}, {round.label}",
                template="actionplans/email/update_escalated.txt",
                context={
                    "entry": entry,
                    "round": round,
                    "title": title,
                    "owners": [owner.name for owner in owners],
                    "days": late,
                    "after": after,
                    "link": link("update_entry", entry.pk),
                    # A manager may hold no role here: an exempt action's words
                    # stay out of the e-mail, as they stay off the pages.
                    "withheld": entry.words_exempt_notice,
                },
                by=by,
            )
        return made


class Escalation(models.Model):
    """One update of one owner escalated to their manager: who was told,
    when, and who escalated it (blank: the daily job)."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="escalations")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="+")
    # Who was told: SET_NULL, so that erasing a leaver keeps the record
    # that the update was escalated.
    manager = models.ForeignKey(Owner, null=True, on_delete=models.SET_NULL, related_name="+")
    escalated_at = models.DateTimeField(default=timezone.now)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = AuditHistory()

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["escalated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "owner"], name="escalate_an_update_once_per_owner")]

    def __str__(self):
        return f"{self.entry} escalated to {self.manager} for {self.owner}"


@dataclass(frozen=True)
class EscalationLine:
    """One owner's update past the point of escalation, as the chase page
    lists it."""

    entry_id: int
    action: str
    owner: str
    manager: str  # '' for none
    escalated_at: datetime.datetime | None
    reachable: bool  # the manager has an active login with an e-mail address

    @property
    def words(self) -> str:
        if self.escalated_at is not None:
            when = timezone.localtime(self.escalated_at)
            return f"Escalated to {self.manager or 'a manager since removed'} on {when:%-d %B %Y}"
        if not self.manager:
            return "No manager recorded: chase by hand"
        if not self.reachable:
            return f"Their manager, {self.manager}, cannot be e-mailed: chase by hand"
        return f"To be escalated to {self.manager} with the next daily reminders"


def escalation_lines(round, *, today: datetime.date | None = None) -> list[EscalationLine]:
    """The round's updates past the council's point of escalation, each
    owner's, and those escalated already: three queries, however many."""
    days = escalation_days()
    escalated = Escalation.objects.of_round(round)
    if days is None and not escalated:
        return []
    today = today or timezone.localdate()
    wanted = models.Q(pk__in=Escalation.objects.filter(entry__round=round).values("entry"))
    if days is not None:
        wanted |= models.Q(pk__in=past_escalation(round.entries.all(), days=days, today=today).values("pk"))
    entries = round.entries.filter(wanted)
    lines = []
    for entry in _with_managers(entries).in_document_order():
        for owner in entry.owners.all():
            escalation = escalated.get((entry.pk, owner.pk))
            if escalation is not None:
                manager = escalation.manager
            elif entry.status not in ProgressEntry.WAITING_FOR_OFFICERS or days is None:
                continue
            else:
                manager = owner.manager
            lines.append(
                EscalationLine(
                    entry_id=entry.pk,
                    action=entry.action.name,
                    owner=owner.name,
                    manager=manager.name if manager is not None else "",
                    escalated_at=escalation.escalated_at if escalation is not None else None,
                    reachable=manager is not None and manager.can_be_emailed,
                )
            )
    return lines
