"""The reminders are notifications now (0034 copied their rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0034_reminders_are_notifications"),
    ]

    operations = [
        migrations.DeleteModel(name="Reminder"),
        migrations.DeleteModel(name="ResponseReminder"),
    ]
