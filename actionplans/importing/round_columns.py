"""A tracker that keeps every round side by side: the progress columns
repeat once per period, the period in their headings ("Update Apr 2025 |
RAG Apr 2025 | Update Oct 2025 | RAG Oct 2025"). Each period is a round of
its own, oldest first, read as the product's own export's rounds are.

The headings may name the period as councils write it: "April 2025", "Apr
2025", "April 25", "Sept 25", "2025-10", or a financial year's quarter,
"Q3 2025/26" (Q1 is April to June, as the partnership plans count them).
A month misspelt ("Ocotber 2025") is read as the month it is closest to,
and the preview says so. Two figures after a month that may be a day as
well as a year ("Sept 24") are asked about for each such month and
figures on its own (AmbiguousPeriod), the year proposed from the columns
beside it, and the clerk's years (`years`: period_key -> year) are
theirs; until each is given the preview has a problem (fix "year") that
stops the import, and so does a year given that puts a round out of the
file's order (oldest first). A progress column whose period cannot be read, or
that repeats another's, is named with the reason: no column is left out
without a word.

A partnership plan's quarters side by side are found the same way
(QUARTERS: a month heading stands for the financial quarter it falls in).
"""

import datetime
import difflib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from actionplans.models.common import month_label
from actionplans.models.partnership import quarter_label, quarter_period, quarter_start

from .headings import MONTHS, PARTNERSHIP_PLAN, SCRUTINY_ACTION_PLAN, Field, label_field

# The fields a round's columns hold, in the order a round is described.
ROUND_KEYS = ("progress", "grade", "explanation", "impact")


@dataclass(frozen=True)
class Periods:
    """What repeats per period in a kind of plan: the fields (`fields`),
    the period a heading's month falls in (`period_of`), how the period is
    named when the heading's own words are not at hand, what it is called
    ('round', 'quarter') and what a heading names of it ('month', 'quarter')."""

    fields: tuple[Field, ...]
    period_of: Callable[[datetime.date], datetime.date]
    name: Callable[[datetime.date], str]
    noun: str
    unit: str

    def label(self, key: str) -> str:
        return next(field.label for field in self.fields if field.key == key)


def _same_month(month: datetime.date) -> datetime.date:
    return month


# A review's monitoring rounds, by month; a partnership plan's quarters
# (a month heading, 'Progress June 2025', is its quarter's).
ROUNDS = Periods(
    tuple(f for f in SCRUTINY_ACTION_PLAN if f.key in ROUND_KEYS), _same_month, month_label, "round", "month"
)
QUARTERS = Periods(
    fields=tuple(f for f in PARTNERSHIP_PLAN if f.key in ("progress", "rag")),
    period_of=quarter_start,
    name=quarter_label,
    noun="quarter",
    unit="quarter",
)

_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Q3 2025/26", "Q3 2025-26", "Q3 25/26", "Q1 2010": a financial quarter.
_QUARTER = re.compile(r"\bQ\s*([1-4])\s*[-/ ]?\s*((?:19|20)?\d{2})(?:\s*[/-]\s*(\d{2}|\d{4}))?\b", re.I)
# "April 2025", "Apr. 2025", "Sept-25", "April '25".
_MONTH = re.compile(rf"\b({_MONTH_WORD})\.?,?[\s\-/']*'?(\d{{4}}|\d{{2}})(?!\d)", re.I)
# "2025-10", "2025/10".
_YEAR_MONTH = re.compile(r"\b((?:19|20)\d{2})\s*[-/]\s*(\d{1,2})\b(?![-/]\d)")
# A word before a year that may be a month misspelt ("Ocotber 2025").
_WORD_AND_YEAR = re.compile(r"\b([a-z]{3,10})\.?,?[\s\-/']*'?(\d{4}|\d{2})(?!\d)", re.I)
_MONTH_NAMES = [name for name in MONTHS if len(name) > 4]  # the full names, "march" to "september"
# What looks meant as a period but is none of these.
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|'\d{2}\b")
_FOUR_FIGURE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


Years = dict[str, int]  # period_key -> the year the clerk gave


def heading_period(heading, years: Years | None = None) -> datetime.date | None:
    """The first month of the period a heading names, or None:
    'RAG Q3 2025/26' -> 2025-10-01, 'Update Sept 25' -> 2025-09-01.
    `years`: the year the clerk says each day_or_year heading is for."""
    return named_period(heading, years)[0]


def named_period(heading, years: Years | None = None) -> tuple[datetime.date | None, str]:
    """(heading_period, the words naming it as the heading types them):
    'Progress Q1 2018/19' -> (2018-04-01, 'Q1 2018/19'); a misspelt month's
    words are not kept ('Ocotber 2025' -> (2025-10-01, ''))."""
    if not isinstance(heading, str):
        return None, ""
    if match := _QUARTER.search(heading):
        year = int(match.group(2))
        return quarter_period(int(match.group(1)), year + 2000 if year < 100 else year), match.group(0)
    if match := _MONTH.search(heading):
        year = int(match.group(2))
        year = (years or {}).get(period_key(heading)) or (year + 2000 if year < 100 else year)
        return datetime.date(year, MONTHS[match.group(1).lower()], 1), match.group(0)
    if (match := _YEAR_MONTH.search(heading)) and 1 <= int(match.group(2)) <= 12:
        return datetime.date(int(match.group(1)), int(match.group(2)), 1), match.group(0)
    if misspelt := misspelt_month(heading):
        year = int(misspelt[1])
        return datetime.date(year + 2000 if year < 100 else year, MONTHS[misspelt[2]], 1), ""
    return None, ""


def day_or_year(heading) -> bool:
    """Whether a heading's month is followed by two figures that may be a
    day as well as a year ("April 25": 25 April, or April 2025), with no
    other year in it. "Apr '25", "Sep-25" (as Excel writes a month) and
    "Apr 2025" are years."""
    if not isinstance(heading, str) or _QUARTER.search(heading):
        return False
    match = _MONTH.search(heading)
    if not match or len(match.group(2)) != 2 or int(match.group(2)) > 31:
        return False
    between = heading[match.end(1) : match.start(2)]
    return not between.strip(" .,") and not _FOUR_FIGURE_YEAR.search(heading)


def period_key(heading) -> str:
    """What a clerk's year answers, for a day_or_year heading: its month
    and two figures ("09-24" for "Update Sept 24" and "RAG September 24");
    "" for any other heading."""
    if not day_or_year(heading):
        return ""
    match = _MONTH.search(heading)
    return f"{MONTHS[match.group(1).lower()]:02d}-{match.group(2)}"


@dataclass(frozen=True)
class AmbiguousPeriod:
    """A month and two figures that may be a day or a year ("Sept 24"),
    as the headings of `columns` write it, and the year proposed for it."""

    key: str
    words: str
    columns: tuple[int, ...]
    proposed: int

    def reading(self, year: int) -> str:
        return month_label(datetime.date(year, int(self.key[:2]), 1))


def ambiguous_periods(headings: list[str], columns=None) -> tuple[AmbiguousPeriod, ...]:
    """Each month and two figures of the headings (of `columns`, else all)
    that may be a day or a year, once, in the file's order. The year
    proposed is the two figures', unless that would put it before the
    period of a heading to its left (a tracker runs oldest first): then
    the first such month after that one."""
    found: dict[str, dict] = {}
    latest = None
    for column, heading in enumerate(headings):
        if columns is not None and column not in columns:
            continue
        month, key = heading_period(heading), period_key(heading)
        if key and key not in found:
            if latest and month < latest:
                month = month.replace(year=latest.year + (month.month < latest.month))
            found[key] = {"words": _MONTH.search(heading).group(0), "columns": [], "proposed": month.year}
        if key:
            found[key]["columns"].append(column)
            month = month.replace(year=found[key]["proposed"])
        latest = max(latest, month) if latest and month else month or latest
    return tuple(AmbiguousPeriod(key, f["words"], tuple(f["columns"]), f["proposed"]) for key, f in found.items())


def year_question(
    period: AmbiguousPeriod, where: str, years: Years | None, *, many: bool = False, beside: str = "the columns"
) -> tuple[str, bool]:
    """What the preview says of one month and two figures that may be a
    day or a year, named `where` ("Column F ('Update Sept 24')", "The
    sheet 'Sept 24'"): the question and False, or the clerk's answer and True."""
    if year := (years or {}).get(period.key):
        return f"{where}: “{period.words}” read as {period.reading(year)}, as you said.", True
    names = "name" if many else "names"
    return (
        f"{where} {names} “{period.words}”, whose two figures may be the day or the year: say which year it is "
        f"(it reads as {period.reading(period.proposed)} beside {beside} next to it)",
        False,
    )


def misspelt_month(heading: str) -> tuple[str, str, str] | None:
    """(the word, the year, the month it is read as) for a month misspelt
    before a year: 'Update Ocotber 2025' -> ('Ocotber', '2025', 'october')."""
    for match in _WORD_AND_YEAR.finditer(heading):
        word = match.group(1).lower()
        if word in MONTHS:
            return None
        close = difflib.get_close_matches(word, _MONTH_NAMES, n=1, cutoff=0.75)
        if close:
            return match.group(1), match.group(2), close[0]
    return None


def without_period(heading: str) -> str:
    """The heading with the period it names taken out, for matching its
    words to a field ('Update Sept 25' -> 'Update ')."""
    for pattern in (_QUARTER, _MONTH, _YEAR_MONTH):
        heading = pattern.sub(" ", heading)
    return heading


@dataclass(frozen=True)
class UnreadColumn:
    column: int  # 0-based
    heading: str
    reason: str

    @property
    def where(self) -> str:
        return f"Column {get_column_letter(self.column + 1)}"


@dataclass(frozen=True)
class RoundColumns:
    """Each period's columns (field key -> 0-based column), oldest first,
    and the progress columns that cannot be put in a round."""

    rounds: tuple[tuple[datetime.date, dict[str, int]], ...]
    unread: tuple[UnreadColumn, ...] = ()
    ambiguous: tuple[AmbiguousPeriod, ...] = ()  # headings whose two figures may be a day ("April 25")

    def year_questions(self, headings: list[str], years: Years | None) -> list[tuple[str, bool]]:
        """What the preview says of each month and two figures that may be
        a day or a year: (the question, False), or (the clerk's answer, True)."""
        said = []
        for period in self.ambiguous:
            listed = ", ".join(f"'{_heading(headings, column)}'" for column in period.columns[:4])
            where = f"{_columns_named(period.columns)} ({listed})"
            said.append(year_question(period, where, years, many=len(period.columns) > 1))
        return said

    def out_of_order(self) -> str:
        """Where the years given put a round before one the file has to its
        left (a tracker's rounds run oldest first): what to check; else ""."""
        if not self.ambiguous:
            return ""
        by_column = sorted(self.rounds, key=lambda one: min(one[1].values()))
        for (earlier, _), (later, columns) in itertools.pairwise(by_column):
            if later <= earlier:
                letter = get_column_letter(min(columns.values()) + 1)
                return (
                    f"With the years given, column {letter}'s round is {month_label(later)}, not after "
                    f"{month_label(earlier)} to its left, though the file runs oldest first: check the years"
                )
        return ""

    def described(self, headings: list[str]) -> list[str]:
        """'The file's progress is read as 2 rounds, oldest first: April
        2025 (columns D and E), October 2025 (columns F and G) …', and a
        line for each heading whose month was misspelt."""
        parts, misspelt = [], []
        for period, columns in self.rounds:
            letters = [get_column_letter(column + 1) for column in sorted(columns.values())]
            listed = letters[0] if len(letters) == 1 else f"{', '.join(letters[:-1])} and {letters[-1]}"
            parts.append(f"{month_label(period)} (column{'s' if len(letters) > 1 else ''} {listed})")
            for column in sorted(columns.values()):
                heading = _heading(headings, column)
                if word := misspelt_month(heading):
                    misspelt.append(
                        f"Column {get_column_letter(column + 1)} ('{heading}'): '{word[0]}' is read as "
                        f"{month_label(period).split()[0]}. If it is another month, correct the heading and upload "
                        "the file again."
                    )
        return [
            f"The file's progress is read as {len(self.rounds)} rounds, oldest first: {', '.join(parts)}. "
            "Each is a round of its own, as the file has it.",
            *misspelt,
        ]


def round_columns(
    headings: list[str], mapping: dict[int, str], periods: Periods = ROUNDS, years: Years | None = None
) -> RoundColumns | None:
    """The rounds (`periods`: a partnership plan's quarters) the mapped
    progress columns hold, when they hold more than one (two periods named,
    or a field mapped twice); None for a file with one round's progress
    columns, read as before."""
    keys = [field.key for field in periods.fields]
    progress = {column: key for column, key in mapping.items() if key in keys}
    ambiguous = ambiguous_periods(headings, progress)
    years = {**{period.key: period.proposed for period in ambiguous}, **(years or {})}
    months = {column: heading_period(_heading(headings, column), years) for column in progress}
    named = {column: periods.period_of(month) if month else None for column, month in months.items()}
    if len({period for period in named.values() if period}) < 2 and len(set(progress.values())) == len(progress):
        return None
    rounds: dict[datetime.date, dict[str, int]] = {}
    unread = []
    for column, key in sorted(progress.items()):
        heading, period, label = _heading(headings, column), named[column], periods.label(key)
        if period is None:
            unread.append(UnreadColumn(column, heading, _no_period(heading, label, periods.noun)))
        elif key in rounds.get(period, {}):
            first = rounds[period][key]
            words = named_period(_heading(headings, first))[1] or periods.name(period)
            unread.append(
                UnreadColumn(
                    column,
                    heading,
                    f"column {get_column_letter(first + 1)} is {words}'s {label} already: give this column's heading "
                    f"its own {periods.unit}, or choose Not imported for it",
                )
            )
        else:
            rounds.setdefault(period, {})[key] = column
    return RoundColumns(tuple(sorted(rounds.items())), tuple(unread), ambiguous)


def _columns_named(columns) -> str:
    """'Column F', or 'Columns F, G and H'."""
    letters = [get_column_letter(column + 1) for column in columns]
    return f"Column {letters[0]}" if len(letters) == 1 else f"Columns {', '.join(letters[:-1])} and {letters[-1]}"


def _heading(headings: list[str], column: int) -> str:
    return headings[column] if column < len(headings) else ""


def _no_period(heading: str, label: str, noun: str = "round") -> str:
    said = f"'{heading}'" if heading else "(no heading)"
    if _A_YEAR.search(heading):
        problem = f"its heading {said} has a year but no month we can read (such as 'October 2025' or 'Q3 2025/26')"
    else:
        problem = f"its heading {said} names no month, and the file has {label} for more than one {noun}"
    return f"{problem}: write the month in the heading and upload the file again, or choose Not imported for it"


def add_round_columns(
    headings: list[str], mapping: dict[int, str], periods: Periods = ROUNDS, years: Years | None = None
) -> dict[int, str]:
    """The guessed mapping with each further round's progress columns
    mapped too: a heading naming a period and a progress field
    ('RAG Oct 2025') beside one already mapped for another period. Without
    them the guess maps each field once, and the later rounds would be
    left out. A further heading of a field mapped already that names no
    period, or one taken ('Update (latest)', a second 'RAG Oct 2025'), is
    mapped too, so that round_columns names it with why it is not read."""
    years = {**{period.key: period.proposed for period in ambiguous_periods(headings)}, **(years or {})}
    months = {column: heading_period(_heading(headings, column), years) for column in mapping}
    mapped = {column: periods.period_of(month) if month else None for column, month in months.items()}
    keys = [field.key for field in periods.fields]
    taken = {(key, mapped[column]) for column, key in mapping.items() if key in keys}
    if not any(period for (_key, period) in taken):
        return mapping
    added = dict(mapping)
    mapped_keys = {key for key, _period in taken}
    for column, heading in enumerate(headings):
        if column in mapping:
            continue
        month = heading_period(heading, years)
        period = periods.period_of(month) if month else None
        key = label_field(without_period(heading), periods.fields)
        if key and (((key, period) not in taken and period) or key in mapped_keys):
            added[column] = key
            taken.add((key, period))
    return dict(sorted(added.items()))
