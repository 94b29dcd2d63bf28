"""The public pages: each Select Committee's reviews, a review's
recommendations with the executive's published responses and its actions,
and each published round as the committee received it, with its documents
to download. For anyone, signed in or not, once SCRUTINY_PUBLIC_PAGES is on.

What is public is the `.public()` QuerySet method of each kind
(actionplans/models/exempt.py); a round's page is the public version of the
Progress Update (its builder withholds exempt information), in the
council's terms as the round kept them at publication, and its downloads
are the round's public copy as stored (PublishedDocument.public), so
nothing unpublished, no draft, no return comment, no history and no e-mail
address reaches these pages.
"""

from dataclasses import dataclass, replace

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from actionplans.downloads import serve_published
from actionplans.models import (
    Action,
    PublishedEvidence,
    Recommendation,
    Review,
    Round,
    published_targets,
)
from actionplans.models.plan import response_of
from reports.documents import DOWNLOADS, FORMATS, NO_OPTIONS, require_format
from reports.progress_update import record
from reports.progress_update.builder import ActionData, build_progress_update
from reports.progress_update.html import document_context
from reports.public.guard import public_page


def _public_review(slug: str) -> Review:
    return get_object_or_404(Review.objects.public().select_related("committee"), slug=slug)


def _public_rounds(review: Review) -> list[Round]:
    return list(Round.objects.public().filter(review=review).order_by("period"))


@public_page
def public_home(request):
    """Each Select Committee with its public reviews."""
    reviews = Review.objects.public().select_related("committee").order_by("committee__name", "title")
    return render(request, "reports/public/home.html", {"reviews": reviews})


@dataclass(frozen=True)
class PublicRecommendation:
    number: int
    text: str
    response: object  # the ExecutiveResponse, where published, else None
    actions: tuple[ActionData, ...]


def public_recommendations(review: Review, rounds: list[Round]) -> list[PublicRecommendation]:
    """The review's public recommendations (Recommendation.objects.public),
    each with its published executive response and its public actions
    (Action.objects.public) as the latest public round's paper prints them:
    Responsibility, Date, Agreed Action and Agreed Success Measure."""
    public = list(
        Action.objects.public().filter(recommendation__review=review).select_related("recommendation", "sub_action")
    )
    # Each Date as published (published_targets): as the latest public round
    # printed it, the original target before any.
    found = published_targets(public)
    targets = {action.reference: found[action.pk] for action in public}
    document = build_progress_update(review, rounds=rounds, full_history=True, responses_shown=False)
    by_number: dict[int, list[ActionData]] = {}
    for action in document.actions:
        if action.reference in targets:
            words, month = targets[action.reference]
            shown = replace(action, target=words, target_month=month)
            by_number.setdefault(action.recommendation_number, []).append(shown)
    shown = review.responses_published
    return [
        PublicRecommendation(
            number=rec.number,
            text=rec.text,
            response=response_of(rec) if shown else None,
            actions=tuple(by_number.get(rec.number, ())),
        )
        for rec in Recommendation.objects.public().filter(review=review).select_related("executive_response")
    ]


@public_page
def public_review(request, slug):
    """A review: its recommendations with the executive's published
    responses, its public actions, and its published rounds."""
    review = _public_review(slug)
    rounds = _public_rounds(review)
    return render(
        request,
        "reports/public/review.html",
        {
            "review": review,
            # A plan still being set up is public for its published
            # responses only: its link officers and agreed month are a draft.
            "link_officers": []
            if review.is_being_set_up
            else [owner.name for owner in review.link_officers_in_order()],
            "plan_agreed": "Not yet agreed" if review.is_being_set_up else review.action_plan_agreed_label,
            "recommendations": public_recommendations(review, rounds),
            "rounds": rounds,
        },
    )


def _public_round(review: Review, period: str) -> tuple[list[Round], Round]:
    rounds = _public_rounds(review)
    round = next((r for r in rounds if r.period_code == period), None)
    if round is None:
        raise Http404("No such published progress update")
    return rounds, round


@public_page
def public_round(request, slug, period):
    """A published round's Progress Update as the committee received it, with
    the round's own updates: "No update received" where none was approved,
    the exempt notice where the clerk marked one exempt. The rounds before
    are each on their page, linked; its documents to download print them
    all, as the committee's paper did."""
    review = _public_review(slug)
    rounds, round = _public_round(review, period)
    document = build_progress_update(review, rounds=rounds, round=round, only_its_round=True)
    context = document_context(document, NO_OPTIONS)
    copies = record.public_copies(round)
    context.update(
        review=review,
        period=period,
        earlier_rounds=[r for r in reversed(rounds) if r.period < round.period],
        # The public copy's files: each offered once stored.
        downloads=[
            (reverse("public_round_file", args=[slug, period, key]), FORMATS[key].label, copies.get(key))
            for key in DOWNLOADS
        ],
        files=_public_files(round),
    )
    return render(request, "reports/public/round.html", context)


def _public_files(round: Round) -> list[PublishedEvidence]:
    """The evidence files the public may download from a published round:
    each public file's copy in the latest version of the record that kept
    it (ProgressEntry.objects.public_files(): neither it nor its update, action or
    recommendation exempt)."""
    copies = {}
    for copy in (
        PublishedEvidence.objects.filter(round=round, evidence__in=round.entries.public_files())
        .select_related("evidence__entry__action__recommendation", "evidence__entry__action__sub_action")
        .order_by("version", "pk")
    ):
        copies[copy.evidence_id] = copy
    return sorted(copies.values(), key=lambda copy: (copy.evidence.entry.action.reference, copy.pk))


@public_page
def public_evidence_file(request, slug, period, pk):
    """A published update's evidence file, byte for byte as the record kept it."""
    review = _public_review(slug)
    _, round = _public_round(review, period)
    copy = next((copy for copy in _public_files(round) if copy.pk == pk), None)
    if copy is None:
        raise Http404("No such file")
    return serve_published(request, copy, private=False)


@public_page
def public_round_file(request, slug, period, fmt):
    """The round's Progress Update as PDF, Word or Excel: its public copy,
    byte for byte as stored (the committee's paper as it went out, exempt
    information left out), or word that it is being prepared."""
    require_format(fmt, DOWNLOADS)
    review = _public_review(slug)
    _, round = _public_round(review, period)
    stored = round.published_documents.public_copies().latest(fmt)
    if stored is None or not stored.is_ready:
        return record.not_ready(request, stored, round, fmt, template="reports/public/document_pending.html")
    return record.serve(request, stored, public=True)
