"""Done when: the demo holds seed 003's framework and the council's
assessment against it, and the committee appendix's PDF carries every
standard (its number, title and definition), every characteristic's letter
and text, its Function and its Local response, as the seed prints them and
in the seed's order: read back from the PDF and compared with the seed file
itself, not with the demo's transcription of it."""

import re

import pytest

from actionplans.models import Framework
from reports.documents import render_document
from reports.standards.appendix import build_assessment_document
from tests.documents import assert_in_order, pdf_text, squash
from tests.test_partnership_seeds import SEEDS, needs_seeds

pytestmark = [pytest.mark.django_db, needs_seeds]

SLUG = "north-east-hate-incident-standards"
# The letters the seed's text layer gives as Cyrillic look-alikes.
LATIN = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
STANDARD = re.compile(r"^(\d+)\. \*\*(.+?):\*\* (.+)$")
COLUMNS = ("Characteristics of good practice", "Function", "Local response")


def seed_003() -> list[str]:
    return next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8").splitlines()


def parse_seed():
    """(agenda header, the lines before the first standard, the standards):
    each standard (number, title, definition, rows), each row [letter,
    characteristic, function, local response]. A row's continuation lines
    (first cell empty) belong to it, column by column; a row whose letter
    repeats the one before it replaces it (the seed's first 2 D is a copy
    cut off at the foot of a page)."""
    lines = seed_003()
    header, preamble, standards = lines[0].strip(), [], []
    for line in lines[1:]:
        if not line.strip():
            continue
        if match := STANDARD.match(line):
            standards.append((int(match[1]), match[2], match[3], []))
            continue
        if not standards:
            preamble.append(line.strip())
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 4 or tuple(cells[1:4]) == COLUMNS:
            continue
        rows = standards[-1][3]
        letter = cells[0].translate(LATIN)
        if letter:
            if rows and rows[-1][0] == letter:
                rows.pop()
            rows.append([letter, *cells[1:4]])
        else:
            for column in (1, 2, 3):
                if cells[column]:
                    rows[-1][column] = f"{rows[-1][column]} {cells[column]}".strip()
    return header, preamble, standards


def comparable(text: str) -> str:
    """Text as compared: no bullets (the seed's "•" and private-use glyphs,
    the transcription's "- ", the PDF's list markers), no zero-width breaks
    and no ellipsis (the PDF marks where 2 A's lost words were with one);
    assert_in_order then compares it without white space (lines break
    anywhere in narrow columns)."""
    text = re.sub(r"(?m)^\s*-\s+", "", text)
    return squash(re.sub(r"[•\u2023\u25aa\u25cf\uf000-\uf8ff\u200b…]", "", text))


def test_the_seed_is_read_as_fourteen_characteristics_in_three_standards():
    header, preamble, standards = parse_seed()
    assert header == "Item No: 12 Appendix A"
    assert preamble[:2] == [
        "Appendix A",
        "Tackling Hate Incidents: North East Standards of Achievable Good Practice for Local Areas",
    ]
    labels = [f"{number} {row[0]}" for number, _, _, rows in standards for row in rows]
    assert labels == [
        "1 A", "1 B", "1 C", "1 D",
        "2 A", "2 B", "2 C", "2 D", "2 E", "2 F", "2 G", "2 H", "2 I",
        "3 A",
    ]  # fmt: skip
    rows = {f"{number} {row[0]}": row for number, _, _, rows in standards for row in rows}
    # 2 A's characteristic survives only as its last words; 2 D is the whole row, its cells joined.
    assert rows["2 A"][1] == "agencies, CJS agencies etc)"
    assert rows["2 D"][1].endswith("how this support can be accessed by victims.")
    assert "d) The case management group links with regional /sub regional scrutiny panels" in rows["2 D"][2]


def test_the_demo_appendix_pdf_carries_every_standard_and_characteristic_of_seed_003_in_order(demo, clerk):
    header, preamble, standards = parse_seed()
    assessment = Framework.objects.get(slug=SLUG).assessments.get()
    assert assessment.is_published and assessment.agenda_header == header
    document = build_assessment_document(assessment, reader=clerk)
    assert document.row_count == sum(len(rows) for *_, rows in standards)

    # As a plain download prints it: with the assessment's own agenda header.
    text = pdf_text(render_document("self_assessment", document, "pdf"))
    assert header in text
    expected = [*preamble]
    for number, title, definition, rows in standards:
        # The paper's four columns: it rates nothing, so neither does the
        # demo, and its appendix has no Rating column.
        expected += [f"{number}. {title}: {definition}", f"{number} {' '.join(COLUMNS)}"]
        for letter, characteristic, function, response in rows:
            # The letter in the cell just before the characteristic.
            expected += [f"{letter} {characteristic}", function, response]
    assert_in_order(comparable(text), [comparable(line) for line in expected])
    assert "Rating" not in text and "Not assessed" not in text
