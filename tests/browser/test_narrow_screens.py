"""Every page of the product on a phone, 375 px wide, and at the 320 px of
WCAG 2.2's reflow criterion (1.4.10: a 1280 px screen zoomed to 400%): the
page itself never scrolls sideways (wide tables scroll inside their own
labelled, focusable region; long words and addresses break), and axe still
finds nothing."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, ProgressEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import keep_open_in_september
from tests.partnership_files import partnership_import_pages

PHONE = {"width": 375, "height": 812}
# WCAG 2.2, 1.4.10 Reflow: content reads at 320 CSS px without scrolling sideways.
REFLOW = {"width": 320, "height": 812}


@pytest.fixture
def cycle(demo_site):
    """The demo review with March 2021 open, one update waiting for the link
    officer and one not yet written (so the reminder preview has an e-mail)."""
    keep_open_in_september("Schools, Colleges and Universities", "1 f)")
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    clerk = get_user_model().objects.get(username="clerk")
    round = demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    entry = round.entries.get(action=schools)
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    entry.save_update(
        by=vanessa,
        version=entry.version,
        submit=True,
        evidence_of_progress="Impact survey sent to every school.\n- 38 of 62 schools replied",
        grade=1,
    )
    published = ProgressEntry.objects.filter(round__period="2020-09-01").first()
    september = demo_site.rounds.get(period=datetime.date(2020, 9, 1))
    return {"review": demo_site, "round": round, "entry": entry, "published": published, "september": september}


def reader_pages(cycle):
    review = cycle["review"]
    return [
        reverse("home"),
        reverse("review_detail", args=[review.slug]),
        reverse("progress_update", args=[review.slug]),
        reverse("progress_update_page", args=[review.slug, "2020-03"]),
        reverse("progress_update_page", args=[review.slug, "2020-09"]),
        reverse("committees"),
        reverse("committee_dashboard", args=[review.committee.slug]),
        reverse("action_list") + "?grade=3",
        reverse("action_story", args=[cycle["entry"].action_id]),
        # The committee's decisions on September 2020: a member's list; for a
        # clerk, read only (March 2021 is open).
        reverse("round_decisions", args=[cycle["september"].pk]),
        reverse("executive_response_page", args=[review.slug]),
        reverse("accessibility"),
        # What changed between two meetings: a card per action, not a wide table.
        reverse("review_changes", args=[review.slug]) + "?since=2020-03-12&until=2020-09-24",
        reverse("committee_changes", args=[review.committee.slug]) + "?since=2020-03-12&until=2020-09-24",
        # The annual report: a card per review, not a wide table.
        reverse("annual_report", args=[2019]) + "?committee=crime-and-disorder",
        # A partnership plan's report: each theme's wide table scrolls in its own region.
        reverse("partnership_plans"),
        reverse("partnership_plan", args=["hate-crime-action-plan-2018-2019"]),
        reverse("partnership_plan", args=["hate-crime-action-plan-2010-2011"]),
    ]


def clerk_pages(cycle):
    round, entry = cycle["round"], cycle["entry"]
    return [
        reverse("round_detail", args=[round.pk]),
        reverse("send_round_reminders", args=[round.pk]),
        reverse("publish_round", args=[round.pk]),
        reverse("delete_round", args=[round.pk]),
        reverse("open_round", args=[round.review.slug]),
        reverse("approvals"),
        reverse("approve_entry", args=[entry.pk]),
        reverse("correct_entry", args=[cycle["published"].pk]),
        reverse("reassign_action", args=[entry.action_id]),
        reverse("action_history", args=[entry.action_id]),
        # Importing a partnership plan; its preview's nine columns scroll in their region.
        *partnership_import_pages(),
        # A partnership plan's own details (helper "fixd").
        reverse("partnership_plan_details", args=["hate-crime-action-plan-2018-2019"]),
        # The people, their roles and logins: a row each, stacked (issue 28: 679 px wide).
        reverse("people"),
        # The national indicators the plans' glossaries print.
        reverse("partnership_indicators"),
    ]


WIDEST = """() => {
    const limit = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > limit + 1 && !el.closest("[role=region]");
    });
    const outermost = wide.filter(el => !wide.includes(el.parentElement));
    return outermost.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""


def overflow(page) -> str:
    """'' when the page fits the phone and then 320 px; else how wide it is
    at each, and what sticks out. The page loaded once is narrowed, not
    loaded again, and left at the phone's width for what comes next."""
    problems = []
    for size in (REFLOW, PHONE):
        page.set_viewport_size(size)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > size["width"]:
            problems.append(f"{page.url} at {size['width']} px: {width} px, {page.evaluate(WIDEST)}")
    return "; ".join(problems)


def assert_fits_a_phone(page):
    problem = overflow(page)
    assert not problem, problem


def test_the_sign_in_page_and_page_not_found_fit_a_phone(page, demo_site):
    """The page not found's request reference, 32 characters with no space,
    breaks rather than widening the page (349 to 363 px at 320, by its
    digits)."""
    page.set_viewport_size(PHONE)
    page.goto(reverse("login"))
    assert_fits_a_phone(page)
    assert_accessible(page)
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_fits_a_phone(page)
    page.wait_for_load_state("load")
    page.console_problems.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")
    assert_accessible(page)


@pytest.mark.parametrize(
    "username, pages",
    [
        ("councillor", reader_pages),
        ("vanessa.housley", lambda cycle: [reverse("my_updates")]),
        ("marc.stephenson", lambda cycle: [reverse("approvals"), reverse("approve_entry", args=[cycle["entry"].pk])]),
        ("clerk", lambda cycle: reader_pages(cycle) + clerk_pages(cycle)),
    ],
)
def test_every_page_fits_a_phone_and_stays_accessible(page, cycle, username, pages):
    page.set_viewport_size(PHONE)
    sign_in(page, username)
    problems = [overflow(page)]  # the page each role lands on
    for url in pages(cycle):
        page.goto(url)
        problems.append(overflow(page))
        assert_accessible(page)
    assert [p for p in problems if p] == []


def test_the_story_of_a_revised_target_fits_a_phone(page, cycle):
    """The story's "Revised target dates" table scrolls in its own region."""
    schools = Action.objects.get(pk=cycle["entry"].action_id)
    clerk = get_user_model().objects.get(username="clerk")
    schools.change_target(
        target_month=datetime.date(2021, 6, 1),
        reason="Schools were closed from March 2020; the training resumes in the summer term 2021.",
        by=clerk,
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")  # the revision applies from the open round: the clerk's to see
    page.goto(reverse("action_story", args=[schools.pk]))
    region = page.get_by_role("region", name="Each revision of the target date")
    assert "Schools were closed from March 2020" in region.inner_text()
    assert_fits_a_phone(page)
    assert_accessible(page)


def test_on_a_phone_what_changed_reads_down_the_page_not_sideways(page, cycle):
    """Each action's changes take the phone's width, with nothing to scroll
    sideways, not a column 125 px wide in a table that scrolls."""
    page.set_viewport_size(PHONE)
    sign_in(page, "councillor")
    page.goto(reverse("review_changes", args=[cycle["review"].slug]) + "?since=2020-03-12&until=2020-09-24")
    assert page.locator("[role=region]").count() == 0
    online = page.locator(".app-change").filter(has_text="1 b) The development of an on-line form")
    what = online.locator(".govuk-summary-list__row").filter(has_text="What changed").locator("dd")
    assert what.bounding_box()["width"] > 280
    assert_fits_a_phone(page)


def test_a_wide_table_scrolls_in_its_own_region_by_keyboard(page, cycle):
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    page.goto(reverse("partnership_plan", args=["hate-crime-action-plan-2018-2019"]))
    region = page.locator("[role=region]").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())


def test_on_a_phone_the_signed_in_line_starts_where_the_menu_does(page, demo_site):
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    page.goto(reverse("home"))
    signed_in = page.locator(".app-signed-in").bounding_box()
    container = page.locator(".govuk-service-navigation__container").bounding_box()
    assert abs(signed_in["x"] - container["x"]) <= 1, (signed_in, container)


def test_on_a_phone_the_annual_reports_review_lines_read_down_the_page(page, demo_site):
    """Each review's figures on lines of their own, every one on the
    screen: not a table 732 px wide scrolling in a box 345 px wide."""
    page.set_viewport_size(PHONE)
    sign_in(page, "councillor")
    page.goto(reverse("annual_report", args=[2019]) + "?committee=crime-and-disorder")
    assert page.locator("[role=region]").count() == 0
    heading = page.get_by_role("heading", name="Hate Crime", level=4)
    card = page.locator(".govuk-summary-card").filter(has=heading)
    rows = card.locator(".govuk-summary-list__row")
    assert rows.count() == 8  # with what it achieved: recommendations implemented, impacts evidenced
    figures = {}
    for row in rows.all():
        value = row.locator("dd")
        box = value.bounding_box()
        assert value.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        figures[row.locator("dt").inner_text()] = value.inner_text()
    assert figures["Signed off"] == "12" and figures["Still open"] == "3"
    assert figures["Recommendations implemented"].startswith("3") and figures["Impacts evidenced"].startswith("3")
    assert figures["Share On-Track or Fully Achieved"] == "88%"
    assert_fits_a_phone(page)
    assert_accessible(page)


def test_the_partnership_dashboard_fits_a_phone(page, partnership_site):
    """Its charts shrink to the screen, words still readable; its tables
    scroll in their own regions."""
    from tests.browser.test_accessibility import partnership_dashboard_pages

    page.set_viewport_size(PHONE)
    sign_in(page, "partner.lead")
    # Where a partner lead lands after signing in is another page's business
    # (it may refuse them until the partner leads' landing page exists).
    page.console_problems.clear()
    problems = []
    for url in partnership_dashboard_pages(partnership_site):
        page.goto(url)
        problems.append(overflow(page))
        assert_accessible(page)
    assert [p for p in problems if p] == []


def test_the_delivered_through_page_fits_a_phone(page, cycle):
    """Delivered through (links): the clerk's page, its choices open, and
    the action's page showing a linked action's RAG and progress."""
    from actionplans.models import Delivery
    from tests.factories import make_partnership_plan

    clerk = get_user_model().objects.get(username="clerk")
    plan = make_partnership_plan(by=clerk, actions=8)
    schools = cycle["entry"].action
    Delivery.objects.set_for(schools, list(plan.actions().filter(number__in=["1.6", "1.7", "1.8"])), by=clerk)
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    for url in [reverse("review_deliveries", args=["hate-crime"]), reverse("action_story", args=[schools.pk])]:
        page.goto(url)
        assert_fits_a_phone(page)
        assert_accessible(page)


def test_an_update_with_an_evidence_file_fits_a_phone(page, cycle, clamd):
    """The officer's update and files pages name a file by its title, kind
    and size, not its SHA-256: 64 characters that made the update's page
    739 px wide on a phone (the clerk's published record keeps it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import evidence_files

    entry = cycle["entry"]
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    entry.return_to_officer(
        by=get_user_model().objects.get(username="marc.stephenson"), version=entry.version, comment="Attach it."
    )
    entry.refresh_from_db()
    survey = entry.attach_file(
        by=vanessa,
        version=entry.version,
        title="Impact survey of the schools",
        upload=SimpleUploadedFile("survey.pdf", evidence_files.pdf()),
        name="survey.pdf",
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "vanessa.housley")
    for url in [reverse("update_entry", args=[entry.pk]), reverse("entry_files", args=[entry.pk])]:
        page.goto(url)
        words = page.locator("main").inner_text()
        assert "Impact survey of the schools" in words
        assert "SHA-256" not in words and survey.sha256 not in page.content()
        assert_fits_a_phone(page)
        assert_accessible(page)


# Partnership plans' quarterly updates (flow).


@pytest.mark.parametrize("username", ["pat.partner", "marc.stephenson", "clerk"])
def test_the_partnership_update_pages_fit_a_phone(page, partnership_quarter, username):
    quarter = partnership_quarter
    plan = quarter.plan
    update = quarter.updates.get(action__number="1.1")
    pat = get_user_model().objects.get(username="pat.partner")
    update.save_update(by=pat, version=0, submit=True, progress="Workshops held.", rag="green")
    pages = {
        "pat.partner": [reverse("partnership_updates"), reverse("partnership_update", args=[update.pk])],
        "marc.stephenson": [
            reverse("partnership_updates"),
            reverse("partnership_update_check", args=[update.pk]),
            # The coordinator's view of the quarter: whom to chase, their e-mail addresses.
            reverse("partnership_quarter", args=[plan.slug, quarter.pk]),
        ],
        "clerk": [
            reverse("partnership_updates"),
            reverse("partnership_quarter", args=[plan.slug, quarter.pk]),
            reverse("partnership_quarter_open", args=[plan.slug]),
            reverse("partnership_quarter_delete", args=[plan.slug, quarter.pk]),  # refused: 1.1 is submitted
            reverse("partnership_organisations", args=[plan.slug]),
        ],
    }[username]
    page.set_viewport_size(PHONE)
    sign_in(page, username)
    problems = [overflow(page)]
    for url in pages:
        page.goto(url)
        problems.append(overflow(page))
        assert_accessible(page)
    assert [p for p in problems if p] == []


@pytest.mark.parametrize("username", ["clerk", "admin"])
def test_the_menu_with_partnerships_fits_on_one_line_of_a_laptop(page, demo_site, username):
    """At 1280 px, the widest menu (a clerk's, with the partnership plans and
    their updates) keeps every item on one line: none drops below."""
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, username)
    page.goto(reverse("partnership_plans"))
    tops = page.eval_on_selector_all(
        ".govuk-service-navigation__item", "items => items.map(item => item.getBoundingClientRect().top)"
    )
    assert len(tops) >= 7 and len(set(tops)) == 1, tops


CELLS_OFF_SCREEN = """table => [...table.querySelectorAll("tbody td, tbody th")].filter(cell => {
    const box = cell.getBoundingClientRect();
    return cell.textContent.trim() && (box.width === 0 || box.left < 0 || box.right > window.innerWidth);
}).map(cell => cell.textContent.trim())"""


def column_name_before(cell) -> str:
    """The column's name a stacked cell shows before its words (its
    alternative text, after the slash, is empty: a screen reader hears the
    column's heading instead)."""
    return cell.evaluate("cell => getComputedStyle(cell, '::before').content").split(" / ")[0]


def test_on_a_phone_the_dashboard_and_round_tables_show_every_column_without_scrolling(page, cycle):
    """Issue 28: at 375 px the dashboard's and the round page's tables hid
    Grade, Before, Status and the links off to the right. Each row now reads
    down the screen, every cell on it with its column's name."""
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    page.goto(reverse("committee_dashboard", args=[cycle["review"].committee.slug]))
    for table in page.locator("main table").all():
        assert table.evaluate(CELLS_OFF_SCREEN) == []
    assert_fits_a_phone(page)
    # The dashboard's lists of actions, as its links open them.
    page.goto(reverse("action_list") + "?round=2020-09")
    table = page.locator("table").filter(has=page.locator("td[data-label=Before]")).first
    assert table.locator("tbody tr").count() > 0
    assert table.evaluate(CELLS_OFF_SCREEN) == []
    row = table.locator("tbody tr").first
    assert column_name_before(row.locator("td").nth(3)) == '"Grade: "'
    assert column_name_before(row.locator("td").nth(4)) == '"Before: "'
    expect(row.locator("td").nth(4)).to_be_visible()
    assert_fits_a_phone(page)

    page.goto(reverse("round_detail", args=[cycle["round"].pk]))
    table = page.get_by_role("table", name="Every action the round carries")
    assert table.evaluate(CELLS_OFF_SCREEN) == []
    region = page.get_by_role("region", name="Every action the round carries")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    schools = table.locator("tbody tr").filter(has_text="Schools, Colleges and Universities")
    status = schools.locator("td").nth(2)
    assert column_name_before(status) == '"Status: "' and "Submitted" in status.inner_text()
    history = schools.get_by_role("link", name=re.compile("^History"))
    box = history.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert_fits_a_phone(page)
    assert_accessible(page)

    page.goto(reverse("people"))
    table = page.locator("table").first
    assert table.evaluate(CELLS_OFF_SCREEN) == []
    assert_fits_a_phone(page)


CHART_WORDS = """() => [...document.querySelectorAll('main svg[role=img] text')].map(text => {
    const svg = text.ownerSVGElement;
    return svg.getScreenCTM().a * parseFloat(getComputedStyle(text).fontSize);
})"""


def test_on_a_phone_the_dashboards_chart_words_stay_16px(page, cycle):
    """Issue 28: the charts' labels shrank to about 12 px at 375 px."""
    page.set_viewport_size(PHONE)
    sign_in(page, "councillor")
    for url in (
        reverse("committee_dashboard", args=[cycle["review"].committee.slug]),
        reverse("committee_dashboard", args=[cycle["review"].committee.slug]) + "?round=2020-03",
    ):
        page.goto(url)
        sizes = page.evaluate(CHART_WORDS)
        assert sizes and min(sizes) >= 15.9, (url, sizes)
        assert_fits_a_phone(page)


def test_the_council_settings_pages_fit_a_phone(page, demo_site):
    """The administrator's settings page and a scale's form (720 px and
    more before) read down the page on a phone."""
    from actionplans import roles
    from tests.factories import make_user

    make_user("admin.phone", roles.ADMINISTRATOR, first_name="Ada", last_name="Admin")
    page.set_viewport_size(PHONE)
    sign_in(page, "admin.phone", "a-test-password-1")
    problems = []
    for url in (
        reverse("council_settings"),
        reverse("change_grading_scale", args=["progress"]),
        reverse("change_grading_scale", args=["partnership"]),
    ):
        page.goto(url)
        problems.append(overflow(page))
        assert_accessible(page)
    assert [p for p in problems if p] == []
