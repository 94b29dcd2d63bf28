"""A self-assessment's committee appendix as a tagged PDF, portrait."""

from actionplans.text import breakable
from reports.documents import ExportOptions, map_strings
from reports.documents.pdf import print_pdf
from reports.standards.html import render_assessment_print_html


def render_assessment_pdf(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as its committee appendix, a tagged PDF, portrait
    as seed 003 prints it; without options, with the assessment's own
    agenda header (reports/standards/appendix.py)."""
    html = render_assessment_print_html(map_strings(document, breakable), options)
    return print_pdf(html, first_page=options.first_page if options else None)
