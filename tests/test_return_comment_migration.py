"""The link officers' return comments from before updates had conversations
become the first comments of each update's conversation, one for each time
it was returned, by whoever returned it and when (migration 0047)."""

import datetime

import pytest

from tests import old_installs

BEFORE = [("actionplans", "0047_update_comments")]


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.mark.long
@pytest.mark.django_db(transaction=True)
def test_each_return_in_an_updates_history_becomes_a_comment_by_who_returned_it():
    executor = old_installs.back_to(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        model = lambda name: apps.get_model("actionplans", name)  # noqa: E731
        User = apps.get_model("auth", "User")
        lin = User.objects.create(username="lin.old", first_name="Lin")
        olu = User.objects.create(username="olu.old", first_name="Olu")
        review = model("Review").objects.create(
            committee=model("Committee").objects.create(name="Crime and Disorder"),
            title="Hate Crime",
            slug="hate-crime-old",
            action_plan_agreed=datetime.date(2019, 3, 1),
        )
        rec = model("Recommendation").objects.create(review=review, number=1, text="That it be done.")
        action = model("Action").objects.create(recommendation=rec, agreed_action="Do it.")
        round = model("Round").objects.create(
            review=review,
            period=datetime.date(2021, 3, 1),
            deadline=datetime.date(2021, 2, 26),
            meeting_date=datetime.date(2021, 3, 18),
        )
        entry = model("ProgressEntry").objects.create(
            action=action, round=round, status="returned", return_comment="Add the police's figures."
        )
        History = model("HistoricalProgressEntry")
        for when, status, comment, user in [
            (at(2021, 2, 1), "submitted", "", olu),
            (at(2021, 2, 2), "returned", "Say which schools.", lin),
            (at(2021, 2, 3), "returned", "Say which schools.", lin),  # saved again while returned: one return
            (at(2021, 2, 4), "submitted", "Say which schools.", olu),
            (at(2021, 2, 5), "returned", "Add the police's figures.", lin),
        ]:
            History.objects.create(
                id=entry.pk,
                action_id=action.pk,
                round_id=round.pk,
                status=status,
                return_comment=comment,
                history_date=when,
                history_type="~",
                history_user=user,
            )
    finally:
        old_installs.forward()

    from actionplans.models import ProgressEntry

    thread = ProgressEntry.objects.get(pk=entry.pk).thread()
    assert [(c.text, c.author.username, c.created_at, c.is_return) for c in thread] == [
        ("Say which schools.", "lin.old", at(2021, 2, 2), True),
        ("Add the police's figures.", "lin.old", at(2021, 2, 5), True),
    ]
    (record,) = thread[0].history.all()
    assert record.history_user.username == "lin.old" and record.history_date == at(2021, 2, 2)
