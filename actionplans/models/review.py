"""The scrutiny review and its action plan, one aggregate: the review (its
details, link officers, final report and the executive's response), its
Recommendations, their lettered SubActions and the Actions (action
records) that belong to a recommendation itself, to one of its lettered
parts, or to a parallel strand of either; who is responsible for each; the
named queries of each beside its model (which reviews, recommendations and
actions a reader sees, the public record's); and the verbs that set up and
change the plan and open its monitoring rounds.

The plan as the set-up and response pages give it (RecordPlan, PartPlan,
ResponsePlan), the conflicts its verbs raise and how references print are
plain words with no model, in models/plan.py. Each monitoring Round of the
review (models/rounds.py, above) holds at most one ProgressEntry per action.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from actionplans import permissions
from actionplans.grading import Response
from actionplans.models import response
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    _attribute,
    day_label,
    document_order,
    first_of_month,
    illustrative_field,
    joined_by_field,
    month_label,
    prints_alike,
    replace_owners,
    shorten,
)
from actionplans.models.exempt import MayBeExempt
from actionplans.models.notifications import Notification
from actionplans.models.people import Committee, Owner
from actionplans.models.plan import (
    COUNCIL_REFERENCE_MAX,
    PlanConflict,
    RecordPlan,
    ResponsePlan,
    TargetReasonNeeded,
    action_name,
    action_reference,
    carried_into,
    letter_for,
    part_words,
    response_of,
)
from actionplans.models.targets import TargetRevision
from actionplans.models.workflow import PeriodStatus


class ReviewLinkOfficer(models.Model):
    """One link officer of a review, in its place: the plan names them in
    order. Defined before Review, whose history (simple-history's
    m2m_fields) copies these rows. The table is the one Django made for the plain many-to-many
    field this replaced (migration link_officers_in_order), kept with its rows."""

    review = models.ForeignKey("Review", on_delete=models.CASCADE, related_name="link_officer_places")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="link_officer_places")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "actionplans_review_link_officers"
        ordering = ["position", "pk"]
        unique_together = [("review", "owner")]

    def __str__(self):
        return f"{self.owner} for {self.review}"


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every review for a reader, except plans still being set up: only
        those who build plans (clerks, administrators) see those."""
        if not permissions.reads_papers(user):
            return self.none()
        return self if permissions.builds_plans(user) else self.confirmed()

    def responses_visible_to(self, user):
        """The reviews whose executive responses `user` may read: those of
        the reviews they may read, and, for every reader, any published
        responses, a plan still being set up included (the executive
        responds before an action plan is agreed). Which responses show is
        Review.shows_responses_to()."""
        if not permissions.reads_papers(user):
            return self.none()
        return self.filter(
            models.Q(pk__in=self.visible_to(user).values("pk")) | models.Q(responses_published_at__isnull=False)
        )

    def confirmed(self):
        """Reviews whose plan is agreed and monitored (or was): not drafts."""
        return self.exclude(status=Review.Status.SETTING_UP)

    def public(self):
        """The reviews on the public pages and in the open data: those every
        reader knows of (known_to_every_reader)."""
        return self.known_to_every_reader()

    def known_to_every_reader(self):
        """The reviews every reader knows of: confirmed plans, and plans still
        being set up whose executive responses are published (what
        responses_visible_to() gives a reader who does not build plans).
        The scrutiny annual report counts these (reports/annual/builder.py)."""
        return self.filter(~Q(status=Review.Status.SETTING_UP) | Q(responses_published_at__isnull=False))

    def set_up(self, *, committee, title, action_plan_agreed, link_officers, by):
        """Start a review's plan: a draft, being set up, that only clerks and
        administrators see until it is confirmed. Its address comes from the
        title, made unique."""
        permissions.require(by, permissions.SET_UP_REVIEW)
        with transaction.atomic():
            review = Review(
                committee=committee,
                title=title,
                action_plan_agreed=action_plan_agreed,
                status=Review.Status.SETTING_UP,
            )
            review.slug = self._unique_slug(title)
            review.full_clean()
            _attribute(review, by)
            review.save()
            if link_officers:
                review._place_link_officers(link_officers)
                # A second history row, whose copy of the link officers
                # names them in order.
                _attribute(review, by)
                review.save()
        return review

    def _unique_slug(self, title: str) -> str:
        base = slugify(title)[:90].strip("-") or "review"
        taken = set(Review.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        taken.add("new")  # reviews/new/ is the set-up page's address
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def with_response_state(self):
        """Annotated with what Review.response_clock() reads: how many
        recommendations, how many have a response, the latest response.
        Counted without DISTINCT: a recommendation has at most one response
        (a one-to-one), so the join repeats no row, and the database is
        spared sorting every recommendation of every review."""
        return self.annotate(
            recommendation_count=models.Count("recommendations"),
            response_count=models.Count("recommendations__executive_response"),
            last_response=models.Max("recommendations__executive_response__responded_on"),
        )

    def responses_due(self, *, on=None, published_only: bool = False) -> list["Review"]:
        """The reviews whose executive response is due within a week of `on`
        (today by default) or overdue, by their clocks (the one rule:
        ResponseClock.is_due_soon). `published_only`: as a reader who sees
        only published responses knows it (Review.shows_responses_to): due
        until they are published. One query: the reviews whose reports have
        gone to the executive, with what their clocks read."""
        return [
            review
            for review in self.sent_to_executive()
            if review.response_clock(on, published_only=published_only).is_due_soon
        ]

    def sent_to_executive(self):
        """The reviews whose reports have gone to the executive, with what
        their response clocks read (with_response_state): those whose clocks
        run (ResponseClock.running) are the ones awaiting a response."""
        return self.filter(report_to_executive__isnull=False).with_response_state()

    def for_link_officer(self, user):
        return self.filter(link_officers__user=user).distinct()


class Review(models.Model):
    class Status(models.TextChoices):
        SETTING_UP = "setting_up", "Being set up"
        MONITORING = "monitoring", "Being monitored"
        COMPLETED = "completed", "Monitoring completed"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=200, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    # In the order the plan names them ("Link Officer/s: A, B"): see
    # set_link_officers() and link_officers_in_order().
    link_officers = models.ManyToManyField(
        Owner,
        through=ReviewLinkOfficer,
        blank=True,
        related_name="linked_reviews",
        limit_choices_to={"kind": Owner.Kind.PERSON},
        verbose_name="link officer/s",
    )
    # Blank only while the review is being set up: the report and the
    # executive's response come before any action plan is agreed.
    # Review.why_not_confirmable() asks for it.
    action_plan_agreed = models.DateField(
        null=True, blank=True, help_text="The month the committee agreed the action plan."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MONITORING)
    # The review's final report and the executive's response to it
    # (actionplans/models/response.py): written by record_report(),
    # record_responses() and publish_responses().
    report_agreed = models.DateField(
        null=True, blank=True, verbose_name="report agreed", help_text="The day the committee agreed its final report."
    )
    report_to_executive = models.DateField(
        null=True,
        blank=True,
        verbose_name="report to the executive",
        help_text="The day the executive received the report: its response is due from this day.",
    )
    decision_maker = models.CharField(
        max_length=200,
        default="Cabinet",
        validators=ONE_LINE,
        help_text="Who responds for the executive: Cabinet, or the Cabinet Member named.",
    )
    responses_published_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When a clerk published the executive's responses."
    )
    # report_agreed, report_to_executive and responded_on (its executive
    # responses' dates) where the demo invents them (common.is_illustrative).
    illustrative = illustrative_field("the review's dates")
    # Raised by every change of the plan (details, recommendations, their
    # parts and records), so that a page based on an older reading of the
    # plan can be refused (see PlanConflict).
    version = models.PositiveIntegerField(default=0)
    history = AuditHistory(m2m_fields=[link_officers], excluded_fields=["version"])

    objects = ReviewQuerySet.as_manager()
    # Follow's field for a review (models/notifications.py).
    followed_as = "review"

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("review_detail", args=[self.slug])

    def clean(self):
        if self.action_plan_agreed:
            self.action_plan_agreed = first_of_month(self.action_plan_agreed)
        if self.report_agreed and self.report_to_executive and self.report_to_executive < self.report_agreed:
            raise ValidationError(
                {"report_to_executive": "The report went to the executive on or after the day the committee agreed it."}
            )
        self.decision_maker = (self.decision_maker or "").strip()
        if not self.decision_maker:
            raise ValidationError(
                {"decision_maker": "Enter who responds for the executive: Cabinet, or a Cabinet Member."}
            )

    # The report and the executive's response ------------------------------------

    def record_report(self, *, agreed, to_executive, decision_maker, by, version) -> None:
        """Record the final report: the day the committee agreed it, the day
        it went to the executive (the clock starts), and who decides.
        Clerks and administrators only; refused with PlanConflict when the
        review changed after `version` was read."""
        permissions.require(by, permissions.RECORD_REPORT, self)
        with transaction.atomic():
            current = self._lock(version)
            before = (current.report_agreed, current.report_to_executive, current.decision_maker)
            current.report_agreed, current.report_to_executive = agreed, to_executive
            current.decision_maker = decision_maker
            current.full_clean()
            if (current.report_agreed, current.report_to_executive, current.decision_maker) != before:
                self._changed(current, by)

    @property
    def responses_published(self) -> bool:
        return self.responses_published_at is not None

    def shows_responses_to(self, user) -> bool:
        """Clerks and administrators see the executive's responses as they
        record them; everyone else once a clerk has published them."""
        return self.responses_published or permissions.builds_plans(user)

    def record_responses(self, responses, *, by, version, reason: str = "") -> None:
        """Record the executive's response to every recommendation given
        (ResponsePlans), all or nothing. A recommendation given no response
        keeps none (one already recorded cannot be taken back). Once the
        responses are published a change needs `reason`, which each changed
        response's history row keeps. Refused with ValidationError keyed
        "recommendation-N-field" (or "reason", or "__all__") when a rule is
        broken, with PlanConflict when the review changed after `version`
        was read, and PermissionDenied for anyone but clerks and
        administrators."""
        permissions.require(by, permissions.RECORD_RESPONSES, self)
        reason = reason.strip()
        with transaction.atomic():
            current = self._lock(version)
            recs = {rec.number: rec for rec in current.recommendations.select_related("executive_response")}
            # Recommendations whose actions a round has carried (an update
            # there, or a published round's standing): monitored already, so
            # the committee's papers have them; never Rejected now.
            carried = Q(entries__isnull=False) | Q(standings__isnull=False)
            monitored = set(
                Action.objects.filter(carried, recommendation__review=current).values_list("recommendation", flat=True)
            )
            errors, changed = {}, []
            for plan in responses:
                rec = recs.get(plan.number)
                if rec is None:
                    raise ValidationError(f"Recommendation {plan.number} is no longer in the plan.")
                answer = _response_given(current, rec, plan, monitored, errors)
                if answer is not None:
                    changed.append(answer)
            if changed and current.responses_published and not reason:
                errors["reason"] = "Say why the published responses are changing: the history keeps the reason."
            if errors:
                raise ValidationError(errors)
            for answer in changed:
                _attribute(answer, by)
                if current.responses_published:
                    answer._change_reason = reason
                answer.save()
            if changed:
                self._changed(current, by)

    def why_not_publishable_responses(self) -> str:
        """The reason the executive's responses may not be published, or ''."""
        if self.responses_published:
            return "The executive's responses have already been published."
        recs = list(self.recommendations.select_related("executive_response"))
        if not recs:
            return "The review has no recommendations yet."
        missing = [rec.number for rec in recs if not response_of(rec)]
        if missing:
            numbers = ", ".join(str(n) for n in missing)
            return f"Record the executive's response to every recommendation first: {numbers} awaiting a response."
        return ""

    def publish_responses(self, *, by, version) -> None:
        """Publish the executive's responses: from now committee members see
        them, and a change needs a reason. Clerks and administrators only."""
        permissions.require(by, permissions.PUBLISH_RESPONSES, self)
        with transaction.atomic():
            current = self._lock(version)
            problem = current.why_not_publishable_responses()
            if problem:
                raise ValidationError(problem)
            current.responses_published_at = timezone.now()
            self._changed(current, by)
            Notification.objects.responses_published(current, by=by)

    def response_clock(self, on=None, *, published_only: bool = False):
        """Where the executive's response stands (ResponseClock) on `on`
        (today by default). Reads the annotations of
        ReviewQuerySet.with_response_state() where present.
        `published_only`: as a reader who sees only published responses
        knows it: unanswered until they are published."""
        if hasattr(self, "recommendation_count"):
            count, answered, last = self.recommendation_count, self.response_count, self.last_response
        else:
            state = (
                Review.objects.filter(pk=self.pk)
                .with_response_state()
                .values("recommendation_count", "response_count", "last_response")[0]
            )
            count, answered, last = state["recommendation_count"], state["response_count"], state["last_response"]
        if published_only and not self.responses_published:
            answered, last = 0, None
        return response.clock_for(
            self.report_to_executive, count=count, answered=answered, last=last, on=on, review=self
        )

    @property
    def action_plan_agreed_label(self) -> str:
        """'March 2019'; 'Not yet agreed' while the plan is being set up
        without one; blank for a plan monitored whose paper gave no date, as
        councils print it (issue 73): never words the paper did not say."""
        if self.action_plan_agreed:
            return month_label(self.action_plan_agreed)
        return "Not yet agreed" if self.is_being_set_up else ""

    def link_officers_in_order(self) -> list[Owner]:
        """The link officer/s in the order the plan names them. Reads
        `link_officer_places` (prefetch it, with its owners, for many reviews)."""
        places = self.link_officer_places.all()
        if "link_officer_places" not in getattr(self, "_prefetched_objects_cache", {}):
            places = places.select_related("owner")
        return [place.owner for place in places]

    def set_link_officers(self, owners, by) -> None:
        """Make `owners`, in this order, the review's link officer/s: a
        change of the plan's details (the version goes up), in the history
        with who. Every write of link officers keeps their order this way;
        `link_officers.set()` would not."""
        permissions.require(by, permissions.SET_LINK_OFFICERS, self)
        with transaction.atomic():
            current = Review.objects.select_for_update().get(pk=self.pk)
            current._place_link_officers(owners)
            self._changed(current, by)

    def _place_link_officers(self, owners) -> None:
        """Write the ReviewLinkOfficer rows for `owners` in order: those
        kept move to their new places, the rest go. The review's next
        history row copies them (simple-history's m2m_fields)."""
        owners = list(dict.fromkeys(owners))
        not_people = [owner.name for owner in owners if owner.kind != Owner.Kind.PERSON]
        if not_people:
            raise ValidationError(f"A link officer is a person, not a role or group: {', '.join(not_people)}.")
        places = {place.owner_id: place for place in self.link_officer_places.all()}
        wanted = {owner.pk for owner in owners}
        for place in places.values():
            if place.owner_id not in wanted:
                place.delete()
        for position, owner in enumerate(owners):
            place = places.get(owner.pk)
            if place is None:
                ReviewLinkOfficer.objects.create(review=self, owner=owner, position=position)
            elif place.position != position:
                place.position = position
                place.save(update_fields=["position"])

    def round_open_now(self):
        """The round open now, or None. The rounds (models/rounds.py) sit
        above the review, so it reaches them by its relation, `rounds`."""
        return self.rounds.filter(status=PeriodStatus.OPEN).order_by("period").first()

    @property
    def is_being_set_up(self) -> bool:
        return self.status == self.Status.SETTING_UP

    def why_not_openable(self) -> str:
        """The reason a clerk may not open the next round now, or '' if they
        may: the plan must be confirmed first, and a review has one open
        round at a time."""
        if self.is_being_set_up:
            return "The plan is still being set up: confirm it before opening a round."
        open_now = self.round_open_now()
        if open_now:
            return f"The {open_now.label} round is still open: publish it before opening another."
        return ""

    def open_round(self, *, period, deadline, meeting_date, by, illustrative=()):
        """Open the next monitoring round, with a pending update for every
        action it carries, each owned by whoever is responsible now.
        `illustrative`: the dates the demo invents (Round.illustrative)."""
        permissions.require(by, permissions.OPEN_ROUND, self)
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
            round = self.rounds.model(review=self, period=period, deadline=deadline, meeting_date=meeting_date)
            round.illustrative = list(illustrative)
            round.full_clean()
            _attribute(round, by)
            round.save()
            for action in Action.objects.carried_into(round):
                entry = round.entries.model(action=action, round=round)
                _attribute(entry, by)
                entry.save()
                for link in action.responsibilities.all():
                    entry.add_owner(link.owner, link.position, by, link.joined_by)
        return round

    def record_import(self, current: "Review", *, file_name: str, action_plan_agreed, link_officers, by) -> None:
        """The review's own part of an import into its plan
        (actionplans.importing.saving.import_plan, which holds the
        transaction and `current`, this review as it locked it, and has
        saved the plan): the plan changed, so a set-up page opened before
        the import is now out of date (see _lock); with it, the review's own
        details the file gives (the product's export; None: as they are),
        each in the history as "Imported from FILE"."""
        permissions.require(by, permissions.IMPORT_PLAN, self)
        current._change_reason = f"Imported from {file_name}"[:100]
        if action_plan_agreed:
            current.action_plan_agreed = action_plan_agreed
        if link_officers is not None:
            current._place_link_officers(link_officers)
        self._changed(current, by)

    # Setting up and changing the plan ---------------------------------------

    def why_not_renumberable(self) -> str:
        """The reason recommendations may not be reordered or renumbered, nor
        lettered parts relettered, or '' while they may. Once the plan is
        confirmed, committee papers quote '1 c)': the numbers and letters
        stay as they are."""
        if self.is_being_set_up:
            return ""
        return (
            "The plan has been confirmed: its recommendations and lettered parts keep the numbers and letters "
            "the committee's papers quote."
        )

    def _lock(self, version: int) -> "Review":
        """The review, locked for a change of its plan: refused with
        PlanConflict when it changed after `version` was read."""
        current = Review.objects.select_for_update().get(pk=self.pk)
        if current.version != version:
            raise PlanConflict(current)
        return current

    def _changed(self, current: "Review", by) -> None:
        """Raise the version after a change of the plan (one history row,
        with who), and bring this copy up to date."""
        current.version += 1
        _attribute(current, by)
        current.save()
        self.refresh_from_db()

    def change_details(self, *, committee, title, action_plan_agreed, link_officers, by, version) -> None:
        """Change what the document's first lines say: the committee, title,
        link officer/s and the month the plan was agreed. The address stays."""
        permissions.require(by, permissions.CHANGE_REVIEW, self)
        with transaction.atomic():
            current = self._lock(version)
            current.committee = committee
            current.title = title
            current.action_plan_agreed = action_plan_agreed
            current.full_clean()
            current._place_link_officers(link_officers)
            self._changed(current, by)

    def save_recommendation(self, *, number, text, record=None, strands=(), parts=(), by, version) -> "Recommendation":
        """Write one whole recommendation as the set-up page gives it, in one
        transaction: its text, its own action record (`record`, a RecordPlan
        or None), its strands, and its lettered parts (PartPlans, lettered
        a), b), … in the order given), each with its own record and strands;
        owners in the order named, the lead first. `number` None adds a
        recommendation at the end. Parts and records carrying a `pk` are kept
        and changed; those left out are removed. Refused with PlanConflict
        when the plan changed after `version` was read, and with
        ValidationError when a rule is broken (nothing is saved then)."""
        permissions.require(by, permissions.CHANGE_RECOMMENDATIONS, self)
        with transaction.atomic():
            current = self._lock(version)
            if number is None:
                last = current.recommendations.aggregate(last=models.Max("number"))["last"] or 0
                rec = Recommendation(review=current, number=last + 1)
            else:
                rec = current.recommendations.filter(number=number).first()
                if rec is None:
                    raise ValidationError(f"Recommendation {number} is no longer in the plan.")
            existing_parts = {part.pk: part for part in rec.sub_actions.all()} if rec.pk else {}
            existing_actions = (
                {action.pk: action for action in rec.actions.select_related("sub_action")} if rec.pk else {}
            )
            self._check_plan(current, rec, record, strands, parts, existing_parts, existing_actions)

            rec.text = text
            rec.full_clean()
            _attribute(rec, by)
            rec.save()

            _remove_left_out(record, strands, parts, existing_parts, existing_actions, by)
            lettered = _letter_parts(rec, parts, existing_parts, by)
            holders = [(None, record, strands)] + [(sub, plan.record, plan.strands) for sub, _, plan in lettered]
            for sub, own, its_strands in holders:
                self._write_records(rec, sub, own, its_strands, existing_actions, by)
            self._changed(current, by)
        return rec

    @staticmethod
    def _check_plan(current, rec, record, strands, parts, existing_parts, existing_actions) -> None:
        """Refuse what would break the plan's record before anything is written."""
        for plan in parts:
            if plan.pk and plan.pk not in existing_parts:
                raise ValidationError("A lettered part on the page is no longer in this recommendation.")
        for plan in _records(record, strands, parts):
            if plan.pk and plan.pk not in existing_actions:
                raise ValidationError("An action record on the page is no longer in this recommendation.")
        # A record stays with what it belongs to: the recommendation itself or its lettered part.
        holders = [(None, record, strands)] + [(part.pk, part.record, part.strands) for part in parts]
        for part_pk, own, its_strands in holders:
            for plan in ([own] if own else []) + list(its_strands):
                moved = existing_actions[plan.pk] if plan.pk else None
                if moved and moved.sub_action_id != part_pk:
                    raise ValidationError(f"{moved.reference} cannot move to another lettered part.")
        if current.why_not_renumberable():
            for n, plan in enumerate(parts):
                if plan.pk and existing_parts[plan.pk].letter != letter_for(n):
                    raise ValidationError(
                        f"{rec.number} {existing_parts[plan.pk].letter}) cannot move or change its letter. "
                        + current.why_not_renumberable()
                    )
        kept = {plan.pk for plan in _records(record, strands, parts) if plan.pk}
        for action in existing_actions.values():
            if action.pk not in kept:
                reason = action.why_not_removable()
                if reason:
                    raise ValidationError(reason)
        if not current.is_being_set_up:
            # A date is never changed silently (Action.change_target).
            unexplained, not_months = [], []
            for plan in _records(record, strands, parts):
                action = existing_actions.get(plan.pk)
                if action is None or not _target_changes(action, plan):
                    continue
                if not plan.target_month:
                    not_months.append(action.reference)
                elif not plan.target_reason.strip():
                    unexplained.append(action.pk)
            if not_months:
                raise ValidationError(
                    f"{', '.join(not_months)}: a confirmed plan's new date is a target month, given with the reason."
                )
            if unexplained:
                raise TargetReasonNeeded(unexplained)

    @classmethod
    def _write_records(cls, rec, sub, own, its_strands, existing_actions, by) -> None:
        """Write the records of one holder (the recommendation itself, `sub`
        None, or one lettered part): its own record `own` (or None), then
        its strands, in the order given."""
        # A strand renamed to another's old heading goes through a
        # placeholder heading, as two strands may swap.
        for plan in its_strands:
            action = existing_actions.get(plan.pk)
            if action and action.strand != plan.strand:
                action.strand = f"(renaming {action.pk})"
                _attribute(action, by)
                action.save()
        # Positions only need to rise in the order given: those that
        # already do are kept, so an unchanged record is not rewritten.
        last = -1
        for plan in ([own] if own is not None else []) + list(its_strands):
            kept = existing_actions.get(plan.pk)
            last = kept.position if kept and kept.position > last else last + 1
            cls._write_record(rec, sub, plan, last, existing_actions, by)

    @staticmethod
    def _write_record(rec, sub, plan: "RecordPlan", position, existing_actions, by) -> None:
        action = existing_actions.get(plan.pk) or Action(recommendation=rec, sub_action=sub)
        fields = {
            "strand": plan.strand,
            "position": position,
            "target_month": plan.target_month,
            "target_text": plan.target_text,
            "agreed_action": plan.agreed_action,
            "success_measure": plan.success_measure,
        }
        if action.pk and not rec.review.is_being_set_up:
            # A confirmed plan's date changes only through a revision, with
            # the reason (checked in _check_plan); the rest is written below.
            if _target_changes(action, plan):
                action.change_target(target_month=plan.target_month, reason=plan.target_reason, by=by)
            del fields["target_month"], fields["target_text"]
        if not action.pk or any(getattr(action, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(action, name, value)
            action.full_clean()
            _attribute(action, by)
            action.save()
        action.arrange_owners(plan.owners, by=by, joins=plan.joins)

    def remove_recommendation(self, *, number, by, version) -> None:
        """Remove a recommendation, its lettered parts and action records;
        those after it move up a number (only while the plan is being set
        up: see why_not_renumberable). Refused when any of its actions has
        updates: the committee closes an action rather than deleting it."""
        permissions.require(by, permissions.CHANGE_RECOMMENDATIONS, self)
        with transaction.atomic():
            current = self._lock(version)
            rec = current.recommendations.filter(number=number).first()
            if rec is None:
                raise ValidationError(f"Recommendation {number} is no longer in the plan.")
            later = list(current.recommendations.filter(number__gt=number).order_by("number"))
            if later and current.why_not_renumberable():
                raise ValidationError(
                    f"Recommendation {number} cannot be removed: the ones after it would be renumbered. "
                    + current.why_not_renumberable()
                )
            actions = list(rec.actions.select_related("sub_action", "recommendation"))
            for action in actions:
                reason = action.why_not_removable()
                if reason:
                    raise ValidationError(reason)
            for action in actions:
                action.remove(by=by)
            for sub in rec.sub_actions.all():
                _attribute(sub, by)
                sub.delete()
            _attribute(rec, by)
            rec.delete()
            for later_rec in later:
                later_rec.number -= 1
                _attribute(later_rec, by)
                later_rec.save()
            self._changed(current, by)

    def move_recommendation(self, *, number, up: bool, by, version) -> None:
        """Swap a recommendation with the one before (`up`) or after it,
        renumbering both (only while the plan is being set up)."""
        permissions.require(by, permissions.CHANGE_RECOMMENDATIONS, self)
        with transaction.atomic():
            current = self._lock(version)
            reason = current.why_not_renumberable()
            if reason:
                raise ValidationError(reason)
            rec = current.recommendations.filter(number=number).first()
            other = current.recommendations.filter(number=number - 1 if up else number + 1).first()
            if rec is None or other is None:
                raise ValidationError(f"Recommendation {number} cannot move {'up' if up else 'down'}.")
            # Through 0, a number no recommendation has, as the numbers are
            # unique in the review.
            rec.number, other.number, mine = 0, rec.number, other.number
            for changed in (rec, other):
                _attribute(changed, by)
                changed.save()
            rec.number = mine
            rec.save()
            self._changed(current, by)

    def why_not_confirmable(self) -> list[str]:
        """What must be put right before the plan is confirmed, in document
        order; empty when it may be. A recommendation the executive rejected
        needs no action record."""
        if not self.is_being_set_up:
            return ["The plan has already been confirmed."]
        problems = []
        if self.action_plan_agreed is None:
            problems.append("Enter the month the committee agreed the action plan, in the review's details.")
        recs = list(self.recommendations.select_related("executive_response").order_by("number"))
        if not recs:
            return [*problems, "Add at least one recommendation."]
        # The executive rejected these: they are not monitored, so need no record.
        recs = [rec for rec in recs if not rec.is_rejected]
        actions = list(
            Action.objects.filter(recommendation__review=self)
            .in_document_order()
            .select_related("recommendation", "sub_action")
            .annotate(owner_count=models.Count("responsibilities"))
        )
        with_records = {action.recommendation_id for action in actions}
        parts_with_records = {action.sub_action_id for action in actions}
        parts = SubAction.objects.filter(recommendation__review=self).select_related("recommendation")
        parts_by_rec = {}
        for part in parts.order_by("letter"):
            parts_by_rec.setdefault(part.recommendation_id, []).append(part)
        by_rec = {}
        for action in actions:
            by_rec.setdefault(action.recommendation_id, []).append(action)
        for rec in recs:
            if rec.pk not in with_records:
                problems.append(f"Recommendation {rec.number} has no action record.")
            mine = by_rec.get(rec.pk, [])
            problems += _record_problems(a for a in mine if not a.sub_action_id)
            for part in parts_by_rec.get(rec.pk, []):
                if part.pk not in parts_with_records:
                    problems.append(f"{rec.number} {part.letter}) has no action record.")
                problems += _record_problems(a for a in mine if a.sub_action_id == part.pk)
        return problems

    def confirm(self, *, by, version) -> None:
        """The plan is agreed as set up: from now it is monitored, and every
        reader sees it. Refused, naming what to fix, when a recommendation
        or lettered part has no action record or an action has no
        responsibility, no date or no agreed success measure."""
        permissions.require(by, permissions.CONFIRM_PLAN, self)
        with transaction.atomic():
            current = self._lock(version)
            problems = current.why_not_confirmable()
            if problems:
                raise ValidationError(problems)
            current.status = self.Status.MONITORING
            self._changed(current, by)


class RecommendationQuerySet(models.QuerySet):
    def with_clock(self):
        """Everything a recommendation's Clock (models/outcomes.py) and its
        outcome's rules read, by its relations' names: its review and
        response, its outcome, priority and re-check, its actions with the
        committee's decisions and their rounds, its impacts. A fixed number
        of queries however many."""
        actions = Action.objects.select_related("sub_action").prefetch_related("decisions__round")
        related = ("review", "executive_response", "outcome", "priority", "recheck")
        return self.select_related(*related).prefetch_related(models.Prefetch("actions", actions), "impacts")

    def public(self):
        """The recommendations on the public pages and in the open data: those
        of public reviews (Review.objects.public) not marked as exempt
        information."""
        return self.filter(review__in=Review.objects.public(), exempt_paragraph__isnull=True)


class Recommendation(MayBeExempt):
    review = models.ForeignKey("Review", on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(validators=LONG_TEXT)
    # The council's own reference, as it wrote it ("SR (25/26) 01", "R3",
    # "Rec 1"), printed beside our number; blank where the plan has none.
    council_reference = models.CharField(
        max_length=COUNCIL_REFERENCE_MAX,
        blank=True,
        validators=ONE_LINE,
        verbose_name="the council's reference",
        help_text="As the council writes it, such as SR (25/26) 01 or Rec 3: shown beside the number.",
    )
    history = AuditHistory()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_number_unique_in_review"),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    def papers_printing_it(self) -> list:
        """The published rounds whose papers print it: every one of its review's."""
        return list(self.review.rounds.filter(status=PeriodStatus.PUBLISHED))

    @property
    def is_rejected(self) -> bool:
        """The executive rejected it: it is not monitored (Action.is_carried_into)."""
        answer = response_of(self)
        return answer is not None and answer.is_rejected


class SubAction(models.Model):
    """A lettered part of a recommendation: 'a) targeted awareness raising…'."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="sub_actions")
    letter = models.CharField(max_length=3, help_text="a, b, c …", validators=ONE_LINE)
    # Blank where the council's paper gives the letter no heading of its own.
    text = models.TextField(blank=True, validators=LONG_TEXT)
    history = AuditHistory()

    class Meta:
        ordering = ["recommendation", "letter"]
        verbose_name = "lettered sub-action"
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "letter"], name="sub_action_letter_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation.number} {self.letter})"

    @property
    def words(self) -> str:
        """Its text as printed after its letter: 'taxi marshalling…', not
        'a) taxi marshalling…' (part_words())."""
        return part_words(self.letter, self.text)


class ActionQuerySet(models.QuerySet):
    def responsible(self, user):
        """The actions `user` is responsible for (named under Responsibility,
        in person): nobody confirms the closure of their own work, so
        neither their committee's decision to sign one off or close it nor
        its recommendation's outcome is theirs to record."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(owners__user=user).distinct()

    def visible_to(self, user):
        """The actions of the reviews `user` may read (Review.objects.visible_to)."""
        if not permissions.reads_papers(user):
            return self.none()
        if permissions.builds_plans(user):
            return self
        return self.exclude(recommendation__review__status=Review.Status.SETTING_UP)

    def in_document_order(self):
        """Recommendation by recommendation, as the committee paper prints them."""
        return self.order_by(*document_order())

    def public(self):
        """The actions on the public pages and in the open data: those of
        agreed plans (not one still being set up), neither they nor their
        recommendation marked as exempt information."""
        return self.filter(exempt_paragraph__isnull=True, recommendation__exempt_paragraph__isnull=True).exclude(
            recommendation__review__status=Review.Status.SETTING_UP
        )

    def with_entries(self):
        """Everything `Action.signed_off_in()` and the documents read: each
        action's updates and the committee's decisions on it, each with its
        round (models/rounds.py and models/decisions.py, above: named by
        the relations)."""
        return self.select_related("recommendation__executive_response", "sub_action").prefetch_related(
            "entries__round", "decisions__round"
        )

    def with_revision_count(self, *, published_only: bool = False):
        """Annotates `revisions`: how many accepted revisions of its target
        each action has (TargetRevision; with `published_only`, those every
        reader may know of: TargetRevisionQuerySet.published). One
        subquery, however many actions."""
        revisions = TargetRevision.objects.published() if published_only else TargetRevision.objects.accepted()
        accepted = (
            revisions.filter(action=models.OuterRef("pk"))
            .order_by()
            .values("action")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(revisions=Coalesce(models.Subquery(accepted), 0))

    def carried_into(self, round) -> list:
        """The actions of `round`'s review that its progress update carries,
        in document order (see Action.is_carried_into)."""
        actions = (
            self.filter(recommendation__review=round.review_id)
            .with_entries()
            .prefetch_related(models.Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        )
        return [action for action in actions if action.is_carried_into(round)]


class Action(MayBeExempt):
    """One action record: the recommendation's own, a lettered sub-action's,
    or one parallel strand's."""

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
    # The day, where the plan gives one ("15 March 2025"): printed so. The
    # rules read the month alone; a day of another month than the target's
    # (the month changed since) is not printed (target_label).
    target_day = models.DateField(
        null=True, blank=True, verbose_name="day", help_text="The target's day, where the plan gives one."
    )
    agreed_action = models.TextField(validators=LONG_TEXT)
    # Blank only while a plan is set up (an imported tracker may have no
    # success measures yet): Review.why_not_confirmable() asks for one.
    success_measure = models.TextField(verbose_name="agreed success measure", blank=True, validators=LONG_TEXT)
    # The council's own reference of this action, where its tracker numbers
    # actions ("3.2"), as it wrote it; blank otherwise.
    council_reference = models.CharField(
        max_length=COUNCIL_REFERENCE_MAX,
        blank=True,
        validators=ONE_LINE,
        verbose_name="the council's reference",
        help_text="As the council's tracker writes it, such as 3.2: shown beside the reference.",
    )
    history = AuditHistory()

    objects = ActionQuerySet.as_manager()
    # Follow's field for an action (models/notifications.py).
    followed_as = "action"

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
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """'1', '1 c)', '1 a) Frontline staff' — as the clerk and committee say it."""
        letter = self.sub_action.letter if self.sub_action_id else None
        return action_reference(self.recommendation.number, letter, self.strand)

    @property
    def title(self) -> str:
        """'Recommendation 1 a) Frontline staff': the reference, in full."""
        return f"Recommendation {self.reference}"

    @property
    def target_label(self) -> str:
        """As the plan gives it: its words, its day ("15 March 2025") or its month."""
        if self.target_text:
            return self.target_text
        return day_label(self.target_day) if self.day_given else month_label(self.target_month)

    @property
    def day_given(self) -> bool:
        """Whether the plan gives the target's day: a day of the target's month."""
        return bool(self.target_day and self.target_month and first_of_month(self.target_day) == self.target_month)

    def set_owners(self, owners, by=None, joins=None) -> None:
        """Make `owners` the action's responsibility, with what is printed
        before each name (`joins`; see replace_owners)."""
        replace_owners(
            self.responsibilities.all(),
            owners,
            lambda owner, position: Responsibility(action=self, owner=owner, position=position),
            by=by,
            joins=joins,
        )

    def arrange_owners(self, owners, by, joins=None) -> None:
        """Make `owners` the action's responsibility in exactly this order
        (the set-up page names them in order, the lead first), printed with
        `joins` between them (what the clerk chose: " / ", " & ", a new
        line; None keeps what each name had, and a newcomer takes the
        plan's separator); each row added, moved or removed is in the
        history. On a confirmed plan, the round now open follows (as
        reassign() does)."""
        permissions.require(by, permissions.CHANGE_RESPONSIBILITY, self)
        links = {link.owner_id: link for link in self.responsibilities.all()}
        wanted = [owner.pk for owner in owners]
        changed = False
        for link in links.values():
            if link.owner_id not in wanted:
                _attribute(link, by)
                link.delete()
                changed = True
        joins = _joins_for(owners, links, joins)
        for position, owner in enumerate(owners):
            link = links.get(owner.pk)
            if link is None:
                link = Responsibility(action=self, owner=owner, position=position)
            elif link.position == position and prints_alike(link.joined_by, joins[position]):
                continue
            link.position, link.joined_by = position, joins[position]
            _attribute(link, by)
            link.save()
            changed = True
        if changed:
            for entry in self.entries.following_responsibility():
                entry.set_owners(list(owners), by=by, joins=joins)

    def why_not_removable(self) -> str:
        """The reason the action may not be removed from the plan, or ''."""
        entry = self.entries.select_related("round").order_by("round__period").first()
        if entry:
            return (
                f"{self.reference} has updates in the {entry.round.label} round: "
                "the committee closes an action rather than deleting it."
            )
        if self.gap_links.published().exists():
            return (
                f"A published self-assessment names {self.reference} as closing a gap: "
                "the committee closes an action rather than deleting it."
            )
        return ""

    def remove(self, *, by) -> None:
        """Remove the action, who is responsible for it and the draft
        self-assessments' links to it, each in the history."""
        permissions.require(by, permissions.REMOVE_ACTION, self)
        reason = self.why_not_removable()
        if reason:
            raise ValidationError(reason)
        for link in [*self.responsibilities.all(), *self.gap_links.all()]:
            _attribute(link, by)
            link.delete()
        _attribute(self, by)
        self.delete()

    def reassign(self, owners, by) -> None:
        """Give the action to other owners, from the round now open (if any)
        onwards. Earlier rounds keep who was responsible then."""
        permissions.require(by, permissions.CHANGE_RESPONSIBILITY, self)
        self.set_owners(owners, by=by)
        for entry in self.entries.following_responsibility():
            entry.set_owners(owners, by=by)

    def revise_target(self, revision, *, by) -> None:
        """Make an accepted revision (TargetRevision) the action's target:
        the one write of a confirmed plan's date, in the history with who
        and why. The revision keeps the target before it."""
        if revision.action_id != self.pk or not revision.is_accepted:
            raise ValidationError("Only an accepted revision of this action changes its target.")
        with transaction.atomic():
            action = Action.objects.select_for_update().get(pk=self.pk)
            action.target_month, action.target_text, action.target_day = revision.target_month, "", None
            action._change_reason = f"Target revised: {revision.reason}"[:100]
            _attribute(action, by)
            action.save()
            Notification.objects.target_revised(action, revision, by=by)
        self.target_month, self.target_text, self.target_day = action.target_month, action.target_text, None

    def change_target(self, *, target_month, reason: str, by):
        """A clerk's own change of a confirmed plan's target month, with the
        reason: recorded as a revision they proposed and accepted, which the
        progress update opened now (or the next one) prints first."""
        permissions.require(by, permissions.CHANGE_TARGET, self)
        if not reason.strip():
            raise ValidationError({"target_reason": "Give the reason for changing the date."})
        review = self.recommendation.review
        latest = review.rounds.order_by("-period").first()
        if latest is None:
            applies_from = first_of_month(review.action_plan_agreed or timezone.localdate())
        elif latest.is_open:
            applies_from = latest.period
        else:
            applies_from = (latest.period + datetime.timedelta(days=32)).replace(day=1)
        revision = TargetRevision(
            action=self,
            target_before=self.target_month,
            target_before_text=self.target_text,
            target_month=target_month,
            reason=reason.strip(),
            proposed_by=by,
            status=TargetRevision.Status.ACCEPTED,
            decided_by=by,
            decided_at=timezone.now(),
            applies_from=applies_from,
        )
        revision.full_clean()
        with transaction.atomic():  # the revision and the new target, or neither
            _attribute(revision, by)
            revision.save()
            self.revise_target(revision, by=by)
        return revision

    def published_decisions(self, decisions=None) -> list:
        """The committee's published decisions on the action, round by
        round. Reads `self.decisions.all()` (with each decision's round):
        prefetch them (with_entries()) when asking this of many actions, or
        give them as `decisions` (a document's builder reads a review's in
        one query, which a prefetch would cost a queryset per action)."""
        decisions = self.decisions.all() if decisions is None else decisions
        published = [decision for decision in decisions if decision.round.decisions_are_published]
        return sorted(published, key=lambda decision: decision.round.period)

    def decisions_with_who(self) -> list:
        """The committee's published decisions on the action, round by
        round, each with `recorded_by`: the name of who last recorded it
        (its history). Two queries."""
        decisions = list(self.decisions.published().select_related("round").order_by("round__period"))
        who = {}
        for record in self.decisions.model.history.filter(action_id=self.pk).select_related("history_user"):
            if record.id not in who and record.history_user is not None:  # newest first
                who[record.id] = record.history_user.get_full_name() or record.history_user.username
        for decision in decisions:
            decision.recorded_by = who.get(decision.pk, "the system")
        return decisions

    def signed_off_in(self, published=None):
        """The round after which the action leaves monitoring, or None while
        it is monitored: the first round whose PUBLISHED committee decision
        signed it off or closed it (grading.LEAVES_MONITORING). A grade of 1
        only proposes it; nothing leaves monitoring without the committee.
        `published`: its published_decisions(), where already read."""
        published = self.published_decisions() if published is None else published
        leaving = [decision.round for decision in published if decision.leaves_monitoring]
        return leaving[0] if leaving else None

    def is_carried_into(self, round, published=None) -> bool:
        """Whether `round`'s progress update carries this action: the carry-
        forward rule (docs/roles-and-rules.md). The round whose decisions sign it off
        still carries it; the rounds after do not. A recommendation the
        executive rejected is not monitored: no round carries its actions
        (select `recommendation__executive_response` when asking this of
        many). `published`: its published_decisions(), where already read."""
        return bool(self.rounds_carried_into([round], published))

    def rounds_carried_into(self, rounds, published=None) -> list:
        """Those of `rounds` whose progress update carries it
        (is_carried_into() of each, its decisions read once: the review's
        page counts an action's rounds so). `published`: as there."""
        if self.recommendation.is_rejected:
            return []
        ended = self.signed_off_in(published)
        ended = ended.period if ended else None
        return [round for round in rounds if carried_into(round.period, rejected=False, ended=ended)]

    def papers_printing_it(self) -> list:
        """The published rounds whose papers print it: those that carry it."""
        return [round for round in self.recommendation.papers_printing_it() if self.is_carried_into(round)]

    def clean(self):
        if self.sub_action_id and self.sub_action.recommendation_id != self.recommendation_id:
            raise ValidationError({"sub_action": "Choose a lettered sub-action of this recommendation."})
        if not self.target_month and not self.target_text:
            raise ValidationError({"target_month": "Enter the target month, or the date as the plan words it."})
        if self.target_month:
            self.target_month = first_of_month(self.target_month)
        if not self.day_given:
            self.target_day = None  # the month changed since the plan gave its day

    @property
    def name(self) -> str:
        """'1 b) The development of an on-line form…': the reference with a
        few of the action's own words, so nobody has to remember what a bare
        '1 c)' was. The words are the strand's heading, else the lettered
        sub-action's text, else the recommendation's."""
        return self.named_as(shorten)

    @property
    def name_in_sentence(self) -> str:
        """Action.name to stand inside a sentence ("You follow 1 a) Frontline
        staff of the Hate Crime review"): without a full stop of its words'
        own at the end."""
        return self.name.rstrip(" .,;:")

    @property
    def mail_name(self) -> str:
        """Action.name for an e-mail's subject and words, which leave the
        service: as in a sentence (name_in_sentence), or, where the action's
        words are exempt information, its number and letter with the notice
        alone ('1 f) – exempt information (paragraph 3)'), as the papers'
        public copies withhold them."""
        notice = self.exempt_notice or self.recommendation.exempt_notice
        if notice:
            letter = self.sub_action.letter if self.sub_action_id else None
            return f"{action_reference(self.recommendation.number, letter, '')} – {notice[:1].lower()}{notice[1:]}"
        return self.name_in_sentence

    @property
    def full_name(self) -> str:
        """'1 b) The development of an on-line form for reporting hate
        crime': the reference with the action's words in full, for a
        heading or a banner that is about this one action (a shortened name
        cut a heading mid-sentence: "Update on 1 That the Council…")."""
        return self.named_as(lambda words: " ".join(words.split()))

    def named_as(self, words_as) -> str:
        """The reference with the action's words as `words_as` gives them
        (action_name())."""
        sub = self.sub_action if self.sub_action_id else None
        return action_name(
            self.recommendation.number,
            sub.letter if sub else None,
            self.strand,
            sub.text if sub else "",
            self.recommendation.text,
            words_as,
        )


def _joins_for(owners, links: dict, joins) -> list[str]:
    """What is printed before each of `owners`, in order: `joins` as given,
    or (None) what each kept name had, a newcomer the separator typed last
    (`links`: the present rows by owner's pk). The first name's is blank."""
    if joins is None:
        present = sorted(links.values(), key=lambda link: (link.position, link.pk))
        carried = next((link.joined_by for link in reversed(present) if link.joined_by), "")
        joins = [links[owner.pk].joined_by if owner.pk in links else carried for owner in owners]
    return ["" if index == 0 else (joins[index] if index < len(joins) else "") for index in range(len(owners))]


class Responsibility(models.Model):
    """Who an action is the responsibility of now, in the order the plan
    names them. Who it was in an earlier round is on that round's entry."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="responsibilities")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="responsibilities")
    position = models.PositiveSmallIntegerField(default=0)
    joined_by = joined_by_field()
    history = AuditHistory()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["action", "owner"], name="owner_named_once_per_action"),
        ]

    def __str__(self):
        return f"{self.owner} for {self.action}"


def _target_changes(action, plan: "RecordPlan") -> bool:
    """Whether the page gives `action` another date than it has."""
    month = first_of_month(plan.target_month) if plan.target_month else None
    return (month, plan.target_text if not month else "") != (
        action.target_month,
        action.target_text if not action.target_month else "",
    )


def _record_problems(actions) -> list[str]:
    problems = []
    for action in actions:
        if not action.owner_count:
            problems.append(f"{action.reference} has no responsibility: name who is responsible.")
        if not action.target_label:
            problems.append(f"{action.reference} has no date: give the target month or its wording.")
        if not action.success_measure.strip():
            problems.append(f"{action.reference} has no agreed success measure: write what success will look like.")
    return problems


def _fields_of(answer) -> tuple:
    """What an ExecutiveResponse says, to tell whether a page changed it."""
    return tuple(getattr(answer, name) for name in ("response", "reasons", "responded_on", "accepted_part"))


def _records(record, strands, parts) -> list[RecordPlan]:
    found = ([record] if record else []) + list(strands)
    for part in parts:
        found += ([part.record] if part.record else []) + list(part.strands)
    return found


def _remove_left_out(record, strands, parts, existing_parts, existing_actions, by) -> None:
    """Remove the records and lettered parts the page left out, first, so
    that their letters and strand headings are free for the rest."""
    kept_actions = {plan.pk for plan in _records(record, strands, parts) if plan.pk}
    for action in existing_actions.values():
        if action.pk not in kept_actions:
            action.remove(by=by)
    kept_parts = {part.pk for part in parts if part.pk}
    for part in existing_parts.values():
        if part.pk not in kept_parts:
            _attribute(part, by)
            part.delete()


def _letter_parts(rec, parts, existing_parts, by) -> list:
    """Write `rec`'s lettered parts as the page gives them (PartPlans),
    lettered by place: (SubAction, letter, PartPlan) for each, in order. A
    part that moves goes through a placeholder letter, as two parts may
    swap."""
    lettered = []
    for n, plan in enumerate(parts):
        sub = existing_parts[plan.pk] if plan.pk else SubAction(recommendation=rec)
        lettered.append((sub, letter_for(n), plan))
    for n, (sub, letter, _) in enumerate(lettered):
        if sub.pk and sub.letter != letter:
            sub.letter = f"~{n}"
            _attribute(sub, by)
            sub.save()
    for sub, letter, plan in lettered:
        if sub.pk and (sub.letter, sub.text) == (letter, plan.text):
            continue
        sub.letter, sub.text = letter, plan.text
        sub.full_clean()
        _attribute(sub, by)
        sub.save()
    return lettered


def _response_given(review, rec, plan: ResponsePlan, monitored: set, errors: dict):
    """The executive's response to `rec` as the page gives it (`plan`),
    changed and not yet saved; None when it is unchanged, or wrong: what
    is wrong is added to `errors`, keyed "recommendation-N-field" (or
    "__all__"). `monitored`: the pks of the review's recommendations whose
    actions a round has carried."""
    existing = response_of(rec)
    key = f"recommendation-{plan.number}"
    if not plan.response:
        if existing is not None:
            errors[f"{key}-response"] = "Choose the executive's response: a response recorded stays recorded."
        return None
    if not review.report_to_executive:
        errors["__all__"] = "Record the day the report went to the executive before its responses."
        return None
    if plan.responded_on is None:
        errors[f"{key}-responded_on"] = "Enter the date of the executive's response."
        return None
    newly_rejected = plan.response == Response.REJECTED and not (existing and existing.is_rejected)
    if newly_rejected and rec.pk in monitored:
        errors[f"{key}-response"] = (
            f"Recommendation {plan.number} is monitored already (its actions have progress updates): "
            "it cannot be recorded as Rejected now."
        )
        return None
    before = _fields_of(existing) if existing else None
    answer = existing or response.ExecutiveResponse(recommendation=rec)
    fields = {
        "response": plan.response,
        "reasons": plan.reasons,
        "responded_on": plan.responded_on,
        "accepted_part": plan.accepted_part,
    }
    for name, value in fields.items():
        setattr(answer, name, value)
    try:
        answer.full_clean(exclude=["recommendation"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[f"{key}-{name}"] = messages[0]
        return None
    if answer.responded_on < review.report_to_executive:
        errors[f"{key}-responded_on"] = (
            f"The response cannot come before the report went to the executive, "
            f"on {review.report_to_executive:%-d %B %Y}."
        )
        return None
    return answer if before != _fields_of(answer) else None
