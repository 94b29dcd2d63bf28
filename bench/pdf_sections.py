"""Benchmark of a long PDF printed in sections, a process per core.

    make bench-pdf-sections   (or: .venv/bin/python bench/pdf_sections.py)

Builds, once, bench/run.py's synthetic review in a database of its own
(bench/out/pdf-sections.sqlite3, or the DATABASE_URL given), at 16
recommendations: a Progress Update of about 100 pages. Gathers its latest
round and writes its HTML once; then, from that same HTML, times WeasyPrint
alone (its default fetcher, the stylesheet read from disk, PDF/UA-1) against
the product's sectioned printing (reports/documents/sections.py: the chunks
shared among SCRUTINY_PDF_PROCESSES forked processes, laid out, printed and
joined), each in a child process of its own, twice, interleaved, the faster
of each counted. Target: sections at most 0.7 times WeasyPrint alone, and
no process over 300 MiB at its peak.

Then it reads both files back, page for page, and says whether their text
is the same; and prints the document again with the clerk's page numbers
(from 23), in sections and in one process, and says whether the pages'
text and labels are the same.

What it prints as its figures it also writes into docs/benchmarks.md, in its
section (<!-- bench: pdf sections -->), with the date and the machine:
bench/common.py's Figures. The database only feeds the gathering, which is
not timed: there is no PostgreSQL run.
"""

import io
import json
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, ROOT, SMOKE, Figures, in_child, sized, sqlite_url

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = sqlite_url("pdf-sections.sqlite3")

import run

run.LARGE = "benchmark-pdf-sections"
run.RECOMMENDATIONS = sized(16, 2)
run.TOTAL_ENTRIES = 1

RUNS = sized((1, 2), (1,))
AGENDA = "Agenda Item 8: Appendix 1"


def main():
    from django.conf import settings
    from pypdf import PdfReader

    from actionplans.models import Review
    from actionplans.text import breakable
    from reports.documents import ExportOptions, map_strings, sections
    from reports.documents.pdf import BASE_URL, print_pdf, section_engine
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.html import render_print_html

    if SMOKE:
        # A dozen pages: cut small, so that the smoke run prints in sections too.
        sections.CHUNK_BYTES = 8_000
    # Built in a child of its own, so that what the build held is not in
    # every process forked from this one.
    in_child(lambda: run.build() or "built")
    review = Review.objects.select_related("committee").get(slug=run.LARGE)
    rounds = list(review.rounds.order_by("period"))
    document = build_progress_update(review, rounds=rounds)

    def html_of(options):
        return render_print_html(map_strings(document, breakable), options)

    plan = sections.plan(html_of(ExportOptions(agenda_header=AGENDA)))
    assert plan is not None, "the document is too short to print in sections"
    html = plan.html()
    processes = min(settings.SCRUTINY_PDF_PROCESSES, plan.chunks)
    whole_file, sections_file = OUT / "pdf-sections-whole.pdf", OUT / "pdf-sections.pdf"

    def weasyprint_alone():
        # As bench/run.py's: the same HTML, the stylesheet read from disk.
        from weasyprint import CSS, HTML

        css = CSS(filename=str(ROOT / "reports" / "static" / "reports" / "document.css"))
        plain = html.replace('<link rel="stylesheet" href="/static/reports/document.css">', "")
        data = HTML(string=plain, base_url=BASE_URL).write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1")
        whole_file.write_bytes(data)
        return f"{len(PdfReader(io.BytesIO(data)).pages)} pages"

    def in_sections():
        peaks = []
        data = sections.render(plan, processes, engine=section_engine, peaks=peaks)
        sections_file.write_bytes(data)
        # Its own peak: in_child's is the largest of its processes.
        return json.dumps({"parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "parts": peaks})

    figures = Figures("pdf sections")
    figures.line(
        f"Progress Update: {len(document.actions)} actions, {len(plan.units)} recommendations, "
        f"{plan.chunks} chunks of about {sections.CHUNK_BYTES // 1000} KB of HTML, "
        f"printed by {processes} processes ({os.cpu_count()} cores)."
    )
    figures.table("from the same HTML", "seconds", "peak MiB", "started at MiB", "pages", align="lrrrr")
    best, largest, alone_peak = {}, 0.0, 0.0
    for attempt in RUNS:
        seconds, peak, added, summary = in_child(weasyprint_alone)
        best["alone"] = min(best.get("alone", seconds), seconds)
        alone_peak = max(alone_peak, peak)
        figures.row(
            f"WeasyPrint alone (run {attempt})", f"{seconds:.2f}", f"{peak:.0f}", f"{peak - added:.0f}", summary
        )
        seconds, peak, added, summary = in_child(in_sections)
        best["sections"] = min(best.get("sections", seconds), seconds)
        printed = json.loads(summary)
        parent, parts = printed["parent"], printed["parts"]
        largest = max(largest, parent, *(part_peak for part_peak, _, _ in parts))
        pages = sum(count for _, _, count in parts)
        figures.row(
            f"in sections (run {attempt}): the parent", f"{seconds:.2f}", f"{parent:.0f}", f"{peak - added:.0f}", pages
        )
        for number, (part_peak, start, count) in enumerate(parts, start=1):
            figures.row(f"&nbsp;&nbsp;section {number} of {len(parts)}", "", f"{part_peak:.0f}", f"{start:.0f}", count)
    ratio = best["sections"] / best["alone"]
    figures.line()
    figures.line(
        f"In sections / WeasyPrint alone, faster of each: **{ratio:.2f}x** (target: at most 0.7x): "
        f"{'met' if ratio <= 0.7 else 'NOT met'}."
    )
    figures.line(
        f"Largest process printing in sections, at its peak: **{largest:.0f} MiB** (target: under 300 MiB): "
        f"{'met' if largest < 300 else 'NOT met'}; WeasyPrint alone's: {alone_peak:.0f} MiB."
    )

    whole, joined = PdfReader(whole_file), PdfReader(sections_file)
    same_text = [page.extract_text() for page in whole.pages] == [page.extract_text() for page in joined.pages]
    figures.line(
        f"Text, page for page, against WeasyPrint alone: {'the same' if same_text else 'DIFFERENT'} "
        f"({len(joined.pages)} pages against {len(whole.pages)})."
    )

    # The clerk's page numbers: the product's own path both ways.
    continued = ExportOptions(agenda_header=AGENDA, first_page=23)
    continued_html = html_of(continued)
    read = {}
    for label, count in (("one process", 1), ("in sections", processes)):
        settings.SCRUTINY_PDF_PROCESSES = count
        read[label] = PdfReader(io.BytesIO(print_pdf(continued_html, first_page=23)))
    one, parts = read["one process"], read["in sections"]
    same = [p.extract_text() for p in one.pages] == [p.extract_text() for p in parts.pages]
    labels = one.page_labels == parts.page_labels
    figures.line(
        f"Numbered from page 23: text {'the same' if same else 'DIFFERENT'} and page labels "
        f"{'the same' if labels else 'DIFFERENT'} ({parts.page_labels[0]} to {parts.page_labels[-1]}) "
        "in sections as in one process."
    )

    # What the chunks' page breaks cost: the same document printed as before them.
    def without_breaks():
        from reports.documents.pdf import html_to_pdf

        return str(len(PdfReader(io.BytesIO(html_to_pdf(html.replace(sections.NEW_PAGE, "")))).pages))

    before = int(in_child(without_breaks)[3])
    figures.line(
        f"Pages: {len(joined.pages)}, against {before} printed without the chunks' page breaks "
        f"({plan.chunks - 1} page break{'s' if plan.chunks > 2 else ''} added, {len(joined.pages) - before} "
        f"page{'s' if len(joined.pages) - before != 1 else ''} more)."
    )
    figures.write()


if __name__ == "__main__":
    main()
