"""An install from before the standing was stored (migration 0056) comes
over whole: each grade gets its role (0058), each later version of the
scale says how the earlier one's grades compare with its own, by label,
else by meaning (0060), and every round published so far gets its standing
as the rules make it (once migrate has run every migration): each action it carried, its grade as given,
the grade before and the movement, the committee's published decision;
`manage.py check_standing` then finds nothing to put right."""

import datetime

import pytest
from django.core.management import call_command

from tests import old_installs

BEFORE = [("actionplans", "0056_amber_grade_colour")]

# Grades as they were before roles: (code, label, colour, meaning, proposes a new target).
OLD_SCALE = [
    ("1", "Fully Achieved", "green", 1, False),
    ("2", "On-Track", "blue", 2, False),
    ("3", "Slipped", "orange", 3, True),
    ("4", "Not Achieved", "red", 4, False),
]
# Its second version: Fully Achieved renamed (compared by meaning), the
# others kept by label, an Amber added that means what Slipped meant (so
# Slipped is compared by its label, not with the first grade of its
# meaning) and a Not started that grades nothing.
NEW_SCALE = [
    ("C", "Complete", "blue", 1, False),
    ("2", "On-Track", "green", 2, False),
    ("A", "Amber", "amber", 3, False),
    ("3", "Slipped", "orange", 3, True),
    ("4", "Not Achieved", "red", 4, False),
    ("N", "Not started", "grey", 0, False),
]


def make_scale(model, version: int, grades) -> dict:
    scale = model("GradingScale").objects.create(kind="progress", version=version)
    return {
        label: model("ScaleGrade").objects.create(
            scale=scale,
            position=position,
            code=code,
            label=label,
            colour=colour,
            meaning=meaning,
            proposes_new_target=new_target,
            needs_explanation=meaning in (3, 4),
        )
        for position, (code, label, colour, meaning, new_target) in enumerate(grades, start=1)
    }


def published_round(model, review, month: int):
    return model("Round").objects.create(
        review=review,
        period=datetime.date(2020, month, 1),
        deadline=datetime.date(2020, month, 1) - datetime.timedelta(days=14),
        meeting_date=datetime.date(2020, month, 20),
        status="published",
    )


def build_old_install(model) -> dict:
    """A review with two published rounds: March graded under the old
    scale, its decisions published (A signed off, B kept open); September
    graded under the second version, C's update left out (a draft), E's
    March update never approved."""
    versions = model("GradingScale").objects.filter(kind="progress").order_by("-version")
    last = versions.values_list("version", flat=True).first() or 0
    old, new = make_scale(model, last + 1, OLD_SCALE), make_scale(model, last + 2, NEW_SCALE)
    review = model("Review").objects.create(
        committee=model("Committee").objects.create(name="Crime and Disorder", slug="crime-and-disorder-old"),
        title="Hate Crime",
        slug="hate-crime-old",
        action_plan_agreed=datetime.date(2019, 3, 1),
    )
    rec = model("Recommendation").objects.create(review=review, number=1, text="That the council act.")
    actions = {
        name: model("Action").objects.create(
            recommendation=rec, strand=f"Strand {name}", position=n, target_month=datetime.date(2020, 10, 1)
        )
        for n, name in enumerate("ABCDE")
    }
    march, september = (published_round(model, review, month) for month in (3, 9))
    march.decisions_published_at = datetime.datetime(2020, 3, 25, tzinfo=datetime.UTC)
    march.save()
    graded = [
        (march, "A", old["Fully Achieved"], "approved"),
        (march, "B", old["Slipped"], "approved"),
        (march, "C", old["On-Track"], "approved"),
        (march, "D", old["On-Track"], "approved"),
        (march, "E", old["On-Track"], "submitted"),
        (september, "B", new["On-Track"], "approved"),
        (september, "C", new["Amber"], "draft"),
        (september, "D", new["Amber"], "approved"),
        (september, "E", new["Complete"], "approved"),
    ]
    entries = {}
    for round, name, grade, status in graded:
        entries[round.period.month, name] = model("ProgressEntry").objects.create(
            action=actions[name], round=round, grade=grade.meaning, level=grade, status=status
        )
    for name, decision in (("A", "signed_off"), ("B", "kept_open")):
        model("CommitteeDecision").objects.create(
            action=actions[name], round=march, decision=decision, meeting_date=march.meeting_date
        )
    return {
        "old": {label: grade.pk for label, grade in old.items()},
        "new": {label: grade.pk for label, grade in new.items()},
        "actions": {name: action.pk for name, action in actions.items()},
        "rounds": {"march": march.pk, "september": september.pk},
        "entries": {key: entry.pk for key, entry in entries.items()},
    }


@pytest.mark.django_db(transaction=True)
def test_an_install_from_before_the_standing_gets_its_roles_comparisons_and_standing():
    executor = old_installs.back_to(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        built = build_old_install(lambda name: apps.get_model("actionplans", name))
    finally:
        old_installs.forward()
    # As `manage.py migrate` ends: the standing is written once every
    # migration has run (models.standing.write_missing_standing).
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    from actionplans.models import GradingScale, ScaleGrade, Standing

    old, new = built["old"], built["new"]
    roles = dict(ScaleGrade.objects.filter(pk__in=[*old.values(), *new.values()]).values_list("pk", "role"))
    assert [roles[old[label]] for label in old] == ["achieved", "on_track", "off_track", "not_achieved"]
    assert [roles[new[label]] for label in new] == [
        "achieved", "on_track", "at_risk", "off_track", "not_achieved", "not_graded",
    ]  # fmt: skip
    second = GradingScale.objects.get(grades=new["Complete"])
    assert second.compares == {
        str(old["Fully Achieved"]): new["Complete"],  # by meaning: no grade of its label
        str(old["On-Track"]): new["On-Track"],
        str(old["Slipped"]): new["Slipped"],  # by label, not Amber, the first of its meaning
        str(old["Not Achieved"]): new["Not Achieved"],
    }

    actions, rounds, entries = built["actions"], built["rounds"], built["entries"]
    stored = {
        (row.round_id, row.action_id): (row.entry_id, row.grade_id, row.grade_before_id, row.movement, row.decision)
        for row in Standing.objects.filter(round__in=rounds.values())
    }
    march, september = rounds["march"], rounds["september"]
    assert stored == {
        (march, actions["A"]): (entries[3, "A"], old["Fully Achieved"], None, "first", "signed_off"),
        (march, actions["B"]): (entries[3, "B"], old["Slipped"], None, "first", "kept_open"),
        (march, actions["C"]): (entries[3, "C"], old["On-Track"], None, "first", ""),
        (march, actions["D"]): (entries[3, "D"], old["On-Track"], None, "first", ""),
        (march, actions["E"]): (entries[3, "E"], None, None, "no_update", ""),  # never approved
        # A was signed off in March: September does not carry it.
        (september, actions["B"]): (entries[9, "B"], new["On-Track"], old["Slipped"], "improved", ""),
        (september, actions["C"]): (entries[9, "C"], None, old["On-Track"], "no_update", ""),  # left out
        (september, actions["D"]): (entries[9, "D"], new["Amber"], old["On-Track"], "worse", ""),
        (september, actions["E"]): (entries[9, "E"], new["Complete"], None, "first", ""),
    }
    row = Standing.objects.get(round=march, action=actions["A"])
    assert (row.target, row.target_month) == ("October 2020", datetime.date(2020, 10, 1))
    assert row.history.get().history_type == "+"
    call_command("check_standing")
