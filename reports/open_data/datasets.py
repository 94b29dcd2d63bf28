"""The open data: the published, non-exempt record as CSV and JSON.

One description of the columns (DATASETS) says what each file holds; from it
come the rows' order and names, the JSON Schema beside the JSON and the CSV on
the Web table description beside the CSV, so the files and their schemas
cannot drift apart. `build_open_data()` gathers every dataset with a fixed
number of queries, only through the `.public()` QuerySets (what is public is
decided there, once); the renderers below it never touch the database.

Each row carries its stable reference (`stable_reference`: "action-301"),
which never changes however the plan is renumbered, and its parents'.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils import timezone

from actionplans.grading import NO_UPDATE_RECEIVED, Grade, Response
from actionplans.models import (
    Action,
    EntryResponsibility,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    ReviewLinkOfficer,
    Round,
    document_order,
    published_targets,
    stable_reference,
)
from actionplans.models.plan import response_of

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
RECEIVED = "Received"
# Names of people and groups, joined in one cell in the order the papers give them.
NAMES_SEPARATOR = "; "
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# The description ----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a CSV file, one key of each JSON record."""

    name: str  # the CSV header and the JSON key: lower case, underscores
    title: str  # in the councils' words
    description: str
    datatype: str = "string"  # "string", "integer" or "date" (YYYY-MM-DD)
    required: bool = False  # never empty (null in the JSON) when True
    pattern: str = ""  # a regular expression the whole value matches
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self):
        assert self.datatype in DATATYPES, self.datatype


DATATYPES = {"string", "integer", "date"}


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


_GRADES = tuple(str(grade.value) for grade in Grade)
_GRADE_WORDS = tuple(grade.label for grade in Grade)


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
        Column("committee", "Select Committee", "The Select Committee that ran the review.", required=True),
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
            "The month the Select Committee agreed the action plan, as its first day (empty while the plan is being "
            "set up).",
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
    ),
    parents=(("review_reference", "reviews"),),
)

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
            "The grade of the latest published update with a grade: 1 Fully Achieved, 2 On-Track, 3 Slipped, "
            "4 Not Achieved.",
            "integer",
            minimum=1,
            maximum=4,
        ),
        Column("latest_grade_words", "Latest grade's meaning", "What the latest grade means.", enum=_GRADE_WORDS),
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
            "The grade: 1 Fully Achieved, 2 On-Track, 3 Slipped, 4 Not Achieved.",
            "integer",
            minimum=1,
            maximum=4,
        ),
        Column("grade_words", "Grade's meaning", "What the grade means.", enum=_GRADE_WORDS),
        Column("grade_explanation", "Explanation", "The explanation of the grade, where one is given."),
        Column("evidence_of_impact", "Evidence of Impact", "The evidence of impact."),
    ),
    parents=(
        ("action_reference", "actions"),
        ("recommendation_reference", "recommendations"),
        ("review_reference", "reviews"),
    ),
)

DATASETS = {dataset.name: dataset for dataset in (REVIEWS, RECOMMENDATIONS, ACTIONS, UPDATES)}


# The builder ---------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    dataset: Dataset
    rows: tuple[dict, ...]  # each keyed by the dataset's column names, in order


@dataclass(frozen=True)
class OpenData:
    tables: dict[str, Table]
    # When a public round or the executive's responses were last published.
    last_published: datetime.datetime | None

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]


def _row(dataset: Dataset, **values) -> dict:
    """The values in the dataset's column order, an empty text as None."""
    assert set(values) == set(dataset.column_names), set(values) ^ set(dataset.column_names)
    return {name: (None if values[name] == "" else values[name]) for name in dataset.column_names}


def _names(links) -> str:
    return NAMES_SEPARATOR.join(link.owner.name for link in sorted(links, key=lambda link: (link.position, link.pk)))


def build_open_data() -> OpenData:
    """Every dataset of the open data, in eight queries whatever the size of
    the record: only what the `.public()` QuerySets give."""
    reviews = list(
        Review.objects.public()
        .select_related("committee")
        .prefetch_related(Prefetch("link_officer_places", ReviewLinkOfficer.objects.select_related("owner")))
        .order_by("title", "pk")
    )
    recommendations = list(
        Recommendation.objects.public()
        .select_related("review", "executive_response")
        .order_by("review__title", "review", "number")
    )
    actions = list(
        Action.objects.public()
        .select_related("recommendation__review", "sub_action")
        .prefetch_related(Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        .order_by("recommendation__review__title", "recommendation__review", *document_order())
    )
    # Every entry of a public round for a public action, except exempt ones
    # (left out altogether); those the public rule does not give read "No
    # update received", without their words.
    entries = list(
        ProgressEntry.objects.filter(
            round__in=Round.objects.public(), action__in=Action.objects.public(), exempt_paragraph__isnull=True
        )
        .annotate(is_public=Exists(ProgressEntry.objects.public().filter(pk=OuterRef("pk"))))
        .select_related("round__review", "action__recommendation", "action__sub_action")
        .prefetch_related(Prefetch("responsibilities", EntryResponsibility.objects.select_related("owner")))
        .order_by("round__review__title", "round__review", "round__period", *document_order("action__"))
    )
    rounds_published = Round.history.filter(
        id__in=Round.objects.public().values("pk"), status=Round.Status.PUBLISHED
    ).aggregate(latest=Max("history_date"))["latest"]

    moments = [rounds_published] + [review.responses_published_at for review in reviews]
    targets = published_targets(actions)
    latest_grades = {}
    for entry in entries:  # in round order: the last one wins
        if entry.is_public and entry.grade:
            latest_grades[entry.action_id] = entry
    return OpenData(
        tables={
            "reviews": Table(REVIEWS, tuple(_review_row(review) for review in reviews)),
            "recommendations": Table(RECOMMENDATIONS, tuple(_recommendation_row(rec) for rec in recommendations)),
            "actions": Table(
                ACTIONS,
                tuple(_action_row(action, latest_grades.get(action.pk), targets[action.pk]) for action in actions),
            ),
            "updates": Table(UPDATES, tuple(_update_row(entry) for entry in entries)),
        },
        last_published=max((moment for moment in moments if moment), default=None),
    )


def _review_row(review: Review) -> dict:
    published = review.responses_published_at
    # A plan still being set up is public for its published responses only:
    # its link officers and agreed month are the clerks' draft.
    draft = review.is_being_set_up
    return _row(
        REVIEWS,
        reference=stable_reference(review),
        title=review.title,
        committee=review.committee.name,
        status=review.get_status_display(),
        action_plan_agreed=None if draft else review.action_plan_agreed,
        link_officers=None if draft else _names(review.link_officer_places.all()),
        executive=review.decision_maker if published else None,
        responses_published=timezone.localdate(published) if published else None,
    )


def _recommendation_row(rec: Recommendation) -> dict:
    # The executive's response is public once published; the recommendation
    # itself is not exempt (Recommendation.objects.public).
    answer = response_of(rec) if rec.review.responses_published else None
    return _row(
        RECOMMENDATIONS,
        reference=stable_reference(rec),
        review_reference=stable_reference(rec.review),
        number=rec.number,
        text=rec.text,
        executive_response=answer.get_response_display() if answer else None,
        response_date=answer.responded_on if answer else None,
        response_reasons=answer.reasons if answer else None,
        accepted_part=answer.accepted_part if answer else None,
    )


def _action_row(action: Action, latest: ProgressEntry | None, target: tuple) -> dict:
    # The target as published (published_targets): not a new date accepted
    # in a round the committee has not yet received.
    words, month = target
    return _row(
        ACTIONS,
        reference=stable_reference(action),
        recommendation_reference=stable_reference(action.recommendation),
        review_reference=stable_reference(action.recommendation.review),
        human_reference=action.reference,
        lettered_part=action.sub_action.letter if action.sub_action_id else None,
        lettered_part_text=action.sub_action.text if action.sub_action_id else None,
        strand=action.strand,
        responsibility=_names(action.responsibilities.all()),
        date=words,
        target_month=month,
        agreed_action=action.agreed_action,
        success_measure=action.success_measure,
        latest_grade=latest.grade if latest else None,
        latest_grade_words=Grade(latest.grade).label if latest else None,
        round_reference=stable_reference(latest.round) if latest else None,
        latest_grade_round=latest.round.label if latest else None,
    )


def _update_row(entry: ProgressEntry) -> dict:
    received = entry.is_public
    action = entry.action
    return _row(
        UPDATES,
        reference=stable_reference(entry),
        action_reference=stable_reference(action),
        recommendation_reference=stable_reference(action.recommendation),
        review_reference=stable_reference(entry.round.review),
        round_reference=stable_reference(entry.round),
        human_reference=action.reference,
        round=entry.round.label,
        round_month=entry.round.period,
        status=RECEIVED if received else NO_UPDATE_RECEIVED,
        responsibility=_names(entry.responsibilities.all()),
        evidence_of_progress=entry.evidence_of_progress if received else None,
        grade=entry.grade if received else None,
        grade_words=Grade(entry.grade).label if received and entry.grade else None,
        grade_explanation=entry.grade_explanation if received else None,
        evidence_of_impact=entry.evidence_of_impact if received else None,
    )


# The renderers: no queries below here -------------------------------------------

LICENCE = {"name": LICENCE_NAME, "url": LICENCE_URL}


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def render_json(data: OpenData, name: str) -> bytes:
    """The dataset as one JSON object: what it is, its licence, when it was
    last published, and its records (null for an empty value)."""
    table = data[name]
    document = {
        "title": table.dataset.title,
        "description": table.dataset.description,
        "publisher": settings.SCRUTINY_COUNCIL_NAME,
        "licence": LICENCE,
        "last_published": data.last_published.isoformat() if data.last_published else None,
        "records": [{key: _json_value(value) for key, value in row.items()} for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# What a spreadsheet would read as a formula (OWASP's list): such a cell gets
# an apostrophe in front, which spreadsheets show as text. The JSON keeps the
# words exactly as written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.datatype != "string":
        return _json_value(value) if column.datatype == "date" else str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(data: OpenData, name: str) -> bytes:
    """The dataset as CSV (RFC 4180: comma-separated, CRLF line ends, quoted
    where needed) in UTF-8 with a byte order mark, so that Excel opens the
    councils' curly quotes and dashes as they are written; the header row
    is the column names."""
    table = data[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.dataset.column_names)
    for row in table.rows:
        writer.writerow(_csv_value(column, row[column.name]) for column in table.dataset.columns)
    return out.getvalue().encode("utf-8-sig")


def _json_type(column: Column) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": column.title, "description": column.description}
    kind = "integer" if column.datatype == "integer" else "string"
    schema["type"] = kind if column.required else [kind, "null"]
    if column.datatype == "date":
        schema["format"] = "date"
    if column.pattern:
        schema["pattern"] = column.pattern
    if column.enum:
        schema["enum"] = list(column.enum) + ([] if column.required else [None])
    if column.required and kind == "string":
        schema["minLength"] = 1
    if column.minimum is not None:
        schema["minimum"] = column.minimum
    if column.maximum is not None:
        schema["maximum"] = column.maximum
    return schema


def json_schema(name: str, *, schema_url: str = "") -> dict:
    """The JSON Schema (draft 2020-12) of the dataset's JSON file, from the
    same description of the columns as the CSV's table description."""
    dataset = DATASETS[name]
    schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": dataset.title,
        "description": dataset.description,
        "type": "object",
        "required": ["title", "description", "publisher", "licence", "last_published", "records"],
        "additionalProperties": False,
        "properties": {
            "title": {"const": dataset.title},
            "description": {"type": "string"},
            "publisher": {"type": "string", "minLength": 1},
            "licence": {
                "description": "The licence the data is published under.",
                "type": "object",
                "required": ["name", "url"],
                "additionalProperties": False,
                "properties": {"name": {"const": LICENCE_NAME}, "url": {"const": LICENCE_URL, "format": "uri"}},
            },
            "last_published": {
                "description": "When a monitoring round or the executive's responses were last published.",
                "type": ["string", "null"],
                "format": "date-time",
            },
            "records": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": dataset.column_names,
                    "additionalProperties": False,
                    "properties": {column.name: _json_type(column) for column in dataset.columns},
                },
            },
        },
    }
    if schema_url:
        schema = {"$id": schema_url, **schema}
    return schema


def _csvw_datatype(column: Column) -> str | dict:
    datatype: dict[str, Any] = {"base": column.datatype}
    if column.pattern:
        datatype["format"] = column.pattern
    elif column.enum:
        datatype["format"] = "^(?:" + "|".join(re.escape(value) for value in column.enum) + ")$"
    if column.minimum is not None:
        datatype["minimum"] = column.minimum
    if column.maximum is not None:
        datatype["maximum"] = column.maximum
    return datatype if len(datatype) > 1 else column.datatype


def csv_metadata(name: str) -> dict:
    """The CSV on the Web (W3C CSVW) table description of the dataset's CSV
    file, from the same description of the columns as the JSON Schema. Its
    `url` is relative: the file sits beside it ("reviews.csv-metadata.json"
    beside "reviews.csv", where CSVW looks first)."""
    dataset = DATASETS[name]
    metadata = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": f"{name}.csv",
        "dc:title": dataset.title,
        "dc:description": dataset.description,
        "dc:publisher": settings.SCRUTINY_COUNCIL_NAME,
        "dc:license": {"@id": LICENCE_URL},
        "dialect": {"encoding": "utf-8", "header": True, "delimiter": ",", "doubleQuote": True},
        "tableSchema": {
            "columns": [
                {
                    "name": column.name,
                    "titles": column.name,
                    "dc:title": column.title,
                    "dc:description": column.description,
                    "datatype": _csvw_datatype(column),
                    "required": column.required,
                }
                for column in dataset.columns
            ],
            "primaryKey": "reference",
            "foreignKeys": [
                {"columnReference": column, "reference": {"resource": f"{parent}.csv", "columnReference": "reference"}}
                for column, parent in dataset.parents
            ],
        },
    }
    return metadata


def last_published_label(data: OpenData) -> str:
    """'17 September 2020 at 14:05', or '' when nothing is published."""
    if data.last_published is None:
        return ""
    moment = timezone.localtime(data.last_published)
    return f"{moment:%-d %B %Y} at {moment:%H:%M}"
