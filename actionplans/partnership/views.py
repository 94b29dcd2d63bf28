"""A partnership plan's quarter: the leads write each action's progress and
RAG, the plan's coordinator (or a clerk) checks them, the clerk opens and
publishes the quarter and says which logins lead which organisation. The
pages are the monitoring round's (actionplans/workflow/views.py), in the partnership's
words; who may see what is actionplans.access."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actionplans import access, permissions
from actionplans.fields import add_model_errors
from actionplans.models import (
    Organisation,
    PartnershipUpdate,
    Quarter,
)
from actionplans.partnership.forms import (
    OpenQuarterForm,
    OrganisationMembersForm,
    PartnershipCheckForm,
    PartnershipUpdateForm,
    PublishQuarterForm,
)
from actionplans.workflow import views as workflow

NAV = "partnership_updates"


def _with_leads(updates):
    """Each update's action with its lead organisations and their members,
    for the lists and for segregation of duties (responsible_user_ids)."""
    return updates.prefetch_related(
        Prefetch("action__lead_organisations", queryset=Organisation.objects.prefetch_related("members"))
    )


@login_required
def partnership_updates(request):
    """A lead's own updates in open quarters, by quarter; for a plan's
    coordinator or a clerk, the updates submitted for them to check."""
    user = request.user
    checker = permissions.checks_partnership_updates(user)
    if not (permissions.writes_partnership_updates(user) or checker):
        raise PermissionDenied
    by_quarter = {}
    for update in access.partnership_updates_to_write(user):
        by_quarter.setdefault(update.quarter, []).append(update)
    to_check = []
    if checker:
        submitted = _with_leads(
            access.partnership_updates_to_check(user)
            .with_submitter()
            .in_document_order("quarter__plan__title", "quarter__pk")
        )
        to_check = [(update, permissions.why_not(user, permissions.APPROVE_UPDATE, update)) for update in submitted]
    # A clerk runs every plan's quarters from here.
    plans = access.partnership_plans_to_run(user) if permissions.runs_quarters(user) else []
    return render(
        request,
        "actionplans/partnership/updates.html",
        {"by_quarter": by_quarter, "to_check": to_check, "checker": checker, "plans": plans, "nav": NAV},
    )


@login_required
def partnership_update(request, pk):
    """The lead's form: the quarter's progress and RAG."""
    update = access.get_partnership_update_to_write(request.user, pk)
    context = {
        "update": update,
        "previous": update.previous(),
        "last_saved": update.last_saved(),
        "approval": update.approval(),
        "nav": NAV,
    }
    return workflow.write_update(request, update, PARTNERSHIP_UPDATE, context=context)


@login_required
@require_POST
def partnership_update_withdraw(request, pk):
    update = access.get_partnership_update_to_write(request.user, pk)
    return workflow.withdraw_update(request, update, PARTNERSHIP_UPDATE)


def _check_context(user, update, form) -> dict:
    """What the checker's page shows of the update besides the decision
    (workflow.check_update adds the rest)."""
    return {"update": update, "previous": update.previous(), "nav": NAV}


@login_required
def partnership_update_check(request, pk):
    """The coordinator or a clerk approves a lead's update or returns it."""
    update = access.get_partnership_update_to_approve(request.user, pk)
    return workflow.check_update(request, update, PARTNERSHIP_UPDATE)


# A quarter's partnership update, as the shared update pages write and check it.
PARTNERSHIP_UPDATE = workflow.UpdateKind(
    form=PartnershipUpdateForm,
    template="actionplans/partnership/update.html",
    as_name="update",
    write_page="partnership_update",
    written="partnership_updates",
    submitted="Your update on {update.action.full_name} ({update.quarter.plan}) was submitted to the plan’s "
    "coordinator.",
    saved="Your draft update on {update.action.full_name} ({update.quarter.plan}) was saved.",
    decision_form=PartnershipCheckForm,
    check_template="actionplans/partnership/check.html",
    check_context=_check_context,
    fetch_to_check=access.get_partnership_update_to_approve,
    check_page="partnership_update_check",
    checked="partnership_updates",
    writer="lead",
    period="quarter",
)


@login_required
def partnership_quarter_open(request, slug):
    """The clerk opens the plan's next quarter, with a deadline."""
    plan = access.get_partnership_plan_to_run(request.user, slug)
    open_now = plan.quarters.filter(status=Quarter.Status.OPEN).first()
    if open_now is not None:
        return render(
            request,
            "actionplans/partnership/open_quarter.html",
            {"plan": plan, "open_now": open_now, "nav": NAV},
            status=409 if request.method == "POST" else 200,
        )
    form = OpenQuarterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            quarter = plan.open_quarter(period=form.period(), deadline=form.cleaned_data["deadline"], by=request.user)
        except ValidationError as error:
            add_model_errors(form, error, renamed={"period": "month"})
        else:
            count = quarter.updates.count()
            updates = "1 update" if count == 1 else f"{count} updates"
            messages.success(request, f"{quarter.months_label} is open with {updates} for the leads to write.")
            workflow.warn_if_deadline_passed(
                request, quarter, then=". If that was a mistake, delete the quarter from its page and open it again."
            )
            return redirect("partnership_quarter", slug=plan.slug, pk=quarter.pk)
    latest = plan.quarters.order_by("-period").first()
    return render(
        request, "actionplans/partnership/open_quarter.html", {"plan": plan, "form": form, "latest": latest, "nav": NAV}
    )


@login_required
def partnership_quarter(request, slug, pk):
    """A quarter: how many updates are at each status and whom to chase,
    for the clerk and the plan's coordinator; the clerk publishes it here,
    confirming what will read "No update received"."""
    quarter = access.get_quarter_to_check(request.user, slug, pk)
    publisher = permissions.runs_quarters(request.user)
    if request.method == "POST" and not publisher:
        raise PermissionDenied
    updates = list(_with_leads(quarter.updates.select_related("action__theme")).in_document_order())
    missing = [update for update in updates if not update.is_received]
    form = None
    if quarter.is_open and publisher:
        form = PublishQuarterForm(request.POST if request.method == "POST" else None, missing=missing)
        if request.method == "POST" and form.is_valid():
            try:
                quarter.publish(by=request.user)
            except ValidationError as error:  # another clerk published it meanwhile
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    f"{quarter.label} is published: everyone who reads the plan now sees it. "
                    "Updates not approved read “No update received”.",
                )
            return redirect("partnership_quarter", slug=slug, pk=pk)
    elif request.method == "POST":
        messages.error(request, "This quarter is already published.")
        return redirect("partnership_quarter", slug=slug, pk=pk)
    return render(
        request,
        "actionplans/partnership/quarter.html",
        {
            "quarter": quarter,
            "plan": quarter.plan,
            "updates": updates,
            "counts": quarter.status_counts(updates),
            "statuses": PartnershipUpdate.Status,
            "to_chase": [update for update in updates if update.status in PartnershipUpdate.WAITING_FOR_OFFICERS],
            "missing": missing,
            "form": form,
            "publisher": publisher,
            "why_not_deletable": quarter.why_not_deletable(updates),
            "nav": NAV,
        },
    )


@login_required
def partnership_quarter_delete(request, slug, pk):
    """The clerk deletes an open quarter opened by mistake, before any lead
    has written in it (as a monitoring round's delete_round)."""
    quarter = access.get_quarter_to_run(request.user, slug, pk)
    reason = quarter.why_not_deletable()
    if request.method == "POST" and not reason:
        try:
            quarter.delete(by=request.user)
        except ValidationError as error:  # a lead started an update meanwhile
            reason = " ".join(error.messages)
        else:
            messages.success(request, f"{quarter.months_label} was deleted.")
            return redirect("partnership_updates")
    status = 409 if reason and request.method == "POST" else 200
    return render(
        request,
        "actionplans/partnership/delete_quarter.html",
        {"quarter": quarter, "plan": quarter.plan, "reason": reason, "nav": NAV},
        status=status,
    )


@login_required
def partnership_organisations(request, slug):
    """The partnership's organisations, who leads for each, and, for each,
    a form to choose its leads from the logins the partnership may have
    (permissions.lead_candidates): one organisation saved at a time."""
    plan = access.get_partnership_plan_to_run(request.user, slug)
    organisations = list(
        plan.partnership.organisations.prefetch_related(
            Prefetch(
                "members",
                queryset=get_user_model()
                .objects.prefetch_related("groups")
                .order_by("first_name", "last_name", "username"),
            )
        )
    )
    candidates = list(permissions.lead_candidates(plan.partnership))
    forms = {
        organisation.pk: OrganisationMembersForm(organisation=organisation, candidates=candidates)
        for organisation in organisations
    }
    if request.method == "POST":
        chosen = request.POST.get("organisation", "")
        if not chosen.isdecimal() or not chosen.isascii():
            return HttpResponseBadRequest("The form did not say which organisation's leads to save.")
        organisation = next((o for o in organisations if o.pk == int(chosen)), None)
        if organisation is None:
            raise Http404("No such organisation in this partnership")
        form = OrganisationMembersForm(request.POST, organisation=organisation, candidates=candidates)
        if form.is_valid():
            organisation.set_members(form.members(), by=request.user)
            messages.success(request, f"The leads of {organisation} were saved.")
            return redirect(reverse("partnership_organisations", args=[slug]) + f"#organisation-{organisation.pk}")
        forms[organisation.pk] = form
    return render(
        request,
        "actionplans/partnership/organisations.html",
        {
            "plan": plan,
            "rows": [(organisation, forms[organisation.pk]) for organisation in organisations],
            "form": next((form for form in forms.values() if form.errors), None),
            "nav": NAV,
        },
    )
