"""The executive response as a Word document."""

import io

from docx.shared import Pt

from reports.documents import ExportOptions
from reports.documents.docx import add_grid, fact_table, new_document


def render_response_docx(document) -> bytes:
    """The executive response as a Word document: the Progress Update's page,
    styles, facts table and grids (reports.executive_response.builder)."""
    doc = new_document(
        document, ExportOptions(), title=document.title, author=document.committee, company=document.council
    )

    doc.add_heading(document.title, level=0)
    fact_table(doc, document.facts)
    for rec, grid in document.grids():
        doc.add_heading(f"Recommendation {rec.number}:", level=1)
        text = doc.add_paragraph()
        text.add_run(rec.text).bold = True
        text.paragraph_format.space_before, text.paragraph_format.space_after = Pt(2), Pt(6)
        text.paragraph_format.keep_with_next = True
        for part in rec.parts:
            doc.add_heading(part, level=2)
        add_grid(doc, grid)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
