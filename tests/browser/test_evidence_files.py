"""Evidence files in Chromium, the issue's whole story: an officer attaches
a PDF and a Word file to her update and submits it; the link officer sees
and opens both and approves; the clerk publishes; the published record
lists both files with their SHA-256, folded, and serves them byte for byte. The
EICAR file, a renamed .exe and a .docm are refused with their messages and
nothing is stored; a file is not downloadable before it is scanned. Every
page on the way passes axe."""

import hashlib
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import EvidenceFile, ProgressEntry, PublishedEvidence
from tests import evidence_files
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_monitoring_round import open_round  # noqa: F401 (a fixture)
from tests.browser.test_published_record import open_checksums


def attach(page, title, name, data):
    page.get_by_label("Title").fill(title)
    page.get_by_label("File", exact=True).set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Attach the file").click()
    page.wait_for_load_state("load")


def downloaded(page, link) -> bytes:
    with page.expect_download() as download:
        link.click()
    return Path(download.value.path()).read_bytes()


def stored(settings) -> list[Path]:
    root = Path(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_evidence_files_from_the_officer_to_the_published_record(page, open_round, clamd, settings):  # noqa: F811
    entry = ProgressEntry.objects.get(round=open_round, action__strand="Schools, Colleges and Universities")
    minutes, plan = evidence_files.pdf(), evidence_files.docx()

    sign_in(page, "vanessa.housley")
    page.goto(reverse("update_entry", args=[entry.pk]))
    page.get_by_role("link", name="Attach a file under a title of your own").click()
    page.wait_for_url("**/files/")
    assert "No files are attached to this update." in page.locator("main").inner_text()
    assert_accessible(page)

    # What is not safe is refused, said by the field, and nothing is kept.
    for name, data, message in [
        ("report.txt", evidence_files.eicar(), "contains a virus or other malware (Eicar-Test-Signature"),
        ("minutes.pdf", evidence_files.program(), "is a program (an executable file), not a document"),
        ("plan.docm", evidence_files.docm(), "contains macros (it is a .docm, .xlsm or .pptm file)"),
    ]:
        attach(page, "Unsafe", name, data)
        summary = page.locator(".govuk-error-summary").inner_text()
        assert message in summary, summary
        assert message in page.locator("#id_file-error").inner_text()
        assert page.get_by_label("Title").input_value() == "Unsafe"
        assert_accessible(page)
    assert not EvidenceFile.objects.exists() and stored(settings) == []

    # A file attached while clamd cannot be reached is held: not downloadable.
    scanner = settings.SCRUTINY_CLAMD_SOCKET
    settings.SCRUTINY_CLAMD_SOCKET = scanner + ".down"
    attach(page, "Figures", "figures.csv", b"school,replied\nAll Saints,yes\n")
    assert "is being checked for viruses" in page.locator(".govuk-notification-banner").inner_text()
    held = EvidenceFile.objects.get(title="Figures")
    response = page.request.get(reverse("evidence_file", args=[held.pk]))
    assert response.status == 409 and "is being checked for viruses" in response.text()
    assert page.get_by_role("link", name="Figures").count() == 0  # no link to it
    page.goto(reverse("evidence_file", args=[held.pk]))
    page.console_problems.clear()  # the 409 itself
    assert_accessible(page)
    settings.SCRUTINY_CLAMD_SOCKET = scanner
    page.goto(reverse("entry_files", args=[entry.pk]))
    page.get_by_role("button", name="Remove ‘Figures’").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "‘Figures’ was removed from your update.", use_inner_text=True
    )

    attach(page, "Minutes of the schools forum", "minutes.pdf", minutes)
    attach(page, "Assembly plan", "plan.docx", plan)
    assert "‘Assembly plan’ was attached to your update." in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Back to your update").first.click()
    page.get_by_label("Evidence of Progress").fill("Assemblies held in every school.")
    page.locator("#id_grade_0").check()
    page.get_by_role("button", name="Submit to the link officer").click()
    page.wait_for_url("**/my-updates/")

    # The link officer sees both files on the update, opens them, and approves.
    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("approve_entry", args=[entry.pk]))
    files = page.locator("#files")
    assert "Minutes of the schools forum" in files.inner_text() and "Assembly plan" in files.inner_text()
    assert downloaded(page, files.get_by_role("link", name="Minutes of the schools forum")) == minutes
    assert downloaded(page, files.get_by_role("link", name="Assembly plan")) == plan
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("was approved", use_inner_text=True)

    # The clerk publishes; the record keeps and lists both, with their SHA-256 (folded).
    page.context.clear_cookies()
    sign_in(page, "clerk")
    page.goto(reverse("publish_round", args=[open_round.pk]))
    confirm = page.locator("#id_confirm_missing")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**{reverse('round_detail', args=[open_round.pk])}")
    record = page.locator("#published-record")
    open_checksums(record)
    copies = PublishedEvidence.objects.filter(round=open_round).order_by("pk")
    assert [copy.title for copy in copies] == ["Minutes of the schools forum", "Assembly plan"]
    for copy, data in zip(copies, (minutes, plan), strict=True):
        assert hashlib.sha256(data).hexdigest() == copy.sha256
        assert copy.sha256 in record.inner_text()
        link = record.locator(f'a[href="{reverse("published_evidence", args=[open_round.pk, 1, copy.pk])}"]')
        assert link.inner_text().startswith(copy.title)
        assert downloaded(page, link) == data
    assert_accessible(page)
