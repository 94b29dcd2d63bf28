"""Setting up a review's plan through the Review verbs: drafts, whole
recommendations written at once, versions, renumbering and confirming."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from actionplans.models import (
    Action,
    Owner,
    PartPlan,
    PlanConflict,
    Recommendation,
    RecordPlan,
    Responsibility,
    Review,
    SubAction,
)
from tests.factories import make_committee, make_owner

pytestmark = pytest.mark.django_db

OCT_2019 = datetime.date(2019, 10, 1)


def record(*owners, strand="", pk=None, month=OCT_2019, text="", action="Do it.", measure="It is done."):
    return RecordPlan(
        owners=tuple(owners),
        strand=strand,
        pk=pk,
        target_month=month,
        target_text=text,
        agreed_action=action,
        success_measure=measure,
    )


@pytest.fixture
def people(db):
    return {
        "satnam": make_owner("Satnam Singh"),
        "neil": make_owner("Neil Mitchell"),
        "group": make_owner("All Stockton hate crime group members", kind=Owner.Kind.ROLE),
    }


@pytest.fixture
def draft(clerk, people):
    return Review.objects.set_up(
        committee=make_committee("Crime and Disorder Select Committee"),
        title="Hate Crime",
        action_plan_agreed=datetime.date(2019, 3, 14),
        link_officers=[people["satnam"]],
        by=clerk,
    )


def recommendation_one(review, people, by, **changes):
    """Recommendation 1 of the demo, in small: its own record, and 1 a) in two strands."""
    arguments = {
        "number": None,
        "text": "That the Stockton Hate Crime Group incorporate the following actions:",
        "record": record(people["satnam"]),
        "parts": [
            PartPlan(
                text="targeted awareness raising for:",
                strands=(
                    record(people["group"], people["satnam"], strand="Frontline staff"),
                    record(people["neil"], strand="Younger men", month=None, text="Reviewed throughout the year 2019"),
                ),
            )
        ],
        "by": by,
        "version": review.version,
        **changes,
    }
    return review.save_recommendation(**arguments)


def saved_plan(rec) -> dict:
    """A recommendation as saved, as save_recommendation's arguments."""

    def plan(action):
        return record(
            *[link.owner for link in action.responsibilities.all()],
            strand=action.strand,
            pk=action.pk,
            month=action.target_month,
            text=action.target_text,
            action=action.agreed_action,
            measure=action.success_measure,
        )

    actions = list(rec.actions.order_by("position", "pk"))
    own = next((plan(a) for a in actions if not a.sub_action_id and not a.strand), None)
    parts = [
        PartPlan(
            pk=sub.pk,
            text=sub.text,
            record=next((plan(a) for a in actions if a.sub_action_id == sub.pk and not a.strand), None),
            strands=tuple(plan(a) for a in actions if a.sub_action_id == sub.pk and a.strand),
        )
        for sub in rec.sub_actions.all()
    ]
    strands = tuple(plan(a) for a in actions if not a.sub_action_id and a.strand)
    return {"text": rec.text, "record": own, "strands": strands, "parts": parts}


def test_saving_a_confirmed_recommendation_unchanged_changes_nothing_but_the_version(demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=1)
    before = {model: model.history.count() for model in (Recommendation, SubAction, Action, Responsibility)}
    demo.save_recommendation(number=1, **saved_plan(rec), by=clerk, version=demo.version)
    assert {model: model.history.count() for model in before} == {**before, Recommendation: before[Recommendation] + 1}


def test_a_review_set_up_is_a_draft_with_its_own_address_and_who_set_it_up(draft, clerk, people):
    again = Review.objects.set_up(
        committee=draft.committee, title="Hate Crime", action_plan_agreed=OCT_2019, link_officers=[], by=clerk
    )
    assert draft.status == Review.Status.SETTING_UP
    assert draft.get_status_display() == "Being set up"
    assert draft.action_plan_agreed == datetime.date(2019, 3, 1)
    assert (draft.slug, again.slug) == ("hate-crime", "hate-crime-2")
    assert list(draft.link_officers.all()) == [people["satnam"]]
    assert {row.history_user for row in draft.history.all()} == {clerk}


def test_a_review_titled_new_does_not_take_the_set_up_pages_address(clerk):
    review = Review.objects.set_up(
        committee=make_committee(), title="New", action_plan_agreed=OCT_2019, link_officers=[], by=clerk
    )
    assert review.slug == "new-2"


def test_a_whole_recommendation_is_written_at_once_in_document_order(draft, clerk, people):
    rec = recommendation_one(draft, people, clerk)
    assert rec.number == 1
    actions = list(Action.objects.filter(recommendation=rec).in_document_order())
    assert [a.reference for a in actions] == ["1", "1 a) Frontline staff", "1 a) Younger men"]
    assert [a.target_label for a in actions] == ["October 2019", "October 2019", "Reviewed throughout the year 2019"]
    frontline = actions[1]
    assert [link.owner.name for link in frontline.responsibilities.all()] == [
        "All Stockton hate crime group members",
        "Satnam Singh",
    ]
    draft.refresh_from_db()
    assert draft.version == 1


def test_every_row_a_recommendation_writes_names_who_wrote_it(draft, clerk, people):
    recommendation_one(draft, people, clerk)
    for model in (Recommendation, SubAction, Action, Responsibility):
        users = {row.history_user for row in model.history.all()}
        assert users == {clerk}, model


def test_changing_a_recommendation_reorders_letters_strands_and_owners(draft, clerk, people):
    rec = recommendation_one(draft, people, clerk)
    rec = draft.save_recommendation(number=1, text=rec.text, record=None, parts=[
        PartPlan(text="first", strands=(record(people["neil"], strand="Schools"),)),
        PartPlan(text="second", strands=(record(people["group"], strand="Frontline staff"),)),
    ], by=clerk, version=draft.version)  # fmt: skip
    a_part = SubAction.objects.get(recommendation=rec, letter="a")
    frontline = Action.objects.get(strand="Frontline staff")
    # Save again: the parts swap letters, strands swap headings, owners swap places.
    draft.save_recommendation(
        number=1,
        text=rec.text,
        parts=[
            PartPlan(
                pk=SubAction.objects.get(letter="b").pk,
                text="second",
                strands=(record(people["satnam"], people["group"], strand="Schools", pk=frontline.pk),),
            ),
            PartPlan(pk=a_part.pk, text="first", strands=(record(people["neil"], strand="Frontline staff"),)),
        ],
        by=clerk,
        version=draft.version,
    )
    a_part.refresh_from_db()
    frontline.refresh_from_db()
    assert a_part.letter == "b"
    assert frontline.reference == "1 a) Schools"
    assert [link.owner.name for link in frontline.responsibilities.all()] == [
        "Satnam Singh",
        "All Stockton hate crime group members",
    ]
    assert not Action.objects.filter(recommendation=rec, sub_action__isnull=True).exists()


def test_a_plan_changed_since_the_page_was_read_is_refused(draft, clerk, administrator, people):
    seen = draft.version
    recommendation_one(draft, people, administrator)
    with pytest.raises(PlanConflict) as conflict:
        recommendation_one(draft, people, clerk, version=seen)
    assert conflict.value.changed_by == administrator
    assert "changed this plan" in conflict.value.message
    assert Recommendation.objects.filter(review=draft).count() == 1


def test_a_broken_record_saves_nothing_of_the_recommendation(draft, clerk, people):
    with pytest.raises(ValidationError):
        recommendation_one(
            draft,
            people,
            clerk,
            parts=[PartPlan(text="a part", record=record(people["neil"], month=None, text=""))],
        )
    assert not Recommendation.objects.filter(review=draft).exists()
    assert not SubAction.objects.exists()
    draft.refresh_from_db()
    assert draft.version == 0


def test_removing_a_recommendation_renumbers_those_after_it(draft, clerk, people):
    for _ in range(3):
        recommendation_one(draft, people, clerk)
    third = Recommendation.objects.get(review=draft, number=3)
    draft.remove_recommendation(number=1, by=clerk, version=draft.version)
    assert list(draft.recommendations.values_list("number", flat=True)) == [1, 2]
    third.refresh_from_db()
    assert third.number == 2
    assert Action.objects.filter(recommendation__review=draft).count() == 6
    assert {row.history_user for row in Recommendation.history.filter(history_type="-")} == {clerk}


def test_moving_a_recommendation_swaps_its_number_with_its_neighbour(draft, clerk, people):
    recommendation_one(draft, people, clerk, text="First")
    recommendation_one(draft, people, clerk, text="Second")
    draft.move_recommendation(number=2, up=True, by=clerk, version=draft.version)
    assert list(draft.recommendations.order_by("number").values_list("text", flat=True)) == ["Second", "First"]
    with pytest.raises(ValidationError, match="cannot move up"):
        draft.move_recommendation(number=1, up=True, by=clerk, version=draft.version)


def test_a_confirmed_plan_keeps_its_numbers_and_letters(demo, clerk):
    with pytest.raises(ValidationError, match="keep the numbers and letters"):
        demo.move_recommendation(number=2, up=True, by=clerk, version=demo.version)
    with pytest.raises(ValidationError, match="the ones after it would be renumbered"):
        demo.remove_recommendation(number=3, by=clerk, version=demo.version)
    assert list(demo.recommendations.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_a_confirmed_plans_lettered_parts_keep_their_letters(demo, clerk):
    rec = Recommendation.objects.get(review=demo, number=1)
    arguments = saved_plan(rec)
    parts = arguments["parts"]
    arguments["parts"] = [parts[1], parts[0], *parts[2:]]
    with pytest.raises(ValidationError, match="1 b\\) cannot move or change its letter"):
        demo.save_recommendation(number=1, **arguments, by=clerk, version=demo.version)
    assert list(rec.sub_actions.values_list("letter", flat=True)) == ["a", "b", "c", "d", "e", "f"]
    # A new lettered part joins the end.
    arguments["parts"] = [*parts, PartPlan(text="a new part", record=record(make_owner()))]
    demo.save_recommendation(number=1, **arguments, by=clerk, version=demo.version)
    assert rec.sub_actions.get(letter="g").text == "a new part"


def test_an_action_with_updates_is_closed_rather_than_removed(demo, clerk):
    with pytest.raises(ValidationError) as refused:
        demo.remove_recommendation(number=4, by=clerk, version=demo.version)
    assert "4 has updates in the March 2020 round: the committee closes an action rather than deleting it" in str(
        refused.value
    )
    advocates = Action.objects.get(sub_action__letter="c")
    rec = advocates.recommendation
    arguments = saved_plan(rec)
    # 1 c) without its action record.
    arguments["parts"] = [
        PartPlan(pk=part.pk, text=part.text, record=None, strands=part.strands)
        if part.record and part.record.pk == advocates.pk
        else part
        for part in arguments["parts"]
    ]
    with pytest.raises(ValidationError, match="1 c\\) has updates in the March 2020 round"):
        demo.save_recommendation(number=1, **arguments, by=clerk, version=demo.version)
    assert Action.objects.filter(pk=advocates.pk).exists()


def test_confirming_names_what_to_put_right(draft, clerk, people):
    with pytest.raises(ValidationError, match="Add at least one recommendation"):
        draft.confirm(by=clerk, version=draft.version)
    recommendation_one(draft, people, clerk, record=record(), parts=[PartPlan(text="a part with nothing under it")])
    assert draft.why_not_confirmable() == [
        "1 has no responsibility: name who is responsible.",
        "1 a) has no action record.",
    ]
    with pytest.raises(ValidationError):
        draft.confirm(by=clerk, version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Review.Status.SETTING_UP


def test_a_confirmed_plan_is_monitored_and_a_round_can_open(draft, clerk, people):
    assert "still being set up" in draft.why_not_openable()
    recommendation_one(draft, people, clerk)
    draft.confirm(by=clerk, version=draft.version)
    draft.refresh_from_db()
    assert draft.status == Review.Status.MONITORING
    assert draft.history.first().history_user == clerk
    assert draft.why_not_openable() == ""


def test_only_those_who_build_plans_see_a_draft(draft, clerk, administrator, councillor, officer, people):
    recommendation_one(draft, people, clerk)
    for user in (councillor, officer):
        assert not Review.objects.visible_to(user).filter(pk=draft.pk).exists()
        assert not Action.objects.visible_to(user).filter(recommendation__review=draft).exists()
    for user in (clerk, administrator):
        assert Review.objects.visible_to(user).filter(pk=draft.pk).exists()
        assert Action.objects.visible_to(user).filter(recommendation__review=draft).count() == 3


def test_changing_the_details_keeps_the_address(draft, clerk, people):
    draft.change_details(
        committee=draft.committee,
        title="Tackling Hate Crime",
        action_plan_agreed=datetime.date(2019, 4, 1),
        link_officers=[people["neil"]],
        by=clerk,
        version=draft.version,
    )
    draft.refresh_from_db()
    assert (draft.title, draft.slug, draft.version) == ("Tackling Hate Crime", "hate-crime", 1)
    assert list(draft.link_officers.all()) == [people["neil"]]
    with pytest.raises(PlanConflict):
        draft.change_details(
            committee=draft.committee,
            title="Stale",
            action_plan_agreed=OCT_2019,
            link_officers=[],
            by=clerk,
            version=0,
        )


def test_set_link_officers_keeps_the_order_named_with_who_in_the_history(draft, clerk, administrator, people):
    helen = make_owner("Helen Ward")
    draft.set_link_officers([people["neil"], helen, people["satnam"]], by=clerk)
    assert draft.link_officers_in_order() == [people["neil"], helen, people["satnam"]]
    draft.set_link_officers([helen, people["neil"]], by=administrator)
    draft.refresh_from_db()
    assert draft.link_officers_in_order() == [helen, people["neil"]]
    assert draft.version == 2  # a change of the plan's details: older pages are out of date
    latest, before = draft.history.all()[:2]
    assert latest.history_user == administrator and before.history_user == clerk
    as_recorded = [(row.owner.name, row.position) for row in latest.link_officers.order_by("position")]
    assert as_recorded == [("Helen Ward", 0), ("Neil Mitchell", 1)]
    assert len(before.link_officers.all()) == 3
    with pytest.raises(ValidationError, match="a person, not a role or group"):
        draft.set_link_officers([people["group"]], by=clerk)
    assert draft.link_officers_in_order() == [helen, people["neil"]]


def test_a_review_set_up_names_its_link_officers_in_order(clerk, people):
    helen = make_owner("Helen Ward")
    review = Review.objects.set_up(
        committee=make_committee(), title="Order", action_plan_agreed=OCT_2019,
        link_officers=[people["satnam"], helen, people["neil"]], by=clerk,
    )  # fmt: skip
    assert [owner.name for owner in review.link_officers_in_order()] == ["Satnam Singh", "Helen Ward", "Neil Mitchell"]
    assert review.history.first().history_user == clerk
