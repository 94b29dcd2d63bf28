"""The scrutiny annual report as a web page file, and as the HTML page that
the PDF engine prints."""

from django.template.loader import render_to_string

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.html import inline_stylesheet


def render_annual_print_html(document, options: ExportOptions = NO_OPTIONS, stylesheet: str = "") -> str:
    """The agenda header (or, without one, the report's title) at the top of
    every page, DRAFT where asked, the pack's page numbers."""
    return render_to_string(
        "reports/document/annual_print.html",
        {"document": document, "options": options, "draft": options.draft, "stylesheet": stylesheet},
    )


def render_annual_html(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    return render_annual_print_html(document, options, inline_stylesheet()).encode()
