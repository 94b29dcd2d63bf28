"""The loop's own speed: the README's `make test` on a fresh clone, and
`.ci/run` as CI runs it.

    make bench-loop     (or: .venv/bin/python bench/loop.py [--smoke])

Each run clones the project's committed HEAD into a new folder and runs
`make test` there, the whole suite with its set-up, timed as a whole, with
the load average before it starts and as it ends (during, the load is the
suite's own). The package caches are the machine's, as a developer's
are after their first install (`make bench-first-page` times a fresh
machine's). Then `.ci/run` runs once in a clone of its own, timed the same
way, with the time of each of its stages as it printed them. Its figures
go into docs/benchmark-figures.md (Figures); --smoke runs `make test` on one
small test file, not `.ci/run`, and writes nothing. Nothing here is part
of the test suite.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yardstick
from common import ROOT, SMOKE, Figures, Spread, clone_of_head, load_now, sized

RUNS = sized(1, 1)
SUITE_SECONDS = 10 * 60
CI_SECONDS = 25 * 60
SMOKE_TESTS = "tests/test_docs.py"
OUT = ROOT / "bench" / "out" / "loop"


def timed(command: list[str], clone: Path, env: dict) -> tuple[float, str, tuple[float, float]]:
    """`command` run in `clone` to its end: seconds, the last of what it
    printed, and the load average before and after. A failure ends the
    benchmark, saying what failed."""
    before = load_now()
    started = time.monotonic()
    run = subprocess.run(command, cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        log = OUT / ("-".join(part.strip("./").replace("/", "-") for part in command[:2]) + ".log")
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(run.stdout)
        sys.exit(f"{' '.join(command)} failed (exit {run.returncode}), all it printed in {log}:\n{run.stdout[-3000:]}")
    return seconds, run.stdout, (before, load_now())


def summary(output: str) -> str:
    """pytest's last line: how many passed and were skipped."""
    found = re.findall(r"=+ (\d+ passed.*?) in [\d.]+s", output)
    return found[-1] if found else ""


def main() -> None:
    figures = Figures("loop")
    speed = yardstick.seconds()
    command = ["make", "test"] + ([f"PYTEST_ARGS={SMOKE_TESTS}"] if SMOKE else [])
    suite, loads = [], []
    figures.table("run", "`make test` (s)", "tests", "load before", "load after", align="lrlrr")
    for number in range(1, RUNS + 1):
        folder = Path(tempfile.mkdtemp(prefix="scrutiny-loop-"))
        try:
            seconds, output, around = timed(command, *clone_of_head(folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        suite.append(seconds)
        loads.extend(around)
        figures.row(number, f"{seconds:.0f}", summary(output), f"{around[0]:.1f}", f"{around[1]:.1f}")
    ci = None
    if not SMOKE:
        folder = Path(tempfile.mkdtemp(prefix="scrutiny-loop-ci-"))
        try:
            clone, env = clone_of_head(folder)
            seconds, output, around = timed([".ci/run"], clone, {**env, "SCRUTINY_CI_DATABASE": "scrutiny_loop_ci"})
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        ci = Spread([seconds], list(around))
        figures.line()
        figures.line(f"`.ci/run`: {seconds:.0f} s, load {around[0]:.1f} before and {around[1]:.1f} after. Its stages:")
        figures.line()
        figures.line("```")
        for line in output.splitlines():
            if re.match(r"^-- \d+ s|^== This machine.s yardstick", line) or line.endswith(" total"):
                figures.line(line)
        figures.line("```")
    figures.line()
    figures.line(f"`make test` runs {SMOKE_TESTS} alone at smoke size; otherwise every test, browser tests included.")
    figures.line(
        f"How fast the machine was (bench/yardstick.py: CPU seconds of a fixed piece of work, more is slower): "
        f"{speed:.2f} s before, {yardstick.seconds():.2f} s after."
    )
    figures.targets()
    figures.target("`make test`, the whole suite", Spread(suite, loads), SUITE_SECONDS, unit="s")
    if ci is not None:
        figures.target("`.ci/run`", ci, CI_SECONDS, unit="s")
    figures.verdict()
    figures.write()


if __name__ == "__main__":
    main()
