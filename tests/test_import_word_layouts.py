"""Issue 56, item 3: Word papers in a table per recommendation as councils
lay them out around their tables: the review's details in a header table
or in the paragraphs above, a table's title or note above its headings,
each imported through the pages as a clerk imports it."""

import datetime
import io

import docx
import pytest

from actionplans.models import Action, Review
from tests.documents import page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Action", "Lead", "Target", "Update", "Status"]
R1 = "That the Council publishes a map of fly-tipping hotspots every quarter."
R2 = "That the Council doubles the fixed penalty for fly-tipping."
R1_ROWS = [
    ["Publish the first hotspot map", "Sam Patel", "October 2025", "Published on 1 October.", "Complete"],
    ["Add reports from the app to the map", "Sam Patel", "March 2026", "Data feed being built.", "On track"],
]
R2_ROWS = [["Take the penalty to Cabinet", "Ruth Ames", "December 2025", "Report drafted.", "On track"]]


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_table(document, rows, *, title: str = ""):
    """A table of actions; `title`: a row above its headings, merged across."""
    table = document.add_table(rows=0, cols=len(HEADINGS))
    if title:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = title
    for values in [HEADINGS, *rows]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table


def paper_with_a_header_table() -> bytes:
    """The review's details in a table of their own under the paper's
    headings; R1 in its table's first row, R2's table with a note above
    its headings."""
    document = docx.Document()
    document.add_heading("Scrutiny review of fly-tipping", level=1)
    document.add_heading("Progress update – October 2025", level=2)
    header = document.add_table(rows=0, cols=2)
    for label, value in [
        ("Review", "Fly-tipping"),
        ("Committee", "Place Select Committee"),
        ("Link officer", "Sam Patel"),
        ("Action plan agreed", "March 2025"),
        ("Date of meeting", "12 November 2025"),
    ]:
        cells = header.add_row().cells
        cells[0].text, cells[1].text = label, value
    add_table(document, R1_ROWS, title=f"R1 {R1}")
    document.add_paragraph(f"R2 {R2}")
    add_table(document, R2_ROWS, title="Updated by the service in October 2025")
    return save(document)


def paper_with_heading_paragraphs() -> bytes:
    """The review's details as the seeds print them, a paragraph each,
    under the paper's headings and above the first table."""
    document = docx.Document()
    document.add_heading("Scrutiny review of fly-tipping", level=1)
    document.add_heading("Progress update – October 2025", level=2)
    document.add_paragraph("Review: Fly-tipping")
    document.add_paragraph("Link Officer/s: Sam Patel")
    document.add_paragraph("Action Plan Agreed: March 2025")
    document.add_paragraph(f"R1 {R1}")
    add_table(document, R1_ROWS)
    document.add_paragraph(f"R2 {R2}")
    add_table(document, R2_ROWS)
    return save(document)


@pytest.fixture
def review(db):
    return make_review(title="Fly-tipping", status=Review.Status.SETTING_UP)


def import_it(client, clerk, review, data, capture):
    client.force_login(clerk)
    preview = upload(client, review, data, "fly-tipping.docx", period_month="10", period_year="2025")
    questions = {"people", "progress", "status"}
    assert not [str(problem) for problem in preview.context["preview"].problems if problem.fix not in questions]
    preview = preview_again(client, preview, create_people="on")
    with capture(execute=True):
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    return page_text(preview.content)


def saved(review) -> list[tuple]:
    actions = Action.objects.filter(recommendation__review=review).select_related("recommendation")
    return sorted((a.reference, a.recommendation.council_reference, a.agreed_action) for a in actions)


EXPECTED = [
    ("1 a)", "R1", R1_ROWS[0][0]),
    ("1 b)", "R1", R1_ROWS[1][0]),
    ("2", "R2", R2_ROWS[0][0]),
]


def test_a_header_table_gives_the_reviews_details_and_titles_above_headings_are_read(
    client, clerk, review, django_capture_on_commit_callbacks
):
    text = import_it(client, clerk, review, paper_with_a_header_table(), django_capture_on_commit_callbacks)
    assert "Link officer/s: Sam Patel" in text
    assert "Action plan agreed: March 2025 (now March 2019)" in text
    assert "Table 1, row 5 ('Date of meeting 12 November 2025') is not read: it is not one of the review's" in text
    assert "Table 3, row 1 ('Updated by the service in October 2025') is above the table's headings and is" in text
    assert "Table 1 is not read" not in text
    assert "The 2 paragraphs at the top of the paper (its title and introduction) are not read." in text
    assert saved(review) == EXPECTED
    review.refresh_from_db()
    assert review.action_plan_agreed == datetime.date(2025, 3, 1)
    assert [o.name for o in review.link_officers_in_order()] == ["Sam Patel"]


def test_the_reviews_details_in_paragraphs_above_the_tables_are_read_as_the_seeds_are(
    client, clerk, review, django_capture_on_commit_callbacks
):
    text = import_it(client, clerk, review, paper_with_heading_paragraphs(), django_capture_on_commit_callbacks)
    assert "Link officer/s: Sam Patel" in text
    assert "The 2 paragraphs at the top of the paper (its title and introduction) are not read." in text
    assert saved(review) == EXPECTED
    review.refresh_from_db()
    assert review.action_plan_agreed == datetime.date(2025, 3, 1)


def test_a_review_detail_the_import_cannot_read_is_named_where_the_paper_has_it(client, clerk, review):
    document = docx.Document()
    document.add_paragraph("Action Plan Agreed: soon")
    document.add_paragraph(f"R1 {R1}")
    add_table(document, R1_ROWS)
    client.force_login(clerk)
    preview = upload(client, review, save(document), "fly-tipping.docx", period_month="10", period_year="2025")
    found = [str(problem) for problem in preview.context["preview"].problems]
    assert any(p.startswith("The paragraph before table 1, Action Plan Agreed: 'soon'") for p in found), found
    assert not Action.objects.exists()
