"""The Progress Update in PDF, Word and Excel, read back as a reader's
software would: the seeds' content, in order, in every format."""

import io
import itertools
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from actionplans import richtext
from reports import layout
from reports.builder import build_progress_update
from reports.documents import ExportOptions, render
from reports.documents.pdf import StaticFilesOnly, render_pdf
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
    "Tahir Ali, Louise Crisp",
    "Vanessa Housley, Dale Metcalfe, Alex Love",
    "b) encouraging reporting through:",
    "Neil Mitchell",
    "Mystery shopping.",
    "c) recruiting and developing capacity of community advocates",
    "3 (Slipped)",
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
        assert squash(text).count(squash("(Fully Achieved)")) == 12
        assert squash(text).count(squash("1 (Fully Achieved)")) == 12
        assert squash(text).count(squash("2 (On-Track)")) == 2
        assert squash(text).count(squash("4 (Not Achieved)")) == 1

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

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (CI installs it)")
    def test_it_opens_in_libreoffice(self, september, tmp_path):
        source = tmp_path / "update.docx"
        source.write_bytes(render(september, "docx", AGENDA))
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
        text = pdf_text(converted.read_bytes())
        assert_in_order(
            text, ["SCRUTINY MONITORING – PROGRESS UPDATE", "Errol Parks", "Assessment of Progress Gradings"]
        )

    def test_the_package_is_well_formed(self, september):
        with zipfile.ZipFile(io.BytesIO(render(september, "docx", AGENDA))) as package:
            assert package.testzip() is None
            assert "word/document.xml" in package.namelist()


class TestExcel:
    def sheet(self, document):
        return openpyxl.load_workbook(io.BytesIO(render(document, "xlsx", ExportOptions()))).active

    def test_one_row_per_action_per_round_with_typed_cells(self, march, september):
        sheet = self.sheet(september)
        header = [c.value for c in sheet[1]]
        assert header[:6] == ["Review", "Round", "Recommendation", "Sub-action", "Strand", "Action reference"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == 6  # three actions, two rounds each
        first = dict(zip(header, rows[0], strict=True))
        assert first["Round"].year == 2020 and first["Round"].month == 3
        assert first["Date"].year == 2019 and first["Date"].month == 9
        assert first["Recommendation"] == 1 and first["Grade"] == 2 and first["Assessment of Progress"] == "On-Track"
        assert sheet["B2"].number_format == "mmmm yyyy"
        f_row = dict(zip(header, rows[-1], strict=True))
        assert f_row["Date"] == "Reviewed throughout the year 2019"
        assert f_row["Responsibility"] == "Dawn Tyerman"
        assert len(list(self.sheet(march).iter_rows(min_row=2))) == 16

    def test_header_is_frozen_and_filtered(self, september):
        sheet = self.sheet(september)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == "A1:Q7"

    def test_bullets_stay_bullets(self, september):
        sheet = self.sheet(september)
        evidence = sheet.cell(row=3, column=11).value
        assert "• CPD implications\n• Legal implications." in evidence

    def test_the_sheet_holds_the_whole_plan_texts_and_actions_without_updates_included(self, september):
        sheet = self.sheet(september)
        header = [c.value for c in sheet[1]]
        assert header[-2:] == ["Recommendation text", "Sub-action text"]
        first = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True))
        assert first["Recommendation text"].startswith("That the Stockton Hate Crime Group")
        review = make_review()
        rec = make_recommendation(review, text="That the Council plan ahead.")
        make_action(rec, sub_action=make_sub_action(rec, "a", "a lettered part"), agreed_action="Not yet monitored")
        data = render(build_progress_update(review, rounds=[]), "xlsx", ExportOptions())
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
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
        cell = sheet.cell(row=2, column=11)
        assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
        assert [sheet.cell(row=2, column=c).data_type for c in (9, 14, 15)] == ["s", "s", "s"]
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


class TestSummaryPage:
    """The one-page summary in front of the appendix: the grade mix and the
    movement since the round before, in PDF and Word."""

    def test_the_pdf_starts_with_the_summary_on_a_page_of_its_own(self, september):
        reader = PdfReader(io.BytesIO(render_pdf(september, ExportOptions(summary=True))))
        first = squash(reader.pages[0].extract_text())
        assert squash("Hate Crime: summary of the September 2020 progress update") in first
        assert squash("1 Fully Achieved 3") in first and squash("No update 0") in first
        assert squash("Newly signed off 3") in first and squash("No update received") not in first
        assert squash("Recommendation 1:") not in first
        assert squash("SCRUTINY MONITORING – PROGRESS UPDATE") in squash(reader.pages[1].extract_text())

    def test_march_2020_summary_counts_seed_001s_grades(self, march):
        first = squash(PdfReader(io.BytesIO(render_pdf(march, ExportOptions(summary=True)))).pages[0].extract_text())
        for line in [
            "1 Fully Achieved 12",
            "2 On-Track 2",
            "3 Slipped 1",
            "4 Not Achieved 1",
            "Closed by the committee 1",  # 1 c)
            "First assessment 15",
        ]:
            assert squash(line) in first

    def test_the_word_file_starts_with_the_summary_then_a_page_break(self, september):
        doc = Document(io.BytesIO(render(september, "docx", ExportOptions(summary=True))))
        assert doc.paragraphs[0].text == "Hate Crime: summary of the September 2020 progress update"
        assert doc.paragraphs[0].style.name == "Title"
        mix, movement = doc.tables[0], doc.tables[1]
        assert [c.text for c in mix.rows[1].cells] == ["1 Fully Achieved", "3"]
        assert [c.text for c in movement.rows[1].cells] == ["Newly signed off", "3"]
        body = doc.element.body.xml
        assert body.index('w:type="page"') < body.index("SCRUTINY MONITORING")

    def test_without_the_option_there_is_no_summary(self, september):
        first = PdfReader(io.BytesIO(render_pdf(september, ExportOptions()))).pages[0].extract_text()
        assert "summary of the" not in first
