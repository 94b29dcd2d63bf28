"""A grade keeps its identity through the versions of its scale (issue 71):
each ScaleGrade names the grade it is (`identity`: the grade of the version
where it was first made), and each version says what every grade of the
version before became (`becomes`: the grade it is now, or null: removed).

Installs made before had no such answer: a grade of a version is taken to
be the grade of the version before with the same number or code and the
same label (as the committee's figures already counted them as one, and
whatever its colour: recolouring keeps a grade); any other is new, and a
grade of the version before that no grade continues was removed.

A migration of its own, after 0070's columns: PostgreSQL will not make a
new column's index in the transaction that has just written its rows."""

from django.db import migrations


def give_identities(apps, schema_editor):
    GradingScale = apps.get_model("actionplans", "GradingScale")
    ScaleGrade = apps.get_model("actionplans", "ScaleGrade")
    for kind in GradingScale.objects.values_list("kind", flat=True).distinct():
        before = []
        for version in GradingScale.objects.filter(kind=kind).order_by("version"):
            grades = list(ScaleGrade.objects.filter(scale=version).order_by("position"))
            same = {(grade.code, grade.label.casefold()): grade for grade in before}
            becomes = {str(grade.pk): None for grade in before}
            for grade in grades:
                kept = same.pop((grade.code, grade.label.casefold()), None)
                grade.identity_id = kept.identity_id if kept is not None else grade.pk
                if kept is not None:
                    becomes[str(kept.pk)] = grade.pk
                grade.save(update_fields=["identity"])
            if before:
                version.becomes = becomes
                version.save(update_fields=["becomes"])
            before = grades


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0070_grades_keep_their_identity"),
    ]

    operations = [
        migrations.RunPython(give_identities, migrations.RunPython.noop),
    ]
