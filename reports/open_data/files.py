"""The open data's files, written from what the builder gathered (no
queries here): each dataset as JSON and as CSV, and their JSON Schema and
CSV on the Web table description, both from the one description of the
columns (datasets.py)."""

import csv
import datetime
import decimal
import io
import json
import re
from typing import Any

from actionplans.models.council import council
from reports.open_data.builder import OpenData
from reports.open_data.datasets import DATASETS, JSON_SCHEMA_DIALECT, LICENCE_NAME, LICENCE_URL, Column

LICENCE = {"name": LICENCE_NAME, "url": LICENCE_URL}


def _json_value(value):
    if isinstance(value, decimal.Decimal):  # a figure: 42000, or 12.5
        return int(value) if value == value.to_integral_value() else float(value)
    return value.isoformat() if isinstance(value, datetime.date) else value


def render_json(data: OpenData, name: str) -> bytes:
    """The dataset as one JSON object: what it is, its licence, when it was
    last published, and its records (null for an empty value)."""
    table = data[name]
    document = {
        "title": table.dataset.title,
        "description": table.dataset.description,
        "publisher": data.publisher,
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
        return str(_json_value(value))
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
    kind = column.datatype if column.datatype in ("integer", "number") else "string"
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
        "dc:publisher": council().council_name,
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


def table_schema(name: str) -> dict:
    """The Frictionless Table Schema of the dataset's CSV file, from the
    same description of the columns as its JSON Schema and CSVW: an empty
    cell is a missing value."""
    dataset = DATASETS[name]
    return {
        "fields": [_table_field(column) for column in dataset.columns],
        "missingValues": [""],
        "primaryKey": ["reference"],
        "foreignKeys": [
            {"fields": [column], "reference": {"resource": parent, "fields": ["reference"]}}
            for column, parent in dataset.parents
        ],
    }


def _table_field(column: Column) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": True} if column.required else {}
    if column.pattern:
        constraints["pattern"] = column.pattern.removeprefix("^").removesuffix("$")
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    field = {"name": column.name, "title": column.title, "description": column.description, "type": column.datatype}
    return {**field, "constraints": constraints} if constraints else field


def data_package() -> dict:
    """The Frictionless Data Package describing every dataset's CSV file,
    each with its Table Schema beside it, under the licence."""
    return {
        "profile": "tabular-data-package",
        "name": "scrutiny-monitoring",
        "title": f"Scrutiny monitoring: {council().council_name}",
        "licenses": [{"name": "OGL-UK-3.0", "path": LICENCE_URL, "title": LICENCE_NAME}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": name,
                "title": dataset.title,
                "description": dataset.description,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": f"{name}.table-schema.json",
            }
            for name, dataset in DATASETS.items()
        ],
    }
