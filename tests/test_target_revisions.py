"""Revised target dates, governed: an officer proposes a
new target month with the reason in their update, the link officer accepts
or refuses it with the update, a clerk's own change needs a reason, and the
original target and every revision stay on record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import roles
from actionplans.models import (
    Action,
    RecordPlan,
    TargetProposal,
    TargetReasonNeeded,
    TargetRevision,
    target_as_at,
    target_words,
    times_revised,
)
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_round, make_user

pytestmark = pytest.mark.django_db

OCT_2019, MAR_2021, SEP_2021 = datetime.date(2019, 10, 1), datetime.date(2021, 3, 1), datetime.date(2021, 9, 1)


@pytest.fixture
def slipped(link_officer, officer, officer_owner, clerk):
    """An action of October 2019 whose update, in the open March 2021
    round, the cast's officer writes and the cast's link officer checks."""
    review = make_review(title="Hate Crime", link_officers=[make_owner("Lin Officer", user=link_officer)])
    action = make_action(make_recommendation(review), owners=[officer_owner], target_month=OCT_2019)
    round = review.open_round(
        period=MAR_2021, deadline=datetime.date(2021, 2, 26), meeting_date=datetime.date(2021, 3, 18), by=clerk
    )
    return round.entries.get(action=action)


def propose(entry, officer, *, month=SEP_2021, reason="The contractor went into administration.", submit=True):
    entry.refresh_from_db()
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=submit,
        evidence_of_progress="The form is half built.",
        grade=3,
        grade_explanation="The contractor failed.",
        proposal=TargetProposal(month=month, reason=reason) if month else None,
    )
    entry.refresh_from_db()
    return entry


def test_the_words_count_the_revisions_as_the_committee_says_them():
    assert [times_revised(n) for n in (1, 2, 3)] == ["revised once", "revised twice", "revised 3 times"]
    assert target_words("March 2021") == "March 2021"
    assert (
        target_words("March 2021", revised=2, originally="October 2019")
        == "March 2021 (revised twice; originally October 2019)"
    )


def test_a_slipped_grade_needs_a_proposal_and_no_other_does(db):
    """As the council's scale says (the first one's: Slipped alone)."""
    from actionplans.models import current_scale, proposal_needed

    scale = current_scale()
    assert proposal_needed(scale.meaning(3))
    assert not any(proposal_needed(scale.meaning(grade)) for grade in (None, 1, 2, 4))


def test_the_verb_itself_refuses_a_slipped_submission_without_a_new_target(slipped, officer):
    """Whatever the page (a form, the admin, an API), a Slipped update goes
    to the link officer only with its new target; a draft may wait."""
    with pytest.raises(ValidationError) as refused:
        propose(slipped, officer, month=None)
    assert "proposed_target" in refused.value.message_dict
    slipped.refresh_from_db()
    assert (slipped.status, slipped.version) == ("not_started", 0)
    assert propose(slipped, officer, month=None, submit=False).status == "draft"
    assert propose(slipped, officer).status == "submitted"


def test_the_verb_itself_refuses_a_new_target_no_later_than_the_current_one(slipped, officer):
    with pytest.raises(ValidationError) as refused:
        propose(slipped, officer, month=OCT_2019)
    assert refused.value.message_dict["proposed_target"] == [
        "The new target month must be after the current one, October 2019"
    ]
    assert not slipped.target_revisions.exists()


def test_the_proposal_is_saved_with_the_update_and_changes_nothing_until_accepted(slipped, officer):
    propose(slipped, officer, submit=False)
    revision = slipped.target_proposal()
    assert (revision.before_label, revision.after_label, revision.status) == (
        "October 2019",
        "September 2021",
        "proposed",
    )
    assert revision.proposed_by == officer
    assert revision.history.first().history_user == officer
    assert Action.objects.get(pk=slipped.action_id).target_month == OCT_2019


def test_the_proposal_travels_with_the_update_through_withdrawal_and_return(slipped, officer, link_officer):
    propose(slipped, officer)
    slipped.withdraw(by=officer, version=slipped.version)
    assert slipped.target_proposal().is_proposed
    propose(slipped, officer, month=datetime.date(2021, 12, 1))
    slipped.return_to_officer(by=link_officer, version=slipped.version, comment="Say more.")
    assert slipped.target_proposal().after_label == "December 2021"
    # Saved again without one, the officer takes it back.
    propose(slipped, officer, month=None, submit=False)
    assert slipped.target_proposal() is None
    assert TargetRevision.history.filter(history_type="-").first().history_user == officer


def test_accepting_the_update_with_its_proposal_changes_the_target_in_the_same_step(slipped, officer, link_officer):
    propose(slipped, officer)
    slipped.approve(by=link_officer, version=slipped.version, target_decision="accept")
    action = Action.objects.get(pk=slipped.action_id)
    revision = slipped.target_proposal()
    assert action.target_month == SEP_2021
    assert (revision.status, revision.decided_by) == ("accepted", link_officer)
    assert action.history.first().history_user == link_officer
    assert action.history.first().history_change_reason.startswith("Target revised: The contractor")
    # The original stays on record.
    assert revision.target_before == OCT_2019


def test_an_approval_that_does_not_decide_the_proposal_saves_nothing(slipped, officer, link_officer):
    propose(slipped, officer)
    with pytest.raises(ValidationError) as refused:
        slipped.approve(by=link_officer, version=slipped.version)
    assert "target_decision" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        slipped.approve(by=link_officer, version=slipped.version, target_decision="refuse", target_comment=" ")
    assert refused.value.message_dict["target_comment"] == ["Say why the new target date is refused."]
    slipped.refresh_from_db()
    assert slipped.status == "submitted"
    assert slipped.target_proposal().is_proposed


def test_a_refused_proposal_keeps_the_target_and_says_why(slipped, officer, link_officer):
    propose(slipped, officer)
    slipped.approve(by=link_officer, version=slipped.version, target_decision="refuse", target_comment="Too far off.")
    revision = slipped.target_proposal()
    assert (revision.status, revision.refusal_comment) == ("refused", "Too far off.")
    assert Action.objects.get(pk=slipped.action_id).target_month == OCT_2019


def test_nobody_decides_on_a_proposal_of_their_own_action(slipped, officer, officer_owner):
    # A link officer who is also responsible for the action may not accept its new date.
    propose(slipped, officer)
    with pytest.raises(PermissionDenied):
        slipped.approve(by=officer, version=slipped.version, target_decision="accept")
    assert Action.objects.get(pk=slipped.action_id).target_month == OCT_2019


def test_a_document_prints_the_target_as_it_stood_at_its_round(slipped):
    first = TargetRevision(
        action=slipped.action, target_before=OCT_2019, target_month=MAR_2021, reason="r", status="accepted",
        applies_from=datetime.date(2020, 3, 1),
    )  # fmt: skip
    second = TargetRevision(
        action=slipped.action, target_before=MAR_2021, target_month=SEP_2021, reason="r", status="accepted",
        applies_from=datetime.date(2020, 9, 1),
    )  # fmt: skip
    refused = TargetRevision(
        action=slipped.action, target_before=SEP_2021, target_month=SEP_2021, reason="r", status="refused",
        applies_from=datetime.date(2020, 9, 1),
    )  # fmt: skip
    revisions = [first, second, refused]
    assert target_as_at("September 2021", revisions, datetime.date(2019, 9, 1)) == "October 2019"
    assert (
        target_as_at("September 2021", revisions, datetime.date(2020, 3, 1))
        == "March 2021 (revised once; originally October 2019)"
    )
    assert target_as_at("September 2021", revisions, None) == "September 2021 (revised twice; originally October 2019)"
    assert target_as_at("October 2019", [refused], None) == "October 2019"


def test_the_count_in_sql_agrees_with_the_revisions_on_record(slipped, officer, link_officer, clerk):
    propose(slipped, officer)
    slipped.approve(by=link_officer, version=slipped.version, target_decision="accept")
    other = make_action(slipped.action.recommendation, strand="Another")
    counted = {a.pk: a.revisions for a in Action.objects.with_revision_count()}
    assert counted == {action.pk: action.target_revisions.accepted().count() for action in (slipped.action, other)}
    assert counted[slipped.action_id] == 1


# The clerk's own change -------------------------------------------------------


def _record_of(action, **changes):
    fields = {
        "pk": action.pk,
        "owners": tuple(link.owner for link in action.responsibilities.all()),
        "agreed_action": action.agreed_action,
        "success_measure": action.success_measure,
        "target_month": action.target_month,
        **changes,
    }
    return RecordPlan(**fields)


def test_a_clerk_changes_a_confirmed_plans_date_only_with_a_reason(clerk, officer_owner):
    review = make_review()
    action = make_action(make_recommendation(review), owners=[officer_owner], target_month=OCT_2019)
    make_round(review, 2020, 3)
    rec = action.recommendation
    with pytest.raises(TargetReasonNeeded) as refused:
        review.save_recommendation(
            number=rec.number, text=rec.text, record=_record_of(action, target_month=MAR_2021), by=clerk,
            version=review.version,
        )  # fmt: skip
    assert refused.value.action_pks == [action.pk]
    assert Action.objects.get(pk=action.pk).target_month == OCT_2019
    review.save_recommendation(
        number=rec.number, text=rec.text, by=clerk, version=review.version,
        record=_record_of(action, target_month=MAR_2021, target_reason="The committee agreed it in January."),
    )  # fmt: skip
    revision = action.target_revisions.get()
    assert (revision.status, revision.proposed_by, revision.decided_by, revision.entry) == (
        "accepted",
        clerk,
        clerk,
        None,
    )
    # It shows from the round after the latest published one.
    assert revision.applies_from == datetime.date(2020, 4, 1)
    assert Action.objects.get(pk=action.pk).target_month == MAR_2021


def test_a_plan_being_set_up_changes_its_dates_freely(clerk, officer_owner):
    review = make_review(status="setting_up")
    action = make_action(make_recommendation(review), owners=[officer_owner], target_month=OCT_2019)
    rec = action.recommendation
    review.save_recommendation(
        number=rec.number, text=rec.text, record=_record_of(action, target_month=MAR_2021), by=clerk,
        version=review.version,
    )  # fmt: skip
    assert Action.objects.get(pk=action.pk).target_month == MAR_2021
    assert not TargetRevision.objects.exists()


def test_only_those_who_build_plans_change_a_target(officer, officer_owner):
    from django.core.exceptions import PermissionDenied

    action = make_action(make_recommendation(make_review()), owners=[officer_owner])
    with pytest.raises(PermissionDenied):
        action.change_target(target_month=MAR_2021, reason="Because.", by=make_user("x", roles.OFFICER))


# Through the pages --------------------------------------------------------------


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _update(entry, **fields):
    return {
        "version": str(entry.version),
        "evidence_of_progress": "The form is half built.",
        "grade": "3",
        "grade_explanation": "The contractor failed.",
        "evidence_of_impact": "",
        "submit": "",
        **fields,
    }


def test_a_slipped_update_without_a_new_date_is_refused_with_the_message_by_the_field(slipped, officer):
    from django.urls import reverse

    page = _client(officer).post(reverse("update_entry", args=[slipped.pk]), _update(slipped))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<a href="#id_proposed_target_month">The action is graded Slipped: enter the new target month</a>' in html
    assert 'id="id_proposed_target-error"' in html
    assert "The form is half built." in html  # typed text kept
    slipped.refresh_from_db()
    assert (slipped.status, slipped.version) == ("not_started", 0)


def test_a_new_date_without_a_reason_is_refused_even_in_a_draft(slipped, officer):
    from django.urls import reverse

    data = _update(slipped, proposed_target_month="9", proposed_target_year="2021", save="")
    del data["submit"]
    html = _client(officer).post(reverse("update_entry", args=[slipped.pk]), data).content.decode()
    assert "Give the reason for the new target month" in html
    assert not TargetRevision.objects.exists()


def test_the_officer_proposes_and_the_link_officer_accepts_it_with_the_update(slipped, officer, link_officer):
    from django.urls import reverse

    data = _update(slipped, proposed_target_month="9", proposed_target_year="2021", target_reason="Contractor failed.")
    response = _client(officer).post(reverse("update_entry", args=[slipped.pk]), data)
    assert response.status_code == 302
    lin = _client(link_officer)
    page = lin.get(reverse("approve_entry", args=[slipped.pk])).content.decode()
    assert "From October 2019 to <strong>September 2021</strong> (awaiting the link officer)" in page
    assert "Why: Contractor failed." in page
    slipped.refresh_from_db()
    approve = {"decision": "approve", "version": str(slipped.version), "seen": ""}
    refused = lin.post(reverse("approve_entry", args=[slipped.pk]), approve).content.decode()
    assert '<a href="#id_target_decision_0">Accept or refuse the new target date</a>' in refused
    refused = lin.post(reverse("approve_entry", args=[slipped.pk]), {**approve, "target_decision": "refuse"})
    assert "Say why the new target date is refused" in refused.content.decode()
    assert Action.objects.get(pk=slipped.action_id).target_month == OCT_2019
    accepted = lin.post(reverse("approve_entry", args=[slipped.pk]), {**approve, "target_decision": "accept"})
    assert accepted.status_code == 302
    assert Action.objects.get(pk=slipped.action_id).target_month == SEP_2021


@pytest.mark.django_db(transaction=True)
def test_a_clerks_change_of_target_stands_on_its_own_transaction(clerk, officer_owner):
    """change_target is a whole verb: called outside any transaction (as a
    command does, or a test of the live site), it opens its own, which
    select_for_update needs on PostgreSQL."""
    review = make_review()
    action = make_action(make_recommendation(review), owners=[officer_owner], target_month=OCT_2019)
    revision = action.change_target(target_month=MAR_2021, reason="The committee agreed it.", by=clerk)
    assert Action.objects.get(pk=action.pk).target_month == MAR_2021 and revision.is_accepted


def test_a_revision_accepted_in_an_open_round_is_known_to_readers_once_it_is_published(
    slipped, officer, link_officer, clerk
):
    """Accepted with an update, the new target is the officers' and link
    officers' until the round is published: the count every reader is given
    (the dashboard, the filtered list, the annual report) leaves it out."""
    propose(slipped, officer)
    slipped.approve(by=link_officer, version=slipped.version, target_decision="accept")

    def counted(**kwargs):
        return Action.objects.with_revision_count(**kwargs).get(pk=slipped.action_id).revisions

    assert counted() == 1
    assert counted(published_only=True) == 0
    assert not TargetRevision.objects.published().exists()
    slipped.round.publish(by=clerk)
    assert counted(published_only=True) == 1
    assert list(TargetRevision.objects.published()) == list(TargetRevision.objects.accepted())


def test_a_councillor_filtering_revised_actions_sees_the_revision_once_its_round_is_published(
    slipped, officer, link_officer, clerk, councillor, client
):
    propose(slipped, officer)
    slipped.approve(by=link_officer, version=slipped.version, target_decision="accept")
    client.force_login(councillor)
    strand = slipped.action.name

    def listed():
        page = client.get("/actions/", {"revisions": "once"})
        assert page.status_code == 200
        return strand in page.content.decode()

    assert not listed()
    slipped.round.publish(by=clerk)
    assert listed()
