"""The scrutiny annual report as a spreadsheet."""

import dataclasses

from openpyxl import Workbook

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.xlsx import Percent, Title, add_sheet, saved, set_up_printing

ANNUAL_SHEET = "Annual report"


ANNUAL_COLUMNS = [("Select Committee", 36), ("Section", 34), ("Figure", 50), ("Number", 12), ("Note", 80)]


ANNUAL_REVIEWS_SHEET = "Review by review"


ANNUAL_NOTES_SHEET = "How the figures are counted"


def _figure_value(figure):
    """The number, as a number (a share as a percentage); blank for none."""
    if figure.value is None:
        return None
    return Percent(figure.value) if figure.percent else figure.value


def render_annual_xlsx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a spreadsheet: one row per figure of
    every section (reports.annual.data.figure_tables, its noughts too), the
    number as a number, each table's note beside its first figure (or the
    one sentence the page prints instead of the table: "No review was
    completed in 2019/20."), under the report's title and facts; each
    review's line, and how the figures are counted, on sheets of their own,
    every sheet printed as the agenda pack prints it."""
    draft = options.draft
    workbook = Workbook(write_only=True)
    above = (
        Title(f"{'DRAFT – ' if draft else ''}{document.heading}", size=14),
        *(Title(label, value=value) for label, value in document.facts),
        None,
    )
    printing = dataclasses.replace(options, agenda_header=options.agenda_header or document.title)

    def prepare(sheet):
        set_up_printing(sheet, printing, draft, landscape=True)

    add_sheet(
        workbook,
        f"DRAFT {ANNUAL_SHEET}" if draft else ANNUAL_SHEET,
        [(document.committee_word, 36), *ANNUAL_COLUMNS[1:]],
        _figure_rows(document),
        above=above,
        prepare=prepare,
    )
    _add_reviews_sheet(workbook, document, prepare)
    add_sheet(
        workbook,
        ANNUAL_NOTES_SHEET,
        [("How the figures are counted", 120)],
        ((line,) for line in document.how_counted),
        filtered=False,
        prepare=prepare,
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.heading}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Scrutiny annual report"
    return saved(workbook)


def _figure_rows(document):
    """A row per figure of every section's tables, the table's note (or the
    sentence printed in its place) beside its first figure."""
    for section, tables in document.every_table:
        for table in tables:
            for n, figure in enumerate(table.figures):
                note = (table.empty if table.is_empty else table.note) if n == 0 else None
                yield (section.name, table.heading, figure.label, _figure_value(figure), note or None)


def _add_reviews_sheet(workbook, document, prepare) -> None:
    """Each review's line, a row each under its committee: a figure as a
    number, or its words where it has no number to give."""
    reviews = [(printed.section.name, printed.reviews) for printed in document.printed if printed.reviews]
    columns = reviews[0][1].columns if reviews else ()
    add_sheet(
        workbook,
        ANNUAL_REVIEWS_SHEET,
        [(document.committee_word, 36), ("Review", 30), *((column, 18) for column in columns)],
        (
            (
                committee,
                title,
                *(
                    figure.words if figure.value is None and figure.words != "–" else _figure_value(figure)
                    for figure in figures
                ),
            )
            for committee, table in reviews
            for title, figures in table.rows
        ),
        prepare=prepare,
    )
