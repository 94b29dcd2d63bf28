"""The monitoring cycle in a real browser: the officer's part with the
keyboard alone, and every page of the cycle checked with axe."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Action, ProgressEntry, Round, TargetProposal
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import keep_open_in_september, take_back_advocates

SCHOOLS = "1 a) Schools, Colleges and Universities"


@pytest.fixture
def open_round(demo_site):
    take_back_advocates()  # 1 c), closed in March 2020: the link officer's own update below
    keep_open_in_september("Schools, Colleges and Universities")
    clerk = get_user_model().objects.get(username="clerk")
    return demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )


def tab_to(page, selector, limit=80):
    """Press Tab until the element is focused, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_an_officer_writes_and_submits_an_update_with_the_keyboard_alone(page, open_round):
    page.goto(reverse("login"))
    tab_to(page, "#id_username")
    page.keyboard.type("vanessa.housley")
    page.keyboard.press("Tab")
    from actionplans.demo import demo_password

    page.keyboard.type(demo_password())
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-updates/")  # an officer lands on their updates
    assert_accessible(page)
    tab_to(page, "a.govuk-task-list__link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/updates/*/")
    assert_accessible(page)

    # Submitting without a grade: the error summary takes focus and links to the field.
    tab_to(page, "#id_evidence_of_progress")
    page.keyboard.type("Impact survey sent to every school.")
    page.keyboard.press("Enter")
    page.keyboard.type("- 38 of 62 schools replied")
    tab_to(page, "button[name=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "Select the assessment of progress" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#id_evidence_of_progress").input_value().startswith("Impact survey sent")
    assert_accessible(page)

    tab_to(page, "#id_grade_0")  # radios: the arrow keys move within the group
    page.keyboard.press("Space")
    tab_to(page, "button[name=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/my-updates/")
    assert "was submitted to the link officer" in page.locator(".govuk-notification-banner").inner_text()
    entry = ProgressEntry.objects.get(round=open_round, action__strand="Schools, Colleges and Universities")
    assert entry.status == ProgressEntry.Status.SUBMITTED and entry.grade == 1
    assert entry.evidence_of_progress == "Impact survey sent to every school.\n- 38 of 62 schools replied"


def test_every_page_of_the_cycle_is_accessible(page, open_round):
    entry = ProgressEntry.objects.get(round=open_round, action__strand="Schools, Colleges and Universities")
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    entry.save_update(by=vanessa, version=entry.version, submit=True, evidence_of_progress="Done.", grade=1)
    published = ProgressEntry.objects.filter(round__period="2020-09-01").first()

    sign_in(page, "vanessa.housley")  # her submitted update, with the button to withdraw it
    page.goto(reverse("update_entry", args=[entry.pk]))
    expect(page.get_by_role("button", name="Withdraw the update to change it")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    for url in [reverse("approvals"), reverse("approve_entry", args=[entry.pk])]:
        page.goto(url)
        assert_accessible(page)
    page.get_by_role("button", name="Return to the officer").click()  # without the comment
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what the officer needs to change", use_inner_text=True
    )
    assert_accessible(page)

    # The officer changes it meanwhile: nothing is approved, and the page says what changed.
    entry.refresh_from_db()
    entry.withdraw(by=vanessa, version=entry.version)
    entry.save_update(
        by=vanessa,
        version=entry.version,
        submit=True,
        evidence_of_progress="Redone.",
        grade=2,
        grade_explanation="Fewer schools replied than hoped.",
    )
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing was approved", use_inner_text=True)
    assert "Redone." in page.locator(".app-changes").inner_text()
    page.console_problems.remove("Failed to load resource: the server responded with a status of 409 (Conflict)")
    assert_accessible(page)

    # Approving together: ticked on the list, read on one page; changed
    # meanwhile, it is left out and named.
    page.goto(reverse("approvals"))
    page.get_by_label(f"Select the update on {entry.action.name}").check()
    page.get_by_role("button", name="Read and approve selected").click()
    # The list shows the evidence too: the page read is the one that approves.
    expect(page.get_by_role("button", name="Approve this update")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Redone.", use_inner_text=True)
    assert_accessible(page)
    entry.refresh_from_db()
    entry.withdraw(by=vanessa, version=entry.version)
    entry.save_update(by=vanessa, version=entry.version, submit=True, evidence_of_progress="Redone again.")
    page.get_by_role("button", name="Approve this update").click()
    expect(page.locator("main")).to_contain_text("not approved: changed since you read it", use_inner_text=True)
    assert_accessible(page)
    # Slipped, with a new target date: approving it together asks for the decision on it.
    entry.refresh_from_db()
    entry.withdraw(by=vanessa, version=entry.version)
    entry.save_update(
        by=vanessa,
        version=entry.version,
        submit=True,
        grade=3,
        grade_explanation="The survey stalled.",
        proposal=TargetProposal(month=datetime.date(2022, 9, 1), reason="The survey restarts in the summer."),
    )
    page.goto(reverse("approvals"))
    page.get_by_label(f"Select the update on {entry.action.name}").check()
    page.get_by_role("button", name="Read and approve selected").click()
    page.get_by_role("button", name="Approve this update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Accept or refuse the new target date", use_inner_text=True
    )
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "clerk")
    for url in [
        reverse("review_detail", args=["hate-crime"]),
        reverse("open_round", args=["hate-crime"]),
        reverse("round_detail", args=[open_round.pk]),
        reverse("publish_round", args=[open_round.pk]),
        reverse("delete_round", args=[open_round.pk]),
        reverse("correct_entry", args=[published.pk]),
        reverse("reassign_action", args=[entry.action_id]),
        reverse("action_history", args=[entry.action_id]),
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto(reverse("publish_round", args=[open_round.pk]))
    page.get_by_role("button", name="Publish").click()  # without confirming the missing update
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("send_round_reminders", args=[open_round.pk]))  # the preview
    assert_accessible(page)
    page.goto(reverse("open_round", args=["hate-crime"]))  # refused: March 2021 is open
    assert "The March 2021 round is still open" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(reverse("publish_round", args=[open_round.pk]))
    page.get_by_label("Publish without the updates listed above").check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("link", name="Open the next round").click()
    page.get_by_role("button", name="Open the round").click()  # empty
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_deadline_day").fill("31")
    page.locator("#id_deadline_month").fill("2")
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Deadline must include a year", use_inner_text=True)
    page.locator(".govuk-error-summary a", has_text="Deadline must include a year").click()
    assert page.evaluate("document.activeElement.id") == "id_deadline_year"
    assert_accessible(page)
    assert Round.objects.filter(review=open_round.review).count() == 3


def test_a_link_officer_approves_and_goes_to_the_next_with_the_keyboard_alone(page, open_round):
    """Marc checks the round's submitted updates one after another, in
    document order, pressing Tab and Enter only."""
    satnam = get_user_model().objects.get(username="satnam.singh")
    advocates = Action.objects.get(sub_action__letter="c")
    advocates.reassign([satnam.owner_records.get()], by=get_user_model().objects.get(username="clerk"))
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    for entry, officer in [
        (open_round.entries.get(action__strand="Schools, Colleges and Universities"), vanessa),
        (open_round.entries.get(action=advocates), satnam),
    ]:
        # A grade worse than last time comes with its reason, as the verb asks.
        entry.save_update(
            by=officer,
            version=entry.version,
            submit=True,
            evidence_of_progress="Done.",
            grade=2,
            grade_explanation="Fewer schools replied than hoped.",
        )

    sign_in(page, "marc.stephenson")
    page.goto(reverse("approvals"))
    tab_to(page, "table a.govuk-link >> nth=0")
    page.keyboard.press("Enter")
    page.wait_for_url("**/approvals/*/")
    assert "1 a) Schools, Colleges and Universities" in page.get_by_role("heading", level=1).inner_text()
    tab_to(page, "button[name=and_next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The action's words in full, not cut mid-sentence (issue 28).
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Check the update on 1 c) recruiting and developing capacity of community advocates"
    assert_accessible(page)
    tab_to(page, "button[name=and_next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/approvals/")
    assert "There is no other update of this round for you to check" in page.locator("main").inner_text()
    assert [e.status for e in open_round.entries.all()] == [ProgressEntry.Status.APPROVED] * 2
