"""Personal data (UK GDPR): an administrator exports everything held about
a person and erases a leaver; old logs are deleted after the retention
period; every such act is recorded."""

import datetime
import json

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans import roles
from actionplans.demo import demo_password
from actionplans.models import (
    ApiRequest,
    ApiToken,
    CalendarFeed,
    Notification,
    NotificationPreference,
    Owner,
    PersonalDataEvent,
)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leaver(demo, administrator):
    """Vanessa Housley, an officer of the demo council named on published
    rounds, who has signed in, written an update, used an API token and
    chosen her notifications and made her calendar link."""
    user = get_user_model().objects.get(username="vanessa.housley")
    AccessLog.objects.create(
        username=user.username, ip_address="10.1.2.3", user_agent="Firefox", http_accept="*/*", path_info="/sign-in/"
    )
    token, _ = ApiToken.objects.issue(user=user, role=roles.OFFICER, name="Her spreadsheet", by=administrator)
    ApiRequest.objects.create(token=token, method="GET", path="/api/v1/actions/?page=2", status=200, duration_ms=12)
    NotificationPreference.objects.create(user=user, kind="approved", frequency="daily")
    CalendarFeed.objects.reset(user, by=user)
    return Owner.objects.get(user=user)


def export(client, owner, fmt):
    return client.get(reverse("personal_data_download", args=[owner.pk, fmt]))


def test_the_export_holds_her_login_actions_writing_sign_ins_api_requests_and_choices(leaver, administrator):
    client = signed_in(administrator)
    response = export(client, leaver, "json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-vanessa-housley-')
    data = json.loads(response.content)
    sections = {section["title"]: section["rows"] for section in data["sections"]}
    login = {row["What"]: row["Held"] for row in sections["Login and roles"]}
    assert login["Username"] == "vanessa.housley" and login["Roles"] == roles.OFFICER
    assert sections["Named as responsible for"] and sections["Named in monitoring rounds"]
    assert [row["IP address"] for row in sections["Sign-ins"]] == ["10.1.2.3"]
    assert [row["Address"] for row in sections["API requests with those tokens"]] == ["/api/v1/actions/?page=2"]
    assert [(row["Kind"], row["How often"]) for row in sections["Notification choices"]] == [("approved", "daily")]
    # When she made her calendar link, not the link: the export may travel.
    assert len(sections["Calendar link"]) == 1
    assert CalendarFeed.objects.get(user=leaver.user).key not in response.content.decode()
    # Nobody else's: the other officers' names and sign-ins are not there.
    assert "marc.stephenson" not in response.content.decode()

    page = export(client, leaver, "html").content.decode()
    assert "Personal data held about Vanessa Housley" in page
    assert "10.1.2.3" in page and "/api/v1/actions/?page=2" in page


def test_what_she_wrote_is_in_the_export(demo_march_2021, administrator):
    entry = demo_march_2021.entries.filter(owners__user__is_active=True).first()
    writer = entry.owners.filter(user__isnull=False).first()
    entry.save_update(
        by=writer.user, version=entry.version, submit=False, evidence_of_progress="Posters up in Thornaby."
    )
    data = json.loads(export(signed_in(administrator), writer, "json").content)
    [changes] = [s["rows"] for s in data["sections"] if s["title"].startswith("What they wrote")]
    assert any("Posters up in Thornaby." in row["Text"] for row in changes)


def test_each_export_is_recorded_with_who_made_it(leaver, administrator):
    client = signed_in(administrator)
    export(client, leaver, "json")
    export(client, leaver, "html")
    events = PersonalDataEvent.objects.filter(owner=leaver).order_by("pk")
    assert [(e.kind, e.by, e.details["format"]) for e in events] == [
        ("exported", administrator, "json"),
        ("exported", administrator, "html"),
    ]
    page = client.get(reverse("personal_data", args=[leaver.pk])).content.decode()
    assert page.count("Subject access export") == 2


def test_the_export_takes_as_many_queries_for_a_person_with_many_records_as_with_few(
    leaver, administrator, django_assert_num_queries
):
    client = signed_in(administrator)

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert export(client, leaver, "json").status_code == 200
        return len(captured)

    few = queries()
    token = ApiToken.objects.filter(user=leaver.user).first()
    ApiRequest.objects.bulk_create(
        ApiRequest(token=token, method="GET", path=f"/api/v1/actions/?page={n}", status=200, duration_ms=5)
        for n in range(500)
    )
    AccessLog.objects.bulk_create(
        AccessLog(username=leaver.user.username, ip_address="10.0.0.1", user_agent="x", http_accept="*", path_info="/")
        for _ in range(500)
    )
    assert queries() == few


def test_only_an_administrator_sees_or_exports_or_erases_personal_data(leaver, cast):
    for name, user in cast.items():
        client = signed_in(user)
        for url in (
            reverse("personal_data", args=[leaver.pk]),
            reverse("personal_data_download", args=[leaver.pk, "json"]),
            reverse("erase_person", args=[leaver.pk]),
        ):
            assert client.get(url).status_code == (200 if name == "administrator" else 403), (name, url)
        if name != "administrator":
            assert client.post(reverse("erase_person", args=[leaver.pk])).status_code == 403
    assert get_user_model().objects.get(pk=leaver.user_id).is_active


def test_erasing_a_leaver_closes_her_login_removes_her_details_and_keeps_her_name_on_published_papers(
    leaver, administrator
):
    user = leaver.user
    sign_in = {"username": "vanessa.housley", "password": demo_password()}
    assert Client().post(reverse("login"), sign_in).status_code == 302
    client = signed_in(administrator)
    assert "keep their name, because published committee papers print it" in (
        client.get(reverse("erase_person", args=[leaver.pk])).content.decode()
    )
    response = client.post(reverse("erase_person", args=[leaver.pk]))
    assert response.status_code == 302

    user.refresh_from_db()
    leaver.refresh_from_db()
    assert (user.username, user.email, user.first_name, user.last_name) == (f"former-user-{user.pk}", "", "", "")
    assert not user.is_active and not user.has_usable_password() and not user.groups.exists()
    assert leaver.name == "Vanessa Housley"  # printed in the published rounds: a public record
    assert not NotificationPreference.objects.filter(user=user).exists()
    assert ApiToken.objects.get(user=user).is_revoked
    assert not CalendarFeed.objects.filter(user=user).exists()
    refused = Client().post(reverse("login"), sign_in)
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    # No earlier state of the login in its history keeps her e-mail address.
    assert not user.history.exclude(email="").exists()
    latest = user.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (administrator, "Erased as a leaver (UK GDPR)")
    assert PersonalDataEvent.objects.get(kind="erased").by == administrator
    # Once is enough.
    assert client.post(reverse("erase_person", args=[leaver.pk])).status_code == 403


def test_a_leaver_no_published_paper_names_becomes_a_former_officer(demo, administrator, officer_owner):
    from actionplans.models import erase_leaver

    erase_leaver(officer_owner, by=administrator)
    officer_owner.refresh_from_db()
    assert officer_owner.name == f"Former officer {officer_owner.pk}"
    assert not officer_owner.history.filter(name="Olu Officer").exists()


def test_an_administrator_cannot_erase_themselves(administrator):
    own = Owner.objects.create(name="Ada Admin", user=administrator)
    response = signed_in(administrator).post(reverse("erase_person", args=[own.pk]))
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active


# Retention --------------------------------------------------------------------


def test_the_retention_command_deletes_only_what_is_past_its_period(db, clerk, administrator, settings, capsys):
    settings.SCRUTINY_LOG_RETENTION_DAYS = 365
    now = timezone.now()
    token, _ = ApiToken.objects.issue(user=clerk, role=roles.CLERK, name="BI", by=administrator)
    ages = {"old": now - datetime.timedelta(days=366), "kept": now - datetime.timedelta(days=364)}
    for label, at in ages.items():
        log = AccessLog.objects.create(
            username=label, ip_address="10.0.0.1", user_agent="", http_accept="", path_info="/"
        )
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=at)
        ApiRequest.objects.create(token=token, method="GET", path=f"/{label}/", status=200, duration_ms=1, at=at)
        Notification.objects.create(
            recipient=clerk, kind="approved", event_key=label, subject=label, body="", created_at=at, sent_at=at
        )

    call_command("prune_personal_data", "--dry-run")
    assert "Would delete" in capsys.readouterr().out
    assert AccessLog.objects.count() == 2 and not PersonalDataEvent.objects.exists()

    call_command("prune_personal_data")
    assert "Deleted" in capsys.readouterr().out
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["kept"]
    assert list(ApiRequest.objects.values_list("path", flat=True)) == ["/kept/"]
    assert list(Notification.objects.values_list("subject", flat=True)) == ["kept"]
    event = PersonalDataEvent.objects.get(kind="pruned")
    assert event.by is None and event.details["sign-ins"] == 1 and event.details["API requests"] == 1


def test_the_renderers_read_only_what_the_builder_gathered(leaver, django_assert_num_queries):
    from actionplans.personal_data.builder import build_personal_data, render_html, render_json

    data = build_personal_data(leaver, council="Stockton-on-Tees Borough Council")
    with django_assert_num_queries(0):
        assert b"10.1.2.3" in render_json(data)
        assert b"10.1.2.3" in render_html(data)


def test_a_link_officer_of_a_review_with_published_papers_keeps_the_name_they_print(demo, administrator, link_officer):
    from actionplans.models import ReviewLinkOfficer, erase_leaver

    owner = Owner.objects.create(name="Lin Officer", user=link_officer)
    ReviewLinkOfficer.objects.create(review=demo, owner=owner, position=9)
    erase_leaver(owner, by=administrator)
    owner.refresh_from_db()
    assert owner.name == "Lin Officer"  # "Link Officer/s: …" on the published Progress Updates


def test_a_pruned_digest_takes_the_items_it_carried_with_it(db, clerk, settings):
    settings.SCRUTINY_LOG_RETENTION_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=400)
    digest = Notification.objects.create(
        recipient=clerk, kind="approved", event_key="digest", subject="Your daily digest", body="", sent_at=long_ago
    )
    Notification.objects.create(
        recipient=clerk, kind="approved", event_key="item", subject="Approved", body="", digest=True, included_in=digest
    )
    call_command("prune_personal_data")
    # Left behind, the item would wait for the next digest and go out again.
    assert not Notification.objects.exists()


# Logins with no person record ------------------------------------------------


def test_every_demo_login_has_a_subject_access_export_reached_from_the_people_page(demo, administrator):
    """Committee members, clerks, administrators and partner leads sign in
    without a person record: the People page lists them for the
    administrator, and each has an export as a person's is."""
    client = signed_in(administrator)
    people = client.get(reverse("people")).content.decode()
    reached = set()
    for user in get_user_model().objects.all():
        person = Owner.objects.filter(user=user, kind=Owner.Kind.PERSON).first()
        if person is None:
            url = reverse("login_personal_data_download", args=[user.pk, "json"])
            assert reverse("login_personal_data", args=[user.pk]) in people, user.username
        else:
            url = reverse("personal_data_download", args=[person.pk, "json"])
        response = client.get(url)
        assert response.status_code == 200, user.username
        assert json.loads(response.content)["username"] == user.username
        reached.add(user.username)
    assert len(reached) == get_user_model().objects.count()
    assert {"councillor", "clerk", "admin", "opcc.lead"} <= {
        user.username for user in Owner.objects.logins_without_person()
    }


def test_a_councillors_export_holds_their_login_roles_committees_and_choices_and_is_recorded(demo, administrator):
    councillor = get_user_model().objects.get(username="councillor")
    NotificationPreference.objects.create(user=councillor, kind="approved", frequency="daily")
    CalendarFeed.objects.reset(councillor, by=councillor)
    client = signed_in(administrator)
    page = client.get(reverse("login_personal_data", args=[councillor.pk])).content.decode()
    assert "A login with no person record (username councillor)" in page
    exported = json.loads(client.get(reverse("login_personal_data_download", args=[councillor.pk, "json"])).content)
    sections = {section["title"]: section["rows"] for section in exported["sections"]}
    held = {row["What"]: row["Held"] for row in sections["Login and roles"]}
    assert held["Username"] == "councillor" and "Committee member" in held["Roles"]
    assert "Crime and Disorder Select Committee" in held["Committees (member)"]
    assert sections["Named as responsible for"] == []
    assert len(sections["Calendar link"]) == 1
    [event] = PersonalDataEvent.objects.filter(subject=councillor)
    assert (event.kind, event.owner, event.by) == (PersonalDataEvent.Kind.EXPORTED, None, administrator)


def test_a_login_with_no_person_record_is_erased_as_a_leaver(demo, administrator):
    councillor = get_user_model().objects.get(username="councillor")
    councillor.set_password(demo_password())
    councillor.save()
    CalendarFeed.objects.reset(councillor, by=councillor)
    their_browser = signed_in(councillor)
    client = signed_in(administrator)
    confirm = client.get(reverse("erase_login", args=[councillor.pk])).content.decode()
    assert "Erase" in confirm and "close their login" in confirm

    response = client.post(reverse("erase_login", args=[councillor.pk]))
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.username == f"former-user-{councillor.pk}" and not councillor.is_active
    assert not councillor.groups.exists() and not CalendarFeed.objects.filter(user=councillor).exists()
    assert their_browser.get(reverse("landing")).status_code == 302  # signed out everywhere
    refused = Client().post(reverse("login"), {"username": "councillor", "password": demo_password()})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    assert not councillor.history.filter(username="councillor").exists()
    [event] = PersonalDataEvent.objects.filter(subject=councillor, kind=PersonalDataEvent.Kind.ERASED)
    assert event.by == administrator
    page = client.get(reverse("login_personal_data", args=[councillor.pk])).content.decode()
    assert "already been erased" in page


def test_a_superuser_made_by_createsuperuser_is_listed_and_exported_but_not_erased(demo, administrator):
    it = get_user_model().objects.create_superuser("it.admin", "it.admin@example.gov.uk", "a-long-password-1234")
    client = signed_in(administrator)
    assert reverse("login_personal_data", args=[it.pk]) in client.get(reverse("people")).content.decode()
    assert client.get(reverse("login_personal_data_download", args=[it.pk, "html"])).status_code == 200
    assert "This login is a superuser" in client.get(reverse("login_personal_data", args=[it.pk])).content.decode()
    assert client.post(reverse("erase_login", args=[it.pk])).status_code == 403
    it.refresh_from_db()
    assert it.is_active and it.username == "it.admin"


def test_a_login_that_has_a_person_record_is_reached_by_the_persons_pages_only(leaver, administrator):
    client = signed_in(administrator)
    assert client.get(reverse("login_personal_data", args=[leaver.user.pk])).status_code == 404
