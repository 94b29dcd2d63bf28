"""Issue 74, item 6: a made-up review taken as a committee would, from its
recommendations through a round to completion, outcomes and impacts, and a
re-check that reverts one; then every count on the committee's page, the
annual report in four formats, the public register, the open data and
the API, checked against the rows and against each other. CI runs it on
SQLite and on PostgreSQL."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from actionplans import roles
from actionplans.models import (
    ImpactInput,
    OutcomeCheck,
    RecommendationOutcome,
    RecommendationPriority,
    ReopeningAction,
    ResponsePlan,
)
from tests.documents import page_text, pdf_text
from tests.factories import (
    decide,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2020  # 2020/21: the report agreed, the responses and the March 2021 meeting
TODAY = datetime.date.today()
THIS_YEAR = TODAY.year - (TODAY.month < 5)


@pytest.fixture
def scrutiny(settings):
    """Four recommendations of "Empty homes" (report agreed June 2020):
    1 and 2 signed off in March 2021, implemented and partly, with impacts;
    3 rejected by the executive (not implemented); 4 open, a priority. Then
    2's re-check says reverted: it reopens with the committee's new action."""
    settings.SCRUTINY_PUBLIC_PAGES = settings.SCRUTINY_API = True
    clerk = make_user("ellen.clerk", roles.CLERK)
    owner = make_owner("Omar Officer")
    review = make_review(title="Empty homes", report_agreed=D(2020, 6, 15), report_to_executive=D(2020, 6, 20))
    recs = [make_recommendation(review, text=f"That the Council does empty homes thing {n}.") for n in range(1, 5)]
    answers = ["accepted", "accepted", "rejected", "accepted"]
    review.record_responses(
        [
            ResponsePlan(
                n, answer, reasons="Not affordable." if answer == "rejected" else "", responded_on=D(2020, 8, 1)
            )
            for n, answer in enumerate(answers, start=1)
        ],
        by=clerk,
        version=review.version,
    )
    review.refresh_from_db()
    review.publish_responses(by=clerk, version=review.version)
    actions = [make_action(rec, owners=[owner], target_month=D(2021, 3, 1)) for rec in recs]
    march = make_round(review, 2021, 3)
    for action, grade in zip(actions, (1, 1, None, 2), strict=True):
        if grade:  # the rejected recommendation is not monitored
            make_entry(action, march, grade=grade)
    decide(march, by=clerk)
    record = RecommendationOutcome.record
    money = {"kind": "money", "unit": "£", "period": "a year"}
    record(
        recs[0],
        outcome="implemented",
        reason="Loans run.",
        impacts=[
            ImpactInput(
                statement="Loans repaid.", amount=Decimal(42000), evidence_link="https://example.org/a", **money
            ),
            ImpactInput("service", "Twelve homes let.", evidence_link="https://example.org/b"),
        ],
        by=clerk,
        version=0,
    )
    record(
        recs[1],
        outcome="partly",
        reason="Half done.",
        impacts=[ImpactInput(statement="Fees saved.", amount=Decimal(8000), **money)],
        by=clerk,
        version=0,
    )
    record(recs[2], outcome="not_implemented", reason="The executive declined.", impacts=[], by=clerk, version=0)
    RecommendationPriority.mark(recs[3], priority=True, reason="Residents ask.", by=clerk, version=0)
    reopening = ReopeningAction("Finish the other half.", "All done.", D(TODAY.year + 1, 3, 1))
    OutcomeCheck.record(recs[1], answer="reverted", note="Undone.", reopening=reopening, by=clerk, version=0)
    return review


def reader():
    client = Client()
    client.force_login(make_user("carl.councillor", roles.COMMITTEE_MEMBER))
    return client


def test_every_surface_counts_and_lists_the_same_recommendations(scrutiny):
    client = reader()
    committee = scrutiny.committee.slug
    text = page_text(client.get(reverse("committee_achieved", args=[committee]), {"year": YEAR}).content)
    for words in (
        "Recommendations made 4",
        "Recommendations accepted, in whole or in part 3",
        # 2 is open again (reverted): of the four, only 1 was completed, by its target.
        "Recommendations completed 1",
        "Recommendations implemented 1",
        "Recommendations not implemented 1",
        "Completed by their target date 1",
        "Impacts evidenced: Money saved or spent differently 1",
        "Impacts evidenced: Service to residents 1",
        "Their figures in £ a year, summed (1 impact) £42,000",
    ):
        assert words in text, words
    assert "Recommendations partly implemented" not in text  # 2 is no longer finished
    now = page_text(client.get(reverse("committee_achieved", args=[committee]), {"year": THIS_YEAR}).content)
    assert "Re-checked and reverted: reopened 1" in now and "Priority recommendations still open 1" in now

    # The annual report, in its four formats.
    page = page_text(client.get(reverse("annual_report", args=[YEAR])).content)
    pdf = pdf_text(client.get(reverse("annual_report_file", args=[YEAR, "pdf"])).content)
    for printed in (page, pdf):
        assert "Recommendations implemented 1" in printed and "Recommendations not implemented 1" in printed
    doc = Document(io.BytesIO(client.get(reverse("annual_report_file", args=[YEAR, "docx"])).content))
    cells = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    assert ["Recommendations completed", "1"] in cells and [
        "Their figures in £ a year, summed (1 impact)",
        "£42,000",
    ] in cells
    book = load_workbook(io.BytesIO(client.get(reverse("annual_report_file", args=[YEAR, "xlsx"])).content))
    rows = [row for sheet in book for row in sheet.iter_rows(values_only=True)]
    assert any("Recommendations made" in row and 4 in row for row in rows)

    # The register, the open data and the API: the same statuses and impacts.
    anyone = Client()
    register = page_text(anyone.get(reverse("public_register")).content)
    assert "4 of 4 recommendations" in register
    data = list(
        csv.DictReader(
            io.StringIO(anyone.get(reverse("open_data_csv", args=["recommendations"])).content.decode("utf-8-sig"))
        )
    )
    statuses = {int(row["number"]): row["status"] for row in data}
    assert statuses == {1: "Completed", 2: "Open", 3: "Rejected", 4: "Open"}
    api = {item["number"]: item for item in anyone.get(reverse("api_recommendations")).json()["results"]}
    assert {number: item["status"] for number, item in api.items()} == statuses
    assert (
        [n for n, item in api.items() if item["priority"]] == [4] == [int(r["number"]) for r in data if r["priority"]]
    )
    impacts = json.loads(anyone.get(reverse("open_data_json", args=["impacts"])).content)["records"]
    assert sorted(impact["statement"] for impact in impacts) == sorted(
        impact["statement"] for item in api.values() for impact in item["impacts"]
    )
    assert sum(impact["amount"] for impact in impacts if impact["unit"] == "£") == 50000
    for status in ("Completed", "Open", "Rejected"):
        filtered = page_text(anyone.get(reverse("public_register"), {"status": status}).content)
        shown = list(statuses.values()).count(status)
        assert f"{shown} of 4 recommendation" in filtered, status
