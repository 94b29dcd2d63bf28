"""A partnership plan's quarterly report as a web page file, and as the HTML
page that the PDF engine prints."""

from django.template.loader import render_to_string

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.html import inline_stylesheet


def partnership_context(document, options: ExportOptions = NO_OPTIONS) -> dict:
    return {"document": document, "options": options, "draft": document.is_draft or options.draft}


def render_partnership_print_html(document, options: ExportOptions = NO_OPTIONS, stylesheet: str = "") -> str:
    """Landscape, the agenda header and DRAFT at the top of every page, the
    pack's page numbers (reports/partnership/report.py)."""
    context = partnership_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/partnership_print.html", context)


def render_partnership_html(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    return render_partnership_print_html(document, options, inline_stylesheet()).encode()
