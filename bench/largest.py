"""Benchmark of the largest paper (issue 73, item 6): a 5,000-action
Progress Update printed as PDF, and a 5,000-row tracker confirmed.

    make bench-largest   (or: .venv/bin/python bench/largest.py)

Builds, once, bench/run.py's synthetic review at 625 recommendations
(5,000 actions, three approved rounds each) in a database of its own
(bench/out/largest.sqlite3, or the DATABASE_URL given). Then:

- the export command (`manage.py export_progress_update REVIEW --format
  pdf`) as a whole process, its process tree sampled every 0.1 s from
  /proc: wall time, CPU (its children's with it), the pages, the most
  processes at once and the peak of their VmRSS summed. Targets: at most
  90 s of wall time on two cores, at most 1 GB (1,000 MB) summed. One run:
  it takes minutes. Beside them, the floor the engine sets: its CPU
  seconds a page times the pages over the machine's cores, the least wall
  time any cutting into processes could reach.
- the 5,000-row tracker of bench/import_plan.py (1,667 actions, three
  rounds) imported through the pages as a clerk does (upload, preview,
  "past meetings' records", create the people it names), the Confirm
  request timed, runs of it into new reviews. Target: under 10 s.

What it prints as its figures it also writes into docs/benchmark-figures.md, in
its section (<!-- bench: largest paper -->), with the date and the machine.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, Figures, Spread, sized, sqlite_url

if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = sqlite_url("largest.sqlite3")

import import_plan
import run

run.LARGE = "benchmark-largest"
run.RECOMMENDATIONS = sized(625, 2)  # 8 actions each: 5,000
run.TOTAL_ENTRIES = 1
CONFIRM_RUNS = sized(3, 1)
WALL_TARGET, MEMORY_TARGET_MB = 90.0, 1000.0


def process_tree(root: int) -> list[int]:
    """`root` and every process under it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def vmrss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0  # it ended between the listing and the reading


def sampled(command: list[str]) -> dict:
    """`command` run to its end, its process tree sampled: wall s, CPU s,
    the peak summed VmRSS (MB) and the most processes at once."""
    before = os.times()
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    peak_kib, own_kib, most = 0, 0, 0
    while child.poll() is None:
        tree = process_tree(child.pid)
        peak_kib, most = max(peak_kib, sum(map(vmrss_kib, tree))), max(most, len(tree))
        own_kib = max(own_kib, vmrss_kib(child.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    after = os.times()
    if child.returncode:
        raise SystemExit(f"{command} failed: {child.returncode}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "mb": peak_kib * 1024 / 1e6, "own_mb": own_kib * 1024 / 1e6, "processes": most}


def export_pdf(figures: Figures) -> None:
    output = run.OUT / "largest.pdf"
    command = [sys.executable, "manage.py", "export_progress_update", run.LARGE, "--format", "pdf"]
    figure = sampled([*command, "--output", str(output)])
    pages = run.pages_of(output)
    load = [os.getloadavg()[0]]
    cores = os.cpu_count() or 1
    floor = figure["cpu"] / cores
    figures.table("measure", "figure", align="lr")
    figures.row("pages", f"{pages:,}")
    figures.row("wall s", f"{figure['wall']:.1f}")
    figures.row("CPU s, its processes together", f"{figure['cpu']:.1f}")
    figures.row("CPU s a page", f"{figure['cpu'] / pages:.3f}")
    figures.row(f"the floor: CPU s over {cores} cores", f"{floor:.1f}")
    figures.row("most processes at once", figure["processes"])
    figures.row("peak VmRSS summed, MB", f"{figure['mb']:,.0f}")
    figures.row("of which the process asking (it joins the parts), at its peak, MB", f"{figure['own_mb']:,.0f}")
    figures.targets()
    figures.target("5,000-action PDF, wall s", Spread([figure["wall"]], load), WALL_TARGET, unit="s")
    figures.target("5,000-action PDF, VmRSS summed, MB", Spread([figure["mb"]], load), MEMORY_TARGET_MB, unit="MB")
    figures.line()
    needed = WALL_TARGET * cores / pages
    figures.line(
        f"At {pages:,} pages, {WALL_TARGET:.0f} s on {cores} cores leaves {needed:.3f} CPU s a page, however the "
        f"document is cut into processes; the engine took {figure['cpu'] / pages:.3f}."
    )


def confirm_times() -> list[float]:
    """The Confirm request of the 5,000-row tracker's import, each into a new review."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from actionplans import roles
    from actionplans.models import Committee, Review
    from tests.factories import make_user
    from tests.test_import_pages import past_record
    from tests.test_import_trackers import confirm, upload

    setup_test_environment()  # the pages' context, as the tests read it
    import_plan.build_file()
    clerk = make_user(f"bench.clerk.{time.time_ns()}", roles.CLERK, is_staff=True)
    client = Client()
    client.force_login(clerk)
    committee = Committee.objects.get(slug="benchmark")
    times = []
    for n in range(CONFIRM_RUNS):
        review = Review.objects.create(committee=committee, title=f"Imported {n}", slug=f"imported-{time.time_ns()}")
        preview = upload(client, review, import_plan.FILE.read_bytes(), import_plan.FILE.name)
        preview = past_record(client, preview, day=20, create_people="on")
        assert not preview.context["preview"].problems, preview.context["preview"].problems[:3]
        wording = {"update_title": "SCRUTINY MONITORING – PROGRESS UPDATE", "introduction": "Progress on the review."}
        started = time.perf_counter()
        done = confirm(client, preview, create_people="on", **wording)
        times.append(time.perf_counter() - started)
        assert done.status_code == 302, (done.context["preview"].problems[:3], done.context.get("summary"))
    return times


def main() -> None:
    run.build()
    figures = Figures("largest paper")
    figures.line(
        f"Progress Update of {run.RECOMMENDATIONS * 8:,} actions (bench/run.py's review at "
        f"{run.RECOMMENDATIONS} recommendations), its latest round."
    )
    export_pdf(figures)
    times = confirm_times()
    figures.line()
    figures.line(f"Confirm of the {import_plan.FILE.name} import through the pages, runs: {len(times)}.")
    figures.targets()
    figures.target("5,001-row import, Confirm s", Spread(times, [os.getloadavg()[0]]), 10.0, unit="s")
    figures.verdict()
    figures.write()


if __name__ == "__main__":
    main()
