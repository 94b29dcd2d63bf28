"""A grade keeps its identity through the versions of its scale (issue 71):
each ScaleGrade names the grade it is (`identity`: the grade of the version
where it was first made), and each version says what every grade of the
version before became (`becomes`: the grade it is now, or null: removed).
The columns; migration 0071 gives an existing install's grades theirs."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0001_squashed_0069_emailed_replies"),
    ]

    operations = [
        migrations.AddField(
            model_name="gradingscale",
            name="becomes",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="historicalgradingscale",
            name="becomes",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="scalegrade",
            name="identity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="actionplans.scalegrade",
            ),
        ),
    ]
