"""Word progress updates (.docx) through the same import: the product's own
Word export imports back into an identical review, and a council's document
shaped like seed 001 (strands as columns of one table, a grade cell with its
explanation, the grading key, a page header and footer) reads as the
committee wrote it, through the upload page and the command."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from docx import Document

from actionplans.importing import reading, saving
from actionplans.models import Action, ImportUpload, Owner
from reports.documents import ExportOptions
from reports.progress_update.builder import build_progress_update
from reports.progress_update.docx import render_docx
from tests import seed_001
from tests.factories import make_review
from tests.test_import_pages import confirm, past_record
from tests.test_import_reading import CORPUS
from tests.test_import_round_trip import snapshot
from tests.word_files import RECOMMENDATION_1, RECOMMENDATION_2, council_update, hyperlink, label_row, seed_layout

pytestmark = pytest.mark.django_db

MARCH_2020 = datetime.date(2020, 3, 1)
SEPTEMBER_2020 = datetime.date(2020, 9, 1)


def without_round_owners(shot):
    """A Word document names each action's Responsibility once, as it is
    now: who was responsible in an earlier round is the spreadsheet's to
    carry, and the rounds' dates are assumed."""
    shot = dict(shot)
    shot["entries"] = [entry[:-1] for entry in shot["entries"]]
    shot["rounds"] = [(period, status) for period, status, *_ in shot["rounds"]]
    return shot


def export_docx(review, **options) -> bytes:
    rounds = list(review.rounds.order_by("period"))
    document = build_progress_update(review, rounds=rounds, full_history=True)
    return render_docx(document, ExportOptions(full_history=True, **options))


def test_the_demo_reviews_word_export_imports_back_into_an_identical_review(demo, clerk):
    data = export_docx(demo)
    read = reading.read(data, "hate-crime.docx")
    assert read.plan.problems == []
    copy = make_review(
        title="Hate Crime (imported)", committee=demo.committee, action_plan_agreed=datetime.date(2021, 1, 1)
    )
    # The clerk says the paper's rounds are the committee's past records, on their meetings' dates.
    past = saving.ProgressChoice(
        what=saving.PAST_RECORD, meeting_dates={r.period: r.meeting_date for r in demo.rounds.all()}
    )
    preview = saving.compare(copy, read.plan, progress=past)
    assert preview.problems == [] and preview.new_people == []
    assert f"action plan agreed: {demo.action_plan_agreed:%B %Y} (now January 2021)" in preview.review_changes
    saving.import_plan(copy, read.plan, by=clerk, progress=past)

    original, imported = without_round_owners(snapshot(demo)), without_round_owners(snapshot(copy))
    for part in original:
        assert imported[part] == original[part], part
    assert len(original["entries"]) == 19 and len(original["actions"]) == 16
    assert {(r.history_user, r.history_change_reason) for r in copy.history.all()[:1]} == {
        (clerk, "Imported from hate-crime.docx")
    }


def test_the_demo_has_several_rounds_for_the_round_trip_to_carry(demo):
    assert demo.rounds.count() >= 2


def test_importing_the_word_export_into_its_own_review_changes_nothing(demo):
    read = reading.read(export_docx(demo), "hate-crime.docx")
    preview = saving.compare(demo, read.plan)
    assert preview.problems == []
    assert {row.what for row in preview.rows} == {"Unchanged"} and not preview.changes_anything


def test_an_agenda_packs_draft_with_its_summary_reads_back_as_the_plain_export_does(demo):
    """The running header (DRAFT, the agenda item), the footer's page
    numbers, the summary page's tables, the introduction and the grading key
    are set aside: the same plan comes out."""
    plain = reading.read(export_docx(demo), "hate-crime.docx")
    draft = reading.read(
        export_docx(demo, draft=True, agenda_header="Agenda Item 8: Appendix 1", first_page=23, summary=True),
        "hate-crime.docx",
    )
    assert draft.plan.problems == [] and draft.plan.actions == plain.plan.actions
    assert draft.plan.recommendations == plain.plan.recommendations
    assert draft.plan.sub_actions == plain.plan.sub_actions
    assert any("the grading key" in note for note in draft.grid.notes)


# A council's own paper, shaped like seed 001 (tests/word_files.py) ------------


@pytest.fixture
def review(db):
    return make_review(title="Fly-tipping", action_plan_agreed=datetime.date(2023, 1, 1))


def upload(client, review, data, name="fly-tipping.docx"):
    return client.post(reverse("import_upload", args=[review.slug]), {"file": SimpleUploadedFile(name, data)})


def test_a_clerk_uploads_a_councils_word_paper_previews_it_and_confirms(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, council_update())
    assert response.status_code == 302
    preview = client.get(response["Location"])
    text = preview.content.decode()
    # No columns to correct: what each label was read as, instead.
    assert "The file’s columns" not in text
    assert escape("'Lead officer' as Responsibility") in text and escape("'Grade' as Assessment of Progress") in text
    assert "the grading key" in text
    assert "Table 1 (Recommendation 1 a), Landlords)" in text and "Nothing will be published" in text
    assert not Action.objects.filter(recommendation__review=review).exists()

    ticked = confirm(client, preview, action="preview", create_people="on")  # the people it names are new
    done = confirm(client, ticked)
    assert done.status_code == 302, done.context and done.context["summary"]
    actions = {a.reference: a for a in Action.objects.filter(recommendation__review=review)}
    assert len(actions) == 5
    landlords = next(a for a in actions.values() if a.strand == "Landlords")
    assert [r.owner.name for r in landlords.responsibilities.order_by("position")] == ["Ann Lee", "Bo Chan"]
    businesses = next(a for a in actions.values() if a.strand == "Businesses")
    assert businesses.target_month == datetime.date(2024, 4, 1)  # a date merged across two strands
    own = Action.objects.get(recommendation__review=review, recommendation__number=1, sub_action=None)
    entry = own.entries.get()
    assert (entry.round.period, entry.grade, entry.grade_explanation) == (
        datetime.date(2024, 11, 1),
        3,
        "Two drop-off hubs are not yet open.",
    )
    review.refresh_from_db()
    assert review.action_plan_agreed == datetime.date(2023, 6, 1)
    assert [o.name for o in review.link_officers.all()] == ["Priya Shah"]
    assert "Imported fly-tipping.docx" in client.get(done["Location"]).content.decode()


def test_a_problem_in_a_word_paper_is_named_by_its_table_and_label_and_nothing_is_saved(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, council_update(date="Sept 24", grade="9 Amber"))
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert escape("'9 Amber' (Table 1 (Recommendation 1), Grade) is the file's own grade") in text
    # A date only like one is kept as typed, said at its table and label (issue 73).
    assert escape("Table 1 (Recommendation 1), Target date: 'Sept 24' is kept as typed") in text
    assert "is kept as typed and printed as the paper has it" in text
    assert "Confirm and import" not in text
    confirm(client, preview, create_people="on")
    assert not Action.objects.filter(recommendation__review=review).exists()


def test_a_grade_in_a_word_paper_that_is_a_colour_is_the_councils_word_named_where_it_is(review):
    read = reading.read(council_update(grade="Amber"), "fly-tipping.docx")
    assert read.plan.problems == []  # not refused: its meaning is asked once, as a tracker's is
    (amber,) = read.plan.statuses.values()
    assert (amber.word, amber.cells) == ("Amber", ["Table 1 (Recommendation 1), Grade"])


def test_a_word_paper_imports_through_the_command(clerk, review, tmp_path):
    path = tmp_path / "fly-tipping.docx"
    path.write_bytes(council_update())
    out = io.StringIO()
    command = ["import_plan", str(path), "--review", review.slug, "--by", clerk.username, "--create-people"]
    command += ["--past-record", "--meeting-date", "2024-11-21"]
    call_command(*command, "--dry-run", stdout=out)
    assert "Table 1 (Recommendation 1 a), Residents): 1 a) Residents: New action" in out.getvalue()
    assert not Action.objects.filter(recommendation__review=review).exists()
    call_command(*command, stdout=out)
    assert Action.objects.filter(recommendation__review=review).count() == 5
    assert Owner.objects.filter(name="Cara Diaz").exists()


def test_a_hostile_word_file_is_refused_at_the_upload_field_and_nothing_changes(client, clerk, review):
    client.force_login(clerk)
    data = (CORPUS / "external_template.docx").read_bytes()
    response = upload(client, review, data, name="update.docx")
    assert response.status_code == 200
    assert "links to files outside itself" in response.context["form"].errors["file"][0]
    assert not ImportUpload.objects.exists() and not Action.objects.filter(recommendation__review=review).exists()


def test_a_link_to_a_web_page_in_a_word_paper_is_only_text(review):
    document = Document(io.BytesIO(council_update()))
    hyperlink(document.add_paragraph("See "), "https://www.example.gov.uk/fly-tipping", "the figures")
    buffer = io.BytesIO()
    document.save(buffer)
    assert reading.read(buffer.getvalue(), "fly-tipping.docx").plan.problems == []


def test_a_word_paper_is_not_a_partnership_plan(db):
    read = reading.read(council_update(), "fly-tipping.docx", kind=reading.PARTNERSHIP)
    assert "imported from a spreadsheet, not a Word document" in str(read.plan.problems[0])


def test_a_word_paper_whose_labels_name_no_month_asks_for_the_month_as_a_tracker_does(review):
    data = council_update(month="")
    problems = reading.read(data, "fly-tipping.docx").plan.problems
    assert [problem.fix for problem in problems] == ["month"]
    read = reading.read(data, "fly-tipping.docx", period=datetime.date(2024, 11, 1))
    assert read.plan.problems == [] and read.plan.periods == [datetime.date(2024, 11, 1)]
    assert len(read.plan.actions) == 5


# The seeds' own layouts, and labels beside a recommendation's text ----------


@pytest.mark.parametrize("layout", ["merged", "split", "above"])
def test_a_grading_key_with_its_label_in_its_first_column_is_the_key(review, layout):
    """Seed 001 merges "Assessment of Progress Gradings:" down the key
    table's first column; seed 000 splits it over two cells; others put it
    above the table. None of them is an action's Assessment of Progress."""
    read = reading.read(seed_layout(seed_001.PAPER, key=layout), "hate-crime.docx")
    assert read.plan.problems == []
    assert "Not read: the grading key." in read.grid.notes
    assert len(read.plan.actions) == 16 and read.plan.periods == [MARCH_2020]
    lettered = [action.letter for action in read.plan.actions if action.recommendation == 1 and not action.strand]
    assert lettered == ["", "c", "d", "e", "f"]  # "c) …" under an empty label cell is 1 c), not a strand


def test_a_recommendation_row_in_a_table_is_the_recommendations_text(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, council_update(recommendation_label="Recommendation"))
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert escape("Not read: 'Recommendation'") not in text and "govuk-warning-text__text" not in text
    assert escape("'Recommendation' as Recommendation") in text
    done = confirm(client, confirm(client, preview, action="preview", create_people="on"))
    assert done.status_code == 302
    assert dict(review.recommendations.values_list("number", "text")) == {1: RECOMMENDATION_1, 2: RECOMMENDATION_2}


def test_unnumbered_recommendation_rows_number_the_recommendations_in_the_papers_order(review):
    document = Document()
    for text, owner in (("That the council cleans the streets.", "Ann Lee"), ("That it says so.", "Bo Chan")):
        table = document.add_table(rows=0, cols=2)
        for label, value in (("Recommendation:", text), ("Responsibility:", owner), ("Date:", "May 2024")):
            label_row(table, label, value)
    buffer = io.BytesIO()
    document.save(buffer)
    read = reading.read(buffer.getvalue(), "streets.docx")
    assert read.plan.recommendations == {1: "That the council cleans the streets.", 2: "That it says so."}
    owners = [(action.recommendation, action.owners) for action in read.plan.actions]
    assert owners == [(1, ["Ann Lee"]), (2, ["Bo Chan"])]


def test_a_label_the_import_cannot_read_is_a_warning_above_confirm_naming_what_follows(client, clerk, review):
    client.force_login(clerk)
    response = upload(client, review, council_update(recommendation_label="Scrutiny ask:"))
    preview = past_record(client, client.get(response["Location"]), create_people="on")
    text = preview.content.decode()
    warning = (
        "The label 'Scrutiny ask' (Table 1 (Recommendation 1) and Table 2 (Recommendation 2)) is not one the import "
        "reads: what is beside it is left out, and Recommendations 1 and 2 have no text in the file: the "
        "recommendations will take their actions' text."
    )
    shown = text.index(escape(warning))
    assert text.rfind('class="govuk-warning-text__text"', 0, shown) > text.rfind("<h2", 0, shown)
    assert shown < text.index("Confirm and import")
    assert "Not read: &#x27;Scrutiny ask" not in text  # no longer a quiet note as well
    # What it said follows does.
    assert confirm(client, preview).status_code == 302
    assert review.recommendations.get(number=1).text == "Agree a joint plan with the two neighbouring councils."


def test_the_command_prints_the_warnings_too(clerk, review, tmp_path):
    path = tmp_path / "fly-tipping.docx"
    path.write_bytes(council_update(recommendation_label="Scrutiny ask:"))
    out = io.StringIO()
    call_command(
        "import_plan", str(path), "--review", review.slug, "--by", clerk.username, "--create-people", "--dry-run",
        "--past-record", "--meeting-date", "2024-11-21", stdout=out,
    )  # fmt: skip
    assert "Warning: The label 'Scrutiny ask'" in out.getvalue()
