"""The scrutiny annual report as a tagged PDF, as the Progress Update."""

from reports.annual.html import render_annual_print_html
from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.pdf import print_pdf


def render_annual_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a tagged PDF, as the Progress Update."""
    return print_pdf(render_annual_print_html(document, options), first_page=options.first_page)
