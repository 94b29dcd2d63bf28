"""Each grade of a scale has a role in the rules (grading.Role) where it had
a meaning: 1 achieved, 2 on track, 3 off track where the grade proposes a
new target (as Slipped) and else at risk, 4 not achieved (off track on the
partnership plans' RAG scale, whose 4 was Red), 0 not graded. What a role
means to the rules is the rules' own concern (grading.ROLE_MEANINGS), in
Python. Grades have no history table of their own: a grade's row is never
changed once made, and this is the one change.

It runs before 0060, which works out the standing of the rounds published
so far with the application's own models, as they read grades now: by
their roles. The rule is a copy, not an import of grading.role_of_meaning,
so that this migration does tomorrow what it did today whatever that
becomes (tests/test_grade_roles.py holds the two to the same answers)."""

from django.db import migrations, models

ROLES = [
    ("achieved", "Achieved: done, the officer proposes it for sign-off (as Fully Achieved, or Complete)"),
    ("on_track", "On track: still going as planned (as On-Track, or Green)"),
    ("at_risk", "At risk: still going, with some delay; the committee's attention is drawn to it (as Amber)"),
    (
        "off_track",
        "Off track: still going but slipped, not finished; the committee's attention is drawn to it "
        "(as Slipped, or a Red that means off track)",
    ),
    (
        "not_achieved",
        "Not achieved: it will not be achieved as agreed; the committee's attention is drawn to it (as Not Achieved)",
    ),
    ("not_graded", "Not graded: the rules count it as no grade (as Not started, or Not yet due)"),
]
MEANINGS = [
    (1, "Achieved"),
    (2, "On track"),
    (3, "At risk or slipped"),
    (4, "Not achieved"),
    (0, "Not started, or no grade"),
]
ROLE_MEANINGS = {"achieved": 1, "on_track": 2, "at_risk": 3, "off_track": 3, "not_achieved": 4, "not_graded": 0}


def role_of(meaning: int, *, proposes_new_target: bool, kind: str) -> str:
    """The role of a grade of `kind`'s scale that had `meaning`."""
    if meaning == 3:
        return "off_track" if proposes_new_target else "at_risk"
    if meaning == 4:
        return "off_track" if kind == "partnership" else "not_achieved"
    return {1: "achieved", 2: "on_track"}.get(meaning, "not_graded")


def meaning_of(role: str, *, kind: str) -> int:
    """The meaning a grade of `role` had (the way back)."""
    if role == "off_track" and kind == "partnership":
        return 4
    return ROLE_MEANINGS.get(role, 0)


def roles_from_meanings(apps, schema_editor):
    ScaleGrade = apps.get_model("actionplans", "ScaleGrade")
    for grade in ScaleGrade.objects.select_related("scale").order_by("pk"):
        grade.role = role_of(grade.meaning, proposes_new_target=grade.proposes_new_target, kind=grade.scale.kind)
        grade.save(update_fields=["role"])


def meanings_from_roles(apps, schema_editor):
    ScaleGrade = apps.get_model("actionplans", "ScaleGrade")
    for grade in ScaleGrade.objects.select_related("scale").order_by("pk"):
        grade.meaning = meaning_of(grade.role, kind=grade.scale.kind)
        grade.save(update_fields=["meaning"])


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0057_published_standing"),
    ]

    operations = [
        migrations.AddField(
            model_name="scalegrade",
            name="role",
            field=models.CharField(
                choices=ROLES,
                default="not_graded",
                help_text="Its role in the rules: only an achieved grade proposes sign-off.",
                max_length=20,
            ),
            preserve_default=False,
        ),
        # A default, so that the way back may add the column again to the
        # rows there are before it fills it.
        migrations.AlterField(
            model_name="scalegrade",
            name="meaning",
            field=models.PositiveSmallIntegerField(choices=MEANINGS, default=0),
        ),
        migrations.RunPython(roles_from_meanings, meanings_from_roles),
        migrations.RemoveField(
            model_name="scalegrade",
            name="meaning",
        ),
    ]
