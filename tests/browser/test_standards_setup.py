"""A clerk types a small framework of standards in from its paper, in a real
browser on a phone-sized screen: the framework, a level, a standard and two
characteristics, the second typed with a Cyrillic "В" that comes back as
"B". Every page visited, error pages included, passes axe and fits 375 px."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import Assessment, Characteristic, Framework, Standard
from tests.browser.conftest import assert_accessible, sign_in

PHONE = {"width": 375, "height": 812}
DEMO = "north-east-hate-incident-standards"


def check(page):
    """Axe finds nothing, and the page does not scroll sideways on the phone."""
    assert_accessible(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_clerk_sets_up_a_small_framework_from_nothing(page, demo_site):
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    page.goto("/standards/new/")
    check(page)

    # A mistake first: the page says what is wrong, by the field, and keeps what was typed.
    page.get_by_label("Short title").fill("County hate incident standards")
    page.get_by_role("button", name="Add the framework").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the framework’s title")
    expect(page.get_by_label("Short title")).to_have_value("County hate incident standards")
    check(page)
    page.get_by_label("Title", exact=True).fill("Tackling Hate Incidents: County Standards of Good Practice")
    page.get_by_label("Issuing body (optional)").fill("County Cohesion Network")
    page.get_by_role("button", name="Add the framework").click()
    page.wait_for_url("**/standards/county-hate-incident-standards/set-up/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("County hate incident standards was added")
    check(page)

    page.get_by_role("link", name="Add a level").click()
    check(page)
    page.get_by_label("Level", exact=True).fill("Local level")
    page.get_by_label("Defined as (optional)").fill("defined as local authority/CDRP area")
    page.get_by_label("What the framework says at this level (optional)").fill(
        "The standards relate to:\n- 1. Third Party Reporting"
    )
    page.get_by_role("button", name="Add the level").click()
    page.wait_for_url("**/set-up/")

    page.get_by_role("link", name="Add a standard").click()
    check(page)
    page.get_by_label("Number").fill("1")
    page.get_by_label("Title", exact=True).fill("Third Party Reporting")
    page.get_by_label("The paragraph that defines it (optional)").fill("This standard relates to reporting.")
    page.get_by_role("button", name="Add the standard").click()
    page.wait_for_url("**/set-up/")
    check(page)

    page.get_by_role("link", name="Add a characteristic to standard 1").click()
    check(page)
    page.get_by_label("Letter").fill("A")
    page.get_by_label("Characteristic", exact=True).fill("Local third party reporting mechanisms are in place.")
    page.get_by_label("Function (optional)").fill("To ensure that all victims have the opportunity to report.")
    page.get_by_role("button", name="Add the characteristic").click()
    page.wait_for_url("**/set-up/")

    # The second is typed as the PDF's text layer gives it: a Cyrillic "В".
    page.get_by_role("link", name="Add a characteristic to standard 1").click()
    page.get_by_label("Letter").fill("\u0412")
    page.get_by_label("Characteristic", exact=True).fill("Reporting mechanisms are accessible.")
    page.get_by_label("Function (optional)").fill("To reduce barriers to reporting hate incidents")
    page.get_by_role("button", name="Add the characteristic").click()
    page.wait_for_url("**/set-up/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Characteristic 1 B was added.")
    expect(page.locator(".govuk-summary-card .govuk-summary-list__key")).to_have_text(["A", "B"])
    check(page)

    # The same letter again is refused by the letter, with what was typed kept.
    page.get_by_role("link", name="Add a characteristic to standard 1").click()
    page.get_by_label("Letter").fill("b")
    page.get_by_label("Characteristic", exact=True).fill("Typed twice.")
    page.get_by_role("button", name="Add the characteristic").click()
    expect(page.locator("#id_letter-error")).to_contain_text("Standard 1 already has a characteristic B.")
    expect(page.get_by_label("Characteristic", exact=True)).to_have_value("Typed twice.")
    check(page)
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Change characteristic 1 B").click()
    expect(page.get_by_label("Letter")).to_have_value("B")
    check(page)
    page.get_by_role("link", name="Back to setting up the framework").click()
    page.get_by_role("link", name="Delete characteristic 1 B").click()
    check(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Change the title").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Tackling Hate Incidents: County Standards of Good Practice"
    )
    check(page)

    framework = Framework.objects.get(slug="county-hate-incident-standards")
    assert framework.issued_by == "County Cohesion Network"
    assert [level.heading for level in framework.levels.all()] == [
        "Local level (defined as local authority/CDRP area):"
    ]
    assert [(c.label, c.function) for c in framework.characteristics()] == [
        ("1 A", "To ensure that all victims have the opportunity to report."),
        ("1 B", "To reduce barriers to reporting hate incidents"),
    ]


def test_the_demos_framework_set_up_page_passes_axe_and_fits_a_phone(page, demo_site):
    page.set_viewport_size(PHONE)
    sign_in(page, "clerk")
    page.goto(reverse("framework_setup", args=[DEMO]))
    expect(page.get_by_role("heading", name="2. Hate Incident Case Management")).to_be_visible()
    check(page)
    # An assessed characteristic's delete page says why it stays.
    assessed = Characteristic.objects.get(standard__framework__slug=DEMO, standard__number=2, letter="D")
    page.goto(reverse("delete_characteristic", args=[DEMO, assessed.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Characteristic 2 D cannot be deleted")
    expect(page.locator("main")).to_contain_text("It has been assessed")
    check(page)
    # A delete page left open while an assessment started: the delete is refused, on an error page.
    clerk = get_user_model().objects.get(username="clerk")
    third = Standard.objects.get(framework__slug=DEMO, number=3)
    added = third.add_characteristic(letter="B", text="Added after the assessment.", by=clerk)
    page.goto(reverse("delete_characteristic", args=[DEMO, added.pk]))
    check(page)
    Assessment.objects.start(framework=third.framework, assessed_on=datetime.date(2021, 3, 1), by=clerk)
    page.get_by_role("button", name="Delete characteristic 3 B").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("It has been assessed")
    page.console_problems.remove("Failed to load resource: the server responded with a status of 409 (Conflict)")
    check(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("framework_setup", args=[DEMO]))
    # The demo's published assessment prints the standards as they are numbered: they stay.
    expect(page.get_by_role("button", name="Move down standard 1")).to_have_count(0)
    expect(page.locator("#standards-stay")).to_contain_text("The standards cannot be moved or renumbered.")
    page.get_by_role("button", name="Move down characteristic 1 A").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Characteristic 1 A was moved down.")
    expect(page.locator(".govuk-summary-card__title")).to_have_text(
        ["1. Third Party Reporting", "2. Hate Incident Case Management", "3. Prevention Activity"]
    )
    assert_accessible(page)
