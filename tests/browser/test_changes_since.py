"""What changed since the last meeting, in a real browser: a councillor
goes from the committee's dashboard to the changes, picks the March and
September 2020 meetings and reads what moved. Checked with axe."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ProgressEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import committee_with


def test_a_councillor_picks_two_meetings_and_sees_what_changed(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("committee_dashboard", args=[demo_site.committee.slug]))
    page.get_by_role("link", name="What changed since the last meeting").click()
    expect(page.locator("h1")).to_have_text(
        "What changed since the meeting of 24 September 2020 (illustrative)", use_inner_text=True
    )
    assert (
        page.locator("#changes-count").inner_text()
        == "Nothing changed since the meeting of 24 September 2020 (illustrative)."
    )
    # The lists show the comparison the heading names, and no meeting still to come.
    assert page.get_by_label("Since the meeting of").input_value() == "2020-09-24"
    assert page.get_by_label("Until").input_value() == "today"
    assert_accessible(page)

    page.get_by_label("Since the meeting of").select_option(label="12 March 2020 (illustrative)")
    page.get_by_label("Until").select_option(label="24 September 2020 (illustrative)")
    page.get_by_role("button", name="Show what changed").click()
    # The address changes before the new page is read: wait for its title.
    expect(page).to_have_title(
        re.compile(
            r"^What changed between the meetings of 12 March 2020 \(illustrative\) "
            r"and 24 September 2020 \(illustrative\)"
        )
    )
    assert "since=2020-03-12" in page.url and "until=2020-09-24" in page.url
    assert page.locator("#changes-count").inner_text().startswith("3 improved, 0 worse, 2 with responsibility changed")
    assert "12 signed off, 1 closed, 3 carried forward" in page.locator("#changes-count").inner_text()
    online = page.locator(".app-change").filter(has_text="1 b) The development of an on-line form")
    # Each grade as it was printed: March 2020's code alone, September's code and label.
    assert "4 → 1 (Fully Achieved)" in online.inner_text()
    assert "Neil Mitchell → Errol Parks" in online.inner_text()
    assert "Rewritten: In line with work conducted" in online.inner_text()
    # Those that only left monitoring: a list per decision after the cards.
    assert page.locator(".app-change").count() == 3
    left = page.locator(f"#left-{demo_site.slug}")
    assert "Closed, not achieved at the meeting of 12 March 2020 (illustrative)" in left.inner_text()
    assert left.get_by_role("link", name="1 c) recruiting and developing capacity of…").count() == 1
    assert left.get_by_role("listitem").count() == 13
    assert page.locator("#changes-key").inner_text().startswith("Key: Rewritten: marks a text mostly new")
    assert_accessible(page)


def test_new_words_are_highlighted_not_underlined_and_the_key_says_so(page, demo_site):
    online = ProgressEntry.objects.get(
        action__strand__startswith="The development of an on-line form", round__period=datetime.date(2020, 9, 1)
    )
    online.correct(
        by=get_user_model().objects.get(username="clerk"),
        version=online.version,
        reason="Spell out 'local authorities'",
        evidence_of_progress=online.evidence_of_progress.replace("LA's", "local authorities"),
    )
    sign_in(page, "councillor")
    page.goto(reverse("review_changes", args=[demo_site.slug]))
    new = page.locator("ins.app-new").first
    assert "local authorities," in new.inner_text()
    style = new.evaluate("el => { const s = getComputedStyle(el); return [s.textDecorationLine, s.backgroundColor]; }")
    assert style == ["none", "rgb(207, 228, 220)"]
    assert "highlighted words are new since the progress update before" in page.locator("#changes-key").inner_text()
    # The words the correction replaced, struck through.
    removed = page.locator(".app-change del.app-removed").first
    assert "LA's," in removed.inner_text()
    assert removed.evaluate("el => getComputedStyle(el).textDecorationLine") == "line-through"
    assert "struck-through words are words a correction removed" in page.locator("#changes-key").inner_text()
    assert_accessible(page)


def test_a_large_committees_changes_are_read_a_page_at_a_time(page, demo_site):
    committee = committee_with(160)  # 120 moved between the two (those graded 1 in March had no update after)
    sign_in(page, "councillor")
    page.goto(reverse("committee_changes", args=[committee.slug]) + "?since=2020-03-20&until=2020-09-20")
    count = page.locator("#changes-count").inner_text()
    assert page.locator("#changes-listed").inner_text().startswith("Actions 1 to 50 of 120 that changed.")
    assert page.locator(".app-change").count() == 50
    pagination = page.get_by_role("navigation", name="Pagination")
    pagination.get_by_role("link", name="Next page").click()
    page.wait_for_url("**page=2**")
    assert "page=2" in page.url and "since=2020-03-20" in page.url and "until=2020-09-20" in page.url
    assert page.locator("#changes-listed").inner_text().startswith("Actions 51 to 100 of 120 that changed.")
    assert page.locator("#changes-count").inner_text() == count
    assert pagination.locator("[aria-current=page]").inner_text() == "2"
    assert_accessible(page)
    pagination.get_by_role("link", name="Page 3").click()
    page.wait_for_url("**page=3**")
    assert page.locator(".app-change").count() == 20
    assert pagination.get_by_role("link", name="Next page").count() == 0
