"""The evidence store filling up while an officer attaches a file (issue
55), with the real service: gunicorn and the task worker as processes of
their own, the evidence store on a small filesystem of the test's own (a
tmpfs of 1 MiB) filled to within a few kilobytes.

The officer writes their update and chooses a 200 KB PDF. The disk refuses
it: the page answers, not a server error; the message beside the field says
what happened and what to do; what they typed is still in the form; nothing
is saved, and no half-written file is left. The same on the update's files
page. Once there is room, without a restart, the same form attaches it
whole."""

import hashlib
from pathlib import Path

import pytest
from django.db import connection

from actionplans.models import EvidenceFile
from tests.evidence_files import pdf
from tests.servers import (
    fill,
    form_fields,
    free_port,
    passwords_the_servers_check,
    service_env,
    signed_in,
    start_gunicorn,
    start_worker,
    stop,
)

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

NO_ROOM = "There is no room left on the server to store"
TYPED = "Workshops held in every school this spring, with 40 teachers."


def minutes_of_200_kb() -> bytes:
    """A real PDF, made 200 KB by a comment after its end (as a scanner's are)."""
    return pdf() + b"%" + b"0" * (200 * 1024) + b"\n"


@pytest.fixture
def service(demo_march_2021, small_disk, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the service's processes share the test database on PostgreSQL; run with DATABASE_URL (CI does)")
    entry = demo_march_2021.entries.filter(owners__user__is_active=True).order_by("pk").first()
    officer = entry.owners.filter(user__is_active=True).first().user
    passwords_the_servers_check({officer.username}, settings)
    evidence = small_disk / "evidence"
    evidence.mkdir()
    env = service_env(tmp_path, EVIDENCE_ROOT=str(evidence), SCRUTINY_NOTIFICATIONS="false")
    log_path = tmp_path / "services.log"
    with open(log_path, "w") as log:
        port = free_port()
        processes = [start_gunicorn(env, port, log), start_worker(env, log, worker_id="w1")]
        try:
            yield {"entry": entry, "officer": officer.username, "port": port, "disk": small_disk, "store": evidence}
        finally:
            for process in processes:
                stop(process)
            print(log_path.read_text()[-6000:])


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def draft(browser, entry, text: str, minutes: bytes):
    page = f"/updates/{entry.pk}/"
    form = [(k, v) for k, v in form_fields(browser.get(page).body, "version") if k not in {"save", "submit", "files"}]
    form = [(k, text if k == "evidence_of_progress" else v) for k, v in form] + [("save", "")]
    return browser.post(page, form, files=[("files", "Minutes March 2021.pdf", minutes)])


def test_a_full_evidence_store_keeps_what_the_officer_typed_and_leaves_no_half_written_file(service):
    entry, store = service["entry"], service["store"]
    before = (entry.version, entry.evidence_of_progress)
    filler = fill(service["disk"])
    browser = signed_in(service["port"], service["officer"])
    minutes = minutes_of_200_kb()

    answer = draft(browser, entry, TYPED, minutes)
    assert answer.status == 200, answer.body[:2000]
    assert NO_ROOM in answer.body and "Tell the council" in answer.body
    assert TYPED in answer.body, "what the officer typed is still in the form"
    assert files_in(store) == [], "no half-written file is left"
    entry.refresh_from_db()
    assert (entry.version, entry.evidence_of_progress) == before and not EvidenceFile.objects.filter(entry=entry)

    # The files page too: the title typed is kept, nothing stored.
    files_page = f"/updates/{entry.pk}/files/"
    form = [(k, v) for k, v in form_fields(browser.get(files_page).body, "title") if k != "file"]
    form = [(k, "Minutes of March" if k == "title" else v) for k, v in form]
    answer = browser.post(files_page, form, files=[("file", "Minutes March 2021.pdf", minutes)])
    assert answer.status == 200 and NO_ROOM in answer.body and 'value="Minutes of March"' in answer.body
    assert files_in(store) == [] and not EvidenceFile.objects.filter(entry=entry)

    # Room again; nothing restarted. The same form saves it, whole.
    filler.unlink()
    assert draft(browser, entry, TYPED, minutes).status == 302
    entry.refresh_from_db()
    assert entry.evidence_of_progress == TYPED
    (attached,) = EvidenceFile.objects.filter(entry=entry)
    stored = store / attached.storage_name
    assert files_in(store) == [stored] and hashlib.sha256(stored.read_bytes()).hexdigest() == attached.sha256
    assert stored.read_bytes() == minutes
