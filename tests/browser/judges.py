"""The second judges beside axe: every page state assert_accessible passes is
kept and judged, a batch at a time while the browser tests go on (in a
thread of their own, each batch in processes of its own), the last as the
first test that is not a browser test starts (send_kept), or else at the
end of the session; any finding fails the run at its end. The judges:

- the Nu HTML Checker (npm vnu-jar, run by Java) checks the markup the server
  sent for it, all pages in one process: the DOM's serialisation would hide
  what the parser repaired (a stray end tag, a duplicate attribute);
- pa11y (HTML CodeSniffer, WCAG2AA) judges the page as the reader had it: its
  DOM after the page's scripts ran, scripts taken out, a <base> at the live
  server for its styles, opened from a file (tests/browser/pa11y_judge.mjs).

Identical markup is checked once, and pa11y judges every distinct state of
each page. Any error of either fails the run, naming
the page and the message; so does a warning of the Nu HTML Checker, but for
those Django's own admin templates cause (IGNORED_WARNINGS, each saying why).
"""

import concurrent.futures
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser.conftest import chromium_path

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_SCRIPT = Path(__file__).with_name("pa11y_judge.mjs")

# Warnings of the Nu HTML Checker on pages Django's admin renders from its
# own templates (django/contrib/admin/templates), which the project does
# not change: (path prefix, the start of the message, why).
IGNORED_WARNINGS = [
    (
        "/admin/",
        "A table row was 2 columns wide, which is less than the column count established by the first row (3).",
        "the admin's index (admin/app_list.html) heads each app's table with a caption row spanning 3 columns",
    ),
]

# Errors of the Nu HTML Checker on the admin's own templates, as above
# (none now: the password summary's disabled <div> was the last,
# actionplans.admin.PasswordSummary).
IGNORED_ERRORS = []

# pa11y's errors on pages Django's admin renders from its own templates,
# which the project does not change (only the clerks' and administrators'
# back office; axe passes every one of them): (path prefix, the end of the
# HTML CodeSniffer code, why).
IGNORED_PA11Y = [
    ("/admin/", "H71.NoLegend", "the admin's change forms put fields in <fieldset class=module> without a legend"),
    ("/admin/", "H91.Fieldset.Name", "the same fieldsets, nameless"),
    ("/admin/", "H63.1", "the admin's change list heads its rows' first column with <th> without scope"),
    ("/admin/", "H32.2", "the admin's changelist and change forms: its search and action forms submit by script"),
    ("/admin/", "H30.2", 'the admin\'s related-object links (add, change, view, delete) are an <img> with alt=""'),
]

# Page states judged together, in the background: about five batches in a
# whole run, so that little is left to judge when the browser tests end.
BATCH = 120

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)


class Judged:
    # The session's judges, once the browser tests have asked for them
    # (tests/browser/conftest.py; send_kept() reaches them from a hook).
    current: "Judged | None" = None

    def __init__(self, folder: Path, base_url: str):
        self.folder = folder
        self.base_url = base_url
        self.markup = {}  # hash of the markup sent -> (file, URL)
        self.pages = {}  # (path, hash of the DOM) -> (file, URL)
        self.unread = []  # pages whose markup the browser no longer held
        self.sent = (0, 0)  # how many of each were given to a batch
        self.batches: list[concurrent.futures.Future] = []
        self.judges = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="judges")
        (folder / "markup").mkdir()
        (folder / "pages").mkdir()

    def add(self, page):
        url = page.url
        response = page.document_response
        if response is not None and "text/html" in response.headers.get("content-type", ""):
            try:
                body = response.body()
            except Exception:  # the browser no longer holds it: the DOM is judged still
                body = None
                self.unread.append(url)
            if body is not None:
                key = hashlib.sha1(body).hexdigest()
                if key not in self.markup:
                    file = self.folder / "markup" / f"{len(self.markup):04d}.html"
                    file.write_bytes(body)
                    self.markup[key] = (file, response.url)
        dom = SCRIPT.sub("", page.content())
        # pa11y judges every page state the run passed, each distinct DOM
        # once (about 620 in a whole run).
        parts = urlsplit(url)
        key = (parts.path, hashlib.sha1(dom.encode()).hexdigest())
        if key not in self.pages:
            # The page's path, not its query: with a query in the base,
            # HTML CodeSniffer takes the error summary's links (#id_...)
            # for links to another page and says they lead nowhere.
            base = f'<base href="{html.escape(urlunsplit(parts._replace(query="", fragment="")))}">'
            dom = HEAD.sub(lambda m: m.group(0) + base, dom, count=1)
            file = self.folder / "pages" / f"{len(self.pages):04d}.html"
            file.write_text(dom, encoding="utf-8")
            self.pages[key] = (file, url)
        if len(self.pages) - self.sent[1] >= BATCH:
            self.send()

    def send(self):
        """The page states kept since the last batch, to be judged in the
        background."""
        markup, pages = list(self.markup.values()), list(self.pages.values())
        batch = (markup[self.sent[0] :], pages[self.sent[1] :])
        self.sent = (len(markup), len(pages))
        if batch[0] or batch[1]:
            self.batches.append(self.judges.submit(self.judge_batch, *batch, number=len(self.batches)))

    def judge_batch(self, markup, pages, *, number: int) -> tuple[list[str], float, float]:
        """The findings of both judges on a batch, and each one's seconds; a
        judge that failed to run is a finding too, the others' kept."""
        started = time.monotonic()
        report = self.judged_by(self.nu_html_checker, markup)
        checked = time.monotonic()
        report += self.judged_by(self.pa11y, pages, self.folder / f"pa11y-{number}.json")
        return report, checked - started, time.monotonic() - checked

    @staticmethod
    def judged_by(judge, *args) -> list[str]:
        try:
            return judge(*args)
        except Exception as error:
            return [f"{judge.__name__} failed to run: {error!r}"]

    def judge(self):
        """The last batch, then every batch's findings: any fails the run."""
        self.send()
        try:
            results = [batch.result() for batch in self.batches]
        finally:
            self.judges.shutdown()
        if not results:
            return
        # Each finding once (Java missing is said by every batch).
        report = list(dict.fromkeys(finding for findings, _, _ in results for finding in findings))
        figures = [
            f"Nu HTML Checker: {len(self.markup)} pages in {sum(r[1] for r in results):.1f} s"
            f" ({len(self.unread)} page states' markup unread)",
            f"pa11y: {len(self.pages)} pages in {sum(r[2] for r in results):.1f} s",
            f"in {len(results)} batches, judged in the background as the tests went on",
        ]
        (self.folder / "figures.txt").write_text("\n".join(figures) + "\n")
        if os.environ.get("SCRUTINY_JUDGES_FIGURES"):
            with open(os.environ["SCRUTINY_JUDGES_FIGURES"], "a") as out:
                out.write("\n".join(figures) + "\n")
        if report:
            pytest.fail(f"{len(report)} findings of the second judges ({'; '.join(figures)}):\n" + "\n".join(report))

    def nu_html_checker(self, markup) -> list[str]:
        if not markup:
            return []
        java = shutil.which("java")
        if not java:
            if os.environ.get("CI") == "true":
                return ["Java is not installed (make java): the Nu HTML Checker cannot run"]
            return []
        files = {str(file): url for file, url in markup}
        run = subprocess.run(
            [java, "-Xss1m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *sorted(files)],
            capture_output=True,
            text=True,
        )
        try:
            messages = json.loads(run.stderr)["messages"]
        except ValueError:
            return [f"Nu HTML Checker failed: {run.stderr[-2000:]}"]
        report = []
        for message in messages:
            file = urlsplit(message.get("url", "")).path
            url = files.get(file, file)
            kind = message["type"] if message["type"] != "info" else message.get("subType", "info")
            if kind == "info":
                continue
            path = urlsplit(url).path
            if any(
                path.startswith(prefix) and message["message"].startswith(start)
                for prefix, start, _why in (IGNORED_WARNINGS if kind == "warning" else IGNORED_ERRORS)
            ):
                continue
            extract = (message.get("extract") or "").strip().replace("\n", " ")
            report.append(f"vnu {kind}: {url} line {message.get('lastLine')}: {message['message']}  [{extract[:160]}]")
        return report

    def pa11y(self, pages, listing: Path) -> list[str]:
        if not pages:
            return []
        listing.write_text(json.dumps([{"file": str(file), "url": url} for file, url in pages]))
        run = subprocess.run(
            ["node", str(PA11Y_SCRIPT), str(listing), chromium_path()],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if run.returncode != 0:
            return [f"pa11y failed: {run.stderr[-2000:]}"]
        report = []
        for result in json.loads(run.stdout):
            path = urlsplit(result["url"]).path
            for issue in result["issues"]:
                if any(
                    path.startswith(prefix) and issue["code"].endswith(code) for prefix, code, _why in IGNORED_PA11Y
                ):
                    continue
                report.append(
                    f"pa11y {issue['type']}: {result['url']}: {issue['code']}: {issue['message']}"
                    f"  [{issue['selector']}: {(issue.get('context') or '')[:160]}]"
                )
        return report


def send_kept() -> None:
    """The pages kept since the last batch, sent to be judged now: called as
    a test that is not a browser test starts, so that the last of the
    browser tests' pages are judged while the rest of the suite runs rather
    than after it."""
    if Judged.current is not None:
        Judged.current.send()
