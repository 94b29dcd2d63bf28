"""What a browser or a cache between it and the service may keep: nothing
shared of a signed-in person's pages, and nothing at all of personal data or
of a file the public may not read (a shared council PC's browser keeps what
it is allowed to on disk)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actionplans.models import Round
from tests import evidence_files
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", ["my_updates", "people", "approvals"])
def test_every_signed_in_page_is_private(clerk, page):
    response = signed_in(clerk).get(reverse(page))
    assert response.status_code == 200
    assert "private" in directives(response) and "public" not in directives(response)


def test_a_page_for_nobody_signed_in_is_not_marked_private(db):
    response = Client().get(reverse("accessibility"))
    assert response.status_code == 200 and "private" not in directives(response)


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_subject_access_export_and_its_page_are_never_stored(administrator, officer_owner, fmt):
    client = signed_in(administrator)
    export = client.get(reverse("personal_data_download", args=[officer_owner.pk, fmt]))
    page = client.get(reverse("personal_data", args=[officer_owner.pk]))
    for response in (export, page):
        assert response.status_code == 200
        assert {"private", "no-store"} <= directives(response)


def test_an_unpublished_evidence_file_is_never_stored(clerk, officer, officer_owner, clamd):
    review = make_review(title="Hate Crime")
    round_ = make_round(review, 2020, 9, status=Round.Status.OPEN)
    entry = make_entry(make_action(make_recommendation(review), owners=[officer_owner]), round_, owners=[officer_owner])
    evidence = entry.attach_file(
        by=officer,
        version=entry.version,
        title="Minutes",
        upload=SimpleUploadedFile("minutes.pdf", evidence_files.pdf()),
        name="minutes.pdf",
    )
    response = signed_in(officer).get(reverse("evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_the_export_of_a_round_not_yet_published_is_never_stored(demo, demo_march_2021, clerk, fmt):
    """The clerk's draft of the open round (format, draft=on) is kept by no
    cache, the shared PC's browser included, as a page or a file."""
    client = signed_in(clerk)
    url = reverse("progress_update", args=[demo.slug])
    response = client.get(url, {"round": demo_march_2021.period_code, "format": fmt, "draft": "on"}, follow=True)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("signed_in_as", [None, "clerk"], ids=["public", "signed-in"])
def test_every_page_allows_none_of_the_browsers_features(request, signed_in_as):
    """Issue 75: a Permissions-Policy on every answer, the camera,
    microphone and location among the features no page may ask for."""
    client = signed_in(request.getfixturevalue(signed_in_as)) if signed_in_as else Client()
    response = client.get(reverse("accessibility"))
    policy = {part.strip() for part in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= policy
