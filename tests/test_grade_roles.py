"""Each grade of a council's scale has a role in the rules (achieved, on
track, at risk, off track, not achieved, not graded), which the grades
given a meaning before roles were converted to by migration 0058; two
grades may share a role and stay two grades; a scale has up to ten; and
how the grades of the version before compare with a new version's is the
administrator's answer, kept with the version."""

import importlib

import pytest

from actionplans import grading
from actionplans.grading import Role
from actionplans.models.council import PARTNERSHIP, PROGRESS, GradingScale, ScaleGrade, current_scale

pytestmark = pytest.mark.django_db

migration = importlib.import_module("actionplans.migrations.0058_grades_have_roles")

# (meaning, proposes a new target, kind of scale, the role it becomes)
CONVERSIONS = [
    (1, False, PROGRESS, Role.ACHIEVED),
    (2, False, PROGRESS, Role.ON_TRACK),
    (3, False, PROGRESS, Role.AT_RISK),
    (3, True, PROGRESS, Role.OFF_TRACK),
    (4, False, PROGRESS, Role.NOT_ACHIEVED),
    (4, True, PROGRESS, Role.NOT_ACHIEVED),
    (0, False, PROGRESS, Role.NOT_GRADED),
    (1, False, PARTNERSHIP, Role.ACHIEVED),
    (2, False, PARTNERSHIP, Role.ON_TRACK),
    (3, False, PARTNERSHIP, Role.AT_RISK),
    (4, False, PARTNERSHIP, Role.OFF_TRACK),  # the RAG's Red
    (0, False, PARTNERSHIP, Role.NOT_GRADED),
]


def grades(*roles: str) -> list[dict]:
    return [{"label": f"Grade {number}", "colour": "grey", "role": role} for number, role in enumerate(roles, start=1)]


@pytest.mark.parametrize(("meaning", "new_target", "kind", "role"), CONVERSIONS)
def test_the_migration_gives_each_old_meaning_its_role(meaning, new_target, kind, role):
    assert migration.role_of(meaning, proposes_new_target=new_target, kind=kind) == role
    # GradingScale.make reads an older caller's meaning by the same rule.
    assert grading.role_of_meaning(meaning, proposes_new_target=new_target, rag=kind == PARTNERSHIP) == role


@pytest.mark.parametrize(("meaning", "new_target", "kind", "role"), CONVERSIONS)
def test_the_migration_s_way_back_gives_each_role_its_old_meaning(meaning, new_target, kind, role):
    assert migration.meaning_of(role, kind=kind) == meaning


def test_the_migration_s_meanings_of_roles_are_the_rules():
    assert migration.ROLE_MEANINGS == grading.ROLE_MEANINGS


def test_each_role_means_to_the_rules_what_it_says_and_queries_find_grades_by_role():
    scale = GradingScale.make(PROGRESS, grades(*Role.values), by=None)
    for grade in ScaleGrade.objects.filter(scale=scale):
        assert grade.meaning == grade.level().meaning == grading.ROLE_MEANINGS[grade.role]
    needing_attention = ScaleGrade.objects.filter(scale=scale, role__in=grading.ATTENTION_ROLES)
    assert sorted(needing_attention.values_list("role", flat=True)) == [Role.AT_RISK, Role.NOT_ACHIEVED, Role.OFF_TRACK]
    proposing = ScaleGrade.objects.filter(scale=scale, role__in=grading.SIGNS_OFF_ROLES)
    assert list(proposing.values_list("role", flat=True)) == [Role.ACHIEVED]
    levels = {level.role: level for level in current_scale()}
    assert levels[Role.ACHIEVED].proposes_sign_off and not levels[Role.ON_TRACK].proposes_sign_off
    assert [role for role, level in levels.items() if level.needs_attention] == [
        Role.AT_RISK,
        Role.OFF_TRACK,
        Role.NOT_ACHIEVED,
    ]
    assert levels[Role.NOT_GRADED].rank is None


def test_a_grade_given_a_meaning_is_made_with_its_role():
    GradingScale.make(
        PROGRESS,
        [
            {"label": "Done", "colour": "green", "meaning": 1},
            {"label": "Late", "colour": "red", "meaning": 3, "proposes_new_target": True},
            {"label": "Wobbly", "colour": "amber", "meaning": 3},
        ],
        by=None,
    )
    assert [level.role for level in current_scale()] == [Role.ACHIEVED, Role.OFF_TRACK, Role.AT_RISK]


def test_a_scale_of_ten_grades_is_made_and_an_eleventh_grade_is_refused():
    ten = grades(Role.ACHIEVED, *[Role.ON_TRACK] * 9)
    GradingScale.make(PROGRESS, ten, by=None)
    assert len(current_scale()) == 10
    with pytest.raises(ValueError, match=r"A scale has 2 to 10 grades, not 11\."):
        GradingScale.make(PROGRESS, [*ten, {"label": "Eleventh", "colour": "grey", "role": Role.AT_RISK}], by=None)
    assert len(current_scale()) == 10


def test_two_grades_sharing_a_role_are_two_grades():
    scale = GradingScale.make(
        PROGRESS,
        [
            {"label": "Complete", "colour": "blue", "role": Role.ACHIEVED},
            {"label": "Minor slippage", "colour": "amber", "role": Role.AT_RISK},
            {"label": "Major slippage", "colour": "red", "role": Role.AT_RISK},
        ],
        by=None,
    )
    minor, major = (grade for grade in scale.grades.all() if grade.role == Role.AT_RISK)
    assert (minor.label, major.label) == ("Minor slippage", "Major slippage")
    assert minor.pk != major.pk and minor.level() != major.level()


def test_a_scale_needs_an_achieved_grade_and_one_of_work_still_going():
    with pytest.raises(ValueError, match="One grade must have the role achieved"):
        GradingScale.make(PROGRESS, grades(Role.ON_TRACK, Role.AT_RISK), by=None)
    with pytest.raises(ValueError, match="At least one grade must have the role on track, at risk, off track"):
        GradingScale.make(PROGRESS, grades(Role.ACHIEVED, Role.NOT_GRADED), by=None)
    with pytest.raises(ValueError, match="Choose the role in the rules of every grade"):
        GradingScale.make(PROGRESS, grades(Role.ACHIEVED, "sort_of"), by=None)


def test_the_administrator_s_comparisons_are_kept_with_the_version_and_the_rest_compare_by_default():
    fully_achieved, on_track, slipped, not_achieved = current_scale()
    scale = GradingScale.make(
        PROGRESS,
        [
            {"label": "Complete", "colour": "blue", "role": Role.ACHIEVED},
            {"label": "Green", "colour": "green", "role": Role.ON_TRACK},
            {"label": "Amber", "colour": "amber", "role": Role.AT_RISK},
            {"label": "Red", "colour": "red", "role": Role.OFF_TRACK},
        ],
        by=None,
        compares={slipped.id: 4, not_achieved.id: 4},
    )
    complete, green, _amber, red = scale.grades.all()
    assert scale.compares == {
        str(fully_achieved.id): complete.pk,  # by default: the first of the same meaning
        str(on_track.id): green.pk,
        str(slipped.id): red.pk,  # the administrator's answers
        str(not_achieved.id): red.pk,
    }


def test_the_partnership_scale_s_red_is_off_track_and_stores_the_rag_red():
    complete, green, amber, red = current_scale(PARTNERSHIP)
    assert [level.role for level in (complete, green, amber, red)] == [
        Role.ACHIEVED,
        Role.ON_TRACK,
        Role.AT_RISK,
        Role.OFF_TRACK,
    ]
    assert [level.rag for level in (complete, green, amber, red)] == ["complete", "green", "amber", "red"]
