"""Benchmark of importing a spreadsheet into a review.

    make bench-import   (or: .venv/bin/python bench/import_plan.py)

Builds, once, a 5,000-row tracker (bench/out/tracker-5000.xlsx) in the
layout of the product's own Excel export: one row per action per round, so
1,667 actions with three rounds of progress each (5,001 rows), under 50
recommendations with lettered sub-actions and strands, naming 40 people;
and one ten times as long (bench/out/tracker-50000.xlsx: 16,667 actions,
50,001 rows, under 477 recommendations), read with the row and cell limits
raised (SCRUTINY_IMPORT_MAX_ROWS, _CELLS) as a council would for it. Then,
each in a fresh child process so that its peak memory is its own, it times,
for each file:

- the import: reading the file (sheets, headings, tracker), the preview and
  importing.saving.import_plan() into a new empty review, creating the people;
- the floor: reading the same file with openpyxl alone (read-only, values
  only), then one bulk insert of the same rows with their history rows
  (bulk_create_with_history), and nothing else: the actions and who is
  responsible for each, the updates and who was responsible in each round
  (the Responsibility column), some 20,000 rows and as many history rows.

And a partnership plan (bench/out/partnership-500.xlsx, seed 002's shape:
10 themes of 50 numbered actions, each led by one or two of 12
organisations, with a quarter's Progress and RAG): reading, the preview and
saving it as a new partnership's plan, creating the organisations and
publishing the quarter (importing.partnership_saving.import_plan: in bulk, in a
number of queries that does not grow with the plan).

And a Word progress update of about 100 pages (bench/out/progress-update.docx,
seed 001's shape: one table per recommendation, its own record above three
lettered sub-actions of four strands side by side, two rounds of evidence
each): reading it (word.py, then the tracker), the preview and saving it
into a new review; its pages are counted in the imported review's PDF
export, after the measurement. Target: under 10 s and under 256 MB.
`bench/import_plan.py --word` measures only that, and writes no figures.

How the import grows with the file: a 5,001-row import, then a 50,001-row
one, each in a fresh child process, PAIRS times after one of each to warm
up (bench/common.py's pairs_of): the median of the pairs' ratios of the
import's time (reading to saved, the child's start-up left out) against
11x, with their range and the load average, the CPU time's ratio shown
beside it; the peak memory of the whole 50,001-row child (wait4: the
largest the kernel saw), the median of its runs, against 300 MB, and the
5,001-row one's against 256 MB. Peaks are printed in MiB (2**20 bytes, as
the kernel counts them) and MB (10**6 bytes), each labelled as it is. The
floor runs RUNS times at 5,001 rows (runs_of) and the import's median is
given against its median (target 2x or less); it is not run at 50,001
rows, where it doubled the run's length.

Without DATABASE_URL it runs on SQLite (bench/out/import.sqlite3) and then on
PostgreSQL (BENCH_POSTGRES_URL, by default
postgres://postgres@127.0.0.1:5432/scrutiny_bench_import, created if
missing; skipped with a note if no server answers). With DATABASE_URL, only
on that database. Nothing here is part of the test suite.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: import on SQLite --> ... and on
PostgreSQL), with the date and the machine: bench/common.py's Figures.
"""

import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    OUT,
    SMOKE,
    Figures,
    Spread,
    database_label,
    on_postgres,
    pairs_of,
    run_process,
    runs_of,
    setup_django,
    sized,
)

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/scrutiny_bench_import")
BOTH = "DATABASE_URL" not in os.environ
ROUNDS = [datetime.date(2020, 3, 1), datetime.date(2020, 9, 1), datetime.date(2021, 3, 1)]
ACTIONS = sized(1667, 30)  # x 3 rounds = 5,001 rows
FILE = OUT / sized("tracker-5000.xlsx", "smoke-tracker.xlsx")
LARGE_ACTIONS = sized(16667, 300)  # x 3 rounds = 50,001 rows
LARGE_FILE = OUT / sized("tracker-50000.xlsx", "smoke-tracker-large.xlsx")
# Interleaved pairs of a small and a large import, after one of each to warm
# up; and runs of the floor, after one.
PAIRS = sized(3, 1)
RUNS = sized(3, 1)
# The limits a council would raise to import the large tracker (scrutiny/settings.py).
LARGE_LIMITS = {"SCRUTINY_IMPORT_MAX_ROWS": "60000", "SCRUTINY_IMPORT_MAX_CELLS": "1200000"}
EVIDENCE = (
    "The group met in the quarter and agreed the programme for schools and colleges.\n"
    "- 14 sessions delivered to frontline staff\n"
    "- reporting leaflets translated into five languages\n"
    "Take-up is monitored monthly and reported to the partnership board."
)


PARTNERSHIP_ACTIONS = sized(500, 20)
PARTNERSHIP_FILE = OUT / f"{sized('', 'smoke-')}partnership-{PARTNERSHIP_ACTIONS}.xlsx"
ORGANISATIONS = ["Police", "OPCC", "Fire Brigade", "Housing", "CYPS", "CST", "NHS Trust", "Probation"]
ORGANISATIONS += ["Schools", "Colleges", "Youth Service", "Victim Support"]


def keys(actions: int):
    """(recommendation, letter, strand) for the first `actions` actions, in
    document order: 35 to a recommendation."""
    out = []
    for number in range(1, actions // 35 + 2):
        for letter in "abcde":
            for strand in range(1, 8):
                out.append((number, letter, f"Strand {strand}"))
    return out[:actions]


def build_file(path=FILE, actions=ACTIONS) -> None:
    if path.exists():
        return
    from reports.documents.xlsx import write_sheet
    from reports.progress_update.xlsx import COLUMNS

    def rows():
        for i, (number, letter, strand) in enumerate(keys(actions)):
            for r, period in enumerate(ROUNDS):
                grade = 1 + (i + r) % 4
                yield (
                    "Benchmark review",
                    period,
                    number,
                    letter,
                    strand,
                    f"{number} {letter}) {strand}",
                    f"Person {i % 40}, Person {(i + 1) % 40}",
                    datetime.date(2021, 1 + i % 12, 1),
                    "Deliver the agreed programme of awareness raising in schools, colleges and universities.",
                    "More reports of hate crime from young people; staff confident to respond.",
                    EVIDENCE,
                    grade,
                    "",
                    "The work slipped while the post was vacant." if grade >= 3 else "",
                    "Reports from schools rose by a fifth." if r else "",
                    f"That the Council and its partners act on recommendation {number}.",
                    f"Lettered part {letter} of recommendation {number}.",
                )

    path.write_bytes(write_sheet("Progress update", COLUMNS, rows()))


WORD_RECOMMENDATIONS = sized(25, 2)
WORD_FILE = OUT / sized("progress-update.docx", "smoke-progress-update.docx")
WORD_ROUNDS = ("March 2020", "September 2020")


def build_word_file() -> None:
    """A council's Word progress update, seed 001's shape (tests/word_files.py),
    WORD_RECOMMENDATIONS recommendations long."""
    if WORD_FILE.exists():
        return
    import io

    from docx import Document

    from tests.word_files import label_row, merge, put

    document = Document()
    document.add_paragraph("SCRUTINY MONITORING – PROGRESS UPDATE")
    document.add_paragraph("Review: Benchmark review")
    document.add_paragraph("Link Officer/s: Person 1")
    document.add_paragraph("Action Plan Agreed: March 2019")
    i = 0

    def record(table, *owners):
        nonlocal i
        columns = len(owners)
        label_row(table, "Responsibility:", *owners)
        label_row(table, "Date:", *[f"{datetime.date(2021, 1 + (i + n) % 12, 1):%B %Y}" for n in range(columns)])
        label_row(table, "Agreed Action:", *["Deliver the agreed programme of awareness raising."] * columns)
        label_row(table, "Agreed Success Measure:", *["More reports of hate crime from young people."] * columns)
        for r, month in enumerate(WORD_ROUNDS):
            label_row(table, f"Evidence of Progress ({month}):", *[EVIDENCE] * columns)
            grades = [
                f"{1 + (i + n + r) % 4}" + (" The post was vacant." if (i + n + r) % 4 >= 2 else "")
                for n in range(columns)
            ]
            label_row(table, f"Assessment of Progress ({month}):\n(include explanation if required)", *grades)
            label_row(table, f"Evidence of Impact ({month}):", *["Reports from schools rose by a fifth."] * columns)
        i += columns

    for number in range(1, WORD_RECOMMENDATIONS + 1):
        table = document.add_table(rows=0, cols=5)
        table.style = "Table Grid"
        put(merge(table.add_row().cells), f"Recommendation {number}: That the Council and its partners act on it.")
        record(table, f"Person {number % 40}")
        for letter in "abc":
            put(merge(table.add_row().cells), f"{letter}) lettered part {letter} of recommendation {number}:")
            heading = table.add_row().cells
            for strand in range(4):
                put(heading[1 + strand], f"Strand {strand + 1}")
            record(
                table,
                *[f"Person {(number + strand) % 40}, Person {(number + strand + 1) % 40}" for strand in range(4)],
            )
    document.add_paragraph("Assessment of Progress Gradings")
    key = document.add_table(rows=2, cols=4)
    for column, words in enumerate(["Fully Achieved", "On-Track", "Slipped", "Not Achieved"]):
        put(key.cell(0, column), str(column + 1))
        put(key.cell(1, column), words)
    buffer = io.BytesIO()
    document.save(buffer)
    WORD_FILE.write_bytes(buffer.getvalue())


def timed_import(review, data: bytes, name: str, clerk, figures: dict, started: float) -> None:
    """Read, preview and save `data` into `review` as the clerk's page does
    (the people created, the rounds past records), timing each step into
    `figures` (read_s, preview_s, save_s) and what it made (rows). As the
    confirmation does (importing/views.py), the file's cells are let go of
    once its plan is read, and the preview's work before the save, which
    compares again."""
    from actionplans.importing import reading, saving

    read = reading.read(data, name)
    read.let_go_of_cells()
    figures["read_s"] = time.perf_counter() - started
    assert not read.plan.problems, read.plan.problems[:5]
    at = time.perf_counter()
    past = past_record(read.plan)
    preview = saving.compare(review, read.plan, create_people=True, owner_column=read.owner_column, progress=past)
    assert not preview.problems, preview.problems[:5]
    figures["preview_s"] = time.perf_counter() - at
    preview.release_work()
    at = time.perf_counter()
    record = saving.import_plan(
        review, read.plan, by=clerk, create_people=True, owner_column=read.owner_column, progress=past
    )
    figures["save_s"] = time.perf_counter() - at
    figures["rows"] = f"{record.actions_created} actions, {record.entries_created} updates"


def past_record(plan):
    """The clerk's answer to the preview's question: the file's rounds are
    the committee's past records, each met on the 15th of its month."""
    from actionplans.importing import saving

    return saving.ProgressChoice(
        what=saving.PAST_RECORD, meeting_dates={period: period.replace(day=15) for period in plan.periods}
    )


def bench_clerk():
    """The clerk the imports are by: importing is a clerk's (permissions.IMPORT_PLAN)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    clerk, _ = get_user_model().objects.get_or_create(username="bench.clerk")
    clerk.groups.set(Group.objects.filter(name="Clerk"))
    return clerk


def word_import() -> dict:
    """The Word progress update's import into a new review, in this
    process; then (not measured) its pages, in the review's PDF export."""

    from actionplans.models import Committee, Review

    committee, _ = Committee.objects.get_or_create(slug="bench-import", defaults={"name": "Benchmark import"})
    stamp = time.time_ns()
    review = Review.objects.create(
        committee=committee, title=f"Word {stamp}", slug=f"word-{stamp}", action_plan_agreed=datetime.date(2019, 3, 1)
    )
    clerk = bench_clerk()
    data = WORD_FILE.read_bytes()
    figures = {}
    started = time.perf_counter()
    timed_import(review, data, WORD_FILE.name, clerk, figures, started)
    figures["total_s"] = time.perf_counter() - started
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["pages"] = _pages(review)
    return figures


def _pages(review) -> int:
    import io

    from pypdf import PdfReader

    from reports.documents import ExportOptions
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.pdf import render_pdf

    rounds = list(review.rounds.order_by("period"))
    pdf = render_pdf(build_progress_update(review, rounds=rounds, full_history=True), ExportOptions(full_history=True))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def word_line(f: dict) -> str:
    return (
        f"Word progress update ({WORD_FILE.name}, {WORD_FILE.stat().st_size / 1e6:.1f} MB, {f['pages']} pages "
        f"in the imported review's PDF export): read {f['read_s']:.2f} s, preview {f['preview_s']:.2f} s, "
        f"save {f['save_s']:.2f} s, **total {f['total_s']:.2f} s** (target under 10 s), "
        f"**peak {mb(f['peak_mib']):.0f} MB** = {f['peak_mib']:.0f} MiB (target under 256 MB); {f['rows']}."
    )


def build_partnership_file() -> None:
    """Seed 002's layout (tests/partnership_files.py): a heading row above
    each theme's actions, 1.1, 1.2 …, the Lead naming organisations by
    their short names with a role after a colon."""
    if PARTNERSHIP_FILE.exists():
        return
    from tests.partnership_files import SEED_002_HEADINGS, workbook

    rows = [["Multi-Agency 'Hate Crime Group' Action Plan 2018 – 2019"]]
    per_theme = PARTNERSHIP_ACTIONS // 10
    for theme in range(1, 11):
        rows += [[f"{theme}. Theme {theme} of the plan"], SEED_002_HEADINGS]
        for n in range(1, per_theme + 1):
            i = (theme - 1) * per_theme + n
            lead = ORGANISATIONS[i % len(ORGANISATIONS)]
            partner = ORGANISATIONS[(i + 5) % len(ORGANISATIONS)]
            rows.append(
                [
                    f"{theme}.{n}",
                    "Attend the annual Safeguarding Forum and present the hate crime interventions on offer.",
                    f"{lead}: Early intervention co-ordinator" + (f", {partner}" if i % 3 == 0 else ""),
                    datetime.date(2018 + i % 2, 1 + i % 12, 1),
                    "Head teachers are aware of the interventions we offer.",
                    EVIDENCE if i % 4 else None,
                    ("Green", "Amber", "Red", "Complete")[i % 4] if i % 4 else None,
                ]
            )
    PARTNERSHIP_FILE.write_bytes(workbook(*rows))


def partnership_import() -> dict:
    """The partnership plan's import, in this process."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from actionplans.importing import partnership_saving, reading

    clerk = bench_clerk()
    clerk.groups.add(Group.objects.get(name="Clerk"))
    clerk = get_user_model().objects.get(pk=clerk.pk)  # its permissions afresh
    stamp = time.time_ns()
    data = PARTNERSHIP_FILE.read_bytes()
    figures = {}
    started = time.perf_counter()
    read = reading.read(data, PARTNERSHIP_FILE.name, period=datetime.date(2018, 7, 1), kind=reading.PARTNERSHIP)
    figures["read_s"] = time.perf_counter() - started
    assert not read.plan.problems, read.plan.problems[:5]
    at = time.perf_counter()
    preview = partnership_saving.compare(read.plan, create_organisations=True)
    assert not preview.problems, preview.problems[:5]
    figures["preview_s"] = time.perf_counter() - at
    at = time.perf_counter()
    plan = partnership_saving.import_plan(
        read.plan,
        by=clerk,
        partnership_name=f"Partnership {stamp}",
        create_organisations=True,
        title=f"Hate Crime Action Plan {stamp}",
        short_title=f"Plan {stamp}",
        starts=datetime.date(2018, 4, 1),
        ends=datetime.date(2019, 3, 1),
    )
    figures["save_s"] = time.perf_counter() - at
    updates = plan.quarters.get().updates.exclude(progress="").count()
    figures["rows"] = f"{plan.actions().count()} actions, {updates} updates with progress"
    figures["total_s"] = time.perf_counter() - started
    return figures


def child(kind: str, out: str = "") -> None:
    """One measurement, in this process: its figures as a JSON line, printed
    or written into the file `out`."""
    setup_django("import.sqlite3")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started_cpu = time.process_time()
    if kind == "word":
        figures = word_import()  # its peak is taken before its pages are counted
    else:
        figures = partnership_import() if kind == "partnership" else review_import(kind)
        figures["cpu_s"] = time.process_time() - started_cpu
        figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["baseline_mib"] = baseline
    if out:
        Path(out).write_text(json.dumps(figures))
    else:
        print(json.dumps(figures))


def review_import(kind: str) -> dict:
    """The tracker's import into a new review ("import"), or the floor; of
    the large tracker with "-large"."""

    from actionplans.models import Committee, Review

    committee, _ = Committee.objects.get_or_create(slug="bench-import", defaults={"name": "Benchmark import"})
    stamp = time.time_ns()
    review = Review.objects.create(
        committee=committee,
        title=f"Import {stamp}",
        slug=f"import-{stamp}",
        action_plan_agreed=datetime.date(2019, 3, 1),
    )
    clerk = bench_clerk()
    path = LARGE_FILE if kind.endswith("-large") else FILE
    data = path.read_bytes()
    figures = {}
    started = time.perf_counter()
    if kind.startswith("import"):
        timed_import(review, data, path.name, clerk, figures, started)
    else:
        floor(review, data, clerk, figures, started)
    figures["total_s"] = time.perf_counter() - started
    return figures


def floor(review, data, clerk, figures, started) -> None:
    """openpyxl's read of the values, then one bulk insert of the same rows
    and their history: the actions, who is responsible for each, and each
    row's update with who was responsible in its round. What no import can
    do without."""
    import io

    import openpyxl
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from actionplans.models import (
        Action,
        EntryResponsibility,
        Owner,
        ProgressEntry,
        Recommendation,
        Responsibility,
        Round,
    )

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    values = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    figures["read_s"] = time.perf_counter() - started
    at = time.perf_counter()
    history = {"default_user": clerk, "default_change_reason": "Floor"}
    with transaction.atomic():
        recommendation = Recommendation.objects.create(review=review, number=1, text="Recommendation 1")
        rounds = {
            period: Round.objects.create(
                review=review, period=period, deadline=period, meeting_date=period, status="published"
            )
            for period in ROUNDS
        }
        names = {name.strip() for row in values for name in row[6].split(",")}
        owners = {owner.name: owner for owner in Owner.objects.filter(name__in=names)}
        owners.update(
            (owner.name, owner)
            for owner in bulk_create_with_history([Owner(name=n) for n in names - set(owners)], Owner, **history)
        )
        actions = {}
        for row in values:
            if row[5] not in actions:
                actions[row[5]] = Action(
                    recommendation=recommendation,
                    strand=row[5],
                    target_month=row[7],
                    agreed_action=row[8],
                    success_measure=row[9],
                )
        bulk_create_with_history(list(actions.values()), Action, **history)
        links = {}
        for row in values:
            links[row[5]] = [owners[name.strip()] for name in row[6].split(",")]
        bulk_create_with_history(
            [
                Responsibility(action=actions[key], owner=owner, position=n)
                for key, named in links.items()
                for n, owner in enumerate(named)
            ],
            Responsibility,
            **history,
        )
        entries = [
            ProgressEntry(
                action=actions[row[5]],
                round=rounds[row[1].date()],
                evidence_of_progress=row[10],
                grade=row[11],
                grade_explanation=row[13] or "",
                evidence_of_impact=row[14] or "",
                status="approved",
            )
            for row in values
        ]
        bulk_create_with_history(entries, ProgressEntry, **history)
        bulk_create_with_history(
            [
                EntryResponsibility(entry=entry, owner=owners[name.strip()], position=n)
                for entry, row in zip(entries, values, strict=True)
                for n, name in enumerate(row[6].split(","))
            ],
            EntryResponsibility,
            **history,
        )
    figures["save_s"] = time.perf_counter() - at
    figures["rows"] = f"{len(actions)} actions, {len(entries)} updates"


def mb(mib: float) -> float:
    """MiB (2**20 bytes, as the kernel counts a peak) as MB (10**6 bytes)."""
    return mib * 2**20 / 1e6


def measure(kind: str) -> dict:
    """`kind` in a fresh child process: its own figures (the import's
    seconds and CPU seconds, from reading to saved, without the process's
    start-up), and the peak resident memory of the whole process as the
    kernel counts it (wait4), in MiB."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, "--child", kind, out.name, *(["--smoke"] if SMOKE else [])]
        env = {**os.environ, **(LARGE_LIMITS if kind.endswith("-large") else {})}
        try:
            process = run_process(command, env=env)
        except subprocess.CalledProcessError as error:
            sys.exit(f"{kind} failed:\n{error.stderr.decode()}")
        figures = json.loads(Path(out.name).read_text())
    figures["peak_mib"] = process.peak_mib
    return figures


class Runs:
    """Each child's figures of one kind, as they come: pairs_of() and
    runs_of() are handed `time` (the import's seconds) and keep the rest."""

    def __init__(self, kind: str):
        self.kind = kind
        self.figures: list[dict] = []

    def time(self) -> float:
        self.figures.append(measure(self.kind))
        return self.figures[-1]["total_s"]

    def measured(self, runs: int) -> list[dict]:
        """The last `runs` figures: those after the warm-up."""
        return self.figures[-runs:]

    def median(self, key: str) -> float:
        return statistics.median(f[key] for f in self.figures[1:])


def import_row(figures: Figures, label: str, runs: list[dict]) -> None:
    """The table's row of a kind: the median of each figure over `runs`."""

    def median(key):
        return statistics.median(f.get(key, 0) for f in runs)

    figures.row(
        label,
        len(runs),
        f"{median('read_s'):.2f}",
        f"{median('preview_s'):.2f}",
        f"{median('save_s'):.2f}",
        f"{median('total_s'):.2f}",
        f"{median('cpu_s'):.2f}",
        f"{median('peak_mib'):.0f}",
        f"{mb(median('peak_mib')):.0f}",
        f"{median('baseline_mib'):.0f}",
        runs[0]["rows"],
    )


def main():
    setup_django("import.sqlite3")
    from django.db import connection

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    build_file()
    build_file(LARGE_FILE, LARGE_ACTIONS)
    figures = Figures(f"import on {database_label(connection.vendor)}")
    for path, actions in ((FILE, ACTIONS), (LARGE_FILE, LARGE_ACTIONS)):
        figures.line(
            f"Tracker: {path.relative_to(OUT.parents[1])} ({path.stat().st_size / 1e6:.1f} MB, "
            f"{actions:,} actions x {len(ROUNDS)} rounds = {actions * len(ROUNDS):,} rows)."
        )
    small, large, floor = Runs("import"), Runs("import-large"), Runs("floor")
    # A small import, then a large one, each in a fresh child, PAIRS times
    # (after one of each to warm up): each pair's ratio, large / small.
    pairs = pairs_of(small.time, large.time, PAIRS)
    ratios = Spread([1 / value for value in pairs.values], pairs.loads)
    cpu_ratios = Spread(
        [b["cpu_s"] / a["cpu_s"] for a, b in zip(small.measured(PAIRS), large.measured(PAIRS), strict=True)],
        pairs.loads,
    )
    peaks = Spread([mb(f["peak_mib"]) for f in large.measured(PAIRS)], pairs.loads)
    floors = runs_of(floor.time, RUNS)
    rows_small, rows_large = ACTIONS * len(ROUNDS), LARGE_ACTIONS * len(ROUNDS)
    medians_table(figures, floor.measured(RUNS), small.measured(PAIRS), large.measured(PAIRS))
    figures.line()
    figures.line(
        "Medians of the runs: the import's in the interleaved pairs below, the floor's run after them. "
        "Seconds and CPU seconds are the import's own, in its child process (reading to saved, without the "
        "process's start-up); the peak is the whole child process's (wait4), Django's start-up included."
    )
    figures.targets()
    figures.target(f"{rows_large:,} rows / {rows_small:,} rows, time, interleaved pairs", ratios, 11)
    cpu_row(figures, f"{rows_large:,} rows / {rows_small:,} rows, CPU, the same pairs", cpu_ratios)
    figures.target(f"peak memory, {rows_large:,} rows", peaks, 300, unit="MB")
    small_peaks = Spread([mb(f["peak_mib"]) for f in small.measured(PAIRS)], pairs.loads)
    figures.target(f"peak memory, {rows_small:,} rows", small_peaks, 256, unit="MB")
    against_floor = small.median("total_s") / floor.median("total_s")
    figures.verdict()
    figures.line()
    figures.line(
        f"Peak memory, {rows_large:,} rows: {statistics.median(f['peak_mib'] for f in large.measured(PAIRS)):.0f} "
        f"MiB (median), {mb(statistics.median(f['peak_mib'] for f in large.measured(PAIRS))):.0f} MB."
    )
    figures.line(
        f"Import, {rows_small:,} rows: **{against_floor:.2f}x** the floor, median against median "
        f"(target 2x or less; loads {floors.load} for the floor's runs)."
    )
    others(figures)
    figures.write()


def medians_table(figures: Figures, floors: list[dict], small: list[dict], large: list[dict]) -> None:
    """The table of each kind's medians: the floor's, and the small and large imports'."""
    rows_small, rows_large = ACTIONS * len(ROUNDS), LARGE_ACTIONS * len(ROUNDS)
    figures.table(
        "",
        "runs",
        "read s",
        "preview s",
        "save s",
        "total s",
        "CPU s",
        "peak MiB",
        "peak MB",
        "start-up MiB",
        "rows",
        align="lrrrrrrrrrl",
    )
    import_row(figures, f"floor, {rows_small:,} rows", floors)
    import_row(figures, f"import, {rows_small:,} rows", small)
    import_row(figures, f"import, {rows_large:,} rows", large)


def cpu_row(figures: Figures, measure_name: str, spread: Spread) -> None:
    """A row of the targets' table that is shown, not judged."""
    figures.row(
        measure_name,
        spread.shown(spread.median, "x"),
        f"{spread.shown(spread.low, 'x')} to {spread.shown(spread.high, 'x')}",
        len(spread.values),
        "shown, not judged",
        "",
        spread.load,
    )


def others(figures: Figures) -> None:
    """The partnership plan's import and the Word progress update's, once each."""
    build_partnership_file()
    f = measure("partnership")
    figures.line()
    figures.line(
        f"Partnership plan ({PARTNERSHIP_FILE.name}, {PARTNERSHIP_ACTIONS} actions): read {f['read_s']:.2f} s, "
        f"preview {f['preview_s']:.2f} s, save {f['save_s']:.2f} s, total {f['total_s']:.2f} s, "
        f"peak {f['peak_mib']:.0f} MiB = {mb(f['peak_mib']):.0f} MB; {f['rows']}."
    )
    build_word_file()
    figures.line()
    figures.line(word_line(measure("word")))


def main_word():
    """Only the Word progress update, printed, no figures written."""
    setup_django("import.sqlite3")
    from django.db import connection

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
    build_word_file()
    print(word_line(measure("word")).replace("**", ""))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], *[a for a in sys.argv[3:4] if a != "--smoke"])
    elif sys.argv[1:2] == ["--word"]:
        main_word()
    else:
        main()
        if BOTH:
            on_postgres(POSTGRES, __file__)
