"""Importing a partnership action plan (seeds 002 and 004) through the same
steps as a review's tracker: sheets.read_grid, headings (PARTNERSHIP_PLAN),
then this module's reader, comparison and saving.

Two shapes are read:
- seed 002: heading rows "1. Preventing Hate Crime" in the first column,
  then numbered actions (1.1 | Action | Lead Organisation / Partner(s) |
  Target Date | Outcome | Progress | RAG); the heading row may repeat under
  every theme;
- seed 004: "Strategic Objective A: …" rows in the Objective/Issue column,
  numbered objectives ("2. Develop …") whose Activity/Output rows carry
  their own Timeframe and Lead, a National Indicator column, and progress
  for a quarter named in its heading ("Progress to date – Q1 2010 RAG").

The judgement calls:
- lead organisations are the partnership's organisations whose name or
  short name a Lead cell mentions ("Police: Early intervention co-ordinator"
  leads to Police); a name in the cell that mentions none is listed in the
  preview, created as a new organisation only when the clerk confirms;
- a national indicator code the glossary does not have is refused: the
  glossary is printed with every plan, and an untitled indicator, or a typo
  made into one (NI 312 for NI 31), would be printed as if real;
- progress and RAG become the approved updates of a published quarter: the
  partnership's record of that quarter, as a review's imported rounds are.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from actionplans import permissions
from actionplans.grading import NO_UPDATE_RECEIVED, NOT_RATED, Rag
from actionplans.models import (
    ActionIndicator,
    Activity,
    GlossaryEntry,
    Indicator,
    Organisation,
    Partnership,
    PartnershipAction,
    PartnershipPlan,
    PartnershipUpdate,
    Quarter,
    Theme,
    month_label,
    quarter_label,
    quarter_start,
    shorten,
)
from actionplans.text import one_line

from .headings import PARTNERSHIP_FIELDS_BY_KEY, PARTNERSHIP_PLAN, normalise, quarter_in_heading
from .plan import Preview, Problem
from .saving import PREVIEW_CHARS, REASON_MAX_CHARS, _validate
from .sheets import Grid, cell_name, get_column_letter
from .tracker import ONE_LINE_MAX, _Refused, _shown, clean_long_text, parse_month, split_owners

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


# Comparing with the partnership, and saving ---------------------------------


@dataclass
class PreviewRow:
    """One row of the plan as it will be saved."""

    row: int
    what: str  # "Theme", "Strategic objective", "Action", "Activity/Output"
    number: str
    text: str
    leads: str = ""
    organisations: list[str] = field(default_factory=list)
    target: str = ""
    indicators: str = ""
    progress: str = ""
    rag: str = ""
    problems: list[str] = field(default_factory=list)  # what is wrong with the row, shown by it
    new_organisations: list[str] = field(default_factory=list)  # of `organisations`, those to be created


@dataclass
class PartnershipPreview(Preview):
    """The plan as importing `file_name` would create it."""

    rows: list[PreviewRow] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    quarter: str = ""  # "Q1 2010", when the file has progress
    # For save(): organisations by name, created or found; indicators by code.
    organisations: dict = field(default_factory=dict, repr=False)
    indicators: dict = field(default_factory=dict, repr=False)

    @property
    def to_confirm(self) -> str:
        """Creating the organisations is the expected step of a new
        partnership's import, not a problem of the file: the clerk ticks
        to confirm it, and this is said only if they confirm without."""
        if not self.new_organisations:
            return ""
        return (
            f"Tick the box to create {', '.join(self.new_organisations)} as the partnership's organisations, or "
            "add them to the partnership first (the short names as the plan prints them) and upload the file again"
        )


def lead_names(cell: str) -> list[str]:
    """The names a Lead cell lists, each without its role after a colon:
    'Police: Early intervention co-ordinator' -> ['Police']."""
    return [name for part in re.split(r"[\n;,]", cell) for name in split_owners(part.split(":")[0])]


def organisations_in(cell: str, organisations) -> list:
    """The organisations a Lead cell mentions by name or short name, as whole
    words, in the order of `organisations`: the one rule by which a plan's
    leads become lead organisations."""
    text = f" {normalise(cell)} "
    return [
        organisation
        for organisation in organisations
        if any(
            f" {normalise(name)} " in text for name in (organisation.short_name, organisation.name) if normalise(name)
        )
    ]


def _mentions(cell: str, name: str) -> bool:
    key = normalise(name)
    return bool(key) and f" {key} " in f" {normalise(cell)} "


def compare(plan: ImportedPartnershipPlan, *, partnership=None, create_organisations=False) -> PartnershipPreview:
    """What saving `plan` into `partnership` (None: a new one) would create,
    with every problem by its cell; a fixed number of queries."""
    preview = PartnershipPreview(file_name=plan.file_name, problems=list(plan.problems))
    known = list(partnership.organisations.all()) if partnership else []
    preview.indicators = Indicator.objects.in_bulk(plan.indicator_codes, field_name="code")
    preview.glossary = [str(preview.indicators[code]) for code in plan.indicator_codes if code in preview.indicators]
    column = plan.columns.get

    def leads_of(item, row: int) -> list[str]:
        found = [str(organisation) for organisation in organisations_in(item.leads, known)]
        for name in lead_names(item.leads):
            new = [n for n in preview.organisations.values() if _mentions(name, n)]
            if organisations_in(name, known) or new:
                found += [n for n in new if n not in found]
                continue
            preview.organisations[name.casefold()] = name
            if len(name) > 100:
                preview.problems.append(
                    Problem(
                        f"{column('leads')}{row}",
                        f"'{name[:40]}…' is too long for an organisation's name: separate the organisations with "
                        "commas or slashes, or add them to the partnership first",
                    )
                )
            else:
                preview.new_organisations.append(name)
            found.append(name)
        return found

    for theme in plan.themes:
        what = "Strategic objective" if theme.kind == "objective" else "Theme"
        if not theme.placeholder:
            preview.rows.append(PreviewRow(theme.row, what, theme.label, theme.title))
        for action in theme.actions:
            for code in action.indicators:
                if code not in preview.indicators:
                    preview.problems.append(
                        Problem(
                            f"{column('indicators')}{action.row}",
                            f"{code} is not in the glossary of national indicators: check the code, or have an "
                            "administrator add the indicator, with its title, before importing",
                        )
                    )
            _validate(
                PartnershipAction(number=action.number, text=action.text, leads=action.leads,
                                  target_text=action.target_text, outcome=action.outcome),
                action.row, preview.problems, {"text": "Action", "leads": "Lead Organisation / Partner(s)"},
            )  # fmt: skip
            preview.rows.append(
                PreviewRow(
                    action.row,
                    "Action",
                    action.number,
                    _shorten(action.text),
                    action.leads,
                    leads_of(action, action.row) if action.leads else [],
                    _target(action),
                    ", ".join(action.indicators),
                    _shorten(action.progress),
                    Rag(action.rag).label if action.rag else "",
                )
            )
            for activity in action.activities:
                _validate(
                    Activity(text=activity.text or "-", leads=activity.leads, target_text=activity.target_text),
                    activity.row, preview.problems, {"leads": "Lead"},
                )  # fmt: skip
                organisations = leads_of(activity, activity.row) if activity.leads else []
                preview.rows.append(
                    PreviewRow(activity.row, "Activity/Output", "", _shorten(activity.text), activity.leads,
                               organisations, _target(activity))
                )  # fmt: skip
    if not plan.themes and not plan.problems:
        preview.problems.append(Problem("", "No themes or actions were read from the file."))
    _problems_by_row(preview)
    if plan.has_progress and plan.quarter:
        preview.quarter = quarter_label(plan.quarter)
        preview.notes.append(
            f"The Progress and RAG become the approved updates of {preview.quarter}, published as the partnership's "
            "record of that quarter; actions with no progress read 'No update received'."
        )
    elif plan.quarter is None and not plan.has_progress and "progress" in plan.columns:
        preview.notes.append("The file has no progress yet: the plan is imported without a quarter.")
    return preview


def _problems_by_row(preview: PartnershipPreview) -> None:
    """Each row's problems by it too, as well as at the top, and the
    organisations it names that are to be created."""
    new = set(preview.new_organisations)
    by_row: dict[int, list[str]] = {}
    for problem in preview.problems:
        if problem.row:
            by_row.setdefault(problem.row, []).append(problem.message)
    for row in preview.rows:
        row.problems = by_row.get(row.row, [])
        row.new_organisations = [name for name in row.organisations if name in new]


def _shorten(text: str) -> str:
    return shorten(text, PREVIEW_CHARS)


def _target(item) -> str:
    return item.target_text or month_label(item.target_month)


def import_reason(plan: ImportedPartnershipPlan) -> str:
    """What every history row of an import says beside who made it."""
    return f"Imported from {plan.file_name}"[:REASON_MAX_CHARS]


def import_plan(
    imported: ImportedPartnershipPlan,
    *,
    by,
    partnership=None,
    partnership_name: str = "",
    create_organisations: bool = False,
    **plan_fields,
) -> PartnershipPlan:
    """Save `imported` (an ImportedPartnershipPlan) as a new plan of
    `partnership` (None: a new partnership called `partnership_name`),
    with the organisations its leads name (created only when
    `create_organisations`), its glossary, themes, actions and
    activities, and its progress as a published quarter of approved
    updates: everything the preview shows, in one transaction, or
    nothing (ValidationError, with the problems). Written in bulk, in a
    number of queries that does not grow with the plan; every history
    row names `by` and "Imported from FILE". `plan_fields`: add_plan's."""
    permissions.require(by, permissions.IMPORT_PARTNERSHIP_PLAN, imported)
    with transaction.atomic():
        reason = import_reason(imported)
        if partnership is None:
            partnership = Partnership.objects.add(name=partnership_name, by=by, reason=reason)
        else:
            # One import at a time: the organisations are compared (and
            # created) under the lock, so that what is saved is what is checked.
            partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        preview = compare(imported, partnership=partnership, create_organisations=create_organisations)
        refused = [str(problem) for problem in preview.problems]
        if preview.to_confirm and not create_organisations:
            refused.append(preview.to_confirm)
        if refused:
            raise ValidationError(refused)
        return save(imported, preview, partnership=partnership, by=by, **plan_fields)


def save(plan: ImportedPartnershipPlan, preview: PartnershipPreview, *, partnership, by, **plan_fields):
    """Write what `preview` found for `plan` into `partnership`, in bulk:
    import_plan()'s working, which holds the transaction and has checked
    the permissions. Each object is built by its verb's builder (new_theme,
    new_action, ...) and checked as the verb checks it, the foreign keys
    apart (they point at objects saved with it); each gets a history row in
    its saved state. Raises ValidationError, having written nothing, if any
    is refused."""
    when = timezone.now()
    history = {"default_user": by, "default_change_reason": import_reason(plan), "default_date": when}
    problems: list[Problem] = []
    organisations = list(partnership.organisations.all())
    short_names = {organisation.short_name for organisation in organisations}
    new_organisations = []
    for name in preview.new_organisations:
        organisation = partnership.new_organisation(name=name, position=len(organisations))
        if organisation.short_name in short_names:  # organisation_short_name_unique, checked here
            problems.append(Problem("", f"The partnership has an organisation called {organisation.short_name}"))
        short_names.add(organisation.short_name)
        _validate(organisation, 0, problems, {})
        organisations.append(organisation)
        new_organisations.append(organisation)
    saved = partnership.new_plan(**plan_fields)
    saved.full_clean()  # one object: the whole check, its unique slug included
    glossary = [
        GlossaryEntry(plan=saved, indicator=preview.indicators[code], position=position)
        for position, code in enumerate(plan.indicator_codes)
    ]
    themes, actions, activities, indicators = [], [], [], []
    leads: dict[int, list] = {}  # id() of an action or activity -> its lead organisations

    def lead_organisations(item) -> list:
        return organisations_in(item.leads, organisations) if item.leads else []

    for position, imported_theme in enumerate(plan.themes):
        theme = saved.new_theme(
            kind=imported_theme.kind, label=imported_theme.label, title=imported_theme.title, position=position
        )
        _validate(theme, imported_theme.row, problems, {})
        themes.append(theme)
        for number, imported in enumerate(imported_theme.actions):
            action = theme.new_action(
                number=imported.number,
                text=imported.text,
                position=number,
                leads=imported.leads,
                target_text=imported.target_text,
                target_month=imported.target_month,
                outcome=imported.outcome,
            )
            _validate(action, imported.row, problems, {"text": "Action", "leads": "Lead Organisation / Partner(s)"})
            actions.append((action, imported))
            leads[id(action)] = lead_organisations(imported)
            indicators += [
                ActionIndicator(action=action, indicator=preview.indicators[code], position=place)
                for place, code in enumerate(imported.indicators)
            ]
            for place, imported_activity in enumerate(imported.activities):
                activity = action.new_activity(
                    text=imported_activity.text,
                    position=place,
                    leads=imported_activity.leads,
                    target_text=imported_activity.target_text,
                    target_month=imported_activity.target_month,
                )
                _validate(activity, imported_activity.row, problems, {"leads": "Lead"})
                activities.append(activity)
                leads[id(activity)] = lead_organisations(imported_activity)
                # An objective's leads include its activities' (add_activity's rule).
                leads[id(action)] += [o for o in leads[id(activity)] if o not in leads[id(action)]]
    quarter, updates = _published_quarter(saved, plan, actions, when, problems)
    if problems:
        raise ValidationError([str(problem) for problem in problems])

    def create(objs, model):
        if objs:
            bulk_create_with_history(objs, model, **history)

    create(new_organisations, Organisation)
    create([saved], PartnershipPlan)
    create(glossary, GlossaryEntry)
    create(themes, Theme)
    _create_with_leads([action for action, _ in actions], PartnershipAction, leads, history)
    create(indicators, ActionIndicator)
    _create_with_leads(activities, Activity, leads, history)
    if quarter is not None:
        create([quarter], Quarter)
        create(updates, PartnershipUpdate)
    return saved


def _published_quarter(saved, plan: ImportedPartnershipPlan, actions, when, problems):
    """The file's progress as a published quarter of `saved`, with an
    update for every action (open_quarter's), the file's approved (as
    record_as_printed writes them: the partnership's record, not a lead's
    draft), and the others reading "No update received"; (None, []) when
    the file has no progress. The plan is new: no quarter of it can be open
    or later, as open_quarter checks."""
    if not any(imported.progress or imported.rag for _, imported in actions):
        return None, []
    quarter_end = (plan.quarter + datetime.timedelta(days=95)).replace(day=1)
    quarter = Quarter(
        plan=saved,
        period=quarter_start(plan.quarter),
        deadline=quarter_end - datetime.timedelta(days=1),
        status=Quarter.Status.PUBLISHED,
        published_at=when,
    )
    _validate(quarter, 0, problems, {})
    updates = []
    for action, imported in actions:
        update = PartnershipUpdate(action=action, quarter=quarter)
        if imported.progress or imported.rag:
            update.progress, update.rag = imported.progress, imported.rag
            update.status, update.version = PartnershipUpdate.Status.APPROVED, 1
            _validate(update, imported.row, problems, {})
        updates.append(update)
    return quarter, updates


def _create_with_leads(objs, model, leads: dict, history: dict) -> None:
    """Bulk-create `objs` with their history rows, their lead
    organisations (`leads`, by id() of each) and the history of those
    (HistoricalRecords(m2m_fields=...): the rows simple-history records for
    each history row), in a fixed number of queries."""
    if not objs:
        return
    model.objects.bulk_create(objs)
    records = model.history.bulk_history_create(objs, **history)
    field = model._meta.get_field("lead_organisations")
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = [
        (record, field.remote_field.through(**{source: obj, target: organisation}))
        for obj, record in zip(objs, records, strict=True)
        for organisation in leads[id(obj)]
    ]
    if not links:
        return
    field.remote_field.through.objects.bulk_create([link for _, link in links])
    m2m_history = HistoricalRecords.m2m_models[field]
    m2m_history.objects.bulk_create(
        [
            m2m_history(history=record, id=link.pk, **{source: getattr(link, source), target: getattr(link, target)})
            for record, link in links
        ]
    )


FIELDS = PARTNERSHIP_PLAN
