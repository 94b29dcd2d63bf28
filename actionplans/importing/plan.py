"""What a file says, once read: the plain data the preview shows and the
import saves. Nothing here touches the database; people are named, not
looked up, so the preview can offer to create those who do not exist."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

_ROW = re.compile(r"(?:[A-Z]{1,3}|Row )(\d+)")  # "C14", "Row 14"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, named by its cell ("C14") or, for the
    file or a whole row, by "" or the row ("Row 14")."""

    where: str
    message: str
    # Where on the preview page the clerk can put it right, if anywhere:
    # "mapping" (the column's field, or the columns when `where` names no
    # cell), "month" (the month the progress is for), "people" (create the
    # people named), "status" (what a status word means), "year" (the year
    # of headings such as "April 25"). "" when only the file can.
    fix: str = ""

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message

    @property
    def row(self) -> int | None:
        """The file's row the problem is in, if it names one."""
        match = _ROW.fullmatch(self.where)
        return int(match.group(1)) if match else None


@dataclass(frozen=True)
class UnreadLabel:
    """A label in a Word paper's table that no field reads ("Lead
    partner:"), where it is, and the recommendations it is in: what is
    beside it is not imported, and the preview warns of what follows."""

    label: str
    places: tuple[str, ...]  # "Table 2 (Recommendation 2)"
    recommendations: tuple[int, ...]


@dataclass
class Preview:
    """What importing `file_name` would do, for any kind of plan: shown
    before anything is saved, and nothing is while it has problems."""

    file_name: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What the clerk should know before confirming, shown above the button:
    # what the file says that the import leaves out, and what follows.
    warnings: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return not self.problems

    @property
    def to_confirm(self) -> str:
        """What the clerk must tick to confirm before the import is saved
        (the message if they confirm without), or "": a kind's own."""
        return ""

    def release_work(self) -> None:
        """Let go of what only a save of this preview would use, keeping what
        the page shows: a kind's own. A confirmation saves what import_plan()
        finds when it compares again, under the lock, not this preview,
        which the page keeps through that save only to show it again should
        the save be refused."""


@dataclass(slots=True)
class ImportedEntry:
    """One action's update in one round, as the file has it. With slots,
    not a __dict__ each: a file has one for each of its rows."""

    period: datetime.date  # the round's month (first of the month)
    row: int  # the file's row number, for messages and the preview
    owners: list[str] = field(default_factory=list)  # who was responsible then; [] = as the action
    joins: dict[str, str] = field(default_factory=dict)  # what was typed before each name, by its name_key
    evidence_of_progress: str = ""
    grade: int | None = None  # what its grade means to the rules (actionplans.grading.Grade)
    # The status word or colour the file gives instead of one of the
    # council's grades ("Minor slippage", "Amber"), as written: the grade it
    # becomes is the clerk's answer (grades.apply_answers).
    status: str = ""
    level: int | None = None  # the council's grade (ScaleGrade id) the file names, where it does
    grade_explanation: str = ""
    evidence_of_impact: str = ""


@dataclass
class ImportedAction:
    """One action record: a recommendation's own (letter "" and strand ""),
    a lettered sub-action's, or a strand of either."""

    recommendation: int  # the recommendation's number
    letter: str  # "a", "b" … or "" for the recommendation's own record
    strand: str  # the strand's heading, or ""
    row: int  # the first row that describes it
    owners: list[str] = field(default_factory=list)  # names in the plan's order; the first is the lead
    # What was typed before each name (" / ", " & ", "\n"), by its name_key:
    # the documents print the names so again.
    joins: dict[str, str] = field(default_factory=dict)
    target_month: datetime.date | None = None
    target_text: str = ""  # the plan's own wording, when the target is not a month
    target_day: datetime.date | None = None  # where the plan gives the day (tracker.parse_day)
    agreed_action: str = ""
    success_measure: str = ""
    entries: list[ImportedEntry] = field(default_factory=list)
    # The council's own reference of this action, where its tracker
    # numbers actions ("3.2"); a recommendation's is ImportedPlan's.
    council_reference: str = ""
    # A revised target (a "New date" column): a revision of the Date, which
    # stays on record (actionplans.models.targets).
    new_target_month: datetime.date | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.recommendation, self.letter, self.strand)


@dataclass
class StatusValue:
    """A status word or colour of the file ("Ongoing"), as first written,
    the cells it is in, and the meaning proposed for it."""

    word: str
    cells: list[str] = field(default_factory=list)
    colour: str = ""  # the colour a coloured grading key gives it (fills.key_colours)

    @property
    def where(self) -> str:
        """'G5', 'G5 and G9', 'G5, G9 and 3 more'; a grade the paper's key
        lists that no action has, 'the grading key only'."""
        cells = self.cells
        if not cells:
            return "the grading key only"
        if len(cells) <= 2:
            return " and ".join(cells)
        return f"{cells[0]}, {cells[1]} and {len(cells) - 2:,} more"


@dataclass
class ImportedPlan:
    """A whole file: recommendations and lettered sub-actions with their
    texts, the action records in document order, and the problems found.
    An ImportedPlan with problems is never saved."""

    file_name: str
    recommendations: dict[int, str] = field(default_factory=dict)  # number -> text
    sub_actions: dict[tuple[int, str], str] = field(default_factory=dict)  # (number, letter) -> text
    actions: list[ImportedAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # From the product's own export (details.py); empty or None when the
    # file does not say.
    round_dates: dict[datetime.date, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    # The Rounds sheet's dates it marks as illustrative (the demo's export):
    # round's month -> Round field names, brought in marked.
    round_illustrative: dict[datetime.date, list[str]] = field(default_factory=dict)
    link_officers: list[str] | None = None
    action_plan_agreed: datetime.date | None = None
    # A Word paper's own title and introduction (details.read_document_details),
    # offered where the council has none yet.
    title: str = ""
    introduction: str = ""
    # The letter of the column each field was read from ("success_measure":
    # "F"), so the saving side names a cell, or says the column is missing.
    columns: dict[str, str] = field(default_factory=dict)
    # The action records of rows with problems of their own: never saved,
    # but compared with the review like the rest (saving.compare), so that
    # one upload names every problem, the reading's and the saving's.
    flawed: list[ImportedAction] = field(default_factory=list)
    # The council's own references of the recommendations, as written
    # ("SR (25/26) 01"), by our number.
    council_references: dict[int, str] = field(default_factory=dict)
    # Each distinct status word or colour the file gives for a grade, by
    # its key (grading.status_key), and the meanings applied to them.
    statuses: dict[str, "StatusValue"] = field(default_factory=dict)
    # What the clerk made each of them (grades.GradeAnswer), by its key.
    status_meanings: dict[str, object] = field(default_factory=dict)
    # How the file printed the council's grades it names (Printing -> cells).
    grade_prints: Counter = field(default_factory=Counter)
    # Each way the file writes one of the scale's grades, as first written
    # ("on track"), and the grade it is read as (a ScaleLevel): the preview
    # lists them all, so that no word is matched without saying so.
    grades_read: dict[str, object] = field(default_factory=dict)
    # What the file gives that is not read, in its order (Grid.set_aside_rows).
    set_aside_rows: list[list[str]] = field(default_factory=list, repr=False)
    # What the preview says of rows set aside ("Row 4: 'March 2024' …").
    notes: list[str] = field(default_factory=list)
    # A Word paper's labels that no field reads (word.py).
    unread_labels: list[UnreadLabel] = field(default_factory=list)
    # A Word document's places (word.py), by the names the reading and
    # saving steps give ("E7", "Row 7"): "Table 4 (Recommendation 1 a)),
    # Date". Empty for a spreadsheet, whose cells are their names.
    places: dict[str, str] = field(default_factory=dict, repr=False)
    # The executive's response to each recommendation (number ->
    # responses.ImportedResponse), where the file has a column of them.
    responses: dict = field(default_factory=dict)

    def named(self, problem: Problem) -> Problem:
        """`problem` named where the clerk finds it in the file."""
        place = self.places.get(problem.where)
        return Problem(place, problem.message, fix=problem.fix) if place else problem

    @property
    def periods(self) -> list[datetime.date]:
        """The rounds the file has updates for, oldest first."""
        return sorted({entry.period for action in self.compared for entry in action.entries})

    @property
    def compared(self) -> list[ImportedAction]:
        """Every action record read, flawed or not, in the file's order."""
        return sorted([*self.actions, *self.flawed], key=lambda action: action.row)

    @property
    def people(self) -> list[str]:
        """Everyone the file names, in the order first named."""
        names = []
        for action in self.compared:
            for name in [*action.owners, *(n for entry in action.entries for n in entry.owners)]:
                if name not in names:
                    names.append(name)
        return names
