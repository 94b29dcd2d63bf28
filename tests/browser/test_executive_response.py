"""The report and the executive's response in a real browser: a clerk
records them, a rejection without reasons is refused by its field with what
was typed kept, and the s.9FE clock shows overdue once two months pass
("today" fixed through actionplans.models.response.today, which every clock
reads, in the live server's thread too)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from actionplans.models import ExecutiveResponse, Review
from actionplans.models import response as response_module
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_recommendation, make_review


@pytest.fixture
def review(demo_site):
    review = make_review(title="Domestic Abuse", committee=demo_site.committee, status=Review.Status.SETTING_UP)
    make_recommendation(review, 1, text="That the council fund a second refuge.")
    make_recommendation(review, 2, text="That every school appoint a domestic abuse lead.")
    return review


def fill_date(page, prefix, day, month, year):
    page.locator(f"#id_{prefix}_day").fill(str(day))
    page.locator(f"#id_{prefix}_month").fill(str(month))
    page.locator(f"#id_{prefix}_year").fill(str(year))


def test_a_clerk_records_a_report_and_its_executive_response(page, review):
    sign_in(page, "clerk")
    page.goto(f"/reviews/{review.slug}/")
    page.get_by_role("link", name="Record the report and the executive's response").click()
    assert_accessible(page)
    fill_date(page, "report-report_agreed", 6, 12, 2018)
    fill_date(page, "report-report_to_executive", 10, 1, 2019)
    page.get_by_label("Decision-maker").fill("Cabinet Member for Community Safety")
    page.locator("#id_recommendation-1-response_0").check()  # Accepted
    fill_date(page, "recommendation-1-responded_on", 14, 2, 2019)
    page.locator("#id_recommendation-2-response_1").check()  # Partially accepted
    page.locator("#id_recommendation-2-reasons").fill("Primary schools share a lead.")
    page.locator("#id_recommendation-2-accepted_part").fill("Every secondary school appoints a lead.")
    fill_date(page, "recommendation-2-responded_on", 14, 2, 2019)
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_contain_text(
        "The report and the executive's responses to 2 recommendations were saved"
    )
    timeline = page.locator("section.app-timeline")
    expect(timeline).to_contain_text("Went to Cabinet Member for Community Safety on 10 January 2019")
    expect(timeline).to_contain_text("responded on 14 February 2019")
    expect(timeline).to_contain_text("Accepted part: Every secondary school appoints a lead.")
    assert_accessible(page)
    assert ExecutiveResponse.objects.filter(recommendation__review=review).count() == 2


def test_a_rejected_response_without_reasons_is_refused_by_its_field_keeping_what_was_typed(page, review):
    sign_in(page, "clerk")
    page.goto(f"/reviews/{review.slug}/executive-response/record/")
    fill_date(page, "report-report_to_executive", 10, 1, 2019)
    page.locator("#id_recommendation-1-response_0").check()
    page.locator("#id_recommendation-1-reasons").fill("Cabinet welcomed it.")
    fill_date(page, "recommendation-1-responded_on", 14, 2, 2019)
    page.locator("#id_recommendation-2-response_2").check()  # Rejected
    fill_date(page, "recommendation-2-responded_on", 14, 2, 2019)
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Recommendation 2: Enter the executive's reasons")
    error = page.locator("#id_recommendation-2-reasons-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Enter the executive's reasons")
    # What was typed is kept: the dates, the responses chosen.
    expect(page.locator("#id_report-report_to_executive_year")).to_have_value("2019")
    expect(page.locator("#id_recommendation-1-response_0")).to_be_checked()
    expect(page.locator("#id_recommendation-2-response_2")).to_be_checked()
    expect(page.locator("#id_recommendation-2-responded_on_day")).to_have_value("14")
    expect(page.locator("#id_recommendation-1-reasons")).to_have_value("Cabinet welcomed it.")
    assert_accessible(page)
    # Nothing half-saved: not the report either.
    review.refresh_from_db()
    assert review.report_to_executive is None and not ExecutiveResponse.objects.filter(recommendation__review=review)

    summary.get_by_role("link", name="Recommendation 2: Enter the executive's reasons").click()
    page.locator("#id_recommendation-2-reasons").fill("Schools decide for themselves.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("section.app-timeline")).to_contain_text("Reasons: Schools decide for themselves.")


def test_the_clock_shows_overdue_once_two_months_pass(page, review, monkeypatch):
    clerk = get_user_model().objects.get(username="clerk")
    review.record_report(
        agreed=None, to_executive=datetime.date(2019, 1, 10), decision_maker="Cabinet", by=clerk, version=0
    )
    sign_in(page, "clerk")
    monkeypatch.setattr(response_module, "today", lambda: datetime.date(2019, 3, 4))
    page.goto(f"/reviews/{review.slug}/")
    clock = page.locator("#response-clock")
    expect(clock).to_contain_text(
        "The response is due on 10 March 2019, 2 months after the report went to the executive: due in 6 days."
    )
    monkeypatch.setattr(response_module, "today", lambda: datetime.date(2019, 3, 11))
    page.reload()
    expect(clock).to_contain_text("Overdue")
    expect(clock).to_contain_text("overdue by 1 day")
    assert_accessible(page)
