"""Forms start where the clerk most likely is: the council's only committee
chosen on a review's set-up; a new round's month six months (the review's
own cycle) after its latest, not January; a person or group just added from
a set-up page chosen on the way back."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import Committee, Owner
from tests.factories import make_committee, make_review, make_round
from tests.test_setup_pages import a_recommendation, committee, draft, people, record_fields  # noqa: F401

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def chosen(page: str, name: str) -> list[str]:
    """The options selected in the select `name`, by their words."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, flags=re.S).group(1)
    return re.findall(r"<option [^>]*selected[^>]*>([^<]*)</option>", select)


# a. The only committee ---------------------------------------------------------


def test_a_council_with_one_committee_has_it_chosen_on_a_new_review(clerk):
    Committee.objects.all().delete()
    make_committee("Crime and Disorder Select Committee")
    page = signed_in(clerk).get(reverse("set_up_review")).content.decode()
    assert chosen(page, "committee") == ["Crime and Disorder Select Committee"]


def test_with_two_committees_the_clerk_chooses(clerk):
    Committee.objects.all().delete()
    make_committee("Crime and Disorder Select Committee")
    make_committee("People Select Committee")
    page = signed_in(clerk).get(reverse("set_up_review")).content.decode()
    assert chosen(page, "committee") == []


# b. The next round's month -----------------------------------------------------


def month_and_year(clerk, review) -> tuple[list[str], str]:
    page = signed_in(clerk).get(reverse("open_round", args=[review.slug])).content.decode()
    year = re.search(r'<input[^>]*name="year"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', year)
    return chosen(page, "month"), value.group(1) if value else ""


def test_a_round_opens_six_months_after_the_latest_by_default(clerk):
    review = make_review()
    make_round(review, 2020, 9)
    assert month_and_year(clerk, review) == (["March"], "2021")


def test_a_review_monitored_quarterly_opens_three_months_after_the_latest(clerk):
    review = make_review()
    make_round(review, 2020, 6)
    make_round(review, 2020, 9)
    assert month_and_year(clerk, review) == (["December"], "2020")


def test_a_first_round_opens_six_months_after_the_plan_was_agreed(clerk):
    review = make_review(action_plan_agreed=datetime.date(2019, 3, 1))
    assert month_and_year(clerk, review) == (["September"], "2019")


def test_a_refused_month_is_kept_as_posted_not_replaced_by_the_default(clerk):
    review = make_review()
    make_round(review, 2020, 9)
    page = (
        signed_in(clerk)
        .post(reverse("open_round", args=[review.slug]), {"month": "5", "year": "2020"})
        .content.decode()
    )
    assert chosen(page, "month") == ["May"]


# c. A person just added is chosen --------------------------------------------


def add_person_from(client, url, typed, name):
    leaving = client.post(url, {**typed, "do": "add_person"})
    assert leaving.status_code == 302
    back = client.post(
        leaving["Location"],
        {"name": name, "email": f"{name.lower().replace(' ', '.')}@example.org", "roles": ["Officer"], "next": ""},
    )
    assert back.status_code == 302
    return client.get(back["Location"]).content.decode()


def test_a_link_officer_added_from_the_review_details_is_chosen_on_the_way_back(clerk, committee, people):  # noqa: F811
    client = signed_in(clerk)
    typed = {"committee": committee.pk, "title": "Youth Services", "owner_0": "", "owner_1": "", "version": ""}
    page = add_person_from(client, reverse("set_up_review"), typed, "Nadia Okafor")
    assert chosen(page, "owner_0") == ["Nadia Okafor"]
    assert 'value="Youth Services"' in page


def test_a_second_link_officer_added_joins_the_first(clerk, committee, people):  # noqa: F811
    client = signed_in(clerk)
    typed = {"committee": committee.pk, "title": "Youth Services", "owner_0": people["neil"].pk, "version": ""}
    page = add_person_from(client, reverse("set_up_review"), typed, "Nadia Okafor")
    assert chosen(page, "owner_0") == ["Neil Mitchell"] and chosen(page, "owner_1") == ["Nadia Okafor"]


def test_a_person_added_from_a_recommendation_leads_the_record_that_names_nobody(clerk, draft, people):  # noqa: F811
    client = signed_in(clerk)
    typed = a_recommendation(draft, people)
    typed["p0-s1-owner_0"] = ""  # its box, left empty
    typed.update(record_fields("p0-s1", strand="Younger men", action="Reach younger men."))
    page = add_person_from(client, reverse("add_recommendation", args=[draft.slug]), typed, "Tomasz Nowak")
    assert chosen(page, "p0-s1-owner_0") == ["Tomasz Nowak"]
    # The records that named someone are as they were.
    assert chosen(page, "rec-own-owner_0") == ["Satnam Singh"]
    assert chosen(page, "p0-s0-owner_0") == ["All Stockton hate crime group members"]
    assert Owner.objects.filter(name="Tomasz Nowak").exists()


def test_where_every_record_names_someone_the_clerk_chooses_where(clerk, draft, people):  # noqa: F811
    client = signed_in(clerk)
    page = add_person_from(
        client, reverse("add_recommendation", args=[draft.slug]), a_recommendation(draft, people), "Tomasz Nowak"
    )
    tomasz = Owner.objects.get(name="Tomasz Nowak")
    assert f'<option value="{tomasz.pk}" selected' not in page
