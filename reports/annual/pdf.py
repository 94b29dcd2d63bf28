"""The scrutiny annual report as a tagged PDF, as the Progress Update."""

from reports.annual.html import render_annual_print_html
from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.pdf import html_to_pdf, with_page_labels


def render_annual_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a tagged PDF, as the Progress Update."""
    pdf = html_to_pdf(render_annual_print_html(document, options))
    return with_page_labels(pdf, options.first_page) if options.first_page else pdf
