"""A paper for a meeting holds only what was known before it: the
committee's decisions at the March 2020 meeting (1 c) closed, twelve
actions signed off) are not in the March 2020 Progress Update, which is the
paper for that meeting (seed 001 prints none), but on the review's record
and in a later paper."""

import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from tests.documents import body, docx_text, pdf_text, squash

pytestmark = pytest.mark.django_db

# What the committee decided at its meeting of 12 March 2020, as the
# service words it.
MARCH_DECISIONS = (
    "at its meeting of 12 March 2020",
    "Closed, not achieved",
    "Signed off in March 2020",
    "No longer monitored",
)


def export(client, round, fmt, **options):
    response = client.get(reverse("progress_update", args=["hate-crime"]), {"round": round, "format": fmt, **options})
    return body(response)


def xlsx_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value
    )


def march_2020_texts(client):
    return {
        "pdf": pdf_text(export(client, "2020-03", "pdf")),
        "docx": docx_text(docx.Document(io.BytesIO(export(client, "2020-03", "docx")))),
        "xlsx": xlsx_text(export(client, "2020-03", "xlsx")),
        "html": client.get(reverse("progress_update_page", args=["hate-crime", "2020-03"])).content.decode(),
    }


def test_the_march_2020_paper_prints_no_decision_of_its_own_meeting(client, demo, councillor):
    client.force_login(councillor)
    for fmt, text in march_2020_texts(client).items():
        for words in MARCH_DECISIONS:
            assert squash(words) not in squash(text), (fmt, words)
        # What the committee decided on is there: 1 c), as its officers wrote it.
        assert squash("explore advocates in their organisations") in squash(text), fmt


def test_the_march_2020_paper_still_prints_1_c_as_the_committee_received_it(client, demo, councillor):
    client.force_login(councillor)
    text = squash(pdf_text(export(client, "2020-03", "pdf")))
    assert squash("Assessment of Progress (March 2020)") in text
    assert squash("Slipped") in text


def test_the_review_page_records_the_march_2020_decision_on_1_c(client, demo, councillor):
    client.force_login(councillor)
    html = client.get(reverse("review_detail", args=["hate-crime"])).content.decode()
    assert "Closed, not achieved, by the committee at its meeting of 12 March 2020" in html


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_next_paper_with_its_history_prints_the_march_2020_decision(client, demo, clerk, fmt):
    client.force_login(clerk)
    data = export(client, "2020-09", fmt, full_history="on")
    if fmt == "pdf":
        text = pdf_text(data)
    elif fmt == "docx":
        text = docx_text(docx.Document(io.BytesIO(data)))
    else:
        text = xlsx_text(data)
    assert squash("Closed, not achieved, by the committee at its meeting of 12 March 2020") in squash(text)
