"""Benchmark of the published record: downloading a published round's stored
100-page PDF against rendering it afresh.

    make bench-published   (or: .venv/bin/python bench/published.py)

Builds, once, bench/run.py's synthetic review in a database of its own
(bench/out/published.sqlite3, or the DATABASE_URL given), with enough
recommendations for its document to run to about 100 PDF pages, and no
background reviews. Renders its latest round into the published record once,
as the task worker does (timed: that is what every download cost before),
the committee's PDF and its public copy together (one rendering, the bytes
stored twice), then downloads the stored file through Django's test
client, signed in, the same view a committee member's browser reaches, 20
times, and the public copy from the public pages as anyone does, 20 times.
Targets: each stored download at most 1% of the render, and under 50 ms.
Then it renders the review's whole PDF export and that of a review twice its
size (32 recommendations, about 200 pages), each in a child process, and
prints both times, their peak memory and the ratio of the faster of two runs
each (target: at most 2.1).

What it prints as its figures it also writes into docs/benchmark-figures.md, in its
section for the database (<!-- bench: published on SQLite -->), with the date and
the machine: bench/common.py's Figures.
"""

import hashlib
import io
import os
import statistics
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
# Stored beside the benchmark's database; rendering run in this process.
os.environ.setdefault("PUBLISHED_ROOT", str(OUT / "published"))
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Figures, database_label, sized, sqlite_url  # noqa: E402

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = sqlite_url("published.sqlite3")

import run  # noqa: E402 (sets Django up on the database above)

# bench/run.py's review at 16 recommendations prints about 100 pages. Only
# the one review: no background reviews are needed.
run.LARGE = "benchmark-published"
run.RECOMMENDATIONS = sized(16, 1)
run.TOTAL_ENTRIES = 1

DOWNLOADS = sized(20, 3)

# The same review at twice the size, about 200 pages: its whole PDF export
# (gather, HTML, PDF) should take at most 2.1 times the 100-page one's.
LARGER = "benchmark-published-200"
LARGER_RECOMMENDATIONS = sized(32, 2)


def pages_scaling(figures: Figures):
    """Renders the 100-page and the 200-page document, each in a child
    process of its own (bench/common.py's in_child), and prints each one's time
    and peak memory and the ratio."""
    from actionplans.models import Review
    from reports.documents import ExportOptions
    from reports.documents.pdf import StaticFilesOnly, html_to_pdf
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.html import render_print_html

    options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1")
    exports = {}
    for slug in (run.LARGE, LARGER):
        review = Review.objects.select_related("committee").get(slug=slug)
        rounds = list(review.rounds.order_by("period"))

        def whole_pdf_export(review=review, rounds=rounds):
            from pypdf import PdfReader

            document = build_progress_update(review, rounds=rounds)
            data = html_to_pdf(render_print_html(document, options), StaticFilesOnly())
            return f"{len(PdfReader(io.BytesIO(data)).pages)} pages, {len(document.actions)} actions"

        exports[slug] = whole_pdf_export
    # Each run twice, interleaved, the faster of each counted (as bench/run.py
    # does), so that a noisy neighbour on a 2-core machine skews neither.
    results = {}
    figures.table("whole PDF export", "seconds", "peak MiB", "added MiB", "result", align="lrrrl")
    for attempt in sized((1, 2), (1,)):
        for slug, export in exports.items():
            seconds, peak, added, summary = run.in_child(export)
            results[slug] = min(results.get(slug, seconds), seconds)
            figures.row(f"run {attempt}", f"{seconds:.2f}", f"{peak:.0f}", f"{added:.0f}", summary)
    ratio = results[LARGER] / results[run.LARGE]
    figures.line()
    figures.line(
        f"200 pages / 100 pages: **{ratio:.2f}x** (target: at most 2.1x): {'met' if ratio <= 2.1 else 'NOT met'}."
    )


def main():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from pypdf import PdfReader

    from actionplans.models import Review

    setup_test_environment()  # the test client's host name is allowed
    run.build()
    smaller = run.LARGE, run.RECOMMENDATIONS
    run.LARGE, run.RECOMMENDATIONS = LARGER, LARGER_RECOMMENDATIONS
    run.build()
    run.LARGE, run.RECOMMENDATIONS = smaller
    review = Review.objects.get(slug=run.LARGE)
    round = review.rounds.order_by("period").last()
    record, render_seconds = render_into_the_record(round)
    version = record.version
    with record.open() as file:
        stored = file.read()
    pages = len(PdfReader(io.BytesIO(stored)).pages)

    reader, _ = get_user_model().objects.get_or_create(username="bench-reader", defaults={"is_superuser": True})
    client = Client()
    client.force_login(reader)
    url = reverse("published_document", args=[round.pk, version, "pdf"])
    # The first request also imports the views and reads the session: shown
    # apart, as a cold start.
    started = time.perf_counter()
    b"".join(client.get(url).streaming_content)
    cold = time.perf_counter() - started
    timings = []
    for _ in range(DOWNLOADS):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and body == stored, "the download must be the stored bytes"
    assert hashlib.sha256(body).hexdigest() == record.sha256
    public_timings = public_downloads(review, round, stored)

    median = statistics.median(timings)
    figures = Figures(f"published on {database_label(connection.vendor)}")
    figures.line(f"Stored PDF: {pages} pages, {len(stored) / 1024:.0f} KiB, SHA-256 {record.sha256[:16]}….")
    figures.table("", "ms", align="lr")
    figures.row("render (gather, PDF, store)", f"{render_seconds * 1000:,.1f}")
    figures.row(f"stored download, median of {DOWNLOADS}", f"{median * 1000:.1f}")
    figures.row("stored download, slowest", f"{max(timings) * 1000:.1f}")
    figures.row("stored download, first (cold)", f"{cold * 1000:.1f}")
    public_median = statistics.median(public_timings)
    figures.row(f"public copy download, median of {DOWNLOADS}", f"{public_median * 1000:.1f}")
    figures.line()
    for name, taken in (("Stored download", median), ("Public copy download", public_median)):
        share = taken / render_seconds
        met = "met" if share <= 0.01 and taken < 0.05 else "NOT met"
        figures.line(
            f"{name} / render: **{share:.2%}** (target: at most 1%); "
            f"{taken * 1000:.1f} ms (target: under 50 ms): {met}."
        )
    pages_scaling(figures)
    figures.write()


def render_into_the_record(round):
    """A fresh version of the round's PDF each run, so the render is timed
    every time: the committee's file and its public copy, as a publication
    makes them (rendered once, stored twice). The record, and the seconds."""
    from actionplans.models import PublishedDocument
    from reports.tasks import render_published_document

    options = {"agenda_header": "Agenda Item 8: Appendix 1"}
    kept = round.published_documents
    version = (kept.committee().order_by("-version").values_list("version", flat=True).first() or 0) + 1
    record = PublishedDocument.objects.create(round=round, version=version, format="pdf", options=options)
    copies = (kept.public_copies().order_by("-version").values_list("version", flat=True).first() or 0) + 1
    copy = PublishedDocument.objects.create(
        round=round, version=copies, format="pdf", options=options, public=True, copy_of=record
    )
    started = time.perf_counter()
    render_published_document.call(record.pk)
    seconds = time.perf_counter() - started
    record.refresh_from_db()
    copy.refresh_from_db()
    assert copy.sha256 == record.sha256, "the public copy is the committee's file, stored beside it"
    return record, seconds


def public_downloads(review, round, stored: bytes) -> list[float]:
    """The public copy from the public pages, as anyone downloads it,
    DOWNLOADS times (after one cold request): each time's seconds."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.SCRUTINY_PUBLIC_PAGES = True
    client = Client()
    url = reverse("public_round_file", args=[review.slug, round.period_code, "pdf"])
    b"".join(client.get(url).streaming_content)
    timings = []
    for _ in range(DOWNLOADS):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and body == stored, "the public download must be the stored bytes"
    return timings


if __name__ == "__main__":
    main()
