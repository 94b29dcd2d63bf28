"""The clerk's "Report and executive response" pages: the review's final
report, the executive's response to each recommendation, and publishing
them. Clerks and administrators only; every write is a Review verb, with
who and the version of the review the page showed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from actionplans import access
from actionplans.models import PlanConflict
from actionplans.models.response import response_period
from actionplans.response.forms import ChangeReasonForm, ReportForm, ResponseForm
from actionplans.setup.views import _version


def _forms(review, data=None):
    recs = list(review.recommendations.select_related("executive_response").order_by("number"))
    report = ReportForm(
        data,
        prefix="report",
        initial={
            "report_agreed": review.report_agreed,
            "report_to_executive": review.report_to_executive,
            "decision_maker": review.decision_maker,
        },
    )
    responses = [ResponseForm(data, recommendation=rec) for rec in recs]
    reason = ChangeReasonForm(data) if review.responses_published else None
    return report, responses, reason


def _put_back(error: ValidationError, report, responses, reason) -> None:
    """The verbs' messages, each by the field it is about."""
    by_number = {form.recommendation.number: form for form in responses}
    for key, messages_ in error.message_dict.items():
        message = messages_[0]
        if key in ReportForm.MODEL_FIELDS:
            report.add_error(key, message)
        elif key == "reason" and reason is not None:
            reason.add_error("reason", message)
        elif key.startswith("recommendation-"):
            _, number, field = key.split("-", 2)
            form = by_number.get(int(number))
            name = form.field_for(field) if form else None
            if name:
                form.add_error(name, message)
            else:
                report.add_error(None, message)
        else:
            report.add_error(None, message)


def _saved_message(answered: int) -> str:
    """Says what was saved: the report alone, or with how many responses."""
    if not answered:
        return "The report was saved."
    plural = "s" if answered > 1 else ""
    return f"The report and the executive's response{plural} to {answered} recommendation{plural} were saved."


@login_required
def record_response(request, slug):
    """The report's dates and decision-maker, then each recommendation's
    response. Saved all together, or nothing."""
    review = access.get_review_to_set_up(request.user, slug)
    data = request.POST if request.method == "POST" else None
    report, responses, reason = _forms(review, data)
    conflict = None
    if data is not None:
        valid = [form.is_valid() for form in [report, *responses, *([reason] if reason else [])]]
        if all(valid):
            try:
                with transaction.atomic():
                    review.record_report(
                        agreed=report.cleaned_data["report_agreed"],
                        to_executive=report.cleaned_data["report_to_executive"],
                        decision_maker=report.cleaned_data["decision_maker"],
                        by=request.user,
                        version=_version(request),
                    )
                    review.record_responses(
                        [form.plan() for form in responses],
                        by=request.user,
                        version=review.version,
                        reason=reason.cleaned_data["reason"] if reason else "",
                    )
            except PlanConflict as error:
                conflict = error.message + " Check what the review says now before saving again."
                review.refresh_from_db()
            except ValidationError as error:
                review.refresh_from_db()
                _put_back(error, report, responses, reason)
            else:
                messages.success(request, _saved_message(sum(1 for form in responses if form.plan().response)))
                return redirect("review_detail", slug=review.slug)
    forms_ = [report, *responses, *([reason] if reason else [])]
    return render(
        request,
        "actionplans/response/record.html",
        {
            "review": review,
            "report": report,
            "responses": responses,
            "reason": reason,
            "has_errors": any(form.errors for form in forms_),
            "error_forms": forms_,
            "conflict": conflict,
            "period": response_period(),
            "nav": "reviews",
        },
        status=409 if conflict else 200,
    )


@login_required
def publish_response(request, slug):
    """Ask, then publish the executive's responses to the committee."""
    review = access.get_review_to_set_up(request.user, slug)
    problem = review.why_not_publishable_responses()
    if request.method == "POST" and not problem:
        try:
            review.publish_responses(by=request.user, version=_version(request))
        except PlanConflict as error:
            problem = error.message
            review.refresh_from_db()
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, "The executive's responses are published: the committee sees them now.")
            return redirect("review_detail", slug=review.slug)
    return render(
        request,
        "actionplans/response/publish.html",
        {"review": review, "problem": problem, "nav": "reviews"},
        status=409 if problem and request.method == "POST" else 200,
    )
