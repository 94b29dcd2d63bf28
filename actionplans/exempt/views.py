"""Exempt information: the clerk marks a recommendation, an action, an
update or an evidence file as exempt under a paragraph of Schedule 12A to the Local Government
Act 1972 (actionplans/models/exempt.py), or public again. Clerks and
administrators only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from actionplans import access
from actionplans.exempt.forms import ExemptForm
from actionplans.fields import add_model_errors
from actionplans.models import Action, EvidenceFile, ProgressEntry, Recommendation, document_order


@login_required
@require_GET
def exempt_information(request, slug):
    """The review's recommendations, actions, each round's updates and their
    evidence files, with whether each is exempt information and a link to
    change it."""
    review = access.get_review_to_mark_exempt(request.user, slug)
    return render(
        request,
        "actionplans/exempt/review.html",
        {
            "review": review,
            "recommendations": Recommendation.objects.filter(review=review).order_by("number"),
            "actions": Action.objects.filter(recommendation__review=review)
            .select_related("recommendation", "sub_action")
            .order_by(*document_order()),
            # Round by round (the template regroups them), in the paper's order.
            "entries": ProgressEntry.objects.filter(round__review=review)
            .select_related("round", "action__recommendation", "action__sub_action")
            .order_by("round__period", *document_order("action__")),
            # Refused files were never kept: nothing of them to withhold.
            "files": EvidenceFile.objects.filter(entry__round__review=review)
            .exclude(status=EvidenceFile.Status.REFUSED)
            .select_related("entry__round", "entry__action__recommendation", "entry__action__sub_action")
            .order_by("entry__round__period", *document_order("entry__action__"), "added_at", "pk"),
            "nav": "reviews",
        },
    )


@login_required
def mark_exempt(request, kind, pk):
    """Choose "Not exempt" or the paragraph of Schedule 12A for one thing."""
    thing = access.get_exempt_candidate_to_mark(request.user, kind, pk)
    form = ExemptForm.for_thing(thing, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thing.mark_exempt(form.cleaned_data["paragraph"], by=request.user)
        except ValidationError as error:
            add_model_errors(form, error, renamed={"exempt_paragraph": "paragraph"})
        else:
            said = thing.exempt_notice or "public: not exempt information"
            messages.success(request, f"{_name(kind, thing)} is now {said}.")
            return redirect("exempt_information", slug=_review(kind, thing).slug)
    return render(
        request,
        "actionplans/exempt/mark.html",
        {"thing": thing, "name": _name(kind, thing), "review": _review(kind, thing), "form": form, "nav": "reviews"},
    )


def _review(kind, thing):
    return {
        "recommendation": lambda: thing.review,
        "action": lambda: thing.recommendation.review,
        "file": lambda: thing.entry.round.review,
    }.get(kind, lambda: thing.round.review)()


def _name(kind, thing) -> str:
    """'Recommendation 1', 'Recommendation 1 a) Frontline staff', 'The March
    2020 update of Recommendation 1 a) Frontline staff', 'The file ‘Minutes’
    of the March 2020 update of Recommendation 1 a) Frontline staff'."""
    if kind == "recommendation":
        return f"Recommendation {thing.number}"
    if kind == "action":
        return thing.title
    if kind == "file":
        return f"The file ‘{thing.title}’ of the {thing.entry.round.label} update of {thing.entry.action.title}"
    return f"The {thing.round.label} update of {thing.action.title}"
