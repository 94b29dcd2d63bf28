"""Issue 73, item 4: an Executive Response column is the executive's
response, checked at the preview as the response page checks it. The
whole paper through the pages, every value in every export, is
tests/council_papers.py's Thornbury."""

import datetime
import io

import openpyxl
import pytest

from actionplans.grading import Response
from actionplans.importing import reading, saving
from actionplans.importing.responses import parse_response
from actionplans.models import ExecutiveResponse, Review
from tests.factories import make_owner, make_review

pytestmark = pytest.mark.django_db

HEADINGS = ["Ref", "Recommendation", "Cabinet response", "Action", "Lead officer", "Target date", "Progress"]
MARCH = datetime.date(2025, 3, 12)


def tracker(*responses: str, progress: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for number, response in enumerate(responses, start=1):
        sheet.append([f"R{number}", f"That the Council acts on {number} for residents", response, f"Act {number}",
                      "Tahir Ali", "June 2025", progress])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("Accepted", (Response.ACCEPTED, "")),
        ("Agreed – work starts in April.", (Response.ACCEPTED, "work starts in April.")),
        ("Accepted in part: two wards first", (Response.PARTIALLY, "two wards first")),
        ("Supported in part. Cost.", (Response.PARTIALLY, "Cost.")),
        ("Not supported: no budget", (Response.REJECTED, "no budget")),
        ("Noted", None),
        ("Acceptedly", None),
    ],
)
def test_the_first_words_say_the_response_and_the_rest_are_the_executives(cell, read):
    assert parse_response(cell) == read


def review_with_report(**fields):
    make_owner("Tahir Ali")
    return make_review(status=Review.Status.SETTING_UP, report_to_executive=datetime.date(2025, 2, 3), **fields)


def preview_of(review, data: bytes, responded_on=MARCH):
    read = reading.read(data, "responses.xlsx", period=datetime.date(2025, 3, 1))
    return read, saving.compare(review, read.plan, responded_on=responded_on)


def test_a_rejected_recommendation_with_progress_is_stopped_at_the_preview():
    review = review_with_report()
    _, preview = preview_of(review, tracker("Accepted", "Rejected: too costly", progress="Begun."))
    assert [str(problem) for problem in preview.problems if "Rejected" in str(problem)] == [
        "C3: recommendation 2 has progress in the file, so it is monitored: it cannot be recorded as Rejected"
    ]


def test_the_responses_recorded_already_are_left_as_they_are_and_published_ones_are_not_changed(clerk):
    review = review_with_report()
    data = tracker("Accepted", "Partially accepted: two wards first")
    read, _ = preview_of(review, data)
    saving.import_plan(review, read.plan, by=clerk, responded_on=MARCH)
    assert ExecutiveResponse.objects.count() == 2

    # The same file a month later: nothing to record, nothing re-dated.
    read, preview = preview_of(review, data, responded_on=datetime.date(2025, 4, 1))
    assert preview.problems == [] and not any("Executive response" in line for line in preview.review_changes)
    saving.import_plan(review, read.plan, by=clerk, responded_on=datetime.date(2025, 4, 1))
    assert set(ExecutiveResponse.objects.values_list("responded_on", flat=True)) == {MARCH}

    # Published, they change only on the response page, where the reason is kept.
    review.refresh_from_db()
    review.publish_responses(by=clerk, version=review.version)
    _, preview = preview_of(review, tracker("Accepted", "Rejected: too costly"))
    assert any("change it on the review's response page" in str(problem) for problem in preview.problems)


def test_an_unreadable_response_is_a_problem_at_its_cell_and_a_date_is_asked():
    review = review_with_report()
    _, preview = preview_of(review, tracker("Noted", "Accepted"), responded_on=None)
    found = [str(problem) for problem in preview.problems]
    assert found[0].startswith("C2: 'Noted' does not say the executive's response: start the cell with Accepted")
    assert "The file gives the executive's response to a recommendation: give its date below" in found


def test_the_response_pages_rules_are_the_imports(clerk):
    """Recorded through Review.record_responses: the history names the clerk."""
    review = review_with_report()
    read, _ = preview_of(review, tracker("Accepted"))
    saving.import_plan(review, read.plan, by=clerk, responded_on=MARCH)
    answer = ExecutiveResponse.objects.get()
    assert answer.history.get().history_user == clerk
    assert (answer.response, answer.reasons, answer.responded_on) == ("accepted", "", MARCH)
