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
        said = _compared_words(section)
        if said:
            doc.add_paragraph(said).paragraph_format.space_after = Pt(6)
    if changes.key:
        _add_key(doc, changes.key)
    for section in changes.reviews:
        for answer in section.responses:
            doc.add_paragraph(answer.sentence, style="List Bullet")
        if not section.changed_actions:
            _left_together(doc, section)
            continue
        _add_changes_table(doc, section)
        add_gap(doc)
        _left_together(doc, section)


def _compared_words(section) -> str:
    """What a review's section compares, in one sentence, or '' for a review
    without both progress updates to compare."""
    if section.same_round:
        return f"No new progress update was presented in between: the {section.after_label} update stands."
    if not (section.before_label and section.after_label):
        return ""
    return (
        f"The {section.before_label} progress update compared with the {section.after_label} one as this paper "
        "prints it; corrections made since the first meeting are listed with their reasons. "
        "Only the actions that changed are listed."
    )


def _add_key(doc, key_lines):
    """The key to the marks on the words: each mark shown as it prints."""
    key = doc.add_paragraph("Key: ")
    for n, (kind, words) in enumerate(key_lines):
        if kind == "new":
            _new_run(key, "highlighted words")
        elif kind == "removed":
            key.add_run("struck-through words").font.strike = True
        else:
            key.add_run("Rewritten:").bold = True
        key.add_run(f" {words}{'.' if n + 1 == len(key_lines) else '; '}")


CHANGES_HEADINGS = ("Action", "Assessment of Progress", "Responsibility", "What changed")


def _add_changes_table(doc, section):
    """A review's actions that changed: a row each, under a heading row
    repeated on every page."""
    table = doc.add_table(rows=1 + len(section.changed_actions), cols=4)
    table.style = "Table Grid"
    fix_table(table, [Cm(4.0), Cm(3.2), Cm(3.4), PAGE_WIDTH - Cm(10.6)])
    repeat_as_header(table.rows[0])
    for cell, heading in zip(table.rows[0].cells, CHANGES_HEADINGS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for action, row in zip(section.changed_actions, table.rows[1:], strict=True):
        _fill_action_row(row.cells, action)


def _fill_action_row(cells, action):
    """One action's row: its name (and whether it entered or left
    monitoring), its grades and movement, who was responsible, and what
    changed."""
    name = cells[0].paragraphs[0]
    name.add_run(action.full_name).bold = True
    if action.entered or action.left:
        name.add_run().add_break()
        name.add_run("Entered monitoring" if action.entered else "Left monitoring")
    before = (action.grade_before_label or "No update received") if action.in_before else "–"
    after = (action.grade_after_label or "No update received") if action.in_after else "–"
    grades = cells[1].paragraphs[0]
    grades.add_run(f"{before} → {after}")
    if action.movement_said:
        grades.add_run().add_break()
        grades.add_run(action.movement_said)
    if action.owners_changed:
        owners = f"{', '.join(action.owners_before)} → {', '.join(action.owners_after)}"
    else:
        owners = ", ".join(action.owners_after if action.in_after else action.owners_before)
    cells[2].paragraphs[0].add_run(owners)
    _write_lines(cells[3], _what_changed(action))


def _what_changed(action) -> list[list[tuple[str, str]]]:
    """What changed for an action, a line each: runs of (text, kind), kind
    'new', 'removed' or '' for words as they stand."""
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
    return lines


def _write_lines(cell, lines):
    """`lines` in `cell`, a paragraph each, a line break for each new line
    in a run's text, new words highlighted and removed ones struck through."""
    paragraph = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
        for text, kind in line:
            for m, part in enumerate(text.split("\n")):
                if m:
                    paragraph.add_run().add_break()
                if kind == "new":
                    _new_run(paragraph, part)
                else:
                    paragraph.add_run(part).font.strike = kind == "removed" or None


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
