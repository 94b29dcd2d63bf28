"""A councillor and a clerk read the good-practice standards in a browser:
the frameworks, seed 003's framework, its dashboard (filtered, and with a
filter that will not do) and the comparison of two assessments, with no
axe violation, on a laptop and on a 375px phone."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Assessment, Framework
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_narrow_screens import PHONE, overflow

SLUG = "north-east-hate-incident-standards"


@pytest.fixture
def standards_site(rated_demo_site):
    """The demo's published assessment of 1 October 2009; a second, of 1
    March 2021, started from it with 1 D now Partly met, published; and the
    clerk's draft of 1 June 2021 started from that."""
    clerk = get_user_model().objects.get(username="clerk")
    framework = Framework.objects.get(slug=SLUG)
    first = framework.assessments.get()
    later = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=first, by=clerk
    )
    response = later.responses.get(characteristic__standard__number=1, characteristic__letter="D")
    response.record(
        by=clerk, version=response.version, response="An evaluation of the reporting centres is planned for 2021.",
        rating="partly_met", evidence="", gap="The evaluation has not yet reported.",
    )  # fmt: skip
    later.publish(by=clerk)
    draft = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 6, 1), start_from=later, by=clerk
    )
    return {"framework": framework, "first": first, "later": later, "draft": draft}


def pages(site, username) -> list[str]:
    dashboard = reverse("standards_dashboard", args=[SLUG])
    urls = [
        reverse("frameworks"),
        reverse("framework_detail", args=[SLUG]),
        dashboard,
        f"{dashboard}?area=council&assessment={site['first'].pk}",
        f"{dashboard}?area=nowhere&assessment=x",  # errors, said
        reverse("compare_assessments", args=[site["later"].pk]),
        reverse("compare_assessments", args=[site["later"].pk]) + "?all=1",
    ]
    if username == "clerk":
        urls += [
            f"{dashboard}?assessment={site['draft'].pk}",
            reverse("compare_assessments", args=[site["draft"].pk]) + f"?with={site['first'].pk}",
        ]
    return urls


@pytest.mark.parametrize("username", ["councillor", "clerk"])
def test_the_standards_pages_have_no_axe_violations_and_fit_a_phone(page, standards_site, username):
    sign_in(page, username)
    urls = pages(standards_site, username)
    for url in urls:
        page.goto(url)
        assert_accessible(page)
    page.set_viewport_size(PHONE)
    problems = []
    for url in urls:
        page.goto(url)
        problems.append(overflow(page))
        assert_accessible(page)
    assert [p for p in problems if p] == []


def test_the_dashboard_draws_its_numbers_and_a_filter_lands_in_the_address(page, standards_site):
    sign_in(page, "councillor")
    page.goto(reverse("frameworks"))
    page.get_by_role("link", name="Dashboard of North East hate incident standards").click()
    chart = page.get_by_role("img", name="Characteristics by rating in each standard, assessment of 1 March 2021")
    # all_text_contents() does not wait for the page the click opens: the chart must be there first.
    expect(chart).to_be_visible()
    drawn = [" ".join(t.split()) for t in chart.locator("text").all_text_contents()]
    assert "Standard 1: 4 characteristics" in drawn
    assert {"Met 3", "Partly met 1", "Not met 0", "Not assessed 0"} <= set(drawn)
    trend = page.get_by_role("table", name="Characteristics by rating in each published assessment")
    assert [row.inner_text().split("\t") for row in trend.locator("tbody tr").all()] == [
        ["1 October 2009 (illustrative)", "7", "3", "4", "0", "14"],
        ["1 March 2021", "7", "4", "3", "0", "14"],
    ]
    page.get_by_label("Assessment", exact=True).select_option(
        label="Stockton-on-Tees Borough Council, 1 October 2009 (illustrative)"
    )
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(f"**assessment={standards_site['first'].pk}**")
    table = page.get_by_role(
        "table", name="Characteristics by rating in each standard, assessment of 1 October 2009 (illustrative)"
    )
    assert table.locator("tbody tr").first.inner_text().split("\t") == [
        "1. Third Party Reporting",
        "3",
        "0",
        "1",
        "0",
        "4",
    ]


def test_the_comparison_shows_what_moved_and_every_characteristic_on_asking(page, standards_site):
    sign_in(page, "councillor")
    page.goto(reverse("compare_assessments", args=[standards_site["later"].pk]))
    summary = page.locator("#summary")
    assert "1 characteristic moved: 1 better." in summary.inner_text()
    assert page.locator(".app-compared").count() == 1
    page.get_by_text("Local response in full, before and after").click()
    expect(page.get_by_text("No evaluation has taken place to date").first).to_be_visible()
    page.get_by_role("link", name="Show every characteristic").click()
    page.wait_for_url("**all=1**")
    assert page.locator(".app-compared").count() == 14
