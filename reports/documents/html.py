from django.template.loader import render_to_string

from reports import layout
from reports.builder import ProgressUpdate
from reports.documents import ExportOptions, is_draft
from reports.summary import summarise


def document_context(document: ProgressUpdate, options: ExportOptions) -> dict:
    return {
        "document": document,
        "sections": layout.sections(document),
        "options": options,
        "draft": is_draft(document, options),
        "summary": summarise(document) if options.summary else None,
    }


def render_print_html(document: ProgressUpdate, options: ExportOptions) -> str:
    """The whole document as one HTML page for the PDF engine."""
    return render_to_string("reports/document/print.html", document_context(document, options))


def render_html(document: ProgressUpdate, options: ExportOptions) -> bytes:
    return render_print_html(document, options).encode()
