"""How fast this machine is now: a fixed piece of pure-Python work (sums of
a million integers, in a loop), timed five times, the median printed in
seconds. Nothing but the interpreter runs, so it moves with the machine's
speed and nothing else: these machines are shared, and the same 2-core
machine has run the same suite in 700 s one day and 1,500 s another.

    python3 bench/yardstick.py        prints e.g. 0.62

.ci/run scales each stage's usual time by it (.ci/usual-seconds says the
yardstick of the machine those times were taken on), and bench/loop.py
prints it beside its figures."""

import statistics
import time

RUNS = 5


def once() -> float:
    started = time.process_time()
    total = 0
    for _ in range(5):
        for number in range(1_000_000):
            total += number
    return time.process_time() - started


def seconds() -> float:
    """The median of RUNS timings of the work, in CPU seconds."""
    return statistics.median(once() for _ in range(RUNS))


if __name__ == "__main__":
    print(f"{seconds():.2f}")
