"""The clerk's admin: building a review and seeing who changed what."""

import re

import pytest
from django.urls import reverse

from actionplans.models import Action, Owner, ProgressEntry, Recommendation
from tests.admin_forms import admin_form_data

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
    assert "Assessment of progress: 3 (Slipped) → 2 (On-Track)" in history.replace("&nbsp;", " ").replace(
        "&rarr;", "→"
    ).replace("  ", " ")
    assert latest.history_date.strftime("%Y") in history


def test_a_recommendation_is_edited_with_its_parts_strands_and_owners_on_one_page(client, demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=1)
    url = reverse("admin:actionplans_recommendation_change", args=[rec.pk])
    client.force_login(clerk)
    response = client.get(url)
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

    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    dawn = Owner.objects.get(name="Dawn Tyerman")
    index = next(i for i, form in enumerate(forms) if form.instance.pk == schools.pk)
    prefix = forms[index].prefix
    current = [str(link.owner_id) for link in schools.responsibilities.all()]
    data = admin_form_data(response, **{f"{prefix}-responsibility": [*current[1:], str(dawn.pk)]})
    response = client.post(url, data)
    assert response.status_code == 302

    names = [link.owner.name for link in schools.responsibilities.all()]
    assert names == ["Dale Metcalfe", "Alex Love", "Dawn Tyerman"]
    removed = schools.responsibilities.model.history.filter(action_id=schools.pk, history_type="-").get()
    assert removed.owner.name == "Vanessa Housley" and removed.history_user == clerk


def test_a_strand_must_belong_to_a_sub_action_of_its_own_recommendation(client, demo, clerk):
    rec2 = Recommendation.objects.get(review=demo, number=2)
    foreign = Recommendation.objects.get(review=demo, number=1).sub_actions.first()
    url = reverse("admin:actionplans_recommendation_change", args=[rec2.pk])
    client.force_login(clerk)
    response = client.get(url)
    prefix = response.context["inline_admin_formsets"][1].formset.forms[0].prefix
    response = client.post(url, admin_form_data(response, **{f"{prefix}-sub_action": str(foreign.pk)}))
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert Action.objects.get(recommendation=rec2).sub_action is None


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
