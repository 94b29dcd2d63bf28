"""`manage.py backup` and `manage.py restore`, on whichever database the
suite runs on (SQLite, or PostgreSQL with DATABASE_URL): the demo council
with its published rounds backed up, wiped, restored and found whole."""

import hashlib
import io
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from actionplans import roles
from actionplans.models import EvidenceFile, ProgressEntry, PublishedDocument, PublishedEvidence, Round
from actionplans.models.evidence import evidence_storage
from actionplans.models.published import published_storage
from tests import evidence_files
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> dict:
    """Every row of every model, the audit history's included."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in apps.get_models()}


def published_files() -> dict:
    """The SHA-256 of every stored file, read from its storage: the published
    documents, the evidence files kept with them, and the officers' own."""
    files = {}
    for storage, rows in (
        (published_storage(), PublishedDocument.objects.ready()),
        (published_storage(), PublishedEvidence.objects.all()),
        (evidence_storage(), EvidenceFile.objects.all()),
    ):
        for row in rows:
            with storage.open(row.storage_name, "rb") as file:
                files[row.storage_name] = hashlib.sha256(file.read()).hexdigest()
    return files


def wipe():
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(published_storage().location, ignore_errors=True)
    shutil.rmtree(evidence_storage().location, ignore_errors=True)


@pytest.fixture
def published(demo_march_2021, clerk, clamd):
    """The demo council with its March 2021 round published: its documents
    rendered and stored in every format (inline, as the tests run tasks),
    and an officer's evidence file kept with them."""
    entry = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    officer = entry.owners.filter(user__isnull=False).first().user
    entry.attach_file(
        by=officer,
        version=entry.version,
        title="Minutes of the schools forum",
        upload=SimpleUploadedFile("minutes.pdf", evidence_files.pdf()),
        name="minutes.pdf",
    )
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="Held.",
        grade=2,
        grade_explanation="Two to go.",
    )
    entry.approve(by=get_user_model().objects.get(username="clerk"), version=entry.version)
    demo_march_2021.publish(by=clerk, agenda_header="Agenda Item 8: Appendix 1", first_page=23)
    # Its four documents and their public copy; the demo's two earlier rounds' public copies.
    kept = demo_march_2021.published_documents
    assert kept.committee().ready().count() == kept.public_copies().ready().count() == 4
    assert PublishedDocument.objects.ready().count() == 16
    return demo_march_2021


def test_the_demo_council_backed_up_wiped_and_restored_is_whole_to_the_last_history_row_and_file(published, tmp_path):
    before, files = everything(), published_files()
    assert {d.storage_name: d.sha256 for d in PublishedDocument.objects.ready()}.items() <= files.items()
    # The officer's file and its copy in the published record, besides the sixteen documents.
    assert len(files) == 18 and EvidenceFile.objects.get().published_copies.count() == 1
    assert sum(len(rows) for label, rows in before.items() if label.split(".")[1].startswith("Historical")) > 500

    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == files
    assert sorted(entry["store"] for entry in manifest["files"]) == ["evidence"] + ["published"] * 17

    wipe()
    assert not Round.objects.exists()
    assert not any(published_storage().exists(name) or evidence_storage().exists(name) for name in files)

    call_command("restore", str(tmp_path / "backup"), "--noinput")
    after = everything()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert published_files() == files


def test_a_backup_taken_while_officers_save_holds_no_half_written_update(tmp_path):
    review = make_review()
    round = make_round(review, year=2020, month=9, status=Round.Status.OPEN)
    cast = []
    for n in range(4):
        user = make_user(f"writer{n}", roles.OFFICER)
        owner = make_owner(f"Writer {n}", user=user)
        entry = make_entry(make_action(make_recommendation(review), owners=[owner]), round, owners=[owner])
        cast.append((user, entry.pk))
    stop = threading.Event()
    saved = []

    def officer(user, pk):
        try:
            n = 0
            while not stop.is_set():
                n += 1
                entry = ProgressEntry.objects.get(pk=pk)
                entry.save_update(by=user, version=entry.version, submit=False, evidence_of_progress=f"Draft {n}.")
                saved.append(pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer, args=person) for person in cast]
    for thread in threads:
        thread.start()
    try:
        while len(saved) < 8:
            assert any(thread.is_alive() for thread in threads), "the officers stopped saving"
            threading.Event().wait(0.01)
        call_command("backup", str(tmp_path / "backup"))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    wipe()
    call_command("restore", str(tmp_path / "backup"), "--noinput")

    restored = ProgressEntry.objects.filter(round__review__slug=review.slug)
    assert restored.count() == len(cast)
    for entry in restored:
        # The update as it stands is the last one its history records, and
        # every save before it is there, one history row each.
        latest = entry.history.order_by("-history_id").first()
        assert entry.evidence_of_progress == latest.evidence_of_progress
        history = entry.history.order_by("history_id")
        drafts = [h.evidence_of_progress for h in history if h.evidence_of_progress.startswith("Draft")]
        assert drafts == [f"Draft {n}." for n in range(1, len(drafts) + 1)]


def test_backing_up_into_a_directory_that_is_not_empty_is_refused(db, tmp_path):
    (tmp_path / "old.txt").write_text("yesterday's")
    with pytest.raises(CommandError, match="is not empty: give a new directory for each backup"):
        call_command("backup", str(tmp_path))


def test_restoring_what_is_not_a_backup_is_refused_and_changes_nothing(published, tmp_path):
    with pytest.raises(CommandError, match="is not a backup of this service"):
        call_command("restore", str(tmp_path), "--noinput")
    assert Round.objects.exists()


def test_a_damaged_backup_is_refused_before_anything_is_replaced(published, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    damaged = next((tmp_path / "backup" / "published").rglob("*.pdf"))
    damaged.write_bytes(b"not the published PDF")
    title = Round.objects.first().review.title
    with pytest.raises(CommandError, match="is missing or damaged: nothing was restored"):
        call_command("restore", str(tmp_path / "backup"), "--noinput")
    assert Round.objects.first().review.title == title


def test_restore_asks_before_replacing_anything(published, tmp_path, monkeypatch):
    call_command("backup", str(tmp_path / "backup"))
    with monkeypatch.context() as answered:
        answered.setattr("builtins.input", lambda prompt: "no")
        with pytest.raises(CommandError, match="Nothing was restored"):
            call_command("restore", str(tmp_path / "backup"))
    # Run from a script with no terminal to ask: said plainly, not a traceback.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match=r"there was no answer to the question .* with --noinput"):
        call_command("restore", str(tmp_path / "backup"))
    assert Round.objects.exists()


def modes(root) -> dict:
    """Each folder's and file's permission bits under `root`, by kind."""
    found = {"folders": set(), "files": set()}
    for path in root.rglob("*"):
        found["folders" if path.is_dir() else "files"].add(oct(path.stat().st_mode & 0o777))
    return found


@pytest.fixture
def umask_022():
    """The usual umask, under which Django and Python would make 0755/0644."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_backup_and_the_stores_it_restores_are_readable_by_no_other_user_under_the_usual_umask(
    published, tmp_path, umask_022
):
    stores = (Path(published_storage().location), Path(evidence_storage().location))
    for store in stores:
        assert modes(store) == {"folders": {"0o750"}, "files": {"0o640"}}, store

    call_command("backup", str(tmp_path / "backup"))
    backup = tmp_path / "backup"
    assert oct(backup.stat().st_mode & 0o777) == "0o700"
    assert modes(backup) == {"folders": {"0o700"}, "files": {"0o600"}}
    assert len(list(backup.rglob("*.pdf"))) > 4  # the documents and the evidence are among them

    wipe()
    call_command("restore", str(backup), "--noinput")
    for store in stores:
        assert modes(store) == {"folders": {"0o750"}, "files": {"0o640"}}, store
