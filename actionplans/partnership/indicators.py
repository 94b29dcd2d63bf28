"""The national indicators the partnership plans' glossaries print ("NI 35
Building resilience to violent extremism PSA 26"): clerks and
administrators add them, change their titles and retire them (a retired
one stays on the plans that used it, and is not offered for new ones).
Every change is in the indicator's history, with who made it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actionplans import permissions
from actionplans.fields import add_model_errors
from actionplans.models import GlossaryEntry, Indicator
from actionplans.partnership.forms import IndicatorForm

NAV = "partnerships"


@login_required
def indicators(request):
    """Every indicator, current ones first, with the form to add one."""
    permissions.require(request.user, permissions.MANAGE_INDICATORS)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = Indicator.objects.add(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"{indicator.code} was added to the national indicators.")
            return redirect("partnership_indicators")
    listed = list(Indicator.objects.order_by("retired", "code"))
    listed.sort(key=lambda indicator: (indicator.retired, _code_order(indicator.code)))
    return render(
        request,
        "actionplans/partnership/indicators.html",
        {"indicators": listed, "form": form, "nav": NAV},
    )


def _code_order(code: str):
    """NI 3 before NI 21: the number as a number."""
    head, _, number = code.rpartition(" ")
    return (head, int(number)) if number.isdigit() else (code, 0)


@login_required
def indicator(request, pk):
    """One indicator: change its title, retire it or bring it back, and
    its history."""
    permissions.require(request.user, permissions.MANAGE_INDICATORS)
    indicator = get_object_or_404(Indicator, pk=pk)
    initial = {"title": indicator.title, "reference": indicator.reference}
    form = IndicatorForm(request.POST or None, adding=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator.rename(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, f"The title of {indicator.code} was saved.")
            return redirect("partnership_indicator", pk=indicator.pk)
    return render(
        request,
        "actionplans/partnership/indicator.html",
        {
            "indicator": indicator,
            "form": form,
            "plans": GlossaryEntry.objects.filter(indicator=indicator)
            .select_related("plan")
            .values_list("plan__short_title", flat=True)
            .distinct(),
            "history": indicator.history.select_related("history_user").order_by("-history_date", "-history_id"),
            "nav": NAV,
        },
    )


@login_required
@require_POST
def indicator_retire(request, pk):
    """Retire the indicator, or (retired=no) bring it back."""
    permissions.require(request.user, permissions.MANAGE_INDICATORS)
    indicator = get_object_or_404(Indicator, pk=pk)
    retired = request.POST.get("retired") != "no"
    indicator.retire(by=request.user, retired=retired)
    if retired:
        messages.success(
            request, f"{indicator.code} is retired: it stays on the plans that use it, and new plans cannot use it."
        )
    else:
        messages.success(request, f"{indicator.code} is back: new plans can use it again.")
    return redirect("partnership_indicator", pk=indicator.pk)
