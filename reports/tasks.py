"""Background work of the read side, run by the task worker
(`manage.py db_worker`; inline with the immediate backend)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from actionplans.models import PublishedDocument
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_published_round, filename


@task()
def render_published_document(document_id: int) -> str:
    """Render one format of a published round's document as every reader
    sees it (its published rounds up to it, in the public version, in the
    council's terms as the round kept them), with the options stored with
    it, and keep the bytes in the published storage; and the same bytes as
    each public copy made with it (PublishedDocument.copy_of)."""
    record = PublishedDocument.objects.select_related("round__review").get(pk=document_id)
    copies = list(record.copies.filter(storage_name=""))
    if record.is_ready:
        if copies:  # its task ran before, and was lost before it copied them
            with record.open() as file:
                _store_copies(copies, file.read(), record.storage_name.rsplit("/", 1)[-1])
        return record.sha256
    document = build_published_round(record.round)
    try:
        content = render(document, record.format, ExportOptions(**record.options))
    except Exception as error:
        # The clerk sees it on the round's page; the worker logs the rest.
        record.failed(f"{type(error).__name__}: {error}")
        raise
    name = filename(document, record.format)
    try:
        record.store(content, name)
        _store_copies(copies, content, name)
    except OSError as error:
        _try_again_later(record, error)
        raise
    return record.sha256


def _try_again_later(record: PublishedDocument, error: OSError) -> None:
    """The storage would not take the file (the disk full, a share gone):
    the clerk sees why on the round's page, and where the task queue can
    wait (the worker's), the document is rendered and stored again, whole,
    after SCRUTINY_STORAGE_RETRY_SECONDS (a minute); each try that fails
    says so again, and the one that succeeds clears it
    (PublishedDocument.store)."""
    retried = render_published_document.get_backend().supports_defer
    wait = settings.SCRUTINY_STORAGE_RETRY_SECONDS
    every = {60: "minute", 1: "second"}.get(wait, f"{wait:g} seconds")
    record.failed(
        f"The published record's storage could not take the file ({error.strerror or error}). "
        + (f"It is tried again every {every} until there is room." if retried else "It was not stored.")
    )
    if retried:
        later = timezone.now() + datetime.timedelta(seconds=wait)
        render_published_document.using(run_after=later).enqueue(record.pk)


def _store_copies(copies, content: bytes, name: str) -> None:
    for copy in copies:
        copy.store(content, name)
