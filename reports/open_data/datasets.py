"""The open data: the published, non-exempt record as CSV and JSON.

One description of the columns (DATASETS) says what each file holds; from it
come the rows' order and names, the JSON Schema beside the JSON and the CSV on
the Web table description beside the CSV, so the files and their schemas
cannot drift apart. `build_open_data()` (builder.py) gathers every dataset
with a fixed number of queries, only through the `.public()` QuerySets (what
is public is decided there, once); the files (files.py) are written from it
without touching the database.

Each row carries its stable reference (`stable_reference`: "action-301"),
which never changes however the plan is renumbered, and its parents'.
"""

from dataclasses import dataclass

from actionplans.grading import NO_UPDATE_RECEIVED, Response
from actionplans.models import (
    Review,
)
from actionplans.models.outcomes import ImpactKind, Outcome
from reports.achieved.ledger import COMPLETED, OPEN, REJECTED, STATUSES

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
RECEIVED = "Received"
# Names of people and groups, joined in one cell in the order the papers give them.
NAMES_SEPARATOR = "; "
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PRIORITY = "Priority"


@dataclass(frozen=True)
class Column:
    """One column of a CSV file, one key of each JSON record."""

    name: str  # the CSV header and the JSON key: lower case, underscores
    title: str  # in the councils' words
    description: str
    datatype: str = "string"  # "string", "integer", "number" or "date" (YYYY-MM-DD)
    required: bool = False  # never empty (null in the JSON) when True
    pattern: str = ""  # a regular expression the whole value matches
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self):
        assert self.datatype in DATATYPES, self.datatype


DATATYPES = {"string", "integer", "number", "date"}


def _reference(kind: str, what: str) -> Column:
    """The row's own stable reference."""
    return Column(
        "reference",
        f"{what} reference",
        f"The stable reference of the {what.lower()} ('{kind}-12'): it never changes while it exists, however the "
        "plan is renumbered or renamed.",
        required=True,
        pattern=rf"^{kind}-[0-9]+$",
    )


def _parent(kind: str, what: str, *, required: bool = True) -> Column:
    """The stable reference of the row's parent (a review, a round...)."""
    return Column(
        f"{kind}_reference",
        f"{what} reference",
        f"The stable reference of the {what.lower()} ('{kind}-12').",
        required=required,
        pattern=rf"^{kind}-[0-9]+$",
    )


# A grade is published as what it means, the same for every council (1 to 4),
# and as the council's papers printed it (its code and label, on the scale
# it was given under: the council's settings, so not listed here).
_MEANINGS = "1 achieved, 2 on track, 3 at risk or slipped, 4 not achieved"


@dataclass(frozen=True)
class Dataset:
    name: str  # in the file names: reviews.csv, reviews.json
    title: str
    description: str
    columns: tuple[Column, ...]
    # Columns naming a row of another dataset: (column, dataset).
    parents: tuple[tuple[str, str], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


REVIEWS = Dataset(
    "reviews",
    "Scrutiny reviews",
    "The scrutiny reviews whose action plans are agreed, or whose executive responses are published.",
    (
        _reference("review", "Review"),
        Column("title", "Review", "The review's title.", required=True),
        Column("committee", "Committee", "The scrutiny committee that ran the review.", required=True),
        Column(
            "status",
            "Status",
            "Whether the action plan is being set up, monitored, or its monitoring completed.",
            required=True,
            enum=tuple(label for _, label in Review.Status.choices),
        ),
        Column(
            "action_plan_agreed",
            "Action Plan Agreed",
            "The month the committee agreed the action plan, as its first day (empty while the plan is being set up).",
            datatype="date",
        ),
        Column(
            "link_officers",
            "Link Officer/s",
            "The review's link officers, separated by '; ' (empty while the plan is being set up).",
        ),
        Column(
            "executive",
            "Executive",
            "Who responded for the executive (Cabinet, or the Cabinet Member named), once the responses are published.",
        ),
        Column(
            "responses_published",
            "Executive responses published",
            "The day the executive's responses to the recommendations were published.",
            datatype="date",
        ),
    ),
)

RECOMMENDATIONS = Dataset(
    "recommendations",
    "Recommendations",
    "Each review's recommendations, with the executive's response once it is published.",
    (
        _reference("recommendation", "Recommendation"),
        _parent("review", "Review"),
        Column("number", "Recommendation", "The recommendation's number in the review.", "integer", True, minimum=1),
        Column("text", "Recommendation text", "What the committee recommended.", required=True),
        Column(
            "executive_response",
            "Executive response",
            "The executive's response (s.9FE of the Local Government Act 2000), once published.",
            enum=tuple(label for _, label in Response.choices),
        ),
        Column("response_date", "Date of the response", "The date of the executive's response.", "date"),
        Column("response_reasons", "Reasons", "The executive's reasons, where it gave them."),
        Column(
            "accepted_part",
            "The part accepted",
            "For a recommendation partially accepted or accepted in principle: what the action plan follows.",
        ),
        Column(
            "illustrative",
            "Illustrative",
            "The names of this row's columns whose values are illustrative, not from the council's papers (a "
            "demonstration's invented dates, such as response_date and completed_on), separated by '; ': empty for "
            "a council's own record.",
        ),
        Column(
            "status",
            "Status",
            f"'{OPEN}' while the committee monitors it (or before its plan is agreed); '{COMPLETED}' once the "
            f"committee has signed off or closed every action; '{REJECTED}' when the executive rejected it.",
            required=True,
            enum=STATUSES,
        ),
        Column("status_as_of", "Status as of", "The day the status, the age and the priority were read.", "date", True),
        Column(
            "priority",
            "Priority",
            "'Priority' where the committee made it one (while it is open), else empty.",
            enum=(PRIORITY,),
        ),
        Column("priority_reason", "Why a priority", "Why the committee made it a priority."),
        Column(
            "months",
            "Age in months",
            "Whole months from the report (or, before one, the action plan) being agreed to today while it is open, "
            "or to the meeting that completed it.",
            "integer",
            minimum=0,
        ),
        Column("completed_on", "Completed on", "The day of the meeting (or the response) that completed it.", "date"),
        Column(
            "outcome",
            "Outcome",
            "What it achieved, as the clerk recorded it once it was completed.",
            enum=tuple(label for _, label in Outcome.choices),
        ),
        Column("outcome_reason", "Why", "The reason given with the outcome."),
    ),
    parents=(("review_reference", "reviews"),),
)

IMPACTS = Dataset(
    "impacts",
    "Impacts",
    "What changed because of each completed recommendation, as the clerk recorded it: a statement of a kind, with "
    "its evidence or a figure. Figures sharing a unit and a period can be added up.",
    (
        _reference("impact", "Impact"),
        _parent("recommendation", "Recommendation"),
        _parent("review", "Review"),
        Column("position", "Impact", "The impact's place among its recommendation's.", "integer", True, minimum=1),
        Column("kind", "Kind of impact", "What kind of change it was.", required=True, enum=tuple(ImpactKind.labels)),
        Column("statement", "What changed", "What changed, in a sentence or two.", required=True),
        Column("evidence_link", "Evidence", "A link to the decision, report or page that shows it."),
        Column("amount", "Figure", "The figure, where there is one.", "number"),
        Column("unit", "Unit", "What the figure counts ('£', 'days', 'residents')."),
        Column("period", "Period", "The period the figure covers ('a year', '2025/26')."),
    ),
    parents=(("recommendation_reference", "recommendations"), ("review_reference", "reviews")),
)

# A scale may print its grades' codes alone ("1"): the name beside it says
# what the code stood for, whichever way the papers printed it.
_LABEL = "The grade's name on the council's scale when it was given, also where the papers printed its code alone."

ACTIONS = Dataset(
    "actions",
    "Actions",
    "The action records of the agreed action plans, with the latest grade a published progress update gave each.",
    (
        _reference("action", "Action"),
        _parent("recommendation", "Recommendation"),
        _parent("review", "Review"),
        Column(
            "human_reference",
            "Reference",
            "The reference the papers print: the recommendation's number, the lettered part and the strand "
            "('1 a) Frontline staff').",
            required=True,
        ),
        Column("lettered_part", "Lettered part", "The lettered sub-action's letter ('a'), if any."),
        Column("lettered_part_text", "Lettered part text", "The lettered sub-action's words, if any."),
        Column("strand", "Strand", "The heading of the parallel strand, if any."),
        Column("responsibility", "Responsibility", "Who is responsible now: people or groups, separated by '; '."),
        Column("date", "Date", "The target, as the plan words it ('October 2019').", required=True),
        Column("target_month", "Target month", "The target month as its first day, where it is a month.", "date"),
        Column("agreed_action", "Agreed Action", "The agreed action.", required=True),
        Column("success_measure", "Agreed Success Measure", "The agreed success measure."),
        Column(
            "latest_grade",
            "Latest Assessment of Progress",
            "What the latest grade means: the grade of the latest published round that gave the action one, as "
            f"given (a round that received no update for it is passed over): {_MEANINGS}; empty for a grade that "
            "grades nothing (such as Not started), whose words the next columns give.",
            "integer",
            minimum=1,
            maximum=4,
        ),
        Column("latest_grade_words", "Latest grade as printed", "The latest grade as the council's papers printed it."),
        Column("latest_grade_label", "Latest grade's name", _LABEL),
        _parent("round", "Round of the latest grade", required=False),
        Column("latest_grade_round", "Round of the latest grade", "The progress update that gave the latest grade."),
    ),
    parents=(
        ("recommendation_reference", "recommendations"),
        ("review_reference", "reviews"),
    ),
)

UPDATES = Dataset(
    "updates",
    "Progress updates",
    "Every action's entry in each published monitoring round: the officers' approved update, or 'No update received'.",
    (
        _reference("update", "Update"),
        _parent("action", "Action"),
        _parent("recommendation", "Recommendation"),
        _parent("review", "Review"),
        _parent("round", "Round"),
        Column("human_reference", "Reference", "The action's reference, as the papers print it.", required=True),
        Column("round", "Round", "The progress update the entry belongs to ('September 2020').", required=True),
        Column("round_month", "Round month", "The month of the progress update, as its first day.", "date", True),
        Column(
            "status",
            "Status",
            f"'{RECEIVED}', or '{NO_UPDATE_RECEIVED}' when the committee received no update for the action (the "
            "update columns are then empty).",
            required=True,
            enum=(RECEIVED, NO_UPDATE_RECEIVED),
        ),
        Column("responsibility", "Responsibility", "Who was responsible in this round, separated by '; '."),
        Column("evidence_of_progress", "Evidence of Progress", "The evidence of progress."),
        Column(
            "grade",
            "Assessment of Progress",
            f"What the grade means: {_MEANINGS}; empty for a grade that grades nothing (such as Not started). The "
            "grade is the one the round's standing stored when it was published.",
            "integer",
            minimum=1,
            maximum=4,
        ),
        Column("grade_words", "Grade as printed", "The grade as the council's papers printed it."),
        Column("grade_label", "Grade's name", _LABEL),
        Column("grade_explanation", "Explanation", "The explanation of the grade, where one is given."),
        Column("evidence_of_impact", "Evidence of Impact", "The evidence of impact."),
    ),
    parents=(
        ("action_reference", "actions"),
        ("recommendation_reference", "recommendations"),
        ("review_reference", "reviews"),
    ),
)

DATASETS = {dataset.name: dataset for dataset in (REVIEWS, RECOMMENDATIONS, ACTIONS, UPDATES, IMPACTS)}
