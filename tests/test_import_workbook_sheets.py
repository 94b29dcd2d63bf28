"""Issue 73, item 2: a workbook's sheets that share the tracker's headings
are read together, as rounds (a sheet per round) or as parts of the plan
(a sheet per directorate); a sheet not read is named with why, and the
command refuses a file it would import in part unless told to. The
sheet-per-round paper imported through the pages, every value in every
export, is tests/council_papers.py's Harrowfield."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from actionplans.importing import reading
from actionplans.models import Action, Review
from tests.factories import make_owner, make_review

pytestmark = pytest.mark.django_db

HEADINGS = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "Update", "RAG"]


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def action(ref: str, update: str | None, rag="Green", target="March 2025") -> list:
    return [ref, f"That the council acts on {ref} for residents", f"Act on {ref}", "Tahir Ali", target, update, rag]


def test_a_sheet_per_directorate_is_read_as_parts_of_one_plan_each_cell_named_by_its_sheet():
    data = workbook(
        {
            "Adults": [HEADINGS, action("A1", "Adults' update")],
            "Housing": [HEADINGS, action("H1", "Housing's update"), action("H2", None, target=7)],
        }
    )
    read = reading.read(data, "directorates.xlsx", period=datetime.date(2025, 3, 1))
    assert [action.council_reference or read.plan.council_references[action.recommendation]
            for action in read.plan.actions] == ["A1", "H1"]  # fmt: skip
    assert (
        "The sheets 'Adults' and 'Housing' have the same headings: they are read as parts of one plan, the rows of "
        "each under the one before." in read.grid.notes
    )
    # A problem names the sheet and its own cell.
    found = [str(problem) for problem in read.plan.problems]
    assert any(problem.startswith("'Housing'!E3: '7' is not a month") for problem in found), found
    assert read.left_out == []


def test_a_sheet_with_other_headings_is_named_with_why_and_counts_as_left_out():
    data = workbook(
        {
            "Tracker": [HEADINGS, action("R1", "Done so far")],
            "Budget": [
                ["Ref", "Recommendation", "Action", "Funded by"],
                ["R1", "That the council acts", "Buy it", "Grant"],
            ],
            "Key": [["Green", "On track"], ["Amber", "Some slippage"]],
        }
    )
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert read.left_out == [
        "The sheet 'Budget' is not read: its headings (Ref | Recommendation | Action | Funded by) are not those of "
        "'Tracker' (Ref | Recommendation | Action | Lead officer | Target date | Update | RAG), column for column. "
        "If it is part of the plan, copy it into a workbook of its own and upload that."
    ]
    assert "The sheet 'Key' is not read: it is not a table of the plan's actions." in read.grid.notes


def test_sheets_named_by_month_in_their_headings_are_rounds_in_the_workbooks_order():
    """'Update March 2025' on one sheet, 'Update September 2025' on the
    next: the same tracker, a round a sheet, each cell's sheet named."""

    def sheet(month: str, update: str) -> list[list]:
        headings = [*HEADINGS[:5], f"Update {month}", f"RAG {month}"]
        return [headings, action("R1", update)]

    data = workbook({"One": sheet("March 2025", "Started"), "Two": sheet("September 2025", "Finished")})
    read = reading.read(data, "tracker.xlsx")
    assert read.plan.problems == []
    [only] = read.plan.actions
    assert [(entry.period, entry.evidence_of_progress) for entry in only.entries] == [
        (datetime.date(2025, 3, 1), "Started"),
        (datetime.date(2025, 9, 1), "Finished"),
    ]


def test_the_command_prints_the_account_and_refuses_a_workbook_it_would_import_in_part(tmp_path, clerk, capsys):
    make_owner("Tahir Ali")
    review = make_review(status=Review.Status.SETTING_UP)
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(
        workbook(
            {
                "March 2025": [HEADINGS, action("R1", "Started")],
                "September 2025": [HEADINGS, action("R1", "Finished")],
                "Budget": [["Ref", "Recommendation", "Action", "Cost"], ["R1", "That the council acts", "Buy", 5]],
            }
        )
    )
    command = ["import_plan", str(path), "--review", review.slug, "--by", clerk.username, "--past-record"]
    command += ["--status", "Green=on_track"]
    with pytest.raises(CommandError, match="1 sheet not read"):
        call_command(*command, "--meeting-date", "2025-03-12", "--meeting-date", "2025-09=2025-09-18")
    captured = capsys.readouterr()
    said = "Note: Each sheet is a round of its own: 'March 2025' as March 2025, 'September 2025' as September 2025."
    assert said in captured.out
    assert "Not read: The sheet 'Budget' is not read" in captured.err
    assert not Action.objects.exists()
    call_command(*command, "--meeting-date", "2025-03-12", "--meeting-date", "2025-09=2025-09-18", "--allow-partial")
    assert "2 rounds added, 2 updates added" in capsys.readouterr().out


def test_word_tables_pasted_one_under_another_with_the_reference_in_a_cell_of_its_own():
    """A Word paper's tables copied into one sheet: each title row "R1" |
    "That the Council …" heads the actions under it (item 2)."""
    columns = ["Action", "Lead", "Target", "Update", "Status"]
    data = workbook(
        {
            "Sheet1": [
                ["R1", "That the Council reviews its carers' assessments each year."],
                columns,
                ["Audit last year's assessments", "Carers Lead", "June 2025", "Audit done.", "Green"],
                [],
                ["R2", "That carers are told of respite within a week of asking."],
                columns,
                ["Set a seven-day standard", "Head of Adult Services", "Ongoing", "Standard agreed.", "Amber"],
            ]
        }
    )
    read = reading.read(data, "pasted.xlsx", period=datetime.date(2025, 11, 1))
    assert [str(problem) for problem in read.plan.problems] == []
    assert read.plan.recommendations == {
        1: "That the Council reviews its carers' assessments each year.",
        2: "That carers are told of respite within a week of asking.",
    }
    assert read.plan.council_references == {1: "R1", 2: "R2"}
    assert [action.agreed_action for action in read.plan.actions] == [
        "Audit last year's assessments",
        "Set a seven-day standard",
    ]


def test_sheets_newest_first_are_each_read_under_their_own_month():
    data = workbook(
        {"March 2025": [HEADINGS, action("R1", "Finished")], "Sept 2024": [HEADINGS, action("R1", "Begun")]}
    )
    read = reading.read(data, "tracker.xlsx")
    assert read.plan.problems == []
    [only] = read.plan.actions
    periods = {entry.period: entry.evidence_of_progress for entry in only.entries}
    assert periods == {datetime.date(2025, 3, 1): "Finished", datetime.date(2024, 9, 1): "Begun"}


def test_a_sheet_with_the_headings_in_other_columns_is_not_stacked_under_the_wrong_ones():
    data = workbook(
        {
            "Adults": [HEADINGS, action("A1", "Adults' update")],
            "Housing": [[None, *HEADINGS], [None, *action("H1", "Housing's update")]],
        }
    )
    read = reading.read(data, "directorates.xlsx", period=datetime.date(2025, 3, 1))
    assert [action.agreed_action for action in read.plan.actions] == ["Act on A1"]
    assert read.left_out[0].startswith("The sheet 'Housing' is not read: its headings (")
    assert "column for column" in read.left_out[0]


def test_a_summary_sheet_or_a_copy_beside_the_round_sheets_is_named_not_read_twice():
    data = workbook(
        {
            "Current": [HEADINGS, action("R1", "Finished")],
            "Sept 2024": [HEADINGS, action("R1", "Begun")],
            "March 2025": [HEADINGS, action("R1", "Finished")],
            "March 2025 (2)": [HEADINGS, action("R1", "Finished, again")],
        }
    )
    read = reading.read(data, "tracker.xlsx")
    [only] = read.plan.actions
    assert [entry.evidence_of_progress for entry in only.entries] == ["Begun", "Finished"]
    assert [line.split(": ")[1] for line in read.left_out] == [
        "it names no month of its own, as the sheets read as rounds do. If it is part of the plan, copy it into "
        "a workbook of its own and upload that.",
        "it names the same month as the sheet 'March 2025' (March 2025), read before it. If it is part of the "
        "plan, copy it into a workbook of its own and upload that.",
    ]


def test_the_products_template_and_a_partnership_plans_sheets_leave_nothing_out():
    """The template's 'How to fill it in' is no table of actions; a
    partnership plan is read from its first sheet, the others named."""
    from actionplans.importing import template

    assert reading.read(template.render(), "template.xlsx").left_out == []
    quarters = workbook({"Q1 2025-26": [HEADINGS, action("1.1", "Q1")], "Q2 2025-26": [HEADINGS, action("1.1", "Q2")]})
    read = reading.read(quarters, "partnership.xlsx", kind=reading.PARTNERSHIP)
    assert type(read.grid).__name__ == "Grid"
    assert any(note.startswith("The sheet 'Q2 2025-26' is not read: a partnership plan") for note in read.grid.notes)


def test_a_sheet_past_the_row_limit_is_named_and_the_first_still_read(settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [action(f"R{number}", "Update") for number in range(1, 5)]
    data = workbook({"Tracker": [HEADINGS, *rows], "Archive": [HEADINGS, *rows]})
    read = reading.read(data, "tracker.xlsx", period=datetime.date(2025, 3, 1))
    assert len(read.plan.actions) == 4
    assert any(
        note.startswith("The sheet 'Archive' is not read: with the sheets before it") for note in read.grid.notes
    )
