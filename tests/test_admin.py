"""The back office: reading the plan and who changed what; the few changes
a verb backs (a published entry's correction, an action's monitoring); and
the plan, committees and people changed only in the service."""

import datetime
import re

import pytest
from django.urls import reverse

from actionplans.models import Action, Owner, ProgressEntry, Recommendation
from tests.admin_forms import admin_form_data
from tests.admin_pages import markup_faults

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_clerks_grade_change_is_in_the_history_with_who_when_and_old_and_new(client, demo, clerk):
    entry = ProgressEntry.objects.get(round__period="2020-03-01", action__sub_action__letter="c")
    url = reverse("admin:actionplans_progressentry_change", args=[entry.pk])
    client.force_login(clerk)
    refused = client.post(url, admin_form_data(client.get(url), grade="2"))
    assert "Give the reason for correcting a published entry." in text_of(refused)
    response = client.post(url, admin_form_data(client.get(url), grade="2", correction_reason="Graded wrongly"))
    assert response.status_code == 302, response.context["adminform"].form.errors

    entry.refresh_from_db()
    assert entry.grade == 2
    latest = entry.history.latest()
    assert latest.history_user == clerk and latest.history_change_reason == "Correction: Graded wrongly"

    history = text_of(client.get(reverse("admin:actionplans_progressentry_history", args=[entry.pk])))
    assert "clerk.test" in history
    # The grade before as it was given (seed 001's "3"), the new one in the scale's words now.
    assert "Assessment of progress: 3 → 2 (On-Track)" in history.replace("&nbsp;", " ").replace("&rarr;", "→").replace(
        "  ", " "
    )
    assert latest.history_date.strftime("%Y") in history


def test_a_recommendation_reads_with_its_parts_strands_and_owners_on_one_page(client, demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=1)
    client.force_login(clerk)
    response = client.get(reverse("admin:actionplans_recommendation_change", args=[rec.pk]))
    page = text_of(response)
    # The document's order and numbering: the recommendation's own record,
    # then 1 a)'s strands, 1 b)'s strands, then 1 c) to 1 f).
    forms = response.context["inline_admin_formsets"][1].formset.forms
    assert [form.instance.reference for form in forms][:6] == [
        "1",
        "1 a) Groups with protected characteristics (in particular disability, LGBT)",
        "1 a) Frontline staff",
        "1 a) Younger men",
        "1 a) Schools, Colleges and Universities",
        "1 b) Greater publicity for successful prosecutions",
    ]
    assert [form.instance.reference for form in forms][-4:] == ["1 c)", "1 d)", "1 e)", "1 f)"]
    assert "Reference" in page and "Vanessa Housley" in page
    # To read: no box to type in, no Save, and the way to where it is changed.
    html = response.content.decode()
    assert 'name="text"' not in html and 'name="_save"' not in html
    assert f'<a href="{reverse("review_plan", args=[demo.slug])}">Change this plan in the service</a>' in html


def test_a_clerk_posting_a_change_to_the_plan_in_the_admin_is_refused_and_nothing_changes(client, demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=1)
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    owners = [link.owner.name for link in schools.responsibilities.all()]
    version = demo.version
    url = reverse("admin:actionplans_recommendation_change", args=[rec.pk])
    client.force_login(clerk)
    data = admin_form_data(client.get(url), text="Changed in the admin")
    assert client.post(url, data).status_code == 403
    review_url = reverse("admin:actionplans_review_change", args=[demo.pk])
    assert client.post(review_url, {"title": "Changed", "status": "completed"}).status_code == 403
    rec.refresh_from_db()
    demo.refresh_from_db()
    assert rec.text != "Changed in the admin"
    assert demo.title == "Hate Crime" and demo.version == version
    assert [link.owner.name for link in schools.responsibilities.all()] == owners


@pytest.mark.parametrize("username", ["clerk", "administrator"])
def test_nobody_adds_or_deletes_reviews_recommendations_actions_committees_or_people_in_the_admin(
    client, demo, username, request
):
    from actionplans.models import Committee, Review

    client.force_login(request.getfixturevalue(username))
    records = {
        "review": demo,
        "recommendation": Recommendation.objects.get(review=demo, number=4),
        "action": Action.objects.first(),
        "committee": demo.committee,
        "owner": Owner.objects.first(),
    }
    for model, record in records.items():
        assert client.get(reverse(f"admin:actionplans_{model}_add")).status_code == 403, model
        assert client.post(reverse(f"admin:actionplans_{model}_add"), {"title": "New"}).status_code == 403, model
        delete = reverse(f"admin:actionplans_{model}_delete", args=[record.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403, model
        assert type(record).objects.filter(pk=record.pk).exists(), model
        # Their history is still there to read.
        assert client.get(reverse(f"admin:actionplans_{model}_history", args=[record.pk])).status_code == 200
    assert Review.objects.count() == 1 and Committee.objects.count() == 1


def test_each_record_the_service_changes_links_to_its_page_there(client, demo, clerk):
    from actionplans.models import Owner

    client.force_login(clerk)
    plan = reverse("review_plan", args=[demo.slug])
    person = Owner.objects.get(name="Vanessa Housley")
    role = Owner.objects.filter(kind=Owner.Kind.ROLE).first()
    expected = [
        ("review", demo.pk, plan, "Change this plan in the service"),
        ("action", Action.objects.first().pk, plan, "Change this plan in the service"),
        (
            "committee",
            demo.committee.pk,
            reverse("committee_members", args=[demo.committee.slug]),
            "Change this committee in the service",
        ),
        ("owner", person.pk, reverse("change_person", args=[person.pk]), "Change this person in the service"),
        ("owner", role.pk, reverse("change_role", args=[role.pk]), "Change this role or group in the service"),
    ]
    for model, pk, url, words in expected:
        page = client.get(reverse(f"admin:actionplans_{model}_change", args=[pk])).content.decode()
        assert f'<a href="{url}">{words}</a>' in page, model


def test_the_committees_decisions_are_read_in_the_admin_and_recorded_in_the_service(client, demo, clerk):
    action = Action.objects.get(sub_action__letter="c", strand="")
    decision = action.decisions.get()
    client.force_login(clerk)
    page = client.get(reverse("admin:actionplans_action_change", args=[action.pk]))
    html = page.content.decode()
    assert f'href="{reverse("reassign_action", args=[action.pk])}"' in html
    assert 'name="agreed_action"' not in html and 'name="monitoring"' not in html
    url = reverse("admin:actionplans_committeedecision_change", args=[decision.pk])
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("round_decisions", args=[decision.round_id])}">' in html
    assert client.post(url, {"decision": "carried", "reason": ""}).status_code == 403
    decision.refresh_from_db()
    assert decision.decision == "closed"


def test_the_clerk_cannot_manage_logins_but_the_administrator_can(client, clerk, administrator):
    client.force_login(clerk)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_published_entries_are_neither_edited_nor_deleted_from_the_actions_page(client, demo, clerk):
    entry = ProgressEntry.objects.get(round__period="2020-03-01", action__sub_action__letter="c")
    client.force_login(clerk)
    page = client.get(reverse("admin:actionplans_action_change", args=[entry.action_id])).content.decode()
    assert 'name="entries-0-evidence_of_progress"' not in page and 'name="entries-0-DELETE"' not in page
    assert client.get(reverse("admin:actionplans_progressentry_delete", args=[entry.pk])).status_code == 403
    assert ProgressEntry.objects.filter(pk=entry.pk).exists()


def test_the_admins_lists_say_where_reviews_committees_and_people_are_added(client, clerk):
    client.force_login(clerk)
    for model, url, words in [
        ("review", reverse("set_up_review"), "Set up a review in the service"),
        ("committee", reverse("add_committee"), "Add a committee in the service"),
        ("owner", reverse("add_person"), "Add a person in the service"),
    ]:
        page = client.get(reverse(f"admin:actionplans_{model}_changelist")).content.decode()
        assert f'<a href="{url}" class="addlink">{words}</a>' in page, model


def test_an_open_rounds_new_dates_are_saved_and_logged_as_the_only_changes(client, demo_served, clerk):
    from django.contrib.admin.models import LogEntry

    round = demo_served.rounds.get(status="open")
    url = reverse("admin:actionplans_round_change", args=[round.pk])
    client.force_login(clerk)
    page = client.get(url)
    # The form sends no hidden copy of a field's first value (it carried the
    # box's aria-describedby): what changed is told from the round itself.
    assert 'name="initial-' not in page.content.decode()
    dates = {"deadline": datetime.date(2021, 2, 26), "meeting_date": datetime.date(2021, 3, 18)}
    response = client.post(url, admin_form_data(page, **{name: day.isoformat() for name, day in dates.items()}))
    assert response.status_code == 302, response.context["adminform"].form.errors

    invented = round.illustrative
    round.refresh_from_db()
    assert (round.deadline, round.meeting_date) == tuple(dates.values()) and round.illustrative == invented
    assert LogEntry.objects.latest("action_time").get_change_message() == "Changed Deadline and Meeting date."


def test_reset_password_leads_to_the_logins_password_page_for_those_who_may_change_it(client, demo, administrator):
    from django.contrib.auth.models import User

    client.force_login(administrator)
    officer = User.objects.get(username="vanessa.housley")
    password_page = reverse("admin:auth_user_password_change", args=[officer.pk])
    version = officer.history.latest().history_id
    for page in [
        reverse("admin:auth_user_change", args=[officer.pk]),
        reverse("admin:auth_user_simple_history", args=[officer.pk, version]),
    ]:
        html = client.get(page).content.decode()
        assert f'<a class="button" href="{password_page}">Reset password</a>' in html, page
    password_form = client.get(password_page)
    assert password_form.status_code == 200
    # Its warning inside the help text's paragraph, not a list ending it early.
    assert markup_faults(password_form.content) == []
    assert "If disabled, the current password for this user will be lost." in password_form.content.decode()
    # A superuser's login is read, not changed, by an administrator who is not one.
    superuser = User.objects.get(username="admin")
    html = client.get(reverse("admin:auth_user_change", args=[superuser.pk])).content.decode()
    assert "Reset password" not in html and "<strong>algorithm</strong>" in html


def test_a_history_links_who_made_each_change_only_for_those_who_may_open_logins(client, demo, clerk, administrator):
    from django.contrib.auth.models import User

    history = reverse("admin:actionplans_review_history", args=[demo.pk])
    who = User.objects.get(pk=demo.history.earliest().history_user_id)
    link = f'<a href="{reverse("admin:auth_user_change", args=[who.pk])}">{who}</a>'
    client.force_login(clerk)
    page = client.get(history).content.decode()
    # The name, as the cell's text.
    assert 'href="/admin/auth/user/' not in page and re.search(rf"<td>\s*{who.username}\s*</td>", page)
    client.force_login(administrator)
    assert link in client.get(history).content.decode()


def test_a_record_names_its_login_as_text_where_a_link_would_be_refused(client, demo, clerk):
    person = Owner.objects.get(name="Vanessa Housley")
    round = demo.rounds.filter(decisions_published_by__isnull=False).first()
    client.force_login(clerk)
    for page, login in [
        (reverse("admin:actionplans_owner_change", args=[person.pk]), person.user),
        (reverse("admin:actionplans_round_change", args=[round.pk]), round.decisions_published_by),
    ]:
        html = client.get(page).content.decode()
        assert f'<div class="readonly">{login}</div>' in html, page
        assert 'href="/admin/auth/user/' not in html, page
