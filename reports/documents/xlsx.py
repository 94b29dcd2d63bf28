"""The Progress Update as a spreadsheet: one row per action per round."""

import dataclasses
import datetime
import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from actionplans import richtext
from actionplans.importing.details import (
    DRAFT_PROGRESS_SHEET,
    GRADING_KEY_SHEET,
    PROGRESS_SHEET,
    REVIEW_DETAILS,
    REVIEW_HEADINGS,
    REVIEW_SHEET,
    ROUNDS_HEADINGS,
    ROUNDS_SHEET,
)
from reports.documents import NO_OPTIONS, ExportOptions, is_draft
from reports.progress_update.builder import NO_UPDATE, ProgressUpdate
from reports.standards.appendix import appendix_heading, export_options

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
]
MONTH_FORMAT = "mmmm yyyy"
# Excel holds at most this many characters in a cell and cuts the rest
# without a word. Text is limited well below it (SCRUTINY_EVIDENCE_MAX_CHARS);
# anything longer from before is cut here, saying so.
CELL_LIMIT = 32_767


def rows(document: ProgressUpdate):
    """Plain values, one tuple per action per round, in document order; an
    action no round shown has carried gets one row without a round, so that
    the sheet holds the whole plan."""
    texts = {}
    for rec in document.recommendations:
        for action in rec.actions:
            texts[action.reference] = (rec.text, "")
        for sub in rec.sub_actions:
            for action in sub.actions:
                texts[action.reference] = (rec.text, sub.text)
    for action in document.actions:
        recommendation_text, sub_action_text = (richtext.to_plain(text) for text in texts[action.reference])
        if not action.entries:
            yield (
                document.review_title,
                None,
                action.recommendation_number,
                action.letter,
                action.strand,
                action.reference,
                ", ".join(action.responsibility),
                action.target_month or action.target,
                richtext.to_plain(action.agreed_action),
                richtext.to_plain(action.success_measure),
                "",
                None,
                "",
                "",
                "",
                recommendation_text,
                sub_action_text,
                action.revision_words,
                "",
                action.delivered_through_words,
            )
        for entry in action.entries:
            yield (
                document.review_title,
                entry.round.period,
                action.recommendation_number,
                action.letter,
                action.strand,
                action.reference,
                ", ".join(entry.responsibility or action.responsibility),
                action.target_month or action.target,
                richtext.to_plain(action.agreed_action),
                richtext.to_plain(action.success_measure),
                richtext.to_plain(entry.evidence_of_progress) if entry.received else NO_UPDATE,
                entry.grade.number if entry.grade else None,
                entry.grade.words if entry.grade else "",
                richtext.to_plain(entry.grade_explanation),
                richtext.to_plain(entry.evidence_of_impact),
                recommendation_text,
                sub_action_text,
                action.revision_words,
                action.committee_words(entry),
                action.delivered_through_words,
            )


# After the Progress update sheet, what an identical review needs besides:
# the rounds' dates, and the review's own details, in sheets of their own so
# that the Progress update stays as it was. The import reads them
# (actionplans/importing/details.py) when a workbook has them.
ROUNDS_COLUMNS = list(zip(ROUNDS_HEADINGS, (14, 18, 18), strict=True))
REVIEW_COLUMNS = list(zip(REVIEW_HEADINGS, (22, 60), strict=True))
DAY_FORMAT = "d mmmm yyyy"


# The title block above the heading row, one text per row in column A, as
# the PDF's title: the import looks for the headings among the first rows
# and passes over rows with one text (actionplans/importing/headings.py).
TITLE_ROWS = 5
HEADING_ROW = TITLE_ROWS + 1
GRADING_KEY_COLUMNS = [("Grade", 8), ("Assessment of Progress", 30)]
# Excel holds at most 255 characters in a header or footer, codes included
# ("&C" for the centre).
HEADER_LIMIT = 250


def render_xlsx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    draft = is_draft(document, options)
    workbook = Workbook(write_only=True)
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
    if document.changes is not None:
        # Next to the Progress update, where a reader opening the file sees
        # its tab (the import reads the workbook's sheets by name).
        add_changes_sheets(workbook, document.changes)
    add_sheet(
        workbook,
        GRADING_KEY_SHEET,
        GRADING_KEY_COLUMNS,
        ((grade.number, grade.words) for grade in document.grading_key),
        above=(Title("Assessment of Progress Gradings", size=12), None),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    add_sheet(
        workbook,
        ROUNDS_SHEET,
        ROUNDS_COLUMNS,
        ((r.period, Day(r.deadline), Day(r.meeting_date)) for r in document.rounds),
    )
    details = (
        document.review_title,
        document.committee,
        ", ".join(document.link_officers),
        document.action_plan_agreed_month or document.action_plan_agreed,
    )
    add_sheet(workbook, REVIEW_SHEET, REVIEW_COLUMNS, zip(REVIEW_DETAILS, details, strict=True))
    # Recommendations the executive rejected or partly accepted, as the PDF
    # says it under each: a sheet of their own, so the others stay as they were.
    notes = [(rec.number, rec.response_note) for rec in document.recommendations if rec.response_note]
    if notes:
        add_sheet(workbook, RESPONSE_SHEET, RESPONSE_NOTE_COLUMNS, notes)
    describe(workbook, document, draft)
    return _saved(workbook)


def set_up_printing(sheet, options: ExportOptions, draft: bool, *, landscape: bool) -> None:
    """As the agenda pack prints it: A4, as wide as the page, the heading row
    on every page, the agenda header and DRAFT at the top and the pack's page
    numbers at the bottom."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    header = " – ".join(part for part in ("DRAFT" if draft else "", options.marking, options.agenda_header) if part)
    if header:
        sheet.oddHeader.center.text = header_text(header)
    # The correction on every printed page too, at the left, if the header
    # (all its sections together) holds it whole.
    note = correction_line(options).replace("&", "&&")
    if note and len(note) + len(sheet.oddHeader.center.text or "") + 6 <= HEADER_LIMIT:
        sheet.oddHeader.left.text = note
    sheet.oddFooter.center.text = "Page &P"
    if options.first_page:
        sheet.page_setup.firstPageNumber = options.first_page
        sheet.page_setup.useFirstPageNumber = True


def correction_line(options: ExportOptions) -> str:
    """The correction note on one line: one correction after another."""
    return "; ".join(line for line in options.correction_note.splitlines() if line.strip())


def header_text(text: str) -> str:
    """`text` for a print header: "&" starts a code there, so it is doubled;
    cut, if need be, to what a header holds."""
    escaped = text.replace("&", "&&")
    if len(escaped) <= HEADER_LIMIT:
        return escaped
    cut = escaped[: HEADER_LIMIT - 1]
    # Not half of a doubled "&", which would start a code.
    if (len(cut) - len(cut.rstrip("&"))) % 2:
        cut = cut[:-1]
    return cut + "…"


def describe(workbook, document: ProgressUpdate, draft: bool) -> None:
    """The file's properties (File > Info) name the council and the document,
    not the library that wrote it."""
    council = settings.SCRUTINY_COUNCIL_NAME
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = council
    round_label = f", {document.round.label}" if document.round else ""
    properties.title = f"{document.review_title}: progress update{round_label}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Scrutiny Monitoring – Progress Update"
    properties.description = f"{council}, {document.committee}"[:250]
    properties.keywords = "scrutiny; progress update; DRAFT" if draft else "scrutiny; progress update"


class Title:
    """A line of the title block: bold text in column A."""

    def __init__(self, text: str, size: int | None = None, value=None):
        self.text = text
        self.size = size
        self.value = value  # beside the text in column B: a date is written as one


class Day:
    """A date shown as a day ("1 March 2020"), not as a month."""

    def __init__(self, value):
        self.value = value


class Percent:
    """A fraction shown as a percentage: 0.88 as 88%."""

    def __init__(self, value):
        self.value = value


ACTION_LIST_COLUMNS = [
    ("Review", 18),
    ("Action reference", 30),
    ("Responsibility", 26),
    ("Date", 16),
    ("Latest grade", 12),
    ("Previous grade", 12),
    ("Since the round before", 22),
    ("Past its target date", 12),
]


def render_action_list_xlsx(lines) -> bytes:
    """The dashboard's filtered list of actions, through the same safe writer."""
    return write_sheet(
        "Actions",
        ACTION_LIST_COLUMNS,
        (
            (
                line.review_title,
                line.reference,
                line.owners,
                line.target,
                line.grade_now,
                line.grade_before,
                line.movement_label,
                "Yes" if line.overdue else "No",
            )
            for line in lines
        ),
    )


def write_sheet(title: str, columns, values) -> bytes:
    """A workbook of one worksheet (see add_sheet)."""
    workbook = Workbook(write_only=True)
    add_sheet(workbook, title, columns, values)
    workbook.properties.creator = settings.SCRUTINY_COUNCIL_NAME
    return _saved(workbook)


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_sheet(workbook, title: str, columns, values, above=(), filtered=True, prepare=None) -> None:
    """One worksheet: the rows `above` (Title or None for a blank row), then
    a bold header row, frozen, filtered and repeated on every printed page,
    then typed cells, every text stored as text. `prepare(sheet)` sets what
    else the sheet needs: before the first row, as a write-only sheet writes
    its properties (the page set-up's fit to page among them) with it."""
    sheet = workbook.create_sheet(title)
    if prepare:
        prepare(sheet)
    heading_row = len(above) + 1
    sheet.freeze_panes = f"A{heading_row + 1}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    for line in above:
        if line is None:
            sheet.append([])
            continue
        cell = WriteOnlyCell(sheet, fit_cell(line.text))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=line.size) if line.size else Font(bold=True)
        if line.value is None:
            sheet.append([cell])
            continue
        value = Day(line.value) if isinstance(line.value, datetime.date) else line.value
        sheet.append([cell, _cell(sheet, value, Alignment(vertical="top"), Alignment(vertical="top"))])

    bold = Font(bold=True)
    header = []
    for heading, _ in columns:
        cell = WriteOnlyCell(sheet, heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    count = 0
    for row in values:
        sheet.append([_cell(sheet, value, wrap, top) for value in row])
        count += 1
    if filtered:
        sheet.auto_filter.ref = f"A{heading_row}:{get_column_letter(len(columns))}{heading_row + count}"


def fit_cell(value: str) -> str:
    """`value` as a cell holds it: without the characters XML refuses, and
    cut short, saying so, if Excel would cut it."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) <= CELL_LIMIT:
        return value
    note = f" … [Cut short: the full text has {len(value):,} characters, more than an Excel cell holds.]"
    return value[: CELL_LIMIT - len(note)] + note


def _cell(sheet, value, wrap, top):
    if isinstance(value, Day):
        cell = WriteOnlyCell(sheet, value.value)
        cell.alignment = top
        cell.number_format = DAY_FORMAT
        return cell
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value.value)
        cell.alignment = top
        cell.number_format = "0%"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, fit_cell(value))
        # Text is text: openpyxl would store "=…" as a live formula.
        cell.data_type = "s"
        cell.alignment = wrap if "\n" in value or len(value) > 40 else top
        return cell
    cell = WriteOnlyCell(sheet, value)
    cell.alignment = top
    if hasattr(value, "year"):
        cell.number_format = MONTH_FORMAT
    return cell


# The executive response document -----------------------------------------------

RESPONSE_SHEET = "Executive response"
RESPONSE_NOTE_COLUMNS = [("Recommendation", 15), ("Executive response", 90)]
RESPONSE_COLUMNS = [
    ("Recommendation", 15),
    ("Recommendation text", 60),
    ("Response", 22),
    ("Date of response", 18),
    ("Reasons", 60),
    ("Accepted part", 45),
]


def render_response_xlsx(document) -> bytes:
    """The executive response as a spreadsheet: the facts above, one row per
    recommendation (reports.executive_response.builder)."""
    draft = document.is_draft
    workbook = Workbook(write_only=True)
    above = (
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        *(Title(label, value=value) for label, value in document.fact_values),
        None,
    )
    add_sheet(
        workbook,
        RESPONSE_SHEET,
        RESPONSE_COLUMNS,
        (
            (
                rec.number,
                richtext.to_plain(rec.text_with_parts),
                rec.response,
                Day(rec.responded_on_date) if rec.responded_on_date else "",
                richtext.to_plain(rec.reasons),
                richtext.to_plain(rec.accepted_part),
            )
            for rec in document.recommendations
        ),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, ExportOptions(), draft, landscape=True),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = settings.SCRUTINY_COUNCIL_NAME
    properties.title = document.title[:250]
    properties.subject = "Scrutiny review – executive response"
    return _saved(workbook)


# What changed between two meetings (reports/changes/builder.py) ------------------------

CHANGES_SHEET = "What changed"
CHANGES_COLUMNS = [
    ("Review", 18),
    ("Action", 45),
    ("Round before", 14),
    ("Meeting before", 16),
    ("Assessment before", 16),
    ("Round after", 14),
    ("Meeting after", 16),
    ("Assessment after", 16),
    ("Movement", 18),
    ("Responsibility before", 24),
    ("Responsibility after", 24),
    ("Target date", 22),
    ("Target date revised", 40),
    ("New Evidence of Progress", 60),
    ("The committee's decisions", 40),
    ("Decided on", 16),
    ("Corrections", 50),
    ("Corrected on", 16),
    ("Monitoring", 40),
]
CHANGES_KEY = (
    "New Evidence of Progress: after “New:”, the words new since the progress update before; "
    "“Rewritten:” where most of the text is new, the whole of it. "
    "Corrections: after “New:”, the words the correction added; after “Removed:”, those it removed."
)


def changes_rows(changes):
    """One row per action that changed, every one (no cap); the meetings,
    the latest decision and the latest correction as dates."""
    for review in changes.reviews:
        for action in review.actions:
            monitoring = ""
            if action.entered:
                monitoring = "Entered monitoring"
            elif action.left:
                monitoring = f"Left monitoring: {action.left_because}" if action.left_because else "Left monitoring"
            decisions = action.decisions
            yield (
                review.title,
                action.full_name,
                review.before_label,
                Day(review.before_meeting) if review.before_meeting else "",
                action.grade_before_label or ("No update received" if action.in_before else ""),
                review.after_label,
                Day(review.after_meeting) if review.after_meeting else "",
                action.grade_after_label or ("No update received" if action.in_after else ""),
                action.movement_label,
                ", ".join(action.owners_before),
                ", ".join(action.owners_after),
                action.target,
                "\n".join(change.sentence for change in action.target_changes),
                action.evidence.plain,
                "\n".join(decision.sentence for decision in decisions),
                Day(max(d.meeting_date for d in decisions)) if decisions else "",
                "\n".join(c.sentence + "".join(f"\n{f.plain}" for f in c.changes) for c in action.corrections),
                Day(max(c.day for c in action.corrections)) if action.corrections else "",
                monitoring,
            )


CHANGES_RESPONSE_SHEET = "Executive responses since"
CHANGES_RESPONSE_COLUMNS = [("Review", 18), ("Executive response", 90)]


def add_changes_sheets(workbook, changes, prepare=None) -> None:
    """The changes between the two meetings as a sheet (and the executive's
    responses in between as another, where there are any)."""
    add_sheet(
        workbook,
        CHANGES_SHEET,
        CHANGES_COLUMNS,
        changes_rows(changes),
        above=(
            Title(changes.dated_title, size=14),
            Title(changes.count_sentence),
            Title(f"Committee: {changes.committee}"),
            Title(CHANGES_KEY),
        ),
        prepare=prepare,
    )
    responses = [(review.title, answer.sentence) for review in changes.reviews for answer in review.responses]
    if responses:
        add_sheet(workbook, CHANGES_RESPONSE_SHEET, CHANGES_RESPONSE_COLUMNS, responses)


def render_changes_xlsx(changes, name: str = "") -> bytes:
    """What changed, as its own workbook (the changes pages' download);
    `name` the committee's or the review's, for the file's title."""
    workbook = Workbook(write_only=True)
    add_changes_sheets(workbook, changes)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = settings.SCRUTINY_COUNCIL_NAME
    properties.title = f"{name or changes.committee}: {changes.dated_title[:1].lower()}{changes.dated_title[1:]}"[:250]
    properties.subject = "Scrutiny monitoring – what changed between meetings"
    return _saved(workbook)


# The scrutiny annual report -----------------------------------------------------

ANNUAL_SHEET = "Annual report"
ANNUAL_COLUMNS = [("Select Committee", 36), ("Section", 34), ("Figure", 50), ("Number", 12), ("Note", 80)]
ANNUAL_REVIEWS_SHEET = "Review by review"
ANNUAL_NOTES_SHEET = "How the figures are counted"


def _figure_value(figure):
    """The number, as a number (a share as a percentage); blank for none."""
    if figure.value is None:
        return None
    return Percent(figure.value) if figure.percent else figure.value


def render_annual_xlsx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a spreadsheet: one row per figure of
    every section (reports.annual.data.figure_tables, its noughts too), the
    number as a number, each table's note beside its first figure (or the
    one sentence the page prints instead of the table: "No review was
    completed in 2019/20."), under the report's title and facts; each
    review's line, and how the figures are counted, on sheets of their own,
    every sheet printed as the agenda pack prints it."""
    draft = options.draft
    workbook = Workbook(write_only=True)
    above = (
        Title(f"{'DRAFT – ' if draft else ''}{document.heading}", size=14),
        *(Title(label, value=value) for label, value in document.facts),
        None,
    )
    printing = dataclasses.replace(options, agenda_header=options.agenda_header or document.title)

    def figure_rows():
        for section, tables in document.every_table:
            for table in tables:
                for n, figure in enumerate(table.figures):
                    note = (table.empty if table.is_empty else table.note) if n == 0 else None
                    yield (section.name, table.heading, figure.label, _figure_value(figure), note or None)

    add_sheet(
        workbook,
        f"DRAFT {ANNUAL_SHEET}" if draft else ANNUAL_SHEET,
        ANNUAL_COLUMNS,
        figure_rows(),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, printing, draft, landscape=True),
    )
    reviews = [(printed.section.name, printed.reviews) for printed in document.printed if printed.reviews]
    columns = reviews[0][1].columns if reviews else ()
    add_sheet(
        workbook,
        ANNUAL_REVIEWS_SHEET,
        [("Select Committee", 36), ("Review", 30), *((column, 18) for column in columns)],
        (
            (
                committee,
                title,
                *(
                    figure.words if figure.value is None and figure.words != "–" else _figure_value(figure)
                    for figure in figures
                ),
            )
            for committee, table in reviews
            for title, figures in table.rows
        ),
        prepare=lambda sheet: set_up_printing(sheet, printing, draft, landscape=True),
    )
    add_sheet(
        workbook,
        ANNUAL_NOTES_SHEET,
        [("How the figures are counted", 120)],
        ((line,) for line in document.how_counted),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, printing, draft, landscape=True),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.heading}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Scrutiny annual report"
    return _saved(workbook)


# A partnership plan's quarterly report ---------------------------------------------


# Headings the partnership import reads back (importing/headings.py), so
# that the download is also a file to import; the Progress heading names
# the quarter, as seed 004's does ("Progress to date – Q1 2010").
def partnership_columns(document) -> list[tuple[str, int]]:
    columns = [
        ("Theme", 30),
        ("No.", 8),
        ("Action", 45),
        ("Lead Organisation / Partner(s)", 28),
        ("Target Date", 22),
        ("Target month", 14),
        ("Outcome", 45),
        ("National Indicator", 16),
        (f"Progress – {document.quarter_label}", 60),
        ("RAG", 11),
    ]
    if document.has_activities:
        columns += [("Activity/Output", 45), ("Activity timeframe", 18), ("Activity target month", 14),
                    ("Activity lead", 22)]  # fmt: skip
    return columns


def partnership_rows(document):
    """A theme's heading on a row of its own, then its actions; an action
    with activities (seed 004) gives a row per activity, the action's own
    cells on its first."""
    width = len(partnership_columns(document))
    for theme in document.themes:
        yield (theme.heading,) + (None,) * (width - 1)
        for action in theme.actions:
            own = (
                theme.heading,
                action.number,
                action.text,
                action.leads,
                action.target,
                action.target_month,
                action.outcome,
                "\n".join(action.indicators),
                action.progress,
                action.rag,
            )
            if not document.has_activities:
                yield own
                continue
            activities = action.activities or (None,)
            for n, activity in enumerate(activities):
                extra = (
                    (activity.text, activity.timeframe, activity.target_month, activity.leads)
                    if activity
                    else (None,) * 4
                )
                yield (own if n == 0 else (theme.heading, action.number) + (None,) * (len(own) - 2)) + extra


def render_partnership_xlsx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """A partnership plan's quarterly report as one sheet: a row per theme
    heading and per action, dates as dates, text stored as text (no
    formula), printed landscape as the agenda pack prints it."""
    draft = document.is_draft or options.draft
    workbook = Workbook(write_only=True)
    columns = partnership_columns(document)
    above = (
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        Title(document.subtitle),
        None,
    )
    add_sheet(
        workbook,
        f"DRAFT {document.quarter_label}" if draft else document.quarter_label,
        columns,
        partnership_rows(document),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=True),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.heading}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Partnership action plan: quarterly progress"
    return _saved(workbook)


# A self-assessment as the committee appendix ---------------------------------------

# One sheet, a row per characteristic with its standard beside it, so that a
# clerk can filter it (every gap, every Not met) and sort it back by the
# Characteristic column ("2 D"); the standards' definitions and the levels'
# text in sheets of their own after it.
ASSESSMENT_SHEET = "Self-assessment"
ASSESSMENT_COLUMNS = [
    ("Standard", 30),
    ("Characteristic", 14),
    ("Characteristics of good practice", 45),
    ("Function", 45),
    ("Local response", 55),
    ("Rating", 12),
    ("Evidence", 40),
    ("Gap", 40),
    ("Actions", 50),
]
STANDARDS_SHEET = "Standards"
STANDARDS_COLUMNS = [("Standard", 10), ("Title", 36), ("Definition", 100)]
LEVELS_SHEET = "Levels"
LEVELS_COLUMNS = [("Level", 60), ("Text", 100)]


def assessment_rows(document):
    """A row per characteristic; the gap and its actions (each on its own
    line, with its latest status) only for anything not fully met, as the
    document prints them."""
    for standard in document.standards:
        for row in standard.rows:
            gap = row.leaves_a_gap
            yield (
                standard.heading,
                row.label,
                richtext.to_plain(row.text),
                richtext.to_plain(row.function),
                richtext.to_plain(row.response),
                row.rating,
                richtext.to_plain(row.evidence),
                richtext.to_plain(row.gap) if gap else "",
                "\n".join(action.printed for action in row.actions) if gap else "",
            )


def render_assessment_xlsx(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as a workbook: the characteristics' sheet (text
    stored as text, never a formula), then the standards and the levels;
    printed portrait or landscape as each reads best, with the agenda
    header, DRAFT and the pack's page numbers (reports/standards/appendix.py)."""
    options = export_options(document, options)
    draft = is_draft(document, options)
    workbook = Workbook(write_only=True)
    against = f", against the standards of the {document.issued_by}" if document.issued_by else ""
    above = (
        Title(appendix_heading(options.agenda_header)) if appendix_heading(options.agenda_header) else None,
        Title(f"{'DRAFT – ' if draft else ''}{document.title}", size=14),
        Title(f"{document.subtitle}{against}{' (DRAFT: not yet published)' if document.is_draft else ''}"),
        Title("Assessed on", value=document.assessed_on),
        None,
    )
    add_sheet(
        workbook,
        f"DRAFT {ASSESSMENT_SHEET}" if draft else ASSESSMENT_SHEET,
        ASSESSMENT_COLUMNS,
        assessment_rows(document),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=True),
    )
    add_sheet(
        workbook,
        STANDARDS_SHEET,
        STANDARDS_COLUMNS,
        ((standard.number, standard.title, richtext.to_plain(standard.definition)) for standard in document.standards),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    add_sheet(
        workbook,
        LEVELS_SHEET,
        LEVELS_COLUMNS,
        ((level.heading, richtext.to_plain(level.text)) for level in document.levels),
        filtered=False,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=False),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.title}: {document.subtitle}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Self-assessment against standards of good practice"
    properties.description = document.area[:250]
    return _saved(workbook)
