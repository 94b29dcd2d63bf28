"""The committee's dashboards in a real browser: zero axe violations, and
the filters used with the keyboard alone."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.models import Action
from tests.browser.conftest import assert_accessible, sign_in


@pytest.mark.parametrize("username", ["councillor", "clerk"])
def test_every_dashboard_page_is_accessible(page, demo_site, username):
    if username == "clerk":  # with a round in progress, which clerks also see
        demo_site.open_round(
            period=datetime.date(2021, 3, 1),
            deadline=datetime.date(2021, 2, 26),
            meeting_date=datetime.date(2021, 3, 18),
            by=get_user_model().objects.get(username="clerk"),
        )
    sign_in(page, username)
    online_form = Action.objects.get(strand__startswith="The development of an on-line form")
    for url in [
        reverse("committees"),
        reverse("committee_dashboard", args=["crime-and-disorder"]),
        reverse("action_list"),
        reverse("action_list") + "?round=2020-03&grade=3",
        reverse("action_list") + "?round=1999-01",  # with an error
        reverse("action_story", args=[online_form.pk]),
    ]:
        page.goto(url)
        assert_accessible(page)


def test_the_filters_work_with_the_keyboard_alone(page, demo_site):
    sign_in(page, "councillor")
    page.goto(reverse("action_list"))
    page.locator("#id_round").focus()
    page.keyboard.press("ArrowDown")  # the latest round first, then March 2020
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_round").input_value() == "2020-03"
    page.keyboard.press("Tab")
    # The council's grades, each a choice of its own: down the list to Slipped.
    slipped = page.locator("#id_grade option", has_text="Slipped").get_attribute("value")
    for _ in range(12):
        page.keyboard.press("ArrowDown")
        if page.locator("#id_grade").input_value() == slipped:
            break
    assert page.locator("#id_grade").input_value() == slipped
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Apply filters":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "round=2020-03" in page.url and f"grade={slipped}" in page.url
    assert page.locator("#results").inner_text() == "1 action"
    assert "1 c)" in page.locator("table").inner_text()
    assert_accessible(page)
