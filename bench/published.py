"""Benchmark of the published record: downloading a published round's stored
100-page PDF against rendering it afresh.

    make bench-published   (or: .venv/bin/python bench/published.py)

Builds, once, bench/run.py's synthetic review in a database of its own
(bench/out/published.sqlite3, or the DATABASE_URL given), with enough
recommendations for its document to run to about 100 PDF pages, and no
background reviews. Renders its latest round into the published record once,
as the task worker does (timed: that is what every download cost before),
then downloads the stored file through Django's test
client, signed in, the same view a committee member's browser reaches, 20
times. Targets: the stored download at most 1% of the render, and under 50 ms.
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'published.sqlite3'}")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402 (sets Django up on the database above)
from common import machine  # noqa: E402

# bench/run.py's review at 16 recommendations prints about 43 pages here; at
# 38, about 100. Only the one review: no background reviews are needed.
run.LARGE = "benchmark-published"
run.RECOMMENDATIONS = 38
run.TOTAL_ENTRIES = 1

DOWNLOADS = 20


def main():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from pypdf import PdfReader

    from actionplans.models import PublishedDocument, Review
    from reports.tasks import render_published_document

    setup_test_environment()  # the test client's host name is allowed
    run.build()
    review = Review.objects.get(slug=run.LARGE)
    round = review.rounds.order_by("period").last()
    # A fresh version each run, so the render is timed every time.
    version = (round.published_documents.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    record = PublishedDocument.objects.create(
        round=round, version=version, format="pdf", options={"agenda_header": "Agenda Item 8: Appendix 1"}
    )
    started = time.perf_counter()
    render_published_document.call(record.pk)
    render_seconds = time.perf_counter() - started
    record.refresh_from_db()
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

    median = statistics.median(timings)
    print(f"Stored PDF: {pages} pages, {len(stored) / 1024:.0f} KiB, SHA-256 {record.sha256[:16]}…")
    print(f"{'render (gather, PDF, store)':<34} {render_seconds * 1000:>10.1f} ms")
    print(f"{f'stored download (median of {DOWNLOADS})':<34} {median * 1000:>10.1f} ms")
    print(f"{'stored download (slowest)':<34} {max(timings) * 1000:>10.1f} ms")
    print(f"{'stored download (first, cold)':<34} {cold * 1000:>10.1f} ms")
    share = median / render_seconds
    print(
        f"Stored download / render: {share:.2%} (target: at most 1%); "
        f"{median * 1000:.1f} ms (target: under 50 ms): {'met' if share <= 0.01 and median < 0.05 else 'NOT met'}"
    )
    print(machine())


if __name__ == "__main__":
    main()
