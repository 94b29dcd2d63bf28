"""A council's people doing their part through its pages, as a council that
is not the demo's runs its rounds (tests/test_second_council.py,
tests/test_one_truth.py): reading pages and files as their readers do, and
opening, updating, approving and publishing a round through the forms."""

import datetime
import io
import re

import openpyxl
from django.test import Client
from django.urls import reverse

from tests.factories import date_input


def text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_of(client, url) -> str:
    return re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)


def xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    return "\n".join([*cells, workbook.properties.creator or "", workbook.properties.subject or ""])


def open_round(clerk: Client, review, period: datetime.date, *, deadline: datetime.date, meeting: datetime.date):
    """The clerk opens the review's round of `period` on its page."""
    opened = clerk.post(
        reverse("open_round", args=[review.slug]),
        {
            "month": str(period.month),
            "year": str(period.year),
            **date_input("deadline", deadline),
            **date_input("meeting_date", meeting),
        },
    )
    assert opened.status_code == 302, text(opened)
    return review.rounds.get(period=period)


def submit_update(officer: Client, entry, *, grade: int, evidence: str, explanation: str = "", new_target=None):
    """The officer submits their update: `grade` is the grade's position on
    the council's scale (as the form's radios post it), `new_target` a
    (month, reason) the update proposes."""
    url = reverse("update_entry", args=[entry.pk])
    form = {
        "version": version_of(officer, url),
        "evidence_of_progress": evidence,
        "grade": str(grade),
        "grade_explanation": explanation,
        "submit": "",
    }
    if new_target is not None:
        month, reason = new_target
        form.update(proposed_target_month=str(month.month), proposed_target_year=str(month.year), target_reason=reason)
    submitted = officer.post(url, form)
    assert submitted.status_code == 302, text(submitted)


def approve_update(link: Client, entry, **decisions):
    """The link officer approves the update as they read it on its page
    (`decisions`: on a new target the update proposes)."""
    url = reverse("approve_entry", args=[entry.pk])
    page = link.get(url).content.decode()
    seen = re.search(r'name="seen" value="(\d*)"', page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    approved = link.post(url, {"version": version, "seen": seen, "decision": "approve", **decisions})
    assert approved.status_code == 302, text(approved)


def publish_round(clerk: Client, round, capture, **form):
    """The clerk publishes the round (its published record rendered by the
    task the publication queues, run at once: `capture` is pytest-django's
    django_capture_on_commit_callbacks, or TestCase.captureOnCommitCallbacks)."""
    with capture(execute=True):
        published = clerk.post(reverse("publish_round", args=[round.pk]), form)
    assert published.status_code == 302, text(published)
    round.refresh_from_db()
    assert round.is_published
    return round
