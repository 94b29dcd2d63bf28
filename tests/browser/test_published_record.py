"""Publishing a round in a real browser: its document is kept in every
format, with its public copy, the round page shows each file's SHA-256
(folded: the clerk opens it), and downloading a file gives exactly the
bytes stored, every time."""

import datetime
import hashlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.urls import reverse

from actionplans.models import PublishedDocument
from reports.documents import FORMATS
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import keep_open_in_september


def open_checksums(record):
    """What the clerk does to read the SHA-256: open each version's "SHA-256 checksums"."""
    summaries = record.locator("details.app-checksums > summary")
    for index in range(summaries.count()):
        summaries.nth(index).click()
    assert record.locator("details.app-checksums:not([open])").count() == 0


def test_a_clerk_publishes_a_round_and_downloads_exactly_the_stored_files(page, demo_site):
    keep_open_in_september("Schools, Colleges and Universities")
    round = demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=get_user_model().objects.get(username="clerk"),
    )
    sign_in(page, "clerk")
    page.goto(reverse("publish_round", args=[round.pk]))
    page.get_by_label("Agenda header (optional)").fill("Agenda Item 8: Appendix 1")
    page.get_by_label("Number of the first page (optional)").fill("23")
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**{reverse('round_detail', args=[round.pk])}")
    assert "Its document is being prepared" in page.locator(".govuk-notification-banner").inner_text()
    record = page.locator("#published-record")
    assert "Version 1: published on" in record.inner_text()
    assert_accessible(page)

    stored = {d.format: d for d in PublishedDocument.objects.committee().filter(round=round, version=1)}
    assert sorted(stored) == sorted(FORMATS)
    open_checksums(record)
    for fmt, document in stored.items():
        shown = record.locator(f"code[data-format={fmt}][data-version='1']").inner_text()
        assert shown == document.sha256
        with storages["published"].open(document.storage_name, "rb") as file:
            kept = file.read()
        link = record.locator(f"a[href$='/published/1/{fmt}/']")
        assert link.inner_text().startswith(FORMATS[fmt].label)
        downloads = []
        for _ in range(2):
            with page.expect_download() as info:
                link.click()
            downloads.append(Path(info.value.path()).read_bytes())
        assert downloads[0] == downloads[1] == kept
        assert hashlib.sha256(downloads[0]).hexdigest() == shown
        assert info.value.suggested_filename == f"hate-crime-progress-update-2021-03.{fmt}"
        # Its public copy, the same bytes kept beside them, listed below.
        assert record.locator(f"code[data-format={fmt}][data-version='public-1']").inner_text() == shown
