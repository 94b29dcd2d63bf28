"""A partnership plan's quarter in a real browser: a partner lead writes
an update with its RAG, the coordinator approves it, the clerk publishes
the quarter, and the update is what the quarter publishes."""

import pytest
from django.urls import NoReverseMatch, reverse

from actionplans.models import PartnershipUpdate
from tests.browser.conftest import assert_accessible, sign_in


def test_a_lead_writes_the_update_the_coordinator_approves_and_the_clerk_publishes(page, partnership_quarter):
    quarter = partnership_quarter
    plan = quarter.plan
    sign_in(page, "pat.partner")
    page.wait_for_url("**/partnerships/updates/")  # a partner lead lands on their updates
    assert page.get_by_role("link", name="Reviews").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="1.1").click()
    page.wait_for_url("**/partnerships/updates/*/")
    assert "Outcome of 1.1" in page.locator("main").inner_text()
    assert_accessible(page)

    # Submitted without a RAG: the error by the field, the text kept.
    page.get_by_label("Progress").fill("Hate crime awareness workshops held in 12 schools.")
    page.get_by_role("button", name="Submit to the coordinator").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose the action’s RAG status" in summary.inner_text()
    assert page.get_by_label("Progress").input_value() == "Hate crime awareness workshops held in 12 schools."
    assert_accessible(page)
    summary.get_by_role("link", name="Choose the action’s RAG status").click()
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Submit to the coordinator").click()
    page.wait_for_url("**/partnerships/updates/")
    assert "was submitted to the plan’s coordinator" in page.locator(".govuk-notification-banner").inner_text()
    update = quarter.updates.get(action__number="1.1")
    assert (update.status, update.rag) == (PartnershipUpdate.Status.SUBMITTED, "green")

    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("partnership_updates"))
    assert_accessible(page)
    page.get_by_role("link", name="Check the update on 1.1").click()
    assert "Hate crime awareness workshops held in 12 schools." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/partnerships/updates/")
    assert "was approved" in page.locator(".govuk-notification-banner").inner_text()

    page.context.clear_cookies()
    sign_in(page, "clerk")
    page.goto(reverse("partnership_quarter", args=[plan.slug, quarter.pk]))
    assert_accessible(page)
    missing = page.locator("#missing").inner_text()
    assert "1.2" in missing and "1.3" in missing and "1.1" not in missing
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish Q2 2018").click()
    assert "Q2 2018 is published" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    row = page.locator("tr", has_text="1.1")
    assert "Approved" in row.inner_text() and "Green" in row.inner_text()
    assert "No update received" in page.locator("tr", has_text="1.2").inner_text()
    update.refresh_from_db()
    assert list(PartnershipUpdate.objects.latest_received()) == [update]

    # The plan's own page, where it exists (helper "docs" builds it).
    try:
        plan_url = reverse("partnership_plan", args=[plan.slug])
    except NoReverseMatch:
        return
    page.goto(plan_url)
    text = page.locator("main").inner_text()
    assert "Hate crime awareness workshops held in 12 schools." in text and "Green" in text


def test_every_partnership_update_page_is_accessible_with_its_errors_and_refusals(page, partnership_quarter):
    quarter = partnership_quarter
    plan = quarter.plan
    lead = quarter.updates.get(action__number="1.1")
    sign_in(page, "pat.partner")
    page.goto(reverse("partnership_update", args=[lead.pk]))
    page.get_by_label("Progress").fill("Draft words")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/partnerships/updates/")
    # A conflict: someone else saved it meanwhile.
    page.goto(reverse("partnership_update", args=[lead.pk]))
    lead.refresh_from_db()
    from django.contrib.auth import get_user_model

    pat = get_user_model().objects.get(username="pat.partner")
    lead.save_update(by=pat, version=lead.version, submit=False, progress="Saved elsewhere", rag="amber")
    page.get_by_label("Progress").fill("Typed here")
    page.get_by_label("Red").check()
    page.get_by_role("button", name="Submit to the coordinator").click()
    assert "Your changes were not saved" in page.locator(".govuk-error-summary").inner_text()
    assert "Typed here" in page.locator(".app-typed").inner_text()
    page.console_problems.remove("Failed to load resource: the server responded with a status of 409 (Conflict)")
    assert_accessible(page)
    # The submitted update, read-only with its withdraw button.
    lead.refresh_from_db()
    lead.save_update(by=pat, version=lead.version, submit=True, progress="Saved elsewhere", rag="amber")
    page.goto(reverse("partnership_update", args=[lead.pk]))
    assert page.get_by_role("button", name="Withdraw the update to change it").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("partnership_update_check", args=[lead.pk]))
    page.get_by_role("button", name="Return to the lead").click()  # without the comment
    assert "Say what the lead needs to change" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "clerk")
    for url in [
        reverse("partnership_updates"),
        reverse("partnership_quarter", args=[plan.slug, quarter.pk]),
        reverse("partnership_quarter_open", args=[plan.slug]),  # refused: Q2 2018 is open
        reverse("partnership_organisations", args=[plan.slug]),
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto(reverse("partnership_quarter", args=[plan.slug, quarter.pk]))
    page.get_by_role("button", name="Publish Q2 2018").click()  # without confirming
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish Q2 2018").click()
    page.goto(reverse("partnership_quarter_open", args=[plan.slug]))
    page.get_by_role("button", name="Open the quarter").click()  # empty
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("username", ["pat.partner", "marc.stephenson", "clerk"])
def test_the_partnership_update_pages_fit_a_phone(page, partnership_quarter, username):
    from tests.browser.test_narrow_screens import PHONE, overflow

    quarter = partnership_quarter
    plan = quarter.plan
    update = quarter.updates.get(action__number="1.1")
    from django.contrib.auth import get_user_model

    pat = get_user_model().objects.get(username="pat.partner")
    update.save_update(by=pat, version=0, submit=True, progress="Workshops held.", rag="green")
    pages = {
        "pat.partner": [reverse("partnership_updates"), reverse("partnership_update", args=[update.pk])],
        "marc.stephenson": [reverse("partnership_updates"), reverse("partnership_update_check", args=[update.pk])],
        "clerk": [
            reverse("partnership_updates"),
            reverse("partnership_quarter", args=[plan.slug, quarter.pk]),
            reverse("partnership_quarter_open", args=[plan.slug]),
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
