"""The Progress Update as a spreadsheet: one row per action per round."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actionplans import richtext
from actionplans.importing.details import (
    REVIEW_DETAILS,
    REVIEW_HEADINGS,
    REVIEW_SHEET,
    ROUNDS_HEADINGS,
    ROUNDS_SHEET,
)
from reports.builder import NO_UPDATE, ProgressUpdate
from reports.documents import ExportOptions

COLUMNS = [
    # heading, width
    ("Review", 18),
    ("Round", 14),
    ("Recommendation", 15),
    ("Sub-action", 11),
    ("Strand", 28),
    ("Action reference", 28),
    ("Responsibility", 26),
    ("Date", 14),
    ("Agreed Action", 45),
    ("Agreed Success Measure", 45),
    ("Evidence of Progress", 70),
    ("Grade", 8),
    ("Assessment of Progress", 16),
    ("Explanation", 40),
    ("Evidence of Impact", 60),
    # Last, so that the columns before keep their places: with these the
    # sheet holds the whole plan, and imports back into a review
    # (actionplans/importing).
    ("Recommendation text", 45),
    ("Sub-action text", 45),
]
MONTH_FORMAT = "mmmm yyyy"
# Excel holds at most this many characters in a cell and cuts the rest
# without a word. Text is limited well below it (SCRUTINY_EVIDENCE_MAX_CHARS);
# anything longer from before is cut here, saying so.
CELL_LIMIT = 32_767


def rows(document: ProgressUpdate):
    """Plain values, one tuple per action per round, in document order; an
    action no round shown has carried gets one row without a round, so that
    the sheet holds the whole plan."""
    texts = {}
    for rec in document.recommendations:
        for action in rec.actions:
            texts[action.reference] = (rec.text, "")
        for sub in rec.sub_actions:
            for action in sub.actions:
                texts[action.reference] = (rec.text, sub.text)
    for action in document.actions:
        recommendation_text, sub_action_text = (richtext.to_plain(text) for text in texts[action.reference])
        if not action.entries:
            yield (
                document.review_title,
                None,
                action.recommendation_number,
                action.letter,
                action.strand,
                action.reference,
                ", ".join(action.responsibility),
                action.target_month or action.target,
                richtext.to_plain(action.agreed_action),
                richtext.to_plain(action.success_measure),
                "",
                None,
                "",
                "",
                "",
                recommendation_text,
                sub_action_text,
            )
        for entry in action.entries:
            yield (
                document.review_title,
                entry.round.period,
                action.recommendation_number,
                action.letter,
                action.strand,
                action.reference,
                ", ".join(entry.responsibility or action.responsibility),
                action.target_month or action.target,
                richtext.to_plain(action.agreed_action),
                richtext.to_plain(action.success_measure),
                richtext.to_plain(entry.evidence_of_progress) if entry.received else NO_UPDATE,
                entry.grade.number if entry.grade else None,
                entry.grade.words if entry.grade else "",
                richtext.to_plain(entry.grade_explanation),
                richtext.to_plain(entry.evidence_of_impact),
                recommendation_text,
                sub_action_text,
            )


# After the Progress update sheet, what an identical review needs besides:
# the rounds' dates, and the review's own details, in sheets of their own so
# that the Progress update stays as it was. The import reads them
# (actionplans/importing/details.py) when a workbook has them.
ROUNDS_COLUMNS = list(zip(ROUNDS_HEADINGS, (14, 18, 18), strict=True))
REVIEW_COLUMNS = list(zip(REVIEW_HEADINGS, (22, 60), strict=True))
DAY_FORMAT = "d mmmm yyyy"


def render_xlsx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    # The agenda options (header, page numbers, DRAFT) are for printed pages;
    # a spreadsheet has none.
    workbook = Workbook(write_only=True)
    add_sheet(workbook, "Progress update", COLUMNS, rows(document))
    add_sheet(
        workbook,
        ROUNDS_SHEET,
        ROUNDS_COLUMNS,
        ((r.period, Day(r.deadline), Day(r.meeting_date)) for r in document.rounds),
    )
    details = (
        document.review_title,
        document.committee,
        ", ".join(document.link_officers),
        document.action_plan_agreed_month or document.action_plan_agreed,
    )
    add_sheet(workbook, REVIEW_SHEET, REVIEW_COLUMNS, zip(REVIEW_DETAILS, details, strict=True))
    return _saved(workbook)


class Day:
    """A date shown as a day ("1 March 2020"), not as a month."""

    def __init__(self, value):
        self.value = value


ACTION_LIST_COLUMNS = [
    ("Review", 18),
    ("Action reference", 30),
    ("Responsibility", 26),
    ("Date", 16),
    ("Latest grade", 12),
    ("Previous grade", 12),
    ("Since the round before", 22),
    ("Past its target date", 12),
]


def render_action_list_xlsx(lines) -> bytes:
    """The dashboard's filtered list of actions, through the same safe writer."""
    return write_sheet(
        "Actions",
        ACTION_LIST_COLUMNS,
        (
            (
                line.review_title,
                line.reference,
                line.owners,
                line.target,
                line.grade_now,
                line.grade_before,
                line.movement_label,
                "Yes" if line.overdue else "No",
            )
            for line in lines
        ),
    )


def write_sheet(title: str, columns, values) -> bytes:
    """A workbook of one worksheet (see add_sheet)."""
    workbook = Workbook(write_only=True)
    add_sheet(workbook, title, columns, values)
    return _saved(workbook)


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_sheet(workbook, title: str, columns, values) -> None:
    """One worksheet: a bold header row, frozen and filtered, then typed
    cells, every text stored as text."""
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    bold = Font(bold=True)
    header = []
    for heading, _ in columns:
        cell = WriteOnlyCell(sheet, heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    count = 0
    for row in values:
        sheet.append([_cell(sheet, value, wrap, top) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def fit_cell(value: str) -> str:
    """`value` as a cell holds it: without the characters XML refuses, and
    cut short, saying so, if Excel would cut it."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) <= CELL_LIMIT:
        return value
    note = f" … [Cut short: the full text has {len(value):,} characters, more than an Excel cell holds.]"
    return value[: CELL_LIMIT - len(note)] + note


def _cell(sheet, value, wrap, top):
    if isinstance(value, Day):
        cell = WriteOnlyCell(sheet, value.value)
        cell.alignment = top
        cell.number_format = DAY_FORMAT
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, fit_cell(value))
        # Text is text: openpyxl would store "=…" as a live formula.
        cell.data_type = "s"
        cell.alignment = wrap if "\n" in value or len(value) > 40 else top
        return cell
    cell = WriteOnlyCell(sheet, value)
    cell.alignment = top
    if hasattr(value, "year"):
        cell.number_format = MONTH_FORMAT
    return cell
