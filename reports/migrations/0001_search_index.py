"""The search indexes (reports/search/index.py): on PostgreSQL a GIN index
on each searched table's English tsvector, on SQLite an FTS5 table per
searched table kept current by triggers. After later migrations they are
checked again (reports/apps.py), since SQLite drops a table's triggers when
it rebuilds the table to alter it."""

from django.db import migrations


def create(apps, schema_editor):
    from reports.search import index as search_index

    search_index.ensure(schema_editor.connection, apps, editor=schema_editor)


def remove(apps, schema_editor):
    from reports.search import index as search_index

    search_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0027_exempt_information")]

    operations = [migrations.RunPython(create, remove)]
