"""What changed since the last meeting, in a real browser: a councillor
goes from the committee's dashboard to the changes, picks the March and
September 2020 meetings and reads what moved. Checked with axe."""

from django.urls import reverse

from tests.browser.conftest import assert_accessible, sign_in


def test_a_councillor_picks_two_meetings_and_sees_what_changed(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("committee_dashboard", args=[demo_site.committee.slug]))
    page.get_by_role("link", name="What changed since the last meeting").click()
    assert "between the meeting of 24 September 2020 and today" in page.locator("h2").first.inner_text()
    assert_accessible(page)

    page.get_by_label("Since the meeting of").select_option(label="12 March 2020")
    page.get_by_label("Until").select_option(label="24 September 2020")
    page.get_by_role("button", name="Show what changed").click()
    assert "since=2020-03-12" in page.url and "until=2020-09-24" in page.url
    assert page.locator("#changes-count").inner_text().startswith("3 improved, 0 worse, 2 owners changed")
    online = page.get_by_role("row").filter(has_text="1 b) The development of an on-line form")
    assert "4 (Not Achieved) → 1 (Fully Achieved)" in online.inner_text()
    assert "Neil Mitchell → Errol Parks" in online.inner_text()
    assert online.locator("ins").count() >= 1
    closed = page.get_by_role("row").filter(has_text="1 c)")
    assert "Closed, not achieved at the meeting of 12 March 2020" in closed.inner_text()
    assert_accessible(page)
