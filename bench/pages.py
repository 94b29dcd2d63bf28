"""Benchmark of the pages of a long-running review: the review's own page
and a published round's public page.

    make bench-pages   (or: .venv/bin/python bench/pages.py [--smoke])

Builds, once, a review of 500 actions monitored over ten published rounds
(5,000 progress updates of two paragraphs each, as officers write them:
the round before's paragraph kept, a new one added), and one of 50 actions,
in its own database. Then it asks for each review's page, as a signed-in
clerk, and for its latest round's public page, and prints each page's size
in HTML, its number of queries, and its server time over RUNS runs (after
one unmeasured): the median seconds with their range, the median CPU
seconds of this process (on SQLite the database's work is in it), and the
load average around them (bench/common.py's Spread: never the best run).

Then the targets (Figures.targets): each page at 500 actions × 10 rounds
under 200 ms (its median), and each page growing with the number of
actions, not actions × rounds: at 500 actions at most 4 times its time at
50, the median of PAIRS interleaved pairs' ratios (pairs_of: the 500-action
page, then the 50-action page, and again, so that what else the machine is
doing falls on both alike).

`--smoke` builds a review of 5 actions × 3 rounds (and 2 × 3) and asks once:
it finishes in seconds, to show the benchmark still runs; its figures are
neither judged nor written into docs/benchmark-figures.md.

Without DATABASE_URL it runs twice: on SQLite (bench/out/pages-vN.sqlite3)
and on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_pages_vN, created if
missing; skipped with a note if no server answers); N is DATA, so a database
built by an older version of this script is never reused. With DATABASE_URL,
only on that database. Nothing here is part of the test suite.
"""

import argparse
import datetime
import os
import sys
import time
from dataclasses import dataclass

from common import Figures, Spread, database_label, on_postgres, pairs_of, runs_of, setup_django, wall

# The synthetic data's version: raise it whenever build() changes.
DATA = 2
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/scrutiny_bench_pages_v{DATA}")
BOTH = "DATABASE_URL" not in os.environ

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run: that the benchmark still runs")
ARGS = parser.parse_args()

# (actions, rounds) of each review measured; the first is the yardstick of
# how the pages grow.
SIZES = [(2, 3), (5, 3)] if ARGS.smoke else [(50, 10), (500, 10)]
RUNS = 1 if ARGS.smoke else 9
PAIRS = 1 if ARGS.smoke else 9
# The targets, for the largest review: its median seconds, and its time
# against the smallest's (the pairs' median ratio).
MAX_SECONDS = 0.2
MAX_GROWTH = 4.0
# An earlier target, still printed beside each page: its HTML under 1 MB.
MAX_BYTES = 1_000_000
PAGES = ("review page", "public round page")

setup_django(f"pages-v{DATA}{'-smoke' if ARGS.smoke else ''}.sqlite3", serving=True)

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
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
    Standing,
)

WORK = [
    "the awareness campaign reached",
    "training was delivered to",
    "the online reporting form was used by",
    "partner agencies met",
    "the residents' survey was answered by",
]


def period(i: int) -> datetime.date:
    """Round i's month: March and September from March 2022."""
    return datetime.date(2022 + i // 2, 3 if i % 2 == 0 else 9, 1)


def paragraph(n: int, i: int) -> str:
    return (
        f"In the six months to {period(i):%B %Y}, {WORK[(n + i) % len(WORK)]} {40 + (n * 7 + i * 13) % 400} people "
        "across the borough. The lead officer reported progress to the partnership board, which noted the figures "
        f"and agreed the next steps. Take-up among the groups named in the plan rose by {2 + (n + i) % 9} per cent "
        "on the previous period."
    )


def evidence(n: int, i: int) -> str:
    """Round i's Evidence of Progress: the round before's paragraph kept, a
    new one added."""
    return "\n\n".join(paragraph(n, j) for j in range(max(0, i - 1), i + 1))


def clerk_user():
    clerk, _ = get_user_model().objects.get_or_create(
        username="bench.clerk", defaults={"is_staff": True, "first_name": "Bench", "last_name": "Clerk"}
    )
    clerk.groups.set(Group.objects.filter(name="Clerk"))
    return clerk


def slug_of(actions: int, rounds: int) -> str:
    return f"bench-pages-{actions}x{rounds}"


def build(actions: int, rounds: int) -> Review:
    """A review of `actions` actions (one per recommendation), every one
    updated, graded and approved in each of `rounds` published rounds, its
    owners changed now and then. Bulk-inserted, without history (these
    pages do not read it)."""
    slug = slug_of(actions, rounds)
    if review := Review.objects.filter(slug=slug).first():
        return review
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        committee, _ = Committee.objects.get_or_create(slug="bench-pages", defaults={"name": "Benchmark committee"})
        owners = Owner.objects.bulk_create(Owner(name=f"Officer {actions}-{k}") for k in range(10))
        review = Review.objects.create(
            committee=committee,
            title=f"Review of {actions} actions over {rounds} rounds",
            slug=slug,
            action_plan_agreed=datetime.date(2021, 12, 1),
            report_agreed=datetime.date(2021, 6, 10),
            report_to_executive=datetime.date(2021, 6, 22),
        )
        review.link_officers.add(owners[0])
        made = Round.objects.bulk_create(
            Round(
                review=review,
                period=period(i),
                deadline=period(i).replace(month=period(i).month - 1),
                meeting_date=period(i).replace(day=20),
                status=Round.Status.PUBLISHED,
            )
            for i in range(rounds)
        )
        recs = Recommendation.objects.bulk_create(
            Recommendation(review=review, number=n + 1, text=f"Recommendation {n + 1} of the review.")
            for n in range(actions)
        )
        plan = Action.objects.bulk_create(
            Action(
                recommendation=rec,
                target_month=datetime.date(2027, 1 + n % 12, 1),
                agreed_action="Deliver the agreed programme.",
                success_measure="Take-up is reported.",
            )
            for n, rec in enumerate(recs)
        )
        Responsibility.objects.bulk_create(
            Responsibility(action=action, owner=owners[n % len(owners)]) for n, action in enumerate(plan)
        )
        carried = [(n, i) for n in range(actions) for i in range(rounds)]
        entries = [
            ProgressEntry(
                action=plan[n],
                round=made[i],
                evidence_of_progress=evidence(n, i),
                grade=2 + (n + i) % 3,
                evidence_of_impact=f"Repeat reports fell by {1 + (n + i) % 7} per cent.",
                status=ProgressEntry.Status.APPROVED,
            )
            for n, i in carried
        ]
        ProgressEntry.grade_by_meaning(entries)  # each grade as given, as an import gives it
        entries = ProgressEntry.objects.bulk_create(entries, batch_size=2000)
        EntryResponsibility.objects.bulk_create(
            (
                EntryResponsibility(entry=entry, owner=owners[(n + i // 4) % len(owners)])
                for entry, (n, i) in zip(entries, carried, strict=True)
            ),
            batch_size=2000,
        )
        # Each published round's standing, as its publication writes it.
        Standing.objects.write(made, by=None)
    return review


@dataclass
class Page:
    """One page's figures: its seconds and CPU seconds over the runs, its
    size in bytes of HTML and its number of queries."""

    seconds: Spread
    cpu: Spread
    size: int
    queries: int


def asking(client, url):
    """A request for the page, as a callable (its response checked)."""

    def ask():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return ask


def measure(ask) -> Page:
    """The page asked once for its size and queries, then RUNS times
    (runs_of: after one unmeasured), each run's wall and CPU seconds."""
    with CaptureQueriesContext(connection) as captured:
        response = ask()
    # Counted now: every request empties the connection's log of queries.
    queries = len(captured)
    cpu_seconds = []

    def run() -> float:
        started_cpu = time.process_time()
        seconds = wall(ask)()
        cpu_seconds.append(time.process_time() - started_cpu)
        return seconds

    seconds = runs_of(run, RUNS)
    # runs_of's first call is its warm-up, not a run.
    return Page(seconds, Spread(cpu_seconds[1:], seconds.loads), len(response.content), queries)


def page_urls(review) -> dict:
    latest = Round.objects.filter(review=review).latest("period")
    return {
        "review page": reverse("review_detail", args=[review.slug]),
        "public round page": reverse("public_round", args=[review.slug, latest.period_code]),
    }


def ms(spread: Spread, value: float) -> str:
    return spread.shown(value, "ms")


def page_table(figures: Figures, client, reviews: dict) -> dict:
    """Each page of each review measured in turn, a row each."""
    figures.table(
        "page", "actions × rounds", "KB of HTML", "median", "range", "CPU (median)", "queries", "load average",
        align="lrrrrrrl",
    )  # fmt: skip
    found = {}
    for (actions, rounds), review in reviews.items():
        for name, url in page_urls(review).items():
            page = found[name, actions] = measure(asking(client, url))
            low, high = ms(page.seconds, page.seconds.low), ms(page.seconds, page.seconds.high)
            figures.row(
                name,
                f"{actions} × {rounds}",
                f"{page.size / 1000:,.0f}",
                ms(page.seconds, page.seconds.median),
                f"{low} to {high}",
                ms(page.cpu, page.cpu.median),
                page.queries,
                page.seconds.load,
            )
    return found


def targets(figures: Figures, client, reviews: dict, found: dict) -> None:
    """The targets: each page's median at the largest size, and its time
    there against the smallest's in interleaved pairs."""
    (small, _), (large, rounds) = SIZES[0], SIZES[-1]
    figures.line()
    figures.targets()
    for name in PAGES:
        figures.target(
            f"{name}, {large} actions × {rounds} rounds: seconds", found[name, large].seconds, MAX_SECONDS, unit="ms"
        )
    for name in PAGES:
        larger, smaller = page_urls(reviews[SIZES[-1]])[name], page_urls(reviews[SIZES[0]])[name]
        ratio = pairs_of(wall(asking(client, larger)), wall(asking(client, smaller)), PAIRS)
        figures.target(f"{name}: {large} actions / {small} (pairs' ratio of seconds)", ratio, MAX_GROWTH)
    figures.verdict()
    figures.line()
    for name in PAGES:
        page, smaller = found[name, large], found[name, small]
        figures.line(
            f"The {name} at {large} actions: {page.size / 1e6:.2f} MB of HTML (under {MAX_BYTES / 1e6:.0f} MB: "
            f"{'yes' if page.size < MAX_BYTES else '**no**'}), {page.size / smaller.size:.1f}× its size at {small}; "
            f"{page.queries} queries against {smaller.queries}."
        )


def main():
    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    if not ARGS.smoke and not all(Review.objects.filter(slug=slug_of(*size)).exists() for size in SIZES):
        for size in SIZES:
            build(*size)
        # Measured in a fresh process, as a server that did not build them
        # finds them: on SQLite the process that built the reviews asked
        # for the long review's page in 407 ms (median), a fresh one in 243.
        # (Its DATABASE_URL is setup_django's for SQLite: left out, so that
        # the fresh process runs on both databases as this one would have.)
        print(f"Synthetic reviews built in {time.perf_counter() - started:.1f} s; measured in a fresh process")
        connection.close()
        sys.stdout.flush()
        env = {name: value for name, value in os.environ.items() if not (BOTH and name == "DATABASE_URL")}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    reviews = {size: build(*size) for size in SIZES}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Synthetic reviews ready in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    client.force_login(clerk_user())

    figures = Figures(f"pages on {database_label(connection.vendor)}")
    with override_settings(SCRUTINY_PUBLIC_PAGES=True):
        found = page_table(figures, client, reviews)
        targets(figures, client, reviews, found)
    if not ARGS.smoke:
        figures.write()


if __name__ == "__main__":
    main()
    if BOTH:
        on_postgres(POSTGRES, __file__)
