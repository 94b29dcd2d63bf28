"""Benchmark of the API: listing 5,000 actions with their latest grade.

    make bench-api   (or: .venv/bin/python bench/api.py)

Builds, once, a committee of ten reviews holding 5,000 actions in all, each
with an approved update in each of three published rounds (15,000 updates),
in its own database. Then it asks the API for every action with its latest
grade, following `next` through all the pages, as a clerk's token and as
the public, at 1,000 a page (the most allowed) and at 100 (the default), and
prints the time of the whole list (best and median of three, each in a
child process of its own, with its peak memory), the pages and the queries
each page made (the same on every page: a page's queries do not grow with
its actions).

Without DATABASE_URL it runs twice: on SQLite (bench/out/api-vN.sqlite3) and
on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_api_vN, created if
missing; skipped with a note if no server answers). Nothing here is part of
the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: api on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import ast
import datetime
import os
import statistics
import sys

from common import Figures, database_label, in_child, on_postgres, setup_django, sized

# The synthetic data's version: raise it whenever build() changes.
DATA = 2
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/scrutiny_bench_api_v{DATA}")
BOTH = "DATABASE_URL" not in os.environ

setup_django(f"api-v{DATA}.sqlite3")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from actionplans.models import (  # noqa: E402
    Action,
    ApiToken,
    Committee,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    Standing,
)

ACTIONS = sized(5000, 200)
REVIEWS = 10
PER_RECOMMENDATION = 5
ROUNDS = [datetime.date(2025, 3, 1), datetime.date(2025, 9, 1), datetime.date(2026, 3, 1)]
BATCH = 2000
RUNS = sized(3, 1)


def build() -> None:
    """The committee, once: bulk inserts (a benchmark's data, not anyone's
    change, so no audit history)."""
    from actionplans.models import Owner

    if Committee.objects.filter(slug="bench-api").exists():
        return
    with transaction.atomic():
        committee = Committee.objects.create(name="API Benchmark Select Committee", slug="bench-api")
        owner = Owner.objects.create(name="Bench API Officer")
        per_review = ACTIONS // REVIEWS
        for r in range(REVIEWS):
            review = Review.objects.create(
                committee=committee,
                title=f"API review {r + 1:02}",
                slug=f"api-review-{r + 1:02}",
                action_plan_agreed=datetime.date(2024, 3, 1),
            )
            rounds = Round.objects.bulk_create(
                Round(
                    review=review,
                    period=period,
                    deadline=period - datetime.timedelta(days=14),
                    meeting_date=period + datetime.timedelta(days=19),
                    status=Round.Status.PUBLISHED,
                )
                for period in ROUNDS
            )
            recs = Recommendation.objects.bulk_create(
                Recommendation(review=review, number=n + 1, text=f"That the council do thing {n + 1}.")
                for n in range(per_review // PER_RECOMMENDATION)
            )
            actions = Action.objects.bulk_create(
                (
                    Action(
                        recommendation=rec,
                        strand=f"Strand {s + 1}",
                        position=s,
                        target_month=datetime.date(2025, 10, 1),
                        agreed_action=f"Agreed action {rec.number}.{s + 1}: " + "work with partners. " * 5,
                        success_measure="The work is done and seen to be done.",
                    )
                    for rec in recs
                    for s in range(PER_RECOMMENDATION)
                ),
                batch_size=BATCH,
            )
            Responsibility.objects.bulk_create(
                (Responsibility(action=action, owner=owner) for action in actions), batch_size=BATCH
            )
            entries = [
                ProgressEntry(
                    action=action,
                    round=round,
                    status=ProgressEntry.Status.APPROVED,
                    grade=1 + (n + i) % 4,
                    evidence_of_progress="Evidence of progress. " * 10,
                )
                for n, action in enumerate(actions)
                for i, round in enumerate(rounds)
            ]
            ProgressEntry.grade_by_meaning(entries)  # each grade as given, as an import gives it
            ProgressEntry.objects.bulk_create(entries, batch_size=BATCH)
            # Each published round's standing, as its publication writes it.
            Standing.objects.write(rounds, by=None)


def clerk_key() -> str:
    """A clerk's token, issued by an administrator, as the admin does."""
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench-api-admin")
    admin.groups.set(Group.objects.filter(name="Administrator"))
    clerk, _ = User.objects.get_or_create(username="bench-api-clerk")
    clerk.groups.set(Group.objects.filter(name="Clerk"))
    return ApiToken.objects.issue(user=clerk, role="Clerk", name="Benchmark", by=admin)[1]


def every_action(key: str | None, page_size: int):
    """Asks for every action, page by page; returns (actions, pages, queries per page)."""
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    client = Client(**headers)
    url, seen, pages, queries = f"/api/v1/actions/?page_size={page_size}", 0, 0, set()
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        data = response.json()
        assert all(item["latest_grade"]["round"] for item in data["results"])
        seen, pages, url = seen + len(data["results"]), pages + 1, data["next"]
        queries.add(len(captured))
    return seen, pages, sorted(queries)


def main() -> None:
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    build()
    key = clerk_key()
    figures = Figures(f"api on {database_label(connection.vendor)}")
    figures.line(f"{Action.objects.count():,} actions, {ProgressEntry.objects.count():,} updates in all.")
    figures.table("reader", "page size", "pages", "queries a page", "best s", "median s", "peak MiB", align="lrrrrrr")
    with override_settings(SCRUTINY_API=True, SCRUTINY_PUBLIC_PAGES=True, ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for reader, token in (("clerk's token", key), ("public", None)):
            for page_size in (1000, 100):
                runs = [in_child(lambda t=token, n=page_size: every_action(t, n)) for _ in range(RUNS)]
                seconds = [run[0] for run in runs]
                seen, pages, queries = ast.literal_eval(runs[0][3])  # the child's summary
                assert seen == ACTIONS, seen
                figures.row(
                    reader,
                    f"{page_size:,}",
                    pages,
                    ", ".join(map(str, queries)),
                    f"{min(seconds):.2f}",
                    f"{statistics.median(seconds):.2f}",
                    f"{max(run[1] for run in runs):.0f}",
                )
    figures.write()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
    if BOTH:
        on_postgres(POSTGRES, __file__)
