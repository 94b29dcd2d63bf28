"""The dashboard's filtered list of actions as a spreadsheet."""

from reports.documents.xlsx import write_sheet

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


def render_action_list_xlsx(lines, *, council: str = "") -> bytes:
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
                line.grade_now_label,
                line.grade_before_words,
                line.movement_label,
                "Yes" if line.overdue else "No",
            )
            for line in lines
        ),
    )
