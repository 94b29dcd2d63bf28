"""A resident finds the open data without signing in, reads what each file
holds, and downloads the updates as CSV."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

ONLINE_PORTAL = "redesigned our hate crime reporting system to include an online portal"


def test_anyone_reads_the_open_data_page_and_downloads_a_csv(page, demo_site, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    page.goto("/open-data/")
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    expect(page.get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("The columns of progress updates").click()
    expect(page.get_by_text("evidence_of_progress", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Progress updates as CSV").click()
    assert download.value.suggested_filename == "updates.csv"
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbfreference,action_reference,")
    assert ONLINE_PORTAL in body.decode("utf-8-sig")
