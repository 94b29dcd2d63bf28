"""`make run` as a new user meets it (actionplans/management/commands/run_demo.py):
`make run PORT=…` serves on that port, serves again after a change to the
code, Ctrl+C stops the server, the task worker and clamd and says so last, leaving no process behind, and a port
already in use is refused with what to do before anything is served.

`make run` runs for real, as a process group of its own as a terminal runs
it, but for the set-up it does first (the virtualenv, the styles, Debian's
fonts and ClamAV): make test has done that before the suite starts, and
here `make -o` skips it, so that no test installs packages or needs the
network. It serves this test's database, migrated and holding the demo
council already (its migrate and load_demo then take a second, not the 25
of a first run), and keeps its files in the test's own directory.

Not marked `servers`: it serves the suite's own database, SQLite or
PostgreSQL, so it runs in both of CI's runs of the suite, as `make run`'s
SQLite is what a new user has.
"""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from actionplans.demo import demo_password
from tests.servers import (
    HOST,
    ROOT,
    Visitor,
    free_port,
    passwords_the_servers_check,
    stop,
    test_database_url,
    wait_for_port,
)

MAKE_RUN = ["make", "--no-print-directory", "-o", "setup", "-o", "fonts", "-o", "clamav", "run"]
STOPPED = re.compile(r"Stopped the server(, the task worker and clamd| and the task worker)\.")


def environment(settings, database_url: str) -> dict:
    """This process's environment, on the given database and the test's
    own published record and evidence files (`settings`: pytest-django's
    fixture); without the variables of a `make test` the suite may run
    under, which would reach the inner make."""
    left_out = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SCRUTINY_BASE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    return {
        **env,
        "DATABASE_URL": database_url,
        "PUBLISHED_ROOT": str(settings.STORAGES["published"]["OPTIONS"]["location"]),
        "EVIDENCE_ROOT": str(settings.STORAGES["evidence"]["OPTIONS"]["location"]),
        "PYTHONUNBUFFERED": "1",
    }


def make_run(port: int, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [*MAKE_RUN, f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def processes() -> dict[int, tuple[int, int, int, str]]:
    """Every process on the machine that has not ended: pid → (parent,
    process group, session, start time). A zombie (state Z) has ended, its
    exit status waiting for its parent to read it: a daemon's, whose parent
    is now the container's first process, can wait there a while."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if fields[0] != "Z":
            found[int(stat.parent.name)] = (int(fields[1]), int(fields[2]), int(fields[3]), fields[19])
    return found


def descendants(pid: int) -> dict[int, str]:
    """The processes under `pid`, whatever their group or session (clamd has
    a session of its own): pid → start time, to tell them from a later
    process given the same pid."""
    table = processes()
    found, parents = {}, {pid}
    while parents:
        children = {child for child, (parent, *_) in table.items() if parent in parents}
        found.update({child: table[child][3] for child in children})
        parents = children
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def environ_of(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0")


def still_there(started: dict[int, str]) -> list[int]:
    table = processes()
    return [pid for pid, when in started.items() if pid in table and table[pid][3] == when]


def in_session(session: int) -> list[int]:
    return [pid for pid, (_, group, sid, _) in processes().items() if session in (group, sid)]


@pytest.mark.django_db(transaction=True)
def test_make_run_serves_on_the_port_asked_and_ctrl_c_stops_everything(demo, settings, tmp_path):
    passwords_the_servers_check({"clerk"}, settings)
    port = free_port()
    log_path = tmp_path / "make-run.log"
    started: dict[int, str] = {}  # every process under make, to see that none is left
    with log_path.open("w") as log:
        make = make_run(port, environment(settings, test_database_url()), log)
        try:
            try:
                wait_for_port(make, port, seconds=180)
            except RuntimeError as error:
                pytest.fail(f"{error}:\n{log_path.read_text()}")
            started = descendants(make.pid)
            browser = Visitor(port)
            assert browser.get("/sign-in/").status == 200
            assert browser.sign_in("clerk", demo_password()).status == 302
            home = browser.get("/")
            assert home.status == 200 and "Hate Crime" in home.body

            started |= descendants(make.pid)
            names = [command_line(pid) for pid in started]
            assert any("runserver" in name and f"{HOST}:{port}" in name for name in names), names
            assert any("db_worker" in name for name in names), names
            # The worker's e-mails, and the server's, link to the port served, not to 8000.
            [worker] = [pid for pid in started if "db_worker" in command_line(pid)]
            assert f"SCRUTINY_BASE_URL=http://{HOST}:{port}" in environ_of(worker)
            [server] = [pid for pid in started if "runserver" in command_line(pid)]
            assert f"SCRUTINY_BASE_URL=http://{HOST}:{port}" in environ_of(server)

            # A change to the code: the server ends, to be started again by
            # run_demo (its reloader), and serves again.
            [server] = [pid for pid in started if "runserver" in command_line(pid)]
            os.utime(ROOT / "actionplans" / "roles.py")
            deadline = time.monotonic() + 60
            while still_there({server: started[server]}) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not still_there({server: started[server]}), "the server did not reload"
            wait_for_port(make, port, seconds=60)
            # The new server may take a connection before it serves it.
            deadline = time.monotonic() + 30
            while (home := browser.get("/")).status != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert "Hate Crime" in home.body

            # Ctrl+C in the terminal: SIGINT to the foreground process group.
            os.killpg(make.pid, signal.SIGINT)
            make.wait(timeout=120)
        finally:
            started |= descendants(make.pid)
            stop(make)  # if something above failed
            # make ends after run_demo, which waits for all it started.
            left, left_in_session = still_there(started), in_session(make.pid)
            left_names = [command_line(pid) for pid in left]
            for pid in left:  # whatever failed, nothing is left running
                os.kill(pid, signal.SIGKILL)

    output = log_path.read_text()
    assert "the demo council was not loaded again" in output  # make run's load_demo ran, on the demo already there
    assert f"Serving on http://{HOST}:{port} " in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert STOPPED.fullmatch(lines[-1]), output[-3000:]
    assert left == [], f"{left_names}\n{output[-3000:]}"
    assert left_in_session == []


def test_make_run_refuses_a_port_in_use_before_serving(settings, tmp_path):
    port = free_port()
    database = tmp_path / "never.sqlite3"
    with socket.socket() as holder:
        holder.bind((HOST, port))
        holder.listen()
        done = subprocess.run(
            [*MAKE_RUN, f"PORT={port}"],
            cwd=ROOT,
            env=environment(settings, f"sqlite:///{database}"),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            start_new_session=True,
        )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"Port {port} is in use: stop what is using it, or run make run PORT=" in output
    assert "Serving on" not in output
    assert "already in use" not in output  # runserver never started
    assert not database.exists()  # refused before it migrated
