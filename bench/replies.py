"""Benchmark of updates by e-mail (issue 57): the reply mailbox read
over IMAP, the whole path of 500 replies, and a reply's wait for the worker.

    make bench-replies   (or: .venv/bin/python bench/replies.py [--smoke])

Starts a private Dovecot (tests/imap_server.py), a private clamd and a
local SMTP server, and measures:

- fetch_replies() (actionplans/replies/mailbox.py) reading MESSAGES replies
  with receive() a stand-in that only answers: the IMAP side's own cost
  (signing in, listing, fetching in batches, moving each batch with one
  command a folder); target: at most 6 s, a tenth of the worker's minute;
- the whole path: a council of MESSAGES officers, each with an update in an
  open round, each answering from one of the client shapes
  (tests/reply_mail.py), one in ten with a PDF and one in ten from another
  sender; every reply received once, saved or refused, and answered;
  target: under a minute;
- a db_worker fetching every FETCH_SECONDS, and SAMPLES replies delivered
  one at a time at a random moment of its cycle, each timed until it is its
  officer's draft; target: within a minute.

Prints each figure (the median of its runs, after one unmeasured, with
their range) and the load average. `--smoke` does 20 replies, one run, a
3-second cycle. What it prints as its figures it also writes into
docs/benchmark-figures.md, between <!-- bench: replies --> and its end marker
(bench/common.py's Figures). Nothing here is part of the test suite.
"""

import datetime
import email
import os
import random
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from common import OUT, ROOT, Figures, Spread, load_now, setup_django, sized

setup_django("replies.sqlite3")
sys.path.insert(0, str(ROOT))

from django.test.utils import override_settings  # noqa: E402

from actionplans import reply_tokens  # noqa: E402
from actionplans.models import EmailedReply  # noqa: E402
from actionplans.private_clamd import PrivateClamd  # noqa: E402
from actionplans.replies import mailbox, receiving  # noqa: E402
from actionplans.replies.reading import Attachment  # noqa: E402
from tests.imap_server import PrivateDovecot  # noqa: E402
from tests.reply_mail import CLIENT_SHAPES, delivered  # noqa: E402
from tests.servers import start_worker, stop  # noqa: E402
from tests.smtp import TestSMTPServer  # noqa: E402

MESSAGES = sized(500, 20)
RUNS = sized(5, 1)
MAX_SECONDS = 6.0
SENT = datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)

REMINDER = (
    "Dear Officer,\n\nThe progress update for the following actions is due by 30 September 2026:\n\n"
    + "".join(f"  {n}. Recommendation {n}: deliver the agreed change and report on it\n" for n in range(1, 16))
    + "\nReply to this e-mail with your update above this line.\n"
)


def reply(number: int) -> bytes:
    """Reply `number` as a mail program sends it (CRLF line ends)."""
    message = EmailMessage()
    message["From"] = f"Officer {number} <officer{number}@council.example>"
    message["To"] = f"reply+{number:08x}@scrutiny.council.example"
    message["Subject"] = "Re: Progress update due: Housing Repairs review"
    message["Date"] = format_datetime(SENT + datetime.timedelta(minutes=number))
    message["Message-ID"] = f"<reply-{number}@council.example>"
    message["In-Reply-To"] = f"<reminder-{number}@scrutiny.council.example>"
    words = " ".join(["The survey went out in May and 412 tenants answered; repairs are now booked on line."] * 4)
    refused = "Please refuse: no token.\n" if number % 10 == 5 else ""
    quoted = "".join(f"> {line}\n" for line in REMINDER.splitlines())
    message.set_content(f"{refused}On track.\n\n{words}\n\nOn 1 Sep, Scrutiny wrote:\n{quoted}")
    message.add_alternative(f"<p>{refused}On track.</p><p>{words}</p><blockquote>{REMINDER}</blockquote>", "html")
    if number % 10 == 0:
        evidence = b"%PDF-1.7\n" + bytes(range(256)) * 400
        message.add_attachment(evidence, maintype="application", subtype="pdf", filename="survey.pdf")
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def answer(raw: bytes, *, size: int | None = None) -> receiving.Received:
    """The stand-in for receive(): refuses what asks to be, saves the rest."""
    if b"Please refuse" in raw:
        return receiving.Received("refused", "Refused.")
    return receiving.Received("saved", "Saved.")


RECEIVE = answer
REAL_RECEIVE = receiving.receive


# The whole path (receive() itself): a council whose every officer has an
# update in an open round answers its reminder from one client shape or
# another; the answers go to a local SMTP server, files to a private clamd.
MAX_WHOLE_SECONDS = 60.0
# With the worker running: a reply delivered at a moment chosen at random
# in the worker's fetch cycle, timed until it is the officer's draft.
SAMPLES = sized(3, 1)
FETCH_SECONDS = sized(60, 3)
MAX_LATENCY_SECONDS = 60.0
AUTHSERV = "mx.council.example"


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="scrutiny-dovecot-"))
    directory.chmod(0o755)  # Dovecot's own users read it (tests/imap_server.py)
    server, smtp = PrivateDovecot(directory), TestSMTPServer()
    clamd = PrivateClamd(directory / "clamd")
    smtp.start()
    messages = [reply(number) for number in range(MESSAGES)]
    size = sum(map(len, messages))
    services = {**mailbox_settings(server), **mail_and_scan_settings(smtp, clamd)}
    try:
        with override_settings(**services):
            receiving.receive = RECEIVE
            spread, cpu = measure(server, messages)
            receiving.receive = REAL_RECEIVE
            officers = a_council(MESSAGES)
            whole = whole_path(server, officers)
            latency = with_the_worker(server, officers, services)
    finally:
        server.stop()
        smtp.stop()
        clamd.stop()
        shutil.rmtree(directory, ignore_errors=True)
    report(spread, cpu, size, whole, latency)


def mail_and_scan_settings(smtp: TestSMTPServer, clamd: PrivateClamd) -> dict:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": smtp.port,
        "SCRUTINY_CLAMD_SOCKET": str(clamd.socket),
    }


def a_council(count: int) -> list[tuple]:
    """(update, officer) for `count` officers, each responsible for one
    action of the Housing Repairs review, whose September 2026 round is
    open: made once into the benchmark's database, and found there after."""
    from actionplans import roles
    from actionplans.models import ProgressEntry, Review, Round
    from tests.factories import (
        make_action,
        make_entry,
        make_owner,
        make_recommendation,
        make_review,
        make_round,
        make_user,
    )

    review = Review.objects.filter(title="Housing Repairs").first()
    if review is None or review.recommendations.count() != count:
        Review.objects.filter(title="Housing Repairs").update(title="Housing Repairs (an earlier size)")
        review = make_review("Housing Repairs")
        round = make_round(review, 2026, 9, status=Round.Status.OPEN)
        for number in range(1, count + 1):
            user = make_user(None, roles.OFFICER, email=f"officer{review.pk}.{number}@council.example")
            owner = make_owner(f"Officer {number}", user=user)
            action = make_action(make_recommendation(review, number=number), owners=[owner])
            make_entry(action, round, grade=None, evidence="", owners=[owner], status=ProgressEntry.Status.NOT_STARTED)
    entries = (
        ProgressEntry.objects.filter(round__review=review)
        .select_related("action")
        .order_by("action__recommendation__number")
    )
    return [(entry, entry.owners.get().user) for entry in entries]


def shaped(number: int, entry, officer) -> bytes:
    """Reply `number`, from one client shape or another: graded, its
    impact said, one in ten with a PDF, one in ten from another sender."""
    builder = list(CLIENT_SHAPES.values())[number % len(CLIENT_SHAPES)]
    words = (
        f"Reply {number}: the survey went out in May and 412 tenants answered.\n\n"
        "Impact: Repairs are now booked on line.\n\nGrade: 2"
    )
    sender = "someone.else@council.example" if number % 10 == 5 else officer.email
    to = reply_tokens.reply_address(entry_id=entry.pk, user_id=officer.pk)
    files = [Attachment("survey.pdf", "application/pdf", b"%PDF-1.7\n" + bytes(range(256)) * 400)]
    raw = builder(words, to=to, sender=sender, attachments=files if number % 10 == 0 else ())
    return delivered(raw, authserv_id=AUTHSERV, to=to)


def whole_path(server: PrivateDovecot, officers: list[tuple]) -> Spread:
    """RUNS timed runs after one unmeasured, each of a fresh reply from
    every officer: each handled once, the refused ones refused."""
    walls, loads = [], [load_now()]
    for run in range(RUNS + 1):
        replies = [shaped(number, entry, officer) for number, (entry, officer) in enumerate(officers)]
        server.empty()
        server.deliver_all(replies)
        received_before = EmailedReply.objects.count()
        started = time.perf_counter()
        summary = mailbox.fetch_replies()
        seconds = time.perf_counter() - started
        assert (summary.handled, summary.refused, summary.failed) == (MESSAGES - MESSAGES // 10, MESSAGES // 10, 0), (
            summary
        )
        assert EmailedReply.objects.count() - received_before == MESSAGES, "each reply once"
        if run:
            walls.append(seconds)
    loads.append(load_now())
    return Spread(walls, loads)


def with_the_worker(server: PrivateDovecot, officers: list[tuple], services: dict) -> Spread:
    """A db_worker reading the mailbox every FETCH_SECONDS; SAMPLES replies,
    each delivered at a random moment of its cycle, timed until saved."""
    env = {
        **os.environ,
        **{f"DJANGO_{name}" if name.startswith("EMAIL") else name: str(value) for name, value in services.items()},
        "SCRUTINY_REPLY_FETCH_SECONDS": str(FETCH_SECONDS),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    env["DJANGO_DEBUG"] = "1"  # its mailbox is read without TLS, on 127.0.0.1 (actionplans/checks.py)
    server.empty()
    latencies, loads = [], [load_now()]
    with open(OUT / "replies-worker.log", "w") as log:
        worker = start_worker(env, log, worker_id="bench-replies")
        try:
            time.sleep(2)  # its first fetch, at once
            for sample in range(SAMPLES):
                time.sleep(random.uniform(0, FETCH_SECONDS))
                entry, officer = officers[sample * 10 + 1]
                raw = shaped(sample * 10 + 1, entry, officer)
                wanted = email.message_from_bytes(raw)["Message-ID"]
                delivered_at = time.perf_counter()
                server.deliver(raw)
                while not EmailedReply.objects.filter(message_id=wanted, outcome="saved").exists():
                    assert time.perf_counter() - delivered_at < 3 * FETCH_SECONDS, "the worker did not fetch it"
                    time.sleep(0.1)
                latencies.append(time.perf_counter() - delivered_at)
        finally:
            stop(worker)
    loads.append(load_now())
    return Spread(latencies, loads)


def mailbox_settings(server: PrivateDovecot) -> dict:
    return {
        "SCRUTINY_REPLY_IMAP_HOST": "127.0.0.1",
        "SCRUTINY_REPLY_IMAP_PORT": server.port,
        "SCRUTINY_REPLY_IMAP_SECURITY": "none",
        "SCRUTINY_REPLY_IMAP_USER": server.user,
        "SCRUTINY_REPLY_IMAP_PASSWORD": server.password,
        "SCRUTINY_REPLY_ADDRESS": "updates@scrutiny.council.example",
        "SCRUTINY_REPLY_AUTHSERV_ID": AUTHSERV,
    }


def report(spread: Spread, cpu: float, size: int, whole: Spread, latency: Spread) -> None:
    figures = Figures("replies")
    figures.line(
        f"{MESSAGES} replies, {size / 2**20:.1f} MiB in all ({MESSAGES // 10} with a 100 KB PDF, "
        f"{MESSAGES // 10} refused), read from a private Dovecot on 127.0.0.1 in batches of at most "
        f"{mailbox.BATCH_MESSAGES}: first with receive() a stand-in (the mailbox's own cost), then the whole "
        f"path, each reply of one of the {len(CLIENT_SHAPES)} client shapes saved as its officer's draft "
        f"(one in ten from another sender, refused), files scanned by a private clamd, answers sent to a "
        f"local SMTP server. Then a db_worker fetching every {FETCH_SECONDS:.0f} s, and one reply at a time "
        "delivered at a random moment of its cycle."
    )
    figures.table("measure", "median", "range", "per message", "CPU s (median)", align="lrrrr")
    figures.row(
        f"fetch_replies(), {MESSAGES} messages, receive() a stand-in",
        f"{spread.median:.2f} s",
        f"{spread.low:.2f} to {spread.high:.2f} s",
        f"{spread.median / MESSAGES * 1000:.1f} ms",
        f"{cpu:.2f}",
    )
    figures.row(
        f"fetch_replies(), {MESSAGES} messages, the whole path",
        f"{whole.median:.2f} s",
        f"{whole.low:.2f} to {whole.high:.2f} s",
        f"{whole.median / MESSAGES * 1000:.1f} ms",
        "",
    )
    figures.targets()
    figures.target(f"reading {MESSAGES} replies (the mailbox alone)", spread, MAX_SECONDS, unit="ms")
    figures.target(f"handling {MESSAGES} replies, once each", whole, MAX_WHOLE_SECONDS, unit="ms")
    figures.target(
        "a reply in the mailbox to the officer's draft, worker running", latency, MAX_LATENCY_SECONDS, unit="ms"
    )
    figures.verdict()
    figures.write()


def measure(server: PrivateDovecot, messages: list[bytes]) -> tuple[Spread, float]:
    """RUNS timed runs after one unmeasured, each on a freshly filled inbox:
    the wall seconds with the load around them, and the median CPU seconds."""
    walls, cpus, loads = [], [], []
    for run in range(RUNS + 1):
        server.empty()
        server.deliver_all(messages)
        loads.append(load_now())
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = mailbox.fetch_replies()
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        expected = (MESSAGES - MESSAGES // 10, MESSAGES // 10, 0)
        assert (summary.handled, summary.refused, summary.failed) == expected, summary
        assert not server.messages("INBOX")
        if run:  # the first warms up
            walls.append(seconds)
            cpus.append(cpu)
    loads.append(load_now())
    return Spread(walls, loads), sorted(cpus)[len(cpus) // 2]


if __name__ == "__main__":
    main()
