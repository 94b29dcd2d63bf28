"""Personal data under UK GDPR: what was done with it, erasing a leaver,
and keeping logs no longer than needed (docs/operations.md, "Personal data").

- `PersonalDataEvent`: every subject access export, erasure and pruning of
  logs, with who did it and when. Rows are only added: the log itself.
- `DataSubject`: whose data: a person on the People pages (with or without
  a login), or a login with no person record (a councillor, a clerk, an
  administrator, a partner lead, one made by createsuperuser).
- `erase_leaver(who, by=)`: the leaver's login closed and their personal
  details removed. Their name stays only where a published committee paper
  prints it (a published round's Responsibility), which is a public record;
  elsewhere the person becomes "Former officer N". What they wrote stays, as
  the council's record, under that name.
- `prune_logs(before=)`: sign-in logs, API request logs and e-mails sent
  before the retention period's start deleted (`manage.py prune_personal_data`).
"""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from actionplans import permissions
from actionplans.models.api_tokens import ApiRequest, ApiToken
from actionplans.models.calendars import CalendarFeed
from actionplans.models.common import _attribute
from actionplans.models.notifications import Follow, Notification, NotificationPreference
from actionplans.models.people import Owner, _set_roles
from actionplans.models.replies import EmailedReply
from actionplans.models.review import ReviewLinkOfficer
from actionplans.models.rounds import EntryResponsibility, Round

ERASED_REASON = "Erased as a leaver (UK GDPR)"


class PersonalDataEvent(models.Model):
    class Kind(models.TextChoices):
        EXPORTED = "exported", "Subject access export"
        ERASED = "erased", "Erased as a leaver"
        PRUNED = "pruned", "Logs past their retention period deleted"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(Owner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Nobody for the retention command, run by cron.",
    )
    at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True, help_text="What was exported, removed or deleted: counts.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "personal data event"

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.at):%-d %B %Y %H:%M}"


@dataclass(frozen=True)
class DataSubject:
    """The person whose data it is: their record on the People pages, their
    login, or both. `DataSubject.of(who)` takes either: a login with a
    person record is that person."""

    owner: Owner | None
    user: User | None

    @classmethod
    def of(cls, who: "Owner | User | DataSubject") -> "DataSubject":
        if isinstance(who, DataSubject):
            return who
        if isinstance(who, Owner):
            return cls(who, who.user)
        person = who.owner_records.filter(kind=Owner.Kind.PERSON).first()
        return cls(person, who) if person is not None else cls(None, who)

    @property
    def user_id(self):
        return self.user.pk if self.user is not None else None

    @property
    def name(self) -> str:
        if self.owner is not None:
            return self.owner.name
        return self.user.get_full_name() or self.user.username

    def events(self):
        """What was done with their data (exports, the erasure)."""
        if self.owner is not None:
            return PersonalDataEvent.objects.filter(owner=self.owner)
        return PersonalDataEvent.objects.filter(owner=None, subject=self.user)


def why_not_erase(who, by) -> str:
    """Why `by` may not erase `who` (a person or a login:
    permissions.ERASE_PERSONAL_DATA, and whether there is a person's data
    left to erase), or "" when they may."""
    subject = DataSubject.of(who)
    why = permissions.why_not(by, permissions.ERASE_PERSONAL_DATA, subject)
    if why:
        return why
    if subject.owner is not None and subject.owner.kind != Owner.Kind.PERSON:
        return "This is a role or group, not a person."
    if subject.events().filter(kind=PersonalDataEvent.Kind.ERASED).exists():
        return "This person's personal data has already been erased."
    return ""


def printed_in_published_papers(owner: Owner) -> bool:
    """Whether a published Progress Update prints the name: as responsible
    for an action in the round, or as a Link Officer of its review."""
    published = Round.Status.PUBLISHED
    return (
        EntryResponsibility.objects.filter(owner=owner, entry__round__status=published).exists()
        or ReviewLinkOfficer.objects.filter(owner=owner, review__rounds__status=published).exists()
    )


def erase_leaver(who, *, by) -> dict:
    """Close the leaver's login and remove their personal details, in one
    transaction; returns what was removed (counts), as the event records it.
    `who`: their person record, or a login that has none."""
    subject = DataSubject.of(who)
    permissions.require(by, permissions.ERASE_PERSONAL_DATA, subject)
    why = why_not_erase(subject, by)
    if why:
        raise permissions.Refused(why)
    with transaction.atomic():
        owner = subject.owner
        if owner is not None:
            owner = Owner.objects.select_for_update(of=("self",)).select_related("user").get(pk=owner.pk)
        removed = {"name_kept": owner is not None and printed_in_published_papers(owner)}
        user = owner.user if owner is not None else subject.user
        if user is not None:
            removed |= _close_login(User.objects.select_for_update().get(pk=user.pk), by=by)
        if owner is not None and not removed["name_kept"]:
            former = f"Former officer {owner.pk}"
            owner.history.update(name=former)
            owner.name = former
            _attribute(owner, by)
            owner._change_reason = ERASED_REASON
            owner.save()
        PersonalDataEvent.objects.create(
            kind=PersonalDataEvent.Kind.ERASED, subject=user, owner=owner, by=by, details=removed
        )
    return removed


def _close_login(user, *, by) -> dict:
    """The login closed, its roles, tokens, choices and sessions gone, and
    its details removed here and in its history; what was removed."""
    _set_roles(user, [], by=by, managed=[group.name for group in user.groups.all()])
    for token in ApiToken.objects.filter(user=user, revoked_at=None):
        token.revoke(by=by)
    removed = {
        "notification_choices": NotificationPreference.objects.filter(user=user).delete()[0],
        "follows": Follow.objects.filter(user=user).delete()[0],
        "calendar_link": CalendarFeed.objects.filter(user=user).delete()[0],
        "emails": Notification.objects.filter(recipient=user).delete()[0],
        # The messages they e-mailed to the reply mailbox, as they arrived.
        "emailed_replies": EmailedReply.objects.of_person(user).delete()[0],
        "sessions": _end_sessions(user),
    }
    user.username = f"former-user-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    _attribute(user, by)
    user._change_reason = ERASED_REASON
    user.save()
    # The login's earlier states in its history held the same details.
    user.history.update(username=user.username, first_name="", last_name="", email="")
    return removed


def _end_sessions(user) -> int:
    """Sign the person out everywhere. (An unusable password would also end
    their sessions at their next request; this leaves nothing behind.)"""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def prunable_logs(before) -> dict[str, models.QuerySet]:
    """The logs holding personal data (names, addresses, what was asked
    for) that are older than `before`."""
    return {
        "sign-ins": AccessLog.objects.filter(attempt_time__lt=before),
        "failed sign-ins": AccessFailureLog.objects.filter(attempt_time__lt=before),
        "sign-in lock-out counters": AccessAttempt.objects.filter(attempt_time__lt=before),
        "API requests": ApiRequest.objects.filter(at__lt=before),
        # A daily digest goes with the items it carried: left behind, they
        # would wait for the next digest and go out again.
        "e-mails sent": Notification.objects.filter(Q(sent_at__lt=before) | Q(included_in__sent_at__lt=before)),
        # The replies to the reply mailbox, each message kept as it arrived.
        "e-mails received": EmailedReply.objects.filter(received_at__lt=before),
    }


def prune_logs(*, before, dry_run: bool = False) -> dict[str, int]:
    with transaction.atomic():
        counts = {}
        for name, rows in prunable_logs(before).items():
            counts[name] = rows.count() if dry_run else rows.delete()[1].get(rows.model._meta.label, 0)
        if not dry_run:
            PersonalDataEvent.objects.create(
                kind=PersonalDataEvent.Kind.PRUNED, details={"before": before.isoformat(), **counts}
            )
    return counts


def record_export(who, *, by, details: dict) -> None:
    subject = DataSubject.of(who)
    permissions.require(by, permissions.EXPORT_PERSONAL_DATA, subject)
    PersonalDataEvent.objects.create(
        kind=PersonalDataEvent.Kind.EXPORTED, subject=subject.user, owner=subject.owner, by=by, details=details
    )
