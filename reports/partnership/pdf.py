"""A partnership plan's quarterly report as a tagged PDF, landscape."""

from actionplans.text import breakable
from reports.documents import NO_OPTIONS, ExportOptions, map_strings
from reports.documents.pdf import html_to_pdf, with_page_labels
from reports.partnership.html import render_partnership_print_html


def render_partnership_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """A partnership plan's quarterly report as a tagged PDF, landscape."""
    pdf = html_to_pdf(render_partnership_print_html(map_strings(document, breakable), options))
    return with_page_labels(pdf, options.first_page) if options.first_page else pdf
