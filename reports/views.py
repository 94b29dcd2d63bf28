"""The way in: where everyone lands (the reviews by committee), a review's
page with its story, and an action's story. Each feature's own pages are
in its package (reports/progress_update/, reports/dashboards/, …)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse

from actionplans import access, permissions, richtext
from actionplans.landing import landing_url
from actionplans.models import CommitteeDecision, Delivery, Round
from actionplans.models.notifications import Follow
from actionplans.models.plan import response_of
from reports.dashboards.committee import responses_due
from reports.progress_update.builder import ActionData, RecommendationData, build_progress_update
from reports.timeline import review_timeline


@login_required
def home(request):
    """Where everyone lands after signing in: the reviews being monitored,
    committee by committee. Someone who reads no reviews (a partner lead)
    is sent where they start (actionplans/landing.py), as signing in does:
    the service's name in the header links here."""
    if not permissions.reads_papers(request.user):
        start = landing_url(request.user)
        if start == reverse("home"):
            raise PermissionDenied
        return redirect(start)
    by_committee = defaultdict(list)
    for review in access.readable_reviews(request.user).order_by("committee__name", "title"):
        by_committee[review.committee].append(review)
    # Clerks chase the executive's responses: those due within a week or overdue.
    due = responses_due(access.readable_reviews(request.user)) if permissions.is_clerk(request.user) else []
    # And run the rounds: each review's open rounds, with the updates still
    # to be approved (one query, whatever the number of reviews).
    open_rounds = defaultdict(list)
    if permissions.is_clerk(request.user):
        for round in Round.objects.filter(status=Round.Status.OPEN).with_outstanding().order_by("period"):
            open_rounds[round.review_id].append(round)
    for reviews in by_committee.values():
        for review in reviews:
            review.open_rounds_listed = open_rounds.get(review.pk, [])
    return render(request, "reports/home.html", {"committees": dict(by_committee), "responses_due": due})


@login_required
def review_detail(request, slug):
    review = access.get_review_to_read(request.user, slug)
    rounds = access.readable_rounds(request.user, review)
    document = build_progress_update(
        review,
        rounds=rounds,
        full_history=True,
        latest_only=True,
        responses_shown=review.shows_responses_to(request.user),
        delivered_through=True,
        confidential=permissions.reads_exempt_words(request.user),
    )
    once = _Once()
    # Which round a clerk may still record the committee's decisions on.
    latest = rounds[-1] if rounds else None
    decidable = latest if latest and not CommitteeDecision.why_not_decidable(latest, request.user) else None
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "document": document,
            "recommendations": [_recommendation_on_page(rec, once) for rec in document.recommendations],
            "document_rounds": access.printable_rounds(request.user, review),
            "review_rounds": rounds,
            "why_not_openable": review.why_not_openable() if permissions.is_clerk(request.user) else "",
            "imports": review.imports.select_related("imported_by") if permissions.is_clerk(request.user) else [],
            "can_change_plan": permissions.builds_plans(request.user),
            "can_confirm_impacts": permissions.may(request.user, permissions.CONFIRM_IMPACT, review),
            "readable_plans": access.readable_plan_slugs(request.user)
            if any(action.delivered_through for action in document.actions)
            else set(),
            "timeline": review_timeline(review, rounds, request.user, decidable=decidable),
            "following": Follow.objects.is_following(request.user, review),
            "nav": "reviews",
        },
    )


# The review's page prints each of a long review's hundreds of actions: its
# template reads plain dicts, made here once, with every value as printed
# (the evidence text as HTML, the movement's tag, the link to the story),
# rather than working them out afresh from the builder's dataclasses in
# every row (a lookup in a dict is the template's quickest).

# An action's pk no review reaches: its story's address is reversed once.
STORY_SENTINEL = 2**31 - 1


@dataclass
class _Once:
    """What the review's page prints alike in many actions' rows, made once
    a page: each movement's tag (by the movement), and the address of an
    action's story, reversed for STORY_SENTINEL with each action's pk put in
    its place (reverse() took longer than all else in an action's row)."""

    tags: dict = field(default_factory=dict)
    story: str = field(default_factory=lambda: reverse("action_story", args=[STORY_SENTINEL]))

    def story_url(self, pk: int) -> str:
        return self.story.replace(str(STORY_SENTINEL), str(pk))


def _recommendation_on_page(rec: RecommendationData, once: _Once) -> dict:
    """A recommendation as the review's page prints it, with its own action
    and its lettered parts, each part's action and strands (_action_on_page)."""
    return {
        "number": str(rec.number),
        "council_reference": rec.council_reference,
        "text": rec.text,
        "response_note": rec.response_note,
        "is_rejected": rec.is_rejected,
        "action": _action_on_page(rec.action, once),
        "parts": [
            {
                "letter": sub.letter,
                "words": sub.words,
                "action": _action_on_page(sub.action, once),
                "strands": [_action_on_page(strand, once) for strand in sub.strands],
            }
            for sub in rec.sub_actions
        ],
    }


def _action_on_page(action: ActionData | None, once: _Once) -> dict | None:
    """An action as the review page prints it (templatetags/action_on_page.py): its plan, and
    its latest round's update (_latest_on_page). `once`: what the page
    makes once for all its rows (_Once)."""
    if action is None:
        return None
    return {
        "strand": action.strand,
        "reference": action.reference,
        "responsibility": linebreaksbr(action.responsibility_printed, autoescape=True),
        "target": action.target,
        "agreed_action": richtext.to_html(action.agreed_action, classes=False),
        "success_measure": richtext.to_html(action.success_measure, classes=False),
        "delivered_through": action.delivered_through,
        "latest": _latest_on_page(action, once) if action.entries else None,
        "closed_at": action.closed_at,
        "closed_words": action.closed_words,
        "signed_off_in": action.signed_off_in,
    }


def _latest_on_page(action: ActionData, once: _Once) -> dict:
    """The action's latest round's update, or its lack, with the grade's
    movement and the link to every round's update (its story)."""
    entry = action.latest_entry
    changed = entry.responsibility and entry.responsibility_printed != action.responsibility_printed
    move = action.latest_movement
    if move not in once.tags:
        once.tags[move] = render_to_string("reports/includes/movement_tag.html", {"move": move, "label": move.label})
    return {
        "received": entry.received,
        "round": entry.round.label,
        "responsibility": linebreaksbr(entry.responsibility_printed, autoescape=True) if changed else "",
        "evidence_of_progress": richtext.to_html(entry.evidence_of_progress, classes=False) or "None given",
        "grade": entry.grade.printed if entry.grade else "",
        "grade_explanation": richtext.to_html(entry.grade_explanation, classes=False),
        "has_impact": bool(entry.evidence_of_impact),
        "evidence_of_impact": richtext.to_html(entry.evidence_of_impact, classes=False),
        "movement": once.tags[move],
        "committee_note": entry.committee_note,
        "story_url": once.story_url(action.pk) if action.pk else "",
        "updates": str(action.updates),
    }


@login_required
def action_story(request, pk):
    """One action's whole story: every round's evidence, grade and impact,
    and who was responsible when."""
    action = access.get_action_to_read(request.user, pk)
    review = action.recommendation.review
    rounds = access.readable_rounds(request.user, review)
    document = build_progress_update(review, rounds=rounds, full_history=True, only_action=action)
    story = next(iter(document.actions), None)
    delivered = Delivery.objects.delivered_through([action])[action.pk]
    return render(
        request,
        "reports/action_story.html",
        {
            "action": action,
            "story": story,
            "review": review,
            "decisions": action.decisions_with_who(),
            "following": Follow.objects.is_following(request.user, action),
            # Their latest RAG now, not as at the last round: the page is today's.
            "delivered": delivered,
            "readable_plans": access.readable_plan_slugs(request.user) if delivered else set(),
            # The executive's response to its recommendation, once the reader may see it.
            "executive_response": response_of(action.recommendation)
            if review.shows_responses_to(request.user)
            else None,
            "nav": "dashboards",
        },
    )


# What changed between two meetings ------------------------------------------------


# The scrutiny annual report -----------------------------------------------------
