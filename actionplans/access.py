"""Who may see which review and round. Views call these instead of repeating
access rules: each returns what the user may have, or raises 403/404."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actionplans.models import Review, Round


def can_see_unpublished_rounds(user) -> bool:
    """Officers, link officers and clerks work on rounds before they are
    published; committee members see only what has been published."""
    return user.has_perm("actionplans.change_progressentry")


def can_print_draft_rounds(user) -> bool:
    """Only clerks make documents of rounds not yet published (as DRAFT)."""
    return user.has_perm("actionplans.change_round")


def document_rounds_for_user(user, review: Review) -> list[Round]:
    rounds = rounds_for_user(user, review)
    if not can_print_draft_rounds(user):
        rounds = [r for r in rounds if r.is_published]
    return rounds


def reviews_for_user(user):
    if not user.has_perm("actionplans.view_review"):
        return Review.objects.none()
    return Review.objects.select_related("committee")


def get_review_for_user(user, slug: str) -> Review:
    if not user.has_perm("actionplans.view_review"):
        raise PermissionDenied
    return get_object_or_404(reviews_for_user(user), slug=slug)


def rounds_for_user(user, review: Review) -> list[Round]:
    rounds = review.rounds.order_by("period")
    if not can_see_unpublished_rounds(user):
        rounds = rounds.filter(status=Round.Status.PUBLISHED)
    return list(rounds)
