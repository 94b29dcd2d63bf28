"""The documents' tables as HTML, on the web page and in the PDF: one grid
of reports/documents/grid.py (the Progress Update's and the executive
response's tables), and one recommendation's section of the Progress Update
with its parts' grids (reports/progress_update/layout.py).

    {% load document_grid %}{% document_grid grid on_screen %}
    {% document_section section on_screen %}

Written here rather than as templates included once a grid: a long
review's round page prints hundreds of sections and grids, thousands of
cells, and the template language spent most of that page's time on them
(a lookup, a test and an escape for every cell). The markup is the one the template
had, byte for byte: tight, a row a line and no class a stylesheet can do
without (a row's label is its th[scope=row], a value its td). Everything
printed is escaped as the template escaped it (escaped), and a cell's
text is evidence text (actionplans.richtext, as the evidence_plain
filter prints it).
"""

import html

from django import template
from django.utils.safestring import SafeString

from actionplans import richtext
from reports.documents.grid import Cell, Grid, Row

register = template.Library()

CORNER = '<td class="doc-grid__label doc-grid__corner"></td>'
MISSING = '<p class="doc-missing">No update received</p>'


@register.simple_tag
def document_grid(grid: Grid, on_screen=False) -> SafeString:
    """The grid's table. Off screen (the PDF), each row says whether it
    keeps with the next and how a page opening in its middle names it."""
    head = ""
    if grid.has_headings:
        strands = "".join(f'<th scope="col" class="doc-grid__strand">{escaped(h)}</th>' for h in grid.headings)
        head = f"<thead><tr>{CORNER}{strands}</tr></thead>"
    continued = "" if on_screen else f' data-continued="{escaped(grid.reference)} continued"'
    rows = "".join(f"{_row(row, on_screen, continued)}\n    " for row in grid.rows)
    return SafeString(
        f'\n<table class="doc-grid doc-grid--{grid.columns}">\n  {head}\n  <tbody>\n    {rows}\n  </tbody>\n</table>\n'
    )


def _row(row: Row, on_screen, continued: str) -> str:
    keep = ' class="doc-grid__keep"' if not on_screen and row.keep_with_next else ""
    hint = f' <span class="doc-grid__hint">{escaped(row.hint)}</span>' if row.hint else ""
    cells = "".join(_cell(cell) for cell in row.cells)
    return f'<tr{keep}{continued}><th scope="row">{escaped(row.label)}:{hint}</th>{cells}</tr>'


def _cell(cell: Cell) -> str:
    missing = MISSING if cell.missing else ""
    lead = f'<p class="doc-grade">{escaped(cell.lead)}</p>' if cell.lead else ""
    return f"<td>{missing}{lead}{richtext.to_html(cell.text, classes=False)}</td>"


def escaped(value) -> str:
    """django.utils.html.conditional_escape, as the template escaped each
    value: what is already HTML as it is, anything else by html.escape
    (as Django's escape()), without the wrapping that makes it slow."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.simple_tag
def document_section(section, on_screen=False) -> SafeString:
    """A recommendation's section of the Progress Update
    (reports/progress_update/layout.py's Section): its title, its text, the
    executive's response in a line, then each part's heading and grids. On
    screen, a grid of parallel strands scrolls sideways in a region of its
    own rather than widen the page."""
    number = str(section.number)
    note = f'<p class="doc-response">{escaped(section.note)}</p>' if section.note else ""
    parts = "".join(_part(part, number, on_screen) for part in section.parts)
    return SafeString(
        f'<!--unit--><section class="doc-recommendation" aria-labelledby="recommendation-{number}">\n'
        f'    <h2 class="doc-recommendation__title" id="recommendation-{number}">{escaped(section.title)}</h2>\n'
        f'    <p class="doc-recommendation__text">{escaped(section.text)}</p>\n'
        f"    {note}\n    {parts}\n  </section>"
    )


def _part(part, number: str, on_screen) -> str:
    heading = f'<h3 class="doc-part">{escaped(part.heading)}</h3>' if part.heading else ""
    grids = []
    for counter, grid in enumerate(part.grids, start=1):
        region = on_screen and grid.has_headings
        opened = ""
        if region:
            named = f" {escaped(part.heading)}" if part.heading else ""
            which = f", part {counter}" if len(part.grids) > 1 else ""
            label = f"Recommendation {number}{named}{which}"
            opened = f'<div class="app-table-wrapper" role="region" aria-label="{label}" tabindex="0">'
        grids.append(f"\n      {opened}\n      {document_grid(grid, on_screen)}{'</div>' if region else ''}")
    return heading + "".join(grids)
