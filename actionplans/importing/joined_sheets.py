"""A workbook's sheets read together (issue 73): councils keep a tracker as
a sheet per round ("Sept 2024", "March 2025"), or a sheet per review or
directorate with the same headings. Each visible sheet with data after the
first (sheets.py keeps them in `Grid.more_sheets`) is read with it where
its headings are the first sheet's:

- as a round of its own, where every such sheet names one month, in its
  name ("March 2025") or in its progress headings ("Update March 2025"),
  each a different month: the sheets' rows one under another with a Round
  column of each sheet's month, as the product's own export has them
  (tracker.py's layout (b));
- as a part of the plan, where no sheet names a month: their rows one
  under another, under the first sheet's headings.

A sheet whose headings are not the first's, or that names no month where
the others do, is not read, and said with the reason (`SheetsGrid.left_out`:
import_plan stops for it unless told to). A month and two figures in a
sheet's name ("Sept 24") is asked about as a heading's is
(round_columns.AmbiguousPeriod), with the clerk's `years`. Every cell keeps
its sheet's name and its own place ("'March 2025'!C14").
"""

import dataclasses
import datetime
import itertools
from dataclasses import dataclass, field

from actionplans.models.common import month_label

from . import headings
from .grid import Grid, cell_name
from .round_columns import Years, ambiguous_periods, heading_period, without_period

ROUND_HEADING = "Round"


@dataclass
class SheetsGrid(Grid):
    """The sheets' rows one under another: per row, its sheet and its row
    in that sheet; the Round column (`round_column`), where the sheets are
    rounds, holds each sheet's month."""

    origins: list[tuple[str, int]] = field(default_factory=list)
    round_column: int | None = None
    titles: list[str] = field(default_factory=list)  # the sheets read, in order
    questions: list[tuple[str, bool]] = field(default_factory=list)  # as RoundColumns.year_questions
    period_words: list[str] = field(default_factory=list)  # what names each sheet's month: its name or a heading
    source: Grid | None = None  # the first sheet as read, its workbook's others with it: to join again

    def without_cells(self) -> "SheetsGrid":
        return dataclasses.replace(super().without_cells(), source=None, origins=[])

    def cell_name(self, row_index: int, column_index: int) -> str:
        if row_index >= len(self.origins):
            return super().cell_name(row_index, column_index)
        title, row = self.origins[row_index]
        if column_index == self.round_column:
            return f"The name of the sheet '{title}'"
        return f"'{title}'!{cell_name(row, column_index)}"

    def row_name(self, row_index: int) -> str:
        if row_index >= len(self.origins):
            return super().row_name(row_index)
        title, row = self.origins[row_index]
        return f"Row {row + 1} of the sheet '{title}'"


@dataclass(eq=False)
class _Sheet:
    grid: Grid
    heading_row: int | None
    headings: list[str]

    @property
    def title(self) -> str:
        return self.grid.sheet_name

    def matches(self, lead: "_Sheet", *, exactly: bool) -> bool:
        if self.heading_row is None:
            return False
        return _comparable(self.headings, exactly) == _comparable(lead.headings, exactly)

    def period(self, years: Years) -> tuple[datetime.date | None, str]:
        """The month the sheet is for, and the words naming it: its name's,
        else the one month its headings name (none where they name two)."""
        if month := heading_period(self.title, years):
            return month, self.title
        named = {heading_period(text, years): text for text in self.headings if heading_period(text, years)}
        return next(iter(named.items())) if len(named) == 1 else (None, "")


def _comparable(texts: list[str], exactly: bool) -> list[str]:
    texts = texts if exactly else [without_period(text) for text in texts]
    return [headings.normalise(text) for text in texts if headings.normalise(text)]


def join(grid: Grid, years: Years | None = None, fields=headings.SCRUTINY_ACTION_PLAN) -> Grid:
    """`grid` with its workbook's other sheets that share its headings (see
    the module's docstring); `grid` itself where it has none. The first
    sheet with a row of headings leads: a cover sheet before it is named."""
    if isinstance(grid, SheetsGrid) and grid.source is not None:
        grid = grid.source  # read again, with the years now given
    if not grid.more_sheets:
        return grid
    sheets = [_sheet(one, fields) for one in (grid, *grid.more_sheets)]
    lead = next((one for one in sheets if one.heading_row is not None), None)
    if lead is None:
        return dataclasses.replace(grid, more_sheets=[])
    like = [one for one in sheets if one is not lead and one.matches(lead, exactly=False)]
    periods = [one.period(years or {}) for one in (lead, *like)]
    months = [month for month, _ in periods]
    if like and all(months) and len(set(months)) == len(months):
        return _as_rounds([lead, *like], periods, sheets, years or {})
    return _as_parts([lead, *(one for one in like if one.matches(lead, exactly=True))], sheets)


def _notes(sheets: list[_Sheet], lead: _Sheet) -> list[str]:
    """The workbook's notes (its hidden sheets: the first sheet's grid
    has them) and the lead sheet's own."""
    first = sheets[0].grid
    return [*first.notes, *(lead.grid.notes if lead.grid is not first else [])]


def _sheet(grid: Grid, fields) -> _Sheet:
    row = headings.find_heading_row(grid, fields)
    return _Sheet(grid, row, headings.headings_of(grid, row) if row is not None else [])


def _joined(lead: _Sheet, heading_row: list, sheets: list[_Sheet]) -> SheetsGrid:
    grid = lead.grid
    return SheetsGrid(
        file_name=grid.file_name,
        sheet_name=grid.sheet_name,
        rows=[*grid.rows[: lead.heading_row], heading_row],
        notes=_notes(sheets, lead),
        epoch=grid.epoch,
        details=grid.details,
        set_aside_rows=grid.set_aside_rows,
        origins=[(lead.title, row) for row in range(lead.heading_row + 1)],
        source=sheets[0].grid,
    )


def _add_rows(joined: SheetsGrid, sheet: _Sheet) -> None:
    """The sheet's rows under its headings, and its notes (the first
    sheet's are the joined grid's already)."""
    if joined.titles:
        joined.notes += [f"The sheet '{sheet.title}': {note}" for note in sheet.grid.notes]
    joined.titles.append(sheet.title)
    for row in range(sheet.heading_row + 1, len(sheet.grid.rows)):
        joined.rows.append(sheet.grid.rows[row])
        joined.origins.append((sheet.title, row))


def _as_parts(read: list[_Sheet], sheets: list[_Sheet]) -> Grid:
    """The sheets with the lead's headings, one under another."""
    lead = read[0]
    if len(read) == 1:
        alone = dataclasses.replace(lead.grid, notes=_notes(sheets, lead), more_sheets=[])
        _say_left_out(alone, sheets, read)
        return alone
    joined = _joined(lead, lead.grid.rows[lead.heading_row], sheets)
    for sheet in read:
        _add_rows(joined, sheet)
    joined.notes.append(
        f"The sheets {_listed(joined.titles)} have the same headings: they are read as parts of one plan, the rows "
        "of each under the one before."
    )
    _say_left_out(joined, sheets, read)
    return joined


def _as_rounds(read: list[_Sheet], periods: list, sheets: list[_Sheet], years: Years) -> Grid:
    """The sheets as rounds: their rows under headings without the month,
    and a Round column of each sheet's month."""
    lead = read[0]
    width = max(len(row) for one in read for row in one.grid.rows)
    heading_row = [" ".join(without_period(text).split()) or None for text in lead.headings]
    heading_row += [None] * (width - len(heading_row)) + [ROUND_HEADING]
    joined = _joined(lead, heading_row, sheets)
    joined.round_column = width
    joined.period_words = [words for _, words in periods]
    for sheet, (month, _) in zip(read, periods, strict=True):
        first = len(joined.rows)
        _add_rows(joined, sheet)
        for index in range(first, len(joined.rows)):
            row = joined.rows[index]
            filled = any(value is not None for value in row)
            joined.rows[index] = [*row, *[None] * (width - len(row)), month if filled else None]
    said = ", ".join(
        f"'{title}' as {month_label(month)}" for (month, _), title in zip(periods, joined.titles, strict=True)
    )
    joined.notes.append(f"Each sheet is a round of its own: {said}.")
    joined.questions = _year_questions([words for _, words in periods], years)
    if order := _out_of_order(joined.titles, [month for month, _ in periods]):
        joined.questions.append((order, False))
    _say_left_out(joined, sheets, read)
    return joined


def _year_questions(words: list[str], years: Years) -> list[tuple[str, bool]]:
    """A question for each sheet whose month and two figures may be a day
    ("Sept 24"), or the clerk's answer, as round_columns asks of headings."""
    said = []
    for period in ambiguous_periods(words):
        if year := years.get(period.key):
            said.append(
                (
                    f"The sheet '{words[period.columns[0]]}': “{period.words}” read as "
                    f"{period.reading(year)}, as you said.",
                    True,
                )
            )
            continue
        said.append(
            (
                f"The sheet '{words[period.columns[0]]}' names “{period.words}”, whose two figures may be the day or "
                f"the year: say which year it is (it reads as {period.reading(period.proposed)} beside the sheets "
                "next to it)",
                False,
            )
        )
    return said


def _out_of_order(titles: list[str], months: list[datetime.date]) -> str:
    dated = list(zip(titles, months, strict=True))
    for (before, earlier), (title, later) in itertools.pairwise(dated):
        if later <= earlier:
            return (
                f"The sheet '{title}' is read as {month_label(later)}, not after '{before}' ({month_label(earlier)}) "
                "before it, though the workbook's sheets run oldest first: check the years"
            )
    return ""


def _not_read(sheets: list[_Sheet], read: list[_Sheet]) -> list[tuple[str, bool]]:
    """A line for each sheet with data that is not read, saying why, and
    whether it has a plan's headings (so holds what the import leaves out)."""
    lead = read[0]
    said = []
    for sheet in sheets:
        if any(sheet is one for one in read):
            continue
        if sheet.heading_row is None:
            said.append((f"The sheet '{sheet.title}' is not read: it has no row of a plan's headings.", False))
            continue
        if sheet.matches(lead, exactly=False):
            why = "its headings are the tracker's, but the sheets' names do not each name a different month"
        else:
            why = (
                f"its headings ({' | '.join(text for text in sheet.headings if text)}) are not those of "
                f"'{lead.title}' ({' | '.join(text for text in lead.headings if text)})"
            )
        said.append(
            (f"The sheet '{sheet.title}' is not read: {why}. If it is part of the plan, import it on its own.", True)
        )
    return said


def _say_left_out(grid: Grid, sheets: list[_Sheet], read: list[_Sheet]) -> None:
    said = _not_read(sheets, read)
    grid.notes.extend(line for line, _ in said)
    grid.left_out = [line for line, counts in said if counts]


def _listed(titles: list[str]) -> str:
    quoted = [f"'{title}'" for title in titles]
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def period_words(grid: Grid) -> list[str]:
    """The words naming each sheet's month, where the sheets are rounds,
    for the preview's questions of a year (round_columns.ambiguous_periods)."""
    return list(grid.period_words) if isinstance(grid, SheetsGrid) else []
