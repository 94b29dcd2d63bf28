"""The demo council, loaded for real once and put back for each later test.

`load_demo()` builds the council as its people would, through every verb:
some 2,000 rows and, where the transaction commits, the published rounds'
documents. That takes seconds, and more than a hundred tests start from it.
So the first test to ask for the demo in a given starting state runs the
real loader and keeps what it wrote (every row of every table, and the files
of the published record); each later test starting from the same state gets
those rows inserted as they were, in one transaction, and the files copied.

A starting state is what the database holds before the demo: normally only
what the migrations leave (content types, permissions, the role groups, the
council's first terms), and perhaps a test's own users. The first four
tables are compared by natural key, because a browser test's flush recreates
them under new ids; the ids the snapshot's rows point at are translated. The
first terms (the council's wording, its first scales, and their history) a
flush makes again too, under new ids and times: they are compared without
those, and put back whole as the load left them. Anything else differing
means a new real load. Whatever cannot be kept faithfully (a load that changes a row it
did not create, or writes files somewhere other than a directory) is simply
loaded for real every time.
"""

import functools
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import DateTimeField

REFERENCE_TABLES = ("django_content_type", "auth_permission", "auth_group", "auth_group_permissions")
# The council's first terms, which the migrations write and a flush writes
# again (actionplans.models.council.ensure_first_terms), and which the load
# changes (the council's wording, as the demo's fixture gives it): compared
# without their ids and times, kept whole, and put back whole.
SETTINGS_TABLES = (
    "actionplans_council",
    "actionplans_historicalcouncil",
    "actionplans_gradingscale",
    "actionplans_historicalgradingscale",
    "actionplans_scalegrade",
)


class _References:
    """The content types, permissions and groups by natural key, both ways."""

    def __init__(self):
        self.content_type = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
        self.permission = {p.pk: (self.content_type[p.content_type_id], p.codename) for p in Permission.objects.all()}
        self.group = dict(Group.objects.values_list("pk", "name"))
        through = Group.permissions.through.objects.values_list("group_id", "permission_id")
        self.fingerprint = (
            frozenset(self.content_type.values()),
            frozenset(self.permission.values()),
            frozenset(self.group.values()),
            frozenset((self.group[g], self.permission[p]) for g, p in through),
        )

    def natural(self, kind, pk):
        return None if pk is None else getattr(self, kind)[pk]

    def pk(self, kind, natural):
        if natural is None:
            return None
        inverse = self.__dict__.setdefault(f"_{kind}_inverse", {v: k for k, v in getattr(self, kind).items()})
        return inverse[natural]


@functools.cache
def _tables():
    """Every table of every installed model but the reference tables, with
    the columns in it that point at a content type, permission or group."""
    kinds = {ContentType: "content_type", Permission: "permission", Group: "group"}
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in REFERENCE_TABLES:
            continue
        tables[meta.db_table] = (
            model,
            # Not a generated column (ScaleGrade.meaning): the database
            # works it out, and refuses it in an INSERT.
            [f.column for f in meta.concrete_fields if not f.generated],
            {
                f.column: kinds[f.related_model]
                for f in meta.concrete_fields
                if f.is_relation and f.related_model in kinds
            },
        )
    return dict(sorted(tables.items()))


@functools.cache
def _volatile(table) -> tuple[int, ...]:
    """The positions of a first-terms table's columns that a flush makes
    anew each time: its ids (a historical row's own and its object's), the
    ids it points at among the first terms, and its times."""
    model, columns, _ = _tables()[table]
    tracked = getattr(model, "instance_type", None)  # a historical model's
    volatile = set()
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or isinstance(field, DateTimeField)
            or (field.is_relation and field.related_model._meta.db_table in SETTINGS_TABLES)
            or (tracked is not None and field.name == tracked._meta.pk.name)
        ):
            volatile.add(field.column)
    return tuple(i for i, column in enumerate(columns) if column in volatile)


def _settled(table, rows):
    """A first-terms table's rows as compared: without what a flush renews."""
    drop = _volatile(table)
    return sorted(tuple(v for i, v in enumerate(row) if i not in drop) for row in rows)


def _rows(table, columns):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
        return [tuple(row) for row in cursor.fetchall()]


def _state():
    """What the database holds now: the references by natural key, and the
    rows of every other table (all empty, usually)."""
    references = _References()
    other = {table: _rows(table, columns) for table, (_, columns, _) in _tables().items()}
    return references, other


def _published_directory() -> Path | None:
    storage = storages["published"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _files_in(directory: Path | None) -> list[Path]:
    if directory is None or not directory.exists():
        return []
    return [p for p in directory.rglob("*") if p.is_file()]


class _Snapshot:
    def __init__(self, references, rows, result, files: Path | None):
        self.references = references
        self.rows = rows  # table -> (columns, remapped columns, rows with natural keys)
        self.result = result  # (model, pk) of what load_demo returned
        self.files = files


class DemoSnapshots:
    def __init__(self):
        self._kept = {}
        self._directory = None

    def load(self, loader):
        """What `loader()` (the real load_demo, or another loader of a
        module-level function returning a model instance) returns, loaded
        for real the first time from this starting state and put back
        after that."""
        before_refs, before_rows = _state()
        # A test inside a transaction (rolled back at its end) never runs the
        # on-commit work, such as rendering the published documents; one in
        # autocommit does: each kind has its own snapshot.
        key = (loader, connection.in_atomic_block, before_refs.fingerprint, _frozen(before_rows))
        published = _published_directory()
        if _files_in(published):
            return loader()
        snapshot = self._kept.get(key)
        if snapshot is not None:
            return self._restore(snapshot, published)
        result = loader()
        self._keep(key, before_refs, before_rows, result, published)
        return result

    def _keep(self, key, before_refs, before_rows, result, published):
        after_refs, after_rows = _state()
        if after_refs.fingerprint != before_refs.fingerprint:
            return
        files = _files_in(published)
        if files and published is None:
            return
        rows = {}
        for table, (_, columns, remapped) in _tables().items():
            before, after = before_rows[table], after_rows[table]
            replace = table in SETTINGS_TABLES and bool(before)
            if not replace and not set(before) <= set(after):
                return  # the load changed or removed a row it did not write
            old = set() if replace else set(before)
            new = [row for row in after if row not in old]
            if new or replace:
                positions = [(columns.index(c), kind) for c, kind in remapped.items()]
                translated = [_translate(row, positions, after_refs.natural) for row in new]
                rows[table] = (columns, positions, translated, replace)
        kept_files = None
        if files:
            if self._directory is None:
                self._directory = Path(tempfile.mkdtemp(prefix="demo-snapshot-"))
            kept_files = self._directory / str(len(self._kept))
            shutil.copytree(published, kept_files)
        self._kept[key] = _Snapshot(after_refs, rows, (type(result), result.pk), kept_files)

    def _restore(self, snapshot, published):
        references = _References()
        quote = connection.ops.quote_name
        models = []
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, positions, rows, replace) in snapshot.rows.items():
                models.append(_tables()[table][0])
                if replace:  # the first terms: put back as the load left them
                    cursor.execute(f"DELETE FROM {quote(table)}")
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({placeholders})",
                    [_translate(row, positions, references.pk) for row in rows],
                )
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        if snapshot.files is not None:
            shutil.copytree(snapshot.files, published, dirs_exist_ok=True)
        model, pk = snapshot.result
        return model.objects.get(pk=pk)

    def close(self):
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)


def _translate(row, positions, convert):
    if not positions:
        return row
    row = list(row)
    for index, kind in positions:
        row[index] = convert(kind, row[index])
    return tuple(row)


def _frozen(rows_by_table):
    return tuple(
        (table, tuple(_settled(table, rows)) if table in SETTINGS_TABLES else frozenset(rows))
        for table, rows in rows_by_table.items()
        if rows
    )
