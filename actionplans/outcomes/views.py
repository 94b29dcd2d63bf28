"""A review's outcomes and impacts (clerks and administrators): the list
of its recommendations, each with whether the committee has finished with
it and what it achieved, and the page recording one's outcome."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from actionplans import access
from actionplans.models import (
    Impact,
    OutcomeCheck,
    OutcomeConflict,
    RecommendationOutcome,
    RecommendationPriority,
)
from actionplans.models.outcomes import Clock
from actionplans.outcomes.forms import ConfirmImpactForm, ImpactFormSet, OutcomeForm, PriorityForm, RecheckForm
from actionplans.setup.views import _version


def _recommendations(review):
    """The review's recommendations with what their outcome's rule and
    the list read: a fixed number of queries, however many there are."""
    return review.recommendations.with_clock()


def _outcome_of(recommendation):
    try:
        return recommendation.outcome
    except RecommendationOutcome.DoesNotExist:
        return None


def _priority_of(recommendation):
    try:
        return recommendation.priority
    except RecommendationPriority.DoesNotExist:
        return None


@login_required
def review_outcomes(request, slug):
    review = access.get_review_to_record_outcomes(request.user, slug)
    today = timezone.localdate()
    rows = [
        {
            "recommendation": recommendation,
            "outcome": _outcome_of(recommendation),
            "priority": _priority_of(recommendation),
            "why_not": RecommendationOutcome.why_not_recordable(recommendation),
            "clock": Clock.of(recommendation, today),
            "recheck": _recheck_of(recommendation),
        }
        for recommendation in _recommendations(review)
    ]
    return render(request, "actionplans/outcomes/list.html", {"review": review, "rows": rows, "nav": "reviews"})


@login_required
def record_outcome(request, slug, number):
    review = access.get_review_to_record_outcomes(request.user, slug)
    recommendation = get_object_or_404(_recommendations(review), number=number)
    form, formset = _outcome_forms(recommendation, request.POST or None)
    conflict = ""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            RecommendationOutcome.record(
                recommendation,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                impacts=formset.impacts(),
                by=request.user,
                version=_version(request),
                shown_impacts=formset.shown(),
            )
        except OutcomeConflict as error:
            # What it says now, for the clerk to check before saving again.
            conflict = error.message
            recommendation = get_object_or_404(_recommendations(review), number=number)
            form, formset = _outcome_forms(recommendation, None)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"The outcome of recommendation {recommendation.number} was saved.")
            return redirect("review_outcomes", slug=review.slug)
    current = _outcome_of(recommendation)
    context = {
        "review": review,
        "recommendation": recommendation,
        "why_not": RecommendationOutcome.why_not_recordable(recommendation)
        or RecommendationOutcome.why_not_theirs(recommendation, request.user),
        "reported": _reported_impact([recommendation]),
        "form": form,
        "formset": formset,
        "version": current.version if current else 0,
        "has_errors": bool(form.errors or any(formset.errors) or formset.non_form_errors()),
        "conflict": conflict,
        "nav": "reviews",
    }
    return render(request, "actionplans/outcomes/record.html", context, status=409 if conflict else 200)


def _outcome_forms(recommendation, data):
    """The outcome's form and its impacts' forms, as recorded (or as `data`
    gives them)."""
    current = _outcome_of(recommendation)
    initial = {"outcome": current.outcome, "reason": current.reason} if current else None
    impacts = [_impact_initial(impact) for impact in recommendation.impacts.all()]
    sources = {"sources": _reported_impact([recommendation])}
    return OutcomeForm(data, initial=initial), ImpactFormSet(
        data, initial=impacts, prefix="impacts", form_kwargs=sources
    )


def _impact_initial(impact) -> dict:
    names = ("id", "kind", "statement", "evidence_link", "amount", "unit", "period")
    return {**{name: getattr(impact, name) for name in names}, "source_entry": impact.source_entry_id}


@login_required
def mark_priority(request, slug, number):
    review = access.get_review_to_record_outcomes(request.user, slug)
    recommendation = get_object_or_404(review.recommendations.select_related("priority"), number=number)
    form = _priority_form(recommendation, request.POST or None)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        priority = form.cleaned_data["priority"] == "yes"
        try:
            RecommendationPriority.mark(
                recommendation,
                priority=priority,
                reason=form.cleaned_data["reason"],
                by=request.user,
                version=_version(request),
            )
        except OutcomeConflict as error:
            conflict = error.message
            recommendation = get_object_or_404(review.recommendations.select_related("priority"), number=number)
            form = _priority_form(recommendation, None)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            said = "is a priority" if priority else "is not a priority"
            messages.success(request, f"Recommendation {recommendation.number} {said}.")
            return redirect("review_outcomes", slug=review.slug)
    context = {
        "review": review,
        "recommendation": recommendation,
        "form": form,
        "version": RecommendationPriority.version_of(recommendation),
        "conflict": conflict,
        "nav": "reviews",
    }
    return render(request, "actionplans/outcomes/priority.html", context, status=409 if conflict else 200)


def _priority_form(recommendation, data) -> PriorityForm:
    current = _priority_of(recommendation)
    return PriorityForm(
        data, initial={"priority": "yes" if current else "no", "reason": current.reason if current else ""}
    )


def _reported_impact(recommendations) -> list:
    """The evidence of impact the officers' updates gave the committee,
    oldest first (Impact.reported): what impacts are confirmed from."""
    updates = Impact.reported(recommendations).select_related("round", "action__sub_action", "action__recommendation")
    return list(updates.order_by("round__period", "action__sub_action__letter", "action__position", "action__pk"))


@login_required
def review_impacts(request, slug):
    """The impacts a review's officers reported in their updates, each with
    what of it is in the ledger: for its link officers and the clerks to
    confirm."""
    review = access.get_review_to_confirm_impacts(request.user, slug)
    updates = _reported_impact(review.recommendations.all())
    confirmed = {}
    for impact in Impact.objects.filter(source_entry__in=updates).order_by("position"):
        confirmed.setdefault(impact.source_entry_id, []).append(impact)
    rows = [{"update": update, "confirmed": confirmed.get(update.pk, [])} for update in updates]
    return render(request, "actionplans/outcomes/impacts.html", {"review": review, "rows": rows, "nav": "reviews"})


@login_required
def confirm_impact(request, slug, pk):
    """Confirm what one update reported into the ledger: its kind, its
    words (the officer's, unless changed) and a figure where it has one."""
    review = access.get_review_to_confirm_impacts(request.user, slug)
    reported = Impact.reported(review.recommendations.all())
    update = get_object_or_404(reported.select_related("round", "action__sub_action", "action__recommendation"), pk=pk)
    form = ConfirmImpactForm(request.POST or None, source=update)
    if request.method == "POST" and form.is_valid():
        try:
            Impact.confirm(form.impact(), by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            recommendation = update.action.recommendation
            messages.success(request, f"The impact is in the ledger of recommendation {recommendation.number}.")
            return redirect("review_impacts", slug=review.slug)
    why_not = RecommendationOutcome.why_not_theirs(update.action.recommendation, request.user)
    context = {"review": review, "update": update, "form": form, "why_not": why_not, "nav": "reviews"}
    return render(request, "actionplans/outcomes/confirm_impact.html", context)


@login_required
def record_recheck(request, slug, number):
    """The owners' answer to "is it still so?", recorded by the clerk; where
    it reverted, with the committee's new action, which reopens it."""
    review = access.get_review_to_record_outcomes(request.user, slug)
    recommendation = get_object_or_404(_recommendations(review).select_related("recheck"), number=number)
    check = _recheck_of(recommendation)
    form = RecheckForm(request.POST or None, initial=_recheck_initial(check))
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            OutcomeCheck.record(
                recommendation,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                reopening=form.reopening(),
                by=request.user,
                version=_version(request),
            )
        except OutcomeConflict as error:
            conflict = error.message
            check = OutcomeCheck.objects.filter(recommendation=recommendation).first()
            form = RecheckForm(initial=_recheck_initial(check))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            reopened = " It is monitored again from the next round." if form.reopening() else ""
            messages.success(request, f"The re-check of recommendation {recommendation.number} was saved.{reopened}")
            return redirect("review_outcomes", slug=review.slug)
    context = {
        "review": review,
        "recommendation": recommendation,
        "outcome": _outcome_of(recommendation),
        "check": check,
        "recheck_months": settings.SCRUTINY_RECHECK_MONTHS,
        "form": form,
        "version": check.version if check else 0,
        "conflict": conflict,
        "nav": "reviews",
    }
    return render(request, "actionplans/outcomes/recheck.html", context, status=409 if conflict else 200)


def _recheck_of(recommendation):
    try:
        return recommendation.recheck
    except OutcomeCheck.DoesNotExist:
        return None


def _recheck_initial(check) -> dict | None:
    return {"answer": check.answer, "note": check.note} if check and check.answer else None


def _add_errors(form, error: ValidationError) -> None:
    """A model's refusal beside its field where it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
