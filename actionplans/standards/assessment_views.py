"""The clerk's pages that record a self-assessment against a framework of
standards: starting one (from the area's last, or blank), its details, one
characteristic's Local response with its rating, evidence, gap and the
actions closing the gap, a new partnership action for a gap, publishing
and deleting. Clerks and administrators only (access.get_*_for_builder);
every write is a model verb with `by=`, all or nothing. The assessment's
own page is the readers' (reports/standards/assessment.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans import access
from actionplans.deliveries.forms import partnership_actions
from actionplans.fields import add_model_errors
from actionplans.grading import Rating
from actionplans.models import (
    Assessment,
    EditConflict,
    GapLink,
    Organisation,
    Partnership,
    Theme,
    marked_day,
)
from actionplans.standards.forms import (
    AssessmentDetailsForm,
    LocalResponseForm,
    NewGapActionForm,
    StartAssessmentForm,
    scrutiny_action_choices,
)

NAV = "dashboards"  # the standards pages are reached from the Dashboards page


def _page_of(response) -> str:
    """The assessment's page, at the characteristic's card."""
    return reverse("assessment_detail", args=[response.assessment_id]) + f"#{response.characteristic.anchor}"


@login_required
def start_assessment(request, slug):
    framework = access.get_framework_to_set_up(request.user, slug)
    partnerships = list(Partnership.objects.order_by("name", "pk"))
    latest = Assessment.objects.latest_by_area(framework)
    form = StartAssessmentForm(
        request.POST if request.method == "POST" else None, partnerships=partnerships, latest=latest
    )
    if request.method == "POST" and form.is_valid():
        partnership = form.partnership()
        start_from = (
            Assessment.objects.latest_for(framework, partnership) if form.cleaned_data["start_from"] == "last" else None
        )
        try:
            assessment = Assessment.objects.start(
                framework=framework, partnership=partnership, start_from=start_from, by=request.user, **form.details()
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            if start_from is not None:
                began = (
                    f"from its last assessment, of {marked_day(start_from, 'assessed_on')}: "
                    "check each characteristic and change what has moved"
                )
            else:
                began = "blank: every characteristic is Not assessed until you record it"
            messages.success(request, f"The assessment of {assessment.label} was started {began}.")
            return redirect("assessment_detail", pk=assessment.pk)
    drafts = Assessment.objects.filter(framework=framework, status=Assessment.Status.DRAFT).select_related(
        "partnership"
    )
    return render(
        request,
        "actionplans/assessments/start.html",
        {"framework": framework, "form": form, "drafts": list(drafts), "nav": NAV},
    )


@login_required
def change_assessment(request, pk):
    assessment = access.get_assessment_to_record(request.user, pk)
    reason = assessment.why_not_editable()
    form = AssessmentDetailsForm(
        request.POST if request.method == "POST" and not reason else None,
        initial={"assessed_on": assessment.assessed_on, "agenda_header": assessment.agenda_header},
    )
    if request.method == "POST" and not reason and form.is_valid():
        try:
            assessment.change_details(**form.details(), by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"The details of the assessment were saved: {assessment.label}.")
            return redirect("assessment_detail", pk=assessment.pk)
    return render(
        request,
        "actionplans/assessments/details.html",
        {"assessment": assessment, "form": form, "reason": reason, "nav": NAV},
        status=409 if reason and request.method == "POST" else 200,
    )


def _linked(response) -> list:
    """The actions closing the gap now, in order, with their latest status (one query)."""
    return GapLink.objects.filter(local_response=response).statuses().get(response.pk, [])


def _actions(count: int) -> str:
    return "the action" if count == 1 else f"the {count} actions"


@login_required
def record_local_response(request, pk, response):
    local = access.get_local_response_to_record(request.user, pk, response)
    assessment = local.assessment
    context = {"assessment": assessment, "local": local, "characteristic": local.characteristic, "nav": NAV}
    template = "actionplans/assessments/record.html"
    if reason := assessment.why_not_editable():
        return render(request, template, {**context, "reason": reason}, status=409 if request.method == "POST" else 200)
    choices = {"partnership_actions": partnership_actions(), "scrutiny_actions": scrutiny_action_choices()}

    def make_form(data, current):
        return LocalResponseForm(data, local_response=current, linked=_linked(current), **choices)

    form = make_form(request.POST if request.method == "POST" else None, local)
    if request.method == "POST" and form.is_valid():
        # What was recorded before saving: the gap and the actions a rating of Met removes, to say so.
        removed_gap, removed_actions = local.gap_removed_by(form.cleaned_data["rating"]), form.linked
        try:
            local.record(by=request.user, **form.record_arguments())
        except EditConflict as conflict:
            # Theirs stands, shown in the form; what this clerk typed is below it to copy.
            current = access.get_local_response_to_record(request.user, pk, response)
            theirs = make_form(None, current)
            return render(
                request,
                template,
                {**context, "local": current, "form": theirs, "linked": theirs.linked, "conflict": conflict,
                 "typed": form.typed(), "typed_rating": form.typed_rating()},
                status=409,
            )  # fmt: skip
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Published since the page was opened: nothing was saved.
                return render(request, template, {**context, "reason": " ".join(error.messages)}, status=409)
            # The verb's own rules (a gap for Partly met): by the field, typed text kept.
            add_model_errors(form, error)
        else:
            label, rating = local.characteristic.label, Rating(local.rating).label
            saved = f"{label} was saved: {rating}."
            if removed_gap:
                saved += f" Saving it {rating} removed the gap that was recorded: “{removed_gap}”"
                if removed_actions:
                    closing = "; ".join(action.name for action in removed_actions)
                    saved += f", and {_actions(len(removed_actions))} closing it: {closing}"
                saved += "."
            messages.success(request, saved)
            return redirect(_page_of(local))
    return render(request, template, {**context, "form": form, "linked": form.linked})


@login_required
def new_gap_action(request, pk, response):
    local = access.get_local_response_to_record(request.user, pk, response)
    assessment = local.assessment
    context = {"assessment": assessment, "local": local, "characteristic": local.characteristic, "nav": NAV}
    template = "actionplans/assessments/new_action.html"
    reason = assessment.why_not_editable()
    if not reason and not local.leaves_a_gap:
        reason = (
            f"{local.characteristic.label} is rated {local.rating_label}, so it has no gap to close. "
            "Rate it Partly met or Not met and say what is not yet in place first."
        )
    if reason:
        return render(request, template, {**context, "reason": reason}, status=409 if request.method == "POST" else 200)
    themes = Theme.objects.select_related("plan__partnership").order_by(
        "-plan__starts", "plan__title", "plan__pk", "position", "pk"
    )
    organisations = Organisation.objects.select_related("partnership").order_by("partnership__name", "position", "pk")

    def make_form(data, version):
        return NewGapActionForm(data, version=version, themes=list(themes), organisations=list(organisations))

    form = make_form(request.POST if request.method == "POST" else None, local.version)
    conflict = None
    if request.method == "POST" and form.is_valid():
        theme = form.chosen_theme()
        try:
            with transaction.atomic():
                action = theme.add_action(**form.action_fields(), by=request.user)
                closing = [
                    link.action or link.partnership_action
                    for link in GapLink.objects.filter(local_response=local)
                    .select_related("action", "partnership_action")
                    .order_by("position", "pk")
                ]
                local.record(
                    by=request.user, version=form.cleaned_data["version"], response=local.response,
                    rating=local.rating, evidence=local.evidence, gap=local.gap, actions=[*closing, action],
                )  # fmt: skip
        except EditConflict as conflict_raised:
            # Nothing was added: the response changed since the page was
            # opened. The action as typed stays in the form, to add again.
            conflict = conflict_raised
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            form = make_form(data, conflict.current.version)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(
                request,
                f"{action.name} was added to {theme.plan.short_title} ({theme.heading}) "
                f"and closes the gap of {local.characteristic.label}.",
            )
            return redirect(_page_of(local))
    return render(
        request,
        template,
        {**context, "form": form, "conflict": conflict, "linked": _linked(local)},
        status=409 if conflict else 200,
    )


@login_required
def publish_assessment(request, pk):
    assessment = access.get_assessment_to_record(request.user, pk)
    reason = ""
    if assessment.is_published:
        reason = "This assessment is already published."
    elif request.method == "POST":
        try:
            assessment.publish(by=request.user)
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            messages.success(request, f"The assessment of {assessment.label} is published: readers see it now.")
            return redirect("assessment_detail", pk=assessment.pk)
    not_assessed = assessment.responses.filter(rating=Rating.NOT_ASSESSED).count() if not reason else 0
    return render(
        request,
        "actionplans/assessments/publish.html",
        {"assessment": assessment, "reason": reason, "not_assessed": not_assessed, "nav": NAV},
        status=409 if reason and request.method == "POST" else 200,
    )


@login_required
def delete_assessment(request, pk):
    assessment = access.get_assessment_to_record(request.user, pk)
    reason = assessment.why_not_deletable()
    if request.method == "POST" and not reason:
        label, framework = assessment.label, assessment.framework
        try:
            assessment.delete(by=request.user)
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            messages.success(request, f"The draft assessment of {label} was deleted.")
            return redirect("framework_detail", slug=framework.slug)
    return render(
        request,
        "actionplans/assessments/delete.html",
        {"assessment": assessment, "reason": reason, "nav": NAV},
        status=409 if reason and request.method == "POST" else 200,
    )
