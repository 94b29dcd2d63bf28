"""The migrations up to 0069 made one (issue 58): a new install makes its
tables in one step, and an install made before keeps its way forward."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from tests.old_installs import SQUASHED

LAST_REPLACED = ("actionplans", "0069_emailed_replies")


def models_at(loader: MigrationLoader, node) -> dict:
    state = loader.project_state(node)
    return {key: model for key, model in state.models.items() if key[0] == "actionplans"}


def test_the_squashed_migration_leaves_the_models_as_the_old_ones_did():
    old = models_at(MigrationLoader(None, replace_migrations=False), LAST_REPLACED)
    new = models_at(MigrationLoader(None, replace_migrations=False), SQUASHED)
    assert sorted(new) == sorted(old)
    for key, model in new.items():
        assert model == old[key], key
        for option in ("indexes", "constraints"):
            assert sorted(map(repr, model.options.get(option, []))) == sorted(
                map(repr, old[key].options.get(option, []))
            ), (key, option)


def test_a_new_install_takes_the_squashed_migration_alone():
    loader = MigrationLoader(None)
    assert SQUASHED in loader.graph.nodes
    assert LAST_REPLACED not in loader.graph.nodes
    assert len(loader.disk_migrations[SQUASHED].replaces) == 68


@pytest.mark.django_db(transaction=True)
def test_an_install_migrated_before_the_squash_has_nothing_to_do_and_records_it():
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied(*SQUASHED)
    assert SQUASHED not in recorder.applied_migrations()

    call_command("migrate", verbosity=0)

    assert SQUASHED in recorder.applied_migrations()
    assert LAST_REPLACED in recorder.applied_migrations()
