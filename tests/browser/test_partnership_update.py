"""A partnership plan's quarter in a real browser: a partner lead writes
an update with its RAG, the coordinator approves it, the clerk publishes
the quarter, and the update is what the quarter publishes."""

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
    # Of this plan: the demo's own plans have theirs.
    assert list(PartnershipUpdate.objects.latest_received().filter(quarter__plan=plan)) == [update]

    # The plan's own page, where it exists (helper "docs" builds it).
    try:
        plan_url = reverse("partnership_plan", args=[plan.slug])
    except NoReverseMatch:
        return
    page.goto(plan_url)
    text = page.locator("main").inner_text()
    assert "Hate crime awareness workshops held in 12 schools." in text and "Green" in text
