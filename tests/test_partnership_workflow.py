"""The quarterly update of a partnership action goes through the same
workflow as a round's progress entry: written by its lead organisation's
members, checked by the plan's coordinator or a clerk, with a version check
and the audit history naming who did each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans.models import EditConflict, PartnershipUpdate
from actionplans.roles import CLERK, PARTNER_LEAD
from tests.factories import make_partnership_plan, make_user


@pytest.fixture
def plan(clerk):
    return make_partnership_plan(by=clerk)


@pytest.fixture
def opcc_lead(plan):
    lead = make_user("opcc.lead", PARTNER_LEAD)
    plan.partnership.organisations.get(short_name="OPCC").members.add(lead)
    return lead


@pytest.fixture
def mesign_lead(plan):
    lead = make_user("mesign.lead", PARTNER_LEAD)
    plan.partnership.organisations.get(short_name="MeSign").members.add(lead)
    return lead


def test_a_quarter_opens_with_an_update_for_every_action(plan, clerk):
    quarter = plan.open_quarter(period=datetime.date(2018, 8, 15), deadline=datetime.date(2018, 9, 14), by=clerk)
    assert quarter.label == "Q2 2018"
    assert quarter.period == datetime.date(2018, 7, 1)
    assert [u.action.number for u in quarter.updates.in_document_order()] == ["1.1", "1.2", "1.3"]
    with pytest.raises(ValidationError):
        plan.open_quarter(period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 1), by=clerk)


def test_a_quarters_deadline_is_not_before_its_first_day(plan, clerk):
    with pytest.raises(ValidationError) as refused:
        plan.open_quarter(period=datetime.date(2018, 8, 1), deadline=datetime.date(2018, 6, 30), by=clerk)
    assert list(refused.value.message_dict) == ["deadline"]
    assert not plan.quarters.exists()
    quarter = plan.open_quarter(period=datetime.date(2018, 8, 1), deadline=datetime.date(2018, 7, 1), by=clerk)
    assert quarter.deadline == quarter.period


def test_only_a_clerk_opens_a_quarter(plan, opcc_lead):
    with pytest.raises(PermissionDenied):
        plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 1), by=opcc_lead)


def test_a_lead_writes_their_organisations_update_and_the_coordinator_approves_it(plan, clerk, opcc_lead, mesign_lead):
    quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    ours = quarter.updates.get(action__number="1.1")  # OPCC's
    theirs = quarter.updates.get(action__number="1.2")  # MeSign's
    assert set(PartnershipUpdate.objects.owned_by(opcc_lead)) == {ours, quarter.updates.get(action__number="1.3")}

    with pytest.raises(ValidationError):
        theirs.save_update(by=opcc_lead, version=0, submit=False, progress="Not mine", rag="red")
    with pytest.raises(ValidationError) as refused:
        ours.save_update(by=opcc_lead, version=0, submit=True, progress="Film commissioned.", rag="")
    assert "rag" in refused.value.message_dict

    ours.save_update(by=opcc_lead, version=0, submit=True, progress="Film commissioned.", rag="green")
    assert ours.status == PartnershipUpdate.Status.SUBMITTED
    with pytest.raises(EditConflict):
        ours.save_update(by=opcc_lead, version=0, submit=True, progress="Again", rag="green")

    # Nobody checks their own organisation's update; nor may a lead of another.
    assert ours.why_not_approvable_by(opcc_lead)
    assert ours.why_not_approvable_by(mesign_lead)
    with pytest.raises(ValidationError):
        ours.approve(by=mesign_lead, version=ours.version)

    coordinator = make_user("coordinator", CLERK)
    ours.approve(by=coordinator, version=ours.version)
    assert ours.status == PartnershipUpdate.Status.APPROVED
    assert [record.history_user for record in ours.history.order_by("history_date")][-2:] == [opcc_lead, coordinator]

    quarter.publish(by=clerk)
    latest = PartnershipUpdate.objects.latest_received()
    assert list(latest) == [ours]
    assert ours.rag_label == "Green"


def test_an_objectives_update_is_written_by_its_activities_leads(plan, clerk, mesign_lead):
    objective = plan.actions().get(number="1.1")  # OPCC's
    mesign = plan.partnership.organisations.get(short_name="MeSign")
    objective.add_activity(text="Sign the film", leads="MeSign", lead_organisations=[mesign], by=clerk)
    quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=clerk)
    update = quarter.updates.get(action=objective)
    assert update in PartnershipUpdate.objects.owned_by(mesign_lead)
    update.save_update(by=mesign_lead, version=0, submit=True, progress="Filmed.", rag="amber")
    assert update.why_not_approvable_by(mesign_lead)


def test_a_clerk_records_a_past_quarter_as_printed_even_unrated(plan, clerk, opcc_lead):
    quarter = plan.open_quarter(period=datetime.date(2010, 4, 1), deadline=datetime.date(2010, 6, 30), by=clerk)
    update = quarter.updates.get(action__number="1.1")
    with pytest.raises(PermissionDenied):
        update.record_as_printed(by=opcc_lead, progress="See plan", rag="", reason="As printed")
    update.record_as_printed(by=clerk, progress="See plan", rag="", reason="As printed in the plan: not rated")
    assert update.is_received and update.rag_label == "Not rated"
    assert update.history.first().history_change_reason == "As printed in the plan: not rated"
    quarter.publish(by=clerk)
    with pytest.raises(ValidationError):
        update.record_as_printed(by=clerk, progress="Changed", rag="red", reason="x")
