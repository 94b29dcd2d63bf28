"""Step 3 of an import: a Grid, its heading row and the chosen mapping into
an ImportedPlan, naming every problem by its cell ("C14").

Two layouts are read:

(a) one row per action, as councils keep trackers (Ref | Recommendation |
    Action | Lead Officer | Target Date | Progress | Status), or one row per
    recommendation (a row with no action of its own is the recommendation's
    own action record); the progress belongs to one round, the month the
    clerk names (or a heading names);
(b) one row per action per round, as the product's own Excel export has it
    (a Round column); the rows of one action become one ImportedAction with
    an ImportedEntry per round;
(c) one row per action with each round's progress columns side by side,
    the period in their headings (round_columns.py): an ImportedEntry per
    period, oldest first;
(d) a table per recommendation, one under another, as a Word paper's
    tables pasted into Excel are: a row that is only the recommendation
    ("R1 That the Council …", "Recommendation 2: That …") heads the actions
    under it, and a row repeating the headings starts the next table.

Besides: the council's own references ("SR (25/26) 01", "R3", "3.2") are
kept as written beside our numbers, which follow the file's order; rows
under one recommendation with no letters of their own are lettered a), b)
…; a row that only heads a section ("March 2024", "Theme 2: Housing") is
set aside with a note; a "New date" is a revision of the Date; and a status
word or colour in place of a grade ("Ongoing", "Amber") is the file's own,
its grade the meaning the clerk confirms once per word (apply_meanings).

Nothing here touches the database: names are names, and the saving side
decides what exists.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from actionplans import grading
from actionplans.grading import NEEDS_REASONS, NO_UPDATE_RECEIVED, Response
from actionplans.models.common import day_label
from actionplans.models.council import Printing, ScaleLevel, current_scale
from actionplans.models.people import name_key
from actionplans.models.plan import COUNCIL_REFERENCE_MAX
from actionplans.text import clean_text, max_chars, one_line

from .grades import scale_is_councils_own, words_only_in_the_key
from .grid import Grid
from .headings import FIELDS_BY_KEY, MONTHS, headings_of, normalise, period_in_headings
from .numbered_key import KeyGrade, papers_own_key
from .plan import ImportedAction, ImportedEntry, ImportedPlan, Problem, StatusValue
from .responses import ImportedResponse, parse_response, unread_message
from .round_columns import ROUND_KEYS, ROUNDS, round_columns

ONE_LINE_MAX = 200  # Owner.name, Action.strand, Action.target_text
MAX_RECOMMENDATION = 999

_PROGRESS_KEYS = ROUND_KEYS
_ACTION_KEYS = ("action", "responsibility", "target", "new_target", "success_measure", "round", *_PROGRESS_KEYS)


def read_plan(
    grid: Grid,
    *,
    heading_row: int,
    mapping: dict[int, str],
    period: datetime.date | None = None,
    years: dict[str, int] | None = None,
) -> ImportedPlan:
    """The plan `grid` holds below `heading_row` (0-based), its columns
    meaning the fields `mapping` gives (column index -> field key, see
    headings.SCRUTINY_ACTION_PLAN; a progress field may be mapped once per
    round, layout (c)). `period`: the month the progress in a
    one-row-per-action file is for; else the month a progress heading names.
    `years`: the year of each heading such as "April 25" the clerk has
    answered (round_columns.period_key -> year)."""
    return _Reader(grid, heading_row, mapping, period, years).read()


def label(key: str) -> str:
    return FIELDS_BY_KEY[key].label


# Reading one value --------------------------------------------------------


class _Refused(Exception):
    """A cell's value that cannot be used; the message says why and what to write."""


_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_NAME = re.compile(rf"^({_MONTH_WORD})\.?$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^({_MONTH_WORD})\.?,?[\s\-/']*(\d{{4}})$", re.IGNORECASE)
_MONTH_SHORT_YEAR = re.compile(rf"^({_MONTH_WORD})\.?,?[\s\-/']*'?(\d{{2}})$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+({_MONTH_WORD})\.?,?[\s\-]+(\d{{2}}|\d{{4}})$", re.I)
_NUMERIC_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_UK_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_NUMERIC_MONTH_SHORT_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{2})$")
_DATE_LIKE = re.compile(r"^[\d\s/.\-:]+$")
_FIRST_SERIAL, _LAST_SERIAL = 32874, 73415  # Excel's 1 January 1990 and 31 December 2100


def _full_month(month: int, year: int) -> str:
    return datetime.date(year, month, 1).strftime("%B %Y")


def _month_number(word: str) -> int:
    return MONTHS[word.lower()]


def _serial_range(epoch: datetime.datetime) -> tuple[int, int]:
    """_FIRST_SERIAL and _LAST_SERIAL counted from `epoch` (the 1904 date
    system's serials are 1,462 days fewer)."""
    offset = (epoch - CALENDAR_WINDOWS_1900).days
    return _FIRST_SERIAL - offset, _LAST_SERIAL - offset


def parse_month(
    value, *, what: str = "month", epoch: datetime.datetime = CALENDAR_WINDOWS_1900
) -> datetime.date | str | None:
    """A cell meaning a month, as the first of that month; the plan's own
    words (str) when it is not a date at all; None when blank. Raises
    _Refused for what looks like a date but is ambiguous or impossible (a
    two-digit year, 31/02/2020, a month without a year). A number is an
    Excel serial date counted from `epoch`, the workbook's (Grid.epoch)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    if isinstance(value, (int, float)):
        return _month_of_number(value, what, epoch)
    text = one_line(str(value)).strip().rstrip(".").strip()
    if not text:
        return None
    return _month_named(text, what) or _month_in_figures(text, what)


def _month_of_number(value, what: str, epoch: datetime.datetime) -> datetime.date | str:
    """A number in a cell: an Excel serial date, or a year (the plan's own
    word for when); refused otherwise."""
    first, last = _serial_range(epoch)
    if first <= value <= last:
        return from_excel(value, epoch).date().replace(day=1)
    if float(value).is_integer() and 1990 <= value <= 2100:
        return str(int(value))  # a year: the plan's own word for when
    raise _Refused(f"'{_shown(value)}' is not a {what}: write the {what}, such as 'October 2019'")


def parse_day(value, *, epoch: datetime.datetime = CALENDAR_WINDOWS_1900) -> datetime.date | None:
    """The day a Date cell gives, where it gives one other than the first
    of its month ("15 March 2025", 15/03/2025, a date cell of that day): the
    papers print it so. A first of the month is read as its month, as
    spreadsheets store a month. None for anything else (parse_month reads
    the month, and says what is wrong)."""
    day = None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        first, last = _serial_range(epoch)
        day = from_excel(value, epoch).date() if first <= value <= last else None
    elif isinstance(value, str):
        day = _day_in_text(one_line(value).strip().rstrip(".").strip())
    return day if day and day.day != 1 else None


def _day_in_text(text: str) -> datetime.date | None:
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_ISO_DATE, "ymd"), (_UK_DATE, "dmy")):
        if match := pattern.match(text):
            parts = dict(zip(order, match.groups()[:3], strict=True))
            month = int(parts["m"]) if parts["m"].isdigit() else _month_number(parts["m"])
            try:
                return datetime.date(int(parts["y"]), month, int(parts["d"])) if len(parts["y"]) == 4 else None
            except ValueError:
                return None
    return None


def _month_named(text: str, what: str) -> datetime.date | None:
    """A month written with its name or as month and year in figures
    ("October 2019", "1 Oct 2019", "10/2019", "2019-10"); None for text
    that is none of these."""
    if match := _MONTH_YEAR.match(text):
        return datetime.date(int(match.group(2)), _month_number(match.group(1)), 1)
    if match := _MONTH_SHORT_YEAR.match(text):
        month = _month_number(match.group(1))
        raise _Refused(
            f"'{text}' is not a {what}: write it as '{_full_month(month, 2000 + int(match.group(2)))}' "
            "(years need four figures)"
        )
    if match := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(match.group(1)), _month_number(match.group(2)), match.group(3)
        return _checked_date(text, int(year), month, day, what, short_year=len(year) == 2)
    if match := _NUMERIC_MONTH_YEAR.match(text):
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise _Refused(f"'{text}' is not a {what}: there is no month {month}")
        return datetime.date(year, month, 1)
    if match := _YEAR_MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise _Refused(f"'{text}' is not a {what}: there is no month {month}")
        return datetime.date(year, month, 1)
    return None


def _month_in_figures(text: str, what: str) -> datetime.date | str:
    """A date in figures ("2019-10-01", "01/10/2019"), a year, or an Excel
    serial as a CSV writes it; what looks like a date otherwise is
    refused, and any other text is the plan's own words for when."""
    if match := _ISO_DATE.match(text):
        return _checked_date(text, int(match.group(1)), int(match.group(2)), int(match.group(3)), what)
    if match := _UK_DATE.match(text):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        return _checked_date(text, int(year), month, day, what, short_year=len(year) == 2)
    if match := _NUMERIC_MONTH_SHORT_YEAR.match(text):
        month = int(match.group(1))
        if 1 <= month <= 12:
            raise _Refused(
                f"'{text}' is not a {what}: write it as '{_full_month(month, 2000 + int(match.group(2)))}' "
                "(years need four figures)"
            )
        raise _Refused(f"'{text}' is not a {what}: write the {what}, such as 'October 2019'")
    if match := _MONTH_NAME.match(text):
        raise _Refused(f"'{text}' has no year: write the {what} with its year, such as '{text.title()} 2019'")
    if re.fullmatch(r"(19|20)\d\d", text):
        return text  # a year: the plan's own word for when
    if text.isdigit() and _FIRST_SERIAL <= int(text) <= _LAST_SERIAL:
        return from_excel(int(text)).date().replace(day=1)  # a date as a CSV writes Excel's number
    if _DATE_LIKE.match(text):
        raise _Refused(f"'{text}' is not a {what}: write the {what}, such as 'October 2019'")
    return text


def _checked_date(text, year, month, day, what, short_year=False) -> datetime.date:
    if short_year:
        year += 2000
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise _Refused(f"'{text}' is not a date: write the {what}, such as 'October 2019'") from None
    if short_year:
        raise _Refused(f"'{text}' is not a {what}: write it as '{date:%B %Y}' (years need four figures)")
    return date.replace(day=1)


_GRADE_NUMBER = re.compile(r"^(\d+)(?:\s+(.*))?$")


@dataclass(frozen=True)
class ScaleWords:
    """The council's grades as a file may write them: their codes ("2"),
    labels ("On-Track") and both ("2 (On-Track)"). They need no
    confirming; any other status word or colour does."""

    codes: dict[str, ScaleLevel]  # status_key(code) -> the grade
    labels: dict[str, ScaleLevel]  # status_key(label) -> the grade
    hint: str  # "1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or 4 (Not Achieved)"
    # Whether a label alone, however written, names the grade: on a scale
    # that is not the council's own yet (grades.scale_is_councils_own),
    # whose labels are the service's, only as the scale writes it, so that a
    # file's "On track" becomes the council's grade as written, not the
    # service's "On-Track".
    labels_alone: bool = True


def _as_written(text: str) -> str:
    """A label as compared where it must be written as the scale writes it:
    case, spacing and a full stop aside ('fully achieved.')."""
    return " ".join(text.split()).casefold().rstrip(".:;, ")


def scale_words(scale, *, own: bool = True) -> ScaleWords:
    """ScaleWords of the council's scale (models.council.Scale), read
    however the scale prints them: a file of the council's own, or a
    download of the service's, may give "2", "On-Track" or "2 (On-Track)";
    the hint names the graded ones as the council prints them."""
    printed = [level.printed for level in scale if level.rank]
    hint = " or ".join([", ".join(printed[:-1]), printed[-1]] if len(printed) > 1 else printed)
    return ScaleWords(
        codes={grading.status_key(level.code): level for level in scale if level.code},
        labels={grading.status_key(level.label): level for level in scale},
        hint=hint,
        labels_alone=own,
    )


@dataclass(frozen=True)
class GradeCell:
    """A grade cell that names one of the council's grades, and how the
    file printed it (Printing): the paper then prints as its own did."""

    level: ScaleLevel
    prints: str


def parse_grade(value, words: ScaleWords) -> GradeCell | str | None:
    """The council's grade a grade cell gives by its code, label or both
    (`words`); the cell's text, as written, for the file's own status words
    and colours ("Ongoing", "Minor slippage"), which become grades as the
    clerk confirms once per word (grades.apply_answers); None when blank.
    Raises _Refused for a number that is not one of the scale's, or two
    grades at once."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and str(int(value)) in words.codes:
            return GradeCell(words.codes[str(int(value))], Printing.CODE)
        raise _Refused(f"'{_shown(value)}' is not a grade: write {words.hint}")
    shown = one_line(str(value)).strip()
    key = grading.status_key(shown)
    if not key:
        return None
    if key in words.labels and (words.labels_alone or _as_written(shown) == _as_written(words.labels[key].label)):
        return GradeCell(words.labels[key], Printing.LABEL)
    if key in words.codes:
        return GradeCell(words.codes[key], Printing.CODE)
    if match := _GRADE_NUMBER.match(key):
        number, rest = match.group(1), match.group(2)
        code = words.codes.get(number)
        if code and (not rest or words.labels.get(rest) == code):
            return GradeCell(code, Printing.CODE_AND_LABEL if rest else Printing.CODE)
        if code and rest in words.labels:
            raise _Refused(f"'{shown}' says two grades: write one of {words.hint}")
        if not rest or rest.isdigit():
            raise _Refused(f"'{shown}' is not a grade: write {words.hint}")
    return shown


# "1", "1a", "1 a)", "1(a)", "1.a", "R1", "Rec 1", "Recommendation 1", "1 a) Frontline staff"
_REFERENCE = re.compile(
    r"^\s*(?:(?:recommendation|rec)\s*\.?\s*(?:no\.?|number)?\s*|r\s*)?(\d{1,4})(?![\d])(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_LETTER = [
    re.compile(r"^([a-z])(?:\)|(?=[\s.:]|$))", re.IGNORECASE),  # 1a, 1a), 1a.
    re.compile(r"^\s*[.\-]?\s*\(([a-z])\)", re.IGNORECASE),  # 1(a), 1 (a)
    re.compile(r"^\s*[.\-]?\s*([a-z])\)", re.IGNORECASE),  # 1 a), 1.a)
    re.compile(r"^\s*[.\-]\s*([a-z])(?=[\s.:]|$)", re.IGNORECASE),  # 1.a, 1-a
    re.compile(r"^\s+([a-z])\s*$", re.IGNORECASE),  # 1 a
]
_REST_PUNCTUATION = " \t\n.:;)–-"
# "1.2": the council's number for recommendation 1's second action.
_DOTTED = re.compile(r"^(\d{1,3})\.\d{1,3}$")


def parse_reference(value) -> tuple[int, str, str] | None:
    """(number, letter, strand) from a reference cell; None when blank.
    Raises _Refused for what is not a reference."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= MAX_RECOMMENDATION:
            return int(value), "", ""
        raise _Refused(f"'{_shown(value)}' is not a reference: write the recommendation's number, such as 1 or 1a")
    text = one_line(str(value))
    if not text:
        return None
    match = _REFERENCE.match(text)
    if not match or not 1 <= int(match.group(1)) <= MAX_RECOMMENDATION:
        raise _Refused(f"'{text}' is not a reference: write the recommendation's number, such as 1, 1a or 1 a)")
    number, tail = int(match.group(1)), match.group(2)
    letter = ""
    for pattern in _LETTER:
        if found := pattern.match(tail):
            letter = found.group(1).lower()
            tail = tail[found.end() :]
            break
    rest = tail.strip(_REST_PUNCTUATION)
    if rest[:1].isdigit():
        raise _Refused(f"'{text}' is not a reference: write the recommendation's number, such as 1, 1a or 1 a)")
    return number, letter, rest


# "Recommendation 1: That…", "Rec 1 - That…", "1. That…", "1) That…", "1 That…"
_NUMBERED_TEXT = re.compile(
    r"^\s*(?:(?:(?:recommendation|rec)\s*\.?\s*(?:no\.?)?\s*|r)(\d{1,3})(?!\d)\s*[.):\-–]*\s*"
    r"|(\d{1,3})(?:\s*[.):\-–]+\s*|\s+(?=(?-i:[A-Z]))|\s*$))(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def parse_numbered_text(value) -> tuple[int | None, str]:
    """A recommendation cell: its number, if it starts with one, and its text."""
    if value is None:
        return None, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= MAX_RECOMMENDATION:
            return int(value), ""
        return None, _shown(value)
    text = str(value).strip()
    match = _NUMBERED_TEXT.match(text)
    if not match:
        return None, text
    number = int(match.group(1) or match.group(2))
    if not 1 <= number <= MAX_RECOMMENDATION:
        return None, text
    return number, match.group(3).strip()


# "a", "a)", "(a)", "a) targeted awareness raising…", "a. …"
_LETTERED_TEXT = re.compile(r"^\s*\(?([a-z])(?:\)|\.(?=\s|$)|\s*$)\s*(.*)$", re.IGNORECASE | re.DOTALL)


def parse_lettered_text(value) -> tuple[str, str]:
    """A sub-action cell: its letter, if it starts with one, and its text."""
    if value is None:
        return "", ""
    text = str(value).strip() if not isinstance(value, float) else _shown(value)
    match = _LETTERED_TEXT.match(text)
    if not match:
        return "", text
    return match.group(1).lower(), match.group(2).strip()


# Each kept with what it splits, so that the names print again as typed.
_LIST_SEPARATORS = re.compile(r"(\s*(?:\n|;|,)\s*|\s+/\s*|\s*/\s+)")
_AND = re.compile(r"(\s+(?:and|&)\s+|/)")
_NAME_EDGES = " \t.-–•*"


def split_owners(value) -> list[str]:
    """The names a Responsibility cell lists, in order (the first is the
    lead): split_owners_as_typed's names."""
    return [name for _, name in split_owners_as_typed(value)]


def split_owners_as_typed(value) -> list[tuple[str, str]]:
    """(what was typed before it, name) of each name a Responsibility cell
    lists, in order (the first is the lead, after ""): split at line
    breaks, commas, semicolons and spaced slashes, and at "and", "&" or a
    slash without spaces only where both sides look like names, so that
    "All Stockton hate crime group members", "Head of Community Safety and
    Security" and "Policy/Performance Lead" stay whole. What was typed
    between two names is kept (" / ", " & ", "\n" where they were stacked),
    for the documents to print them as the clerk did."""
    if value is None:
        return []
    named: list[tuple[str, str]] = []
    seen = set()
    parts = _LIST_SEPARATORS.split(clean_text(str(value)))
    # The parts alternate: a part, the separator after it, the next part …
    for index in range(0, len(parts), 2):
        before = _as_typed(parts[index - 1]) if index else ""
        for join, name in _names_in(one_line(parts[index]).strip(_NAME_EDGES), before):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                named.append(("" if not named else join, name))
    return named


def _names_in(part: str, before: str) -> list[tuple[str, str]]:
    """The names in one part of a list: two joined by "and", "&" or "/"
    where each looks like a name, else the part whole."""
    if not part:
        return []
    pieces = _AND.split(part)
    names = [piece.strip(_NAME_EDGES) for piece in pieces[::2]]
    if len(names) > 1 and all(_looks_like_a_name(name) for name in names):
        joins = [before, *(_as_typed(join) for join in pieces[1::2])]
        return [(join, name) for join, name in zip(joins, names, strict=True) if name]
    return [(before, part)]


def _as_typed(separator: str) -> str:
    """A separator as the documents print it: a line break as one, any
    other run of spaces as one space (" / ", " & ", ", ")."""
    return "\n" if "\n" in separator else re.sub(r"\s+", " ", separator)


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    if not words or not words[0][:1].isupper():
        return False
    return len(words) >= 2 or (len(words[0]) >= 2 and words[0].isupper())


_BULLETS = "•◦▪●·*"
_BULLET = re.compile(rf"^([ \t]*)[{_BULLETS}][ \t]*", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_long_text(value) -> str:
    """A multi-line cell as evidence text is stored: line breaks as "\\n",
    no control characters, no trailing spaces, at most one blank line in a
    row, and bullets written "- " (actionplans/richtext.py)."""
    if value is None:
        return ""
    text = clean_text(_shown(value) if not isinstance(value, str) else value)
    if "\n" not in text:  # most cells: one paragraph
        text = text.strip()
        return _BULLET.sub(_dash, text) if text[:1] in _BULLETS else text
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BULLET.sub(_dash, text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    # The cell's own string when nothing changed, not an equal copy: the
    # grid keeps the cell, so a copy would hold each evidence twice.
    return value if text == value else text


def _dash(match) -> str:
    return f"{match.group(1)}- "


def _shown(value) -> str:
    """A value as the clerk would type it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return day_label(value)
    return str(value)


# Reading the rows --------------------------------------------------------


class _Reader:
    def __init__(self, grid: Grid, heading_row: int, mapping: dict[int, str], period, years=None):
        self.grid = grid
        self.heading_row = heading_row
        self.columns = {key: column for column, key in mapping.items()}
        self.plan = ImportedPlan(file_name=grid.file_name, set_aside_rows=grid.set_aside_rows)
        self.plan.columns = {key: get_column_letter(column + 1) for key, column in self.columns.items()}
        self.period = period.replace(day=1) if period else period_in_headings(headings_of(grid, heading_row), mapping)
        self.by_round = "round" in self.columns
        # Each round's progress columns: one round's in layouts (a) and (b).
        self.years = years or {}
        self.rounds = None if self.by_round else round_columns(headings_of(grid, heading_row), mapping, ROUNDS, years)
        if self.rounds:
            self.columns = {key: column for key, column in self.columns.items() if key not in _PROGRESS_KEYS}
        # Layout (d): the recommendation the rows below a heading row are under.
        self.headed_by = self._first_recommendation_heading()
        self.heading_texts = [text for text in map(normalise, grid.rows[heading_row]) if text]
        self.repeated_headings: list[int] = []
        self.actions: dict[tuple, ImportedAction] = {}
        self.entries: set[tuple] = set()
        self.number = None  # the recommendation being read, for blank cells below it
        self.text_numbers: dict[str, int] = {}  # a recommendation's text -> its number
        self.letters: dict[tuple[int, str], str] = {}  # (number, sub-action text) -> letter
        self.progress_without_period = 0
        self.latest_owners: dict[tuple, tuple[datetime.date, list[str], dict[str, str]]] = {}
        self.council_numbers: dict[str, int] = {}  # a council's reference -> our number
        self.row_council = ""  # the council's reference of the row being read
        self.row_text = ""  # the recommendation's or sub-action's text the row itself gives
        self.lettered: set[int] = set()  # recommendations whose actions were lettered apart
        self.heading_reference = ""  # layout (d): the heading's reference, where the row has its own
        self.heading_references: dict[int, str] = {}  # our number -> its table heading's reference
        self.row_recommendation_council = ""  # the row's Council's reference column, where the file has one
        self.coloured: dict[str, dict[str, None]] = {}  # a RAG colour -> the blank cells given it, in order

    @functools.cached_property
    def scale_words(self) -> ScaleWords:
        """The council's grades, as a file may write them, or the paper's
        own numbered key's (numbered_key.py): read when a grade is."""
        if self.paper_key:
            return scale_words(self.paper_key)
        return scale_words(current_scale(), own=scale_is_councils_own())

    @functools.cached_property
    def paper_key(self) -> tuple[KeyGrade, ...]:
        """The paper's numbered grading key, where it numbers its grades
        otherwise than the council's scale: its grades are the paper's own."""
        return papers_own_key(self.grid.set_aside_rows)

    # Problems
    def problem(self, row_index: int, key: str | None, message: str, fix: str = "", columns=None) -> None:
        """`fix`: "mapping" for a value of the wrong kind, which may mean
        the column is not the field it was taken for (Problem.fix).
        `columns`: a round's own (layout (c)), where the key is a progress field."""
        columns = columns or self.columns
        where = self.grid.row_name(row_index)
        if key is not None and key in columns:
            where = self.grid.cell_name(row_index, columns[key])
        else:
            fix = ""
        self.plan.problems.append(Problem(where, message, fix=fix))

    def read(self) -> ImportedPlan:
        if not self._columns_suffice():
            return self.plan
        self._say_what_the_rounds_are()
        for row_index in range(self.heading_row + 1, len(self.grid.rows)):
            if self._is_table_start(row_index):
                continue
            cells = {key: self.grid.value(row_index, column) for key, column in self.columns.items()}
            if all(value is None for value in cells.values()) and not self._round_cells(row_index):
                continue
            if self._is_section(row_index, cells):
                continue
            cells = self._coloured(row_index, cells, self.columns)
            if self.headed_by is not None:
                cells = self._under_heading(cells)
            self._read_row(row_index, cells)
        if self.progress_without_period:
            self.plan.problems.insert(
                0,
                Problem(
                    "",
                    "The file has progress for the actions but does not say which round it is for: "
                    "choose the month of the progress update it belongs to.",
                    fix="month",
                ),
            )
        if self.repeated_headings:
            rows = " and ".join(self.grid.row_name(row) for row in self.repeated_headings)
            self.plan.notes.append(
                f"{rows} {'repeat' if len(self.repeated_headings) > 1 else 'repeats'} the headings of "
                f"{self.grid.row_name(self.heading_row).lower()}: the file is read as tables one under another, "
                "each under the recommendation above it."
            )
        self._settle_owners()
        self._settle_references()
        # Every grade the key lists, used or not, where the file grades by it.
        numbered = [grade.label for grade in self.paper_key] if self.plan.grade_prints else []
        for word in numbered or words_only_in_the_key(self.plan):
            self.plan.statuses.setdefault(grading.status_key(word), StatusValue(word))
        self._say_what_the_colours_are()
        return self.plan

    # Layout (d): a table per recommendation
    def _first_recommendation_heading(self) -> dict | None:
        """The recommendation the first table is under: the row just above
        the headings, where the file has no Recommendation column and that
        row is a recommendation's (None otherwise)."""
        if "recommendation" in self.columns:
            return None
        for row_index in range(self.heading_row - 1, -1, -1):
            if any(value is not None for value in self.grid.rows[row_index]):
                return self._recommendation_heading(row_index)
        return None

    def _recommendation_heading(self, row_index: int) -> dict | None:
        """The row's recommendation as cells ({"reference": "R1",
        "recommendation": "That …"}) where the row holds only that: in one
        cell, or its reference and its text in two ("R1" | "That …", as
        a Word table's title row pasted into Excel has them)."""
        texts = [one_line(_shown(value)).strip() for value in self.grid.rows[row_index] if value is not None]
        texts = list(dict.fromkeys(text for text in texts if text))
        if len(texts) == 2:
            return recommendation_heading(" ".join(texts)) if _REFERENCE_ALONE.match(texts[0]) else None
        return recommendation_heading(texts[0]) if len(texts) == 1 else None

    def _under_heading(self, cells: dict) -> dict:
        """The row's cells with its table's recommendation. A row's own
        reference ("1.1", "1 a)") is kept, the heading's ("R1") then being
        the recommendation's (_settle_references)."""
        own = cells.get("reference")
        cells = {**cells, **self.headed_by}
        if own is not None and "reference" in self.headed_by and _shown(own).strip() != self.headed_by["reference"]:
            cells["reference"] = own
            self.heading_reference = self.headed_by["reference"]
        else:
            self.heading_reference = ""
        return cells

    def _is_table_start(self, row_index: int) -> bool:
        """Whether the row repeats the headings or, in layout (d), heads the
        next table with its recommendation (remembered for the rows below)."""
        if self._repeats_the_headings(row_index):
            self.repeated_headings.append(row_index)
            return True
        if self.headed_by is None:
            return False
        found = self._recommendation_heading(row_index)
        if found is not None:
            self.headed_by = found
        return found is not None

    def _is_section(self, row_index: int, cells: dict) -> bool:
        """Whether the row only heads a section ("March 2024", "Theme 2:
        Housing"): one text, alone in the reference column (or one the plan
        does not read) or across the row; if so, a note says it is set aside."""
        values = [value for value in self.grid.rows[row_index] if value is not None and str(value).strip()]
        texts = {one_line(_shown(value)).strip() for value in values}
        if len(texts) != 1:
            return False
        text = texts.pop()
        filled = {key for key, value in cells.items() if value is not None}
        if len(values) == 1 and not filled <= {"reference"} and not self.grid.is_paragraph(row_index):
            return False
        if _is_our_reference(values[0]) or (len(values) > 1 and parse_numbered_text(text)[0] is not None):
            return False  # our reference, or a numbered recommendation's text heading its actions
        try:
            month = parse_month(text, epoch=self.grid.epoch)
        except _Refused:
            month = None
        what = "a month, as a log's meetings head their rows" if isinstance(month, datetime.date) else "a heading"
        self.plan.notes.append(
            f"{self.grid.row_name(row_index)}: '{text}' heads a section of the file ({what}), and is not an action: "
            "it is set aside, and the rows under it are read as they are."
        )
        return True

    def _settle_references(self) -> None:
        """A council's reference shared by all of a recommendation's actions
        is the recommendation's; references that differ stay the actions'
        own ("3.1", "3.2"). Under a table's heading ("R3"), the heading's is
        the recommendation's and the rows' stay their own."""
        by_number: dict[int, list[ImportedAction]] = {}
        for action in self.plan.actions:
            by_number.setdefault(action.recommendation, []).append(action)
        for number, actions in by_number.items():
            references = {action.council_reference for action in actions}
            # An action's own reference from the export's column stays its own, however many.
            headed = number in self.heading_references or "council_action_reference" in self.columns
            if len(references) == 1 and (written := references.pop()) and not headed:
                self.plan.council_references[number] = written
                for action in actions:
                    action.council_reference = ""
        for number, written in self.heading_references.items():
            self.plan.council_references.setdefault(number, written)
            for action in by_number.get(number, []):
                if action.council_reference == self.plan.council_references[number]:
                    action.council_reference = ""  # the recommendation's, not its own

    def _say_what_the_rounds_are(self) -> None:
        """Layout (c): the preview says which columns are which round, and
        names each progress column no round can take, with why."""
        if not self.rounds:
            return
        headings = headings_of(self.grid, self.heading_row)
        if self.rounds.rounds:
            self.plan.notes.extend(self.rounds.described(headings))
        for said, answered in self.rounds.year_questions(headings, self.years):
            if answered:
                self.plan.notes.append(said)
            else:
                self.plan.problems.append(Problem("", said, fix="year"))
        if said := self.rounds.out_of_order():
            self.plan.problems.append(Problem("", said, fix="year"))
        for unread in self.rounds.unread:
            self.plan.problems.append(Problem(unread.where, unread.reason, fix="mapping"))

    def _round_cells(self, row_index: int) -> list[tuple[datetime.date | None, dict, dict]]:
        """(period, columns, cells) of each round the row has progress in:
        the one round of layout (a), or each period's of layout (c)."""
        if self.rounds:
            rounds = self.rounds.rounds
        else:
            rounds = [(self.period, {key: self.columns[key] for key in _PROGRESS_KEYS if key in self.columns})]
        found = []
        for period, columns in rounds:
            cells = {key: self.grid.value(row_index, column) for key, column in columns.items()}
            if any(value is not None for value in cells.values()):
                found.append((period, columns, self._coloured(row_index, cells, columns)))
        return found

    def _coloured(self, row_index: int, cells: dict, columns: dict[str, int]) -> dict:
        """The row's cells, a blank grade cell filled in a RAG colour giving
        that colour's name, read as if the cell said it (fills.py); only for
        a row (or a round of it) with values of its own."""
        if "grade" not in columns or cells.get("grade") is not None:
            return cells
        colour = self.grid.fill(row_index, columns["grade"])
        if not colour:
            return cells
        self.coloured.setdefault(colour, {})[self.grid.cell_name(row_index, columns["grade"])] = None
        return {**cells, "grade": self.grid.key_colours.get(colour, colour)}

    def _say_what_the_colours_are(self) -> None:
        """A note of the grades given only by their cells' colours, and the
        colour the key gives each of its words proposed as its grade's."""
        for colour, word in self.grid.key_colours.items():
            if status := self.plan.statuses.get(grading.status_key(word)):
                status.colour = colour.lower()
        if not self.coloured:
            return
        said = "; ".join(
            f"{colour} ({', '.join(list(cells)[:3])}{', …' if len(cells) > 3 else ''})"
            + (f", the key's '{self.grid.key_colours[colour]}'" if colour in self.grid.key_colours else "")
            for colour, cells in self.coloured.items()
        )
        read_as = "the colour's name"
        if self.grid.key_colours:
            read_as = "the word the grading key gives its colour (else the colour's name)"
        self.plan.notes.append(
            f"Some grades are given only by their cells' colour: {said}. Each is read as if its cell said {read_as}."
        )

    def _repeats_the_headings(self, row_index: int) -> bool:
        """Whether the row's texts are the heading row's (a table's own
        headings, below the first): its first text is compared first, as
        most rows differ there."""
        values = [value for value in self.grid.rows[row_index] if value is not None]
        if not values or not self.heading_texts or normalise(values[0]) != self.heading_texts[0]:
            return False
        return [text for text in map(normalise, values) if text] == self.heading_texts

    def _columns_suffice(self) -> bool:
        missing = []
        if "reference" not in self.columns and "recommendation" not in self.columns and self.headed_by is None:
            missing.append("the Reference or the Recommendation")
        if "target" not in self.columns:
            missing.append("the Date (the target)")
        if missing:
            listed = " and ".join(missing) if len(missing) < 3 else f"{missing[0]}, {missing[1]} and {missing[2]}"
            message = f"No column is {listed}. Say which column holds {'it' if len(missing) == 1 else 'each'}."
            self.plan.problems.append(Problem(*self._headings_named(message), fix="mapping"))
        return not missing

    def _headings_named(self, message: str) -> tuple[str, str]:
        """Where a problem with the columns is, and `message`: a paper's
        tables name the one whose headings were read, and what they are
        (a sheet's columns are on the page to choose from)."""
        where = self.grid.row_name(self.heading_row)
        if where.startswith("Row "):
            return "", message
        headings = " | ".join(str(text) for text in self.grid.rows[self.heading_row] if text)
        return where, f"{message.removesuffix('.')}: its headings are {headings}."

    def _read_row(self, row_index: int, cells: dict) -> None:
        place = self._place(row_index, cells)
        if place is None:
            return
        number, letter, strand = place
        self._read_response(row_index, cells, number)
        if self.heading_reference or self.row_recommendation_council:
            self.heading_references.setdefault(number, self.heading_reference or self.row_recommendation_council)
        if not any(cells.get(key) is not None for key in _ACTION_KEYS) and not self._round_cells(row_index):
            if self.row_council and not letter:
                self.heading_references.setdefault(number, self.row_council)  # the recommendation's own
            return  # a recommendation's or sub-action's own row, heading its actions
        key = (number, letter, strand)
        if self.by_round:
            self._read_round_row(row_index, cells, key)
        else:
            self._read_action_row(row_index, cells, key)

    def _read_response(self, row_index: int, cells: dict, number: int) -> None:
        """The executive's response to the row's recommendation, where the
        file has a column of them (responses.py): once per recommendation,
        its rows agreeing."""
        value = cells.get("executive_response")
        if value is None:
            return
        read = parse_response(value)
        if read is None:
            self.problem(row_index, "executive_response", unread_message(value), fix="mapping")
            return
        response, words = read
        if response in NEEDS_REASONS and not words:
            self.problem(
                row_index, "executive_response", f"'{_shown(value)}' needs the executive's reasons after it, as written"
            )
            return
        where = self.grid.cell_name(row_index, self.columns["executive_response"])
        given = self.plan.responses.setdefault(number, ImportedResponse(response, words, where))
        if (given.response, given.words) != (response, words):
            self.problem(
                row_index,
                "executive_response",
                f"recommendation {number}'s response here is not the one {given.where} gives: give it once, or the "
                "same in every row",
            )

    def _place(self, row_index: int, cells: dict) -> tuple[int, str, str] | None:
        """The action's (number, letter, strand), and the texts of its
        recommendation and sub-action; None (with a problem) if unknown."""
        references = self._references(row_index, cells)
        if references is None:
            return None
        reference, council = references
        number, letter, strand = reference or (None, "", "")
        text_number, text, letter_here, sub_text = _row_texts(cells, letter)
        number = self._number(row_index, number, text_number, text, council)
        if number is None or not self._recommendation(row_index, number, council, text, sub_text):
            return None
        letter = self._letter(row_index, number, letter, letter_here, sub_text)
        if letter is None:
            return None
        strand = self._strand(row_index, cells, strand)
        if strand is None:
            return None
        return number, letter, strand

    def _references(self, row_index: int, cells: dict) -> tuple[tuple | None, str] | None:
        """The row's reference, as ours ((number, letter, strand)) or None,
        and the council's own ("SR (25/26) 01", "R3", "3.2"), kept as
        written, where it is not ours (our number then follows the file's
        order). None (with a problem) when the council's is too long."""
        try:
            reference = parse_reference(cells.get("reference")) if _is_our_reference(cells.get("reference")) else None
        except _Refused:
            reference = None
        council = self._council_cell(row_index, cells, "reference") if reference is None else ""
        own = self._council_cell(row_index, cells, "council_action_reference")
        self.row_recommendation_council = self._council_cell(row_index, cells, "council_reference")
        if None in (council, own, self.row_recommendation_council):
            return None
        return reference, own or self.row_recommendation_council or council

    def _council_cell(self, row_index: int, cells: dict, key: str) -> str | None:
        """A reference as the council wrote it, or ""; None (with a
        problem) where it is too long to be one."""
        if cells.get(key) is None:
            return ""
        written = one_line(_shown(cells[key])).strip()
        if len(written) > COUNCIL_REFERENCE_MAX:
            self.problem(
                row_index,
                key,
                f"the reference has {len(written):,} characters; it may have {COUNCIL_REFERENCE_MAX}",
                fix="mapping",
            )
            return None
        return written

    def _number(self, row_index: int, number, text_number, text: str, council: str) -> int | None:
        """The recommendation's number: the reference's, else the one its
        text is numbered with, else that of the same text or council's
        reference earlier in the file, else the next; a blank row continues
        the one above it. None (with a problem) where the row names none, or
        its text's number is not the reference's."""
        if number is None:
            if text_number is not None:
                return text_number
            if text:
                return self.text_numbers.get(text) or self.council_numbers.get(council) or self._next_number()
            if parent := _DOTTED.match(council):
                return self._numbered(parent.group(1))
            if council:
                return self.council_numbers.get(council) or self._next_number()
            if self.number is not None:
                return self.number  # a blank cell under a filled one continues it
            self.problem(
                row_index,
                "reference" if "reference" in self.columns else "recommendation",
                "no recommendation: write its number (such as 1 or 1a) or its text",
            )
            return None
        if text_number is not None and text_number != number:
            self.problem(
                row_index,
                "recommendation",
                f"the recommendation is numbered {text_number} but the reference says {number}",
            )
            return None
        return number

    def _numbered(self, council: str) -> int:
        """The recommendation an action's "1.2" is under: the one the file
        calls "1" (its reference, ours or the council's), else the next."""
        number = self.council_numbers.get(council)
        if number is None and int(council) in {*self.plan.recommendations, self.number}:
            number = int(council)
        if number is None:
            number = self.council_numbers[council] = self._next_number()
        return number

    def _recommendation(self, row_index: int, number: int, council: str, text: str, sub_text: str) -> bool:
        """Remember the row's recommendation, for the rows below it, and its
        text; False (with a problem) where the text is refused."""
        self.number = number
        if council:
            self.council_numbers.setdefault(council, number)
        self.row_council, self.row_text = council, sub_text or text
        if not text:
            return True
        self.text_numbers.setdefault(text, number)
        return self._set_text(row_index, "recommendation", self.plan.recommendations, number, text)

    def _letter(self, row_index: int, number: int, letter: str, letter_here: str, sub_text: str) -> str | None:
        """The sub-action's letter ("" for none): the reference's, the
        Sub-action column's, or the next for a new text; its text
        remembered. None (with a problem) where they disagree, the
        recommendation has no letter left, or the text is refused."""
        if letter and letter_here and letter != letter_here:
            self.problem(
                row_index, "sub_action", f"the sub-action is lettered {letter_here} but the reference says {letter}"
            )
            return None
        letter = letter or letter_here
        if sub_text and not letter:
            letter = self.letters.get((number, sub_text)) or self._next_letter(number)
            if letter is None:
                self.problem(row_index, "sub_action", "recommendation has more than 26 lettered sub-actions")
                return None
        if sub_text:
            self.letters.setdefault((number, sub_text), letter)
            if not self._set_text(row_index, "sub_action", self.plan.sub_actions, (number, letter), sub_text):
                return None
        return letter

    def _strand(self, row_index: int, cells: dict, strand: str) -> str | None:
        """The strand's heading: the Strand column's, else the reference's;
        None (with a problem) when it is too long for one line."""
        if "strand" in self.columns:
            strand = one_line(_shown(cells["strand"])) if cells.get("strand") is not None else ""
        if len(strand) > ONE_LINE_MAX:
            self.problem(
                row_index,
                "strand" if "strand" in self.columns else "reference",
                f"the strand's heading has {len(strand):,} characters; it may have {ONE_LINE_MAX}",
            )
            return None
        return strand

    def _set_text(self, row_index, key, texts: dict, index, text) -> bool:
        if len(text) > max_chars():
            self.problem(row_index, key, f"the {label(key)} has {len(text):,} characters; it may have {max_chars():,}")
            return False
        known = texts.get(index)
        if known is None:
            texts[index] = text
        elif known != text:
            what = f"Recommendation {index}" if key == "recommendation" else f"Sub-action {index[0]} {index[1]})"
            self.problem(row_index, key, f"{what} has a different text above: give it one text, or its own number")
            return False
        return True

    def _next_number(self) -> int:
        used = set(self.plan.recommendations) | {action.recommendation for action in self.plan.actions}
        used |= set(self.council_numbers.values())
        return max(used, default=0) + 1

    def _next_letter(self, number: int) -> str | None:
        used = {letter for (n, letter) in self.plan.sub_actions if n == number}
        used |= {action.letter for action in self.plan.actions if action.recommendation == number}
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if letter not in used:
                return letter
        return None

    # Layout (a): one row per action
    def _read_action_row(self, row_index: int, cells: dict, key) -> None:
        if key in self.actions and not key[1] and not key[2]:
            key = self._letter_apart(row_index, key)
        if key in self.actions:
            self.problem(
                row_index,
                "reference" if "reference" in self.columns else "recommendation",
                f"{_reference(key)} is already on row {self.actions[key].row}: give each action its own reference "
                f"(such as {key[0]}a, {key[0]}b)",
            )
            return
        action = self._new_action(row_index, cells, key)
        for period, columns, progress in self._round_cells(row_index):
            if period is None:
                self.progress_without_period += 1
            else:
                # Read even where the action's own cells have problems, so
                # that one upload names every problem of the row.
                entry = self._entry(row_index, progress, period, columns)
                if entry is not None:
                    action.entries.append(entry)

    def _letter_apart(self, row_index: int, key) -> tuple:
        """A second row of a recommendation's own action (a merged
        recommendation over two rows, or its reference repeated): the rows
        are lettered actions a), b) … of the recommendation, in file order."""
        number = key[0]
        first = self.actions.pop(key)
        letter = self._next_letter(number)
        if letter is None:
            self.actions[key] = first
            return key
        first.letter = letter
        self.actions[first.key] = first
        if number not in self.lettered:
            self.lettered.add(number)
            self.plan.notes.append(
                f"{self.grid.row_name(row_index)}: recommendation {number} has more than one action, and they have "
                f"no letters: they are read as its lettered actions {number} a), {number} b) … in the file's order."
            )
        return (number, self._next_letter(number) or "", "")

    # Layout (b): one row per action per round
    def _read_round_row(self, row_index: int, cells: dict, key) -> None:
        try:
            period = parse_month(cells.get("round"), what="round's month", epoch=self.grid.epoch)
            if isinstance(period, str):
                raise _Refused(f"'{period}' is not a month: write the round's month, such as 'March 2020'")
        except _Refused as refused:
            self.problem(row_index, "round", str(refused), fix="mapping")
            return
        action = self.actions.get(key)
        if action is None:
            action = self._new_action(row_index, cells, key)
        if period is None:
            if any(cells.get(k) is not None for k in _PROGRESS_KEYS):
                self.problem(
                    row_index, "round", "no round: write the month of the progress update, such as 'March 2020'"
                )
            return
        if (key, period) in self.entries:
            self.problem(
                row_index,
                "reference" if "reference" in self.columns else "round",
                f"{_reference(key)} already has a {period:%B %Y} update above: keep one row per action per round",
            )
            return
        self.entries.add((key, period))
        entry = self._entry(row_index, cells, period)
        if entry is None:
            return
        owners, joins = self._owners(row_index, cells)
        if owners:
            latest = self.latest_owners.get(key)
            if latest is None or period >= latest[0]:
                self.latest_owners[key] = (period, owners, joins)
            entry.owners, entry.joins = owners, joins
        action.entries.append(entry)

    def _new_action(self, row_index: int, cells: dict, key) -> ImportedAction:
        """The row's action, first met: its people, dates and texts. A row
        with problems is flawed: never saved, but compared with the review
        all the same, so that its other problems (its people, its rounds)
        come now too."""
        problems = len(self.plan.problems)
        owners, joins = self._owners(row_index, cells)
        target_month, target_text = self._target(row_index, cells)
        target_day = parse_day(cells.get("target"), epoch=self.grid.epoch) if target_month else None
        new_target = self._new_target(row_index, cells)
        agreed_action = self._agreed_action(row_index, cells, key)
        success_measure = self._long_text(row_index, cells, "success_measure")
        flawed = len(self.plan.problems) > problems
        action = ImportedAction(
            recommendation=key[0],
            letter=key[1],
            strand=key[2],
            row=row_index + 1,
            owners=owners,
            joins=joins,
            target_month=target_month,
            target_text=target_text,
            target_day=target_day,
            agreed_action=agreed_action,
            success_measure=success_measure,
            council_reference=self.row_council,
            new_target_month=new_target if new_target != target_month else None,
        )
        self.actions[key] = action
        if flawed:
            self.plan.flawed.append(action)
        else:
            self.plan.actions.append(action)
        return action

    def _target(self, row_index: int, cells: dict) -> tuple[datetime.date | None, str]:
        """The action's Date: its month, or the paper's own words ("Ongoing").
        Text that looks like a date but is not one ("Sept 25": September
        2025, or the 25th?) is kept as typed, with a note that its month is
        not known; a number that is no date is a problem (the column may be
        another field)."""
        value = cells.get("target")
        try:
            target = parse_month(value, what="month", epoch=self.grid.epoch)
        except _Refused as refused:
            text = one_line(_shown(value)).strip()
            if isinstance(value, (int, float)) or text.isdigit():
                self.problem(row_index, "target", str(refused), fix="mapping")
                return None, ""
            return None, self._kept_as_typed(row_index, text, str(refused))
        if target is None:
            self.problem(
                row_index, "target", "no Date: write the target month, such as 'October 2019', or the plan's words"
            )
            return None, ""
        if isinstance(target, str):
            if len(target) > ONE_LINE_MAX:
                self.problem(
                    row_index, "target", f"the Date has {len(target):,} characters; it may have {ONE_LINE_MAX}"
                )
            return None, target
        return target, ""

    def _kept_as_typed(self, row_index: int, text: str, refused: str) -> str:
        """A Date the paper wrote that is not a month the service can read:
        kept as the paper's words, and said (its action is never listed as
        overdue, as no month is known). `refused`: why, and what to write."""
        where = self.grid.cell_name(row_index, self.columns["target"])
        why = refused.split(": ", 1)[-1]
        fix = f"; to have it counted, {why}" if why.startswith("write") else f" ({why})"
        self.plan.notes.append(
            f"{where}: '{text}' is kept as typed and printed as the paper has it, as its month cannot be told, and "
            f"its action is not listed as overdue{fix}."
        )
        return text

    def _new_target(self, row_index: int, cells: dict) -> datetime.date | None:
        """The action's New date, a month only; None where the row has none."""
        new_target = None
        try:
            new_target = parse_month(cells.get("new_target"), what="month", epoch=self.grid.epoch)
            if isinstance(new_target, str):
                raise _Refused(f"'{new_target}' is not a month: write the new date as a month, such as 'June 2024'")
        except _Refused as refused:
            self.problem(row_index, "new_target", str(refused), fix="mapping")
        return new_target

    def _agreed_action(self, row_index: int, cells: dict, key) -> str:
        """The action's Agreed Action. A row with no action of its own is the
        recommendation's (or the sub-action's) own action record, its text
        the action; where the file has no Agreed Action column, the
        executive's words beside its acceptance say what will be done (a
        committee's action plan: "Accepted: clubs will open in four more
        wards")."""
        agreed_action = self._long_text(row_index, cells, "action")
        if not clean_long_text(cells.get("action")):
            if words := self._action_from_response(key):
                return words
            agreed_action = self.row_text if not key[2] else ""
            if not agreed_action:
                self.problem(
                    row_index,
                    "action" if "action" in self.columns else "recommendation",
                    "no Agreed Action: every action needs one",
                )
        return agreed_action

    def _action_from_response(self, key) -> str:
        """Where the file has no Agreed Action column, the executive's words
        beside its acceptance of a recommendation of one action: what will
        be done ("Accepted: clubs will open in four more wards")."""
        given = self.plan.responses.get(key[0]) if "action" not in self.columns else None
        if given is None or given.response != Response.ACCEPTED or key[1] or key[2]:
            return ""
        return given.words

    def _owners(self, row_index: int, cells: dict) -> tuple[list[str], dict[str, str]]:
        """The names, and what was typed before each (by name_key)."""
        named = split_owners_as_typed(cells.get("responsibility"))
        for _, name in named:
            if len(name) > ONE_LINE_MAX:
                self.problem(
                    row_index,
                    "responsibility",
                    f"a name has {len(name):,} characters; it may have {ONE_LINE_MAX}: separate names with commas",
                )
                return [], {}
        return [name for _, name in named], {name_key(name): join for join, name in named}

    def _long_text(self, row_index: int, cells: dict, key: str, columns=None) -> str:
        text = clean_long_text(cells.get(key))
        if len(text) > max_chars():
            message = f"the {label(key)} has {len(text):,} characters; it may have {max_chars():,}"
            self.problem(row_index, key, message, columns=columns)
            return ""
        return text

    def _entry(self, row_index: int, cells: dict, period: datetime.date, columns=None) -> ImportedEntry | None:
        """The row's update for `period`, from `cells`; `columns`: where
        they are, a round's own in layout (c)."""
        columns = columns or self.columns
        problems = len(self.plan.problems)
        progress = self._long_text(row_index, cells, "progress", columns)
        if progress.casefold() == NO_UPDATE_RECEIVED.casefold():
            progress = ""  # what the export prints where there was none
        status = ""
        try:
            grade = parse_grade(cells.get("grade"), self.scale_words)
        except _Refused as refused:
            self.problem(row_index, "grade", str(refused), fix="mapping", columns=columns)
            grade = None
        level = None
        if isinstance(grade, GradeCell) and isinstance(grade.level, KeyGrade):
            self.plan.grade_prints[grade.prints] += 1
            grade = grade.level.label  # the paper's own word, as the key gives it
        if isinstance(grade, GradeCell):
            self.plan.grade_prints[grade.prints] += 1
            self.plan.grades_read.setdefault(" ".join(str(cells.get("grade")).split()), grade.level)
            level, grade = grade.level.id, grade.level.rank
        elif isinstance(grade, str):
            status, grade = grade, None
            value = self.plan.statuses.setdefault(grading.status_key(status), StatusValue(status))
            value.cells.append(self.grid.cell_name(row_index, columns["grade"]))
        explanation = self._long_text(row_index, cells, "explanation", columns)
        impact = self._long_text(row_index, cells, "impact", columns)
        if len(self.plan.problems) > problems:
            return None
        return ImportedEntry(
            period=period,
            row=row_index + 1,
            evidence_of_progress=progress,
            grade=grade,
            status=status,
            level=level,
            grade_explanation=explanation,
            evidence_of_impact=impact,
        )

    def _settle_owners(self) -> None:
        """In a file with rounds, the action's Responsibility is the latest
        round's; an earlier round keeps its own names only where they differ."""
        if not self.by_round:
            return
        for action in self.plan.actions:
            latest = self.latest_owners.get(action.key)
            if latest:
                action.owners, action.joins = latest[1], latest[2]
            for entry in action.entries:
                if (entry.owners, entry.joins) == (action.owners, action.joins):
                    entry.owners, entry.joins = [], {}


# "R1 That the Council …", "R2: That …": a council's reference before the text.
# A recommendation's reference in a cell of its own: "R1", "Rec 2", "Recommendation 3:".
_REFERENCE_ALONE = re.compile(r"^(?:R\s?\d{1,3}[a-z]?|Rec(?:ommendation)?\.?\s*\d{1,3})\s*[.):\-–—]*$", re.I)
# A council's coded reference before a recommendation's "That …": "SR (24/25) 01", "CS1", "REC 02".
_COUNCIL_CODED = re.compile(
    r"^\s*([A-Z]{1,4}\s?(?:\(\d{2}/\d{2}\)\s?)?\d{1,3}[a-z]?)\s*[.):\-–—]*\s+((?i:that)\b.*)$", re.DOTALL
)
_COUNCIL_NUMBERED = re.compile(r"^\s*(R\s?\d{1,3}[a-z]?)\s*[.):\-–—]*\s+(\S.*)$", re.IGNORECASE | re.DOTALL)


def recommendation_heading(text: str) -> dict | None:
    """A row that is only a recommendation, as cells: 'R1 That the
    Council reviews …' -> {"reference": "R1", "recommendation": "That the
    Council reviews …"}; 'Recommendation 2: That …' -> {"recommendation":
    'Recommendation 2: That …'} (our number 2). None for anything else
    (a theme's heading, a month, a note)."""
    if match := _COUNCIL_NUMBERED.match(text):
        reference, rest = match.group(1), match.group(2).strip()
        return {"reference": reference, "recommendation": rest} if len(rest.split()) >= 3 else None
    number, rest = parse_numbered_text(text)
    if number is not None and len(rest.split()) >= 3:
        return {"recommendation": text}
    if (match := _COUNCIL_CODED.match(text)) and len(match.group(2).split()) >= 3:
        return {"reference": " ".join(match.group(1).split()), "recommendation": match.group(2).strip()}
    return None


def _row_texts(cells: dict, letter: str) -> tuple[int | None, str, str, str]:
    """The row's recommendation text and the number it is written with, and
    its sub-action's text and the letter it is written with. A lettered
    reference with its sub-action's text in the Recommendation column
    ("1a | a) targeted awareness raising…") is read as the sub-action's."""
    text_number, text = parse_numbered_text(cells.get("recommendation"))
    text = clean_long_text(text)
    letter_here, sub_text = parse_lettered_text(cells.get("sub_action"))
    sub_text = clean_long_text(sub_text)
    if text and letter and not sub_text and text_number is None:
        letter_in_text, rest = parse_lettered_text(text)
        if letter_in_text == letter and rest:
            letter_here, sub_text, text = letter_in_text, rest, ""
    return text_number, text, letter_here, sub_text


def _is_our_reference(value) -> bool:
    """Whether a reference cell is in our own numbering (1, 1a, 1 a)
    Frontline staff), not the council's own (R3, Rec 1, 3.2, SR (25/26) 01)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value).is_integer()
    text = one_line(str(value or "")).strip()
    if not text[:1].isdigit():
        return False
    try:
        return parse_reference(text) is not None
    except _Refused:
        return False


def _reference(key) -> str:
    number, letter, strand = key
    parts = [str(number)]
    if letter:
        parts.append(f"{letter})")
    if strand:
        parts.append(strand)
    return " ".join(parts)
