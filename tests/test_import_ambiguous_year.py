"""Issue 56, item 1: a tracker's rounds side by side under headings whose
two figures may be a day or a year ("Update April 25": 25 April, or April
2025) is asked about once, for all such headings, and read in the year
the clerk says."""

import datetime
import io

import openpyxl
import pytest

from actionplans.importing.round_columns import day_or_year, heading_period
from actionplans.models import ProgressEntry, Review
from tests.documents import page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date"]
ROUNDS = ["Update April 25", "RAG April 25", "Update Oct 2025", "RAG Oct 2025"]
ROWS = [
    ["1", "That the Council publishes its fly-tipping figures.", "Publish the figures", "Priya Shah",
     "September 2025", "Figures drafted.", "Amber", "Published in September.", "Green"],
    ["2", "That every household has a food waste caddy.", "Roll out the caddies", "Tom Okafor",
     "March 2026", "Caddies ordered.", "Green", "Delivery delayed.", "Red"],
]  # fmt: skip
QUESTION = (
    "Columns F and G ('Update April 25', 'RAG April 25') name a month and two figures, which may be the day or "
    "the year: say which year such headings are for"
)


@pytest.mark.parametrize(
    "heading, asked",
    [
        ("Update April 25", True),
        ("RAG Sept 25", True),
        ("Update Apr. 25", True),
        ("Update Apr 2025", False),
        ("Update April '25", False),  # an apostrophe: a year
        ("Update Sep-25", False),  # as Excel writes a month
        ("Update April 45", False),  # no day: a year
        ("Update 25 April 2025", False),
        ("RAG Q3 25/26", False),
    ],
)
def test_two_figures_after_a_month_are_asked_about_only_where_they_may_be_a_day(heading, asked):
    assert day_or_year(heading) is asked


def test_the_clerks_year_is_the_year_of_such_headings():
    assert heading_period("Update April 25") == datetime.date(2025, 4, 1)  # until the clerk says
    assert heading_period("Update April 25", 2024) == datetime.date(2024, 4, 1)
    assert heading_period("Update Apr 2025", 2024) == datetime.date(2025, 4, 1)  # a year of its own


def tracker() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([*HEADINGS, *ROUNDS])
    for row in ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def review(db):
    return make_review(title="Fly-tipping and Food Waste", status=Review.Status.SETTING_UP)


def test_a_heading_whose_year_may_be_a_day_is_asked_once_and_read_in_the_year_said(
    client, clerk, review, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    preview = upload(client, review, tracker(), "tracker.xlsx")
    asked = [problem for problem in preview.context["preview"].problems if problem.fix == "year"]
    assert [str(problem) for problem in asked] == [QUESTION]  # once, for both columns
    text = page_text(preview.content)
    assert "Which year are headings such as “April 25” for?" in text
    # Nothing is imported while the question is open.
    refused = confirm(client, preview, create_people="on")
    assert refused.status_code == 200 and not ProgressEntry.objects.exists()

    answer = {"create_people": "on", "short_year": "2024"}
    preview = preview_again(client, preview, **answer)
    preview = preview_again(client, preview, **answer)  # the meeting dates of the months now read
    text = page_text(preview.content)
    assert "Columns F and G ('Update April 25', 'RAG April 25'): read as 2024's, as you said." in text
    assert "April 2024 (columns F and G), October 2025 (columns H and I)" in text
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview, **answer)
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    periods = sorted(review.rounds.values_list("period", flat=True))
    assert periods == [datetime.date(2024, 4, 1), datetime.date(2025, 10, 1)]
    april = ProgressEntry.objects.filter(round__period=datetime.date(2024, 4, 1))
    assert sorted(april.values_list("evidence_of_progress", flat=True)) == ["Caddies ordered.", "Figures drafted."]


def test_the_command_asks_for_the_year_and_takes_it(tmp_path, clerk, review):
    from django.core.management import CommandError, call_command

    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker())
    args = [str(path), "--review", review.slug, "--by", clerk.username, "--create-people", "--dry-run",
            "--leave-progress-out", "--status", "Amber=3", "--status", "Green=2", "--status", "Red=3"]  # fmt: skip
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", *args, stdout=io.StringIO(), stderr=errors)
    assert f"Problem: {QUESTION} (--year 2025)" in errors.getvalue()
    out = io.StringIO()
    call_command("import_plan", *args, "--year", "2024", stdout=out, stderr=io.StringIO())
    assert "read as 2024's, as you said" in out.getvalue()
