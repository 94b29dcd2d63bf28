"""Each role lands on its own task page after signing in."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans import access
from actionplans.demo import demo_password
from actionplans.models import EntryResponsibility, Owner
from tests.factories import make_committee, make_owner

pytestmark = pytest.mark.django_db


def sign_in(username, next_url=None):
    """Signs in through the form; returns where the sign-in ended up, and that page."""
    data = {"username": username, "password": demo_password()}
    if next_url:
        data["next"] = next_url
    response = Client().post(reverse("login"), data, follow=True)
    return response.redirect_chain[-1][0], response


@pytest.fixture
def round_open(demo_march_2021):
    return demo_march_2021


def test_an_officer_lands_on_their_updates(demo):
    assert sign_in("vanessa.housley")[0] == reverse("my_updates")


def test_a_link_officer_lands_on_the_approvals_page_waiting_or_not(round_open):
    """Issue 55: with nothing to approve, they landed on an empty "Your
    progress updates"; the approvals page lists the updates being written."""
    where, page = sign_in("marc.stephenson")
    assert where == reverse("approvals") and "being written" in page.content.decode()
    submit_schools(round_open)
    assert sign_in("marc.stephenson")[0] == reverse("approvals")


def test_a_link_officer_who_writes_updates_too_lands_on_them_while_none_waits(round_open):
    marc = get_user_model().objects.get(username="marc.stephenson")
    entry = round_open.entries.exclude(action__strand="Schools, Colleges and Universities").first()
    EntryResponsibility.objects.create(entry=entry, owner=Owner.objects.get(user=marc))
    assert access.entries_to_write(marc).exists()
    assert sign_in("marc.stephenson")[0] == reverse("my_updates")
    submit_schools(round_open)
    assert sign_in("marc.stephenson")[0] == reverse("approvals")


def submit_schools(round_open):
    entry = round_open.entries.get(action__strand="Schools, Colleges and Universities")
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    entry.save_update(by=vanessa, version=entry.version, submit=True, evidence_of_progress="Done.", grade=1)


def test_a_clerk_lands_on_the_open_round_or_else_the_reviews(demo):
    assert sign_in("clerk")[0] == reverse("home")


def test_a_clerk_lands_on_the_one_round_that_is_open(round_open):
    url, response = sign_in("clerk")
    assert url == reverse("round_detail", args=[round_open.pk])
    assert "March 2021 progress update" in response.content.decode()


def test_an_administrator_lands_on_the_people_pages_round_open_or_not(round_open):
    """Issue 55: the administrator looks after logins and roles, and the
    clerk's round page says nothing of them."""
    url, response = sign_in("admin")
    assert url == reverse("people")
    assert "Add a person" in response.content.decode()


def test_a_committee_member_lands_on_their_committees_dashboard(demo):
    make_committee("Adult Social Care and Health Select Committee")  # not theirs
    url, response = sign_in("councillor")
    assert url == reverse("committee_dashboard", args=[demo.committee.slug])
    assert response.status_code == 200


def test_a_member_of_several_committees_lands_on_the_list_of_dashboards(demo):
    councillor = get_user_model().objects.get(username="councillor")
    make_committee().members.add(councillor)
    assert sign_in("councillor")[0] == reverse("committees")


def test_the_page_asked_for_before_signing_in_wins(demo):
    wanted = reverse("review_detail", args=[demo.slug])
    for username in ("councillor", "vanessa.housley", "clerk"):
        assert sign_in(username, next_url=wanted)[0] == wanted


def test_someone_with_no_role_is_refused_rather_than_sent_round_in_circles(outsider):
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("landing")).status_code == 403


def test_a_link_officer_is_not_sent_to_approvals_for_another_reviews_updates(round_open, link_officer):
    entry = round_open.entries.get(action__strand="Schools, Colleges and Universities")
    vanessa = get_user_model().objects.get(username="vanessa.housley")
    entry.save_update(by=vanessa, version=entry.version, submit=True, evidence_of_progress="Done.", grade=1)
    assert entry.status == entry.Status.SUBMITTED
    # A link officer of no review here, who writes an update of their own.
    other = round_open.entries.exclude(pk=entry.pk).first()
    EntryResponsibility.objects.create(entry=other, owner=make_owner("Lin Link", user=link_officer))
    client = Client()
    client.force_login(link_officer)
    assert client.get(reverse("landing"))["Location"] == reverse("my_updates")


def test_someone_who_typed_the_bare_address_still_lands_on_their_own_task(demo):
    """Visiting / sends people to /sign-in/?next=/: the front door is no
    particular page, so each still lands on their own task."""
    client = Client()
    assert client.get("/")["Location"].endswith("?next=/")
    assert sign_in("vanessa.housley", next_url="/")[0] == reverse("my_updates")
    assert sign_in("councillor", next_url="/")[0] == reverse("committee_dashboard", args=[demo.committee.slug])
    assert sign_in("councillor", next_url=reverse("action_list"))[0] == reverse("action_list")
