"""The open data (reports/open_data/): the published, non-exempt record of
the demo council as CSV and JSON, each valid against the schema served
beside it, and nothing else."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator

from actionplans.models import Action, ExemptParagraph, ProgressEntry, Review
from reports.open_data.datasets import DATASETS, LICENCE_NAME, LICENCE_URL
from tests.factories import (
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
    standing_written_once,
)

pytestmark = pytest.mark.django_db

ONLINE_PORTAL = "redesigned our hate crime reporting system to include an online portal"


@pytest.fixture(autouse=True)
def public_pages_on(settings):
    settings.SCRUTINY_PUBLIC_PAGES = True


def get(kind: str, name: str, **headers):
    response = Client().get(reverse(f"open_data_{kind}", args=[name]), **headers)
    assert response.status_code == 200, (kind, name, response.status_code)
    return response


def records(name: str) -> list[dict]:
    return json.loads(get("json", name).content)["records"]


def csv_rows(name: str) -> list[dict]:
    text = get("csv", name).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def every_file() -> str:
    """Every open data file and the page, as one text to search."""
    parts = [Client().get(reverse("open_data")).content.decode()]
    for name in DATASETS:
        for kind in ("csv", "json", "json_schema", "csv_metadata"):
            parts.append(get(kind, name).content.decode("utf-8-sig"))
    return "\n".join(parts)


# A small checker of a CSV against its CSV on the Web table description: the
# parts of the W3C recommendation our descriptions use.

_LEXICAL = {"integer": re.compile(r"^[+-]?[0-9]+$"), "date": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")}


def csvw_problems(body: bytes, metadata: dict) -> list[str]:
    """What in the CSV `body` breaks its table description `metadata`:
    header names and order, required cells, datatypes (integer, date, a
    string's format), bounds, and the primary key. [] when none."""
    problems = []
    text = body.decode(metadata["dialect"]["encoding"])
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=metadata["dialect"]["delimiter"]))
    columns = metadata["tableSchema"]["columns"]
    if rows[0] != [column["titles"] for column in columns]:
        problems.append(f"header {rows[0]}")
    keys = set()
    key_column = [column["name"] for column in columns].index(metadata["tableSchema"]["primaryKey"])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            problems.append(f"row {number} has {len(row)} cells")
            continue
        if row[key_column] in keys:
            problems.append(f"row {number} repeats the key {row[key_column]}")
        keys.add(row[key_column])
        for cell, column in zip(row, columns, strict=True):
            where = f"row {number} {column['name']}"
            if cell == "":
                if column["required"]:
                    problems.append(f"{where} is empty")
                continue
            datatype = column["datatype"]
            if isinstance(datatype, str):
                datatype = {"base": datatype}
            base = datatype["base"]
            if base in _LEXICAL and not _LEXICAL[base].match(cell):
                problems.append(f"{where}: {cell!r} is not an {base}")
                continue
            if base == "date":
                try:
                    datetime.date.fromisoformat(cell)
                except ValueError:
                    problems.append(f"{where}: {cell!r} is no date")
            if "format" in datatype and not re.search(datatype["format"], cell):
                problems.append(f"{where}: {cell!r} does not match {datatype['format']}")
            if "minimum" in datatype and int(cell) < datatype["minimum"]:
                problems.append(f"{where}: {cell} below {datatype['minimum']}")
            if "maximum" in datatype and int(cell) > datatype["maximum"]:
                problems.append(f"{where}: {cell} above {datatype['maximum']}")
    return problems


def test_the_checker_finds_what_breaks_a_table_description(demo):
    metadata = json.loads(get("csv_metadata", "actions").content)
    body = get("csv", "actions").content
    assert csvw_problems(body, metadata) == []
    lines = body.decode("utf-8-sig").split("\r\n")
    # An empty required reference, a grade of 5, two columns swapped.
    broken = [lines[0], "," + lines[1].split(",", 1)[1], lines[2]]
    assert any("reference is empty" in problem for problem in csvw_problems("\r\n".join(broken).encode(), metadata))
    graded = records("actions")[0]
    assert graded["latest_grade"] == 1
    row = next(csv.reader([lines[1]]))
    row[lines[0].split(",").index("latest_grade")] = "5"
    written = io.StringIO()
    csv.writer(written, lineterminator="").writerow(row)
    five = written.getvalue()
    assert any("above 4" in problem for problem in csvw_problems("\r\n".join([lines[0], five]).encode(), metadata))
    header = lines[0].split(",")
    header[0], header[1] = header[1], header[0]
    assert csvw_problems("\r\n".join([",".join(header), lines[1]]).encode(), metadata)


# The files validate against their own schemas.


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_json_file_validates_against_its_own_json_schema(name, demo):
    schema = json.loads(get("json_schema", name).content)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    document = json.loads(get("json", name).content)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(document)] == []
    assert document["records"], name
    # The schema can fail: a record missing its reference does.
    document["records"][0]["reference"] = None
    assert not validator.is_valid(document)


@pytest.mark.parametrize("name", list(DATASETS))
def test_each_csv_file_matches_its_table_description(name, demo):
    metadata = json.loads(get("csv_metadata", name).content)
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    assert metadata["url"] == f"{name}.csv"
    body = get("csv", name).content
    assert csvw_problems(body, metadata) == []
    assert len(csv_rows(name)) == len(records(name))


def test_the_csv_and_the_json_hold_the_same_records(demo):
    for name in DATASETS:
        as_json = [{key: "" if value is None else str(value) for key, value in row.items()} for row in records(name)]
        assert [row["reference"] for row in csv_rows(name)] == [row["reference"] for row in as_json]
        for from_csv, from_json in zip(csv_rows(name), as_json, strict=True):
            assert {key: value.removeprefix("'") for key, value in from_csv.items()} == {
                key: value for key, value in from_json.items()
            }


def test_every_reference_to_a_parent_names_a_row_of_its_dataset(demo):
    references = {name: {row["reference"] for row in records(name)} for name in DATASETS}
    for name in DATASETS:
        metadata = json.loads(get("csv_metadata", name).content)
        for key in metadata["tableSchema"]["foreignKeys"]:
            parent = key["reference"]["resource"].removesuffix(".csv")
            for row in records(name):
                assert row[key["columnReference"]] in references[parent], (name, row["reference"])


def test_each_file_names_the_open_government_licence(demo):
    for name in DATASETS:
        assert json.loads(get("json", name).content)["licence"] == {"name": LICENCE_NAME, "url": LICENCE_URL}
        assert json.loads(get("csv_metadata", name).content)["dc:license"] == {"@id": LICENCE_URL}
    page = Client().get(reverse("open_data")).content.decode()
    assert "Open Government Licence v3.0" in page and LICENCE_URL in page


def test_the_json_schema_and_the_table_description_come_from_one_description_of_the_columns(demo):
    for name, dataset in DATASETS.items():
        schema = json.loads(get("json_schema", name).content)
        metadata = json.loads(get("csv_metadata", name).content)
        properties = schema["properties"]["records"]["items"]["properties"]
        assert list(properties) == [column["name"] for column in metadata["tableSchema"]["columns"]]
        assert list(properties) == dataset.column_names
        for column in metadata["tableSchema"]["columns"]:
            nullable = isinstance(properties[column["name"]]["type"], list)
            assert nullable != column["required"], (name, column["name"])


# What the files hold: the demo council's published, non-exempt record.


def test_the_demo_councils_review_recommendations_and_actions_are_published(demo):
    (review,) = records("reviews")
    assert review["title"] == "Hate Crime" and review["reference"] == f"review-{demo.pk}"
    assert review["committee"] == demo.committee.name and review["link_officers"] == "Marc Stephenson"
    assert review["action_plan_agreed"] == "2019-03-01"
    recommendations = records("recommendations")
    assert [rec["number"] for rec in recommendations] == [1, 2, 3, 4]
    assert {rec["executive_response"] for rec in recommendations} == {"Accepted"}
    actions = {row["human_reference"]: row for row in records("actions")}
    assert len(actions) == Action.objects.filter(recommendation__review=demo).count() == 16
    online_form = next(row for ref, row in actions.items() if ref.startswith("1 b) The development of an on-line"))
    assert online_form["responsibility"] == "Errol Parks"
    assert (online_form["latest_grade"], online_form["latest_grade_words"]) == (1, "1 (Fully Achieved)")
    assert online_form["latest_grade_round"] == "September 2020"
    advocates = actions["1 c)"]
    assert (advocates["latest_grade"], advocates["latest_grade_round"]) == (3, "March 2020")
    # The March 2020 paper printed its grades' codes alone (seed 001): the
    # name beside the code says what "3" stood for.
    assert (advocates["latest_grade_words"], advocates["latest_grade_label"]) == ("3", "Slipped")


def test_the_september_2020_round_has_exactly_its_three_updates(demo):
    september = [row for row in records("updates") if row["round"] == "September 2020"]
    assert [(row["human_reference"][:4], row["grade"], row["status"]) for row in september] == [
        ("1 a)", 1, "Received"),
        ("1 b)", 1, "Received"),
        ("1 f)", 1, "Received"),
    ]
    online_form = september[1]
    assert ONLINE_PORTAL in online_form["evidence_of_progress"]
    assert online_form["evidence_of_impact"].startswith("Unknown at this stage")
    assert online_form["round_month"] == "2020-09-01"
    entry = ProgressEntry.objects.get(action__strand__startswith="The development", round__period="2020-09-01")
    assert online_form["reference"] == f"update-{entry.pk}"
    assert online_form["round_reference"] == f"round-{entry.round_id}"
    assert len([row for row in records("updates") if row["round"] == "March 2020"]) == 16


def test_nothing_of_an_open_round_is_published(demo_march_2021, clerk, officer_owner, officer):
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.reassign([officer_owner], by=clerk)
    entry = demo_march_2021.entries.get(action=schools)
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Open round words.", grade=1)
    entry.refresh_from_db()
    entry.approve(by=clerk, version=entry.version)  # approved, but the round is still open
    assert entry.status == ProgressEntry.Status.APPROVED
    text = every_file()
    assert "Open round words" not in text and "March 2021" not in text
    assert f"round-{demo_march_2021.pk}" not in text
    assert {row["round"] for row in records("updates")} == {"March 2020", "September 2020"}


def test_an_unapproved_update_of_a_published_round_reads_no_update_received(demo, clerk):
    entry = ProgressEntry.objects.get(action__strand__startswith="The development", round__period="2020-09-01")
    ProgressEntry.objects.filter(pk=entry.pk).update(status=ProgressEntry.Status.SUBMITTED)
    entry.round.write_standing(by=None)  # as publication wrote it, the update not approved then
    (row,) = [row for row in records("updates") if row["reference"] == f"update-{entry.pk}"]
    assert row["status"] == "No update received"
    assert row["evidence_of_progress"] is row["grade"] is row["evidence_of_impact"] is None
    assert ONLINE_PORTAL not in every_file()
    online_form = next(row for row in records("actions") if row["reference"] == f"action-{entry.action_id}")
    assert online_form["latest_grade_round"] == "March 2020" and online_form["latest_grade"] == 4


def test_a_plan_being_set_up_is_not_published(demo, clerk):
    draft = Review.objects.set_up(
        committee=demo.committee,
        title="Domestic Abuse",
        action_plan_agreed=datetime.date(2021, 1, 1),
        link_officers=[],
        by=clerk,
    )
    rec = make_recommendation(draft, text="That the council fund refuges (a draft).")
    make_action(rec, agreed_action="Draft action words.")
    text = every_file()
    assert "Domestic Abuse" not in text and "refuges" not in text and "Draft action words" not in text
    assert f"review-{draft.pk}" not in text


@pytest.mark.parametrize("what", ["action", "recommendation"])
def test_exempt_information_leaves_every_file(what, demo, clerk):
    action = Action.objects.get(strand__startswith="The development")
    entries = [f"update-{pk}" for pk in action.entries.values_list("pk", flat=True)]
    assert ONLINE_PORTAL in every_file()
    exempt = action if what == "action" else action.recommendation
    exempt.mark_exempt(ExemptParagraph.CRIME, by=clerk)
    text = every_file()
    assert ONLINE_PORTAL not in text and action.agreed_action not in text
    assert f'"action-{action.pk}"' not in text and f"action-{action.pk}," not in text
    assert not any(reference in text for reference in entries)
    if what == "recommendation":
        assert action.recommendation.text not in text
        assert [rec["number"] for rec in records("recommendations")] == [2, 3, 4]
        assert records("actions")[0]["human_reference"] == "2"
    else:
        assert len(records("actions")) == 15
    # Public again: back in every file.
    exempt.mark_exempt(None, by=clerk)
    assert ONLINE_PORTAL in every_file()


def test_an_exempt_update_leaves_the_files_and_its_action_keeps_its_earlier_grade(demo, clerk):
    entry = ProgressEntry.objects.get(action__strand__startswith="The development", round__period="2020-09-01")
    entry.mark_exempt(ExemptParagraph.INDIVIDUAL, by=clerk)
    text = every_file()
    assert ONLINE_PORTAL not in text and f"update-{entry.pk}" not in text
    online_form = next(row for row in records("actions") if row["reference"] == f"action-{entry.action_id}")
    assert (online_form["latest_grade"], online_form["latest_grade_round"]) == (4, "March 2020")


def test_executive_responses_wait_until_they_are_published(demo):
    Review.objects.filter(pk=demo.pk).update(responses_published_at=None)
    recommendations = records("recommendations")
    assert {rec["executive_response"] for rec in recommendations} == {None}
    assert {rec["response_date"] for rec in recommendations} == {None}
    assert records("reviews")[0]["executive"] is None


# The page and the files' headers.


def test_the_page_lists_each_dataset_with_its_files_and_when_it_was_last_published(demo):
    page = Client().get(reverse("open_data"))
    assert page.status_code == 200
    text = page.content.decode()
    for name in DATASETS:
        for kind in ("csv", "json", "json_schema", "csv_metadata"):
            assert f'href="{reverse(f"open_data_{kind}", args=[name])}"' in text
    assert "Last published:" in text and "16 records" in text


def test_the_files_are_downloads_of_the_right_type_that_caches_may_keep(demo):
    csv_file = get("csv", "updates")
    assert csv_file["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert csv_file["Content-Disposition"] == 'attachment; filename="updates.csv"'
    assert csv_file.content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark, for Excel
    assert csv_file["Link"] == f'<{reverse("open_data_csv_metadata", args=["updates"])}>; rel="describedby"'
    assert csv_file["Cache-Control"] == "public, max-age=300" and csv_file["Access-Control-Allow-Origin"] == "*"
    json_file = get("json", "updates")
    assert json_file["Content-Type"] == "application/json"
    assert json_file["Content-Disposition"] == 'attachment; filename="updates.json"'
    assert get("json_schema", "updates")["Content-Type"] == "application/schema+json"
    assert get("csv_metadata", "updates")["Content-Type"] == "application/csvm+json"
    # Asked again with its ETag: not modified.
    again = Client().get(reverse("open_data_json", args=["updates"]), HTTP_IF_NONE_MATCH=json_file["ETag"])
    assert again.status_code == 304


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text_in_the_csv(demo, clerk):
    action = Action.objects.get(recommendation__number=4)
    Action.objects.filter(pk=action.pk).update(agreed_action='=HYPERLINK("http://example.com")')
    (row,) = [row for row in csv_rows("actions") if row["reference"] == f"action-{action.pk}"]
    assert row["agreed_action"] == '\'=HYPERLINK("http://example.com")'
    (record,) = [row for row in records("actions") if row["reference"] == f"action-{action.pk}"]
    assert record["agreed_action"] == '=HYPERLINK("http://example.com")'


def test_the_open_data_is_not_found_while_the_public_pages_are_off(demo, settings, clerk):
    settings.SCRUTINY_PUBLIC_PAGES = False
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("open_data")).status_code == 404
    for kind in ("csv", "json", "json_schema", "csv_metadata"):
        url = reverse(f"open_data_{kind}", args=["updates"])
        assert client.get(url).status_code == client.post(url).status_code == 404


def test_an_unknown_dataset_is_not_found():
    assert Client().get(reverse("open_data_csv", args=["people"])).status_code == 404
    assert Client().get("/open-data/updates.xml").status_code == 404


# Queries: the same for 500 actions as for 5.


def council_with(actions: int):
    review = make_review(committee=make_committee())
    owner = make_owner()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    make_round(review, 2021, 3, status="open")
    with standing_written_once():
        for n in range(actions):
            rec = make_recommendation(review)
            action = make_action(rec, owners=[owner], sub_action=make_sub_action(rec) if n % 2 else None)
            make_entry(action, march, grade=1 + n % 4, owners=[owner])
            if n % 4:
                make_entry(action, september, grade=1 + (n + 1) % 4, status="submitted" if n % 3 else "approved")
    return review


def test_the_files_and_the_page_take_as_many_queries_for_500_actions_as_for_5():
    urls = [reverse("open_data")] + [reverse(f"open_data_{kind}", args=["updates"]) for kind in ("csv", "json")]

    def queries():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert Client().get(url).status_code == 200
            counts.append(len(captured))
        return counts

    council_with(5)
    few = queries()
    council_with(495)
    assert queries() == few
    published = ProgressEntry.objects.filter(round__status="published")
    assert len(records("updates")) == published.count() > 500
    assert len(records("actions")) == 500


def test_the_open_data_is_read_only():
    for url in [reverse("open_data"), reverse("open_data_json", args=["reviews"])]:
        assert Client().post(url).status_code == 405


def test_the_data_package_and_its_table_schemas_are_frictionless_valid(demo, tmp_path):
    """Every CSV file, with its Table Schema, as the data package lists them:
    valid to Frictionless's own validator, foreign keys and all."""
    from frictionless import Package, system

    package = json.loads(Client().get(reverse("open_data_package")).content)
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    for resource in package["resources"]:
        name = resource["name"]
        (tmp_path / f"{name}.csv").write_bytes(get("csv", name).content)
        (tmp_path / f"{name}.table-schema.json").write_bytes(get("table_schema", name).content)
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {resource["name"] for resource in package["resources"]} == set(DATASETS)


def test_the_recommendations_say_their_status_and_outcome_and_the_impacts_are_listed(demo, clerk):
    """Issue 74, item 5: the demo's recommendation 1 open and a priority, 2
    to 4 completed and implemented, their impacts a dataset of their own;
    an exempt recommendation's impacts leave it with the recommendation."""
    rows = {row["number"]: row for row in records("recommendations")}
    assert rows[1]["status"] == "Open" and rows[1]["priority"] == "Priority" and rows[1]["months"] > 36
    assert rows[2]["status"] == "Completed" and rows[2]["outcome"] == "Implemented"
    assert rows[2]["completed_on"] == "2020-03-12" and rows[2]["priority"] is None
    impacts = records("impacts")
    kinds = [impact["kind"] for impact in impacts]
    assert kinds == ["Service to residents", "Partnership working", "Policy or strategy"]
    assert impacts[0]["amount"] == 3 and impacts[0]["unit"] == "sessions"
    assert impacts[0]["recommendation_reference"] == rows[2]["reference"]
    Review.objects.get().recommendations.get(number=2).mark_exempt(ExemptParagraph.CRIME, by=clerk)
    assert [impact["kind"] for impact in records("impacts")] == ["Partnership working", "Policy or strategy"]
