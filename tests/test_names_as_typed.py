"""Responsibility as the clerk or the import typed it: seed 001 prints
"Tahir Ali / Louise Crisp", "Sarah Wilson & Jeff Parks" and names stacked
one a line, and so do the documents (PDF, Word, Excel, the pages), however
the names came in: the demo, the set-up page, an import, a reassignment."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from actionplans.importing import reading, saving
from actionplans.importing.tracker import split_owners_as_typed
from actionplans.models import Action, Review
from actionplans.models.common import links_printed
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_progress_update
from tests.documents import docx_text, pdf_text, squash
from tests.factories import make_action, make_committee, make_owner, make_recommendation, make_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cell", "named"),
    [
        ("Tahir Ali / Louise Crisp", [("", "Tahir Ali"), (" / ", "Louise Crisp")]),
        ("Sarah Wilson & Jeff Parks", [("", "Sarah Wilson"), (" & ", "Jeff Parks")]),
        (
            "Vanessa Housley\nDale Metcalfe\nAlex Love",
            [("", "Vanessa Housley"), ("\n", "Dale Metcalfe"), ("\n", "Alex Love")],
        ),
        ("Tahir Ali, Louise Crisp; Alex Love", [("", "Tahir Ali"), (", ", "Louise Crisp"), ("; ", "Alex Love")]),
        ("Ann Able /  Ben Baker & Cat Cole", [("", "Ann Able"), (" / ", "Ben Baker"), (" & ", "Cat Cole")]),
        ("Policy/Performance Lead", [("", "Policy/Performance Lead")]),
        ("All Stockton hate crime group members", [("", "All Stockton hate crime group members")]),
        ("Ann Able / Ann Able / Ben Baker", [("", "Ann Able"), (" / ", "Ben Baker")]),
    ],
)
def test_a_responsibility_cell_is_read_with_what_was_typed_between_the_names(cell, named):
    assert split_owners_as_typed(cell) == named


def the_march_2020_paper(demo, fmt):
    march = demo.rounds.get(period="2020-03-01")
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=march)
    return render(document, fmt, ExportOptions())


def test_the_demos_march_2020_paper_prints_the_names_as_seed_001_does(demo):
    pdf = pdf_text(the_march_2020_paper(demo, "pdf"))
    word = docx_text(Document(io.BytesIO(the_march_2020_paper(demo, "docx"))))
    for text in (pdf, word):
        assert "Tahir Ali / Louise Crisp" in " ".join(text.split()) or squash("Tahir Ali / Louise Crisp") in squash(
            text
        )
        assert squash("Sarah Wilson & Jeff Parks") in squash(text)
        assert squash("Tahir Ali / Louise Crisp / Vanessa Housley / Dale Metcalfe") in squash(text)
        assert "Tahir Ali, Louise Crisp" not in text and "Sarah Wilson, Jeff Parks" not in text
    # Stacked: one name a line (a paragraph each in Word).
    assert "Vanessa Housley\nDale Metcalfe\nAlex Love" in word
    sheet = openpyxl.load_workbook(io.BytesIO(the_march_2020_paper(demo, "xlsx"))).worksheets[0]
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    assert {
        "Tahir Ali / Louise Crisp",
        "Sarah Wilson & Jeff Parks",
        "Vanessa Housley\nDale Metcalfe\nAlex Love",
    } <= cells


def test_the_pages_print_the_names_as_typed(client, demo, councillor):
    client.force_login(councillor)
    page = client.get(reverse("review_detail", args=["hate-crime"])).content.decode()
    assert "Tahir Ali / Louise Crisp" in page and "Sarah Wilson &amp; Jeff Parks" in page
    assert "Vanessa Housley<br>Dale Metcalfe<br>Alex Love" in page
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    story = client.get(reverse("action_story", args=[schools.pk])).content.decode()
    assert "Vanessa Housley<br>Dale Metcalfe<br>Alex Love" in story


def test_a_clerk_chooses_what_is_printed_between_the_names_on_the_set_up_page(client, clerk):
    ann, ben = make_owner("Ann Able"), make_owner("Ben Baker")
    review = Review.objects.set_up(
        committee=make_committee(), title="Libraries", action_plan_agreed=datetime.date(2019, 3, 1),
        link_officers=[ann], by=clerk,
    )  # fmt: skip
    client.force_login(clerk)
    url = reverse("add_recommendation", args=[review.slug])
    assert "Between the names, print" in client.get(url).content.decode()
    data = {
        "version": str(review.version), "rec-text": "That the Council open libraries on Sundays.",
        "rec-has_own": "1", "rec-strands": "0", "parts": "0", "do": "save",
        "rec-own-pk": "", "rec-own-target_month_month": "10", "rec-own-target_month_year": "2019",
        "rec-own-agreed_action": "Open on Sundays.", "rec-own-success_measure": "Open.",
        "rec-own-owner_0": str(ann.pk), "rec-own-owner_1": str(ben.pk), "rec-own-joined_by": "slash",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    action = Action.objects.get(recommendation__review=review)
    assert links_printed(action.responsibilities.all()) == "Ann Able / Ben Baker"
    document = build_progress_update(review, rounds=[])
    assert "Ann Able / Ben Baker" in " ".join(pdf_text(render(document, "pdf", ExportOptions())).split())
    # Shown as chosen when the page is opened again.
    page = client.get(reverse("change_recommendation", args=[review.slug, 1])).content.decode()
    assert '<option value="slash" selected>' in page


def test_a_newcomer_takes_the_separator_the_plan_already_uses(clerk):
    review = make_review()
    ann, ben, cat = make_owner("Ann Able"), make_owner("Ben Baker"), make_owner("Cat Cole")
    action = make_action(make_recommendation(review))
    action.set_owners([ann, ben], joins=("", " & "))
    action.reassign([ann, ben, cat], by=clerk)
    assert links_printed(action.responsibilities.select_related("owner")) == "Ann Able & Ben Baker & Cat Cole"
    action.reassign([cat, ben], by=clerk)
    assert links_printed(action.responsibilities.select_related("owner")) == "Ben Baker & Cat Cole"


def test_an_imported_spreadsheet_prints_its_names_as_it_typed_them(clerk):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Recommendation", "Recommendation text", "Responsibility", "Date", "Agreed Action",
                  "Agreed Success Measure"])  # fmt: skip
    sheet.append([1, "That the Council open libraries.", "Ann Able / Ben Baker", "October 2019", "Open.", "Open."])
    sheet.append(
        [2, "That the Council lend e-books.", "Cat Cole & Dan Dale\nEve Essex", "October 2019", "Lend.", "Lent."]
    )
    data = io.BytesIO()
    book.save(data)
    read = reading.read(data.getvalue(), "tracker.xlsx")
    assert read.plan.problems == []
    review = make_review(title="Libraries")
    saving.import_plan(review, read.plan, by=clerk, create_people=True)
    printed = [
        links_printed(action.responsibilities.select_related("owner"))
        for action in Action.objects.filter(recommendation__review=review).in_document_order()
    ]
    assert printed == ["Ann Able / Ben Baker", "Cat Cole & Dan Dale\nEve Essex"]
    text = pdf_text(render(build_progress_update(review, rounds=[]), "pdf", ExportOptions()))
    assert "Ann Able / Ben Baker" in " ".join(text.split())
    assert squash("Cat Cole & Dan Dale Eve Essex") in squash(text)
