"""The named queries of the review and its action plan: which reviews,
recommendations and actions a reader sees, the public record's, and what
the pages and documents read of them.

The lowest of the plan's modules: the models they query (models/review.py,
models/plan.py) and those above them (rounds, decisions, target revisions)
are reached through `self.model` and its relations, never imported.
"""

import datetime

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from actionplans import permissions
from actionplans.models import response
from actionplans.models.common import _attribute, document_order, related_model


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
        return self.exclude(status=self.model.Status.SETTING_UP)

    def public(self):
        """The reviews on the public pages and in the open data: those every
        reader knows of (known_to_every_reader)."""
        return self.known_to_every_reader()

    def known_to_every_reader(self):
        """The reviews every reader knows of: confirmed plans, and plans still
        being set up whose executive responses are published (what
        responses_visible_to() gives a reader who does not build plans).
        The scrutiny annual report counts these (reports/annual/builder.py)."""
        return self.filter(~Q(status=self.model.Status.SETTING_UP) | Q(responses_published_at__isnull=False))

    def set_up(self, *, committee, title, action_plan_agreed, link_officers, by):
        """Start a review's plan: a draft, being set up, that only clerks and
        administrators see until it is confirmed. Its address comes from the
        title, made unique."""
        permissions.require(by, permissions.SET_UP_REVIEW)
        with transaction.atomic():
            review = self.model(
                committee=committee,
                title=title,
                action_plan_agreed=action_plan_agreed,
                status=self.model.Status.SETTING_UP,
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
        taken = set(self.model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        taken.add("new")  # reviews/new/ is the set-up page's address
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def with_response_state(self):
        """Annotated with what Review.response_clock() reads: how many
        recommendations, how many have a response, the latest response."""
        return self.annotate(
            recommendation_count=models.Count("recommendations", distinct=True),
            response_count=models.Count("recommendations__executive_response", distinct=True),
            last_response=models.Max("recommendations__executive_response__responded_on"),
        )

    def responses_due(self, *, on=None, within: int | None = None, published_only: bool = False):
        """Reviews whose executive response is due within `within` days of
        `on` (a week of today by default), or overdue: the report has gone
        to the executive and not every recommendation has its response.
        `published_only`: as a reader who sees only published responses
        knows it (Review.shows_responses_to): due until they are published.
        One query; ResponseClock.is_due_soon is the same rule for one
        review (tests/test_executive_response.py holds the two together)."""
        on = on or response.today()
        within = response.DUE_SOON_DAYS if within is None else within
        latest = response.response_period().latest_start(on + datetime.timedelta(days=within))
        due = self.filter(report_to_executive__lte=latest)
        if published_only:
            return due.filter(responses_published_at__isnull=True).with_response_state()
        return due.awaiting_response()

    def awaiting_response(self):
        """Reviews whose executive response is awaited, however far off its
        due date: the report has gone to the executive and not every
        recommendation has its response (ResponseClock.running). Annotated
        as with_response_state(); the clerks' calendars list their due dates."""
        # Chosen before anything is counted: a recommendation without its
        # response, or none at all. Counting every review's recommendations
        # first, to compare the counts, took most of the dashboard's time
        # for it (3 ms at 5,000 actions, where no response was awaited).
        recommendations = related_model(self.model, "recommendations").objects.filter(review=OuterRef("pk"))
        return (
            self.filter(report_to_executive__isnull=False)
            .filter(~Exists(recommendations) | Exists(recommendations.filter(executive_response__isnull=True)))
            .with_response_state()
        )

    def for_link_officer(self, user):
        return self.filter(link_officers__user=user).distinct()


class RecommendationQuerySet(models.QuerySet):
    def public(self):
        """The recommendations on the public pages and in the open data: those
        of public reviews (Review.objects.public) not marked as exempt
        information."""
        reviews = related_model(self.model, "review").objects.public()
        return self.filter(review__in=reviews, exempt_paragraph__isnull=True)


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The actions of the reviews `user` may read (Review.objects.visible_to)."""
        if not permissions.reads_papers(user):
            return self.none()
        return self if permissions.builds_plans(user) else self.exclude(recommendation__review__status=self._setting_up)

    def in_document_order(self):
        """Recommendation by recommendation, as the committee paper prints them."""
        return self.order_by(*document_order())

    def public(self):
        """The actions on the public pages and in the open data: those of
        agreed plans (not one still being set up), neither they nor their
        recommendation marked as exempt information."""
        return self.filter(exempt_paragraph__isnull=True, recommendation__exempt_paragraph__isnull=True).exclude(
            recommendation__review__status=self._setting_up
        )

    @property
    def _setting_up(self) -> str:
        """The status of a review whose plan is still being set up."""
        return related_model(self.model, "recommendation__review").Status.SETTING_UP

    def with_entries(self):
        """Everything `Action.signed_off_in()` and the documents read."""
        entries, decisions = related_model(self.model, "entries"), related_model(self.model, "decisions")
        return self.select_related("recommendation__executive_response", "sub_action").prefetch_related(
            models.Prefetch("entries", queryset=entries.objects.select_related("round")),
            models.Prefetch("decisions", queryset=decisions.objects.select_related("round")),
        )

    def decided_at_round_now(self, decision: str | None, *, published_only: bool = True):
        """Of actions annotated by reports.standing.with_standing() (each at
        `round_now`, the latest published round that carries it): those on
        which the committee's decision there is `decision` (a Decision
        value), or, for None, those still awaiting the committee's decision
        there. `published_only`: read only published decisions (what
        everyone but a clerk sees); otherwise the clerk's recorded ones too.
        The dashboard's "Awaiting the committee's decision", the filtered
        list's decision filter and the open-round page's warning all ask
        this."""
        decisions = related_model(self.model, "decisions").objects.filter(
            action=OuterRef("pk"), round=OuterRef("round_now")
        )
        if published_only:
            decisions = decisions.published()
        if decision is None:
            return self.filter(~Exists(decisions))
        return self.filter(Exists(decisions.filter(decision=decision)))

    def with_revision_count(self, *, published_only: bool = False):
        """Annotates `revisions`: how many accepted revisions of its target
        each action has (TargetRevision; with `published_only`, those every
        reader may know of: TargetRevisionQuerySet.published). One
        subquery, however many actions."""
        TargetRevision = related_model(self.model, "target_revisions")
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
            .prefetch_related(
                models.Prefetch(
                    "responsibilities", related_model(self.model, "responsibilities").objects.select_related("owner")
                )
            )
        )
        return [action for action in actions if action.is_carried_into(round)]
