"""The open data's page and files (builder.py gathers, files.py writes
them): public, like the public pages, and only while SCRUTINY_PUBLIC_PAGES is
on."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import conditional_page

from reports.open_data.builder import build_open_data, last_published_label
from reports.open_data.datasets import DATASETS, LICENCE_NAME, LICENCE_URL, NAMES_SEPARATOR, Dataset
from reports.open_data.files import csv_metadata, data_package, json_schema, render_csv, render_json, table_schema
from reports.public.guard import public_data

# The files are the same for everyone: caches and browsers may keep them a
# few minutes (a published round shows within five), and ask again with the
# ETag after.
CACHE_CONTROL = "public, max-age=300"


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404("No such dataset.") from None


@public_data
def open_data_page(request):
    data = build_open_data()
    datasets = [
        {"dataset": table.dataset, "count": len(table.rows), **_links(table.dataset.name)}
        for table in data.tables.values()
    ]
    return render(
        request,
        "reports/open_data.html",
        {
            "datasets": datasets,
            "last_published": last_published_label(data),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "names_separator": NAMES_SEPARATOR.strip(),
        },
    )


def _links(name: str) -> dict:
    kinds = ("csv", "json", "json_schema", "csv_metadata", "table_schema")
    return {kind: reverse(f"open_data_{kind}", args=[name]) for kind in kinds}


def _file(body: bytes, content_type: str, *, filename: str = "", described_by: str = "") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if described_by:
        # Where CSVW processors and JSON Schema tools look for the description.
        response["Link"] = f'<{described_by}>; rel="describedby"'
    response["Cache-Control"] = CACHE_CONTROL
    # Anyone's web page or notebook may fetch the open data.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# conditional_page: an ETag from the body, and 304 Not Modified to a client
# that already has it (Django's ConditionalGetMiddleware, on these views).
@public_data
@conditional_page
def dataset_csv(request, dataset):
    name = _dataset(dataset).name
    return _file(
        render_csv(build_open_data(), name),
        "text/csv; charset=utf-8; header=present",
        filename=f"{name}.csv",
        described_by=reverse("open_data_csv_metadata", args=[name]),
    )


@public_data
@conditional_page
def dataset_json(request, dataset):
    name = _dataset(dataset).name
    return _file(
        render_json(build_open_data(), name),
        "application/json",
        filename=f"{name}.json",
        described_by=reverse("open_data_json_schema", args=[name]),
    )


@public_data
@conditional_page
def dataset_json_schema(request, dataset):
    name = _dataset(dataset).name
    url = request.build_absolute_uri(reverse("open_data_json_schema", args=[name]))
    return _file(_json(json_schema(name, schema_url=url)), "application/schema+json")


@public_data
@conditional_page
def dataset_csv_metadata(request, dataset):
    name = _dataset(dataset).name
    return _file(_json(csv_metadata(name)), "application/csvm+json")


@public_data
@conditional_page
def dataset_table_schema(request, dataset):
    return _file(_json(table_schema(_dataset(dataset).name)), "application/json")


@public_data
@conditional_page
def datapackage(request):
    """The Frictionless Data Package of every CSV file, with their Table Schemas."""
    return _file(_json(data_package()), "application/json")
