from django.apps import AppConfig
from django.db.models.signals import post_migrate


def keep_search_index(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds the table:
    after every migrate, the search index's are put back (and the index
    read again from the tables) where they went (reports/search/index.py),
    unless the migration that makes them has been unapplied."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from reports.search import index as search_index

    connection = connections[using]
    if ("reports", "0001_search_index") in MigrationRecorder(connection).applied_migrations():
        search_index.ensure(connection)


# The migration that adds the public copies, and makes those of the rounds
# published before it.
PUBLIC_COPIES_MIGRATION = ("actionplans", "0053_published_terms_and_public_copies")


def queue_pending_documents(sender, using, **kwargs):
    """After every migrate: the published record's files still waiting for
    the worker are queued for it, those the migrations left in particular
    (a public copy for each round published before they were kept), so
    that no clerk need do anything for them (PublishedDocument.objects.queue_pending).
    Not while the database stands before the public copies (migrated back)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from actionplans.models import PublishedDocument

    if PUBLIC_COPIES_MIGRATION in MigrationRecorder(connections[using]).applied_migrations():
        PublishedDocument.objects.using(using).queue_pending()


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # Imported here, not at the top: they import the models, which are
        # loaded only once the apps are.
        from actionplans.models import published
        from reports.documents import FORMATS
        from reports.tasks import render_published_document

        # Sent for the apps with models: after the action plans' tables
        # have been migrated (this app has no models of its own).
        post_migrate.connect(keep_search_index, sender=self.apps.get_app_config("actionplans"))
        post_migrate.connect(queue_pending_documents, sender=self.apps.get_app_config("actionplans"))
        # The published record's documents are ours: the formats each version
        # is rendered in, and the task that renders one (queued, or at once).
        published.register_renderer(
            formats={key: fmt.label for key, fmt in FORMATS.items()},
            enqueue=render_published_document.enqueue,
            render=render_published_document.call,
        )
