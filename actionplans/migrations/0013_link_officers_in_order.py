"""Link officers in the order the plan names them ("Link Officer/s: Neil
Mitchell, Helen Ward"): the plain many-to-many field gets a through model
with a position. The table Django made for the field stays, with its rows
(SeparateDatabaseAndState, as Django's documentation does it); its history
(simple-history's copy of the rows at each change of a review) is renamed
for the new model and keeps its rows too. Link officers already named take
the order the pages showed them in: by name."""

import django.db.models.deletion
from django.db import migrations, models


def order_by_name(apps, schema_editor):
    ReviewLinkOfficer = apps.get_model("actionplans", "ReviewLinkOfficer")
    last_review, position = None, 0
    for place in ReviewLinkOfficer.objects.order_by("review_id", "owner__name", "pk"):
        position = position + 1 if place.review_id == last_review else 0
        last_review = place.review_id
        if place.position != position:
            place.position = position
            place.save(update_fields=["position"])


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0012_forgot_password_limit"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReviewLinkOfficer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="link_officer_places",
                                to="actionplans.owner",
                            ),
                        ),
                        (
                            "review",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="link_officer_places",
                                to="actionplans.review",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "actionplans_review_link_officers",
                        "ordering": ["position", "pk"],
                        "unique_together": {("review", "owner")},
                    },
                ),
                migrations.AlterField(
                    model_name="review",
                    name="link_officers",
                    field=models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"kind": "person"},
                        related_name="linked_reviews",
                        through="actionplans.ReviewLinkOfficer",
                        to="actionplans.owner",
                        verbose_name="link officer/s",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="reviewlinkofficer",
            name="position",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RenameModel(old_name="HistoricalReview_link_officers", new_name="HistoricalReviewLinkOfficer"),
        migrations.AlterModelOptions(
            name="historicalreviewlinkofficer",
            options={"verbose_name": "HistoricalReviewLinkOfficer"},
        ),
        migrations.AddField(
            model_name="historicalreviewlinkofficer",
            name="position",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="historicalreviewlinkofficer",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="actionplans.owner",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreviewlinkofficer",
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
        migrations.RunPython(order_by_name, migrations.RunPython.noop),
    ]
