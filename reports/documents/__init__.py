"""What every document's renderers share: the options a clerk chooses for
an agenda pack (ExportOptions), the formats, and the one table of each
document's renderer in each format (DOCUMENT_RENDERERS). Each document is
gathered once by its own builder into plain data (reports/progress_update/,
reports/executive_response/, reports/annual/, reports/partnership/,
reports/standards/); its renderers sit beside it and never touch the
database. The machinery they print with is here: the PDF engine (pdf.py),
the Word page and tables (docx.py), the worksheets (xlsx.py), the
stylesheet (html.py), the grids (grid.py) and the agenda options' form
(forms.py).
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.http import Http404
from django.utils.module_loading import import_string

from actionplans.text import clean_text, within_limit


@dataclass(frozen=True)
class ExportOptions:
    """What the clerk chooses when exporting for an agenda pack."""

    agenda_header: str = ""  # "Agenda Item 8: Appendix 1", in the running header
    first_page: int | None = None  # continue the pack's page numbering
    draft: bool = False  # mark every page DRAFT
    full_history: bool = False  # every action, not only those the round carries
    summary: bool = False  # a one-page summary (grade mix, movement) in front
    # The published record's later versions: "Corrected on DATE: REASON", one
    # line per correction, on the cover (PublishedDocument).
    correction_note: str = ""
    # "What changed since the meeting of …" in front (reports/changes/):
    # the meeting compared from, up to the round's own.
    changes_since: datetime.date | None = None
    # "Delivered through: …" under each action that partnership plans'
    # actions deliver, with their latest RAG (the councils' papers print
    # none, so it is the clerk's choice).
    delivered_through: bool = False
    # The confidential version: the words of exempt information (Schedule
    # 12A) printed rather than its notice. Only clerks and administrators
    # may ask for it (reports.progress_update.forms.ExportForm); the
    # Progress Update's builder withholds them otherwise.
    confidential: bool = False

    @property
    def marking(self) -> str:
        """What every page of the confidential version says at its top, so
        it cannot be mistaken for the public one in an agenda pack."""
        return NOT_FOR_PUBLICATION if self.confidential else ""


NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION: exempt information (Schedule 12A)"

# Nothing chosen: the default of the renderers that take options.
NO_OPTIONS = ExportOptions()


class Format(NamedTuple):
    label: str
    content_type: str


FORMATS = {
    "pdf": Format("PDF", "application/pdf"),
    "docx": Format("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": Format("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": Format("Web page", "text/html; charset=utf-8"),
}


# The three a document downloads as.
DOWNLOADS = ("pdf", "docx", "xlsx")


class UnknownFormat(Http404):
    """An address asking for a format a document does not come in (an old
    link, or a typed one): its 404 page says which formats there are
    (scrutiny.views.page_not_found)."""

    def __init__(self, fmt: str, formats=DOWNLOADS):
        listed = [FORMATS[key].label for key in formats]
        names = ", ".join(listed[:-1]) + f" or {listed[-1]}" if len(listed) > 1 else listed[0]
        shown = clean_text(str(fmt))[:20]
        asked = f"‘{shown}’ is not one of them" if shown else "the address names none of them"
        super().__init__(f"This document downloads as {names}: {asked}. Use the links on its page.")


def require_format(fmt: str, formats=DOWNLOADS) -> None:
    if fmt not in formats:
        raise UnknownFormat(fmt, formats)


# Each document's renderers, by kind and format, each beside its builder;
# imported when first used, so that a web page need not load WeasyPrint.
# The Progress Update's take ExportOptions, (document, options) -> bytes, and
# so do the scrutiny annual report's, a partnership plan's quarterly
# report's and a self-assessment's (without options, the assessment's own
# agenda header); the executive response's take the document alone.
DOCUMENT_RENDERERS = {
    "progress_update": {
        "pdf": "reports.progress_update.pdf.render_pdf",
        "docx": "reports.progress_update.docx.render_docx",
        "xlsx": "reports.progress_update.xlsx.render_xlsx",
        "html": "reports.progress_update.html.render_html",
    },
    "executive_response": {
        "pdf": "reports.executive_response.pdf.render_response_pdf",
        "docx": "reports.executive_response.docx.render_response_docx",
        "xlsx": "reports.executive_response.xlsx.render_response_xlsx",
        "html": "reports.executive_response.html.render_response_html",
    },
    "annual_report": {
        "pdf": "reports.annual.pdf.render_annual_pdf",
        "docx": "reports.annual.docx.render_annual_docx",
        "xlsx": "reports.annual.xlsx.render_annual_xlsx",
        "html": "reports.annual.html.render_annual_html",
    },
    "partnership_report": {
        "pdf": "reports.partnership.pdf.render_partnership_pdf",
        "docx": "reports.partnership.docx.render_partnership_docx",
        "xlsx": "reports.partnership.xlsx.render_partnership_xlsx",
        "html": "reports.partnership.html.render_partnership_html",
    },
    # Seed 003's layout.
    "self_assessment": {
        "pdf": "reports.standards.pdf.render_assessment_pdf",
        "docx": "reports.standards.docx.render_assessment_docx",
        "xlsx": "reports.standards.xlsx.render_assessment_xlsx",
        "html": "reports.standards.html.render_assessment_html",
    },
}


def render_document(kind: str, document, fmt: str, options: ExportOptions | None = None) -> bytes:
    """`document` (a DOCUMENT_RENDERERS kind) in `fmt`; with `options` (the
    agenda header, first page, DRAFT and the rest), for a kind whose
    renderers take them: renderer(document, options)."""
    renderers = DOCUMENT_RENDERERS[kind]
    if fmt not in renderers:
        raise ValueError(f"Unknown format: {fmt}")
    # The forms no longer let control characters or text over the limit in,
    # but older text may hold them: no format prints control characters, XML
    # (Word, Excel) refuses them, and a huge field takes minutes to print.
    document = map_strings(document, lambda text: within_limit(clean_text(text)))
    renderer = import_string(renderers[fmt])
    if options is None:
        return renderer(document)
    return renderer(document, map_strings(options, clean_text))


def render(document, fmt: str, options: ExportOptions) -> bytes:
    """The Progress Update (reports/progress_update/builder.py) in `fmt`."""
    return render_document("progress_update", document, fmt, options)


def render_response(document, fmt: str) -> bytes:
    """The executive response (reports/executive_response/builder.py) in `fmt`."""
    return render_document("executive_response", document, fmt)


def is_draft(document, options: ExportOptions) -> bool:
    """Every page says DRAFT while the document is (its is_draft: a round or
    an assessment not yet published), or when asked."""
    return options.draft or document.is_draft


def map_strings(value, function):
    """`value` (the document, the options: dataclasses, lists and tuples of
    them) with `function` applied to every string in it."""
    if isinstance(value, str):
        return function(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: map_strings(getattr(value, f.name), function) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list | tuple):
        return type(value)(map_strings(item, function) for item in value)
    return value
