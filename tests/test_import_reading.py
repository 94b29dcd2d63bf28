"""Reading an imported spreadsheet: the bad-file corpus (tests/import_files),
the headings, and the rows into an ImportedPlan. Saving is tested elsewhere."""

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook

from actionplans.importing.headings import (
    SCRUTINY_ACTION_PLAN,
    find_heading_row,
    guess_mapping,
    headings_of,
    no_heading_row_message,
    normalise,
    period_in_heading,
)
from actionplans.importing.sheets import Grid, UnreadableFile, cell_name, read_grid
from actionplans.importing.tracker import read_plan
from actionplans.models.council import PROGRESS, GradingScale, ScaleGrade, current_scale
from tests import evidence_files

# The reader reads grades on the council's scale, kept in the database.
pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "import_files"
NOT_IN_CORPUS = {"README.md", "make_files.py", "__pycache__"}
FILES = sorted(path.name for path in CORPUS.iterdir() if path.name not in NOT_IN_CORPUS)

MARCH_2020 = datetime.date(2020, 3, 1)
SEPTEMBER_2020 = datetime.date(2020, 9, 1)
OCTOBER_2019 = datetime.date(2019, 10, 1)


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def plan_of(grid: Grid, period=None):
    heading_row = find_heading_row(grid)
    assert heading_row is not None
    mapping = guess_mapping(headings_of(grid, heading_row))
    return read_plan(grid, heading_row=heading_row, mapping=mapping, period=period)


def problems(plan) -> list[str]:
    return [str(problem) for problem in plan.problems]


# The corpus: every file gives its message, or its plan ----------------------

# File -> words the clerk must read.
REFUSED = {
    "not_a_spreadsheet.xlsx": ["is a PDF document, not a spreadsheet", "Excel workbook (.xlsx) or a CSV file"],
    "picture.xlsx": ["is a picture (PNG), not a spreadsheet"],
    "word_document.xlsx": ["is a Word document without the tables of a progress update", "copy its table into Excel"],
    "macro_enabled.xlsm": ["macro-enabled workbook (.xlsm)", "Excel Workbook (*.xlsx)"],
    "password_protected.xlsx": ["protected with a password", "delete the password"],
    "old_format.xls": ["old Excel 97-2003 format (.xls)", "Excel Workbook (*.xlsx)"],
    "opendocument.ods": ["OpenDocument spreadsheet (.ods)", "(.xlsx)"],
    "empty.csv": ["'empty.csv' is empty"],
    "empty_workbook.xlsx": ["'empty_workbook.xlsx' has no data: its sheets are empty"],
    "zip_bomb.xlsx": ["would unpack to 150 MB", "so it was not opened"],
    "billion_laughs.xlsx": ["used to attack web sites", "so it was not opened"],
    "external_entity.xlsx": ["used to attack web sites", "so it was not opened"],
    "utf16_entity.xlsx": ["used to attack web sites", "so it was not opened"],
    "external_template.docx": ["links to files outside itself", "so it was not opened", "new Word document"],
    "macro_enabled.docm": ["macro-enabled Word document (.docm)", "Word Document (*.docx)"],
    "zip_bomb.docx": ["would unpack to 151 MB", "so it was not opened", "new Word document"],
    "billion_laughs.docx": ["something Word never writes", "used to attack web sites", "so it was not opened"],
}

READ = {}


def reads(name):
    def register(check):
        READ[name] = check
        return check

    return register


def test_every_file_in_the_corpus_has_an_expectation():
    assert set(FILES) == set(REFUSED) | set(READ)


@pytest.mark.parametrize("name", FILES)
def test_each_file_in_the_corpus_gives_the_clerk_its_message_or_its_plan(name):
    data = corpus(name)
    if name in REFUSED:
        with pytest.raises(UnreadableFile) as refused:
            read_grid(data, name)
        for words in REFUSED[name]:
            assert words in str(refused.value)
    else:
        assert name in READ, f"{name} has no expectation: add it to REFUSED or READ"
        READ[name](read_grid(data, name))


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("paper.docx", evidence_files.hidden_vba_content_type, "macro-enabled Word document (.docm)"),
        ("paper.docx", evidence_files.hidden_vba_relationship, "macro-enabled Word document (.docm)"),
        ("paper.docx", evidence_files.vba_relationship_in_capitals, "macro-enabled Word document (.docm)"),
        ("tracker.xlsx", evidence_files.workbook_with_vba_relationship_in_capitals, "macro-enabled workbook (.xlsm)"),
        ("tracker.csv", evidence_files.svg_with_script, "text that can run a script (HTML or SVG)"),
        ("tracker.csv", evidence_files.text_with_script, "text that can run a script (HTML or SVG)"),
        ("tracker.csv", evidence_files.html_page, "text that can run a script (HTML or SVG)"),
    ],
)
def test_macros_and_scripts_are_refused_by_the_import_as_by_the_evidence_whatever_their_parts_are_called(
    name, make, words
):
    with pytest.raises(UnreadableFile) as refused:
        read_grid(make(), name)
    assert words in str(refused.value)


@reads("good_tracker.xlsx")
def good_tracker(grid):
    assert grid.sheet_name == "Hate Crime"
    assert find_heading_row(grid) == 3  # under a title, a link officer and a blank row
    plan = plan_of(grid)
    assert plan.problems == []
    assert plan.recommendations == {
        1: "That the Stockton Hate Crime Group incorporates the actions into its plan",
        2: "That the council reports hate crime figures yearly",
    }
    assert [action.key for action in plan.actions] == [(1, "", ""), (1, "a", ""), (1, "b", ""), (2, "", "")]
    first, schools, online, report = plan.actions
    assert (first.row, first.owners, first.target_month) == (5, ["Satnam Singh"], datetime.date(2019, 3, 1))
    assert schools.owners == ["All Stockton hate crime group members"]
    assert online.owners == ["Tahir Ali", "Louise Crisp"]
    assert (online.target_month, online.target_text) == (None, "Reviewed throughout the year 2019")
    assert report.owners == ["Vanessa Housley", "Dale Metcalfe"]
    # The round is the month in "Evidence of Progress (March 2020)".
    assert plan.periods == [MARCH_2020]
    assert [(e.grade, e.row) for e in first.entries] == [(1, 5)]
    assert first.entries[0].evidence_of_progress == (
        "The plan includes the key recommendations.\n\nThey are now part of the groups' work."
    )
    assert schools.entries[0].evidence_of_progress == "Sessions held:\n- Police\n- Housing"
    assert schools.entries[0].evidence_of_impact == "More reports from staff"
    assert online.entries == []  # nothing written for it yet
    assert report.entries[0].grade == 3


@reads("progress_update.docx")
def progress_update_docx(grid):
    """A council's Word paper shaped like seed 001 (tests/word_files.py):
    its own record and three strands of one table, a grade with its
    explanation, the grading key set aside."""
    from actionplans.importing import reading

    read = reading.from_grid(grid)
    assert read.plan.problems == [] and read.headings == []  # no columns to correct
    assert [action.key for action in read.plan.actions] == [
        (1, "", ""),
        (1, "a", "Residents"),
        (1, "a", "Landlords"),
        (1, "a", "Businesses"),
        (2, "", ""),
    ]
    assert read.plan.periods == [datetime.date(2024, 11, 1)]
    own = read.plan.actions[0].entries[0]
    assert (own.grade, own.grade_explanation) == (3, "Two drop-off hubs are not yet open.")
    assert any("'Lead officer' as Responsibility" in note for note in grid.notes)
    assert any("the grading key" in note for note in grid.notes)


@reads("product_export.xlsx")
def product_export(grid):
    plan = plan_of(grid)
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "", ""), (1, "a", "Frontline staff"), (1, "b", "")]
    assert plan.periods == [MARCH_2020, SEPTEMBER_2020]
    _, staff, online = plan.actions
    assert [(e.period, e.grade) for e in staff.entries] == [(MARCH_2020, 2), (SEPTEMBER_2020, 1)]
    # Responsibility changed between rounds: the action has the latest, the
    # earlier round keeps its own.
    assert online.owners == ["Errol Parks"]
    assert [e.owners for e in online.entries] == [["Neil Mitchell"], []]
    assert online.entries[0].evidence_of_progress == ""  # "No update received"
    assert online.entries[1].grade_explanation == "Waiting for IT."
    assert staff.entries[0].evidence_of_progress == "Two sessions.\n- Police"


@reads("merged_cells.xlsx")
def merged_cells(grid):
    assert [row[1] for row in grid.rows[1:4]] == ["That the Hate Crime Group raises awareness"] * 3
    plan = plan_of(grid)
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "a", ""), (1, "b", ""), (1, "c", ""), (2, "", "")]
    assert plan.recommendations[1] == "That the Hate Crime Group raises awareness"


@reads("formulas.xlsx")
def formulas(grid):
    # Excel's results are read; a formula never worked out is read as its text.
    assert grid.rows[1][4] == 43739
    assert grid.rows[1][5] == "Sessions held: 3"
    assert grid.rows[2][6] == 1
    assert grid.rows[3][2] == '=UPPER("listen")'
    assert grid.notes == [
        "1 cell (first C4) holds a formula Excel has not worked out, so the formula was read as text. "
        "To read the results, open the file in Excel, save it and upload it again."
    ]
    plan = plan_of(grid, period=MARCH_2020)
    assert plan.problems == []
    assert plan.actions[0].target_month == OCTOBER_2019
    assert plan.actions[0].entries[0].evidence_of_progress == "Sessions held: 3"


@reads("hidden_sheet.xlsx")
def hidden_sheet(grid):
    assert grid.sheet_name == "Tracker"
    assert grid.notes == ["The hidden sheet 'Old' was not read. If it is the tracker, unhide it in Excel first."]
    assert [action.agreed_action for action in plan_of(grid).actions] == ["Act"]


@reads("blank_rows.xlsx")
def blank_rows(grid):
    # 30,000 formatted blank rows and formatting out to column ZZ are trimmed.
    assert len(grid.rows) == 3
    assert {len(row) for row in grid.rows} == {7}
    assert len(plan_of(grid).actions) == 2


@reads("dates.xlsx")
def dates(grid):
    plan = plan_of(grid)
    assert [action.target_month for action in plan.actions[:5]] == [OCTOBER_2019] * 5
    assert plan.actions[5].target_text == "Reviewed throughout the year 2019"
    # What only looks like a date is the plan's words, as typed, and said.
    assert [(action.target_month, action.target_text) for action in plan.actions[6:8]] == [
        (None, "Sept 19"),
        (None, "31/02/2020"),
    ]
    assert [note.split(":")[0] for note in plan.notes if "kept as typed" in note] == ["E8", "E9"]
    assert problems(plan) == ["E10: no Date: write the target month, such as 'October 2019', or the plan's words"]


@reads("duplicate_references.xlsx")
def duplicate_references(grid):
    plan = plan_of(grid)
    assert problems(plan) == [
        "A4: 1 a) is already on row 2: give each action its own reference (such as 1a, 1b)",
    ]


@reads("windows_1252.csv")
def windows_1252(grid):
    assert grid.rows[1][1] == "That the council spends £5,000 – no more"
    assert plan_of(grid).recommendations == {1: "That the council spends £5,000 – no more"}


@reads("utf8_bom.csv")
def utf8_bom(grid):
    assert grid.rows[0][0] == "Ref"  # no BOM stuck to the first heading
    plan = plan_of(grid)  # semicolons, as Excel writes CSV in much of Europe
    assert plan.actions[0].owners == ["Zoë Brontë"]
    assert plan.recommendations[1] == "That the council acts – with Zoë’s team"
    assert [(e.period, e.grade) for e in plan.actions[0].entries] == [(MARCH_2020, 1)]


@reads("workbook_renamed.csv")
def workbook_renamed(grid):
    # A workbook is a workbook whatever its name says.
    assert grid.sheet_name == "Tracker"
    assert plan_of(grid).actions[0].agreed_action == "Act"


@reads("no_headings.xlsx")
def no_headings(grid):
    assert find_heading_row(grid) is None
    assert no_heading_row_message(grid) == (
        "No row near the top of the sheet 'Budget' has the headings of an action plan (such as Reference, "
        "Recommendation, Lettered sub-action, Strand, Responsibility, Date). Check it is the tracker, or add a "
        "row of headings above it, and upload it again."
    )


def test_the_external_entity_is_never_read_into_a_message():
    with pytest.raises(UnreadableFile) as refused:
        read_grid(corpus("external_entity.xlsx"), "external_entity.xlsx")
    assert "root:" not in str(refused.value)


# Limits ----------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(settings):
    settings.IMPORT_MAX_BYTES = 4 * 1024
    with pytest.raises(UnreadableFile) as refused:
        read_grid(corpus("good_tracker.xlsx"), "good_tracker.xlsx")
    assert str(refused.value).startswith("'good_tracker.xlsx' is 6 KB; the import reads files of up to 4 KB.")
    assert "Delete the sheets, pictures or rows the tracker does not need" in str(refused.value)


def test_a_50_mb_file_is_refused_by_its_size(tmp_path):
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(UnreadableFile) as refused:
        read_grid(path.read_bytes(), "huge.xlsx")
    assert str(refused.value).startswith("'huge.xlsx' is 50 MB; the import reads files of up to 10 MB.")


def test_the_unpacked_size_limit_is_a_setting(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10 * 1024
    with pytest.raises(UnreadableFile, match="would unpack to"):
        read_grid(corpus("good_tracker.xlsx"), "good_tracker.xlsx")


def test_a_sheet_with_more_rows_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(UnreadableFile) as refused:
        read_grid(corpus("good_tracker.xlsx"), "good_tracker.xlsx")
    assert "The sheet 'Hate Crime' in 'good_tracker.xlsx' has data below row 5" in str(refused.value)


def test_blank_rows_below_the_data_do_not_count_against_the_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 5
    grid = read_grid(corpus("blank_rows.xlsx"), "blank_rows.xlsx")
    assert len(grid.rows) == 3


def test_a_csv_with_more_rows_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    data = b"Ref,Action\n1,a\n2,b\n3,c\n"
    with pytest.raises(UnreadableFile, match="has data below row 2"):
        read_grid(data, "long.csv")


def test_a_sheet_with_more_cells_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_CELLS = 20
    with pytest.raises(UnreadableFile, match="more than the 20 cells the import reads"):
        read_grid(corpus("good_tracker.xlsx"), "good_tracker.xlsx")


def test_one_stray_cell_far_to_the_right_is_named(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Ref", "Action"])
    workbook.active["XFD40"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(UnreadableFile) as refused:
        read_grid(buffer.getvalue(), "stray.xlsx")
    assert "has something in cell XFD40, far to the right of the rest" in str(refused.value)


# Other files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Ref\tAction\tTarget Date\r\n1\tAct\tOctober 2019\r\n", "utf-8"),
        ("Ref;Action;Target Date\n1;Act;October 2019\n", "utf-8"),
        ("Ref,Action,Target Date\n1,Act,October 2019\n", "utf-8"),
        ("Ref\tAction\tTarget Date\r\n1\tAct\tOctober 2019\r\n", "utf-16"),  # Excel's "Unicode Text"
    ],
)
def test_csv_with_commas_semicolons_or_tabs_is_read(text, encoding):
    grid = read_grid(text.encode(encoding), "tracker.csv")
    assert grid.rows == [["Ref", "Action", "Target Date"], ["1", "Act", "October 2019"]]


def test_a_csv_with_an_unclosed_quotation_mark_names_its_line(settings):
    settings.IMPORT_MAX_CELLS = 10
    data = b'Ref,Action\n1,"Act\n' + b"x" * 200_000
    with pytest.raises(UnreadableFile, match="a quotation mark seems to open a cell that never closes"):
        read_grid(data, "quote.csv")


def test_cell_names_are_excels():
    assert cell_name(13, 2) == "C14"
    assert cell_name(0, 26) == "AA1"


# Random and damaged files never raise anything but UnreadableFile ---------------


def _reads_or_refuses(data: bytes) -> None:
    try:
        grid = read_grid(data, "fuzz.xlsx")
    except UnreadableFile as refused:
        assert str(refused)
        return
    heading_row = find_heading_row(grid)
    if heading_row is not None:
        read_plan(grid, heading_row=heading_row, mapping=guess_mapping(headings_of(grid, heading_row)))


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_are_read_or_refused_with_a_message(data):
    _reads_or_refuses(data)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_workbook_is_read_or_refused_with_a_message(data):
    good = bytearray(corpus("good_tracker.xlsx"))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(good) - 1))
        good[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(good) // 2, len(good)))
    _reads_or_refuses(bytes(good[:cut]))


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), max_size=8), max_size=12))
def test_any_csv_is_read_or_refused_with_a_message(rows):
    text = "\n".join(",".join(row) for row in rows)
    _reads_or_refuses(text.encode("utf-8", "surrogatepass"))


# Headings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Ref", "reference"),
        ("No.", "reference"),
        ("Recommendation", "recommendation"),
        ("Action", "action"),
        ("Agreed Action", "action"),
        ("Lead Officer", "responsibility"),
        ("Responsibility", "responsibility"),
        ("Lead Organisation Partner(s)", "responsibility"),
        ("Lead Organisation / Partner(s)", "responsibility"),
        ("Target Date", "target"),
        ("Timeframe", "target"),
        ("Timescale", "target"),
        ("Date", "target"),
        ("Progress", "progress"),
        ("Progress to date", "progress"),
        ("Evidence of Progress (March 2020)", "progress"),
        ("Progress to date – Q1 2010 RAG", "progress"),
        ("Status", "grade"),
        ("RAG", "grade"),
        ("Assessment of Progress", "grade"),
        ("Assessment of Progress (March 2020): (include explanation if required)", "grade"),
        ("Outcome", "success_measure"),
        ("Success measure", "success_measure"),
        ("Agreed Success Measure", "success_measure"),
        ("Evidence of Impact", "impact"),
        ("EVIDENCE OF IMPACT (September 2020)", "impact"),
        ("Lettered sub-action", "sub_action"),
    ],
)
def test_the_councils_usual_headings_are_recognised(heading, key):
    assert guess_mapping([heading]) == {0: key}


def test_every_heading_of_the_products_own_export_is_recognised():
    from reports.progress_update.xlsx import COLUMNS

    headings = [heading for heading, _ in COLUMNS]
    mapping = guess_mapping(headings)
    named = {headings[column]: key for column, key in mapping.items()}
    assert named["Round"] == "round"
    assert named["Action reference"] == "reference"
    assert named["Responsibility"] == "responsibility"
    assert named["Date"] == "target"
    assert named["Agreed Action"] == "action"
    assert named["Agreed Success Measure"] == "success_measure"
    assert named["Evidence of Progress"] == "progress"
    assert named["Grade"] == "grade"
    assert named["Explanation"] == "explanation"
    assert named["Evidence of Impact"] == "impact"
    assert named["Strand"] == "strand"
    if "Recommendation text" in headings:
        assert named["Recommendation text"] == "recommendation"
        assert named["Sub-action text"] == "sub_action"
    else:
        assert named["Recommendation"] == "recommendation"
        assert named["Sub-action"] == "sub_action"


def test_the_exports_text_columns_are_preferred_to_its_number_and_letter_columns():
    headings = ["Round", "Recommendation", "Sub-action", "Action reference", "Recommendation text", "Sub-action text"]
    assert guess_mapping(headings) == {0: "round", 3: "reference", 4: "recommendation", 5: "sub_action"}


def test_each_field_is_given_to_one_column_only():
    mapping = guess_mapping(["Action", "Agreed Action", "Progress", "Progress to date"])
    assert mapping == {1: "action", 2: "progress"}


def test_headings_are_compared_without_case_punctuation_or_the_rounds_month():
    assert normalise("  Evidence of  Progress\n(March 2020) ") == "evidence of progress"
    assert normalise("Lead Organisation / Partner(s)") == "lead organisation partner s"
    assert normalise("Sub-action") == "sub action"


def test_a_month_in_a_heading_is_the_rounds():
    assert period_in_heading("Evidence of Progress (March 2020)") == MARCH_2020
    assert period_in_heading("Evidence of Impact (Sept 2020)") == SEPTEMBER_2020
    assert period_in_heading("Evidence of Progress") is None


def test_the_heading_row_is_found_under_a_title():
    grid = Grid(
        "t.csv",
        "",
        [
            ["Hate Crime Action Plan 2018 - 2019", None, None],
            ["1. Preventing Hate Crime", None, None],
            ["Ref", "Action", "Target Date"],
            ["1", "Act", "October 2019"],
        ],
    )
    assert find_heading_row(grid) == 2


def test_fields_of_the_scrutiny_action_plan_are_in_the_councils_words():
    assert [(field.key, field.label) for field in SCRUTINY_ACTION_PLAN] == [
        ("reference", "Reference"),
        ("recommendation", "Recommendation"),
        ("sub_action", "Lettered sub-action"),
        ("strand", "Strand"),
        ("responsibility", "Responsibility"),
        ("target", "Date"),
        ("new_target", "New date"),
        ("action", "Agreed Action"),
        ("success_measure", "Agreed Success Measure"),
        ("round", "Round"),
        ("progress", "Evidence of Progress"),
        ("grade", "Assessment of Progress"),
        ("explanation", "Explanation"),
        ("impact", "Evidence of Impact"),
        ("council_reference", "Council's reference"),
        ("executive_response", "Executive response"),
        ("council_action_reference", "Council's action reference"),
    ]


def test_the_readme_describes_every_file_in_the_corpus():
    readme = (CORPUS / "README.md").read_text()
    assert [name for name in FILES if f"`{name}`" not in readme] == []


# Rows into a plan ----------------------------------------------------------------

COUNCIL = ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date", "Progress", "Status"]


def sheet(*rows, headings=COUNCIL) -> Grid:
    width = len(headings)
    return Grid("tracker.xlsx", "Tracker", [list(headings), *[list(row) + [None] * (width - len(row)) for row in rows]])


def plan_of_rows(*rows, headings=COUNCIL, period=None):
    grid = sheet(*rows, headings=headings)
    return read_plan(grid, heading_row=0, mapping=guess_mapping(headings), period=period)


@pytest.mark.parametrize(
    ("reference", "key"),
    [
        ("1", (1, "", "")),
        ("1a", (1, "a", "")),
        ("1 a)", (1, "a", "")),
        ("1(a)", (1, "a", "")),
        ("1.a", (1, "a", "")),
        ("1A", (1, "a", "")),
        ("R1", (1, "", "")),
        ("Rec 1", (1, "", "")),
        ("Recommendation 1", (1, "", "")),
        ("1 a) Frontline staff", (1, "a", "Frontline staff")),
        (2.0, (2, "", "")),
    ],
)
def test_references_are_read_as_councils_write_them(reference, key):
    plan = plan_of_rows([reference, None, "Act", "Tahir Ali", "October 2019"])
    assert plan.problems == []
    assert plan.actions[0].key == key


@pytest.mark.parametrize("written", ["SR (25/26) 01", "R3", "3.2", "Rec 7", "1.1"])
def test_the_councils_own_reference_is_kept_as_written_and_ours_follows_the_files_order(written):
    plan = plan_of_rows(
        [written, "That the council acts", None, "Tahir Ali", "October 2019"],
        ["Other", "That the council listens", None, "Tahir Ali", "October 2019"],
    )
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "", ""), (2, "", "")]
    assert plan.council_references == {1: written, 2: "Other"}


@pytest.mark.parametrize(
    ("target", "month", "words"),
    [
        ("October 2019", OCTOBER_2019, ""),
        ("Oct 2019", OCTOBER_2019, ""),
        ("10/2019", OCTOBER_2019, ""),
        ("2019-10", OCTOBER_2019, ""),
        ("15/10/2019", OCTOBER_2019, ""),  # British day first
        (datetime.datetime(2019, 10, 15), OCTOBER_2019, ""),
        (43753, OCTOBER_2019, ""),  # Excel's serial number for 15 October 2019
        ("43753", OCTOBER_2019, ""),  # the same, as a CSV holds it
        ("Reviewed throughout the year 2019", None, "Reviewed throughout the year 2019"),
        ("Ongoing", None, "Ongoing"),
        ("Quarterly updates Starting in September 2018", None, "Quarterly updates Starting in September 2018"),
    ],
)
def test_a_target_is_a_month_or_the_plans_own_words(target, month, words):
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", target])
    assert plan.problems == []
    assert (plan.actions[0].target_month, plan.actions[0].target_text) == (month, words)


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("Sept 19", "; to have it counted, write it as 'September 2019' (years need four figures)"),
        ("10/19", "; to have it counted, write it as 'October 2019' (years need four figures)"),
        ("15/10/19", "; to have it counted, write it as 'October 2019' (years need four figures)"),
        ("13/2019", " (there is no month 13)"),
        ("31/02/2020", "; to have it counted, write the month, such as 'October 2019'"),
        ("October", "; to have it counted, write the month with its year, such as 'October 2019'"),
    ],
)
def test_a_target_that_looks_like_a_date_but_is_not_one_is_kept_as_typed_and_said(target, said):
    """The paper's words are printed as it has them (issue 73): never
    refused, never guessed; the note says why its month is not known."""
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", target])
    assert plan.problems == []
    assert (plan.actions[0].target_month, plan.actions[0].target_text) == (None, target)
    assert plan.notes == [
        f"E2: '{target}' is kept as typed and printed as the paper has it, as its month cannot be told, and its "
        f"action is not listed as overdue{said}."
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (7, "E2: '7' is not a month: write the month, such as 'October 2019'"),
        ("7", "E2: '7' is not a month: write the month, such as 'October 2019'"),  # as a CSV holds it
        (None, "E2: no Date: write the target month, such as 'October 2019', or the plan's words"),
    ],
)
def test_a_target_that_looks_like_a_date_but_is_not_one_is_a_problem_by_its_cell(target, message):
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", target])
    assert problems(plan) == [message]
    assert plan.actions == []


@pytest.mark.parametrize(
    ("status", "grade"),
    [
        (1, 1),
        ("2", 2),
        ("1 (Fully Achieved)", 1),
        ("2 (On-Track)", 2),
        ("Fully Achieved", 1),
        ("fully achieved.", 1),
        ("On-Track", 2),
        ("Slipped", 3),
        ("NOT ACHIEVED", 4),
    ],
)
def test_a_grade_is_read_from_its_number_or_its_words(status, grade):
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", "October 2019", "Done", status], period=MARCH_2020)
    assert plan.problems == []
    assert plan.actions[0].entries[0].grade == grade
    assert plan.statuses == {}


def test_a_label_written_otherwise_is_the_councils_own_grade_until_the_scale_is_the_councils(administrator):
    """On the service's first scale, a file's "On track" is the council's
    word, to become its grade as written; once the council has graded with
    the scale, it is the scale's On-Track however it is written."""
    row = ["1", None, "Act", "Tahir Ali", "October 2019", "Done", "On track"]
    plan = plan_of_rows(row, period=MARCH_2020)
    assert list(plan.statuses) == ["on track"] and plan.actions[0].entries[0].level is None

    grades = [{name: getattr(level, name) for name in ScaleGrade.DEFAULTS} for level in current_scale()]
    GradingScale.make(PROGRESS, grades, by=administrator)  # the council's own from now on
    plan = plan_of_rows(row, period=MARCH_2020)
    assert plan.statuses == {} and plan.actions[0].entries[0].grade == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (5, "G2: '5' is not a grade: write 1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or 4 (Not Achieved)"),
        (
            "2 (Slipped)",
            "G2: '2 (Slipped)' says two grades: write one of 1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or "
            "4 (Not Achieved)",
        ),
    ],
)
def test_a_grade_that_is_not_one_is_a_problem_by_its_cell(status, message):
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", "October 2019", "Done", status], period=MARCH_2020)
    assert problems(plan) == [message]


@pytest.mark.parametrize(
    ("responsibility", "owners"),
    [
        ("Tahir Ali / Louise Crisp", ["Tahir Ali", "Louise Crisp"]),
        ("Tahir Ali, Louise Crisp; Alex Love", ["Tahir Ali", "Louise Crisp", "Alex Love"]),
        ("Vanessa Housley\nDale Metcalfe\r\nAlex Love", ["Vanessa Housley", "Dale Metcalfe", "Alex Love"]),
        ("Tahir Ali and Louise Crisp", ["Tahir Ali", "Louise Crisp"]),
        ("All Stockton hate crime group members", ["All Stockton hate crime group members"]),
        ("SBC Hate Crime Lead", ["SBC Hate Crime Lead"]),
        ("Head of Community Safety and Security", ["Head of Community Safety and Security"]),
        (
            "Police with support from key agencies in SBC and education",
            ["Police with support from key agencies in SBC and education"],
        ),
        ("Tahir Ali, tahir ali", ["Tahir Ali"]),
        ("Policy/Performance Lead", ["Policy/Performance Lead"]),
        ("Head of Policy/Performance", ["Head of Policy/Performance"]),
        ("Tahir Ali/Louise Crisp", ["Tahir Ali", "Louise Crisp"]),
        ("Policy/Performance Lead / Tahir Ali", ["Policy/Performance Lead", "Tahir Ali"]),
        (None, []),
    ],
)
def test_responsibility_is_split_into_names_in_order(responsibility, owners):
    plan = plan_of_rows(["1", None, "Act", responsibility, "October 2019"])
    assert plan.actions[0].owners == owners


def test_progress_belongs_to_the_month_the_clerk_names():
    plan = plan_of_rows(
        ["1", None, "Act", "Tahir Ali", "October 2019", "Done", "Fully Achieved"], period=datetime.date(2020, 3, 17)
    )
    assert [(entry.period, entry.evidence_of_progress, entry.row) for entry in plan.actions[0].entries] == [
        (MARCH_2020, "Done", 2)
    ]


def test_progress_without_a_month_anywhere_asks_for_the_month():
    plan = plan_of_rows(["1", None, "Act", "Tahir Ali", "October 2019", "Done", "Fully Achieved"])
    assert problems(plan) == [
        "The file has progress for the actions but does not say which round it is for: choose the month of the "
        "progress update it belongs to."
    ]
    assert plan.actions[0].entries == []


def test_a_blank_reference_under_a_filled_one_continues_its_recommendation():
    plan = plan_of_rows(
        ["1", "That the council acts", None, None, None],
        [None, None, "Act", "Tahir Ali", "October 2019"],
        ["2", "That the council reports", "Report", "Louise Crisp", "March 2020"],
    )
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "", ""), (2, "", "")]
    assert plan.recommendations == {1: "That the council acts", 2: "That the council reports"}


def test_without_a_reference_column_recommendations_are_numbered_from_their_text_or_in_order():
    headings = ["Recommendation", "Action", "Responsibility", "Date"]
    plan = plan_of_rows(
        ["That the council acts", "Act", "Tahir Ali", "October 2019"],
        ["That the council acts", "Act again", "Tahir Ali", "October 2019"],
        ["That the council reports", "Report", "Tahir Ali", "October 2019"],
        ["Recommendation 5: That the council listens", "Listen", "Tahir Ali", "October 2019"],
        ["That the council learns", "Learn", "Tahir Ali", "October 2019"],
        headings=headings,
    )
    # Two actions under one recommendation, without letters: its a) and b).
    assert problems(plan) == []
    assert [action.key for action in plan.actions][:2] == [(1, "a", ""), (1, "b", "")]
    assert plan.notes == [
        "Row 3: recommendation 1 has more than one action, and they have no letters: they are read as its "
        "lettered actions 1 a), 1 b) … in the file's order."
    ]
    assert plan.recommendations == {
        1: "That the council acts",
        2: "That the council reports",
        5: "That the council listens",
        6: "That the council learns",
    }


def test_lettered_sub_actions_are_read_from_their_own_column():
    headings = ["Ref", "Recommendation", "Sub-action", "Action", "Responsibility", "Date"]
    plan = plan_of_rows(
        ["1", "That the group acts", "a) targeted awareness raising", "Plan", "Satnam Singh", "April 2019"],
        ["1", "That the group acts", "b) an online form", "Form", "Neil Mitchell", "May 2019"],
        headings=headings,
    )
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "a", ""), (1, "b", "")]
    assert plan.sub_actions == {(1, "a"): "targeted awareness raising", (1, "b"): "an online form"}


def test_a_missing_agreed_action_is_a_problem_by_its_cell():
    plan = plan_of_rows(["1", None, None, "Tahir Ali", "October 2019"])
    assert problems(plan) == ["C2: no Agreed Action: every action needs one"]


def test_text_longer_than_the_limit_is_a_problem_by_its_cell(settings):
    settings.SCRUTINY_EVIDENCE_MAX_CHARS = 20
    plan = plan_of_rows(["1", None, "A" * 25, "Tahir Ali", "October 2019"])
    assert problems(plan) == ["C2: the Agreed Action has 25 characters; it may have 20"]


def test_texts_keep_paragraphs_and_bullets_and_lose_control_characters():
    plan = plan_of_rows(
        ["1", None, "First paragraph.\r\n\r\n\r\nSecond:\r\n• one\x07\n* two  ", "Tahir Ali", "October 2019"]
    )
    assert plan.actions[0].agreed_action == "First paragraph.\n\nSecond:\n- one\n- two"


def test_a_file_without_the_columns_an_action_needs_says_which():
    plan = plan_of_rows(["1", "That"], headings=["Ref", "Recommendation"])
    assert problems(plan) == [
        "No column is the Date (the target). Say which column holds it.",
    ]


def test_a_column_left_out_whose_heading_is_a_field_says_so_rather_than_that_it_is_none():
    """A council's 'Comments' is Evidence of Progress to the guess; the
    clerk who sets it to Not imported is told it was left out, not that its
    heading means nothing. 'Officer notes' only mentions an officer."""
    from actionplans.importing.reading import from_grid

    grid = sheet(
        ["1", "That", "Act", "Tahir Ali", "October 2019", "Begun", "Green", "ask legal", "x"],
        headings=[*COUNCIL[:5], "Progress", "Status", "Comments", "Officer notes"],
    )
    mapping = {0: "reference", 1: "recommendation", 2: "action", 3: "responsibility", 4: "target", 5: "progress"}
    notes = from_grid(grid, period=MARCH_2020, mapping=mapping).plan.notes
    assert [note for note in notes if "is not read" in note] == [
        "Column G ('Status') is not read: it is set to Not imported, though its heading reads as Assessment of "
        "Progress. If it is that, choose it under 'The file's columns' and preview again.",
        "Column H ('Comments') is not read: it is set to Not imported, though its heading reads as Evidence of "
        "Progress. If it is that, choose it under 'The file's columns' and preview again.",
        "Column I ('Officer notes') is not read: its heading is not one of a plan's fields. If it is one, choose its "
        "field under 'The file's columns' and preview again.",
    ]


EXPORT = ["Round", "Action reference", "Responsibility", "Date", "Agreed Action", "Evidence of Progress", "Grade"]


def test_rows_of_one_action_in_several_rounds_are_one_action_with_an_entry_per_round():
    plan = plan_of_rows(
        ["March 2020", "1 a)", "Tahir Ali", "October 2019", "Act", "Started", 2],
        [datetime.datetime(2020, 9, 1), "1 a)", "Tahir Ali", "October 2019", "Act", "Done", 1],
        headings=EXPORT,
    )
    assert plan.problems == []
    assert len(plan.actions) == 1
    assert [(entry.period, entry.grade, entry.row) for entry in plan.actions[0].entries] == [
        (MARCH_2020, 2, 2),
        (SEPTEMBER_2020, 1, 3),
    ]


def test_the_same_action_twice_in_one_round_is_a_problem_naming_the_second():
    plan = plan_of_rows(
        ["March 2020", "1 a)", "Tahir Ali", "October 2019", "Act", "Started", 2],
        ["March 2020", "1 a)", "Tahir Ali", "October 2019", "Act", "Done", 1],
        headings=EXPORT,
    )
    assert problems(plan) == [
        "B3: 1 a) already has a March 2020 update above: keep one row per action per round",
    ]


def test_a_round_that_is_not_a_month_is_a_problem_by_its_cell():
    plan = plan_of_rows(["Spring", "1 a)", "Tahir Ali", "October 2019", "Act", "Started", 2], headings=EXPORT)
    assert problems(plan) == ["A2: 'Spring' is not a month: write the round's month, such as 'March 2020'"]


def test_the_demo_review_comes_back_from_the_products_own_export(demo):
    from actionplans.models import Action
    from reports.documents import ExportOptions
    from reports.progress_update.builder import build_progress_update
    from reports.progress_update.xlsx import render_xlsx

    rounds = list(demo.rounds.order_by("period"))
    document = build_progress_update(demo, rounds=rounds, full_history=True)
    data = render_xlsx(document, ExportOptions(full_history=True))
    plan = plan_of(read_grid(data, "Hate Crime.xlsx"))

    assert plan.problems == []
    assert sum(len(action.entries) for action in plan.actions) > 10
    actions = Action.objects.filter(recommendation__review=demo).select_related("recommendation", "sub_action")
    expected = {(a.recommendation.number, a.sub_action.letter if a.sub_action else "", a.strand) for a in actions}
    assert len(expected) > 10
    assert {action.key for action in plan.actions} == expected
    assert plan.periods == [round.period for round in rounds]
    by_key = {action.key: action for action in plan.actions}
    for action in actions:
        imported = by_key[
            (action.recommendation.number, action.sub_action.letter if action.sub_action else "", action.strand)
        ]
        assert imported.agreed_action == action.agreed_action.replace("\r\n", "\n").strip()
        assert (imported.target_month, imported.target_text) == (action.target_month, action.target_text)


def _rewritten(data: bytes, name: str | None, change, extra=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == name else content)
        for extra_name, content in (extra or {}).items():
            target.writestr(extra_name, content)
    return out.getvalue()


DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    "prologue",
    [
        b"<!-- <worksheet> -->" + DOCTYPE,  # something like an element, in a comment, before it
        b"<!--" + b" " * 70_000 + b"-->" + DOCTYPE,  # a DOCTYPE pushed past what is read
        b"<?xml-stylesheet href='a'?>\n<!-- note -->\n" + DOCTYPE,
    ],
)
def test_a_doctype_hidden_behind_comments_is_refused(prologue):
    def hide(content):
        return content.replace(b"<worksheet", prologue + b"<worksheet", 1)

    data = _rewritten(corpus("workbook_renamed.csv"), "xl/worksheets/sheet1.xml", hide)
    with pytest.raises(UnreadableFile, match="of the kind used to attack web sites"):
        read_grid(data, "hidden.xlsx")


def test_a_doctype_in_a_utf16_part_is_refused():
    def utf16(content):
        text = content.decode("utf-8").replace("<worksheet", DOCTYPE.decode() + "<worksheet", 1)
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    data = _rewritten(corpus("workbook_renamed.csv"), "xl/worksheets/sheet1.xml", utf16)
    with pytest.raises(UnreadableFile, match="of the kind used to attack web sites"):
        read_grid(data, "utf16.xlsx")


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["1", "1a", "1 a)", "R2", "October 2019", "Sept 19", "2", "Green", "Tahir Ali / Louise Crisp"]),
    st.integers(-5, 80_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)
KEYS = [field.key for field in SCRUTINY_ACTION_PLAN]


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL_VALUES, min_size=6, max_size=6), max_size=10),
    keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True),
    period=st.one_of(st.none(), st.dates()),
)
def test_any_grid_and_any_mapping_give_a_plan_or_problems(rows, keys, period):
    grid = Grid("fuzz.xlsx", "Sheet", [["heading"] * 6, *rows])
    plan = read_plan(grid, heading_row=0, mapping=dict(enumerate(keys)), period=period)
    for problem in plan.problems:
        assert problem.message


def test_a_recommendation_column_holding_lettered_sub_actions_gives_their_texts():
    plan = plan_of_rows(
        ["1", "That the group acts on:", None, None, None],
        ["1a", "a) targeted awareness raising", "Plan", "Satnam Singh", "April 2019"],
        ["1b", "b) an online form", "Form", "Neil Mitchell", "May 2019"],
    )
    assert plan.problems == []
    assert plan.recommendations == {1: "That the group acts on:"}
    assert plan.sub_actions == {(1, "a"): "targeted awareness raising", (1, "b"): "an online form"}
    assert [action.key for action in plan.actions] == [(1, "a", ""), (1, "b", "")]


def test_a_few_stray_control_characters_do_not_make_a_csv_unreadable():
    grid = read_grid(b"Ref,Action\n1,Act\x0bnow\n", "tracker.csv")
    assert grid.rows[1] == ["1", "Act\x0bnow"]


def test_a_binary_workbook_is_refused_with_how_to_save_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\0\1\2")
    with pytest.raises(UnreadableFile, match=r"is an Excel Binary Workbook \(\.xlsb\)"):
        read_grid(out.getvalue(), "tracker.xlsb")


@pytest.mark.parametrize(
    "encoding, declared",
    [
        ("utf-16-be", "UTF-16"),  # no byte-order mark: expat reads it as big-endian
        ("utf-16-le", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("latin-1", "ISO-8859-1"),  # declared, in bytes that look like UTF-8
    ],
)
def test_a_part_in_any_encoding_but_utf8_is_refused_even_without_a_doctype(encoding, declared):
    def recoded(content):
        text = re.sub(r"^<\?xml[^>]*\?>", "", content.decode())
        return (f'<?xml version="1.0" encoding="{declared}"?>' + text).encode(encoding)

    data = _rewritten(corpus("workbook_renamed.csv"), "xl/worksheets/sheet1.xml", recoded)
    with pytest.raises(UnreadableFile, match="of the kind used to attack web sites"):
        read_grid(data, "recoded.xlsx")


def test_a_picture_whose_first_bytes_hold_nuls_is_no_xml_to_refuse():
    emf = b"\x01\x00\x00\x00" + bytes(range(256)) * 4
    data = _rewritten(corpus("workbook_renamed.csv"), None, None, extra={"xl/media/image1.emf": emf})
    assert read_grid(data, "picture.xlsx").rows


def test_serial_dates_of_a_workbook_in_the_1904_date_system_are_read_from_its_epoch():
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904  # saved as <workbookPr date1904="1"/>, as old Mac Excel did
    sheet = workbook.active
    sheet.append(["Ref", "Recommendation", "Action", "Lead Officer", "Target Date"])
    sheet.append(["1", "That the council acts", "Act", "Tahir Ali", datetime.date(2019, 10, 1)])  # styled a date
    sheet.append(
        ["2", "That the council acts", "Act", "Tahir Ali", 42000]
    )  # 28 December 2018 from 1904 (2014 from 1900)
    buffer = io.BytesIO()
    workbook.save(buffer)
    grid = read_grid(buffer.getvalue(), "mac.xlsx")
    plan = read_plan(grid, heading_row=0, mapping=guess_mapping([str(v) for v in grid.rows[0]], SCRUTINY_ACTION_PLAN))
    assert plan.problems == []
    assert [action.target_month for action in plan.actions] == [datetime.date(2019, 10, 1), datetime.date(2018, 12, 1)]


def test_a_row_with_several_problems_names_them_all_at_once():
    """One upload shows every problem of the row: a bad Date, a missing
    Agreed Action and a bad grade, not one of them per upload."""
    plan = plan_of_rows(
        [1, None, None, "Tahir Ali", 7, "Done", "7"],
        headings=["Ref", "Recommendation", "Action", "Lead Officer", "Target Date", "Progress", "Grade"],
        period=datetime.date(2020, 3, 1),
    )
    found = problems(plan)
    assert [problem[:3] for problem in found] == ["E2:", "C2:", "G2:"], found
    assert "no Agreed Action" in found[1] and "is not a grade" in found[2]
    assert plan.actions == []


def test_a_row_that_only_heads_a_section_is_set_aside_with_a_note():
    plan = plan_of_rows(
        ["March 2024"],
        ["1", "That the council acts", "Act", "Tahir Ali", "October 2019"],
        ["Theme 2: Housing", "Theme 2: Housing", "Theme 2: Housing", "Theme 2: Housing", "Theme 2: Housing"],
        ["2", "That the council listens", "Listen", "Tahir Ali", "October 2019"],
    )
    assert plan.problems == []
    assert [action.key for action in plan.actions] == [(1, "", ""), (2, "", "")]
    assert plan.notes == [
        "Row 2: 'March 2024' heads a section of the file (a month, as a log's meetings head their rows), and is "
        "not an action: it is set aside, and the rows under it are read as they are.",
        "Row 4: 'Theme 2: Housing' heads a section of the file (a heading), and is not an action: it is set "
        "aside, and the rows under it are read as they are.",
    ]


def test_a_status_word_is_the_files_own_and_takes_the_meaning_given_once():
    from actionplans.importing.grades import GradeAnswer, apply_answers

    plan = plan_of_rows(
        ["1", None, "Act", "Tahir Ali", "October 2019", "Done", "Amber"],
        ["2", None, "Act", "Tahir Ali", "October 2019", "Done", "amber"],
        ["3", None, "Act", "Tahir Ali", "October 2019", "Done", "Not yet due"],
        period=MARCH_2020,
    )
    assert plan.problems == []
    assert {key: (value.word, value.cells) for key, value in plan.statuses.items()} == {
        "amber": ("Amber", ["G2", "G3"]),
        "not yet due": ("Not yet due", ["G4"]),
    }
    apply_answers(plan, {"amber": GradeAnswer("Amber", role="at_risk", colour="amber")})
    assert [entry.grade for action in plan.actions for entry in action.entries] == [3, 3, None]
    assert problems(plan) == [
        "'Not yet due' (G4) is the file's own grade: say what it is on the preview, once for every cell that has it."
    ]
