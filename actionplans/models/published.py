"""The published record: a published round's document, rendered once in every
format with the options the clerk chose, and kept as it went out.

A row is added per format when a round is published (version 1) and again
when a published entry is corrected (version 2, 3, … marked "Corrected on
DATE: REASON"); the worker renders it and fills in the file's storage name,
size and SHA-256 once. Rows are only ever added and filled once, never
changed afterwards. The file lives in the "published" storage
(settings.STORAGES), which several app servers can share; the row, in the
database, says which file and what its bytes must hash to.

The documents themselves are the read side's (reports/): when the apps are
ready it registers here the formats each version is rendered in and how a
rendering is queued (register_renderer), so that no model imports them.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

# The agenda options a published document keeps (reports.documents.ExportOptions).
STORED_OPTIONS = ("agenda_header", "first_page", "correction_note")


def published_storage():
    return storages["published"]


@dataclass(frozen=True)
class Renderer:
    """What the read side does for the published record: `formats`, each
    format a version is rendered in ({key: label}, in the order a round's
    page lists them), and `enqueue(document_id)`, which has the task worker
    render one PublishedDocument and store it."""

    formats: dict[str, str]
    enqueue: Callable[[int], object]


_renderer: Renderer | None = None


def register_renderer(*, formats: dict[str, str], enqueue: Callable[[int], object]) -> None:
    """Called once, by reports/apps.py when the apps are ready."""
    global _renderer
    _renderer = Renderer(dict(formats), enqueue)


def renderer() -> Renderer:
    if _renderer is None:
        raise ImproperlyConfigured("Nothing renders the published record: the reports app registers its renderer.")
    return _renderer


class PublishedDocumentQuerySet(models.QuerySet):
    def ready(self):
        return self.exclude(storage_name="")

    def latest_ready(self, fmt: str) -> "PublishedDocument | None":
        """The newest stored version of the round's document in `fmt`."""
        return self.ready().filter(format=fmt).order_by("-version").first()

    def start_version(self, round, *, by, options: dict, reason: str = "") -> list["PublishedDocument"]:
        """Add the round's next version, one row per format, and have the
        worker render each once the caller's transaction commits. Called by
        Round.publish and ProgressEntry.correct, inside their transactions."""
        if not round.is_published:
            raise ValueError("Only a published round's documents are stored.")
        version = (self.filter(round=round).aggregate(last=Max("version"))["last"] or 0) + 1
        options = {key: options.get(key) for key in STORED_OPTIONS if options.get(key)}
        documents = [
            self.create(round=round, version=version, format=fmt, options=options, reason=reason, created_by=by)
            for fmt in renderer().formats
        ]
        # robust: the round is published whatever becomes of the rendering;
        # a failure is recorded on the row (and logged), not the clerk's 500.
        for document in documents:
            transaction.on_commit(document.enqueue, robust=True)
        return documents


class PublishedDocument(models.Model):
    round = models.ForeignKey("actionplans.Round", on_delete=models.CASCADE, related_name="published_documents")
    version = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=10)
    # The ExportOptions it is rendered with: agenda header, first page, and
    # for a correction the note on its cover.
    options = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, help_text="Why this version was made: a correction's reason.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Filled in once by the worker: '' until the file is stored.
    storage_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    stored_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why rendering failed, if it did.")

    objects = PublishedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "-version", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "version", "format"], name="one_file_per_format_per_version"),
        ]

    def __str__(self):
        return f"{self.round} – version {self.version} ({self.format})"

    @property
    def is_ready(self) -> bool:
        return bool(self.storage_name)

    @property
    def is_pending(self) -> bool:
        """Waiting for the worker (neither stored nor failed)."""
        return not self.storage_name and not self.error

    @property
    def format_label(self) -> str:
        return renderer().formats.get(self.format, self.format)

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    def answers(self, options) -> bool:
        """Whether this stored file is what an export with `options`
        (ExportOptions) asks for: the document as published, with no option
        beyond it (a draft mark, the full history, a summary, what delivers each action, the
        confidential version's exempt information) and the agenda
        details either left blank or the same as published. Anything else is
        a different document, rendered afresh."""
        if (
            options.draft
            or options.full_history
            or options.summary
            or options.changes_since
            or options.delivered_through
            or options.confidential
        ):
            return False
        asked = (options.agenda_header or None, options.first_page or None)
        return asked in ((None, None), (self.options.get("agenda_header"), self.options.get("first_page")))

    def enqueue(self) -> None:
        renderer().enqueue(self.pk)

    def store(self, content: bytes, filename: str) -> None:
        """Keep the rendered bytes in the published storage, once. Two
        workers may both render it (one was taken for lost and its task run
        again while it was in fact still going): the first to fill the row
        keeps its file, and the other removes its own copy, so the record
        names exactly one file. The row is filled only if still empty, in one
        statement (rows here are filled once, never changed, and hold no
        history of their own)."""
        if self.is_ready:
            return
        storage = published_storage()
        name = storage.save(f"rounds/{self.round_id}/v{self.version}/{filename}", ContentFile(content))
        filled = {
            "storage_name": name,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "stored_at": timezone.now(),
            "error": "",
        }
        if PublishedDocument.objects.filter(pk=self.pk, storage_name="").update(**filled):
            for field, value in filled.items():
                setattr(self, field, value)
        else:
            storage.delete(name)
            self.refresh_from_db()

    def open(self):
        return published_storage().open(self.storage_name, "rb")
