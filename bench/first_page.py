"""A newcomer's first page: `make run` on a fresh clone, and again.

    make bench-first-page     (or: .venv/bin/python bench/first_page.py [--smoke])

Each run clones the project's committed HEAD into a new folder, with empty
package caches (uv's and npm's, in folders of their own, as on a fresh
machine; the Debian packages `make run` asks for are the machine's, as
Python is), runs `make run` on a free port and times it until the demo's
first page answers (the sign-in page, after the redirect), then stops it
with Ctrl+C, as a person would. Then `make run` again in the same clone,
timed the same way. Each step's time is read off what `make run` prints as
it goes. Its figures go into docs/benchmark-figures.md (Figures); --smoke runs once
and writes nothing. Nothing here is part of the test suite.
"""

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import Figures, Spread, clone_of_head, load_now, sized

RUNS = sized(3, 1)
FIRST_PAGE_SECONDS = 30
AGAIN_SECONDS = 3
GIVE_UP_SECONDS = 600
# What `make run` prints as each step starts, and the step's name.
STEPS = (
    ("Installing the Python packages", "Python packages (uv)"),
    ("Installing the npm packages", "npm packages"),
    ("Building the styles", "styles"),
    ("Operations to perform", "migrate and load_demo"),
    ("Serving on", "servers start"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Run:
    """`make run` in `clone`, timed from its start to its first page, with
    the time each step began (by what it printed)."""

    def __init__(self, clone: Path, env: dict):
        self.port = free_port()
        self.started = time.monotonic()
        self.steps: dict[str, float] = {}
        self.process = subprocess.Popen(
            ["make", "run", f"PORT={self.port}"],
            cwd=clone,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.output: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            for start, step in STEPS:
                if line.startswith(start) and step not in self.steps:
                    self.steps[step] = time.monotonic() - self.started

    def first_page(self) -> float:
        url = f"http://127.0.0.1:{self.port}/"
        while not answers(url):
            if self.process.poll() is not None or time.monotonic() - self.started > GIVE_UP_SECONDS:
                self.stop()
                sys.exit("make run ended without serving a page:\n" + "".join(self.output[-30:]))
            time.sleep(0.1)
        return time.monotonic() - self.started

    def stop(self) -> None:
        """Ctrl+C to the whole of `make run`, as a person would."""
        try:
            os.killpg(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def fresh_clone(folder: Path) -> tuple[Path, dict]:
    clone, env = clone_of_head(folder)
    env.update(
        UV_CACHE_DIR=str(folder / "cache" / "uv"),
        npm_config_cache=str(folder / "cache" / "npm"),
        PIP_NO_CACHE_DIR="1",
        # What make run prints, as it prints it: each step's time is read off it.
        PYTHONUNBUFFERED="1",
    )
    return clone, env


def timed(clone: Path, env: dict) -> tuple[float, dict[str, float]]:
    run = Run(clone, env)
    seconds = run.first_page()
    run.stop()
    return seconds, run.steps


def main() -> None:
    figures = Figures("first page")
    first, again, loads = [], [], [load_now()]
    figures.table("run", "first page, fresh clone (s)", "again (s)", *(step for _, step in STEPS), align="lrrrrrrr")
    for number in range(1, RUNS + 1):
        folder = Path(tempfile.mkdtemp(prefix="scrutiny-first-page-"))
        try:
            clone, env = fresh_clone(folder)
            seconds, steps = timed(clone, env)
            first.append(seconds)
            again.append(timed(clone, env)[0])
            loads.append(load_now())
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        began = [steps.get(step) for _, step in STEPS] + [seconds]
        lasted = [f"{b - a:.1f}" if a is not None and b is not None else "" for a, b in itertools.pairwise(began)]
        figures.row(number, f"{seconds:.1f}", f"{again[-1]:.1f}", *lasted)
    figures.line()
    figures.line(
        "Each step's seconds run from the line `make run` prints as it starts to the next step's "
        "(the last, to the first page); the first page is the sign-in page, after the redirect."
    )
    figures.targets()
    figures.target(
        "`make run`: first page on a fresh clone, empty package caches",
        Spread(first, loads),
        FIRST_PAGE_SECONDS,
        unit="s",
    )
    figures.target("`make run` again", Spread(again, loads), AGAIN_SECONDS, unit="s")
    figures.verdict()
    figures.write()


if __name__ == "__main__":
    main()
