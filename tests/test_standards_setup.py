"""A clerk types a framework of standards in from its paper
(actionplans/standards/framework_views.py): its details, levels, standards and
characteristics, each through a verb with by= and in the history; bad input
named by its field with what was typed kept; a framework's address never a
readers' page's; nothing an assessment has rated deleted; a characteristic
added later is in the next assessment, not the earlier ones."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.grading import Rating
from actionplans.models import Assessment, Characteristic, Framework, Level, Standard
from tests.factories import make_framework

pytestmark = pytest.mark.django_db

DEMO = "north-east-hate-incident-standards"


@pytest.fixture
def framework(clerk):
    """A framework being typed in: one level, standard 1 with A and B, standard 2 with none."""
    framework = Framework.objects.add(
        title="Tackling Hate Incidents: Standards for Local Areas", short_title="Hate incident standards", by=clerk
    )
    framework.add_level(name="Regional level", text="The network will:\n- share good practice", by=clerk)
    first = framework.add_standard(number=1, title="Third Party Reporting", definition="This standard …", by=clerk)
    first.add_characteristic(letter="A", text="Reporting mechanisms are in place.", function="To report.", by=clerk)
    first.add_characteristic(letter="B", text="They are accessible.", function="To reduce barriers.", by=clerk)
    framework.add_standard(number=2, title="Hate Incident Case Management", by=clerk)
    return framework


@pytest.fixture
def signed_in(client, clerk):
    client.force_login(clerk)
    return client


def url(name, framework, *args):
    return reverse(name, args=[framework.slug, *args])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def assert_error_page(response, field, message):
    """The error summary at the top, and the message by the field."""
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html and f'href="#id_{field}"' in html
    assert message in response.context["form"].errors[field][0]
    assert f'id="id_{field}-error"' in html


# The framework ---------------------------------------------------------------------------


def test_a_clerk_adds_a_framework_and_goes_on_to_set_it_up(signed_in, clerk):
    page = signed_in.get(reverse("add_framework"))
    assert page.status_code == 200 and "The framework’s address is made from it" in page.content.decode()
    response = signed_in.post(
        reverse("add_framework"),
        {"title": "Standards of Good Practice", "short_title": "County standards", "issued_by": "County Network"},
        follow=True,
    )
    framework = Framework.objects.get(slug="county-standards")
    assert response.redirect_chain == [(reverse("framework_setup", args=["county-standards"]), 302)]
    assert "County standards was added. Now add its levels and standards." in text_of(response)
    assert (framework.title, framework.issued_by) == ("Standards of Good Practice", "County Network")
    assert framework.history.get().history_user == clerk


def test_a_framework_without_a_title_is_refused_by_the_field_with_the_typed_text_kept(signed_in):
    response = signed_in.post(reverse("add_framework"), {"title": "", "short_title": "Kept as typed", "issued_by": ""})
    assert_error_page(response, "title", "Enter the framework’s title")
    assert 'value="Kept as typed"' in response.content.decode()
    assert not Framework.objects.exists()


@pytest.mark.parametrize("short_title", ["New", "Assessments"])
def test_a_short_title_giving_a_readers_address_is_refused_by_the_short_title(signed_in, short_title):
    response = signed_in.post(reverse("add_framework"), {"title": "A framework", "short_title": short_title})
    assert_error_page(response, "short_title", f"The address /standards/{short_title.lower()}/ is another page’s")
    assert f'value="{short_title}"' in response.content.decode()
    assert not Framework.objects.exists()


def test_the_model_keeps_a_framework_off_the_readers_addresses_whoever_adds_it(clerk):
    for slug in ("new", "assessments"):
        with pytest.raises(ValidationError) as error:
            Framework.objects.add(title="A framework", short_title="Anything", slug=slug, by=clerk)
        assert error.value.message_dict["slug"] == [
            f"The address /standards/{slug}/ is another page’s: choose another short title."
        ]
    assert not Framework.objects.exists()


def test_a_short_title_another_framework_has_is_refused_by_the_short_title(signed_in, framework):
    response = signed_in.post(reverse("add_framework"), {"title": "Another", "short_title": "Hate Incident Standards"})
    assert_error_page(response, "short_title", "Another framework has the address /standards/hate-incident-standards/")
    assert Framework.objects.count() == 1


def test_a_short_title_without_letters_or_numbers_is_refused(signed_in):
    response = signed_in.post(reverse("add_framework"), {"title": "A framework", "short_title": "– … –"})
    assert_error_page(response, "short_title", "Enter a short title with letters or numbers in it")


def test_a_clerk_changes_the_frameworks_details_and_its_address_stays(signed_in, clerk, administrator, framework):
    page = signed_in.get(url("change_framework", framework))
    assert page.context["form"]["short_title"].value() == "Hate incident standards"
    response = signed_in.post(
        url("change_framework", framework),
        {"title": "Revised title", "short_title": "Renamed standards", "issued_by": "The Network"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("framework_setup", framework)
    assert "The framework’s details were saved." in text_of(response)
    framework.refresh_from_db()
    assert (framework.title, framework.short_title, framework.issued_by) == (
        "Revised title",
        "Renamed standards",
        "The Network",
    )
    assert framework.slug == "hate-incident-standards"
    assert framework.history.first().history_user == clerk
    bad = signed_in.post(url("change_framework", framework), {"title": "Line one\nline two", "short_title": ""})
    assert bad.context["form"].errors.keys() == {"title", "short_title"}
    assert Framework.objects.get().title == "Revised title"


# The set-up page -----------------------------------------------------------------------


def test_the_set_up_page_shows_the_framework_in_order_with_a_link_to_change_each_part(signed_in, framework):
    response = signed_in.get(url("framework_setup", framework))
    assert response.status_code == 200
    html, text = response.content.decode(), text_of(response)
    first, second = framework.standards.order_by("number")
    a, b = first.characteristics.order_by("letter")
    level = framework.levels.get()
    for link in (
        url("change_framework", framework),
        url("add_level", framework),
        url("change_level", framework, level.pk),
        url("add_standard", framework),
        url("change_standard", framework, first.pk),
        url("delete_standard", framework, second.pk),
        url("add_characteristic", framework, first.pk),
        url("add_characteristic", framework, second.pk),
        url("change_characteristic", framework, a.pk),
        url("delete_characteristic", framework, b.pk),
        reverse("framework_detail", args=[framework.slug]),
        reverse("start_assessment", args=[framework.slug]),
    ):
        assert f'href="{link}"' in html, link
    assert text.index("1. Third Party Reporting") < text.index("Reporting mechanisms are in place.")
    assert text.index("Reporting mechanisms are in place.") < text.index("They are accessible.")
    assert text.index("They are accessible.") < text.index("2. Hate Incident Case Management")
    assert "No characteristics yet." in text


def test_an_assessed_characteristic_offers_no_delete_and_the_page_says_why(signed_in, demo):
    framework = Framework.objects.get(slug=DEMO)
    text = text_of(signed_in.get(url("framework_setup", framework)))
    assert "1 assessment against this framework" in text
    assert "cannot be deleted: the assessment’s record keeps it" in text
    assert "Delete characteristic" not in text and "Delete standard" not in text
    assert "Change characteristic 2 I" in text


def test_a_framework_with_no_characteristics_cannot_yet_start_an_assessment(signed_in, clerk):
    framework = Framework.objects.add(title="Empty", short_title="Empty", by=clerk)
    response = signed_in.get(url("framework_setup", framework))
    assert reverse("start_assessment", args=[framework.slug]) not in response.content.decode()
    assert "Once its standards have characteristics" in text_of(response)


def test_the_set_up_page_takes_as_many_queries_for_500_characteristics_as_for_5(signed_in, clerk):
    counts = []
    for size in (5, 500):
        framework = make_framework(by=clerk, standards=1 + size // 25, characteristics=size)
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(url("framework_setup", framework))
        assert response.status_code == 200
        assert text_of(response).count("Change characteristic") == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Levels -------------------------------------------------------------------------------


def test_a_clerk_adds_a_level_with_paragraphs_and_bullets(signed_in, clerk, framework):
    page = signed_in.get(url("add_level", framework))
    assert "a new line starts a paragraph; start a line with “- ” for a bullet" in page.content.decode().lower()
    response = signed_in.post(
        url("add_level", framework),
        {
            "name": "Local level",
            "defined_as": "defined as local authority/CDRP area",
            "text": "The standards relate to:\r\n- 1. Third Party Reporting\r\n- 2. Case Management",
        },
        follow=True,
    )
    assert "Local level was added." in text_of(response)
    level = framework.levels.get(name="Local level")
    assert level.text == "The standards relate to:\n- 1. Third Party Reporting\n- 2. Case Management"
    assert level.heading == "Local level (defined as local authority/CDRP area):"
    assert [lv.name for lv in framework.levels.all()] == ["Regional level", "Local level"]
    assert level.history.get().history_user == clerk


def test_a_level_needs_a_name_and_keeps_what_was_typed(signed_in, framework):
    response = signed_in.post(url("add_level", framework), {"name": "", "text": "Kept\n- as typed"})
    assert_error_page(response, "name", "Enter the level’s name")
    assert ">Kept\n- as typed</textarea>" in response.content.decode()
    assert framework.levels.count() == 1


def test_a_clerk_changes_a_level(signed_in, clerk, framework):
    level = framework.levels.get()
    assert signed_in.get(url("change_level", framework, level.pk)).context["form"]["name"].value() == "Regional level"
    response = signed_in.post(
        url("change_level", framework, level.pk), {"name": "Regional level", "defined_as": "the region", "text": "New."}
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.defined_as, level.text) == ("the region", "New.")
    assert level.history.first().history_user == clerk


def test_a_clerk_deletes_a_level_added_by_mistake(signed_in, clerk, framework):
    level = framework.levels.get()
    page = signed_in.get(url("delete_level", framework, level.pk))
    assert "Delete Regional level?" in text_of(page)
    response = signed_in.post(url("delete_level", framework, level.pk), follow=True)
    assert "Regional level was deleted." in text_of(response)
    assert not framework.levels.exists()
    assert Level.history.filter(history_type="-").get().history_user == clerk


# Standards ----------------------------------------------------------------------------


def test_a_clerk_adds_a_standard(signed_in, clerk, framework):
    response = signed_in.post(
        url("add_standard", framework),
        {"number": "3", "title": "Prevention Activity", "definition": "This standard relates to prevention."},
        follow=True,
    )
    assert "Standard 3. Prevention Activity was added. Now add its characteristics." in text_of(response)
    standard = framework.standards.get(number=3)
    assert standard.definition == "This standard relates to prevention."
    assert [s.number for s in framework.standards.all()] == [1, 2, 3]
    assert standard.history.get().history_user == clerk


def test_a_standards_number_is_refused_by_the_field_when_the_framework_has_it(signed_in, framework):
    response = signed_in.post(
        url("add_standard", framework), {"number": "2", "title": "Kept as typed", "definition": "Also kept"}
    )
    assert_error_page(response, "number", "The framework already has a standard 2.")
    html = response.content.decode()
    assert 'value="Kept as typed"' in html and ">Also kept</textarea>" in html and 'value="2"' in html
    assert framework.standards.count() == 2


@pytest.mark.parametrize(
    "number, message", [("", "Enter the standard’s number"), ("two", "whole number"), ("0", "1 or more")]
)
def test_a_standards_number_must_be_a_number(signed_in, framework, number, message):
    response = signed_in.post(url("add_standard", framework), {"number": number, "title": "Kept"})
    assert_error_page(response, "number", message)


def test_changing_a_standard_to_a_number_taken_keeps_the_page_as_it_was(signed_in, framework):
    first = framework.standards.get(number=1)
    response = signed_in.post(
        url("change_standard", framework, first.pk), {"number": "2", "title": "Changed", "definition": ""}
    )
    assert_error_page(response, "number", "The framework already has a standard 2.")
    assert "Change standard 1" in text_of(response)  # the page names it as it is stored
    first.refresh_from_db()
    assert (first.number, first.title) == (1, "Third Party Reporting")


def test_a_clerk_changes_a_standard(signed_in, clerk, framework):
    first = framework.standards.get(number=1)
    response = signed_in.post(
        url("change_standard", framework, first.pk), {"number": "1", "title": "Reporting", "definition": "New."}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.definition) == ("Reporting", "New.")
    assert first.history.first().history_user == clerk


def test_a_standard_not_yet_assessed_is_deleted_with_its_characteristics(signed_in, clerk, framework):
    first = framework.standards.get(number=1)
    page = signed_in.get(url("delete_standard", framework, first.pk))
    assert "Its characteristics go with it." in text_of(page)
    response = signed_in.post(url("delete_standard", framework, first.pk), follow=True)
    assert "Standard 1 was deleted." in text_of(response)
    assert [s.number for s in framework.standards.all()] == [2]
    assert not Characteristic.objects.filter(standard__framework=framework).exists()
    deleted = Characteristic.history.filter(history_type="-")
    assert deleted.count() == 2 and {row.history_user for row in deleted} == {clerk}


def test_a_standard_an_assessment_has_rated_is_not_deleted(signed_in, demo):
    framework = Framework.objects.get(slug=DEMO)
    standard = framework.standards.get(number=3)
    page = signed_in.get(url("delete_standard", framework, standard.pk))
    assert page.status_code == 200 and "Delete standard 3?" not in text_of(page)
    assert "Its characteristics have been assessed" in text_of(page)
    assert 'type="submit"' not in page.content.decode().split("<main", 1)[1]
    response = signed_in.post(url("delete_standard", framework, standard.pk))
    assert response.status_code == 409 and "Standard 3 was not deleted" in text_of(response)
    assert "<title>Error:" in response.content.decode()
    assert framework.standards.filter(number=3).exists()


# Characteristics ----------------------------------------------------------------------


def test_a_clerk_adds_a_characteristic_typed_with_a_cyrillic_letter_and_it_is_stored_in_latin(
    signed_in, clerk, framework
):
    second = framework.standards.get(number=2)
    response = signed_in.post(
        url("add_characteristic", framework, second.pk),
        {"letter": "\u0412", "text": "Cases are managed.", "function": "To support victims."},
        follow=True,
    )
    assert "Characteristic 2 B was added." in text_of(response)
    added = second.characteristics.get()
    assert (added.letter, added.text, added.function) == ("B", "Cases are managed.", "To support victims.")
    assert added.history.get().history_user == clerk


def test_a_letter_the_standard_has_is_refused_by_the_letter_with_what_was_typed_kept(signed_in, framework):
    first = framework.standards.get(number=1)
    response = signed_in.post(
        url("add_characteristic", framework, first.pk), {"letter": "b", "text": "Kept as typed", "function": "Kept"}
    )
    assert_error_page(response, "letter", "Standard 1 already has a characteristic B.")
    assert ">Kept as typed</textarea>" in response.content.decode()
    assert first.characteristics.count() == 2


def test_a_characteristic_needs_its_letter_and_text(signed_in, framework):
    first = framework.standards.get(number=1)
    response = signed_in.post(url("add_characteristic", framework, first.pk), {"letter": "", "text": ""})
    assert response.context["form"].errors.keys() == {"letter", "text"}
    assert "Enter the characteristic’s letter, such as A" in text_of(response)
    long = signed_in.post(url("add_characteristic", framework, first.pk), {"letter": "ABCD", "text": "x"})
    assert_error_page(long, "letter", "Letter must be 3 characters or fewer")


def test_a_clerk_changes_a_characteristic_and_a_taken_letter_is_refused(signed_in, clerk, framework):
    b = framework.standards.get(number=1).characteristics.get(letter="B")
    page = signed_in.get(url("change_characteristic", framework, b.pk))
    assert page.context["form"]["text"].value() == "They are accessible."
    assert "has been assessed" not in text_of(page)
    taken = signed_in.post(url("change_characteristic", framework, b.pk), {"letter": "A", "text": "Changed"})
    assert_error_page(taken, "letter", "Standard 1 already has a characteristic A.")
    assert "Change characteristic 1 B" in text_of(taken)
    response = signed_in.post(
        url("change_characteristic", framework, b.pk),
        {"letter": "С", "text": "They are safe spaces.", "function": "To reduce barriers."},  # Cyrillic С
        follow=True,
    )
    assert "Characteristic 1 C was saved." in text_of(response)
    b.refresh_from_db()
    assert (b.letter, b.text) == ("C", "They are safe spaces.")
    assert b.history.first().history_user == clerk


def test_changing_an_assessed_characteristic_warns_that_its_assessments_show_the_change(signed_in, demo):
    framework = Framework.objects.get(slug=DEMO)
    characteristic = framework.standards.get(number=1).characteristics.get(letter="A")
    page = signed_in.get(url("change_characteristic", framework, characteristic.pk))
    assert "This characteristic has been assessed: what you change here shows in those assessments too" in text_of(page)


def test_a_clerk_deletes_a_characteristic_not_yet_assessed(signed_in, clerk, framework):
    b = framework.standards.get(number=1).characteristics.get(letter="B")
    page = signed_in.get(url("delete_characteristic", framework, b.pk))
    assert "Delete characteristic 1 B?" in text_of(page) and "They are accessible." in text_of(page)
    response = signed_in.post(url("delete_characteristic", framework, b.pk), follow=True)
    assert "Characteristic 1 B was deleted." in text_of(response)
    assert not Characteristic.objects.filter(pk=b.pk).exists()
    assert Characteristic.history.filter(history_type="-").get().history_user == clerk


def test_an_assessed_characteristic_is_not_deleted_and_the_page_says_why(signed_in, demo):
    framework = Framework.objects.get(slug=DEMO)
    characteristic = framework.standards.get(number=2).characteristics.get(letter="D")
    page = signed_in.get(url("delete_characteristic", framework, characteristic.pk))
    assert page.status_code == 200 and "Characteristic 2 D cannot be deleted" in text_of(page)
    assert "It has been assessed: an assessment’s record keeps it." in text_of(page)
    assert "Delete characteristic 2 D?" not in text_of(page)
    response = signed_in.post(url("delete_characteristic", framework, characteristic.pk))
    assert response.status_code == 409 and "Characteristic 2 D was not deleted" in text_of(response)
    assert Characteristic.objects.filter(pk=characteristic.pk).exists()


def test_a_characteristic_added_after_assessments_is_in_the_next_one_only(signed_in, clerk, demo):
    framework = Framework.objects.get(slug=DEMO)
    published = framework.assessments.get()
    before = sorted(published.responses.values_list("characteristic__letter", "rating", "response"))
    third = framework.standards.get(number=3)
    page = signed_in.get(url("add_characteristic", framework, third.pk))
    assert "Assessments already started keep the characteristics they have" in text_of(page)
    signed_in.post(
        url("add_characteristic", framework, third.pk),
        {"letter": "B", "text": "Prevention work is evaluated.", "function": "To learn what works."},
    )
    added = third.characteristics.get(letter="B")
    assert sorted(published.responses.values_list("characteristic__letter", "rating", "response")) == before
    assert not added.responses.exists()
    following = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=published, by=clerk
    )
    labels = [r.characteristic.label for r in following.responses.in_order().select_related("characteristic__standard")]
    assert labels[-2:] == ["3 A", "3 B"] and len(labels) == len(before) + 1
    new = following.responses.get(characteristic=added)
    assert (new.rating, new.response) == (Rating.NOT_ASSESSED, "")


# Putting them in the paper's order ---------------------------------------------------


def test_a_clerk_moves_a_characteristic_and_a_standard(signed_in, clerk, framework):
    first, second = framework.standards.order_by("number")
    c = first.add_characteristic(letter="D", text="Added out of order.", by=clerk)
    response = signed_in.post(url("framework_setup", framework), {"move": f"characteristic:{c.pk}:up"}, follow=True)
    assert "Characteristic 1 D was moved up." in text_of(response)
    assert [x.letter for x in first.characteristics.all()] == ["A", "D", "B"]
    assert c.history.first().history_user == clerk
    moved = signed_in.post(url("framework_setup", framework), {"move": f"standard:{second.pk}:up"}, follow=True)
    assert "Standard 2 was moved up: it is now standard 1." in text_of(moved)
    assert [(s.pk, s.number) for s in framework.standards.all()] == [(second.pk, 1), (first.pk, 2)]
    text = text_of(signed_in.get(url("framework_setup", framework)))
    assert text.index("1. Hate Incident Case Management") < text.index("2. Third Party Reporting")
    refused = signed_in.post(url("framework_setup", framework), {"move": f"standard:{second.pk}:up"}, follow=True)
    assert "Standard 1 was not moved. It is already the first." in text_of(refused)
    # A button the page never has is a bad request; a standard of another framework is not found.
    assert (
        signed_in.post(url("framework_setup", framework), {"move": f"standard:{second.pk}:sideways"}).status_code == 400
    )
    assert signed_in.post(url("framework_setup", framework), {}).status_code == 400
    assert signed_in.post(url("framework_setup", framework), {"move": "standard:999999:up"}).status_code == 404


def test_moving_a_standard_renumbers_the_standards_and_its_characteristics_and_gaps_go_with_it(
    signed_in, clerk, administrator, framework
):
    first, second = framework.standards.order_by("number")
    second.add_characteristic(letter="A", text="Cases are managed.", by=clerk)
    third = framework.add_standard(number=3, title="Prevention Activity", by=clerk)
    draft = Assessment.objects.start(framework=framework, assessed_on=datetime.date(2021, 3, 1), by=clerk)
    one_b = draft.responses.get(characteristic__standard=first, characteristic__letter="B")
    one_b.record(by=clerk, version=one_b.version, response="", rating="not_met", evidence="", gap="Not yet.")
    signed_in.force_login(administrator)
    page = signed_in.post(url("framework_setup", framework), {"move": f"standard:{first.pk}:down"}, follow=True)
    assert "Standard 1 was moved down: it is now standard 2." in text_of(page)
    text = text_of(page)
    assert text.index("1. Hate Incident Case Management") < text.index("2. Third Party Reporting")
    assert text.index("2. Third Party Reporting") < text.index("3. Prevention Activity")
    assert [(s.pk, s.number, s.position) for s in framework.standards.all()] == [
        (second.pk, 1, 0), (first.pk, 2, 1), (third.pk, 3, 2),
    ]  # fmt: skip
    # The characteristics and the draft's gap stay with their standard, under its new number.
    assert [c.label for c in framework.characteristics()] == ["1 A", "2 A", "2 B"]
    one_b.refresh_from_db()
    assert (one_b.characteristic.label, one_b.characteristic.text, one_b.gap) == (
        "2 B",
        "They are accessible.",
        "Not yet.",
    )
    # Who renumbered each, in the history, ending at its new number.
    for standard, number in ((first, 2), (second, 1)):
        latest = standard.history.first()
        assert (latest.history_user, latest.number) == (administrator, number)
    assert third.history.count() == 1  # not renumbered, not touched


def test_standards_keep_numbers_they_had_when_moved_as_a_framework_numbered_from_4(framework, clerk):
    other = Framework.objects.add(title="Section two", short_title="Section two", by=clerk)
    four, _, six = (other.add_standard(number=n, title=f"Standard {n}", by=clerk) for n in (4, 5, 6))
    six.move(direction="up", by=clerk)
    assert (six.number, six.position) == (5, 1)
    assert [(s.title, s.number) for s in other.standards.all()] == [
        ("Standard 4", 4), ("Standard 6", 5), ("Standard 5", 6),
    ]  # fmt: skip
    four.refresh_from_db()
    four.move(direction="down", by=clerk)
    assert [(s.title, s.number) for s in other.standards.all()] == [
        ("Standard 6", 4), ("Standard 4", 5), ("Standard 5", 6),
    ]  # fmt: skip


def test_a_published_assessment_keeps_the_standards_numbers_and_order(signed_in, clerk, demo):
    framework = Framework.objects.get(slug=DEMO)
    published = framework.assessments.get(status=Assessment.Status.PUBLISHED)
    first = framework.standards.get(number=1)
    before = [(s.pk, s.number, s.position) for s in framework.standards.all()]
    page = signed_in.get(url("framework_setup", framework))
    assert "The standards cannot be moved or renumbered. A published assessment prints the standards" in text_of(page)
    assert f'value="standard:{first.pk}:down"' not in page.content.decode()
    refused = signed_in.post(url("framework_setup", framework), {"move": f"standard:{first.pk}:down"}, follow=True)
    assert "Standard 1 was not moved. A published assessment prints the standards with these numbers" in text_of(
        refused
    )
    changed = signed_in.post(
        url("change_standard", framework, first.pk), {"number": "4", "title": "Third Party Reporting"}
    )
    assert_error_page(changed, "number", "Standard 1 keeps its number. A published assessment prints the standards")
    with pytest.raises(ValidationError):
        first.move(direction="down", by=clerk)
    assert [(s.pk, s.number, s.position) for s in framework.standards.all()] == before
    appendix = text_of(signed_in.get(reverse("assessment_detail", args=[published.pk])))
    assert appendix.index("1. Third Party Reporting") < appendix.index("2. Hate Incident Case Management")
    # Its words may still be corrected: the number stays.
    signed_in.post(url("change_standard", framework, first.pk), {"number": "1", "title": "Third-Party Reporting"})
    first.refresh_from_db()
    assert (first.number, first.title) == (1, "Third-Party Reporting")


def test_another_frameworks_parts_are_not_found_from_this_one(signed_in, clerk, framework):
    other = Framework.objects.add(title="Other", short_title="Other", by=clerk)
    a = framework.standards.get(number=1).characteristics.get(letter="A")
    level = framework.levels.get()
    assert signed_in.get(url("change_characteristic", other, a.pk)).status_code == 404
    assert signed_in.get(url("change_level", other, level.pk)).status_code == 404
    assert signed_in.get(url("add_characteristic", other, a.standard_id)).status_code == 404
    assert signed_in.post(url("framework_setup", other), {"move": f"characteristic:{a.pk}:down"}).status_code == 404


# The verbs the pages added -----------------------------------------------------------


def test_moving_numbers_positions_afresh_and_a_new_part_goes_after_the_last(framework, clerk):
    first = framework.standards.get(number=1)
    a, b = first.characteristics.order_by("letter")
    b.delete(by=clerk)
    c = first.add_characteristic(letter="C", text="Third.", by=clerk)
    d = first.add_characteristic(letter="D", text="Fourth.", by=clerk)
    assert [x.letter for x in first.characteristics.all()] == ["A", "C", "D"]
    d.move(direction="up", by=clerk)
    assert [(x.letter, x.position) for x in first.characteristics.all()] == [("A", 0), ("D", 1), ("C", 2)]
    with pytest.raises(ValidationError):
        a.move(direction="up", by=clerk)
    level = framework.add_level(name="Local level", by=clerk)
    level.move(direction="up", by=clerk)
    assert [lv.name for lv in framework.levels.all()] == ["Local level", "Regional level"]
    assert c.pk


def test_the_new_verbs_refuse_who_does_not_build_plans(framework, officer):
    standard = framework.standards.get(number=2)
    level = framework.levels.get()
    for act in (
        lambda: level.delete(by=officer),
        lambda: level.move(direction="down", by=officer),
        lambda: standard.delete(by=officer),
        lambda: standard.move(direction="up", by=officer),
        lambda: framework.standards.get(number=1).characteristics.first().move(direction="down", by=officer),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert Standard.objects.filter(pk=standard.pk).exists() and Level.objects.filter(pk=level.pk).exists()


def test_who_does_not_build_plans_is_refused_every_page(client, officer, framework):
    client.force_login(officer)
    assert client.get(reverse("add_framework")).status_code == 403
    assert client.get(url("framework_setup", framework)).status_code == 403
    assert client.post(url("framework_setup", framework), {"move": "level:1:up"}).status_code == 403
