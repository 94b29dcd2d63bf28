"""A self-assessment's committee appendix as a web page file, and as the HTML
page that the PDF engine prints."""

from django.template.loader import render_to_string

from reports.documents import ExportOptions, is_draft
from reports.documents.html import inline_stylesheet
from reports.standards.appendix import appendix_heading, export_options


def assessment_context(document, options: ExportOptions | None = None) -> dict:
    """The appendix's heading ("Appendix A") is the agenda header's, when it
    names one; without options, the assessment's own header is printed."""
    options = export_options(document, options)
    return {
        "document": document,
        "options": options,
        "draft": is_draft(document, options),
        "appendix": appendix_heading(options.agenda_header),
    }


def render_assessment_print_html(document, options: ExportOptions | None = None, stylesheet: str = "") -> str:
    """Portrait, as seed 003: the agenda header and DRAFT at the top of
    every page, the pack's page numbers (reports/standards/appendix.py)."""
    context = assessment_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/assessment_print.html", context)


def render_assessment_html(document, options: ExportOptions | None = None) -> bytes:
    return render_assessment_print_html(document, options, inline_stylesheet()).encode()
