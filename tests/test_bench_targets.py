"""The table of targets at the top of docs/benchmarks.md (bench/targets.py):
written from the tables of targets in the benchmarks' own sections (on
docs/benchmark-figures.md), between
its own markers and nowhere else, and on the page's first screen."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import targets  # noqa: E402 (bench/ is not a package)
from common import TARGET_HEADINGS, markers, sections  # noqa: E402

ABOUT = (
    "Figures of 27 November 2026, printed by `bench/dashboards.py`. "
    "Machine: 2 cores, 24 GiB, Python 3.11.7, Linux 6.18.44-fc-v669; load average 1.0 at the end."
)


def section(name: str, *rows: str) -> str:
    start, end = markers(name)
    heading = "| " + " | ".join(TARGET_HEADINGS) + " |"
    return "\n".join([start, ABOUT, "", heading, "| --- | ---: | ---: | ---: | --- | --- | --- |", *rows, end])


BEFORE = "# Benchmarks\n\nSome words.\n\n"
BETWEEN = "\n\n## The dashboards\n\nWhat they measure.\n\n"
AFTER = "\n\nWords after.\n"
DASHBOARDS = section(
    "dashboards on SQLite",
    "| the dashboard / its floor | 1.27x | 0.85x to 1.79x | 21 | at most 1.20x | **not met** | 0.9 |",
    "| the dashboard / its floor, wall (no target) | 1.10x | 1.00x to 1.20x | 21 |  |  | 0.9 |",
    "| the same pairs' CPU | 1.20x | 1.00x to 1.30x | 21 | shown, not judged |  | 0.9 |",
    "| publishing's standing, 500 actions | 456 ms | 392 ms to 549 ms | 5 | at most 1000 ms | met | 1.0 |",
)


def page_of(tmp_path, *parts: str) -> Path:
    page = tmp_path / "benchmarks.md"
    page.write_text("".join(parts))
    return page


def test_the_table_replaces_only_what_is_between_its_markers(tmp_path):
    start, end = markers("targets")
    page = page_of(tmp_path, BEFORE, f"{start}\nan old table\n{end}", BETWEEN, DASHBOARDS, AFTER)

    lines = targets.write_table(page, page)

    text = page.read_text()
    assert text.startswith(BEFORE + start + "\n") and text.endswith(end + BETWEEN + DASHBOARDS + AFTER)
    assert sections(text)["targets"] == "\n".join(lines)
    assert "an old table" not in text
    assert lines[0] == "| measure | figure | target | met | machine | load average | date |"
    assert lines[2] == (
        "| dashboards on SQLite: the dashboard / its floor | 1.27x | at most 1.20x | **not met** "
        "| 2 cores, 24 GiB, Linux 6.18.44-fc-v669 | 0.9 | 27 November 2026 |"
    )
    assert lines[3].startswith(
        "| dashboards on SQLite: publishing's standing, 500 actions | 456 ms | at most 1000 ms |"
    )
    # Rows shown without a target are not targets.
    assert not any("no target" in line or "not judged" in line for line in lines)
    assert "| `.ci/run` | not measured yet | at most 25 min |" in text
    assert lines[-1] == f"Targets met: 1 of 2 measured; {len(targets.WORKFLOW)} not measured yet."


def test_a_page_without_the_markers_is_left_as_it_was(tmp_path):
    page = page_of(tmp_path, BEFORE, DASHBOARDS, AFTER)

    targets.write_table(page, page)

    assert page.read_text() == BEFORE + DASHBOARDS + AFTER


def test_a_workflow_measure_a_benchmark_measures_shows_its_figure(tmp_path):
    run = targets.WORKFLOW[0]
    measured = section("workflow", f"| {run.measure} | 21 s | 20 s to 25 s | 3 | {run.target} | met | 1.0 |")

    lines = targets.table(BEFORE + measured)

    assert f"| workflow: {run.measure} | 21 s | {run.target} | met |" in "\n".join(lines)
    assert not any(line.startswith(f"| {run.measure} |") for line in lines)
    assert lines[-1] == f"Targets met: 1 of 1 measured; {len(targets.WORKFLOW) - 1} not measured yet."


def test_the_page_opens_with_the_table_of_every_target_the_figures_show_and_stays_short():
    page = (ROOT / "docs" / "benchmarks.md").read_text()
    figures = (ROOT / "docs" / "benchmark-figures.md").read_text()
    assert len(page.splitlines()) <= 300
    first_screen = page.splitlines()[:40]
    start = markers("targets")[0]

    assert start in first_screen
    assert first_screen[first_screen.index(start) + 1] == "| " + " | ".join(targets.HEADINGS) + " |"
    # As bench/targets.py would write it now: no figure of a section missing.
    assert sections(page)["targets"] == "\n".join(targets.table(figures))
    assert set(sections(page)) == {"targets"}
