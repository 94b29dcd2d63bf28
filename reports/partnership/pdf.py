"""A partnership plan's quarterly report as a tagged PDF, landscape."""

from actionplans.text import breakable
from reports.documents import NO_OPTIONS, ExportOptions, map_strings
from reports.documents.pdf import print_pdf
from reports.partnership.html import render_partnership_print_html


def render_partnership_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """A partnership plan's quarterly report as a tagged PDF, landscape."""
    html = render_partnership_print_html(map_strings(document, breakable), options)
    return print_pdf(html, first_page=options.first_page)
