"""Who may open which page: one table for every URL of the product, every
role and anonymous visitors. Later capabilities add their URLs here."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import ProgressEntry, Recommendation

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "councillor", "officer", "link_officer", "clerk", "administrator"]
EVERY_ROLE = {"councillor", "officer", "link_officer", "clerk", "administrator"}
STAFF = {"clerk", "administrator"}


def _urls(demo):
    entry = ProgressEntry.objects.filter(round__review=demo).first()
    rec = Recommendation.objects.get(review=demo, number=1)
    return {
        # name: (url, roles allowed, what the others get: "login", 403, or "admin-login")
        "home": (reverse("home"), EVERY_ROLE, 403),
        "review": (reverse("review_detail", args=[demo.slug]), EVERY_ROLE, 403),
        "export form": (reverse("progress_update", args=[demo.slug]), EVERY_ROLE, 403),
        "export xlsx": (reverse("progress_update", args=[demo.slug]) + "?round=2020-09&format=xlsx", EVERY_ROLE, 403),
        "document page": (reverse("progress_update_page", args=[demo.slug, "2020-09"]), EVERY_ROLE, 403),
        "accessibility": (reverse("accessibility"), set(ROLES), None),
        "admin index": (reverse("admin:index"), STAFF, "admin-login"),
        "admin recommendation": (
            reverse("admin:actionplans_recommendation_change", args=[rec.pk]),
            STAFF,
            "admin-login",
        ),
        "admin entry": (reverse("admin:actionplans_progressentry_change", args=[entry.pk]), STAFF, "admin-login"),
        "admin entry history": (
            reverse("admin:actionplans_progressentry_history", args=[entry.pk]),
            STAFF,
            "admin-login",
        ),
        "admin users": (reverse("admin:auth_user_changelist"), {"administrator"}, "admin-login"),
    }


def _client_for(role, cast):
    client = Client()
    if role != "anonymous":
        client.force_login(cast[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_it_may(role, demo, cast):
    client = _client_for(role, cast)
    for name, (url, allowed, otherwise) in _urls(demo).items():
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (name, role)
        elif role == "anonymous" and otherwise == 403:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
        elif otherwise == "admin-login" and role not in STAFF:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (name, role)
        else:
            assert response.status_code == 403, (name, role)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "councillor", "officer", "link_officer"])
def test_only_staff_change_an_entry_through_the_admin(role, demo, cast):
    entry = ProgressEntry.objects.filter(round__review=demo, grade=3).get()
    url = reverse("admin:actionplans_progressentry_change", args=[entry.pk])
    _client_for(role, cast).post(url, {"grade": "1", "evidence_of_progress": "Changed"})
    entry.refresh_from_db()
    assert entry.grade == 3 and entry.evidence_of_progress != "Changed"


@pytest.mark.parametrize(
    ("url_name", "data"),
    [("login", {"username": "councillor", "password": "x"}), ("logout", {})],
)
def test_every_post_is_refused_without_a_csrf_token(url_name, data, councillor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(councillor)
    assert client.post(reverse(url_name), data).status_code == 403


def test_an_admin_change_is_refused_without_a_csrf_token(demo, clerk):
    entry = ProgressEntry.objects.filter(round__review=demo, grade=3).get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    url = reverse("admin:actionplans_progressentry_change", args=[entry.pk])
    assert client.post(url, {"grade": "1"}).status_code == 403
    entry.refresh_from_db()
    assert entry.grade == 3


def test_an_unknown_review_is_not_found(client, councillor):
    client.force_login(councillor)
    assert client.get(reverse("review_detail", args=["no-such-review"])).status_code == 404
