"""The rules of the domain that the database itself enforces, and the
carry-forward rule that decides which actions a round's update carries."""

import pytest
from django.db import IntegrityError, transaction

from actionplans.models import Action, ProgressEntry, Round
from tests.factories import (
    decide,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return make_action(make_recommendation(make_review()))


def test_an_action_has_one_entry_per_round(action):
    march = make_round(action.recommendation.review)
    make_entry(action, march)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(action, march)


@pytest.mark.parametrize("grade", [0, 5, 9])
def test_the_database_refuses_a_grade_outside_one_to_four(action, grade):
    march = make_round(action.recommendation.review)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(action, march, grade=grade)


def test_an_entry_may_be_ungraded_until_the_officer_grades_it(action):
    entry = make_entry(action, make_round(action.recommendation.review), grade=None, evidence="")
    assert not entry.has_update


def test_a_strand_is_named_once_under_its_sub_action(action):
    sub = make_sub_action(action.recommendation)
    make_action(action.recommendation, sub_action=sub, strand="Frontline staff")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action(action.recommendation, sub_action=sub, strand="Frontline staff")


def test_a_recommendation_has_one_record_of_its_own(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action(action.recommendation)


def test_references_read_as_the_committee_says_them():
    rec = make_recommendation(make_review(), number=1)
    sub = make_sub_action(rec, letter="a")
    assert make_action(rec).reference == "1"
    assert make_action(rec, sub_action=sub).reference == "1 a)"
    assert make_action(rec, sub_action=sub, strand="Frontline staff").reference == "1 a) Frontline staff"


def test_a_target_worded_as_text_is_printed_as_worded(action):
    action.target_text = "Reviewed throughout the year 2019"
    assert action.target_label == "Reviewed throughout the year 2019"
    action.target_text = ""
    assert action.target_label == "October 2019"


def test_set_owners_keeps_the_order_and_records_each_change(action):
    first, second, third = make_owner("First"), make_owner("Second"), make_owner("Third")
    action.set_owners([first, second])
    action.set_owners([second, third])
    assert [link.owner.name for link in action.responsibilities.all()] == ["Second", "Third"]
    history = action.responsibilities.model.history.filter(action_id=action.pk)
    assert sorted(history.values_list("history_type", flat=True)) == ["+", "+", "+", "-"]


class TestCarryForward:
    """The carry-forward rule follows the committee's published decisions:
    a grade of 1 only proposes; nothing leaves monitoring without them."""

    @pytest.fixture
    def review(self):
        return make_review()

    def carried(self, round):
        return {action.agreed_action for action in Action.objects.carried_into(round)}

    def test_an_action_graded_fully_achieved_stays_monitored_until_the_committee_signs_it_off(self, review):
        march = make_round(review, 2020, 3)
        rec = make_recommendation(review)
        achieved = make_action(rec, agreed_action="achieved")
        slipped = make_action(rec, sub_action=make_sub_action(rec), agreed_action="slipped")
        make_entry(achieved, march, grade=ProgressEntry.Grade.FULLY_ACHIEVED)
        make_entry(slipped, march, grade=ProgressEntry.Grade.SLIPPED)
        september = make_round(review, 2020, 9, status=Round.Status.OPEN)
        assert self.carried(september) == {"achieved", "slipped"}  # undecided: the grade only proposes
        september.delete()
        decide(march, publish=False)
        assert self.carried(make_round(review, 2020, 9)) == {"achieved", "slipped"}  # recorded, not published

    def test_a_published_sign_off_ends_monitoring_after_its_round(self, review):
        march = make_round(review, 2020, 3)
        rec = make_recommendation(review)
        make_entry(make_action(rec, agreed_action="achieved"), march, grade=ProgressEntry.Grade.FULLY_ACHIEVED)
        make_entry(make_action(rec, sub_action=make_sub_action(rec), agreed_action="slipped"), march, grade=3)
        decide(march)
        september, next_march = make_round(review, 2020, 9), make_round(review, 2021, 3)
        assert self.carried(march) == {"achieved", "slipped"}
        assert self.carried(september) == {"slipped"}
        assert self.carried(next_march) == {"slipped"}

    def test_the_committee_can_keep_an_achieved_action_open(self, review):
        march = make_round(review, 2020, 3)
        action = make_action(make_recommendation(review), agreed_action="kept")
        make_entry(action, march, grade=ProgressEntry.Grade.FULLY_ACHIEVED)
        decide(march, kept_open=["1"])
        assert self.carried(make_round(review, 2020, 9)) == {"kept"}

    def test_the_committee_can_close_an_action_that_is_not_achieved(self, review):
        march = make_round(review, 2020, 3)
        action = make_action(make_recommendation(review), agreed_action="closed")
        make_entry(action, march, grade=ProgressEntry.Grade.NOT_ACHIEVED)
        decide(march, closed={"1": "transferred to the Hate Crime Group's action plan"})
        assert self.carried(march) == {"closed"}
        assert self.carried(make_round(review, 2020, 9)) == set()
        assert action.decisions.get().reason == "transferred to the Hate Crime Group's action plan"

    def test_a_closed_decision_must_give_its_reason(self, review):
        from actionplans.models import CommitteeDecision

        march = make_round(review, 2020, 3)
        action = make_action(make_recommendation(review))
        with pytest.raises(IntegrityError), transaction.atomic():
            CommitteeDecision.objects.create(action=action, round=march, decision="closed", meeting_date=march.period)


def test_an_update_still_with_its_officers_after_the_deadline_is_overdue(client, officer, officer_owner):
    import datetime

    from django.urls import reverse

    review = make_review()
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    Round.objects.filter(pk=round.pk).update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    round.refresh_from_db()
    waiting = make_entry(make_action(make_recommendation(review)), round, owners=[officer_owner])
    submitted = make_entry(
        make_action(make_recommendation(review)), round, owners=[officer_owner], status=ProgressEntry.Status.SUBMITTED
    )
    assert waiting.is_overdue and not submitted.is_overdue
    client.force_login(officer)
    page = client.get(reverse("my_updates")).content.decode()
    assert "Deadline passed" in page and page.count("Overdue") == 1
