"""The scrutiny annual report in a real browser: a councillor finds it from
the committees page, picks a year, reads the figures beside their charts,
and downloads the Word document."""

from django.urls import reverse

from tests.browser.conftest import assert_accessible, sign_in


def test_a_councillor_picks_a_year_and_reads_its_figures(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("committees"))
    page.get_by_role("link", name="Scrutiny annual report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Scrutiny Annual Report 2020/21"
    page.get_by_label("Municipal year", exact=True).select_option(label="2019/20")
    page.get_by_label("Select Committee", exact=True).select_option(label="Crime and Disorder Select Committee")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**/annual-report/2019/?committee=crime-and-disorder")
    assert page.get_by_role("heading", level=1).inner_text() == "Scrutiny Annual Report 2019/20"

    # The committee's decisions: the chart, named with its numbers, and the table beside it.
    chart = page.get_by_role("img", name="The committee's decisions on actions, Crime and Disorder Select Committee")
    assert chart.count() == 1
    described = chart.evaluate("svg => svg.querySelector('desc').textContent")
    assert described == "12 Signed off, 1 Closed, not achieved, 3 Still open."
    table = page.get_by_role("table", name="The committee's decisions on actions")
    assert table.get_by_role("row", name="Signed off 12").count() == 1
    assert table.get_by_role("row", name="Still open 3").count() == 1
    assert "Share On-Track or Fully Achieved 88%" in page.locator("main").inner_text().replace("\t", " ")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Word").click()
    assert download.value.suggested_filename == "scrutiny-annual-report-2019-20-crime-and-disorder.docx"
