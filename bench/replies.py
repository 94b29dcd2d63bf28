"""Benchmark of the reply mailbox: reading 500 replies over IMAP.

    make bench-replies   (or: .venv/bin/python bench/replies.py [--smoke])

Starts a private Dovecot (tests/imap_server.py) and, for each run, delivers
MESSAGES replies to its inbox, as officers send them (a plain and an HTML
part quoting the reminder, about 6 KB; one in ten with a 100 KB PDF of
evidence; one in ten refused), then times fetch_replies()
(actionplans/replies/mailbox.py) reading, receiving and moving them all.
receive() here is a stand-in that only answers, so the figure is the IMAP
side's own cost: signing in, listing, fetching in batches, moving each
batch (one command a folder). Point RECEIVE at actionplans.replies.receiving.receive to time the
whole path (the database is migrated for it).

Prints the wall time of a run (the median of RUNS, after one unmeasured,
with their range), the milliseconds a message, the CPU seconds of this
process and the load average; target: the 500 read in at most 6 s, a tenth
of the minute between the worker's runs (SCRUTINY_REPLY_FETCH_SECONDS).

`--smoke` reads 20 messages once. What it prints as its figures it also
writes into docs/benchmarks.md, between <!-- bench: replies --> and its end
marker (bench/common.py's Figures). Nothing here is part of the test suite.
"""

import datetime
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from common import ROOT, Figures, Spread, load_now, setup_django, sized

setup_django("replies.sqlite3")
sys.path.insert(0, str(ROOT))

from django.test.utils import override_settings  # noqa: E402

from actionplans.replies import mailbox, receiving  # noqa: E402
from tests.imap_server import PrivateDovecot  # noqa: E402

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


def answer(raw: bytes) -> receiving.Received:
    """The stand-in for receive(): refuses what asks to be, saves the rest."""
    if b"Please refuse" in raw:
        return receiving.Received("refused", "Refused.")
    return receiving.Received("saved", "Saved.")


RECEIVE = answer


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="scrutiny-dovecot-"))
    directory.chmod(0o755)  # Dovecot's own users read it (tests/imap_server.py)
    server = PrivateDovecot(directory)
    receiving.receive = RECEIVE
    messages = [reply(number) for number in range(MESSAGES)]
    size = sum(map(len, messages))
    try:
        with override_settings(
            SCRUTINY_REPLY_IMAP_HOST="127.0.0.1",
            SCRUTINY_REPLY_IMAP_PORT=server.port,
            SCRUTINY_REPLY_IMAP_SECURITY="none",
            SCRUTINY_REPLY_IMAP_USER=server.user,
            SCRUTINY_REPLY_IMAP_PASSWORD=server.password,
        ):
            spread, cpu = measure(server, messages)
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)

    figures = Figures("replies")
    figures.line(
        f"{MESSAGES} replies, {size / 2**20:.1f} MiB in all ({MESSAGES // 10} with a 100 KB PDF, "
        f"{MESSAGES // 10} refused), read from a private Dovecot on 127.0.0.1 in batches of at most "
        f"{mailbox.BATCH_MESSAGES}; receive() a stand-in."
    )
    figures.table("measure", "median", "range", "per message", "CPU s (median)", align="lrrrr")
    figures.row(
        f"fetch_replies(), {MESSAGES} messages",
        f"{spread.median:.2f} s",
        f"{spread.low:.2f} to {spread.high:.2f} s",
        f"{spread.median / MESSAGES * 1000:.1f} ms",
        f"{cpu:.2f}",
    )
    figures.targets()
    figures.target(f"reading {MESSAGES} replies", spread, MAX_SECONDS, unit="ms")
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
