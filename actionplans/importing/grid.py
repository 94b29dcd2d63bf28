"""What every reader of an upload gives the import's later steps: a `Grid`
of cell values named by their cells ("C14"), and the `UnreadableFile` a
reader raises with the clerk's message. sheets.py reads workbooks and CSV
into it, word.py Word progress updates; headings.py and tracker.py read it."""

import dataclasses
import datetime
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

Value = str | int | float | datetime.date | datetime.datetime | None


class UnreadableFile(Exception):
    """A file the import cannot read; str() is the message for the clerk."""


@dataclass
class Grid:
    """One sheet's values, by 0-based row and column: rows[13][2] is C14.
    Blank cells are None; trailing blank rows and columns are left out."""

    file_name: str
    sheet_name: str
    rows: list[list[Value]]
    notes: list[str] = field(default_factory=list)  # for the preview: what was not read, and why
    # Day 0 of the workbook's serial dates: 1899-12-30, or 1904-01-01 for a
    # workbook saved with the 1904 date system (workbookPr date1904). A CSV
    # has Excel's default.
    epoch: datetime.datetime = CALENDAR_WINDOWS_1900
    # The product's export's sheets after its plan (details.DETAIL_SHEETS),
    # by title: their rows, read with the same limits.
    details: dict[str, list[list[Value]]] = field(default_factory=dict)
    # The rows of what is not read (a Word paper's tables that are not its
    # actions'), in the file's order: where its grading key lists the
    # council's grades in the council's order, each beside what it means
    # (grades.GradingKey).
    set_aside_rows: list[list[str]] = field(default_factory=list)
    # A workbook's other visible sheets with data, in its order: read with
    # this one where they share its headings (joined_sheets.py).
    more_sheets: list["Grid"] = field(default_factory=list)
    # What the file holds that is not read (a sheet of the plan's rows under
    # other headings), each with why: import_plan stops for it unless told.
    left_out: list[str] = field(default_factory=list)
    # Blank cells filled in a RAG colour ("Green"), by 0-based (row,
    # column): a status given only by its colour (fills.py).
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    # Cells with a short text filled in a RAG colour, likewise: a coloured
    # grading key's words (fills.key_colours).
    text_fills: dict[tuple[int, int], str] = field(default_factory=dict)
    # A coloured grading key's word for each colour it gives one ("Green":
    # "Achieved"): a blank cell filled in that colour says that word.
    key_colours: dict[str, str] = field(default_factory=dict)

    def cell_name(self, row_index: int, column_index: int) -> str:
        return cell_name(row_index, column_index)

    def row_name(self, row_index: int) -> str:
        """How a problem with a whole row names it ("Row 14"); a Word
        document's grid (word.py) names its tables instead."""
        return f"Row {row_index + 1}"

    def is_paragraph(self, row_index: int) -> bool:
        """Whether the row is a paper's own paragraph rather than a table's
        row (a Word paper in columns, word.ColumnsGrid): never an action."""
        return False

    def without_cells(self) -> "Grid":
        """This grid as the preview page shows it (its sheet's name, its
        notes, a Word document's places and labels), without its cells or
        its detail sheets' rows: for once its plan is read from them."""
        return dataclasses.replace(self, rows=[], details={}, more_sheets=[], fills={}, text_fills={})

    def fill(self, row_index: int, column_index: int) -> str:
        """The RAG colour a blank cell is filled in, or ''."""
        return self.fills.get((row_index, column_index), "")

    def value(self, row_index: int, column_index: int) -> Value:
        try:
            return self.rows[row_index][column_index]
        except IndexError:
            return None


def cell_name(row_index: int, column_index: int) -> str:
    """'C14' for row 13, column 2 (both counted from 0)."""
    return f"{get_column_letter(column_index + 1)}{row_index + 1}"
