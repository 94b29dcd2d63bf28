"""The published record: a published round's document, rendered once in every
format with the options the clerk chose, and kept as it went out.

A row is added per format when a round is published (version 1) and again
when a published entry is corrected (version 2, 3, … marked "Corrected on
DATE: REASON"); the worker renders it and fills in the file's storage name,
size and SHA-256 once. Rows are only ever added and filled once, never
changed afterwards. The file lives in the "published" storage
(settings.STORAGES), which several app servers can share; the row, in the
database, says which file and what its bytes must hash to.

Beside the committee's files, each round keeps a PUBLIC COPY in every format
(`public`), numbered in versions of its own: what the public pages give to
download, exempt information left out. Made with the committee's files (at
publication, at a correction) it is the same document, so the worker renders
once and stores the bytes for both (`copy_of`); an exempt information
marking after publication makes a new version of the public copy alone,
rendered afresh (MayBeExempt.mark_exempt), the committee's files staying as
they went out.

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

from actionplans.models.storing import save_whole

# The agenda options a published document keeps (reports.documents.ExportOptions).
STORED_OPTIONS = ("agenda_header", "first_page", "correction_note")


def published_storage():
    return storages["published"]


@dataclass(frozen=True)
class Renderer:
    """What the read side does for the published record: `formats`, each
    format a version is rendered in ({key: label}, in the order a round's
    page lists them), `enqueue(document_id)`, which has the task worker
    render one PublishedDocument and store it, and `render(document_id)`,
    which does it at once, in this process (the demo loader)."""

    formats: dict[str, str]
    enqueue: Callable[[int], object]
    render: Callable[[int], object]


_renderer: Renderer | None = None


def register_renderer(
    *, formats: dict[str, str], enqueue: Callable[[int], object], render: Callable[[int], object]
) -> None:
    """Called once, by reports/apps.py when the apps are ready."""
    global _renderer
    _renderer = Renderer(dict(formats), enqueue, render)


def renderer() -> Renderer:
    if _renderer is None:
        raise ImproperlyConfigured("Nothing renders the published record: the reports app registers its renderer.")
    return _renderer


class PublishedDocumentQuerySet(models.QuerySet):
    def committee(self):
        """The committee's files: the document as it went out."""
        return self.filter(public=False)

    def public_copies(self):
        """The public copies: what the public pages give to download."""
        return self.filter(public=True)

    def ready(self):
        return self.exclude(storage_name="")

    def pending(self):
        """Waiting for the worker: neither stored nor failed."""
        return self.filter(storage_name="", error="")

    def latest(self, fmt: str) -> "PublishedDocument | None":
        """The newest version in `fmt`, stored or not: an older one is never
        given in its place (it may print what has since been marked exempt)."""
        return self.filter(format=fmt).order_by("-version").first()

    def start_version(self, round, *, by, options: dict, reason: str = "") -> list["PublishedDocument"]:
        """Add the round's next version of the committee's files, one row per
        format, each with its public copy, and have the worker render each
        once the caller's transaction commits (the copy takes the same bytes).
        Called by Round.publish and Round.store_correction, inside their
        transactions."""
        if not round.is_published:
            raise ValueError("Only a published round's documents are stored.")
        version = self._next_version(round, public=False)
        options = {key: options.get(key) for key in STORED_OPTIONS if options.get(key)}
        documents = [
            self.create(round=round, version=version, format=fmt, options=options, reason=reason, created_by=by)
            for fmt in renderer().formats
        ]
        copied = f"Corrected: {reason}" if reason else ""
        copies = self._next_version(round, public=True)
        for document in documents:
            self.create(
                round=round,
                version=copies,
                format=document.format,
                options=options,
                reason=copied,
                created_by=by,
                public=True,
                copy_of=document,
            )
        _enqueue_on_commit(documents)
        return documents

    def start_public_version(
        self, round, *, by, reason: str = "", options: dict | None = None, queue: bool = True
    ) -> list["PublishedDocument"]:
        """Add the next version of the round's public copy alone, rendered
        afresh: after an exempt marking (`reason`), or for a round that went
        out without this service's publication (the demo's, an import's).
        Its agenda options are those of the public copy before, else of the
        committee's latest files, unless `options` are given. Not `queue`d:
        the caller renders them (PublishedDocument.render_now)."""
        if not round.is_published:
            raise ValueError("Only a published round's documents are stored.")
        if options is None:
            before = self.filter(round=round).order_by("-public", "-version").first()
            options = dict(before.options) if before else {}
        options = {key: options.get(key) for key in STORED_OPTIONS if options.get(key)}
        version = self._next_version(round, public=True)
        documents = [
            self.create(
                round=round, version=version, format=fmt, options=options, reason=reason, created_by=by, public=True
            )
            for fmt in renderer().formats
        ]
        if queue:
            _enqueue_on_commit(documents)
        return documents

    def _next_version(self, round, *, public: bool) -> int:
        last = self.filter(round=round, public=public).aggregate(last=Max("version"))["last"]
        return (last or 0) + 1

    def queue_pending(self) -> int:
        """Have the worker render every file still pending: those the
        migrations left for it (the public copies of rounds published
        before they were kept), and any whose task was lost. A copy waits
        for the file it copies. Queuing one twice only costs the second
        task a look: a file is stored once (PublishedDocument.store)."""
        pending = self.pending()
        ids = set(pending.filter(copy_of=None).values_list("pk", flat=True))
        ids |= set(pending.exclude(copy_of=None).values_list("copy_of", flat=True))
        for pk in sorted(ids):
            renderer().enqueue(pk)
        return len(ids)


def _enqueue_on_commit(documents) -> None:
    # robust: the round is published whatever becomes of the rendering;
    # a failure is recorded on the row (and logged), not the clerk's 500.
    for document in documents:
        transaction.on_commit(document.enqueue, robust=True)


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
    # The public copy (exempt information left out), numbered in versions
    # of its own, or the committee's file.
    public = models.BooleanField(default=False)
    # A public copy made with the committee's file of a publication or a
    # correction: the same document, whose bytes it takes when they are
    # stored (null: rendered on its own).
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )

    objects = PublishedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "public", "-version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "public", "version", "format"], name="one_file_per_format_per_version_of_each"
            ),
        ]

    def __str__(self):
        copy = ", public copy" if self.public else ""
        return f"{self.round} – version {self.version}{copy} ({self.format})"

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

    def render_now(self) -> None:
        """Render and store it in this process, not the worker's."""
        renderer().render(self.pk)

    def failed(self, error: str) -> None:
        """Rendering failed: say why on it and on the copies waiting for its
        bytes (the clerk sees it on the round's page)."""
        rows = PublishedDocument.objects.filter(models.Q(pk=self.pk) | models.Q(copy_of=self.pk), storage_name="")
        rows.update(error=error)

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
        folder = (
            f"rounds/{self.round_id}/public/v{self.version}"
            if self.public
            else f"rounds/{self.round_id}/v{self.version}"
        )
        name = save_whole(
            storage,
            f"{folder}/{filename}",
            ContentFile(content),
            still_named=lambda name: PublishedDocument.objects.filter(storage_name=name).exists(),
        )
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
