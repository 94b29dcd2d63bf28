"""The scrutiny review and its action plan, as the committee papers have it.

A Review has Recommendations; a Recommendation may have lettered SubActions;
an Action is one action record (Responsibility, Date, Agreed Action, Agreed
Success Measure) that belongs to a recommendation itself, to one of its
lettered sub-actions, or to a parallel strand of either. Each monitoring Round
of the review holds at most one ProgressEntry per action.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans import grading
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    _attribute,
    can_read_reviews,
    document_order,
    first_of_month,
    month_label,
    replace_owners,
    shorten,
)
from actionplans.models.people import Committee, Owner


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if can_read_reviews(user) else self.none()

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

    def round_open_now(self) -> "Round | None":
        return self.rounds.filter(status=Round.Status.OPEN).order_by("period").first()

    def why_not_openable(self) -> str:
        """The reason a clerk may not open the next round now, or '' if they
        may: a review has one open round at a time."""
        open_now = self.round_open_now()
        if open_now:
            return f"The {open_now.label} round is still open: publish it before opening another."
        return ""

    def open_round(self, *, period, deadline, meeting_date, by) -> "Round":
        """Open the next monitoring round, with a pending update for every
        action it carries, each owned by whoever is responsible now."""
        period = first_of_month(period)
        with transaction.atomic():
            # One clerk at a time: two opening rounds at once would otherwise
            # both find none open (PostgreSQL; SQLite's writes are serial).
            Review.objects.select_for_update().get(pk=self.pk)
            reason = self.why_not_openable()
            if reason:
                raise ValidationError(reason)
            latest = self.rounds.order_by("-period").first()
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

    def preview_import(self, plan, *, create_people: bool = False, owner_column: str = ""):
        """What importing `plan` (an ImportedPlan, read from a file) would
        create or change, row by row, and the problems that stop it: see
        actionplans/importing/saving.py for the rules. Changes nothing."""
        from actionplans.importing import saving

        return saving.compare(self, plan, create_people=create_people, owner_column=owner_column)

    def import_plan(self, plan, *, by, create_people: bool = False, owner_column: str = ""):
        """Save `plan` into the review: everything the preview shows, in one
        transaction, or nothing. Refused (ValidationError, with the problems)
        when the plan has problems, as they are when the review is locked.
        Every history row names `by` and "Imported from FILE"; a PlanImport
        records the import as one change. Returns the PlanImport."""
        from actionplans.importing import saving
        from actionplans.models.imports import PlanImport

        with transaction.atomic():
            # One import or round at a time: the comparison is made again
            # under the lock, so that what is saved is what is checked.
            Review.objects.select_for_update().get(pk=self.pk)
            preview = saving.compare(self, plan, create_people=create_people, owner_column=owner_column)
            if preview.problems:
                raise ValidationError([str(problem) for problem in preview.problems])
            counts = saving.save(self, preview, by=by)
            record = PlanImport(review=self, file_name=plan.file_name[:255], imported_by=by, **counts)
            record.full_clean()
            record.save()
        return record


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
    def visible_to(self, user):
        return self if can_read_reviews(user) else self.none()

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
        actions = (
            self.filter(recommendation__review=round.review_id)
            .with_entries()
            .prefetch_related(models.Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        )
        return [action for action in actions if action.is_carried_into(round)]


class Action(models.Model):
    """One action record: the recommendation's own, a lettered sub-action's,
    or one parallel strand's."""

    Monitoring = grading.Monitoring

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
        """Make `owners` the action's responsibility (see replace_owners)."""
        replace_owners(
            self.responsibilities.all(),
            owners,
            lambda owner, position: Responsibility(action=self, owner=owner, position=position),
            by=by,
        )

    def reassign(self, owners, by) -> None:
        """Give the action to other owners, from the round now open (if any)
        onwards. Earlier rounds keep who was responsible then."""
        self.set_owners(owners, by=by)
        for entry in self.entries.filter(round__status=Round.Status.OPEN):
            entry.set_owners(owners, by=by)

    def signed_off_in(self) -> "Round | None":
        """The round after which the action leaves monitoring, or None while
        it is monitored. By default that is the first published round that
        grades it Fully Achieved in an approved update (what the committee
        received); the committee can keep it open instead, or close it at a
        round whatever its grade (see actionplans.grading).

        Reads `self.entries.all()` (with each entry's round): prefetch them
        when asking this of many actions."""
        if self.monitoring == self.Monitoring.CLOSED:
            return self.closed_at
        if self.monitoring == self.Monitoring.KEEP_OPEN:
            return None
        achieved = [
            entry.round
            for entry in self.entries.all()
            if entry.grade == grading.SIGNS_OFF and entry.is_received and entry.round.is_published
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
        if self.closed_at_id and self.closed_at.review_id != self.recommendation.review_id:
            raise ValidationError({"closed_at": "Choose a round of this action's own review."})

    @property
    def name(self) -> str:
        """'1 b) The development of an on-line form…': the reference with a
        few of the action's own words, so nobody has to remember what a bare
        '1 c)' was. The words are the strand's heading, else the lettered
        sub-action's text, else the recommendation's."""
        label = str(self.recommendation.number)
        if self.sub_action_id:
            label += f" {self.sub_action.letter})"
        words = self.strand or (self.sub_action.text if self.sub_action_id else self.recommendation.text)
        return f"{label} {shorten(words)}" if words.strip() else label


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


# Rounds refer to the plan and the plan's verbs to rounds: imported last, once
# the plan's classes exist.
from actionplans.models.rounds import ProgressEntry, Round  # noqa: E402
