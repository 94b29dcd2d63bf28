"""A clerk imports a partnership plan through the pages, in a real browser:
uploads a real file of seed 002's shape with the plan's coordinator, sees
the organisations the plan names listed to be created (and by each row),
confirms without ticking and is sent to the tick, ticks, confirms, and the
plan is saved with its quarter; then changes the plan's details. Every page
on the way is accessible."""

import re

from django.urls import reverse

from actionplans.models import PartnershipPlan
from tests.browser.conftest import assert_accessible, sign_in
from tests.partnership_files import seed_002


def test_a_clerk_imports_a_partnership_plan_creating_its_organisations(page, demo_site, tmp_path):
    path = tmp_path / "hate-crime-action-plan-2018-19.xlsx"
    path.write_bytes(seed_002())

    sign_in(page, "clerk")
    page.goto(reverse("partnership_plans"))
    page.get_by_role("link", name="Import a partnership plan from a spreadsheet").click()
    assert_accessible(page)
    # The demo has Stockton's partnership and plans: this is a new one.
    page.get_by_label("Name of the new partnership").fill("Hartlepool Hate Crime Group")
    page.get_by_label("The plan's title").fill("Hate Crime Action Plan 2018 – 2019")
    page.get_by_label("Short title").fill("Hartlepool Hate Crime Plan 2018–19")
    for legend, month, year in [("The plan's first month", "4", "2018"), ("The plan's last month", "3", "2019")]:
        dates = page.get_by_role("group", name=legend)
        dates.get_by_label("Month").fill(month)
        dates.get_by_label("Year").fill(year)
    page.get_by_label("Coordinator (optional)").select_option(label="Satnam Singh")
    page.get_by_label("Upload the file").set_input_files(path)
    quarter = page.get_by_role("group", name=re.compile("Which quarter"))
    quarter.get_by_label("Month").fill("7")
    quarter.get_by_label("Year").fill("2018")
    page.get_by_role("button", name="Upload and preview").click()

    page.wait_for_url("**/partnerships/import/*/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Check the import of {path.name}"
    # Creating a new partnership's organisations is the expected step: a
    # list to confirm, with a warning, not a problem of the file.
    assert page.locator(".govuk-error-summary").count() == 0
    assert "Confirming the import creates them" in page.locator(".govuk-warning-text").inner_text()
    # By its row, too: the action whose Lead names it.
    safeguarding = page.locator("tr").filter(has_text="Attend annual Safeguarding Forum")
    assert "To be created: Police" in safeguarding.inner_text()
    assert page.locator("table .govuk-error-message").count() == 0
    assert "Progress and RAG for Q2 2018" in page.locator("main").inner_text()
    assert_accessible(page)

    # Confirming without the tick is the one error, linked to the tick.
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary")
    assert "Tick the box to create Police, OPCC" in summary.inner_text()
    assert not PartnershipPlan.objects.filter(partnership__name__startswith="Hartlepool").exists()  # not yet
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("Tick the box")).click()
    assert page.evaluate("document.activeElement.id") == "id_create_people"
    page.get_by_label("Create the organisations and national indicators listed above").check()
    page.get_by_role("button", name="Confirm and import").click()

    page.wait_for_url(lambda url: not re.search(r"/partnerships/import/\d+/", url))
    plan = PartnershipPlan.objects.get(partnership__name="Hartlepool Hate Crime Group")
    assert page.url.endswith(reverse("partnership_plan", args=[plan.slug]))  # the plan's page
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"Imported {path.name}: Hate Crime Action Plan 2018 – 2019, 3 actions" in banner
    assert "Attend annual Safeguarding Forum" in page.locator("main").inner_text()
    assert sorted(o.name for o in plan.partnership.organisations.all()) == ["OPCC", "Police"]
    first = plan.actions().get(number="1.1")
    assert first.lead_organisations.get().name == "Police"
    quarter = plan.quarters.get()
    assert quarter.label == "Q2 2018" and quarter.is_published
    assert plan.coordinator.username == "satnam.singh"
    assert_accessible(page)

    # The plan's details, later: the agenda header its papers carry.
    page.get_by_role("link", name="Change the plan’s details").click()
    assert_accessible(page)
    page.get_by_label("Agenda header (optional)").fill("Agenda Item 6: Appendix 2")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: url.endswith(reverse("partnership_plan", args=[plan.slug])))
    plan.refresh_from_db()
    assert plan.agenda_header == "Agenda Item 6: Appendix 2" and plan.coordinator.username == "satnam.singh"
