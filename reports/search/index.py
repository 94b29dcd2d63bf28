"""The indexes search reads (reports/search/query.py), per database.

What is searched is the text of four tables, as it stands: a review's
title, a recommendation's text, an action's Agreed Action, Agreed Success
Measure and strand, and an update's Evidence of Progress, explanation of
its grade and Evidence of Impact. Every write still goes through the
models' verbs; the database keeps the indexes current by itself:

- PostgreSQL: a GIN index on each table's `to_tsvector('english', ...)`
  expression, the very expression reports/search/query.py filters on (so the
  planner uses it). Nothing to keep current: PostgreSQL maintains it.
- SQLite: an FTS5 table per source table, an "external content" index of
  it (the text stays in the source table only), kept current by triggers
  on the source table for insert, update of the searched columns, and
  delete.

SQLite rebuilds a table to alter it (Django's schema editor copies it into
a new table and drops the old one), and dropping a table drops its
triggers: so this is checked after every `migrate` (reports/apps.py), and
whatever is missing is created again and the index rebuilt from the table.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector

# The search configuration of both databases: English words, stemmed
# ("portals" finds "portal"), accents ignored.
POSTGRES_CONFIG = "english"
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"

# model name -> (source table, searched columns, SQLite FTS5 table)
SOURCES = {
    "review": ("actionplans_review", ("title",), "search_review"),
    "recommendation": ("actionplans_recommendation", ("text",), "search_recommendation"),
    "action": ("actionplans_action", ("agreed_action", "success_measure", "strand"), "search_action"),
    "progressentry": (
        "actionplans_progressentry",
        ("evidence_of_progress", "grade_explanation", "evidence_of_impact"),
        "search_evidence",
    ),
}


def document(model_name: str) -> SearchVector:
    """What PostgreSQL searches of a model: its columns as one English
    tsvector. Its index and the search's filter are this same expression."""
    return SearchVector(*SOURCES[model_name][1], config=POSTGRES_CONFIG)


def _index_name(model_name: str) -> str:
    return f"search_{model_name}_gin"


def ensure(connection, apps=None, editor=None) -> None:
    """Create whatever of the search indexes is missing on `connection`
    (with `apps` and `editor`, a migration's models and schema editor)."""
    if connection.vendor == "sqlite":
        _ensure_sqlite(connection)
    elif connection.vendor == "postgresql":
        _ensure_postgres(connection, apps, editor)


def drop(connection) -> None:
    """Remove the search indexes (the migration's reverse)."""
    with connection.cursor() as cursor:
        for model_name, (_, _, fts) in SOURCES.items():
            if connection.vendor == "sqlite":
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP INDEX IF EXISTS {_index_name(model_name)}")


def _sqlite_statements(table: str, columns: tuple[str, ...], fts: str) -> tuple[str, dict[str, str]]:
    """The FTS5 table over `table`'s `columns`, and its three triggers by name."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({names}, content='{table}', content_rowid='id', "
        f"tokenize='{SQLITE_TOKENIZER}')"
    )
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    triggers = {
        f"{fts}_ai": f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"{fts}_ad": f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        # Only when a searched column is written: a change of status alone
        # (update_fields) leaves the index as it is.
        f"{fts}_au": f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    }
    return create, triggers


def _ensure_sqlite(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for table, columns, fts in SOURCES.values():
            if table not in present:
                continue
            create, triggers = _sqlite_statements(table, columns, fts)
            missing = [name for name in triggers if name not in present]
            if fts in present and not missing:
                continue
            cursor.execute(create)
            for name in missing:
                cursor.execute(triggers[name])
            # Whatever was written while a trigger was missing is read again
            # from the table.
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _ensure_postgres(connection, apps, editor) -> None:
    from django.apps import apps as global_apps

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        present = {row[0] for row in cursor.fetchall()}
    missing = [name for name in SOURCES if _index_name(name) not in present]
    if not missing:
        return
    if editor is None:
        with connection.schema_editor() as editor:
            _add_indexes(editor, apps or global_apps, missing)
    else:
        _add_indexes(editor, apps or global_apps, missing)


def _add_indexes(editor, apps, model_names) -> None:
    for model_name in model_names:
        model = apps.get_model("actionplans", model_name)
        editor.add_index(model, GinIndex(document(model_name), name=_index_name(model_name)))
