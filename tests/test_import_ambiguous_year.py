"""Issue 56, item 1, and issue 73, item 1: a tracker's rounds side by
side under headings whose two figures may be a day or a year ("Update
Sept 24": 24 September, or September 2024) are asked about one month and
figures at a time, each with the year the columns beside it propose, and
read in the year the clerk says, in the file's order."""

import datetime
import io

import openpyxl
import pytest

from actionplans.importing.round_columns import ambiguous_periods, day_or_year, heading_period
from actionplans.models import ProgressEntry, Review
from tests.documents import page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date"]
ROUNDS = ["Update Sept 24", "RAG Sept 24", "Update Mar 25", "RAG Mar 25"]
ROWS = [
    ["1", "That the Council publishes its fly-tipping figures.", "Publish the figures", "Priya Shah",
     "September 2025", "Figures drafted.", "Amber", "Published in September.", "Green"],
    ["2", "That every household has a food waste caddy.", "Roll out the caddies", "Tom Okafor",
     "March 2026", "Caddies ordered.", "Green", "Delivery delayed.", "Red"],
]  # fmt: skip
SEPTEMBER = (
    "Columns F and G ('Update Sept 24', 'RAG Sept 24') name “Sept 24”, whose two figures may be the day or the "
    "year: say which year it is (it reads as September 2024 beside the columns next to it)"
)
MARCH = (
    "Columns H and I ('Update Mar 25', 'RAG Mar 25') name “Mar 25”, whose two figures may be the day or the "
    "year: say which year it is (it reads as March 2025 beside the columns next to it)"
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
    assert heading_period("Update April 25", {"04-25": 2024}) == datetime.date(2024, 4, 1)
    assert heading_period("Update Apr 2025", {"04-25": 2024}) == datetime.date(2025, 4, 1)  # a year of its own
    assert heading_period("Update Sept 25", {"04-25": 2024}) == datetime.date(2025, 9, 1)  # another question


def test_each_month_and_figures_is_asked_once_with_the_year_its_neighbours_propose():
    asked = ambiguous_periods(["Ref", *ROUNDS])
    assert [(one.words, one.columns, one.proposed) for one in asked] == [
        ("Sept 24", (1, 2), 2024),
        ("Mar 25", (3, 4), 2025),
    ]
    # After October 2025, "April 25" is proposed as the April after it: the file runs oldest first.
    later = ambiguous_periods(["Update Oct 2025", "Update April 25"])
    assert [(one.words, one.proposed) for one in later] == [("April 25", 2026)]


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


def test_each_heading_whose_year_may_be_a_day_is_asked_on_its_own_and_read_in_the_year_said(
    client, clerk, review, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    preview = upload(client, review, tracker(), "tracker.xlsx")
    asked = [problem for problem in preview.context["preview"].problems if problem.fix == "year"]
    assert [str(problem) for problem in asked] == [SEPTEMBER, MARCH]
    text = page_text(preview.content)
    assert "Which year is “Sept 24”?" in text and "Which year is “Mar 25”?" in text
    assert "September 2024 (columns F and G), March 2025 (columns H and I)" in text  # as proposed, until answered
    summary = dict(preview.context["summary"])
    assert summary[MARCH] == f"#{preview.context['form']['year_03-25'].auto_id}"
    # Nothing is imported while a question is open.
    refused = confirm(client, preview, create_people="on")
    assert refused.status_code == 200 and not ProgressEntry.objects.exists()

    # One year for both, as the page used to ask, puts March before September: refused.
    both_2024 = {"create_people": "on", "year_09-24": "2024", "year_03-25": "2024"}
    preview = preview_again(client, preview, **both_2024)
    problems = [str(problem) for problem in preview.context["preview"].problems if problem.fix == "year"]
    assert problems == [
        "With the years given, column H's round is March 2024, not after September 2024 to its left, though the "
        "file runs oldest first: check the years"
    ]

    answer = {"create_people": "on", "year_09-24": "2024", "year_03-25": "2025"}
    preview = preview_again(client, preview, **answer)
    preview = preview_again(client, preview, **answer)  # the meeting dates of the months now read
    text = page_text(preview.content)
    assert "Columns F and G ('Update Sept 24', 'RAG Sept 24'): “Sept 24” read as September 2024, as you said." in text
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview, **answer)
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    periods = sorted(review.rounds.values_list("period", flat=True))
    assert periods == [datetime.date(2024, 9, 1), datetime.date(2025, 3, 1)]
    march = ProgressEntry.objects.filter(round__period=datetime.date(2025, 3, 1))
    assert sorted(march.values_list("evidence_of_progress", flat=True)) == [
        "Delivery delayed.",
        "Published in September.",
    ]


def test_the_command_asks_for_each_year_and_takes_them(tmp_path, clerk, review):
    from django.core.management import CommandError, call_command

    path = tmp_path / "tracker.xlsx"
    path.write_bytes(tracker())
    args = [str(path), "--review", review.slug, "--by", clerk.username, "--create-people", "--dry-run",
            "--leave-progress-out", "--status", "Amber=3", "--status", "Green=2", "--status", "Red=3"]  # fmt: skip
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", *args, stdout=io.StringIO(), stderr=errors)
    assert f'Problem: {SEPTEMBER} (--year "Sept 24=YYYY")' in errors.getvalue()
    assert f'Problem: {MARCH} (--year "Mar 25=YYYY")' in errors.getvalue()
    out = io.StringIO()
    call_command(
        "import_plan", *args, "--year", "Sept 24=2024", "--year", "Mar 25=2025", stdout=out, stderr=io.StringIO()
    )
    assert "“Mar 25” read as March 2025, as you said" in out.getvalue()
    with pytest.raises(CommandError, match="give a heading's month and two figures and the year"):
        call_command("import_plan", *args, "--year", "2024", stdout=io.StringIO(), stderr=io.StringIO())
