"""Backing up and restoring a council's service: the database, the
published record's files and the evidence files officers attached
(docs/operations.md, "Backup and restore").

A backup is a directory:

- `database.dump` (PostgreSQL: `pg_dump --format=custom`, one consistent
  snapshot however many officers are saving) or `database.sqlite3` (SQLite's
  online backup API, likewise consistent while others write);
- `published/`: every file the published record names (documents and the
  evidence files kept with them), and `evidence/`: every evidence file on an
  update, each copied through its storage backend (so a bucket works as a
  directory does);
- `manifest.json`: when, which database, the migrations it has, and each
  file's store, name, size and SHA-256.

The database is taken first, then the files: a file is stored before its
row names it, and a published file's row is filled once and never emptied,
so every file the dumped rows name is there to copy (but an evidence file
its officer removed meanwhile: the backup then says to take it again). Restoring puts the
database back whole, then the files, and checks every file against the
SHA-256 its row in the restored database holds.

A backup holds password hashes, sessions, calendar keys, personal data and
exempt files: its directories are 0700 and its files 0600, whatever the
umask of whoever runs it. Restored files take the stores' own modes
(FILE_UPLOAD_PERMISSIONS: 0640, directories 0750).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from actionplans.models import EvidenceFile, PublishedDocument, PublishedEvidence
from actionplans.models.evidence import evidence_storage
from actionplans.models.published import published_storage

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "published"


@dataclass(frozen=True)
class Store:
    """Files the database names: the backup's folder for them, their storage,
    and the rows (a queryset) holding each file's name and SHA-256."""

    name: str
    storage: object
    rows: object

    def files(self):
        return self.rows.order_by("pk").values_list("storage_name", "sha256")


def _stores() -> list[Store]:
    """The published documents and the evidence copies kept with them share
    the published storage; a refused evidence file's bytes were deleted
    when clamd found the virus."""
    published, evidence = published_storage(), evidence_storage()
    return [
        Store(FILES, published, PublishedDocument.objects.ready()),
        Store(FILES, published, PublishedEvidence.objects.all()),
        Store(
            "evidence",
            evidence,
            EvidenceFile.objects.exclude(status=EvidenceFile.Status.REFUSED).exclude(storage_name=""),
        ),
    ]


DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """What went wrong, in words the person running the command can act on."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _connection():
    return connections[DEFAULT_DB_ALIAS]


def _postgres_arguments(settings_dict) -> tuple[list[str], dict]:
    """pg_dump's and pg_restore's connection options, and the environment
    with the password (never on a command line, where `ps` shows it)."""
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools of the server's version "
            "(Debian: apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _sqlite_copy(source_path, target_path) -> None:
    """SQLite's online backup API: a consistent copy of the whole database,
    page by page, while others read and write (WAL mode)."""
    source = sqlite3.connect(source_path, timeout=20)
    target = sqlite3.connect(target_path, timeout=20)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _latest_migrations() -> dict[str, str]:
    latest = {}
    for app, name in sorted(MigrationRecorder(_connection()).applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


@contextmanager
def _private_files():
    """Everything made meanwhile by this process and the programs it runs
    (pg_dump, SQLite) is its owner's alone: nothing is readable by others
    even while it is being written."""
    before = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(before)


def _lock_down(directory: Path) -> None:
    """Exactly 0700 and 0600 under `directory`, whatever the umask took away
    (an owner without write on its own files could not delete the backup)."""
    directory.chmod(0o700)
    for folder, folders, files in os.walk(directory):
        for name in folders:
            os.chmod(os.path.join(folder, name), 0o700)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o600)


def back_up(directory: Path) -> Summary:
    connection = _connection()
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported: use PostgreSQL or SQLite.")
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new directory for each backup.")
    with _private_files():
        summary = _back_up(directory, connection)
    _lock_down(directory)
    return summary


def _back_up(directory: Path, connection) -> Summary:
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    dump = directory / DUMPS[connection.vendor]
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        arguments, env = _postgres_arguments(settings_dict)
        dumping = ["--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)]
        _run(["pg_dump", *dumping, *arguments, settings_dict["NAME"]], env)
    else:
        _sqlite_copy(settings_dict["NAME"], dump)

    # The files after the database: every row the dump holds names a file
    # that is already there.
    files, total = [], 0
    for store in _stores():
        for name, sha256 in store.files():
            copy = directory / store.name / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                with store.storage.open(name, "rb") as source, open(copy, "wb") as target:
                    shutil.copyfileobj(source, target)
            except FileNotFoundError:
                raise BackupError(
                    f"The file {name} was removed while the backup was taken: take the backup again."
                ) from None
            copied = _sha256(copy)
            if copied != sha256:
                raise BackupError(f"The stored file {name} is not what was stored (its SHA-256 differs).")
            size = copy.stat().st_size
            files.append({"store": store.name, "name": name, "size": size, "sha256": copied})
            total += size
    manifest = {
        "format": FORMAT,
        "taken_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": _latest_migrations(),
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return Summary(database=dump.name, files=len(files), bytes=total + dump.stat().st_size)


def read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{directory} is not a backup of this service: it has no readable {MANIFEST}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{directory} was made by another version of the backup: format {manifest.get('format')}.")
    return manifest


def restore(directory: Path) -> Summary:
    """The database as the backup has it (a SQLite file made anew is 0600),
    then its files into the stores, each at the store's own mode."""
    with _private_files():
        return _restore(directory)


def _restore(directory: Path) -> Summary:
    manifest = read_manifest(directory)
    connection = _connection()
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']} database and this service uses {connection.vendor}: "
            "restore it into the same kind of database."
        )
    dump = directory / DUMPS[connection.vendor]
    if not dump.exists():
        raise BackupError(f"{dump} is missing: the backup is incomplete.")
    for entry in manifest["files"]:
        copy = directory / _store_of(entry) / entry["name"]
        if not copy.exists() or _sha256(copy) != entry["sha256"]:
            raise BackupError(f"The backup's copy of {entry['name']} is missing or damaged: nothing was restored.")

    settings_dict = connection.settings_dict
    connection.close()
    if connection.vendor == "postgresql":
        arguments, env = _postgres_arguments(settings_dict)
        # Drops and makes again every table the dump has, in one transaction:
        # if anything fails, the database is as it was.
        restoring = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run(["pg_restore", *restoring, *arguments, "--dbname", settings_dict["NAME"], str(dump)], env)
    else:
        _sqlite_copy(dump, settings_dict["NAME"])

    storages = {store.name: store.storage for store in _stores()}
    total = 0
    for entry in manifest["files"]:
        storage = storages[_store_of(entry)]
        if storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with open(directory / _store_of(entry) / entry["name"], "rb") as copy:
            stored = storage.save(entry["name"], ContentFile(copy.read()))
        if stored != entry["name"]:
            raise BackupError(f"The storage kept {entry['name']} as {stored}: restore into an empty storage.")
        total += entry["size"]
    check_stored_files()
    return Summary(database=dump.name, files=len(manifest["files"]), bytes=total)


def _store_of(entry: dict) -> str:
    """The store a manifest's file belongs to: backups taken before evidence
    files kept only the published record's."""
    store = entry.get("store", FILES)
    if store not in {known.name for known in _stores()}:
        raise BackupError(f"The backup names a store this service does not have: {store}.")
    return store


def check_stored_files() -> None:
    """Every file the (restored) database names is in its storage with the
    SHA-256 its row holds."""
    for store in _stores():
        for name, sha256 in store.files():
            if not store.storage.exists(name):
                raise BackupError(f"The stored file {name} is missing after the restore.")
            with store.storage.open(name, "rb") as file:
                if hashlib.sha256(file.read()).hexdigest() != sha256:
                    raise BackupError(f"The stored file {name} does not match its SHA-256 after the restore.")


def describe(manifest: dict) -> str:
    taken = datetime.datetime.fromisoformat(manifest["taken_at"])
    return (
        f"a {manifest['database']} backup taken {timezone.localtime(taken):%-d %B %Y at %H:%M}, "
        f"with {len(manifest['files'])} stored files"
    )
