"""The test database as an install made before a migration of the tests'
choosing: the migration tests build an old install's rows on it, then
migrate it forward as `manage.py migrate` would.

The test database was made by the squashed migration (0001_squashed_0069,
issue 58), and Django records the migrations it replaces as applied beside
it. An install made before the squash never had it recorded, so it is
forgotten first: taken back, the old migrations' states are then built from
the old migrations alone, and going forward Django takes the old ones and
records the squashed one again once they are all applied."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

SQUASHED = ("actionplans", "0001_squashed_0069_emailed_replies")


def back_to(before: list[tuple[str, str]]) -> MigrationExecutor:
    """Migrates the test database back to `before`; the executor, whose
    loader gives the old install's models (`project_state(before).apps`).
    The migrations after the squashed one are taken back first, while it is
    still recorded: Django's plan back to a migration it replaces leaves
    out the squashed migration's children."""
    MigrationExecutor(connection).migrate([SQUASHED])
    MigrationRecorder(connection).record_unapplied(*SQUASHED)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    return executor


def forward() -> None:
    """Migrates the test database forward to the latest migrations."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
