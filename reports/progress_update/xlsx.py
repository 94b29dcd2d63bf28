"""The Progress Update as a spreadsheet: one row per action per round, the
sheets an identical review needs besides, and the import reads back."""

from dataclasses import dataclass

from openpyxl import Workbook

from actionplans import richtext
from actionplans.importing.details import (
    DRAFT_PROGRESS_SHEET,
    GRADING_KEY_SHEET,
    ILLUSTRATIVE_HEADING,
    PROGRESS_SHEET,
    REVIEW_DETAILS,
    REVIEW_HEADINGS,
    REVIEW_SHEET,
    ROUNDS_HEADINGS,
    ROUNDS_SHEET,
    illustrative_cell,
)
from reports.changes.xlsx import add_changes_sheets
from reports.documents import ExportOptions, is_draft
from reports.documents.xlsx import (
    RESPONSE_SHEET,
    Day,
    Title,
    add_sheet,
    correction_line,
    saved,
    set_up_printing,
)
from reports.progress_update.builder import ProgressUpdate

COLUMNS = [
    # heading, width
    ("Review", 18),
    ("Round", 14),
    ("Recommendation", 15),
    ("Sub-action", 11),
    ("Strand", 28),
    ("Action reference", 28),
    ("Responsibility", 26),
    ("Date", 14),
    ("Agreed Action", 45),
    ("Agreed Success Measure", 45),
    ("Evidence of Progress", 70),
    ("Grade", 8),
    ("Assessment of Progress", 16),
    ("Explanation", 40),
    ("Evidence of Impact", 60),
    # Last, so that the columns before keep their places: with these the
    # sheet holds the whole plan, and imports back into a review
    # (actionplans/importing).
    ("Recommendation text", 45),
    ("Sub-action text", 45),
    # How often the Date was revised, and the original: "revised once;
    # originally October 2019" (blank when it never was).
    ("Date revised", 30),
    # The committee's decision at the row's round, where it kept the action
    # open or closed it (ActionData.committee_words).
    ("The committee's decision", 45),
    # The partnership plans' actions that deliver it, with their RAG as at
    # the round (ActionData.delivered_through_words).
    ("Delivered through", 50),
    # The council's own references, as its papers print them: the
    # recommendation's ("SR (24/25) 01") and the action's own ("1.1").
    ("Council's reference", 18),
    ("Council's action reference", 18),
]


def rows(document: ProgressUpdate):
    """Plain values, one tuple per action per round, in document order; an
    action no round shown has carried gets one row without a round, so that
    the sheet holds the whole plan."""
    texts, councils = {}, {}
    for rec in document.recommendations:
        for action in rec.actions:
            texts[action.reference] = (rec.text, "")
            councils[action.reference] = rec.council_reference
        for sub in rec.sub_actions:
            for action in sub.actions:
                texts[action.reference] = (rec.text, sub.text)
    for action in document.actions:
        plan = _plan_cells(action, texts[action.reference], councils[action.reference])
        if not action.entries:
            yield (document.review_title, None, *plan.before, "", None, "", "", "", *plan.after, "", *plan.last)
        for entry in action.entries:
            owners = (entry if entry.responsibility else action).responsibility_printed
            yield (
                document.review_title,
                entry.round.period,
                *plan.before[:4],
                owners,
                *plan.before[5:],
                *_entry_cells(entry),
                *plan.after,
                action.committee_words(entry),
                *plan.last,
            )


@dataclass(frozen=True)
class _PlanCells:
    """An action's cells that every row of it repeats: those before its
    round's, those after, and the last (after the committee's decision)."""

    before: tuple
    after: tuple
    last: tuple


def _plan_cells(action, texts: tuple[str, str], recommendation_council: str) -> _PlanCells:
    recommendation_text, sub_action_text = (richtext.to_plain(text) for text in texts)
    return _PlanCells(
        before=(
            action.recommendation_number,
            action.letter,
            action.strand,
            action.reference,
            action.responsibility_printed,
            Day(action.target_day) if action.target_day else action.target_month or action.target,
            richtext.to_plain(action.agreed_action),
            richtext.to_plain(action.success_measure),
        ),
        after=(recommendation_text, sub_action_text, action.revision_words),
        last=(action.delivered_through_words, recommendation_council, action.council_reference),
    )


def _entry_cells(entry) -> tuple:
    """A round's cells of an action: its evidence, grade and impact."""
    return (
        richtext.to_plain(entry.evidence_of_progress) if entry.received else entry.round.missing_words,
        _code(entry.grade),
        entry.grade.label if entry.grade else "",
        richtext.to_plain(entry.grade_explanation),
        richtext.to_plain(entry.evidence_of_impact),
    )


# After the Progress update sheet, what an identical review needs besides:
# the rounds' dates, and the review's own details, in sheets of their own so
# that the Progress update stays as it was. The import reads them
# (actionplans/importing/details.py) when a workbook has them.
ROUNDS_COLUMNS = list(zip(ROUNDS_HEADINGS, (14, 18, 18), strict=True))


REVIEW_COLUMNS = list(zip(REVIEW_HEADINGS, (22, 60), strict=True))


# The title block above the heading row, one text per row in column A, as
# the PDF's title: the import looks for the headings among the first rows
# and passes over rows with one text (actionplans/importing/headings.py).
TITLE_ROWS = 5


HEADING_ROW = TITLE_ROWS + 1


GRADING_KEY_COLUMNS = [("Grade", 8), ("Assessment of Progress", 30)]


def render_xlsx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    """The Progress Update as a spreadsheet: the update itself under its
    title block, what changed since an earlier meeting beside it, then the
    grading key, the rounds, the review's details, the executive's
    responses and the evidence files, each on a sheet of its own."""
    draft = is_draft(document, options)
    workbook = Workbook(write_only=True)
    _add_progress_sheet(workbook, document, options, draft)
    if document.changes is not None:
        # Next to the Progress update, where a reader opening the file sees
        # its tab (the import reads the workbook's sheets by name).
        add_changes_sheets(workbook, document.changes)
    add_sheet(
        workbook,
        GRADING_KEY_SHEET,
        GRADING_KEY_COLUMNS,
        ((_code(grade) or grade.label, grade.key_words) for grade in document.grading_key),
        above=(Title(document.grading_key_heading, size=12), None),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    _add_rounds_sheet(workbook, document)
    _add_review_sheet(workbook, document)
    _add_evidence_files_sheet(workbook, document)
    describe(workbook, document, draft)
    return saved(workbook)


def _add_progress_sheet(workbook, document: ProgressUpdate, options: ExportOptions, draft: bool) -> None:
    """The Progress update sheet: a row per action and round, under the
    title block (TITLE_ROWS rows, so that the heading row never moves)."""
    round_label = document.round.label if document.round else "no round yet"
    title_block = (
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        Title(f"Review: {document.review_title}"),
        Title(f"Progress update: {round_label}{' (DRAFT: not yet published)' if draft else ''}"),
        Title(f"Committee: {document.committee}"),
        # A corrected version's "Corrected on DATE: REASON" (PublishedDocument)
        # in the row otherwise left blank, so the heading row never moves.
        Title(correction_line(options)) if options.correction_note else None,
    )
    assert len(title_block) == TITLE_ROWS
    add_sheet(
        workbook,
        DRAFT_PROGRESS_SHEET if draft else PROGRESS_SHEET,
        COLUMNS,
        rows(document),
        above=title_block,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=True),
    )


def _add_rounds_sheet(workbook, document: ProgressUpdate) -> None:
    """The rounds, each with its deadline and meeting date. The demo's mark
    on its invented dates stands beside them: a column after the three
    dates, which the import reads to bring them in marked."""
    marks = any(r.illustrative for r in document.rounds)
    add_sheet(
        workbook,
        ROUNDS_SHEET,
        ROUNDS_COLUMNS + ([ILLUSTRATIVE_COLUMN] if marks else []),
        (
            (r.period, Day(r.deadline), Day(r.meeting_date), *([illustrative_cell(r.illustrative)] if marks else []))
            for r in document.rounds
        ),
    )


def _add_review_sheet(workbook, document: ProgressUpdate) -> None:
    """The review's details, a row each (the import reads this sheet's rows
    by their label: a note's row is passed over); then, on a sheet of their
    own so that the others stay as they were, the recommendations the
    executive rejected or partly accepted, as the PDF says it under each."""
    details = (
        document.review_title,
        document.committee,
        ", ".join(document.link_officers),
        document.action_plan_agreed_month or document.action_plan_agreed,
    )
    add_sheet(workbook, REVIEW_SHEET, REVIEW_COLUMNS, list(zip(REVIEW_DETAILS, details, strict=True)))
    notes = [(rec.number, rec.response_note) for rec in document.recommendations if rec.response_note]
    if notes:
        add_sheet(workbook, RESPONSE_SHEET, RESPONSE_NOTE_COLUMNS, notes)


def _add_evidence_files_sheet(workbook, document: ProgressUpdate) -> None:
    """Each update's evidence files, a row each: a sheet of their own,
    after those the import reads, so the Progress update stays as it was;
    none where no update carries a file."""
    files = [
        (entry.round.period, action.reference, file.title, file.kind, file.size, file.sha256)
        for action in document.actions
        for entry in action.entries
        for file in entry.files
    ]
    if files:
        add_sheet(workbook, EVIDENCE_FILES_SHEET, EVIDENCE_FILES_COLUMNS, files)


def _code(grade):
    """A grade's number as a number ("2" -> 2, for a sheet that sorts and
    filters), a council's code as written, or None."""
    if grade is None or not grade.code:
        return None
    return int(grade.code) if grade.code.isdigit() else grade.code


def describe(workbook, document: ProgressUpdate, draft: bool) -> None:
    """The file's properties (File > Info) name the council and the document,
    not the library that wrote it."""
    council = document.wording.council_name if document.wording else ""
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = council
    round_label = f", {document.round.label}" if document.round else ""
    properties.title = f"{document.review_title}: progress update{round_label}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = document.wording.update_title if document.wording else ""
    properties.description = f"{council}, {document.committee}"[:250]
    properties.keywords = "scrutiny; progress update; DRAFT" if draft else "scrutiny; progress update"


ILLUSTRATIVE_COLUMN = (ILLUSTRATIVE_HEADING, 24)
EVIDENCE_FILES_SHEET = "Evidence files"
EVIDENCE_FILES_COLUMNS = [
    ("Round", 14),
    ("Action reference", 28),
    ("Title", 45),
    ("Kind", 22),
    ("Size (bytes)", 14),
    ("SHA-256", 70),
]
RESPONSE_NOTE_COLUMNS = [("Recommendation", 15), ("Executive response", 90)]
