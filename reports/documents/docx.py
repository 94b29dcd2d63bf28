"""The Progress Update as a Word document, laid out like the PDF: the same
grids (reports.layout), real heading styles, table header rows that repeat
on every page, and page numbers."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from actionplans import richtext
from reports import layout
from reports.builder import NO_UPDATE, ProgressUpdate
from reports.documents import ExportOptions, is_draft
from reports.summary import summarise

LABEL_SHADE = "F2F2F2"
BULLET_STYLE_ID = "ListBullet"  # the built-in "List Bullet" of python-docx's template
PAGE_WIDTH = Cm(21.0) - Cm(1.5) * 2


def render_docx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    doc = Document()
    _set_up_page(doc, document, options)
    _styles(doc)

    props = doc.core_properties
    props.title = f"{document.title.title()}: {document.review_title}" + (
        f", {document.round.label}" if document.round else ""
    )
    props.author = document.committee
    props.language = "en-GB"

    if options.summary and (summary := summarise(document)):
        _summary(doc, document, summary)

    doc.add_heading(document.title, level=0)
    for label, value in [
        ("Review:", document.review_title),
        ("Link Officer/s:", ", ".join(document.link_officers)),
        ("Action Plan Agreed:", document.action_plan_agreed),
    ]:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label} ").bold = True
        paragraph.add_run(value)
    doc.add_paragraph(document.introduction)

    for section in layout.sections(document):
        doc.add_heading(f"Recommendation {section.number}:", level=1)
        doc.add_paragraph().add_run(section.text).bold = True
        for part in section.parts:
            if part.heading:
                doc.add_heading(part.heading, level=2)
            for grid in part.grids:
                _grid(doc, grid)
                doc.add_paragraph()

    doc.add_heading("Assessment of Progress Gradings", level=2)
    key = doc.add_table(rows=2, cols=len(document.grading_key))
    key.style = "Table Grid"
    _repeat_as_header(key.rows[0])
    numbers, words = key.rows[0].cells, key.rows[1].cells
    for column, grade in enumerate(document.grading_key):
        numbers[column].paragraphs[0].add_run(str(grade.number)).bold = True
        words[column].paragraphs[0].add_run(grade.words)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _summary(doc, document, summary):
    """The one-page summary, then a page break before the appendix."""
    doc.add_heading(f"{document.review_title}: summary of the {summary.round_label} progress update", level=0)
    tables = [
        (
            f"Assessment of Progress, {summary.round_label}",
            "Assessment of Progress",
            [(bar.label, bar.count) for bar in summary.mix.rows],
        )
    ]
    if summary.movements:
        since = summary.previous_label or "the action plan"
        tables.append((f"Since {since}", "Movement", summary.movements))
    for heading, first_column, rows in tables:
        doc.add_heading(heading, level=1)
        table = doc.add_table(rows=1 + len(rows), cols=2)
        table.style = "Table Grid"
        _repeat_as_header(table.rows[0])
        cells = [row.cells for row in table.rows]
        cells[0][0].paragraphs[0].add_run(first_column).bold = True
        cells[0][1].paragraphs[0].add_run("Actions").bold = True
        for (label, count), row in zip(rows, cells[1:], strict=True):
            row[0].paragraphs[0].add_run(label)
            row[1].paragraphs[0].add_run(str(count))
    doc.add_page_break()


def _set_up_page(doc, document, options):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)

    header_text = options.agenda_header
    if is_draft(document, options):
        header_text = "DRAFT" + (f" – {header_text}" if header_text else "")
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(header_text)
    run.bold = True
    if is_draft(document, options):
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    if options.first_page:
        # Numbering continues the agenda pack's; its total is not ours to know.
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), str(options.first_page))
        section._sectPr.append(number_type)
    else:
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")


def _styles(doc):
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Arial")
    for name, size in [("Title", 16), ("Heading 1", 12), ("Heading 2", 10.5)]:
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        # The template's theme fonts would win over Arial; drop them.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        # The Title style's blue rule underneath is not the council's.
        paragraph_properties = style.element.pPr
        if paragraph_properties is not None:
            for border in paragraph_properties.findall(qn("w:pBdr")):
                paragraph_properties.remove(border)


def _grid(doc, grid: layout.Grid):
    header_rows = 1 if grid.has_headings else 0
    table = doc.add_table(rows=header_rows + len(grid.rows), cols=1 + grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    label_width = int(PAGE_WIDTH * 0.24)
    value_width = int((PAGE_WIDTH - label_width) / grid.columns)
    small = grid.columns >= 3
    # Each row's cells are looked up once: table.cell(r, c) walks the whole
    # table every time, which made long documents take seconds.
    rows = [row.cells for row in table.rows]
    for cells in rows:
        cells[0].width = label_width
        for cell in cells[1:]:
            cell.width = value_width

    if header_rows:
        _repeat_as_header(table.rows[0])
        for column, heading in enumerate(grid.headings, start=1):
            _text(rows[0][column], heading, bold=True, small=small)

    for cells, row in zip(rows[header_rows:], grid.rows, strict=True):
        _shade(cells[0])
        _text(cells[0], f"{row.label}:", bold=True)
        if row.hint:
            cells[0].add_paragraph().add_run(row.hint).font.size = Pt(8)
        for target, cell in zip(cells[1:], row.cells, strict=True):
            _value(target, cell, small)


def _value(target, cell: layout.Cell, small: bool):
    first = target.paragraphs[0]
    used = False
    if cell.missing:
        run = first.add_run(NO_UPDATE)
        run.italic = True
        used = True
    if cell.lead:
        paragraph = target.add_paragraph() if used else first
        run = paragraph.add_run(cell.lead)
        run.bold = True
        used = True
    for block in richtext.parse(cell.text):
        bullet = isinstance(block, richtext.BulletList)
        for item in block.items if bullet else [block.text]:
            paragraph = target.add_paragraph() if used else first
            if bullet:
                # The style's id, set directly: python-docx looks a style up
                # by name slowly, and a long document has thousands of bullets.
                paragraph._p.style = BULLET_STYLE_ID
            run = paragraph.add_run(item)
            if small:
                run.font.size = Pt(8.5)
            used = True


def _text(target, text, bold=False, small=False):
    run = target.paragraphs[0].add_run(text)
    run.bold = bold
    if small:
        run.font.size = Pt(8.5)


def _shade(cell):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LABEL_SHADE)
    properties.append(shading)


def _repeat_as_header(row):
    """Mark a table row as a header row that Word repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) that the reader's Word fills in."""

    def run_with(element):
        paragraph.add_run()._r.append(element)

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(char("begin"))
    run_with(code)
    run_with(char("separate"))
    paragraph.add_run("1")
    run_with(char("end"))
