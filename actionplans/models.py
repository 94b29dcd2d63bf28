"""The scrutiny review and its action plan, as the committee papers have it.

A Review has Recommendations; a Recommendation may have lettered SubActions;
an Action is one action record (Responsibility, Date, Agreed Action, Agreed
Success Measure) that belongs to a recommendation itself, to one of its
lettered sub-actions, or to a parallel strand of either. Each monitoring Round
of the review holds at most one ProgressEntry per action.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans.text import no_control_characters, one_line, single_line, within_max_chars

# Validators of the text fields (actionplans/text.py): the same rules as the
# forms, for every door (admin, import).
ONE_LINE = [no_control_characters, single_line]
LONG_TEXT = [no_control_characters, within_max_chars]


def month_label(value: datetime.date | None) -> str:
    """'March 2020': the documents date everything to the month."""
    return value.strftime("%B %Y") if value else ""


def first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def period_code(value: datetime.date) -> str:
    """'2020-03': how a round's month is named in addresses, file names and
    on the command line."""
    return value.strftime("%Y-%m")


# Document order of actions, as a list of order_by() terms relative to the
# action (prefix them with "action__" from an entry). The recommendation's
# own record comes first, then its lettered parts, each record before its
# strands. NULLs sort differently on SQLite and PostgreSQL, hence nulls_first.
def document_order(prefix: str = "") -> list:
    return [
        f"{prefix}recommendation__number",
        models.F(f"{prefix}sub_action__letter").asc(nulls_first=True),
        f"{prefix}position",
        f"{prefix}pk",
    ]


def _attribute(obj, by) -> None:
    """Record `by` as who made the change about to be saved. Without it (in
    a request) the history middleware names the signed-in user."""
    if by is not None:
        obj._history_user = by


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="committees",
        help_text="Councillors who sit on the committee.",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        verbose_name = "committee"

    def __str__(self):
        return self.name


class Owner(models.Model):
    """Somebody an action can be the responsibility of: a named person, or a
    role or group ("SBC Hate Crime Lead", "All Stockton hate crime group
    members"). A person, or whoever holds a role, may have a login."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ROLE = "role", "Role or group"

    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owner_records",
        help_text="The login of this person, or of whoever holds this role.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "responsible person or group"
        verbose_name_plural = "responsible people and groups"

    def __str__(self):
        return self.name


class ReviewQuerySet(models.QuerySet):
    def for_link_officer(self, user):
        return self.filter(link_officers__user=user).distinct()


class Review(models.Model):
    class Status(models.TextChoices):
        MONITORING = "monitoring", "Being monitored"
        COMPLETED = "completed", "Monitoring completed"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=200, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    link_officers = models.ManyToManyField(
        Owner,
        blank=True,
        related_name="linked_reviews",
        limit_choices_to={"kind": Owner.Kind.PERSON},
        verbose_name="link officer/s",
    )
    action_plan_agreed = models.DateField(help_text="The month the Select Committee agreed the action plan.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MONITORING)
    history = HistoricalRecords(m2m_fields=[link_officers])

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("review_detail", args=[self.slug])

    def clean(self):
        if self.action_plan_agreed:
            self.action_plan_agreed = first_of_month(self.action_plan_agreed)

    @property
    def action_plan_agreed_label(self) -> str:
        return month_label(self.action_plan_agreed)

    def open_round(self, *, period, deadline, meeting_date, by) -> "Round":
        """Open the next monitoring round, with a pending update for every
        action it carries, each owned by whoever is responsible now."""
        period = first_of_month(period)
        latest = self.rounds.order_by("-period").first()
        if latest and latest.is_open:
            raise ValidationError(f"The {latest.label} round is still open: publish it before opening another.")
        if latest and period <= latest.period:
            raise ValidationError({"period": f"The new round must come after the latest one, {latest.label}."})
        round = Round(review=self, period=period, deadline=deadline, meeting_date=meeting_date)
        round.full_clean()
        _attribute(round, by)
        round.save()
        for action in Action.objects.carried_into(round):
            entry = ProgressEntry(action=action, round=round)
            _attribute(entry, by)
            entry.save()
            for link in action.responsibilities.all():
                entry.add_owner(link.owner, link.position, by)
        return round


class Recommendation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(validators=LONG_TEXT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number_unique_in_review"),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"


class SubAction(models.Model):
    """A lettered part of a recommendation: 'a) targeted awareness raising…'."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="sub_actions")
    letter = models.CharField(max_length=3, help_text="a, b, c …", validators=ONE_LINE)
    text = models.TextField(validators=LONG_TEXT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "letter"]
        verbose_name = "lettered sub-action"
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "letter"], name="sub_action_letter_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation.number} {self.letter})"


class ActionQuerySet(models.QuerySet):
    def in_document_order(self):
        """Recommendation by recommendation, as the committee paper prints them."""
        return self.order_by(*document_order())

    def with_entries(self):
        """Everything `Action.signed_off_in()` and the documents read."""
        return self.select_related("recommendation", "sub_action", "closed_at").prefetch_related(
            models.Prefetch("entries", queryset=ProgressEntry.objects.select_related("round"))
        )

    def carried_into(self, round) -> list["Action"]:
        """The actions of `round`'s review that its progress update carries,
        in document order (see Action.is_carried_into)."""
        actions = self.filter(recommendation__review=round.review_id).with_entries()
        return [action for action in actions if action.is_carried_into(round)]


class Action(models.Model):
    """One action record: the recommendation's own, a lettered sub-action's,
    or one parallel strand's."""

    class Monitoring(models.TextChoices):
        DEFAULT = "", "Until a published round grades it Fully Achieved"
        KEEP_OPEN = "keep_open", "Kept open by the committee"
        CLOSED = "closed", "Closed by the committee"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    sub_action = models.ForeignKey(
        SubAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name="lettered sub-action",
    )
    strand = models.CharField(
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        help_text="The heading of a parallel strand ('Frontline staff'); blank for the record of the "
        "recommendation or lettered sub-action itself.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the strands.")
    owners = models.ManyToManyField(
        Owner, through="Responsibility", related_name="actions", verbose_name="responsibility"
    )
    target_month = models.DateField(null=True, blank=True, verbose_name="date", help_text="The target month.")
    target_text = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="date as worded",
        validators=ONE_LINE,
        help_text="Only where the target is not a month: 'Reviewed throughout the year 2019'.",
    )
    agreed_action = models.TextField(validators=LONG_TEXT)
    success_measure = models.TextField(verbose_name="agreed success measure", validators=LONG_TEXT)
    monitoring = models.CharField(max_length=20, choices=Monitoring.choices, default=Monitoring.DEFAULT, blank=True)
    closed_at = models.ForeignKey(
        "Round",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The round at which the committee closed the action.",
    )
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = document_order()
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "strand"],
                condition=Q(sub_action__isnull=True),
                name="action_unique_under_recommendation",
            ),
            models.UniqueConstraint(
                fields=["sub_action", "strand"],
                condition=Q(sub_action__isnull=False),
                name="action_unique_under_sub_action",
            ),
            models.CheckConstraint(
                condition=~Q(monitoring="closed") | Q(closed_at__isnull=False),
                name="closed_action_names_its_round",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """'1', '1 c)', '1 a) Frontline staff' — as the clerk and committee say it."""
        parts = [str(self.recommendation.number)]
        if self.sub_action_id:
            parts.append(f"{self.sub_action.letter})")
        if self.strand:
            parts.append(self.strand)
        return " ".join(parts)

    @property
    def title(self) -> str:
        """'Recommendation 1 a) Frontline staff': the reference, in full."""
        return f"Recommendation {self.reference}"

    @property
    def target_label(self) -> str:
        return self.target_text or month_label(self.target_month)

    def set_owners(self, owners, by=None) -> None:
        """Make `owners` the action's responsibility: owners kept keep their
        place, new ones join the end. Rows are saved and deleted one by one so
        that each change is in the audit history."""
        wanted = {owner.pk: owner for owner in owners}
        current = list(self.responsibilities.all())
        for link in current:
            if link.owner_id not in wanted:
                _attribute(link, by)
                link.delete()
        kept = {link.owner_id for link in current if link.owner_id in wanted}
        position = max((link.position for link in current if link.owner_id in kept), default=-1)
        for owner in owners:
            if owner.pk not in kept:
                position += 1
                link = Responsibility(action=self, owner=owner, position=position)
                _attribute(link, by)
                link.save()

    def reassign(self, owners, by) -> None:
        """Give the action to other owners, from the round now open (if any)
        onwards. Earlier rounds keep who was responsible then."""
        _attribute(self, by)
        self.set_owners(owners, by=by)
        for entry in self.entries.filter(round__status=Round.Status.OPEN):
            for link in list(entry.responsibilities.all()):
                _attribute(link, by)
                link.delete()
            for position, owner in enumerate(owners):
                entry.add_owner(owner, position, by)

    def signed_off_in(self) -> "Round | None":
        """The round after which the action leaves monitoring, or None while
        it is monitored. By default that is the first published round that
        grades it Fully Achieved; the committee can keep it open instead, or
        close it at a round whatever its grade.

        Reads `self.entries.all()` (with each entry's round): prefetch them
        when asking this of many actions."""
        if self.monitoring == self.Monitoring.CLOSED:
            return self.closed_at
        if self.monitoring == self.Monitoring.KEEP_OPEN:
            return None
        achieved = [
            entry.round
            for entry in self.entries.all()
            if entry.grade == ProgressEntry.Grade.FULLY_ACHIEVED and entry.round.is_published
        ]
        return min(achieved, key=lambda round: round.period, default=None)

    def is_carried_into(self, round: "Round") -> bool:
        """Whether `round`'s progress update carries this action: the carry-
        forward rule of DOMAIN.md. The round that signs it off still carries
        it; the rounds after do not."""
        ended = self.signed_off_in()
        return ended is None or ended.period >= round.period

    def clean(self):
        if self.sub_action_id and self.sub_action.recommendation_id != self.recommendation_id:
            raise ValidationError({"sub_action": "Choose a lettered sub-action of this recommendation."})
        if not self.target_month and not self.target_text:
            raise ValidationError({"target_month": "Enter the target month, or the date as the plan words it."})
        if self.target_month:
            self.target_month = first_of_month(self.target_month)
        if self.monitoring == self.Monitoring.CLOSED and not self.closed_at_id:
            raise ValidationError({"closed_at": "Say at which round the committee closed the action."})


class Responsibility(models.Model):
    """Who an action is the responsibility of now, in the order the plan
    names them. Who it was in an earlier round is on that round's entry."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responsibilities")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="responsibilities")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["action", "owner"], name="owner_named_once_per_action"),
        ]

    def __str__(self):
        return f"{self.owner} for {self.action}"


class RoundQuerySet(models.QuerySet):
    def needing_reminders(self, *, days: int, today: datetime.date):
        """Open rounds whose deadline is within `days` days, or past."""
        return self.filter(status=Round.Status.OPEN, deadline__lte=today + datetime.timedelta(days=days))


class Round(models.Model):
    """A monitoring round: the review's progress update dated 'March 2020'."""

    class Status(models.TextChoices):
        OPEN = "open", "Open for updates"
        PUBLISHED = "published", "Published"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="rounds")
    period = models.DateField(help_text="The month the progress update is dated.")
    deadline = models.DateField(help_text="The date officers' updates are due.")
    meeting_date = models.DateField(help_text="The Select Committee meeting that receives it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["review", "period"]
        verbose_name = "monitoring round"
        constraints = [
            models.UniqueConstraint(fields=["review", "period"], name="one_round_per_month_per_review"),
        ]

    def __str__(self):
        return f"{self.review} – {self.label}"

    @property
    def label(self) -> str:
        return month_label(self.period)

    @property
    def period_code(self) -> str:
        return period_code(self.period)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self):
        if self.period:
            self.period = first_of_month(self.period)
        if self.deadline and self.meeting_date and self.deadline > self.meeting_date:
            raise ValidationError({"deadline": "The deadline for updates must be before the committee meeting."})
        if self.period and self.meeting_date and abs((self.meeting_date - self.period).days) > 92:
            raise ValidationError(
                {"meeting_date": f"The committee meeting must be within three months of {self.label}."}
            )

    def why_not_deletable(self) -> str:
        """The reason a clerk may not delete this round, or '' if they may."""
        if self.is_published:
            return "A published round is part of the committee's record and cannot be deleted."
        started = [entry for entry in self.entries.all() if entry.status != ProgressEntry.Status.NOT_STARTED]
        if started:
            return f"Officers have already written {len(started)} update(s) in this round."
        return ""

    def why_not_reopenable(self) -> str:
        """The reason a clerk may not reopen this published round, or ''.
        Once anything in it has reached the committee, it stays as published;
        mistakes are put right by correcting an entry, with a reason."""
        if self.is_open:
            return "This round is already open."
        if any(entry.has_update for entry in self.entries.all()):
            return "The committee has received this round's updates: correct an entry instead, giving the reason."
        if self.review.rounds.filter(period__gt=self.period).exists():
            return "A later round has been opened since."
        return ""

    def reopen(self, by) -> None:
        reason = self.why_not_reopenable()
        if reason:
            raise ValidationError(reason)
        self.status = self.Status.OPEN
        _attribute(self, by)
        self.save()

    def status_counts(self) -> dict[str, int]:
        """How many of the round's updates are at each status, in workflow order."""
        counts = dict.fromkeys(ProgressEntry.Status.values, 0)
        for entry in self.entries.all():
            counts[entry.status] += 1
        return counts

    def missing_entries(self) -> list["ProgressEntry"]:
        """The updates not yet approved: what publishing now would leave out."""
        return [entry for entry in self.entries.all() if entry.status != ProgressEntry.Status.APPROVED]

    def entries_to_chase(self) -> list["ProgressEntry"]:
        """Updates not yet submitted: not started, in draft, or returned."""
        waiting = {ProgressEntry.Status.NOT_STARTED, ProgressEntry.Status.DRAFT, ProgressEntry.Status.RETURNED}
        return [entry for entry in self.entries.all() if entry.status in waiting]

    def send_reminders(self, *, base_url: str) -> int:
        """E-mail every owner with an update not yet submitted, one message
        each listing their updates with a link to the form. Returns how many
        people were e-mailed; owners without a login or e-mail address are
        left for the clerk, who sees them on the round's page."""
        from django.core.mail import EmailMessage, get_connection

        by_person = {}
        entries = (
            ProgressEntry.objects.filter(pk__in=[e.pk for e in self.entries_to_chase()])
            .select_related("action__recommendation", "action__sub_action")
            .prefetch_related("owners__user")
        )
        for entry in entries:
            for owner in entry.owners.all():
                if owner.user and owner.user.email and owner.user.is_active:
                    by_person.setdefault(owner.user, []).append(entry)
        overdue = self.deadline < datetime.date.today()
        messages = []
        for user, waiting in by_person.items():
            due = f"{'was' if overdue else 'is'} due by {self.deadline.day} {self.deadline:%B %Y}"
            actions = "one action" if len(waiting) == 1 else f"{len(waiting)} actions"
            lines = [
                f"Dear {user.get_full_name() or user.username},",
                "",
                f"Your progress update on {actions} of the {self.review.title} review ({self.label}) {due}.",
                "",
            ]
            for entry in waiting:
                lines.append(f"- {entry.action.reference} ({entry.get_status_display().lower()}):")
                lines.append(f"  {base_url.rstrip('/')}{reverse('update_entry', args=[entry.pk])}")
            lines += ["", "Thank you,", "Democratic services"]
            messages.append(
                EmailMessage(
                    # One line, whatever the title holds: a line break in a header stops the send.
                    subject=one_line(
                        f"Progress update {'overdue' if overdue else 'due'}: {self.review.title}, {self.label}"
                    ),
                    body="\n".join(lines),
                    to=[user.email],
                )
            )
        get_connection().send_messages(messages)
        return len(messages)

    def publish(self, by) -> None:
        """Freeze the round: the committee and the documents see it from now."""
        if not self.is_open:
            raise ValidationError("This round is already published.")
        self.status = self.Status.PUBLISHED
        _attribute(self, by)
        self.save()


class ProgressEntryQuerySet(models.QuerySet):
    def received(self):
        """The updates the committee receives: approved ones. Anything else
        (not started, a draft, submitted, returned) reads "No update
        received" once its round is published."""
        return self.filter(status=ProgressEntry.Status.APPROVED)

    def in_document_order(self):
        return self.order_by(*document_order("action__"))


class ProgressEntry(models.Model):
    """An action's update in one round: Evidence of Progress, Assessment of
    Progress and Evidence of Impact. Text fields hold plain text in which a
    blank line separates paragraphs and a line starting '- ' or '* ' is a
    bullet (see richtext.py); no HTML is ever stored or trusted."""

    class Grade(models.IntegerChoices):
        FULLY_ACHIEVED = 1, "Fully Achieved"
        ON_TRACK = 2, "On-Track"
        SLIPPED = 3, "Slipped"
        NOT_ACHIEVED = 4, "Not Achieved"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    # Grades that always need an explanation.
    NEEDS_EXPLANATION = {Grade.SLIPPED, Grade.NOT_ACHIEVED}

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="entries")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    owners = models.ManyToManyField(
        Owner,
        through="EntryResponsibility",
        related_name="entries",
        blank=True,
        verbose_name="responsibility in this round",
    )
    evidence_of_progress = models.TextField(blank=True, validators=LONG_TEXT)
    grade = models.PositiveSmallIntegerField(
        choices=Grade.choices, null=True, blank=True, verbose_name="assessment of progress"
    )
    grade_explanation = models.TextField(blank=True, verbose_name="explanation", validators=LONG_TEXT)
    evidence_of_impact = models.TextField(blank=True, validators=LONG_TEXT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    return_comment = models.TextField(
        blank=True, help_text="Why the link officer returned the update: the officer sees it.", validators=LONG_TEXT
    )
    # Raised by every save through the workflow, so that a save based on an
    # older reading of the entry can be refused (see save_update).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        ordering = ["round__period"]
        verbose_name = "progress entry"
        verbose_name_plural = "progress entries"
        constraints = [
            models.UniqueConstraint(fields=["action", "round"], name="one_entry_per_action_per_round"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=4),
                name="grade_is_one_to_four",
            ),
        ]

    def __str__(self):
        return f"{self.action} – {self.round.label}"

    @property
    def grade_label(self) -> str:
        """'2 (On-Track)', as seed 000 prints it."""
        return f"{self.grade} ({self.get_grade_display()})" if self.grade else ""

    @property
    def has_update(self) -> bool:
        return bool(self.evidence_of_progress.strip() or self.grade or self.evidence_of_impact.strip())

    @property
    def is_received(self) -> bool:
        """The Python twin of ProgressEntry.objects.received()."""
        return self.status == self.Status.APPROVED

    @property
    def is_open_to_officers(self) -> bool:
        """Officers may write while the round is open and the update is not
        with the link officer or approved."""
        return self.round.is_open and self.status in {
            self.Status.NOT_STARTED,
            self.Status.DRAFT,
            self.Status.RETURNED,
        }

    def add_owner(self, owner, position, by) -> None:
        link = EntryResponsibility(entry=self, owner=owner, position=position)
        _attribute(link, by)
        link.save()

    def earlier_entries(self) -> list["ProgressEntry"]:
        """The action's entries in earlier rounds, oldest first: all published,
        as a review has one open round at a time."""
        return list(
            ProgressEntry.objects.filter(action=self.action_id, round__period__lt=self.round.period)
            .select_related("round")
            .order_by("round__period")
        )

    def explanation_needed(self, grade, previous_grade) -> bool:
        """An explanation is required for Slipped or Not Achieved, and for any
        grade worse than the round before's."""
        if grade is None:
            return False
        return grade in self.NEEDS_EXPLANATION or (previous_grade is not None and grade > previous_grade)

    def _save_as(self, by, **changes) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.version += 1
        _attribute(self, by)
        self.save()

    def save_update(self, *, by, version: int, submit: bool, **fields) -> None:
        """The officer's save: a draft, or submitted for approval. Refused
        with EditConflict when someone else saved it after `version` was read;
        refused with ValidationError when the update is not the officer's to
        change now."""
        with transaction.atomic():
            current = ProgressEntry.objects.select_for_update().select_related("round").get(pk=self.pk)
            if current.version != version:
                raise EditConflict(current)
            if not current.is_open_to_officers:
                status = current.get_status_display().lower()
                raise ValidationError(f"This update is {status} and can no longer be changed.")
            current._save_as(by, status=self.Status.SUBMITTED if submit else self.Status.DRAFT, **fields)
        self.refresh_from_db()

    def approve(self, *, by) -> None:
        self._check_awaiting_approval()
        self._save_as(by, status=self.Status.APPROVED, return_comment="")

    def return_to_officer(self, *, by, comment: str) -> None:
        self._check_awaiting_approval()
        if not comment.strip():
            raise ValidationError({"return_comment": "Say what the officer needs to change."})
        self._save_as(by, status=self.Status.RETURNED, return_comment=comment.strip())

    def _check_awaiting_approval(self):
        if not (self.round.is_open and self.status == self.Status.SUBMITTED):
            raise ValidationError("Only a submitted update in an open round can be approved or returned.")

    def correct(self, *, by, reason: str, **fields) -> None:
        """A clerk's correction of a published entry; the reason goes in the
        history beside the change."""
        if not reason.strip():
            raise ValidationError({"reason": "Say why the published entry is being corrected."})
        self._change_reason = f"Correction: {reason.strip()}"
        self._save_as(by, **fields)


class EditConflict(Exception):
    """Someone else saved the entry since it was opened."""

    def __init__(self, current: "ProgressEntry"):
        self.current = current
        latest = current.history.select_related("history_user").first()
        self.changed_by = latest.history_user if latest else None
        self.changed_at = latest.history_date if latest else None
        super().__init__("The update was changed by someone else.")


class EntryResponsibility(models.Model):
    """Who was responsible for the action in that round."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="responsibilities")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="entry_responsibilities")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "responsibility in a round"
        verbose_name_plural = "responsibilities in a round"
        constraints = [
            models.UniqueConstraint(fields=["entry", "owner"], name="owner_named_once_per_entry"),
        ]

    def __str__(self):
        return f"{self.owner} for {self.entry}"
