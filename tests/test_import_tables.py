"""Issue 56, item 3: another council's paper, a table per recommendation
(Action | Lead | Target | Update | Status) under its recommendation ("R1
That the Council …"), comes in as a Word paper and pasted into Excel one
table under another, each through the pages as a clerk imports it."""

import datetime
import io

import docx
import openpyxl
import pytest

from actionplans.models import Action, ProgressEntry, Review
from tests.documents import body, document_text, page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, meaning_field, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Action", "Lead", "Target", "Update", "Status"]
R1 = "That the Council retenders its street lighting maintenance contract."
R2 = "That ward councillors are told of street lighting outages within a week."
TABLES = [
    (f"R1 {R1}", [
        ["Retender the contract", "Head of Highways", "Q3 2025/26", "Tender issued in July; bids due in November.",
         "On track"],
        ["Include LED lanterns in the specification", "Street Lighting Manager", "Q4 2025/26",
         "Specification drafted; energy figures awaited.", "Minor slippage"],
    ]),
    (f"R2 {R2}", [
        ["Set up an outage e-mail to ward councillors", "Customer Services Manager", "Q2 2025/26",
         "Live since June: 41 outages reported to councillors.", "Complete"],
    ]),
]  # fmt: skip
TYPED = [value for _, rows in TABLES for row in rows for value in (row[0], row[2], row[3])]


def word_paper() -> bytes:
    """The paper as the council lays it out: its title and introduction, a
    table per recommendation under the recommendation's paragraph, and its
    status key at the end."""
    document = docx.Document()
    document.add_heading("Street Lighting Scrutiny Review", level=1)
    document.add_paragraph("Progress on the recommendations agreed by Cabinet, reported to the committee.")
    document.add_paragraph("Each lead officer has updated their actions for October 2025.")
    for heading, rows in TABLES:
        document.add_paragraph(heading)
        table = document.add_table(rows=0, cols=len(HEADINGS))
        for values in [HEADINGS, *rows]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.add_paragraph("Status key")
    key = document.add_table(rows=0, cols=2)
    for word, meaning in [("Complete", "The action is done"), ("On track", "Going to plan")]:
        key.add_row().cells[0].text, key.rows[-1].cells[1].text = word, meaning
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pasted_into_excel() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Street Lighting Scrutiny Review: progress on the recommendations, October 2025"])
    sheet.append([])
    for heading, rows in TABLES:
        sheet.append([heading])
        sheet.append(HEADINGS)
        for row in rows:
            sheet.append(row)
        sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def review(db):
    return make_review(title="Street Lighting", status=Review.Status.SETTING_UP)


def imported_through_the_pages(client, clerk, review, data, name, capture):
    client.force_login(clerk)
    preview = upload(client, review, data, name, period_month="10", period_year="2025")
    # Only the clerk's questions: who is new, what the progress is, what each status word means.
    questions = {"people", "progress", "status"}
    assert not [str(problem) for problem in preview.context["preview"].problems if problem.fix not in questions]
    # The job titles are new here; "Minor slippage" is the file's own word (what it means: asked).
    preview = preview_again(
        client, preview, create_people="on", **{meaning_field(preview, "Minor slippage"): "at_risk"}
    )
    with capture(execute=True):
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    return preview


def exports(client, review) -> dict[str, str]:
    from django.urls import reverse

    printed = {"web": page_text(body(client.get(reverse("progress_update_page", args=[review.slug, "2025-10"]))))}
    for fmt in ("pdf", "docx", "xlsx"):
        url = reverse("progress_update", args=[review.slug]) + f"?round=2025-10&format={fmt}"
        printed[fmt] = " ".join(document_text(body(client.get(url)), fmt).split())
    return printed


def test_tables_pasted_one_under_another_come_in_under_their_recommendations(
    client, clerk, review, django_capture_on_commit_callbacks
):
    preview = imported_through_the_pages(
        client, clerk, review, pasted_into_excel(), "pasted.xlsx", django_capture_on_commit_callbacks
    )
    assert "Row 9 repeats the headings of row 4: the file is read as tables one under another" in page_text(
        preview.content
    )
    actions = Action.objects.filter(recommendation__review=review).select_related("recommendation", "sub_action")
    assert sorted((a.reference, a.recommendation.council_reference, a.agreed_action) for a in actions) == [
        ("1 a)", "R1", TABLES[0][1][0][0]),
        ("1 b)", "R1", TABLES[0][1][1][0]),
        ("2", "R2", TABLES[1][1][0][0]),
    ]
    assert sorted(a.recommendation.text for a in actions) == [R1, R1, R2]
    assert {a.target_text for a in actions} == {"Q3 2025/26", "Q4 2025/26", "Q2 2025/26"}  # as typed
    assert ProgressEntry.objects.filter(round__review=review, round__period=datetime.date(2025, 10, 1)).count() == 3
    for where, words in exports(client, review).items():
        for value in [R1, R2, *TYPED]:
            assert value in words, (where, value)


def test_a_word_paper_with_a_table_per_recommendation_comes_in(
    client, clerk, review, django_capture_on_commit_callbacks
):
    preview = imported_through_the_pages(
        client, clerk, review, word_paper(), "street-lighting.docx", django_capture_on_commit_callbacks
    )
    text = page_text(preview.content)
    assert "The 3 paragraphs at the top of the paper (its title and introduction) are not read." in text
    assert "Table 2, row 1 repeats the headings of table 1, row 1: the file is read as tables one under" in text
    assert "The paragraph after table 2: 'Status key' heads a section of the file (a heading)" in text
    assert "Table 3 is not read: its first row is not the headings of the tables of actions" in text
    actions = Action.objects.filter(recommendation__review=review).select_related("recommendation", "sub_action")
    assert sorted((a.reference, a.recommendation.council_reference) for a in actions) == [
        ("1 a)", "R1"), ("1 b)", "R1"), ("2", "R2"),
    ]  # fmt: skip
    for where, words in exports(client, review).items():
        for value in [R1, R2, *TYPED]:
            assert value in words, (where, value)


def test_a_word_papers_date_kept_as_typed_is_named_by_its_table_and_row(client, clerk, review):
    TABLES[1][1][0][2] = "Sept 25"  # September 2025, or the 25th? Kept as typed, and said at its cell
    try:
        data = word_paper()
    finally:
        TABLES[1][1][0][2] = "Q2 2025/26"
    client.force_login(clerk)
    preview = upload(client, review, data, "street-lighting.docx", period_month="10", period_year="2025")
    text = page_text(preview.content)
    assert "Table 2, row 2, Target: 'Sept 25' is kept as typed" in text
    assert "is kept as typed and printed as the paper has it" in text
    assert not Action.objects.exists()
