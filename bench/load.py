"""Load run: many signed-in people using the service at once, through gunicorn.

    make bench-load                                  (50 users for 2 minutes, SQLite then PostgreSQL)
    .venv/bin/python bench/load.py --users 10 --duration 20 --database sqlite

For each database it builds a fresh one (SQLite: bench/out/load.sqlite3;
PostgreSQL: the database named by --postgres-url, dropped and created again),
migrates it, loads the demo council, lets the committee keep every action
open and opens the next monitoring round, so that every officer has an update
to write. Then it starts gunicorn (3 workers, as docs/production.md runs it) on a free
port of 127.0.0.1 and signs in the users, of mixed roles:

- officers open their updates and save drafts through the real form (with its
  CSRF token and version), each time with new text;
- link officers open their approvals and the submitted updates;
- committee members read the review page, the committee dashboard, the
  Progress Update page and the list of committees;
- clerks open the round's page and the approvals.

Each person waits a moment between pages (--think). After --duration seconds
(or a bounded number of requests each) everyone stops, gunicorn is stopped,
and it prints the requests, the errors (any answer but 2xx/3xx, other than an
expected 409 when two people saved the same update at once, counted
apart), p50 and p95, and checks that every save answered as saved is in the
database. Traffic goes to 127.0.0.1 only. Nothing here is part of the tests.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: load on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import argparse
import http.client
import http.cookies
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.servers import FormFields, free_port  # noqa: E402 (after the path it is found on)

sys.path.insert(0, str(ROOT / "bench"))
from common import SMOKE, Figures, smoke_postgres_url, sqlite_url  # noqa: E402

OUT = ROOT / "bench" / "out"
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/scrutiny_load"
# Shares of the users by role; officers take the rest.
SHARES = {"link officer": 0.10, "councillor": 0.26, "clerk": 0.04}
# How long gunicorn keeps its database connections, the run once with each:
# Django's default (a connection a request), then production's default in
# scrutiny/settings.py (DATABASE_CONN_MAX_AGE), whose health check runs too.
PRODUCTION_CONN_MAX_AGE = 60
# As docs/production.md runs it; at smoke size two, each of which loads the
# whole service at its start.
WORKERS = 2 if SMOKE else 3
CONN_MAX_AGES = (0, PRODUCTION_CONN_MAX_AGE)


# Preparing the database (in a child process with DATABASE_URL set) ----------


def prepare(officers: int) -> None:
    """Migrate, load the demo council, keep its actions open, give it enough
    further actions for `officers` to each write an update of their own, open
    the next round, submit the updates nobody can sign in to write, and print
    the plan of the run as JSON."""
    import datetime

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse

    from actionplans.demo import demo_password, load_demo
    from actionplans.grading import Decision
    from actionplans.models import Action, CommitteeDecision, Owner, Recommendation, Responsibility

    call_command("migrate", verbosity=0)
    review = load_demo()
    clerk = get_user_model().objects.get(username="clerk")
    # Every action kept open (graded 1) or carried forward by the committee
    # in March 2020, so the next round carries all of them (September 2020
    # awaits its decisions).
    for decision in CommitteeDecision.objects.filter(round__review=review):
        kept = decision.decision == Decision.SIGNED_OFF
        decision.decision, decision.reason = (Decision.KEPT_OPEN if kept else Decision.CARRIED), ""
        decision._history_user = clerk
        decision.save()
    # The demo's sixteen actions are too few for a council's worth of officers
    # writing at once: the rest each get an action of a further recommendation.
    with_login = list(Owner.objects.filter(user__is_active=True).order_by("name"))
    numbered = review.recommendations.order_by("-number").first().number
    written = Action.objects.filter(recommendation__review=review, owners__user__is_active=True).distinct().count()
    for n in range(max(0, officers - written)):
        recommendation = Recommendation.objects.create(
            review=review, number=numbered + n + 1, text=f"That the Council test its service under load ({n + 1})."
        )
        action = Action.objects.create(
            recommendation=recommendation,
            target_month=datetime.date(2021, 9, 1),
            agreed_action="Keep the service answering while many officers write at once.",
            success_measure="No save is lost or refused.",
        )
        Responsibility.objects.create(action=action, owner=with_login[n % len(with_login)], position=0)
    published = review.rounds.order_by("-period").first()
    period = (published.period + datetime.timedelta(days=190)).replace(day=1)
    round = review.open_round(
        period=period,
        deadline=period - datetime.timedelta(days=14),
        meeting_date=period + datetime.timedelta(days=19),
        by=clerk,
    )
    owners, submitted = [], []
    for entry in round.entries.prefetch_related("owners__user").order_by("pk"):
        logins = {
            owner.user.username: owner.user for owner in entry.owners.all() if owner.user and owner.user.is_active
        }
        people = sorted(logins)
        if not people:
            continue  # a group without a login: its update does not come through the service
        if (len(owners) + len(submitted)) % 8 == 7:
            # Submitted already, by the officer responsible (no one else may
            # write it), so that the link officers have updates to check.
            entry.save_update(
                by=logins[people[0]],
                version=entry.version,
                submit=True,
                grade=2,
                evidence_of_progress="The partnership met and agreed its plan for the year.",
                grade_explanation="Work slipped while the post was vacant.",
            )
            submitted.append(entry.pk)
        else:
            owners.append([{"username": name, "entry": entry.pk} for name in people])
    # Each update's first owner, then each one's second, and so on: the first
    # officers of the run write updates of their own, the later ones share.
    writers = [people[n] for n in range(max(map(len, owners))) for people in owners if n < len(people)]
    plan = {
        "password": demo_password(),
        "sign_in": reverse("login"),
        "writers": writers,
        "versions": {str(entry.pk): entry.version for entry in round.entries.all()},
        "link_officers": sorted(
            review.link_officers.filter(user__isnull=False).values_list("user__username", flat=True)
        ),
        "councillors": sorted(review.committee.members.values_list("username", flat=True)) or ["councillor"],
        "clerks": ["clerk"],
        "my_updates": reverse("my_updates"),
        "update": {str(w["entry"]): reverse("update_entry", args=[w["entry"]]) for w in writers},
        "approvals": reverse("approvals"),
        "approve": [reverse("approve_entry", args=[pk]) for pk in submitted],
        "reading": [
            reverse("review_detail", args=[review.slug]),
            reverse("committee_dashboard", args=[review.committee.slug]),
            reverse("progress_update_page", args=[review.slug, published.period_code]),
            reverse("committees"),
        ],
        "round": reverse("round_detail", args=[round.pk]),
    }
    print(json.dumps(plan))


def versions() -> None:
    """Print each entry's version of the open round, as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    import django

    django.setup()
    from actionplans.models import ProgressEntry

    print(json.dumps({str(pk): v for pk, v in ProgressEntry.objects.values_list("pk", "version")}))


def child(database_url: str, *mode: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *mode],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        sys.exit(f"{mode} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_database(name: str, postgres_url: str) -> str:
    if SMOKE:  # a copy of a migrated database, named after SCRUTINY_CI_DATABASE on PostgreSQL
        return sqlite_url("load.sqlite3") if name == "sqlite" else smoke_postgres_url(postgres_url)
    if name == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "load.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    url = urllib.parse.urlsplit(postgres_url)
    database = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return postgres_url


# gunicorn -------------------------------------------------------------------


def start_gunicorn(database_url: str, conn_max_age: int, port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(GUNICORN), "scrutiny.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": str(conn_max_age)},
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group, so that stopping it stops its workers
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start: see {log.name}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(server)
    sys.exit("gunicorn did not start within 30 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


# One person's browser ---------------------------------------------------------


@dataclass
class Answer:
    kind: str
    status: int  # 0: no answer at all
    seconds: float
    location: str = ""
    body: str = ""


@dataclass
class Tally:
    answers: list[Answer] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    saved: Counter = field(default_factory=Counter)  # entry pk -> saves answered as saved
    refused: int = 0  # saves answered with the form again, or sent back to it
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


class Browser:
    def __init__(self, port: int, tally: Tally, measuring: threading.Event):
        self.port = port
        self.tally = tally
        self.measuring = measuring
        self.cookies = http.cookies.SimpleCookie()

    def request(self, kind: str, method: str, path: str, form: list[tuple[str, str]] | None = None) -> Answer:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "scrutiny-bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            answer = Answer(kind, response.status, time.perf_counter() - started, response.getheader("Location", ""))
            for cookie in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(cookie)
            answer.body = text
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(kind, 0, time.perf_counter() - started, body=f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        if self.measuring.is_set():
            self.tally.add(Answer(answer.kind, answer.status, answer.seconds, answer.location))
            if not (200 <= answer.status < 400 or answer.status == 409):
                with self.tally.lock:
                    self.tally.failures.append(f"{answer.status} {method} {path} {answer.body[:200]!r}")
        return answer

    def sign_in(self, plan: dict, username: str) -> bool:
        page = self.request("sign-in", "GET", plan["sign_in"])
        fields = FormFields("username")
        fields.feed(page.body)
        form = [(k, v) for k, v in (fields.fields() or []) if k not in {"username", "password"}]
        answer = self.request(
            "sign-in", "POST", plan["sign_in"], [*form, ("username", username), ("password", plan["password"])]
        )
        return answer.status == 302


# The people -------------------------------------------------------------------


def officer(browser: Browser, plan: dict, me: dict, n: int, think) -> None:
    browser.request("my updates", "GET", plan["my_updates"])
    think()
    path = plan["update"][str(me["entry"])]
    page = browser.request("update form", "GET", path)
    fields = FormFields("version")
    fields.feed(page.body)
    form = fields.fields()
    if form is None:
        with browser.tally.lock:
            browser.tally.failures.append(f"no update form for {me['username']} on {path}")
        return
    think()
    text = f"Draft {n} by {me['username']}: the partnership met again and agreed the next steps."
    values = dict(form)
    values.update(evidence_of_progress=text, grade=random.choice(["1", "2", "3"]), save="")
    values.pop("submit", None)
    answer = browser.request("save draft", "POST", path, list(values.items()))
    # A draft saved stays on the update: sent back to its own page (a save
    # the verb refused with a message goes there too, and is then missing
    # from the database, which the count of saves landed finds).
    if answer.status == 302 and answer.location.endswith(path):
        with browser.tally.lock:
            browser.tally.saved[str(me["entry"])] += 1
    elif 200 <= answer.status < 400 and browser.measuring.is_set():
        with browser.tally.lock:
            browser.tally.refused += 1
            browser.tally.failures.append(f"save refused ({answer.status}) for {me['username']} on {path}")


def link_officer(browser: Browser, plan: dict, me: dict, n: int, think) -> None:
    browser.request("approvals", "GET", plan["approvals"])
    think()
    if plan["approve"]:
        browser.request("approval", "GET", random.choice(plan["approve"]))


def councillor(browser: Browser, plan: dict, me: dict, n: int, think) -> None:
    path = plan["reading"][n % len(plan["reading"])]
    browser.request(["review page", "dashboard", "document page", "committees"][n % len(plan["reading"])], "GET", path)


def clerk(browser: Browser, plan: dict, me: dict, n: int, think) -> None:
    browser.request("round page", "GET", plan["round"])
    if n % 3 == 0:
        think()
        browser.request("approvals", "GET", plan["approvals"])


def role_counts(users: int) -> dict[str, int]:
    counts = {role: max(1, round(users * share)) for role, share in SHARES.items()}
    counts["officer"] = max(1, users - sum(counts.values()))
    return counts


def officer_count(users: int) -> int:
    return role_counts(users)["officer"]


def cast(plan: dict, users: int) -> list[tuple[str, dict]]:
    counts = role_counts(users)
    people = []
    for n in range(counts["officer"]):
        people.append(("officer", plan["writers"][n % len(plan["writers"])]))
    for role, logins in [
        ("link officer", plan["link_officers"]),
        ("councillor", plan["councillors"]),
        ("clerk", plan["clerks"]),
    ]:
        people += [(role, {"username": logins[n % len(logins)]}) for n in range(counts[role])]
    return people[:users] if len(people) > users else people


ACTS = {"officer": officer, "link officer": link_officer, "councillor": councillor, "clerk": clerk}


# The run ------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def kept(seconds: int) -> str:
    return f"connections kept {seconds} s" if seconds else "a connection a request"


def run(name: str, args) -> list[dict]:
    """The run on one database, once with each setting of how long the
    server keeps its database connections (DATABASE_CONN_MAX_AGE): a
    connection a request (0) first, then production's default, on the same
    data; both in the database's section of docs/benchmark-figures.md."""
    label = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[name]
    database_url = fresh_database(name, args.postgres_url)
    plan = child(database_url, "--prepare", str(officer_count(args.users)))
    people = cast(plan, args.users)
    roles = Counter(role for role, _ in people)
    who = (
        f"{len(people)} users ("
        + ", ".join(f"{count} {role}{'s' if count != 1 else ''}" for role, count in roles.items())
        + f") for {args.duration:g} s against gunicorn ({WORKERS} workers)"
    )
    print(f"\n{label}: {who}, {len(plan['update'])} updates being written")
    figures = Figures(f"load on {label}")
    figures.line(f"{who}, once with each setting of `DATABASE_CONN_MAX_AGE`, on the same data.")
    results = []
    # Each person signs in once (hashing passwords is most of a short run's
    # work): the second run goes on in the sessions of the first.
    sessions: dict[int, http.cookies.SimpleCookie] = {}
    for conn_max_age in CONN_MAX_AGES:
        plan["versions"] = child(database_url, "--versions")  # as the run before left them
        results.append(traffic(label, database_url, conn_max_age, plan, people, sessions, args, figures))
    by = {r["conn_max_age"]: r for r in results}
    default, persistent = by[0], by[PRODUCTION_CONN_MAX_AGE]
    figures.line()
    figures.table("", *(kept(r["conn_max_age"]) for r in results), align="l" + "r" * len(results))
    figures.row("requests a second", *(f"{r['requests'] / r['seconds']:.1f}" for r in results))
    figures.row("p50 ms", *(f"{r['p50']:,.0f}" for r in results))
    figures.row("p95 ms", *(f"{r['p95']:,.0f}" for r in results))
    figures.line()
    faster = persistent["p50"] <= default["p50"] and persistent["p95"] <= default["p95"]
    figures.line(
        f"A connection a request / {kept(PRODUCTION_CONN_MAX_AGE)} (production's default): "
        f"p50 **{default['p50'] / max(persistent['p50'], 0.001):.2f}x**, "
        f"p95 **{default['p95'] / max(persistent['p95'], 0.001):.2f}x** "
        f"(target: above 1, production's default the faster): {'met' if faster else 'NOT met'}."
    )
    figures.write()
    return results


def traffic(
    label: str, database_url: str, conn_max_age: int, plan: dict, people, sessions: dict, args, figures: Figures
) -> dict:
    """One run of the traffic against gunicorn keeping its database
    connections `conn_max_age` seconds, each person signing in or going on
    in their session of `sessions`; its figures added to `figures`."""
    print(f"\n{label}, {kept(conn_max_age)} (DATABASE_CONN_MAX_AGE={conn_max_age}):")
    tally = Tally()
    measuring = threading.Event()
    signed_in = Counter()
    start = threading.Barrier(len(people) + 1)
    stop_at = [0.0]
    # Bounded whatever happens: at most this many rounds of pages per person.
    most = max(1, int(args.duration * 10))

    def person(index: int, role: str, me: dict) -> None:
        browser = Browser(port, tally, measuring)
        rng = random.Random(index)

        def think():
            time.sleep(rng.uniform(0.5, 1.5) * args.think)

        if index in sessions:
            browser.cookies, ok = sessions[index], True
        else:
            ok = browser.sign_in(plan, me["username"])
            if ok:
                sessions[index] = browser.cookies
        if ok:
            # Once round before the clock starts, so that the workers have
            # loaded the pages (in both runs alike: the second signs no one in).
            ACTS[role](browser, plan, me, index, lambda: None)
        with tally.lock:
            signed_in[ok] += 1
        try:
            start.wait(timeout=600)
        except threading.BrokenBarrierError:
            return
        time.sleep(rng.uniform(0, args.think))  # not all at the same instant
        for n in range(most):
            if not ok or time.monotonic() >= stop_at[0]:
                break
            ACTS[role](browser, plan, me, n, think)
            think()

    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / f"gunicorn-{label.lower()}-{conn_max_age}.log"
    with open(log_path, "w") as log:
        port = free_port()
        server = start_gunicorn(database_url, conn_max_age, port, log)
        try:
            threads = [
                threading.Thread(target=person, args=(i, role, me), daemon=True) for i, (role, me) in enumerate(people)
            ]
            signing_in = time.monotonic()
            for thread in threads:
                thread.start()
            start.wait(timeout=600)
            print(f"  signed in {signed_in[True]} of {len(people)} in {time.monotonic() - signing_in:.1f} s")
            measuring.set()
            began = time.monotonic()
            stop_at[0] = began + args.duration
            for thread in threads:
                thread.join(timeout=max(0.0, stop_at[0] + 90 - time.monotonic()))
            measuring.clear()
            elapsed = time.monotonic() - began
            stuck = sum(thread.is_alive() for thread in threads)
        finally:
            stop_gunicorn(server)
    after = child(database_url, "--versions")
    landed = sum(after[pk] - plan["versions"][pk] for pk in plan["update"])
    answered = sum(tally.saved.values())

    answers = list(tally.answers)
    seconds = [a.seconds for a in answers]
    conflicts = sum(a.status == 409 for a in answers)
    errors = sum(not (200 <= a.status < 400 or a.status == 409) for a in answers)
    result = {
        "database": label,
        "conn_max_age": conn_max_age,
        "users": len(people),
        "seconds": elapsed,
        "requests": len(answers),
        "errors": errors,
        "conflicts": conflicts,
        "p50": percentile(seconds, 0.50) * 1000,
        "p95": percentile(seconds, 0.95) * 1000,
        "saves": answered,
        "landed": landed,
        "refused": tally.refused,
        "signed_in": signed_in[True],
    }
    figures.line()
    figures.line(
        f"**{kept(conn_max_age).capitalize()}** (`DATABASE_CONN_MAX_AGE={conn_max_age}`): {len(answers):,} requests "
        f"in {elapsed:.0f} s ({len(answers) / elapsed:.1f} a second), errors {errors}, conflicts (409) {conflicts}, "
        f"p50 {result['p50']:,.0f} ms, p95 {result['p95']:,.0f} ms."
    )
    figures.line(f"Drafts saved: {answered:,} answered as saved, {landed:,} in the database; {tally.refused} refused.")
    if stuck:
        figures.line(f"{stuck} people were still waiting for an answer at the end.")
    by_kind = defaultdict(list)
    for a in answers:
        by_kind[a.kind].append(a)
    figures.table("page", "requests", "errors", "409", "p50 ms", "p95 ms", align="lrrrrr")
    for kind, group in sorted(by_kind.items()):
        times = [a.seconds for a in group]
        bad = sum(not (200 <= a.status < 400 or a.status == 409) for a in group)
        figures.row(
            kind,
            f"{len(group):,}",
            bad,
            sum(a.status == 409 for a in group),
            f"{percentile(times, 0.5) * 1000:,.0f}",
            f"{percentile(times, 0.95) * 1000:,.0f}",
        )
    failures = Counter(tally.failures).most_common(10)
    if failures:
        figures.line()
    for line, count in failures:
        figures.line(f"- {count} × {line}")
    return result


def main() -> None:
    if sys.argv[1:2] == ["--prepare"]:
        return prepare(int(sys.argv[2]))
    if sys.argv[1:] == ["--versions"]:
        return versions()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--smoke", action="store_true", help="4 users for 3 s, on copies of a migrated database; figures not written"
    )
    parser.add_argument("--users", type=int, default=4 if SMOKE else 50, help="people signed in at once (default 50)")
    parser.add_argument("--duration", type=float, default=3 if SMOKE else 120, help="seconds of traffic (default 120)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.3 if SMOKE else 1.0,
        help="mean seconds each person waits between pages (default 1)",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help=f"default {DEFAULT_POSTGRES_URL}")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 0 < args.duration <= 3600:
        parser.error("between 1 and 500 users, for at most an hour")
    host = urllib.parse.urlsplit(args.postgres_url).hostname
    if args.database != "sqlite" and host not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("the load run only talks to this machine: give a PostgreSQL URL on 127.0.0.1")
    names = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = [result for name in names for result in run(name, args)]
    print(
        "\n| database | connections | users | seconds | requests | errors | 409 conflicts | p50 ms | p95 ms "
        "| saves landed |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['database']} | {kept(r['conn_max_age'])} | {r['users']} | {r['seconds']:.0f} | "
            f"{r['requests']:,} | {r['errors']} | {r['conflicts']} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['landed']:,} of {r['saves']:,} |"
        )
    if any(r["errors"] or r["refused"] or r["landed"] != r["saves"] or r["signed_in"] != r["users"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
