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
"""

import datetime
import re
from dataclasses import dataclass, field

from actionplans.grading import NO_UPDATE_RECEIVED, NOT_RATED, Rag
from actionplans.models import (
    month_label,
    quarter_start,
)
from actionplans.text import one_line

from .headings import PARTNERSHIP_FIELDS_BY_KEY, PARTNERSHIP_PLAN, normalise, quarter_in_heading
from .plan import Problem
from .sheets import Grid, cell_name, get_column_letter
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
_RAGS = "Red, Amber, Green or Complete"
PROGRESS_KEYS = ("progress", "rag")


@dataclass
class ImportedActivity:
    row: int
    text: str
    leads: str = ""
    target_month: datetime.date | None = None
    target_text: str = ""


@dataclass
class ImportedPartnershipAction:
    row: int
    number: str
    text: str
    leads: str = ""
    target_month: datetime.date | None = None
    target_text: str = ""
    outcome: str = ""
    indicators: list[str] = field(default_factory=list)  # codes, "NI 35"
    progress: str = ""
    rag: str = ""
    activities: list[ImportedActivity] = field(default_factory=list)


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
    quarter: datetime.date | None = None  # the first month of the quarter the progress is for
    columns: dict[str, str] = field(default_factory=dict)  # field key -> column letter

    @property
    def actions(self) -> list[ImportedPartnershipAction]:
        return [action for theme in self.themes for action in theme.actions]

    @property
    def has_progress(self) -> bool:
        return any(action.progress or action.rag for action in self.actions)

    @property
    def indicator_codes(self) -> list[str]:
        """Every code the plan names, in the order first named: its glossary."""
        return list(dict.fromkeys(code for action in self.actions for code in action.indicators))


def guess_mapping(headings: list, mapping: dict[int, str]) -> dict[int, str]:
    """Seed 002 prints its numbers in a first column with no heading: read
    it as the Number when nothing else is."""
    if "number" not in mapping.values() and headings and not str(headings[0] or "").strip() and 0 not in mapping:
        mapping = {0: "number", **mapping}
    return dict(sorted(mapping.items()))


def parse_rag(value) -> str:
    """Rag's value from 'Green', 'G', 'Complete'; '' when blank. Raises
    _Refused for anything else, a grade included."""
    if value is None:
        return ""
    shown = one_line(_shown(value)).strip()
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", shown.lower()).split())
    if not words:
        return ""
    if words in _RAG_WORDS:
        return str(_RAG_WORDS[words])
    if words == NOT_RATED.lower():
        return ""  # the export's words for no RAG
    if words.isdigit():
        raise _Refused(f"'{shown}' is a grade, not a RAG status: write {_RAGS}")
    raise _Refused(f"'{shown}' is not a RAG status: write {_RAGS}")


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
        self.plan.columns = {key: get_column_letter(column + 1) for key, column in self.columns.items()}
        headings = grid.rows[heading_row]
        self.plan.quarter = quarter_start(period) if period else None
        for key in PROGRESS_KEYS:
            if self.plan.quarter is None and key in self.columns and self.columns[key] < len(headings):
                self.plan.quarter = quarter_in_heading(headings[self.columns[key]])
        self.theme: ImportedTheme | None = None
        self.theme_cell = ""  # the current theme's heading as its row gives it
        self.action: ImportedPartnershipAction | None = None

    def problem(self, row_index: int, key: str | None, message: str, fix: str = "") -> None:
        where = cell_name(row_index, self.columns[key]) if key in self.columns else f"Row {row_index + 1}"
        self.plan.problems.append(Problem(where, message, fix=fix if key in self.columns else ""))

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
            cells = {key: self.grid.value(row_index, column) for key, column in self.columns.items()}
            filled = {key: value for key, value in cells.items() if value is not None and str(value).strip()}
            if filled and not self._repeated_headings(filled):
                self._read_row(row_index, filled)
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

    def _repeated_headings(self, filled: dict) -> bool:
        """Seed 002 repeats its heading row under every theme."""
        return (
            all(
                normalise(value) in PARTNERSHIP_FIELDS_BY_KEY[key].wordings or quarter_in_heading(value)
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
        text = one_line(value).strip()
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
            action.target_month, action.target_text = self._target(row_index, filled)
        self.theme.actions.append(action)
        self.action = action
        if "activity" in filled:
            self._activity(row_index, filled)
        else:
            self._progress(row_index, filled, action)

    def _activity(self, row_index: int, filled: dict) -> None:
        prefix = "activity_" if self.activity_columns else ""
        target_month, target_text = self._target(row_index, filled, prefix)
        self.action.activities.append(
            ImportedActivity(
                row_index + 1,
                clean_long_text(filled.get("activity")),
                leads=clean_long_text(filled.get(f"{prefix}leads")),
                target_month=target_month,
                target_text=target_text,
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

    def _target(self, row_index: int, filled: dict, prefix: str = "") -> tuple[datetime.date | None, str]:
        """(target month, target text) of the row's Target Date (or, with
        `prefix` "activity_", its activity's timeframe). A file with a
        Target month column (the export's layout) gives the month there,
        and the Target Date is the plan's words as written."""
        key = f"{prefix}target"
        value = filled.get(key)
        if f"{key}_month" in self.columns:
            return self._month(row_index, filled, f"{key}_month"), self._words(row_index, key, value)
        try:
            target = parse_month(value, epoch=self.grid.epoch)
        except _Refused:
            target = one_line(_shown(value)).strip()
        if isinstance(target, str):  # the plan's own words ("June/2010 Ongoing")
            return None, self._words(row_index, key, target)
        return target, ""

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

    def _progress(self, row_index: int, filled: dict, action) -> None:
        if action is None or not any(key in filled for key in PROGRESS_KEYS):
            return
        text = clean_long_text(filled.get("progress"))
        if text == NO_UPDATE_RECEIVED:
            text = ""  # the export's words for a quarter's missing update
        if text and (action.row != row_index + 1 or not action.progress):
            action.progress = f"{action.progress}\n{text}".strip() if action.progress else text
        try:
            rag = parse_rag(filled.get("rag"))
        except _Refused as refused:
            self.problem(row_index, "rag", str(refused), "mapping")
            return
        if rag and action.rag and rag != action.rag:
            self.problem(row_index, "rag", f"action {action.number} already has the RAG {action.rag} above")
        action.rag = action.rag or rag


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # 2.0 stays "2.0", as seed 002 prints it
    return one_line(_shown(value)).strip().rstrip(".")


FIELDS = PARTNERSHIP_PLAN
