"""What a workbook says besides its plan: the product's own Excel export
(reports/progress_update/xlsx.py) has, after its Progress update sheet, a sheet
"Rounds" (Round | Deadline | Meeting date) and a sheet "Review" (Detail |
Value: the review, its committee, link officer/s and the month the action
plan was agreed), so that it imports back into an identical review. They are
read when a workbook has them (sheets.read_grid keeps them, by these names);
a council's own tracker has neither, and its rounds get assumed dates."""

import datetime

from actionplans.text import one_line

from .grid import Grid, cell_name
from .plan import ImportedPlan, Problem
from .sheets import DETAIL_SHEETS
from .tracker import _Refused, parse_month, split_owners

ROUNDS_SHEET, REVIEW_SHEET = DETAIL_SHEETS
# The export's other sheets. The import reads the plan from the first
# visible sheet with data, whatever its name ("DRAFT Progress update" for a
# round not yet published); the grading key, second, it leaves alone.
PROGRESS_SHEET = "Progress update"
DRAFT_PROGRESS_SHEET = f"DRAFT {PROGRESS_SHEET}"
GRADING_KEY_SHEET = "Grading key"
ROUNDS_HEADINGS = ("Round", "Deadline", "Meeting date")
# A fourth column naming the row's dates that are illustrative, not from the
# council's papers (the demo's export writes it): they come in marked so.
ILLUSTRATIVE_HEADING = "Illustrative"
ILLUSTRATIVE_DATES = {"deadline": "deadline", "meeting date": "meeting_date"}


def illustrative_cell(fields) -> str:
    """'Deadline, Meeting date': the Rounds sheet's words for a round's
    invented dates (Round.illustrative)."""
    return ", ".join(heading for heading in ROUNDS_HEADINGS[1:] if ILLUSTRATIVE_DATES[heading.lower()] in fields)


def _illustrative_fields(value) -> list[str] | None:
    """The Round fields an Illustrative cell names; None if it names
    something else."""
    words = [word.strip().lower() for word in str(value or "").split(",") if word.strip()]
    if any(word not in ILLUSTRATIVE_DATES for word in words):
        return None
    return [ILLUSTRATIVE_DATES[word] for word in words]


REVIEW_HEADINGS = ("Detail", "Value")
REVIEW = "Review"
COMMITTEE = "Committee"
LINK_OFFICERS = "Link officer/s"
ACTION_PLAN_AGREED = "Action plan agreed"
REVIEW_DETAILS = (REVIEW, COMMITTEE, LINK_OFFICERS, ACTION_PLAN_AGREED)


def read_details(grid: Grid, plan: ImportedPlan) -> None:
    """Add to `plan` the rounds' dates and the review's details that `grid`'s
    detail sheets hold, with a problem by sheet and cell for any that cannot
    be read."""

    def problem(sheet, row, column, message):
        plan.problems.append(Problem(f"{sheet}!{cell_name(row, column)}", message))

    def day(sheet, row, column, value) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value is not None:
            problem(sheet, row, column, f"'{value}' is not a date: write the day, such as 1 March 2020")
        return None

    rows = grid.details.get(ROUNDS_SHEET) or []
    for index, values in enumerate(rows[1:], start=1):
        values = [*values, None, None, None, None][:4]
        if all(value is None for value in values):
            continue
        try:
            period = parse_month(values[0], what="round's month", epoch=grid.epoch)
        except _Refused as refused:
            problem(ROUNDS_SHEET, index, 0, str(refused))
            continue
        if not isinstance(period, datetime.date):
            problem(ROUNDS_SHEET, index, 0, "no round: write the round's month, such as 'March 2020'")
            continue
        deadline, meeting_date = day(ROUNDS_SHEET, index, 1, values[1]), day(ROUNDS_SHEET, index, 2, values[2])
        if deadline and meeting_date:
            plan.round_dates[period] = (deadline, meeting_date)
        marked = _illustrative_fields(values[3])
        if marked is None:
            problem(
                ROUNDS_SHEET, index, 3,
                f"'{values[3]}' is not a date of the row: write which dates are illustrative, "
                "such as 'Deadline, Meeting date', or leave it blank",
            )  # fmt: skip
        elif marked:
            plan.round_illustrative[period] = marked

    for index, values in enumerate(grid.details.get(REVIEW_SHEET) or []):
        detail, value = [*values, None, None][:2]
        detail = one_line(str(detail or "")).strip().casefold()
        if detail == LINK_OFFICERS.casefold():
            plan.link_officers = split_owners(value) or None  # blank: as the review has them
        elif detail == ACTION_PLAN_AGREED.casefold():
            try:
                month = parse_month(value, epoch=grid.epoch)
            except _Refused as refused:
                problem(REVIEW_SHEET, index, 1, str(refused))
                continue
            if isinstance(month, datetime.date):
                plan.action_plan_agreed = month
            elif month is not None:
                problem(REVIEW_SHEET, index, 1, f"'{month}' is not a month: write it as 'March 2019'")


def read_document_details(given, plan: ImportedPlan, front: list[str] = ()) -> None:
    """The review's details a Word progress update gives above its
    recommendations ("Link Officer/s:", "Action Plan Agreed:";
    word.ReviewDetails), as the export's "Review" sheet gives them, with a
    problem named by where the document has it; and `front`, the paragraphs
    above them that are no detail (word.DocumentGrid.front), as the paper's
    own title and introduction, offered to a council that has none yet."""
    if (officers := given.values.get("link_officers")) is not None:
        plan.link_officers = split_owners(officers) or None
    if front and len(front[0]) <= 200:
        plan.title, plan.introduction = front[0], " ".join(front[1:])
    if agreed := given.values.get("action_plan_agreed"):
        where = f"{given.places.get('action_plan_agreed', '')}, Action Plan Agreed".lstrip(", ")
        try:
            month = parse_month(agreed)
        except _Refused as refused:
            plan.problems.append(Problem(where, str(refused)))
            return
        if isinstance(month, datetime.date):
            plan.action_plan_agreed = month
        else:
            plan.problems.append(Problem(where, f"'{month}' is not a month: write it as 'March 2019'"))
