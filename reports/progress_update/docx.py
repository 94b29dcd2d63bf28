"""The Progress Update as a Word document, laid out like the PDF: the same
grids (reports/progress_update/layout.py), on the papers' page and styles
(reports/documents/docx.py)."""

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reports.changes.docx import add_changes
from reports.documents import ExportOptions
from reports.documents.docx import (
    add_gap,
    add_grid,
    fact_table,
    fix_table,
    keep_with_next,
    new_document,
    repeat_as_header,
)
from reports.progress_update import layout
from reports.progress_update.builder import ProgressUpdate
from reports.progress_update.summary import summarise

KEY_COLUMN_WIDTH = Cm(3.0)


def render_docx(document: ProgressUpdate, options: ExportOptions) -> bytes:
    title = f"{document.title.title()}: {document.review_title}" + (
        f", {document.round.label}" if document.round else ""
    )
    council = document.wording.council_name if document.wording else ""
    doc = new_document(document, options, title=title, author=document.committee, company=council)

    if options.summary and (summary := summarise(document)):
        _summary(doc, document, summary, options)

    doc.add_heading(document.title, level=0)
    if not options.summary or not summary:
        _correction_note(doc, options)
    _facts(doc, document)
    doc.add_paragraph(document.introduction).paragraph_format.space_after = Pt(12)
    if document.changes is not None:
        add_changes(doc, document.changes)

    for section in layout.sections(document):
        doc.add_heading(section.title, level=1)
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
                    add_gap(doc)
                add_grid(doc, grid)
                after_table = True

    _key(doc, document)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _facts(doc, document):
    """Review, link officers and the plan's date, label beside value and no
    rules, as .doc-facts."""
    fact_table(
        doc,
        [
            ("Review:", document.review_title),
            ("Link Officer/s:", ", ".join(document.link_officers)),
            ("Action Plan Agreed:", document.action_plan_agreed),
        ],
    )


def _key(doc, document):
    """The grading key: a caption over a small table of number above words,
    centred, kept on one page with its caption (.doc-key)."""
    caption = doc.add_heading(document.grading_key_heading, level=2)
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(16), Pt(4)
    key = doc.add_table(rows=2, cols=len(document.grading_key))
    key.style = "Table Grid"
    fix_table(key, [KEY_COLUMN_WIDTH] * len(document.grading_key), padding=(3, 8, 3, 8))
    key.alignment = WD_TABLE_ALIGNMENT.LEFT
    repeat_as_header(key.rows[0])
    numbers, words = key.rows[0].cells, key.rows[1].cells
    for column, grade in enumerate(document.grading_key):
        numbers[column].paragraphs[0].add_run(grade.key_heading).bold = True
        words[column].paragraphs[0].add_run(grade.key_words)
        for cell in (numbers[column], words[column]):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    keep_with_next(numbers)


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
        fix_table(table, [Cm(9), Cm(3)])
        repeat_as_header(table.rows[0])
        cells = [row.cells for row in table.rows]
        cells[0][0].paragraphs[0].add_run(first_column).bold = True
        cells[0][1].paragraphs[0].add_run("Actions").bold = True
        for (label, count), row in zip(rows, cells[1:], strict=True):
            row[0].paragraphs[0].add_run(label)
            row[1].paragraphs[0].add_run(str(count))
    doc.add_page_break()
