"""What changed since an earlier meeting, as the Progress Update's Word
document prints it after its title block (reports/progress_update/docx.py)."""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reports.documents.docx import PAGE_WIDTH, add_gap, fix_table, repeat_as_header


def add_changes(doc, changes):
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
        fix_table(table, widths)
        repeat_as_header(table.rows[0])
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
        add_gap(doc)
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
