"""The replies officers send to the e-mails asking for their update
(actionplans/replies/): each message received once, what became of it,
the message itself for the clerk, and the answer its sender is sent.

The row is the service's own record of the mail it received, as the outbox
is of the mail it sent; the changes a reply makes are in the update's own
audit history, as the officer's, "by e-mail" with the message's Message-ID.
A message is known by its Message-ID (or, lacking one, by its bytes), so
the same message delivered twice, or fetched by two servers at once, is
handled once: the unique key decides which."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from actionplans.models.notifications import MAX_ATTEMPTS, retry_delay
from actionplans.models.rounds import ProgressEntry

logger = logging.getLogger(__name__)
# An answer is tried again as a notification is (retry_delay: a minute,
# doubling, at most a day) and left alone, its error kept, after as many
# tries (about a week).
MAX_ANSWER_ATTEMPTS = MAX_ATTEMPTS
# A message still being read this long after it was claimed was left by a
# handler that died (a worker killed, a database gone): its next delivery
# takes it over.
STALE_CLAIM = datetime.timedelta(minutes=10)


def message_key(message_id: str, raw: bytes) -> str:
    """What makes two deliveries one message: its Message-ID, else its bytes."""
    return hashlib.sha256(message_id.strip().encode() if message_id.strip() else raw).hexdigest()


class EmailedReplyQuerySet(models.QuerySet):
    def claim(
        self, *, message_id: str, raw: bytes, from_address: str, kept: bytes | None = None
    ) -> tuple["EmailedReply | None", object]:
        """(the row of a message to handle now, None) for a message not seen
        before, or one whose handling stopped half-way (claimed more than
        STALE_CLAIM ago and still being read: its handler died); else (None,
        the row of its first delivery: handled, or being handled now).
        `kept`: what of the message the row keeps until its sender is shown
        to be the officer (its headers), else the whole of it."""
        key = message_key(message_id, raw)
        kept = raw if kept is None else kept
        try:
            with transaction.atomic():
                return self.create(key=key, message_id=message_id, from_address=from_address, message=kept), None
        except IntegrityError:
            pass
        first = self.get(key=key)
        stale = timezone.now() - STALE_CLAIM
        cut_off = first.outcome == EmailedReply.Outcome.RECEIVING and first.received_at < stale
        # Taken back by whoever changes its time first.
        if cut_off and self.filter(pk=first.pk, received_at=first.received_at).update(received_at=timezone.now()):
            return self.get(pk=first.pk), None
        return None, first

    def of_person(self, user):
        """The messages `user` sent: answering as the officer, or from their address."""
        by_address = Q(from_address__iexact=user.email) if user.email else Q(pk__in=[])
        return self.filter(Q(officer=user) | by_address)

    def unsent_answers(self):
        """Answers not yet sent nor given up on (some waiting for their next try)."""
        return self.filter(answer_sent_at__isnull=True, answer_attempts__lt=MAX_ANSWER_ATTEMPTS).exclude(answer_body="")

    def answers_to_send(self, now=None):
        """Unsent answers whose turn has come: never tried, or their back-off run out."""
        now = now or timezone.now()
        return self.unsent_answers().filter(Q(answer_not_before__isnull=True) | Q(answer_not_before__lte=now))

    def answers_being_retried(self):
        """Answers the mail server refused or did not answer for, still to
        be tried again: while there are any, /health/ says so."""
        return self.unsent_answers().filter(answer_attempts__gt=0)

    def answers_not_delivered(self):
        """Answers the mail server refused at least once and never took:
        being tried again, or given up on (the clerk's E-mail not delivered)."""
        return self.filter(answer_sent_at__isnull=True).exclude(answer_body="").exclude(answer_error="")

    def send_answers(self) -> int:
        """Send every answer not yet sent (each in turn; one that fails is
        tried again next time). Returns how many went."""
        return sum(reply.send_answer() for reply in self.answers_to_send().order_by("pk"))


class EmailedReply(models.Model):
    """One message received at the reply mailbox."""

    class Outcome(models.TextChoices):
        RECEIVING = "receiving", "Being read"
        SAVED = "saved", "Saved as the draft update"
        SUBMITTED = "submitted", "Submitted to the link officer"
        COMMENTED = "commented", "Added to the update's conversation"
        HEARD = "heard", "Kept with the re-check of an outcome"
        REFUSED = "refused", "Refused: nothing saved"
        IGNORED = "ignored", "An automatic reply: ignored"

    key = models.CharField(max_length=64, unique=True, editable=False)
    message_id = models.TextField(blank=True, verbose_name="Message-ID")
    from_address = models.CharField(max_length=254, blank=True, verbose_name="from")
    received_at = models.DateTimeField(default=timezone.now)
    entry = models.ForeignKey(
        ProgressEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="emailed_replies"
    )
    # Or the re-check ("is it still so?") it answers.
    recheck = models.ForeignKey(
        "actionplans.OutcomeCheck", null=True, blank=True, on_delete=models.CASCADE, related_name="emailed_replies"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="emailed_replies"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.RECEIVING)
    # What was saved and what was not, or why it was refused: the answer's gist.
    said = models.TextField(blank=True)
    # The message as it arrived, for the clerk; never public.
    message = models.BinaryField()
    answer_to = models.CharField(max_length=254, blank=True)
    answer_subject = models.CharField(max_length=255, blank=True)
    answer_body = models.TextField(blank=True)
    answer_in_reply_to = models.TextField(blank=True)
    answer_sent_at = models.DateTimeField(null=True, blank=True)
    answer_attempts = models.PositiveSmallIntegerField(default=0)
    answer_error = models.TextField(blank=True)
    # Not tried again before this: the back-off after a failure (retry_delay).
    answer_not_before = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EmailedReplyQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "update by e-mail"
        verbose_name_plural = "updates by e-mail"

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.from_address} ({self.received_at:%d %b %Y %H:%M})"

    def record(
        self, outcome: str, said: str, *, entry=None, officer=None, answer: dict | None = None, check=None
    ) -> None:
        """What became of the message (about update `entry` or re-check
        `check`) and, where it is answered, the answer (`answer`: to,
        subject, body, in_reply_to): saved at once, in the caller's
        transaction."""
        self.outcome, self.said = outcome, said
        self.entry, self.recheck, self.officer = entry, check, officer
        if answer is not None:
            self.answer_to, self.answer_subject = answer["to"], answer["subject"][:255]
            self.answer_body, self.answer_in_reply_to = answer["body"], answer["in_reply_to"]
        self.save()

    def send_answer(self) -> bool:
        """E-mail the answer, outside any transaction, once: the try is
        claimed first (its count raised where it still is what was read),
        so two senders at once cannot both send it. A failure is kept on
        the row and tried again by the next fetch or send_notifications
        once its back-off has run out."""
        claimed = EmailedReply.objects.filter(
            pk=self.pk, answer_sent_at__isnull=True, answer_attempts=self.answer_attempts
        ).update(answer_attempts=models.F("answer_attempts") + 1)
        if not claimed:
            return False
        self.answer_attempts += 1
        headers = {}
        if self.answer_in_reply_to:
            headers = {"In-Reply-To": self.answer_in_reply_to, "References": self.answer_in_reply_to}
        # No robot answers a robot: the answer says it is automatic (RFC 3834).
        headers["Auto-Submitted"] = "auto-replied"
        message = EmailMessage(self.answer_subject, self.answer_body, to=[self.answer_to], headers=headers)
        try:
            message.send()
        except Exception as error:  # SMTP, DNS, a refused address: tried again after its back-off
            self.answer_error = f"{type(error).__name__}: {error}"
            self.answer_not_before = timezone.now() + retry_delay(self.answer_attempts)
            self.save(update_fields=["answer_error", "answer_not_before"])
            logger.warning("The answer to %s could not be sent: %s", self.answer_to, error)
            return False
        self.answer_sent_at = timezone.now()
        self.save(update_fields=["answer_sent_at"])
        return True

    @property
    def answer_given_up(self) -> bool:
        """Tried MAX_ANSWER_ATTEMPTS times and never taken: not tried again."""
        return self.answer_sent_at is None and self.answer_attempts >= MAX_ANSWER_ATTEMPTS

    @property
    def message_text(self) -> str:
        """The message as it arrived, as text the clerk can read."""
        return bytes(self.message).decode("utf-8", errors="replace")


class MailboxRefreshToken(models.Model):
    """The newest refresh token the reply mailbox's OAuth 2.0 provider gave
    (actionplans/replies/oauth.py), for the one in the environment it grew
    from: Microsoft's come anew with every access token and let the old
    lapse (90 days), so a restarted worker must not go back to the first.
    A new SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN (consent given again)
    has no row yet and starts afresh. A secret, as the password in the
    environment is: never shown, never in the audit history."""

    # SHA-256 of the refresh token set in the environment.
    grown_from = models.CharField(max_length=64, unique=True)
    token = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"the reply mailbox's refresh token, {self.updated_at:%Y-%m-%d %H:%M}"


class MailboxReadingQuerySet(models.QuerySet):
    def read(self) -> None:
        """A run read the reply mailbox: it is not failing."""
        now = timezone.now()
        self.update_or_create(pk=1, defaults={"last_read_at": now, "failing_since": None})

    def not_read(self) -> None:
        """A run could not read it (not reached, the login or token
        refused): failing since the first such run."""
        if not self.filter(pk=1, failing_since__isnull=False).exists():
            self.update_or_create(pk=1, defaults={"failing_since": timezone.now()})

    def failing_since(self):
        """When the runs began to fail, or None while the last one read it."""
        return self.filter(pk=1).values_list("failing_since", flat=True).first()


class MailboxReading(models.Model):
    """Whether the worker's runs read the reply mailbox (one row): a
    mailbox nobody can read loses no reply, but none is answered either,
    and only the worker's log would say so. /health/ reads it."""

    last_read_at = models.DateTimeField(null=True)
    failing_since = models.DateTimeField(null=True)

    objects = MailboxReadingQuerySet.as_manager()

    def __str__(self):
        return f"the reply mailbox, failing since {self.failing_since}" if self.failing_since else "the reply mailbox"
