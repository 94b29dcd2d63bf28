"""An action's latest grade has one rule (Standing.objects.latest_grades):
the grade of the latest published round that gave it one, as given, read
from the rounds' stored standing. The open data and the API read it alike,
for every action of the demo, as loaded and once its March 2021 round is
published with an update left out; an update of a published round reads
the grade its round's standing stored; nothing is relabelled from the
council's current scale, neither when the scale changes nor for a grade
stored without its level."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from actionplans import roles
from actionplans.models import Action, ApiToken, GradingScale, ProgressEntry, Round, Standing, stable_reference
from actionplans.models.council import PRESETS
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, write_standing

pytestmark = pytest.mark.django_db

RAG_PLUS_COMPLETE = PRESETS["progress"]["rag_complete"][1]


@pytest.fixture(autouse=True)
def api_and_public_pages_on(settings):
    settings.SCRUTINY_API = True
    settings.SCRUTINY_PUBLIC_PAGES = True
    settings.SCRUTINY_API_PAGE_SIZE = 1000


@pytest.fixture
def clerk_key(clerk, administrator):
    return ApiToken.objects.issue(user=clerk, role=roles.CLERK, name="Power BI", by=administrator)[1]


def api(name: str, key=None, **params) -> list[dict]:
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    response = Client().get(reverse(name), params, **headers)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def open_data(name: str) -> list[dict]:
    response = Client().get(reverse("open_data_json", args=[name]))
    assert response.status_code == 200
    return json.loads(response.content)["records"]


def latest_in_the_api(key=None) -> dict[str, tuple | None]:
    """Each action's latest grade as the API gives it: (what it means, as
    printed, its label, its round), by the action's reference."""
    return {
        item["id"]: (grade["grade"], grade["label"], grade["words"], grade["round"])
        if (grade := item["latest_grade"])
        else None
        for item in api("api_actions", key)
    }


def latest_in_the_open_data() -> dict[str, tuple | None]:
    return {
        row["reference"]: (
            row["latest_grade"],
            row["latest_grade_words"],
            row["latest_grade_label"],
            row["round_reference"],
        )
        if row["round_reference"]
        else None
        for row in open_data("actions")
    }


def latest_graded_entries(actions) -> dict[str, tuple | None]:
    """Worked out from the updates, not the standing: each action's newest
    approved update of a published round with a grade, its grade as given."""
    found = {}
    for action in actions:
        entries = action.entries.received().filter(round__status=Round.Status.PUBLISHED, level__isnull=False)
        entry = entries.select_related("level", "round").order_by("round__period").last()
        level = entry.level.level() if entry else None
        found[stable_reference(action)] = (
            (level.rank, level.printed, level.label, stable_reference(entry.round)) if entry else None
        )
    return found


def assert_one_latest_grade_everywhere(review, clerk_key):
    actions = list(Action.objects.filter(recommendation__review=review))
    expected = latest_graded_entries(actions)
    assert len(expected) == 16 and all(expected.values())
    assert latest_in_the_open_data() == expected
    assert latest_in_the_api() == expected  # the public
    assert latest_in_the_api(clerk_key) == expected
    rows = Standing.objects.latest_grades(actions, public=True)
    assert {stable_reference(row.action): stable_reference(row.round) for row in rows.values()} == {
        reference: grade[3] for reference, grade in expected.items()
    }


def assert_each_update_reads_its_standings_grade(key):
    """Every update of a published round: its grade in the API and in the
    open data is its round's stored standing's, which is its approved
    update's level as given."""
    stored = {
        (stable_reference(row.round), stable_reference(row.action)): row.grade.level().printed if row.grade else None
        for row in Standing.objects.select_related("grade", "round", "action")
    }
    published = {stable_reference(r) for r in Round.objects.filter(status=Round.Status.PUBLISHED)}
    updates = [item for item in api("api_updates", key) if item["round"] in published]
    assert len(updates) == ProgressEntry.objects.filter(round__status=Round.Status.PUBLISHED).count()
    for item in updates:
        grade = (item["assessment_of_progress"] or {}).get("label")
        assert grade == stored[item["round"], item["action"]], item
        entry = ProgressEntry.objects.select_related("level").get(pk=int(item["id"].split("-")[1]))
        assert grade == (entry.level.level().printed if item["received"] and entry.level else None)
    for row in open_data("updates"):
        assert row["grade_words"] == stored[row["round_reference"], row["action_reference"]], row


def test_the_open_data_and_the_api_give_every_demo_action_the_same_latest_grade(demo_march_2021, clerk_key):
    review = demo_march_2021.review
    assert_one_latest_grade_everywhere(review, clerk_key)
    assert_each_update_reads_its_standings_grade(clerk_key)
    # March 2021 published as the cycle goes: 1 a) Schools graded, 1 c)'s
    # update left out (its officers never submitted it).
    users = get_user_model().objects
    schools = demo_march_2021.entries.get(action__strand="Schools, Colleges and Universities")
    schools.save_update(
        by=users.get(username="vanessa.housley"),
        version=schools.version,
        submit=True,
        evidence_of_progress="Assemblies held in every school.",
        grade=2,
        grade_explanation="The new term started late.",
    )
    schools.refresh_from_db()
    schools.approve(by=users.get(username="marc.stephenson"), version=schools.version)
    advocates = demo_march_2021.entries.get(action__recommendation__number=1, action__sub_action__letter="c")
    assert not advocates.is_received
    demo_march_2021.publish(by=users.get(username="clerk"))
    assert_one_latest_grade_everywhere(review, clerk_key)
    assert_each_update_reads_its_standings_grade(clerk_key)
    latest = latest_in_the_api()
    assert latest[stable_reference(schools.action)][1:] == (
        "2 (On-Track)",
        "On-Track",
        stable_reference(demo_march_2021),
    )
    # 1 c)'s latest round received no update: the grade before stands, as
    # the March 2020 paper printed it (its codes alone).
    march_2020 = review.rounds.get(period=datetime.date(2020, 3, 1))
    assert latest[stable_reference(advocates.action)] == (3, "3", "Slipped", stable_reference(march_2020))
    row = Standing.objects.get(round=demo_march_2021, action=advocates.action)
    assert row.grade is None and row.grade_before.label == "Slipped"


def test_after_the_scale_changes_the_latest_grades_and_updates_read_exactly_as_before(demo, clerk_key, administrator):
    def everything():
        return {
            "open data actions": open_data("actions"),
            "open data updates": open_data("updates"),
            "public actions": api("api_actions"),
            "public updates": api("api_updates"),
            "token actions": api("api_actions", clerk_key),
            "token updates": api("api_updates", clerk_key),
        }

    before = everything()
    assert {row["latest_grade_words"] for row in before["open data actions"]} >= {"1 (Fully Achieved)", "3"}
    GradingScale.make("progress", RAG_PLUS_COMPLETE, by=administrator)
    assert GradingScale.objects.current("progress").version > 1
    after = everything()
    assert after == before


@pytest.fixture
def level_lost(administrator):
    """A review with two published rounds: its action graded 2 (On-Track)
    in March, and 1 in September, but September's update holds what its
    grade meant without the grade itself (its level), as no update
    given through the service does; then the council changes its scale."""
    review = make_review("Level lost")
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    action = make_action(make_recommendation(review))
    make_entry(action, march, grade=2)
    lost = make_entry(action, september, grade=1)
    ProgressEntry.objects.filter(pk=lost.pk).update(level=None)
    write_standing(action)
    GradingScale.make("progress", RAG_PLUS_COMPLETE, by=administrator)
    return {"review": review, "action": action, "march": march, "september": september, "lost": lost}


def test_a_grade_without_its_level_is_not_relabelled_from_the_current_scale(level_lost, clerk_key):
    lost = level_lost["lost"]
    assert ProgressEntry.objects.get(pk=lost.pk).grade == 1  # Complete, on the current scale
    for key in (None, clerk_key):
        (update,) = api("api_updates", key, round=stable_reference(level_lost["september"]))
        assert update["received"] is True and update["assessment_of_progress"] is None
        (action,) = api("api_actions", key, review=stable_reference(level_lost["review"]))
        # The latest grade given as given: March's.
        assert action["latest_grade"] == {
            "grade": 2,
            "meaning": "On track",
            "code": "2",
            "words": "On-Track",
            "label": "2 (On-Track)",
            "round": stable_reference(level_lost["march"]),
            "period": "2020-03",
        }
    (row,) = [row for row in open_data("updates") if row["reference"] == stable_reference(lost)]
    assert row["status"] == "Received" and row["grade"] is row["grade_words"] is row["grade_label"] is None
    (row,) = [row for row in open_data("actions") if row["reference"] == stable_reference(level_lost["action"])]
    assert (row["latest_grade"], row["latest_grade_words"], row["latest_grade_label"]) == (
        2,
        "2 (On-Track)",
        "On-Track",
    )
    assert row["latest_grade_round"] == "March 2020"


def test_an_open_rounds_update_reads_its_own_grade_for_those_who_work_on_it(level_lost, clerk_key):
    """An open round has no standing: the clerk's token reads the update's
    grade as given now; the public reads nothing of it."""
    open_round = make_round(level_lost["review"], 2021, 3, status=Round.Status.OPEN)
    make_entry(level_lost["action"], open_round, grade=2, status=ProgressEntry.Status.APPROVED)
    (update,) = api("api_updates", clerk_key, round=stable_reference(open_round))
    assert update["assessment_of_progress"]["label"] == "Green"  # the current scale's, as given now
    assert api("api_updates", round=stable_reference(open_round)) == []
    (action,) = api("api_actions", clerk_key, review=stable_reference(level_lost["review"]))
    assert action["latest_grade"]["round"] == stable_reference(level_lost["march"])


def test_the_latest_grade_as_at_a_month_and_for_the_public_in_one_query(clerk, django_assert_num_queries):
    review = make_review("As at")
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    actions = [make_action(make_recommendation(review)) for _ in range(3)]
    for action in actions:
        make_entry(action, march, grade=4)
        make_entry(action, september, grade=1)
    first = actions[0]
    with django_assert_num_queries(1):
        latest = Standing.objects.latest_grades(actions)
    assert {row.round for row in latest.values()} == {september}
    assert latest[first.pk].grade.label == "Fully Achieved"
    as_at = Standing.objects.latest_grades([first], as_at=datetime.date(2020, 8, 1))
    assert as_at[first.pk].round == march and as_at[first.pk].grade.label == "Not Achieved"
    assert Standing.objects.latest_grades([first], as_at=datetime.date(2020, 2, 1)) == {}
    # An exempt update is not public: the public's latest grade is the one before.
    first.entries.get(round=september).mark_exempt(7, by=clerk)
    assert Standing.objects.latest_grades([first.pk], public=True)[first.pk].round == march
    assert Standing.objects.latest_grades([first.pk])[first.pk].round == september
    # Nor is an exempt action.
    first.mark_exempt(3, by=clerk)
    assert Standing.objects.latest_grades([first], public=True) == {}
    assert set(Standing.objects.latest_grades(actions, public=True)) == {action.pk for action in actions[1:]}
