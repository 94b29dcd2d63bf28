"""Word progress updates the tests and the corpus (import_files/) build.

council_update(): a council's paper, made up, shaped like seed 001: the
review's details as paragraphs, one table per recommendation with the
recommendation's own record above a lettered sub-action whose strands are
columns of the same table, merged cells, an empty row, a grade cell with its
explanation, labels in other councils' words, the grading key at the end and
a page header and footer.

seed_layout(): a paper's text in the layout of seeds 000 and 001 themselves:
the details as a table, "Recommendation 1:" beside its text, a lettered
sub-action under an empty label cell, label cells merged down over the rows
of a value's paragraphs, and the grading key as a table whose first column
holds its label ("Assessment of Progress Gradings:", merged down or split
over two cells)."""

import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIXED = datetime.datetime(2020, 3, 1, 9, 0, 0)

RECOMMENDATION_1 = "That the council tackles fly-tipping with its neighbours and partners:"
RECOMMENDATION_2 = "That the council publishes fly-tipping figures every quarter."
SUB_ACTION = "targeted campaigns against fly-tipping aimed at:"
STRANDS = ("Residents", "Landlords", "Businesses")


def merge(cells):
    """Merge a row's cells into the first, as Word does (w:gridSpan)."""
    first = cells[0]
    for cell in cells[1:]:
        first = first.merge(cell)
    return first


def put(cell, text):
    """A cell's text: lines become paragraphs; '- ' lines are bullets."""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
        if line.startswith("- "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line)


def label_row(table, label, *values):
    cells = table.add_row().cells
    put(cells[0], label)
    if len(values) == 1:
        put(merge(cells[1:]), values[0])
    else:
        for cell, value in zip(cells[1:], values, strict=False):
            if value is not None:
                put(cell, value)
    return cells


def council_update(
    *,
    grade="3 Two drop-off hubs are not yet open.",
    date="January 2024",
    owners=None,
    month="November 2024",
    recommendation_label="",
) -> bytes:
    """`month`: the round the progress labels name ("" for none).
    `recommendation_label`: where given, each recommendation's number is a
    heading above its table ("Recommendation 1") and its text is in a row of
    the table beside this label ("Recommendation"), not "Recommendation 1:
    That …" in one."""
    progress = f"Progress ({month}):" if month else "Progress:"
    document = Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    section = document.sections[0]
    section.header.paragraphs[0].add_run("Agenda Item 7: Appendix 2")
    section.footer.paragraphs[0].add_run("Page 1 of 3")

    document.add_paragraph("SCRUTINY MONITORING – PROGRESS UPDATE")
    document.add_paragraph("Review: Fly-tipping")
    document.add_paragraph("Link Officer/s: Priya Shah")
    document.add_paragraph("Action Plan Agreed: June 2023")
    document.add_paragraph(
        "Updates on the progress of actions are required about 12 months after the Select Committee agreed the "
        "Action Plan."
    )

    if recommendation_label:
        document.add_heading("Recommendation 1", level=1)
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    if recommendation_label:
        label_row(table, recommendation_label, RECOMMENDATION_1)
    else:
        put(merge(table.add_row().cells), f"Recommendation 1: {RECOMMENDATION_1}")
    label_row(table, "Lead officer:", "Priya Shah")
    label_row(table, "Target date:", date)
    label_row(table, "Action:", "Agree a joint plan with the two neighbouring councils.")
    label_row(table, "Success measure:", "A joint plan is in place.")
    label_row(table, progress, "The joint plan was agreed in May.\n- two hubs planned")
    label_row(table, "Grade\n(include explanation if required)", grade)
    table.add_row()  # an empty row, as Word leaves them
    put(merge(table.add_row().cells), f" a) {SUB_ACTION}")
    heading = table.add_row().cells
    for cell, strand in zip(heading[1:], STRANDS, strict=True):
        put(cell, strand)
    label_row(table, "Lead officer:", owners or "Tom Reed", "Ann Lee / Bo Chan", "Tom Reed\nCara Diaz")
    target = label_row(table, "Target date:", "March 2024", "April 2024", None)
    merge(target[2:])  # one date for the landlords and the businesses
    label_row(table, "Action:", "Leaflets in every council tax bill.", "Letters to letting agents.", "Trade visits.")
    label_row(table, "Success measure:", "Fewer reports.", "Agents sign up.", "Waste notes checked.")
    label_row(
        table,
        progress,
        "Leaflets went out in April.",
        "Forty agents signed up.\n- all in the town centre",
        "No visits yet.",
    )
    label_row(table, "Grade", "1", "2 On-Track", "4 The officer left.")

    if recommendation_label:
        document.add_heading("Recommendation 2", level=1)
    else:
        document.add_paragraph(f"Recommendation 2: {RECOMMENDATION_2}")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    if recommendation_label:
        label_row(table, recommendation_label, RECOMMENDATION_2)
    label_row(table, "Responsibility:", "Sam Okafor")
    label_row(table, "Date:", "Reviewed every quarter")
    label_row(table, "Agreed Action:", "Publish the figures on the council's web site.")
    label_row(table, "Agreed Success Measure:", "Figures published each quarter.")
    label_row(table, f"Evidence of Progress{f' ({month})' if month else ''}:", "Published in July and October.")
    label_row(table, f"Assessment of Progress{f' ({month})' if month else ''}:\n(include explanation if required)", "1")

    document.add_paragraph("Assessment of Progress Gradings")
    key = document.add_table(rows=2, cols=4)
    for column, (number, words) in enumerate(
        [("1", "Fully Achieved"), ("2", "On-Track"), ("3", "Slipped"), ("4", "Not Achieved")]
    ):
        put(key.cell(0, column), number)
        put(key.cell(1, column), words)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, replace) -> bytes:
    """`data` (a .docx) with `replace(name, content)` applied to its parts."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replace(info.filename, source.read(info.filename)))
    return out.getvalue()


def hyperlink(paragraph, url: str, text: str) -> None:
    """A link to a web page in the text: an external relationship a
    progress update may well have."""
    part = paragraph.part
    r_id = part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


# The seeds' own layout --------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One block of an action table as seeds 000 and 001 print it: its
    heading ("Recommendation 1: That …", or "a) …"), the strands' headings
    when its records stand side by side, and its label rows, each label with
    one value per strand. A value's paragraphs ("\\n\\n") go in rows of
    their own under the label's cell, merged down; its lines ("\\n") are
    lines of one cell (names stacked in a Responsibility cell)."""

    heading: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    strands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paper:
    title: str
    details: tuple[tuple[str, str], ...]  # ("Review:", "Hate Crime") …
    introduction: str
    tables: tuple[tuple[Block, ...], ...]  # a table per recommendation, its blocks in order


KEY_HEADING = "Assessment of Progress Gradings:"
KEY = (("1", "Fully Achieved"), ("2", "On-Track"), ("3", "Slipped"), ("4", "Not Achieved"))


def seed_layout(paper: Paper, *, key: str = "merged", grades=KEY) -> bytes:
    """`paper` as a .docx in the seeds' layout. `key`: the grading key's
    label "merged" down its first column (seed 001), "split" over two cells
    (seed 000), or "above" the table, as a paragraph; `grades`, its
    numbers and words (the seeds' four by default)."""
    document = Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    details = document.add_table(rows=0, cols=2)
    put(merge(details.add_row().cells), paper.title)
    for label, value in paper.details:
        cells = details.add_row().cells
        put(cells[0], label)
        put(cells[1], value)
    document.add_paragraph(paper.introduction)
    for blocks in paper.tables:
        width = max(len(block.strands) or 1 for block in blocks)
        table = document.add_table(rows=0, cols=1 + width)
        table.style = "Table Grid"
        for block in blocks:
            _block(table, block)
        document.add_paragraph()
    _key(document, key, grades)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _block(table, block: Block) -> None:
    label, _, text = block.heading.partition(": ") if block.heading.startswith("Recommendation") else ("", "", "")
    heading = table.add_row().cells
    if label:
        put(heading[0], f"{label}:")  # "Recommendation 1:" in the label column, its text beside it
        put(merge(heading[1:]), text)
    else:
        put(merge(heading[1:]), f" {block.heading}")  # "a) …" under an empty label cell
    if block.strands:
        cells = table.add_row().cells
        for cell, strand in zip(cells[1:], block.strands, strict=False):
            put(cell, strand)
    for label, values in block.rows:
        paragraphs = [value.split("\n\n") for value in values]
        rows = [table.add_row().cells for _ in range(max(len(parts) for parts in paragraphs))]
        for n, cells in enumerate(rows):
            if len(values) == 1:
                if n < len(paragraphs[0]):
                    put(merge(cells[1:]), paragraphs[0][n])
                else:
                    merge(cells[1:])
                continue
            for cell, parts in zip(cells[1:], paragraphs, strict=False):
                if n < len(parts):
                    put(cell, parts[n])
        put(rows[0][0], label)
        if len(rows) > 1:
            merge([row[0] for row in rows])  # the label's cell merged down its value's rows
    table.add_row()  # the empty row the papers leave between blocks


def _key(document, layout: str, grades) -> None:
    if layout == "above":
        document.add_paragraph(KEY_HEADING)
    columns = len(grades) + (0 if layout == "above" else 1)
    table = document.add_table(rows=2, cols=columns)
    table.style = "Table Grid"
    offset = columns - len(grades)
    for column, (code, words) in enumerate(grades, start=offset):
        put(table.cell(0, column), code)
        put(table.cell(1, column), words)
    if layout == "merged":
        put(table.cell(0, 0).merge(table.cell(1, 0)), KEY_HEADING)
    elif layout == "split":
        put(table.cell(0, 0), "Assessment of")
        put(table.cell(1, 0), "Progress Gradings:")
