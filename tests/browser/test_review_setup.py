"""A clerk sets up a small review in a real browser, with the clerk role
alone: three recommendations, one with a lettered part in two strands,
owners chosen with the searchable picker in order, to confirmation. Every
page passes axe."""

import re

from playwright.sync_api import expect

from actionplans.models import Action, Review
from tests.browser.conftest import assert_accessible, sign_in


def pick(page, field_id, typed, name):
    """Choose `name` in the searchable Responsibility field `field_id`."""
    box = page.locator(f"#{field_id}")
    box.fill(typed)
    page.locator(f"#{field_id}__listbox").get_by_role("option", name=name, exact=True).click()
    expect(box).to_have_value(name)


def fill_record(page, prefix, *, month="", year="", text="", action="Do it.", measure="It is done."):
    page.locator(f"#id_{prefix}-target_month_month").fill(month)
    page.locator(f"#id_{prefix}-target_month_year").fill(year)
    page.locator(f"#id_{prefix}-target_text").fill(text)
    page.locator(f"#id_{prefix}-agreed_action").fill(action)
    page.locator(f"#id_{prefix}-success_measure").fill(measure)


def test_a_clerk_sets_up_a_review_to_confirmation(page, demo_site):
    sign_in(page, "clerk")
    page.goto("/")
    page.get_by_role("link", name="Set up a review").click()
    assert_accessible(page)

    page.get_by_label("Select Committee").select_option(label="Crime and Disorder Select Committee")
    page.get_by_label("Title of the review").fill("Domestic Abuse")
    pick(page, "id_owner_0", "Marc", "Marc Stephenson")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/reviews/domestic-abuse/plan/")
    assert_accessible(page)

    # Recommendation 1: its own action record.
    page.get_by_role("link", name="Add a recommendation").click()
    assert_accessible(page)
    page.get_by_label("Recommendation", exact=True).fill("That the Council review its domestic abuse strategy.")
    pick(page, "id_rec-own-owner_0", "Sat", "Satnam Singh")
    fill_record(page, "rec-own", month="10", year="2021")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")
    expect(page.get_by_role("heading", name="Recommendation 1")).to_be_visible()

    # Recommendation 2: a lettered part in two strands, the first with two owners.
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That partners raise awareness of support among:")
    page.get_by_role("button", name="Remove Action record of Recommendation").click()
    page.get_by_role("button", name="Add a lettered part").click()
    page.get_by_label("Text of the lettered part").fill("targeted awareness raising for:")
    page.get_by_role("button", name="Remove Action record of a)").click()
    page.get_by_role("button", name="Add a strand to a)").click()
    page.get_by_role("button", name="Add a strand to a)").click()
    assert_accessible(page)
    page.locator("#id_p0-s0-strand").fill("Frontline staff")
    pick(page, "id_p0-s0-owner_0", "All Stockton", "All Stockton hate crime group members")
    page.get_by_role("button", name="Add another person or group to Strand 1 of a)").click()
    pick(page, "id_p0-s0-owner_1", "Satnam", "Satnam Singh")
    fill_record(page, "p0-s0", month="1", year="2022")
    page.locator("#id_p0-s1-strand").fill("Younger men")
    pick(page, "id_p0-s1-owner_0", "Neil", "Neil Mitchell")
    fill_record(page, "p0-s1", text="Reviewed throughout the year 2022")
    # A mistake first: the page says what is wrong and keeps what was typed.
    page.locator("#id_p0-s1-agreed_action").fill("")
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the agreed action")
    assert_accessible(page)
    expect(page.locator("#id_p0-s0-strand")).to_have_value("Frontline staff")
    expect(page.locator("#id_p0-s0-owner_1")).to_have_value("Satnam Singh")
    page.locator("#id_p0-s1-agreed_action").fill("Work with youth services.")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")

    # Recommendation 3.
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That a letter be sent to the MPs.")
    pick(page, "id_rec-own-owner_0", "hate crime lead", "SBC Hate Crime Lead")
    fill_record(page, "rec-own", month="9", year="2021")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")
    assert_accessible(page)

    page.get_by_role("link", name="Check and confirm the plan").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("All Stockton hate crime group members, Satnam Singh")
    page.get_by_role("button", name="Confirm the plan").click()
    page.wait_for_url("**/reviews/domestic-abuse/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Being monitored")

    review = Review.objects.get(slug="domestic-abuse")
    assert review.status == Review.Status.MONITORING
    actions = list(Action.objects.filter(recommendation__review=review).in_document_order())
    assert [a.reference for a in actions] == ["1", "2 a) Frontline staff", "2 a) Younger men", "3"]
    assert [link.owner.name for link in actions[1].responsibilities.all()] == [
        "All Stockton hate crime group members",
        "Satnam Singh",
    ]
    assert re.search("Reviewed throughout the year 2022", actions[2].target_label)
