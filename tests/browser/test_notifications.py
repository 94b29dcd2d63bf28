"""E-mail notifications in a real browser: a councillor follows the Hate
Crime review and one of its actions from their pages, then chooses a
daily digest on their e-mail page; an officer makes and resets their
calendar link. Every page checked with axe."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from actionplans.models import Action, CalendarFeed, Follow, NotificationPreference, Review
from tests.browser.conftest import assert_accessible, sign_in


def test_a_councillor_follows_a_review_and_an_action_and_chooses_a_daily_digest(page, demo_site):
    councillor = get_user_model().objects.get(username="councillor")
    review = Review.objects.get(title="Hate Crime")
    sign_in(page, "councillor")

    page.goto(review.get_absolute_url())
    page.get_by_role("button", name="Follow the Hate Crime review").click()
    main = page.locator("main")
    assert "You follow the Hate Crime review: you will be e-mailed when it changes." in main.inner_text()
    expect(page.get_by_role("button", name="Unfollow the Hate Crime review")).to_be_visible()
    assert_accessible(page)

    action = Action.objects.filter(recommendation__review=review).in_document_order().first()
    page.goto(f"/actions/{action.pk}/")
    page.get_by_role("button", name=f"Follow {action.name_in_sentence} of the Hate Crime review").click()
    assert_accessible(page)
    assert Follow.objects.is_following(councillor, review) and Follow.objects.is_following(councillor, action)

    page.get_by_role("link", name="Choose which e-mails you get").click()
    page.wait_for_url("**/account/notifications/")
    assert_accessible(page)
    page.get_by_role("group", name="When a review or action you follow changes").get_by_label(
        "In a daily digest"
    ).check()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.locator("main")).to_contain_text("Your choices of e-mail are saved.", use_inner_text=True)
    expect(page.get_by_role("link", name="The Hate Crime review", exact=True)).to_be_visible()
    assert_accessible(page)
    assert NotificationPreference.objects.frequencies_for(councillor)["followed"] == "daily"


def test_an_officer_makes_their_calendar_link_and_resets_it(page, demo_site):
    officer = get_user_model().objects.get(username="vanessa.housley")
    sign_in(page, "vanessa.housley")
    page.goto("/account/notifications/")
    page.get_by_role("link", name="Subscribe your calendar to your dates").click()
    page.wait_for_url("**/account/calendar/")
    assert_accessible(page)
    page.get_by_role("button", name="Make your calendar link").click()
    expect(page.locator("main")).to_contain_text("Your calendar link is ready", use_inner_text=True)
    first = CalendarFeed.objects.get(user=officer).key
    assert page.get_by_label("Your calendar link").input_value().endswith(f"/calendar/{first}.ics")
    assert_accessible(page)

    page.get_by_role("button", name="Reset the calendar link").click()
    page.wait_for_url("**/account/calendar/reset/")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, reset the link").click()
    expect(page.locator("main")).to_contain_text("The old link no longer works", use_inner_text=True)
    second = CalendarFeed.objects.get(user=officer).key
    assert second != first
    assert page.get_by_label("Your calendar link").input_value().endswith(f"/calendar/{second}.ics")
    assert_accessible(page)
