"""The quarterly update pages of a partnership plan: a lead writes their
organisation's updates (never another's), the plan's coordinator checks
them, a clerk opens, chases and publishes the quarter and says who leads
each organisation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import roles
from actionplans.models import PartnershipUpdate, Quarter
from tests.factories import date_input, make_partnership_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(clerk, link_officer, partner_lead, other_partner_lead):
    """Three actions: 1.1 and 1.3 led by OPCC (the partner lead's), 1.2 by
    MeSign (the other partner lead's); the link officer coordinates."""
    plan = make_partnership_plan(by=clerk, name="Hate Crime Group", slug="hate-crime-plan")
    plan.coordinator = link_officer
    plan.save()
    opcc, mesign = plan.partnership.organisations.order_by("position")
    opcc.members.add(partner_lead)
    mesign.members.add(other_partner_lead)
    return plan


@pytest.fixture
def quarter(plan, clerk):
    return plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)


def update_of(quarter, number) -> PartnershipUpdate:
    return quarter.updates.get(action__number=number)


def submit(update, by, progress="Workshops commissioned.", rag="green"):
    update.save_update(by=by, version=update.version, submit=True, progress=progress, rag=rag)
    update.refresh_from_db()
    return update


# The lead -----------------------------------------------------------------------


def test_a_lead_lands_on_their_partnership_updates_and_sees_only_their_organisations(client, quarter, partner_lead):
    client.force_login(partner_lead)
    response = client.get(reverse("landing"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("partnership_updates")
    page = response.content.decode()
    assert "Action 1.1 of the plan" in page and "Action 1.3 of the plan" in page
    assert "Action 1.2 of the plan" not in page
    # The menu offers only what a partner lead may use.
    assert ">Partnership updates</a>" in page
    assert ">Reviews</a>" not in page and ">Dashboards</a>" not in page and ">Your updates</a>" not in page


def test_a_partner_lead_never_reads_the_scrutiny_reviews(client, quarter, partner_lead):
    client.force_login(partner_lead)
    assert client.get(reverse("home")).status_code == 302  # to their updates: below
    assert client.get(reverse("committees")).status_code == 403
    assert client.get(reverse("my_updates")).status_code == 403


def test_the_front_door_and_the_error_pages_send_a_partner_lead_to_their_updates(client, quarter, partner_lead):
    """The service's name in the header links to /: a partner lead, who
    reads no reviews, is sent on to their updates (as signing in does), and
    the refusal and not-found pages lead to where they start, not to the
    reviews that would refuse them again."""
    client.force_login(partner_lead)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("partnership_updates")
    for url, status in ((reverse("my_updates"), 403), ("/no-such-page/", 404)):
        response = client.get(url)
        assert response.status_code == status
        page = response.content.decode()
        assert f'href="{reverse("landing")}">Go to your start page</a>' in page and "Go to the reviews" not in page
    assert client.get(reverse("landing"))["Location"] == reverse("partnership_updates")


def test_the_form_shows_the_action_its_target_outcome_and_last_quarters_progress(client, plan, clerk, partner_lead):
    first = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    submit(update_of(first, "1.1"), partner_lead, progress="Film commissioned.", rag="amber")
    update_of(first, "1.1").approve(by=clerk, version=update_of(first, "1.1").version)
    first.publish(by=clerk)
    second = plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update_of(second, "1.1").pk])).content.decode()
    assert "Action 1.1 of the plan" in page and "Outcome of 1.1" in page and "March 2019" in page
    assert "Progress – Q2 2018" in page and "Film commissioned." in page and ">Amber</strong>" in page
    for word in ("Red", "Amber", "Green", "Complete"):
        assert f">{word}</label>" in page
    # 1.3 had no approved update last quarter.
    page = client.get(reverse("partnership_update", args=[update_of(second, "1.3").pk])).content.decode()
    assert "No earlier update received" in page and "Progress – Q2 2018" not in page


def test_the_last_update_received_is_shown_however_many_quarters_ago(client, plan, clerk, partner_lead):
    """Q2 2018 approved, Q3 2018 not received: Q4's form shows Q2's update,
    not Q3's "No update received"."""
    first = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    submit(update_of(first, "1.1"), partner_lead, progress="Film commissioned.", rag="amber")
    update_of(first, "1.1").approve(by=clerk, version=update_of(first, "1.1").version)
    first.publish(by=clerk)
    second = plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=clerk)
    submit(update_of(second, "1.1"), partner_lead, progress="Never approved.")
    second.publish(by=clerk)
    third = plan.open_quarter(period=datetime.date(2019, 1, 1), deadline=datetime.date(2019, 3, 14), by=clerk)
    assert update_of(third, "1.1").previous() == update_of(first, "1.1")
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update_of(third, "1.1").pk])).content.decode()
    assert "Progress – Q2 2018" in page and "Film commissioned." in page
    assert "Q3 2018" not in page and "Never approved." not in page and "No update received" not in page


def test_an_approved_update_says_who_approved_it_and_when(client, quarter, partner_lead, link_officer):
    update = submit(update_of(quarter, "1.1"), partner_lead)
    update.approve(by=link_officer, version=update.version)
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update.pk])).content.decode()
    last = page.split('id="last-saved">')[1].split("</p>")[0]
    assert last.startswith(f"Approved by {link_officer.get_full_name()} on ") and "Last saved" not in page


def test_submitting_without_a_rag_says_so_by_the_field_and_keeps_the_text(client, quarter, partner_lead):
    update = update_of(quarter, "1.1")
    client.force_login(partner_lead)
    response = client.post(
        reverse("partnership_update", args=[update.pk]),
        {"version": "0", "progress": "Film commissioned & shown", "submit": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the action’s RAG status" in page or "Choose the action&#x27;s RAG status" in page
    assert 'href="#id_rag_0"' in page and 'id="id_rag-error"' in page
    assert "Film commissioned &amp; shown</textarea>" in page
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.NOT_STARTED and update.progress == ""


def test_a_lead_saves_a_draft_then_submits_it_to_the_coordinator(client, quarter, partner_lead):
    update = update_of(quarter, "1.1")
    client.force_login(partner_lead)
    url = reverse("partnership_update", args=[update.pk])
    response = client.post(url, {"version": "0", "progress": "Half written", "save": ""})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.DRAFT and update.progress == "Half written"
    response = client.post(
        url, {"version": str(update.version), "progress": "Done", "rag": "1", "submit": ""}, follow=True
    )
    assert "was submitted to the plan’s coordinator" in response.content.decode()
    update.refresh_from_db()
    assert (update.status, update.rag) == (PartnershipUpdate.Status.SUBMITTED, "complete")
    assert update.history.first().history_user == partner_lead


def test_a_save_on_an_out_of_date_page_is_refused_and_the_typed_text_shown(client, quarter, partner_lead, clerk):
    update = update_of(quarter, "1.1")
    colleague = make_user("colleague", roles.PARTNER_LEAD, first_name="Col", last_name="League")
    quarter.plan.partnership.organisations.get(short_name="OPCC").members.add(colleague)
    update.save_update(by=colleague, version=0, submit=False, progress="Theirs", rag="red")
    client.force_login(partner_lead)
    response = client.post(
        reverse("partnership_update", args=[update.pk]),
        {"version": "0", "progress": "Mine, typed carefully", "rag": "2", "submit": ""},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your changes were not saved" in page and "Col League changed this update" in page
    assert "Mine, typed carefully</pre>" in page and "Theirs</textarea>" in page
    update.refresh_from_db()
    assert update.progress == "Theirs" and update.status == PartnershipUpdate.Status.DRAFT


def test_another_organisations_update_is_not_found(client, quarter, partner_lead):
    theirs = update_of(quarter, "1.2")
    client.force_login(partner_lead)
    assert client.get(reverse("partnership_update", args=[theirs.pk])).status_code == 404
    post = {"version": "0", "progress": "Not mine", "rag": "4", "submit": ""}
    assert client.post(reverse("partnership_update", args=[theirs.pk]), post).status_code == 404
    assert client.post(reverse("partnership_update_withdraw", args=[theirs.pk]), {"version": "0"}).status_code == 404
    assert client.get(reverse("partnership_update_check", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.progress == "" and theirs.version == 0


def test_a_lead_withdraws_a_submitted_update_to_change_it(client, quarter, partner_lead):
    update = submit(update_of(quarter, "1.1"), partner_lead)
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update.pk])).content.decode()
    assert "Withdraw the update to change it" in page
    response = client.post(
        reverse("partnership_update_withdraw", args=[update.pk]), {"version": str(update.version)}, follow=True
    )
    assert "was withdrawn: it is a draft again" in response.content.decode()
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.DRAFT


# The coordinator ----------------------------------------------------------------


def test_the_coordinator_sees_what_waits_and_approves_then_goes_to_the_next(
    client, quarter, partner_lead, link_officer
):
    first = submit(update_of(quarter, "1.1"), partner_lead)
    following = submit(update_of(quarter, "1.3"), partner_lead, rag="red")
    client.force_login(link_officer)
    page = client.get(reverse("partnership_updates")).content.decode()
    assert reverse("partnership_update_check", args=[first.pk]) in page
    assert ">Green</strong>" in page and ">Red</strong>" in page
    response = client.post(
        reverse("partnership_update_check", args=[first.pk]),
        {"decision": "approve", "version": str(first.version), "and_next": ""},
    )
    assert response["Location"] == reverse("partnership_update_check", args=[following.pk])
    first.refresh_from_db()
    assert first.status == PartnershipUpdate.Status.APPROVED
    assert first.history.first().history_user == link_officer


def test_returning_needs_a_comment_which_the_lead_then_reads(client, quarter, partner_lead, link_officer):
    update = submit(update_of(quarter, "1.1"), partner_lead)
    client.force_login(link_officer)
    url = reverse("partnership_update_check", args=[update.pk])
    response = client.post(url, {"decision": "return", "version": str(update.version), "comment": " "})
    assert response.status_code == 200 and "Say what the lead needs to change" in response.content.decode()
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.SUBMITTED
    client.post(url, {"decision": "return", "version": str(update.version), "comment": "Say how many schools."})
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.RETURNED
    client.force_login(partner_lead)
    page = client.get(reverse("partnership_update", args=[update.pk])).content.decode()
    assert "Returned by the plan’s coordinator" in page and "Say how many schools." in page


def test_a_decision_on_a_changed_update_is_refused_and_shows_what_changed(client, quarter, partner_lead, link_officer):
    update = submit(update_of(quarter, "1.1"), partner_lead, progress="First words")
    client.force_login(link_officer)
    url = reverse("partnership_update_check", args=[update.pk])
    page = client.get(url).content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    update.withdraw(by=partner_lead, version=update.version)
    submit(update, partner_lead, progress="Second words")
    response = client.post(url, {"decision": "approve", "version": "1", "seen": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was approved or returned" in page and "First words" in page and "Second words" in page
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.SUBMITTED


def test_nobody_checks_an_update_of_their_own_organisation(client, quarter, partner_lead, link_officer):
    """Segregation of duties: the coordinator who also leads for OPCC may
    not approve OPCC's update."""
    quarter.plan.partnership.organisations.get(short_name="OPCC").members.add(link_officer)
    update = submit(update_of(quarter, "1.1"), partner_lead)
    client.force_login(link_officer)
    url = reverse("partnership_update_check", args=[update.pk])
    assert "You are responsible for this action" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve", "version": str(update.version)})
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.status == PartnershipUpdate.Status.SUBMITTED


def test_a_partner_lead_is_not_a_checker(client, quarter, partner_lead, other_partner_lead):
    update = submit(update_of(quarter, "1.1"), partner_lead)
    client.force_login(other_partner_lead)
    assert client.get(reverse("partnership_update_check", args=[update.pk])).status_code == 404
    assert "Waiting for you to check" not in client.get(reverse("partnership_updates")).content.decode()


# The clerk ------------------------------------------------------------------------


def test_a_clerk_opens_a_quarter_with_an_update_for_every_action(client, plan, clerk):
    client.force_login(clerk)
    page = client.get(reverse("partnership_updates")).content.decode()
    assert "No quarter opened yet" in page and reverse("partnership_quarter_open", args=[plan.slug]) in page
    url = reverse("partnership_quarter_open", args=[plan.slug])
    response = client.post(url, {"month": "13", "year": "2018"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and "Enter the deadline" in page
    assert not plan.quarters.exists()
    response = client.post(url, {"month": "8", "year": "2018", **date_input("deadline", datetime.date(2018, 9, 14))})
    quarter = plan.quarters.get()
    assert response["Location"] == reverse("partnership_quarter", args=[plan.slug, quarter.pk])
    assert quarter.label == "Q2 2018" and quarter.updates.count() == 3
    assert "Q2 2018 (July to September 2018) is still open" in client.get(url).content.decode()
    page = client.get(reverse("partnership_updates")).content.decode()
    assert reverse("partnership_quarter", args=[plan.slug, quarter.pk]) in page and "(open for updates)" in page


def test_the_quarter_is_chosen_by_month_name_and_the_hint_says_what_the_quarters_are(client, plan, clerk):
    client.force_login(clerk)
    page = client.get(reverse("partnership_quarter_open", args=[plan.slug])).content.decode()
    assert '<select class="govuk-select" id="id_month" name="month"' in page and ">October</option>" in page
    assert "Q3 2018 is October to December 2018: financial quarters, Q1 is April to June." in page


def test_a_deadline_before_the_quarter_starts_is_refused_by_the_field_keeping_what_was_typed(client, plan, clerk):
    client.force_login(clerk)
    url = reverse("partnership_quarter_open", args=[plan.slug])
    response = client.post(url, {"month": "11", "year": "2018", **date_input("deadline", datetime.date(2018, 9, 30))})
    assert response.status_code == 200
    page = response.content.decode()
    message = "The deadline must be on or after 1 October 2018, the first day of Q3 2018 (October to December 2018)."
    assert page.count(message) == 2  # in the summary and by the field
    assert 'id="id_deadline-error"' in page  # by the deadline's field
    assert 'value="30"' in page and '<option value="11" selected>' in page
    assert not plan.quarters.exists() and not PartnershipUpdate.objects.exists()


def test_a_deadline_already_passed_is_warned_of(client, plan, clerk):
    client.force_login(clerk)
    url = reverse("partnership_quarter_open", args=[plan.slug])
    response = client.post(
        url, {"month": "10", "year": "2018", **date_input("deadline", datetime.date(2018, 12, 14))}, follow=True
    )
    page = response.content.decode()
    assert "The deadline, 14 December 2018, has already passed" in page
    assert '<h1 class="govuk-heading-l">Q3 2018 (October to December 2018)</h1>' in page
    today = datetime.date.today()
    plan.quarters.get().delete(by=clerk)
    response = client.post(url, {"month": str(today.month), "year": str(today.year), **date_input("deadline", today)})
    assert "has already passed" not in client.get(response["Location"]).content.decode()


def test_a_clerk_deletes_an_open_quarter_nobody_has_written_in(client, quarter, clerk):
    client.force_login(clerk)
    page = client.get(reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])).content.decode()
    url = reverse("partnership_quarter_delete", args=[quarter.plan.slug, quarter.pk])
    assert url in page
    assert "Delete Q3 2018 (October to December 2018)" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("partnership_updates")
    assert "Q3 2018 (October to December 2018) was deleted." in response.content.decode()
    assert not Quarter.objects.filter(pk=quarter.pk).exists() and not PartnershipUpdate.objects.exists()
    assert Quarter.history.filter(id=quarter.pk, history_type="-").get().history_user == clerk
    assert PartnershipUpdate.history.filter(history_type="-", history_user=clerk).count() == 3


def test_a_quarter_a_lead_has_written_in_or_published_is_not_deleted(client, quarter, clerk, partner_lead):
    update = update_of(quarter, "1.1")
    update.save_update(by=partner_lead, version=update.version, submit=False, progress="Begun.")
    client.force_login(clerk)
    url = reverse("partnership_quarter_delete", args=[quarter.plan.slug, quarter.pk])
    assert url not in client.get(reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])).content.decode()
    response = client.post(url)
    assert response.status_code == 409
    assert "The leads have already written 1 update(s) in this quarter." in response.content.decode()
    assert Quarter.objects.filter(pk=quarter.pk).exists()
    quarter.publish(by=clerk)
    assert "cannot be deleted" in client.post(url).content.decode()
    with pytest.raises(ValidationError):
        quarter.delete(by=clerk)
    assert Quarter.objects.filter(pk=quarter.pk).exists()


def test_only_a_clerk_deletes_a_quarter(quarter, partner_lead):
    with pytest.raises(PermissionDenied):
        quarter.delete(by=partner_lead)
    assert Quarter.objects.filter(pk=quarter.pk).exists()


def test_a_quarter_is_headed_and_offered_with_its_months(client, quarter, clerk):
    assert quarter.months_label == "Q3 2018 (October to December 2018)"
    assert Quarter(period=datetime.date(2019, 2, 1)).months_label == "Q4 2018 (January to March 2019)"
    quarter.publish(by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("partnership_plan", args=[quarter.plan.slug])).content.decode()
    assert ">Q3 2018 (October to December 2018)</option>" in page


def test_the_quarter_page_counts_chases_and_publishes_after_confirming(client, quarter, clerk, partner_lead):
    submit(update_of(quarter, "1.1"), partner_lead)
    update_of(quarter, "1.1").approve(by=clerk, version=update_of(quarter, "1.1").version)
    submit(update_of(quarter, "1.3"), partner_lead, rag="red")
    client.force_login(clerk)
    url = reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])
    page = " ".join(client.get(url).content.decode().split())
    assert "Not started</strong> 1" in page and "Submitted</strong> 1" in page and "Approved</strong> 1" in page
    chase = page.split('id="to-chase"')[1].split("</ul>")[0]
    assert "1.2" in chase and "Odo Partner" in chase and "1.1" not in chase
    missing = page.split('id="missing"')[1].split("</ul>")[0]
    assert "1.2 – not started" in missing and "1.3 – submitted" in missing and "1.1" not in missing

    response = client.post(url, {})
    assert response.status_code == 200
    assert "Confirm that the quarter is to be published without these updates" in response.content.decode()
    quarter.refresh_from_db()
    assert quarter.is_open
    response = client.post(url, {"confirm_missing": "on"}, follow=True)
    quarter.refresh_from_db()
    assert quarter.status == Quarter.Status.PUBLISHED
    page = response.content.decode()
    assert f"{quarter.label} is published" in page
    assert ">Green</strong>" in page and page.count("No update received") >= 2
    assert list(PartnershipUpdate.objects.latest_received()) == [update_of(quarter, "1.1")]


def test_the_chase_list_links_each_update_and_e_mails_its_leads(client, quarter, clerk, other_partner_lead):
    other_partner_lead.email = "odo@mesign.example.org"
    other_partner_lead.save()
    client.force_login(clerk)
    page = client.get(reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])).content.decode()
    chase = page.split('id="to-chase"')[1].split("</ul>")[0]
    assert f'href="{reverse("partnership_update_check", args=[update_of(quarter, "1.2").pk])}">1.2</a>' in chase
    assert '<a class="govuk-link" href="mailto:odo@mesign.example.org">odo@mesign.example.org</a>' in chase


def test_the_coordinator_reads_their_plans_quarter_page_but_only_a_clerk_publishes(
    client, quarter, clerk, link_officer, officer, partner_lead
):
    url = reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])
    client.force_login(link_officer)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="to-chase"' in page and "Not started</strong>" in " ".join(page.split())
    assert "Publish Q3 2018" not in page and "The clerks publish the quarter" in page
    assert reverse("partnership_organisations", args=[quarter.plan.slug]) not in page
    response = client.post(url, {"confirm_missing": "on"})
    assert response.status_code == 403
    quarter.refresh_from_db()
    assert quarter.is_open
    # Another plan's coordinator, or an officer, is refused.
    client.force_login(officer)
    assert client.get(url).status_code == 403
    other = make_partnership_plan(by=clerk, name="Other Group", slug="other-plan")
    other.coordinator = officer
    other.save()
    assert client.get(url).status_code == 404


def test_a_coordinators_own_updates_page_says_how_many_partnership_updates_wait_for_them(
    client, quarter, partner_lead, link_officer
):
    client.force_login(link_officer)
    assert 'id="partnership-to-check"' not in client.get(reverse("my_updates")).content.decode()
    submit(update_of(quarter, "1.1"), partner_lead)
    submit(update_of(quarter, "1.3"), partner_lead)
    page = client.get(reverse("my_updates")).content.decode()
    assert "2 partnership updates are waiting for you to check." in page
    assert f'href="{reverse("partnership_updates")}"' in page.split('id="partnership-to-check"')[1]


def test_the_clerks_list_of_plans_names_them_shortly_and_says_what_the_leads_link_is(client, plan, clerk):
    client.force_login(clerk)
    page = client.get(reverse("partnership_updates")).content.decode()
    plans = page.split('id="plans"')[1].split("</dl>")[0]
    assert plan.short_title in plans and plan.title not in plans
    assert ">Who leads for each organisation<" in plans


def test_the_plan_page_leads_the_clerk_and_the_coordinator_to_the_quarter(
    client, quarter, clerk, link_officer, partner_lead
):
    plan_url = reverse("partnership_plan", args=[quarter.plan.slug])
    quarter_url = reverse("partnership_quarter", args=[quarter.plan.slug, quarter.pk])
    organisations_url = reverse("partnership_organisations", args=[quarter.plan.slug])
    client.force_login(clerk)
    page = client.get(plan_url).content.decode()
    assert quarter_url in page and organisations_url in page
    assert "For the agenda pack" in page and 'name="agenda_header"' in page
    client.force_login(link_officer)
    page = client.get(plan_url).content.decode()
    assert quarter_url in page and organisations_url not in page
    assert "For the agenda pack" not in page and 'name="agenda_header"' not in page
    assert "Download PDF" in page


def test_an_open_quarters_report_shows_each_update_not_yet_approved_at_its_status(client, quarter, clerk, partner_lead):
    """Only a published quarter reads "No update received": while it is
    open, the clerk sees where each update is."""
    submit(update_of(quarter, "1.1"), partner_lead)
    update = update_of(quarter, "1.3")
    update.save_update(by=partner_lead, version=update.version, submit=False, progress="Half written")
    client.force_login(clerk)
    page = client.get(reverse("partnership_plan", args=[quarter.plan.slug]), {"quarter": quarter.pk})
    page = page.content.decode()
    assert "Submitted, waiting to be checked" in page and "Draft</p>" in page and "Not started" in page
    assert "No update received" not in page and "Half written" not in page


def test_a_clerk_chooses_each_organisations_leads_from_the_logins_that_write_updates(
    client, plan, clerk, partner_lead, officer, councillor
):
    opcc, mesign = plan.partnership.organisations.order_by("position")
    client.force_login(clerk)
    url = reverse("partnership_organisations", args=[plan.slug])
    page = client.get(url).content.decode()
    assert "Pat Partner" in page and "Olu Officer" in page and "Cal Councillor" not in page
    mesign_before = set(mesign.members.all())
    response = client.post(url, {"organisation": opcc.pk, "members": [partner_lead.pk, officer.pk]})
    assert response.status_code == 302 and response["Location"].endswith(f"#organisation-{opcc.pk}")
    assert set(opcc.members.all()) == {partner_lead, officer}
    assert set(mesign.members.all()) == mesign_before  # saving one leaves the others as they were
    assert opcc.history.first().history_user == clerk
    client.post(url, {"organisation": mesign.pk, "members": [officer.pk]})
    assert set(opcc.members.all()) == {partner_lead, officer} and list(mesign.members.all()) == [officer]
    client.post(url, {"organisation": opcc.pk, "members": []})
    assert not opcc.members.exists() and list(mesign.members.all()) == [officer]


def test_the_organisations_page_says_who_leads_each_and_offers_only_who_may_lead(
    client, plan, clerk, partner_lead, other_partner_lead, officer, link_officer, councillor
):
    """A table of who leads each organisation now, names with their role and
    e-mail; the choice is per organisation, behind a details, and offers
    the council's officers and the partner leads free to lead here, not
    another partnership's."""
    _opcc, mesign = plan.partnership.organisations.order_by("position")
    elsewhere = make_user("elsewhere.test", roles.PARTNER_LEAD, first_name="Elsa", last_name="Elsewhere")
    other = make_partnership_plan(by=clerk, name="Elsewhere")
    other.partnership.organisations.first().set_members([elsewhere], by=clerk)
    mesign.set_members([], by=clerk)
    partner_lead.email = "pat@example.org"
    partner_lead.save()
    client.force_login(clerk)
    url = reverse("partnership_organisations", args=[plan.slug])
    response = client.get(url)
    page = response.content.decode()
    assert "Pat Partner" in page and "Partner lead · pat@example.org" in page
    assert page.count("No leads yet") == 1  # MeSign
    assert page.count('<details class="govuk-details') == 2
    form = response.context["rows"][1][1]
    offered = {label for _, label in form.fields["members"].choices}
    assert "Pat Partner, Partner lead, pat@example.org" in offered
    assert any(label.startswith("Olu Officer, Officer") for label in offered)
    assert any("Link officer" in label for label in offered)
    assert any(label.startswith("Odo Partner, Partner lead") for label in offered)  # free to lead here
    assert not any(label.startswith("Elsa Elsewhere") for label in offered)  # leads for another partnership
    assert not any(label.startswith("Cal Councillor") for label in offered)
    # Someone not offered is refused by the field, nothing saved.
    response = client.post(url, {"organisation": mesign.pk, "members": [elsewhere.pk]})
    assert response.status_code == 200
    assert "Choose leads from the list" in response.content.decode()
    assert not mesign.members.exists()
    assert client.post(url, {"organisation": other.partnership.organisations.first().pk}).status_code == 404
    assert client.post(url, {}).status_code == 400  # the form always names one: a bad request


def test_a_clerk_gives_a_partner_agencys_lead_the_partner_lead_role_on_the_people_pages(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("add_person")).content.decode()
    assert 'value="Partner lead"' in page
    assert "writes the quarterly updates of their organisation" in page
    client.post(
        reverse("add_person"), {"name": "Priya Police", "email": "priya@example.org", "roles": [roles.PARTNER_LEAD]}
    )
    priya = get_user_model().objects.get(email="priya@example.org")
    assert roles.role_names(priya) == {roles.PARTNER_LEAD}
    page = client.get(reverse("people") + "?role=Partner+lead").content.decode()
    assert "Priya Police" in page


def queries_per_page(client, clerk, coordinator, size) -> list[int]:
    """The queries of the quarter page (clerk) and of the updates page (the
    clerk's, the coordinator's and the lead's) for a plan of `size` actions."""
    plan = make_partnership_plan(by=clerk, actions=size, name=f"Plan of {size}", slug=f"plan-{size}")
    plan.coordinator = coordinator
    plan.save()
    lead = make_user(f"lead{size}", roles.PARTNER_LEAD)
    for organisation in plan.partnership.organisations.all():
        organisation.members.add(lead)
    quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 1), by=clerk)
    for update in quarter.updates.all()[:3]:
        submit(update, lead)
    counts = []
    for user, url in (
        (clerk, reverse("partnership_quarter", args=[plan.slug, quarter.pk])),
        (clerk, reverse("partnership_updates")),
        (coordinator, reverse("partnership_updates")),
        (lead, reverse("partnership_updates")),
    ):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts


def test_the_quarter_and_updates_pages_ask_the_same_queries_for_5_or_500_actions(client, clerk, link_officer):
    small = queries_per_page(client, clerk, link_officer, 5)
    PartnershipUpdate.objects.all().delete()
    Quarter.objects.all().delete()
    large = queries_per_page(client, clerk, link_officer, 500)
    assert small == large


def test_the_organisations_page_asks_the_same_queries_for_2_or_20_organisations(client, clerk):
    """Seed 004's partnership has a dozen organisations: the page reads the
    logins and each organisation's leads once, not once per organisation."""

    def queries(count) -> list[int]:
        plan = make_partnership_plan(
            by=clerk, organisations=[f"Org {n}" for n in range(count)], name=f"Of {count}", slug=f"of-{count}"
        )
        # A lead of this partnership's own (one leading for another
        # partnership's organisation is not offered).
        partner_lead = make_user(f"lead.of.{count}", roles.PARTNER_LEAD)
        for organisation in plan.partnership.organisations.all():
            organisation.members.add(partner_lead)
        url = reverse("partnership_organisations", args=[plan.slug])
        last = plan.partnership.organisations.last()
        # One organisation's leads saved at a time, among all the others' forms.
        data = {"organisation": last.pk, "members": [partner_lead.pk]}
        client.force_login(clerk)
        counts = []
        for send in (lambda: client.get(url), lambda: client.post(url, data)):
            with CaptureQueriesContext(connection) as captured:
                assert send().status_code in (200, 302)
            counts.append(len(captured))
        return counts

    assert queries(2) == queries(20)
