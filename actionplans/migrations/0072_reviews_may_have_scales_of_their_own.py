"""A review may grade on a scale of its own (issue 71): the words its
papers brought in, leaving the council's scale, and every other review's,
as they are (GradingScale.review). The council's versions are those of
no review; each review's own are numbered from 1."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0071_grades_given_their_identities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="gradingscale",
            name="one_scale_version_per_kind",
        ),
        migrations.AddField(
            model_name="gradingscale",
            name="review",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="own_scales",
                to="actionplans.review",
            ),
        ),
        migrations.AddField(
            model_name="historicalgradingscale",
            name="review",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="actionplans.review",
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.UniqueConstraint(
                condition=models.Q(("review", None)), fields=("kind", "version"), name="one_scale_version_per_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.UniqueConstraint(
                condition=models.Q(("review__isnull", False)),
                fields=("kind", "review", "version"),
                name="one_own_scale_version_per_review",
            ),
        ),
    ]
