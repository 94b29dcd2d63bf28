"""Every benchmark's targets together, as each last printed them: the rows
bench/common.py's Figures keeps under bench/out/targets/ (one file a
benchmark and database). `make bench` runs the benchmarks with targets and
then this; `--smoke` prints the smoke runs' rows instead, never judged.

    .venv/bin/python bench/targets.py [--smoke]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SMOKE, TARGETS


def main() -> None:
    files = [path for path in sorted(TARGETS.glob("*.md")) if path.name.startswith("smoke-") == SMOKE]
    if not files:
        print(f"No targets kept under {TARGETS}: run the benchmarks first (make bench).")
        return
    print("| benchmark | measure | figure (median) | range | runs | target | met | load average |")
    print("| --- | --- | ---: | ---: | ---: | --- | --- | --- |")
    met = judged = 0
    for path in files:
        name, *rows = path.read_text().splitlines()
        for row in rows:
            print(f"| {name} {row}")
            judged += 1
            met += "| met |" in row
    if not SMOKE:
        print(f"\nTargets met: {met} of {judged}.")


if __name__ == "__main__":
    main()
