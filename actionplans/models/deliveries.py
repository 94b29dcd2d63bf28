"""Links to the scrutiny recommendations: a scrutiny recommendation or
action names the partnership plan's action that delivers it (Delivery),
and the pages and papers print it with its latest update (DeliveredThrough)."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from actionplans import permissions
from actionplans.grading import NOT_RATED
from actionplans.models.common import AuditHistory, _attribute, shorten
from actionplans.models.partnership import (
    PartnershipAction,
    action_anchor,
    action_name,
    quarter_label,
)
from actionplans.models.partnership_quarters import PartnershipUpdate
from actionplans.models.review import Action, Recommendation, Review


class DeliveriesChanged(Exception):
    """Someone changed the review's links since the clerk's page showed them."""


@dataclass(frozen=True)
class DeliveredThrough:
    """A partnership action that delivers a scrutiny action, with its latest
    received update of a published quarter, as pages and papers print it."""

    plan: str  # "Hate Crime Action Plan 2018–2019"
    plan_slug: str
    theme: str  # "1. Preventing Hate Crime"
    number: str  # "1.6"
    text: str
    rag: str = ""  # "green", or "" (none received, or not rated)
    rag_words: str = ""  # its label as given on the council's scale ("Green"); "" for none
    rag_colour: str = "grey"  # its GOV.UK tag colour as given
    quarter: str = ""  # "Q2 2018", or "" when no update was received yet
    progress: str = ""
    # Linked to the action's recommendation, not the action itself.
    through_recommendation: bool = False
    action_pk: int = 0

    @property
    def anchor(self) -> str:
        return action_anchor(self.action_pk)

    @property
    def action_label(self) -> str:
        """'2.1 Attend Stockton-On-Tees monthly Hate Crime Meeting': the
        number alone does not tell apart the seed's two 2.1s."""
        return f"{self.number} {shorten(self.text, 80)}".strip()

    @property
    def rag_label(self) -> str:
        """'Green', as the council's scale named it when it was given;
        'Not rated' for none."""
        return self.rag_words or NOT_RATED

    @property
    def status(self) -> str:
        """'Green, Q2 2018'; 'no update received yet'."""
        return f"{self.rag_label}, {self.quarter}" if self.quarter else "no update received yet"

    @property
    def printed(self) -> str:
        """'Hate Crime Action Plan 2018–2019, 1.6 (Green, Q2 2018)'."""
        return f"{self.plan}, {action_name(self.number, self.text)} ({self.status})"


class DeliveryQuerySet(models.QuerySet):
    def of_review(self, review):
        return self.filter(Q(recommendation__review=review) | Q(action__recommendation__review=review))

    def version_of(self, review) -> str:
        """A digest of the review's links as they stand: what the clerk's
        page showed, to tell whether someone changed them since."""
        rows = sorted(
            self.of_review(review).values_list("recommendation_id", "action_id", "partnership_action_id", "position"),
            key=repr,
        )
        return hashlib.sha256(repr(rows).encode()).hexdigest()[:20]

    def set_for_review(self, review, links, *, by, version: str) -> None:
        """The clerk's page: `links` maps each recommendation and action of
        `review` to the partnership actions that deliver it, in order; all
        are saved (set_for, each change in the history with `by`) or none.
        DeliveriesChanged if the links changed since the page showed
        `version` (version_of)."""
        permissions.require(by, permissions.SET_DELIVERIES)
        for target in links:
            owner = target.review_id if isinstance(target, Recommendation) else target.recommendation.review_id
            if owner != review.pk:
                raise ValidationError(f"{target} is not of the {review.title} review.")
        with transaction.atomic():
            Review.objects.select_for_update().get(pk=review.pk)
            if self.version_of(review) != version:
                raise DeliveriesChanged
            for target, partnership_actions in links.items():
                self.set_for(target, partnership_actions, by=by)

    def visible_to(self, user):
        """The links of the scrutiny reviews `user` reads: none for a partner
        lead, who reads the plan and not the reviews."""
        reviews = Review.objects.visible_to(user)
        return self.filter(Q(recommendation__review__in=reviews) | Q(action__recommendation__review__in=reviews))

    def delivered_through(self, actions, *, as_at=None, among=None) -> dict[int, list[DeliveredThrough]]:
        """For each scrutiny action of `actions` (by pk), the partnership
        actions that deliver it, its own links first, then its
        recommendation's (a recommendation's links apply to all its
        actions), each with its latest received update of a published
        quarter (PartnershipUpdate.objects.latest_received(as_at=)). One
        query, however many actions and links. `among`: a queryset of the
        actions, read by the query as a subquery in place of naming every
        action and recommendation (a long review's thousand parameters)."""
        actions = list(actions)
        latest = PartnershipUpdate.objects.latest_received(as_at=as_at).filter(
            action=models.OuterRef("partnership_action")
        )
        if among is not None:
            wanted = Q(action__in=among.values("pk")) | Q(recommendation__in=among.values("recommendation"))
        else:
            wanted = Q(action__in=[action.pk for action in actions]) | Q(
                recommendation__in={action.recommendation_id for action in actions}
            )
        links = (
            self.filter(wanted)
            .select_related("partnership_action__theme__plan")
            .annotate(
                latest_rag=models.Subquery(latest.values("rag")[:1]),
                latest_rag_words=models.Subquery(latest.values("level__label")[:1]),
                latest_rag_colour=models.Subquery(latest.values("level__colour")[:1]),
                latest_progress=models.Subquery(latest.values("progress")[:1]),
                latest_period=models.Subquery(latest.values("quarter__period")[:1]),
                latest_named=models.Subquery(latest.values("quarter__named")[:1]),
            )
            .order_by("position", "pk")
        )
        own, of_recommendation = defaultdict(list), defaultdict(list)
        for link in links:
            if link.action_id:
                own[link.action_id].append(link)
            else:
                of_recommendation[link.recommendation_id].append(link)
        result = {}
        for action in actions:
            shown, seen = [], set()
            for link in own[action.pk] + of_recommendation[action.recommendation_id]:
                if link.partnership_action_id not in seen:
                    seen.add(link.partnership_action_id)
                    shown.append(_delivered_through(link))
            result[action.pk] = shown
        return result

    def delivers(self, partnership_actions) -> dict[int, list["Delivery"]]:
        """The reverse: for each partnership action of `partnership_actions`
        (by pk), the scrutiny recommendations and actions it delivers, in
        the reviews' order. One query. Narrow to a reader first
        (visible_to): partner leads see none."""
        links = (
            self.filter(partnership_action__in=[action.pk for action in partnership_actions])
            .select_related("recommendation__review", "action__recommendation__review", "action__sub_action")
            .order_by(
                Coalesce("recommendation__review__title", "action__recommendation__review__title"),
                Coalesce("recommendation__number", "action__recommendation__number"),
                models.F("action__sub_action__letter").asc(nulls_first=True),
                "action__position",
                "pk",
            )
        )
        result = defaultdict(list)
        for link in links:
            result[link.partnership_action_id].append(link)
        return dict(result)

    def set_for(self, target, partnership_actions, *, by) -> None:
        """Make `partnership_actions`, in order, what delivers `target` (a
        scrutiny Recommendation or Action); each link added or removed is
        in the history, with `by`."""
        permissions.require(by, permissions.SET_DELIVERIES)
        field = "recommendation" if isinstance(target, Recommendation) else "action"
        wanted = [action.pk for action in partnership_actions]
        with transaction.atomic():
            existing = {link.partnership_action_id: link for link in self.filter(**{field: target})}
            for pk, link in existing.items():
                if pk not in wanted:
                    _attribute(link, by)
                    link.delete()
            for position, pk in enumerate(wanted):
                link = existing.get(pk) or Delivery(**{field: target}, partnership_action_id=pk)
                if link.pk is None or link.position != position:
                    link.position = position
                    _attribute(link, by)
                    link.save()


class Delivery(models.Model):
    """A scrutiny recommendation or action delivered through a partnership
    plan's action ("Delivered through: Hate Crime Action Plan 2018–2019,
    1.6")."""

    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    partnership_action = models.ForeignKey(PartnershipAction, on_delete=models.CASCADE, related_name="deliveries")
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditHistory()

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=True, action__isnull=False)
                | Q(recommendation__isnull=False, action__isnull=True),
                name="delivery_of_recommendation_or_action",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "partnership_action"], name="delivery_once_per_recommendation"
            ),
            models.UniqueConstraint(fields=["action", "partnership_action"], name="delivery_once_per_action"),
        ]

    def __str__(self):
        return f"{self.recommendation or self.action} delivered through {self.partnership_action.name}"

    @property
    def review(self):
        return self.recommendation.review if self.recommendation_id else self.action.recommendation.review

    @property
    def delivers_label(self) -> str:
        """'Hate Crime review, Recommendation 1 a) Schools, Colleges and
        Universities', as the plan side names what an action delivers."""
        target = str(self.recommendation) if self.recommendation_id else self.action.title
        return f"{self.review.title} review, {target}"


def _delivered_through(link) -> DeliveredThrough:
    """Reads what DeliveryQuerySet.delivered_through() annotated."""
    action = link.partnership_action
    return DeliveredThrough(
        plan=action.theme.plan.short_title,
        plan_slug=action.theme.plan.slug,
        theme=action.theme.heading,
        number=action.number,
        text=action.text,
        rag=link.latest_rag or "",
        rag_words=link.latest_rag_words or "",
        rag_colour=link.latest_rag_colour or "grey",
        # The quarter as the partnership's papers name it ("Q1 2018/19"), else "Q1 2018".
        quarter=quarter_label(link.latest_period, link.latest_named) if link.latest_period else "",
        progress=link.latest_progress or "",
        through_recommendation=link.action_id is None,
        action_pk=action.pk,
    )
