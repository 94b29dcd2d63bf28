"""Step 2 of an import: which row holds the headings, and which column is
which field, from the wordings councils use.

This is the one place that knows spreadsheet headings. Each kind of plan
declares its fields once (SCRUTINY_ACTION_PLAN below); a partnership plan
(themes, RAG, lead organisations) declares its own tuple and reuses
`find_heading_row` and `guess_mapping` as they are.

Headings are compared normalised: case, punctuation and spacing ignored,
"&" read as "and", and a month in the heading ("Evidence of Progress (March
2020)") set aside; `period_in_heading` reads that month.
"""

import datetime
import re
from dataclasses import dataclass

from .grid import Grid


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # in the councils' words, for the preview and the mapping form
    wordings: tuple[str, ...]  # headings that mean this field, most specific first
    hint: str = ""
    # Matched only by a heading that is one of its wordings, never inside a
    # longer one ("Officer response" is no executive's response).
    exact_only: bool = False


SCRUTINY_ACTION_PLAN: tuple[Field, ...] = (
    Field(
        "reference",
        "Reference",
        (
            "action reference",
            "reference",
            "ref",
            "ref no",
            "reference number",
            "action ref",
            "action no",
            "action number",
            "rec no",
            "rec ref",
            "recommendation no",
            "recommendation number",
            "recommendation ref",
            "no",
            "number",
            "item",
        ),
        hint="1, 1a, 1 a), R1, Rec 1",
    ),
    Field(
        "recommendation",
        "Recommendation",
        (
            "recommendation text",
            "recommendation",
            "recommendations",
            "scrutiny recommendation",
            "agreed recommendation",
            "review recommendation",
            "rec",
        ),
        hint="The recommendation's text, or its number",
    ),
    Field(
        "sub_action",
        "Lettered sub-action",
        ("sub action text", "sub action", "lettered sub action", "sub actions", "sub action letter", "letter"),
        hint="a, b, c … or the sub-action's text",
    ),
    Field("strand", "Strand", ("strand", "strands", "strand heading", "workstream", "work stream")),
    Field(
        "responsibility",
        "Responsibility",
        (
            "responsibility",
            "responsible",
            "responsible officer",
            "responsible officers",
            "lead officer",
            "lead officers",
            "lead officer s",
            "lead organisation partner s",
            "lead organisation partners",
            "lead organisation",
            "lead organisations",
            "lead partner",
            "lead",
            "owner",
            "owners",
            "action owner",
            "officer",
            "who",
            "lead officer em",
            "lead officer executive member",
            "lead member",
            # The executive's member answers for it; the officer does the
            # work: a column of owners only where the file has no other.
            "cabinet member",
            "executive member",
            "portfolio holder",
            "cabinet portfolio",
        ),
        hint="Names, separated by commas; the first is the lead",
    ),
    Field(
        "target",
        "Date",
        (
            "date",
            "target date",
            "target",
            "target month",
            "timeframe",
            "timescale",
            "timescales",
            "time frame",
            "time scale",
            "deadline",
            "due date",
            "due",
            "by when",
            "completion date",
            "target completion date",
            "timetable",
            "original date",
            "original target date",
        ),
        hint="The target month (October 2019), or the plan's own words",
    ),
    Field(
        "new_target",
        "New date",
        (
            "new date",
            "revised date",
            "new target date",
            "revised target date",
            "revised target",
            "new target",
            "revised deadline",
            "new deadline",
            "revised completion date",
            "new completion date",
        ),
        hint="A revised target month: recorded as a revision of the Date, which stays on record",
    ),
    Field(
        "action",
        "Agreed Action",
        (
            "agreed action",
            "agreed actions",
            "action",
            "actions",
            "action agreed",
            "actions agreed",
            "proposed action",
            "action to be taken",
            "actions to be taken",
            "activity",
            "activity output",
            # A committee's action plan: the executive's response says what it
            # will do ("Officer response"); a heading that is only the
            # executive's is its own field (executive_response).
            "response",
            "executive response",
            "cabinet response",
            "cabinet member response",
            "agreed response",
        ),
    ),
    Field(
        "success_measure",
        "Agreed Success Measure",
        (
            "agreed success measure",
            "agreed success measures",
            "success measure",
            "success measures",
            "measure of success",
            "measures of success",
            "success criteria",
            "outcome",
            "outcomes",
            "expected outcome",
            "expected outcomes",
            "intended outcome",
        ),
    ),
    Field(
        "round",
        "Round",
        ("round", "monitoring round", "round month", "period", "progress update month"),
        hint="The month of the progress update each row belongs to",
    ),
    Field(
        "progress",
        "Evidence of Progress",
        (
            "evidence of progress",
            "progress",
            "progress to date",
            "progress update",
            "latest progress",
            "latest update",
            "update",
            "progress comments",
            "comments on progress",
            "action taken",
            "actions taken",
            "action taken to date",
            "status comment",
            "status comments",
            "status update",
            "comment",
            "comments",
        ),
    ),
    Field(
        "grade",
        "Assessment of Progress",
        (
            "grade",
            "assessment of progress",
            "assessment",
            "progress assessment",
            "status",
            "rag",
            "rag status",
            "rating",
            "traffic light",
            "traffic lights",
            "traffic light status",
            "rag rating",
            "brag",
            "brag status",
        ),
        hint="One of the council's grades (its number, code or label), or the file's own words or colours",
    ),
    Field(
        "explanation",
        "Explanation",
        (
            "explanation",
            "grade explanation",
            "explanation of grade",
            "explanation of assessment",
            "reason",
            "reasons",
        ),
    ),
    Field("impact", "Evidence of Impact", ("evidence of impact", "impact", "impact to date", "outcomes achieved")),
    # The council's own references, as the product's export keeps them
    # beside ours: a recommendation's ("SR (24/25) 01", "R1") and an
    # action's ("1.1"). A council's tracker's one "Ref" column is the
    # Reference, read as the council's where it is not ours.
    Field(
        "council_reference",
        "Council's reference",
        ("council s reference",),
        hint="The recommendation's reference as the council writes it: SR (24/25) 01, R1",
        exact_only=True,
    ),
    # The executive's response to the recommendation: "Accepted",
    # "Partially accepted: …" (responses.py).
    Field(
        "executive_response",
        "Executive response",
        (
            "executive response",
            "cabinet response",
            "executive s response",
            "cabinet s response",
            "cabinet member response",
            "response",
            "agreed response",
            "response to recommendation",
            "executive decision",
            "cabinet decision",
        ),
        hint="Accepted, Partially accepted or Not accepted, then the executive's words",
        exact_only=True,
    ),
    Field(
        "council_action_reference",
        "Council's action reference",
        ("council s action reference",),
        hint="The action's own reference as the council writes it: 1.1, 3.2",
        exact_only=True,
    ),
)

FIELDS_BY_KEY = {field.key: field for field in SCRUTINY_ACTION_PLAN}

# A partnership plan (seeds 002 and 004): themes or strategic objectives as
# heading rows, numbered actions (1.1) or numbered objectives ("2. Develop
# …") with Activity/Output rows under them, lead organisations, national
# indicators, and a quarter's Progress and RAG.
PARTNERSHIP_PLAN: tuple[Field, ...] = (
    Field(
        "theme",
        "Theme",
        ("theme", "themes", "theme heading", "priority", "priorities"),
        hint="Each row's theme or strategic objective, as this service's Excel export repeats it",
    ),
    Field(
        "number",
        "Number",
        ("number", "no", "ref", "ref no", "reference", "action no", "action number", "action ref"),
        hint="1.1, 1.2 … (a column with no heading left of the Action is read as the number)",
    ),
    Field(
        "objective",
        "Objective/Issue",
        ("objective issue", "objective", "objectives", "strategic objective", "issue", "objective and issue"),
        hint="'Strategic Objective A: …' heading rows, and numbered objectives ('2. Develop …')",
    ),
    Field("action", "Action", ("action", "actions", "agreed action", "agreed actions", "action to be taken")),
    Field("activity", "Activity/Output", ("activity output", "activity", "activities", "output", "outputs")),
    Field(
        "leads",
        "Lead Organisation / Partner(s)",
        (
            "lead organisation partner s",
            "lead organisation partners",
            "lead organisation",
            "lead organisations",
            "lead partner",
            "lead partners",
            "lead",
            "leads",
            "partners",
            "responsibility",
        ),
        hint="The organisations' names or short names as the plan prints them",
    ),
    Field(
        "target",
        "Target Date",
        (
            "target date",
            "timeframe",
            "time frame",
            "timescale",
            "timescales",
            "target",
            "date",
            "deadline",
            "due date",
            "by when",
        ),
        hint="The target month (October 2018), or the plan's own words",
    ),
    Field(
        "target_month",
        "Target month",
        ("target month", "due month", "month due"),
        hint="The month the action is due by, when the Target Date is in the plan's own words",
    ),
    Field("outcome", "Outcome", ("outcome", "outcomes", "expected outcome", "expected outcomes", "intended outcome")),
    Field(
        "indicators",
        "National Indicator",
        ("national indicator", "national indicators", "indicator", "indicators", "ni", "nis"),
        hint="Codes from the glossary of national indicators, such as NI 35 PSA 26",
    ),
    Field(
        "progress",
        "Progress",
        ("progress", "progress to date", "progress update", "latest progress", "update", "progress comments"),
    ),
    Field("rag", "RAG", ("rag", "rag status", "status", "rating"), hint="One of the council's RAG grades"),
    # An activity's own, where the action's are in the columns above (the export's layout).
    Field(
        "activity_target",
        "Activity timeframe",
        ("activity timeframe", "activity target date", "activity target", "output timeframe"),
        hint="The activity's target month, or the plan's own words",
    ),
    Field(
        "activity_target_month",
        "Activity target month",
        ("activity target month", "activity due month"),
        hint="The month the activity is due by, when its timeframe is in the plan's own words",
    ),
    Field(
        "activity_leads",
        "Activity lead",
        ("activity lead", "activity leads", "activity lead organisation", "output lead"),
        hint="The activity's lead organisations",
    ),
)

PARTNERSHIP_FIELDS_BY_KEY = {field.key: field for field in PARTNERSHIP_PLAN}


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
# "(March 2020)", "March 2020", "– Sept 2020": a month with a four-digit year.
_PERIOD = re.compile(rf"\(?\b({_MONTH_WORD})\.?,?\s+(\d{{4}})\b\)?", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^a-z0-9]+")

HEADING_ROWS_SEARCHED = 30


def normalise(text) -> str:
    """'Evidence of Progress (March 2020)' -> 'evidence of progress';
    'Lead Organisation / Partner(s)' -> 'lead organisation partner s'."""
    if text is None:
        return ""
    text = str(text).lower().replace("&", " and ")
    text = _PERIOD.sub(" ", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def period_in_heading(text) -> datetime.date | None:
    """The month a heading names, as the first of the month:
    'Evidence of Progress (March 2020)' -> 2020-03-01."""
    if not isinstance(text, str):
        return None
    match = _PERIOD.search(text)
    if not match:
        return None
    return datetime.date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)


def period_in_headings(headings: list, mapping: dict[int, str]) -> datetime.date | None:
    """The month the progress columns' headings name, if they do: the
    Evidence of Progress heading first, then the Assessment, Explanation and
    Evidence of Impact."""
    columns = {key: column for column, key in mapping.items()}
    for key in ("progress", "grade", "explanation", "impact"):
        if key in columns and columns[key] < len(headings):
            period = period_in_heading(headings[columns[key]])
            if period:
                return period
    return None


def _candidates(headings: list, fields) -> list[tuple[tuple, int, str]]:
    """(rank, column, field key) for every plausible pairing, best first:
    exact wordings before wordings found inside a longer heading, and the
    more specific wording (listed first, or longer) before the rest."""
    exact, partial = [], []
    for column, heading in enumerate(headings):
        text = normalise(heading)
        if not text:
            continue
        padded = f" {text} "
        found_exact = False
        for field in fields:
            for position, wording in enumerate(field.wordings):
                if text == wording:
                    exact.append(((0, position, column), column, field.key))
                    found_exact = True
                    break
        if found_exact:
            continue
        for field in fields:
            if field.exact_only:
                continue
            best = None
            for wording in field.wordings:
                if len(wording) > 2 and f" {wording} " in padded and (best is None or len(wording) > len(best)):
                    best = wording
            if best:
                partial.append(((1, -len(best), column), column, field.key))
    return sorted(exact) + sorted(partial)


def guess_mapping(headings: list, fields=SCRUTINY_ACTION_PLAN) -> dict[int, str]:
    """Column index -> field key for the headings the wordings recognise;
    each field and each column used once."""
    mapping: dict[int, str] = {}
    used = set()
    for _, column, key in _candidates(headings, fields):
        if column in mapping or key in used:
            continue
        mapping[column] = key
        used.add(key)
    return dict(sorted(mapping.items()))


def find_heading_row(grid: Grid, fields=SCRUTINY_ACTION_PLAN) -> int | None:
    """The 0-based index of the row among the first 30 whose cells name the
    most fields (a title often sits above the headings), or None when no row
    names at least two."""
    best, best_score = None, 1
    for index, row in enumerate(grid.rows[:HEADING_ROWS_SEARCHED]):
        # A block of meeting details above the table ("Lead Officer: Jo
        # Bloggs", "Date:" | "12 March 2025") names no column.
        row = [None if _is_label_or_value(value) else value for value in row]
        if sum(1 for value in row if isinstance(value, str)) < 2:
            continue
        candidates = _candidates(row, fields)
        mapping = guess_mapping(row, fields)
        exact_keys = {key for rank, _, key in candidates if rank[0] == 0}
        score = len(mapping) + len(exact_keys & set(mapping.values()))
        if len(mapping) >= 2 and score > best_score:
            best, best_score = index, score
    return best


_LABEL_AND_VALUE = re.compile(r"^[^:]{1,60}:(\s|$)")


def _is_label_or_value(value) -> bool:
    """A details line's cell ("Meeting date: 12 March 2025", "Committee:"),
    which no heading is."""
    return isinstance(value, str) and bool(_LABEL_AND_VALUE.match(value.strip()))


def no_heading_row_message(grid: Grid, fields=SCRUTINY_ACTION_PLAN) -> str:
    """What the clerk reads when find_heading_row finds none."""
    examples = ", ".join(field.label for field in fields[:6])
    where = f"the sheet '{grid.sheet_name}'" if grid.sheet_name else "the file"
    return (
        f"No row near the top of {where} has the headings of an action plan (such as {examples}). "
        "Check it is the tracker, or add a row of headings above it, and upload it again."
    )


def headings_of(grid: Grid, heading_row: int) -> list[str]:
    """The heading row's texts, one per column ('' for a blank)."""
    row = grid.rows[heading_row] if 0 <= heading_row < len(grid.rows) else []
    return ["" if value is None else " ".join(str(value).split()) for value in row]


# A Word progress update (word.py): label/value tables ("Responsibility:" |
# "Satnam Singh"), read with the same wordings as a spreadsheet's headings.
# The fields a label may name for an action record; the rest (Reference,
# Round …) are where a document says them, not labels.
DOCUMENT_LABELS = (
    "responsibility",
    "target",
    "action",
    "success_measure",
    "progress",
    "grade",
    "explanation",
    "impact",
)
# The review's details above the recommendations (seeds 000 and 001).
REVIEW_DETAILS: tuple[Field, ...] = (
    Field("review", "Review", ("review", "scrutiny review", "review title", "title of review")),
    # Named so that a paper's "Committee" row is known for a detail, not an unread label.
    Field("committee", "Committee", ("committee", "select committee", "scrutiny committee", "name of committee")),
    Field(
        "link_officers",
        "Link Officer/s",
        ("link officer s", "link officers", "link officer", "lead link officer", "link officer for the review"),
    ),
    Field(
        "action_plan_agreed",
        "Action Plan Agreed",
        ("action plan agreed", "date action plan agreed", "action plan agreed on", "plan agreed", "date agreed"),
    ),
)
# A label's hint, as the papers print it under "Assessment of Progress":
# "(include explanation if required)". A month in brackets is no hint.
_HINT = re.compile(r"\((?![^)]*\d{4})[^)]*\)")


def label_text(text: str) -> str:
    """A document's label as the preview names it: without its hint, its
    colon or its line breaks ('Assessment of Progress (March 2020)')."""
    return " ".join(_HINT.sub(" ", text).replace(":", " ").split())


def label_field(text, fields=SCRUTINY_ACTION_PLAN, *, exact: bool = False) -> str | None:
    """The field a document's label names, matched as a heading is:
    'Lead officer:' -> 'responsibility', 'Progress (November 2024)' ->
    'progress', 'Assessment of Progress (March 2020): (include explanation
    if required)' -> 'grade'. `exact`: only a wording the label is, not one
    it contains (for the review's details, which a sentence may mention)."""
    if not isinstance(text, str) or not text.strip():
        return None
    candidates = _candidates([_HINT.sub(" ", text)], fields)
    if exact:
        candidates = [candidate for candidate in candidates if candidate[0][0] == 0]
    return candidates[0][2] if candidates else None
