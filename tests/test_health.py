"""/health/, as a load balancer asks it: 200 when this server can work, 503
naming what is wrong; and the task worker's heartbeat that it reads."""

import contextlib
import hashlib
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplans.management.commands.db_worker import Worker
from actionplans.models import Notification, PublishedDocument, WorkerHeartbeat, requeue_abandoned_tasks
from actionplans.models.published import published_storage
from reports.tasks import render_published_document

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def probe(**headers):
    """As a load balancer asks: by address, over plain HTTP, signed in as nobody."""
    return Client(**headers).get("/health/")


def a_worker(*, interval: float, batch: bool, max_tasks: int | None = None) -> Worker:
    """The task worker `w1` on the default queue; in batch mode it runs every
    task that is due (or `max_tasks` of them), then stops."""
    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="w1",
        excluded_queue_names=[],
    )


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def worker_alive(database_queue, clamd):
    WorkerHeartbeat.objects.beat("worker-one")


EVERY_CHECK = ["database", "migrations", "published_storage", "worker", "tasks", "virus_scanner", "mail", "replies"]


def test_a_healthy_server_answers_200_with_every_check_ok(db, worker_alive):
    response = probe()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(EVERY_CHECK, "ok")}
    assert response["Cache-Control"] == "no-store"


def test_without_the_virus_scanner_it_says_degraded_and_still_answers_200(db, worker_alive, settings, tmp_path):
    # Pages work without it (files are held until scanned); a load balancer
    # must not take every server out for a scanner they all share.
    settings.SCRUTINY_CLAMD_SOCKET = str(tmp_path / "no-clamd.ctl")
    response = probe()
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["virus_scanner"] == (
        "the virus scanner (clamd) does not answer: evidence files are held until it does"
    )


def test_mail_the_server_did_not_take_says_degraded_until_it_is_delivered(db, worker_alive, officer):
    email = Notification.objects.record_account_email(
        kind=Notification.Kind.SET_PASSWORD, recipient=officer, subject="Choose a password", body="Hello"
    )
    Notification.objects.filter(pk=email.pk).update(attempts=1, last_error="SMTPConnectError: refused")
    response = probe()
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["mail"] == (
        "1 e-mail the mail server did not take is being tried again: see E-mail not delivered"
    )
    Notification.objects.filter(pk=email.pk).update(sent_at=timezone.now())
    assert probe().json()["status"] == "ok"


def test_replies_offered_without_the_mail_servers_id_say_why_each_is_refused(db, worker_alive, settings):
    settings.SCRUTINY_REPLY_ADDRESS = "updates@scrutiny.example.gov.uk"
    settings.SCRUTINY_REPLY_AUTHSERV_ID = ""
    response = probe()
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["replies"].startswith(
        "every update by e-mail is refused: set SCRUTINY_REPLY_AUTHSERV_ID"
    )
    settings.SCRUTINY_REPLY_AUTHSERV_ID = "mx.example.gov.uk"
    assert probe().json()["status"] == "ok"


def test_it_answers_a_probe_by_address_over_plain_http_in_production(db, worker_alive, settings):
    # Production redirects plain HTTP to HTTPS and refuses unknown host
    # names; the load balancer's probe must get through all the same.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["scrutiny.example.gov.uk"]
    response = probe(HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    # Every other address still is refused or redirected.
    assert Client(HTTP_HOST="10.0.0.7:8000").get("/sign-in/").status_code == 400


def test_it_gives_away_no_data_and_changes_nothing(db, worker_alive, demo):
    response = probe()
    assert response.content.decode().count('"ok"') == 1 + len(EVERY_CHECK)
    assert not response.cookies and not hasattr(response.wsgi_request, "session")
    assert Client().post("/health/").status_code == 405


def test_without_a_worker_it_answers_503_saying_to_start_one(db, database_queue):
    response = probe()
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["worker"] == "no task worker has been seen: start manage.py db_worker"


def test_a_worker_unseen_for_longer_than_the_setting_is_taken_for_stopped(db, database_queue, settings):
    settings.SCRUTINY_WORKER_LOST_SECONDS = 180
    WorkerHeartbeat.objects.beat("worker-one")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=4))
    response = probe()
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "no task worker has been seen for 4 minutes"
    WorkerHeartbeat.objects.beat("worker-one")
    assert probe().status_code == 200


def test_a_task_waiting_longer_than_the_setting_answers_503(demo, worker_alive, settings, clerk):
    settings.SCRUTINY_HEALTH_TASK_WAIT_SECONDS = 600
    render_published_document.enqueue(0)
    assert probe().status_code == 200  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=11))
    response = probe()
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "a task has waited 11 minutes to start"


def test_pending_migrations_answer_503(db, worker_alive):
    MigrationRecorder.Migration.objects.filter(app="reports", name="0001_search_index").delete()
    response = probe()
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 database migration is not applied: run manage.py migrate"


def test_a_published_record_that_cannot_be_written_answers_503(db, worker_alive, settings, tmp_path):
    # A directory that cannot be made (its parent is a file): as a full disk
    # or a lost network share, whoever the server runs as.
    (tmp_path / "not-a-directory").write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "published": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "not-a-directory" / "published"},
        },
    }
    response = probe()
    assert response.status_code == 503
    assert response.json()["checks"]["published_storage"] == "the published record's storage cannot be written"


@pytest.mark.django_db(transaction=True)
def test_a_database_that_does_not_answer_answers_503(worker_alive, tmp_path):
    name = connection.settings_dict["NAME"]
    connection.close()
    # A database that is not there: as a server down or unreachable.
    connection.settings_dict["NAME"] = (
        str(tmp_path / "gone" / "db.sqlite3") if connection.vendor == "sqlite" else "scrutiny_not_there"
    )
    try:
        response = probe()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "the database does not answer"
    assert checks["migrations"] == checks["worker"] == "not checked: no database"
    assert probe().status_code == 200


@contextlib.contextmanager
def database_gone(tmp_path):
    """New connections find no database, as while PostgreSQL is stopped."""
    name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = (
        str(tmp_path / "gone" / "db.sqlite3") if connection.vendor == "sqlite" else "scrutiny_not_there"
    )
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name


@pytest.mark.django_db(transaction=True)
def test_a_page_asked_for_while_the_database_is_away_says_try_again_in_a_minute_and_the_next_one_is_served(
    officer, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("a database server that goes away is PostgreSQL's (the test database on SQLite is in memory)")
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    with database_gone(tmp_path):
        away = client.get("/my-updates/")
        saving = client.post("/my-updates/", {"anything": "typed"})
    for response in (away, saving):
        assert response.status_code == 503 and response["Retry-After"] == "60"
        page = response.content.decode()
        assert "Try again in a minute" in page and "it was not saved" in page and "Traceback" not in page
    assert client.get("/my-updates/").status_code == 200  # no restart: the next request finds it


# The heartbeat, and the work of a lost worker -------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_while_it_runs_and_takes_its_heartbeat_with_it(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.SCRUTINY_WORKER_HEARTBEAT_SECONDS = 0.05
    worker = a_worker(interval=0.05, batch=False)

    def run():
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        beats = []
        for _ in range(200):
            beats = [*beats, *WorkerHeartbeat.objects.values_list("seen_at", flat=True)]
            if len(set(beats)) >= 3:
                break
            time.sleep(0.02)
        assert len(set(beats)) >= 3, "the worker beats again and again while it runs"
        assert probe().status_code == 200
    finally:
        worker.running = False
        thread.join(timeout=10)
    assert not WorkerHeartbeat.objects.exists()
    assert probe().json()["checks"]["worker"] == "no task worker has been seen: start manage.py db_worker"


def test_a_task_claimed_by_a_lost_worker_goes_back_in_the_queue_and_a_living_one_keeps_its_own(
    db, database_queue, settings
):
    settings.SCRUTINY_WORKER_LOST_SECONDS = 60
    lost = render_published_document.enqueue(1)
    kept = render_published_document.enqueue(2)
    long_ago = timezone.now() - timedelta(minutes=5)
    for result, worker in [(lost, "lost"), (kept, "alive")]:
        DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=long_ago, worker_ids=[worker])
    WorkerHeartbeat.objects.beat("lost")
    WorkerHeartbeat.objects.filter(worker_id="lost").update(seen_at=long_ago)
    WorkerHeartbeat.objects.beat("alive")

    assert requeue_abandoned_tasks() == 1
    assert DBTaskResult.objects.get(pk=lost.id).status == "READY"
    assert DBTaskResult.objects.get(pk=kept.id).status == "RUNNING"
    assert requeue_abandoned_tasks() == 0


@pytest.fixture
def published_twice(demo_march_2021, clerk, settings, django_capture_on_commit_callbacks):
    """Two workers each with the same document in hand, as when one was
    taken for lost while still rendering: both store it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        demo_march_2021.publish(by=clerk)
    document = PublishedDocument.objects.committee().get(round=demo_march_2021, format="html")
    first, second = PublishedDocument.objects.get(pk=document.pk), PublishedDocument.objects.get(pk=document.pk)
    first.store(b"<p>first</p>", "update.html")
    second.store(b"<p>second</p>", "update.html")
    return document, first, second


def test_a_document_rendered_twice_is_stored_once_with_the_first_files_hash(published_twice):
    document, first, second = published_twice
    document.refresh_from_db()
    assert first.storage_name == second.storage_name == document.storage_name
    assert first.sha256 == second.sha256 == document.sha256 == hashlib.sha256(b"<p>first</p>").hexdigest()
    with document.open() as stored:
        assert stored.read() == b"<p>first</p>"
    # The second copy was removed: one file in the version's folder.
    folder = Path(published_storage().path(document.storage_name)).parent
    assert [path.name for path in folder.iterdir()] == [Path(document.storage_name).name]


@pytest.mark.django_db(transaction=True)
def test_the_worker_rides_out_a_database_that_goes_away_and_takes_up_the_task_it_was_running(
    settings, monkeypatch, caplog
):
    """The package's loop ends the worker on an error of the database; ours
    waits and starts it again, and puts back the task the outage cut short."""
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr("actionplans.management.commands.db_worker.OUTAGE_WAIT_MOST", 0.05)
    monkeypatch.setattr("actionplans.management.commands.db_worker.time.sleep", lambda seconds: None)
    cut_short = render_published_document.enqueue(1)
    DBTaskResult.objects.filter(pk=cut_short.id).update(status="RUNNING", started_at=timezone.now(), worker_ids=["w1"])
    outages = iter([True, True, True])
    real_ready = DBTaskResult.objects.ready

    def ready():
        if next(outages, False):
            raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
        return real_ready()

    monkeypatch.setattr(DBTaskResult.objects, "ready", ready)
    worker = a_worker(interval=0.01, batch=True)
    worker.run()  # in batch mode it returns once the queue is empty
    assert DBTaskResult.objects.get(pk=cut_short.id).status in {"SUCCESSFUL", "FAILED"}  # run again, to its end
    assert [r.message for r in caplog.records].count(
        "Worker w1: the database does not answer (connection to server at 127.0.0.1, port 5432 failed: "
        "Connection refused); trying again"
    ) == 3
    assert any("put 1 interrupted task(s) back in the queue" in r.message for r in caplog.records)
