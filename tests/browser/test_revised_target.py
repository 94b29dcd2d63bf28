"""Revised target dates in a real browser: an officer grades an
action Slipped without a new date and is refused by the field, proposes
one with the reason, and the link officer accepts it with the update; the
action's story and the Progress Update print the revised target. Every
page checked with axe."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.models import Action, ProgressEntry
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import keep_open_in_september

SCHOOLS = "Schools, Colleges and Universities"
REVISED = "September 2021 (revised once; originally September 2019)"


@pytest.fixture
def open_round(demo_site):
    keep_open_in_september(SCHOOLS)  # the committee kept it open: the new round carries it
    return demo_site.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=get_user_model().objects.get(username="clerk"),
    )


def test_an_officer_proposes_a_revised_date_and_the_link_officer_accepts_it(page, open_round):
    entry = ProgressEntry.objects.get(round=open_round, action__strand=SCHOOLS)
    assert entry.action.target_label == "September 2019"

    sign_in(page, "vanessa.housley")
    page.goto(reverse("update_entry", args=[entry.pk]))
    # Before anything is typed, the form says a Slipped grade needs a new date.
    assert page.locator("#new-target").inner_text() == "New target date: needed if you grade the action 3 (Slipped)"
    page.locator("#id_evidence_of_progress").fill("The schools survey was delayed by the closures.")
    page.locator("#id_grade_2").check()  # 3 – Slipped
    page.locator("#id_grade_explanation").fill("Schools were closed for most of the year.")
    page.get_by_role("button", name="Submit to the link officer").click()
    summary = page.locator(".govuk-error-summary")
    assert "The action is graded Slipped: enter the new target month" in summary.inner_text()
    assert (
        "The action is graded Slipped: enter the new target month"
        in page.locator("#id_proposed_target-error").inner_text()
    )
    assert page.locator("#id_evidence_of_progress").input_value() == "The schools survey was delayed by the closures."
    assert page.locator("#id_grade_explanation").input_value() == "Schools were closed for most of the year."
    assert_accessible(page)

    page.locator("#id_proposed_target_month").fill("9")
    page.locator("#id_proposed_target_year").fill("2021")
    page.locator("#id_target_reason").fill("The survey restarts when the schools reopen in September.")
    page.get_by_role("button", name="Submit to the link officer").click()
    page.wait_for_url("**/my-updates/")
    page.goto(reverse("update_entry", args=[entry.pk]))
    assert "to September 2021 (awaiting the link officer)" in page.locator("main").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("approve_entry", args=[entry.pk]))
    main = page.locator("main").inner_text()
    assert "From September 2019 to September 2021 (awaiting the link officer)" in main
    assert "Why: The survey restarts when the schools reopen in September." in main
    assert_accessible(page)
    page.get_by_label("Accept the new target date").check()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/approvals/")
    assert (
        "was approved, and its target is now September 2021." in page.locator(".govuk-notification-banner").inner_text()
    )
    schools = Action.objects.get(strand=SCHOOLS)
    assert schools.target_month == datetime.date(2021, 9, 1)

    page.goto(reverse("action_story", args=[schools.pk]))
    story = page.locator("main").inner_text()
    assert REVISED in story
    assert "The survey restarts when the schools reopen in September." in story
    assert "Accepted by Marc Stephenson" in story
    assert_accessible(page)

    # The round's Progress Update, as a clerk prints its draft for the agenda.
    page.context.clear_cookies()
    sign_in(page, "clerk")
    page.goto(reverse("progress_update_page", args=["hate-crime", "2021-03"]))
    assert REVISED in page.locator("main").inner_text()
    assert_accessible(page)
