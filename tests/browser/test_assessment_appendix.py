"""The self-assessment as the committee appendix in a browser: a councillor
reads the published one and a clerk a draft, each on a desk and on a phone
(each standard's table scrolls in its own region), the downloads form's
error page too; axe finds nothing, and the download is named for the
framework and the date."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document
from playwright.sync_api import expect

from actionplans.models import Assessment, Framework
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_narrow_screens import PHONE, assert_fits_a_phone

SLUG = "north-east-hate-incident-standards"


@pytest.fixture
def assessments(rated_demo_site):
    """The demo council's published assessment, and a draft the clerk has started from it."""
    framework = Framework.objects.get(slug=SLUG)
    published = framework.assessments.get()
    draft = Assessment.objects.start(
        framework=framework,
        assessed_on=datetime.date(2021, 3, 1),
        start_from=published,
        agenda_header="Item No: 7 Appendix B",
        by=get_user_model().objects.get(username="clerk"),
    )
    return {"published": published, "draft": draft}


def ask_for_page_five_in_words(page):
    page.get_by_label("Number of the first page (optional)").fill("five")
    page.get_by_role("button", name="Download PDF").click()
    page.wait_for_url("**/appendix/file/**")


@pytest.mark.parametrize(
    "username, which, appendix",
    [("councillor", "published", "Appendix A"), ("clerk", "draft", "Appendix B")],
)
def test_the_appendix_and_its_error_page_are_accessible_on_a_desk_and_on_a_phone(
    page, assessments, username, which, appendix
):
    sign_in(page, username)
    url = reverse("assessment_appendix", args=[assessments[which].pk])
    page.goto(url)
    assert page.locator(".doc-appendix").inner_text() == appendix
    assert page.get_by_label("Agenda header (optional)").input_value().endswith(appendix)
    table = page.get_by_role("table", name="2. Hate Incident Case Management:")
    assert table.locator("tbody tr").count() == 9
    assert table.locator("tbody tr").nth(3).locator("td").last.inner_text() == "Partly met"
    assert (page.get_by_text("Draft", exact=True).count() > 0) == (which == "draft")
    assert_accessible(page)

    ask_for_page_five_in_words(page)
    summary = page.locator(".govuk-error-summary")
    assert "Enter the first page number as a whole number, like 23" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Number of the first page (optional)").input_value() == "five"
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    for address in (url, None):
        if address:
            page.goto(address)
        else:
            ask_for_page_five_in_words(page)
        assert_fits_a_phone(page)
        assert_accessible(page)
    # The wide tables scroll in their own focusable region.
    region = page.get_by_role("region", name="1. Third Party Reporting:")
    assert region.get_attribute("tabindex") == "0"


def test_a_councillor_downloads_the_appendix_for_the_agenda_pack(page, assessments):
    sign_in(page, "councillor")
    page.goto(reverse("assessment_appendix", args=[assessments["published"].pk]))
    # Only the clerk, who puts the agenda pack together, marks its pages DRAFT (issue 28).
    expect(page.get_by_label("Mark every page DRAFT")).to_have_count(0)
    page.get_by_label("Agenda header (optional)").fill("Item No: 12 Appendix A, for the members' briefing")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Word").click()
    assert download.value.suggested_filename == "north-east-hate-incident-standards-self-assessment.docx"
    # The form posts: the agenda header is in the file, not in the address.
    assert "agenda_header" not in download.value.url
    word = Document(download.value.path())
    headers = [p.text for s in word.sections for h in (s.header, s.first_page_header) for p in h.paragraphs]
    assert any("for the members' briefing" in text for text in headers), headers
