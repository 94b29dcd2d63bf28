"""The administrator's pages for one person's personal data: what is held
(with the downloads), and erasing a leaver. The same pages serve a person
on the People pages (`people/<pk>/…`, their record's id) and a login with
no person record (`logins/<pk>/…`, the login's id): a councillor, a clerk,
an administrator, a partner lead, a login made by createsuperuser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from actionplans import permissions
from actionplans.downloads import never_stored
from actionplans.models import Owner, erase_leaver, why_not_erase
from actionplans.models.council import council
from actionplans.models.personal_data import DataSubject, printed_in_published_papers, record_export
from actionplans.personal_data.builder import build_personal_data, render_html, render_json

# The pages' names and the id each takes, for a person and for a login.
URLS = {
    "person": {"page": "personal_data", "download": "personal_data_download", "erase": "erase_person"},
    "login": {"page": "login_personal_data", "download": "login_personal_data_download", "erase": "erase_login"},
}


def _subject_for_administrator(user, pk, of: str) -> DataSubject:
    if not permissions.administers_logins(user):
        raise PermissionDenied("Only an administrator can see or erase a person's personal data.")
    if of == "person":
        owner = get_object_or_404(Owner.objects.select_related("user").filter(kind=Owner.Kind.PERSON), pk=pk)
        return DataSubject.of(owner)
    # A login that has a person record is that person's: its pages are theirs.
    login = get_object_or_404(Owner.objects.logins_without_person(), pk=pk)
    return DataSubject(None, login)


def _back(subject: DataSubject) -> tuple[str, str]:
    """Where the page's back link goes, and its words."""
    if subject.owner is not None:
        return reverse("change_person", args=[subject.owner.pk]), f"Back to {subject.name}"
    return reverse("people") + "#logins", "Back to People"


@login_required
def personal_data(request, pk, of="person"):
    subject = _subject_for_administrator(request.user, pk, of)
    page = render(
        request,
        "actionplans/personal_data/page.html",
        {
            "subject": subject,
            "pk": pk,
            "urls": URLS[of],
            "back": _back(subject),
            "data": build_personal_data(subject, council=council().council_name),
            "events": list(subject.events().select_related("by")),
            "why_not_erase": why_not_erase(subject, request.user),
            "nav": "people",
        },
    )
    return never_stored(page)


@login_required
def download(request, pk, fmt, of="person"):
    subject = _subject_for_administrator(request.user, pk, of)
    data = build_personal_data(subject, council=council().council_name)
    record_export(subject, by=request.user, details={"format": fmt, **{s.title: len(s.rows) for s in data.sections}})
    content, content_type = (
        (render_json(data), "application/json") if fmt == "json" else (render_html(data), "text/html; charset=utf-8")
    )
    response = HttpResponse(content, content_type=content_type)
    name = f"personal-data-{slugify(subject.name) or pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return never_stored(response)


@login_required
def erase(request, pk, of="person"):
    subject = _subject_for_administrator(request.user, pk, of)
    why = why_not_erase(subject, request.user)
    if request.method == "POST":
        if why:
            raise PermissionDenied(why)
        name = subject.name
        removed = erase_leaver(subject, by=request.user)
        kept = "Their name stays where published papers print it." if removed["name_kept"] else ""
        messages.success(request, f"{name}'s login is closed and their personal details removed. {kept}".strip())
        return redirect(URLS[of]["page"], pk=pk)
    name_kept = subject.owner is not None and printed_in_published_papers(subject.owner)
    return render(
        request,
        "actionplans/personal_data/erase.html",
        {"subject": subject, "pk": pk, "urls": URLS[of], "why_not": why, "name_kept": name_kept, "nav": "people"},
    )
