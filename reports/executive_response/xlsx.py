"""The executive response as a spreadsheet: one row per recommendation."""

from openpyxl import Workbook

from actionplans import richtext
from actionplans.models import marked
from reports.documents import ExportOptions
from reports.documents.xlsx import RESPONSE_SHEET, Day, Title, add_sheet, saved, set_up_printing

RESPONSE_COLUMNS = [
    ("Recommendation", 15),
    ("Recommendation text", 60),
    ("Response", 22),
    ("Date of response", 18),
    ("Reasons", 60),
    ("Accepted part", 45),
]
DATE_COLUMN = 3


def render_response_xlsx(document) -> bytes:
    """The executive response as a spreadsheet: the facts above, one row per
    recommendation (reports.executive_response.builder)."""
    draft = document.is_draft
    workbook = Workbook(write_only=True)
    above = (
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        *(Title(label, value=value) for label, value in document.marked_fact_values),
        None,
    )
    # The demo's mark on its invented dates of response, in their heading.
    columns = list(RESPONSE_COLUMNS)
    columns[DATE_COLUMN] = (marked(columns[DATE_COLUMN][0], document, "responded_on"), columns[DATE_COLUMN][1])
    add_sheet(
        workbook,
        RESPONSE_SHEET,
        columns,
        (
            (
                rec.number,
                richtext.to_plain(rec.text_with_parts),
                rec.response,
                Day(rec.responded_on_date) if rec.responded_on_date else "",
                richtext.to_plain(rec.reasons),
                richtext.to_plain(rec.accepted_part),
            )
            for rec in document.recommendations
        ),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, ExportOptions(), draft, landscape=True),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = document.title[:250]
    properties.subject = "Scrutiny review – executive response"
    return saved(workbook)
