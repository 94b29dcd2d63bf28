"""Nothing the demo invents is printed as fact (issue 26): every value a
fixture lists as illustrative (demo_council.toml's [illustrative],
standards.toml's assessment `illustrative`) is named by the record's
illustrative_note, and that note is on every page and file printing it."""

import csv
import datetime
import io
import tomllib

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from docx import Document
from openpyxl import load_workbook

from actionplans.demo import (
    DEMO_FILE,
    ILLUSTRATIVE_REASON,
    PARTNERSHIPS_FILE,
    STANDARDS_FILE,
    illustrative_label,
    illustrative_values,
)
from actionplans.grading import Decision
from actionplans.models import (
    Assessment,
    CommitteeDecision,
    Notification,
    PartnershipPlan,
    PartnershipUpdate,
    Quarter,
)
from actionplans.models.common import day_label
from tests.documents import docx_text, pdf_text, squash
from tests.factories import make_review

pytestmark = pytest.mark.django_db


def fixture(path):
    with open(path, "rb") as file:
        return tomllib.load(file)


def logged_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def marked(content: bytes, note: str) -> bool:
    return escape(note) in content.decode()


def test_every_invented_value_of_the_review_is_named_by_its_note(demo):
    data = fixture(DEMO_FILE)
    listed = data["illustrative"]
    assert {"rounds.meeting_date", "rounds.deadline", "executive_response.responded_on"} <= set(listed)
    note = demo.illustrative_note
    assert note.startswith("Illustrative, not from the council's papers: ")
    for key, words in listed.items():
        values = illustrative_values(data, key)
        assert values, key
        assert words in note, key
        for value in values:
            assert illustrative_label(value) in note, (key, value)
    # The stored dates are the listed ones: the note names what is printed.
    assert {day_label(r.meeting_date) for r in demo.rounds.all()} <= {
        illustrative_label(v) for v in illustrative_values(data, "rounds.meeting_date")
    }


def test_the_invented_closing_reason_is_marked_in_its_own_words(demo):
    data = fixture(DEMO_FILE)
    assert "actions.closed.reason" in data["illustrative"]
    reasons = illustrative_values(data, "actions.closed.reason")
    stored = list(CommitteeDecision.objects.filter(decision=Decision.CLOSED).values_list("reason", flat=True))
    assert sorted(stored) == sorted(ILLUSTRATIVE_REASON + reason for reason in reasons)


def test_the_note_is_on_every_page_printing_the_invented_values(demo, client, settings):
    note = demo.illustrative_note
    clerk = logged_in(client, "clerk")
    pages = [
        reverse("review_detail", args=[demo.slug]),
        reverse("executive_response_page", args=[demo.slug]),
        *(reverse("round_detail", args=[round.pk]) for round in demo.rounds.all()),
    ]
    for url in pages:
        response = clerk.get(url)
        assert response.status_code == 200, url
        assert marked(response.content, note), url
    councillor = logged_in(client, "councillor")
    response = councillor.get(reverse("review_detail", args=[demo.slug]))
    assert response.status_code == 200 and marked(response.content, note)

    settings.SCRUTINY_PUBLIC_PAGES = True
    client.logout()
    public = [reverse("public_review", args=[demo.slug])]
    public += [reverse("public_round", args=[demo.slug, r.period_code]) for r in demo.rounds.filter(status="published")]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert marked(response.content, note), url


def test_the_note_is_in_the_files_printing_the_invented_values(demo, client, settings):
    note = demo.illustrative_note
    clerk = logged_in(client, "clerk")
    xlsx = clerk.get(reverse("progress_update", args=[demo.slug]) + "?round=2020-09&format=xlsx")
    assert xlsx.status_code == 200
    rounds = load_workbook(io.BytesIO(xlsx.content))["Rounds"]
    rows = list(rounds.iter_rows(values_only=True))
    assert rows[0][-1] == "Note"
    for row in rows[1:]:
        assert isinstance(row[2], datetime.datetime) and row[-1] == note

    settings.SCRUTINY_PUBLIC_PAGES = True
    client.logout()
    response = client.get(reverse("open_data_csv", args=["reviews"]))
    reviews = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["illustrative_note"] for row in reviews if row["title"] == demo.title] == [note]


def test_the_assessment_date_is_marked_wherever_it_is_printed(demo, client):
    data = fixture(STANDARDS_FILE)["assessment"]
    assert data["illustrative"] == ["assessed_on"]
    assessment = Assessment.objects.get()
    assert assessment.illustrative_note == data["illustrative_notice"]
    response = logged_in(client, "councillor").get(reverse("assessment_detail", args=[assessment.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for key in data["illustrative"]:
        assert illustrative_label(data[key]) in content
    assert marked(response.content, assessment.illustrative_note)


def test_a_councils_own_review_prints_no_notice(demo, client, settings):
    review = make_review(title="Food Poverty")
    assert review.illustrative_note == ""
    response = logged_in(client, "clerk").get(reverse("review_detail", args=[review.slug]))
    assert response.status_code == 200
    assert b"data-illustrative-note" not in response.content


def document_text(response, fmt: str) -> str:
    """A downloaded file's text, as its reader's software reads it."""
    assert response.status_code == 200, response.content[:300]
    if fmt == "pdf":
        return pdf_text(response.content)
    if fmt == "docx":
        return docx_text(Document(io.BytesIO(response.content)))
    workbook = load_workbook(io.BytesIO(response.content))
    return "\n".join(
        str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
@pytest.mark.parametrize("period", ["2020-03", "2020-09"])
def test_every_paper_of_the_demo_prints_the_note(demo, client, fmt, period):
    """A round's paper is for a meeting on an invented date, with invented
    deadlines beside it: the note is in each file, under the introduction."""
    url = reverse("progress_update", args=[demo.slug]) + f"?round={period}&format={fmt}"
    text = squash(document_text(logged_in(client, "clerk").get(url), fmt))
    assert squash(demo.illustrative_note) in text
    if fmt != "xlsx":
        assert text.index(squash(demo.illustrative_note)) < text.index("Recommendation1")


def test_each_demo_partnership_plan_names_what_it_invents(demo):
    data = fixture(PARTNERSHIPS_FILE)
    plans = [plan for partnership in data["partnerships"] for plan in partnership["plans"]]
    for spec in plans:
        plan = PartnershipPlan.objects.get(slug=spec["slug"])
        assert plan.illustrative_note == spec["illustrative_note"]
        assert plan.illustrative_note.startswith("Illustrative, not from the council's papers: ")
        for quarter in plan.quarters.all():  # every deadline is invented, and named
            assert day_label(quarter.deadline) in plan.illustrative_note, (plan, quarter)
        open_quarter = plan.quarters.get(status=Quarter.Status.OPEN)
        assert f"the {open_quarter.period:%B %Y} quarter" in plan.illustrative_note


def test_the_partnership_pages_and_files_printing_invented_values_print_the_note(demo, client):
    plan = PartnershipPlan.objects.get(slug="hate-crime-action-plan-2018-2019")
    note = plan.illustrative_note
    clerk = logged_in(client, "clerk")
    open_quarter = plan.quarters.get(status=Quarter.Status.OPEN)
    for quarter in plan.quarters.all():
        response = clerk.get(reverse("partnership_quarter", args=[plan.slug, quarter.pk]))
        assert response.status_code == 200 and marked(response.content, note)
    response = clerk.get(reverse("partnership_plan", args=[plan.slug]) + f"?quarter={open_quarter.pk}")
    assert response.status_code == 200 and marked(response.content, note)
    for fmt in ("pdf", "docx", "xlsx"):
        url = reverse("partnership_report_file", args=[plan.slug]) + f"?quarter={open_quarter.pk}&format={fmt}"
        assert squash(note) in squash(document_text(clerk.get(url), fmt)), fmt
    # The coordinator's page checking an update shows the quarter's deadline.
    update = PartnershipUpdate.objects.filter(quarter=open_quarter).first()
    response = logged_in(client, plan.coordinator.username).get(reverse("partnership_update_check", args=[update.pk]))
    assert response.status_code == 200
    assert day_label(open_quarter.deadline) in response.content.decode() and marked(response.content, note)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_assessment_appendix_files_print_the_dates_notice(demo, client, fmt):
    assessment = Assessment.objects.get()
    url = reverse("assessment_appendix_file", args=[assessment.pk]) + f"?format={fmt}"
    text = document_text(logged_in(client, "councillor").get(url), fmt)
    assert squash(assessment.illustrative_note) in squash(text)


def test_e_mails_quoting_the_demos_invented_dates_carry_the_note(demo):
    """Publishing a demo round quotes its meeting date; the executive
    response's reminders quote the day the report went to Cabinet."""
    round = demo.rounds.get(period=datetime.date(2020, 9, 1))
    Notification.objects.filter(kind=Notification.Kind.ROUND_PUBLISHED).delete()  # as if not yet told
    rows = Notification.objects.round_published(round, by=get_user_model().objects.get(username="clerk"))
    assert rows
    for row in rows:
        assert "24 September 2020" in row.body and demo.illustrative_note in row.body
