"""How a council's grades print: its code and label ("2 (On-Track)", as
seed 000), its code alone ("1", as seed 001) or its label alone, set on the
scale by an administrator, versioned with it, and read the same way on
every page and in every file; a grade given keeps how it was printed, and
a paper prints an earlier round's grades as it prints its own."""

import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from actionplans.council.forms import formset_data
from actionplans.models.council import FIRST_SCALES, GradingScale, Printing, current_scale
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_progress_update
from tests.documents import body, docx_text, pdf_text
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

SEEDS = Path(os.environ.get("SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
NEEDS_SEEDS = pytest.mark.skipif(
    not SEEDS.exists(), reason="the seed papers (../shared/seeds) are not beside this checkout"
)
STOCKTON = FIRST_SCALES["progress"]  # 1 Fully Achieved … 4 Not Achieved


def scale_url():
    return reverse("change_grading_scale", args=["progress"])


def codes_alone():
    return GradingScale.make("progress", STOCKTON, by=None, prints=Printing.CODE)


def test_the_administrator_sets_the_scale_to_print_its_codes_alone_after_seeing_it(client, administrator):
    client.force_login(administrator)
    form = client.get(scale_url()).content.decode()
    assert "How the grades are printed" in form
    assert re.search(r'value="code_and_label" checked', form)

    preview = client.post(scale_url(), {**formset_data(STOCKTON, Printing.CODE), "continue": ""}).content.decode()
    assert "How the grades are printed: The number or code alone, as in 2." in preview
    assert "updates graded under it keep how they were printed" in preview
    assert '<strong class="govuk-tag govuk-tag--green">1</strong>' in preview  # the new grades, as printed
    assert GradingScale.objects.filter(kind="progress").count() == 1  # nothing saved yet

    back = client.post(scale_url(), {**formset_data(STOCKTON, Printing.CODE), "back": ""}).content.decode()
    assert re.search(r'value="code" checked', back)

    done = client.post(scale_url(), {**formset_data(STOCKTON, Printing.CODE), "confirm": "", "seen": "1"}, follow=True)
    assert "How the grades are printed: The number or code alone, as in 2." in done.content.decode()
    scale = current_scale()
    assert (scale.version, scale.prints) == (2, Printing.CODE)
    assert [level.printed for level in scale] == ["1", "2", "3", "4"]


def test_printing_the_codes_alone_needs_a_code_for_every_grade(client, administrator):
    client.force_login(administrator)
    grades = [dict(grade) for grade in STOCKTON]
    grades[2]["code"] = ""
    page = client.post(scale_url(), {**formset_data(grades, Printing.CODE), "continue": ""}).content.decode()
    assert "There is a problem" in page and 'href="#id_prints_0"' in page
    assert "Give every grade a number or code to print the codes alone." in page
    assert 'value="Slipped"' in page
    assert GradingScale.objects.filter(kind="progress").count() == 1
    with pytest.raises(ValueError, match="number or code to print the codes alone"):
        GradingScale.make("progress", grades, by=None, prints=Printing.CODE)


def test_each_setting_prints_a_grade_its_own_way():
    settings = [(Printing.CODE_AND_LABEL, "2 (On-Track)"), (Printing.CODE, "2"), (Printing.LABEL, "On-Track")]
    for prints, printed in settings:
        GradingScale.make("progress", STOCKTON, by=None, prints=prints)
        assert current_scale().at(2).printed == printed
        assert current_scale().at(2).in_full == "2 (On-Track)"


def test_a_grade_given_keeps_how_it_was_printed_when_the_scale_prints_another_way():
    review = make_review()
    action = make_action(make_recommendation(review))
    march = make_entry(action, make_round(review, month=3), grade=2)
    codes_alone()
    september = make_entry(action, make_round(review, month=9), grade=1)
    march.refresh_from_db()
    assert (march.grade_label, september.grade_label) == ("2 (On-Track)", "1")


def graded_with_codes_alone():
    """A review whose published round was graded while the scale printed
    its codes alone: 1 for Recommendation 1, 3 for Recommendation 2."""
    codes_alone()
    review = make_review(title="Libraries")
    round = make_round(review, month=3)
    first = make_action(make_recommendation(review), [make_owner("Ann Able")])
    second = make_action(make_recommendation(review), [make_owner("Ben Baker")])
    make_entry(first, round, grade=1, evidence="The first is done.")
    make_entry(second, round, grade=3, evidence="The second slipped.", grade_explanation="Staff left.")
    return review, round


def test_a_scale_printing_its_codes_alone_prints_them_so_in_the_pdf_word_and_excel():
    review, round = graded_with_codes_alone()
    document = build_progress_update(review, rounds=[round], round=round)
    options = ExportOptions()
    pdf = pdf_text(render(document, "pdf", options))
    word = docx_text(Document(io.BytesIO(render(document, "docx", options))))
    for text in (pdf, word):
        assert re.search(r"\(include explanation if required\)\s*1\s", text)
        assert re.search(r"\(include explanation if required\)\s*3\s*Staff left\.", text)
        assert "(Fully Achieved)" not in text and "(Slipped)" not in text
        assert "Fully Achieved" in text  # in the grading key, under its code
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", options))).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = next(row for row in rows if "Grade" in row)
    graded = [row[heading.index("Grade")] for row in rows[rows.index(heading) + 1 :]]
    assert graded == [1, 3]


def test_a_scale_printing_its_codes_alone_prints_them_so_on_the_pages(client, clerk):
    review, _ = graded_with_codes_alone()
    client.force_login(clerk)
    action = review.recommendations.get(number=2).actions.get()
    story = client.get(reverse("action_story", args=[action.pk])).content.decode()
    assert "<strong>3</strong>" in story and "(Slipped)" not in story
    found = client.get(reverse("action_list")).content.decode()
    assert "Libraries" in found
    assert "(Fully Achieved)" not in found and "(Slipped)" not in found
    download = client.get(reverse("action_list"), {"download": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(body(download))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 3 in values or "3" in values
    assert not any(isinstance(value, str) and "(Slipped)" in value for value in values)


@NEEDS_SEEDS
def test_the_demos_march_2020_paper_prints_the_bare_codes_seed_001_prints(client, demo, councillor):
    seed = (SEEDS / "001_fc2a08cc6cc447d7.txt").read_text()
    assert "(Fully Achieved)" not in seed and "(On-Track)" not in seed
    client.force_login(councillor)
    for fmt, read in (("pdf", pdf_text), ("docx", lambda data: docx_text(Document(io.BytesIO(data))))):
        response = client.get(reverse("progress_update", args=["hate-crime"]), {"round": "2020-03", "format": fmt})
        text = read(body(response))
        assert not re.search(r"\d \((Fully Achieved|On-Track|Slipped|Not Achieved)\)", text), fmt
        # A row of strands prints a grade in each column: "1 1 1 2".
        rows = re.findall(r"\(include explanation if required\)((?:\s*\b\d\b)+)", text)
        grades = [grade for row in rows for grade in row.split()]
        assert sorted(grades) == sorted(["1"] * 12 + ["2"] * 2 + ["3", "4"]), fmt


@NEEDS_SEEDS
def test_the_demos_september_2020_paper_prints_its_grades_as_seed_000_does(client, demo, councillor):
    seed = (SEEDS / "000_c194989261b650db.txt").read_text()
    assert seed.count("1 (Fully Achieved)") == 3
    client.force_login(councillor)
    response = client.get(reverse("progress_update", args=["hate-crime"]), {"round": "2020-09", "format": "pdf"})
    text = pdf_text(body(response))
    assert re.sub(r"\s+", " ", text).count("1 (Fully Achieved)") == 3
    # March 2020's grades of 1 a) and 1 f), given on a scale printing bare
    # codes (seed 001's "2"), print as this paper prints its grades (issue
    # 55): seed 000 prints "2 (On-Track)" for each.
    assert seed.count("2 (On-Track)") == 2
    assert re.sub(r"\s+", " ", text).count("2 (On-Track)") == 2
    word = docx_text(
        Document(io.BytesIO(body(client.get(response.wsgi_request.path, {"round": "2020-09", "format": "docx"}))))
    )
    assert re.sub(r"\s+", " ", word).count("2 (On-Track)") == 2
