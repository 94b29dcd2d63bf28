"""A partnership plan's quarter in a real browser: a partner lead writes
an update with its RAG, the coordinator approves it, the clerk publishes
the quarter, and the update is what the quarter publishes: the plan's page,
its dashboard and the scrutiny action it delivers show it."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, Delivery, PartnershipUpdate
from tests.browser.conftest import assert_accessible, sign_in


def test_a_lead_writes_the_update_the_coordinator_approves_and_the_clerk_publishes(page, partnership_quarter):
    quarter = partnership_quarter
    plan = quarter.plan
    # The scrutiny action that 1.1 delivers.
    clerk = get_user_model().objects.get(username="clerk")
    delivered = Action.objects.get(strand="Schools, Colleges and Universities")
    Delivery.objects.set_for(delivered, [plan.actions().get(number="1.1")], by=clerk)
    sign_in(page, "pat.partner")
    page.wait_for_url("**/partnerships/updates/")  # a partner lead lands on their updates
    assert page.get_by_role("link", name="Reviews").count() == 0
    assert_accessible(page)
    # The service's name in the header leads back here, not to the reviews.
    page.locator(".app-header__link").click()
    page.wait_for_url("**/partnerships/updates/")
    # The link carries the action's words, not a bare "1.1" (issue 28).
    action = plan.actions().get(number="1.1")
    assert action.text and page.get_by_role("link", name="1.1", exact=True).count() == 0
    page.get_by_role("link", name=f"1.1 {action.text}", exact=True).click()
    page.wait_for_url("**/partnerships/updates/*/")
    assert "Outcome of 1.1" in page.locator("main").inner_text()
    # The heading names it in full, not cut mid-sentence.
    assert page.get_by_role("heading", level=1).inner_text() == f"Update on 1.1 {action.text}"
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
    # The coordinator lands on the partnership updates waiting for them to
    # check; their own progress updates tell them of it too.
    page.wait_for_url("**/partnerships/updates/")
    expect(page.locator("main")).to_contain_text("Waiting for you to check", use_inner_text=True)
    page.goto(reverse("my_updates"))
    banner = page.locator("#partnership-to-check")
    expect(banner).to_contain_text("1 partnership update is waiting for you to check", use_inner_text=True)
    assert_accessible(page)
    banner.get_by_role("link", name="Check the partnership updates").click()
    page.wait_for_url("**/partnerships/updates/")
    assert_accessible(page)
    page.get_by_role("link", name="Check the update on 1.1").click()
    # The list shows the progress too: the update's own page is the one read.
    page.wait_for_url("**/partnerships/updates/*/check/")
    expect(page.locator("main")).to_contain_text(
        "Hate crime awareness workshops held in 12 schools.", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/partnerships/updates/")
    assert "was approved" in page.locator(".govuk-notification-banner").inner_text()
    # From the plan's page to the quarter's: whom to chase, but publishing
    # is the clerks'.
    page.goto(reverse("partnership_plan", args=[plan.slug]) + f"?quarter={quarter.pk}")
    page.get_by_role("link", name="Q2 2018: who has written their update, and whom to chase").click()
    page.wait_for_url(f"**{reverse('partnership_quarter', args=[plan.slug, quarter.pk])}")
    assert "1.2" in page.locator("#to-chase").inner_text()
    assert page.get_by_role("button", name="Publish Q2 2018").count() == 0
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "clerk")
    page.goto(reverse("partnership_quarter", args=[plan.slug, quarter.pk]))
    assert_accessible(page)
    missing = page.locator("#missing").inner_text()
    assert "1.2" in missing and "1.3" in missing and "1.1" not in missing
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish Q2 2018").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Q2 2018 is published", use_inner_text=True)
    assert_accessible(page)
    row = page.locator("tr", has_text="1.1")
    assert "Approved" in row.inner_text() and "Green" in row.inner_text()
    assert "No update received" in page.locator("tr", has_text="1.2").inner_text()
    update.refresh_from_db()
    assert list(PartnershipUpdate.objects.latest_received().filter(quarter=quarter)) == [update]

    # A councillor reads it: on the plan's page, on its dashboard (Green
    # counted under its theme) and on the scrutiny action it delivers.
    page.context.clear_cookies()
    sign_in(page, "councillor")
    page.goto(reverse("partnership_plan", args=[plan.slug]))
    text = page.locator("main").inner_text()
    assert "Hate crime awareness workshops held in 12 schools." in text and "Green" in text
    assert_accessible(page)
    page.goto(reverse("partnership_dashboard", args=[plan.slug]))
    table = page.locator("table", has_text="Theme 1").first
    headings = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    theme_row = [
        cell.strip() for cell in table.locator("tbody tr", has_text="Theme 1").first.locator("th, td").all_inner_texts()
    ]
    assert theme_row[headings.index("Green")] == "1"
    assert_accessible(page)
    page.goto(reverse("action_story", args=[delivered.pk]))
    story = page.locator("main").inner_text()
    assert "Delivered through" in story and "Green in Q2 2018" in story
    assert "Hate crime awareness workshops held in 12 schools." in story
    assert_accessible(page)
