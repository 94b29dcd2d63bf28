"""The scrutiny annual report as a Word document."""

import dataclasses
import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.docx import BULLET_STYLE_ID, fact_table, fix_table, new_document, repeat_as_header


def render_annual_docx(document, options: ExportOptions = NO_OPTIONS) -> bytes:
    """The scrutiny annual report as a Word document: the Progress Update's
    page, styles and facts table, and each section's tables of figures
    (reports.annual.data.figure_tables), the charts' numbers among them."""
    options = dataclasses.replace(options, agenda_header=options.agenda_header or document.title)
    doc = new_document(document, options, title=document.heading, author=document.council, company=document.council)

    doc.add_heading(document.heading, level=0)
    fact_table(doc, document.facts)
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
            cells = fix_table(table, [Cm(11), Cm(4)])
            repeat_as_header(table.rows[0])
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
    widths = [Cm(3.2), Cm(1.7), Cm(3.3), Cm(1.6), Cm(1.5), Cm(1.6), Cm(1.7), Cm(1.7), Cm(1.6)]
    table = doc.add_table(rows=1 + len(reviews.rows), cols=len(widths))
    table.style = "Table Grid"
    cells = fix_table(table, widths)
    repeat_as_header(table.rows[0])
    for cell, heading in zip(cells[0], ("Review", *reviews.columns), strict=True):
        run = cell.paragraphs[0].add_run(heading)
        run.bold, run.font.size = True, Pt(9)
    for (title, figures), row in zip(reviews.rows, cells[1:], strict=True):
        row[0].paragraphs[0].add_run(title)
        for n, (figure, cell) in enumerate(zip(figures, row[1:], strict=True)):
            cell.paragraphs[0].add_run(figure.shown)
            if n != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
