"""The Progress Update's tables, as the committee papers lay them out.

Every action record is printed as a grid (reports/documents/grid.py) whose first column holds the labels
("Responsibility", "Evidence of Progress (March 2020)") and whose other
columns hold the values. The parallel strands of a lettered sub-action stand
side by side, one column each, as in seed 001, when there are few enough to
fit; otherwise each strand has a table of its own, one after another, as in
seed 000. The HTML/PDF and Word renderers both print these grids, so the
documents agree on what goes where.
"""

from dataclasses import dataclass, replace
from functools import partial

from reports.documents.grid import Cell, Grid, Row, part_heading
from reports.progress_update.builder import ActionData, ProgressUpdate

# Four strands and the label column fit an A4 portrait page (seed 001 does it).
MAX_SIDE_BY_SIDE = 4
ASSESSMENT_HINT = "(include explanation if required)"
DELIVERED_THROUGH = "Delivered through"


@dataclass(frozen=True)
class Part:
    """A recommendation's own record, or one lettered sub-action with its
    record and strands."""

    heading: str  # "a) targeted awareness raising …", or "" for the recommendation's own
    grids: tuple[Grid, ...]


@dataclass(frozen=True)
class Section:
    number: int
    text: str
    parts: tuple[Part, ...]
    # The executive's response, in one line, where there is one to print
    # (a rejection, a partial acceptance): see reports.progress_update.builder.response_note.
    note: str = ""
    # The council's own reference, as written ("SR (25/26) 01"), or "".
    council_reference: str = ""

    @property
    def title(self) -> str:
        """'Recommendation 3:', or 'Recommendation 3 (SR (25/26) 03):' beside the council's own."""
        council = f" ({self.council_reference})" if self.council_reference else ""
        return f"Recommendation {self.number}{council}:"


def sections(document: ProgressUpdate, max_side_by_side: int = MAX_SIDE_BY_SIDE) -> list[Section]:
    result = []
    grid = partial(grid_of, prints=document.grades_print)
    for rec in document.recommendations:
        parts = []
        if rec.action:
            own = replace(grid([rec.action]), reference=f"Recommendation {rec.number}")
            # The council's own reference of the recommendation's action ("2.1"), where it has one.
            parts.append(Part(heading=rec.action.council_reference, grids=(own,)))
        for sub in rec.sub_actions:
            grids = []
            if sub.action:
                grids.append(replace(grid([sub.action]), reference=short(sub.action.reference)))
            if 1 < len(sub.strands) <= max_side_by_side:
                together = f"{rec.number} {sub.letter})" if sub.letter else f"Recommendation {rec.number}"
                grids.append(replace(grid(sub.strands), reference=together))
            else:
                grids.extend(replace(grid([strand]), reference=short(strand.reference)) for strand in sub.strands)
            heading = part_heading(sub.letter, sub.text, sub.action.council_reference if sub.action else "")
            parts.append(Part(heading=heading, grids=tuple(grids)))
        result.append(
            Section(
                number=rec.number,
                text=rec.text,
                parts=tuple(parts),
                note=rec.response_note,
                council_reference=rec.council_reference,
            )
        )
    return result


def short(reference: str, limit: int = 40) -> str:
    """'1 b) The development of an on-line form…': a strand's reference cut at
    a word, to fit the top of a page beside the agenda header."""
    if len(reference) <= limit:
        return reference
    return reference[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def grid_of(actions: list[ActionData], *, prints: str) -> Grid:
    """The actions side by side, a column each: what was agreed, then each
    round's rows, oldest first; every grade printed as the paper prints
    them (`prints`, ProgressUpdate.grades_print)."""

    def row(label, value, hint="", keep_with_next=False):
        cells = tuple(value(action) for action in actions)
        return Row(label=label, cells=cells, hint=hint, keep_with_next=keep_with_next)

    rows = [
        row("Responsibility", lambda a: Cell(text=a.responsibility_printed), keep_with_next=True),
        row("Date", lambda a: Cell(text=a.target), keep_with_next=True),
        row("Agreed Action", lambda a: Cell(text=a.agreed_action), keep_with_next=True),
        # Blank where the papers gave none, as a council's own papers leave
        # it: the service does not say one was "not yet agreed".
        row("Agreed Success Measure", lambda a: Cell(text=a.success_measure)),
    ]
    if any(action.delivered_through for action in actions):
        # The partnership plans' actions that deliver it, one paragraph each.
        rows.append(row(DELIVERED_THROUGH, lambda a: Cell(text=a.delivered_through_words)))
    for round in _rounds_of(actions):
        rows += _round_rows(actions, round, prints)
    headings = tuple(_strand_heading(action) for action in actions)
    return Grid(headings=headings, rows=tuple(rows))


def _strand_heading(action: ActionData) -> str:
    """A strand's heading, with the council's own reference beside it
    where it has one ("Frontline staff (1.2)")."""
    if action.strand and action.council_reference:
        return f"{action.strand} ({action.council_reference})"
    return action.strand


def _rounds_of(actions: list[ActionData]) -> list:
    """Every round any of the actions has an entry in, oldest first."""
    rounds = []
    for action in actions:
        for entry in action.entries:
            if entry.round not in rounds:
                rounds.append(entry.round)
    rounds.sort(key=lambda r: r.period_code)
    return rounds


def _round_rows(actions: list[ActionData], round, prints: str) -> list[Row]:
    """One round's rows: the evidence of progress and its assessment, then,
    where any action has them, the evidence of impact, the evidence files
    and the committee's decision."""
    entries = [next((e for e in a.entries if e.round == round), None) for a in actions]

    def cells(make):
        return tuple(make(entry) if entry is not None else Cell() for entry in entries)

    impact = any(entry is not None and entry.evidence_of_impact for entry in entries)
    rows = [
        Row(
            label=f"Evidence of Progress ({round.label})",
            cells=cells(
                lambda e: Cell(text=e.evidence_of_progress) if e.received else Cell(missing=bool(e.round.missing_words))
            ),
            keep_with_next=True,
        ),
        Row(
            label=f"Assessment of Progress ({round.label})",
            hint=ASSESSMENT_HINT,
            cells=cells(lambda e: Cell(lead=e.grade.print_as(prints) if e.grade else "", text=e.grade_explanation)),
            keep_with_next=impact,
        ),
    ]
    if impact:
        rows.append(
            Row(label=f"Evidence of Impact ({round.label})", cells=cells(lambda e: Cell(text=e.evidence_of_impact)))
        )
    if any(entry is not None and entry.files for entry in entries):
        # Each file the update carries: title, kind and size.
        rows.append(Row(label=f"Evidence files ({round.label})", cells=cells(lambda e: Cell(text=e.files_words))))
    # The committee's decision at the round, where it kept an action open
    # or closed it (ActionData.committee_words): the same words as the web
    # page's.
    decided = tuple(
        Cell(text=action.committee_words(entry)) if entry is not None else Cell()
        for action, entry in zip(actions, entries, strict=True)
    )
    if any(cell.text for cell in decided):
        rows.append(Row(label=f"The committee's decision ({round.label})", cells=decided))
    return rows
