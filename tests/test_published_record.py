"""The published record: a round's document rendered once in every format
when it is published, kept with its SHA-256, served as stored, and versioned
by corrections; and its public copy beside it (tests/test_public_copy.py)."""

import datetime
import hashlib
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document

from actionplans.models import ProgressEntry, PublishedDocument, Round
from reports.documents import FORMATS
from reports.progress_update.xlsx import HEADING_ROW
from tests.documents import pdf_text, squash
from tests.test_rounds_workflow import text

pytestmark = pytest.mark.django_db

HEADER = "Agenda Item 8: Appendix 1"


def clerk_client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    return client


def publish(client, round, capture, **fields):
    with capture(execute=True):
        return client.post(reverse("publish_round", args=[round.pk]), {"confirm_missing": "on", **fields}, follow=True)


def stored_bytes(document: PublishedDocument) -> bytes:
    with storages["published"].open(document.storage_name, "rb") as file:
        return file.read()


def download(client, document_or_url, **headers) -> bytes:
    url = document_or_url
    if isinstance(document_or_url, PublishedDocument):
        document = document_or_url
        url = reverse("published_document", args=[document.round_id, document.version, document.format])
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def published(demo_march_2021, django_capture_on_commit_callbacks):
    """The demo's March 2021 round, published by the clerk for agenda item 8,
    page 23, with 1 a) Schools' update approved."""
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    officer = entry.owners.filter(user__isnull=False).first().user
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="Assemblies held.",
        grade=2,
        grade_explanation="Two schools are still to hold theirs.",  # worse than the 1 of September 2020
    )
    entry.approve(by=get_user_model().objects.get(username="clerk"), version=entry.version)
    response = publish(
        clerk_client(), demo_march_2021, django_capture_on_commit_callbacks, agenda_header=HEADER, first_page="23"
    )
    assert response.status_code == 200
    demo_march_2021.refresh_from_db()
    return demo_march_2021


def test_publishing_stores_every_format_with_hashes_that_match_the_bytes(published):
    documents = list(published.published_documents.committee())
    assert sorted(d.format for d in documents) == sorted(FORMATS)
    assert {d.version for d in documents} == {1}
    for document in documents:
        content = stored_bytes(document)
        assert document.is_ready and document.size == len(content) > 0
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.options == {"agenda_header": HEADER, "first_page": 23}
    pdf = published.published_documents.committee().get(format="pdf")
    words = pdf_text(stored_bytes(pdf))
    assert HEADER in words and "March 2021" in words and "DRAFT" not in words
    page = text(clerk_client().get(reverse("round_detail", args=[published.pk])))
    assert "Version 1: published on" in page
    for document in documents:
        assert document.sha256 in page
    # Its public copy, rendered with it once: the same bytes, kept beside them.
    copies = {copy.format: copy for copy in published.published_documents.public_copies()}
    assert sorted(copies) == sorted(FORMATS)
    for document in documents:
        copy = copies[document.format]
        assert copy.version == 1 and copy.copy_of == document and copy.options == document.options
        assert stored_bytes(copy) == stored_bytes(document) and copy.storage_name != document.storage_name
    assert "Public copy, version 1: made on" in page


def test_a_download_serves_the_stored_bytes_twice_alike_and_never_renders(published, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("a published round's download must not render the document again")

    monkeypatch.setattr("reports.documents.render", no_rendering)
    monkeypatch.setattr("reports.progress_update.views.render_document", no_rendering)
    monkeypatch.setattr("reports.progress_update.views.build_progress_update", no_rendering)
    client = clerk_client()
    for document in published.published_documents.committee():
        first, second = download(client, document), download(client, document)
        assert first == second == stored_bytes(document)
    pdf = published.published_documents.committee().get(format="pdf")
    response = client.get(reverse("published_document", args=[published.pk, 1, "pdf"]))
    assert response["ETag"] == f'"{pdf.sha256}"' and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    # A browser holding the file is told it has not changed.
    again = client.get(reverse("published_document", args=[published.pk, 1, "pdf"]), HTTP_IF_NONE_MATCH=pdf.etag)
    assert again.status_code == 304
    # The export form's download of the round, as published, is the stored file too.
    export = reverse("progress_update", args=[published.review.slug]) + "?round=2021-03&format=pdf"
    assert download(client, export) == stored_bytes(pdf)


def test_an_export_with_other_options_is_rendered_afresh(published):
    client = clerk_client()
    pdf = published.published_documents.committee().get(format="pdf")
    url = reverse("progress_update", args=[published.review.slug]) + "?round=2021-03&format=pdf&agenda_header=Item+9"
    response = client.get(url)
    assert response.status_code == 200 and response.content != stored_bytes(pdf)
    assert "Item 9" in pdf_text(response.content)


def test_a_correction_makes_version_2_marked_on_the_cover_and_version_1_stays(
    published, django_capture_on_commit_callbacks
):
    entry = published.entries.get(action__strand="Schools, Colleges and Universities")
    client = clerk_client()
    data = {
        "evidence_of_progress": "Assemblies held in all 12 secondary schools.",
        "grade": "2",
        "grade_explanation": "",
        "evidence_of_impact": entry.evidence_of_impact,
        "version": str(entry.version),
        "owners": [link.owner_id for link in entry.responsibilities.all()],
        "reason": "The officer's figure was wrong",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("correct_entry", args=[entry.pk]), data)
    second = published.published_documents.committee().get(format="pdf", version=2)
    first = published.published_documents.committee().get(format="pdf", version=1)
    today = datetime.date.today()
    note = f"Corrected on {today.day} {today:%B %Y}: The officer's figure was wrong"
    words = squash(pdf_text(stored_bytes(second)))
    assert squash(note) in words and squash("12 secondary schools") in words
    assert squash("Corrected on") not in squash(pdf_text(stored_bytes(first)))
    # Word under the title, Excel in the title block, as the PDF.
    word = Document(io.BytesIO(stored_bytes(published.published_documents.committee().get(format="docx", version=2))))
    assert note in [paragraph.text for paragraph in word.paragraphs[:4]]
    excel = openpyxl.load_workbook(
        io.BytesIO(stored_bytes(published.published_documents.committee().get(format="xlsx", version=2)))
    ).worksheets[0]
    assert excel.cell(row=HEADING_ROW - 1, column=1).value == note
    first_excel = openpyxl.load_workbook(
        io.BytesIO(stored_bytes(published.published_documents.committee().get(format="xlsx", version=1)))
    ).worksheets[0]
    assert not first_excel.cell(row=HEADING_ROW - 1, column=1).value
    assert second.options["agenda_header"] == HEADER and second.reason == "The officer's figure was wrong"
    assert download(client, first) == stored_bytes(first) != stored_bytes(second)
    page = text(client.get(reverse("round_detail", args=[published.pk])))
    assert f"Version 2: corrected on {today.day} {today:%B %Y} (The officer's figure was wrong)" in page
    assert "Version 1: published on" in page and first.sha256 in page and second.sha256 in page
    # The export now gives the corrected version.
    export = reverse("progress_update", args=[published.review.slug]) + "?round=2021-03&format=pdf"
    assert download(client, export) == stored_bytes(second)


def test_correcting_an_earlier_round_makes_new_versions_of_the_later_documents_that_print_it(
    published, django_capture_on_commit_callbacks
):
    september = Round.objects.get(review=published.review, period="2020-09-01")
    entry = september.entries.get(action__strand="Schools, Colleges and Universities")
    data = {
        "evidence_of_progress": "Corrected September evidence.",
        "grade": str(entry.grade),
        "grade_explanation": entry.grade_explanation,
        "evidence_of_impact": entry.evidence_of_impact,
        "version": str(entry.version),
        "owners": [link.owner_id for link in entry.responsibilities.all()],
        "reason": "Wrong school named",
    }
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client().post(reverse("correct_entry", args=[entry.pk]), data)
    march = published.published_documents.committee().get(format="pdf", version=2)
    assert march.reason == "Wrong school named"
    words = squash(pdf_text(stored_bytes(march)))
    assert squash("Corrected September evidence.") in words and squash(": Wrong school named") in words
    # September itself, published before the record began, is kept from now,
    # and its public copy (kept by the demo) is made anew with it.
    assert september.published_documents.committee().filter(version=1).count() == len(FORMATS)
    assert set(september.published_documents.public_copies().values_list("version", "reason")) == {
        (1, ""),
        (2, "Corrected: Wrong school named"),
    }


def test_readers_download_the_published_files_and_others_do_not(published, cast):
    url = reverse("published_document", args=[published.pk, 1, "pdf"])
    for role in ("councillor", "other_councillor", "officer", "link_officer", "administrator"):
        client = Client()
        client.force_login(cast[role])
        assert client.get(url).status_code == 200, role
    outsider = Client()
    outsider.force_login(cast["outsider"])
    assert outsider.get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert clerk_client().get(reverse("published_document", args=[published.pk, 9, "pdf"])).status_code == 404


def test_an_unpublished_round_is_never_stored(demo_march_2021, cast, django_capture_on_commit_callbacks):
    assert not demo_march_2021.published_documents.exists()
    with pytest.raises(ValueError), django_capture_on_commit_callbacks(execute=True):
        PublishedDocument.objects.start_version(demo_march_2021, by=cast["clerk"], options={})
    with pytest.raises(ValueError), django_capture_on_commit_callbacks(execute=True):
        PublishedDocument.objects.start_public_version(demo_march_2021, by=cast["clerk"])
    assert not demo_march_2021.published_documents.exists()
    # Its draft is rendered when asked for, and nothing is kept.
    url = reverse("progress_update", args=[demo_march_2021.review.slug]) + "?round=2021-03&format=pdf"
    response = clerk_client().get(url)
    assert response.status_code == 200 and "DRAFT" in pdf_text(response.content)
    assert not demo_march_2021.published_documents.exists()


def test_a_refused_publication_stores_nothing(demo_march_2021, django_capture_on_commit_callbacks):
    response = publish(clerk_client(), demo_march_2021, django_capture_on_commit_callbacks, first_page="0")
    assert "The first page number must be 1 or more" in text(response)
    demo_march_2021.refresh_from_db()
    assert demo_march_2021.is_open and not demo_march_2021.published_documents.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_render_the_record(demo_march_2021, settings):
    """Publishing only queues the rendering; `manage.py db_worker` does it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    client = clerk_client()
    response = client.post(reverse("publish_round", args=[demo_march_2021.pk]), {"confirm_missing": "on"})
    assert response.status_code == 302
    assert Round.objects.get(pk=demo_march_2021.pk).is_published
    kept = demo_march_2021.published_documents
    # The committee's files and their public copy, in every format.
    assert kept.committee().count() == kept.public_copies().count() == len(FORMATS) and not kept.ready().exists()
    # One rendering queued per format, for both (the committee members'
    # e-mail is queued beside them: tests/test_notifications.py).
    rendering = DBTaskResult.objects.filter(task_path="reports.tasks.render_published_document")
    assert rendering.count() == len(FORMATS)
    page = text(client.get(reverse("round_detail", args=[demo_march_2021.pk])))
    assert page.count("Being prepared") == 2 * len(FORMATS)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert kept.ready().count() == 2 * len(FORMATS)
    for document in kept.all():
        assert document.sha256 == hashlib.sha256(stored_bytes(document)).hexdigest()
    for copy in kept.public_copies():
        assert copy.sha256 == copy.copy_of.sha256
    assert "Being prepared" not in text(client.get(reverse("round_detail", args=[demo_march_2021.pk])))
    assert ProgressEntry.objects.filter(round=demo_march_2021).exists()


def test_a_stored_file_that_predates_an_exempt_marking_never_gives_a_councillor_the_exempt_words(
    published, cast, django_capture_on_commit_callbacks
):
    pdf = published.published_documents.committee().get(format="pdf")
    schools = published.entries.get(action__strand="Schools, Colleges and Universities").action
    assert "Assemblies held." in pdf_text(stored_bytes(pdf))
    with django_capture_on_commit_callbacks(execute=True):
        schools.mark_exempt(3, by=cast["clerk"])

    councillor = Client()
    councillor.force_login(cast["councillor"])
    given = download(councillor, reverse("published_document", args=[published.pk, 1, "pdf"]))
    # The round's public copy, made anew by the marking, as stored.
    copy = published.published_documents.public_copies().latest("pdf")
    assert copy.version == 2 and given == stored_bytes(copy)
    words = squash(pdf_text(given))
    assert squash("Assemblies held.") not in words
    assert squash(schools.agreed_action) not in words
    assert squash("Exempt information (paragraph 3)") in words
    assert squash(HEADER) in words  # the stored file's options still apply
    # So does the export form's download of the round as published.
    export = reverse("progress_update", args=[published.review.slug]) + "?round=2021-03&format=pdf"
    assert download(councillor, export) == stored_bytes(copy)

    # The clerk, who may read exempt information, still gets the file as stored.
    assert download(clerk_client(), pdf) == stored_bytes(pdf)
