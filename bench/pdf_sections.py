"""Benchmark of a long PDF printed in sections, a process a chunk.

    make bench-pdf-sections   (or: .venv/bin/python bench/pdf_sections.py)

Builds, once, bench/run.py's synthetic review in a database of its own
(bench/out/pdf-sections.sqlite3, or the DATABASE_URL given), at 16
recommendations (a Progress Update of about 100 pages) and at 32 (about
200). Then, each a whole process from start to exit (bench/common.py's
run_process: wall, CPU with its children's, the peak memory of the largest
of its processes), in interleaved pairs, the median of the pairs' ratios
with their range and the load average:

- the export command (`manage.py export_progress_update REVIEW --format
  pdf`) against the `weasyprint` command on the same HTML: CPU, target at
  most 1.0; wall, shown; the pages the export adds, target none;
- the export command's peak memory at 200 pages against 100: target at
  most 1.1 (no process lays out more than a chunk, however long the
  document).

Then it prints the document numbered from page 23 in sections and in one
process (the product's own path both ways) and says whether the pages'
text and labels are the same.

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section (<!-- bench: pdf sections -->), with the date and the machine:
bench/common.py's Figures. The database only feeds the gathering: there is
no PostgreSQL run.
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, SMOKE, Figures, Spread, in_child, pairs_of, run_process, sized, sqlite_url

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = sqlite_url("pdf-sections.sqlite3")

import run

run.LARGE = "benchmark-pdf-sections"
run.RECOMMENDATIONS = sized(16, 2)
run.TOTAL_ENTRIES = 1
# Twice the review: about 200 pages.
LARGER = ("benchmark-pdf-sections-200", sized(32, 4))
MEMORY_PAIRS = sized(3, 1)
AGENDA = "Agenda Item 8: Appendix 1"


def build() -> None:
    """Both reviews, in a child of their own, so that what the build held is
    not in every process forked from this one."""

    def both():
        run.build()
        smaller = run.LARGE, run.RECOMMENDATIONS
        run.LARGE, run.RECOMMENDATIONS = LARGER
        run.build()
        run.LARGE, run.RECOMMENDATIONS = smaller
        return "built"

    in_child(both)


def memory_against_pages(figures: Figures, env: dict, runs: dict) -> None:
    """The export's peak memory at 200 pages against 100, in pairs."""
    work = OUT / "export-against-engine"
    peaks = {"200": [], "100": []}

    def peak(slug, name):
        def mib() -> float:
            peaks[name].append(run_process(run.export_command(slug, work / f"export-{name}.pdf"), env=env).peak_mib)
            return peaks[name][-1]

        return mib

    ratio = pairs_of(peak(LARGER[0], "200"), peak(run.LARGE, "100"), MEMORY_PAIRS)
    figures.target("peak MiB of any process, export of 200 pages / 100 pages", ratio, 1.1)
    for label, values in (
        ("export of 100 pages", [each.peak_mib for each in runs["export"]] + peaks["100"]),
        ("export of 200 pages", peaks["200"]),
        ("`weasyprint` command, 100 pages", [each.peak_mib for each in runs["weasyprint"]]),
    ):
        figures.row(f"peak MiB: {label} (no target)", *run._untargeted(Spread(values, ratio.loads), "MiB"))


def numbered_from_23(figures: Figures, html: str, processes: int) -> None:
    """The clerk's page numbers: the product's own path both ways."""
    from django.conf import settings
    from pypdf import PdfReader

    from reports.documents.pdf import print_pdf

    read = {}
    for label, count in (("one process", 1), ("in sections", processes)):
        settings.SCRUTINY_PDF_PROCESSES = count
        read[label] = PdfReader(io.BytesIO(print_pdf(html, first_page=23)))
    one, parts = read["one process"], read["in sections"]
    texts = [[page.extract_text() for page in reader.pages] for reader in (one, parts)]
    # On a page two sections share, the first's list bullets are drawn before
    # the second's text (the engine draws them after it): the same lines.
    same = [sorted(text.splitlines()) for text in texts[0]] == [sorted(text.splitlines()) for text in texts[1]]
    reordered = sum(a != b for a, b in zip(*texts, strict=False))
    labels = one.page_labels == parts.page_labels
    figures.line(
        f"Numbered from page 23: text {'the same' if same else 'DIFFERENT'} and page labels "
        f"{'the same' if labels else 'DIFFERENT'} ({parts.page_labels[0]} to {parts.page_labels[-1]}) "
        f"in sections as in one process; {reordered} page(s) with a list's bullets drawn in another order."
    )


def main():
    from django.conf import settings

    from reports.documents import sections

    build()
    env = {**os.environ}
    plans = {slug: sections.plan(run.export_html(slug)) for slug in (run.LARGE, LARGER[0])}
    chunks = [plan.chunks if plan else 1 for plan in plans.values()]
    processes = settings.SCRUTINY_PDF_PROCESSES
    figures = Figures("pdf sections")
    figures.line(
        f"Progress Update of {run.RECOMMENDATIONS} and of {LARGER[1]} recommendations: {chunks[0]} and "
        f"{chunks[1]} chunks of at most about {sections.CHUNK_BYTES // 1000} KB of HTML, a process each, "
        f"at most {processes} at a time ({os.cpu_count()} cores)."
    )
    figures.targets()
    runs = run.export_against_engine(figures, run.LARGE, env)
    memory_against_pages(figures, env, runs)
    figures.verdict()
    figures.line()
    if SMOKE:
        # A dozen pages: cut small, so that the smoke run prints in sections too.
        sections.CHUNK_BYTES = 8_000
    from reports.documents import ExportOptions

    numbered_from_23(figures, run.export_html(run.LARGE, ExportOptions(agenda_header=AGENDA, first_page=23)), 2)
    exported, engine = runs["pages"]
    figures.line(f"Pages: {exported} exported, against {engine} from the `weasyprint` command on the same HTML.")
    figures.write()


if __name__ == "__main__":
    main()
