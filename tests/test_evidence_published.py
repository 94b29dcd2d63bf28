"""Evidence files in the published record: every format lists each file
(title, kind, size) under its update, the spreadsheet with its SHA-256 too;
the files are kept with the round's documents and served byte for byte, the
clerk's record giving their SHA-256, folded; exempt ones stay out of the
public version."""

import hashlib
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from actionplans.models import Notification, PublishedEvidence
from reports.progress_update.builder import build_published_round
from tests import evidence_files
from tests.documents import docx_text, pdf_text, squash
from tests.test_published_record import clerk_client, download, publish, stored_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_files(demo_march_2021, clamd):
    """The demo's March 2021 round with 1 a) Schools' update carrying a PDF
    and a Word file, submitted and approved."""
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    officer = entry.owners.filter(user__isnull=False).first().user
    pdf, docx = evidence_files.pdf(), evidence_files.docx()
    minutes = entry.attach_file(
        by=officer,
        version=entry.version,
        title="Minutes of the schools forum",
        upload=SimpleUploadedFile("minutes.pdf", pdf),
        name="minutes.pdf",
    )
    notes = entry.attach_file(
        by=officer,
        version=entry.version,
        title="Assembly plan",
        upload=SimpleUploadedFile("plan.docx", docx),
        name="plan.docx",
    )
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="Assemblies held.",
        grade=2,
        grade_explanation="Two to go.",
    )
    entry.approve(by=get_user_model().objects.get(username="clerk"), version=entry.version)
    return {"round": demo_march_2021, "entry": entry, "minutes": minutes, "notes": notes, "bytes": (pdf, docx)}


def test_the_published_record_lists_each_file_in_every_format_and_serves_it_byte_for_byte(
    with_files, django_capture_on_commit_callbacks
):
    round, minutes, notes = with_files["round"], with_files["minutes"], with_files["notes"]
    publish(clerk_client(), round, django_capture_on_commit_callbacks)
    documents = {d.format: stored_bytes(d) for d in round.published_documents.committee()}

    pdf = squash(pdf_text(documents["pdf"]))
    word = squash(docx_text(Document(io.BytesIO(documents["docx"]))))
    html = squash(documents["html"].decode())
    for text in (pdf, word, html):
        assert squash("Evidence files (March 2021)") in text
        assert squash("Minutes of the schools forum (PDF, 1 KB)") in text
        assert squash(f"Assembly plan (Word document, {notes.size_label})") in text
        # The committee's papers print no checksum: a spreadsheet's column is where it is looked up.
        assert "SHA-256" not in text and minutes.sha256 not in text and notes.sha256 not in text
    sheet = openpyxl.load_workbook(io.BytesIO(documents["xlsx"]))["Evidence files"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Round", "Action reference", "Title", "Kind", "Size (bytes)", "SHA-256")
    assert [row[2:] for row in rows[1:]] == [
        ("Minutes of the schools forum", "PDF", minutes.size, minutes.sha256),
        ("Assembly plan", "Word document", notes.size, notes.sha256),
    ]

    # Kept with the round's documents, and served byte for byte.
    copies = list(PublishedEvidence.objects.filter(round=round).order_by("pk"))
    assert [(c.title, c.version, c.sha256) for c in copies] == [
        ("Minutes of the schools forum", 1, minutes.sha256),
        ("Assembly plan", 1, notes.sha256),
    ]
    page = clerk_client().get(reverse("round_detail", args=[round.pk])).content.decode()
    assert "Evidence files kept with version 1" in page
    # The clerk's record gives each file's SHA-256, folded in a details under the version's tables.
    folded = re.search(r'<details class="govuk-details app-checksums">(.*?)</details>', page, re.S).group(1)
    assert "SHA-256 checksums" in folded and minutes.sha256 in folded and notes.sha256 in folded
    assert page.count(minutes.sha256) == 1
    for copy, data in zip(copies, with_files["bytes"], strict=True):
        url = reverse("published_evidence", args=[round.pk, 1, copy.pk])
        assert url in page
        served = download(clerk_client(), url)
        assert served == data
        assert hashlib.sha256(served).hexdigest() == copy.sha256


def test_a_file_marked_exempt_is_left_out_of_the_public_version(with_files, django_capture_on_commit_callbacks):
    round, minutes = with_files["round"], with_files["minutes"]
    clerk = get_user_model().objects.get(username="clerk")
    minutes.mark_exempt(3, by=clerk)
    publish(clerk_client(), round, django_capture_on_commit_callbacks)
    document = build_published_round(round)
    titles = [f.title for a in document.actions for e in a.entries for f in e.files]
    assert titles == ["Assembly plan"]
    assert [c.title for c in PublishedEvidence.objects.filter(round=round)] == ["Assembly plan"]


def test_the_public_downloads_a_published_updates_files_unless_the_file_or_the_update_is_exempt(
    with_files, django_capture_on_commit_callbacks, settings
):
    from django.test import Client

    settings.SCRUTINY_PUBLIC_PAGES = True
    round, entry, minutes = with_files["round"], with_files["entry"], with_files["minutes"]
    clerk = get_user_model().objects.get(username="clerk")
    minutes.mark_exempt(3, by=clerk)
    publish(clerk_client(), round, django_capture_on_commit_callbacks)
    public = Client()
    page_url = reverse("public_round", args=[round.review.slug, round.period_code])
    page = public.get(page_url).content.decode()
    plan = PublishedEvidence.objects.get(round=round, title="Assembly plan")
    assert "Assembly plan" in page and "Minutes of the schools forum" not in page
    url = reverse("public_evidence_file", args=[round.review.slug, round.period_code, plan.pk])
    assert url in page
    served = public.get(url)
    assert b"".join(served.streaming_content) == with_files["bytes"][1]
    assert "private" not in served.get("Cache-Control", "")  # the public's, as any public page

    # The update itself marked exempt since: its files leave the public pages.
    entry.refresh_from_db()
    entry.mark_exempt(7, by=clerk)
    assert "Assembly plan" not in public.get(page_url).content.decode()
    assert public.get(url).status_code == 404


def test_a_file_marked_exempt_after_publication_is_not_listed_in_the_document_a_councillor_downloads(
    with_files, django_capture_on_commit_callbacks
):
    """The stored PDF predates the marking and lists the file's title: a
    councillor gets the round's public copy, made anew by the marking,
    without it."""
    from django.test import Client

    round, minutes = with_files["round"], with_files["minutes"]
    publish(clerk_client(), round, django_capture_on_commit_callbacks)
    pdf = round.published_documents.committee().get(format="pdf")
    assert squash("Minutes of the schools forum") in squash(pdf_text(stored_bytes(pdf)))
    with django_capture_on_commit_callbacks(execute=True):
        minutes.mark_exempt(3, by=get_user_model().objects.get(username="clerk"))
    copy = round.published_documents.public_copies().latest("pdf")
    assert (copy.version, copy.reason) == (2, "Exempt information (paragraph 3): Minutes of the schools forum")

    councillor = Client()
    councillor.force_login(get_user_model().objects.get(username="councillor"))
    given = download(councillor, reverse("published_document", args=[round.pk, 1, "pdf"]))
    assert given == stored_bytes(copy)
    words = squash(pdf_text(given))
    assert squash("Minutes of the schools forum") not in words
    assert squash("Assembly plan") in words
    # The clerk, who may read exempt information, still gets the file as stored.
    assert download(clerk_client(), pdf) == stored_bytes(pdf)


def test_a_clerk_marks_a_file_exempt_on_the_exempt_information_page_and_only_the_public_loses_it(
    with_files, django_capture_on_commit_callbacks, settings
):
    from django.test import Client

    settings.SCRUTINY_PUBLIC_PAGES = True
    round, minutes = with_files["round"], with_files["minutes"]
    clerk = clerk_client()
    listing = reverse("exempt_information", args=[round.review.slug])
    page = clerk.get(listing).content.decode()
    assert "Minutes of the schools forum" in page
    url = reverse("mark_exempt", args=["file", minutes.pk])
    assert url in page
    assert "The file ‘Minutes of the schools forum’ of the March 2021 update" in clerk.get(url).content.decode()
    response = clerk.post(url, {"paragraph": "3"}, follow=True)
    assert response.redirect_chain[-1][0] == listing
    assert "is now Exempt information (paragraph 3)." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.exempt_paragraph == 3
    latest = minutes.history.first()
    assert latest.history_user.username == "clerk"
    assert latest.history_change_reason == "Exempt information (paragraph 3)"

    publish(clerk, round, django_capture_on_commit_callbacks)
    # The public round page and the published documents leave it out…
    public = Client().get(reverse("public_round", args=[round.review.slug, round.period_code])).content.decode()
    assert "Assembly plan" in public and "Minutes of the schools forum" not in public
    html = squash(stored_bytes(round.published_documents.committee().get(format="html")).decode())
    assert squash("Assembly plan (Word document") in html and "Minutes of the schools forum" not in html
    assert [c.title for c in PublishedEvidence.objects.filter(round=round)] == ["Assembly plan"]
    # …while the clerk still reads it, marked, and downloads it.
    confidential = clerk.get(
        reverse("progress_update", args=[round.review.slug]),
        {"round": round.period_code, "format": "html", "confidential": "on"},
        follow=True,
    ).content.decode()
    assert "Minutes of the schools forum" in confidential
    assert download(clerk, reverse("evidence_file", args=[minutes.pk])) == with_files["bytes"][0]


def test_a_file_with_a_very_long_accented_name_is_published_and_served_under_a_shortened_name(
    demo_march_2021, clamd, django_capture_on_commit_callbacks
):
    """Django keeps 255 letters of a name; the disk takes 255 bytes: the
    round must still publish, and the copy keep a readable name."""
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    officer = entry.owners.filter(user__isnull=False).first().user
    name = "Évaluation des écoles " * 11 + ".pdf"  # 242 letters, 286 bytes
    entry.attach_file(
        by=officer, version=entry.version, title="Évaluation", upload=SimpleUploadedFile("e.pdf", evidence_files.pdf()),
        name=name,
    )  # fmt: skip
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Assemblies held.", grade=1)
    entry.approve(by=get_user_model().objects.get(username="clerk"), version=entry.version)
    publish(clerk_client(), demo_march_2021, django_capture_on_commit_callbacks)
    copy = PublishedEvidence.objects.get(round=demo_march_2021)
    assert copy.download_name.startswith("Évaluation des écoles") and copy.download_name.endswith(".pdf")
    assert len(copy.download_name.encode()) <= 160
    url = reverse("published_evidence", args=[demo_march_2021.pk, 1, copy.pk])
    assert download(clerk_client(), url) == evidence_files.pdf()


def test_a_publication_that_fails_after_the_files_were_copied_leaves_no_copy_behind(with_files, monkeypatch):
    """The copies are made inside the publishing transaction; whatever fails
    after them (here telling the officers of updates left out), the rows
    roll back and the copied bytes are deleted with them."""
    round = with_files["round"]
    clerk = get_user_model().objects.get(username="clerk")
    storage = storages["published"]

    def fails(*args, **kwargs):
        raise RuntimeError("The outbox could not be written")

    monkeypatch.setattr(Notification.objects, "updates_left_out", fails)
    with pytest.raises(RuntimeError, match="outbox"):
        round.publish(by=clerk)
    round.refresh_from_db()
    assert round.is_open and not PublishedEvidence.objects.exists()
    copies = f"rounds/{round.pk}/v1/files"
    assert not storage.exists(copies) or storage.listdir(copies) == ([], [])


def test_a_correction_that_fails_after_the_files_were_copied_leaves_no_copy_behind(
    with_files, django_capture_on_commit_callbacks, monkeypatch
):
    round, entry = with_files["round"], with_files["entry"]
    publish(clerk_client(), round, django_capture_on_commit_callbacks)
    storage = storages["published"]
    before = storage.listdir(f"rounds/{round.pk}/v1/files")
    keep = PublishedEvidence.objects.keep

    def keeps_then_fails(*args, **kwargs):
        assert keep(*args, **kwargs)  # the files are copied, then something fails
        raise RuntimeError("The documents could not be stored")

    monkeypatch.setattr(PublishedEvidence.objects, "keep", keeps_then_fails)
    entry.refresh_from_db()
    with pytest.raises(RuntimeError, match="documents"):
        entry.correct(
            by=get_user_model().objects.get(username="clerk"),
            version=entry.version,
            reason="Spelling",
            evidence_of_progress="Assemblies held in every school.",
        )
    assert PublishedEvidence.objects.filter(version=2).count() == 0
    copies = f"rounds/{round.pk}/v2/files"
    assert not storage.exists(copies) or storage.listdir(copies) == ([], [])
    assert storage.listdir(f"rounds/{round.pk}/v1/files") == before
