"""Spreadsheets of the partnership plans' shapes (seeds 002 and 004), built
with openpyxl as a clerk's workbook would be, for the import's tests."""

import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import date_input

SEED_002_HEADINGS = [None, "Action", "Lead Organisation / Partner(s)", "Target Date", "Outcome", "Progress", "RAG"]
SEED_004_HEADINGS = [
    "Objective/Issue", "Activity/Output", "Timeframe", "Lead", "National Indicator", "Progress to date – Q1 2010 RAG",
]  # fmt: skip


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seed_002(*extra_rows, rag="Green") -> bytes:
    return workbook(
        ["Stockton-On-Tees Multi-Agency 'Hate Crime Group' Action Plan 2018 – 2019"],
        ["1. Preventing Hate Crime"],
        SEED_002_HEADINGS,
        ["1.1", "Attend annual Safeguarding Forum",
         "Police: Early intervention co-ordinator and School liaison Officers.",
         "October 2018", "To ensure head teachers are aware of the interventions we offer.",
         "Attended a pre-meeting.", rag],
        ["1.5", "Develop hate crime awareness raising film", "OPCC", "October 2018",
         "Increase awareness of what hate crime is", "Develop hate crime awareness raising film", None],
        ["2. Responding to Hate Crime in our Communities"],
        SEED_002_HEADINGS,
        ["2.1", "Attend Stockton-On-Tees monthly Hate Crime Meeting", "Police: Early Intervention Co-Ordinator",
         "Starting in May 2018 to April 2019", "To identify any arising issues", None, None],
        *extra_rows,
    )  # fmt: skip


def seed_004(*extra_rows, indicator="<b>NI 35</b> PSA 26") -> bytes:
    return workbook(
        ["HATE CRIME ACTION PLAN"],
        SEED_004_HEADINGS,
        ["Strategic Objective A: Improving Community Cohesion"],
        ["1. Preventing Violent Extremism", "See separate Partnership Plan", "Projects in place during 2010/11",
         "Police", indicator, "See plan (Lead: Sean Sweeney)"],
        ["Strategic Objective B: Long term prevention work"],
        ["2. Develop and implement a hate crime awareness and prevention programme",
         "Coordinated schools based activity to raise awareness.", "January 2011",
         "CST / CYPS / Safer Schools P'ship", "NI 1 PSA 21", "The Anti- Bullying Task Group are to ensure"],
        [None, "CST to meet with CYPS re projects", "June 2010", "CST /CYPS / Safer Schools P'ship", None,
         "Also to comprise focus of next Hate Crime Steering"],
        *extra_rows,
    )  # fmt: skip


def upload(client, data, name="plan.xlsx", **fields):
    """The upload page's form posted as a clerk fills it in: a new
    partnership's plan for 2018-19, and the file."""
    form = {
        "partnership_name": "Hate Crime Group",
        "title": "Hate Crime Action Plan 2018 – 2019",
        "short_title": "Hate Crime Plan",
        **date_input("starts", datetime.date(2018, 4, 1)),
        **date_input("ends", datetime.date(2019, 3, 1)),
        "file": SimpleUploadedFile(name, data),
        **fields,
    }
    return client.post(reverse("partnership_import"), form)


def partnership_import_pages(username="clerk") -> list[str]:
    """Importing a partnership plan, for the pages' checks: the upload page,
    and the previews of seed 002 files uploaded through it (organisations
    to create, a quarter's progress; rows not imported, organisations
    spelt nearly alike)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    uploaded = upload(client, seed_002(), period_month="7", period_year="2018")
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    # A committee paper: the agenda's header, one organisation spelt two
    # ways and a DRAFT mark, listed as not imported or offered for merging.
    paper = upload(
        client,
        seed_002(
            ["Agenda Item 8: Appendix 1"],
            ["2.2", "Refresh the housing webpages", "Housing Solution's", "Ongoing", None, None, None],
            ["2.3", "Monitor presentations", "Housing Solutions", "October 2018 Yearly", None, None, None],
            ["DRAFT"],
        ),
        period_month="7",
        period_year="2018",
    )
    assert paper.status_code == 302, paper.content.decode()[:2000]
    return [reverse("partnership_import"), uploaded["Location"], paper["Location"]]
