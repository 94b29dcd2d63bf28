"""One write path: every door (the clerk's pages, the admin, the officers'
forms) goes through the model's verbs, which keep the rules of the cycle,
refuse a save based on an older reading, and record who and why. Published
means approved."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from actionplans.models import EntryResponsibility, Owner, ProgressEntry, Round
from tests.documents import body

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
def march_2021_with_unapproved_updates(demo_march_2021):
    """March 2021 open on the demo review (1 a) Schools kept open, and 1 c)):
    Vanessa's draft on Schools was never submitted, and the link officer
    returned the update on 1 c) as wrong. Then the clerk publishes anyway."""

    from actionplans.models import Action

    round = demo_march_2021
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
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
    assert "1 a) Schools, Colleges and Universities – draft" in page
    assert "1 c) recruiting and developing capacity of… – returned" in page


def test_a_published_round_shows_only_approved_updates(
    march_2021_with_unapproved_updates, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    round = march_2021_with_unapproved_updates
    with django_capture_on_commit_callbacks(execute=True):  # the worker stores its paper
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
        for sheet in load_workbook(io.BytesIO(body(xlsx))).worksheets
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


# The admin is a second door: it uses the same verbs ------------------------


def test_the_admin_history_cannot_revert_a_published_round_or_entry(demo):
    from actionplans.models import Round

    clerk = client_for("clerk")
    round = Round.objects.get(review=demo, period="2020-09-01")
    first = round.history.earliest()
    url = reverse("admin:actionplans_round_simple_history", args=[round.pk, first.history_id])
    assert clerk.get(url).status_code == 200  # to read
    assert 'name="_save"' not in clerk.get(url).content.decode()
    response = clerk.post(url, {"deadline": "2020-08-01", "meeting_date": "2020-09-10", "status": "open"})
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.is_published

    entry = round.entries.first()
    url = reverse(
        "admin:actionplans_progressentry_simple_history", args=[entry.pk, entry.history.earliest().history_id]
    )
    assert clerk.post(url, {"evidence_of_progress": "", "grade": ""}).status_code == 403
    entry.refresh_from_db()
    assert entry.evidence_of_progress


def test_an_entry_pairs_an_action_with_a_round_of_its_own_review(demo):
    from tests.factories import make_action, make_recommendation, make_review

    other = make_review()
    entry = ProgressEntry(action=make_action(make_recommendation(other)), round=demo.rounds.first())
    with pytest.raises(ValidationError):
        entry.full_clean()
    assert client_for("clerk").get(reverse("admin:actionplans_progressentry_add")).status_code == 403


def test_an_admin_correction_opened_before_another_is_refused_with_the_reason(demo):
    from tests.admin_forms import admin_form_data

    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand__startswith="The development")
    url = reverse("admin:actionplans_progressentry_change", args=[entry.pk])
    clerk, admin = client_for("clerk"), client_for("admin")
    clerks_form = admin_form_data(clerk.get(url), evidence_of_progress="Clerk's fix.", correction_reason="Typo")
    admins_form = admin_form_data(admin.get(url), evidence_of_progress="Admin's fix.", correction_reason="Typo too")
    assert clerk.post(url, clerks_form).status_code == 302
    refused = admin.post(url, admins_form)
    assert refused.status_code == 200
    assert "Someone else changed this entry after you opened it" in text(refused)
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Clerk's fix."
    assert entry.history.first().history_change_reason == "Correction: Typo"


def test_a_correction_based_on_an_older_reading_is_refused_by_the_verb(demo):
    """Whatever the door (the clerk's page, the admin), a correction goes
    through correct(), which moves the version on and refuses a stale one.
    An open round's update cannot be changed in the admin at all (the
    permission table posts to it), so no admin edit races an officer."""
    from actionplans.models import EditConflict

    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand__startswith="The development")
    read = entry.version
    entry.correct(by=user("clerk"), version=read, reason="Typo", evidence_of_progress="Corrected.")
    with pytest.raises(EditConflict):
        entry.correct(by=user("admin"), version=read, reason="Mine", evidence_of_progress="Overwritten.")
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Corrected."


def test_owners_are_not_changed_in_the_admin_but_by_reassigning_in_the_service(demo_march_2021):
    from actionplans.models import Action
    from tests.admin_forms import admin_form_data

    action = Action.objects.get(sub_action__letter="c", strand="")
    round = demo_march_2021
    entry = round.entries.get(action=action)
    before = [link.owner.name for link in entry.responsibilities.all()]
    dawn = Owner.objects.get(name="Dawn Tyerman")
    url = reverse("admin:actionplans_action_change", args=[action.pk])
    clerk = client_for("clerk")
    page = clerk.get(url)
    assert reverse("reassign_action", args=[action.pk]) in page.content.decode()
    clerk.post(url, {**admin_form_data(page), "responsibility": [str(dawn.pk)]})
    assert [link.owner.name for link in action.responsibilities.all()] != ["Dawn Tyerman"]
    assert [link.owner.name for link in entry.responsibilities.all()] == before

    # The service's Reassign page does it, and the open round follows.
    response = clerk.post(reverse("reassign_action", args=[action.pk]), {"owners": [str(dawn.pk)]})
    assert response.status_code == 302
    assert [link.owner.name for link in entry.responsibilities.all()] == ["Dawn Tyerman"]
    assert EntryResponsibility.history.filter(entry_id=entry.pk, history_type="+").latest().history_user == user(
        "clerk"
    )


# Segregation of duties in the back office ----------------------------------


@pytest.fixture
def administrator_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


def test_an_administrator_cannot_make_themself_a_superuser(administrator, administrator_client):
    from tests.admin_forms import admin_form_data

    url = reverse("admin:auth_user_change", args=[administrator.pk])
    page = administrator_client.get(url)
    assert 'name="is_superuser"' not in page.content.decode()
    data = admin_form_data(page, first_name="Ada Renamed", is_superuser="on")
    for name in ("last_login", "date_joined"):  # the admin splits these into date and time boxes
        data.pop(name, None)
    data.update({"date_joined_0": "2026-01-01", "date_joined_1": "09:00:00"})
    response = administrator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    administrator.refresh_from_db()
    assert administrator.first_name == "Ada Renamed" and not administrator.is_superuser
    assert not administrator.user_permissions.exists()


def test_an_administrator_cannot_change_a_superusers_account_or_the_roles_permissions(administrator_client):
    from django.contrib.auth.models import Group

    root = get_user_model().objects.create_superuser("root.test", "root@example.org", "a-test-password-1")
    url = reverse("admin:auth_user_change", args=[root.pk])
    assert administrator_client.post(url, {"username": "root.test", "is_active": ""}).status_code == 403
    root.refresh_from_db()
    assert root.is_active

    group = Group.objects.get(name="Officer")
    page = administrator_client.get(reverse("admin:auth_group_change", args=[group.pk]))
    assert 'name="permissions"' not in page.content.decode()


def test_the_admin_deletes_no_action_nor_recommendation(demo):
    from actionplans.models import Action, Recommendation

    rec = Recommendation.objects.get(review=demo, number=1)
    action = Action.objects.get(sub_action__letter="c", strand="")
    published = list(action.entries.values_list("pk", flat=True))
    assert published
    clerk = client_for("clerk")
    for url in (
        reverse("admin:actionplans_action_delete", args=[action.pk]),
        reverse("admin:actionplans_recommendation_delete", args=[rec.pk]),
    ):
        assert clerk.post(url, {"post": "yes"}).status_code == 403
    assert ProgressEntry.objects.filter(pk__in=published).count() == len(published)
    assert Action.objects.filter(pk=action.pk).exists() and Recommendation.objects.filter(pk=rec.pk).exists()


def test_the_verbs_themselves_refuse_whoever_may_not_act(demo_march_2021):
    """Not only the views: import or an API calling the verbs gets the same
    refusals."""

    from actionplans.models import Action

    round = demo_march_2021
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    entry = round.entries.get(action=schools)
    with pytest.raises(PermissionDenied):  # Satnam is not responsible for 1 a) Schools
        entry.save_update(by=user("satnam.singh"), version=entry.version, submit=False, evidence_of_progress="x")
    published = ProgressEntry.objects.filter(round__period="2020-09-01").first()
    with pytest.raises(PermissionDenied):  # only a clerk corrects
        published.correct(by=user("vanessa.housley"), version=published.version, reason="Mine", grade=4)


def test_send_reminders_says_what_is_wrong_with_its_days():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    for bad in ("99999999999", "soon", "-1"):
        with pytest.raises(CommandError, match="days"):
            call_command("send_reminders", "--days", bad)
