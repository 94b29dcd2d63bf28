"""Benchmark of a self-assessment's committee appendix.

    make bench-standards   (or: .venv/bin/python bench/standards.py)

Builds, once, in its own database, a framework of 5 standards of 100
characteristics each (500, every text as long as seed 003's longer cells,
some with a)…e) lines and bullets) and the council's published assessment
against it through the verbs: every characteristic's Local response
recorded in turn Met, Partly met, Not met, Not assessed, each gap with its
text and two actions of a partnership plan closing it. Then it times, each
in a fresh child process (bench/common.py's in_child) so that its peak
memory is its own, RUNS times, printing the median:

- building the document (reports/standards/appendix.py's builder) and its queries;
- rendering it as PDF, Word and Excel (render_document("self_assessment"),
  with the assessment's own agenda header);
- the appendix page /standards/assessments/<pk>/appendix/, asked through
  Django's test client signed in as a committee member, with its queries.

Without DATABASE_URL it runs on SQLite (bench/out/standards-vN.sqlite3) and
then on PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_standards, created if
missing; skipped with a note if no server answers). With DATABASE_URL, only
on that database. Nothing here is part of the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: standards on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import datetime
import os
import statistics
import time

from common import Figures, database_label, in_child, on_postgres, setup_django, sized

# The synthetic framework's version: raise it whenever build() changes.
DATA = 1
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scrutiny_bench_standards")
BOTH = "DATABASE_URL" not in os.environ

setup_django(f"standards-v{DATA}.sqlite3")

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actionplans.grading import Rating  # noqa: E402
from actionplans.models import Assessment, Framework, Partnership  # noqa: E402
from actionplans.models.plan import letter_for  # noqa: E402
from actionplans.roles import CLERK, COMMITTEE_MEMBER  # noqa: E402

SLUG = f"bench-standards-v{DATA}"
STANDARDS, CHARACTERISTICS = sized((5, 100), (2, 5))
RATINGS = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_ASSESSED]
RUNS = sized(3, 1)


def user(username: str, group: str):
    person, _ = get_user_model().objects.get_or_create(username=username)
    person.groups.set(Group.objects.filter(name=group))
    return get_user_model().objects.get(pk=person.pk)  # its permissions afresh


def function_text(label: str) -> str:
    return (
        f"To ensure that there is a strategic approach to responding to perpetrators in the local area ({label}) by:\n"
        "a) Initiating intervention with perpetrators at the earliest possible stage\n"
        "b) Full use of pre legal measures where possible – ABC\n"
        "c) The case management group monitors how consistently interventions are implemented."
    )


def response_text(label: str) -> str:
    return (
        f"A stand alone case management group ({label}) is established meeting monthly. There is attendance from:\n"
        "- Police\n- Council Community Safety\n- Council Diversity Team\n- Victim Support\n"
        "Incidents are recorded on Police and Council databases and both are analysed by the CS analyst."
    )


def build() -> Assessment:
    """The framework and its published assessment, made once."""
    if framework := Framework.objects.filter(slug=SLUG).first():
        return framework.assessments.get()
    clerk = user("bench.clerk", CLERK)
    with transaction.atomic():
        partnership = Partnership.objects.add(name=f"Benchmark standards partnership (data {DATA})", by=clerk)
        plan = partnership.add_plan(
            title="Hate Crime Group Action Plan 2009 – 2010",
            short_title="Hate Crime Action Plan 2009–2010",
            slug=f"{SLUG}-plan",
            starts=datetime.date(2009, 4, 1),
            ends=datetime.date(2010, 3, 1),
            by=clerk,
        )
        theme = plan.add_theme(kind="theme", label="1", title="Case management", by=clerk)
        actions = [
            theme.add_action(number=f"1.{n}", text=f"Close the gaps the self-assessment found, part {n}.", by=clerk)
            for n in range(1, 11)
        ]
        framework = Framework.objects.add(
            title="Tackling Hate Incidents: Standards of Achievable Good Practice for Local Areas (benchmark)",
            short_title=f"Benchmark standards {DATA}",
            issued_by="The Regional Community Cohesion Learning Network",
            slug=SLUG,
            by=clerk,
        )
        framework.add_level(
            name="Regional level",
            defined_as="defined as the entire region",
            text="The network will support local areas:\n- Provide a forum\n- Manage regional communication",
            by=clerk,
        )
        for s in range(1, STANDARDS + 1):
            standard = framework.add_standard(
                number=s,
                title=f"Standard {s}",
                definition="This standard relates to action that partners need to take to ensure an appropriate "
                "and holistic response to all reported hate incidents.",
                by=clerk,
            )
            for c in range(CHARACTERISTICS):
                letter = letter_for(c).upper()
                label = f"{s} {letter}"
                standard.add_characteristic(
                    letter=letter,
                    text=f"Referral mechanisms of third party reporting systems ({label}) link with organisations "
                    "able to provide support to victims.",
                    function=function_text(label),
                    by=clerk,
                )
        assessment = Assessment.objects.start(
            framework=framework, assessed_on=datetime.date(2009, 10, 1), agenda_header="Item No: 12 Appendix A",
            by=clerk,
        )  # fmt: skip
        responses = assessment.responses.in_order().select_related("characteristic__standard")
        for n, response in enumerate(responses):
            rating = RATINGS[n % 4]
            gap = rating in (Rating.PARTLY_MET, Rating.NOT_MET)
            label = response.characteristic.label
            response.record(
                by=clerk,
                version=response.version,
                response=response_text(label),
                rating=rating,
                evidence=f"The group's minutes for {label}." if n % 3 == 0 else "",
                gap=f"d) The case management group does not yet link with the scrutiny panels ({label})."
                if gap
                else "",
                actions=[actions[n % 10], actions[(n + 1) % 10]] if gap else [],
            )
        assessment.publish(by=clerk)
    return assessment


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
    from reports.standards.appendix import build_assessment_document

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    assessment = build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the inserts, as autovacuum keeps them
    print(f"Synthetic assessment ready in {time.perf_counter() - started:.1f} s")
    assessment = Assessment.objects.select_related("framework", "partnership").get(pk=assessment.pk)
    clerk = user("bench.clerk", CLERK)
    gaps = assessment.responses.with_gaps().count()
    figures = Figures(f"standards on {database_label(connection.vendor)}")
    figures.line(
        f"Assessment: {assessment.responses.count()} characteristics in {assessment.framework.standards.count()} "
        f"standards, {gaps} gaps each closed by 2 actions. Each stage run {RUNS} times."
    )

    def builder():
        with CaptureQueriesContext(connection) as queries:
            document = build_assessment_document(assessment, reader=clerk)
        return f"{document.row_count} characteristics, {len(queries)} queries"

    # The parent builds once, so that each renderer's child starts from the same data.
    document = build_assessment_document(assessment, reader=clerk)

    def pdf():
        import io

        from pypdf import PdfReader

        data = render_document("self_assessment", document, "pdf")
        return f"{len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) // 1024} KiB"

    client = Client(HTTP_HOST="localhost")
    client.force_login(user("bench.reader", COMMITTEE_MEMBER))
    url = reverse("assessment_appendix", args=[assessment.pk])

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return f"{len(queries)} queries, {len(response.content) // 1024} KiB"

    client.get(url)  # warm: templates, imports
    stages = [
        ("builder", builder),
        ("PDF", pdf),
        ("Word", lambda: f"{len(render_document('self_assessment', document, 'docx')) // 1024} KiB"),
        ("Excel", lambda: f"{len(render_document('self_assessment', document, 'xlsx')) // 1024} KiB"),
        ("page", page),
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
