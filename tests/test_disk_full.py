"""The disk filling while a round's documents are stored (issue 40), with
the real service: gunicorn and the task worker as processes of their own,
the published store on a small filesystem of the test's own (a tmpfs of
1 MiB) filled to within a few kilobytes.

The clerk publishes. The round is published (the committee's record is the
database's); the worker renders each document and the disk refuses it part
way; no half-written file is left for anyone to take for the record's, and
the round's page says why its files are not there yet. Once there is room,
without a restart, the same worker renders and stores each again, whole:
every file once, its SHA-256 its bytes'."""

import hashlib
from pathlib import Path

import pytest
from django.db import connection

from actionplans.models import PublishedDocument
from tests.servers import (
    Visitor,
    fill,
    form_fields,
    free_port,
    passwords_the_servers_check,
    service_env,
    signed_in,
    start_gunicorn,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(demo_march_2021, small_disk, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the service's processes share the test database on PostgreSQL; run with DATABASE_URL (CI does)")
    passwords_the_servers_check({"clerk"}, settings)
    published = small_disk / "published"
    env = service_env(
        tmp_path, PUBLISHED_ROOT=str(published), SCRUTINY_NOTIFICATIONS="false", SCRUTINY_STORAGE_RETRY_SECONDS="2"
    )
    log_path = tmp_path / "services.log"
    with open(log_path, "w") as log:
        port = free_port()
        processes = [start_gunicorn(env, port, log), start_worker(env, log, worker_id="w1")]
        try:
            yield {
                "round": demo_march_2021,
                "port": port,
                "disk": small_disk,
                "published": published,
                "processes": processes,
            }
        finally:
            for process in processes:
                stop(process)
            print(log_path.read_text()[-6000:])


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_full_disk_leaves_no_half_written_file_and_the_worker_stores_each_document_whole_once_there_is_room(
    service,
):
    round_, port = service["round"], service["port"]
    filler = fill(service["disk"])
    clerk = signed_in(port, "clerk")
    publish = f"/rounds/{round_.pk}/publish/"
    form = dict(form_fields(clerk.get(publish).body, "agenda_header"))
    form.update(confirm_missing="on", agenda_header="Agenda Item 8: Appendix 1", first_page="23")
    assert clerk.post(publish, list(form.items())).status == 302

    # Published; each of the committee's documents refused by the full disk.
    round_.refresh_from_db()
    assert round_.is_published
    committee = PublishedDocument.objects.filter(round=round_, public=False)
    wait_for(
        lambda: committee.count() == 4 and all("No space left on device" in d.error for d in committee.all()),
        "the worker's try at each document",
        seconds=180,
    )
    assert files_in(service["published"]) == [], "no half-written file is left"
    page = clerk.get(f"/rounds/{round_.pk}/").body
    assert "No space left on device" in page and "tried again every 2 seconds" in page

    # Room again; nothing restarted. Each stored whole, once.
    filler.unlink()
    documents = PublishedDocument.objects.filter(round=round_)
    wait_for(lambda: documents.count() == documents.ready().count() == 8, "every document stored", seconds=180)
    assert all(process.poll() is None for process in service["processes"])
    stored = files_in(service["published"])
    assert len(stored) == 8  # the committee's four and their public copies, none twice
    for document in documents.all():
        assert document.error == ""
        path = service["published"] / document.storage_name
        assert path in stored and hashlib.sha256(path.read_bytes()).hexdigest() == document.sha256
    assert Visitor(port).get("/health/").status == 200
