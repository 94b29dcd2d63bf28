"""The link officer's approval, and the officer's side of it: approval names
the version it approves, nobody approves their own update, approve and go
to the next, a resubmitted update shows what changed, an officer withdraws
a submitted update, and actions are named by their words."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from actionplans import permissions, roles
from actionplans.models import EditConflict, ProgressEntry, Round
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_sub_action, make_user

pytestmark = pytest.mark.django_db


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def decision_data(client, entry, **fields):
    """What the approve page posts: the decision, with the version (and the
    history record) of the update the page showed."""
    page = client.get(reverse("approve_entry", args=[entry.pk])).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    seen = re.search(r'name="seen" value="(\d*)"', page).group(1)
    return {"version": version, "seen": seen, **fields}


def submit(entry, user, **fields):
    entry.refresh_from_db()
    entry.save_update(by=user, version=entry.version, submit=True, **{"grade": 2, **fields})
    return entry


@pytest.fixture
def plan(link_officer, officer, officer_owner, clerk):
    """A review whose link officer is the cast's link officer, with an open
    round of three actions: two the cast's officer writes (with a co-owner),
    and one the link officer is responsible for themself."""
    lin = make_owner("Lin Officer", user=link_officer)
    co_owner = make_owner("Cora Colleague", user=make_user("cora", roles.OFFICER, first_name="Cora"))
    review = make_review(title="Hate Crime", link_officers=[lin])
    first = make_recommendation(review, text="That the Hate Crime Group be recommended to incorporate actions.")
    online = make_sub_action(first, "b", "encouraging reporting through:")
    actions = {
        "online": make_action(
            first,
            owners=[officer_owner, co_owner],
            sub_action=online,
            strand="The development of an on-line form, which would enable users to report hate crime",
        ),
        "advocates": make_action(
            first,
            owners=[officer_owner],
            sub_action=make_sub_action(first, "c", "recruiting and developing capacity of community advocates"),
        ),
        "own": make_action(make_recommendation(review, text="That the Council write to MPs."), owners=[lin]),
    }
    round = review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    entries = {name: round.entries.get(action=action) for name, action in actions.items()}
    return {"review": review, "round": round, "actions": actions, "entries": entries, "co_owner": co_owner}


# Approval names the version it approves -----------------------------------


def test_a_crafted_seen_version_does_not_show_the_link_officer_an_unsubmitted_draft(plan, officer, link_officer):
    entry = plan["entries"]["online"]
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Private draft words.")
    draft = entry.history.first()
    submit(entry, officer, evidence_of_progress="Submitted words.", grade=2)
    lin = signed_in(link_officer)
    # A stale version, naming the draft's history record as what was "seen".
    data = {"decision": "approve", "version": str(entry.version - 1), "seen": str(draft.history_id)}
    response = lin.post(reverse("approve_entry", args=[entry.pk]), data)
    assert response.status_code == 409
    assert "Private draft words." not in text(response)


def test_an_approval_of_a_version_the_link_officer_never_saw_is_refused_and_shows_what_changed(
    plan, officer, link_officer
):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Form designed.", grade=2)
    lin = signed_in(link_officer)
    opened = decision_data(lin, entry, decision="approve")

    # Meanwhile the officer takes it back, rewrites it and submits it again.
    entry.withdraw(by=officer, version=entry.version)
    submit(entry, officer, evidence_of_progress="Form abandoned.", grade=4, grade_explanation="No budget.")

    response = lin.post(reverse("approve_entry", args=[entry.pk]), opened)
    page = text(response)
    assert response.status_code == 409
    assert "Nothing was approved or returned: the update changed" in page
    assert "Olu Officer changed this update on" in page
    changes = page[page.index("What changed since you opened it") : page.index("Recommendation 1")]
    assert "Evidence of Progress Form designed. Form abandoned." in changes
    assert "Assessment of Progress 2 (On-Track) 4 (Not Achieved)" in changes
    assert "Explanation (blank) No budget." in changes
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED

    # The page now carries the new version: approving it works.
    lin.post(reverse("approve_entry", args=[entry.pk]), decision_data(lin, entry, decision="approve"))
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.APPROVED and entry.history.first().history_user == link_officer


def test_approve_and_return_refuse_a_stale_version(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Done.")
    with pytest.raises(EditConflict):
        entry.approve(by=link_officer, version=entry.version - 1)
    with pytest.raises(EditConflict):
        entry.return_to_officer(by=link_officer, version=entry.version - 1, comment="Say more.")
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Say more.")
    assert entry.status == ProgressEntry.Status.RETURNED and entry.return_comment == "Say more."


def test_an_approve_page_without_its_version_approves_nothing(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Done.")
    response = signed_in(link_officer).post(reverse("approve_entry", args=[entry.pk]), {"decision": "approve"})
    assert "The page was out of date: check the update again below" in text(response)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED


# Segregation of duties -----------------------------------------------------


def test_a_link_officer_cannot_approve_their_own_update(plan, link_officer):
    entry = submit(plan["entries"]["own"], link_officer, evidence_of_progress="Letter sent.", grade=1)
    lin = signed_in(link_officer)

    listing = text(lin.get(reverse("approvals")))
    assert "2 That the Council write to MPs." in listing
    assert "You are responsible for this action, so another link officer or a clerk must check the update." in listing
    assert reverse("approve_entry", args=[entry.pk]) not in lin.get(reverse("approvals")).content.decode()

    page = lin.get(reverse("approve_entry", args=[entry.pk]))
    assert "Approve and go to the next" not in text(page)
    assert "another link officer or a clerk must check the update" in text(page)

    response = lin.post(reverse("approve_entry", args=[entry.pk]), {"decision": "approve", "version": entry.version})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="You are responsible for this action"):
        entry.approve(by=link_officer, version=entry.version)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED


def test_nobody_approves_an_update_they_submitted_even_after_it_was_reassigned(plan, link_officer, clerk):
    entry = submit(plan["entries"]["own"], link_officer, evidence_of_progress="Letter sent.", grade=1)
    plan["actions"]["own"].reassign([plan["co_owner"]], by=clerk)
    assert permissions.why_not(link_officer, permissions.APPROVE_UPDATE, entry) == (
        "You submitted this update, so another link officer or a clerk must check it."
    )
    with pytest.raises(PermissionDenied, match="You submitted this update"):
        entry.approve(by=link_officer, version=entry.version)
    # A clerk, who had no part in it, may.
    assert permissions.why_not(clerk, permissions.APPROVE_UPDATE, entry) is None
    entry.approve(by=clerk, version=entry.version)
    assert entry.status == ProgressEntry.Status.APPROVED


def test_a_clerk_responsible_for_an_action_cannot_approve_its_update(plan, clerk, link_officer):
    clerk_owner = make_owner("Carla Clerk", user=clerk)
    action = plan["actions"]["advocates"]
    action.reassign([clerk_owner], by=clerk)
    entry = submit(plan["entries"]["advocates"], clerk, evidence_of_progress="Advocates recruited.")
    assert "You are responsible for this action" in permissions.why_not(clerk, permissions.APPROVE_UPDATE, entry)
    assert signed_in(clerk).post(reverse("approve_entry", args=[entry.pk]), {}).status_code == 403
    entry.approve(by=link_officer, version=entry.version)
    assert entry.status == ProgressEntry.Status.APPROVED


# Drafts stay with those who share the action --------------------------------


def test_a_link_officer_does_not_see_a_draft_before_it_is_submitted(plan, officer, link_officer):
    entry = plan["entries"]["online"]
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Half-written idea.")
    page = text(signed_in(link_officer).get(reverse("approve_entry", args=[entry.pk])))
    assert "Half-written idea." not in page
    assert "The officer has not submitted this update yet." in page
    assert "Half-written idea." not in text(signed_in(link_officer).get(reverse("approvals")))
    # Whoever shares the action sees it.
    co_owner = get_user_model().objects.get(username="cora")
    assert "Half-written idea." in text(signed_in(co_owner).get(reverse("update_entry", args=[entry.pk])))


def test_an_earlier_rounds_unapproved_text_is_not_shown_to_the_next_officer(plan, officer, clerk, link_officer):
    round, entry = plan["round"], plan["entries"]["advocates"]
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Olu's private draft.")
    round.publish(by=clerk)
    new_owner = make_owner("Nina New", user=make_user("nina", roles.OFFICER))
    plan["actions"]["advocates"].reassign([new_owner], by=clerk)
    later = plan["review"].open_round(
        period=datetime.date(2021, 9, 1),
        deadline=datetime.date(2021, 8, 26),
        meeting_date=datetime.date(2021, 9, 18),
        by=clerk,
    )
    next_entry = later.entries.get(action=plan["actions"]["advocates"])
    page = text(signed_in(new_owner.user).get(reverse("update_entry", args=[next_entry.pk])))
    assert "March 2021 Evidence of Progress No update received" in page
    assert "Olu's private draft." not in page


# What people stumbled on ----------------------------------------------------


def test_the_approvals_list_shows_each_updates_grade_and_text(plan, officer, link_officer):
    submit(plan["entries"]["online"], officer, evidence_of_progress="Form live since January.", grade=1)
    page = text(signed_in(link_officer).get(reverse("approvals")))
    assert "1 b) The development of an on-line form…" in page
    assert "1 (Fully Achieved) Form live since January." in page
    assert "Olu Officer, Cora Colleague" in page
    entry = plan["entries"]["online"]
    assert "Status: Submitted by Olu Officer" in text(
        signed_in(link_officer).get(reverse("approve_entry", args=[entry.pk]))
    )


def test_approve_and_go_to_the_next_walks_the_rounds_submitted_updates_in_order(plan, officer, link_officer):
    online = submit(plan["entries"]["online"], officer, evidence_of_progress="Form live.")
    advocates = submit(plan["entries"]["advocates"], officer, evidence_of_progress="Ten advocates.")
    submit(plan["entries"]["own"], link_officer, evidence_of_progress="Not Lin's to approve.")
    lin = signed_in(link_officer)

    response = lin.post(
        reverse("approve_entry", args=[advocates.pk]), decision_data(lin, advocates, decision="approve", and_next="")
    )
    assert response["Location"] == reverse("approve_entry", args=[online.pk])  # wraps round to the first
    response = lin.post(
        reverse("approve_entry", args=[online.pk]),
        decision_data(lin, online, decision="approve", and_next=""),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("approvals")
    assert "There is no other update of this round for you to check." in text(response)
    statuses = {
        name: e.status for name, e in ((n, ProgressEntry.objects.get(pk=e.pk)) for n, e in plan["entries"].items())
    }
    assert statuses == {"online": "approved", "advocates": "approved", "own": "submitted"}


def test_a_resubmitted_update_shows_the_return_comment_and_what_changed(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Form designed.", grade=2)
    lin = signed_in(link_officer)
    lin.post(
        reverse("approve_entry", args=[entry.pk]),
        decision_data(lin, entry, decision="return", comment="Say when it goes live."),
    )
    submit(entry, officer, evidence_of_progress="Form designed; live in May.", grade=2)

    assert "Resubmitted" in text(lin.get(reverse("approvals")))
    page = text(lin.get(reverse("approve_entry", args=[entry.pk])))
    assert "Returned on" in page and "by Lin Officer, and submitted again" in page
    assert "The comment on return: Say when it goes live." in page
    assert "Evidence of Progress Form designed. Form designed; live in May." in page
    assert "Assessment of Progress" not in page[page.index("What the officer changed") : page.index("Recommendation")]


def test_an_officer_withdraws_a_submitted_update_to_change_it(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Sent too soon.")
    olu = signed_in(officer)
    page = olu.get(reverse("update_entry", args=[entry.pk]))
    assert "Withdraw the update to change it" in text(page)
    url = reverse("withdraw_entry", args=[entry.pk])
    assert olu.get(url).status_code == 405

    response = olu.post(url, {"version": entry.version}, follow=True)
    assert "was withdrawn: it is a draft again" in text(response)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.DRAFT and entry.evidence_of_progress == "Sent too soon."
    latest = entry.history.first()
    assert latest.history_user == officer and latest.history_change_reason == "Withdrawn by the officer"
    assert 'name="evidence_of_progress"' in olu.get(reverse("update_entry", args=[entry.pk])).content.decode()


def test_an_approved_update_cannot_be_withdrawn_nor_someone_elses(plan, officer, link_officer, clerk):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Done.")
    entry.approve(by=link_officer, version=entry.version)
    response = signed_in(officer).post(
        reverse("withdraw_entry", args=[entry.pk]), {"version": entry.version}, follow=True
    )
    assert "The update was not withdrawn. This update is approved" in text(response)
    assert "Withdraw the update" not in text(response)
    own = submit(plan["entries"]["own"], link_officer, evidence_of_progress="Letter sent.")
    assert (
        signed_in(officer).post(reverse("withdraw_entry", args=[own.pk]), {"version": own.version}).status_code == 404
    )
    with pytest.raises(PermissionDenied, match="Only the officers responsible"):
        own.withdraw(by=clerk, version=own.version)
    entry.refresh_from_db(), own.refresh_from_db()
    assert (entry.status, own.status) == ("approved", "submitted")


def test_a_stale_withdrawal_changes_nothing(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Done.")
    stale = entry.version
    entry.withdraw(by=officer, version=stale)
    submit(entry, officer, evidence_of_progress="Done again.")
    response = signed_in(officer).post(reverse("withdraw_entry", args=[entry.pk]), {"version": stale}, follow=True)
    assert "it changed since you opened it" in text(response)
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED


def test_the_officers_form_shows_the_co_owners_and_who_saved_it_last(plan, officer):
    entry = plan["entries"]["online"]
    olu = signed_in(officer)
    page = text(olu.get(reverse("update_entry", args=[entry.pk])))
    assert "Responsibility Olu Officer (you), Cora Colleague" in page
    assert "Last saved by" not in page  # nobody has written anything yet

    cora = get_user_model().objects.get(username="cora")
    cora.last_name = "Colleague"
    cora.save()
    entry.save_update(by=cora, version=entry.version, submit=False, evidence_of_progress="Cora's draft.")
    saved = localtime(entry.history.first().history_date)
    page = text(olu.get(reverse("update_entry", args=[entry.pk])))
    assert f"Last saved by Cora Colleague, {saved:%-d %B %Y} at {saved:%H:%M}." in page


def test_a_returned_update_says_who_returned_it_not_that_they_saved_it(plan, officer, link_officer):
    entry = submit(plan["entries"]["advocates"], officer, evidence_of_progress="Recruited two.")
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Say which wards.")
    page = text(signed_in(officer).get(reverse("update_entry", args=[entry.pk])))
    assert "Returned by Lin Officer" in page and "Last saved by Lin Officer" not in page


# Actions named by their words ------------------------------------------------


def test_an_action_is_named_by_its_reference_and_a_few_of_its_words(plan):
    actions = plan["actions"]
    assert actions["online"].name == "1 b) The development of an on-line form…"
    assert actions["advocates"].name == "1 c) recruiting and developing capacity of…"
    assert actions["own"].name == "2 That the Council write to MPs."
    short = make_action(
        actions["online"].recommendation, strand="Frontline staff", sub_action=actions["online"].sub_action
    )
    assert short.name == short.reference == "1 b) Frontline staff"


def test_officers_pages_and_reminders_name_actions_by_their_words(
    plan, officer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer.email = "olu@example.org"
    officer.save()
    page = text(signed_in(officer).get(reverse("my_updates")))
    assert "1 b) The development of an on-line form…" in page
    assert "1 c) recruiting and developing capacity of…" in page
    with django_capture_on_commit_callbacks(execute=True):
        plan["round"].send_reminders(base_url="https://scrutiny.example.org/")
    (message,) = [m for m in mail.outbox if m.to == ["olu@example.org"]]
    assert "- 1 c) recruiting and developing capacity of… (not started):" in message.body


def test_approving_needs_a_submitted_update_in_an_open_round(plan, officer, link_officer, clerk):
    entry = plan["entries"]["online"]
    with pytest.raises(ValidationError, match="Only a submitted update"):
        entry.approve(by=link_officer, version=entry.version)
    submit(entry, officer, evidence_of_progress="Done.")
    Round.objects.get(pk=plan["round"].pk).publish(by=clerk)
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a submitted update"):
        entry.approve(by=link_officer, version=entry.version)


def test_a_conflict_does_not_show_the_link_officer_the_officers_new_draft(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Submitted text.")
    lin = signed_in(link_officer)
    opened = decision_data(lin, entry, decision="approve")
    entry.withdraw(by=officer, version=entry.version)
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Private rewrite.")
    response = lin.post(reverse("approve_entry", args=[entry.pk]), opened)
    page = text(response)
    assert response.status_code == 409
    assert "Status Submitted Draft" in page
    assert "Private rewrite." not in page and "This update is draft: there is nothing to decide." in page


def test_an_old_link_to_an_approval_after_publication_says_what_became_of_the_update(
    plan, officer, link_officer, clerk
):
    approved, unsent = plan["entries"]["online"], plan["entries"]["advocates"]
    submit(approved, officer, evidence_of_progress="The form is live.")
    approved.refresh_from_db()
    approved.approve(by=link_officer, version=approved.version)
    submit(unsent, officer, evidence_of_progress="Two advocates recruited.")
    Round.objects.get(pk=plan["round"].pk).publish(by=clerk)
    client = signed_in(link_officer)

    page = client.get(reverse("approve_entry", args=[approved.pk]))
    assert page.status_code == 200
    words = text(page)
    assert "This update can no longer be checked" in words
    assert "The March 2021 round has been published" in words
    assert "was approved and the committee received it" in words
    page = text(client.get(reverse("approve_entry", args=[unsent.pk])))
    assert "was not approved before the round was published" in page and "No update received" in page
    # Someone who would never have checked it learns nothing of it.
    assert signed_in(officer).get(reverse("approve_entry", args=[approved.pk])).status_code in (403, 404)


def test_the_approvals_list_keeps_an_updates_bullets_apart(plan, officer, link_officer):
    """Issue 55: the list ran an update's bullets together into one line."""
    entry = plan["entries"]["online"]
    submit(entry, officer, evidence_of_progress="Assemblies held in:\n- Ian Ramsey school\n- All Saints school")
    page = signed_in(link_officer).get(reverse("approvals")).content.decode()
    assert "<p>Assemblies held in:</p><ul><li>Ian Ramsey school</li><li>All Saints school</li></ul>" in page


def test_a_returned_update_shows_the_link_officers_comment_once_and_a_later_one_too(plan, officer, link_officer):
    entry = submit(plan["entries"]["online"], officer, evidence_of_progress="Done.")
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Add the police's figures.")
    page = text(signed_in(officer).get(reverse("update_entry", args=[entry.pk])))
    # Above the form, once (the conversation further down keeps it too).
    above_the_form = page.split("Your update for")[0]
    assert "Returned by the link officer" in above_the_form and above_the_form.count("Add the police's figures.") == 1
    entry.add_comment(by=link_officer, text="They are in the March report.")
    page = text(signed_in(officer).get(reverse("update_entry", args=[entry.pk])))
    assert "Latest comment: " in page and "They are in the March report." in page
