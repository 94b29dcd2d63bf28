"""Which partnership plans' actions deliver a review's recommendations and
actions: the clerk's page. The clerk chooses a plan (?plan=, by default the
plans already linked); the links are saved all together or not at all, by
Delivery.objects.set_for_review(), with who and the links the page showed,
those to the plans not shown kept as they are."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actionplans import access
from actionplans.deliveries.forms import (
    DeliveriesForm,
    linked_plan_ids,
    partnership_actions,
    partnership_plans,
    plans_shown,
    targets_of,
)
from actionplans.models import Delivery
from actionplans.models.deliveries import DeliveriesChanged


@login_required
def review_deliveries(request, slug):
    review = access.get_review_to_set_up(request.user, slug)
    targets = targets_of(review)
    plans = partnership_plans()
    chosen = request.GET.get("plan") or ""
    shown = plans_shown(plans, targets, chosen)
    choices = partnership_actions()

    def make_form(data=None, targets=targets):
        return DeliveriesForm(
            data, targets=targets, choices=choices, shown=shown, version=Delivery.objects.version_of(review)
        )

    form = make_form(request.POST if request.method == "POST" else None)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            Delivery.objects.set_for_review(review, form.links(), by=request.user, version=form.cleaned_data["version"])
        except DeliveriesChanged:
            # Theirs stand; the page shows them, with nothing of ours saved.
            conflict = True
            form = make_form(targets=targets_of(review))
        else:
            messages.success(request, f"The partnership actions that deliver the {review.title} review were saved.")
            return redirect("review_plan", slug=review.slug)
    linked = linked_plan_ids(targets)
    return render(
        request,
        "actionplans/setup/deliveries.html",
        {
            "review": review,
            "form": form,
            "rows": form.rows(),
            "plans": plans,
            "shown": shown,
            "chosen": chosen,
            # Several plans linked: the default shows them all, as one choice.
            "linked_plans": [plan for plan in plans if plan.pk in linked] if len(linked) > 1 else [],
            "conflict": conflict,
            "nav": "reviews",
        },
        status=409 if conflict else 200,
    )
