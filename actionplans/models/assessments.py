"""An area's self-assessments against a framework of good-practice
standards (seed 003: "Tackling Hate Incidents: North East Standards of
Achievable Good Practice for Local Areas"); the frameworks themselves are
in frameworks.py, below.

A framework has its levels ("Regional level", "Local level", each with its
text), its numbered standards (each with the paragraph that defines it) and
each standard's lettered characteristics of good practice with their
Function. An area (the council, or a partnership) assesses itself against
it on a date: for each characteristic its Local response, a rating (Met,
Partly met, Not met, Not assessed), the evidence and, for anything not fully
met, the gap and the actions that will close it (GapLink: a scrutiny
review's action or a partnership plan's).

Clerks and administrators (permissions.builds_plans) hold frameworks and record
assessments; everyone who reads the scrutiny papers reads the published
assessments. Every write is a verb with `by=`, in the history."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from actionplans import permissions
from actionplans.grading import (
    LEAVES_A_GAP,
    NO_UPDATE_RECEIVED,
    NOT_RATED,
    Rating,
    rating_label,
)
from actionplans.models.common import (
    LONG_TEXT,
    ONE_LINE,
    AuditHistory,
    _attribute,
    illustrative_field,
    marked_day,
    shorten,
)
from actionplans.models.council import council, scale_levels
from actionplans.models.frameworks import Characteristic, Framework, _check
from actionplans.models.partnership import Partnership, PartnershipAction, action_name, quarter_label
from actionplans.models.partnership_quarters import PartnershipUpdate, rag_scale
from actionplans.models.review import Action, Review
from actionplans.models.rounds import ProgressEntry, Round
from actionplans.models.workflow import EditConflict

# Self-assessments ------------------------------------------------------------------


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every assessment for those who build plans (clerks,
        administrators); published ones for everyone else who reads the
        scrutiny papers; none for anyone else."""
        if not permissions.reads_papers(user):
            return self.none()
        return self if permissions.builds_plans(user) else self.published()

    def published(self):
        """The committee's record: assessments no longer drafts."""
        return self.filter(status=Assessment.Status.PUBLISHED)

    def of_area(self, framework, partnership=None):
        return self.filter(framework=framework, partnership=partnership)

    def newest_first(self):
        """Latest assessed first: what "the last assessment" means."""
        return self.order_by("-assessed_on", "-pk")

    def latest_for(self, framework, partnership=None) -> "Assessment | None":
        """The area's latest assessment against `framework`, draft or not."""
        return self.of_area(framework, partnership).newest_first().first()

    def previous_to(self, assessment: "Assessment") -> "Assessment | None":
        """The one before `assessment` among these (Assessment.previous_among:
        the rule), of its framework and area: one query."""
        return assessment.previous_among(
            self.of_area(assessment.framework_id, assessment.partnership_id).exclude(pk=assessment.pk)
        )

    def latest_by_area(self, framework) -> dict:
        """Each area's latest assessment against `framework` (latest_for's,
        drafts included), by partnership pk (None for the council), in one query."""
        latest = {}
        for assessment in self.filter(framework=framework).newest_first():
            latest.setdefault(assessment.partnership_id, assessment)
        return latest

    def start(
        self,
        *,
        framework: Framework,
        assessed_on: datetime.date,
        by,
        partnership: Partnership | None = None,
        start_from: "Assessment | None" = None,
        agenda_header: str = "",
    ) -> "Assessment":
        """A new draft assessment of the area (the council, or
        `partnership`) against `framework`: a Local response for every
        characteristic, each starting as `start_from`'s (its response,
        rating, evidence, gap and actions), or Not assessed where
        `start_from` is None or lacks it. Saved whole or not at all."""
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        if start_from is not None and (start_from.framework_id != framework.pk):
            raise ValidationError("An assessment starts only from one against the same framework.")
        if start_from is not None and start_from.partnership_id != (partnership.pk if partnership else None):
            raise ValidationError(
                f"An assessment starts only from one of the same area: that one is {start_from.area}’s."
            )
        with transaction.atomic():
            assessment = Assessment(
                framework=framework, partnership=partnership, assessed_on=assessed_on,
                agenda_header=agenda_header.strip(), started_from=start_from,
            )  # fmt: skip
            _check(assessment, by)
            earlier = {}
            links = defaultdict(list)
            if start_from is not None:
                earlier = {r.characteristic_id: r for r in start_from.responses.all()}
                for link in GapLink.objects.filter(local_response__assessment=start_from).order_by("position", "pk"):
                    links[link.local_response_id].append(link)
            for characteristic in framework.characteristics():
                before = earlier.get(characteristic.pk)
                response = LocalResponse(assessment=assessment, characteristic=characteristic)
                if before is not None:
                    response.response, response.rating = before.response, before.rating
                    response.evidence, response.gap = before.evidence, before.gap
                _attribute(response, by)
                response.save()
                if before is not None:
                    for position, link in enumerate(links[before.pk]):
                        copy = GapLink(
                            local_response=response, action_id=link.action_id,
                            partnership_action_id=link.partnership_action_id, position=position,
                        )  # fmt: skip
                        _attribute(copy, by)
                        copy.save()
            return assessment


class Assessment(models.Model):
    """An area's self-assessment against a framework on a date."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    # The area assessed: a partnership, or (None) the council itself.
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField()
    agenda_header = models.CharField(
        max_length=120,
        blank=True,
        validators=ONE_LINE,
        help_text="As the agenda pack prints it, such as “Item No: 12 Appendix A”",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    started_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # assessed_on where the demo invents it (common.is_illustrative).
    illustrative = illustrative_field("the assessment's dates")
    history = AuditHistory()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "-assessed_on", "-pk"]

    def __str__(self):
        return self.label

    @property
    def area(self) -> str:
        """'Stockton-on-Tees Borough Council', or the partnership's name."""
        return self.partnership.name if self.partnership_id else council().council_name

    @property
    def label(self) -> str:
        """'Stockton-on-Tees Borough Council, 12 March 2009'."""
        return f"{self.area}, {marked_day(self, 'assessed_on')}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": "The date of the assessment must be today or in the past."})

    def change_details(self, *, assessed_on: datetime.date, agenda_header: str, by) -> None:
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        if reason := self.why_not_editable():
            raise ValidationError(reason)
        self.assessed_on, self.agenda_header = assessed_on, agenda_header.strip()
        _check(self, by)

    def why_not_editable(self) -> str:
        if self.is_published:
            return "This assessment is published, so it is the committee’s record: start a new one to change it."
        return ""

    def publish(self, *, by) -> None:
        """Readers see it from now; it is no longer changed."""
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        with transaction.atomic():
            current = Assessment.objects.select_for_update().get(pk=self.pk)
            if current.is_published:
                raise ValidationError("This assessment is already published.")
            self.status, self.published_at = self.Status.PUBLISHED, timezone.now()
            _attribute(self, by)
            self.save(update_fields=["status", "published_at"])

    def why_not_deletable(self) -> str:
        if self.is_published:
            return "A published assessment is the committee’s record and cannot be deleted."
        return ""

    def delete(self, *args, by=None, **kwargs):
        """A draft only; its responses and their links go with it, each in the history."""
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        if reason := self.why_not_deletable():
            raise ValidationError(reason)
        with transaction.atomic():
            for link in GapLink.objects.filter(local_response__assessment=self):
                _attribute(link, by)
                link.delete()
            for response in self.responses.all():
                _attribute(response, by)
                response.delete()
            _attribute(self, by)
            return super().delete(*args, **kwargs)

    def previous_among(self, candidates) -> "Assessment | None":
        """ "The one before": what this assessment is compared with unless
        the reader chooses, among `candidates` (others of its framework and
        area, those the reader may see): the one it started from, where that
        is among them; else the latest of them before it by date (then by
        when recorded); else None. Every page that names it calls this
        (directly, or through AssessmentQuerySet.previous_to)."""
        candidates = list(candidates)
        for candidate in candidates:
            if self.started_from_id is not None and candidate.pk == self.started_from_id:
                return candidate
        earlier = [c for c in candidates if (c.assessed_on, c.pk) < (self.assessed_on, self.pk)]
        return max(earlier, key=lambda c: (c.assessed_on, c.pk), default=None)

    def rating_counts(self) -> dict[int, Counter]:
        """For each standard (by pk), how many characteristics have each
        rating (LocalResponseQuerySet.rating_counts)."""
        return self.responses.rating_counts().get(self.pk, {})


class LocalResponseQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by(
            "characteristic__standard__position",
            "characteristic__standard__number",
            "characteristic__position",
            "characteristic__letter",
        )

    def with_gaps(self):
        """The open gaps: characteristics Partly met or Not met."""
        return self.filter(rating__in=LEAVES_A_GAP)

    def rating_counts(self) -> dict[int, dict[int, Counter]]:
        """For each assessment and each of its standards (by pk), how many
        characteristics have each rating: counted in the database, in one
        query, however many responses. The assessment's page, its
        dashboard and the dashboard's trend all count with this."""
        counts = defaultdict(lambda: defaultdict(Counter))
        rows = self.order_by().values_list("assessment", "characteristic__standard", "rating").annotate(n=Count("pk"))
        for assessment, standard, rating, n in rows:
            counts[assessment][standard][rating] += n
        return {assessment: dict(standards) for assessment, standards in counts.items()}


class LocalResponse(models.Model):
    """One characteristic in one assessment: the area's Local response,
    its rating, the evidence, and the gap to close."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    characteristic = models.ForeignKey(Characteristic, on_delete=models.PROTECT, related_name="responses")
    response = models.TextField("Local response", blank=True, validators=LONG_TEXT)
    rating = models.CharField(max_length=20, choices=Rating.choices, default=Rating.NOT_ASSESSED)
    evidence = models.TextField(blank=True, validators=LONG_TEXT)
    gap = models.TextField(blank=True, validators=LONG_TEXT)
    version = models.PositiveIntegerField(default=1)
    history = AuditHistory()

    objects = LocalResponseQuerySet.as_manager()

    class Meta:
        ordering = ["characteristic__standard__position", "characteristic__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "characteristic"], name="local_response_once"),
        ]

    def __str__(self):
        return f"{self.characteristic} in {self.assessment}"

    @property
    def rating_label(self) -> str:
        return rating_label(self.rating)

    @property
    def leaves_a_gap(self) -> bool:
        return self.rating in LEAVES_A_GAP

    def gap_removed_by(self, rating: str) -> str:
        """The recorded gap that saving `rating` removes, with the actions
        closing it (record()'s rule: Met and Not assessed leave no gap), or
        '' where it removes none. The page warns of it, and says it after."""
        return "" if rating in LEAVES_A_GAP else self.gap.strip()

    def clean(self):
        if self.rating in LEAVES_A_GAP and not self.gap.strip():
            rating = rating_label(self.rating).lower()
            raise ValidationError(
                {"gap": f"Say what the gap is: what is not yet in place for a characteristic {rating}."}
            )

    def record(self, *, by, version: int, response: str, rating: str, evidence: str, gap: str, actions=None) -> None:
        """The clerk's page: save the response, rating, evidence and gap,
        and (unless `actions` is None) make `actions` (scrutiny Actions and
        PartnershipActions, in order) what closes the gap; all or nothing.
        A rating that leaves no gap (Met, Not assessed) clears the gap and
        its actions, each link's removal in the history with `by`.
        EditConflict if someone saved it since `version` was read."""
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        if rating not in LEAVES_A_GAP:
            gap, actions = "", []
        with transaction.atomic():
            current = LocalResponse.objects.select_for_update().select_related("assessment").get(pk=self.pk)
            if reason := current.assessment.why_not_editable():
                raise ValidationError(reason)
            if current.version != version:
                raise EditConflict(current)
            self.response, self.rating, self.evidence, self.gap = (
                response.strip(),
                rating,
                evidence.strip(),
                gap.strip(),
            )
            self.version = current.version + 1
            self.full_clean()
            _attribute(self, by)
            self.save()
            if actions is not None:
                GapLink.objects.set_for(self, actions, by=by)


# The actions that close a gap --------------------------------------------------------


@dataclass(frozen=True)
class GapAction:
    """An action that closes a gap, with its latest status as the
    committee received it: a scrutiny action's latest grade in a
    published round, or a partnership action's latest RAG in a published
    quarter."""

    kind: str  # "scrutiny" or "partnership"
    name: str  # "Hate Crime review, 1 a) Schools…", "Hate Crime Action Plan 2018–2019, 1.6"
    text: str
    status: str  # "2 (On-Track), September 2020"; "Amber, Q2 2018"; NO_UPDATE_RECEIVED
    status_key: str = ""  # a grade's colour ("blue"), a RAG ("amber"): for its colour, beside the words
    rag_colour: str = ""  # a partnership action's RAG colour, as given on the council's scale
    action_pk: int = 0
    review_slug: str = ""
    plan_slug: str = ""

    @property
    def label(self) -> str:
        """How the dashboard links it: a partnership action with its words
        ('Hate Crime Action Plan 2018–2019, 1.6 Raise awareness of…'), not
        its number alone, which says nothing; a scrutiny action's name has
        its own."""
        return f"{self.name} {self.text}" if self.kind == "partnership" and self.text else self.name

    @property
    def printed(self) -> str:
        """'Hate Crime Action Plan 2018–2019, 1.6 (Amber, Q2 2018)'."""
        return f"{self.name} ({self.status})"

    @property
    def status_colour(self) -> str:
        """The GOV.UK tag colour of its latest status, beside the words: a
        partnership action's RAG colour, a scrutiny action's grade colour;
        grey where no update was received (no status_key)."""
        if self.kind == "partnership":
            if self.rag_colour or not self.status_key:
                return self.rag_colour or "grey"
            return rag_scale().colour(self.status_key)  # not given: the current scale's for what it means
        return self.status_key or "grey"  # the grade's colour on the council's scale


class GapLinkQuerySet(models.QuerySet):
    def published(self):
        """The links a published self-assessment names: an action they name
        stays in its plan (Action.why_not_removable)."""
        return self.filter(local_response__assessment__status=Assessment.Status.PUBLISHED)

    def visible_to(self, user):
        """The links `user` may see: a scrutiny action's only where they read
        its review (Action.objects.visible_to: not a plan still being set
        up, unless they build plans); a partnership action's always (its
        page decides whether to link it). DeliveryQuerySet.visible_to's twin."""
        return self.filter(Q(action__isnull=True) | Q(action__in=Action.objects.visible_to(user)))

    def set_for(self, local_response: LocalResponse, actions, *, by) -> None:
        """Make `actions` (scrutiny Actions and PartnershipActions), in
        order, what closes `local_response`'s gap; each link added or
        removed is in the history, with `by`."""
        permissions.require(by, permissions.RECORD_ASSESSMENT)
        actions = list(actions)
        scrutiny = [action.pk for action in actions if isinstance(action, Action)]
        being_set_up = (
            Action.objects.filter(pk__in=scrutiny)
            .exclude(recommendation__review__in=Review.objects.confirmed())
            .select_related("recommendation__review", "sub_action")
            .first()
            if scrutiny
            else None
        )
        if being_set_up is not None:
            raise ValidationError(
                f"{being_set_up.title} is of the {being_set_up.recommendation.review.title} review, which is still "
                "being set up: choose an action of an agreed plan."
            )
        wanted = [("action" if isinstance(action, Action) else "partnership_action", action.pk) for action in actions]
        with transaction.atomic():
            existing = {link.target_key: link for link in self.filter(local_response=local_response)}
            for key, link in existing.items():
                if key not in wanted:
                    _attribute(link, by)
                    link.delete()
            for position, key in enumerate(wanted):
                link = existing.get(key) or GapLink(local_response=local_response, **{f"{key[0]}_id": key[1]})
                if link.pk is None or link.position != position:
                    link.position = position
                    _attribute(link, by)
                    link.save()

    def statuses(self, *, as_at=None) -> dict[int, list[GapAction]]:
        """For each local response (by pk) of these links, its actions
        with their latest status (GapAction), in order. One query: the
        latest received entry of a published round, and the latest
        received update of a published quarter, are subqueries."""
        entries = ProgressEntry.objects.received().filter(
            action=OuterRef("action"), round__status=Round.Status.PUBLISHED
        )
        if as_at is not None:
            entries = entries.filter(round__period__lte=as_at)
        entries = entries.order_by("-round__period")
        updates = PartnershipUpdate.objects.latest_received(as_at=as_at).filter(action=OuterRef("partnership_action"))
        links = (
            self.select_related(
                "action__recommendation__review", "action__sub_action", "partnership_action__theme__plan"
            )
            .annotate(
                latest_grade=Subquery(entries.values("grade")[:1]),
                latest_level=Subquery(entries.values("level")[:1]),
                latest_round=Subquery(entries.values("round__period")[:1]),
                latest_rag=Subquery(updates.values("rag")[:1]),
                latest_rag_words=Subquery(updates.values("level__label")[:1]),
                latest_rag_colour=Subquery(updates.values("level__colour")[:1]),
                latest_quarter=Subquery(updates.values("quarter__period")[:1]),
                latest_quarter_named=Subquery(updates.values("quarter__named")[:1]),
            )
            .order_by("local_response", "position", "pk")
        )
        links = list(links)
        levels = scale_levels(getattr(link, "latest_level", None) for link in links)
        result = defaultdict(list)
        for link in links:
            result[link.local_response_id].append(link.as_gap_action(levels))
        return dict(result)


class GapLink(models.Model):
    """An action, in a scrutiny review's action plan or a partnership
    plan, that will close a characteristic's gap."""

    local_response = models.ForeignKey(LocalResponse, on_delete=models.CASCADE, related_name="links")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="gap_links")
    partnership_action = models.ForeignKey(
        PartnershipAction, null=True, blank=True, on_delete=models.CASCADE, related_name="gap_links"
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

    objects = GapLinkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=True, partnership_action__isnull=False)
                | Q(action__isnull=False, partnership_action__isnull=True),
                name="gap_link_to_one_action",
            ),
            models.UniqueConstraint(fields=["local_response", "action"], name="gap_link_action_once"),
            models.UniqueConstraint(
                fields=["local_response", "partnership_action"], name="gap_link_partnership_action_once"
            ),
        ]

    def __str__(self):
        return f"{self.local_response} closed by {self.action or self.partnership_action}"

    @property
    def target_key(self) -> tuple[str, int]:
        return ("action", self.action_id) if self.action_id else ("partnership_action", self.partnership_action_id)

    def as_gap_action(self, levels=None) -> GapAction:
        """Reads what GapLinkQuerySet.statuses() annotated; `levels`: the
        grades as given, by id (council.scale_levels)."""
        if self.action_id:
            action = self.action
            level = (levels or {}).get(getattr(self, "latest_level", None))
            period = getattr(self, "latest_round", None)
            status = f"{level.printed}, {period:%B %Y}" if level and period else NO_UPDATE_RECEIVED
            return GapAction(
                kind="scrutiny",
                name=f"{action.recommendation.review.title} review, {action.title}",
                text=shorten(action.agreed_action, 200),
                status=status,
                status_key=level.colour if level else "",
                action_pk=action.pk,
                review_slug=action.recommendation.review.slug,
            )
        action = self.partnership_action
        rag = getattr(self, "latest_rag", None)
        period = getattr(self, "latest_quarter", None)
        words = getattr(self, "latest_rag_words", None) or NOT_RATED  # as given on the council's scale
        named = getattr(self, "latest_quarter_named", None)  # as the partnership's papers name it
        status = f"{words}, {quarter_label(period, named)}" if period else NO_UPDATE_RECEIVED
        return GapAction(
            kind="partnership",
            name=f"{action.theme.plan.short_title}, {action_name(action.number, action.text)}",
            text=shorten(action.text, 200),
            status=status,
            status_key=rag or "",
            rag_colour=(getattr(self, "latest_rag_colour", None) or "grey") if period else "grey",
            action_pk=action.pk,
            plan_slug=action.theme.plan.slug,
        )
