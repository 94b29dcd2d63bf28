"""The PDF engine every document prints through: WeasyPrint, reading the
app's own static files and nothing else, writing a tagged PDF (PDF/UA-1),
with the agenda pack's page numbers where asked; a long document in
sections, a process a chunk (reports/documents/sections.py)."""

import ctypes.util
import functools
import io
import mimetypes
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


@contextmanager
def _libraries_by_their_file_names():
    """WeasyPrint loads Pango, HarfBuzz and the rest by trying each library's
    names in turn, bare names ("libgobject-2.0-0", "gobject-2.0") before file
    names ("libgobject-2.0.so.0"). cffi looks a bare name up with
    ctypes.util.find_library, which on Linux runs ldconfig, gcc and ld for
    each one it cannot find: some 200 programs started on every import, more
    CPU than laying out a short document. Here a bare name is not looked up,
    so each library is loaded by its file name, as the system's loader
    finds it; should that fail, the import is tried again as WeasyPrint
    does it."""
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


try:
    with _libraries_by_their_file_names():
        import weasyprint
except OSError:  # a library only find_library knows where to find
    import weasyprint  # noqa: F401

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from reports.documents import sections  # noqa: E402

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


# How the documents' print templates link their stylesheet
# (templates/reports/document/*print.html): in a PDF, the parsed copy
# (document_stylesheet) stands in for it.
STYLESHEET = "reports/document.css"
STYLESHEET_LINK = f'<link rel="stylesheet" href="/static/{STYLESHEET}">'


@functools.cache
def document_stylesheet() -> CSS:
    """The documents' stylesheet, parsed once a process rather than once a
    PDF (a tiny PDF takes a third of the time with it parsed already)."""
    return CSS(string=Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"), base_url=STATIC_PREFIX)


class _Document(HTML):
    """A document's HTML, laid out with the stylesheet parsed once."""

    def render(self, font_config=None, counter_style=None, color_profiles=None, **options):
        options["stylesheets"] = [document_stylesheet(), *(options.get("stylesheets") or ())]
        return super().render(font_config, counter_style, color_profiles, **options)


def engine(html: str, fetcher: StaticFilesOnly | None = None) -> HTML:
    if STYLESHEET_LINK in html:
        return _Document(
            string=html.replace(STYLESHEET_LINK, "", 1), base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnly()
        )
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnly())


def section_engine(html: str) -> tuple[HTML, list[str]]:
    """A section's engine (sections.render), with the URLs its fetcher refused."""
    fetcher = StaticFilesOnly()
    return engine(html, fetcher), fetcher.refused


def html_to_pdf(html: str, fetcher: StaticFilesOnly | None = None) -> bytes:
    with sections.ENGINE:
        return engine(html, fetcher).write_pdf(pdf_variant="pdf/ua-1")


def print_pdf(html: str, *, first_page: int | None = None, fetcher: StaticFilesOnly | None = None) -> bytes:
    """The document's PDF, its pages numbered from the clerk's first page
    where given. A long one whose template marks its units is printed in
    sections, a process a chunk, up to SCRUTINY_PDF_PROCESSES at once, and
    joined into the pages one process prints (sections.py), which it does
    where the setting is 1 or the machine cannot fork."""
    plan = sections.plan(html)
    if plan is not None:
        processes = min(settings.SCRUTINY_PDF_PROCESSES, plan.chunks)
        if processes > 1 and sections.can_fork():
            return sections.render(plan, processes, engine=section_engine, first_page=first_page, fetcher=fetcher)
    pdf = html_to_pdf(html, fetcher)
    return with_page_labels(pdf, first_page) if first_page else pdf


def with_page_labels(pdf: bytes, first_page: int) -> bytes:
    """The viewer's page numbers are the pack's: WeasyPrint writes no
    /PageLabels, so a viewer would show 1 where the footer says 23. qpdf
    (pikepdf) rewrites the file as it is, structure tree, /MarkInfo, /Lang
    and XMP metadata included, so the PDF stays tagged (PDF/UA): in a
    quarter of a second for 100 pages, where pypdf's clone took 4.5 s."""
    import pikepdf  # only for the agenda pack's numbering, as pypdf was

    with pikepdf.open(io.BytesIO(pdf)) as document:
        sections.label_pages(document, first_page)
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
