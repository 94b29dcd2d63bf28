"""What every document's Word file shares, laid out like the PDF: the
papers' page (A4, the running header with DRAFT and the agenda header, the
footer's page numbers), real heading styles, the grids of
reports/documents/grid.py, table header rows that repeat on every page.

Tables carry their column widths in every place a reader might look (the
grid, each cell, the table's width, fixed layout): Word and LibreOffice each
trust a different one, and with the grid alone LibreOffice shares the page
out equally, so the label column took half of it. Padding, spacing and type
sizes follow reports/static/reports/document.css."""

from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from actionplans import richtext
from actionplans.grading import NO_UPDATE_RECEIVED
from reports.documents import ExportOptions, is_draft
from reports.documents.grid import Cell, Grid

LANGUAGE = "en-GB"
APPLICATION = "Scrutiny monitoring"  # the service, as its pages name it
LABEL_SHADE = "F2F2F2"
BULLET_STYLE_ID = "ListBullet"  # the built-in "List Bullet" of python-docx's template
PAGE_WIDTH = Cm(21.0) - Cm(1.5) * 2
LABEL_SHARE = 0.24  # the label column, as .doc-grid's th[scope=row]
FACT_LABEL_WIDTH = Cm(4.0)  # "Action Plan Agreed:" and its 12pt gap
BORDER = 6  # eighths of a point: the PDF's 0.75pt rules

# The schema's order of children (ECMA-376 CT_SectPr, CT_TblPr, CT_TcPr):
# Word refuses a file whose elements stand out of order.
SECT_PR_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]
TBL_PR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
]
TC_PR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
]


def new_document(document, options: ExportOptions, *, title: str, author: str, company: str = ""):
    """A Word document with the papers' page (A4, running header and
    footer, DRAFT), styles and properties, every kind of document alike:
    `author` the committee (or partnership, or area) whose paper it is,
    `company` the council."""
    doc = Document()
    _set_up_page(doc, document, options)
    _styles(doc)
    _properties(doc, title=title, author=author, company=company)
    return doc


def _properties(doc, *, title: str, author: str, company: str) -> None:
    """The file's own properties, true of this paper: python-docx's
    template says it was made on 23 December 2013 by "python-docx" in
    American English with Microsoft Macintosh Word (one page, no words),
    and carries that blank page's thumbnail. Word shows them under File,
    Info, and a council's records system indexes them."""
    rendered = timezone.now().replace(microsecond=0)
    props = doc.core_properties
    props.title, props.author, props.language = title, author, LANGUAGE
    props.last_modified_by = author
    props.created = props.modified = rendered
    props.comments = props.keywords = props.subject = props.category = ""
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            # A generic part: its bytes are all python-docx keeps of it.
            rel.target_part._blob = _extended_properties(company)
    for rel_id, rel in list(doc.part.rels.items()):
        # Word 2010's copy of the styles, still saying en-US: Word reads styles.xml.
        if not rel.is_external and str(rel.target_part.partname).endswith("/stylesWithEffects.xml"):
            doc.part.drop_rel(rel_id)
    theme_language = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)


def _extended_properties(company: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><Company>{escape(company)}</Company></Properties>"
    ).encode()


def fact_table(doc, facts):
    table = doc.add_table(rows=len(facts), cols=2)
    fix_table(table, [FACT_LABEL_WIDTH, PAGE_WIDTH - FACT_LABEL_WIDTH], padding=(2, 0, 2, 12))
    for (label, value), row in zip(facts, table.rows, strict=True):
        cells = row.cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    add_gap(doc)


def _set_up_page(doc, document, options):
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)

    header_text = " – ".join(
        part
        for part in ("DRAFT" if is_draft(document, options) else "", options.marking, options.agenda_header)
        if part
    )
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(header_text)
    run.bold = True
    run.font.size = Pt(9)
    if is_draft(document, options) or options.confidential:
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    if options.first_page:
        # Numbering continues the agenda pack's; its total is not ours to know.
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), str(options.first_page))
        _put(section._sectPr, number_type, SECT_PR_ORDER)
    else:
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)


def _styles(doc):
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Arial")
    # The PDF's line-height 1.3 (Word's "single" is already about 1.15 for
    # Arial) and no gap after a paragraph unless one is asked for.
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.13
    # British English, as the PDF says (lang="en-GB"): the template's
    # defaults say en-US, so Word would check the spelling as American.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for language in [*defaults.iter(qn("w:lang")), _lang_of(normal.element.get_or_add_rPr())]:
        language.set(qn("w:val"), LANGUAGE)
        language.set(qn("w:eastAsia"), LANGUAGE)
    # (style, size, space before, space after): .doc-title, .doc-recommendation__title, .doc-part
    for name, size, before, after in [("Title", 14, 0, 8), ("Heading 1", 11, 14, 0), ("Heading 2", 10, 10, 4)]:
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(after)
        style.paragraph_format.keep_with_next = True
        # The template's theme fonts would win over Arial; drop them.
        run_properties = style.element.get_or_add_rPr()
        fonts = run_properties.get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        # Nor are the Title's letter spacing and blue rule underneath the council's.
        for extra in run_properties.findall(qn("w:spacing")) + run_properties.findall(qn("w:kern")):
            run_properties.remove(extra)
        paragraph_properties = style.element.pPr
        if paragraph_properties is not None:
            for border in paragraph_properties.findall(qn("w:pBdr")):
                paragraph_properties.remove(border)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # The rules of every ruled table: 0.75pt, as the PDF's.
    borders = doc.styles["Table Grid"].element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    for border in borders:
        border.set(qn("w:sz"), str(BORDER))


def _lang_of(run_properties):
    """A style's own w:lang, made where it has none."""
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    return language


def add_grid(doc, grid: Grid):
    header_rows = 1 if grid.has_headings else 0
    table = doc.add_table(rows=header_rows + len(grid.rows), cols=1 + grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    label_width = Emu(int(PAGE_WIDTH * LABEL_SHARE))
    value_width = Emu(int((PAGE_WIDTH - label_width) / grid.columns))
    # Each row's cells are looked up once: table.cell(r, c) walks the whole
    # table every time, which made long documents take seconds.
    rows = fix_table(table, [label_width] + [value_width] * grid.columns)
    small = grid.columns >= 3

    if header_rows:
        repeat_as_header(table.rows[0])
        # The strands' headings stay with the first row under them.
        keep_with_next(rows[0])
        for column, heading in enumerate(grid.headings, start=1):
            write_text(rows[0][column], heading, bold=True, small=small)

    for cells, row in zip(rows[header_rows:], grid.rows, strict=True):
        shade(cells[0])
        write_text(cells[0], f"{row.label}:", bold=True)
        if row.hint:
            cells[0].add_paragraph().add_run(row.hint).font.size = Pt(8.5)
        for target, cell in zip(cells[1:], row.cells, strict=True):
            write_cell(target, cell, small)
        if row.label.startswith("Evidence of Progress"):
            # The grade is read with its evidence: never a page apart.
            keep_with_next(cells)


def fix_table(table, widths, padding=(3, 4, 3, 4)):
    """Give a table its column widths everywhere Word and LibreOffice look,
    fixed layout, the PDF's cell padding (top, right, bottom, left, in
    points), and rows that never split across a page. Returns each row's
    cells."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    properties = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    width.set(qn("w:type"), "dxa")
    _put(properties, width, TBL_PR_ORDER)
    margins = OxmlElement("w:tblCellMar")
    for side, points in zip(("top", "right", "bottom", "left"), padding, strict=True):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(points * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _put(properties, margins, TBL_PR_ORDER)
    for column, column_width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = column_width
    rows = []
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = row.cells
        for cell, cell_width in zip(cells, widths, strict=True):
            cell.width = cell_width
        rows.append(cells)
    return rows


def add_gap(doc):
    """The 8pt between one table and the next (Word would join two tables
    with nothing between them into one). Before a heading, the heading's
    own space stands for it, as margins meet in the PDF."""
    gap = doc.add_paragraph()
    gap.paragraph_format.line_spacing = Pt(8)
    gap.paragraph_format.space_after = Pt(0)


def write_cell(target, cell: Cell, small: bool):
    first = target.paragraphs[0]
    used = False
    if cell.missing:
        run = first.add_run(NO_UPDATE_RECEIVED)
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
    # 4pt between paragraphs and lists in a cell, none after the last (.doc-grid p).
    paragraphs = target.paragraphs
    for paragraph in paragraphs[:-1]:
        paragraph.paragraph_format.space_after = Pt(4)


def write_text(target, text, bold=False, small=False, italic=False):
    run = target.paragraphs[0].add_run(text)
    run.bold = bold
    run.italic = italic or None
    if small:
        run.font.size = Pt(8.5)


def shade(cell):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LABEL_SHADE)
    _put(cell._tc.get_or_add_tcPr(), shading, TC_PR_ORDER)


def repeat_as_header(row):
    """Mark a table row as a header row that Word repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_with_next(cells):
    """Keep a table row on the same page as the row after it: Word and
    LibreOffice read "keep with next" on the row's paragraphs so."""
    for cell in cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _put(parent, element, order):
    """Put element in parent where the schema's order says, replacing any
    element of its kind already there."""
    name = element.tag.split("}")[1]
    for old in parent.findall(element.tag):
        parent.remove(old)
    later = set(order[order.index(name) + 1 :])
    for position, child in enumerate(parent):
        if child.tag.split("}")[-1] in later:
            parent.insert(position, element)
            return
    parent.append(element)


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
