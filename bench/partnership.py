"""Benchmark of a partnership plan's quarterly report and its dashboard.

    make bench-partnership   (or: .venv/bin/python bench/partnership.py)

Builds, once, a partnership plan in its own database: bench/import_plan.py's
500-action plan (seed 002's shape: 10 themes of 50 actions, led by 12
organisations) imported through importing.partnership_saving.import_plan with its
first quarter's progress (Q1 2018/19, three actions in four with progress
and RAG, published), then three more quarters opened, every action's update
recorded with progress text and RAG (record_as_printed, as the demo's seeds
are) and published. Then it times, for the latest quarter, each in a fresh
child process (bench/common.py's in_child) so that its peak memory is its
own, RUNS times, printing the median:

- building the report (reports/partnership/report.py's builder) and its queries;
- rendering it as PDF, Word and Excel (render_document("partnership_report"));
- the plan page /partnerships/<slug>/ and the dashboard
  /partnerships/<slug>/dashboard/, asked through Django's test client signed
  in as a committee member (a reader), with the queries of each.

Without DATABASE_URL it runs on SQLite (bench/out/partnership-vN.sqlite3)
and then on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_partnership, created if
missing; skipped with a note if no server answers). With DATABASE_URL, only
on that database. Nothing here is part of the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: partnership on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import datetime
import os
import statistics
import time

from common import Figures, database_label, in_child, on_postgres, setup_django, sized

# The synthetic plan's version: raise it whenever build() changes.
DATA = 1
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scrutiny_bench_partnership")
BOTH = "DATABASE_URL" not in os.environ

setup_django(f"partnership-v{DATA}.sqlite3")

import import_plan  # noqa: E402 (the 500-action plan's file)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actionplans.grading import Rag  # noqa: E402
from actionplans.importing import partnership_saving as importing  # noqa: E402
from actionplans.importing import reading  # noqa: E402
from actionplans.models import PartnershipPlan, PartnershipUpdate  # noqa: E402
from actionplans.roles import CLERK, COMMITTEE_MEMBER  # noqa: E402

SLUG = f"bench-partnership-v{DATA}"
QUARTERS = [datetime.date(2018, 4, 1), datetime.date(2018, 7, 1), datetime.date(2018, 10, 1), datetime.date(2019, 1, 1)]
RAGS = [Rag.GREEN, Rag.AMBER, Rag.RED, Rag.COMPLETE]
RUNS = sized(3, 1)


def user(username: str, group: str):
    person, _ = get_user_model().objects.get_or_create(username=username)
    person.groups.set(Group.objects.filter(name=group))
    return get_user_model().objects.get(pk=person.pk)  # its permissions afresh


def progress(n: int, q: int) -> str:
    return (
        f"In {QUARTERS[q]:%B %Y}'s quarter the lead organisation met the partners twice and agreed the next steps.\n"
        f"- {20 + (n * 7 + q * 13) % 200} people reached through the awareness campaign\n"
        "- reporting leaflets translated into five languages\n"
        "Take-up is monitored monthly and reported to the partnership board."
    )


def build() -> PartnershipPlan:
    """The plan of four published quarters, made once."""
    if plan := PartnershipPlan.objects.filter(slug=SLUG).first():
        return plan
    clerk = user("bench.clerk", CLERK)
    import_plan.build_partnership_file()
    file = import_plan.PARTNERSHIP_FILE
    read = reading.read(file.read_bytes(), file.name, period=QUARTERS[0], kind=reading.PARTNERSHIP)
    assert not read.plan.problems, read.plan.problems[:5]
    plan = importing.import_plan(
        read.plan,
        by=clerk,
        partnership_name=f"Benchmark partnership (data {DATA})",
        create_organisations=True,
        slug=SLUG,
        title="Multi-Agency Hate Crime Action Plan 2018 – 2019",
        short_title="Hate Crime Action Plan 2018–2019",
        starts=QUARTERS[0],
        ends=datetime.date(2019, 3, 1),
    )
    for q, period in enumerate(QUARTERS[1:], start=1):
        with transaction.atomic():
            quarter = plan.open_quarter(period=period, deadline=period + datetime.timedelta(days=75), by=clerk)
            for n, update in enumerate(quarter.updates.in_document_order()):
                update.record_as_printed(by=clerk, progress=progress(n, q), rag=RAGS[(n + q) % 4], reason="Benchmark")
            quarter.publish(by=clerk)
    return plan


def timed(stage) -> tuple[float, float, float, str]:
    """(median seconds, highest peak MiB, highest MiB added, summary) of
    RUNS runs of stage(), each in a child process of its own."""
    runs = [in_child(stage) for _ in range(RUNS)]
    return (
        statistics.median(run[0] for run in runs),
        max(run[1] for run in runs),
        max(run[2] for run in runs),
        runs[-1][3],
    )


def main():
    from reports.documents import render_document
    from reports.partnership.report import build_partnership_report

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    plan = build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the inserts, as autovacuum keeps them
    print(f"Synthetic plan ready in {time.perf_counter() - started:.1f} s")
    quarter = plan.quarters.order_by("-period").first()
    updates = PartnershipUpdate.objects.filter(quarter__plan=plan).exclude(progress="").count()
    figures = Figures(f"partnership on {database_label(connection.vendor)}")
    figures.line(
        f"Plan: {plan.actions().count()} actions in {plan.themes.count()} themes, "
        f"{plan.partnership.organisations.count()} organisations, {plan.quarters.count()} published quarters, "
        f"{updates:,} updates with progress; report of {quarter.label}. Each stage run {RUNS} times."
    )

    def builder():
        with CaptureQueriesContext(connection) as queries:
            document = build_partnership_report(plan, quarter)
        return f"{document.action_count} actions, {len(queries)} queries"

    # The parent builds once, so that each renderer's child starts from the same data.
    document = build_partnership_report(plan, quarter)

    def pdf():
        import io

        from pypdf import PdfReader

        data = render_document("partnership_report", document, "pdf")
        return f"{len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) // 1024} KiB"

    client = Client(HTTP_HOST="localhost")
    client.force_login(user("bench.reader", COMMITTEE_MEMBER))

    def get(url):
        def stage():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return f"{len(queries)} queries, {len(response.content) // 1024} KiB"

        client.get(url)  # warm: templates, imports
        return stage

    stages = [
        ("builder", builder),
        ("PDF", pdf),
        ("Word", lambda: f"{len(render_document('partnership_report', document, 'docx')) // 1024} KiB"),
        ("Excel", lambda: f"{len(render_document('partnership_report', document, 'xlsx')) // 1024} KiB"),
        ("plan page", get(reverse("partnership_plan", args=[plan.slug]))),
        ("dashboard", get(reverse("partnership_dashboard", args=[plan.slug]))),
    ]
    figures.table("stage", "median s", "peak MiB", "added MiB", "result", align="lrrrl")
    for name, stage in stages:
        seconds, peak, added, summary = timed(stage)
        figures.row(name, f"{seconds:.2f}", f"{peak:.0f}", f"{added:.0f}", summary)
    figures.write()


if __name__ == "__main__":
    main()
    if BOTH:
        on_postgres(POSTGRES, __file__)
