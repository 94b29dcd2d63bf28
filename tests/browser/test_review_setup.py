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
    # The box is the input accessible-autocomplete puts in the select's place
    # (with its id): until the deferred script has run, the id names the select.
    box = page.locator(f"input#{field_id}")
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

    page.get_by_label("Which Select Committee?").select_option(label="Crime and Disorder Select Committee")
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


def box_naming(page, name) -> str:
    """The id of the Responsibility box that shows `name`."""
    ids = page.eval_on_selector_all(
        "input.autocomplete__input", "(boxes, name) => boxes.filter(b => b.value === name).map(b => b.id)", name
    )
    assert len(ids) == 1, (name, ids)
    return ids[0]


def owners_of(strand) -> list[str]:
    return [link.owner.name for link in Action.objects.get(strand=strand).responsibilities.all()]


def test_emptying_a_box_takes_the_person_off_whatever_the_keys(page, demo_site):
    sign_in(page, "clerk")
    page.goto("/reviews/hate-crime/plan/recommendations/1/")
    # Emptied and left with Tab: nobody, not the first name in the list.
    louise = page.locator(f"#{box_naming(page, 'Louise Crisp')}")
    louise.fill("")
    louise.press("Tab")
    expect(louise).to_have_value("")
    # Emptied, Esc, then a click elsewhere: nobody either.
    dale = page.locator(f"#{box_naming(page, 'Dale Metcalfe')}")
    dale.fill("")
    dale.press("Escape")
    page.get_by_role("heading", name="Recommendation 1", exact=True).click()
    expect(dale).to_have_value("")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")
    assert owners_of("Younger men") == ["Tahir Ali"]
    assert owners_of("Schools, Colleges and Universities") == ["Vanessa Housley", "Alex Love"]


def test_a_person_is_taken_off_with_their_remove_button(page, demo_site):
    sign_in(page, "clerk")
    page.goto("/reviews/hate-crime/plan/recommendations/1/")
    page.get_by_role("button", name="Remove Louise Crisp from Strand").click()
    expect(page.locator("input.autocomplete__input[value='Louise Crisp']")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")
    assert owners_of("Younger men") == ["Tahir Ali"]


def test_down_then_enter_picks_the_option_highlighted(page, demo_site):
    sign_in(page, "clerk")
    page.goto("/reviews/hate-crime/plan/recommendations/1/")
    ids = page.eval_on_selector_all("input.autocomplete__input", "boxes => boxes.filter(b => !b.value).map(b => b.id)")
    spare = page.locator(f"#{ids[0]}")
    spare.press_sequentially("e")
    listbox = page.locator(f"#{ids[0]}__listbox")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    # Typing highlights nothing; the first Down highlights the first option.
    expect(listbox.locator("[aria-selected=true]")).to_have_count(0)
    spare.press("ArrowDown")
    first = options.first.inner_text()
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(spare).to_have_value(first)
    # And the trial's case: Neil Mitchell, not whoever comes after him.
    spare.fill("")
    spare.press_sequentially("Neil")
    spare.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(spare).to_have_value("Neil Mitchell")
    spare.press("Tab")
    expect(spare).to_have_value("Neil Mitchell")
    selected = page.eval_on_selector(f"#{ids[0]}-select", "s => s.options[s.selectedIndex].textContent")
    assert selected == "Neil Mitchell"


def add_a_person(page, name, email):
    page.get_by_role("button", name="Add a person").click()
    page.wait_for_url("**/people/add/?next=*")
    assert len(page.context.pages) == 1  # no new tab
    assert_accessible(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Officer", exact=True).check()
    page.get_by_role("button", name="Add the person").click()
    page.wait_for_load_state()
    assert "typed=1" in page.url, page.locator("main").inner_text()
    banners = page.locator(".govuk-notification-banner")
    expect(banners.filter(has_text=f"{name} was added.")).to_have_count(1)
    expect(banners.filter(has_text=f"{name} is chosen below: check the place.")).to_have_count(1)
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert_accessible(page)


def test_a_person_missing_from_the_lists_is_added_without_leaving_the_form_for_good(page, demo_site):
    """Issue 28: "Add a person" opened a new tab, and back in the first the
    new name was not offered until "Add another person or group" was
    pressed. Now the page itself goes there and comes back, everything
    typed kept and the new name offered."""
    sign_in(page, "clerk")
    page.goto("/reviews/new/")
    page.get_by_label("Which Select Committee?").select_option(label="Crime and Disorder Select Committee")
    page.get_by_label("Title of the review").fill("Housing")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2021")
    add_a_person(page, "Nadia Okafor", "nadia.okafor@example.org")
    expect(page.get_by_label("Title of the review")).to_have_value("Housing")
    expect(page.get_by_label("Year")).to_have_value("2021")
    pick(page, "id_owner_0", "Nadia", "Nadia Okafor")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/reviews/housing/plan/")

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill("That the Council trains its housing officers.")
    fill_record(page, "rec-own", month="10", year="2021", action="Train them.")
    add_a_person(page, "Tomasz Nowak", "tomasz.nowak@example.org")
    expect(page.get_by_label("Recommendation", exact=True)).to_have_value(
        "That the Council trains its housing officers."
    )
    expect(page.locator("#id_rec-own-agreed_action")).to_have_value("Train them.")
    pick(page, "id_rec-own-owner_0", "Tomasz", "Tomasz Nowak")
    page.get_by_role("button", name="Save recommendation").click()
    page.wait_for_url("**/plan/")
    assert Review.objects.get(slug="housing").link_officers_in_order()[0].name == "Nadia Okafor"
    action = Action.objects.get(agreed_action="Train them.")
    assert [link.owner.name for link in action.responsibilities.all()] == ["Tomasz Nowak"]
