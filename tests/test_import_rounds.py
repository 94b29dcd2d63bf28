"""Issue 25, "Every problem at once": one upload names every problem of
every row, the reading's and the saving's; the file's progress is published
only as the past meeting's record the clerk says it is; names of teams and
groups are offered as groups. Files are built here with openpyxl and go
through the real upload page and the import_plan command."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from actionplans.models import Action, ImportUpload
from tests.factories import make_owner, make_review
from tests.test_import_pages import upload

pytestmark = pytest.mark.django_db

TRACKER_HEADINGS = ["Ref", "Recommendation", "Agreed Action", "Lead Officer", "Target Date", "Progress", "Grade"]


def workbook(*rows, headings=TRACKER_HEADINGS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings)
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def review(db):
    make_owner("Neil Mitchell")
    return make_review()


def summary(response) -> list[str]:
    return [text for text, _ in response.context["summary"]]


def test_a_file_with_problems_in_several_rows_shows_them_all_on_the_first_upload(client, clerk, review):
    data = workbook(
        ["1a", "Raise awareness", "Leaflets", "Zed Unknown", "Sept 19", "Done", 2],
        ["1b", "Raise awareness", None, "Neil Mitchell", "October 2019", "Started", "Good"],
        ["1c", "Raise awareness", "Posters", "Ann Other", "October 2019", "Some", 9],
        ["1d", "Raise awareness", "Radio", "Neil Mitchell", "October 2019", "Aired", 1],
    )
    client.force_login(clerk)
    response = client.get(upload(client, review, data, period_month="3", period_year="2020")["Location"])
    found = summary(response)
    # The reading's problems (a bad Date, no Agreed Action, bad grades) and
    # the saving's (people nobody knows, in rows the reading found wrong too).
    assert any(text.startswith("E2: 'Sept 19' is not a month") for text in found), found
    assert any(text.startswith("C3: no Agreed Action") for text in found), found
    assert any(text.startswith("G3:") and "is not a grade" in text for text in found), found
    assert any(text.startswith("G4:") for text in found), found
    assert "D2: Nobody called 'Zed Unknown' is responsible for anything yet: create them, or correct the name." in found
    assert "D4: Nobody called 'Ann Other' is responsible for anything yet: create them, or correct the name." in found
    text = response.content.decode()
    assert f"There are {len(found)} problems with tracker.xlsx" in text
    assert "Zed Unknown" in text and "Ann Other" in text  # offered to be created at once
    assert "Confirm and import" not in text
    assert not Action.objects.exists() and ImportUpload.objects.count() == 1
