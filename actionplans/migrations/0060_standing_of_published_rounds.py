"""Every published round of an existing install gets its standing
(models/standing.py), as the rules make it: each grade as it was given (the
grade the round's stored documents print), and each earlier version of the
scale its comparisons with the next (GradingScale.compares), by label or
else by meaning, as an administrator would have answered.

The standing is worked out (since issue 71 once every migration has run:
models.standing.write_missing_standing) by the application's own rules, which live in
Python beside their models and cannot be run on the migration's historical
models: this migration calls them, as they stand when it runs. It is the
first and only migration of the standing table's rows; `manage.py
check_standing` then finds nothing to put right."""

from django.db import migrations


def compare_earlier_versions(apps, schema_editor):
    from actionplans.models.council import _comparisons

    GradingScale = apps.get_model("actionplans", "GradingScale")
    ScaleGrade = apps.get_model("actionplans", "ScaleGrade")
    for kind in GradingScale.objects.values_list("kind", flat=True).distinct():
        versions = list(GradingScale.objects.filter(kind=kind).order_by("version"))
        for earlier, later in zip(versions, versions[1:], strict=False):
            if later.compares:
                continue
            later.compares = _comparisons(_levels(ScaleGrade, earlier), _levels(ScaleGrade, later), {}, {})
            later.save(update_fields=["compares"])


def _levels(ScaleGrade, scale):
    from actionplans.models.council import ScaleLevel

    return [
        ScaleLevel(
            id=grade.pk,
            position=grade.position,
            code=grade.code,
            label=grade.label,
            description=grade.description,
            colour=grade.colour,
            role=grade.role,
            needs_explanation=grade.needs_explanation,
            proposes_new_target=grade.proposes_new_target,
            prints=grade.prints,
            scale=scale.pk,
        )
        for grade in ScaleGrade.objects.filter(scale=scale).order_by("position")
    ]


def write_standing(apps, schema_editor):
    """Written once every migration has run, where none is stored
    (models.standing.write_missing_standing, after migrate): the rules run
    on the application's models, whose columns later migrations add."""


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0058_grades_have_roles"),
    ]

    operations = [
        migrations.RunPython(compare_earlier_versions, migrations.RunPython.noop),
        migrations.RunPython(write_standing, migrations.RunPython.noop),
    ]
