"""The scrutiny annual report in a real browser: a councillor finds it from
the committee's dashboard, picks a year, reads the figures beside their
charts, and downloads the Word document with the agenda header; on a
phone the charts' words stay readable."""

from django.urls import reverse
from django.utils import timezone

from actionplans.municipal import MunicipalYear
from tests.browser.conftest import assert_accessible, sign_in


def test_a_councillor_picks_a_year_and_reads_its_figures(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("committee_dashboard", args=["crime-and-disorder"]))
    page.get_by_role("link", name="Scrutiny annual report").click()
    this_year = MunicipalYear.containing(timezone.localdate()).label
    committee = "Crime and Disorder Select Committee"
    assert page.get_by_role("heading", level=1).inner_text() == f"Scrutiny annual report {this_year}: {committee}"
    # The year not yet ended: still open so far, three awaiting the committee's decision.
    assert "still open so far (as at" in page.locator("main").inner_text()
    page.get_by_label("Municipal year", exact=True).select_option(label="2019/20")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**/annual-report/2019/?committee=crime-and-disorder")
    assert page.get_by_role("heading", level=1).inner_text() == f"Scrutiny annual report 2019/20: {committee}"

    # The committee's decisions: the chart, named with its numbers, and the table beside it.
    chart = page.get_by_role("img", name=f"The committee's decisions on actions, {committee}")
    assert chart.count() == 1
    described = chart.evaluate("svg => svg.querySelector('desc').textContent")
    assert described == "12 Signed off, 1 Closed, not achieved, 3 Still open."
    table = page.get_by_role("table", name="The committee's decisions on actions")
    assert table.get_by_role("row", name="Signed off 12").count() == 1
    assert table.get_by_role("row", name="Still open 3").count() == 1
    # Each review's line a card: its title, then each figure beside its name.
    card = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name="Hate Crime", level=4))
    signed_off = card.locator(".govuk-summary-list__row").filter(has_text="Signed off")
    assert signed_off.locator("dd").inner_text() == "12"
    assert "Share On-Track or Fully Achieved 88%" in page.locator("main").inner_text().replace("\t", " ")
    assert_accessible(page)

    # A councillor is not offered DRAFT: the clerk marks the agenda pack's copy.
    assert page.get_by_label("Mark every page DRAFT").count() == 0
    page.get_by_label("Agenda header (optional)").fill("Agenda Item 8: Appendix 1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word").click()
    assert download.value.suggested_filename == "scrutiny-annual-report-2019-20-crime-and-disorder.docx"
    # The form posts: the agenda header stays out of the address.
    assert "agenda_header" not in download.value.url


def test_the_clerk_downloads_the_annual_report_marked_draft(page, demo_site):
    from docx import Document

    sign_in(page, "clerk")
    page.goto(reverse("annual_report", args=[2019]) + "?committee=crime-and-disorder")
    page.get_by_label("Agenda header (optional)").fill("Agenda Item 8: Appendix 1")
    page.get_by_label("Mark every page DRAFT").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word").click()
    assert download.value.suggested_filename == "scrutiny-annual-report-2019-20-crime-and-disorder.docx"
    header = Document(download.value.path()).sections[0].header.paragraphs[0].text
    assert header == "DRAFT – Agenda Item 8: Appendix 1"


def test_on_a_phone_the_charts_words_are_at_least_14px(page, demo_site):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "councillor")
    page.goto(reverse("annual_report", args=[2019]))
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('main svg[role=img] text')].map(text => {
            const svg = text.ownerSVGElement;
            return svg.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize);
        })"""
    )
    assert sizes and min(sizes) >= 14, sizes
    # Nothing runs off the side of the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_desk_the_select_committee_picker_shows_the_whole_name(page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "councillor")
    page.goto(reverse("annual_report", args=[2019]) + "?committee=crime-and-disorder")
    picker = page.get_by_label("Select Committee", exact=True)
    # The chosen name's width in the picker's own font, against the room
    # the picker gives it (its box less its padding, the arrow's among it).
    room, needed = picker.evaluate(
        """select => {
            const style = getComputedStyle(select);
            const context = document.createElement("canvas").getContext("2d");
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const text = select.options[select.selectedIndex].text;
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return [room, context.measureText(text).width];
        }"""
    )
    assert picker.evaluate("select => select.options[select.selectedIndex].text") == (
        "Crime and Disorder Select Committee"
    )
    assert needed <= room, (needed, room)
