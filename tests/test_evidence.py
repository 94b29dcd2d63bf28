"""Evidence files on an update: an officer attaches files with a title each;
each is checked by its content, not its name, and scanned for malware by a
real clamd before anyone may download it; the files belong to the update's
version, so the link officer approves the text and the files they saw; and
who may read a file is who may read its update."""

import datetime
import hashlib
import re
import socket
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import permissions, roles
from actionplans.models import EditConflict, EvidenceFile, ProgressEntry
from tests import evidence_files
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_user

pytestmark = pytest.mark.django_db


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    html = html.replace("&#x27;", "'").replace("&amp;", "&").replace("&lsquo;", "‘").replace("&rsquo;", "’")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(link_officer, officer, officer_owner, clerk):
    """A review whose link officer is the cast's, with a round open and the
    cast's officer (with a co-owner) responsible for one action."""
    lin = make_owner("Lin Officer", user=link_officer)
    co_owner = make_user("cora", roles.OFFICER, first_name="Cora")
    review = make_review(title="Hate Crime", link_officers=[lin])
    action = make_action(
        make_recommendation(review), owners=[officer_owner, make_owner("Cora Colleague", user=co_owner)]
    )
    round = review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    return {"entry": round.entries.get(action=action), "co_owner": co_owner, "round": round}


def attach(client, entry, title, name, data):
    page = client.get(reverse("entry_files", args=[entry.pk]))
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return client.post(
        reverse("entry_files", args=[entry.pk]),
        {"version": version, "title": title, "file": SimpleUploadedFile(name, data)},
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_an_officer_attaches_a_pdf_and_a_word_file_which_are_stored_byte_for_byte(plan, officer, clamd):
    entry = plan["entry"]
    client = signed_in(officer)
    minutes, notes = evidence_files.pdf(), evidence_files.docx()

    first = attach(client, entry, "Minutes of the Hate Crime Group", "minutes.pdf", minutes)
    assert first.status_code == 302
    page = client.get(first.url)
    assert "‘Minutes of the Hate Crime Group’ was attached to your update." in text(page)
    attach(client, entry, "Officer's notes", "notes.docx", notes)

    files = list(entry.files.order_by("pk"))
    assert [(f.title, f.kind, f.size, f.status) for f in files] == [
        ("Minutes of the Hate Crime Group", "pdf", len(minutes), "clean"),
        ("Officer's notes", "docx", len(notes), "clean"),
    ]
    assert files[0].sha256 == hashlib.sha256(minutes).hexdigest()
    assert files[0].added_by == officer
    download = client.get(reverse("evidence_file", args=[files[1].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == notes
    assert download["Content-Disposition"] == 'attachment; filename="notes.docx"'
    # Each attachment was a save of the update, in its history with who.
    entry.refresh_from_db()
    assert entry.version == 2
    assert entry.status == entry.Status.DRAFT
    assert [r.history_change_reason for r in entry.history.all()[:2]] == [
        "Attached the file 'Officer's notes'",
        "Attached the file 'Minutes of the Hate Crime Group'",
    ]
    assert files[0].history.first().history_user == officer
    # The update's own page lists them, without their SHA-256 (the clerk's
    # published record keeps it: 64 characters that widened a phone's page).
    update_page = text(client.get(reverse("update_entry", args=[entry.pk])))
    assert "Minutes of the Hate Crime Group" in update_page
    files_page = text(client.get(reverse("entry_files", args=[entry.pk])))
    for page in (update_page, files_page):
        assert "SHA-256" not in page and not any(file.sha256 in page for file in files)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("report.txt", evidence_files.eicar, "contains a virus or other malware (Eicar-Test-Signature"),
        ("minutes.pdf", evidence_files.program, "is a program (an executable file), not a document"),
        ("notes.docm", evidence_files.docm, "contains macros (it is a .docm, .xlsm or .pptm file)"),
        ("notes.docx", evidence_files.docm, "pick 'Word Document (*.docx)' and attach that copy"),
        ("papers.zip", evidence_files.encrypted_zip, "is an archive protected with a password"),
        ("notes.docx", evidence_files.hidden_vba_content_type, "contains macros"),
        ("notes.docx", evidence_files.hidden_vba_relationship, "contains macros"),
        ("notes.docx", evidence_files.vba_relationship_in_capitals, "contains macros"),
        ("chart.svg", evidence_files.svg_with_script, "can run a script (HTML or SVG)"),
        ("chart.txt", evidence_files.svg_with_script, "can run a script (HTML or SVG)"),
        ("notes.txt", evidence_files.text_with_script, "can run a script (HTML or SVG)"),
        ("notes.txt", evidence_files.html_page, "can run a script (HTML or SVG)"),
    ],
)
def test_a_file_that_is_not_safe_is_refused_with_what_to_do_and_nothing_is_kept(
    plan, officer, clamd, settings, name, make, message
):
    entry = plan["entry"]
    response = attach(signed_in(officer), entry, "Evidence", name, make())
    assert response.status_code == 200
    assert message in text(response)
    assert "There is a problem" in text(response)
    assert 'value="Evidence"' in response.content.decode()  # the title typed is kept
    assert not EvidenceFile.objects.exists()
    assert stored_files(settings) == []
    entry.refresh_from_db()
    assert entry.version == 0


def test_a_file_is_not_downloadable_until_it_has_been_scanned(plan, officer, settings, clamd_server):
    # clamd cannot be reached (the tests' default): the file is kept, but held.
    entry = plan["entry"]
    client = signed_in(officer)
    response = attach(client, entry, "Minutes", "minutes.pdf", evidence_files.pdf())
    assert "is being checked for viruses: nobody can open it" in text(client.get(response.url))
    evidence = entry.files.get()
    assert evidence.status == EvidenceFile.Status.CHECKING
    held = client.get(reverse("evidence_file", args=[evidence.pk]))
    assert held.status_code == 409
    assert "is being checked for viruses" in text(held)

    # clamd is back: the next download scans it first, then serves it.
    settings.SCRUTINY_CLAMD_SOCKET = str(clamd_server.socket)
    served = client.get(reverse("evidence_file", args=[evidence.pk]))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == evidence_files.pdf()
    # An officer's file: no shared cache nor the browser of a shared PC keeps it.
    assert set(served["Cache-Control"].split(", ")) == {"private", "no-store"}
    evidence.refresh_from_db()
    assert evidence.status == EvidenceFile.Status.CLEAN
    assert evidence.history.first().history_change_reason == "Checked for viruses: none found"


def test_a_download_waits_only_briefly_for_a_clamd_that_does_not_answer(plan, officer, settings, monkeypatch, tmp_path):
    """A clamd that takes connections but never answers: the reader is told
    "not yet" after a moment, not after the minute the daily scan waits."""
    entry = plan["entry"]
    client = signed_in(officer)
    attach(client, entry, "Minutes", "minutes.pdf", evidence_files.pdf())
    evidence = entry.files.get()
    hung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    hung.bind(str(tmp_path / "hung.sock"))
    hung.listen(5)
    settings.SCRUTINY_CLAMD_SOCKET, settings.SCRUTINY_CLAMD_TIMEOUT = str(tmp_path / "hung.sock"), 60
    monkeypatch.setattr("actionplans.evidence.views.DOWNLOAD_SCAN_SECONDS", 1)
    try:
        started = time.monotonic()
        held = client.get(reverse("evidence_file", args=[evidence.pk]))
        waited = time.monotonic() - started
    finally:
        hung.close()
    assert held.status_code == 409 and "is being checked for viruses" in text(held)
    assert waited < 30, waited
    evidence.refresh_from_db()
    assert evidence.status == EvidenceFile.Status.CHECKING


def test_an_update_with_a_file_still_being_checked_is_not_approved_until_the_check_is_done(
    plan, officer, link_officer, settings, clamd_server
):
    """The published record keeps only files scanned clean: approving with
    one still held would leave it out of the record unseen."""
    entry = plan["entry"]
    attach(signed_in(officer), entry, "Minutes", "minutes.pdf", evidence_files.pdf())  # clamd is down
    entry.refresh_from_db()
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    client = signed_in(link_officer)
    response = client.post(
        reverse("approve_entry", args=[entry.pk]), {"version": entry.version, "decision": "approve"}, follow=True
    )
    assert "was not approved: a file of it is still being checked for viruses" in text(response)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED
    # clamd is back, the file is scanned: the update is approved.
    settings.SCRUTINY_CLAMD_SOCKET = str(clamd_server.socket)
    assert entry.files.get().check_for_malware()
    entry.approve(by=link_officer, version=entry.version)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.APPROVED


def test_a_held_file_found_infected_later_is_refused_and_its_bytes_deleted(
    plan, officer, settings, clamd_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    attach(signed_in(officer), entry, "Report", "report.txt", evidence_files.eicar())
    evidence = entry.files.get()
    assert len(stored_files(settings)) == 1
    settings.SCRUTINY_CLAMD_SOCKET = str(clamd_server.socket)
    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the refusal is saved
        assert evidence.check_for_malware() is False
    assert evidence.status == EvidenceFile.Status.REFUSED
    assert evidence.found.startswith("Eicar-Test-Signature")
    assert stored_files(settings) == []
    response = signed_in(officer).get(reverse("evidence_file", args=[evidence.pk]))
    assert response.status_code == 409
    assert "was refused" in text(response)


def test_a_file_far_over_the_limit_is_written_to_disk_only_as_far_as_the_limit(
    plan, officer, clamd, settings, monkeypatch
):
    """Django writes a large upload to a temporary file before the form sees
    it: scrutiny/uploads.py keeps the disk's share to the largest limit, and
    the officer still reads the file's real size."""
    from scrutiny import uploads

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # to disk, as a large file goes
    settings.EVIDENCE_MAX_BYTES, settings.IMPORT_MAX_BYTES = 200 * 1024, 100 * 1024
    on_disk = []
    complete = uploads.BoundedTemporaryFileUploadHandler.file_complete  # Django's

    def measured(handler, file_size):
        handler.file.flush()
        on_disk.append(Path(handler.file.temporary_file_path()).stat().st_size)
        return complete(handler, file_size)

    monkeypatch.setattr(uploads.BoundedTemporaryFileUploadHandler, "file_complete", measured)
    big = attach(signed_in(officer), plan["entry"], "Big", "big.txt", b"a line of text\n" * 210_000)  # 3.0 MB
    assert "'big.txt' is 3.0 MB; a file may be up to 0.2 MB" in text(big)
    assert on_disk == [200 * 1024 + 1]
    assert stored_files(settings) == [] and not plan["entry"].files.exists()


def test_a_request_carrying_more_files_than_any_client_of_ours_sends_is_refused(plan, officer, clamd, settings):
    """Past DATA_UPLOAD_MAX_NUMBER_FILES (the update's own limit, up to
    which the form says what is wrong, is far below: test_update_on_one_page)."""
    entry, client = plan["entry"], signed_in(officer)
    page = client.get(reverse("entry_files", args=[entry.pk]))
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    files = [SimpleUploadedFile(f"{n}.csv", b"a,b\n1,2\n") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = client.post(reverse("entry_files", args=[entry.pk]), {"version": version, "title": "Six", "file": files})
    assert response.status_code == 400
    assert not entry.files.exists()


def test_the_size_and_count_limits_are_settings(plan, officer, clamd, settings):
    entry = plan["entry"]
    client = signed_in(officer)
    settings.EVIDENCE_MAX_BYTES = 1024
    big = attach(client, entry, "Big", "big.txt", b"a line of text\n" * 100)
    assert "'big.txt' is 0.0 MB; a file may be up to 0.0 MB" in text(big)
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    settings.EVIDENCE_MAX_FILES = 1
    attach(client, entry, "First", "first.csv", b"a,b\n1,2\n")
    second = attach(client, entry, "Second", "second.csv", b"a,b\n3,4\n")
    assert "An update may carry up to 1 files." in text(second)
    assert [f.kind for f in entry.files.all()] == ["csv"]


def test_an_officer_removes_a_file_and_its_bytes_go_with_it(
    plan, officer, clamd, settings, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    client = signed_in(officer)
    attach(client, entry, "Minutes", "minutes.pdf", evidence_files.pdf())
    evidence = entry.files.get()
    entry.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("remove_entry_file", args=[entry.pk, evidence.pk]), {"version": entry.version}, follow=True
        )
    assert "‘Minutes’ was removed from your update." in text(response)
    assert not entry.files.exists()
    assert stored_files(settings) == []
    assert evidence.history.first().history_type == "-"
    entry.refresh_from_db()
    assert entry.version == 2


def test_files_cannot_be_changed_once_the_update_is_submitted(plan, officer, clamd):
    entry = plan["entry"]
    entry.save_update(by=officer, version=0, submit=True, evidence_of_progress="Done.", grade=2)
    with pytest.raises(ValidationError, match="its files can no longer be changed"):
        entry.attach_file(by=officer, version=entry.version, title="Late", upload=_upload(b"late\n"), name="late.txt")
    page = signed_in(officer).get(reverse("entry_files", args=[entry.pk]))
    assert "so its files can no longer be changed" in text(page)
    assert "Attach the file" not in text(page)


def _upload(data, name="file.txt"):
    return SimpleUploadedFile(name, data)


def test_a_file_added_after_the_link_officer_opened_the_update_is_a_conflict_as_text_is(
    plan, officer, link_officer, clamd
):
    entry = plan["entry"]
    entry.attach_file(by=officer, version=0, title="Minutes", upload=_upload(evidence_files.pdf()), name="m.pdf")
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    lin = signed_in(link_officer)
    page = lin.get(reverse("approve_entry", args=[entry.pk]))
    seen_version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    seen = re.search(r'name="seen" value="(\d*)"', page.content.decode()).group(1)

    # Meanwhile the officer takes it back, adds a file and submits it again.
    entry.withdraw(by=officer, version=entry.version)
    entry.attach_file(by=officer, version=entry.version, title="Budget", upload=_upload(b"a,b\n"), name="b.csv")
    entry.save_update(by=officer, version=entry.version, submit=True)

    response = lin.post(
        reverse("approve_entry", args=[entry.pk]), {"decision": "approve", "version": seen_version, "seen": seen}
    )
    assert response.status_code == 409
    entry.refresh_from_db()
    assert entry.status == entry.Status.SUBMITTED
    # The page shows the update as it is now, with the file added.
    assert "Budget" in text(response)
    with pytest.raises(EditConflict):
        entry.approve(by=link_officer, version=int(seen_version))


def test_the_link_officer_sees_and_opens_the_files_of_a_submitted_update_but_not_of_a_draft(
    plan, officer, link_officer, councillor, clamd
):
    entry = plan["entry"]
    evidence = entry.attach_file(
        by=officer, version=0, title="Minutes", upload=_upload(evidence_files.pdf()), name="m.pdf"
    )
    url = reverse("evidence_file", args=[evidence.pk])
    lin = signed_in(link_officer)
    assert lin.get(url).status_code == 404  # a draft's files are its officers' own
    assert signed_in(plan["co_owner"]).get(url).status_code == 200

    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    page = text(lin.get(reverse("approve_entry", args=[entry.pk])))
    assert "Minutes" in page and evidence.sha256 not in page and "SHA-256" not in page
    opened = lin.get(url)
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == evidence_files.pdf()
    # A councillor reads it only once the round is published.
    assert signed_in(councillor).get(url).status_code == 404


def test_who_may_read_a_file_follows_the_update_and_exempt_information(
    plan, officer, link_officer, clerk, councillor, clamd
):
    entry = plan["entry"]
    evidence = entry.attach_file(
        by=officer, version=0, title="Minutes", upload=_upload(evidence_files.pdf()), name="m.pdf"
    )
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    entry.approve(by=link_officer, version=entry.version)
    plan["round"].publish(by=clerk)
    evidence.refresh_from_db()
    assert permissions.may(councillor, permissions.READ_EVIDENCE, evidence)
    evidence.mark_exempt(3, by=clerk)
    evidence.refresh_from_db()
    assert not permissions.may(councillor, permissions.READ_EVIDENCE, evidence)
    assert permissions.may(clerk, permissions.READ_EVIDENCE, evidence)
    assert permissions.may(officer, permissions.READ_EVIDENCE, evidence)
    # Once published, the link officer reads an exempt file as they read
    # exempt words: not at all (clerks alone print the confidential version).
    assert not permissions.may(link_officer, permissions.READ_EVIDENCE, evidence)


def test_the_command_scans_every_file_held_while_clamd_was_down(plan, officer, settings, clamd_server):
    from io import StringIO

    from django.core.management import call_command

    entry = plan["entry"]
    client = signed_in(officer)
    attach(client, entry, "Minutes", "minutes.pdf", evidence_files.pdf())
    attach(client, entry, "Report", "report.txt", evidence_files.eicar())
    out, err = StringIO(), StringIO()
    call_command("check_evidence_files", stdout=out, stderr=err)
    assert out.getvalue().strip() == "0 clean, 0 refused, 2 still waiting for the scanner."
    # As cron runs it, it says only what needs a person: cron mails it.
    said = StringIO()
    call_command("check_evidence_files", "--verbosity", "0", stdout=said, stderr=said)
    assert said.getvalue().strip() == "clamd could not be reached: the files stay held until it can."
    settings.SCRUTINY_CLAMD_SOCKET = str(clamd_server.socket)
    out = StringIO()
    call_command("check_evidence_files", stdout=out)
    assert out.getvalue().strip() == "1 clean, 1 refused, 0 still waiting for the scanner."
    assert dict(entry.files.values_list("title", "status")) == {"Minutes": "clean", "Report": "refused"}


def test_the_files_page_and_the_approval_page_take_as_many_queries_for_500_files_as_for_5(
    plan, officer, link_officer, clamd, settings
):
    # Each file attached through the verb and scanned clean by the real
    # clamd, past the limit of files an update may carry.
    settings.EVIDENCE_MAX_FILES = 500
    entry = plan["entry"]
    officer_client, link_client = signed_in(officer), signed_in(link_officer)
    files_url, approve_url = reverse("entry_files", args=[entry.pk]), reverse("approve_entry", args=[entry.pk])

    def add(count):
        for number in range(count):
            entry.refresh_from_db()
            entry.attach_file(
                by=officer,
                version=entry.version,
                title=f"Notes {number}",
                upload=SimpleUploadedFile("notes.txt", f"Notes {number}.\n".encode()),
                name="notes.txt",
            )

    def queries(client, url, files):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(re.findall(r"download>Notes \d+</a>", response.content.decode())) == files
        return len(captured)

    def submitted():
        entry.refresh_from_db()
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)

    add(5)
    files_small = queries(officer_client, files_url, 5)
    submitted()
    approve_small = queries(link_client, approve_url, 5)
    entry.refresh_from_db()
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Attach the rest.")
    add(495)
    assert EvidenceFile.objects.clean().filter(entry=entry).count() == 500
    assert queries(officer_client, files_url, 500) == files_small
    submitted()
    assert queries(link_client, approve_url, 500) == approve_small
