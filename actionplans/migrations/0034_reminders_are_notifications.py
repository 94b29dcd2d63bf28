"""Reminders become notifications: each Reminder (a round's) and
ResponseReminder (an executive response's) row becomes an outbox row of kind
update_due or response_reminder, already sent, with the event key the
reminders now use (one a person a thing a day) and who sent it; 0035 then
removes the two models. Their words were not kept, so the rows say so."""

from django.db import migrations
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
        ("actionplans", "0033_notification_reminder_kinds"),
    ]

    operations = [
        migrations.RunPython(copy_reminders, migrations.RunPython.noop),
    ]
