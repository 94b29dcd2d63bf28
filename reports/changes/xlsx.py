"""What changed between two meetings as a spreadsheet: the changes pages'
download, and the Progress Update's sheets of it."""

from openpyxl import Workbook

from reports.documents.xlsx import Day, Title, add_sheet, saved

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
    properties.creator = properties.lastModifiedBy = changes.council
    properties.title = f"{name or changes.committee}: {changes.dated_title[:1].lower()}{changes.dated_title[1:]}"[:250]
    properties.subject = "Scrutiny monitoring – what changed between meetings"
    return saved(workbook)
