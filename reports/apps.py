from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_search_index(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds the table:
    after every migrate, the search index's are put back (and the index
    read again from the tables) where they went (reports/search_index.py)."""
    from django.db import connections

    from reports import search_index

    search_index.ensure(connections[using])


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        post_migrate.connect(keep_search_index, sender=self)
