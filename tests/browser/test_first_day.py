"""A council's first day: with the Clerk role alone (no
admin page, no administrator), a clerk adds two new officers and a link
officer, sets up a small review (three recommendations, one lettered part in
two strands) with them responsible, confirms it and opens its first round.
One new officer then sets their password from the e-mailed link and finds
their actions under "Your updates". Every page passes axe."""

import re

from django.core import mail
from playwright.sync_api import expect

from actionplans.models import Action, Review
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_review_setup import fill_record, pick

PASSWORD = "purple-hedgehog-tuesday"


def add_person(page, name, email, *roles):
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="Add a person").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    for role in roles:
        page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator("main")).to_contain_text(email)
    assert_accessible(page)


def link_in(message) -> str:
    return re.search(r"https?://\S+/account/set-password/\S+", message.body).group(0)


def test_a_clerk_alone_sets_up_a_review_and_a_new_officer_finds_their_actions(page, demo_site):
    sign_in(page, "clerk")
    page.goto("/")

    add_person(page, "Nadia Khan", "nadia.khan@example.org", "Officer")
    add_person(page, "Owen Price", "owen.price@example.org", "Officer")
    add_person(page, "Lara Lowe", "lara.lowe@example.org", "Link officer", "Officer")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lara.lowe@example.org",
        "nadia.khan@example.org",
        "owen.price@example.org",
    ]

    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("link", name="Set up a review").click()
    page.get_by_label("Which Select Committee?").select_option(label="Crime and Disorder Select Committee")
    page.get_by_label("Title of the review").fill("Domestic Abuse")
    pick(page, "id_owner_0", "Lara", "Lara Lowe")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/reviews/domestic-abuse/plan/")
    assert_accessible(page)

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That the Council review its domestic abuse strategy.")
    pick(page, "id_rec-own-owner_0", "Nadia", "Nadia Khan")
    fill_record(page, "rec-own", month="10", year="2021")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That partners raise awareness of support among:")
    page.get_by_role("button", name="Remove Action record of Recommendation").click()
    page.get_by_role("button", name="Add a lettered part").click()
    page.get_by_label("Text of the lettered part").fill("targeted awareness raising for:")
    page.get_by_role("button", name="Remove Action record of a)").click()
    page.get_by_role("button", name="Add a strand to a)").click()
    page.get_by_role("button", name="Add a strand to a)").click()
    page.locator("#id_p0-s0-strand").fill("Frontline staff")
    pick(page, "id_p0-s0-owner_0", "Owen", "Owen Price")
    page.get_by_role("button", name="Add another person or group to Strand 1 of a)").click()
    pick(page, "id_p0-s0-owner_1", "Nadia", "Nadia Khan")
    fill_record(page, "p0-s0", month="1", year="2022")
    page.locator("#id_p0-s1-strand").fill("Younger men")
    pick(page, "id_p0-s1-owner_0", "Owen", "Owen Price")
    fill_record(page, "p0-s1", text="Reviewed throughout the year 2022")
    assert_accessible(page)
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That a letter be sent to the MPs.")
    pick(page, "id_rec-own-owner_0", "Lara", "Lara Lowe")
    fill_record(page, "rec-own", month="9", year="2021")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")

    page.get_by_role("link", name="Check and confirm the plan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the plan").click()
    page.wait_for_url("**/reviews/domestic-abuse/")

    # The first round, so that the officers have updates to write.
    page.get_by_role("link", name="Open the next round").click()
    page.locator("#id_month").select_option(label="December")
    page.locator("#id_year").fill("2021")
    page.locator("#id_deadline_day").fill("15")
    page.locator("#id_deadline_month").fill("11")
    page.locator("#id_deadline_year").fill("2021")
    page.locator("#id_meeting_date_day").fill("9")
    page.locator("#id_meeting_date_month").fill("12")
    page.locator("#id_meeting_date_year").fill("2021")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_url("**/rounds/*/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    review = Review.objects.get(slug="domestic-abuse")
    assert review.status == Review.Status.MONITORING
    assert [owner.name for owner in review.link_officers.all()] == ["Lara Lowe"]
    actions = list(Action.objects.filter(recommendation__review=review).in_document_order())
    assert [a.reference for a in actions] == ["1", "2 a) Frontline staff", "2 a) Younger men", "3"]

    # Nadia follows the link in her e-mail, chooses a password and signs in.
    [message] = [message for message in mail.outbox if message.to == ["nadia.khan@example.org"]]
    page.goto(link_in(message))
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_role("heading", name="Your password is saved")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").click()
    sign_in(page, "nadia.khan", PASSWORD)

    page.get_by_role("link", name="Your updates").click()
    assert_accessible(page)
    updates = page.locator(".govuk-task-list")
    expect(updates.get_by_role("link")).to_have_count(2)
    expect(updates).to_contain_text("1 That the Council review its domestic")
    expect(updates).to_contain_text("2 a) Frontline staff")
