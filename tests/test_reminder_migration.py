"""The reminders sent before reminders were notifications are kept as
notifications: who was reminded of what, when, and by whom (migration 0034)."""

import datetime

import pytest

from tests import old_installs

BEFORE = [("actionplans", "0032_personal_data_events")]


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_old_reminders_become_sent_notifications_once_a_person_a_day():
    executor = old_installs.back_to(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        User = apps.get_model("auth", "User")
        review = apps.get_model("actionplans", "Review").objects.create(
            committee=apps.get_model("actionplans", "Committee").objects.create(name="Crime and Disorder"),
            title="Hate\nCrime",
            slug="hate-crime-old",
            action_plan_agreed=datetime.date(2019, 3, 1),
        )
        round = apps.get_model("actionplans", "Round").objects.create(
            review=review,
            period=datetime.date(2021, 3, 1),
            deadline=datetime.date(2021, 2, 26),
            meeting_date=datetime.date(2021, 3, 18),
        )
        olu = User.objects.create(username="olu.old", email="olu@example.org")
        carla = User.objects.create(username="carla.old", email="carla@example.org")
        Reminder = apps.get_model("actionplans", "Reminder")
        Reminder.objects.create(round=round, user=olu, sent_at=at(2021, 2, 20, 9), sent_by=carla)
        Reminder.objects.create(round=round, user=olu, sent_at=at(2021, 2, 27, 7), sent_by=None)
        Reminder.objects.create(round=round, user=olu, sent_at=at(2021, 2, 27, 15), sent_by=carla)
        apps.get_model("actionplans", "ResponseReminder").objects.create(
            review=review, user=carla, due=datetime.date(2019, 3, 10), sent_at=at(2019, 3, 12, 7)
        )
    finally:
        # Forward to the latest migration (0035 removes the old models), so that the tests
        # that follow on this worker (the health check's among them) find every
        # migration applied.
        old_installs.forward()

    from actionplans.models import Notification, Round

    rows = Notification.objects.order_by("created_at")
    by = [
        (row.recipient.username, row.kind, row.subject, row.sent_at, getattr(row.sent_by, "username", None))
        for row in rows
    ]
    assert by == [
        ("carla.old", "response_reminder", "Executive response overdue: Hate Crime review", at(2019, 3, 12, 7), None),
        ("olu.old", "update_due", "Progress update due: Hate Crime, March 2021", at(2021, 2, 20, 9), "carla.old"),
        # Two the same day are one, as the event key allows: the later.
        ("olu.old", "update_due", "Progress update overdue: Hate Crime, March 2021", at(2021, 2, 27, 15), "carla.old"),
    ]
    round = Round.objects.get(review__slug="hate-crime-old")
    assert round.last_reminded() == {rows[2].recipient_id: at(2021, 2, 27, 15)}
    assert rows[2].event_key == round.reminder_key(datetime.date(2021, 2, 27))
