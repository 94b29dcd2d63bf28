"""The Progress Update as a tagged PDF (PDF/UA-1), through WeasyPrint."""

import io
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from actionplans.text import breakable
from reports.documents import NO_OPTIONS, ExportOptions, map_strings
from reports.documents.html import (
    render_annual_print_html,
    render_assessment_print_html,
    render_partnership_print_html,
    render_print_html,
    render_response_print_html,
)
from reports.progress_update.builder import ProgressUpdate

# The document's relative URLs resolve against this made-up origin, which
# the fetcher maps onto the app's static files. ".invalid" never resolves.
BASE_URL = "https://app.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class StaticFilesOnly(URLFetcher):
    """Lets WeasyPrint read the app's own static files and nothing else: no
    file:// URL, no network, nothing a user's text could point it at."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_PREFIX) and ".." not in url:
            found = finders.find(url.removeprefix(STATIC_PREFIX).split("?")[0])
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise ValueError(f"Not one of the app's static files: {url}")


def render_pdf(document: ProgressUpdate, options: ExportOptions, fetcher: StaticFilesOnly | None = None) -> bytes:
    # Runs of letters without a space get invisible break points, so that
    # narrow strand columns wrap them quickly instead of cutting them off.
    pdf = html_to_pdf(render_print_html(map_strings(document, breakable), options), fetcher)
    return with_page_labels(pdf, options.first_page) if options.first_page else pdf


def html_to_pdf(html: str, fetcher: StaticFilesOnly | None = None) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnly()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def with_page_labels(pdf: bytes, first_page: int) -> bytes:
    """The viewer's page numbers are the pack's: WeasyPrint writes no
    /PageLabels, so a viewer would show 1 where the footer says 23. pypdf's
    clone keeps the structure tree, /MarkInfo, /Lang and the XMP metadata,
    so the PDF stays tagged (PDF/UA)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=first_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_response_pdf(document) -> bytes:
    """The executive response as a tagged PDF, as the Progress Update."""
    return html_to_pdf(render_response_print_html(map_strings(document, breakable)))


def render_annual_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a tagged PDF, as the Progress Update."""
    pdf = html_to_pdf(render_annual_print_html(document, options))
    return with_page_labels(pdf, options.first_page) if options.first_page else pdf


def render_partnership_pdf(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """A partnership plan's quarterly report as a tagged PDF, landscape."""
    pdf = html_to_pdf(render_partnership_print_html(map_strings(document, breakable), options))
    return with_page_labels(pdf, options.first_page) if options.first_page else pdf


def render_assessment_pdf(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as its committee appendix, a tagged PDF, portrait
    as seed 003 prints it; without options, with the assessment's own
    agenda header (reports/standards/appendix.py)."""
    pdf = html_to_pdf(render_assessment_print_html(map_strings(document, breakable), options))
    return with_page_labels(pdf, options.first_page) if options and options.first_page else pdf
