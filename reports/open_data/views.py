"""The open data's page and files (reports/open_data/datasets.py builds and renders
them): public, like the public pages, and only while SCRUTINY_PUBLIC_PAGES is
on."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import conditional_page, require_safe

from reports.open_data import datasets as open_data
from reports.public.views import ensure_public_pages_on

# The files are the same for everyone: caches and browsers may keep them a
# few minutes (a published round shows within five), and ask again with the
# ETag after.
CACHE_CONTROL = "public, max-age=300"


def _dataset(name: str) -> open_data.Dataset:
    try:
        return open_data.DATASETS[name]
    except KeyError:
        raise Http404("No such dataset.") from None


@require_safe
def open_data_page(request):
    ensure_public_pages_on()
    data = open_data.build_open_data()
    datasets = [
        {"dataset": table.dataset, "count": len(table.rows), **_links(table.dataset.name)}
        for table in data.tables.values()
    ]
    return render(
        request,
        "reports/open_data.html",
        {
            "datasets": datasets,
            "last_published": open_data.last_published_label(data),
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
            "names_separator": open_data.NAMES_SEPARATOR.strip(),
        },
    )


def _links(name: str) -> dict:
    return {kind: reverse(f"open_data_{kind}", args=[name]) for kind in ("csv", "json", "json_schema", "csv_metadata")}


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
@require_safe
@conditional_page
def dataset_csv(request, dataset):
    ensure_public_pages_on()
    name = _dataset(dataset).name
    return _file(
        open_data.render_csv(open_data.build_open_data(), name),
        "text/csv; charset=utf-8; header=present",
        filename=f"{name}.csv",
        described_by=reverse("open_data_csv_metadata", args=[name]),
    )


@require_safe
@conditional_page
def dataset_json(request, dataset):
    ensure_public_pages_on()
    name = _dataset(dataset).name
    return _file(
        open_data.render_json(open_data.build_open_data(), name),
        "application/json",
        filename=f"{name}.json",
        described_by=reverse("open_data_json_schema", args=[name]),
    )


@require_safe
@conditional_page
def dataset_json_schema(request, dataset):
    ensure_public_pages_on()
    name = _dataset(dataset).name
    url = request.build_absolute_uri(reverse("open_data_json_schema", args=[name]))
    return _file(_json(open_data.json_schema(name, schema_url=url)), "application/schema+json")


@require_safe
@conditional_page
def dataset_csv_metadata(request, dataset):
    ensure_public_pages_on()
    name = _dataset(dataset).name
    return _file(_json(open_data.csv_metadata(name)), "application/csvm+json")
