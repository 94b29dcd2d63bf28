"""Issue 56, item 1: a tracker that keeps its rounds side by side ("Update
Apr 2025 | RAG Apr 2025 | Update Oct 2025 | RAG Oct 2025") brings every
round in, oldest first, each published as the file had it; every column
is read or named in the preview with why it is not. The workbook is a
made-up council's, in the layout councils publish: a title and a notes row
above the headings, a reference merged over two actions, a hidden column,
a blank row and a month misspelt in a heading."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from actionplans.importing.round_columns import heading_period
from actionplans.models import Action, Owner, ProgressEntry, Review, Round
from tests.documents import body, document_text, page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Rec No", "Recommendation", "Agreed Action", "Lead Officer", "Target Date",
    "Update Apr 2025", "RAG Apr 2025", "Officer notes", "Update Ocotber 2025", "RAG Oct 2025",
]  # fmt: skip
R1 = "That the Council publishes its fly-tipping figures each quarter."
R2 = "That every household has a weekly food waste collection."
ROWS = [
    ["R1", R1, "Publish the quarterly figures on the website", "Priya Shah", "September 2025",
     "Figures for Q1 drafted; web page being built.", "Amber", "chase web team",
     "Published on 12 September 2025 and each quarter since.", "Complete"],
    [None, None, "Report the figures to the Select Committee", "Priya Shah", "December 2025",
     "First report scheduled for the November meeting.", "Green", None,
     "Reported in November; the committee asked for ward breakdowns.", "Green"],
    [None] * 10,
    ["R2", R2, "Roll out food waste caddies", "Tom Okafor", "March 2026",
     "Procurement of caddies under way.", "Green", None,
     "Supplier delayed delivery by eight weeks.", "Red"],
]  # fmt: skip
PROGRESS = {  # the file's progress, round by round, as each export must print it
    datetime.date(2025, 4, 1): [ROWS[0][5], ROWS[1][5], ROWS[3][5]],
    datetime.date(2025, 10, 1): [ROWS[0][8], ROWS[1][8], ROWS[3][8]],
}


def tracker() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Recommendations"
    sheet.append(["Environment and Place Select Committee: scrutiny recommendations tracker"])
    sheet.append(["Notes: RAG as reported to each meeting of the committee."])
    sheet.append(HEADINGS)
    for row in ROWS:
        sheet.append(row)
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    sheet.column_dimensions["H"].hidden = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "heading, month",
    [
        ("Update Apr 2025", "2025-04"),
        ("RAG April 25", "2025-04"),
        ("Comments Sept 25", "2025-09"),
        ("Progress 2025-10", "2025-10"),
        ("RAG Q3 2025/26", "2025-10"),  # a financial year's quarter: Q1 is April to June
        ("Status Q4 25/26", "2026-01"),
        ("Update Ocotber 2025", "2025-10"),  # misspelt: the preview says how it was read
        ("Evidence of Progress (March 2020)", "2020-03"),
        ("Update", None),
        ("Update Date 2025", None),
    ],
)
def test_a_heading_names_its_period_as_councils_write_it(heading, month):
    period = heading_period(heading)
    assert (f"{period:%Y-%m}" if period else None) == month


@pytest.fixture
def review(db):
    return make_review(title="Fly-tipping and Food Waste", status=Review.Status.SETTING_UP)


def test_every_round_of_a_side_by_side_tracker_comes_in_and_every_export_prints_it(
    client, clerk, review, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    preview = upload(client, review, tracker(), "tracker.xlsx")
    text = page_text(preview.content)
    assert (
        "The file's progress is read as 2 rounds, oldest first: April 2025 (columns F and G), "
        "October 2025 (columns I and J)." in text
    )
    assert "Column I ('Update Ocotber 2025'): 'Ocotber' is read as October." in text
    assert "Column H ('Officer notes') is not read: its heading is not one of a plan's fields." in text
    assert preview.context["question"].periods == list(PROGRESS)

    preview = preview_again(client, preview, create_people="on")  # Priya Shah and Tom Okafor are new here
    with django_capture_on_commit_callbacks(execute=True):  # each round's published files are made
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    rounds = list(review.rounds.order_by("period"))
    assert [(r.period, r.status, r.imported) for r in rounds] == [
        (period, Round.Status.PUBLISHED, True) for period in PROGRESS
    ]
    # R1's reference merged over two rows: its two actions, lettered.
    actions = Action.objects.filter(recommendation__review=review).select_related("sub_action", "recommendation")
    assert sorted(action.reference for action in actions) == ["1 a)", "1 b)", "2"]
    for round in rounds:
        kept = set(ProgressEntry.objects.filter(round=round).values_list("evidence_of_progress", flat=True))
        assert kept == set(PROGRESS[round.period])
    assert {owner.name for owner in Owner.objects.all()} >= {"Priya Shah", "Tom Okafor"}

    for round in rounds:
        period = f"{round.period:%Y-%m}"
        page = page_text(body(client.get(reverse("progress_update_page", args=[review.slug, period]))))
        printed = {"web": " ".join(page.split())}
        for fmt in ("pdf", "docx", "xlsx"):
            url = reverse("progress_update", args=[review.slug]) + f"?round={period}&format={fmt}"
            printed[fmt] = " ".join(document_text(body(client.get(url)), fmt).split())
        for where, words in printed.items():
            for value in [R1, R2, *PROGRESS[round.period]]:
                assert value in words, (where, period, value)
            for later in (other for other in PROGRESS if other > round.period):
                for value in PROGRESS[later]:
                    assert value not in words, (where, period, value)


def test_a_tracker_that_records_no_decisions_imports_none_dated_to_a_meeting(
    client, clerk, review, django_capture_on_commit_callbacks
):
    # R2's caddies are in April's update and not in October's: the tracker
    # left them out, and says nothing of a meeting that decided so.
    ROWS_WITH_GAP = [*ROWS[:3], [*ROWS[3][:8], None, None]]
    book = openpyxl.Workbook()
    book.active.append(HEADINGS)
    for row in ROWS_WITH_GAP:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    client.force_login(clerk)
    preview = preview_again(client, upload(client, review, out.getvalue(), "tracker.xlsx"), create_people="on")
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    april, october = review.rounds.order_by("period")

    page = page_text(body(client.get(reverse("review_detail", args=[review.slug]))))
    assert "decisions of" not in page
    assert "April 2025: awaiting the committee's decision" not in page  # a past paper, not waiting
    assert (
        "April 2025 progress update , as the imported papers show: 2 carried into the next paper, 1 not carried" in page
    )
    assert "October 2025: awaiting the committee's decision" in page
    shown = page_text(body(client.get(reverse("round_decisions", args=[april.pk]))))
    assert "What the imported papers show" in shown and "decided" not in shown
    assert "decisions of" not in page_text(body(client.get(reverse("round_detail", args=[april.pk]))))
    for round in (april, october):
        for fmt in ("pdf", "docx"):
            url = reverse("progress_update", args=[review.slug]) + f"?round={round.period:%Y-%m}&format={fmt}"
            printed = " ".join(document_text(body(client.get(url)), fmt).split())
            for invented in ("decisions of", "by the committee", "meeting of"):
                assert invented not in printed, (round.label, fmt, invented)
