"""The Progress Update in PDF, Word and Excel, read back as a reader's
software would: the seeds' content, in order, in every format."""

import datetime
import io
import itertools
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pypdf import PdfReader

from actionplans import richtext
from actionplans.models import Round
from reports.documents import ExportOptions, render
from reports.documents import docx as docx_renderer
from reports.documents.pdf import StaticFilesOnly
from reports.progress_update import layout
from reports.progress_update.builder import build_progress_update
from reports.progress_update.pdf import render_pdf
from reports.progress_update.xlsx import HEADING_ROW
from tests.documents import assert_in_order, docx_text, pdf_text, squash
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_sub_action

pytestmark = pytest.mark.django_db

AGENDA = ExportOptions(agenda_header="Agenda Item 8: Appendix 1")


def document_for(review, period, **kwargs):
    rounds = list(review.rounds.all())
    return build_progress_update(review, rounds=rounds, round=next(r for r in rounds if r.label == period), **kwargs)


def expected_text(document) -> list[str]:
    """Everything the document must print, in reading order: row by row
    through each table, as the seeds read."""
    needles = [document.title, document.review_title, *document.link_officers, document.action_plan_agreed]
    for section in layout.sections(document):
        needles += [f"Recommendation {section.number}:", section.text]
        for part in section.parts:
            needles += [part.heading] if part.heading else []
            for grid in part.grids:
                needles += [heading for heading in grid.headings if heading]
                for row in grid.rows:
                    needles.append(row.label)
                    for cell in row.cells:
                        needles += ["No update received"] if cell.missing else []
                        needles += [cell.lead] if cell.lead else []
                        for block in richtext.parse(cell.text):
                            needles += block.items if isinstance(block, richtext.BulletList) else [block.text]
    return [*needles, "Fully Achieved", "On-Track", "Slipped", "Not Achieved"]


# Seed 001's own words, in its order: a reader's spot check that needs no layout.
SEED_001_IN_ORDER = [
    "Recommendation 1:",
    "Proposed new recommendations from the hate crime scrutiny review",
    "a) targeted awareness raising and promotion of the support available for:",
    "Groups with protected characteristics (in particular disability, LGBT)",
    # Responsibility as the clerk typed it: a slash, names stacked, an ampersand.
    "Tahir Ali / Louise Crisp",
    "Vanessa Housley\nDale Metcalfe\nAlex Love",
    "b) encouraging reporting through:",
    "Sarah Wilson & Jeff Parks",
    "Neil Mitchell",
    "Mystery shopping.",
    "c) recruiting and developing capacity of community advocates",
    # The grade as seed 001 prints it: its code alone.
    "(include explanation if required) 3",
    "d) continuing to scrutinise hate crime incidents and their classifications",
    "January 2019",
    "e) reviewing the impact of the Prejudice Driven Behaviour Policy",
    "Stockton has been nominated for a LGBT Alliance Award",
    "f) Continue to review the membership",
    "Reviewed throughout the year 2019",
    "The TOR for the group was reviewed and refreshed in line with the review of hate crime.",
    "Recommendation 2:",
    "The referrals now come through “one door”",
    "Recommendation 3:",
    "Show Racism the Red Card",
    "Recommendation 4:",
    "SBC Hate Crime Lead",
    "Completed letter sent to Dr Paul Williams MP and Mr Alex Cunningham MP.",
    "Assessment of Progress Gradings",
]


@pytest.fixture
def march(demo):
    return document_for(demo, "March 2020")


@pytest.fixture
def september(demo):
    return document_for(demo, "September 2020")


def rows_by_page(document, pdf: bytes):
    """Each page's text (squashed), and where each table row of the document
    landed: (page, names of its table, its reference, the row's index in its
    table), in reading order, found by the row labels in sequence."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [squash(page.extract_text()) for page in reader.pages]
    found, page, position = [], 0, 0
    for section in layout.sections(document):
        for part in section.parts:
            for grid in part.grids:
                names = [part.heading or f"Recommendation {section.number}:", *filter(None, grid.headings)]
                for index, row in enumerate(grid.rows):
                    label = squash(f"{row.label}:")
                    while (at := pages[page].find(label, position)) < 0:
                        page, position = page + 1, 0
                    found.append((page, names, grid.reference, index))
                    position = at + 1
    return reader, pages, found


def all_rows(document):
    return [
        row
        for section in layout.sections(document)
        for part in section.parts
        for grid in part.grids
        for row in grid.rows
    ]


def filled(page) -> float:
    """How far down the page's text reaches, as a share of the space between
    the margins (the header and footer left out)."""
    height = float(page.mediabox.height)
    ys = []

    def visit(text, cm, tm, font, size):
        if text.strip() and size < 50:  # not the DRAFT mark
            ys.append(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])

    page.extract_text(visitor_text=visit)
    body = [y for y in ys if 60 < y < height - 65]
    return (height - 62 - min(body)) / (height - 62 - 57) if body else 0.0


class TestPdf:
    def test_march_2020_prints_everything_of_seed_001_in_order(self, march):
        text = pdf_text(render_pdf(march, AGENDA))
        assert_in_order(text, expected_text(march))
        assert_in_order(text, SEED_001_IN_ORDER)
        # Seed 001 prints each grade's code alone, and the words once, in the key.
        assert squash(text).count(squash("Fully Achieved")) == 1
        for words in ("(Fully Achieved)", "(On-Track)", "(Slipped)", "(Not Achieved)"):
            assert squash(words) not in squash(text)

    def test_september_2020_carries_exactly_the_three_actions_of_seed_000_with_their_new_owners(self, september):
        text = pdf_text(render_pdf(september, AGENDA))
        assert_in_order(text, expected_text(september))
        flat = squash(text)
        for carried in [
            "Schools, Colleges and Universities",
            "The development of an on-line form",
            "f) Continue",
        ]:
            assert squash(carried) in flat
        for not_carried in [
            "Frontline staff",
            "Younger men",
            "Mystery shopping",
            "c) recruiting",
            "d) continuing",
            "Recommendation 2:",
        ]:
            assert squash(not_carried) not in flat
        assert squash("Errol Parks") in flat and squash("Dawn Tyerman") in flat
        assert squash("Neil Mitchell") not in flat
        assert squash("No update received") not in flat

    def test_it_is_tagged_titled_in_english_with_fonts_embedded(self, september):
        reader = PdfReader(io.BytesIO(render_pdf(september, AGENDA)))
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog
        assert catalog["/Lang"] == "en-GB"
        assert catalog["/MarkInfo"]["/Marked"]
        assert reader.metadata.title == "Scrutiny Monitoring – Progress Update: Hate Crime, September 2020"
        fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
        assert fonts
        for font in fonts:
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]

    def test_agenda_header_on_every_page_and_page_x_of_y(self, march):
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(march, AGENDA))).pages]
        assert len(pages) > 2
        for number, text in enumerate(pages, start=1):
            assert "Agenda Item 8: Appendix 1" in text
            assert f"Page {number} of {len(pages)}" in text
            assert "DRAFT" not in text

    def test_continued_numbering_and_draft_mark(self, september):
        options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1", first_page=23, draft=True)
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(september, options))).pages]
        for number, text in enumerate(pages, start=23):
            assert re.search(rf"Page {number}\b(?! of)", text), text[-80:]
            assert "DRAFT – Agenda Item 8: Appendix 1" in text

    @pytest.mark.parametrize(
        ("period", "options"),
        [
            ("March 2020", AGENDA),
            ("September 2020", AGENDA),
            ("September 2020", ExportOptions(agenda_header="Agenda Item 8", draft=True, summary=True)),
        ],
    )
    def test_every_page_opens_with_a_row_of_an_action_it_names(self, demo, period, options):
        document = document_for(demo, period)
        reader, pages, found = rows_by_page(document, render_pdf(document, options))
        assert len(pages) > 2
        for number, text in enumerate(pages):
            rows = [row for row in found if row[0] == number]
            if not rows:
                continue  # the summary page
            _, names, reference, index = rows[0]
            if index == 0:
                # A table's first row follows its heading, on the same page.
                assert all(squash(name) in text for name in names), (number + 1, names)
                assert not any(squash(f"{ref} continued") in text for _, _, ref, _ in found), number + 1
            else:
                # A page opening inside a table says whose it is.
                assert squash(f"{reference} continued") in text, (number + 1, reference, index)
            # No page holds a lone row, mostly blank.
            assert len(rows) > 1 or filled(reader.pages[number]) > 0.5, (number + 1, rows)

    def test_a_grade_stays_with_its_evidence_and_impact(self, march, september):
        for document in (march, september):
            _, _, found = rows_by_page(document, render_pdf(document, AGENDA))
            rows = [(row.label, page) for (page, *_), row in zip(found, all_rows(document), strict=True)]
            for (label, page), (next_label, next_page) in itertools.pairwise(rows):
                if next_label.startswith(("Assessment of Progress", "Evidence of Impact")):
                    assert page == next_page, (label, next_label)

    def test_the_viewers_page_numbers_are_the_packs_and_it_stays_tagged(self, september):
        options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1", first_page=23)
        reader = PdfReader(io.BytesIO(render_pdf(september, options)))
        assert reader.page_labels == [str(n) for n in range(23, 23 + len(reader.pages))]
        assert re.search(r"Page 23\b", reader.pages[0].extract_text())
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "en-GB"

    def test_one_font_family_everywhere_the_summarys_chart_included(self, september):
        reader = PdfReader(io.BytesIO(render_pdf(september, ExportOptions(summary=True))))
        fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
        # Subset fonts are named "ABCDEF+Family-Style".
        assert {re.sub(r"^/[A-Z]{6}\+|-(Bold|Italic|BoldItalic)$", "", name) for name in fonts} == {"Liberation-Sans"}

    def test_a_round_not_yet_published_is_always_a_draft(self, demo):
        september = demo.rounds.get(period="2020-09-01")
        september.status = "open"
        september.save()
        text = pdf_text(render_pdf(document_for(demo, "September 2020"), ExportOptions()))
        assert "DRAFT" in text

    def test_nothing_in_the_evidence_can_make_it_fetch_or_embed_anything(self):
        review = make_review()
        round = make_round(review)
        hostile = (
            '<img src="file:///etc/passwd"> <link rel=attachment href="file:///etc/passwd">\n'
            '<div style="background: url(http://169.254.169.254/latest)">x</div>\n'
            "- url(http://example.org/track.png) <iframe src=http://example.org></iframe>"
        )
        make_entry(make_action(make_recommendation(review)), round, evidence=hostile, grade_explanation=hostile)
        document = build_progress_update(review, rounds=[round])
        fetcher = StaticFilesOnly()
        data = render_pdf(document, ExportOptions(), fetcher=fetcher)
        assert fetcher.refused == []  # nothing even tried to leave the static files
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            assert not page["/Resources"].get("/XObject")  # no image, nothing embedded
        assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
        assert b"root:x:0:0" not in data
        text = squash(pdf_text(data))
        assert squash('<img src="file:///etc/passwd">') in text  # printed as the text it is

    def test_the_fetcher_serves_static_files_and_refuses_everything_else(self):
        fetcher = StaticFilesOnly()
        assert b".doc-grid" in fetcher.fetch("https://app.invalid/static/reports/document.css").read()
        for url in [
            "file:///etc/passwd",
            "http://169.254.169.254/latest",
            "https://app.invalid/static/../../scrutiny/settings.py",
            "https://app.invalid/static/reports/missing.css",
            "data:text/plain,hello",
        ]:
            with pytest.raises(ValueError):
                fetcher.fetch(url)
        assert len(fetcher.refused) == 5


class TestWord:
    def read(self, document, options=AGENDA):
        return Document(io.BytesIO(render(document, "docx", options)))

    def test_march_2020_carries_the_same_content_in_order(self, march):
        doc = self.read(march)
        text = docx_text(doc)
        assert_in_order(text, expected_text(march))
        assert_in_order(text, SEED_001_IN_ORDER)

    def test_september_2020_carries_the_four_actions(self, september):
        doc = self.read(september)
        text = docx_text(doc)
        assert_in_order(text, expected_text(september))
        assert "Younger men" not in text and "Errol Parks" in text and "Neil Mitchell" not in text

    def test_it_uses_real_headings_repeating_table_heads_and_page_numbers(self, march):
        doc = self.read(march)
        styles = [p.style.name for p in doc.paragraphs]
        assert styles[0] == "Title"
        assert styles.count("Heading 1") == 4  # Recommendations 1 to 4
        assert "Heading 2" in styles
        side_by_side = next(t for t in doc.tables if len(t.columns) == 5)
        assert side_by_side.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        footer = doc.sections[0].footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer
        assert "Agenda Item 8: Appendix 1" in doc.sections[0].header.paragraphs[0].text
        assert doc.core_properties.language == "en-GB"

    def test_continued_numbering_starts_at_the_first_page_given(self, march):
        doc = self.read(march, ExportOptions(first_page=23))
        start = doc.sections[0]._sectPr.xpath("./w:pgNumType/@w:start")
        assert start == ["23"]
        assert "NUMPAGES" not in doc.sections[0].footer._element.xml

    def test_tables_carry_their_column_widths_and_rows_that_never_split(self, march):
        doc = self.read(march)
        grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
        assert len(grids) > 10
        for table in doc.tables:
            tbl = table._tbl
            assert tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
            columns = [int(w) for w in tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
            assert tbl.xpath("./w:tblPr/w:tblW/@w:type") == ["dxa"]
            assert int(tbl.xpath("./w:tblPr/w:tblW/@w:w")[0]) == sum(columns)
            for row in tbl.tr_lst:
                assert row.xpath("./w:trPr/w:cantSplit"), "a row may split across pages"
                assert [int(w) for w in row.xpath("./w:tc/w:tcPr/w:tcW/@w:w")] == columns
            assert tbl.xpath("./w:tblPr/w:tblCellMar/w:left/@w:w")
            assert_schema_order(tbl.tblPr, docx_renderer.TBL_PR_ORDER)
            for properties in tbl.xpath("./w:tr/w:tc/w:tcPr"):
                assert_schema_order(properties, docx_renderer.TC_PR_ORDER)
        body = [child.tag.split("}")[1] for child in doc.element.body]
        assert ("tbl", "tbl") not in set(itertools.pairwise(body)), "Word would join two tables with nothing between"
        page = 10206  # twips: A4 less 1.5cm each side
        label_first = [t for t in doc.tables if t.rows[-1].cells[0].text.startswith("Assessment of Progress (")]
        for table in label_first:
            columns = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
            assert abs(sum(columns) - page) < len(columns)
            assert columns[0] / page == pytest.approx(0.24, abs=0.002)
            assert len(set(columns[1:])) == 1  # the strands share the rest equally
        assert {len(t.columns) for t in label_first} == {2, 5}

    def test_header_rows_repeat_and_only_header_rows(self, march):
        doc = self.read(march)
        side_by_side = [t for t in doc.tables if len(t.columns) == 5]
        assert side_by_side
        for table in doc.tables:
            first, *others = table._tbl.tr_lst
            # The strands' headings over an empty corner, or the grading key's numbers.
            headed = table.rows[0].cells[0].text in {"", "1"}
            assert bool(first.xpath("./w:trPr/w:tblHeader")) == headed, table.rows[0].cells[-1].text
            assert not any(row.xpath("./w:trPr/w:tblHeader") for row in others)

    def test_page_numbering_stands_where_the_schema_puts_it(self, march):
        doc = self.read(march, ExportOptions(first_page=23))
        names = [child.tag.split("}")[1] for child in doc.sections[0]._sectPr]
        assert "pgNumType" in names
        assert_schema_order(doc.sections[0]._sectPr, docx_renderer.SECT_PR_ORDER)
        assert names.index("pgNumType") < names.index("cols")

    def test_title_facts_and_grading_key_are_laid_out_as_in_the_pdf(self, march):
        doc = self.read(march)
        title = doc.paragraphs[0]
        assert title.style.name == "Title" and title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        facts = doc.tables[0]
        assert [row.cells[0].text for row in facts.rows] == ["Review:", "Link Officer/s:", "Action Plan Agreed:"]
        assert not facts._tbl.xpath("./w:tblPr/w:tblBorders") and facts.style.name == "Normal Table"
        key = doc.tables[-1]
        assert [c.text for c in key.rows[0].cells] == ["1", "2", "3", "4"]
        assert [c.text for c in key.rows[1].cells] == ["Fully Achieved", "On-Track", "Slipped", "Not Achieved"]
        assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER for row in key.rows for c in row.cells)
        caption = key._tbl.getprevious()
        assert caption.xpath("string(.)") == "Assessment of Progress Gradings"
        assert all(p.paragraph_format.keep_with_next for p in key.rows[0].cells[0].paragraphs)

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (CI installs it)")
    def test_it_opens_in_libreoffice(self, september, tmp_path):
        text = pdf_text(libreoffice_pdf(render(september, "docx", AGENDA), tmp_path))
        assert_in_order(
            text, ["SCRUTINY MONITORING – PROGRESS UPDATE", "Errol Parks", "Assessment of Progress Gradings"]
        )

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (CI installs it)")
    def test_in_libreoffice_the_label_column_takes_a_quarter_of_the_page(self, march, tmp_path):
        pdf = libreoffice_pdf(render(march, "docx", AGENDA), tmp_path)
        # The label column: from a label's text to the value's text beside it.
        widths = []
        for page in PdfReader(io.BytesIO(pdf)).pages:
            fragments = text_positions(page)
            for x, y, text in fragments:
                if text == "Responsibility:":
                    beside = [fx for fx, fy, _ in fragments if abs(fy - y) < 3 and fx > x + 10]
                    widths.append(min(beside) - x)
        assert len(widths) == len(re.findall("Responsibility:", docx_text(self.read(march))))
        quarter = 0.24 * (595.3 - 2 * 42.52)  # of A4 less its 15mm margins, in points
        assert widths == [pytest.approx(quarter, abs=2)] * len(widths)

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (CI installs it)")
    def test_in_libreoffice_no_row_splits_across_pages(self, march, tmp_path):
        # Seed 001, and a plan whose long updates would straddle page ends.
        review = make_review(title="Long updates")
        round = make_round(review)
        for number in range(1, 7):

            def long_text(what, number=number):
                return "\n\n".join(
                    f"Paragraph {n} of {what} {number}: the group met, reviewed its plan and agreed next steps "
                    f"with partners across the borough, reporting back to the committee ({what} {number}.{n})."
                    for n in range(1, 8)
                )

            action = make_action(make_recommendation(review, number), agreed_action=long_text("action"))
            make_entry(action, round, evidence=long_text("update"))
        long = build_progress_update(review, rounds=[round], round=round)

        for document in (march, long):
            pdf = libreoffice_pdf(render(document, "docx", AGENDA), tmp_path)
            rows = [(row.label, last_words(row)) for row in all_rows(document) if last_words(row)]
            pages = pages_of(pdf, rows)
            assert len({start for start, _ in pages}) >= 4  # the rows run over several pages
            split = [label for (label, _), (start, end) in zip(rows, pages, strict=True) if start != end]
            assert not split, f"rows split across pages: {split}"

    def test_the_package_is_well_formed(self, september):
        with zipfile.ZipFile(io.BytesIO(render(september, "docx", AGENDA))) as package:
            assert package.testzip() is None
            assert "word/document.xml" in package.namelist()


def assert_schema_order(parent, order):
    """Word refuses a file whose elements stand out of the schema's order."""
    names = [child.tag.split("}")[1] for child in parent]
    assert [order.index(name) for name in names] == sorted(order.index(name) for name in names), names


def libreoffice_pdf(docx: bytes, tmp_path) -> bytes:
    """The Word file as LibreOffice lays it out, printed to PDF."""
    source = tmp_path / "update.docx"
    source.write_bytes(docx)
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = tmp_path / "update.pdf"
    assert converted.exists(), result.stdout + result.stderr
    return converted.read_bytes()


def text_positions(page) -> list[tuple[float, float, str]]:
    """Each piece of text on a PDF page with where it starts (x, y in points)."""
    fragments = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return fragments


def last_words(row) -> str:
    """The last words a row prints: its last cell's last paragraph or grade."""
    for cell in reversed(row.cells):
        blocks = richtext.parse(cell.text)
        if blocks:
            last = blocks[-1]
            return last.items[-1] if isinstance(last, richtext.BulletList) else last.text
        if cell.lead or cell.missing:
            return cell.lead or "No update received"
    return ""


def running_line(line: str) -> bool:
    return line.strip() == AGENDA.agenda_header or re.fullmatch(r"Page \d+ of \d+", line.strip()) is not None


def pages_of(pdf: bytes, rows: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """For each row in reading order, the page its label is on and the page
    its last words end on."""
    starts, text = [], ""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        starts.append(len(text))
        # Without the running header and footer, a row that runs on reads on.
        lines = page.extract_text().splitlines()
        text += squash("".join(line for line in lines if not running_line(line)))

    def page_at(position):
        return max(number for number, start in enumerate(starts) if start <= position)

    # A label's start and a row's last few characters: the middle of a row
    # may read interleaved with the label's lines beside it.
    found, position = [], 0
    for label, words in rows:
        label_at = text.find(squash(f"{label}:")[:12], position)
        assert label_at >= 0, f"missing, or out of order: {label!r}"
        end = squash(words)[-25:]
        words_at = text.find(end, label_at)
        assert words_at >= 0, f"the row {label!r} does not read through to {end!r}"
        found.append((page_at(label_at), page_at(words_at + len(end) - 1)))
        position = label_at + 1
    return found


class TestExcel:
    def sheet(self, document):
        return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", ExportOptions()))).active

    def test_one_row_per_action_per_round_with_typed_cells(self, march, september):
        sheet = self.sheet(september)
        header = [c.value for c in sheet[HEADING_ROW]]
        assert header[:6] == ["Review", "Round", "Recommendation", "Sub-action", "Strand", "Action reference"]
        rows = list(sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True))
        assert len(rows) == 6  # three actions, two rounds each
        first = dict(zip(header, rows[0], strict=True))
        assert first["Round"].year == 2020 and first["Round"].month == 3
        assert first["Date"].year == 2019 and first["Date"].month == 9
        assert first["Recommendation"] == 1 and first["Grade"] == 2 and first["Assessment of Progress"] == "On-Track"
        assert sheet[f"B{HEADING_ROW + 1}"].number_format == "mmmm yyyy"
        f_row = dict(zip(header, rows[-1], strict=True))
        assert f_row["Date"] == "Reviewed throughout the year 2019"
        assert f_row["Responsibility"] == "Dawn Tyerman"
        assert len(list(self.sheet(march).iter_rows(min_row=HEADING_ROW + 1))) == 16

    def test_header_is_frozen_and_filtered(self, september):
        sheet = self.sheet(september)
        assert sheet.freeze_panes == f"A{HEADING_ROW + 1}"
        # Every column, "Delivered through" (T) the last.
        assert sheet.auto_filter.ref == f"A{HEADING_ROW}:V{HEADING_ROW + 6}"

    def test_bullets_stay_bullets(self, september):
        sheet = self.sheet(september)
        evidence = sheet.cell(row=HEADING_ROW + 2, column=11).value
        assert "• CPD implications\n• Legal implications." in evidence

    def test_the_sheet_holds_the_whole_plan_texts_and_actions_without_updates_included(self, september):
        sheet = self.sheet(september)
        header = [c.value for c in sheet[HEADING_ROW]]
        assert header[-7:] == [
            "Recommendation text",
            "Sub-action text",
            "Date revised",
            "The committee's decision",
            "Delivered through",
            "Council's reference",
            "Council's action reference",
        ]
        first = dict(zip(header, next(sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True)), strict=True))
        assert first["Recommendation text"].startswith("That the Stockton Hate Crime Group")
        review = make_review()
        rec = make_recommendation(review, text="That the Council plan ahead.")
        make_action(rec, sub_action=make_sub_action(rec, "a", "a lettered part"), agreed_action="Not yet monitored")
        data = render(build_progress_update(review, rounds=[]), "xlsx", ExportOptions())
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        rows = list(sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True))
        assert len(rows) == 1
        row = dict(zip(header, rows[0], strict=True))
        assert (
            row["Round"] is None and row["Action reference"] == "1 a)" and row["Agreed Action"] == "Not yet monitored"
        )
        assert (row["Recommendation text"], row["Sub-action text"]) == (
            "That the Council plan ahead.",
            "a lettered part",
        )

    def test_a_formula_typed_as_evidence_comes_out_as_text(self):
        review = make_review()
        round = make_round(review)
        make_entry(
            make_action(make_recommendation(review), agreed_action="+44 1642 000000"),
            round,
            evidence='=HYPERLINK("http://x")',
            grade_explanation="@SUM(A1)",
            evidence_of_impact="-1+1",
        )
        data = render(build_progress_update(review, rounds=[round]), "xlsx", ExportOptions())
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cell = sheet.cell(row=HEADING_ROW + 1, column=11)
        assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
        assert [sheet.cell(row=HEADING_ROW + 1, column=c).data_type for c in (9, 14, 15)] == ["s", "s", "s"]
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


class TestExcelForTheAgendaPack:
    """The workbook prints as the pack's appendix, with no hand edits."""

    def workbook(self, document, options=AGENDA):
        return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", options)))

    def test_the_agenda_header_and_the_packs_page_numbers_print_on_every_page(self, september):
        options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1 & 2", first_page=23)
        sheet = self.workbook(september, options).worksheets[0]
        # "&" starts a code in a print header: the text's own is doubled.
        assert sheet.oddHeader.center.text == "Agenda Item 8: Appendix 1 && 2"
        assert sheet.oddFooter.center.text == "Page &P"
        assert (sheet.page_setup.firstPageNumber, sheet.page_setup.useFirstPageNumber) == (23, True)
        plain = self.workbook(september, ExportOptions()).worksheets[0]
        assert not plain.oddHeader.center.text and not plain.page_setup.useFirstPageNumber

    def test_a_header_longer_than_excel_holds_is_cut_short_saying_so(self, september):
        sheet = self.workbook(september, ExportOptions(agenda_header="Item 8 " + "&" * 300)).worksheets[0]
        header = sheet.oddHeader.center.text
        assert header.startswith("Item 8 &&&&") and header.endswith("&&…") and len("&C" + header) <= 255

    def test_a_title_block_above_the_headings_names_the_review_round_and_committee(self, september):
        sheet = self.workbook(september).worksheets[0]
        title = [row[0] for row in sheet.iter_rows(max_row=HEADING_ROW - 1, values_only=True)]
        assert title == [
            "SCRUTINY MONITORING – PROGRESS UPDATE",
            "Review: Hate Crime",
            "Progress update: September 2020",
            "Committee: Crime and Disorder Select Committee",
            None,
        ]
        assert sheet["A1"].font.b and sheet[HEADING_ROW][0].value == "Review"

    def test_the_grading_key_is_the_second_sheet(self, september):
        workbook = self.workbook(september)
        assert workbook.sheetnames[:2] == ["Progress update", "Grading key"]
        rows = list(workbook["Grading key"].iter_rows(values_only=True))
        assert rows[0] == ("Assessment of Progress Gradings", None)
        assert rows[2:] == [
            ("Grade", "Assessment of Progress"),
            (1, "Fully Achieved"),
            (2, "On-Track"),
            (3, "Slipped"),
            (4, "Not Achieved"),
        ]

    def test_it_prints_landscape_as_wide_as_a_page_with_the_headings_on_every_page(self, september):
        sheet = self.workbook(september).worksheets[0]
        assert sheet.print_title_rows == f"${HEADING_ROW}:${HEADING_ROW}"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)

    def test_the_files_properties_name_the_council_and_the_document_not_the_library(self, september):
        data = render(september, "xlsx", AGENDA)
        properties = openpyxl.load_workbook(io.BytesIO(data)).properties
        assert properties.creator == properties.lastModifiedBy == "Stockton-on-Tees Borough Council"
        assert properties.title == "Hate Crime: progress update, September 2020"
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert "openpyxl" not in package.read("docProps/core.xml").decode()

    def test_an_unpublished_round_says_draft_in_the_header_the_title_and_the_sheets_name(self, september):
        review = make_review()
        open_round = make_round(review, status=Round.Status.OPEN)
        unpublished = build_progress_update(review, rounds=[open_round], round=open_round)
        marked = ExportOptions(agenda_header="Agenda Item 8: Appendix 1", draft=True)
        for workbook in (self.workbook(unpublished), self.workbook(september, marked)):
            sheet = workbook.worksheets[0]
            assert sheet.title == "DRAFT Progress update"
            assert sheet.oddHeader.center.text == "DRAFT – Agenda Item 8: Appendix 1"
            assert sheet["A1"].value.startswith("DRAFT – ")
            assert workbook.properties.title.endswith("(DRAFT)")
        published = self.workbook(september).worksheets[0]
        assert published.title == "Progress update" and "DRAFT" not in published.oddHeader.center.text


class TestSummaryPage:
    """The one-page summary in front of the appendix: the grade mix and the
    movement since the round before, in PDF and Word."""

    def test_the_pdf_starts_with_the_summary_on_a_page_of_its_own(self, september):
        reader = PdfReader(io.BytesIO(render_pdf(september, ExportOptions(summary=True))))
        first = squash(reader.pages[0].extract_text())
        assert squash("Hate Crime: summary of the September 2020 progress update") in first
        assert squash("1 Fully Achieved 3") in first and squash("No update 0") in first
        # The paper the committee decides on: grades, not a decision pre-empted.
        assert squash("Improved 3") in first and squash("No update received") not in first
        assert squash("Proposed for sign-off") not in first
        assert squash("Recommendation 1:") not in first
        assert squash("SCRUTINY MONITORING – PROGRESS UPDATE") in squash(reader.pages[1].extract_text())

    def test_march_2020_summary_counts_seed_001s_grades(self, march):
        first = squash(PdfReader(io.BytesIO(render_pdf(march, ExportOptions(summary=True)))).pages[0].extract_text())
        for line in [
            "1 Fully Achieved 12",
            "2 On-Track 2",
            "3 Slipped 1",
            "4 Not Achieved 1",
            # The paper the committee decided on at its March 2020 meeting:
            # the grades' movement, none of that meeting's decisions.
            "First assessment 16",
        ]:
            assert squash(line) in first
        assert squash("Newly signed off") not in first and squash("Closed by the committee") not in first

    def test_the_word_file_starts_with_the_summary_then_a_page_break(self, september):
        doc = Document(io.BytesIO(render(september, "docx", ExportOptions(summary=True))))
        assert doc.paragraphs[0].text == "Hate Crime: summary of the September 2020 progress update"
        assert doc.paragraphs[0].style.name == "Title"
        mix, movement = doc.tables[0], doc.tables[1]
        assert [c.text for c in mix.rows[1].cells] == ["1 Fully Achieved", "3"]
        assert [c.text for c in movement.rows[1].cells] == ["Improved", "3"]
        body = doc.element.body.xml
        assert body.index('w:type="page"') < body.index("SCRUTINY MONITORING")

    def test_without_the_option_there_is_no_summary(self, september):
        first = PdfReader(io.BytesIO(render_pdf(september, ExportOptions()))).pages[0].extract_text()
        assert "summary of the" not in first


CORRECTION = "Corrected on 3 April 2021: Wrong school named\nCorrected on 9 April 2021: Grade was 3 & not 2"


def test_a_corrected_version_prints_its_correction_under_the_title_in_word(march):
    data = render(march, "docx", ExportOptions(correction_note=CORRECTION))
    paragraphs = [p for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert paragraphs[0].text == march.title
    assert paragraphs[1].text == CORRECTION  # one line each, the break between them
    assert all(run.bold for run in paragraphs[1].runs if run.text.strip())
    plain = Document(io.BytesIO(render(march, "docx", ExportOptions())))
    assert "Corrected on" not in "\n".join(p.text for p in plain.paragraphs)


def test_a_corrected_version_prints_its_correction_above_the_headings_in_excel(march):
    data = render(march, "xlsx", ExportOptions(agenda_header="Agenda Item 8: Appendix 1", correction_note=CORRECTION))
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Progress update"]
    line = "Corrected on 3 April 2021: Wrong school named; Corrected on 9 April 2021: Grade was 3 & not 2"
    assert sheet.cell(row=HEADING_ROW - 1, column=1).value == line
    assert sheet.cell(row=HEADING_ROW - 1, column=1).font.bold
    assert sheet.cell(row=HEADING_ROW, column=1).value == "Review"
    # And on every printed page, "&" doubled as a header needs.
    assert sheet.oddHeader.left.text == line.replace("&", "&&")
    assert sheet.oddHeader.center.text == "Agenda Item 8: Appendix 1"


def test_a_correction_too_long_for_the_print_header_is_left_to_the_title_block(march):
    note = "Corrected on 3 April 2021: " + "x" * 300
    sheet = openpyxl.load_workbook(io.BytesIO(render(march, "xlsx", ExportOptions(correction_note=note))))[
        "Progress update"
    ]
    assert sheet.cell(row=HEADING_ROW - 1, column=1).value == note
    assert not sheet.oddHeader.left.text


def test_every_format_prints_the_committees_closing_and_keeping_open(demo, clerk):
    from tests.factories import keep_open_in_september

    september = keep_open_in_september("Schools, Colleges and Universities")
    # The paper for the meeting after those that decided: the March 2021
    # one, with its history, prints March 2020's closing of 1 c) and
    # September 2020's keeping open of 1 a) Schools.
    demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=clerk,
    )
    document = document_for(demo, "March 2021", full_history=True)
    closed = (
        "Closed, not achieved, by the committee at its meeting of 12 March 2020 (illustrative): its work moved into "
        "the Hate Crime Group's action plan (illustrative). No longer monitored."
    )
    kept = f"Kept open by the committee on {september.meeting_date.day} {september.meeting_date:%B %Y} (illustrative)."
    pdf = pdf_text(render(document, "pdf", ExportOptions()))
    word = docx_text(Document(io.BytesIO(render(document, "docx", ExportOptions()))))
    for text in (pdf, word):
        assert_in_order(text, ["The committee's decision (March 2020)", closed])
        assert_in_order(text, ["The committee's decision (September 2020)", kept])
    sheet = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", ExportOptions()))).active
    rows = list(sheet.iter_rows(min_row=HEADING_ROW, values_only=True))
    column = rows[0].index("The committee's decision")
    by_row = {(row[5], row[1].strftime("%Y-%m") if row[1] else None): row[column] for row in rows[1:]}
    assert by_row["1 c)", "2020-03"] == closed
    schools = next(key for key in by_row if key[0].startswith("1 a) Schools") and key[1] == "2020-09")
    assert by_row[schools] == kept
    assert sum(1 for words in by_row.values() if words) == 2  # nothing else was kept open or closed


def test_the_september_document_prints_no_decision_as_seed_000_prints_none(september):
    # Its actions were carried forward in March 2020: nothing to print.
    assert not any(row.label.startswith("The committee's decision") for row in all_rows(september))
