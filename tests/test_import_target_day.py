"""Issue 73, item 5: a Date keeps its day where the paper gives one. "15
March 2025", typed or a date cell, prints so in every format (the council
papers' Wexcombe paper, tests/test_council_papers.py); the rules read its
month, and a first of the month is read as the month spreadsheets store."""

import datetime

import pytest
from openpyxl.utils.datetime import to_excel

from actionplans.importing.tracker import parse_day
from actionplans.models import Action
from tests.test_import_trackers import PEOPLE, confirm, make_review, upload, workbook

pytestmark = pytest.mark.django_db

IDES = datetime.date(2025, 3, 15)


@pytest.mark.parametrize(
    "value, day",
    [
        ("15 March 2025", IDES),
        ("15th Mar 2025", IDES),
        ("15/03/2025", IDES),
        ("2025-03-15", IDES),
        (datetime.datetime(2025, 3, 15), IDES),
        (to_excel(datetime.datetime(2025, 3, 15)), IDES),
        ("March 2025", None),
        (datetime.datetime(2025, 3, 1), None),  # a month, as a spreadsheet stores one
        ("31/02/2025", None),
        ("Sept 25", None),
        ("Ongoing", None),
    ],
    ids=str,
)
def test_a_dates_day_is_read_where_the_cell_gives_one(value, day):
    assert parse_day(value) == day


def test_a_day_comes_in_and_prints_until_the_month_changes(client, clerk):
    review = make_review()
    client.force_login(clerk)
    data = workbook(
        ["Ref", "Recommendation", "Lead officer", "Target date", "Agreed action"],
        ["1", "That the Council clears the culverts.", PEOPLE[0], datetime.datetime(2025, 3, 15), "Clear them."],
        ["2", "That the Council maps the drains.", PEOPLE[0], datetime.datetime(2025, 6, 1), "Map them."],
    )
    preview = upload(client, review, data, "flooding.xlsx")
    assert confirm(client, preview).status_code == 302
    first, second = Action.objects.filter(recommendation__review=review).order_by("recommendation__number")
    assert (first.target_label, second.target_label) == ("15 March 2025", "June 2025")
    assert first.target_month == datetime.date(2025, 3, 1)  # the rules read the month
    first.target_month = datetime.date(2025, 4, 1)
    first.full_clean()
    assert (first.target_label, first.target_day) == ("April 2025", None)


@pytest.mark.parametrize("confirmed", [True, False], ids=["confirmed", "set-up"])
def test_a_day_alone_is_no_change_of_a_confirmed_plans_date(confirmed):
    """A tracker giving "15 March 2025" for an action the plan dates March
    2025: a confirmed plan keeps its date, refusing nothing; a plan being
    set up takes the day."""
    from actionplans.importing.comparing_actions import _changed_target
    from actionplans.importing.plan import ImportedAction

    action = Action(target_month=datetime.date(2025, 3, 1))
    imported = ImportedAction(1, "", "", row=2, target_month=datetime.date(2025, 3, 1), target_day=IDES)
    problems, changed, changes = [], [], []
    _changed_target(imported, action, problems, changed, changes, confirmed=confirmed)
    assert problems == []
    assert action.target_label == ("March 2025" if confirmed else "15 March 2025")
