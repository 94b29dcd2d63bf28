"""Every benchmark's targets in one table, at the top of docs/benchmarks.md
between <!-- bench: targets --> and <!-- /bench: targets -->: each
measure, its figure, its target, met or not, the machine, the load average
while it was measured and the date, read from the tables of targets the
benchmarks last wrote into their own sections of docs/benchmark-figures.md
(Figures), and
the measures no benchmark takes yet (WORKFLOW), not measured. Figures.write
runs it (--quiet: writing, not printing) after every benchmark's run, and
`make bench` after them all.

`--smoke` prints the smoke runs' rows instead (Figures keeps them under
bench/out/targets/), never judged and never written into the page.

    .venv/bin/python bench/targets.py [--smoke]
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import FIGURES_PAGE, PAGE, ROOT, SMOKE, TARGET_HEADINGS, TARGETS, sections, write_section

NAME = "targets"
HEADINGS = ("measure", "figure", "target", "met", "machine", "load average", "date")


@dataclass(frozen=True)
class Workflow:
    """A measure of the project's own workflow (issue 58), with its target.
    Shown as not measured yet until a benchmark's table of targets has a
    row of the same measure, whose figure then stands in its place."""

    measure: str
    target: str


WORKFLOW = (
    Workflow("`make run`: first page on a fresh clone, empty package caches", "at most 30 s"),
    Workflow("`make run` again", "at most 3 s"),
    Workflow("`make test`, the whole suite", "at most 10 min"),
    Workflow("`.ci/run`", "at most 25 min"),
)


def measured(page: str) -> list[dict[str, str]]:
    """Every row with a target (at most or at least) of every section's
    table of targets, in the page's order, with the section's name, date
    and machine."""
    heading = "| " + " | ".join(TARGET_HEADINGS) + " |"
    rows = []
    for name, body in sections(page).items():
        about = re.search(r"^Figures of (.+?), printed by .*?Machine: (.+?); load average", body, re.M)
        lines = body.splitlines()
        if not about or heading not in lines:
            continue
        machine = re.sub(r", Python [^,]+", "", about[2])
        for line in lines[lines.index(heading) + 2 :]:
            if not line.startswith("|"):
                break
            values = [cell.strip() for cell in line.strip().strip("|").split("|")]
            cells = dict(zip(TARGET_HEADINGS, values, strict=True))
            if cells["target"].startswith(("at most", "at least")):
                rows.append({**cells, "benchmark": name, "machine": machine, "date": about[1]})
    return rows


def table(page: str) -> list[str]:
    """The lines of the table of targets, with how many are met under it."""
    rows = measured(page)
    taken = {row["measure"] for row in rows}
    lines = ["| " + " | ".join(HEADINGS) + " |", "| --- | ---: | --- | --- | --- | --- | --- |"]
    for row in rows:
        cells = (f"{row['benchmark']}: {row['measure']}", row["figure (median)"], row["target"], row["met"])
        lines.append("| " + " | ".join((*cells, row["machine"], row["load average"], row["date"])) + " |")
    pending = [each for each in WORKFLOW if each.measure not in taken]
    for each in pending:
        lines.append(f"| {each.measure} | not measured yet | {each.target} |  |  |  |  |")
    met = sum(row["met"] == "met" for row in rows)
    lines += ["", f"Targets met: {met} of {len(rows)} measured; {len(pending)} not measured yet."]
    return lines


def write_table(page: Path = PAGE, figures: Path = FIGURES_PAGE) -> list[str]:
    """Writes the table of the targets in `figures`' sections between
    `page`'s targets markers (if it has them; nothing else on the page
    changes) and returns its lines."""
    lines = table(figures.read_text())
    if not write_section(NAME, "\n".join(lines), page):
        print(f"{page} has no section <!-- bench: {NAME} -->: the table is not written.")
    return lines


def print_smoke() -> None:
    files = sorted(TARGETS.glob("smoke-*.md"))
    if not files:
        print(f"No smoke targets kept under {TARGETS}: run the benchmarks with --smoke first (make bench-smoke).")
        return
    print("| benchmark | " + " | ".join(TARGET_HEADINGS) + " |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- | --- |")
    for path in files:
        name, *rows = path.read_text().splitlines()
        for row in rows:
            print(f"| {name} {row}")


def main() -> None:
    if SMOKE:
        print_smoke()
        return
    lines = write_table()
    if "--quiet" in sys.argv[1:]:  # after a benchmark's own figures (Figures.write)
        return
    print("\n".join(lines))
    print(f"\nWritten into {PAGE.relative_to(ROOT)}, section '{NAME}'.")


if __name__ == "__main__":
    main()
