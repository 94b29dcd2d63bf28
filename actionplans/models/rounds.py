"""Monitoring rounds and the progress entries officers write in them."""

import dataclasses
import datetime
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actionplans import grading, permissions, reply_tokens
from actionplans.models.comments import UpdateComment
from actionplans.models.common import (
    LONG_TEXT,
    AuditHistory,
    HistoryReadAsAt,
    _attribute,
    document_order,
    first_of_month,
    illustrative_field,
    joined_by_field,
    marked_day,
    month_label,
    period_code,
    reason_field,
    replace_owners,
)
from actionplans.models.council import (
    PROGRESS,
    GradingScale,
    ScaleGrade,
    ScaleLevel,
    Scales,
    Wording,
    all_scales,
    council,
    current_scale,
    scale_level,
)
from actionplans.models.evidence import EvidenceFile, PublishedEvidence, atomic_keeping_copies, evidence_storage
from actionplans.models.exempt import MayBeExempt
from actionplans.models.notifications import MAX_ATTEMPTS, Notification, answer_block, render_body
from actionplans.models.people import Owner
from actionplans.models.published import PublishedDocument, renderer
from actionplans.models.review import Action, Review
from actionplans.models.targets import BEFORE_EVERY_ROUND, TargetRevision, month_as_at, proposal_needed, target_as_at
from actionplans.models.workflow import EditConflict, PeriodStatus, Update, UpdateQuerySet, status_counts
from actionplans.text import one_line


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published rounds for every reader; open ones too for those who
        work on them; and only of the reviews `user` may read
        (Review.objects.visible_to): a plan still being set up, which may
        have imported rounds, only for those who build plans."""
        if not permissions.reads_papers(user):
            return self.none()
        rounds = self.filter(review__in=Review.objects.visible_to(user))
        return rounds if permissions.works_on_updates(user) else rounds.filter(status=Round.Status.PUBLISHED)

    def public(self):
        """The rounds on the public pages and in the open data: published
        rounds of agreed plans (an imported plan still being set up may hold
        published rounds that nobody outside the clerks has seen)."""
        return self.filter(status=Round.Status.PUBLISHED).exclude(review__status=Review.Status.SETTING_UP)

    def with_outstanding(self):
        """Annotated with `updates` (how many the round carries) and
        `outstanding` (how many of them are not yet approved)."""
        return self.annotate(
            updates=models.Count("entries"),
            outstanding=models.Count("entries", filter=~models.Q(entries__status=Update.Status.APPROVED)),
        )

    def needing_reminders(self, *, days: int, today: datetime.date):
        """Open rounds whose deadline is within `days` days, or past."""
        return self.filter(status=Round.Status.OPEN, deadline__lte=today + datetime.timedelta(days=days))


class Round(models.Model):
    """A monitoring round: the review's progress update dated 'March 2020'."""

    Status = PeriodStatus

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="rounds")
    period = models.DateField(help_text="The month the progress update is dated.")
    deadline = models.DateField(help_text="The date officers' updates are due.")
    meeting_date = models.DateField(help_text="The committee meeting that receives it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # The committee's decisions on the actions it carried
    # (CommitteeDecision): seen by all once published.
    decisions_published_at = models.DateTimeField(null=True, blank=True)
    decisions_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decisions_version = models.PositiveIntegerField(default=0)
    # A past meeting's record brought in from a council's tracker, which the
    # clerk chose to publish as it was (importing.saving): published, but
    # not through this service's round, so it says so wherever it is shown.
    imported = models.BooleanField(
        default=False, help_text="Brought in by an import as the record of a past committee meeting."
    )
    # The council's terms as they stood when the round was published (its
    # wording, and the version of the Assessment of Progress scale in
    # force): its paper prints them however the settings change later
    # (keep_terms, paper_wording).
    published_wording = models.JSONField(null=True, blank=True, editable=False)
    published_scale = models.ForeignKey(
        GradingScale, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # deadline and meeting_date where the demo invents them
    # (common.is_illustrative), or a file's Rounds sheet marks them so.
    illustrative = illustrative_field("the round's dates")
    history = AuditHistory()

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
    def missing_update_words(self) -> str:
        """What its paper prints for an action it carries without an update:
        "No update received"; nothing for a past meeting's record brought in
        by an import, whose paper left the cell blank (issue 73)."""
        return "" if self.imported else grading.NO_UPDATE_RECEIVED

    @property
    def label(self) -> str:
        return month_label(self.period)

    @property
    def period_code(self) -> str:
        return period_code(self.period)

    @property
    def is_past_deadline(self) -> bool:
        return self.is_open and self.deadline < timezone.localdate()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def published_at(self) -> "datetime.datetime | None":
        """When the round was published (after its last reopening, if it
        was reopened), from its history; None while it is open. What its
        paper reads of other plans "as at" (the partnership quarters
        published by then). One query."""
        if not self.is_published:
            return None
        moment = None
        for date, status in self.history.order_by("history_date", "history_id").values_list("history_date", "status"):
            if status != self.Status.PUBLISHED:
                moment = None
            elif moment is None:
                moment = date
        return moment

    @property
    def decisions_are_published(self) -> bool:
        return self.decisions_published_at is not None

    def keep_terms(self) -> None:
        """Keep the council's terms as they stand now as the round's own (not
        saved here): its wording, and the scale in force. Done as it is
        published (publish, the import's past records, the demo)."""
        self.published_wording = council().kept()
        self.published_scale_id = current_scale(PROGRESS, review=self.review_id).id

    def paper_wording(self) -> Wording:
        """The council's wording the round's paper prints: as it was when the
        round was published; today's while it is open."""
        if self.is_published and self.published_wording:
            return Wording.as_kept(self.published_wording)
        return council()

    @property
    def paper_scale_id(self) -> int | None:
        """The scale in force when the round was published (its grading key
        where it prints no grade); None while it is open."""
        return self.published_scale_id if self.is_published else None

    def clean(self):
        if self.period:
            self.period = first_of_month(self.period)
        if self.deadline and self.meeting_date and self.deadline > self.meeting_date:
            raise ValidationError({"deadline": "The deadline for updates must be before the committee meeting."})
        if self.period and self.meeting_date and abs((self.meeting_date - self.period).days) > 92:
            raise ValidationError(
                {"meeting_date": f"The committee meeting must be within three months of {self.label}."}
            )

    def _entries(self, entries) -> list["ProgressEntry"]:
        """`entries` where the caller has read the round's entries already
        (the round page reads them once for everything), else a fresh read."""
        return self.entries.all() if entries is None else entries

    def why_not_deletable(self, entries=None) -> str:
        """The reason a clerk may not delete this round, or '' if they may."""
        if self.is_published:
            return "A published round is part of the committee's record and cannot be deleted."
        started = [entry for entry in self._entries(entries) if entry.status != ProgressEntry.Status.NOT_STARTED]
        if started:
            return f"Officers have already written {len(started)} update(s) in this round."
        return ""

    def why_not_reopenable(self) -> str:
        """The reason a clerk may not reopen this published round, or ''.
        Once anything in it has reached the committee, it stays as published;
        mistakes are put right by correcting an entry, with a reason."""
        if self.is_open:
            return "This round is already open."
        if self.entries.received().exists():
            return "The committee has received this round's updates: correct an entry instead, giving the reason."
        if self.review.rounds.filter(period__gt=self.period).exists():
            return "A later round has been opened since."
        return ""

    def remove(self, *, by) -> None:
        """Delete a round opened by mistake, with its untouched updates, in
        the history with who; refused while why_not_deletable() says why."""
        permissions.require(by, permissions.DELETE_ROUND, self)
        with transaction.atomic():
            current = Round.objects.select_for_update().get(pk=self.pk)
            reason = current.why_not_deletable()
            if reason:
                raise ValidationError(reason)
            _attribute(current, by)
            current.delete()

    def reopen(self, by) -> None:
        permissions.require(by, permissions.REOPEN_ROUND, self)
        reason = self.why_not_reopenable()
        if reason:
            raise ValidationError(reason)
        with transaction.atomic():
            self.status = self.Status.OPEN
            _attribute(self, by)
            self.save()
            # Open again, it has no published standing until it is published.
            for row in self.standings.all():
                _attribute(row, by)
                row.delete()

    def status_counts(self, entries=None) -> dict[str, int]:
        """How many of the round's updates are at each status, in workflow order."""
        return status_counts(self._entries(entries))

    def entries_to_chase(self, entries=None) -> list["ProgressEntry"]:
        """Updates not yet submitted (ProgressEntry.objects.waiting_for_officers())."""
        return [entry for entry in self._entries(entries) if entry.status in ProgressEntry.WAITING_FOR_OFFICERS]

    def reminder_key(self, on: datetime.date | None = None) -> str:
        """The event key of the round's reminders on one day (today): one
        a person a day, however often the clerk or the daily command sends."""
        return f"round-{self.pk}-reminder-{on or timezone.localdate():%Y-%m-%d}"

    def reminder_messages(self, *, base_url: str, note: str = "", by=None) -> list["ReminderMessage"]:
        """The reminders that would go now: one per person with an update not
        yet submitted (permissions.update_writers) and not yet reminded
        today, listing their updates with a link to the form. Owners without
        a login or e-mail address are left for the clerk, who sees them on
        the round's page. The preview shows exactly these; sending sends
        exactly these. `note`: the words of the clerk sending them (`by`),
        added to each."""
        writers = {user.pk: user for user in permissions.update_writers(self)}
        already = set(
            Notification.objects.filter(event_key__startswith=self.reminder_key(), recipient__in=writers).values_list(
                "recipient", flat=True
            )
        )
        by_person = {}
        entries = (
            self.entries.waiting_for_officers()
            .in_document_order()
            .select_related("action__recommendation", "action__sub_action")
            .prefetch_related("owners")
        )
        # A returned update's reminder quotes why it was returned.
        returns = UpdateComment.objects.latest_returns(entries.filter(status=ProgressEntry.Status.RETURNED))
        for entry in entries:
            for owner in entry.owners.all():
                if owner.user_id in writers and owner.user_id not in already:
                    by_person.setdefault(owner.user_id, []).append(entry)
        overdue = self.is_past_deadline
        # A header may not hold a line break (the title is typed by people).
        title = one_line(self.review.title)
        messages = []
        for user in writers.values():  # in the order of their addresses
            waiting = by_person.get(user.pk)
            if not waiting:
                continue
            # Where officers may answer by replying, each update has an
            # e-mail of its own: its Reply-To names that update.
            for group in [[entry] for entry in waiting] if reply_tokens.is_on() else [waiting]:
                messages.append(self._reminder(user, group, title, overdue, returns, base_url, note, by))
        return messages

    def _reminder(self, user, waiting, title, overdue, returns, base_url, note, by) -> "ReminderMessage":
        """The reminder to `user` of their updates `waiting`: one, answered
        by replying where replies are on, or all of them."""
        context = {
            "round": self,
            "title": title,
            "actions": "one action" if len(waiting) == 1 else f"{len(waiting)} actions",
            "due": f"{'was' if overdue else 'is'} due by {marked_day(self, 'deadline')}",
            "note": note.strip(),
            "sender": (by.get_full_name() or by.username) if by is not None and note.strip() else "",
            "entries": [
                {
                    "name": entry.action.name,
                    "status": entry.get_status_display().lower(),
                    "link": f"{base_url.rstrip('/')}{reverse('update_entry', args=[entry.pk])}",
                    "returned": returns.get(entry.pk) if entry.status == ProgressEntry.Status.RETURNED else None,
                    "withheld": entry.words_exempt_notice,
                }
                for entry in waiting
            ],
        }
        due = "overdue" if overdue else "due"
        if not reply_tokens.is_on():
            return ReminderMessage(user=user, subject=f"Progress update {due}: {title}, {self.label}", context=context)
        entry = waiting[0]
        subject = f"Progress update {due}: {entry.action.mail_name}, {title}, {self.label}"
        return ReminderMessage(user=user, subject=subject, context=context, entry=entry)

    def reminded_today(self) -> int:
        """How many people have had today's reminder of this round."""
        reminded = Notification.objects.filter(event_key__startswith=self.reminder_key())
        return reminded.values("recipient").distinct().count()

    def owners_to_chase_by_hand(self) -> list["Owner"]:
        """Owners of updates not yet submitted whom no reminder reaches (not
        permissions.update_writers: no login, no address, or switched off)."""
        owners = Owner.objects.filter(entries__in=self.entries.waiting_for_officers())
        writers = permissions.update_writers(self).order_by().values("pk")
        return list(owners.exclude(user__in=writers).distinct().order_by("name"))

    def send_reminders(self, *, base_url: str, by=None, note: str = "") -> int:
        """Put the reminders of `reminder_messages()` in the outbox, as
        notifications of kind UPDATE_DUE with who sent them (None: the daily
        command), to be e-mailed once this commits; nobody twice a day.
        Returns how many people are reminded."""
        if by is not None:  # the daily command sends as the service itself
            permissions.require(by, permissions.SEND_REMINDERS, self)
        rows = []
        with transaction.atomic():
            for message in self.reminder_messages(base_url=base_url, note=note, by=by):
                rows += Notification.objects.record(
                    event_key=message.event_key(self.reminder_key()),
                    kind=Notification.Kind.UPDATE_DUE,
                    recipients=[message.user],
                    subject=message.subject,
                    template=ReminderMessage.template,
                    context=message.context,
                    by=by,
                    answerable=message.entry,
                )
        return len({row.recipient_id for row in rows})

    def last_reminded(self) -> dict[int, datetime.datetime]:
        """When each person was last reminded about this round, by user id:
        their latest reminder in the outbox, sent or still being tried."""
        rows = (
            Notification.objects.filter(
                kind=Notification.Kind.UPDATE_DUE, event_key__startswith=f"round-{self.pk}-reminder-"
            )
            .exclude(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS)
            .values("recipient")
            .annotate(last=models.Max("created_at"))
            .order_by()
        )
        return {row["recipient"]: row["last"] for row in rows}

    def publish(self, by, *, agenda_header: str = "", first_page: int | None = None) -> None:
        """Freeze the round: the committee and the documents see it from now.
        Its document is then rendered once in every format, with the agenda
        header and first page number given, and kept as the published record
        (PublishedDocument): in the background, once this commits."""
        permissions.require(by, permissions.PUBLISH_ROUND, self)
        with atomic_keeping_copies():
            current = Round.objects.select_for_update().get(pk=self.pk)
            if not current.is_open:
                raise ValidationError("This round is already published.")
            if lacking := council().lacking:
                # A published round keeps the wording it had: a paper for good.
                raise ValidationError(lacking)
            current.status = self.Status.PUBLISHED
            current.keep_terms()
            _attribute(current, by)
            current.save()
            current.write_standing(by=by)
            documents = PublishedDocument.objects.start_version(
                current, by=by, options={"agenda_header": agenda_header, "first_page": first_page}
            )
            # The updates' evidence files, kept with the documents they go with.
            PublishedEvidence.objects.keep(current, current.entries.public_files(), version=documents[0].version)
            Notification.objects.round_published(current, by=by)
            Notification.objects.updates_left_out(current, by=by)
        self.refresh_from_db()

    # Why a round's standing was rewritten when the committee's decisions at
    # it were published or changed: its history's reason starts so (what
    # changed since a meeting reads the standing as published, before them).
    DECISIONS_REASON = "The committee's decisions"

    def write_standing(self, *, by, actions=None, adding: bool = True, reason: str = "") -> int:
        """Write the round's standing as the rules make it now, where it
        differs from what is stored (models/standing.py, above this module:
        reached by the relation): at publication every action it carries;
        afterwards (`adding` False) only the rows there are, of `actions`
        (all where None). Returns how many rows changed."""
        if not self.is_published:
            return 0
        return self.standings.write([self], by=by, actions=actions, adding=adding, reason=reason)

    def store_correction(self, *, by, reason: str, its_own: bool = True) -> None:
        """A new version of the published record after a correction: the
        options of the version before, and "Corrected on DATE: REASON" on the
        cover beneath any earlier corrections' notes. `its_own`: the corrected
        entry is this round's; a later round's paper prints it as an earlier
        round's, and gets a new version of the committee's files only where
        it keeps them (a round published before they were kept has its
        public copy made anew alone)."""
        if its_own or self.published_documents.committee().exists():
            last = self.published_documents.committee().order_by("-version").first()
            options = _corrected(dict(last.options) if last else {}, reason)
            documents = PublishedDocument.objects.start_version(self, by=by, options=options, reason=reason)
            PublishedEvidence.objects.keep(self, self.entries.public_files(), version=documents[0].version)
            return
        last = self.published_documents.public_copies().order_by("-version").first()
        PublishedDocument.objects.start_public_version(
            self, by=by, reason=f"Corrected: {reason}", options=_corrected(dict(last.options) if last else {}, reason)
        )

    def keep_public_copy(self, *, by, at_once: bool = False) -> None:
        """For a round published without this service's publication (the
        demo's, a past meeting's record brought in by an import): its
        council's terms as they stand, and a first public copy, rendered
        once this commits, or `at_once`, in this process."""
        if not self.published_wording:
            self.keep_terms()
            _attribute(self, by)
            self.save(update_fields=["published_wording", "published_scale"])
        documents = PublishedDocument.objects.start_public_version(self, by=by, queue=not at_once)
        if at_once:
            for document in documents:
                document.render_now()

    def published_versions(self, *, public: bool = False) -> list[tuple[int, list]]:
        """The round's stored documents, newest version first: (version,
        its documents in format order); `public`: those of its public copy."""
        order = list(renderer().formats)
        versions = {}
        for document in self.published_documents.filter(public=public).select_related("created_by"):
            versions.setdefault(document.version, []).append(document)
        return [
            (version, sorted(documents, key=lambda d: order.index(d.format) if d.format in order else len(order)))
            for version, documents in sorted(versions.items(), reverse=True)
        ]


def _corrected(options: dict, reason: str) -> dict:
    """`options` with "Corrected on DATE: REASON" beneath any earlier
    corrections' notes."""
    today = timezone.localdate()
    note = f"Corrected on {today.day} {today:%B %Y}: {reason}"
    earlier = options.get("correction_note")
    return {**options, "correction_note": f"{earlier}\n{note}" if earlier else note}


@dataclasses.dataclass(frozen=True)
class ReminderMessage:
    """One reminder e-mail, as previewed and as recorded in the outbox."""

    template = "actionplans/email/update_due.txt"

    user: models.Model  # the recipient, a settings.AUTH_USER_MODEL
    subject: str
    context: dict
    # The one update it asks for, which a reply answers (replies are on).
    entry: "ProgressEntry | None" = None

    def event_key(self, day_key: str) -> str:
        """Its event: the round's reminder of the day, and its update's."""
        return f"{day_key}-update-{self.entry.pk}" if self.entry else day_key

    @property
    def to(self) -> str:
        return self.user.email

    @property
    def body(self) -> str:
        body = render_body(
            kind=Notification.Kind.UPDATE_DUE, template=self.template, context=self.context, recipient=self.user
        )
        answered = self.entry is not None and self.entry.answerable_by(self.user)
        return answer_block(self.entry) + body if answered else body


def published_targets(actions) -> dict[int, tuple[str, datetime.date | None]]:
    """The one rule for the target as published, action by action: (words,
    month) as the latest public round of the action's review printed it
    (Round.objects.public), or the original target, before any revision,
    while the review has no public round. A revision accepted in a round
    still open is not yet the committee's, so not yet the public's. Two
    queries whatever the number of actions; each action's
    recommendation must be loaded (select_related)."""
    actions = list(actions)
    reviews = {action.recommendation.review_id for action in actions}
    latest = dict(
        Round.objects.public()
        .filter(review__in=reviews)
        .values("review")
        .annotate(latest=models.Max("period"))
        .values_list("review", "latest")
    )
    revisions: dict[int, list[TargetRevision]] = {action.pk: [] for action in actions}
    for revision in (
        TargetRevision.objects.accepted()
        .filter(action__in=[action.pk for action in actions])
        .order_by("applies_from", "decided_at", "pk")
    ):
        revisions[revision.action_id].append(revision)
    targets = {}
    for action in actions:
        period = latest.get(action.recommendation.review_id, BEFORE_EVERY_ROUND)
        shown = revisions[action.pk]
        targets[action.pk] = (target_as_at(action.target_label, shown, period), month_as_at(action, shown, period))
    return targets


class ProgressEntryQuerySet(UpdateQuerySet):
    def following_responsibility(self):
        """The updates whose owners follow a change of their action's
        responsibility: those of the round open now, which officers are
        writing. Earlier rounds keep who was responsible then. Action.reassign,
        Action.arrange_owners and the import apply it."""
        return self.filter(round__status=Round.Status.OPEN)

    def owned_by(self, user):
        """The updates `user` is responsible for, in person or through a role
        or group they hold."""
        return self.filter(owners__user=user).distinct()

    def in_document_order(self):
        return self.order_by(*document_order("action__"))

    def public(self):
        """The updates on the public pages and in the open data: approved
        ones (what the committee received) in public rounds
        (Round.objects.public) of public actions (Action.objects.public), not
        marked as exempt information. Any other entry of a published round
        reads "No update received" there, as in the documents."""
        return self.received().filter(
            round__in=Round.objects.public(), action__in=Action.objects.public(), exempt_paragraph__isnull=True
        )

    def public_files(self):
        """The evidence files of these updates on the public pages and in the
        published record: clean ones, not exempt, of public updates."""
        return EvidenceFile.objects.clean().not_exempt().filter(entry__in=self.public())

    def target_proposals(self) -> dict[int, TargetRevision]:
        """Each update's proposed new target (ProgressEntry.target_proposal),
        by the update's pk, in one query for a list."""
        revisions = TargetRevision.objects.filter(entry__in=self).select_related("proposed_by", "decided_by")
        proposals = {}
        for revision in revisions:  # the first, in the model's order, as target_proposal()
            proposals.setdefault(revision.entry_id, revision)
        return proposals

    def for_approval(self):
        """With what the approval rule (permissions.APPROVE_UPDATE) reads, for
        a list: who is responsible, and the review's link officers."""
        return self.prefetch_related("responsibilities__owner", "round__review__link_officers")


# save_update()'s `proposal` when the caller says nothing of it.
KEEP = object()


class ProgressEntry(MayBeExempt, Update):
    """An action's update in one round: Evidence of Progress, Assessment of
    Progress and Evidence of Impact. Text fields hold plain text in which a
    blank line separates paragraphs and a line starting '- ' or '* ' is a
    bullet (see richtext.py); no HTML is ever stored or trusted."""

    Grade = grading.Grade

    # PROTECT: an action that has updates is part of the record; the committee
    # closes it rather than anyone deleting it (the admin's inlines would
    # otherwise cascade to published entries).
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="entries")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    # Who checks it: its review's link officers or a clerk (APPROVE_UPDATE).
    checked_by = permissions.REVIEW_CHECKERS
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
    # The grade itself, on the scale it was given under (its label, colour
    # and place as printed then): what every page prints and counts;
    # `grade` is what its role means to the rules (grading.Grade). save()
    # keeps the two together.
    level = models.ForeignKey(
        ScaleGrade,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="assessment of progress",
    )
    grade_explanation = models.TextField(blank=True, verbose_name="explanation", validators=LONG_TEXT)
    evidence_of_impact = models.TextField(blank=True, validators=LONG_TEXT)
    history = HistoryReadAsAt(excluded_fields=["version"], history_change_reason_field=reason_field())

    objects = ProgressEntryQuerySet.as_manager()

    PERIOD_FIELD = "round"
    # The officer's words and grade: what the link officer reads and approves.
    CONTENT_FIELDS = ("evidence_of_progress", "grade", "grade_explanation", "evidence_of_impact")

    # The longest reason a correction may give.
    REASON_MAX_CHARS = 1000

    # What the committee's paper prints for an update left out (is_left_out).
    PAPER_READS_WHEN_LEFT_OUT = grading.NO_UPDATE_RECEIVED

    class Meta:
        ordering = ["round__period"]
        verbose_name = "progress entry"
        verbose_name_plural = "progress entries"
        # The Link officer role's own (actionplans.roles): who may check and
        # approve the updates of the reviews they are named on.
        permissions = [("approve_progressentry", "Can check and approve progress updates")]
        constraints = [
            models.UniqueConstraint(fields=["action", "round"], name="one_entry_per_action_per_round"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=4),
                name="grade_is_one_to_four",
            ),
        ]
        # A round's updates found by status and grade from this index alone.
        indexes = [models.Index(fields=["round", "status", "grade"], name="entry_round_status_grade")]

    def __str__(self):
        return f"{self.action} – {self.round.label}"

    @property
    def grade_level(self) -> ScaleLevel | None:
        """The grade as it was given ('2 (On-Track)', 'Amber'), on the scale
        of its day; None for no grade."""
        if self.level_id:
            return scale_level(self.level_id)
        return current_scale(review=self.round.review_id).meaning(self.grade) if self.grade else None

    @property
    def is_left_out(self) -> bool:
        """Not approved when its round was published: the paper printed "No
        update received" for it, and so does every view of the round (its
        status and grade are the officers' work, not the committee's record)."""
        return self.round.is_published and not self.is_received

    @property
    def grade_label(self) -> str:
        """'2 (On-Track)', as the council's scale printed it when given."""
        level = self.grade_level
        return level.printed if level else ""

    @property
    def has_update(self) -> bool:
        return bool(self.evidence_of_progress.strip() or self.level_id or self.grade or self.evidence_of_impact.strip())

    def save(self, *args, **kwargs):
        self.keep_level_with_grade()
        super().save(*args, **kwargs)

    def keep_level_with_grade(self) -> None:
        """The grade as given (`level`) and what it means (`grade`) agree:
        where something set the meaning alone (an import, the admin, a
        test), the grade is the current scale's for that meaning."""
        level = scale_level(self.level_id) if self.level_id else None
        if (level.rank if level else None) == (self.grade or None) and (level or not self.grade):
            return
        chosen = current_scale(review=self.round.review_id).meaning(self.grade) if self.grade else None
        self.level_id = chosen.id if chosen else None

    def add_owner(self, owner, position, by, joined_by="") -> None:
        link = EntryResponsibility(entry=self, owner=owner, position=position, joined_by=joined_by)
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

    def clean(self):
        if self.action_id and self.round_id and self.action.recommendation.review_id != self.round.review_id:
            raise ValidationError("An entry belongs to a round of its own action's review.")

    @staticmethod
    def grade_by_meaning(entries) -> None:
        """Give each of `entries` (an import's, saved in bulk) the current
        scale's grade for what its `grade` means: one query for them all."""
        scale = current_scale()
        for entry in entries:
            chosen = scale.meaning(entry.grade)
            entry.level_id = chosen.id if chosen else None

    def level_of(self, grade) -> ScaleLevel | None:
        """A grade as the verbs take it: a ScaleLevel, or what it means (a
        Grade number, read on the scale its review grades on now)."""
        if grade is None or grade == "" or isinstance(grade, ScaleLevel):
            return grade or None
        if isinstance(grade, ScaleGrade):
            return grade.level()
        return current_scale(review=self.round.review_id).meaning(int(grade))

    def explanation_needed(self, grade, previous_grade: ScaleLevel | None) -> bool:
        """An explanation is required for the grades the council's scale
        says need one (Slipped, Not Achieved), and for any grade worse than
        the grade before (previous_grade()) in the scale's order: the one
        rule of "worse" (Scales.movement)."""
        level = self.level_of(grade)
        if level is None:
            return False
        return level.needs_explanation or all_scales().movement(level, previous_grade) == grading.Movement.WORSE

    def previous_grade(self, earlier: list["ProgressEntry"] | None = None) -> ScaleLevel | None:
        """The grade before, as given: the latest grade the committee
        received for the action in an earlier round (Scales.grade_before),
        what a worse grade now is measured against (explanation_needed).
        `earlier`: earlier_entries(), where the caller has read them."""
        scales = all_scales()
        earlier = self.earlier_entries() if earlier is None else earlier
        return Scales.grade_before([scales.level(entry.level_id) for entry in earlier if entry.is_received])

    def submission_problems(
        self, *, evidence_of_progress: str, grade, grade_explanation: str, proposes_target: bool, previous_grade
    ) -> dict[str, str]:
        """What an update submitted with these words would lack, by field
        (none: it may be submitted): evidence of progress and a grade always;
        an explanation for Slipped, Not Achieved or a grade worse than the
        committee last received; and a new target month with its reason for
        a slipped action. The officer's form shows them all at once;
        save_update() refuses a submission that has any."""
        problems = {}
        level = self.level_of(grade)
        if proposal_needed(level) and not proposes_target:
            problems["proposed_target"] = f"The action is graded {level.label}: enter the new target month"
        if not (evidence_of_progress or "").strip():
            problems["evidence_of_progress"] = "Enter the evidence of progress"
        if level is None:
            problems["grade"] = "Select the assessment of progress"
        elif self.explanation_needed(level, previous_grade) and not (grade_explanation or "").strip():
            if level.needs_explanation:
                problems["grade_explanation"] = f"Explain why the action is graded {level.label}"
            else:
                problems["grade_explanation"] = "Explain why the assessment is worse than last time"
        return problems

    def save_update(self, *, by, version: int, submit: bool, proposal=KEEP, uploads=(), **fields) -> None:
        """The officer's save: a draft, or submitted for approval. Refused
        with EditConflict when someone else saved it after `version` was read;
        refused with ValidationError when the update is not the officer's to
        change now, or when a submission lacks what submission_problems()
        names. `proposal` is the new target the update proposes, a
        TargetProposal (None: none; left out: as it was), saved with the
        update or not at all. `uploads`, (file name, file) pairs chosen on
        the form, are attached first, each titled by its name: the files
        and the update are saved together or not at all (FileRefused names
        a file the checks would not take)."""
        attached = []
        try:
            with transaction.atomic():
                for name, upload in uploads:
                    attached.append(self._attach_chosen(name, upload, by=by, version=version))
                    version = type(self).objects.values_list("version", flat=True).get(pk=self.pk)
                self._save_text(by=by, version=version, submit=submit, proposal=proposal, **fields)
        except BaseException:
            for evidence in attached:  # rolled back: no file is left that no row names
                evidence_storage().delete(evidence.storage_name)
            raise

    def _attach_chosen(self, name: str, upload, *, by, version: int) -> EvidenceFile:
        try:
            return EvidenceFile.attach(
                self, by=by, version=version, title=title_of_file(name), upload=upload, name=name
            )
        except ValidationError as error:
            raise FileRefused(name, error) from error

    def _save_text(self, *, by, version: int, submit: bool, proposal, **fields) -> None:

        if "level" in fields:  # the grade as chosen on the council's scale, and what it means
            fields["grade"] = (fields["level"].meaning or None) if fields["level"] else None

        def propose(current):
            if proposal is not KEEP:
                current._propose_target(proposal, by)
            if submit:
                words = {name: fields.get(name, getattr(current, name)) for name in current.CONTENT_FIELDS}
                problems = current.submission_problems(
                    evidence_of_progress=words["evidence_of_progress"],
                    grade=fields.get("level")
                    if "level" in fields
                    else words["grade"]
                    if "grade" in fields
                    else current.grade_level,
                    grade_explanation=words["grade_explanation"],
                    proposes_target=current.target_revisions.exists(),
                    previous_grade=current.previous_grade(),
                )
                if problems:
                    raise ValidationError(problems)

        with transaction.atomic():  # the update and its notice, or neither
            self._save_update(by=by, version=version, submit=submit, before_save=propose, **fields)
            if submit:
                Notification.objects.update_submitted(self, by=by)

    def target_proposal(self) -> TargetRevision | None:
        """The new target this update proposes, or None."""
        return self.target_revisions.select_related("proposed_by", "decided_by").first()

    def _propose_target(self, proposal: "TargetProposal | None", by) -> None:
        """Write, change or take back the update's proposed target, in the
        caller's transaction. It travels with the update: withdrawn or
        returned, it stays the officer's to change until the update is
        approved, when the link officer accepts or refuses it."""
        existing = self.target_revisions.first()
        if proposal is None:
            if existing is not None:
                _attribute(existing, by)
                existing.delete()
            return
        revision = existing or TargetRevision(action=self.action, entry=self, applies_from=self.round.period)
        month, reason = first_of_month(proposal.month), proposal.reason.strip()
        if existing and (existing.target_month, existing.reason) == (month, reason):
            return
        action = self.action
        if action.target_month and month <= action.target_month:
            raise ValidationError(
                {"proposed_target": f"The new target month must be after the current one, {action.target_month:%B %Y}"}
            )
        revision.target_before, revision.target_before_text = action.target_month, action.target_text
        revision.target_month, revision.reason = month, reason
        revision.proposed_by, revision.proposed_at = by, timezone.now()
        revision.full_clean()
        _attribute(revision, by)
        revision.save()

    def approve(self, *, by, version: int, target_decision: str = "", target_comment: str = "") -> None:
        """The link officer's approval of the update as they read it at
        `version`: refused with EditConflict when it has changed since, and
        with ValidationError when it is not `by`'s to approve. A new target
        the update proposes is accepted (`target_decision` "accept": the
        action's target changes with it) or refused ("refuse", with
        `target_comment`) in the same transaction."""

        def decide_target(current):
            proposal = current.target_revisions.first()
            if proposal is not None and proposal.is_proposed:
                statuses = {"accept": proposal.Status.ACCEPTED, "refuse": proposal.Status.REFUSED}
                if target_decision not in statuses:
                    raise ValidationError({"target_decision": "Accept or refuse the new target date"})
                proposal._decide(by=by, status=statuses[target_decision], comment=target_comment)

        def before_save(current):
            # The record keeps only files scanned clean: one still being
            # checked would fall out of it unseen.
            if current.files.being_checked().exists():
                raise ValidationError(
                    f"The update on {current.action.reference} was not approved: a file of it is still being"
                    " checked for viruses. Approve it once the check is done."
                )
            decide_target(current)

        with transaction.atomic():
            self._decide(by, version, before_save=before_save, status=self.Status.APPROVED, return_comment="")
            Notification.objects.update_decided(self, by=by)

    def answerable_by(self, user) -> bool:
        """Whether an e-mail asking `user` for this update offers them to
        answer it by replying (actionplans/replies/): replies are on, and
        the update is theirs to write now."""
        return (
            reply_tokens.is_on() and self.is_open_to_officers and permissions.may(user, permissions.WRITE_UPDATE, self)
        )

    # How to answer it by replying, heading the e-mail (answer_block), and
    # the outbox row's field naming it (Notification.reply_entry).
    REPLY_GUIDE = "actionplans/email/_answer_by_reply.txt"
    REPLY_FIELD = "reply_entry"

    def reply_guide(self) -> dict:
        """What an answerable e-mail tells its reader a reply may hold: the
        council's grades (by code or word), the deadline, and whether a
        graded reply is submitted."""
        graded = [level for level in current_scale(review=self.round.review_id) if level.meaning]
        return {
            "grades": [level.in_full for level in graded],
            "example": graded[min(1, len(graded) - 1)].key_heading if graded else "",
            "deadline": marked_day(self.round, "deadline"),
            "submits": settings.SCRUTINY_REPLY_SUBMITS,
        }

    def evidence_files(self) -> list[EvidenceFile]:
        """The update's files with who added them, read once for a page."""
        return list(self.files.select_related("added_by"))

    def attach_file(self, *, by, version: int, title: str, upload, name: str) -> EvidenceFile:
        """An evidence file added to the update as the officer read it at
        `version` (models/evidence.py): checked by its content, scanned for
        malware, stored, and the update's version raised; refused with
        ValidationError (by the field) or EditConflict, nothing kept."""
        return EvidenceFile.attach(self, by=by, version=version, title=title, upload=upload, name=name)

    def remove_file(self, evidence: EvidenceFile, *, by, version: int) -> None:
        """Take `evidence` off the update read at `version`, raising its version."""
        if evidence.entry_id != self.pk:
            raise ValidationError("That file is not one of this update's.")
        evidence.remove(by=by, version=version)
        self.refresh_from_db()

    def return_to_officer(self, *, by, version: int, comment: str) -> None:
        """The link officer returns the update with `comment`, which opens
        (or carries on) the update's conversation; its officers are told."""
        with transaction.atomic():
            super().return_to_officer(by=by, version=version, comment=comment)
            UpdateComment.objects.add(self, by=by, text=comment, is_return=True)
            Notification.objects.update_decided(self, by=by)

    def add_comment(self, *, by, text: str):
        """`by` writes in the update's conversation (models/comments.py)
        while its round is open; the others in it are told."""
        return UpdateComment.objects.add(self, by=by, text=text)

    def thread(self) -> list:
        """The update's conversation, oldest first."""
        return list(UpdateComment.objects.thread(self))

    # How far back the audit history is read for who last wrote the words.
    WRITERS_READ = 50

    def words_last_written(self):
        """The history record of the latest save that changed the update's
        words or grade (who and when), or None while nobody has written
        them: a return, an approval or a file leaves them as they were."""
        words = (*self.CONTENT_FIELDS, "level_id")
        history = self.history.select_related("history_user").order_by("-history_date", "-history_id")
        records = list(history[: self.WRITERS_READ + 1])
        for newer, older in zip(records, [*records[1:], None], strict=True):
            if older is None:
                return newer if any(getattr(newer, name) for name in words) else None
            if any(getattr(newer, name) != getattr(older, name) for name in words):
                return newer
        return None

    def would_replace_anothers_words(self, by, fields: dict):
        """The record of another person's latest writing of the words that
        `fields` (as save_update takes them) would replace with different
        ones, or None: what `by` may save without losing a colleague's
        words (a co-owner's, or a clerk's)."""
        replaced = [
            name
            for name, value in fields.items()
            if name in self.CONTENT_FIELDS and getattr(self, name) and getattr(self, name) != value
        ]
        if "level" in fields and self.level_id and fields["level"] and fields["level"].pk != self.level_id:
            replaced.append("level")
        written = self.words_last_written() if replaced else None
        if written is None or written.history_user_id in (None, by.pk):
            return None
        return written

    def papers_printing_it(self) -> list:
        """Its round's paper, and each later one carrying its action, which
        print it as an earlier round's."""
        return [round for round in self.action.papers_printing_it() if round.period >= self.round.period]

    @property
    def words_exempt_notice(self) -> str:
        """'Exempt information (paragraph N)' when the update, its action or
        its recommendation is exempt, else '': an e-mail then names the
        update but does not copy its words."""
        action = self.action
        return self.exempt_notice or action.exempt_notice or action.recommendation.exempt_notice

    def correct(self, *, by, version: int, reason: str, owners=None, **fields) -> None:
        """A clerk's correction of a published entry, and of who was
        responsible in its round when `owners` is given; the reason goes in
        the history beside every change. Refused with EditConflict when
        someone else changed the entry after `version` was read."""
        permissions.require(by, permissions.CORRECT_ENTRY, self)
        if not reason.strip():
            raise ValidationError({"reason": "Say why the published entry is being corrected."})
        if len(reason.strip()) > self.REASON_MAX_CHARS:
            raise ValidationError({"reason": f"Keep the reason to {self.REASON_MAX_CHARS:,} characters or fewer."})
        reason = f"Correction: {reason.strip()}"
        if "level" in fields:
            fields["grade"] = (fields["level"].meaning or None) if fields["level"] else None
        with atomic_keeping_copies():
            current = ProgressEntry.objects.select_for_update().select_related("round").get(pk=self.pk)
            if current.version != version:
                raise EditConflict(current)
            if not current.round.is_published:
                raise ValidationError("Only a published entry is corrected; an open round's update is the officer's.")
            if owners is not None:
                current.set_owners(owners, by=by, reason=reason)
            current._change_reason = reason
            current._save_as(by, **fields)
            # Its round's standing, and the later rounds' that read it as the
            # grade before: written together (models/standing.py, by the relation).
            rounds = current.round.review.rounds.filter(status=Round.Status.PUBLISHED, period__gte=current.round.period)
            current.round.standings.write(rounds, by=by, actions=[current.action_id], adding=False, reason=reason)
            # The round's own documents, and those of later published rounds
            # that carry its action, which print this entry as an earlier round's.
            said = reason.removeprefix("Correction: ")
            current.round.store_correction(by=by, reason=said)
            for round in current.papers_printing_it():
                if round.period > current.round.period:
                    round.store_correction(by=by, reason=said, its_own=False)
        self.refresh_from_db()

    def set_owners(self, owners, *, by, reason="", joins=None) -> None:
        """Make `owners` who was responsible in this round, with what is
        printed before each name (`joins`; see replace_owners)."""
        replace_owners(
            self.responsibilities.all(),
            owners,
            lambda owner, position: EntryResponsibility(entry=self, owner=owner, position=position),
            by=by,
            reason=reason,
            joins=joins,
        )

    def responsible_user_ids(self) -> set[int]:
        """Reads the update's owners (prefetch `responsibilities__owner` for a list)."""
        return {link.owner.user_id for link in self.responsibilities.all() if link.owner.user_id is not None}

    def describe_field(self, name: str, value) -> str:
        if name == "grade":
            level = self.level_of(value)
            return level.printed if level else "Not graded"
        return super().describe_field(name, value)


@dataclass(frozen=True)
class TargetProposal:
    """The new target month an officer's update proposes, and why."""

    month: datetime.date
    reason: str


class EntryResponsibility(models.Model):
    """Who was responsible for the action in that round."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="responsibilities")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="entry_responsibilities")
    position = models.PositiveSmallIntegerField(default=0)
    joined_by = joined_by_field()
    history = HistoryReadAsAt(history_change_reason_field=reason_field())

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "responsibility in a round"
        verbose_name_plural = "responsibilities in a round"
        constraints = [
            models.UniqueConstraint(fields=["entry", "owner"], name="owner_named_once_per_entry"),
        ]

    def __str__(self):
        return f"{self.owner} for {self.entry}"


def title_of_file(name: str) -> str:
    """A chosen file's title when the officer typed none: its name without
    the extension, its underscores as spaces ('Minutes_4_March.pdf':
    'Minutes 4 March')."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    return " ".join(stem.replace("_", " ").split())[:200] or "Evidence"


class FileRefused(ValidationError):
    """A file chosen with an update that the checks would not take: `name`,
    and why, by the form's files field."""

    def __init__(self, name: str, error: ValidationError):
        self.name = name
        messages = error.message_dict.get("file", error.messages) if hasattr(error, "error_dict") else error.messages
        super().__init__({"files": [f"{message}" for message in messages]})
