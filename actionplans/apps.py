from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def use_sqlites_own_variable_limit(sender, connection, **kwargs):
    """Tell Django how many variables this SQLite build takes in one query.

    Django 5.2 assumes 999 (the limit before SQLite 3.32; builds since allow
    32,766) and splits every bulk insert into batches of 999 variables: an
    import of 1,000 actions became dozens of INSERTs, and the history rows as
    many again, so its number of queries grew with the file. Django 6.0 reads
    the real limit from the connection the same way; Python 3.11 has
    getlimit(). PostgreSQL has no such limit to set."""
    if connection.vendor == "sqlite":
        import sqlite3

        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        connection.features.max_query_params = limit


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        # Imported here, not at the top: this module is read before any
        # model is loaded, and these need the models (auth's among them).
        from actionplans import (
            checks,  # noqa: F401 (registers the start-up checks)
            security,  # noqa: F401 (logs sign-ins, failures and lock-outs)
        )
        from actionplans.models.council import ensure_first_terms
        from actionplans.models.standing import write_missing_standing
        from actionplans.roles import sync_groups

        # Permissions exist only after migrate has run, so the role groups
        # are brought up to date then rather than in a data migration.
        post_migrate.connect(sync_groups, sender=self)
        # The council's first terms, should a flush have emptied them.
        post_migrate.connect(ensure_first_terms, sender=self)
        # The standing of rounds published before it was stored, by the
        # rules, on the models as every migration has left them.
        post_migrate.connect(write_missing_standing, sender=self)
        connection_created.connect(use_sqlites_own_variable_limit)
