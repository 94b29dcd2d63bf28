"""Dates are typed as day, month and year (GOV.UK's date input), so a British
date is never read the American way round."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import Round
from actionplans.monitoring.forms import OpenRoundForm

pytestmark = pytest.mark.django_db


def typed(deadline=("14", "1", "2026"), meeting=("28", "1", "2026")):
    data = {"month": "1", "year": "2026"}
    for name, parts in (("deadline", deadline), ("meeting_date", meeting)):
        data.update(dict(zip([f"{name}_day", f"{name}_month", f"{name}_year"], parts, strict=True)))
    return data


def errors(**dates):
    form = OpenRoundForm(typed(**dates))
    assert not form.is_valid()
    return form.errors


@pytest.fixture
def clerk_client(clerk):
    client = Client()
    client.force_login(clerk)
    return client


def test_day_14_month_1_opens_a_round_due_on_14_january(demo, clerk_client):
    response = clerk_client.post(reverse("open_round", args=[demo.slug]), typed())
    round = Round.objects.get(review=demo, period=datetime.date(2026, 1, 1))
    assert response["Location"] == reverse("round_detail", args=[round.pk])
    assert round.deadline == datetime.date(2026, 1, 14)
    assert round.meeting_date == datetime.date(2026, 1, 28)
    assert "14 January 2026" in clerk_client.get(response["Location"]).content.decode()


def test_31_february_is_refused_as_not_a_real_date(demo, clerk_client):
    response = clerk_client.post(reverse("open_round", args=[demo.slug]), typed(deadline=("31", "2", "2026")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deadline must be a real date" in html
    assert '<a href="#id_deadline_day">Deadline must be a real date</a>' in html
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="id_deadline_day"'
        in html
    )
    assert 'value="31"' in html  # what was typed is kept
    assert not Round.objects.filter(review=demo, period=datetime.date(2026, 1, 1)).exists()


def test_a_missing_part_is_named_and_only_that_box_is_marked():
    assert errors(deadline=("14", "", "2026"))["deadline"] == ["Deadline must include a month"]
    assert errors(deadline=("", "", "2026"))["deadline"] == ["Deadline must include a day and month"]
    assert errors(meeting=("28", "1", ""))["meeting_date"] == ["Meeting date must include a year"]
    form = OpenRoundForm(typed(deadline=("14", "", "2026")))
    form.is_valid()
    parts = {part["id"]: part["error"] for part in form["deadline"].date_parts()}
    assert parts == {"id_deadline_day": False, "id_deadline_month": True, "id_deadline_year": False}
    assert form["deadline"].id_for_label == "id_deadline_month"


def test_nothing_typed_asks_for_the_date():
    assert errors(deadline=("", "", ""))["deadline"] == ["Enter the deadline"]


@pytest.mark.parametrize(
    "deadline, message",
    [
        (("14", "13", "2026"), "Deadline must be a real date"),
        (("0", "1", "2026"), "Deadline must be a real date"),
        (("14", "Jan", "2026"), "Deadline must be a real date"),
        (("14/01/2026", "1", "2026"), "Deadline must be a real date"),
        (("-1", "1", "2026"), "Deadline must be a real date"),
        (("14", "1", "26"), "Year must include 4 numbers"),
        (("29", "2", "2027"), "Deadline must be a real date"),
    ],
)
def test_what_is_not_a_date_is_refused_with_gov_uk_words(deadline, message):
    assert errors(deadline=deadline)["deadline"] == [message]


def test_spaces_around_the_numbers_do_not_matter():
    form = OpenRoundForm(typed(deadline=(" 14 ", "01", " 2026")))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["deadline"] == datetime.date(2026, 1, 14)


def test_the_form_shows_three_labelled_boxes_in_a_fieldset(demo, clerk_client):
    html = clerk_client.get(reverse("open_round", args=[demo.slug])).content.decode()
    assert 'type="date"' not in html
    for part in ("day", "month", "year"):
        assert f'<label class="govuk-label govuk-date-input__label" for="id_deadline_{part}">' in html
        assert f'name="meeting_date_{part}"' in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Deadline for officers’ updates</legend>'
        in html
    )


def test_a_date_the_round_refuses_marks_the_whole_date(demo, clerk_client):
    response = clerk_client.post(
        reverse("open_round", args=[demo.slug]), typed(deadline=("30", "1", "2026"), meeting=("28", "1", "2026"))
    )
    html = response.content.decode()
    assert "The deadline for updates must be before the committee meeting." in html
    assert html.count("govuk-input--error") == 3
