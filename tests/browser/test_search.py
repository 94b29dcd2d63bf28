"""Search in a real browser: a councillor searches from the reviews page,
and a visitor who is not signed in searches the public pages. Checked with
axe."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in


def test_a_councillor_searches_and_sees_the_words_in_context(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("home"))
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page.locator("h1")).to_have_text("Search", use_inner_text=True)
    assert_accessible(page)

    page.get_by_label("Search reviews, recommendations, actions and evidence").fill("a")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least 2 characters", use_inner_text=True)
    assert_accessible(page)

    page.get_by_label("Search reviews, recommendations, actions and evidence").fill("online portal")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".app-search-result").filter(has_text="Evidence, September 2020 – Hate Crime")
    assert result.first.locator("h3").inner_text().startswith("Recommendation 1 b)")
    assert result.first.locator("mark").all_inner_texts()[:2] == ["online", "portal"]
    assert_accessible(page)
    result.first.get_by_role("link").click()
    assert "/actions/" in page.url


def test_a_visitor_searches_the_published_papers(page, demo_site, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    page.goto(reverse("public_search"))
    page.get_by_label("Search reviews, recommendations, actions and evidence").fill("online portal")
    page.get_by_role("button", name="Search").click()
    assert page.locator("#search-count").inner_text().endswith("for ‘online portal’")
    result = page.locator(".app-search-result").filter(has_text="Evidence, September 2020 – Hate Crime")
    assert result.count() == 1
    assert result.locator("mark").first.inner_text() == "online"
    assert_accessible(page)
