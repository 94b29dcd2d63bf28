from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.documents import NO_OPTIONS, ExportOptions, is_draft
from reports.progress_update import layout
from reports.progress_update.builder import ProgressUpdate
from reports.progress_update.summary import summarise
from reports.standards.appendix import appendix_heading, export_options

STYLESHEET = "reports/document.css"


def document_context(document: ProgressUpdate, options: ExportOptions) -> dict:
    return {
        "document": document,
        "sections": layout.sections(document),
        "options": options,
        "draft": is_draft(document, options),
        "summary": summarise(document) if options.summary else None,
    }


def render_print_html(document: ProgressUpdate, options: ExportOptions, stylesheet: str = "") -> str:
    """The whole document as one HTML page: for the PDF engine, which fetches
    the stylesheet it links, or with `stylesheet` inlined."""
    context = document_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/print.html", context)


@cache
def inline_stylesheet() -> str:
    """The document's stylesheet, to inline. It links nothing (no url(), no
    @import: the fonts are the reader's own), so a file that carries it
    needs nothing else; "</" is escaped so that no text ends the <style>."""
    text = Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")
    return text.replace("</", "<\\/")


def render_html(document: ProgressUpdate, options: ExportOptions) -> bytes:
    """A web page file, self-contained: opened from disk (from the command
    line's export or an archive) it looks as it does on the site."""
    return render_print_html(document, options, inline_stylesheet()).encode()


# The executive response document -----------------------------------------------


def response_context(document) -> dict:
    return {"document": document, "grids": document.grids(), "draft": document.is_draft}


def render_response_print_html(document, stylesheet: str = "") -> str:
    context = response_context(document)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/response_print.html", context)


def render_response_html(document) -> bytes:
    return render_response_print_html(document, inline_stylesheet()).encode()


# The scrutiny annual report -----------------------------------------------------


def render_annual_print_html(document, options: ExportOptions = NO_OPTIONS, stylesheet: str = "") -> str:
    """The agenda header (or, without one, the report's title) at the top of
    every page, DRAFT where asked, the pack's page numbers."""
    return render_to_string(
        "reports/document/annual_print.html",
        {"document": document, "options": options, "draft": options.draft, "stylesheet": stylesheet},
    )


def render_annual_html(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    return render_annual_print_html(document, options, inline_stylesheet()).encode()


# A partnership plan's quarterly report ---------------------------------------------


def partnership_context(document, options: ExportOptions = NO_OPTIONS) -> dict:
    return {"document": document, "options": options, "draft": document.is_draft or options.draft}


def render_partnership_print_html(document, options: ExportOptions = NO_OPTIONS, stylesheet: str = "") -> str:
    """Landscape, the agenda header and DRAFT at the top of every page, the
    pack's page numbers (reports/partnership/report.py)."""
    context = partnership_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/partnership_print.html", context)


def render_partnership_html(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    return render_partnership_print_html(document, options, inline_stylesheet()).encode()


# A self-assessment as the committee appendix ---------------------------------------


def assessment_context(document, options: ExportOptions | None = None) -> dict:
    """The appendix's heading ("Appendix A") is the agenda header's, when it
    names one; without options, the assessment's own header is printed."""
    options = export_options(document, options)
    return {
        "document": document,
        "options": options,
        "draft": is_draft(document, options),
        "appendix": appendix_heading(options.agenda_header),
    }


def render_assessment_print_html(document, options: ExportOptions | None = None, stylesheet: str = "") -> str:
    """Portrait, as seed 003: the agenda header and DRAFT at the top of
    every page, the pack's page numbers (reports/standards/appendix.py)."""
    context = assessment_context(document, options)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/assessment_print.html", context)


def render_assessment_html(document, options: ExportOptions | None = None) -> bytes:
    return render_assessment_print_html(document, options, inline_stylesheet()).encode()
