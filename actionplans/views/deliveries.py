"""Which partnership plans' actions deliver a review's recommendations and
actions: the clerk's page. The links are saved all together or not at all,
by Delivery.objects.set_for_review(), with who and the links the page showed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actionplans import access
from actionplans.delivery_forms import DeliveriesForm, partnership_actions, targets_of
from actionplans.models import Delivery
from actionplans.models.partnership import DeliveriesChanged


@login_required
def review_deliveries(request, slug):
    review = access.get_review_for_builder(request.user, slug)
    form = DeliveriesForm(
        request.POST if request.method == "POST" else None,
        targets=targets_of(review),
        choices=partnership_actions(),
        version=Delivery.objects.version_of(review),
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            Delivery.objects.set_for_review(review, form.links(), by=request.user, version=form.cleaned_data["version"])
        except DeliveriesChanged:
            # Theirs stand; the page shows them, with nothing of ours saved.
            conflict = True
            form = DeliveriesForm(
                targets=targets_of(review), choices=form.choices, version=Delivery.objects.version_of(review)
            )
        else:
            messages.success(request, f"The partnership actions that deliver the {review.title} review were saved.")
            return redirect("review_plan", slug=review.slug)
    return render(
        request,
        "actionplans/setup/deliveries.html",
        {"review": review, "form": form, "rows": form.rows(), "conflict": conflict, "nav": "reviews"},
        status=409 if conflict else 200,
    )
