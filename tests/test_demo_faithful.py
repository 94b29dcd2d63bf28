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
from openpyxl import load_workbook

from actionplans.demo import (
    DEMO_FILE,
    ILLUSTRATIVE_REASON,
    STANDARDS_FILE,
    illustrative_label,
    illustrative_values,
)
from actionplans.grading import Decision
from actionplans.models import Assessment, CommitteeDecision
from actionplans.models.common import day_label
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
