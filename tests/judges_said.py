"""Saying, on the terminal, that the browser tests' second judges (the Nu
HTML Checker and pa11y, tests/browser/judges.py) are running: they judge
the pages the browser tests saw in batches as the tests go on, the last
batch at the end of the session, and the suite would otherwise print
nothing while they finish.

With pytest-xdist the judges run in a worker's session teardown, whose
output the terminal never sees: the controller says it instead, when the
last test has finished and a browser test was among them. Without xdist
the fixture says it itself (say_judging)."""

import pytest

WORDS = (
    "The browser tests are done: the second judges (the Nu HTML Checker, then pa11y), who checked most of the "
    "{pages} they saw while the tests went on, now check the last of them, before the summary."
)


class JudgesSaid:
    def __init__(self, config):
        self.config = config
        self.total = None
        self.finished = 0
        self.browser_tests = 0

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        self.total = len(ids)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and "browser" in report.keywords:
            self.browser_tests += 1
        if report.when != "teardown":
            return
        self.finished += 1
        if self.finished == self.total and self.browser_tests:
            say(self.config, WORDS.format(pages="pages"))


def say(config, words: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else _nothing():
        reporter.write("\n")  # after the progress dots, which leave the line open
        reporter.write_line(words, cyan=True)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def say_judging(config, pages: int) -> None:
    """The fixture's own word, where this process's terminal is the one read (no xdist)."""
    if not hasattr(config, "workerinput"):
        say(config, WORDS.format(pages=f"{pages} page states"))


def register(config) -> None:
    """From tests/conftest.py's pytest_configure: on xdist's controller only."""
    if not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no":
        config.pluginmanager.register(JudgesSaid(config), "judges_said")
