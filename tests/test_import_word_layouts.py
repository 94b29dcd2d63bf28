"""Issue 56, item 3: Word papers in a table per recommendation as councils
lay them out around their tables: the review's details in a header table
or in the paragraphs above, a table's title or note above its headings,
each imported through the pages as a clerk imports it."""

import datetime
import io

import docx
import pytest

from actionplans.models import Action, Owner, ProgressEntry, Review
from tests.documents import page_text
from tests.factories import make_review
from tests.test_import_trackers import confirm, preview_again, upload

pytestmark = pytest.mark.django_db

HEADINGS = ["Action", "Lead", "Target", "Update", "Status"]
R1 = "That the Council publishes a map of fly-tipping hotspots every quarter."
R2 = "That the Council doubles the fixed penalty for fly-tipping."
R1_ROWS = [
    ["Publish the first hotspot map", "Sam Patel", "October 2025", "Published on 1 October.", "Complete"],
    ["Add reports from the app to the map", "Sam Patel", "March 2026", "Data feed being built.", "On track"],
]
R2_ROWS = [["Take the penalty to Cabinet", "Ruth Ames", "December 2025", "Report drafted.", "On track"]]


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_table(document, rows, *, title: str = ""):
    """A table of actions; `title`: a row above its headings, merged across."""
    table = document.add_table(rows=0, cols=len(HEADINGS))
    if title:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = title
    for values in [HEADINGS, *rows]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table


def paper_with_a_header_table() -> bytes:
    """The review's details in a table of their own under the paper's
    headings; R1 in its table's first row, R2's table with a note above
    its headings."""
    document = docx.Document()
    document.add_heading("Scrutiny review of fly-tipping", level=1)
    document.add_heading("Progress update – October 2025", level=2)
    header = document.add_table(rows=0, cols=2)
    for label, value in [
        ("Review", "Fly-tipping"),
        ("Committee", "Place Select Committee"),
        ("Link officer", "Sam Patel"),
        ("Action plan agreed", "March 2025"),
        ("Date of meeting", "12 November 2025"),
    ]:
        cells = header.add_row().cells
        cells[0].text, cells[1].text = label, value
    add_table(document, R1_ROWS, title=f"R1 {R1}")
    document.add_paragraph(f"R2 {R2}")
    add_table(document, R2_ROWS, title="Updated by the service in October 2025")
    return save(document)


def paper_with_heading_paragraphs() -> bytes:
    """The review's details as the seeds print them, a paragraph each,
    under the paper's headings and above the first table."""
    document = docx.Document()
    document.add_heading("Scrutiny review of fly-tipping", level=1)
    document.add_heading("Progress update – October 2025", level=2)
    document.add_paragraph("Review: Fly-tipping")
    document.add_paragraph("Link Officer/s: Sam Patel")
    document.add_paragraph("Action Plan Agreed: March 2025")
    document.add_paragraph(f"R1 {R1}")
    add_table(document, R1_ROWS)
    document.add_paragraph(f"R2 {R2}")
    add_table(document, R2_ROWS)
    return save(document)


@pytest.fixture
def review(db):
    return make_review(title="Fly-tipping", status=Review.Status.SETTING_UP)


def import_it(client, clerk, review, data, capture):
    client.force_login(clerk)
    preview = upload(client, review, data, "fly-tipping.docx", period_month="10", period_year="2025")
    questions = {"people", "progress", "status"}
    assert not [str(problem) for problem in preview.context["preview"].problems if problem.fix not in questions]
    preview = preview_again(client, preview, create_people="on")
    with capture(execute=True):
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    return page_text(preview.content)


def saved(review) -> list[tuple]:
    actions = Action.objects.filter(recommendation__review=review).select_related("recommendation")
    return sorted((a.reference, a.recommendation.council_reference, a.agreed_action) for a in actions)


EXPECTED = [
    ("1 a)", "R1", R1_ROWS[0][0]),
    ("1 b)", "R1", R1_ROWS[1][0]),
    ("2", "R2", R2_ROWS[0][0]),
]


def test_a_header_table_gives_the_reviews_details_and_titles_above_headings_are_read(
    client, clerk, review, django_capture_on_commit_callbacks
):
    text = import_it(client, clerk, review, paper_with_a_header_table(), django_capture_on_commit_callbacks)
    assert "Link officer/s: Sam Patel" in text
    assert "Action plan agreed: March 2025 (now March 2019)" in text
    assert "Table 1, row 5 ('Date of meeting 12 November 2025') is not read: it is not one of the review's" in text
    assert "Table 3, row 1 ('Updated by the service in October 2025') is above the table's headings and is" in text
    assert "Table 1 is not read" not in text
    assert "The 2 paragraphs at the top of the paper (its title and introduction) are not read." in text
    assert saved(review) == EXPECTED
    review.refresh_from_db()
    assert review.action_plan_agreed == datetime.date(2025, 3, 1)
    assert [o.name for o in review.link_officers_in_order()] == ["Sam Patel"]


def test_the_reviews_details_in_paragraphs_above_the_tables_are_read_as_the_seeds_are(
    client, clerk, review, django_capture_on_commit_callbacks
):
    text = import_it(client, clerk, review, paper_with_heading_paragraphs(), django_capture_on_commit_callbacks)
    assert "Link officer/s: Sam Patel" in text
    assert "The 2 paragraphs at the top of the paper (its title and introduction) are not read." in text
    assert saved(review) == EXPECTED
    review.refresh_from_db()
    assert review.action_plan_agreed == datetime.date(2025, 3, 1)


def test_the_month_a_heading_above_the_tables_names_is_the_progress_month(
    client, clerk, review, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    preview = upload(client, review, paper_with_a_header_table(), "fly-tipping.docx")  # no month given
    assert not [problem for problem in preview.context["preview"].problems if problem.fix == "month"]
    text = page_text(preview.content)
    assert "The paper's heading 'Progress update – October 2025' names its month: its progress is read as" in text
    preview = preview_again(client, preview, create_people="on")
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview, create_people="on")
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    assert list(review.rounds.values_list("period", flat=True)) == [datetime.date(2025, 10, 1)]


def test_a_review_detail_the_import_cannot_read_is_named_where_the_paper_has_it(client, clerk, review):
    document = docx.Document()
    document.add_paragraph("Action Plan Agreed: soon")
    document.add_paragraph(f"R1 {R1}")
    add_table(document, R1_ROWS)
    client.force_login(clerk)
    preview = upload(client, review, save(document), "fly-tipping.docx", period_month="10", period_year="2025")
    found = [str(problem) for problem in preview.context["preview"].problems]
    assert any(p.startswith("The paragraph before table 1, Action Plan Agreed: 'soon'") for p in found), found
    assert not Action.objects.exists()


# Numbering in the tables ------------------------------------------------

NUMBERED = ["Ref", *HEADINGS]


def numbered_paper(references: list[str]) -> bytes:
    """Each table under its recommendation's paragraph, its actions
    numbered in a Ref column as the council numbers them."""
    document = docx.Document()
    numbered = iter(references)
    for heading, rows in [(f"R1 {R1}", R1_ROWS), (f"R2 {R2}", R2_ROWS)]:
        document.add_paragraph(heading)
        table = document.add_table(rows=0, cols=len(NUMBERED))
        for values in [NUMBERED, *([next(numbered), *row] for row in rows)]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    return save(document)


def councils_references(review) -> list[tuple]:
    actions = Action.objects.filter(recommendation__review=review).select_related("recommendation")
    return sorted(
        (a.reference, a.recommendation.council_reference, a.council_reference, a.recommendation.text) for a in actions
    )


def test_actions_numbered_1_1_and_1_2_are_recommendation_1s_keeping_their_numbers(
    client, clerk, review, django_capture_on_commit_callbacks
):
    data = numbered_paper(["1.1", "1.2", "2.1"])
    text = import_it(client, clerk, review, data, django_capture_on_commit_callbacks)
    assert "heads a section of the file" not in text  # the recommendations' paragraphs are read
    assert councils_references(review) == [
        ("1 a)", "R1", "1.1", R1),
        ("1 b)", "R1", "1.2", R1),
        ("2", "R2", "2.1", R2),
    ]


def test_actions_lettered_1_a_and_1_b_are_recommendation_1s(client, clerk, review, django_capture_on_commit_callbacks):
    import_it(client, clerk, review, numbered_paper(["1 a)", "1 b)", "2 a)"]), django_capture_on_commit_callbacks)
    assert councils_references(review) == [
        ("1 a)", "R1", "", R1),
        ("1 b)", "R1", "", R1),
        ("2 a)", "R2", "", R2),
    ]


def test_a_tracker_numbering_its_actions_1_1_under_a_row_1_reads_them_as_recommendation_1s(review):
    from actionplans.importing import reading
    from tests.test_import_trackers import workbook

    data = workbook(
        ["Ref", "Recommendation", "Action", "Lead", "Target"],
        ["1", R1, None, None, None],
        ["1.1", None, "Publish the first hotspot map", "Sam Patel", "October 2025"],
        ["1.2", None, "Add reports from the app to the map", "Sam Patel", "March 2026"],
        ["2", R2, "Take the penalty to Cabinet", "Ruth Ames", "December 2025"],
    )
    plan = reading.read(data, "tracker.xlsx").plan
    assert not plan.problems, [str(problem) for problem in plan.problems]
    assert [(a.recommendation, a.letter, a.council_reference) for a in plan.actions] == [
        (1, "a", "1.1"),
        (1, "b", "1.2"),
        (2, "", ""),
    ]


# Status in a row --------------------------------------------------------

UNGRADED = HEADINGS[:-1]


def paper_with_status_rows(status_row) -> bytes:
    """Tables of Action | Lead | Target | Update, each action's status in
    a row of its own under it, as `status_row(table, status)` writes it."""
    document = docx.Document()
    for heading, rows in [(f"R1 {R1}", R1_ROWS), (f"R2 {R2}", R2_ROWS)]:
        document.add_paragraph(heading)
        table = document.add_table(rows=0, cols=len(UNGRADED))
        for cell, value in zip(table.add_row().cells, UNGRADED, strict=True):
            cell.text = value
        for row in rows:
            for cell, value in zip(table.add_row().cells, row[:-1], strict=True):
                cell.text = value
            status_row(table, row[-1])
    return save(document)


def status_in_one_cell(table, status):
    row = table.add_row()
    row.cells[0].merge(row.cells[-1]).text = f"Status: {status}"


def rag_beside_its_value(table, status):
    row = table.add_row()
    row.cells[0].text = "RAG"
    row.cells[1].merge(row.cells[-1]).text = status


@pytest.mark.parametrize("status_row", [status_in_one_cell, rag_beside_its_value])
def test_a_status_in_a_row_under_the_action_is_the_actions_grade(
    client, clerk, review, django_capture_on_commit_callbacks, status_row
):
    text = import_it(client, clerk, review, paper_with_status_rows(status_row), django_capture_on_commit_callbacks)
    label = "Status" if status_row is status_in_one_cell else "RAG"
    assert f"A row of its own gives an action's {label} (Table 1, row 3; Table 1, row 5; Table 2, row 3)" in text
    assert f"Complete (Table 1, row 3, {label})" in text  # the status word, named where the paper has it
    graded = ProgressEntry.objects.filter(action__recommendation__review=review)
    assert sorted((e.action.reference, e.grade) for e in graded.select_related("action")) == [
        ("1 a)", 1),
        ("1 b)", 2),
        ("2", 2),
    ]


# Owners as job titles ---------------------------------------------------


def test_an_owner_that_reads_as_a_job_title_is_asked_about_and_comes_in_as_a_post(
    client, clerk, review, django_capture_on_commit_callbacks
):
    rows = [
        ["Publish the first hotspot map", "Head of Waste Services", "October 2025", "Published.", "Complete"],
        ["Add reports from the app to the map", "Director of Place", "March 2026", "Being built.", "On track"],
        ["Brief the wardens", "Sam Patel", "March 2026", "Done in September.", "Complete"],
    ]
    document = docx.Document()
    document.add_paragraph(f"R1 {R1}")
    add_table(document, rows)
    client.force_login(clerk)
    preview = upload(client, review, save(document), "fly-tipping.docx", period_month="10", period_year="2025")
    text = page_text(preview.content)
    assert "Head of Waste Services (as a post)" in text and "Director of Place (as a post)" in text
    assert "Sam Patel (as a" not in text
    assert "Names that look like posts, teams or groups" in text
    assert "Director of Place is a person" in text and "Sam Patel is a person" not in text
    # The clerk says the Director's post is the person they mean to create.
    answer = {"create_people": "on", "as_people": ["Director of Place"]}
    preview = preview_again(client, preview, **answer)
    assert "Director of Place (as a post)" not in page_text(preview.content)
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, preview, **answer)
    assert done.status_code == 302, [str(problem) for problem in done.context["preview"].problems]
    kinds = dict(Owner.objects.values_list("name", "kind"))
    assert (kinds["Head of Waste Services"], kinds["Director of Place"], kinds["Sam Patel"]) == (
        Owner.Kind.ROLE,
        Owner.Kind.PERSON,
        Owner.Kind.PERSON,
    )


# A paper the import cannot read -----------------------------------------


def test_a_table_of_actions_with_other_headings_stops_the_import_naming_table_row_and_what_was_expected(
    client, clerk, review
):
    document = docx.Document()
    document.add_paragraph(f"R1 {R1}")
    add_table(document, R1_ROWS)
    document.add_paragraph(f"R2 {R2}")
    table = document.add_table(rows=0, cols=4)
    for values in [["Action", "Lead", "Due", "Progress"], R2_ROWS[0][:4]]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    client.force_login(clerk)
    preview = upload(client, review, save(document), "fly-tipping.docx", period_month="10", period_year="2025")
    found = [str(problem) for problem in preview.context["preview"].problems]
    expected = (
        "Table 2, row 1: its headings (Action | Lead | Due | Progress) are not those of the first table of actions "
        "(Action | Lead | Target | Update | Status): give every table of actions the same headings"
    )
    assert any(problem.startswith(expected) for problem in found), found
    # Who is new is named where the paper names them, too.
    assert "Table 1, row 2, Lead: Nobody called 'Sam Patel' is responsible for anything yet" in " ".join(found)
    refused = confirm(client, preview, create_people="on")
    assert refused.status_code == 200
    assert not Action.objects.exists()  # not half-imported: R1's table is not saved without R2's


def test_a_paper_whose_tables_lack_a_field_names_the_table_and_its_headings(client, clerk, review):
    document = docx.Document()
    document.add_paragraph(f"R1 {R1}")
    table = document.add_table(rows=0, cols=4)
    for values in [["Action", "Lead", "Update", "Status"], [R1_ROWS[0][0], R1_ROWS[0][1], *R1_ROWS[0][3:]]]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    client.force_login(clerk)
    preview = upload(client, review, save(document), "fly-tipping.docx", period_month="10", period_year="2025")
    found = [str(problem) for problem in preview.context["preview"].problems]
    assert (
        "Table 1, row 1: No column is the Date (the target). Say which column holds it: its headings are "
        "Action | Lead | Update | Status." in found
    ), found
    assert confirm(client, preview, create_people="on").status_code == 200 and not Action.objects.exists()
