"""A workbook's sheets read together (issue 73): councils keep a tracker as
a sheet per round ("Sept 2024", "March 2025"), or a sheet per review or
directorate with the same headings. Each visible sheet with data (sheets.py
keeps those after the first in `Grid.more_sheets`) is looked at; the first
with a row of a plan's headings leads, and the sheets whose headings are
its own, column for column, are read with it:

- as parts of the plan, their rows one under another, where their
  headings are the same word for word and no sheet's name is a month
  (rounds side by side in every sheet are every part's rounds);
- as rounds, where each sheet names its month, in its name ("March 2025")
  or else in its headings ("Update March 2025", where the sheets' headings
  differ only in the month): their rows one under another under headings
  without the month, and a Round column of each sheet's month, as the
  product's own export has them (tracker.py's layout (b)). A sheet naming
  no month, or one an earlier sheet names, is not read.

Every sheet with data that is not read is said, with why (a plan's rows
under other headings count as left out: `Grid.left_out`, for which
import_plan stops unless told to). A month and two figures in a sheet's
name ("Sept 24") is asked about as a heading's is
(round_columns.year_question), with the clerk's `years`. Every cell keeps
its sheet's name and its own place ("'March 2025'!C14"). A partnership
plan is read from its first sheet, as before: the others are named.
"""

import dataclasses
import datetime
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import column_index_from_string

from actionplans.models.common import month_label

from . import headings
from .fills import key_colours
from .grid import Grid, cell_name
from .round_columns import Years, ambiguous_periods, heading_period, without_period, year_question

ROUND_HEADING = "Round (each sheet's month)"


@dataclass
class SheetsGrid(Grid):
    """The sheets' rows one under another: per row, the index of its sheet
    (in `titles`) and its row in that sheet; the Round column
    (`round_column`), where the sheets are rounds, holds each sheet's month."""

    origins: list[tuple[int, int]] = field(default_factory=list)
    round_column: int | None = None
    titles: list[str] = field(default_factory=list)  # the sheets read, in order
    questions: list[tuple[str, bool]] = field(default_factory=list)  # (said, answered), as year_question
    period_words: list[str] = field(default_factory=list)  # what names each round sheet's month
    source: Grid | None = None  # the first sheet as read, its workbook's others with it: to join again

    def without_cells(self) -> "SheetsGrid":
        return dataclasses.replace(super().without_cells(), source=None)

    def cell_name(self, row_index: int, column_index: int) -> str:
        if row_index >= len(self.origins):
            return super().cell_name(row_index, column_index)
        sheet, row = self.origins[row_index]
        if column_index == self.round_column:
            return f"The name of the sheet '{self.titles[sheet]}'"
        return f"'{self.titles[sheet]}'!{cell_name(row, column_index)}"

    def row_name(self, row_index: int) -> str:
        if row_index >= len(self.origins):
            return super().row_name(row_index)
        sheet, row = self.origins[row_index]
        return f"Row {row + 1} of the sheet '{self.titles[sheet]}'"


_CELL_OR_ROW = re.compile(r"^(?:Row (\d+)|([A-Z]{1,3})(\d+))$")


class SheetPlaces:
    """The places of the joined grid's rows and cells by the names the
    later steps give them ("Row 7", "E7"), worked out when asked
    (ImportedPlan.places): a dict of every cell would hold some 60 MB for
    20,000 rows through the comparison and the save."""

    def __init__(self, grid: SheetsGrid):
        self.grid = dataclasses.replace(grid, rows=[], details={}, more_sheets=[], source=None, fills={})

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        def key(places):
            return places.grid.titles, places.grid.origins, places.grid.round_column

        return isinstance(other, SheetPlaces) and key(self) == key(other)

    __hash__ = None

    def get(self, name: str, default: str = "") -> str:
        match = _CELL_OR_ROW.match(name or "")
        if not match:
            return default
        if match.group(1):
            return self.grid.row_name(int(match.group(1)) - 1)
        return self.grid.cell_name(int(match.group(3)) - 1, column_index_from_string(match.group(2)) - 1)


@dataclass(eq=False)
class _Sheet:
    grid: Grid
    heading_row: int | None
    headings: list[str]
    fields: int  # how many of a plan's fields its headings name

    @property
    def title(self) -> str:
        return self.grid.sheet_name

    def matches(self, lead: "_Sheet", *, exactly: bool) -> bool:
        """Whether its headings are `lead`'s, column for column (`exactly`:
        word for word; else but for the month they name)."""
        return self.heading_row is not None and _comparable(self.headings, exactly) == _comparable(
            lead.headings, exactly
        )

    def month(self, years: Years, *, by_name_only: bool = False) -> tuple[datetime.date | None, str]:
        """The month the sheet is for, and the words naming it: its name's,
        else the one month its headings name (none where they name two)."""
        if month := heading_period(self.title, years):
            return month, self.title
        if by_name_only:
            return None, ""
        named = {month: text for text in self.headings if (month := heading_period(text, years))}
        return next(iter(named.items())) if len(named) == 1 else (None, "")

    @property
    def holds_a_plan(self) -> bool:
        """Whether its headings are those of a plan's rows (three fields or
        more, the action or the recommendation among them): leaving it out
        leaves out part of the plan."""
        return self.fields >= 3


def _comparable(texts: list[str], exactly: bool) -> list[str]:
    """The headings as compared: word for word (`exactly`), else as fields
    are matched, without the month they name."""
    if exactly:
        found = [" ".join(text.casefold().split()) for text in texts]
    else:
        found = [headings.normalise(without_period(text)) for text in texts]
    while found and not found[-1]:
        found.pop()
    return found


def join(grid: Grid, years: Years | None = None, fields=headings.SCRUTINY_ACTION_PLAN) -> Grid:
    """`grid` with its workbook's other sheets that share its headings (see
    the module's docstring); `grid` itself where it has none."""
    if isinstance(grid, SheetsGrid) and grid.source is not None:
        grid = grid.source  # read again, with the years now given
    if not grid.more_sheets:
        return grid
    sheets = [_sheet(one, fields) for one in (grid, *grid.more_sheets)]
    lead = next((one for one in sheets if one.heading_row is not None), None)
    if lead is None or fields is not headings.SCRUTINY_ACTION_PLAN:
        return _alone(lead or sheets[0], sheets, "a partnership plan is read from one sheet")
    like = [lead, *(one for one in sheets if one is not lead and one.matches(lead, exactly=False))]
    if len(like) == 1:
        return _alone(lead, sheets, "")
    named_by_title = any(one.month({}, by_name_only=True)[0] for one in like)
    if not named_by_title and all(one.matches(lead, exactly=True) for one in like):
        return _as_parts(like, sheets)
    rounds = _round_sheets(like, years or {})
    if len(rounds) < 2:
        return _alone(lead, sheets, f"it has the headings of '{lead.title}', but the sheets do not each name a month")
    return _as_rounds(rounds, sheets, years or {})


def _sheet(grid: Grid, fields) -> _Sheet:
    row = headings.find_heading_row(grid, fields)
    if row is None:
        return _Sheet(grid, None, [], 0)
    texts = headings.headings_of(grid, row)
    mapping = headings.guess_mapping(texts, fields)
    named = len(mapping) if {"action", "recommendation"} & set(mapping.values()) else 0
    return _Sheet(grid, row, texts, named)


def _round_sheets(like: list[_Sheet], years: Years) -> list[tuple[_Sheet, datetime.date, str]]:
    """The sheets that are rounds, each with its month and the words naming
    it: the first sheet for each month (a copy, 'March 2025 (2)', is not)."""
    found, months = [], set()
    for sheet in like:
        month, words = sheet.month(years)
        if month and month not in months:
            found.append((sheet, month, words))
            months.add(month)
    return found


def _alone(lead: _Sheet, sheets: list[_Sheet], same: str) -> Grid:
    """The lead sheet on its own, with the workbook's notes and each other
    sheet named as not read (`same`: why, for one with its headings)."""
    first = sheets[0].grid
    alone = dataclasses.replace(
        lead.grid,
        notes=_notes(sheets, lead),
        more_sheets=[],
        details=first.details,
        set_aside_rows=list(first.set_aside_rows),
    )
    _say_not_read(alone, sheets, [lead], same)
    return alone


def _notes(sheets: list[_Sheet], lead: _Sheet) -> list[str]:
    """The workbook's notes (its hidden sheets: the first sheet's grid has
    them) and the lead sheet's own."""
    first = sheets[0].grid
    return [*first.notes, *(lead.grid.notes if lead.grid is not first else [])]


def _joined(lead: _Sheet, heading_row: list, sheets: list[_Sheet]) -> SheetsGrid:
    first = sheets[0].grid
    return SheetsGrid(
        file_name=lead.grid.file_name,
        sheet_name=lead.title,
        rows=[*lead.grid.rows[: lead.heading_row], heading_row],
        notes=_notes(sheets, lead),
        epoch=lead.grid.epoch,
        details=first.details,
        set_aside_rows=list(first.set_aside_rows),
        origins=[(0, row) for row in range(lead.heading_row + 1)],
        fills={place: colour for place, colour in lead.grid.fills.items() if place[0] <= lead.heading_row},
        source=first,
    )


def _add_rows(joined: SheetsGrid, sheet: _Sheet, extra: list | None = None) -> None:
    """The sheet's rows under its headings (each given `extra` at the end,
    where it has a value), and its notes (the lead's are the joined grid's
    already)."""
    if joined.titles:
        joined.notes += [f"The sheet '{sheet.title}': {note}" for note in sheet.grid.notes]
    joined.titles.append(sheet.title)
    index = len(joined.titles) - 1
    by_row: dict[int, list] = {}
    for (row, column), colour in sheet.grid.fills.items():
        by_row.setdefault(row, []).append((column, colour))
    for row in range(sheet.heading_row + 1, len(sheet.grid.rows)):
        for column, colour in by_row.get(row, ()):
            joined.fills[len(joined.rows), column] = colour
        values = sheet.grid.rows[row]
        if extra is not None:
            filled = any(value is not None for value in values)
            values = [*values, *[None] * (joined.round_column - len(values)), *(extra if filled else [None])]
        joined.rows.append(values)
        joined.origins.append((index, row))


def _as_parts(read: list[_Sheet], sheets: list[_Sheet]) -> Grid:
    """The sheets with the lead's headings, one under another."""
    lead = read[0]
    joined = _joined(lead, lead.grid.rows[lead.heading_row], sheets)
    for sheet in read:
        _add_rows(joined, sheet)
    joined.notes.append(
        f"The sheets {_listed(joined.titles)} have the same headings: they are read as parts of one plan, the rows "
        "of each under the one before."
    )
    _say_not_read(joined, sheets, read, "its headings differ from those of the sheets read only in their month")
    return joined


def _as_rounds(rounds: list[tuple[_Sheet, datetime.date, str]], sheets: list[_Sheet], years: Years) -> Grid:
    """The sheets as rounds: their rows under headings without the month,
    and a Round column of each sheet's month."""
    read = [sheet for sheet, _, _ in rounds]
    lead = read[0]
    width = max(len(row) for sheet in read for row in sheet.grid.rows)
    heading_row = [" ".join(without_period(text).split()) or None for text in lead.headings]
    heading_row += [None] * (width - len(heading_row)) + [ROUND_HEADING]
    joined = _joined(lead, heading_row, sheets)
    joined.round_column = width
    for sheet, month, _ in rounds:
        _add_rows(joined, sheet, [month])
    said = ", ".join(f"'{sheet.title}' as {month_label(month)}" for sheet, month, _ in rounds)
    joined.notes.append(f"Each sheet is a round of its own: {said}.")
    joined.period_words = [words for _, _, words in rounds]
    joined.questions = _year_questions(rounds, years)
    months = {sheet.month(years)[0]: sheet.title for sheet in reversed(read)}

    def same(sheet: _Sheet) -> str:
        month = sheet.month(years)[0]
        if month in months:
            return f"it names the same month as the sheet '{months[month]}' ({month_label(month)}), read before it"
        return "it names no month of its own, as the sheets read as rounds do"

    _say_not_read(joined, sheets, read, same)
    return joined


def _year_questions(rounds: list[tuple[_Sheet, datetime.date, str]], years: Years) -> list[tuple[str, bool]]:
    """A question for each sheet whose month and two figures may be a day
    ("Sept 24"), or the clerk's answer; and, where years were asked, a
    problem if they put a sheet before the one before it."""
    words = [words for _, _, words in rounds]
    asked = ambiguous_periods(words)
    said = [
        year_question(period, f"The sheet '{rounds[period.columns[0]][0].title}'", years, beside="the sheets")
        for period in asked
    ]
    for (before, earlier, _), (sheet, later, _) in itertools.pairwise(rounds):
        if asked and later <= earlier:
            said.append(
                (
                    f"The sheet '{sheet.title}' is read as {month_label(later)}, not after '{before.title}' "
                    f"({month_label(earlier)}) before it, though its sheets run oldest first: check the years",
                    False,
                )
            )
            break
    return said


def _say_not_read(grid: Grid, sheets: list[_Sheet], read: list[_Sheet], same: str | Callable = "") -> None:
    """A note for each sheet with data that is not read, saying why (`same`:
    why, for one with the headings of those read); those holding a plan's
    rows are left out (Grid.left_out)."""
    lead = read[0]
    for sheet in sheets:
        if any(sheet is one for one in read):
            continue
        if not sheet.holds_a_plan:
            why = "it is not a table of the plan's actions"
            if key := _key_rows(sheet):
                grid.set_aside_rows += key
                grid.key_colours = {**key_colours(sheet.grid), **grid.key_colours}
        elif sheet.matches(lead, exactly=False):
            why = same(sheet) if callable(same) else same
        else:
            theirs, ours = (" | ".join(text for text in one.headings if text) for one in (sheet, lead))
            why = f"its headings ({theirs}) are not those of '{lead.title}' ({ours}), column for column"
        line = f"The sheet '{sheet.title}' is not read: {why}."
        if sheet.holds_a_plan:
            line += " If it is part of the plan, copy it into a workbook of its own and upload that."
            grid.left_out.append(line)
        grid.notes.append(line)


_KEY_TITLE = re.compile(r"key|legend|grad|rag|status|rating", re.IGNORECASE)
_KEY_ROWS = 30


def _key_rows(sheet: _Sheet) -> list[list[str]]:
    """The rows of a sheet that is the grading key ("Key": "Green | On
    track"), for grades.GradingKey, as a Word paper's set-aside tables are:
    a short sheet named as a key, its cells in their places. None of a
    sheet of lists or notes."""
    rows = sheet.grid.rows
    if not _KEY_TITLE.search(sheet.title) or len(rows) > _KEY_ROWS:
        return []
    return [["" if value is None else str(value) for value in row] for row in rows]


def _listed(titles: list[str]) -> str:
    quoted = [f"'{title}'" for title in titles]
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def period_words(grid: Grid) -> list[str]:
    """The words naming each sheet's month, where the sheets are rounds,
    for the preview's questions of a year (round_columns.ambiguous_periods)."""
    return list(grid.period_words) if isinstance(grid, SheetsGrid) else []
