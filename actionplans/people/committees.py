"""Committees: a clerk or administrator adds one (a new council has none)
and renames one. The writes are Committee's verbs; who may is decided there
and by the access helpers."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from actionplans import access, permissions
from actionplans.models import Committee
from actionplans.people.forms import CommitteeForm


def way_back(request) -> str:
    """The page the clerk came from (a set-up page's "Add a committee",
    "Add a person" … passes it as ?next=), if it is one of ours; else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours, in printable ASCII (a redirect header holds nothing else).
    if re.fullmatch(r"/[\x21-\x7e]*", target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_committee(url: str, committee) -> str:
    """`url`, asking its form to choose `committee` (the one just added)."""
    return f"{url}{'&' if '?' in url else '?'}committee={committee.pk}"


@login_required
def add_committee(request):
    permissions.require(request.user, permissions.ADD_COMMITTEE)
    back = way_back(request)
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = Committee.objects.add(name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if back:
                messages.success(request, f"The {committee.name} was added. It is chosen below.")
                return redirect(_with_committee(back, committee))
            messages.success(request, f"The {committee.name} was added. Choose its members.")
            return redirect("committee_members", slug=committee.slug)
    return render(
        request,
        "actionplans/people/committee.html",
        {"form": form, "committee": None, "way_back": back or reverse("committees"), "next": back},
    )


@login_required
def rename_committee(request, slug):
    committee = access.get_committee_to_rename(request.user, slug)
    form = CommitteeForm(request.POST or None, initial={"name": committee.name})
    if request.method == "POST" and form.is_valid():
        try:
            committee.rename(name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The committee is now called {committee.name}.")
            return redirect("committee_members", slug=committee.slug)
    return render(
        request,
        "actionplans/people/committee.html",
        {
            "form": form,
            "committee": committee,
            "way_back": reverse("committee_members", args=[committee.slug]),
        },
    )
