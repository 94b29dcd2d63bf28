"""A council's Word progress update, made up, shaped like seed 001: the
review's details as paragraphs, one table per recommendation with the
recommendation's own record above a lettered sub-action whose strands are
columns of the same table, merged cells, an empty row, a grade cell with its
explanation, labels in other councils' words, the grading key at the end and
a page header and footer. The tests and the corpus (import_files/) build it."""

import datetime
import io

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
    *, grade="3 Two drop-off hubs are not yet open.", date="January 2024", owners=None, month="November 2024"
) -> bytes:
    """`month`: the round the progress labels name ("" for none)."""
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

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
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

    document.add_paragraph(f"Recommendation 2: {RECOMMENDATION_2}")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
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
