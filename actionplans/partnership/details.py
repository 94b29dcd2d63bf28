"""A partnership plan's own details, for those who set up plans: its title,
short title, agenda header and coordinator (PartnershipPlan.change_details).
An imported plan starts with what the upload page asked; this page is where
they change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from actionplans import access
from actionplans.fields import add_model_errors
from actionplans.models.workflow import EditConflict
from actionplans.partnership.forms import PartnershipPlanDetailsForm


@login_required
def partnership_plan_details(request, slug):
    plan = access.get_partnership_plan_to_set_up(request.user, slug)
    form = PartnershipPlanDetailsForm(request.POST or None, initial=_details_of(plan))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            plan.change_details(**form.details(), by=request.user, version=form.cleaned_data["version"] or 0)
        except EditConflict:
            # Their details are shown; saving again (now at the current version) replaces them.
            conflict = True
            plan.refresh_from_db()
            form = PartnershipPlanDetailsForm(initial=_details_of(plan))
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"The details of {plan.short_title} were saved.")
            return redirect("partnership_plan", plan.slug)
    return render(
        request,
        "actionplans/partnership/plan_details.html",
        {"plan": plan, "form": form, "conflict": conflict, "nav": "partnerships"},
        status=409 if conflict else 200,
    )


def _details_of(plan) -> dict:
    """The form's answers as the plan has them now, with its version."""
    return {
        "title": plan.title,
        "short_title": plan.short_title,
        "agenda_header": plan.agenda_header,
        "coordinator": plan.coordinator,
        "version": plan.details_version,
    }
