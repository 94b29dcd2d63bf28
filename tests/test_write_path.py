"""One write path: every door (the clerk's pages, the admin, the officers'
forms) goes through the model's verbs, which keep the rules of the cycle,
refuse a save based on an older reading, and record who and why. Published
means approved."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from actionplans.models import EntryResponsibility, Owner, ProgressEntry, Round

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def client_for(username):
    client = Client()
    client.force_login(user(username))
    return client


def text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_two_clerks_correcting_one_entry_do_not_overwrite_each_other(demo):
    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand="Schools, Colleges and Universities")
    url = reverse("correct_entry", args=[entry.pk])
    owners = [link.owner_id for link in entry.responsibilities.all()]
    first, second = client_for("clerk"), client_for("admin")
    opened = {"version": str(entry.version), "owners": owners, "grade": "1", "grade_explanation": ""}
    first.post(url, {**opened, "evidence_of_progress": "First clerk's text.", "reason": "First correction"})
    response = second.post(url, {**opened, "evidence_of_progress": "Second clerk's text.", "reason": "Second"})
    assert response.status_code == 409
    page = text(response)
    assert "changed this entry" in page and "Your correction was not saved" in page
    assert "First clerk's text." in page
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "First clerk's text."


def test_changing_who_was_responsible_in_a_published_round_needs_a_reason(demo):
    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand__startswith="The development")
    assert [link.owner.name for link in entry.responsibilities.all()] == ["Errol Parks"]
    neil = Owner.objects.get(name="Neil Mitchell")
    with pytest.raises(ValidationError):
        entry.correct(by=user("clerk"), version=entry.version, reason=" ", owners=[neil])
    entry.correct(by=user("clerk"), version=entry.version, reason="Errol took over in October", owners=[neil])
    assert [link.owner.name for link in entry.responsibilities.all()] == ["Neil Mitchell"]
    added = EntryResponsibility.history.filter(entry_id=entry.pk, history_type="+").latest("history_date")
    removed = EntryResponsibility.history.filter(entry_id=entry.pk, history_type="-").latest("history_date")
    assert added.history_change_reason == removed.history_change_reason == "Correction: Errol took over in October"
    assert added.history_user == removed.history_user == user("clerk")


def test_an_open_rounds_update_is_not_corrected_as_if_published(demo):
    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand__startswith="The development")
    Round.objects.filter(pk=entry.round_id).update(status=Round.Status.OPEN)
    with pytest.raises(ValidationError):
        entry.correct(by=user("clerk"), version=entry.version, reason="x", evidence_of_progress="y")


@pytest.fixture
def march_2021_with_unapproved_updates(demo):
    """March 2021 open on the demo review (1 a) Schools kept open, and 1 c)):
    Vanessa's draft on Schools was never submitted, and the link officer
    returned the update on 1 c) as wrong. Then the clerk publishes anyway."""
    import datetime

    from actionplans.models import Action

    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.monitoring = Action.Monitoring.KEEP_OPEN
    schools.save()
    round = demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=user("clerk"),
    )
    draft = round.entries.get(action=schools)
    draft.save_update(
        by=user("vanessa.housley"),
        version=draft.version,
        submit=False,
        evidence_of_progress="Half-written draft.",
        grade=4,
    )
    returned = round.entries.get(action__sub_action__letter="c", action__strand="")
    ProgressEntry.objects.filter(pk=returned.pk).update(
        status=ProgressEntry.Status.RETURNED,
        evidence_of_progress="This is wrong, do not publish",
        grade=4,
        return_comment="Wrong figures",
    )
    return round


def test_the_publish_page_names_every_action_that_will_read_no_update_received(march_2021_with_unapproved_updates):
    round = march_2021_with_unapproved_updates
    page = text(client_for("clerk").get(reverse("publish_round", args=[round.pk])))
    assert "will read “No update received”" in page
    assert "1 a) Schools, Colleges and Universities – draft" in page and "1 c) – returned" in page


def test_a_published_round_shows_only_approved_updates(march_2021_with_unapproved_updates):
    from openpyxl import load_workbook

    round = march_2021_with_unapproved_updates
    response = client_for("clerk").post(reverse("publish_round", args=[round.pk]), {"confirm_missing": "on"})
    assert response.status_code == 302
    councillor = client_for("councillor")
    review = round.review

    page = text(councillor.get(reverse("progress_update_page", args=[review.slug, "2021-03"])))
    assert "Half-written draft." not in page and "This is wrong, do not publish" not in page
    assert page.count("No update received") >= 2

    xlsx = councillor.get(reverse("progress_update", args=[review.slug]) + "?round=2021-03&format=xlsx")
    import io

    cells = " ".join(
        str(value)
        for sheet in load_workbook(io.BytesIO(xlsx.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Half-written draft." not in cells and "This is wrong, do not publish" not in cells

    dashboard = councillor.get(reverse("committee_dashboard", args=[review.committee.slug])).content.decode()
    assert "As at the March 2021 progress update" in text(
        councillor.get(reverse("committee_dashboard", args=[review.committee.slug]))
    )
    assert "0 4 Not Achieved" in dashboard and "2 No update" in dashboard
