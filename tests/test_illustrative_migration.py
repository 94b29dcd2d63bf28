"""An install that loaded the demo before its marks moved to the values
(migration 0055): the review, rounds, assessment and quarters that carried
the demo's note have the fields the demo invents marked; a council's own
records mark nothing; the invented borough and the closing reason's
leading "Illustrative: " are mended."""

import datetime

import pytest

from tests import old_installs

BEFORE = [("actionplans", "0054_public_copies_of_rounds_published_before")]
NOTE = "Illustrative, not from the council's papers: the meeting dates 12 March 2020 and …"


def review(apps, slug, note):
    committee, _ = apps.get_model("actionplans", "Committee").objects.get_or_create(name="Crime and Disorder")
    made = apps.get_model("actionplans", "Review").objects.create(
        committee=committee, title=slug, slug=slug, action_plan_agreed=datetime.date(2019, 3, 1), illustrative_note=note
    )
    round = apps.get_model("actionplans", "Round").objects.create(
        review=made,
        period=datetime.date(2020, 3, 1),
        deadline=datetime.date(2020, 2, 21),
        meeting_date=datetime.date(2020, 3, 12),
        status="published",
    )
    return made, round


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_the_demos_notes_become_marks_on_its_values_and_a_councils_own_records_mark_none():
    executor = old_installs.back_to(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        _, demo_round = review(apps, "hate-crime-demo", NOTE)
        review(apps, "food-poverty", "")
        apps.get_model("actionplans", "Partnership").objects.create(
            name="Hate Crime Steering Group (unnamed London borough)", slug="london"
        )
        action = apps.get_model("actionplans", "Action").objects.create(
            recommendation=apps.get_model("actionplans", "Recommendation").objects.create(
                review=demo_round.review, number=1, text="That …"
            ),
            agreed_action="Act.",
            target_month=datetime.date(2020, 1, 1),
        )
        apps.get_model("actionplans", "CommitteeDecision").objects.create(
            action=action,
            round=demo_round,
            decision="closed",
            reason="Illustrative: its work moved into the group's plan",
            meeting_date=demo_round.meeting_date,
        )
    finally:
        old_installs.forward()

    from actionplans.models import CommitteeDecision, Partnership, Review

    demo, own = Review.objects.get(slug="hate-crime-demo"), Review.objects.get(slug="food-poverty")
    assert demo.illustrative == ["report_agreed", "report_to_executive", "responded_on"]
    assert [r.illustrative for r in demo.rounds.all()] == [["deadline", "meeting_date"]]
    assert own.illustrative == [] and [r.illustrative for r in own.rounds.all()] == [[]]
    assert Partnership.objects.get(slug="london").name == "Hate Crime Steering Group"
    assert CommitteeDecision.objects.get().reason == "its work moved into the group's plan (illustrative)"
