"""A partnership plan's quarterly report as a spreadsheet."""

from openpyxl import Workbook

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.xlsx import Title, add_sheet, saved, set_up_printing


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
        (" – ".join(filter(None, ("Progress", document.quarter_label))), 60),
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
        None,  # the row a note once took: the heading row never moves
    )
    add_sheet(
        workbook,
        " ".join(filter(None, ("DRAFT" if draft else "", document.quarter_label or "Progress"))),
        columns,
        partnership_rows(document),
        above=above,
        prepare=lambda sheet: set_up_printing(sheet, options, draft, landscape=True),
    )
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = document.council
    properties.title = f"{document.heading}{' (DRAFT)' if draft else ''}"[:250]
    properties.subject = "Partnership action plan: quarterly progress"
    return saved(workbook)
