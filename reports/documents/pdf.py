"""The PDF engine every document prints through: WeasyPrint, reading the
app's own static files and nothing else, writing a tagged PDF (PDF/UA-1),
with the agenda pack's page numbers where asked."""

import io
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
