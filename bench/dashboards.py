"""Benchmark of the committee dashboards.

    make bench-dashboards   (or: .venv/bin/python bench/dashboards.py)

Builds, once, two synthetic committees in their own database: one of 500
actions, one of 5,000 actions with 50,000 progress entries over ten
published rounds. Then it asks for each committee's dashboard and its
filtered list of actions, as a signed-in clerk would, and prints the server
time (best and median of five), the CPU time of this process (which, on
SQLite, includes the database's work) and the number of queries of each.

Without DATABASE_URL it runs twice: on SQLite (bench/out/dashboards.sqlite3)
and on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_dashboards, created if
missing; skipped with a note if no server answers). With DATABASE_URL, only
on that database. Nothing here is part of the test suite.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time

from common import machine, setup_django

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scrutiny_bench_dashboards")
BOTH = "DATABASE_URL" not in os.environ

setup_django("dashboards.sqlite3")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actionplans.models import (  # noqa: E402
    Action,
    Committee,
    EntryResponsibility,
    Owner,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
)

ROUNDS = 10
REVIEWS = 10  # per committee
SIZES = [500, 5000]  # actions per committee


def build(size: int) -> Committee:
    slug = f"bench-{size}"
    if committee := Committee.objects.filter(slug=slug).first():
        return committee
    committee = Committee.objects.create(name=f"Benchmark committee of {size} actions", slug=slug)
    owners = Owner.objects.bulk_create([Owner(name=f"Officer {size}-{n}") for n in range(50)])
    per_review = size // REVIEWS
    for r in range(REVIEWS):
        review = Review.objects.create(
            committee=committee,
            title=f"Review {r + 1}",
            slug=f"{slug}-{r + 1}",
            action_plan_agreed=datetime.date(2015, 3, 1),
        )
        rounds = Round.objects.bulk_create(
            Round(
                review=review,
                period=datetime.date(2016 + n // 2, 3 if n % 2 == 0 else 9, 1),
                deadline=datetime.date(2016 + n // 2, 2 if n % 2 == 0 else 8, 1),
                meeting_date=datetime.date(2016 + n // 2, 3 if n % 2 == 0 else 9, 20),
                status=Round.Status.PUBLISHED,
            )
            for n in range(ROUNDS)
        )
        recs = Recommendation.objects.bulk_create(
            Recommendation(review=review, number=n + 1, text=f"Recommendation {n + 1}") for n in range(per_review)
        )
        actions = Action.objects.bulk_create(
            Action(
                recommendation=rec,
                target_month=datetime.date(2017 + n % 6, 1 + n % 12, 1),
                agreed_action="Deliver the agreed programme.",
                success_measure="Take-up is reported.",
            )
            for n, rec in enumerate(recs)
        )
        Responsibility.objects.bulk_create(
            Responsibility(action=a, owner=owners[n % len(owners)]) for n, a in enumerate(actions)
        )
        entries = ProgressEntry.objects.bulk_create(
            ProgressEntry(
                action=action,
                round=round,
                evidence_of_progress="Work continued.",
                # Never Fully Achieved until the last round, so every round carries every action.
                grade=(2 + (n + i) % 3) if i < ROUNDS - 1 else 1 + (n % 4),
                status=ProgressEntry.Status.APPROVED,
            )
            for n, action in enumerate(actions)
            for i, round in enumerate(rounds)
        )
        EntryResponsibility.objects.bulk_create(
            EntryResponsibility(entry=e, owner=owners[n % len(owners)]) for n, e in enumerate(entries)
        )
    return committee


def measure(client, url, params=None, runs=5):
    client.get(url, params)  # warm
    times, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return min(times), statistics.median(times), min(cpu), len(queries)


def main():
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    committees = {size: build(size) for size in SIZES}
    print(f"Synthetic committees ready in {time.perf_counter() - started:.1f} s")
    clerk, _ = get_user_model().objects.get_or_create(username="bench.clerk", defaults={"is_staff": True})
    clerk.groups.set(Group.objects.filter(name="Clerk"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(clerk)

    print(f"{'page':<34} {'actions':>8} {'entries':>8} {'best s':>8} {'median s':>9} {'cpu s':>7} {'queries':>8}")
    dashboard = {}
    for size, committee in committees.items():
        entries = ProgressEntry.objects.filter(round__review__committee=committee).count()
        pages = [
            ("committee dashboard", reverse("committee_dashboard", args=[committee.slug]), None),
            (
                "filtered list (worse, overdue)",
                reverse("action_list"),
                {"committee": committee.slug, "movement": "worse", "overdue": "on"},
            ),
            (
                "filtered list (as at a round)",
                reverse("action_list"),
                {"committee": committee.slug, "round": "2018-03", "grade": "3"},
            ),
        ]
        for name, url, params in pages:
            best, median, cpu, queries = measure(client, url, params)
            if name == "committee dashboard":
                dashboard[size] = best
            print(f"{name:<34} {size:>8,} {entries:>8,} {best:>8.2f} {median:>9.2f} {cpu:>7.2f} {queries:>8}")
    small, large = SIZES[0], SIZES[-1]
    print(f"Dashboard at {large:,} actions: {dashboard[large] / dashboard[small]:.1f}x its time at {small:,}")
    print(machine())


def on_postgres() -> None:
    """Runs this benchmark again, in a child process, on PostgreSQL."""
    import psycopg

    name = POSTGRES.rsplit("/", 1)[1]
    server = POSTGRES.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"\nPostgreSQL skipped: no server answers at {server} ({error})")
        return
    print()
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__], env={**os.environ, "DATABASE_URL": POSTGRES}, check=True)


if __name__ == "__main__":
    main()
    if BOTH:
        on_postgres()
