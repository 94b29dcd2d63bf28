"""Background work of the read side, run by the task worker
(`manage.py db_worker`; inline with the immediate backend)."""

from django_tasks import task

from actionplans.models import PublishedDocument
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_published_round, filename


@task()
def render_published_document(document_id: int) -> str:
    """Render one format of a published round's document as every reader
    sees it (its published rounds up to it), with the options stored with
    it, and keep the bytes in the published storage."""
    record = PublishedDocument.objects.select_related("round__review").get(pk=document_id)
    if record.is_ready:
        return record.sha256
    document = build_published_round(record.round)
    try:
        content = render(document, record.format, ExportOptions(**record.options))
    except Exception as error:
        # The clerk sees it on the round's page; the worker logs the rest.
        PublishedDocument.objects.filter(pk=record.pk).update(error=f"{type(error).__name__}: {error}")
        raise
    record.store(content, filename(document, record.format))
    return record.sha256
