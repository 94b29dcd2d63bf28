"""A clerk's command and a server's first page import what they use: not the
API (REST framework, drf-spectacular's schema), single sign-on
(mozilla-django-oidc with requests and PyJWT) or search, which load on the
first request that needs them (actionplans/lazyviews.py). Each is a process of
its own, as the council runs it, so that what this test process has already
imported does not count."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actionplans.demo import load_demo
from tests.servers import test_database_url

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db(transaction=True)

# Modules an export, or a page that is neither the API, search nor signing
# in through the council's provider, has no use for.
UNUSED = (
    "rest_framework",
    "drf_spectacular.openapi",
    "mozilla_django_oidc",
    "requests",
    "jwt",
    "pygments",
    "yaml",
    "reports.api.views",
    "reports.search.views",
    "reports.search.query",
)


@pytest.fixture
def demo_committed(transactional_db, demo_snapshots):
    """The demo council, committed, for another process to read."""
    return demo_snapshots.load(load_demo)


def run_manage(*args) -> tuple[subprocess.CompletedProcess, set[str]]:
    """manage.py in a process of its own, and the modules it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": test_database_url()},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    imported = {
        line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    return result, imported


def unused(imported: set[str]) -> list[str]:
    return sorted(name for name in imported if any(name == m or name.startswith(f"{m}.") for m in UNUSED))


# For another agenda item than the stored file's: printed, not read from the record.
EXPORT = ("export_progress_update", "hate-crime", "--round", "2020-09", "--format", "pdf", "--agenda-header", "Item 9")


def test_a_paper_exported_from_the_command_line_imports_no_api_sign_on_or_search_module(demo_committed, tmp_path):
    output = tmp_path / "appendix.pdf"
    _, imported = run_manage(*EXPORT, "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    assert "weasyprint" in imported  # the export's own engine, as a check that the list is read right
    assert unused(imported) == []


def test_a_servers_first_page_imports_no_api_sign_on_or_search_module_until_asked(demo_committed):
    # What a server's first page does: read the URLconf (every link's
    # reverse()), and start the templates (every installed app's tags).
    script = (
        "from django.test import Client; from django.urls import reverse; "
        "page = Client(HTTP_HOST='localhost').get(reverse('login')); "
        "assert page.status_code == 200, page.status_code; "
        "assert reverse('api_reviews') and reverse('search') and reverse('oidc_authentication_init')"
    )
    _, imported = run_manage("shell", "-c", script)
    assert "django.template.defaulttags" in imported
    assert unused(imported) == []


# Installed in the command's own process, before manage.py runs: each program
# it starts is printed on stderr.
WATCH_PROGRAMS = """
import runpy, sys
def watch(event, args):
    if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.system"):
        print(f"started: {args[0]!r}", file=sys.stderr)
sys.addaudithook(watch)
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""


def test_a_paper_exported_from_the_command_line_starts_no_other_program(demo_committed, tmp_path):
    """Loading WeasyPrint's libraries by name ran ldconfig, gcc and ld some
    200 times (ctypes.util.find_library): more CPU than laying out the paper
    (reports/documents/pdf.py)."""
    output = tmp_path / "appendix.pdf"
    result = subprocess.run(
        [sys.executable, "-c", WATCH_PROGRAMS, *EXPORT, "--output", str(output)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": test_database_url()},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert output.read_bytes().startswith(b"%PDF")
    assert [line for line in result.stderr.splitlines() if line.startswith("started:")] == []
