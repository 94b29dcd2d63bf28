"""The quarterly update of a partnership action goes through the same
workflow as a round's progress entry: written by its lead organisation's
members, checked by the plan's coordinator or a clerk, with a version check
and the audit history naming who did each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import permissions
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

    with pytest.raises(PermissionDenied):
        theirs.save_update(by=opcc_lead, version=0, submit=False, progress="Not mine", rag="red")
    with pytest.raises(ValidationError) as refused:
        ours.save_update(by=opcc_lead, version=0, submit=True, progress="Film commissioned.", rag="")
    assert "rag" in refused.value.message_dict

    ours.save_update(by=opcc_lead, version=0, submit=True, progress="Film commissioned.", rag="green")
    assert ours.status == PartnershipUpdate.Status.SUBMITTED
    with pytest.raises(EditConflict):
        ours.save_update(by=opcc_lead, version=0, submit=True, progress="Again", rag="green")

    # Nobody checks their own organisation's update; nor may a lead of another.
    assert permissions.why_not(opcc_lead, permissions.APPROVE_UPDATE, ours)
    assert permissions.why_not(mesign_lead, permissions.APPROVE_UPDATE, ours)
    with pytest.raises(PermissionDenied):
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
    assert permissions.why_not(mesign_lead, permissions.APPROVE_UPDATE, update)


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


@pytest.mark.django_db
def test_every_page_colours_a_rag_from_the_one_scale():
    """The council's partnership scale says each RAG's word and tag colour:
    the pages' tag, the plan page's report and the dashboard's list all
    print what it gives, so they cannot disagree."""
    from django.template.loader import render_to_string

    from actionplans.grading import Rag
    from actionplans.models.partnership_quarters import printed_rag, rag_scale
    from reports.partnership.dashboard import NONE, ActionLine

    scale = rag_scale()
    assert [scale.colour(rag) for rag in Rag] == ["red", "orange", "green", "blue"]
    assert scale.colour("") == scale.colour(NONE) == "grey"
    for rag in [*Rag.values, ""]:
        label, colour = printed_rag(scale.level(rag))
        assert label == (Rag(rag).label if rag else "Not rated")
        tag = render_to_string("includes/rag_tag.html", {"colour": colour, "label": label})
        assert f"govuk-tag--{colour}" in tag and label in tag
        line = type("Line", (), {"rag_key": rag, "rag": label, "rag_colour": colour if rag else ""})()
        printed = render_to_string("reports/document/partnership_rag.html", {"action": line, "on_screen": True})
        assert f"govuk-tag--{colour}" in printed and label in printed
        listed = ActionLine(1, "1.1", "", "", "", rag or NONE, "", "Q1 2018", False, label=label, tag=colour)
        assert (listed.tag, listed.rag_label) == (colour, label)


@pytest.mark.parametrize("year", [2009, 2018])
def test_a_quarters_label_and_the_month_it_names_are_one_rule(year):
    """Financial quarters (Q1 April–June): the label a plan prints and the
    month an imported heading's 'Q4 2018' names are each other's inverse."""
    from actionplans.importing.round_columns import heading_period
    from actionplans.models.partnership import quarter_label, quarter_period

    for number in (1, 2, 3, 4):
        period = quarter_period(number, year)
        assert quarter_label(period) == f"Q{number} {year}"
        assert heading_period(f"Progress to date – Q{number} {year} RAG") == period
    assert quarter_period(4, year) == datetime.date(year + 1, 1, 1)


@pytest.mark.django_db
def test_finding_the_next_update_to_check_asks_as_many_queries_for_50_actions_as_for_5(clerk, link_officer):
    """'Approve and go to the next' passes over the updates the coordinator
    may not check (their own organisation's) without reading each one's
    quarter and plan again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(size) -> int:
        plan = make_partnership_plan(by=clerk, actions=size, organisations=("OPCC",), name=f"Of {size}")
        plan.coordinator = link_officer
        plan.save()
        lead = make_user(f"lead.{size}", PARTNER_LEAD)
        plan.partnership.organisations.get().members.add(lead, link_officer)
        quarter = plan.open_quarter(period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 1), by=clerk)
        for update in quarter.updates.all():
            update.save_update(by=lead, version=update.version, submit=True, progress="Done.", rag="green")
        first = quarter.updates.in_document_order().first()
        checker = type(link_officer).objects.get(pk=link_officer.pk)  # their roles read afresh each time
        with CaptureQueriesContext(connection) as captured:
            assert first.next_to_approve(checker) is None  # every one is their organisation's
        return len(captured)

    assert queries(5) == queries(50)


def test_an_action_is_led_only_by_its_own_partnerships_organisations(plan, clerk):
    """A lead of another partnership would write updates of a plan they
    cannot read."""
    stranger = make_partnership_plan(by=clerk, organisations=("Elsewhere",)).partnership.organisations.get()
    theme = plan.themes.get()
    with pytest.raises(ValidationError) as refused:
        theme.add_action(number="1.9", text="Not theirs", lead_organisations=[stranger], by=clerk)
    assert "lead_organisations" in refused.value.message_dict
    action = theme.actions.first()
    with pytest.raises(ValidationError):
        action.add_activity(text="Not theirs either", lead_organisations=[stranger], by=clerk)
    assert not theme.actions.filter(number="1.9").exists() and not action.activities.exists()


@pytest.mark.parametrize("short_title", ["Updates", "Import"])
def test_a_plan_may_not_take_the_address_of_another_page(clerk, short_title):
    from actionplans.models import Partnership

    partnership = Partnership.objects.add(name="Reserved Group", by=clerk)
    with pytest.raises(ValidationError) as refused:
        partnership.add_plan(
            title="A plan",
            short_title=short_title,
            starts=datetime.date(2020, 4, 1),
            ends=datetime.date(2021, 3, 1),
            by=clerk,
        )
    assert "short_title" in refused.value.message_dict
