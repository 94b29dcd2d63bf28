"""A real browser: Playwright driving Debian's Chromium, with axe-core as the
accessibility judge, and two second judges over every page state axe
passed: the Nu HTML Checker (the markup the server sent) and pa11y's HTML
CodeSniffer, WCAG2AA (the page as the reader had it), in batches while the
tests go on, the last while the rest of the suite runs (tests/browser/judges.py). Without Chromium these tests skip,
saying how to install it; under CI=true a missing browser is a failure."""

import json
import os
import shutil
from pathlib import Path

import pytest

from actionplans.demo import demo_password, load_demo
from tests.judges_said import say_judging

# Playwright's sync API runs an event loop in the test thread; the live
# server's database work is still synchronous Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    """Debian's Chromium, as its headless shell where installed (package
    chromium-headless-shell: the same engine and version, built to run
    without a screen, as Playwright's own headless runs use): it renders
    and judges a page for about three quarters of the whole browser's CPU.
    Else the whole browser (package chromium); $CHROMIUM names another."""
    return (
        os.environ.get("CHROMIUM")
        or shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    message = "Chromium is not installed: install Debian's package with `sudo apt-get install chromium`"
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must run the browser tests)")
        pytest.skip(message)
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def second_judges(live_server, tmp_path_factory, request):
    """Collects the pages assert_accessible passes, which the Nu HTML
    Checker and pa11y judge in batches while the live server serves their
    styles; at the end of the session any error fails the run."""
    from tests.browser.judges import Judged

    judged = Judged.current = Judged(tmp_path_factory.mktemp("judged"), live_server.url)
    yield judged
    Judged.current = None
    say_judging(request.config, len(judged.pages))
    judged.judge()


@pytest.fixture
def page(browser, live_server, second_judges):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.judged = second_judges
    # The markup the server sent for the page shown (the DOM's serialisation
    # has had the parser's repairs, so the Nu HTML Checker reads this).
    page.document_response = None
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and response.frame == page.main_frame
            and setattr(page, "document_response", response)
        ),
    )
    page.console_problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_problems.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def demo_site(transactional_db, fast_password_hashing, tasks_run_at_once, demo_snapshots):
    return demo_snapshots.load(load_demo)


@pytest.fixture
def rated_demo_site(demo_site):
    """The demo with the ratings, gaps and RAG statuses its seeds leave
    blank (tests/standards_ratings.toml, tests/partnership_rags.toml), for
    the tests of what they show."""
    from tests.factories import rate_demo_assessment, rate_demo_partnership_updates

    rate_demo_assessment()
    rate_demo_partnership_updates()
    return demo_site


def sign_in(page, username, password=None):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def axe_violations(page) -> list[dict]:
    """Runs axe-core on the page for the WCAG 2.2 A and AA rules. The script
    goes in through DevTools, so the page's own CSP stays as it is."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "options => axe.run(document, options)",
        # Only the violations are read: axe then skips gathering the
        # details of every rule a node passes, half its time on a long page.
        {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    # What the browser refused while loading the page (a CSP violation, a
    # missing file) is read before axe runs: axe's own probing of the page
    # trips the CSP too, and that is not the page's fault.
    page.wait_for_load_state("load")
    problems, page.console_problems[:] = list(page.console_problems), []
    violations = axe_violations(page)
    page.console_problems.clear()
    assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=2)}"
    assert problems == [], f"{page.url}: {problems}"
    if getattr(page, "judged", None) is not None:
        page.judged.add(page)


@pytest.fixture
def partnership_site(demo_site):
    """The demo council with a partnership plan of two themes and two
    published quarters (Q2 and Q3 2018) and a third open: its dashboard's
    pages, before the demo loader brings seed 002's plan. A partner lead,
    "partner.lead", signs in with the demo password."""
    import datetime

    from django.contrib.auth import get_user_model

    from actionplans.roles import PARTNER_LEAD
    from tests.factories import make_partnership_plan, make_user, publish_partnership_quarter

    clerk = get_user_model().objects.get(username="clerk")
    plan = make_partnership_plan(by=clerk, themes=2, name="Browser Hate Crime Group", slug="browser-plan")
    lead = make_user("partner.lead", PARTNER_LEAD)
    lead.set_password(demo_password())
    lead.save()
    plan.partnership.organisations.get(short_name="OPCC").members.add(lead)
    publish_partnership_quarter(
        plan, datetime.date(2018, 7, 1), {"1.1": "green", "1.2": "red", "2.1": "complete"}, by=clerk
    )
    publish_partnership_quarter(
        plan, datetime.date(2018, 10, 1), {"1.1": "red", "1.2": "amber", "1.3": "green", "2.1": "complete"}, by=clerk
    )
    publish_partnership_quarter(plan, datetime.date(2019, 1, 1), {"1.1": "green"}, by=clerk, publish=False)
    return plan


@pytest.fixture
def partnership_quarter(demo_site):
    """A partnership plan of three actions on top of the demo council
    (another partnership than the demo's own): 1.1 and 1.3 led by OPCC, whose lead
    is pat.partner (a Partner lead, with a police e-mail address as long
    as they come), 1.2 by MeSign; Marc Stephenson coordinates; Q2 2018 is
    open."""
    import datetime

    from django.contrib.auth import get_user_model

    from actionplans import roles
    from tests.factories import make_partnership_plan, make_user

    users = get_user_model().objects
    clerk = users.get(username="clerk")
    plan = make_partnership_plan(by=clerk, name="Browser Test Hate Crime Group", slug="hate-crime-group-plan")
    plan.coordinator = users.get(username="marc.stephenson")
    plan.save()
    lead = make_user(
        "pat.partner",
        roles.PARTNER_LEAD,
        first_name="Pat",
        last_name="Partner",
        email="pat.partner@northumbriaopcc.pnn.police.uk",
    )
    lead.set_password(demo_password())
    lead.save()
    plan.partnership.organisations.get(short_name="OPCC").members.add(lead)
    return plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2099, 9, 14), by=clerk)
