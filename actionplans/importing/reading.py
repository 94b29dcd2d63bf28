"""The three reading steps run together, as the pages and the command use
them: the file, its heading row, the mapping (guessed, or as the clerk
corrected it) and the ImportedPlan."""

import datetime
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from actionplans.importing import details, headings, joined_sheets, partnership, round_columns, sheets, tracker, word
from actionplans.importing.plan import ImportedPlan, Problem

# The field whose cells name people: problems about unknown people name
# that column's cell.
OWNER_FIELDS = ("owners", "responsibility")


@dataclass
class Reading:
    grid: object  # sheets.Grid
    heading_row: int | None
    headings: list[str]  # the heading row's cells, as text
    mapping: dict[int, str]  # column index -> field key
    plan: ImportedPlan
    years: dict = field(default_factory=dict)  # the year the clerk gave each heading such as "April 25"
    # The date of the executive's responses the file gives, as the clerk said (responses.py).
    responded_on: datetime.date | None = None
    # The sheets of a plan's rows the file holds that are not read, each
    # with why (a column not read is a note: its values are not the plan's).
    left_out: list[str] = field(default_factory=list)

    @property
    def owner_column(self) -> str:
        """The letter of the column naming who is responsible ("G"), or ""."""
        for index, key in self.mapping.items():
            if key in OWNER_FIELDS:
                return get_column_letter(index + 1)
        return ""

    def let_go_of_cells(self) -> None:
        """Keep of the grid only what the page shows (Grid.without_cells()),
        once the plan is read: what is compared and saved is the plan, and
        a 50,000-row file's cells (some 13 MB the plan does not share) would
        otherwise be held through the comparison and the save."""
        self.grid = self.grid.without_cells()


# The kinds of plan a file can be imported into: each has its fields
# (headings.py) and its reader.
REVIEW, PARTNERSHIP = "review", "partnership"


def fields(kind: str = REVIEW):
    return headings.PARTNERSHIP_PLAN if kind == PARTNERSHIP else headings.SCRUTINY_ACTION_PLAN


def read(
    data: bytes, file_name: str, *, period: datetime.date | None = None, mapping=None, kind=REVIEW, years=None
) -> Reading:
    """Read `data`; raises sheets.UnreadableFile (its str() is the clerk's
    message) for a file that is not a spreadsheet we can read."""
    return from_grid(sheets.read_grid(data, file_name), period=period, mapping=mapping, kind=kind, years=years)


def from_grid(grid, *, period: datetime.date | None = None, mapping=None, kind=REVIEW, years=None) -> Reading:
    """The plan of a grid already read, with `mapping` (column index ->
    field key) or the guessed one: a corrected mapping reads the file once.
    `years`: the year of each heading such as "April 25" (tracker.read_plan)."""
    file_name = grid.file_name
    if isinstance(grid, word.DocumentGrid):
        return _from_document(grid, period=period, kind=kind)
    grid = joined_sheets.join(grid, years, fields(kind))
    titled = grid.titled if isinstance(grid, word.ColumnsGrid) and period is None and kind == REVIEW else None
    period = titled[0] if titled else period  # "Progress update – October 2025" above a Word paper's tables
    heading_row = headings.find_heading_row(grid, fields(kind))
    if heading_row is None:
        plan = (partnership.ImportedPartnershipPlan if kind == PARTNERSHIP else ImportedPlan)(file_name=file_name)
        plan.problems.append(
            Problem("", "The file has no row of headings we recognise: use the template's headings, or the export's.")
        )
        return Reading(grid, None, [], {}, plan)
    cells = ["" if value is None else str(value) for value in grid.rows[heading_row]]
    if mapping is None:
        mapping = headings.guess_mapping(cells, fields(kind))
        if kind == PARTNERSHIP:
            mapping = partnership.guess_mapping(cells, mapping)
            mapping = round_columns.add_round_columns(cells, mapping, round_columns.QUARTERS)
        else:
            mapping = round_columns.add_round_columns(cells, mapping, years=years)
        if getattr(grid, "round_column", None) is not None:
            mapping[grid.round_column] = "round"  # each sheet's month (joined_sheets.py)
    if kind == PARTNERSHIP:
        plan = partnership.read_plan(grid, heading_row=heading_row, mapping=mapping, period=period)
        plan.notes.extend(columns_not_read(grid, heading_row, cells, mapping, fields(kind)))
        return Reading(grid, heading_row, cells, mapping, plan, left_out=grid.left_out)
    plan = tracker.read_plan(grid, heading_row=heading_row, mapping=mapping, period=period, years=years)
    details.read_details(grid, plan)
    if isinstance(grid, joined_sheets.SheetsGrid):
        _read_sheets_named(grid, plan)
    if isinstance(grid, word.ColumnsGrid):
        details.read_document_details(grid.review_details, plan, front=grid.front)
        plan.problems += [Problem(where, message) for where, message in grid.unmatched]
        _name_places(grid, plan, mapping)
    if titled:
        plan.notes.append(
            f"The paper's heading '{titled[1]}' names its month: its progress is read as {titled[0]:%B %Y}'s. If it "
            "is another month's, say which below."
        )
    plan.notes.extend(columns_not_read(grid, heading_row, cells, mapping, fields(kind)))
    return Reading(grid, heading_row, cells, mapping, plan, dict(years or {}), left_out=grid.left_out)


def _read_sheets_named(grid, plan: ImportedPlan) -> None:
    """The sheets read together: each year asked of a sheet's name is a
    problem until answered, and every cell is named with its sheet."""
    for said, answered in grid.questions:
        if answered:
            plan.notes.append(said)
        else:
            plan.problems.append(Problem("", said, fix="year"))
    plan.places = joined_sheets.SheetPlaces(grid)


def ambiguous_periods(read: Reading) -> tuple:
    """Each month and two figures a year is asked of (the headings', then
    the sheets' names), once: for the preview's questions."""
    found = round_columns.ambiguous_periods(read.headings)
    found += round_columns.ambiguous_periods(joined_sheets.period_words(read.grid))
    by_key = {}
    for period in found:
        by_key.setdefault(period.key, period)
    return tuple(by_key.values())


def columns_not_read(grid, heading_row: int, cells: list[str], mapping: dict[int, str], fields=()) -> list[str]:
    """A line for each column with a heading or a value that is not read,
    saying why: nothing in the file is left out without a word."""
    below = grid.rows[heading_row + 1 :]
    width = max([len(cells), *(len(row) for row in below)], default=0)
    lines = []
    for column in range(width):
        heading = cells[column] if column < len(cells) else ""
        if column in mapping or not (heading or any(_has(row, column) for row in below)):
            continue
        letter = get_column_letter(column + 1)
        if not heading:
            lines.append(
                f"Column {letter} has values but no heading, so it is not read: if it is one of the plan's fields, "
                "give it a heading in the file and upload it again."
            )
        elif field := _field_named(heading, fields):
            # The clerk chose Not imported for it, or another column has its field.
            lines.append(
                f"Column {letter} ('{heading}') is not read: it is set to Not imported, though its heading reads "
                f"as {field.label}. If it is that, choose it under 'The file's columns' and preview again."
            )
        else:
            lines.append(
                f"Column {letter} ('{heading}') is not read: its heading is not one of a plan's fields. If it is "
                "one, choose its field under 'The file's columns' and preview again."
            )
    return lines


def _field_named(heading: str, fields):
    """The plan's field a heading is the wording of, if any ('Comments' is
    Evidence of Progress; 'Officer notes' only mentions an officer)."""
    key = headings.label_field(heading, fields, exact=True) if fields else None
    return next((field for field in fields if field.key == key), None)


def _has(row: list, column: int) -> bool:
    return column < len(row) and row[column] is not None


def _from_document(grid, *, period: datetime.date | None, kind: str) -> Reading:
    """A Word progress update (word.py): its labels are read already, so
    its columns are known (the preview has no columns to correct, and shows
    what the labels were read as), and its problems are named by table."""
    if kind == PARTNERSHIP:
        plan = partnership.ImportedPartnershipPlan(file_name=grid.file_name)
        plan.problems.append(
            Problem(
                "",
                "A partnership plan is imported from a spreadsheet, not a Word document: copy its table into "
                "Excel, save it as an Excel Workbook (.xlsx) and upload that.",
            )
        )
        return Reading(grid, None, [], {}, plan)
    mapping = grid.mapping
    plan = tracker.read_plan(grid, heading_row=0, mapping=mapping, period=period)
    # An action's record is a row per round: a bad Date is said once, not per round.
    plan.problems = list(dict.fromkeys(plan.problems))
    details.read_document_details(grid.review_details, plan, front=grid.front)
    plan.unread_labels = list(grid.unread_labels)
    _name_places(grid, plan, mapping)
    return Reading(grid, 0, [], mapping, plan)


def _name_places(grid, plan: ImportedPlan, mapping: dict[int, str]) -> None:
    """A Word paper's rows and cells by where they are in it ("Table 2,
    row 3, Lead"), for the steps after reading, which name them as a
    sheet's ("B3", "Row 3"): plan.places."""
    for row_index in range(1, len(grid.rows)):
        plan.places[f"Row {row_index + 1}"] = grid.row_name(row_index)
        for column in mapping:
            plan.places[sheets.cell_name(row_index, column)] = grid.cell_name(row_index, column)
