"""The tests CI runs on SQLite as well as on PostgreSQL (marked
both_databases): those of what differs between the two databases. CI runs
the whole suite on PostgreSQL, the database production uses, and then
these on SQLite, the database of `make run` and of a newcomer's `make
test` (.ci/run), rather than everything twice. Everything else (pages,
documents printed from what a builder gathered, files read, mail, settings)
does the same on either.

Each entry is a test module's name less its `test_`, by what differs."""

BOTH_DATABASES = {
    # Migrations: SQLite rebuilds a table to alter it, PostgreSQL alters it
    # in place; the old installs' data migrations; the search index's
    # triggers (SQLite) or GIN indexes (PostgreSQL).
    "squashed_migrations",
    "reminder_migration",
    "return_comment_migration",
    "illustrative_migration",
    "standing_migration",
    "public_copy",
    "council_first_wording",
    "grade_roles",
    "health",
    "search",
    # Locking: the verbs' row locks and version checks (select_for_update
    # is nothing on SQLite, which locks the whole database instead).
    "concurrency",
    "approve_together",
    "approval",
    "rounds_workflow",
    "decisions",
    "write_path",
    "verb_permissions",
    "update_comments",
    "escalation",
    "target_revisions",
    "import_saving",
    "import_round_trip",
    "import_changes_nothing",
    "import_council_grades",
    "partnership_workflow",
    "standards_models",
    "notifications",
    "replies",
    "reply_cycle",
    # The query-building modules: each builder, page and file's queries
    # (counted at 5 and 500 actions), the expressions compiled for each
    # database, the public() rules.
    "dashboards",
    "changes_since",
    "movement",
    "standing",
    "one_truth",
    "api",
    "api_latest_grades",
    "open_data",
    "partnership_dashboard",
    "standards_dashboard",
    "standards_compare",
    "round_reads",
    "roles_read_once",
    "review_page",
    "round_page",
    "annual_report",
    "document_builder",
    "published_record",
    "partnership_report",
    "self_assessment_document",
    "people",
    "exempt",
    "models",
    "deliveries",
    "executive_response",
    "published_targets",
    "given_grades",
    "grade_identity",
    "review_back_on_councils_scale",
    # Ordering and text: collation, case and Unicode as each database
    # sorts, compares and keeps them.
    "names_as_typed",
    "lettered_part_names",
    "action_named",
    "hostile_input",
    # What `make run` does on its SQLite: migrate, load the demo, serve it;
    # the demo's snapshots; start-up checks; a backup and its restore.
    "make_run",
    "demo_fixture",
    "demo_snapshot",
    "demo_open_round",
    "start_up",
    "startup",
    "backup",
    "second_council",
}


def module_name(path) -> str:
    """A test file's entry in BOTH_DATABASES: test_search.py -> search."""
    return path.stem.removeprefix("test_")
