"""PostgreSQL stopped for 30 seconds while officers save and a clerk
publishes (issue 40), on a PostgreSQL of the test's own (`initdb` in a
temporary folder, its own port), never the machine's shared one.

gunicorn and a task worker run as processes of their own against it, as
docs/production.md runs them, keeping their connections (CONN_MAX_AGE), and
officers save their updates without stop through the outage. While the
database is away every request answers the 503 "try again in a minute"
page, never a traceback, and /health/ says the database does not answer;
once it is back, without restarting anything, saves go through again, the
clerk publishes, and the same worker renders and stores every document.
Afterwards every save answered as saved is in the record, and every update
in the record is whole (its two fields written by one save)."""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from actionplans.demo import demo_password
from tests.servers import ROOT, Visitor, form_fields, free_port, start_gunicorn, start_worker, stop

pytestmark = pytest.mark.servers

OUTAGE_SECONDS = 30
SAVE_PAUSE = 0.3


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    return Path(found[-1]).parent


@dataclass
class Cluster:
    url: str
    start: object
    stop: object


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stdout}{result.stderr}"


@contextmanager
def own_postgres():
    """A PostgreSQL of the test's own; PostgreSQL will not run as root, so
    as root its programs run as the postgres user."""
    programs = _postgres_bin()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-outage-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [*as_postgres, str(programs / "pg_ctl"), "-D", str(data), "-w"]

    def start():
        _run([*pg_ctl, "-l", str(folder / "server.log"), "-o", options, "start"])

    def halt():
        _run([*pg_ctl, "-m", "fast", "stop"])

    _run([*as_postgres, str(programs / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
    start()
    try:
        _run([str(programs / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "scrutiny"])
        yield Cluster(f"postgres://postgres@127.0.0.1:{port}/scrutiny", start, halt)
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


# The demo council, migrated and loaded into the cluster, with its March 2021
# round open as tests/conftest.py's demo_march_2021 opens it; prints the
# round's id and, a line each, an officer's username and the update to write
# (each officer a different update).
SET_UP = """
import datetime
from django.contrib.auth import get_user_model
from django.core.management import call_command
from actionplans.models import Review
from tests.factories import keep_open_in_september, take_back_advocates
call_command("migrate", verbosity=0)
call_command("load_demo", published_only=True, verbosity=0)
take_back_advocates()
keep_open_in_september("Schools, Colleges and Universities")
round = Review.objects.get().open_round(
    period=datetime.date(2021, 3, 1), deadline=datetime.date(2021, 2, 26),
    meeting_date=datetime.date(2021, 3, 18), by=get_user_model().objects.get(username="clerk"),
)
print("round", round.pk)
seen = set()
for entry in round.entries.prefetch_related("owners__user").order_by("pk"):
    # One officer an update, each their own: two saving one update would conflict.
    for owner in entry.owners.all():
        if owner.user and owner.user.is_active and owner.user.username not in seen:
            seen.add(owner.user.username)
            print("writer", owner.user.username, entry.pk)
            break
"""


@pytest.fixture
def service(tmp_path):
    """The cluster with the demo, a server and a worker on it."""
    with own_postgres() as cluster:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": cluster.url,
            "DATABASE_CONN_MAX_AGE": "60",
            "PUBLISHED_ROOT": str(tmp_path / "published"),
            "EVIDENCE_ROOT": str(tmp_path / "evidence"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "SCRUTINY_NOTIFICATIONS": "false",
            "SCRUTINY_WORKER_HEARTBEAT_SECONDS": "1",
            "SCRUTINY_WORKER_LOST_SECONDS": "10",
        }
        set_up = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", SET_UP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert set_up.returncode == 0, set_up.stderr[-3000:]
        printed = [line.split() for line in set_up.stdout.splitlines()]
        [round_pk] = [words[1] for words in printed if words[:1] == ["round"]]
        writers = [words[1:] for words in printed if words[:1] == ["writer"]]
        log_path = tmp_path / "services.log"
        with open(log_path, "w") as log:
            port = free_port()
            server = start_gunicorn(env, port, log)
            worker = start_worker(env, log, worker_id="w1")
            try:
                yield {
                    "cluster": cluster,
                    "port": port,
                    "round": int(round_pk),
                    "writers": writers[:3],
                    "worker": worker,
                    "log": log_path,
                }
            finally:
                stop(server)
                stop(worker)
                print(log_path.read_text()[-6000:])


class Saves:
    """Each officer's saves: the text sent and the answer's status."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int, str]] = []  # (text, status, body)

    def add(self, text, status, body):
        with self.lock:
            self.sent.append((text, status, body))


def keep_saving(port, username, entry_pk, saves: Saves, until: threading.Event) -> None:
    browser = Visitor(port)
    assert browser.sign_in(username, demo_password()).status == 302
    path = f"/updates/{entry_pk}/"
    n = 0
    while not until.is_set():
        n += 1
        page = browser.get(path)
        if page.status != 200:
            saves.add(None, page.status, page.body)
            time.sleep(SAVE_PAUSE)
            continue
        values = dict(form_fields(page.body, "version"))
        text = f"Save {n} by {username}."
        values.update(evidence_of_progress=text, evidence_of_impact=text, grade="2", save="")
        values.pop("submit", None)
        answer = browser.post(path, list(values.items()))
        saves.add(text, answer.status, answer.body)
        time.sleep(SAVE_PAUSE)


def query(url: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(sql, params).fetchall()


@pytest.mark.long
def test_a_stopped_database_loses_nothing_shows_no_traceback_and_the_service_comes_back_by_itself(service):
    port, cluster = service["port"], service["cluster"]
    saves, until = Saves(), threading.Event()
    officers = [
        threading.Thread(target=keep_saving, args=(port, username, int(entry), saves, until))
        for username, entry in service["writers"]
    ]
    assert officers, "the round has officers to write"
    clerk = Visitor(port)
    assert clerk.sign_in("clerk", demo_password()).status == 302
    publish = f"/rounds/{service['round']}/publish/"
    form = dict(form_fields(clerk.get(publish).body, "agenda_header"))
    form.update(confirm_missing="on", agenda_header="Agenda Item 8: Appendix 1", first_page="23")

    for thread in officers:
        thread.start()
    time.sleep(3)
    cluster.stop()
    outage_started = time.monotonic()
    time.sleep(2)
    health_away = Visitor(port).get("/health/")
    publish_away = clerk.post(publish, list(form.items()))
    time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
    during = len(saves.sent)
    cluster.start()
    time.sleep(5)
    until.set()
    for thread in officers:
        thread.join(timeout=120)

    # While it was away: the page that says so, never a traceback.
    assert health_away.status == 503 and "the database does not answer" in health_away.body
    assert publish_away.status == 503 and "Try again in a minute" in publish_away.body
    statuses = {status for _, status, _ in saves.sent}
    assert statuses <= {200, 302, 503}, statuses
    assert 503 in statuses, "the officers' saves met the outage"
    assert not any("Traceback" in body for _, _, body in saves.sent)
    # Back, without a restart: the officers' later saves went through.
    assert [status for _, status, _ in saves.sent[during:]][-len(officers) :] == [302] * len(officers)

    # The clerk publishes now, and the same worker stores every document.
    assert clerk.post(publish, list(form.items())).status == 302
    deadline = time.monotonic() + 180
    sql = (
        "SELECT count(*), count(*) FILTER (WHERE storage_name <> '') "
        "FROM actionplans_publisheddocument WHERE round_id = %s"
    )
    while True:
        [(documents, stored)] = query(cluster.url, sql, service["round"])
        if documents and stored == documents:
            break
        assert time.monotonic() < deadline, f"{stored} of {documents} documents stored"
        time.sleep(0.5)
    assert service["worker"].poll() is None, "the worker rode the outage out: it was never restarted"
    assert Visitor(port).get("/health/").status == 200

    # Every save answered as saved is in the record, and every update there is whole.
    recorded = query(
        cluster.url,
        "SELECT evidence_of_progress, evidence_of_impact FROM actionplans_historicalprogressentry "
        "WHERE evidence_of_progress LIKE 'Save %%'",
    )
    assert all(progress == impact for progress, impact in recorded), "an update was half-saved"
    answered = {text for text, status, _ in saves.sent if status == 302}
    assert answered <= {progress for progress, _ in recorded}
    sent = {text for text, _, _ in saves.sent if text}
    assert {progress for progress, _ in recorded} <= sent
    log = service["log"].read_text()
    assert re.search(r"Worker w1: the database does not answer", log)
