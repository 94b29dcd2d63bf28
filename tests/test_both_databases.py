"""The list of tests CI runs on both databases names test modules that are
there: a module renamed would otherwise drop out of the SQLite run unseen."""

from pathlib import Path

import pytest

from tests.both_databases import BOTH_DATABASES

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("name", sorted(BOTH_DATABASES))
def test_each_module_run_on_both_databases_is_there(name):
    assert (TESTS / f"test_{name}.py").is_file()
