"""The Progress Update as a Word document, laid out like the PDF: the same
grids (reports.progress_update.layout), real heading styles, table header rows that repeat
on every page, and page numbers.

Tables carry their column widths in every place a reader might look (the
grid, each cell, the table's width, fixed layout): Word and LibreOffice each
trust a different one, and with the grid alone LibreOffice shares the page
out equally, so the label column took half of it. Padding, spacing and type
sizes follow reports/static/reports/document.css."""

import dataclasses
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from actionplans import richtext
from reports.documents import NO_OPTIONS, ExportOptions, is_draft
from reports.progress_update import layout
from reports.progress_update.builder import NO_UPDATE, ProgressUpdate
from reports.progress_update.summary import summarise
from reports.standards.appendix import appendix_heading, export_options, gap_lines

LABEL_SHADE = "F2F2F2"
BULLET_STYLE_ID = "ListBullet"  # the built-in "List Bullet" of python-docx's template
PAGE_WIDTH = Cm(21.0) - Cm(1.5) * 2
LABEL_SHARE = 0.24  # the label column, as .doc-grid__label
FACT_LABEL_WIDTH = Cm(4.0)  # "Action Plan Agreed:" and its 12pt gap
KEY_COLUMN_WIDTH = Cm(3.0)
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


def _new_document(document, options: ExportOptions, *, title: str, author: str):
    """A Word document with the papers' page (A4, running header and
    footer, DRAFT), styles and properties, every kind of document alike."""
    doc = Document()
    _set_up_page(doc, document, options)
    _styles(doc)
    props = doc.core_properties
    props.title, props.author, props.language = title, author, "en-GB"
    return doc


def render_docx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    title = f"{document.title.title()}: {document.review_title}" + (
        f", {document.round.label}" if document.round else ""
    )
    doc = _new_document(document, options, title=title, author=document.committee)

    if options.summary and (summary := summarise(document)):
        _summary(doc, document, summary, options)

    doc.add_heading(document.title, level=0)
    if not options.summary or not summary:
        _correction_note(doc, options)
    _facts(doc, document)
    doc.add_paragraph(document.introduction).paragraph_format.space_after = Pt(12)
    if document.changes is not None:
        _changes(doc, document.changes)

    for section in layout.sections(document):
        doc.add_heading(f"Recommendation {section.number}:", level=1)
        text = doc.add_paragraph()
        text.add_run(section.text).bold = True
        text.paragraph_format.space_before, text.paragraph_format.space_after = Pt(2), Pt(6)
        text.paragraph_format.keep_with_next = True
        if section.note:
            note = doc.add_paragraph()
            note.add_run(section.note).italic = True
            note.paragraph_format.space_after = Pt(6)
        after_table = False
        for part in section.parts:
            if part.heading:
                doc.add_heading(part.heading, level=2)
                after_table = False
            for grid in part.grids:
                if after_table:
                    _gap(doc)
                _grid(doc, grid)
                after_table = True

    _key(doc, document)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _facts(doc, document):
    """Review, link officers and the plan's date, label beside value and no
    rules, as .doc-facts."""
    _fact_table(
        doc,
        [
            ("Review:", document.review_title),
            ("Link Officer/s:", ", ".join(document.link_officers)),
            ("Action Plan Agreed:", document.action_plan_agreed),
        ],
    )


def _fact_table(doc, facts):
    table = doc.add_table(rows=len(facts), cols=2)
    _fix_table(table, [FACT_LABEL_WIDTH, PAGE_WIDTH - FACT_LABEL_WIDTH], padding=(2, 0, 2, 12))
    for (label, value), row in zip(facts, table.rows, strict=True):
        cells = row.cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    _gap(doc)


def _key(doc, document):
    """The grading key: a caption over a small table of number above words,
    centred, kept on one page with its caption (.doc-key)."""
    caption = doc.add_heading("Assessment of Progress Gradings", level=2)
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(16), Pt(4)
    key = doc.add_table(rows=2, cols=len(document.grading_key))
    key.style = "Table Grid"
    _fix_table(key, [KEY_COLUMN_WIDTH] * len(document.grading_key), padding=(3, 8, 3, 8))
    key.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_as_header(key.rows[0])
    numbers, words = key.rows[0].cells, key.rows[1].cells
    for column, grade in enumerate(document.grading_key):
        numbers[column].paragraphs[0].add_run(str(grade.number)).bold = True
        words[column].paragraphs[0].add_run(grade.words)
        for cell in (numbers[column], words[column]):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _keep_with_next(numbers)


def _correction_note(doc, options):
    """A corrected version's "Corrected on DATE: REASON" lines, bold, under
    the cover's title, as the PDF prints them."""
    if not options.correction_note:
        return
    note = doc.add_paragraph()
    for n, line in enumerate(options.correction_note.splitlines()):
        if n:
            note.add_run().add_break()  # one line per correction, as the PDF's <br>
        note.add_run(line).bold = True
    note.paragraph_format.space_after = Pt(12)


def _summary(doc, document, summary, options):
    """The one-page summary, then a page break before the appendix."""
    doc.add_heading(f"{document.review_title}: summary of the {summary.round_label} progress update", level=0)
    _correction_note(doc, options)
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
        _fix_table(table, [Cm(9), Cm(3)])
        _repeat_as_header(table.rows[0])
        cells = [row.cells for row in table.rows]
        cells[0][0].paragraphs[0].add_run(first_column).bold = True
        cells[0][1].paragraphs[0].add_run("Actions").bold = True
        for (label, count), row in zip(rows, cells[1:], strict=True):
            row[0].paragraphs[0].add_run(label)
            row[1].paragraphs[0].add_run(str(count))
    doc.add_page_break()


def _changes(doc, changes):
    """What changed since an earlier meeting, action by action, after the
    title block and before the recommendations: its own Heading 1, the new
    words highlighted (not underlined, which reads as a link), with a key."""
    doc.add_heading(changes.title, level=1)
    if not changes.changed:
        doc.add_paragraph(changes.nothing_words)
        return
    count = doc.add_paragraph()
    count.add_run(changes.count_sentence).bold = True
    count.paragraph_format.space_after = Pt(6)
    for section in changes.reviews:
        if section.same_round:
            said = f"No new progress update was presented in between: the {section.after_label} update stands."
        elif section.before_label and section.after_label:
            said = (
                f"The {section.before_label} progress update as the committee saw it compared with the "
                f"{section.after_label} one as this paper prints it"
                + (
                    "; corrections made since it was published are listed with their reasons"
                    if changes.as_printed
                    else ""
                )
                + ". Only the actions that changed are listed."
            )
        else:
            continue
        doc.add_paragraph(said).paragraph_format.space_after = Pt(6)
    if changes.key:
        key = doc.add_paragraph("Key: ")
        for n, (kind, words) in enumerate(changes.key):
            if kind == "new":
                _new_run(key, "highlighted words")
            elif kind == "removed":
                key.add_run("struck-through words").font.strike = True
            else:
                key.add_run("Rewritten:").bold = True
            key.add_run(f" {words}{'.' if n + 1 == len(changes.key) else '; '}")
    widths = [Cm(4.0), Cm(3.2), Cm(3.4), PAGE_WIDTH - Cm(10.6)]
    for section in changes.reviews:
        for answer in section.responses:
            doc.add_paragraph(answer.sentence, style="List Bullet")
        if not section.changed_actions:
            _left_together(doc, section)
            continue
        table = doc.add_table(rows=1 + len(section.changed_actions), cols=4)
        table.style = "Table Grid"
        _fix_table(table, widths)
        _repeat_as_header(table.rows[0])
        for cell, heading in zip(
            table.rows[0].cells, ("Action", "Assessment of Progress", "Responsibility", "What changed"), strict=True
        ):
            cell.paragraphs[0].add_run(heading).bold = True
        for action, row in zip(section.changed_actions, table.rows[1:], strict=True):
            cells = row.cells
            name = cells[0].paragraphs[0]
            name.add_run(action.full_name).bold = True
            if action.entered or action.left:
                name.add_run().add_break()
                name.add_run("Entered monitoring" if action.entered else "Left monitoring")
            before = (action.grade_before_label or "No update received") if action.in_before else "–"
            after = (action.grade_after_label or "No update received") if action.in_after else "–"
            grades = cells[1].paragraphs[0]
            grades.add_run(f"{before} → {after}")
            if action.movement_label:
                grades.add_run().add_break()
                grades.add_run(action.movement_label)
            if action.owners_changed:
                owners = f"{', '.join(action.owners_before)} → {', '.join(action.owners_after)}"
            else:
                owners = ", ".join(action.owners_after if action.in_after else action.owners_before)
            cells[2].paragraphs[0].add_run(owners)
            lines = []
            if action.left_because:
                lines.append([("Left monitoring: " + action.left_because, "")])
            lines += [[(f"Target date revised: {change.sentence}", "")] for change in action.target_changes]
            if action.has_new_evidence:
                lines.append([("New Evidence of Progress: ", ""), *_diff_runs(action.evidence)])
            lines += [[(f"The committee: {decision.sentence}", "")] for decision in action.decisions]
            for c in action.corrections:
                line = [(c.sentence, "")]
                for f in c.changes:
                    line.append((f"\n{f.label}: ", ""))
                    line += _diff_runs(f.diff) if f.diff else [(f"{f.before} → {f.after}", "")]
                lines.append(line)
            paragraph = cells[3].paragraphs[0]
            for n, line in enumerate(lines):
                if n:
                    paragraph = cells[3].add_paragraph()
                for text, kind in line:
                    for m, part in enumerate(text.split("\n")):
                        if m:
                            paragraph.add_run().add_break()
                        if kind == "new":
                            _new_run(paragraph, part)
                        else:
                            paragraph.add_run(part).font.strike = kind == "removed" or None
        _gap(doc)
        _left_together(doc, section)


def _left_together(doc, section):
    """The actions that only left monitoring, a short list per decision."""
    for group in section.left_together:
        said = doc.add_paragraph()
        said.add_run("Left monitoring").bold = True
        said.add_run(f" – {group.sentence}:")
        said.paragraph_format.keep_with_next = True
        for action in group.actions:
            doc.add_paragraph(action.name, style="List Bullet")


CORRECTIONS_LISTED = "; corrections made since it was published are listed with their reasons"


def _diff_runs(diff) -> list[tuple[str, str]]:
    """A Diff as (text, kind) runs, kind "new", "removed" or "": rewritten,
    said and whole; earlier words removed and not shown, said."""
    if diff.rewritten:
        runs = [("Rewritten: ", ""), *((piece.text, "") for piece in diff.pieces)]
    else:
        runs = [(piece.text, "new" if piece.is_new else "removed" if piece.removed else "") for piece in diff.pieces]
    if diff.removed:
        runs.append((" (some earlier text removed)", ""))
    return runs


NEW_FILL = "CFE4DC"  # as the PDF's and the page's highlight


def _new_run(paragraph, text):
    """New words: shaded as the PDF highlights them (w:ins would make them a
    tracked change, which the reader would be asked to accept)."""
    run = paragraph.add_run(text)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), NEW_FILL)
    run._r.get_or_add_rPr().append(shading)
    return run


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


def _grid(doc, grid: layout.Grid):
    header_rows = 1 if grid.has_headings else 0
    table = doc.add_table(rows=header_rows + len(grid.rows), cols=1 + grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    label_width = Emu(int(PAGE_WIDTH * LABEL_SHARE))
    value_width = Emu(int((PAGE_WIDTH - label_width) / grid.columns))
    # Each row's cells are looked up once: table.cell(r, c) walks the whole
    # table every time, which made long documents take seconds.
    rows = _fix_table(table, [label_width] + [value_width] * grid.columns)
    small = grid.columns >= 3

    if header_rows:
        _repeat_as_header(table.rows[0])
        # The strands' headings stay with the first row under them.
        _keep_with_next(rows[0])
        for column, heading in enumerate(grid.headings, start=1):
            _text(rows[0][column], heading, bold=True, small=small)

    for cells, row in zip(rows[header_rows:], grid.rows, strict=True):
        _shade(cells[0])
        _text(cells[0], f"{row.label}:", bold=True)
        if row.hint:
            cells[0].add_paragraph().add_run(row.hint).font.size = Pt(8.5)
        for target, cell in zip(cells[1:], row.cells, strict=True):
            _value(target, cell, small)
        if row.label.startswith("Evidence of Progress"):
            # The grade is read with its evidence: never a page apart.
            _keep_with_next(cells)


def _fix_table(table, widths, padding=(3, 4, 3, 4)):
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


def _gap(doc):
    """The 8pt between one table and the next (Word would join two tables
    with nothing between them into one). Before a heading, the heading's
    own space stands for it, as margins meet in the PDF."""
    gap = doc.add_paragraph()
    gap.paragraph_format.line_spacing = Pt(8)
    gap.paragraph_format.space_after = Pt(0)


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
    # 4pt between paragraphs and lists in a cell, none after the last (.doc-grid p).
    paragraphs = target.paragraphs
    for paragraph in paragraphs[:-1]:
        paragraph.paragraph_format.space_after = Pt(4)


def _text(target, text, bold=False, small=False):
    run = target.paragraphs[0].add_run(text)
    run.bold = bold
    if small:
        run.font.size = Pt(8.5)


def _shade(cell):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), LABEL_SHADE)
    _put(cell._tc.get_or_add_tcPr(), shading, TC_PR_ORDER)


def _repeat_as_header(row):
    """Mark a table row as a header row that Word repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_with_next(cells):
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


def render_response_docx(document) -> bytes:
    """The executive response as a Word document: the Progress Update's page,
    styles, facts table and grids (reports.executive_response.builder)."""
    doc = _new_document(document, ExportOptions(), title=document.title, author=document.committee)

    doc.add_heading(document.title, level=0)
    _fact_table(doc, document.facts)
    for rec, grid in document.grids():
        doc.add_heading(f"Recommendation {rec.number}:", level=1)
        text = doc.add_paragraph()
        text.add_run(rec.text).bold = True
        text.paragraph_format.space_before, text.paragraph_format.space_after = Pt(2), Pt(6)
        text.paragraph_format.keep_with_next = True
        for part in rec.parts:
            doc.add_heading(part, level=2)
        _grid(doc, grid)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_annual_docx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a Word document: the Progress Update's
    page, styles and facts table, and each section's tables of figures
    (reports.annual.data.figure_tables), the charts' numbers among them."""
    options = dataclasses.replace(options, agenda_header=options.agenda_header or document.title)
    doc = _new_document(document, options, title=document.heading, author=document.council)

    doc.add_heading(document.heading, level=0)
    _fact_table(doc, document.facts)
    for number, printed in enumerate(document.printed):
        if number:
            doc.add_page_break()
        doc.add_heading(printed.section.name, level=1)
        if printed.nothing:
            doc.add_paragraph(printed.nothing)
        if printed.reviews:
            _annual_reviews(doc, printed.reviews)
        for figures in printed.tables:
            doc.add_heading(figures.heading, level=2)
            if figures.is_empty:
                doc.add_paragraph(figures.empty)
                continue
            table = doc.add_table(rows=1 + len(figures.figures), cols=2)
            table.style = "Table Grid"
            cells = _fix_table(table, [Cm(11), Cm(4)])
            _repeat_as_header(table.rows[0])
            cells[0][0].paragraphs[0].add_run("Figure").bold = True
            cells[0][1].paragraphs[0].add_run("Number").bold = True
            for figure, row in zip(figures.figures, cells[1:], strict=True):
                row[0].paragraphs[0].add_run(figure.label)
                row[1].paragraphs[0].add_run(figure.shown)
                row[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if figures.note:
                note = doc.add_paragraph(figures.note)
                note.paragraph_format.space_before = Pt(4)
                for run in note.runs:
                    run.font.size = Pt(9)
    doc.add_heading("How the figures are counted", level=1)
    for line in document.how_counted:
        doc.add_paragraph(line)._p.style = BULLET_STYLE_ID

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _annual_reviews(doc, reviews) -> None:
    """The annual report's review-by-review table (reports.annual.data.ReviewTable)."""
    doc.add_heading(reviews.heading, level=2)
    widths = [Cm(4.2), Cm(2.1), Cm(4.0), Cm(1.8), Cm(2.1), Cm(1.8), Cm(1.9)]
    table = doc.add_table(rows=1 + len(reviews.rows), cols=len(widths))
    table.style = "Table Grid"
    cells = _fix_table(table, widths)
    _repeat_as_header(table.rows[0])
    for cell, heading in zip(cells[0], ("Review", *reviews.columns), strict=True):
        run = cell.paragraphs[0].add_run(heading)
        run.bold, run.font.size = True, Pt(9)
    for (title, figures), row in zip(reviews.rows, cells[1:], strict=True):
        row[0].paragraphs[0].add_run(title)
        for n, (figure, cell) in enumerate(zip(figures, row[1:], strict=True)):
            cell.paragraphs[0].add_run(figure.shown)
            if n != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


# A partnership plan's quarterly report ---------------------------------------------

LANDSCAPE_WIDTH = Cm(29.7) - Cm(1.5) * 2
# Seed 002's columns, and seed 004's, as shares of the landscape page.
PARTNERSHIP_SHARES = (0.05, 0.22, 0.14, 0.09, 0.2, 0.22, 0.08)
ACTIVITY_SHARES = (0.16, 0.24, 0.1, 0.1, 0.09, 0.23, 0.08)


def _activity_cells(activity) -> tuple[str, str, str]:
    """An activity's Activity/Output, Timeframe and Lead, "–" for a
    missing timeframe or lead (none at all for an objective without
    activities), as the PDF prints them."""
    if not activity.text:
        return ("", "", "")
    return (activity.text, activity.timeframe or "–", activity.leads or "–")


def render_partnership_docx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """A partnership plan's quarterly report as a Word document: the
    Progress Update's page (landscape here), styles and cells, a table per
    theme under its heading, the glossary after (reports/partnership/report.py)."""
    doc = _new_document(document, options, title=document.heading, author=document.partnership)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)

    doc.add_heading(document.title, level=0)
    intro = doc.add_paragraph(f"{document.subtitle}.")
    intro.paragraph_format.space_after = Pt(8)
    shares = ACTIVITY_SHARES if document.has_activities else PARTNERSHIP_SHARES
    widths = [Emu(int(LANDSCAPE_WIDTH * share)) for share in shares]
    for theme in document.themes:
        doc.add_heading(theme.heading, level=1)
        spans = [action.span if document.has_activities else 1 for action in theme.actions]
        table = doc.add_table(rows=1 + sum(spans), cols=len(widths))
        table.style = "Table Grid"
        rows = _fix_table(table, widths)
        _repeat_as_header(table.rows[0])
        for cell, heading in zip(rows[0], document.columns, strict=True):
            _text(cell, heading, bold=True, small=True)
            if heading:
                _shade(cell)
        first = 1
        for action, span in zip(theme.actions, spans, strict=True):
            own = rows[first : first + span]
            first += span
            progress = layout.Cell(text=action.progress if action.received else "", missing=not action.received)
            if document.has_activities:
                # Seed 004: a row per activity; the objective's own cells merged down its rows.
                for activity, row in zip(action.activity_rows, own, strict=True):
                    for cell, text in zip(row[1:4], _activity_cells(activity), strict=True):
                        _value(cell, layout.Cell(text=text), small=True)
                top = [own[0][n].merge(own[-1][n]) if span > 1 else own[0][n] for n in (0, 4, 5, 6)]
                _text(top[0], action.objective, bold=True, small=True)
                _value(top[1], layout.Cell(text="\n".join(action.indicators)), small=True)
            else:
                row = own[0]
                _text(row[0], action.number, bold=True, small=True)
                own_cells = (action.text, action.leads, action.target, action.outcome)
                for cell, text in zip(row[1:5], own_cells, strict=True):
                    _value(cell, layout.Cell(text=text), small=True)
                top = row[:1] + row[4:]
            _value(top[2], progress, small=True)
            _text(top[3], action.rag, bold=True, small=True)
    if document.glossary:
        doc.add_heading("Glossary", level=1)
        doc.add_heading("National Indicators", level=2)
        for line in document.glossary:
            paragraph = doc.add_paragraph()
            paragraph.add_run(line.code).bold = True
            paragraph.add_run(f" {line.title or '(no title given)'}{' ' + line.reference if line.reference else ''}")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# A self-assessment as the committee appendix ---------------------------------------

# Seed 003's columns and the rating, as shares of the portrait page: the
# Local response widest, as the gap and its actions go under it.
ASSESSMENT_SHARES = (0.05, 0.23, 0.26, 0.35, 0.11)


def render_assessment_docx(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as its committee appendix, a Word document laid out
    as the PDF: portrait, the appendix's heading and the title, the levels,
    then each standard's paragraph and its table, the rating as its word
    (reports/standards/appendix.py)."""
    options = export_options(document, options)
    doc = _new_document(document, options, title=f"{document.title}: {document.subtitle}", author=document.area)

    if appendix := appendix_heading(options.agenda_header):
        heading = doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_after = Pt(6)
        run = heading.add_run(appendix)
        run.bold, run.font.size = True, Pt(12)
    doc.add_heading(document.title, level=0)
    intro = doc.add_paragraph(
        document.subtitle + (f", against the standards of the {document.issued_by}" if document.issued_by else "") + "."
    )
    intro.paragraph_format.space_after = Pt(8)
    for level in document.levels:
        doc.add_heading(level.heading, level=1)
        _blocks(doc, level.text)
    widths = [Emu(int(PAGE_WIDTH * share)) for share in ASSESSMENT_SHARES]
    for standard in document.standards:
        _standard_paragraph(doc, standard)
        table = doc.add_table(rows=1 + len(standard.rows), cols=len(widths))
        table.style = "Table Grid"
        rows = _fix_table(table, widths)
        _repeat_as_header(table.rows[0])
        _keep_with_next(rows[0])
        for n, (cell, heading) in enumerate(zip(rows[0], standard.columns, strict=True)):
            _text(cell, heading, bold=n > 0, small=True)
            _shade(cell)
        for row, cells in zip(standard.rows, rows[1:], strict=True):
            _text(cells[0], row.letter, bold=True, small=True)
            _value(cells[1], layout.Cell(text=row.text), small=True)
            _value(cells[2], layout.Cell(text=row.function), small=True)
            _response_cell(cells[3], row)
            _text(cells[4], row.rating, bold=True, small=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _blocks(doc, text):
    """Paragraphs and bulleted lists (actionplans.richtext) in the body."""
    for block in richtext.parse(text):
        if isinstance(block, richtext.BulletList):
            for item in block.items:
                doc.add_paragraph(item)._p.style = BULLET_STYLE_ID
        else:
            doc.add_paragraph(block.text).paragraph_format.space_after = Pt(4)


def _standard_paragraph(doc, standard):
    """'1. Third Party Reporting: This standard relates …', its number and
    title in bold running into its definition's first paragraph."""
    blocks = richtext.parse(standard.definition)
    lead = doc.add_paragraph()
    lead.paragraph_format.space_before = Pt(12)
    lead.add_run(f"{standard.heading}:").bold = True
    if blocks and isinstance(blocks[0], richtext.Paragraph):
        lead.add_run(f" {blocks[0].text}")
        blocks = blocks[1:]
    paragraphs = [lead]
    for block in blocks:
        for item in block.items if isinstance(block, richtext.BulletList) else [block.text]:
            paragraph = doc.add_paragraph(item)
            if isinstance(block, richtext.BulletList):
                paragraph._p.style = BULLET_STYLE_ID
            paragraphs.append(paragraph)
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True
    paragraphs[-1].paragraph_format.space_after = Pt(6)


def _response_cell(cell, row):
    """The Local response, then its evidence and, for anything not fully
    met, 'Gap: …' and 'Actions: …' (each action with its latest status)."""
    if row.response:
        _value(cell, layout.Cell(text=row.response), small=True)
    else:
        run = cell.paragraphs[0].add_run("No local response recorded.")
        run.italic, run.font.size = True, Pt(8.5)
    if row.evidence:
        _labelled(cell, "Evidence:", richtext.parse(row.evidence))
    if row.leaves_a_gap:
        if row.gap:
            _labelled(cell, "Gap:", richtext.parse(row.gap))
        lines = gap_lines(row)
        if len(lines) == 1:
            _labelled(cell, "Actions:", [richtext.Paragraph(lines[0])])
        else:
            _labelled(cell, "Actions:", [richtext.BulletList(lines)])
    for paragraph in cell.paragraphs[:-1]:
        paragraph.paragraph_format.space_after = Pt(4)


def _labelled(cell, label, blocks):
    """`label` in bold leading the first paragraph of `blocks`, or on a line
    of its own above a list, in a table cell."""
    first = cell.add_paragraph()
    first.add_run(label).bold = True
    if blocks and isinstance(blocks[0], richtext.Paragraph):
        first.add_run(f" {blocks[0].text}")
        blocks = blocks[1:]
    added = [first]
    for block in blocks:
        for item in block.items if isinstance(block, richtext.BulletList) else [block.text]:
            paragraph = cell.add_paragraph(item)
            if isinstance(block, richtext.BulletList):
                paragraph._p.style = BULLET_STYLE_ID
            added.append(paragraph)
    for paragraph in added:
        for run in paragraph.runs:
            run.font.size = Pt(8.5)
