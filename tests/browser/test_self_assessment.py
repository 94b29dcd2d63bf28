"""The self-assessment against seed 003's standards in a real browser, the
issue's done-when journey: a clerk starts a new assessment from the
council's last one, rates 1 A Partly met, is told by the field that the gap
is needed (what they typed kept), records the gap, ticks an existing
partnership action that closes it, and sees it on the assessment's page
with the action's latest status. Every page visited, the error page
included, has no axe violations and fits a 375 px phone."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Assessment, PartnershipAction
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_narrow_screens import PHONE, assert_fits_a_phone

FRAMEWORK = "north-east-hate-incident-standards"
DESK = {"width": 1280, "height": 900}


def check(page):
    """No axe violations on a desk, and the page fits a phone."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits_a_phone(page)
    page.set_viewport_size(DESK)


def see_the_comparison(page, assessment, one_a):
    """The journey's last step: from the assessment's page, follow "What
    moved since the assessment of 1 October 2009" and see 1 A moved Met →
    Partly met (Worse), with its new gap and the action linked to close it,
    and nothing else moved."""
    link = page.get_by_role("link", name="What moved since the assessment of 1 October 2009 (illustrative)")
    assert link.get_attribute("href") == reverse("compare_assessments", args=[assessment.pk])
    link.click()
    page.wait_for_url(f"**{reverse('compare_assessments', args=[assessment.pk])}")
    summary = page.locator("#summary").inner_text()
    assert "From 1 October 2009 (illustrative) to 1 March 2021" in summary
    assert "1 characteristic moved: 1 worse." in summary
    row = page.locator(f"#{one_a.characteristic.anchor}")
    words = row.inner_text()
    assert "1 A" in words and "Worse" in words
    assert "Rating: Met" in words and "Partly met" in words
    assert "Libraries are not yet third party reporting points." in words
    assert "Hate Crime Action Plan 2018–2019, 3.3" in words
    # Only what changed is shown: 1 B, rated Met in both, is not.
    assert page.locator(".app-compared").count() == 1
    check(page)


def test_a_clerk_records_a_new_assessment_from_the_last_and_links_an_action_to_a_gap(page, rated_demo_site):
    page.set_viewport_size(DESK)
    sign_in(page, "clerk")
    page.goto(reverse("start_assessment", args=[FRAMEWORK]))
    assert "The last assessment of Stockton-on-Tees Borough Council: 1 October 2009 (illustrative)" in page.inner_text(
        "main"
    )
    check(page)
    page.get_by_label("Stockton-on-Tees Borough Council").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2021")
    page.get_by_label("The area’s last assessment").check()
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url(re.compile(r"/standards/assessments/\d+/$"))
    draft = Assessment.objects.get(status=Assessment.Status.DRAFT)
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "was started from its last assessment, of 1 October 2009 (illustrative)" in banner
    assert "Assessed on 1 March 2021" in page.inner_text("main") and "Draft" in page.inner_text("#assessed-on")
    check(page)

    # 1 A, Met in the last assessment.
    one_a = draft.responses.get(characteristic__standard__number=1, characteristic__letter="A")
    card = page.locator(f"#{one_a.characteristic.anchor}")
    assert "Met" in card.locator(".govuk-summary-card__title").inner_text()
    card.get_by_role("link", name="Change 1 A").click()
    page.wait_for_url(f"**{reverse('record_local_response', args=[draft.pk, one_a.pk])}")
    assert "To ensure that all victims of hate incidents have the opportunity to report." in page.inner_text("main")
    check(page)

    # Partly met without the gap: the error by the field, the text kept.
    response = page.get_by_label("Local response")
    typed = response.input_value() + "\nNot yet in libraries."
    response.fill(typed)
    page.get_by_label("Partly met").check()
    page.get_by_role("button", name="Save 1 A").click()
    summary = page.locator(".govuk-error-summary")
    message = "Say what the gap is: what is not yet in place for a characteristic partly met."
    assert message in summary.inner_text()
    assert message in page.locator("#id_gap-error").inner_text()
    assert page.get_by_label("Local response").input_value() == typed
    assert page.get_by_label("Partly met").is_checked()
    check(page)

    # The gap, and the partnership action that closes it.
    summary.get_by_role("link", name=message).click()
    page.get_by_label("Gap").fill("Libraries are not yet third party reporting points.")
    plan = page.locator("details", has_text="Hate Crime Action Plan 2018–2019")
    plan.locator("summary").click()
    plan.get_by_label("3.3 Promote Third Party Reporting Centres").check()
    page.get_by_role("button", name="Save 1 A").click()
    page.wait_for_url(re.compile(rf"/standards/assessments/{draft.pk}/(#.*)?$"))
    assert "1 A was saved: Partly met." in page.locator(".govuk-notification-banner").inner_text()
    card = page.locator(f"#{one_a.characteristic.anchor}")
    words = card.inner_text()
    assert "Partly met" in card.locator(".govuk-summary-card__title").inner_text()
    assert "Libraries are not yet third party reporting points." in words
    assert "Hate Crime Action Plan 2018–2019, 3.3" in words and "Latest status: Green, Q2 2018" in words
    action = PartnershipAction.objects.get(theme__plan__slug="hate-crime-action-plan-2018-2019", number="3.3")
    assert list(one_a.links.values_list("partnership_action", flat=True)) == [action.pk]
    check(page)

    see_the_comparison(page, draft, one_a)


def test_the_clerks_other_assessment_pages_are_accessible_and_fit_a_phone(page, rated_demo_site):
    from django.contrib.auth import get_user_model

    published = Assessment.objects.get(framework__slug=FRAMEWORK)
    clerk = get_user_model().objects.get(username="clerk")
    draft = Assessment.objects.start(
        framework=published.framework, assessed_on=published.assessed_on, start_from=published, by=clerk
    )
    one_d = draft.responses.get(characteristic__standard__number=1, characteristic__letter="D")
    page.set_viewport_size(DESK)
    sign_in(page, "clerk")
    for url in [
        reverse("new_gap_action", args=[draft.pk, one_d.pk]),
        reverse("change_assessment", args=[draft.pk]),
        reverse("publish_assessment", args=[draft.pk]),
        reverse("delete_assessment", args=[draft.pk]),
        reverse("record_local_response", args=[published.pk, published.responses.first().pk]),
        reverse("delete_assessment", args=[published.pk]),
    ]:
        page.goto(url)
        check(page)
    # The new action's errors, by their fields.
    page.goto(reverse("new_gap_action", args=[draft.pk, one_d.pk]))
    page.get_by_role("button", name="Add the action to close the gap").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the action", use_inner_text=True)
    check(page)

    page.context.clear_cookies()
    sign_in(page, "councillor")
    page.goto(reverse("assessment_detail", args=[published.pk]))
    assert "Published" in page.inner_text("#assessed-on")
    assert page.get_by_role("link", name="Change 1 A").count() == 0
    check(page)
