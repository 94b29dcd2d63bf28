"""The Progress Update as a tagged PDF (PDF/UA-1), through WeasyPrint."""

from actionplans.text import breakable
from reports.documents import ExportOptions, map_strings
from reports.documents.pdf import StaticFilesOnly, print_pdf
from reports.progress_update.builder import ProgressUpdate
from reports.progress_update.html import render_print_html


def render_pdf(document: ProgressUpdate, options: ExportOptions, fetcher: StaticFilesOnly | None = None) -> bytes:
    # Runs of letters without a space get invisible break points, so that
    # narrow strand columns wrap them quickly instead of cutting them off.
    html = render_print_html(map_strings(document, breakable), options)
    return print_pdf(html, first_page=options.first_page, fetcher=fetcher)
