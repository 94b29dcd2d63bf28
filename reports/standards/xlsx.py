"""A self-assessment's committee appendix as a workbook."""

from openpyxl import Workbook

from actionplans import richtext
from reports.documents import ExportOptions, is_draft
from reports.documents.xlsx import Title, add_sheet, saved, set_up_printing
from reports.standards.appendix import appendix_heading, export_options

# One sheet, a row per characteristic with its standard beside it, so that a
# clerk can filter it (every gap, every Not met) and sort it back by the
# Characteristic column ("2 D"); the standards' definitions and the levels'
# text in sheets of their own after it.
ASSESSMENT_SHEET = "Self-assessment"


ASSESSMENT_COLUMNS = [
    ("Standard", 30),
    ("Characteristic", 14),
    ("Characteristics of good practice", 45),
    ("Function", 45),
    ("Local response", 55),
    ("Rating", 12),
    ("Evidence", 40),
    ("Gap", 40),
    ("Actions", 50),
]


STANDARDS_SHEET = "Standards"


STANDARDS_COLUMNS = [("Standard", 10), ("Title", 36), ("Definition", 100)]


LEVELS_SHEET = "Levels"


LEVELS_COLUMNS = [("Level", 60), ("Text", 100)]


def assessment_columns(document):
    """ASSESSMENT_COLUMNS, without the Rating where nothing was rated (as
    seed 003 prints none)."""
    return [column for column in ASSESSMENT_COLUMNS if document.rated or column[0] != "Rating"]


def assessment_rows(document):
    """A row per characteristic; the gap and its actions (each on its own
    line, with its latest status) only for anything not fully met, as the
    document prints them."""
    for standard in document.standards:
        for row in standard.rows:
            gap = row.leaves_a_gap
            yield (
                standard.heading,
                row.label,
                richtext.to_plain(row.text),
                richtext.to_plain(row.function),
                richtext.to_plain(row.response),
                *((row.rating,) if document.rated else ()),
                richtext.to_plain(row.evidence),
                richtext.to_plain(row.gap) if gap else "",
                "\n".join(action.printed for action in row.actions) if gap else "",
            )


def render_assessment_xlsx(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as a workbook: the characteristics' sheet (text
    stored as text, never a formula), then the standards and the levels;
    printed portrait or landscape as each reads best, with the agenda
    header, DRAFT and the pack's page numbers (reports/standards/appendix.py)."""
    options = export_options(document, options)
    draft = is_draft(document, options)
    workbook = Workbook(write_only=True)
    against = f", against the standards of the {document.issued_by}" if document.issued_by else ""
    above = (
        Title(appendix_heading(options.agenda_header)) if appendix_heading(options.agenda_header) else None,
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        Title(f"{document.subtitle}{against}{' (DRAFT: not yet published)' if document.is_draft else ''}"),
        # No paper prints a day the demo invents: its rows are left blank,
        # so that the heading row never moves.
        Title("Assessed on", value=document.assessed_on) if document.assessed_on_label else None,
        None,  # the row the demo's mark once took
    )
    add_sheet(
        workbook,
        f"DRAFT {ASSESSMENT_SHEET}" if draft else ASSESSMENT_SHEET,
        assessment_columns(document),
        assessment_rows(document),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=True),
    )
    add_sheet(
        workbook,
        STANDARDS_SHEET,
        STANDARDS_COLUMNS,
        ((standard.number, standard.title, richtext.to_plain(standard.definition)) for standard in document.standards),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    add_sheet(
        workbook,
        LEVELS_SHEET,
        LEVELS_COLUMNS,
        ((level.heading, richtext.to_plain(level.text)) for level in document.levels),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.title}: {document.subtitle}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Self-assessment against standards of good practice"
    properties.description = document.area[:250]
    return saved(workbook)
