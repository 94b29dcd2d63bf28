"""Background work of the read side, run by the task worker
(`manage.py db_worker`; inline with the immediate backend)."""

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
    record.store(content, name)
    _store_copies(copies, content, name)
    return record.sha256


def _store_copies(copies, content: bytes, name: str) -> None:
    for copy in copies:
        copy.store(content, name)
