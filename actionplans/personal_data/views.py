"""The administrator's pages for one person's personal data: what is held
(with the downloads), and erasing a leaver."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from actionplans import permissions
from actionplans.downloads import never_stored
from actionplans.models import Owner, PersonalDataEvent, erase_leaver, why_not_erase
from actionplans.models.council import council
from actionplans.models.personal_data import printed_in_published_papers, record_export
from actionplans.personal_data.builder import build_personal_data, render_html, render_json


def _person_for_administrator(user, pk) -> Owner:
    if not permissions.administers_logins(user):
        raise PermissionDenied("Only an administrator can see or erase a person's personal data.")
    return get_object_or_404(Owner.objects.select_related("user").filter(kind=Owner.Kind.PERSON), pk=pk)


@login_required
def personal_data(request, pk):
    owner = _person_for_administrator(request.user, pk)
    data = build_personal_data(owner, council=council().council_name)
    events = PersonalDataEvent.objects.filter(owner=owner).select_related("by")
    page = render(
        request,
        "actionplans/personal_data/page.html",
        {
            "owner": owner,
            "data": data,
            "events": list(events),
            "why_not_erase": why_not_erase(owner, request.user),
            "nav": "people",
        },
    )
    return never_stored(page)


@login_required
def download(request, pk, fmt):
    owner = _person_for_administrator(request.user, pk)
    data = build_personal_data(owner, council=council().council_name)
    record_export(owner, by=request.user, details={"format": fmt, **{s.title: len(s.rows) for s in data.sections}})
    content, content_type = (
        (render_json(data), "application/json") if fmt == "json" else (render_html(data), "text/html; charset=utf-8")
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"personal-data-{slugify(owner.name) or owner.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return never_stored(response)


@login_required
def erase(request, pk):
    owner = _person_for_administrator(request.user, pk)
    why = why_not_erase(owner, request.user)
    if request.method == "POST":
        if why:
            raise PermissionDenied(why)
        name = owner.name
        removed = erase_leaver(owner, by=request.user)
        owner.refresh_from_db()
        kept = "Their name stays where published papers print it." if removed["name_kept"] else ""
        messages.success(request, f"{name}'s login is closed and their personal details removed. {kept}".strip())
        return redirect("personal_data", pk=owner.pk)
    return render(
        request,
        "actionplans/personal_data/erase.html",
        {"owner": owner, "why_not": why, "name_kept": printed_in_published_papers(owner), "nav": "people"},
    )
