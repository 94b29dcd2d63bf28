"""Committees in the service: a clerk adds one (a new council has none) and
renames one, on GOV.UK pages, through Committee's verbs, with who in the
history."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans.models import Committee
from tests.factories import make_committee, make_review

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_clerk_adds_a_committee_and_goes_on_to_choose_its_members(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("add_committee"), {"name": "  Crime and Disorder Select Committee "})
    committee = Committee.objects.get()
    assert committee.name == "Crime and Disorder Select Committee"
    assert committee.slug == "crime-and-disorder-select-committee"
    assert response["Location"] == reverse("committee_members", args=[committee.slug])
    page = text_of(client.get(response["Location"]))
    assert "The Crime and Disorder Select Committee was added" in page
    created = committee.history.get()
    assert created.history_type == "+" and created.history_user == clerk


def test_a_committee_named_like_another_is_refused_beside_the_field_with_the_text_kept(client, clerk):
    make_committee("Crime and Disorder Select Committee")
    client.force_login(clerk)
    response = client.post(reverse("add_committee"), {"name": "crime and disorder select committee"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_name-error"' in page
    assert "There is already a committee called crime and disorder select committee" in text_of(response)
    assert 'value="crime and disorder select committee"' in page
    assert Committee.objects.count() == 1


def test_an_empty_name_or_one_on_two_lines_is_refused(client, clerk):
    client.force_login(clerk)
    assert "Enter the name of the committee" in text_of(client.post(reverse("add_committee"), {"name": "  "}))
    response = client.post(reverse("add_committee"), {"name": "Crime and\r\nDisorder"})
    assert "Name of the committee must be on one line" in text_of(response)
    assert not Committee.objects.exists()


def test_committees_whose_names_make_the_same_address_get_different_ones(clerk):
    first = Committee.objects.add(name="Health Select Committee", by=clerk)
    second = Committee.objects.add(name="Health: Select Committee", by=clerk)
    assert first.slug == "health-select-committee"
    assert second.slug == "health-select-committee-2"


def test_no_committee_takes_the_address_of_the_add_page(client, clerk):
    committee = Committee.objects.add(name="New", by=clerk)
    assert committee.slug != "new"
    client.force_login(clerk)
    assert client.get(reverse("add_committee")).templates[0].name == "actionplans/people/committee.html"


def test_renaming_keeps_the_address_and_its_reviews_and_records_who(client, clerk):
    committee = Committee.objects.add(name="Crime and Disorder Select Committee", by=clerk)
    review = make_review(committee=committee)
    client.force_login(clerk)
    url = reverse("rename_committee", args=[committee.slug])
    assert 'value="Crime and Disorder Select Committee"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Crime, Disorder and Community Safety Select Committee"})
    assert response["Location"] == reverse("committee_members", args=[committee.slug])
    committee.refresh_from_db()
    assert committee.name == "Crime, Disorder and Community Safety Select Committee"
    assert committee.slug == "crime-and-disorder-select-committee"
    assert review.committee_id == committee.pk
    changed = committee.history.latest()
    assert changed.history_user == clerk and changed.prev_record.name == "Crime and Disorder Select Committee"
    page = text_of(client.get(reverse("committee_dashboard", args=[committee.slug])))
    assert "Crime, Disorder and Community Safety Select Committee" in page


def test_renaming_to_another_committees_name_is_refused_and_the_name_kept(client, clerk):
    make_committee("Health Select Committee")
    committee = make_committee("Crime and Disorder Select Committee")
    client.force_login(clerk)
    response = client.post(reverse("rename_committee", args=[committee.slug]), {"name": "Health Select Committee"})
    assert "There is already a committee called Health Select Committee" in text_of(response)
    assert 'value="Health Select Committee"' in response.content.decode()
    committee.refresh_from_db()
    assert committee.name == "Crime and Disorder Select Committee"


def test_saving_the_same_name_leaves_no_history(clerk):
    committee = Committee.objects.add(name="Health Select Committee", by=clerk)
    committee.rename(name="Health Select Committee", by=clerk)
    assert committee.history.count() == 1


def test_the_verbs_refuse_whoever_may_not_manage_committees(officer, councillor):
    committee = make_committee("Health Select Committee")
    for user in (officer, councillor):
        with pytest.raises(PermissionDenied):
            Committee.objects.add(name="Another Committee", by=user)
        with pytest.raises(PermissionDenied):
            committee.rename(name="Renamed", by=user)
    assert list(Committee.objects.values_list("name", flat=True)) == ["Health Select Committee"]


def test_the_verb_refuses_a_duplicate_name_whatever_the_case(clerk):
    make_committee("Health Select Committee")
    with pytest.raises(ValidationError) as refused:
        Committee.objects.add(name="HEALTH select committee", by=clerk)
    assert refused.value.message_dict == {"name": ["There is already a committee called HEALTH select committee"]}


def test_clerks_find_add_a_committee_on_the_dashboards_list_and_the_members_page(client, clerk, councillor):
    committee = make_committee("Health Select Committee")
    add = reverse("add_committee")
    client.force_login(clerk)
    assert f'href="{add}"' in client.get(reverse("committees")).content.decode()
    members = client.get(reverse("committee_members", args=[committee.slug])).content.decode()
    assert f'href="{add}"' in members
    assert f'href="{reverse("rename_committee", args=[committee.slug])}"' in members
    client.force_login(councillor)
    assert f'href="{add}"' not in client.get(reverse("committees")).content.decode()


def test_from_setting_up_a_review_a_clerk_adds_a_committee_and_comes_back_with_it_chosen(client, clerk):
    client.force_login(clerk)
    set_up = reverse("set_up_review")
    page = client.get(set_up).content.decode()
    # A button of the form, so that what was typed goes with it (issue 28).
    assert "The committee is not listed?" in page and 'name="do" value="add_committee"' in page
    link = client.post(set_up, {"title": "Health", "do": "add_committee"})["Location"]
    back = f"{set_up}?typed=1"
    assert link == f"{reverse('add_committee')}?next={back.replace('/', '%2F').replace('?', '%3F').replace('=', '%3D')}"
    form = client.get(link).content.decode()
    assert f'href="{back}" class="govuk-back-link"' in form
    assert f'name="next" value="{back}"' in form
    response = client.post(link, {"name": "Health Select Committee", "next": back})
    committee = Committee.objects.get()
    assert response["Location"] == f"{back}&committee={committee.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{committee.pk}" selected>Health Select Committee</option>' in page
    assert 'value="Health"' in page


def test_the_way_back_goes_nowhere_outside_the_service(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("add_committee") + "?next=https://evil.example.org/").content.decode()
    assert "evil.example.org" not in page
    response = client.post(reverse("add_committee"), {"name": "Health", "next": "https://evil.example.org/"})
    assert response["Location"] == reverse("committee_members", args=[Committee.objects.get().slug])
