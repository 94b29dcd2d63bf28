"""What the benchmarks share: their own database under bench/out/ (unless a
DATABASE_URL is given), Django set up and migrated, the machine line, a stage
run in a child process of its own (its peak memory its own), the run again on
PostgreSQL, and their figures written into docs/benchmark-figures.md (Figures).

Every benchmark takes --smoke: the same code at a size that finishes in
seconds, on a fresh copy of a migrated database (bench/out/smoke-*.sqlite3,
and on PostgreSQL databases named after SCRUTINY_CI_DATABASE, so that
several clones on one server do not collide), its figures printed and never
written into docs/benchmark-figures.md. CI runs them all so (`make bench-smoke`):
a benchmark that no longer runs fails CI, whatever its figures."""

import datetime
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PAGE = ROOT / "docs" / "benchmarks.md"
# Each benchmark's figures, its own section a benchmark (Figures.write):
# the table of targets at the top of PAGE is made from them (bench/targets.py).
FIGURES_PAGE = ROOT / "docs" / "benchmark-figures.md"
# Each benchmark's targets, as it last printed them at smoke size
# (bench/targets.py --smoke).
TARGETS = OUT / "targets"
# Read before the scripts' own arguments are: every script takes it.
SMOKE = "--smoke" in sys.argv[1:]


def migrations_digest() -> str:
    """A short digest of every migration file: the smoke runs' migrated
    templates are named by it, so that none outlives a change of the
    migrations (the lead renumbers them at merges)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def sized(full, smoke):
    """The figure a run uses: `full`, or `smoke` under --smoke."""
    return smoke if SMOKE else full


def sqlite_url(database_file: str) -> str:
    """The benchmark's own SQLite database under bench/out/. At smoke size, a
    fresh copy of a migrated one (migrating takes longer than the rest of
    most smoke runs), so that the set-up is run, at its small size, every time."""
    OUT.mkdir(parents=True, exist_ok=True)
    if not SMOKE:
        return f"sqlite:///{OUT / database_file}"
    path = OUT / f"smoke-{database_file}"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    template = OUT / f"smoke-template-{migrations_digest()}.sqlite3"
    if not template.exists():
        for old in OUT.glob("smoke-template-*.sqlite3"):
            old.unlink()
        migrated = OUT / f"smoke-migrating-{os.getpid()}.sqlite3"
        migrated.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{migrated}"},
            check=True,
        )
        import sqlite3

        # Everything in the one file, so that a copy of it is the whole database.
        db = sqlite3.connect(migrated)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        migrated.rename(template)
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def smoke_postgres_url(url: str) -> str:
    """At smoke size, a PostgreSQL database named after SCRUTINY_CI_DATABASE
    and the benchmark (scrutiny_smoke_bench_api), created afresh from a
    migrated template; otherwise `url` as it is."""
    if not SMOKE:
        return url
    import psycopg

    prefix = os.environ.get("SCRUTINY_CI_DATABASE") or "scrutiny"
    base, name = url.rsplit("/", 1)
    name = f"{prefix}_smoke_{name.removeprefix('scrutiny_')}"[:63]
    templates = f"{prefix}_smoke_template_"[:50]
    template = templates + migrations_digest()
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
            for (old,) in db.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [templates]
            ).fetchall():
                db.execute(f'DROP DATABASE "{old}" WITH (FORCE)')
            # Migrated under another name, so that a failed migrate leaves no template.
            migrating = f"{prefix}_smoke_migrating"[:63]
            db.execute(f'DROP DATABASE IF EXISTS "{migrating}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{migrating}"')
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": f"{base}/{migrating}"},
                check=True,
            )
            db.execute(f'ALTER DATABASE "{migrating}" RENAME TO "{template}"')
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{base}/{name}"


def setup_django(database_file: str, *, serving: bool = False) -> None:
    """Django set up as the app's commands set up, or, `serving`, as its
    servers do (scrutiny/wsgi.py: the views and templates loaded and frozen
    before the first request), for a benchmark of pages."""
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = sqlite_url(database_file)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # not a line a request between the figures
    from django.core.management import call_command

    from scrutiny import startup

    startup.set_up(serving=serving)
    call_command("migrate", verbosity=0)


def machine() -> str:
    system = os.uname()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"Machine: {os.cpu_count()} cores, {memory:.0f} GiB, Python {sys.version.split()[0]}, "
        f"{system.sysname} {system.release}"
    )


def database_label(vendor: str) -> str:
    """'SQLite' or 'PostgreSQL', as the figures' sections name them."""
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


# The columns of a benchmark's table of targets (Figures.targets()), by
# which bench/targets.py finds the table in the benchmark's section.
TARGET_HEADINGS = ("measure", "figure (median)", "range", "runs", "target", "met", "load average")


class Figures:
    """A benchmark's figures: each line printed as it comes and kept, then
    written, with the date, the command and the machine, into the
    benchmark's own section of docs/benchmark-figures.md, between the markers
    <!-- bench: NAME --> and <!-- /bench: NAME -->. So the page holds what
    the script last printed, never figures pasted by hand; the prose around
    the markers (what is measured, and against what) is left as it is. Its
    targets' rows then go into the table at the top (bench/targets.py).

        figures = Figures("dashboards on SQLite")
        figures.table("page", "best s", align="lr")
        figures.row("committee dashboard", f"{best:.2f}")
        figures.line("Dashboard at 5,000 actions: 3.5x its time at 500")
        figures.write()
    """

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.judged: list[bool] = []
        self.target_rows: list[str] = []

    def line(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)

    def table(self, *headings: str, align: str = "") -> None:
        """A Markdown table's heading row. `align` has an l (text) or an r (a
        number, right-aligned) for each column; columns it leaves out are l."""
        if self.lines and self.lines[-1]:
            self.line()
        align = align.ljust(len(headings), "l")
        self.row(*headings)
        self.row(*("---:" if a == "r" else "---" for a in align))

    def row(self, *cells) -> None:
        self.line("| " + " | ".join(str(cell) for cell in cells) + " |")

    def targets(self) -> None:
        """The heading of a table of targets (target() its rows)."""
        self.table(*TARGET_HEADINGS, align="lrrrlll")

    def target(self, measure: str, spread: "Spread", target: float, *, unit: str = "x", at_least=False) -> bool:
        """One row of the targets: the median of `spread` (pairs' ratios,
        or runs' seconds or MiB) against `target` (at most, unless
        `at_least`), whether it is met, the range and the load average while
        it was measured. Returns whether it is met; never met at smoke size,
        where the figures are not judged."""
        met = spread.median >= target if at_least else spread.median <= target
        self.row(
            measure,
            spread.shown(spread.median, unit),
            f"{spread.shown(spread.low, unit)} to {spread.shown(spread.high, unit)}",
            len(spread.values),
            ("at least " if at_least else "at most ") + spread.shown(target, unit),
            "smoke size: not judged" if SMOKE else ("met" if met else "**not met**"),
            spread.load,
        )
        self.judged.append(met)
        self.target_rows.append(self.lines[-1])
        return met

    def verdict(self) -> None:
        """How many of the targets above were met, under the table."""
        if self.judged and not SMOKE:
            self.line()
            self.line(f"Targets met: {sum(self.judged)} of {len(self.judged)}.")

    def keep_targets(self) -> None:
        """At smoke size, the rows of the targets table under
        bench/out/targets/smoke-NAME.md, with the benchmark's name above
        them, for `bench/targets.py --smoke` to print together. (Full-size
        figures are read back from the page itself.)"""
        if not self.target_rows or not SMOKE:
            return
        TARGETS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        (TARGETS / f"smoke-{name}.md").write_text(f"{self.name}\n" + "\n".join(self.target_rows) + "\n")

    def write(self) -> None:
        """Replaces what is between the section's markers on FIGURES_PAGE
        with the figures kept, under a line saying when, by which command
        and on what, then the table of targets at the top of PAGE
        (bench/targets.py); at
        smoke size, leaves the page as it is and keeps the targets' rows
        for `bench/targets.py --smoke`."""
        self.keep_targets()
        if SMOKE:
            print(f"\nSmoke size: {FIGURES_PAGE.relative_to(ROOT)} is left as it was.")
            return
        command = shlex.join(["bench/" + Path(sys.argv[0]).name, *sys.argv[1:]])
        when = datetime.date.today()
        about = (
            f"Figures of {when.day} {when:%B %Y}, printed by `{command}`. "
            f"{machine()}; load average {os.getloadavg()[0]:.1f} at the end."
        )
        body = "\n".join([about, "", "\n".join(self.lines).strip("\n")])
        where = FIGURES_PAGE.relative_to(ROOT)
        if not write_section(self.name, body, FIGURES_PAGE):
            start, end = markers(self.name)
            print(f"\n{where} has no section {start} ... {end}: the figures above are not written.")
            return
        print(f"\nWritten into {where}, section '{self.name}': {about}")
        # The table of targets at the top of the page, from every section's
        # figures as they now stand (this one's new ones among them): run
        # as its own script, which reads this module (no import back).
        subprocess.run([sys.executable, str(Path(__file__).with_name("targets.py")), "--quiet"], check=True)


def markers(name: str) -> tuple[str, str]:
    """The lines a section of docs/benchmark-figures.md starts and ends with."""
    return f"<!-- bench: {name} -->", f"<!-- /bench: {name} -->"


def sections(page: str) -> dict[str, str]:
    """Each section of the page, by name: what is between its markers."""
    found = re.finditer(r"^<!-- bench: (.+?) -->\n(.*?)^<!-- /bench: \1 -->$", page, flags=re.S | re.M)
    return {each[1]: each[2].rstrip("\n") for each in found}


def write_section(name: str, body: str, page: Path) -> bool:
    """Replaces what is between the section's markers on `page` with
    `body`, the markers and everything else as they were. False, the page
    left as it was, if it has no such section."""
    start, end = markers(name)
    text = page.read_text()
    found = re.search(f"^{re.escape(start)}\n.*?^{re.escape(end)}$", text, flags=re.S | re.M)
    if not found:
        return False
    page.write_text(text[: found.start()] + "\n".join([start, body.strip("\n"), end]) + text[found.end() :])
    return True


def in_child(stage):
    """Runs stage() in a forked child; returns (seconds, peak RSS MiB of the
    largest of its processes, MiB the stage added, its result summary)."""
    from django.db import connections

    # Closed here, not in the child: closing a PostgreSQL connection the
    # parent shares would end the parent's too. Both reconnect when next asked.
    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        for each in connections.all():  # connecting is not the stage's time
            each.ensure_connection()
        start_rss = _rss_mib()
        started = time.perf_counter()
        summary = stage()
        seconds = time.perf_counter() - started
        # The largest of the stage's processes: its own, or one it forked and
        # waited for (a long PDF's sections, reports/documents/sections.py).
        peak = (
            max(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
            )
            / 1024
        )
        os.write(write, f"{seconds}|{peak}|{peak - start_rss}|{summary}".encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.waitpid(pid, 0)
    seconds, peak, added, summary = data.decode().split("|", 3)
    return float(seconds), float(peak), float(added), summary


def _rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def on_postgres(url: str, script: str) -> None:
    """Runs `script` again, with the same arguments, in a child process, on
    the PostgreSQL database at `url` (created if missing; at smoke size, a
    fresh one of its own; skipped with a note if no server answers)."""
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        url = smoke_postgres_url(url)
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"\nPostgreSQL skipped: no server answers at {server} ({error})")
        return
    print()
    sys.stdout.flush()
    subprocess.run([sys.executable, script, *sys.argv[1:]], env={**os.environ, "DATABASE_URL": url}, check=True)


@dataclass
class Spread:
    """A figure measured several times: each value (a pair's ratio, a run's
    seconds or MiB), and the load average (one minute) before and after, so
    that a figure is read with the machine it was measured on. Its figure
    is the median, never the best."""

    values: list[float]
    loads: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def load(self) -> str:
        low, high = min(self.loads, default=0), max(self.loads, default=0)
        return f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f} to {high:.1f}"

    @staticmethod
    def shown(value: float, unit: str) -> str:
        if unit == "x":
            return f"{value:.2f}x"
        if unit == "ms":  # values in seconds
            return f"{value * 1000:.0f} ms"
        if unit == "s":
            return f"{value:.1f} s"
        return f"{value:,.0f} {unit}"


def clone_of_head(folder: Path) -> tuple[Path, dict]:
    """A clone of the project's committed HEAD in `folder`, and the
    environment to run it in: this one's, without its DATABASE_URL and
    virtualenv, so that the clone makes its own SQLite databases and .venv
    (CI chooses its own PostgreSQL database, .ci/run)."""
    clone = folder / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "VIRTUAL_ENV")}
    return clone, env


def load_now() -> float:
    return os.getloadavg()[0]


def runs_of(measure: Callable[[], float], runs: int) -> Spread:
    """`measure()` (its own figure: seconds, MiB) `runs` times, after one
    warm-up: the values and the load around them."""
    measure()
    loads = [load_now()]
    values = [measure() for _ in range(runs)]
    return Spread(values, [*loads, load_now()])


def pairs_of(a: Callable[[], float], b: Callable[[], float], pairs: int) -> Spread:
    """The ratio a / b as interleaved pairs A, B, A, B... (after one warm-up
    of each): each pair's ratio of a run of `a` to the run of `b` right after
    it, so that what the machine is doing falls on both alike. Each callable
    returns its own figure (seconds of wall or CPU time, MiB)."""
    a(), b()
    loads = [load_now()]
    values = []
    for _ in range(pairs):
        first = a()
        values.append(first / b())
        loads.append(load_now())
    return Spread(values, loads)


def timed_pairs(a: Callable[[], object], b: Callable[[], object], pairs: int) -> dict[str, Spread]:
    """The ratio of `a`'s time to `b`'s, in this process, as interleaved
    pairs (pairs_of()), read on both clocks at once: {"wall": Spread,
    "cpu": Spread} (CPU: user and system time of this process, which on
    SQLite includes the database's work)."""
    a(), b()
    loads, walls, cpus = [load_now()], [], []
    for _ in range(pairs):
        first_wall, first_cpu = _clocks(a)
        second_wall, second_cpu = _clocks(b)
        walls.append(first_wall / second_wall)
        cpus.append(first_cpu / second_cpu)
        loads.append(load_now())
    return {"wall": Spread(walls, loads), "cpu": Spread(cpus, loads)}


def _clocks(function: Callable[[], object]) -> tuple[float, float]:
    started, started_cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - started_cpu


def wall(function: Callable[[], object]) -> Callable[[], float]:
    """A measure of `function`: the wall seconds of a call."""

    def seconds() -> float:
        started = time.perf_counter()
        function()
        return time.perf_counter() - started

    return seconds


def cpu(function: Callable[[], object]) -> Callable[[], float]:
    """A measure of `function`: the CPU seconds (user and system) of a call
    in this process."""

    def seconds() -> float:
        started = time.process_time()
        function()
        return time.process_time() - started

    return seconds


@dataclass
class Process:
    """A command run as a whole process, start to exit: its wall seconds,
    CPU seconds (user and system, its children's included) and the peak
    resident memory of it or the largest child it waited for (MiB)."""

    wall: float
    cpu: float
    peak_mib: float


def run_process(command: list[str], *, env: dict | None = None, cwd=ROOT) -> Process:
    """Runs `command` to its end (its output discarded; a failure raised
    with what it wrote to stderr, kept in a file: a pipe read only after
    wait4 would block a child writing more than the pipe holds)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            raise subprocess.CalledProcessError(child.returncode, command, stderr=errors.read())
    # ru_maxrss of wait4 is the largest of the process and its waited-for children.
    return Process(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
