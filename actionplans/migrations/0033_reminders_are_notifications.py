"""Reminders become notifications: each Reminder (a round's) and
ResponseReminder (an executive response's) row becomes an outbox row of kind
update_due or response_reminder, already sent, with the event key the
reminders now use (one a person a thing a day) and who sent it; then the two
models go. Their words were not kept, so the rows say so."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

NOT_KEPT = "(Sent before reminders were kept in the outbox: its words were not kept.)\n"


def copy_reminders(apps, schema_editor):
    Notification = apps.get_model("actionplans", "Notification")
    Reminder = apps.get_model("actionplans", "Reminder")
    ResponseReminder = apps.get_model("actionplans", "ResponseReminder")
    rows = {}  # (recipient, event key): the day's last reminder, as the key allows one
    for old in Reminder.objects.select_related("round__review").order_by("sent_at", "pk"):
        day = timezone.localtime(old.sent_at).date()
        round = old.round
        state = "overdue" if day > round.deadline else "due"
        key = f"round-{round.pk}-reminder-{day:%Y-%m-%d}"
        rows[old.user_id, key] = Notification(
            recipient_id=old.user_id,
            kind="update_due",
            event_key=key,
            subject=f"Progress update {state}: {' '.join(round.review.title.split())}, {round.period:%B %Y}"[:250],
            body=NOT_KEPT,
            created_at=old.sent_at,
            sent_at=old.sent_at,
            attempts=1,
            sent_by_id=old.sent_by_id,
        )
    for old in ResponseReminder.objects.select_related("review").order_by("sent_at", "pk"):
        day = timezone.localtime(old.sent_at).date()
        state = "overdue" if day > old.due else "due"
        key = f"review-{old.review_id}-response-reminder-{day:%Y-%m-%d}"
        rows[old.user_id, key] = Notification(
            recipient_id=old.user_id,
            kind="response_reminder",
            event_key=key,
            subject=f"Executive response {state}: {' '.join(old.review.title.split())} review"[:250],
            body=NOT_KEPT,
            created_at=old.sent_at,
            sent_at=old.sent_at,
            attempts=1,
        )
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=500)


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
        migrations.RunPython(copy_reminders, migrations.RunPython.noop),
    ]
