"""Notifications by e-mail: who is told what, how often, and the outbox.

A verb that changes something people should hear about (an update
submitted, returned or approved; a round published; the committee's
decisions or the executive's responses published; a target revised) makes
one call here, inside its own transaction: `Notification.objects.record()`
writes one outbox row per person, and only once the change commits are the
rows e-mailed (transaction.on_commit enqueues a background task, so the
request does not wait for the mail server), so a change rolled back tells
nobody. Each row's event key is unique per person, so one event is never
recorded for anyone twice, whichever verb or retry comes back to it; a
sender claims rows in a short transaction before it sends them (outside any
transaction, over one connection), so two senders never both send one. A
failure to send is logged and kept on the row (attempts, last_error), and
`manage.py send_notifications` retries it after a back-off (retry_delay);
the change that caused it stands.

Each person chooses per kind (NotificationPreference): each time, a daily
digest (one e-mail a day listing the day's items, sent by the same command),
or never (no row is written). Anyone who reads the reviews may follow a
review or an action (Follow) and hears when it changes.

Reminders of a deadline are notifications too (REMINDERS: an owner's update
due in an open round, a review's executive response due), written through
the same `record()` and sent through the same outbox, but nobody chooses them
away: they go each time, never in a digest, whatever the person chose and
even with SCRUTINY_NOTIFICATIONS off (they were sent before there were
notifications). Their event key names the day, so nobody is reminded of one
thing twice on one day; `manage.py send_reminders` records them daily.
"""

import contextlib
import contextvars
import datetime
import logging
import uuid
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from actionplans import permissions, reply_tokens
from actionplans.models.common import AuditHistory, _attribute
from actionplans.models.council import council
from actionplans.models.response import response_period
from actionplans.text import one_line

logger = logging.getLogger(__name__)

# Where the links in e-mails point when SCRUTINY_BASE_URL is not set: `make run`'s server.
LOCAL_BASE_URL = "http://127.0.0.1:8000"
# A row that has failed this often is left alone (an address that bounces
# for good); its last error stays on it for an administrator to read. With
# the back-off (retry_delay: 1, 2, 4 ... minutes, at most a day) sixteen
# tries span about a week.
MAX_ATTEMPTS = 16
MAX_RETRY_MINUTES = 24 * 60
# Rows claimed and sent together over one SMTP connection.
BATCH_SIZE = 50
# How long a sender's claim keeps other senders off its rows: longer than a
# batch can take (BATCH_SIZE e-mails at EMAIL_TIMEOUT each). A sender that
# dies mid-batch leaves its rows to be tried again after it.
CLAIM_SECONDS = 60 * 60


# Set while history is replayed rather than made (the demo council's loader):
# nobody is told of what happened years ago.
_held = contextvars.ContextVar("notifications_held", default=False)


@contextlib.contextmanager
def notifications_held():
    """Record and send no notifications inside this block."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def base_url() -> str:
    return settings.SCRUTINY_BASE_URL or LOCAL_BASE_URL


def link(name: str, *args) -> str:
    """A full address for an e-mail: SCRUTINY_BASE_URL and the page."""
    return base_url() + reverse(name, args=args)


class Kind(models.TextChoices):
    """What a person may be told, in the order the preferences page lists them."""

    UPDATE_SUBMITTED = "update_submitted", "An update is submitted for you to check (link officers)"
    UPDATE_RETURNED = "update_returned", "Your update is returned to you, with the link officer's comment"
    UPDATE_APPROVED = "update_approved", "Your update is approved"
    UPDATE_COMMENTED = "update_commented", "Someone comments on an update you work on"
    UPDATE_LEFT_OUT = "update_left_out", "A round is published without your update, not yet approved"
    ROUND_PUBLISHED = "round_published", "A progress update is published to a committee you sit on"
    RESPONSE_DUE = "response_due", "An executive response falls due (clerks)"
    FOLLOWED = "followed", "A review or action you follow changes"
    # Not choices: the daily e-mail that carries the digest items, and the
    # reminders of a deadline (REMINDERS).
    DIGEST = "digest", "Your daily digest"
    UPDATE_DUE = "update_due", "Your progress update is due or overdue (a reminder)"
    RESPONSE_REMINDER = "response_reminder", "An executive response is due within a week or overdue (a reminder)"
    UPDATE_ESCALATED = "update_escalated", "An update of someone you manage is overdue past escalation (a reminder)"
    OUTCOME_RECHECK = "outcome_recheck", "Does what a recommendation you worked on achieved still hold? (a reminder)"
    # About the person's own login (ACCOUNT).
    SET_PASSWORD = "set_password", "A link to choose your password (a new login, or a forgotten password)"
    EMAIL_CHANGED = "email_changed", "Your login's e-mail address was changed (to the old address)"


# A deadline is not a matter of taste: these go each time to everyone they
# name, in the reminder's own words (_reminder.txt), not the choices' footer.
# An escalation too (models/escalations.py): the council decided that a
# manager hears of an update this late, so a manager cannot choose it away.
REMINDERS = {Kind.UPDATE_DUE, Kind.RESPONSE_REMINDER, Kind.UPDATE_ESCALATED, Kind.OUTCOME_RECHECK}
# About a person's own login, in words of their own (models/people.py):
# each goes to that person alone, whatever they chose
# (record_account_email), through the same retried, listed outbox.
ACCOUNT = {Kind.SET_PASSWORD, Kind.EMAIL_CHANGED}
CHOSEN_KINDS = [kind for kind in Kind if kind != Kind.DIGEST and kind not in REMINDERS | ACCOUNT]
# Where a set-password e-mail's link has its token: the token is made as
# the e-mail is sent (Notification.message), so the outbox keeps no
# working link, and one sent after a retry still works for its full time.
SET_PASSWORD_TOKEN = "token-made-as-it-is-sent"


class Frequency(models.TextChoices):
    EACH_TIME = "each_time", "Each time"
    DAILY = "daily", "In a daily digest"
    NEVER = "never", "Never"


# Who chooses what ---------------------------------------------------------------


class NotificationPreferenceQuerySet(models.QuerySet):
    def frequencies_for(self, user) -> dict[str, str]:
        """Every kind's frequency for `user`: what they chose, else each time."""
        chosen = dict(self.filter(user=user).values_list("kind", "frequency"))
        return {kind: chosen.get(kind, Frequency.EACH_TIME) for kind in CHOSEN_KINDS}

    def choose(self, user, frequencies: dict[str, str], *, by) -> None:
        """Set `user`'s frequency of each kind in `frequencies`. A person
        chooses only their own (the history names who changed what)."""
        permissions.require(by, permissions.CHOOSE_NOTIFICATIONS, user)
        unknown = set(frequencies) - set(CHOSEN_KINDS)
        if unknown or not set(frequencies.values()) <= set(Frequency.values):
            raise ValidationError("Choose each time, a daily digest or never for each kind of e-mail.")
        with transaction.atomic():
            existing = {row.kind: row for row in self.select_for_update().filter(user=user)}
            for kind, frequency in frequencies.items():
                row = existing.get(kind) or NotificationPreference(user=user, kind=kind)
                if row.pk and row.frequency == frequency:
                    continue
                row.frequency = frequency
                _attribute(row, by)
                row.save()


class NotificationPreference(models.Model):
    """How often one person is e-mailed one kind of notification. No row:
    each time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(max_length=30, choices=[(k.value, k.label) for k in CHOSEN_KINDS])
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.EACH_TIME)
    history = AuditHistory()

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_person_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_frequency_display()}"


# Following ---------------------------------------------------------------------


class FollowQuerySet(models.QuerySet):
    def of(self, user, target):
        """`user`'s follow of `target` (a Review or an Action), as a QuerySet."""
        return self.filter(user=user, **_target_field(target))

    def is_following(self, user, target) -> bool:
        return user.is_authenticated and self.of(user, target).exists()

    def follow(self, user, target, *, by) -> None:
        """`user` follows `target` from now; following twice is following."""
        permissions.require(by, permissions.FOLLOW, user)
        with transaction.atomic():
            if self.of(user, target).select_for_update().exists():
                return
            follow = Follow(user=user, **_target_field(target))
            _attribute(follow, by)
            follow.save()

    def unfollow(self, user, target, *, by) -> None:
        permissions.require(by, permissions.CHOOSE_NOTIFICATIONS, user)
        with transaction.atomic():
            for follow in self.of(user, target).select_for_update():
                _attribute(follow, by)
                follow.delete()

    def followers(self, *, review=None, actions=()) -> list:
        """The logins following `review` or any of `actions` (an action's
        followers hear of it, and so do its review's), who may still read
        the reviews."""
        condition = Q(pk__in=[])
        if review is not None:
            condition |= Q(follows__review=review)
        if actions:
            condition |= Q(follows__action__in=actions)
        # One query however many follow: the permission is checked in SQL.
        return list(permissions.paper_readers(get_user_model().objects.filter(condition)).distinct())


def _target_field(target) -> dict:
    """Follow's own field that holds `target`: each kind of thing that may
    be followed (Review, Action: models/review.py, above the outbox) names
    it, as `followed_as`."""
    name = getattr(type(target), "followed_as", None)
    if name is None:
        raise TypeError(f"{target!r} cannot be followed")
    return {name: target}


class Follow(models.Model):
    """One person following one review or one action: they are e-mailed
    (kind FOLLOWED) when it changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    review = models.ForeignKey("Review", null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    action = models.ForeignKey("Action", null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)
    history = AuditHistory()

    objects = FollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(review__isnull=False, action__isnull=True) | Q(review__isnull=True, action__isnull=False),
                name="follow_a_review_or_an_action",
            ),
            models.UniqueConstraint(fields=["user", "review"], name="follow_a_review_once"),
            models.UniqueConstraint(fields=["user", "action"], name="follow_an_action_once"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.review or self.action}"


# The outbox --------------------------------------------------------------------


def _people(users, *, leave_out=None) -> list:
    """Those of `users` who can be e-mailed: active, with an address; not
    `leave_out` (nobody is told of what they did themselves); once each."""
    seen, people = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active or not user.email:
            continue
        if leave_out is not None and user.pk == leave_out.pk:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


def render_body(*, kind: str, template: str, context, recipient, digest: bool = False) -> str:
    """What one notification says to `recipient`: `template` rendered with
    `context`, inside its greeting and signature unless it is a digest item.
    record() writes this and the reminders' preview shows it, so the two
    cannot differ."""
    frame = {"recipient": recipient, "base_url": base_url(), "council": council().council_name}
    content = render_to_string(template, {**(context or {}), **frame}).strip()
    if not digest:
        outer = "actionplans/email/_reminder.txt" if kind in REMINDERS else "actionplans/email/_message.txt"
        content = render_to_string(outer, {**frame, "content": content})
    return content.strip() + "\n"


def _row(user, frequency, *, kind, event_key, subject, template, context, by, answerable) -> "Notification":
    """The outbox row of one person's e-mail: a digest item is a paragraph
    of the digest, anything else the whole e-mail, headed by how to answer
    it where they may answer `answerable` by replying."""
    digest = frequency == Frequency.DAILY
    body = render_body(kind=kind, template=template, context=context, recipient=user, digest=digest)
    answered = not digest and answerable is not None and answerable.answerable_by(user)
    return Notification(
        recipient=user,
        kind=kind,
        event_key=event_key,
        subject=one_line(subject)[:250],
        body=answer_block(answerable) + body if answered else body,
        digest=digest,
        sent_by=by,
        **_answered(answerable if answered else None),
    )


def _answered(answerable) -> dict:
    """The row's field naming what a reply to it answers: an update or a re-check."""
    return {} if answerable is None else {answerable.REPLY_FIELD: answerable}


def answer_block(answerable) -> str:
    """What heads an e-mail its reader may answer by replying (with their
    update, or whether an outcome still holds: actionplans/replies/): how
    to, before anything else."""
    return render_to_string(answerable.REPLY_GUIDE, answerable.reply_guide()).strip() + "\n\n"


class NotificationQuerySet(models.QuerySet):
    # Writing: one verb for every event ----------------------------------------

    def record(
        self,
        *,
        event_key: str,
        kind: str,
        recipients,
        subject: str,
        template: str,
        context=None,
        by=None,
        answerable=None,
    ):
        """Put an e-mail about one event in the outbox for each of
        `recipients` who has not chosen never for `kind` and has not already
        had this event (the event key is unique per person); it is sent
        once the caller's transaction commits, or, for a digest chooser,
        in their next daily digest. `template` renders what the e-mail says
        (with `context`, `recipient` and `base_url`), inside the greeting and
        the signature of _message.txt (render_body). A reminder (REMINDERS)
        skips the choices and reaches `by` too. `answerable`: the update the
        e-mail asks for, which those who may write it can answer by replying
        (answer_block). Returns the rows written."""
        reminder = kind in REMINDERS
        if _held.get() or not (settings.SCRUTINY_NOTIFICATIONS or reminder):
            return []
        # A clerk who sends reminders is reminded of their own updates too.
        people = _people(recipients, leave_out=None if reminder else by)
        if not people:
            return []
        chosen = {}
        if not reminder:
            chosen = dict(
                NotificationPreference.objects.filter(user__in=people, kind=kind).values_list("user", "frequency")
            )
        already = set(self.filter(event_key=event_key, recipient__in=people).values_list("recipient", flat=True))
        email = partial(
            _row,
            kind=kind,
            event_key=event_key,
            subject=subject,
            template=template,
            context=context,
            by=by,
            answerable=answerable,
        )
        rows = [
            email(user, frequency)
            for user in people
            if (frequency := chosen.get(user.pk, Frequency.EACH_TIME)) != Frequency.NEVER and user.pk not in already
        ]
        # Not audited history: the outbox is the service's own record of
        # what it sent (plain bulk_create is fine), and a row a concurrent
        # call wrote first is skipped.
        self.bulk_create(rows, ignore_conflicts=True)
        if any(not row.digest for row in rows):
            transaction.on_commit(partial(_enqueue_sending, event_key), robust=True)
        return rows

    def record_account_email(self, *, kind: str, recipient, subject: str, body: str, by=None, address: str = ""):
        """Put one e-mail about `recipient`'s own login (an ACCOUNT kind, its
        words `body` as written in models/people.py) in the outbox: sent
        once the caller's transaction commits, whatever they chose, to
        `address` where given (else theirs), retried and listed as any
        other. Each is an event of its own. Returns the row (None while
        notifications are held)."""
        if _held.get():
            return None
        assert kind in ACCOUNT, kind
        row = self.create(
            recipient=recipient,
            kind=kind,
            event_key=f"{kind}:{uuid.uuid4().hex}",
            subject=one_line(subject)[:250],
            body=body.strip() + "\n",
            address=address,
            sent_by=by,
        )
        transaction.on_commit(partial(_enqueue_sending, row.event_key), robust=True)
        return row

    def update_submitted(self, entry, *, by):
        """(a) The review's link officers: an update waits for them to check
        it. Not the one who submitted it, nor anyone responsible for it (they
        may not approve it); the clerks when no link officer may."""
        review = entry.round.review
        links = [user for user in permissions.update_checkers(entry) if user.pk != by.pk]
        return self.record(
            event_key=f"update-{entry.pk}-submitted-{entry.version}",
            kind=Kind.UPDATE_SUBMITTED,
            recipients=links,
            subject=f"Update to check: {entry.action.mail_name}, {review.title}, {entry.round.label}",
            template="actionplans/email/update_submitted.txt",
            context={"entry": entry, "review": review, "by": by, "link": link("approve_entry", entry.pk)},
            by=by,
        )

    def update_decided(self, entry, *, by):
        """(b, c) The officers responsible for the update, and whoever
        submitted it: returned with the comment, or approved."""
        returned = entry.status == entry.Status.RETURNED
        # Who submitted the update just decided: the latest submission in its history.
        submitter = (
            entry.history.filter(status=entry.Status.SUBMITTED)
            .order_by("-history_date", "-history_id")
            .values_list("history_user", flat=True)
            .first()
        )
        officers = get_user_model().objects.filter(pk__in=entry.responsible_user_ids() | {submitter})
        review = entry.round.review
        word = "returned" if returned else "approved"
        return self.record(
            event_key=f"update-{entry.pk}-{word}-{entry.version}",
            kind=Kind.UPDATE_RETURNED if returned else Kind.UPDATE_APPROVED,
            recipients=officers,
            subject=f"Update {word}: {entry.action.mail_name}, {review.title}, {entry.round.label}",
            template=f"actionplans/email/update_{word}.txt",
            context={"entry": entry, "review": review, "by": by, "link": link("update_entry", entry.pk)},
            by=by,
            answerable=entry,
        )

    def round_published(self, round, *, by):
        """(d) The committee's members: the progress update is published.
        Then (f) everyone following the review or an action it carried; one
        e-mail per person, whichever way they hear of it (the same event)."""
        review = round.review
        event_key = f"round-{round.pk}-published-{round.history.latest().history_id}"
        context = {
            "round": round,
            "review": review,
            "link": link("progress_update_page", review.slug, round.period_code),
        }
        subject = f"Progress update published: {review.title}, {round.label}"
        rows = self.record(
            event_key=event_key,
            kind=Kind.ROUND_PUBLISHED,
            recipients=review.committee.members.all(),
            subject=subject,
            template="actionplans/email/round_published.txt",
            context=context,
            by=by,
        )
        actions = list(round.entries.values_list("action", flat=True))
        return rows + self.followed(
            event_key=event_key,
            review=review,
            actions=actions,
            subject=subject,
            what=f"The {round.label} progress update of the {review.title} review was published to the committee.",
            url=context["link"],
            by=by,
        )

    def updates_left_out(self, round, *, by):
        """(d2) Each officer responsible for an update of `round` that they
        wrote but that was not approved when the clerk published it (a
        draft, one waiting for the link officer, one returned): the
        committee's paper reads "No update received" for it. One e-mail a
        person, quoting what they wrote, since the next round's update
        starts afresh. Two queries, whatever the round's size, before the
        outbox's own."""
        event_key = f"round-{round.pk}-left-out-{round.history.latest().history_id}"
        status = round.entries.model.Status
        entries = (
            round.entries.filter(status__in=[status.DRAFT, status.SUBMITTED, status.RETURNED])
            .in_document_order()
            .select_related("action__recommendation", "action__sub_action")
            .prefetch_related("responsibilities__owner__user")
        )
        by_person: dict[int, tuple] = {}
        for entry in entries:
            for responsibility in entry.responsibilities.all():
                user = responsibility.owner.user
                if user is not None:
                    by_person.setdefault(user.pk, (user, []))[1].append(entry)
        review = round.review
        rows = []
        for user, left_out in by_person.values():
            rows += self.record(
                event_key=event_key,
                kind=Kind.UPDATE_LEFT_OUT,
                recipients=[user],
                subject=f"Published without your update: {review.title}, {round.label}",
                template="actionplans/email/update_left_out.txt",
                context={"round": round, "review": review, "entries": left_out},
                by=by,
            )
        return rows

    def decisions_published(self, round, *, by):
        """(f) The committee's decisions on a round's actions are published."""
        review = round.review
        return self.followed(
            event_key=f"round-{round.pk}-decisions-{round.history.latest().history_id}",
            review=review,
            actions=list(round.decisions.values_list("action", flat=True)),
            subject=f"Committee decisions published: {review.title}, {round.label}",
            what=f"The committee's decisions on the actions of the {review.title} review's {round.label} "
            "progress update were published.",
            url=link("round_decisions", round.pk),
            by=by,
        )

    def responses_published(self, review, *, by):
        """(f) The executive's responses to a review's recommendations are published."""
        return self.followed(
            event_key=f"review-{review.pk}-responses-published-{review.history.latest().history_id}",
            review=review,
            subject=f"Executive response published: {review.title}",
            what=f"{review.decision_maker}'s response to the {review.title} review's recommendations was published.",
            url=link("executive_response_page", review.slug),
            by=by,
        )

    def target_revised(self, action, revision, *, by):
        """(f) An action's target date changes (a revision accepted)."""
        review = action.recommendation.review
        return self.followed(
            event_key=f"action-{action.pk}-target-{revision.pk}",
            review=review,
            actions=[action.pk],
            subject=f"Target date changed: {action.mail_name}, {review.title}",
            what=f"The target date of {action.mail_name} ({review.title} review) is now "
            f"{action.target_month:%B %Y}: {revision.reason}",
            url=link("action_story", action.pk),
            by=by,
        )

    def followed(self, *, event_key, review, subject, what, url, by, actions=()):
        return self.record(
            event_key=event_key,
            kind=Kind.FOLLOWED,
            recipients=Follow.objects.followers(review=review, actions=actions),
            subject=subject,
            template="actionplans/email/followed.txt",
            context={"what": what, "link": url, "review": review},
            by=by,
        )

    def responses_due(self, reviews, *, on: datetime.date | None = None) -> list:
        """(e) The clerks, once per due date of each of `reviews` (those
        whose executive response is due within a week of `on` or overdue:
        Review.objects.responses_due(on=on), which `manage.py
        send_notifications` gives daily) that its clock says is due."""
        clerks = list(permissions.clerks())
        rows = []
        for review in reviews:
            clock = review.response_clock(on=on)
            if not clock.is_due_soon:
                continue
            rows += self.record(
                event_key=f"review-{review.pk}-response-due-{clock.due:%Y-%m-%d}",
                kind=Kind.RESPONSE_DUE,
                recipients=clerks,
                subject=f"Executive response {'overdue' if clock.is_overdue else 'due'}: {review.title} review",
                template="actionplans/email/response_due.txt",
                context={"review": review, "clock": clock, "link": link("review_detail", review.slug)},
            )
        return rows

    def response_reminders(self, review) -> list:
        """Remind the clerks and the review's link officers
        (permissions.response_chasers) that `review`'s executive response is
        due within a week or overdue: at most once a day each (the event key
        names the day the reminder goes). `manage.py send_reminders` asks
        daily. Returns the rows written."""
        clock = review.response_clock()
        if not clock.is_due_soon:
            return []
        return self.record(
            event_key=f"review-{review.pk}-response-reminder-{timezone.localdate():%Y-%m-%d}",
            kind=Kind.RESPONSE_REMINDER,
            recipients=permissions.response_chasers(review),
            subject=f"Executive response {'overdue' if clock.is_overdue else 'due'}: {review.title} review",
            template="actionplans/email/response_reminder.txt",
            context={
                "review": review,
                "clock": clock,
                "period": response_period(),
                "link": link("review_detail", review.slug),
            },
        )

    def recheck_asked(self, check, *, recorded_by):
        """Ask the people responsible for a completed recommendation's
        actions whether what it achieved still holds (OutcomeCheck.ask),
        naming the clerk who recorded its outcome, to tell; answerable by
        replying (`check`, OutcomeCheck.hear). Once."""
        recommendation = check.recommendation
        owners = [owner.user for action in recommendation.actions.all() for owner in action.owners.all() if owner.user]
        review = recommendation.review
        return self.record(
            event_key=f"recommendation-{recommendation.pk}-recheck",
            kind=Kind.OUTCOME_RECHECK,
            recipients=owners,
            subject=f"Is it still so? {review.title}, recommendation {recommendation.number}",
            template="actionplans/email/outcome_recheck.txt",
            context={"recommendation": recommendation, "review": review, "clerk": recorded_by},
            by=recorded_by,
            answerable=check,
        )

    # Sending ----------------------------------------------------------------------

    def unsent(self):
        """Rows still to e-mail: not sent, not waiting for a digest, and not
        given up on (some may be waiting for their next try: due())."""
        return self.filter(sent_at__isnull=True, digest=False, attempts__lt=MAX_ATTEMPTS)

    def not_delivered(self):
        """E-mails the mail server has refused or not answered for, at least
        once: still being tried after their back-off, or given up on
        (`given_up`). The clerk's list of them is how anyone learns that a
        reminder never arrived (actionplans/notifications/views.py)."""
        return self.filter(sent_at__isnull=True).exclude(last_error="")

    def being_retried(self):
        """Rows the mail server has refused or not answered for, still to be
        tried again (not given up on): while there are any, mail is not
        getting through (/health/ says so)."""
        return self.unsent().exclude(last_error="")

    def given_up(self):
        """Rows tried MAX_ATTEMPTS times and never delivered: not tried again."""
        return self.filter(sent_at__isnull=True, digest=False, attempts__gte=MAX_ATTEMPTS)

    def due(self, now=None):
        """Unsent rows whose turn has come: never tried, or their back-off
        (or another sender's claim) has run out."""
        now = now or timezone.now()
        return self.unsent().filter(Q(not_before__isnull=True) | Q(not_before__lte=now))

    def send_pending(self, *, event_key: str | None = None) -> int:
        """E-mail the rows that are due (of one event, or all): each once,
        whoever else is sending. Returns how many were sent.

        In three steps, so that no transaction is open while the mail server
        is talked to (on SQLite an open write transaction stops every other
        write): claim a batch in a short transaction (another sender skips
        claimed rows until CLAIM_SECONDS pass), send it over one SMTP
        connection outside any transaction, then mark each row sent, or
        failed and due again after its back-off, in another short one."""
        sent = 0
        while rows := self._claim(event_key):
            sent += self._mark(rows, _send(rows))
        return sent

    def _claim(self, event_key) -> list:
        now = timezone.now()
        rows = self.due(now)
        if event_key is not None:
            rows = rows.filter(event_key=event_key)
        with transaction.atomic():
            batch = list(
                rows.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .order_by("pk")[:BATCH_SIZE]
            )
            for row in batch:
                row.attempts += 1
                row.not_before = now + datetime.timedelta(seconds=CLAIM_SECONDS)
                row.save(update_fields=["attempts", "not_before"])
        return batch

    def _mark(self, rows, errors: dict) -> int:
        now = timezone.now()
        with transaction.atomic():
            for row in rows:
                error = errors.get(row.pk)
                if error is None:
                    row.sent_at, row.last_error, row.not_before = now, "", None
                else:
                    row.last_error = error[:2000]
                    row.not_before = now + retry_delay(row.attempts)
                    logger.warning(
                        "Could not e-mail notification %s (%s) to %s, attempt %s: %s",
                        row.pk,
                        row.event_key,
                        row.to,
                        row.attempts,
                        row.last_error,
                    )
                row.save(update_fields=["sent_at", "last_error", "not_before"])
        return sum(1 for row in rows if row.pk not in errors)

    def make_digests(self, *, today: datetime.date | None = None) -> list:
        """Gather each person's digest items into one e-mail a day (kind
        DIGEST, event key 'digest-DATE': at most one per person per day);
        items arriving after today's has gone wait for tomorrow's."""
        today = today or timezone.localdate()
        key = f"digest-{today:%Y-%m-%d}"
        digests = []
        waiting = self.filter(digest=True, included_in__isnull=True)
        people = set(waiting.values_list("recipient", flat=True))
        done = set(self.filter(event_key=key, recipient__in=people).values_list("recipient", flat=True))
        for user in get_user_model().objects.filter(pk__in=people - done).order_by("pk"):
            with transaction.atomic():
                items = list(waiting.filter(recipient=user).select_for_update().order_by("created_at", "pk"))
                if not items:
                    continue
                body = render_to_string(
                    "actionplans/email/digest.txt",
                    {
                        "recipient": user,
                        "items": items,
                        "today": today,
                        "base_url": base_url(),
                        "council": council().council_name,
                    },
                )
                count = f"{len(items)} notification{'s' if len(items) != 1 else ''}"
                digest = self.create(
                    recipient=user,
                    kind=Kind.DIGEST,
                    event_key=key,
                    subject=f"Your daily digest from Scrutiny monitoring: {count}",
                    body=body.strip() + "\n",
                )
                for item in items:
                    item.included_in = digest
                    item.save(update_fields=["included_in"])
                digests.append(digest)
        return digests


class Notification(models.Model):
    """One e-mail to one person about one event: the outbox row, kept once
    sent (sent_at) or while sending fails (attempts, last_error)."""

    Kind = Kind

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    event_key = models.CharField(max_length=200, help_text="What happened, the same for everyone told of it.")
    subject = models.CharField(max_length=255)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Not tried again before this: a sender's claim while it sends, then
    # the back-off after a failure (retry_delay).
    not_before = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)
    # Sent here rather than to the recipient's address: their old address,
    # told that it was changed.
    address = models.EmailField(blank=True, editable=False)
    # Whose doing the e-mail is: who made the change it tells of, or the
    # clerk who sent a reminder; blank when the service sent it of itself
    # (the daily commands).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications_caused",
        editable=False,
    )
    # For the daily digest: the item waits for it, then names the digest
    # e-mail that carried it.
    digest = models.BooleanField(default=False)
    included_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items", editable=False
    )
    # The update the recipient may answer this e-mail with, by replying to
    # it: its Reply-To, made as it is sent, names the update and them
    # (actionplans/reply_tokens.py).
    reply_entry = models.ForeignKey(
        "actionplans.ProgressEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Or the re-check ("is it still so?") they may answer by replying.
    reply_check = models.ForeignKey(
        "actionplans.OutcomeCheck",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="one_notification_per_event_per_person")
        ]
        indexes = [models.Index(fields=["sent_at", "digest"], name="notification_outbox")]

    def __str__(self):
        return f"{self.subject} (to {self.recipient})"

    @property
    def given_up(self) -> bool:
        """Tried MAX_ATTEMPTS times (about a week of back-off): not tried again."""
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS

    @property
    def to(self) -> str:
        return self.address or self.recipient.email

    def message(self) -> EmailMessage:
        """The e-mail as it is sent now: a set-password link gets its token
        (SET_PASSWORD_TOKEN) at this moment."""
        body = self.body
        if self.kind == Kind.SET_PASSWORD:
            body = body.replace(SET_PASSWORD_TOKEN, default_token_generator.make_token(self.recipient))
        reply_to = []
        if self.reply_entry_id and reply_tokens.is_on():
            reply_to = [reply_tokens.reply_address(entry_id=self.reply_entry_id, user_id=self.recipient_id)]
        elif self.reply_check_id and reply_tokens.is_on():
            reply_to = [reply_tokens.recheck_address(check_id=self.reply_check_id, user_id=self.recipient_id)]
        return EmailMessage(subject=self.subject, body=body, to=[self.to], reply_to=reply_to)


class SentReminder(Notification):
    """The reminders among the e-mails (the REMINDERS kinds: an update due,
    an executive response due), as the back office lists them to read: who
    was reminded of what, when, and who sent it."""

    class Meta:
        proxy = True
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a row that has failed `attempts` times waits before the next
    try: a minute, then twice as long each time, at most a day."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_RETRY_MINUTES))


def _send(rows) -> dict:
    """E-mail `rows` over one connection, outside any transaction. Returns
    the error of each row that failed, by pk."""
    errors = {}
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # SMTP, DNS, a refused login: all are retried.
        return {row.pk: f"{type(error).__name__}: {error}" for row in rows}
    try:
        for row in rows:
            message = row.message()
            try:
                if not connection.send_messages([message]):
                    errors[row.pk] = "The mail server did not accept it."
            except Exception as error:  # a refused address, a dropped connection
                errors[row.pk] = f"{type(error).__name__}: {error}"
                # The next row starts on a fresh connection.
                with contextlib.suppress(Exception):
                    connection.close()
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return errors


@task()
def send_notifications_of(event_key: str) -> int:
    """E-mail one event's rows once the change that made them has committed:
    the background worker's job, so the request does not wait for the mail
    server (inline with the immediate backend)."""
    return Notification.objects.send_pending(event_key=event_key)


def _enqueue_sending(event_key: str) -> None:
    send_notifications_of.enqueue(event_key)
