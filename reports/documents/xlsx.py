"""What every document's spreadsheet shares: worksheets whose text is
stored as text (never a formula) and cut, saying so, where Excel would cut
it; dates as dates; printed as the agenda pack prints them."""

import datetime
import io
import re
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.documents import ExportOptions

MONTH_FORMAT = "mmmm yyyy"
# Excel holds at most this many characters in a cell and cuts the rest
# without a word. Text is limited well below it (SCRUTINY_EVIDENCE_MAX_CHARS);
# anything longer from before is cut here, saying so.
CELL_LIMIT = 32_767


DAY_FORMAT = "d mmmm yyyy"


# Excel holds at most 255 characters in a header or footer, codes included
# ("&C" for the centre).
HEADER_LIMIT = 250


def set_up_printing(sheet, options: ExportOptions, draft: bool, *, landscape: bool) -> None:
    """As the agenda pack prints it: A4, as wide as the page, the heading row
    on every page, the agenda header and DRAFT at the top and the pack's page
    numbers at the bottom."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    header = " – ".join(part for part in ("DRAFT" if draft else "", options.marking, options.agenda_header) if part)
    if header:
        sheet.oddHeader.center.text = header_text(header)
    # The correction on every printed page too, at the left, if the header
    # (all its sections together) holds it whole.
    note = correction_line(options).replace("&", "&&")
    if note and len(note) + len(sheet.oddHeader.center.text or "") + 6 <= HEADER_LIMIT:
        sheet.oddHeader.left.text = note
    sheet.oddFooter.center.text = "Page &P"
    if options.first_page:
        sheet.page_setup.firstPageNumber = options.first_page
        sheet.page_setup.useFirstPageNumber = True


def correction_line(options: ExportOptions) -> str:
    """The correction note on one line: one correction after another."""
    return "; ".join(line for line in options.correction_note.splitlines() if line.strip())


def header_text(text: str) -> str:
    """`text` for a print header: "&" starts a code there, so it is doubled;
    cut, if need be, to what a header holds."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= HEADER_LIMIT:
        return escaped
    cut = escaped[: HEADER_LIMIT - 1]
    # Not half of a doubled "&", which would start a code.
    if (len(cut) - len(cut.rstrip("&"))) % 2:
        cut = cut[:-1]
    return cut + "…"


class Title:
    """A line of the title block: bold text in column A."""

    def __init__(self, text: str, size: int | None = None, value=None):
        self.text = text
        self.size = size
        self.value = value  # beside the text in column B: a date is written as one


class Day:
    """A date shown as a day ("1 March 2020"), not as a month."""

    def __init__(self, value):
        self.value = value


class Percent:
    """A fraction shown as a percentage: 0.88 as 88%."""

    def __init__(self, value):
        self.value = value


def write_sheet(title: str, columns, values, *, creator: str = "") -> bytes:
    """A workbook of one worksheet (see add_sheet); `creator`: the council."""
    workbook = Workbook(write_only=True)
    add_sheet(workbook, title, columns, values)
    workbook.properties.creator = creator
    return saved(workbook)


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# What Excel refuses in a sheet's name.
_SHEET_NAME_NOT = re.compile(r"[\\/*?:\[\]]")


def add_sheet(workbook, title: str, columns, values, above=(), filtered=True, prepare=None) -> None:
    """One worksheet: the rows `above` (Title or None for a blank row), then
    a bold header row, frozen, filtered and repeated on every printed page,
    then typed cells, every text stored as text. `prepare(sheet)` sets what
    else the sheet needs: before the first row, as a write-only sheet writes
    its properties (the page set-up's fit to page among them) with it.
    A title with what a sheet's name may not have ('Q1 2018/19') has it
    as a dash, within Excel's 31 characters."""
    sheet = workbook.create_sheet(_SHEET_NAME_NOT.sub("-", title)[:31])
    if prepare:
        prepare(sheet)
    heading_row = len(above) + 1
    sheet.freeze_panes = f"A{heading_row + 1}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    for line in above:
        if line is None:
            sheet.append([])
            continue
        cell = WriteOnlyCell(sheet, fit_cell(line.text))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=line.size) if line.size else Font(bold=True)
        if line.value is None:
            sheet.append([cell])
            continue
        value = Day(line.value) if isinstance(line.value, datetime.date) else line.value
        sheet.append([cell, _cell(sheet, value, _Styles(sheet, wrap=Alignment(vertical="top")))])

    bold = Font(bold=True)
    header = []
    for heading, _ in columns:
        cell = WriteOnlyCell(sheet, heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    styles = _Styles(sheet)
    count = 0
    for row in values:
        sheet.append([_cell(sheet, value, styles) for value in row])
        count += 1
    if filtered:
        sheet.auto_filter.ref = f"A{heading_row}:{get_column_letter(len(columns))}{heading_row + count}"


def fit_cell(value: str) -> str:
    """`value` as a cell holds it: without the characters XML refuses, and
    cut short, saying so, if Excel would cut it."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) <= CELL_LIMIT:
        return value
    note = f" … [Cut short: the full text has {len(value):,} characters, more than an Excel cell holds.]"
    return value[: CELL_LIMIT - len(note)] + note


class _Styles:
    """The few styles a sheet's cells take (text wrapped or not, a day, a
    month, a percentage), each made once. Setting a cell's alignment or
    number format looks the style up among the workbook's by its hash, and
    openpyxl hashes a style field by field, twice a cell: a third of the
    time of the changes between two meetings at 5,000 actions (95,000
    cells, 1.7 s of CPU). A cell takes a copy of the style's ids instead:
    the same styles in the file. `wrap`: the alignment of long text, where
    it should not wrap (a title's value)."""

    def __init__(self, sheet, *, wrap=None, top=None):
        self.sheet = sheet
        self.wrap = wrap or Alignment(wrap_text=True, vertical="top")
        self.top = top or Alignment(vertical="top")
        self.made = {}

    def __call__(self, cell, wrap: bool = False, number_format: str | None = None):
        key = (wrap, number_format)
        if key not in self.made:
            model = WriteOnlyCell(self.sheet)
            model.alignment = self.wrap if wrap else self.top
            if number_format:
                model.number_format = number_format
            self.made[key] = model._style
        cell._style = copy(self.made[key])
        return cell


def _cell(sheet, value, styles):
    if value == "":
        # No cell at all: a spreadsheet reads an empty text as it reads no
        # cell, and a fifth of a large sheet's cells are empty.
        return None
    if isinstance(value, Day):
        return styles(WriteOnlyCell(sheet, value.value), number_format=DAY_FORMAT)
    if isinstance(value, Percent):
        return styles(WriteOnlyCell(sheet, value.value), number_format="0%")
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, fit_cell(value))
        # Text is text: openpyxl would store "=…" as a live formula.
        cell.data_type = "s"
        return styles(cell, wrap="\n" in value or len(value) > 40)
    cell = WriteOnlyCell(sheet, value)
    return styles(cell, number_format=MONTH_FORMAT if hasattr(value, "year") else None)


# The executive's responses, in a sheet of their own: in the Progress
# Update (reports/progress_update/xlsx.py) and as the executive response
# (reports/executive_response/xlsx.py).
RESPONSE_SHEET = "Executive response"
