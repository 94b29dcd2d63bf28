"""The blank template offered on the upload page: a sheet with the headings
an import recognises, a second sheet explaining each column and the
grading, and an empty Rounds sheet for past rounds' real dates (details.py).
Its headings are the fields' own labels (headings.py), so a file
made from it maps itself."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from actionplans.importing import reading
from actionplans.importing.details import ROUNDS_HEADINGS, ROUNDS_SHEET
from actionplans.models.council import council, current_scale
from actionplans.models.partnership_quarters import rag_scale

# What each column holds, where the field's own hint says too little.
EXPLANATIONS = {
    "reference": "The action's reference as the plan prints it: 1 for a recommendation's own record, 1 a) for a "
    "lettered sub-action, 1 a) Frontline staff for a strand. Or fill in Recommendation, Lettered sub-action and "
    "Strand instead.",
    "recommendation": "The recommendation's number, or its text. A recommendation new to the review needs its text.",
    "sub_action": "The letter (a, b, c …) of the lettered sub-action, or its text. Blank for the recommendation's "
    "own record.",
    "strand": "The heading of a parallel strand (Frontline staff); blank otherwise.",
    "responsibility": "Who is responsible: names or roles, separated by commas; the first is the lead. Someone the "
    "system does not know yet can be created during the import.",
    "target": "The target month (October 2019), or the plan's own words (Reviewed throughout the year 2019).",
    "action": "The Agreed Action.",
    "success_measure": "The Agreed Success Measure.",
    "round": "The month of the progress update the row reports on (March 2020): one row per action per round. "
    "Leave blank for an action with no progress yet, or give the month on the upload page.",
    "progress": "Evidence of Progress. Start a line with '- ' for a bullet.",
    "grade": "The Assessment of Progress: one of the council's grades (see the grading below).",
    "explanation": "Why the grade was given: needed for the grades that say so below, or a worse grade.",
    "impact": "Evidence of Impact.",
}


# A partnership plan's columns (headings.PARTNERSHIP_PLAN).
PARTNERSHIP_EXPLANATIONS = {
    "theme": "Optional: the theme or strategic objective each row belongs to ('1. Preventing Hate Crime', "
    "'Strategic Objective A: Improving Community Cohesion'), on every row, as this service's Excel download gives "
    "it. Without this column, give each theme a row of its own above its actions.",
    "number": "The action's number as the plan prints it (1.1). A row with only '1. Preventing Hate Crime' in this "
    "column is a theme's heading; the actions under it follow.",
    "objective": "'Strategic Objective A: …' alone on its row heads a strategic objective; '2. Develop …' is a "
    "numbered objective, whose Activity/Output rows follow it (leave this column blank on those rows).",
    "action": "What the partners agree to do: the action's text, as the plan prints it. Start a line with '- ' for "
    "a bullet.",
    "activity": "For a numbered objective (a plan laid out with strategic objectives): one activity or output of "
    "it per row, on the objective's own row and the rows under it. Leave blank for a plan of numbered actions.",
    "leads": "The lead organisations, as the plan prints them, separated by commas or slashes. They are matched to "
    "the partnership's organisations by name or short name; the preview lists any it does not know. On an "
    "Activity/Output row (without an Activity lead column), the activity's lead.",
    "target": "When the action is due: the target month (October 2018), or the plan's own words (Quarterly updates "
    "starting in September 2018). On an Activity/Output row (without an Activity timeframe column), the activity's "
    "timeframe.",
    "target_month": "Optional: the month the action is due by (October 2018), when the Target Date is in the plan's "
    "own words; the Target Date is then kept as written.",
    "outcome": "What the action is to achieve: the outcome the plan expects of it.",
    "indicators": "National indicator codes from the glossary (NI 35 PSA 26); an unknown code is refused.",
    "progress": "Progress in the quarter given on the upload page, or named in this heading (Progress to date – Q1 "
    "2010). It becomes that quarter's published update. Leave blank for an action with no update.",
    "rag": "",  # the council's words (render)
    "activity_target": "Optional: the activity's own timeframe, when the Target Date column holds the action's.",
    "activity_target_month": "Optional: the month the activity is due by, when its timeframe is in the plan's own "
    "words.",
    "activity_leads": "Optional: the activity's own lead organisations, when the Lead Organisation / Partner(s) "
    "column holds the action's.",
}


# The headings' font, and the notes' alignment: wrapped, at the top.
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def render(kind: str = "review") -> bytes:
    """The blank template of `kind` (a review's plan, or a partnership's):
    the sheet the plan goes on, headed by the columns the import reads, and
    a sheet saying what goes in each; a review's also has the council's
    grading key, what becomes of past rounds, and the Rounds sheet."""
    partnership = kind == reading.PARTNERSHIP
    fields = reading.fields(kind)
    explanations = PARTNERSHIP_EXPLANATIONS if partnership else EXPLANATIONS
    if partnership:  # the council's RAG words, as its scale has them now
        rag = f"{rag_scale().words()}: the action's status in that quarter. Leave blank if not rated."
        explanations = {**explanations, "rag": rag}
    workbook = Workbook()
    _plan_sheet(workbook.active, fields, "Partnership plan" if partnership else "Action plan")
    notes = _notes_sheet(workbook, fields, explanations)
    if partnership:
        return _saved(workbook)
    _review_notes(notes)
    _rounds_sheet(workbook)
    return _saved(workbook)


def _plan_sheet(sheet, fields, title: str) -> None:
    """The sheet the plan goes on: a bold heading for each column, its
    width to fit, frozen above the rows."""
    sheet.title = title
    for index, field in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=index, value=field.label)
        cell.font = _BOLD
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(field.label) + 4)
    sheet.freeze_panes = "A2"


def _notes_sheet(workbook, fields, explanations: dict):
    """'How to fill it in': what goes in each column."""
    notes = workbook.create_sheet("How to fill it in")
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 90
    notes.append(["Column", "What goes in it"])
    for cell in notes[1]:
        cell.font = _BOLD
    for field in fields:
        notes.append([field.label, explanations.get(field.key) or field.hint or ""])
        notes.cell(row=notes.max_row, column=2).alignment = _WRAP
    return notes


def _review_notes(notes) -> None:
    """A review's notes after the columns': the council's grading key, what
    becomes of past rounds, and what the Rounds sheet is for."""
    notes.append([])
    notes.append([council().grading_key_heading, "Grading"])
    for cell in notes[notes.max_row]:
        cell.font = _BOLD
    for level in current_scale():
        needs = " (needs an explanation)" if level.needs_explanation else ""
        code = int(level.code) if level.code.isdigit() else level.code or level.label
        notes.append([code, f"{level.key_words}{needs}"])
    notes.append([])
    notes.append(
        [
            "Past rounds",
            "Rows for a month the review has no round for become a published round of approved updates: the "
            "committee's record. A round already published is never changed by an import.",
        ]
    )
    notes.cell(row=notes.max_row, column=2).alignment = _WRAP
    notes.append(
        [
            f"The {ROUNDS_SHEET} sheet",
            f"Optional: each past round's real dates, one row per round ({' | '.join(ROUNDS_HEADINGS)}), such as "
            "March 2020 | 1 March 2020 | 24 March 2020. A round the sheet does not list is given a deadline on the "
            "1st and a meeting on the 15th of its month. This service's Excel export of a review has this sheet "
            "filled in; it can be added to any file.",
        ]
    )
    notes.cell(row=notes.max_row, column=2).alignment = _WRAP


def _rounds_sheet(workbook) -> None:
    """The Rounds sheet, read by details.read_details whatever sheet the
    plan is on: its headings, and date cells formatted as dates."""
    rounds = workbook.create_sheet(ROUNDS_SHEET)
    rounds.append(list(ROUNDS_HEADINGS))
    for index, heading in enumerate(ROUNDS_HEADINGS, start=1):
        rounds.cell(row=1, column=index).font = _BOLD
        rounds.column_dimensions[get_column_letter(index)].width = max(16, len(heading) + 4)
    for column in "BC":
        for row in range(2, 40):
            rounds[f"{column}{row}"].number_format = "d mmmm yyyy"


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
