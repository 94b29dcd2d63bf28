"""A self-assessment as the committee appendix (reports/standards/appendix.py):
gathered once, in as many queries for 500 characteristics as for 5, and
printed the same in every format, seed 003's layout, with the agenda
options; its page and its downloads (reports/standards/views.py)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from actionplans.grading import Rating
from reports.documents import ExportOptions, render_document
from reports.standards.appendix import appendix_heading, assessment_filename, build_assessment_document
from tests.documents import assert_in_order, docx_text, pdf_text
from tests.factories import (
    make_assessment,
    make_framework,
    make_partnership_plan,
    publish_partnership_quarter,
)

pytestmark = pytest.mark.django_db

HEADER = "Item No: 12 Appendix A"
MET_PARTLY_NOT = (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET)
TRICKY = 'Forms are in every library.\n- Leaflets printed\n- =HYPERLINK("http://x")'


@pytest.fixture
def plan(clerk):
    plan = make_partnership_plan(by=clerk, name="Hate Crime Group", slug="hate-crime-group-plan")
    publish_partnership_quarter(plan, datetime.date(2018, 7, 1), {"1.1": "amber"}, by=clerk)
    return plan


@pytest.fixture
def assessment(clerk, plan):
    """Two standards of three characteristics (Met, Partly met, Not met in
    turn), the gaps closed by the plan's 1.1 (Amber in Q2 2018); 1 A's
    response with bullets and a would-be formula; published."""
    framework = make_framework(by=clerk, standards=2, characteristics=6, slug="north-east-standards")
    action = plan.actions().get(number="1.1")
    assessment = make_assessment(framework, by=clerk, ratings=MET_PARTLY_NOT, closing=[action], agenda_header=HEADER)
    first = assessment.responses.in_order().first()
    first.record(by=clerk, version=first.version, response=TRICKY, rating=Rating.MET, evidence="FLARE records.", gap="")
    assessment.publish(by=clerk)
    return assessment


@pytest.fixture
def document(assessment, clerk):
    return build_assessment_document(assessment, reader=clerk)


def render(document, fmt, **options):
    return render_document("self_assessment", document, fmt, ExportOptions(**options) if options else None)


# The document's first rows, in order: seed 003's paragraph, its table's
# header row, each row's letter, characteristic, function and response.
EXPECTED = [
    "Appendix A",
    "Standards of Achievable Good Practice",
    "Regional level (the whole region):",
    "Share practice",
    "1. Standard 1:",
    "This standard 1 relates to what partners do.",
    "1",
    "Characteristics of good practice",
    "Function",
    "Local response",
    "Rating",
    "A",
    "Characteristic 1 A of good practice.",
    "Function of 1 A.",
    "Forms are in every library.",
    "Leaflets printed",
    "Evidence: FLARE records.",
    "Met",
    "B",
    "Characteristic 1 B of good practice.",
    "Local response to 1 B.",
    "Gap: The gap in 1 B.",
    "Actions: Hate Crime Group Plan 2018–2019, 1.1 (Amber, Q2 2018)",
    "Partly met",
    "Not met",
    "2. Standard 2:",
]


def test_the_document_keeps_the_frameworks_order_and_each_gap_has_its_actions_status(document):
    assert [standard.heading for standard in document.standards] == ["1. Standard 1", "2. Standard 2"]
    rows = [row for standard in document.standards for row in standard.rows]
    assert [row.label for row in rows] == ["1 A", "1 B", "1 C", "2 A", "2 B", "2 C"]
    assert [row.rating for row in rows] == ["Met", "Partly met", "Not met"] * 2
    assert [row.leaves_a_gap for row in rows[:3]] == [False, True, True]
    (action,) = rows[1].actions
    assert action.printed == "Hate Crime Group Plan 2018–2019, 1.1 (Amber, Q2 2018)"
    assert document.standards[0].columns == ("1", "Characteristics of good practice", "Function", "Local response",
                                             "Rating")  # fmt: skip
    assert [level.heading for level in document.levels] == ["Regional level (the whole region):", "Local level:"]
    assert not document.is_draft and document.agenda_header == HEADER
    assert document.assessed_on_label == "1 October 2009"
    assert assessment_filename(document, "pdf") == "north-east-standards-self-assessment-2009-10-01.pdf"


def test_the_appendix_heading_comes_from_an_agenda_header_that_names_one():
    assert appendix_heading("Item No: 12 Appendix A") == "Appendix A"
    assert appendix_heading("Agenda Item 8: Appendix 1") == "Appendix 1"
    assert appendix_heading("Agenda Item 8") == ""


def query_counts(assessment, client, clerk):
    with CaptureQueriesContext(connection) as built:
        build_assessment_document(assessment, reader=clerk)
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("assessment_appendix", args=[assessment.pk]))
    assert response.status_code == 200
    return len(built), len(page)


def test_the_builder_and_the_page_make_as_many_queries_for_500_characteristics_as_for_5(clerk, plan, client):
    from tests.factories import make_action, make_recommendation, make_review

    review = make_review(title="Hate Crime")
    scrutiny_action = make_action(make_recommendation(review), agreed_action="Publicise prosecutions.")
    actions = [plan.actions().get(number="1.1"), scrutiny_action]
    small = make_assessment(make_framework(by=clerk, standards=1, characteristics=5), by=clerk, closing=actions)
    large = make_assessment(make_framework(by=clerk, standards=5, characteristics=500), by=clerk, closing=actions)
    assert build_assessment_document(large, reader=clerk).row_count == 500
    client.force_login(clerk)
    assert query_counts(small, client, clerk) == query_counts(large, client, clerk)


def test_the_renderers_never_touch_the_database(document, django_assert_num_queries):
    with django_assert_num_queries(0):
        for fmt in ("html", "pdf", "docx", "xlsx"):
            render(document, fmt, agenda_header=HEADER)
            render(document, fmt)


def test_the_pdf_is_a_tagged_portrait_appendix_with_the_agenda_header_and_the_packs_page_numbers(document):
    data = render(document, "pdf", agenda_header="Agenda Item 8: Appendix 3", first_page=23)
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert page.mediabox.width < page.mediabox.height
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = pdf_text(data).replace("\u200b", "")
    assert_in_order(text, ["Appendix 3", *EXPECTED[1:]])
    assert "Agenda Item 8: Appendix 3" in text and "Page 23" in text
    assert "DRAFT" not in text and HEADER not in text
    # The pack's page numbers in the viewer too.
    assert reader.page_labels[0] == "23"


def test_without_options_the_pdf_prints_the_assessments_own_agenda_header(document):
    text = pdf_text(render(document, "pdf")).replace("\u200b", "")
    assert_in_order(text, EXPECTED)
    assert HEADER in text and "Page 1 of 1" in text


def test_a_draft_prints_draft_on_every_page(clerk, assessment, document):
    draft = build_assessment_document(
        make_assessment(assessment.framework, by=clerk, agenda_header=HEADER), reader=clerk
    )
    assert draft.is_draft
    pdf = PdfReader(io.BytesIO(render(draft, "pdf")))
    assert all("DRAFT – Item No: 12 Appendix A" in page.extract_text() for page in pdf.pages)
    assert "DRAFT" in render(draft, "html").decode()
    assert Document(io.BytesIO(render(draft, "docx"))).sections[0].header.paragraphs[0].text.startswith("DRAFT")
    assert load_workbook(io.BytesIO(render(draft, "xlsx"))).sheetnames[0] == "DRAFT Self-assessment"
    # A published one, when asked.
    asked = pdf_text(render(document, "pdf", draft=True, agenda_header="Agenda Item 8"))
    assert "DRAFT – Agenda Item 8" in asked


def test_the_html_carries_the_text_as_paragraphs_and_lists(document):
    html = render(document, "html").decode()
    assert_in_order(html, ["Appendix A", "1. Standard 1:", "Characteristic 1 A", "Met"])
    assert "<li>Leaflets printed</li>" in html and "<style>" in html
    assert "&lt;" not in document.title and "DRAFT" not in html


def test_the_word_document_carries_the_text_and_the_agenda_header(document):
    doc = Document(io.BytesIO(render(document, "docx", agenda_header=HEADER, first_page=23)))
    section = doc.sections[0]
    assert section.page_width < section.page_height
    assert section.header.paragraphs[0].text == HEADER
    assert_in_order(docx_text(doc), EXPECTED)
    table = doc.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["1", "Characteristics of good practice", "Function",
                                                           "Local response", "Rating"]  # fmt: skip
    assert table.rows[2].cells[4].text == "Partly met"


def test_the_spreadsheet_has_a_row_per_characteristic_with_its_standard_and_no_formulas(document):
    book = load_workbook(io.BytesIO(render(document, "xlsx", agenda_header=HEADER)))
    assert book.sheetnames == ["Self-assessment", "Standards", "Levels"]
    sheet = book["Self-assessment"]
    rows = list(sheet.iter_rows(values_only=True))
    headings = rows.index(next(row for row in rows if row[0] == "Standard"))
    assert rows[0][0] == "Appendix A"
    assert rows[headings] == ("Standard", "Characteristic", "Characteristics of good practice", "Function",
                              "Local response", "Rating", "Evidence", "Gap", "Actions")  # fmt: skip
    body = rows[headings + 1 :]
    assert [row[1] for row in body] == ["1 A", "1 B", "1 C", "2 A", "2 B", "2 C"]
    assert body[0][0] == "1. Standard 1" and body[0][5] == "Met"
    assert body[0][4] == 'Forms are in every library.\n• Leaflets printed\n• =HYPERLINK("http://x")'
    assert body[1][7:] == ("The gap in 1 B.", "Hate Crime Group Plan 2018–2019, 1.1 (Amber, Q2 2018)")
    # Text stays text: the would-be formula is not one.
    assert sheet.cell(row=headings + 2, column=5).data_type == "s"
    assert sheet.oddHeader.center.text == HEADER
    assert list(book["Standards"].iter_rows(values_only=True))[1][:2] == (1, "Standard 1")


# The page and its downloads ------------------------------------------------------------


def test_a_councillor_reads_the_appendix_with_the_downloads_form_filled_in(client, councillor, assessment):
    client.force_login(councillor)
    response = client.get(reverse("assessment_appendix", args=[assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_in_order(html, ["Download the appendix", f'value="{HEADER}"', "Appendix A", "1. Standard 1:", "Partly met"])
    assert "govuk-tag--yellow" in html and "Draft</strong>" not in html


def test_the_download_prints_the_agenda_options_asked_for(client, councillor, assessment):
    client.force_login(councillor)
    url = reverse("assessment_appendix_file", args=[assessment.pk])
    response = client.get(url, {"format": "pdf", "agenda_header": "Agenda Item 8: Appendix 2", "first_page": "5",
                                "draft": "on"})  # fmt: skip
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="north-east-standards-self-assessment-2009-10-01.pdf"'
    )
    text = pdf_text(response.content)
    assert "Agenda Item 8: Appendix 2" in text and "Page 5" in text
    # DRAFT is the clerk's to ask for (issue 28): a councillor's address asking for it prints none.
    assert "DRAFT" not in text
    # A plain link (no agenda header at all) prints the assessment's own.
    plain = client.get(url, {"format": "docx"})
    assert Document(io.BytesIO(plain.content)).sections[0].header.paragraphs[0].text == HEADER
    # An emptied header prints none.
    emptied = client.get(url, {"format": "docx", "agenda_header": ""})
    assert Document(io.BytesIO(emptied.content)).sections[0].header.paragraphs[0].text == ""
    assert client.get(url, {"format": "xlsx"})["Content-Type"].endswith("spreadsheetml.sheet")
    assert client.get(url, {"format": "odt"}).status_code == 404


def test_options_that_will_not_do_show_the_page_again_saying_what_to_correct(client, councillor, assessment):
    client.force_login(councillor)
    url = reverse("assessment_appendix_file", args=[assessment.pk])
    response = client.get(url, {"format": "pdf", "agenda_header": "Item 9", "first_page": "page five"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "There is a problem" in html and html.count("Enter the first page number as a whole number, like 23") == 2
    assert 'value="page five"' in html and 'value="Item 9"' in html
    assert "<title>Error: " in html


def test_a_draft_is_for_clerks_only_and_says_draft(client, clerk, councillor, assessment):
    draft = make_assessment(assessment.framework, by=clerk, agenda_header=HEADER)
    client.force_login(councillor)
    assert client.get(reverse("assessment_appendix", args=[draft.pk])).status_code == 404
    assert client.get(reverse("assessment_appendix_file", args=[draft.pk]), {"format": "pdf"}).status_code == 404
    client.force_login(clerk)
    html = client.get(reverse("assessment_appendix", args=[draft.pk])).content.decode()
    assert "every page says DRAFT" in html and "Draft</strong>" in html
    pdf = client.get(reverse("assessment_appendix_file", args=[draft.pk]), {"format": "pdf"}).content
    assert "DRAFT – Item No: 12 Appendix A" in pdf_text(pdf)
