"""Benchmark of the Progress Update export.

    make bench          (or: .venv/bin/python bench/run.py)

Builds, once, a synthetic council in its own database (bench/out/, or the
DATABASE_URL given): one large review whose document runs to about 100 PDF
pages, among other reviews that bring the progress-entry table to 50,000
rows. Then it times each stage of exporting the large review's latest round —
gathering, HTML, PDF, Word, Excel — each in a fresh child process so that its
peak memory is its own, and compares the whole PDF export with WeasyPrint
alone rendering the same HTML. Nothing here is part of the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: export on SQLite -->), with the date and
the machine: bench/common.py's Figures.
"""

import datetime
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import (
    OUT,
    ROOT,
    Figures,
    Spread,
    database_label,
    in_child,
    pairs_of,
    run_process,
    setup_django,
    sized,
    sqlite_url,
)

setup_django("bench-v2.sqlite3")  # v2: with each round's stored standing

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

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
    SubAction,
)

LARGE = "benchmark-large"
# Each: its own record and a lettered part with 4 strands and 3 more parts.
# 16 gives about 100 pages of approved updates.
RECOMMENDATIONS = sized(16, 1)
TOTAL_ENTRIES = sized(50_000, 1)
ROUNDS = 3
EVIDENCE = (
    "Work with partners continued through the period, with regular meetings of the operational group and a "
    "review of the referral pathway.\n"
    "- Training delivered to frontline staff in three localities\n"
    "- Publicity refreshed on the council's website and social media\n"
    "Further work is planned for the next six months, subject to funding being confirmed."
)


def build():
    """The synthetic council, made once; bulk inserts, as this is no user's work."""
    if Review.objects.filter(slug=LARGE).exists():
        return
    # get_or_create: bench/published.py builds a second, larger review beside the first.
    committee, _ = Committee.objects.get_or_create(slug="benchmark", defaults={"name": "Benchmark Select Committee"})
    owners = list(Owner.objects.filter(name__startswith="Officer ").order_by("pk")) or Owner.objects.bulk_create(
        [Owner(name=f"Officer {n}") for n in range(40)]
    )
    entries_made = 0
    review_number = 0
    while entries_made < TOTAL_ENTRIES:
        large = review_number == 0
        review = Review.objects.create(
            committee=committee,
            title="Benchmark review" if large else f"Background review {review_number}",
            slug=LARGE if large else f"background-{review_number}",
            action_plan_agreed=datetime.date(2019, 3, 1),
        )
        rounds = Round.objects.bulk_create(
            Round(
                review=review,
                period=datetime.date(2020 + n // 2, 3 if n % 2 == 0 else 9, 1),
                deadline=datetime.date(2020 + n // 2, 2 if n % 2 == 0 else 8, 1),
                meeting_date=datetime.date(2020 + n // 2, 3 if n % 2 == 0 else 9, 20),
                status=Round.Status.PUBLISHED,
            )
            for n in range(ROUNDS)
        )
        recs = Recommendation.objects.bulk_create(
            Recommendation(review=review, number=n + 1, text=f"That the Council consider measure {n + 1}.")
            for n in range(RECOMMENDATIONS)
        )
        subs = SubAction.objects.bulk_create(
            SubAction(recommendation=rec, letter=letter, text=f"part {letter} of recommendation {rec.number}")
            for rec in recs
            for letter in "abcd"
        )
        actions = []
        for rec in recs:
            actions.append(_action(rec, None, "", 0))
        for sub in subs:
            if sub.letter == "a":
                actions += [_action(sub.recommendation, sub, f"Strand {n + 1}", n) for n in range(4)]
            else:
                actions.append(_action(sub.recommendation, sub, "", 0))
        actions = Action.objects.bulk_create(actions)
        Responsibility.objects.bulk_create(
            Responsibility(action=action, owner=owners[i % len(owners)]) for i, action in enumerate(actions)
        )
        entries = [
            ProgressEntry(
                action=action,
                round=round,
                evidence_of_progress=EVIDENCE,
                # Slipped or on track until the last round, so every round carries every action.
                grade=2 + (i + n) % 3 if n < ROUNDS - 1 else 1 + (i % 4),
                evidence_of_impact=EVIDENCE if n == ROUNDS - 1 else "",
                # Approved, as published updates are: the document prints
                # only approved ones (anything else reads "No update received").
                status=ProgressEntry.Status.APPROVED,
            )
            for i, action in enumerate(actions)
            for n, round in enumerate(rounds)
        ]
        ProgressEntry.grade_by_meaning(entries)  # each grade as given, as an import gives it
        entries = ProgressEntry.objects.bulk_create(entries)
        EntryResponsibility.objects.bulk_create(
            EntryResponsibility(entry=entry, owner=owners[i % len(owners)]) for i, entry in enumerate(entries)
        )
        # Each published round's standing, as its publication writes it.
        Standing.objects.write(rounds, by=None)
        entries_made += len(entries)
        review_number += 1


def _action(rec, sub, strand, position):
    return Action(
        recommendation=rec,
        sub_action=sub,
        strand=strand,
        position=position,
        target_month=datetime.date(2019, 10, 1),
        agreed_action="Develop and deliver the agreed programme with partners across the borough.",
        success_measure="The programme is delivered and its take-up is reported to the group.",
    )


def main():
    from reports.documents import ExportOptions, render
    from reports.documents.pdf import html_to_pdf
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.html import render_print_html

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    started = time.perf_counter()
    build()
    print(f"Synthetic council ready in {time.perf_counter() - started:.1f} s")

    review = Review.objects.select_related("committee").get(slug=LARGE)
    rounds = list(review.rounds.order_by("period"))
    options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1")
    total_entries = ProgressEntry.objects.count()

    def gather():
        with CaptureQueriesContext(connection) as queries:
            document = build_progress_update(review, rounds=rounds)
        return f"{len(document.actions)} actions, {len(queries)} queries"

    # The parent gathers once, so that each renderer's child starts from the same data.
    document = build_progress_update(review, rounds=rounds)
    html = render_print_html(document, options)

    def pdf_only():
        import io

        from pypdf import PdfReader

        data = html_to_pdf(html)
        return f"{len(PdfReader(io.BytesIO(data)).pages)} pages"

    # The executive response document (for the Cabinet agenda) of the same
    # review: every recommendation answered, a third of them with reasons.
    from actionplans.models import ExecutiveResponse
    from reports.documents import render_response
    from reports.executive_response.builder import build_executive_response

    if review.report_to_executive is None:
        Review.objects.filter(pk=review.pk).update(
            report_agreed=datetime.date(2018, 12, 6), report_to_executive=datetime.date(2019, 1, 10)
        )
        ExecutiveResponse.objects.bulk_create(
            ExecutiveResponse(
                recommendation=rec,
                response="partially" if n % 3 == 0 else "accepted",
                reasons="The council accepts the aim; the cost of the rest is not in this year's budget. " * 3
                if n % 3 == 0
                else "",
                accepted_part="The aim and the first step." if n % 3 == 0 else "",
                responded_on=datetime.date(2019, 2, 14),
            )
            for n, rec in enumerate(review.recommendations.order_by("number"))
        )
        review.refresh_from_db()

    def gather_response():
        with CaptureQueriesContext(connection) as queries:
            answered = build_executive_response(review)
        return f"{len(answered.recommendations)} recommendations, {len(queries)} queries"

    response = build_executive_response(review)

    def response_pdf():
        import io

        from pypdf import PdfReader

        return f"{len(PdfReader(io.BytesIO(render_response(response, 'pdf'))).pages)} pages"

    # The same paper with what changed since the meeting before its round's
    # in front (the export form's "What changed since the meeting of …").
    since = rounds[-2].meeting_date if len(rounds) > 1 else None

    def gather_with_changes():
        with CaptureQueriesContext(connection) as queries:
            fresh = build_progress_update(review, rounds=rounds, changes_since=since)
        changed = len(fresh.changes.actions) if fresh.changes else 0
        return f"{changed} actions changed, {len(queries)} queries"

    def pdf_with_changes():
        import io

        from pypdf import PdfReader

        fresh = build_progress_update(review, rounds=rounds, changes_since=since)
        with_section = ExportOptions(agenda_header=options.agenda_header, changes_since=since)
        return f"{len(PdfReader(io.BytesIO(render(fresh, 'pdf', with_section))).pages)} pages"

    stages = [
        ("gathering", gather),
        ("HTML", lambda: f"{len(render_print_html(document, options)) // 1024} KiB"),
        ("PDF", pdf_only),
        ("Word", lambda: f"{len(render(document, 'docx', options)) // 1024} KiB"),
        ("Excel", lambda: f"{len(render(document, 'xlsx', options)) // 1024} KiB"),
        ("with changes: gathering", gather_with_changes),
        ("with changes: PDF", pdf_with_changes),
        ("response: gathering", gather_response),
        ("response: PDF", response_pdf),
        ("response: Word", lambda: f"{len(render_response(response, 'docx')) // 1024} KiB"),
        ("response: Excel", lambda: f"{len(render_response(response, 'xlsx')) // 1024} KiB"),
    ]
    figures = Figures(f"export on {database_label(connection.vendor)}")
    figures.line(
        f"Review: {len(document.actions)} actions over {len(rounds)} rounds; "
        f"{total_entries:,} progress entries in the table."
    )
    figures.table("stage", "seconds", "peak MiB", "added MiB", "result", align="lrrrl")
    for name, stage in stages:
        seconds, peak, added, summary = in_child(stage)
        figures.row(name, f"{seconds:.2f}", f"{peak:.0f}", f"{added:.0f}", summary)

    figures.line()
    figures.targets()
    export_against_engine(figures, LARGE, {**os.environ})
    command_line_against_libreoffice(figures)
    figures.verdict()
    figures.write()


# The export command as a clerk runs it, a whole process from start to exit,
# against the `weasyprint` command on the same HTML: interleaved pairs (the
# command, then WeasyPrint, and again), each pair's ratio of CPU (user and
# system, its children's included: the sections' processes) as the
# operating system counts it (wait4), the median of the ratios.
PAIRS = sized(5, 1)
STYLESHEET = ROOT / "reports" / "static" / "reports" / "document.css"
LINK = '<link rel="stylesheet" href="/static/reports/document.css">'


def export_html(slug: str, options=None) -> str:
    """The HTML the export command gives the PDF engine for the review's
    latest published round, with its options (their defaults unless given)."""
    from actionplans.text import breakable
    from reports.documents import ExportOptions, map_strings
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.html import render_print_html

    review = Review.objects.select_related("committee").get(slug=slug)
    rounds = list(review.rounds.order_by("period"))
    round = [r for r in rounds if r.is_published][-1]
    document = build_progress_update(review, rounds=rounds, round=round)
    return render_print_html(map_strings(document, breakable), options or ExportOptions())


def export_command(slug: str, output) -> list[str]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    return [*manage, "export_progress_update", slug, "--format", "pdf", "--output", str(output)]


def weasyprint_command(html_file, output) -> list[str]:
    weasyprint = str(Path(sys.executable).with_name("weasyprint"))
    return [weasyprint, "--pdf-variant", "pdf/ua-1", "-s", str(STYLESHEET), str(html_file), str(output)]


def pages_of(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def export_against_engine(figures: Figures, slug: str, env: dict) -> dict:
    """The target rows of the export command against the `weasyprint`
    command on the same HTML: CPU (the target) and wall, each the median of
    the pairs' ratios; returns the runs, and both files' page counts."""
    work = OUT / "export-against-engine"
    work.mkdir(exist_ok=True)
    html_file = work / f"{slug}.html"
    # The stylesheet's link left out: the `weasyprint` command is given its file.
    html_file.write_text(export_html(slug).replace(LINK, ""))
    ours, theirs = export_command(slug, work / "export.pdf"), weasyprint_command(html_file, work / "weasyprint.pdf")
    runs = {"export": [], "weasyprint": []}

    def measure(name, command):
        def cpu() -> float:
            runs[name].append(run_process(command, env=env))
            return runs[name][-1].cpu

        return cpu

    cpu = pairs_of(measure("export", ours), measure("weasyprint", theirs), PAIRS)
    # The same runs' wall seconds (the warm-up pair left out, as pairs_of does).
    walls = [a.wall / b.wall for a, b in zip(runs["export"][1:], runs["weasyprint"][1:], strict=True)]
    figures.target("export command / `weasyprint` command, CPU", cpu, 1.0)
    figures.row("export command / `weasyprint` command, wall (no target)", *_untargeted(Spread(walls, cpu.loads)))
    pages = (pages_of(work / "export.pdf"), pages_of(work / "weasyprint.pdf"))
    added = Spread([pages[0] - pages[1]], cpu.loads)
    figures.target(f"pages the export adds to the engine's {pages[1]}", added, 0, unit="page(s)")
    return {**runs, "pages": pages}


def _untargeted(spread: Spread, unit: str = "x") -> list:
    """A row of the targets' table for a figure shown without a target."""
    low, high, median = (spread.shown(value, unit) for value in (spread.low, spread.high, spread.median))
    return [median, f"{low} to {high}", len(spread.values), "", "", spread.load]


# The demo's September 2020 paper from the command line, against LibreOffice
# converting the product's own Word file of the same round to PDF: each a
# whole process, in interleaved pairs, as above.
DEMO_ROUND = ("hate-crime", "2020-09")


def command_line_against_libreoffice(figures: Figures) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        figures.line("\nThe command line against LibreOffice: skipped, no `soffice` on this machine.")
        return
    env = {**os.environ, "DATABASE_URL": sqlite_url("demo.sqlite3")}
    # The app's own modules compiled once and kept (__pycache__), as on a
    # council's server (docs/production.md): the runs before the pairs write them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    work = OUT / "command-line"
    work.mkdir(exist_ok=True)
    slug, period = DEMO_ROUND
    export = [*manage, "export_progress_update", slug, "--round", period]
    word = [*export, "--format", "docx", "--output", str(work / "paper.docx")]
    subprocess.run(word, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    ours = [*export, "--format", "pdf", "--output", str(work / "paper.pdf")]
    profile = f"-env:UserInstallation=file://{OUT / 'libreoffice-profile'}"
    theirs = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work / "libreoffice")]
    theirs.append(str(work / "paper.docx"))
    # LibreOffice's first start makes its profile: pairs_of's warm-up pair.
    cpu = pairs_of(lambda: run_process(ours, env=env).cpu, lambda: run_process(theirs, env=env).cpu, PAIRS)
    figures.target("September 2020 PDF: command line / LibreOffice from its Word file, CPU", cpu, 1.0)


if __name__ == "__main__":
    main()
