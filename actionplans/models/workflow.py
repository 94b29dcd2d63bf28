"""The update workflow that every kind of plan's progress reports share: an
update is written by those responsible (a draft, then submitted), checked by
someone else (approved, or returned with a comment) and, once approved, is
what the committee or partnership receives. A scrutiny action's
ProgressEntry in a monitoring round and a partnership action's
PartnershipUpdate in a quarter are both `Update`s: the same statuses, the
same verbs with `by=` and a version check, the same audit history and the
same segregation of duties; each says only what is its own (its fields,
its period, who is responsible for it)."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from actionplans import permissions
from actionplans.models.common import FIELD_WORDS, LONG_TEXT, _attribute


class UpdateStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


class PeriodStatus(models.TextChoices):
    """Where the period updates are written in stands (a monitoring Round, a
    partnership plan's Quarter): open for updates, then published."""

    OPEN = "open", "Open for updates"
    PUBLISHED = "published", "Published"


# The statuses of an update the committee receives: the one rule of
# "received", which UpdateQuerySet.received() and Update.is_received read.
RECEIVED = (UpdateStatus.APPROVED,)


class UpdateQuerySet(models.QuerySet):
    """What every kind of update's QuerySet answers. A subclass says who
    owns an update (`owned_by`)."""

    def received(self):
        """The updates the committee receives (RECEIVED: approved ones).
        Anything else (not started, a draft, submitted, returned) reads "No
        update received" once its period is published."""
        return self.filter(status__in=RECEIVED)

    def not_received(self):
        """What publishing now would leave reading "No update received"."""
        return self.exclude(status__in=RECEIVED)

    def waiting_for_officers(self):
        """Updates not yet submitted: not started, in draft, or returned."""
        return self.filter(status__in=Update.WAITING_FOR_OFFICERS)

    def owned_by(self, user):
        raise NotImplementedError

    def with_submitter(self):
        """Annotates `submitter_id`: who submitted each submitted update,
        read from its history (the first record of its latest run of
        'submitted'); None for an update not submitted."""
        history = self.model.history.model.objects
        submitted = UpdateStatus.SUBMITTED
        changed_later = history.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date")).exclude(
            status=submitted
        )
        submission = (
            history.filter(id=OuterRef("pk"), status=submitted)
            .exclude(Exists(changed_later))
            .order_by("history_date", "history_id")
            .values("history_user")[:1]
        )
        return self.annotate(submitter_id=Subquery(submission))


def status_counts(updates) -> dict[str, int]:
    """How many of `updates` are at each status, in workflow order: a
    round's or a quarter's page."""
    counts = dict.fromkeys(UpdateStatus.values, 0)
    for update in updates:
        counts[update.status] += 1
    return counts


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


class EditConflict(Exception):
    """Someone else saved the update since it was opened."""

    def __init__(self, current: "Update"):
        self.current = current
        latest = current.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        super().__init__("The update was changed by someone else.")


class Update(models.Model):
    """An update in the workflow. A concrete subclass names its period
    (PERIOD_FIELD: the foreign key to a model with `is_open` and
    `is_past_deadline`), its owners (`objects.owned_by(user)` and
    `responsible_user_ids()`), its officers' words (CONTENT_FIELDS) and
    who checks it (`checked_by`: a permissions.Checkers)."""

    Status = UpdateStatus

    # Still with the officers: what the clerk chases.
    WAITING_FOR_OFFICERS = {Status.NOT_STARTED, Status.DRAFT, Status.RETURNED}
    # What the officer has put before the link officer.
    REACHED_LINK_OFFICER = {Status.SUBMITTED, Status.RETURNED, Status.APPROVED}

    # How an update not yet received reads in its period's report while the
    # period is open (a draft); once published it reads "No update received".
    WHILE_OPEN = {
        Status.NOT_STARTED: "Not started",
        Status.DRAFT: "Draft",
        Status.SUBMITTED: "Submitted, waiting to be checked",
        Status.RETURNED: "Returned, to be changed",
    }

    PERIOD_FIELD = ""
    CONTENT_FIELDS: tuple[str, ...] = ()

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    return_comment = models.TextField(
        blank=True, help_text="Why the link officer returned the update: the officer sees it.", validators=LONG_TEXT
    )
    # Raised by every save through the workflow, so that a save based on an
    # older reading of the update can be refused (see save_update).
    version = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    # What a subclass says -------------------------------------------------

    @property
    def period_of_update(self):
        """The round or quarter the update belongs to."""
        return getattr(self, self.PERIOD_FIELD)

    def responsible_user_ids(self) -> set[int]:
        """The logins responsible for the update (who may not approve it)."""
        raise NotImplementedError

    def describe_field(self, name: str, value) -> str:
        """A field's value as the history and the conflict page word it."""
        if name == "status":
            return self.Status(value).label
        return value

    # Reading ----------------------------------------------------------------

    @property
    def is_received(self) -> bool:
        """Whether the committee receives it (is_received_status)."""
        return self.is_received_status(self.status)

    @classmethod
    def is_received_status(cls, status: str) -> bool:
        """Whether an update at `status` is one the committee receives
        (RECEIVED): for a history record too (whose .instance would read the
        live row)."""
        return status in RECEIVED

    @property
    def is_overdue(self) -> bool:
        """Still with its officers after the period's deadline."""
        return self.status in self.WAITING_FOR_OFFICERS and self.period_of_update.is_past_deadline

    @property
    def is_open_to_officers(self) -> bool:
        """Officers may write while the period is open and the update is not
        with the link officer or approved."""
        return self.period_of_update.is_open and self.status in self.WAITING_FOR_OFFICERS

    @property
    def has_reached_link_officer(self) -> bool:
        """Whether the officer has put this text before the link officer.
        A draft or an untouched update is the officer's own until submitted:
        only those responsible for the action see it."""
        return self.status in self.REACHED_LINK_OFFICER

    @property
    def is_awaiting_approval(self) -> bool:
        return self.period_of_update.is_open and self.status == self.Status.SUBMITTED

    @property
    def is_resubmitted(self) -> bool:
        """Submitted again after the link officer returned it: the return
        comment stays until the update is approved."""
        return self.status == self.Status.SUBMITTED and bool(self.return_comment)

    @property
    def is_withdrawable(self) -> bool:
        """Officers may take back a submitted update until it is approved."""
        return self.is_awaiting_approval

    def fields_shown_to_link_officer(self, seen) -> tuple[str, ...]:
        """What a link officer may compare between the version `seen` (a
        history record) and now: the text where both had been submitted, and
        otherwise only the status (a draft is the officer's own, however the
        page that asks names the version it saw)."""
        both_submitted = self.has_reached_link_officer and seen.status in self.REACHED_LINK_OFFICER
        return (*self.CONTENT_FIELDS, "status") if both_submitted else ("status",)

    def submitter_pk(self) -> int | None:
        """Who submitted the update now waiting for approval (None unless it
        is submitted). objects.with_submitter() reads it for a whole list."""
        if not hasattr(self, "submitter_id"):
            self.submitter_id = (
                type(self).objects.with_submitter().values_list("submitter_id", flat=True).get(pk=self.pk)
            )
        return self.submitter_id

    def last_saved(self):
        """The history record of the latest save through the workflow (who
        and when), or None while nobody has written anything."""
        if not self.version:
            return None
        return self.history.select_related("history_user").first()

    def approval(self):
        """The history record of the update's approval (who approved it and
        when: the first of its latest run of 'approved', so a correction
        made since is not taken for it), or None while it is not approved."""
        if not self.is_received:
            return None
        approval = None
        for record in self.history.select_related("history_user").order_by("-history_date", "-history_id"):
            if not self.is_received_status(record.status):
                break
            approval = record
        return approval

    def last_return(self):
        """The history record of the link officer's latest return of the
        update (its comment, who and when), or None."""
        return (
            self.history.filter(status=self.Status.RETURNED)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )

    def changes_since(self, record, fields=None) -> list[FieldChange]:
        """What differs between the update now and a historical `record` of
        it: the fields changed, each before and after."""
        changes = []
        for name in fields or (*self.CONTENT_FIELDS, "status"):
            before, after = getattr(record, name), getattr(self, name)
            if before == after:
                continue
            before, after = self.describe_field(name, before), self.describe_field(name, after)
            changes.append(FieldChange(FIELD_WORDS.get(name, name), before or "(blank)", after or "(blank)"))
        return changes

    def next_to_approve(self, user) -> "Update | None":
        """The next submitted update of the same period, in document order
        (wrapping round to the first), that `user` may approve; None when
        none is left."""
        updates = list(
            type(self)
            .objects.filter(
                Q(status=self.Status.SUBMITTED) | Q(pk=self.pk), **{self.PERIOD_FIELD: self.period_of_update}
            )
            .with_submitter()
            .for_approval()
            .in_document_order()
        )
        here = next(i for i, update in enumerate(updates) if update.pk == self.pk)
        after_then_before = updates[here + 1 :] + updates[:here]
        return next(
            (
                update
                for update in after_then_before
                if update.status == self.Status.SUBMITTED and permissions.may(user, permissions.APPROVE_UPDATE, update)
            ),
            None,
        )

    # Writing ----------------------------------------------------------------

    def _locked(self):
        return type(self).objects.select_for_update().select_related(self.PERIOD_FIELD).get(pk=self.pk)

    def _save_as(self, by, **changes) -> None:
        """Write `changes` as `by`, once each passes its field's own checks
        (the length and characters a form allows): whichever way the words
        came (a form, a reply), the same rule, by field."""
        problems = {}
        for name, value in changes.items():
            try:
                self._meta.get_field(name).run_validators(value)
            except FieldDoesNotExist:
                continue
            except ValidationError as error:
                problems[name] = [f"{FIELD_WORDS.get(name, name)}: {message}" for message in error.messages]
        if problems:
            raise ValidationError(problems)
        for name, value in changes.items():
            setattr(self, name, value)
        self.version += 1
        _attribute(self, by)
        self.save()

    def _save_update(self, *, by, version: int, submit: bool, before_save=None, **fields) -> None:
        """The officer's save: a draft, or submitted for approval. Refused
        with EditConflict when someone else saved it after `version` was read;
        refused with ValidationError when the update is not the officer's to
        change now. `before_save(current)` does what the kind of update adds,
        in the same transaction."""
        permissions.require(by, permissions.WRITE_UPDATE, self)
        with transaction.atomic():
            current = self._locked()
            if current.version != version:
                raise EditConflict(current)
            if not current.is_open_to_officers:
                status = current.get_status_display().lower()
                raise ValidationError(f"This update is {status} and can no longer be changed.")
            if before_save is not None:
                before_save(current)
            current._save_as(by, status=self.Status.SUBMITTED if submit else self.Status.DRAFT, **fields)
        self.refresh_from_db()

    def return_to_officer(self, *, by, version: int, comment: str) -> None:
        permissions.require(by, permissions.APPROVE_UPDATE, self)
        if not comment.strip():
            raise ValidationError({"return_comment": "Say what the officer needs to change."})
        self._decide(by, version, status=self.Status.RETURNED, return_comment=comment.strip())

    def _decide(self, by, version: int, before_save=None, **changes) -> None:
        permissions.require(by, permissions.APPROVE_UPDATE, self)
        with transaction.atomic():
            current = self._locked()
            if current.version != version:
                raise EditConflict(current)
            if not current.is_awaiting_approval:
                raise ValidationError("Only a submitted update in an open round can be approved or returned.")
            if before_save is not None:
                before_save(current)
            current._save_as(by, **changes)
        self.refresh_from_db()

    def withdraw(self, *, by, version: int) -> None:
        """An officer takes back their submitted update, before it is
        approved, to change it: it is a draft again."""
        permissions.require(by, permissions.WITHDRAW_UPDATE, self)
        with transaction.atomic():
            current = self._locked()
            if current.version != version:
                raise EditConflict(current)
            if not current.is_withdrawable:
                status = current.get_status_display().lower()
                raise ValidationError(f"This update is {status}: only a submitted update can be withdrawn.")
            current._change_reason = "Withdrawn by the officer"
            current._save_as(by, status=self.Status.DRAFT)
        self.refresh_from_db()
