"""Two app servers and two task workers against one PostgreSQL, as a council
that outgrows one machine runs them (docs/production.md, "More than one server").

Both gunicorn servers and both workers run as processes of their own on
127.0.0.1, on this test's database and one shared published-record
directory. Officers write their updates, councillors and the clerk read,
each person's requests going to either server. In the middle one server is
killed outright (as a machine lost), and the survivors carry on; then the
clerk publishes the round while the reading goes on, and the worker
rendering its PDF is killed outright in the middle of it.

Afterwards: every save answered as saved is in the database once, nothing
refused or unanswered was half-written, every request to the surviving
server succeeded, a session and a sign-in lock-out made on one server hold
on the other, and every published document is stored exactly once with its
hash (the interrupted render picked up by the other worker).
"""

import collections
import hashlib
import itertools
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from actionplans.demo import demo_password
from actionplans.models import ProgressEntry, PublishedDocument, Round
from reports.documents import FORMATS
from tests.servers import (
    Visitor,
    form_fields,
    free_port,
    passwords_the_servers_check,
    start_gunicorn,
    start_worker,
    stop,
    test_database_url,
)

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

SAVES_EACH = 8
LOST_SECONDS = 3


@pytest.fixture
def database_url():
    if connection.vendor != "postgresql":
        pytest.skip("several servers share one PostgreSQL; run with DATABASE_URL=postgres://… (CI does)")
    return test_database_url()


@pytest.fixture
def people(demo_march_2021, settings):
    """The round's officers, a councillor, the clerk and a person to lock
    out, with their passwords hashed as the servers (with the real hasher,
    not the tests' fast one) check them."""
    writers = []
    for entry in demo_march_2021.entries.prefetch_related("owners__user").order_by("pk"):
        for owner in entry.owners.all():
            if owner.user and owner.user.is_active:
                writers.append((owner.user.username, entry.pk))
    assert len(writers) >= 2, "the round has updates for at least two officers to write"
    users = get_user_model().objects.filter(is_active=True)
    # Someone with nothing else to do in the run, to be locked out.
    locked = users.exclude(username__in=[name for name, _ in writers]).filter(groups__name="Officer").first()
    passwords_the_servers_check({name for name, _ in writers} | {"councillor", "clerk", locked.username}, settings)
    return {"writers": writers, "round": demo_march_2021, "locked": locked.username}


@pytest.fixture
def cluster(database_url, tmp_path, people):
    """Two servers (A, B) and two workers (w1, w2), stopped afterwards
    whatever happened; their output is printed if the test fails."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PUBLISHED_ROOT": str(tmp_path / "published"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SCRUTINY_WORKER_HEARTBEAT_SECONDS": "0.5",
        "SCRUTINY_WORKER_LOST_SECONDS": str(LOST_SECONDS),
        "SCRUTINY_NOTIFICATIONS": "false",
    }
    log_path = tmp_path / "servers.log"
    processes = {}
    with open(log_path, "w") as log:
        try:
            for name in ("A", "B"):
                port = free_port()
                processes[name] = (start_gunicorn(env, port, log), port)
            for name in ("w1", "w2"):
                processes[name] = (start_worker(env, log, worker_id=name), None)
            yield processes, tmp_path / "published"
        finally:
            for process, _ in processes.values():
                stop(process)
            print(log_path.read_text()[-6000:])


class Load:
    """What each person asked of which server, and what came back."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []  # (server, method, path, status)
        self.saved, self.refused, self.unanswered = [], [], []  # the texts of saves

    def add(self, server, method, path, status):
        with self.lock:
            self.answers.append((server, method, path, status))


def test_two_servers_and_two_workers_lose_nothing_and_double_nothing(cluster, people, settings):
    processes, published_root = cluster
    ports = {name: port for name, (_, port) in processes.items() if port}
    alive = {"A": True, "B": True}
    load = Load()
    round_ = people["round"]
    password = demo_password()

    def visit(visitor_for, server, method, path, form=None):
        answer = visitor_for[server].request(method, path, form)
        load.add(server, method, path, answer.status)
        return answer

    def person(username):
        """A browser whose cookies go to both servers (one site behind a
        load balancer); its requests go to A and B in turn while A lives."""
        first = Visitor(ports["A"])
        second = Visitor(ports["B"])
        second.cookies = first.cookies
        return {"A": first, "B": second}

    servers = itertools.cycle("AB")

    def next_server():
        server = next(servers)
        return server if alive[server] else "B"

    # A session begun on one server holds on the other.
    clerk = person("clerk")
    assert clerk["A"].sign_in("clerk", password).status == 302
    assert visit(clerk, "B", "GET", reverse("round_detail", args=[round_.pk])).status == 200

    # A lock-out earned on both servers holds on both.
    locked = person(people["locked"])
    for n in range(settings.AXES_FAILURE_LIMIT):
        locked["AB"[n % 2]].sign_in(people["locked"], "not the password")
    for server in "AB":
        answer = locked[server].sign_in(people["locked"], password)
        assert answer.status != 302 and "locked" in answer.body.lower(), server

    stop_at = threading.Event()

    def officer(username, entry_pk):
        browser = person(username)
        assert browser[next_server()].sign_in(username, password).status == 302
        path = reverse("update_entry", args=[entry_pk])
        for n in range(SAVES_EACH):
            page = visit(browser, next_server(), "GET", path)
            if page.status != 200:
                continue
            values = dict(form_fields(page.body, "version"))
            text = f"Saved {n} by {username} on entry {entry_pk}."
            values.update(evidence_of_progress=text, grade="2", save="")
            values.pop("submit", None)
            server = next_server()
            answer = visit(browser, server, "POST", path, list(values.items()))
            with load.lock:
                if answer.status == 302:
                    load.saved.append(text)
                elif answer.status == 0:
                    load.unanswered.append(text)
                else:
                    load.refused.append(text)
            time.sleep(0.2)

    def reader(username, paths):
        browser = person(username)
        assert browser[next_server()].sign_in(username, password).status == 302
        for path in itertools.cycle(paths):
            if stop_at.is_set():
                return
            visit(browser, next_server(), "GET", path)
            time.sleep(0.1)

    reading = [
        reverse("review_detail", args=[round_.review.slug]),
        reverse("committee_dashboard", args=[round_.review.committee.slug]),
        reverse("committees"),
    ]
    readers = [
        threading.Thread(target=reader, args=("councillor", reading)),
        threading.Thread(target=reader, args=("clerk", [reverse("round_detail", args=[round_.pk])])),
    ]
    officers = [threading.Thread(target=officer, args=writer) for writer in people["writers"]]
    for thread in readers + officers:
        thread.start()

    # One server lost in the middle of the officers' writing: once it has
    # answered pages and saves, however slowly the machine runs.
    deadline = time.monotonic() + 120
    while sum(a[0] == "A" and a[3] == 200 for a in load.answers) < 5 or len(load.saved) < 2:
        assert time.monotonic() < deadline, "server A answered pages and saves"
        time.sleep(0.05)
    alive["A"] = False
    os.killpg(processes["A"][0].pid, signal.SIGKILL)
    for thread in officers:
        thread.join(timeout=120)

    # The clerk publishes on the surviving server while the reading goes on.
    publish = reverse("publish_round", args=[round_.pk])
    page = visit(clerk, "B", "GET", publish)
    form = dict(form_fields(page.body, "agenda_header"))
    form.update(confirm_missing="on", agenda_header="Agenda Item 8: Appendix 1", first_page="23")
    assert visit(clerk, "B", "POST", publish, list(form.items())).status == 302
    assert Round.objects.get(pk=round_.pk).is_published

    # The worker that takes the PDF is killed in the middle of rendering it.
    pdf = PublishedDocument.objects.get(
        round=round_, format="pdf", public=False
    )  # the committee's, not the public copy
    task = None
    deadline = time.monotonic() + 60
    while task is None and time.monotonic() < deadline:
        task = next(
            (
                t
                for t in DBTaskResult.objects.filter(status="RUNNING")
                if t.args_kwargs["args"] == [pdf.pk] and t.worker_ids
            ),
            None,
        )
        time.sleep(0.01)
    assert task is not None, "a worker started on the PDF"
    killed = task.worker_ids[-1]
    os.killpg(processes[killed][0].pid, signal.SIGKILL)
    assert not PublishedDocument.objects.get(pk=pdf.pk).is_ready, "killed in the middle of rendering"

    # The other worker takes it up once the killed one is taken for lost.
    deadline = time.monotonic() + 90
    # The committee's documents and their public copies, stored by the same tasks.
    documents = PublishedDocument.objects.filter(round=round_)
    while documents.ready().count() < documents.count():
        assert time.monotonic() < deadline, "every document was stored"
        time.sleep(0.2)
    stop_at.set()
    for thread in readers:
        thread.join(timeout=60)

    print(
        f"{len(load.answers)} requests ({sum(a[0] == 'B' for a in load.answers)} to B); saves: "
        f"{len(load.saved)} answered, {len(load.refused)} refused, {len(load.unanswered)} unanswered; "
        f"worker {killed} killed rendering the PDF; POST answers: "
        f"{sorted(collections.Counter(a[3] for a in load.answers if a[1] == 'POST').items())}"
    )
    # Every request to the surviving server succeeded, and A's did until it went.
    failed = [a for a in load.answers if a[0] == "B" and not (200 <= a[3] < 400 or a[3] == 409)]
    assert not failed, failed[:5]
    assert sum(a[0] == "B" for a in load.answers) > 20
    assert any(a[0] == "A" and a[3] == 200 for a in load.answers)

    # No update lost or doubled: each save's text is in the history once if
    # it was answered as saved, never if refused, at most once if its server
    # went before answering.
    history = list(ProgressEntry.history.filter(round=round_).values_list("evidence_of_progress", flat=True))
    counts = {text: history.count(text) for text in load.saved + load.refused + load.unanswered}
    assert load.saved, "saves went through"
    assert all(counts[text] == 1 for text in load.saved), counts
    assert all(counts[text] == 0 for text in load.refused), counts
    assert all(counts[text] <= 1 for text in load.unanswered), counts
    for entry in ProgressEntry.objects.filter(round=round_):
        latest = entry.history.order_by("-history_id").first()
        assert entry.evidence_of_progress == latest.evidence_of_progress

    # Every document stored exactly once, with its hash; the PDF's task run
    # again by the other worker.
    documents = PublishedDocument.objects.filter(round=round_)
    # (The demo's earlier rounds have their public copies stored by the workers too.)
    stored = sorted(
        p.relative_to(published_root) for p in (published_root / "rounds" / str(round_.pk)).rglob("*") if p.is_file()
    )
    assert stored == sorted(Path(d.storage_name) for d in documents)
    for document in documents:
        assert hashlib.sha256((published_root / document.storage_name).read_bytes()).hexdigest() == document.sha256
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == [killed, "w2" if killed == "w1" else "w1"]
    renders = DBTaskResult.objects.filter(task_path="reports.tasks.render_published_document")
    assert renders.count() == len(FORMATS) and all(t.status == "SUCCESSFUL" for t in renders)
