from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from actionplans import access
from reports.builder import build_progress_update


@login_required
def home(request):
    """Where everyone lands after signing in: the reviews being monitored,
    committee by committee."""
    if not request.user.has_perm("actionplans.view_review"):
        raise PermissionDenied
    by_committee = defaultdict(list)
    for review in access.reviews_for_user(request.user).order_by("committee__name", "title"):
        by_committee[review.committee].append(review)
    return render(request, "reports/home.html", {"committees": dict(by_committee)})


@login_required
def review_detail(request, slug):
    review = access.get_review_for_user(request.user, slug)
    rounds = access.rounds_for_user(request.user, review)
    document = build_progress_update(review, rounds=rounds, full_history=True)
    return render(request, "reports/review_detail.html", {"review": review, "document": document})
