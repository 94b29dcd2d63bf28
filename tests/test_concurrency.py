"""Many officers saving at once: no save refused by the database, none lost.

These run on the suite's database as configured in scrutiny/settings.py: on
SQLite that is a file (the test database is a file too, so that each thread
opens its own connection, as gunicorn's workers do), on PostgreSQL the
server. With SQLite's defaults (deferred transactions, a 5-second timeout, a
rollback journal) most of these saves fail with "database is locked".
"""

import threading

import pytest
from django.db import connection, connections

from actionplans import roles
from actionplans.models import ProgressEntry, Round
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round, make_user

WRITERS = 20
SAVES_EACH = 20


def _officers_with_their_own_entries(count):
    review = make_review()
    round = make_round(review, year=2020, month=9, status=Round.Status.OPEN)
    cast = []
    for n in range(count):
        user = make_user(f"writer{n}", roles.OFFICER)
        owner = make_owner(f"Writer {n}", user=user)
        action = make_action(make_recommendation(review), owners=[owner])
        entry = make_entry(
            action, round, grade=None, evidence="", status=ProgressEntry.Status.NOT_STARTED, owners=[owner]
        )
        cast.append((user, entry))
    return cast


def _save_at_once(cast, saves_each):
    """Each officer, in a thread of their own, reads their update and saves a
    draft of it `saves_each` times, all starting together. Returns the
    errors raised."""
    errors = []
    start = threading.Barrier(len(cast))

    def officer_saving(user, pk):
        try:
            start.wait(timeout=30)
            for n in range(1, saves_each + 1):
                entry = ProgressEntry.objects.get(pk=pk)
                entry.save_update(
                    by=user,
                    version=entry.version,
                    submit=False,
                    evidence_of_progress=f"Draft {n} by {user.username}.",
                    grade=2,
                )
        except Exception as error:  # any failure is what this test counts
            errors.append(f"{user.username}: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer_saving, args=(user, entry.pk)) for user, entry in cast]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return errors


def test_the_suite_writes_to_a_real_database_shared_between_threads(db):
    # Otherwise the test below would prove nothing about production.
    assert connection.vendor == "postgresql" or not connection.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_twenty_officers_saving_at_once_lose_nothing_and_see_no_error():
    cast = _officers_with_their_own_entries(WRITERS)

    errors = _save_at_once(cast, SAVES_EACH)

    assert errors == []
    for user, entry in cast:
        entry.refresh_from_db()
        assert entry.version == SAVES_EACH
        assert entry.evidence_of_progress == f"Draft {SAVES_EACH} by {user.username}."
        assert entry.status == ProgressEntry.Status.DRAFT
        saves = entry.history.filter(history_type="~")
        assert saves.count() == SAVES_EACH
        assert {record.history_user_id for record in saves} == {user.pk}
