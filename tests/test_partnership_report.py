"""A partnership plan's quarterly report: gathered once, in the plan's
order, in as many queries for 500 actions as for 5, and printed the same in
every format (reports/partnership/)."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from actionplans.grading import NO_UPDATE_RECEIVED
from actionplans.models import Indicator, PartnershipUpdate
from actionplans.roles import PARTNER_LEAD
from reports.documents import ExportOptions, render_document
from reports.partnership.report import build_partnership_report, report_filename
from tests.documents import assert_in_order, document_text, docx_text, pdf_text, squash
from tests.factories import make_partnership_plan, make_user, publish_partnership_quarter

pytestmark = pytest.mark.django_db


def quarter_with_updates(plan, clerk, coordinator, approved=("1.1",), texts=None):
    """The July 2018 quarter, with the updates numbered in `approved`
    written by the first organisation's lead and approved."""
    lead = make_user(f"lead.{plan.pk}", PARTNER_LEAD)
    for organisation in plan.partnership.organisations.all():
        organisation.set_members([lead], by=clerk)
    plan.coordinator = coordinator
    plan.save()
    quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    for update in PartnershipUpdate.objects.filter(quarter=quarter, action__number__in=approved):
        text = (texts or {}).get(update.action.number, f"Progress on {update.action.number}")
        update.save_update(by=lead, version=update.version, submit=True, progress=text, rag="green")
        update.approve(by=coordinator, version=update.version)
    return quarter


@pytest.fixture
def plan(clerk):
    return make_partnership_plan(by=clerk, actions=3, themes=2)


def test_the_report_keeps_the_plans_order_and_an_update_not_approved_is_blank_as_the_partnerships_paper(
    plan, clerk, link_officer
):
    quarter = quarter_with_updates(plan, clerk, link_officer, approved=("1.1", "2.3"))
    quarter.publish(by=clerk)
    document = build_partnership_report(plan, quarter)
    assert [theme.heading for theme in document.themes] == ["1. Theme 1", "2. Theme 2"]
    lines = [action for theme in document.themes for action in theme.actions]
    assert [line.number for line in lines] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert (lines[0].progress, lines[0].rag) == ("Progress on 1.1", "Green")
    assert (lines[1].progress, lines[1].rag, lines[1].received) == ("", "", False)
    assert not document.is_draft and document.quarter_label == "Q2 2018"


def test_an_open_quarters_report_is_a_draft_where_each_update_not_approved_shows_its_status(plan, clerk, link_officer):
    """While the quarter is open, an update not yet approved reads where it
    is; once published, its cells are blank."""
    quarter = quarter_with_updates(plan, clerk, link_officer)
    lead = plan.partnership.organisations.first().members.get()
    submitted = quarter.updates.get(action__number="1.2")
    submitted.save_update(by=lead, version=submitted.version, submit=True, progress="Waiting", rag="red")
    document = build_partnership_report(plan, quarter)
    assert document.is_draft and document.quarter_open
    lines = {action.number: action for theme in document.themes for action in theme.actions}
    assert (lines["1.1"].progress, lines["1.1"].received) == ("Progress on 1.1", True)
    assert (lines["1.2"].progress, lines["1.2"].rag, lines["1.2"].received) == (
        "Submitted, waiting to be checked",
        "",
        False,
    )
    assert lines["1.3"].progress == "Not started"
    quarter.publish(by=clerk)
    lines = {
        action.number: action for theme in build_partnership_report(plan, quarter).themes for action in theme.actions
    }
    assert lines["1.2"].progress == lines["1.3"].progress == ""


def query_count(plan, quarter):
    with CaptureQueriesContext(connection) as captured:
        build_partnership_report(plan, quarter)
    return len(captured)


def test_the_builder_makes_as_many_queries_for_500_actions_as_for_5(clerk, link_officer):
    small = make_partnership_plan(by=clerk, actions=5, themes=1)
    large = make_partnership_plan(by=clerk, actions=100, themes=5)
    small_quarter = quarter_with_updates(small, clerk, link_officer)
    large_quarter = quarter_with_updates(large, clerk, link_officer)
    assert query_count(small, small_quarter) == query_count(large, large_quarter)


@pytest.fixture
def document(plan, clerk, link_officer):
    texts = {"1.1": 'Filming arranged.\n- Transcript done\n- =HYPERLINK("http://x")'}
    quarter = quarter_with_updates(plan, clerk, link_officer, texts=texts)
    quarter.publish(by=clerk)
    return build_partnership_report(plan, quarter)


def render(document, fmt, **options):
    return render_document("partnership_report", document, fmt, ExportOptions(**options))


EXPECTED = ["1. Theme 1", "1.1", "Action 1.1 of the plan", "OPCC", "March 2019", "Outcome of 1.1", "Filming arranged."]


def test_the_renderers_never_touch_the_database(document, django_assert_num_queries):
    with django_assert_num_queries(0):
        for fmt in ("html", "pdf", "docx", "xlsx"):
            render(document, fmt, agenda_header="Agenda Item 8: Appendix 1")


def test_the_pdf_is_landscape_with_the_agenda_header_on_each_page_and_the_rag_as_a_word(document):
    from pypdf import PdfReader

    data = render(document, "pdf", agenda_header="Agenda Item 8: Appendix 1", first_page=23)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = pdf_text(data)
    assert_in_order(text, [*EXPECTED, "Transcript done", "Green", "1.2"])
    assert NO_UPDATE_RECEIVED not in text and "Not rated" not in text
    assert "Agenda Item 8: Appendix 1" in text and "Page 23" in text


def test_the_html_carries_the_text_and_marks_a_draft(plan, clerk, link_officer, document):
    html = render(document, "html").decode()
    assert_in_order(html, [*EXPECTED[:2], "Green"])
    assert "<li>Transcript done</li>" in html
    draft = build_partnership_report(plan, plan.quarters.get())
    assert "DRAFT" not in html and "DRAFT" in render(draft, "html", draft=True).decode()


def test_the_word_document_is_landscape_and_carries_the_text(document):
    doc = Document(io.BytesIO(render(document, "docx", agenda_header="Agenda Item 8: Appendix 1")))
    assert doc.sections[0].page_width > doc.sections[0].page_height
    assert_in_order(docx_text(doc), [*EXPECTED, "Transcript done", "Green"])
    assert doc.sections[0].header.paragraphs[0].text == "Agenda Item 8: Appendix 1"


def test_the_spreadsheet_has_one_sheet_theme_rows_dates_as_dates_and_no_formulas(document):
    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert len(book.worksheets) == 1
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    headings = rows.index(next(row for row in rows if row[0] == "Theme"))
    assert rows[headings + 1][0] == "1. Theme 1" and rows[headings + 1][1] is None
    first = rows[headings + 2]
    assert first[1] == "1.1" and first[5] == datetime.datetime(2019, 3, 1) and first[9] == "Green"
    cell = book.worksheets[0].cell(row=headings + 3, column=9)
    assert cell.data_type == "s" and "=HYPERLINK" in cell.value


def test_a_plan_with_activities_prints_seed_004s_columns_and_its_glossary(clerk, link_officer):
    """Seed 004 prints each activity as a row of its own, its timeframe and
    lead beside it, the objective's cells spanning its rows."""
    plan = make_partnership_plan(by=clerk, actions=1, themes=1)
    indicator = Indicator.objects.create(
        code="NI 35", title="Building resilience to violent extremism", reference="PSA 26"
    )
    plan.set_glossary(["NI 35"], by=clerk)
    action = plan.actions().get()
    for text, timeframe, lead in ACTIVITIES:
        action.add_activity(text=text, target_text=timeframe, leads=lead, by=clerk)
    action.indicator_links.create(indicator=indicator)
    quarter = quarter_with_updates(plan, clerk, link_officer)
    document = build_partnership_report(plan, quarter)
    assert document.columns[-2] == "Progress to date – Q2 2018"
    text = pdf_text(render(document, "pdf"))
    assert_in_order(
        text,
        [
            "Objective/Issue",
            "Activity/Output",
            "1.1. Action 1.1",
            "See separate Partnership Plan",
            "Projects in place",
            "Police",
            "NI 35 PSA 26",
            "Glossary",
            "NI 35",
            "Building resilience to violent extremism",
        ],
    )

    html = render(document, "html").decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL)
    for text, timeframe, lead in ACTIVITIES:
        row = next(row for row in rows if text in row)
        assert timeframe in row and lead in row
    first = next(row for row in rows if ACTIVITIES[0][0] in row)
    assert 'rowspan="2">1.1. Action 1.1' in first and 'rowspan="2"><p>NI 35 PSA 26' in first

    table = Document(io.BytesIO(render(document, "docx"))).tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert [row[1:4] for row in cells[1:]] == [list(activity) for activity in ACTIVITIES]
    # The objective's cells are merged down its rows: Word reads the same cell on each.
    assert cells[1][0] == cells[2][0] == "1.1. Action 1.1 of the plan" and cells[1][6] == cells[2][6] == "Green"

    sheet = load_workbook(io.BytesIO(render(document, "xlsx"))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    lines = [row for row in values if row[1] == "1.1"]
    # Each activity's text, timeframe, target month (for the import to read back) and lead.
    assert [(row[-4], row[-3], row[-1]) for row in lines] == list(ACTIVITIES)
    assert lines[0][9] == "Green" and lines[1][2] is None and lines[1][9] is None


ACTIVITIES = [
    ("See separate Partnership Plan", "Projects in place", "Police"),
    ("Quarterly monitoring of process", "June 2010 / ongoing", "CST"),
]


def plan_with(actions: int, clerk, coordinator):
    """A plan of `actions` actions, the first two with activities and an
    indicator (seed 004's layout), a published quarter whose first updates
    are approved and an open one after it."""
    plan = make_partnership_plan(by=clerk, actions=actions, themes=1)
    indicator, _ = Indicator.objects.get_or_create(code="NI 21", defaults={"reference": "PSA 23"})
    plan.set_glossary(["NI 21"], by=clerk)
    for action in plan.actions()[:2]:
        action.indicator_links.create(indicator=indicator)
        for text, timeframe, lead in ACTIVITIES:
            action.add_activity(text=text, target_text=timeframe, leads=lead, by=clerk)
    quarter = quarter_with_updates(plan, clerk, coordinator, approved=("1.1", "1.2", "1.3"))
    quarter.publish(by=clerk)
    plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)
    return plan


def test_the_plan_page_and_its_spreadsheet_make_as_many_queries_for_500_actions_as_for_5(clerk, link_officer):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(clerk)

    def queries(plan):
        counts = []
        for name, params in (("partnership_plan", {}), ("partnership_report_file", {"format": "xlsx"})):
            url = reverse(name, args=[plan.slug])
            client.get(url, params)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
                assert response.status_code == 200
            if name == "partnership_plan":
                assert "Quarterly monitoring of process" in response.content.decode()
            counts.append(len(captured))
        return counts

    assert queries(plan_with(5, clerk, link_officer)) == queries(plan_with(500, clerk, link_officer))


def test_a_quarter_keeps_the_name_its_file_gave_it_in_every_format(cast):
    """'Q1 2018/19', as an imported plan's heading named its quarter: the
    report, its file's name and its spreadsheet's sheet say it, not 'Q1 2018'
    (and a sheet's name may not have a slash)."""
    plan = make_partnership_plan(by=cast["clerk"])
    quarter = publish_partnership_quarter(plan, datetime.date(2018, 4, 1), {"1.1": "green"}, by=cast["clerk"])
    quarter.named = "Q1 2018/19"
    quarter.save()
    assert (quarter.label, quarter.printed_label) == ("Q1 2018/19", "Q1 2018/19")
    assert quarter.months_label == "Q1 2018/19 (April to June 2018)"
    document = build_partnership_report(plan, quarter)
    assert document.subtitle.endswith("progress to Q1 2018/19")
    assert report_filename(document, "pdf") == f"{plan.slug}-q1-201819.pdf"
    for fmt in ("pdf", "docx", "xlsx"):
        text = squash(document_text(render_document("partnership_report", document, fmt), fmt))
        assert "progresstoQ12018/19" in text, fmt
    workbook = load_workbook(io.BytesIO(render_document("partnership_report", document, "xlsx")))
    assert workbook.sheetnames == ["Q1 2018-19"]
