"""Reading a partnership action plan (seeds 002 and 004) through the same
steps as a review's tracker: sheets.read_grid, headings (PARTNERSHIP_PLAN),
then this module's reader, into an ImportedPartnershipPlan; comparing it
with the partnership and saving it are partnership_saving.py's.

Two shapes are read:
- seed 002: heading rows "1. Preventing Hate Crime" in the first column,
  then numbered actions (1.1 | Action | Lead Organisation / Partner(s) |
  Target Date | Outcome | Progress | RAG); the heading row may repeat under
  every theme;
- seed 004: "Strategic Objective A: …" rows in the Objective/Issue column,
  numbered objectives ("2. Develop …") whose Activity/Output rows carry
  their own Timeframe and Lead, a National Indicator column, and progress
  for a quarter named in its heading ("Progress to date – Q1 2010 RAG").

Either may keep several quarters side by side ("Progress Q1 2025/26 | RAG
Q1 2025/26 | Progress Q2 2025/26 | …"): each quarter's columns are found as
a tracker's rounds are (round_columns.QUARTERS), and read as one quarter
each, oldest first, named as the headings name it.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from actionplans.grading import NO_UPDATE_RECEIVED, NOT_RATED, Rag
from actionplans.models import (
    indicator_code,
    month_label,
    quarter_label,
    quarter_start,
    repeat_in,
)
from actionplans.models.partnership_quarters import RagScale, rag_scale
from actionplans.text import one_line

from .grid import Grid, cell_name
from .headings import MONTHS, PARTNERSHIP_FIELDS_BY_KEY, PARTNERSHIP_PLAN, normalise
from .plan import Problem
from .round_columns import QUARTERS, heading_period, named_period, round_columns
from .tracker import ONE_LINE_MAX, _Refused, _shown, clean_long_text, parse_month

# Theme rows: "Strategic Objective A: Improving Community Cohesion", "1. Preventing Hate Crime".
_OBJECTIVE = re.compile(r"^\s*strategic\s+objective\s+([A-Z0-9]{1,3})\s*[:.\-–]\s*(\S.*)$", re.IGNORECASE | re.DOTALL)
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})?)\s*[.):\-–]?\s+(\S.*)$", re.DOTALL)
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[a-z]?$", re.IGNORECASE)
_INDICATOR = re.compile(r"\bNI\s*(\d{1,3})\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_RAG_WORDS = {
    "red": Rag.RED,
    "r": Rag.RED,
    "amber": Rag.AMBER,
    "a": Rag.AMBER,
    "green": Rag.GREEN,
    "g": Rag.GREEN,
    "complete": Rag.COMPLETE,
    "completed": Rag.COMPLETE,
    "c": Rag.COMPLETE,
}
PROGRESS_KEYS = ("progress", "rag")

# What a committee paper carries besides its table, set aside, never a theme
# or an action: its DRAFT mark, the agenda pack's header, page numbers, the
# glossary of national indicators and notes below the table.
_DRAFT = re.compile(r"^\W*(?:final\s+)?draft\b.{0,40}$", re.IGNORECASE | re.DOTALL)
_AGENDA = re.compile(r"^\W*(?:agenda\s+item\s+\w+|appendix\s+\w+|annex\s+\w+)\b.{0,60}$", re.IGNORECASE | re.DOTALL)
_PAGE = re.compile(r"^\W*page\s+\d+(?:\s+of\s+\d+)?\W*$", re.IGNORECASE)
_GLOSSARY = re.compile(r"^\W*(?:glossary|key|national\s+indicators?)\W*$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*(?:\*|(?:note|notes|nb|n\.b\.|source|sources)\b\s*[:.\-–])", re.IGNORECASE)
_GLOSSARY_LINE = re.compile(r"^(NI\s*\d{1,3})\b\s*[:.\-–]?\s*(\S.*)?$", re.IGNORECASE | re.DOTALL)
_CODE_ALONE = re.compile(r"NI\s*\d{1,3}\s*[:.]?", re.IGNORECASE)
_REFERENCE = re.compile(r"\s+((?:PSA\s*\d+)|(?:[A-Z][A-Za-z]*\s+)?DSO)\s*$")
# The columns a heading, a page's header or footer or a note is typed in.
_STRUCTURE_KEYS = ("theme", "number", "objective", "action")
_MONTH_IN_WORDS = re.compile(
    rf"\b({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)


@dataclass
class SetAside:
    """A row of the sheet not imported, and what it was taken for."""

    row: int
    text: str
    why: str  # "a draft mark", "the agenda's header", ...

    def __str__(self):
        return f"row {self.row}, ‘{self.text}’ ({self.why})"


@dataclass
class GlossaryLine:
    """A national indicator as the sheet's own glossary defines it."""

    row: int
    code: str
    title: str
    reference: str = ""


def read_target(value, *, epoch) -> tuple[datetime.date | None, str, str]:
    """(due month, repeat, the plan's words) of a Target Date or Timeframe
    cell: 'October 2018' -> (October 2018, '', ''); 'Oct 2018' -> (October
    2018, '', 'Oct 2018'), the words kept as typed wherever they are not the
    month as we write it; 'October 2018 Yearly' -> (October 2018, 'yearly',
    the words); 'Quarterly updates Starting in September 2018' -> (September
    2018, 'quarterly', …); 'Ongoing' -> (None, 'ongoing', …). With a repeat
    the first month named is when it is first due; without, the last
    ('Starting in May 2018 to April 2019': due by April 2019). Raises
    _Refused as parse_month does."""
    try:
        month = parse_month(value, epoch=epoch)
    except _Refused:
        month = one_line(_shown(value)).strip()
    if not isinstance(month, str):
        typed = one_line(value).strip() if isinstance(value, str) else ""
        return month, "", typed if month and typed != month_label(month) else ""
    words = month
    repeats = repeat_in(words)
    months = [datetime.date(int(year), MONTHS[name.lower()], 1) for name, year in _MONTH_IN_WORDS.findall(words)]
    due = (months[0] if repeats else months[-1]) if months else None
    return due, repeats, words


@dataclass
class ImportedActivity:
    row: int
    text: str
    leads: str = ""
    target_month: datetime.date | None = None
    target_text: str = ""
    repeats: str = ""  # Repeat


@dataclass
class ImportedProgress:
    """An action's Progress and RAG for one quarter of the file."""

    progress: str = ""
    rag: str = ""  # what it means (PartnershipUpdate.rag)
    rag_level: int | None = None  # the grade of the council's scale its words named, where they did

    def __bool__(self) -> bool:
        return bool(self.progress or self.rag or self.rag_level)


@dataclass
class ImportedQuarter:
    """A quarter the file has progress for: its first month (None where
    neither the file nor the clerk says), the words its headings name it
    in ('Q1 2018/19'; '' where they do not), and its columns (field key ->
    0-based column)."""

    period: datetime.date | None
    named: str = ""
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """'Q1 2018/19' as the file names it, else 'Q1 2018'."""
        return self.named or (quarter_label(self.period) if self.period else "")


@dataclass
class ImportedPartnershipAction:
    row: int
    number: str
    text: str
    leads: str = ""
    target_month: datetime.date | None = None
    target_text: str = ""
    repeats: str = ""  # Repeat
    outcome: str = ""
    indicators: list[str] = field(default_factory=list)  # codes, "NI 35"
    # Its progress by quarter: the index of the plan's quarters (oldest first).
    updates: dict[int, ImportedProgress] = field(default_factory=dict)
    activities: list[ImportedActivity] = field(default_factory=list)

    def update(self, quarter: int) -> ImportedProgress:
        """Its progress for the plan's `quarter`th quarter (empty if none)."""
        return self.updates.get(quarter) or ImportedProgress()


@dataclass
class ImportedTheme:
    row: int
    kind: str  # Theme.Kind
    label: str
    title: str
    actions: list[ImportedPartnershipAction] = field(default_factory=list)
    placeholder: bool = False  # no heading: actions above the first (a problem)


@dataclass
class ImportedPartnershipPlan:
    file_name: str
    themes: list[ImportedTheme] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    quarters: list[ImportedQuarter] = field(default_factory=list)  # oldest first: those the progress is for
    columns: dict[str, str] = field(default_factory=dict)  # field key -> column letter
    set_aside: list[SetAside] = field(default_factory=list)  # rows not imported, in the sheet's order
    notes: list[str] = field(default_factory=list)  # which columns are which quarter, and those not read
    glossary: dict[str, GlossaryLine] = field(default_factory=dict)  # code -> as the sheet defines it

    @property
    def actions(self) -> list[ImportedPartnershipAction]:
        return [action for theme in self.themes for action in theme.actions]

    @property
    def has_progress(self) -> bool:
        return any(any(action.updates.values()) for action in self.actions)

    @property
    def quarter(self) -> datetime.date | None:
        """The first month of the (oldest) quarter the progress is for."""
        return self.quarters[0].period if self.quarters else None

    @property
    def indicator_codes(self) -> list[str]:
        """Every code the plan's actions name, in the order first named."""
        return list(dict.fromkeys(code for action in self.actions for code in action.indicators))

    @property
    def glossary_codes(self) -> list[str]:
        """The plan's glossary: the sheet's own, in its order, then any code
        an action names that it lacks."""
        return list(dict.fromkeys([*self.glossary, *self.indicator_codes]))


def guess_mapping(headings: list, mapping: dict[int, str]) -> dict[int, str]:
    """Seed 002 prints its numbers in a first column with no heading: read
    it as the Number when nothing else is."""
    if "number" not in mapping.values() and headings and not str(headings[0] or "").strip() and 0 not in mapping:
        mapping = {0: "number", **mapping}
    return dict(sorted(mapping.items()))


def parse_rag(value, scale: RagScale | None = None) -> str:
    """Rag's value from 'Green', 'G', 'Complete'; '' when blank. Raises
    _Refused for anything else, a grade included."""
    return parse_rag_level(value, scale or rag_scale())[0]


def parse_rag_level(value, scale: RagScale) -> tuple[str, int | None]:
    """(what a cell's RAG means, the id of the grade of the council's scale
    it names, or None): the council's own labels ('Blue – complete', 'Grey –
    not started', a grade meaning no grade: ''), else the usual words ('Green',
    'G', 'Complete'), each read by what it means; ('', None) when blank.
    Raises _Refused for anything else, a grade included, naming the
    council's labels."""
    if value is None:
        return "", None
    shown = one_line(_shown(value)).strip()
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", shown.lower()).split())
    if not words:
        return "", None
    named = scale.rag_of(shown) or next(
        (found for level in scale.scale if _simple(level.label) == words and (found := scale.rag_of(level.label))),
        None,
    )
    if named:
        return named[0], named[1].id
    if words in _RAG_WORDS:
        return str(_RAG_WORDS[words]), None
    if words == NOT_RATED.lower():
        return "", None  # the export's words for no RAG
    if words.isdigit():
        raise _Refused(f"'{shown}' is a grade, not a RAG status: write {scale.words()}")
    raise _Refused(f"'{shown}' is not a RAG status: write {scale.words()}")


def _simple(words: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", words.lower()).split())


def parse_indicators(value) -> list[str]:
    """The national indicators' codes a cell names: '<b>NI 35</b> PSA 26' ->
    ['NI 35'] (the PSA or DSO is the glossary's). Raises _Refused for text
    naming none."""
    if value is None:
        return []
    text = _TAG.sub(" ", _shown(value) if not isinstance(value, str) else value).strip()
    if not text:
        return []
    codes = list(dict.fromkeys(f"NI {int(number)}" for number in _INDICATOR.findall(text)))
    if not codes:
        raise _Refused(f"'{one_line(text)}' names no national indicator: write codes such as NI 35 PSA 26")
    return codes


def read_plan(grid: Grid, *, heading_row: int, mapping: dict[int, str], period=None) -> ImportedPartnershipPlan:
    """The plan `grid` holds below `heading_row`; `period`: a month of the
    quarter its progress is for (else the quarter the Progress heading names)."""
    return _Reader(grid, heading_row, mapping, period).read()


class _Reader:
    def __init__(self, grid: Grid, heading_row: int, mapping: dict[int, str], period):
        self.grid, self.heading_row = grid, heading_row
        self.columns = {key: column for column, key in mapping.items()}
        # The activities' own Timeframe and Lead (the export's), or the row's (seed 004's).
        self.activity_columns = any(key in self.columns for key in ("activity_target", "activity_leads"))
        self.plan = ImportedPartnershipPlan(file_name=grid.file_name)
        headings = ["" if value is None else str(value) for value in grid.rows[heading_row]]
        self.plan.quarters = self._quarters(headings, mapping, period)
        # The row's "progress" and "rag" are the oldest quarter's; a later
        # quarter's cells are read apart (_progress).
        self.columns = {key: column for key, column in self.columns.items() if key not in PROGRESS_KEYS}
        self.columns.update(self.plan.quarters[0].columns if self.plan.quarters else {})
        self.plan.columns = {key: get_column_letter(column + 1) for key, column in self.columns.items()}
        self.theme: ImportedTheme | None = None
        self.theme_cell = ""  # the current theme's heading as its row gives it
        self.action: ImportedPartnershipAction | None = None
        self.in_glossary = False  # below a "Glossary" heading
        self.rag_scale = rag_scale()  # the council's RAG words, read once
        # A line printed on every page (the plan's title, "OFFICIAL"): a
        # page's header or footer, wherever it repeats.
        self.repeated = Counter(
            text
            for row_index in range(len(grid.rows))
            if (text := self._lone_text(self._filled(row_index), structure=True))
        )

    def _quarters(self, headings: list[str], mapping: dict[int, str], period) -> list[ImportedQuarter]:
        """The quarters the Progress and RAG columns hold, oldest first: one
        per quarter their headings name (round_columns: 'Progress Q1
        2025/26 | RAG Q1 2025/26 | Progress Q2 2025/26 | …'), a column no
        quarter can take being a problem at it; else the one quarter of a
        file with one Progress and one RAG, the clerk's month's, or the one
        its headings name."""
        found = round_columns(headings, mapping, QUARTERS)
        if found is None:
            columns = {key: column for column, key in mapping.items() if key in PROGRESS_KEYS}
            if not columns:
                return []
            named = [named_period(_heading(headings, columns[key])) for key in PROGRESS_KEYS if key in columns]
            quarter = quarter_start(period) if period else next((quarter_start(m) for m, _ in named if m), None)
            words = next((words for month, words in named if month and quarter_start(month) == quarter), "")
            return [ImportedQuarter(quarter, words, columns)]
        for unread in found.unread:
            self.plan.problems.append(Problem(unread.where, unread.reason, fix="mapping"))
        quarters = []
        for quarter, columns in found.rounds:
            named = [named_period(_heading(headings, columns[key]))[1] for key in PROGRESS_KEYS if key in columns]
            quarters.append(ImportedQuarter(quarter, next(filter(None, named), ""), columns))
        if quarters:
            self.plan.notes.append(_described(quarters))
        return quarters

    def _filled(self, row_index: int) -> dict:
        cells = {key: self.grid.value(row_index, column) for key, column in self.columns.items()}
        return {key: value for key, value in cells.items() if value is not None and str(value).strip()}

    @staticmethod
    def _lone_text(filled: dict, *, structure: bool = False) -> str:
        """The row's text when it has one (a merged cell filling the row
        gives the same text in each), without tags; '' otherwise.
        `structure`: only when it is in a column a heading is typed in."""
        values = {one_line(_TAG.sub(" ", str(value))).strip() for value in filled.values() if isinstance(value, str)}
        if len(values) != 1 or len(values) != len({str(v) for v in filled.values()}):
            return ""
        if structure and not any(key in _STRUCTURE_KEYS for key in filled):
            return ""
        return " ".join(next(iter(values)).split())

    def problem(self, row_index: int, key: str | None, message: str, fix: str = "", columns=None) -> None:
        """`columns`: a later quarter's own, where the key is Progress or RAG."""
        columns = columns or self.columns
        where = cell_name(row_index, columns[key]) if key in columns else f"Row {row_index + 1}"
        self.plan.problems.append(Problem(where, message, fix=fix if key in columns else ""))

    def read(self) -> ImportedPartnershipPlan:
        missing = [
            label
            for keys, label in ((("action", "objective"), "the Action (or the Objective/Issue)"),)
            if not any(key in self.columns for key in keys)
        ]
        if missing:
            self.plan.problems.append(
                Problem("", f"No column is {missing[0]}. Say which column holds it.", fix="mapping")
            )
            return self.plan
        # Seed 002 heads its first theme above the heading row.
        for row_index in range(max(0, self.heading_row - 2), self.heading_row):
            cells = {key: self.grid.value(row_index, column) for key, column in self.columns.items()}
            filled = {key: value for key, value in cells.items() if value is not None and str(value).strip()}
            lone = next(iter(filled.values())) if len(filled) == 1 else None
            if isinstance(lone, str) and (_OBJECTIVE.match(lone) or _NUMBERED.match(lone)):
                self._theme(row_index, filled)
        for row_index in range(self.heading_row + 1, len(self.grid.rows)):
            filled = self._filled(row_index)
            if not (filled or self._later_progress(row_index)):
                continue
            if not self._repeated_headings(filled) and not self._set_aside(row_index, filled):
                self._read_row(row_index, filled)
        # Unnumbered lines below the last action are notes, not themes.
        while self.plan.themes and not self.plan.themes[-1].actions and not self.plan.themes[-1].label:
            theme = self.plan.themes.pop()
            self.plan.set_aside.append(SetAside(theme.row, theme.title, "a note below the table"))
        self.plan.set_aside.sort(key=lambda line: line.row)
        if self.plan.has_progress and self.plan.quarter is None:
            self.plan.problems.insert(
                0,
                Problem(
                    "",
                    "The file has progress or RAG for the actions but does not say which quarter it is for: "
                    "give a month of the quarter.",
                    fix="month",
                ),
            )
        return self.plan

    def _set_aside(self, row_index: int, filled: dict) -> bool:
        """Whether the row is the paper's, not the plan's (a DRAFT mark, an
        agenda or page header or footer, the glossary, a note): if so it is
        listed as not imported, and a glossary line kept for the glossary."""
        if self._glossary_line(row_index, filled):
            return True
        text = self._lone_text(filled)
        if not text:
            self.in_glossary = False
            return False
        structural = bool(self._lone_text(filled, structure=True))
        why = ""
        if not structural and len(text) > 30:
            pass  # a line of progress, say, that starts "Draft policy agreed …"
        elif _DRAFT.match(text):
            why = "a draft mark"
        elif _AGENDA.match(text):
            why = "the agenda’s header"
        elif _PAGE.match(text):
            why = "a page number"
        elif structural and _GLOSSARY.match(text):
            why, self.in_glossary = "the glossary’s heading", True
        elif structural and _NOTE.match(text):
            why = "a note"
        elif structural and self.repeated[text] > 1 and not (_OBJECTIVE.match(text) or _NUMBERED.match(text)):
            why = "a page’s header or footer, repeated in the sheet"
        elif structural and self.in_glossary and not (_OBJECTIVE.match(text) or _NUMBERED.match(text)):
            why = "the glossary"
        if why:
            self.plan.set_aside.append(SetAside(row_index + 1, shorten_text(text), why))
        return bool(why)

    def _glossary_line(self, row_index: int, filled: dict) -> bool:
        """'NI 1: Percentage of people who … PSA21' on a row of its own (or
        its code in one cell and its title in the next): a line of the
        sheet's glossary, which the National Indicator column does not hold."""
        cells = sorted(filled.items(), key=lambda item: self.columns[item[0]])
        if not 1 <= len(cells) <= 2 or cells[0][0] not in _STRUCTURE_KEYS:
            return False
        if any(key in ("indicators", *PROGRESS_KEYS) for key, _ in cells):
            return False
        texts = [one_line(_TAG.sub(" ", str(value))).strip() for _, value in cells]
        match = _GLOSSARY_LINE.match(" ".join(texts))
        if not match or not match.group(2) or (len(texts) == 2 and not _CODE_ALONE.fullmatch(texts[0])):
            return False
        code = indicator_code(match.group(1))
        words = written = " ".join(match.group(2).split())
        reference = ""
        if found := _REFERENCE.search(words):
            reference = re.sub(r"^PSA\s*(\d+)$", r"PSA \1", found.group(1))
            words = words[: found.start()]
        line = GlossaryLine(row_index + 1, code, words.strip(" :.-–"), reference)
        if code in self.plan.glossary:
            self.problem(row_index, None, f"{code} is defined twice in the glossary, on rows "
                         f"{self.plan.glossary[code].row} and {row_index + 1}: keep one")  # fmt: skip
        self.plan.glossary.setdefault(code, line)
        self.plan.set_aside.append(SetAside(row_index + 1, shorten_text(f"{code} {written}"), "the glossary"))
        self.in_glossary = True
        return True

    def _repeated_headings(self, filled: dict) -> bool:
        """Seed 002 repeats its heading row under every theme."""
        return (
            all(
                normalise(value) in PARTNERSHIP_FIELDS_BY_KEY[key].wordings or heading_period(value)
                for key, value in filled.items()
            )
            and len(filled) >= 2
        )

    def _read_row(self, row_index: int, filled: dict) -> None:
        if "theme" in filled and len(filled) > 1:
            # The export's layout: every row names its theme.
            self._theme_of_row(row_index, filled.pop("theme"))
        if self._theme(row_index, filled):
            return
        objective = filled.get("objective")
        numbered = _NUMBERED.match(str(objective)) if isinstance(objective, str) else None
        if self._same_action(filled, numbered):
            filled.pop("number")  # the export repeats the number on an action's further rows
        if numbered or "action" in filled or "number" in filled:
            self._new_action(row_index, filled, numbered)
        elif "activity" in filled:
            if self.action is None:
                self.problem(
                    row_index, "activity", "an activity with no numbered objective or action above it: number its row"
                )
                return
            self._activity(row_index, filled)
        elif objective is not None:
            self.problem(
                row_index,
                "objective",
                "not a heading or a numbered objective: start it 'Strategic Objective A:' or '2.'",
            )
        else:
            self._progress(row_index, filled, self.action)  # a row continuing the progress above

    def _theme_of_row(self, row_index: int, value) -> None:
        """The Theme column's cell: the theme the row is in, a new one
        when it differs from the row above's."""
        text = one_line(_shown(value)).strip()
        if self.theme is None or text != self.theme_cell:
            self._theme(row_index, {"theme": text})

    def _same_action(self, filled: dict, numbered) -> bool:
        """A further row of the action above, repeating its number with no
        text of its own (the export's layout: an activity per row)."""
        return (
            self.action is not None
            and not numbered
            and "action" not in filled
            and "number" in filled
            and _number(filled["number"]) == self.action.number
            and self.action in (self.theme.actions if self.theme else [])
        )

    def _theme(self, row_index: int, filled: dict) -> bool:
        """A heading row: "Strategic Objective A: …" in the Objective
        column, or "1. Preventing Hate Crime" alone on its row (or in the
        Theme column)."""
        if len(filled) != 1:
            return False
        ((key, value),) = filled.items()
        if key not in ("theme", "objective", "number", "action") or not isinstance(value, str):
            return False
        text = one_line(_TAG.sub(" ", value)).strip()  # "<p>5. Building Our Understanding …</p>"
        if match := _OBJECTIVE.match(text):
            theme = ImportedTheme(row_index + 1, "objective", match.group(1).upper(), match.group(2).strip())
        elif (match := _NUMBERED.match(text)) and "." not in match.group(1):
            theme = ImportedTheme(row_index + 1, "theme", match.group(1), match.group(2).strip())
        elif key == "action":
            return False  # an action with no number: _new_action says so
        else:
            theme = ImportedTheme(row_index + 1, "theme", "", text)
        if len(theme.title) > 300:
            self.problem(row_index, key, f"the heading has {len(theme.title):,} characters; it may have 300")
        self.plan.themes.append(theme)
        self.theme, self.action, self.theme_cell = theme, None, text
        return True

    def _new_action(self, row_index: int, filled: dict, numbered) -> None:
        if numbered:  # seed 004: "2. Develop and implement …" in the Objective column
            number, text = numbered.group(1), clean_long_text(numbered.group(2))
        else:
            number = _number(filled.get("number"))
            text = clean_long_text(filled.get("action"))
            if not number:
                self.problem(row_index, "number" if "number" in self.columns else "action",
                             "no number: write the action's number, such as 1.1")  # fmt: skip
            elif not _NUMBER.match(number):
                self.problem(row_index, "number", f"'{number}' is not an action's number: write it as 1.1", "mapping")
            if not text:
                self.problem(row_index, "action", f"action {number} has no text: write the action")
        if self.theme is None:
            self.problem(
                row_index,
                "objective" if numbered else "number",
                f"action {number or 'with no number'} comes before any theme: add the theme's heading row "
                "above it (such as '1. Preventing Hate Crime' or 'Strategic Objective A: …')",
            )
            # Kept under no heading, so that the preview shows the row and
            # its every other problem (the file cannot be saved as it is).
            self.theme = ImportedTheme(row_index + 1, "theme", "", "", placeholder=True)
            self.plan.themes.append(self.theme)
        action = ImportedPartnershipAction(row_index + 1, number, text, outcome=clean_long_text(filled.get("outcome")))
        try:
            action.indicators = parse_indicators(filled.get("indicators"))
        except _Refused as refused:
            self.problem(row_index, "indicators", str(refused), "mapping")
        # Seed 004's Timeframe and Lead on a numbered objective's row are
        # its activity's; the export has columns for the activity's own.
        if "activity" not in filled or self.activity_columns:
            action.leads = clean_long_text(filled.get("leads"))
            action.target_month, action.target_text, action.repeats = self._target(row_index, filled)
        self.theme.actions.append(action)
        self.action = action
        if "activity" in filled:
            self._activity(row_index, filled)
        else:
            self._progress(row_index, filled, action)

    def _activity(self, row_index: int, filled: dict) -> None:
        prefix = "activity_" if self.activity_columns else ""
        target_month, target_text, repeats = self._target(row_index, filled, prefix)
        self.action.activities.append(
            ImportedActivity(
                row_index + 1,
                clean_long_text(filled.get("activity")),
                leads=clean_long_text(filled.get(f"{prefix}leads")),
                target_month=target_month,
                target_text=target_text,
                repeats=repeats,
            )
        )
        if "indicators" in filled and self.action.row != row_index + 1:
            try:
                codes = parse_indicators(filled["indicators"])
            except _Refused as refused:
                self.problem(row_index, "indicators", str(refused), "mapping")
            else:
                self.action.indicators += [code for code in codes if code not in self.action.indicators]
        self._progress(row_index, filled, self.action)

    def _target(self, row_index: int, filled: dict, prefix: str = "") -> tuple[datetime.date | None, str, str]:
        """(target month, target text, repeat) of the row's Target Date (or,
        with `prefix` "activity_", its activity's timeframe). A file with a
        Target month column (the export's layout) gives the month there,
        and the Target Date is the plan's words as written. The plan's own
        words ("October 2018 Yearly", "June 2010 / ongoing") give the month
        they name and how it recurs (read_target)."""
        key = f"{prefix}target"
        value = filled.get(key)
        if f"{key}_month" in self.columns:
            words = self._words(row_index, key, value)
            return self._month(row_index, filled, f"{key}_month"), words, repeat_in(words)
        month, repeats, words = read_target(value, epoch=self.grid.epoch)
        return month, self._words(row_index, key, words) if words else "", repeats

    def _month(self, row_index: int, filled: dict, key: str) -> datetime.date | None:
        label = PARTNERSHIP_FIELDS_BY_KEY[key].label
        try:
            month = parse_month(filled.get(key), what=label.lower(), epoch=self.grid.epoch)
        except _Refused as refused:
            self.problem(row_index, key, str(refused))
            return None
        if isinstance(month, str):
            self.problem(row_index, key, f"'{month}' is not a month: write the {label.lower()}, such as 'October 2019'")
            return None
        return month

    def _words(self, row_index: int, key: str, value) -> str:
        if isinstance(value, datetime.date):
            return month_label(value)  # a date typed as a date
        text = one_line(_shown(value)).strip() if value is not None else ""
        if len(text) > ONE_LINE_MAX:
            label = PARTNERSHIP_FIELDS_BY_KEY[key].label
            self.problem(row_index, key, f"the {label} has {len(text):,} characters; it may have 200")
        return text

    def _later_progress(self, row_index: int) -> bool:
        """Whether the row has progress in a later quarter's columns."""
        return any(self._cells(row_index, quarter.columns) for quarter in self.plan.quarters[1:])

    def _cells(self, row_index: int, columns: dict[str, int]) -> dict:
        cells = {key: self.grid.value(row_index, column) for key, column in columns.items()}
        return {key: value for key, value in cells.items() if value is not None and str(value).strip()}

    def _progress(self, row_index: int, filled: dict, action) -> None:
        """The row's Progress and RAG for each quarter: the oldest's in
        `filled`, a later one's in its own columns."""
        if action is None:
            return
        for index, quarter in enumerate(self.plan.quarters):
            cells = filled if index == 0 else self._cells(row_index, quarter.columns)
            if any(key in cells for key in PROGRESS_KEYS):
                self._quarter_progress(row_index, cells, action, index)

    def _quarter_progress(self, row_index: int, cells: dict, action, index: int) -> None:
        """A quarter's Progress (a row below the action's continuing it) and
        RAG (once: a second, different, is a problem at its cell)."""
        columns = self.plan.quarters[index].columns
        update = action.updates.setdefault(index, ImportedProgress())
        text = clean_long_text(cells.get("progress"))
        if text == NO_UPDATE_RECEIVED:
            text = ""  # the export's words for a quarter's missing update
        if text and (action.row != row_index + 1 or not update.progress):
            update.progress = f"{update.progress}\n{text}".strip() if update.progress else text
        try:
            rag, level = parse_rag_level(cells.get("rag"), self.rag_scale)
        except _Refused as refused:
            self.problem(row_index, "rag", str(refused), "mapping", columns)
            return
        differs = rag != update.rag or bool(level and update.rag_level and level != update.rag_level)
        if (rag or level) and (update.rag or update.rag_level) and differs:
            given = next((grade.label for grade in self.rag_scale.scale if grade.id == update.rag_level), "")
            given = given or self.rag_scale.label(update.rag)
            self.problem(row_index, "rag", f"action {action.number} already has the RAG {given} above", "", columns)
        if not (update.rag or update.rag_level):
            update.rag, update.rag_level = rag, level


def _heading(headings: list[str], column: int) -> str:
    return headings[column] if column < len(headings) else ""


def _described(quarters: list[ImportedQuarter]) -> str:
    """'The file's progress is read as 2 quarters, oldest first: Q1 2025/26
    (columns F and G), Q2 2025/26 (columns H and I). …'"""
    parts = []
    for quarter in quarters:
        letters = [get_column_letter(column + 1) for column in sorted(quarter.columns.values())]
        listed = letters[0] if len(letters) == 1 else f"{', '.join(letters[:-1])} and {letters[-1]}"
        parts.append(f"{quarter.label} (column{'s' if len(letters) > 1 else ''} {listed})")
    return (
        f"The file's progress is read as {len(quarters)} quarter{'s' if len(quarters) > 1 else ''}, oldest first: "
        f"{', '.join(parts)}. Each becomes a published quarter of the plan, as the file has it."
    )


def shorten_text(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1].rstrip()}…"


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # 2.0 stays "2.0", as seed 002 prints it
    return one_line(_shown(value)).strip().rstrip(".")


FIELDS = PARTNERSHIP_PLAN
