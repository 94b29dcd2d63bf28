"""A partnership plan's quarterly report as a Word document, landscape."""

import io

from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Emu, Pt

from reports.documents import NO_OPTIONS, ExportOptions
from reports.documents.docx import fix_table, new_document, repeat_as_header, shade, write_cell, write_text
from reports.documents.grid import Cell

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
    doc = new_document(document, options, title=document.heading, author=document.partnership, company=document.council)
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
        _add_theme_table(doc, document, theme, widths)
    if document.glossary:
        _add_glossary(doc, document.glossary)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _add_theme_table(doc, document, theme, widths) -> None:
    """A theme's table: the heading row, repeated on every page, then each
    action's rows (one, or one per activity)."""
    spans = [action.span if document.has_activities else 1 for action in theme.actions]
    table = doc.add_table(rows=1 + sum(spans), cols=len(widths))
    table.style = "Table Grid"
    rows = fix_table(table, widths)
    repeat_as_header(table.rows[0])
    for cell, heading in zip(rows[0], document.columns, strict=True):
        write_text(cell, heading, bold=True, small=True)
        if heading:
            shade(cell)
    first = 1
    for action, span in zip(theme.actions, spans, strict=True):
        _write_action(rows[first : first + span], action, has_activities=document.has_activities)
        first += span


def _write_action(own, action, *, has_activities: bool) -> None:
    """An action's own rows: seed 004's a row per activity, the objective's
    own cells merged down its rows; seed 002's a row alone. Its progress is
    blank where no update was received; an open quarter's draft says where
    the update is ("Submitted, waiting to be checked")."""
    progress = Cell(text=action.progress if action.received else "")
    if has_activities:
        for activity, row in zip(action.activity_rows, own, strict=True):
            for cell, text in zip(row[1:4], _activity_cells(activity), strict=True):
                write_cell(cell, Cell(text=text), small=True)
        top = [own[0][n].merge(own[-1][n]) if len(own) > 1 else own[0][n] for n in (0, 4, 5, 6)]
        write_text(top[0], action.objective, bold=True, small=True)
        write_cell(top[1], Cell(text="\n".join(action.indicators)), small=True)
    else:
        row = own[0]
        write_text(row[0], action.number, bold=True, small=True)
        own_cells = (action.text, action.leads, action.target, action.outcome)
        for cell, text in zip(row[1:5], own_cells, strict=True):
            write_cell(cell, Cell(text=text), small=True)
        top = row[:1] + row[4:]
    write_cell(top[2], progress, small=True)
    if not action.received and action.progress:
        write_text(top[2], action.progress, small=True, italic=True)
    write_text(top[3], action.rag, bold=True, small=True)


def _add_glossary(doc, glossary) -> None:
    """The National Indicators the plan names, each code with its title."""
    doc.add_heading("Glossary", level=1)
    doc.add_heading("National Indicators", level=2)
    for line in glossary:
        paragraph = doc.add_paragraph()
        paragraph.add_run(line.code).bold = True
        paragraph.add_run(f" {line.title or '(no title given)'}{' ' + line.reference if line.reference else ''}")
