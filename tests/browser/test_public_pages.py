"""The public pages in a real browser: an anonymous visitor comes in at the
front door (the sign-in page links the public pages while they are on) and walks from the
committees to a review and a published round and downloads its PDF; a clerk
marks an action as exempt information and the public page prints the
notice in its place. Zero axe violations on every page."""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.documents import pdf_text, squash


def test_a_visitor_reads_a_round_and_a_clerk_marks_an_action_exempt(page, demo_site, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    page.goto("/")
    page.wait_for_url("**/sign-in/**")
    assert_accessible(page)
    page.get_by_role("link", name="read the published progress updates").click()
    page.wait_for_url("**/public/")
    expect(page.get_by_role("heading", name="Crime and Disorder Select Committee")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Hate Crime").click()
    page.wait_for_url("**/public/reviews/hate-crime/")
    expect(page.get_by_role("heading", name="Recommendation 1", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Progress update, March 2020").click()
    page.wait_for_url("**/public/reviews/hate-crime/2020-03/")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    assert info.value.suggested_filename == "hate-crime-progress-update-2020-03.pdf"
    printed = squash(pdf_text(Path(info.value.path()).read_bytes()))
    assert squash("SCRUTINY MONITORING – PROGRESS UPDATE") in printed and squash("Younger men") in printed

    sign_in(page, "clerk")
    page.goto(reverse("review_detail", args=["hate-crime"]))
    page.get_by_role("link", name="Mark exempt information").click()
    assert_accessible(page)
    page.get_by_role("link", name="Change whether 1 a) Younger men is exempt").click()
    assert_accessible(page)
    page.get_by_label("Paragraph 1: Information relating to any individual").check()
    page.get_by_role("button", name="Save").click()
    banner = page.locator(".govuk-notification-banner")
    assert "Recommendation 1 a) Younger men is now Exempt information (paragraph 1)." in banner.inner_text()
    assert_accessible(page)

    page.goto("/public/reviews/hate-crime/2020-03/")
    document = page.locator(".app-document")
    assert "Exempt information (paragraph 1)" in document.inner_text()
    assert "Younger men" not in document.inner_text()
    assert_accessible(page)


def test_a_resident_filters_the_register_of_recommendations_and_what_they_achieved(page, demo_site, settings):
    """Issue 74, item 5: the register, from the public pages' navigation,
    filtered to the committee's priorities and to one kind of impact, its
    status as of today; axe-clean, the error kept beside its field."""
    settings.SCRUTINY_PUBLIC_PAGES = True
    page.goto(reverse("public_home"))
    page.get_by_role("navigation").get_by_role("link", name="Recommendations").click()
    expect(page.get_by_role("heading", name="4 of 4 recommendations")).to_be_visible()
    assert "Status as of" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Only the committee's priorities").check()
    page.get_by_role("button", name="Show the recommendations").click()
    expect(page.get_by_role("heading", name="1 of 4 recommendations")).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Open 9")
    page.goto(reverse("public_register") + "?impact=policy")
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Both Members of Parliament were asked")
    expect(card).to_contain_text("(2 MPs written to)")
    assert_accessible(page)
    page.goto(reverse("public_register") + "?status=Closed")
    expect(page.get_by_role("alert")).to_contain_text("Select a valid choice")
    assert_accessible(page)
