"""What the benchmarks share: their own database under bench/out/ (unless a
DATABASE_URL is given), Django set up and migrated, the machine line, a stage
run in a child process of its own (its peak memory its own), and the run
again on PostgreSQL."""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def setup_django(database_file: str) -> None:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / database_file}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def machine() -> str:
    system = os.uname()
    return f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {system.sysname} {system.release}"


def in_child(stage):
    """Runs stage() in a forked child; returns (seconds, peak RSS MiB, MiB
    the stage added, its result summary)."""
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
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    """Runs `script` again, in a child process, on the PostgreSQL database
    at `url` (created if missing; skipped with a note if no server answers)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"\nPostgreSQL skipped: no server answers at {server} ({error})")
        return
    print()
    sys.stdout.flush()
    subprocess.run([sys.executable, script], env={**os.environ, "DATABASE_URL": url}, check=True)
