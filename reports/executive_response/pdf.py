"""The executive response as a tagged PDF, as the Progress Update."""

from actionplans.text import breakable
from reports.documents import map_strings
from reports.documents.pdf import html_to_pdf
from reports.executive_response.html import render_response_print_html


def render_response_pdf(document) -> bytes:
    """The executive response as a tagged PDF, as the Progress Update."""
    return html_to_pdf(render_response_print_html(map_strings(document, breakable)))
