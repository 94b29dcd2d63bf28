"""The Progress Update document in four formats, each rendered from the one
ProgressUpdate that reports.progress_update.builder gathers. No renderer touches the database.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.module_loading import import_string

from actionplans.text import clean_text, within_limit
from reports.progress_update.builder import ProgressUpdate


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
    # "What changed since the meeting of …" in front (reports/changes/builder.py):
    # the meeting compared from, up to the round's own.
    changes_since: datetime.date | None = None
    # "Delivered through: …" under each action that partnership plans'
    # actions deliver, with their latest RAG (the councils' papers print
    # none, so it is the clerk's choice).
    delivered_through: bool = False
    # The confidential version: the words of exempt information (Schedule
    # 12A) printed rather than its notice. Only clerks and administrators
    # may ask for it (reports.forms.ExportForm); reports.progress_update.builder withholds
    # them otherwise.
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
    # Every renderer has one shape: (ProgressUpdate, ExportOptions) -> bytes.
    # Imported when first used, so a web page need not load WeasyPrint.
    renderer: str


FORMATS = {
    "pdf": Format("PDF", "application/pdf", "reports.documents.pdf.render_pdf"),
    "docx": Format(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "reports.documents.docx.render_docx",
    ),
    "xlsx": Format(
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "reports.documents.xlsx.render_xlsx",
    ),
    "html": Format("Web page", "text/html; charset=utf-8", "reports.documents.html.render_html"),
}


# The documents besides the Progress Update, by kind: each in the same
# formats, each renderer (document) -> bytes, imported when first used.
# The executive response (reports/executive_response/builder.py), the scrutiny
# annual report (reports/annual/data.py) and a partnership plan's quarterly
# report (reports/partnership/report.py): these two's renderers also take
# ExportOptions, (document, options) -> bytes.
DOCUMENT_RENDERERS = {
    "executive_response": {
        "pdf": "reports.documents.pdf.render_response_pdf",
        "docx": "reports.documents.docx.render_response_docx",
        "xlsx": "reports.documents.xlsx.render_response_xlsx",
        "html": "reports.documents.html.render_response_html",
    },
    "annual_report": {
        "pdf": "reports.documents.pdf.render_annual_pdf",
        "docx": "reports.documents.docx.render_annual_docx",
        "xlsx": "reports.documents.xlsx.render_annual_xlsx",
        "html": "reports.documents.html.render_annual_html",
    },
    # A partnership plan's quarterly report (reports/partnership/report.py), with
    # the agenda options as the annual report's.
    "partnership_report": {
        "pdf": "reports.documents.pdf.render_partnership_pdf",
        "docx": "reports.documents.docx.render_partnership_docx",
        "xlsx": "reports.documents.xlsx.render_partnership_xlsx",
        "html": "reports.documents.html.render_partnership_html",
    },
    # A self-assessment against a framework of good-practice standards as
    # its committee appendix (reports/standards/appendix.py), seed 003's
    # layout; with the agenda options, or (none given) the assessment's own
    # agenda header.
    "self_assessment": {
        "pdf": "reports.documents.pdf.render_assessment_pdf",
        "docx": "reports.documents.docx.render_assessment_docx",
        "xlsx": "reports.documents.xlsx.render_assessment_xlsx",
        "html": "reports.documents.html.render_assessment_html",
    },
}


def render_document(kind: str, document, fmt: str, options: ExportOptions | None = None) -> bytes:
    """`document` (a DOCUMENT_RENDERERS kind) in `fmt`, its text cleaned as
    render() cleans the Progress Update's; with `options` (the agenda
    header, first page and DRAFT), for a kind whose renderers take them
    (the annual report's: renderer(document, options))."""
    renderers = DOCUMENT_RENDERERS[kind]
    if fmt not in renderers:
        raise ValueError(f"Unknown format: {fmt}")
    document = map_strings(document, lambda text: within_limit(clean_text(text)))
    renderer = import_string(renderers[fmt])
    if options is None:
        return renderer(document)
    return renderer(document, map_strings(options, clean_text))


def render_response(document, fmt: str) -> bytes:
    """The executive response in `fmt` (render_document's)."""
    return render_document("executive_response", document, fmt)


def response_filename(document, fmt: str) -> str:
    """'hate-crime-executive-response.pdf'."""
    return f"{document.review_slug}-executive-response.{fmt}"


def annual_filename(document, fmt: str) -> str:
    """'scrutiny-annual-report-2019-20.pdf', with the committee's name when
    the report is of one committee."""
    label = document.label.replace("/", "-")
    committee = f"-{document.committees[0].slug}" if document.one_committee else ""
    return f"scrutiny-annual-report-{label}{committee}.{fmt}"


def is_draft(document, options: ExportOptions) -> bool:
    """Every page says DRAFT while the document is (its is_draft: a round or
    an assessment not yet published), or when asked."""
    return options.draft or document.is_draft


def filename(document: ProgressUpdate, fmt: str, options: ExportOptions = NO_OPTIONS) -> str:
    """'hate-crime-progress-update-2020-09.pdf' ('…-2020-09-not-for-publication.pdf'
    for the confidential version)."""
    period = document.round.period_code if document.round else "no-round"
    marked = "-not-for-publication" if options.confidential else ""
    return f"{document.review_slug}-progress-update-{period}{marked}.{fmt}"


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


def render(document: ProgressUpdate, fmt: str, options: ExportOptions) -> bytes:
    # The forms no longer let control characters or text over the limit in,
    # but older text may hold them: no format prints control characters, XML
    # (Word, Excel) refuses them, and a huge field takes minutes to print.
    document = map_strings(document, lambda text: within_limit(clean_text(text)))
    options = map_strings(options, clean_text)
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format: {fmt}")
    return import_string(FORMATS[fmt].renderer)(document, options)
