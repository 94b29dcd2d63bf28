"""The tests start from a snapshot of the demo council rather than loading
it each time (tests/demo_snapshot.py): what they get must be exactly what
load_demo writes, or every test built on it proves less than it says."""

import shutil
from collections import Counter

from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.db import transaction

from actionplans.demo import load_demo
from actionplans.models import Review
from tests.demo_snapshot import DemoSnapshots, _state, _tables, _translate


def rolled_back():
    """The rows of a load rolled back are gone; the files it stored (its
    rounds' public copies) stay, named by no row: cleared, as each test's
    published storage starts empty."""
    shutil.rmtree(storages["published"].location, ignore_errors=True)


def test_the_snapshot_puts_back_exactly_the_rows_load_demo_wrote(db):
    snapshots = DemoSnapshots()
    with transaction.atomic():
        loaded = snapshots.load(load_demo)
        _, real = _state()
        transaction.set_rollback(True)
    rolled_back()
    assert Review.objects.count() == 0
    with transaction.atomic():
        restored = snapshots.load(load_demo)
        _, put_back = _state()
        transaction.set_rollback(True)
    assert restored == loaded and restored.title == loaded.title
    assert sum(len(rows) for rows in real.values()) > 1000
    # The same rows, in whatever order the database returns them.
    assert {t: Counter(rows) for t, rows in put_back.items()} == {t: Counter(rows) for t, rows in real.items()}


def test_a_different_starting_state_gets_a_real_load(db):
    """A row the snapshot did not start from (here a user made first) could
    collide with the snapshot's ids: the demo is loaded for real."""
    from tests.factories import make_user

    snapshots = DemoSnapshots()
    with transaction.atomic():
        snapshots.load(load_demo)
        transaction.set_rollback(True)
    rolled_back()
    make_user("first.in")
    snapshots.load(load_demo)
    assert len(snapshots._kept) == 2


LOADS = []


def counted_load_demo():
    LOADS.append(1)
    return load_demo()


def test_after_a_flush_the_demo_is_put_back_not_loaded_again(transactional_db):
    """A browser test's flush empties every table and makes the council's
    first terms again, under new ids and times: the next test's demo is
    still put back from the snapshot, row for row as a real load leaves it."""
    from django.core.management import call_command

    snapshots = DemoSnapshots()
    LOADS.clear()
    loaded = snapshots.load(counted_load_demo)
    real = natural_rows()
    groups = set(Group.objects.values_list("pk", flat=True))
    # As a transactional test's teardown flushes: the ids go on counting.
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert not groups & set(Group.objects.values_list("pk", flat=True))
    rolled_back()
    assert Review.objects.count() == 0
    restored = snapshots.load(counted_load_demo)
    assert len(LOADS) == 1, "the demo was loaded again after the flush"
    assert restored == loaded and restored.title == loaded.title
    # The first terms as the load left them, and every other row, those
    # pointing at a content type, permission or group at its new id.
    assert natural_rows() == real
    snapshots.close()


def natural_rows() -> dict:
    """Every table's rows, a content type, permission or group they point
    at named by its natural key rather than its id (a flush renews those)."""
    references, rows = _state()
    named = {}
    for table, (_, columns, remapped) in _tables().items():
        positions = [(columns.index(column), kind) for column, kind in remapped.items()]
        named[table] = Counter(_translate(row, positions, references.natural) for row in rows[table])
    return named
