from django.db import migrations


class Migration(migrations.Migration):
    """The committee's decisions (CommitteeDecision) replace the action's own
    monitoring fields, once 0018 has recorded what they said."""

    dependencies = [
        ("actionplans", "0020_decisions_from_earlier_rule"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action",
            name="closed_action_names_its_round",
        ),
        migrations.RemoveField(
            model_name="action",
            name="closed_at",
        ),
        migrations.RemoveField(
            model_name="action",
            name="closed_reason",
        ),
        migrations.RemoveField(
            model_name="action",
            name="monitoring",
        ),
        migrations.RemoveField(
            model_name="historicalaction",
            name="closed_at",
        ),
        migrations.RemoveField(
            model_name="historicalaction",
            name="closed_reason",
        ),
        migrations.RemoveField(
            model_name="historicalaction",
            name="monitoring",
        ),
    ]
