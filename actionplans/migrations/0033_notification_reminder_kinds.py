"""Reminders become notifications: the two reminder kinds, and who had a
notification sent (the clerk who sent a reminder). The rows are copied in
0034 (on PostgreSQL a migration that adds a foreign key's index cannot also
write rows to its table), the old models deleted in 0035."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0032_personal_data_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="sent_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="notifications_caused",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("update_submitted", "An update is submitted for you to check (link officers)"),
                    ("update_returned", "Your update is returned to you, with the link officer's comment"),
                    ("update_approved", "Your update is approved"),
                    ("round_published", "A progress update is published to a committee you sit on"),
                    ("response_due", "An executive response falls due (clerks)"),
                    ("followed", "A review or action you follow changes"),
                    ("digest", "Your daily digest"),
                    ("update_due", "Your progress update is due or overdue (a reminder)"),
                    ("response_reminder", "An executive response is due within a week or overdue (a reminder)"),
                ],
                max_length=30,
            ),
        ),
    ]
