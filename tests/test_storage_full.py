"""The disk filling while a round's documents are stored (issue 40): the
published storage's writes fail with ENOSPC part way through each file. The
round is published all the same (the committee's record is the database's);
no half-written file is left for anyone to take for the record's, the round's
page says why its files are not there yet, and the worker renders and stores
each again, whole, until there is room; then every file and public copy is
stored once, its SHA-256 its bytes'."""

import errno
import hashlib
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans.models import PublishedDocument
from actionplans.models.published import published_storage
from tests.test_health import a_worker

pytestmark = pytest.mark.django_db(transaction=True)


class FillingDisk:
    """The storage's writes: half the file, then "No space left on device",
    while `full`."""

    def __init__(self, storage):
        self.storage, self.full, self.refused = storage, True, 0
        self._save = storage._save

    def __call__(self, name, content):
        if not self.full:
            return self._save(name, content)
        self.refused += 1
        path = Path(self.storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.read()
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_a_full_disk_leaves_no_half_written_file_and_the_worker_stores_each_document_whole_once_there_is_room(
    demo_march_2021, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SCRUTINY_STORAGE_RETRY_SECONDS = 1
    storage = published_storage()
    disk = FillingDisk(storage)
    monkeypatch.setattr(storage, "_save", disk)
    root = Path(storage.location)
    before = stored_files(root)
    clerk = get_user_model().objects.get(username="clerk")
    round_ = demo_march_2021

    with django_capture_on_commit_callbacks(execute=True):
        round_.publish(by=clerk, agenda_header="Agenda Item 8: Appendix 1", first_page=23)
    committee = PublishedDocument.objects.filter(round=round_, public=False)
    assert committee.count() == 4
    # Each format tried, the disk full; each put off for a second. Four
    # tasks and no more: on a busy machine rendering the four takes more than
    # the second, and a batch would take the first again.
    a_worker(interval=0.01, batch=True, max_tasks=4).run()

    round_.refresh_from_db()
    assert round_.is_published
    documents = PublishedDocument.objects.filter(round=round_)
    assert disk.refused == 4 and not documents.ready().exists()
    assert stored_files(root) == before, "no half-written file is left"
    for document in documents:
        assert "could not take the file (No space left on device)" in document.error
        assert "tried again every second" in document.error
    client = Client()
    client.force_login(clerk)
    page = client.get(reverse("round_detail", args=[round_.pk])).content.decode()
    assert "No space left on device" in page

    disk.full = False
    time.sleep(1.1)
    a_worker(interval=0.01, batch=True).run()
    assert documents.ready().count() == documents.count() == 8  # the committee's four and their public copies
    for document in documents.all():  # read again: the loop above kept the rows as they were
        assert document.error == ""
        with document.open() as file:
            assert hashlib.sha256(file.read()).hexdigest() == document.sha256
    assert len(stored_files(root)) == len(before) + 8
