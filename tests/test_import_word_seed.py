"""Seed 001, the committee's own Word paper of March 2020, as it is: its text
(tests/seed_001.py, checked here against the seed) laid out as the seed lays
it out (tests/word_files.py, seed_layout: the key as a table with its label
merged down its first column, label cells merged down, names stacked in a
cell, " / " and " & " between names, bare grades), imported through the
import's pages, the preview and then Confirm, into a review with nothing in
it; and every one of the seed's 67 fields found in the Progress Update's
PDF, Word and Excel files of the round it came in as."""

import datetime
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from actionplans.importing import headings
from actionplans.models import Action, Round, SubAction
from actionplans.models.council import FIRST_SCALES, GradingScale, Printing
from tests import seed_001
from tests.documents import body, pdf_text, squash
from tests.factories import make_review
from tests.test_import_pages import confirm, past_record
from tests.word_files import seed_layout

pytestmark = pytest.mark.django_db

SEEDS = Path(os.environ.get("SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds")
needs_seeds = pytest.mark.skipif(
    not SEEDS.exists(), reason="the seed papers (../shared/seeds, or SEEDS_DIR) are not beside this checkout"
)

MARCH_2020 = datetime.date(2020, 3, 1)


def seed_text() -> str:
    return next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Field:
    """One of the paper's fields: where it is ("1 a)", "Recommendation 2",
    "the review"), its label, and its value (a value per strand)."""

    where: str
    label: str
    values: tuple[str, ...]

    @property
    def key(self) -> str | None:
        """The import's field for its label ('grade' for Assessment of Progress)."""
        return headings.label_field(self.label)


def fields() -> list[Field]:
    """Seed 001's 67 fields, each a label and what the paper gives beside
    it: the review's 3 details (Review, Link Officer/s, Action Plan Agreed),
    the 4 recommendations' texts ("Recommendation 1:" beside its text), and
    the 6 labels of each of its 10 blocks of action records (Responsibility,
    Date, Agreed Action, Agreed Success Measure, Evidence of Progress (March
    2020), Assessment of Progress (March 2020)): Recommendation 1's own, 1 a)
    and 1 b) with four strands side by side (a field holds a value for each
    of the four), 1 c) to f), and Recommendations 2, 3 and 4. 3 + 4 + 10 × 6
    = 67."""
    found = [Field("the review", label, (value,)) for label, value in seed_001.DETAILS]
    for (number, letter), rows in seed_001.RECORDS.items():
        where = f"{number} {letter})" if letter else f"Recommendation {number}"
        if not letter:
            found.append(Field(where, f"{where}:", (seed_001.RECOMMENDATIONS[number],)))
        found += [Field(where, label, values) for label, values in zip(seed_001.LABELS, rows, strict=True)]
    return found  # in the paper's order


# The text is the seed's ---------------------------------------------------


@needs_seeds
def test_the_papers_fields_are_seed_001s_own_67():
    text = seed_text()
    assert len(fields()) == 67
    # Each label is in the seed as often as the paper has blocks of action records.
    blocks = len(seed_001.RECORDS)
    for label in seed_001.LABELS:
        assert len(re.findall(re.escape(squash(label)), squash(text))) == blocks, label
    assert re.findall(r"Recommendation (\d):", text) == ["1", "2", "3", "4"]
    # Every value, as the seed has it, whatever its lines (a page put
    # "using social media." of 1 b)'s first strand after its fourth).
    seed = squash(text).replace(squash("prosecutions using social media."), squash("prosecutions"))
    for field in fields():
        for value in field.values:
            for paragraph in value.replace("using social media.", "").split("\n\n"):
                assert squash(paragraph) in seed, (field.where, field.label, paragraph[:60])
    # Dates and grades, row by row in the seed's order (its page put 1 f)'s
    # grade after Recommendation 3's).
    dates = [" ".join(f.values) for f in fields() if f.key == "target"]
    assert re.findall(r"^Date: (.+?)\s*$", text, flags=re.MULTILINE) == dates
    grades = [" ".join(f.values) for f in fields() if f.key == "grade"]
    printed = re.findall(r"\(include explanation if required\)\s*\n\s*([1-4](?: [1-4])*)\s", text)
    assert printed == [*grades[:6], *grades[7:9], grades[6], grades[9]]


# Through the pages, into the exports -------------------------------------------


def import_seed_paper(client, review, capture_on_commit):
    return import_paper(client, review, seed_layout(seed_001.PAPER, key="merged"), capture_on_commit)


def import_paper(client, review, data: bytes, capture_on_commit):
    """The clerk uploads the paper, ticks to create the people it names, says
    its progress is the record of the meeting of 12 March 2020, and confirms."""
    response = client.post(
        reverse("import_upload", args=[review.slug]), {"file": SimpleUploadedFile("hate-crime.docx", data)}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    preview = past_record(client, preview, day=12, create_people="on")
    assert preview.context["preview"].problems == [], preview.context["summary"]
    assert preview.context["preview"].warnings == []  # every label of the paper is read
    with capture_on_commit(execute=True):  # the worker stores the past round's paper
        done = confirm(client, preview)
    assert done.status_code == 302
    return preview


def names_as_typed(links) -> str:
    """Who is responsible as the plan keeps it: each name after what was
    typed before it (the service's comma where nothing was)."""
    return "".join(f"{(link.joined_by or ', ') if n else ''}{link.owner.name}" for n, link in enumerate(links))


def export(client, review, fmt: str) -> bytes:
    response = client.get(reverse("progress_update", args=[review.slug]), {"round": "2020-03", "format": fmt})
    return body(response)


# What follows a field in a document's text: the next field, a heading or
# the grading key. A field found with anything else straight after it is
# not the paper's ("1 (Fully Achieved)" is not "1").
FOLLOWERS = (
    *seed_001.LABELS,
    *(label for label, _ in seed_001.DETAILS),
    "Recommendation",
    *(f"{letter}) {text}" for letter, text in seed_001.SUB_ACTIONS.items()),
    *(strand for strands in seed_001.STRANDS.values() for strand in strands),
    seed_001.PAPER.introduction,
)
# A PDF page's footer: its number, and the action whose table it opens inside.
PAGE_FOOTER = re.compile(r"^(?:Page \d+ of \d+|(?:Recommendation \d+|\d+ [a-z]\)).* continued)$")


def pdf_reading_text(data: bytes) -> str:
    return "\n".join(line for line in pdf_text(data).splitlines() if not PAGE_FOOTER.match(line.strip()))


def missing_from_text(text: str) -> list[str]:
    """The fields a document's text (PDF or Word, in reading order) does not
    print as the paper does: each its label and then its values, the
    strands' side by side, as seed 001 reads."""
    squashed, position, missing = squash(text), 0, []
    followers = {squash(follower)[:12] for follower in FOLLOWERS}
    for field in fields():
        needle = squash(field.label + "".join(field.values))
        found = squashed.find(needle, position)
        after = found + len(needle)
        if found < 0 or not any(squashed.startswith(follower, after) for follower in followers):
            missing.append(f"{field.where}, {headings.label_text(field.label)}")
            continue
        position = after
    return missing


def docx_reading_text(data: bytes) -> str:
    """A Word document's body as a reader reads it: each paragraph, and each
    table's rows cell by cell (a merged cell once)."""
    lines = []
    for block in Document(io.BytesIO(data)).element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        for row in block.iter() if block.tag.endswith("}tbl") else ():
            if row.tag.endswith("}tc"):
                lines.append("\n".join(node.text or "" for node in row.iter() if node.tag.endswith("}t")))
    return "\n".join(lines)


XLSX_COLUMNS = {
    "responsibility": "Responsibility",
    "target": "Date",
    "action": "Agreed Action",
    "success_measure": "Agreed Success Measure",
    "progress": "Evidence of Progress",
    "grade": "Grade",
}


def cell_text(cell) -> str:
    """A cell as Excel shows it: a month as "March 2019", a day as "30 April 2025"."""
    if isinstance(cell.value, datetime.datetime) and cell.number_format.startswith("d "):
        return f"{cell.value.day} {cell.value:%B %Y}"
    if isinstance(cell.value, datetime.datetime) and "mmmm" in cell.number_format:
        return f"{cell.value:%B %Y}"
    return "" if cell.value is None else str(cell.value)


def missing_from_workbook(data: bytes) -> list[str]:
    """The fields the Excel export does not give as the paper does: the
    review's details on its Review sheet, and each action's on its row of
    the Progress update sheet (a block of strands is their rows)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Progress update"]
    rows = list(sheet.iter_rows())
    heading = next(n for n, row in enumerate(rows) if cell_text(row[0]) == "Review" and cell_text(row[1]) == "Round")
    columns = [cell_text(cell) for cell in rows[heading]]
    actions = [dict(zip(columns, map(cell_text, row), strict=False)) for row in rows[heading + 1 :]]
    details = {headings.normalise(cell_text(row[0])): cell_text(row[1]) for row in book["Review"].iter_rows()}
    missing = []
    for field in fields():
        if field.where == "the review":
            given = (details.get(headings.normalise(field.label)),)
        elif field.label.startswith("Recommendation"):
            number = field.where.split()[-1]
            given = tuple({a["Recommendation text"] for a in actions if a["Recommendation"] == number})
        else:
            number, _, letter = field.where.removeprefix("Recommendation ").partition(" ")
            block = [a for a in actions if a["Recommendation"] == number and a["Sub-action"] == letter.rstrip(")")]
            given = tuple(a[XLSX_COLUMNS[field.key]] for a in block)
        if [squash(value or "") for value in given] != [squash(value) for value in field.values]:
            missing.append(f"{field.where}, {headings.label_text(field.label)}")
    return missing


@needs_seeds
def test_seed_001_as_its_word_paper_imports_with_all_67_fields_in_every_export(
    client, clerk, django_capture_on_commit_callbacks
):
    # The council prints its grades as seed 001 does, its codes alone (a
    # setting of its scale); the review the paper is of is made by the
    # clerk with nothing in it yet.
    GradingScale.make("progress", FIRST_SCALES["progress"], by=None, prints=Printing.CODE)
    review = make_review(title="Hate Crime", action_plan_agreed=datetime.date(2021, 1, 1))
    client.force_login(clerk)
    import_seed_paper(client, review, django_capture_on_commit_callbacks)
    assert Round.objects.get(review=review).period == MARCH_2020
    # Beside the 67 fields, the headings they stand under.
    assert dict(SubAction.objects.filter(recommendation__review=review).values_list("letter", "text")) == (
        seed_001.SUB_ACTIONS
    )
    strands = Action.objects.filter(recommendation__review=review).exclude(strand="")  # in document order
    assert [strand.strand for strand in strands] == [*seed_001.STRANDS["a"], *seed_001.STRANDS["b"]]
    # Who is responsible, kept as the paper typed it ("Tahir Ali / Louise
    # Crisp", names stacked one a line), for the plan and the round alike.
    typed = [
        value
        for field in fields()
        if field.where != "the review" and field.key == "responsibility"
        for value in field.values
    ]
    actions = list(Action.objects.filter(recommendation__review=review))  # in document order
    assert [names_as_typed(action.responsibilities.order_by("position")) for action in actions] == typed
    assert [names_as_typed(action.entries.get().responsibilities.order_by("position")) for action in actions] == typed
    missing = {
        "pdf": missing_from_text(pdf_reading_text(export(client, review, "pdf"))),
        "docx": missing_from_text(docx_reading_text(export(client, review, "docx"))),
        "xlsx": missing_from_workbook(export(client, review, "xlsx")),
    }
    assert missing == {"pdf": [], "docx": [], "xlsx": []}
