"""Issue 73, item 3 in part: a RAG given only by a cell's fill colour is
read as the file's own word for that colour, the preview saying so. The
whole paper through the pages, every value in every export, is
tests/council_papers.py's Pennington."""

import datetime
import io

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from actionplans.importing import reading
from actionplans.importing.fills import rag_colour

pytestmark = pytest.mark.django_db

HEADINGS = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "Progress", "RAG"]


@pytest.mark.parametrize(
    ("rgb", "colour"),
    [
        ("FF0000", "Red"),
        ("FFC7CE", "Red"),  # Excel's "Bad"
        ("FFEB9C", "Amber"),  # Excel's "Neutral"
        ("FFFF00", "Amber"),
        ("C6EFCE", "Green"),  # Excel's "Good"
        ("0070C0", "Blue"),
        ("FFFFFF", ""),
        ("D9D9D9", ""),
        ("DDEBF7", ""),  # a pale banding blue: no status
        ("7030A0", ""),
    ],
)
def test_a_fill_is_the_rag_colour_it_is_nearest_or_none(rgb, colour):
    assert rag_colour(rgb) == colour


def tracker(fills: dict[str, str], rag_text: dict[str, str] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    for number in (1, 2, 3):
        sheet.append([f"R{number}", f"That the council acts on {number} now", f"Act {number}", "Tahir Ali",
                      "June 2025", f"Progress {number}", (rag_text or {}).get(f"G{number + 1}")])  # fmt: skip
    for cell, rgb in fills.items():
        sheet[cell].fill = PatternFill(fill_type="solid", fgColor=f"FF{rgb}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_only_a_blank_grade_cells_colour_is_read_and_said():
    data = tracker({"G2": "00B050", "G3": "FFC000", "G4": "FF0000", "F2": "FF0000"}, rag_text={"G4": "Complete"})
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert [[entry.status for entry in action.entries] for action in read.plan.actions] == [
        ["Green"],
        ["Amber"],
        ["Complete"],  # a cell's own word, whatever its colour
    ]
    assert read.plan.actions[0].entries[0].evidence_of_progress == "Progress 1"  # a coloured Progress cell: its text
    assert "Some grades are given only by their cells' colour: Green (G2); Amber (G3)." in " ".join(read.plan.notes)


def test_a_grading_key_on_a_sheet_of_its_own_gives_the_words_their_order_and_meaning():
    from actionplans.importing.grades import GradingKey

    book = openpyxl.load_workbook(io.BytesIO(tracker({"G2": "FF0000", "G3": "00B050", "G4": "FFC000"})))
    key = book.create_sheet("Key")
    for row in (["Status", "What it means"], ["Green", "On track"], ["Amber", "Some slippage"], ["Red", "Stalled"]):
        key.append(row)
    out = io.BytesIO()
    book.save(out)
    read = reading.read(out.getvalue(), "tracker.xlsx", period=datetime.date(2025, 3, 1))
    found = GradingKey.of(read.plan)
    assert sorted(found.order, key=found.order.get) == ["green", "amber", "red"]
    assert found.descriptions == {"green": "On track", "amber": "Some slippage", "red": "Stalled"}


def test_a_highlighted_row_or_a_coloured_banner_gives_no_grade():
    """Cells with a value filled in the same colour: highlighting, not a status."""
    data = tracker({"A3": "FFFF00", "C3": "FFFF00", "G3": "FFFF00", "G2": "00B050"})
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert [[entry.status for entry in action.entries] for action in read.plan.actions] == [["Green"], [""], [""]]


def test_a_sheet_of_lists_is_no_grading_key():
    from actionplans.importing.grades import GradingKey

    book = openpyxl.load_workbook(io.BytesIO(tracker({"G2": "FF0000", "G3": "00B050", "G4": "FFC000"})))
    lists = book.create_sheet("Lists")
    for row in (["Green", "Adult Social Care"], ["Amber", "Housing"], ["Red", "Children"]):
        lists.append(row)
    out = io.BytesIO()
    book.save(out)
    read = reading.read(out.getvalue(), "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert GradingKey.of(read.plan) is None


def with_key(data: bytes, rows: list[list[str | None]], fills: dict[str, str]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    key = book.create_sheet("Key")
    for row in rows:
        key.append(row)
    for cell, rgb in fills.items():
        key[cell].fill = PatternFill(fill_type="solid", fgColor=f"FF{rgb}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def statuses(read) -> list[list[str]]:
    return [[entry.status for entry in action.entries] for action in read.plan.actions]


@pytest.mark.parametrize(
    ("rows", "fills"),
    [
        # the key's words in cells of their colour
        ([["Key"], ["Achieved", "Done in full"], ["Slipping", "Late"]], {"A2": "00B050", "A3": "FF0000"}),
        # a cell of the colour beside each word, or a colour's name in it
        ([["Key"], [None, "Achieved", "Done in full"], ["Red", "Slipping"]], {"A2": "00B050", "A3": "FF0000"}),
    ],
)
def test_a_coloured_key_gives_its_word_to_the_cells_of_its_colour(rows, fills):
    from actionplans.importing.forms import StatusMeaningsForm

    data = with_key(tracker({"G2": "00B050", "G3": "FF0000", "G4": "FFC000"}), rows, fills)
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert statuses(read) == [["Achieved"], ["Slipping"], ["Amber"]]  # a colour the key has no word for: its name
    notes = " ".join(read.plan.notes)
    assert "Green (G2), the key's 'Achieved'; Red (G3), the key's 'Slipping'; Amber (G4)." in notes
    assert "the word the grading key gives its colour (else the colour's name)" in notes
    form = StatusMeaningsForm(plan=read.plan, remembered={})
    colours = {form.words[name]: form.fields[name + "_colour"].initial for name in form.words}
    assert colours["Achieved"] == "green" and colours["Slipping"] == "red"  # as the key colours them


def test_a_colour_the_key_gives_two_words_is_read_as_the_colour():
    rows = [["Key"], ["Achieved"], ["On track"], ["Slipping"]]
    data = with_key(tracker({"G2": "00B050", "G3": "FF0000"}), rows, {"A2": "00B050", "A3": "00B050", "A4": "FF0000"})
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert statuses(read) == [["Green"], ["Slipping"], [""]]


def test_a_coloured_heading_or_a_colour_named_light_is_not_the_keys_word():
    rows = [["Status", "What it means"], ["Light green", "Achieved"], ["R", "Slipping"]]
    fills = {"A1": "4472C4", "B1": "4472C4", "A2": "00B050", "A3": "FF0000"}
    data = with_key(tracker({"G2": "00B050", "G3": "FF0000", "G4": "0070C0"}), rows, fills)
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert statuses(read) == [["Achieved"], ["Slipping"], ["Blue"]]  # the blue heading gives blue no word
