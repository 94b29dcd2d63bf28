"""A self-assessment's committee appendix as a Word document, portrait, as
seed 003 prints it."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Pt

from actionplans import richtext
from reports.documents import ExportOptions
from reports.documents.docx import (
    BULLET_STYLE_ID,
    PAGE_WIDTH,
    fix_table,
    keep_with_next,
    new_document,
    repeat_as_header,
    shade,
    write_cell,
    write_text,
)
from reports.documents.grid import Cell
from reports.standards.appendix import appendix_heading, export_options, gap_lines

# Seed 003's columns and the rating, as shares of the portrait page: the
# Local response widest, as the gap and its actions go under it.
ASSESSMENT_SHARES = (0.05, 0.23, 0.26, 0.35, 0.11)
# Without the rating, as seed 003 prints it where none was recorded.
UNRATED_SHARES = (0.05, 0.25, 0.28, 0.42)


def render_assessment_docx(document, options: ExportOptions | None = None) -> bytes:
    """A self-assessment as its committee appendix, a Word document laid out
    as the PDF: portrait, the appendix's heading and the title, the levels,
    then each standard's paragraph and its table, the rating as its word
    (reports/standards/appendix.py)."""
    options = export_options(document, options)
    title = f"{document.title}: {document.subtitle}"
    doc = new_document(document, options, title=title, author=document.area, company=document.council)

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
    shares = ASSESSMENT_SHARES if document.rated else UNRATED_SHARES
    widths = [Emu(int(PAGE_WIDTH * share)) for share in shares]
    for standard in document.standards:
        _standard_paragraph(doc, standard)
        table = doc.add_table(rows=1 + len(standard.rows), cols=len(widths))
        table.style = "Table Grid"
        rows = fix_table(table, widths)
        repeat_as_header(table.rows[0])
        keep_with_next(rows[0])
        for n, (cell, heading) in enumerate(zip(rows[0], standard.columns, strict=True)):
            write_text(cell, heading, bold=n > 0, small=True)
            shade(cell)
        for row, cells in zip(standard.rows, rows[1:], strict=True):
            write_text(cells[0], row.letter, bold=True, small=True)
            write_cell(cells[1], Cell(text=row.text), small=True)
            write_cell(cells[2], Cell(text=row.function), small=True)
            _response_cell(cells[3], row)
            if standard.rated:
                write_text(cells[4], row.rating, bold=True, small=True)

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
        write_cell(cell, Cell(text=row.response), small=True)
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
