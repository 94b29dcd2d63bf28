"""The Progress Update as a web page file, and as the one HTML page that
the PDF engine prints (reports/progress_update/pdf.py)."""

from django.template.loader import render_to_string

from reports.documents import ExportOptions, is_draft
from reports.documents.html import inline_stylesheet
from reports.progress_update import layout
from reports.progress_update.builder import ProgressUpdate
from reports.progress_update.summary import summarise


def document_context(document: ProgressUpdate, options: ExportOptions) -> dict:
    return {
        "document": document,
        "sections": layout.sections(document),
        "options": options,
        "draft": is_draft(document, options),
        "summary": summarise(document) if options.summary else None,
    }


def render_print_html(document: ProgressUpdate, options: ExportOptions, stylesheet: str = "") -> str:
    """The whole document as one HTML page: for the PDF engine, which fetches
    the stylesheet it links, or with `stylesheet` inlined."""
    context = document_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/print.html", context)


def render_html(document: ProgressUpdate, options: ExportOptions) -> bytes:
    """A web page file, self-contained: opened from disk (from the command
    line's export or an archive) it looks as it does on the site."""
    return render_print_html(document, options, inline_stylesheet()).encode()
