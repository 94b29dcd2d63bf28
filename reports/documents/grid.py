"""The documents' tables as the committee papers lay them out: a first
column of labels ("Responsibility", "Evidence of Progress (March 2020)")
beside one column of values per record. The Progress Update's grids
(reports/progress_update/layout.py) and the executive response's are
these; the HTML/PDF and Word renderers print them alike."""

from dataclasses import dataclass

from actionplans.models.plan import part_words


@dataclass(frozen=True)
class Cell:
    text: str = ""  # evidence text: paragraphs and bullets (actionplans.richtext)
    lead: str = ""  # printed in bold before the text: a grade
    missing: bool = False  # "No update received"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    hint: str = ""
    # Printed on the same page as the row after it: the plan's short rows
    # stay together, and a grade stays with its evidence and its impact.
    keep_with_next: bool = False


@dataclass(frozen=True)
class Grid:
    headings: tuple[str, ...]  # one per column: the strands' headings, or empty
    rows: tuple[Row, ...]
    # What the table is the record of, as a reader names it ("1 d)",
    # "1 a) Frontline staff", "Recommendation 2"): a page that opens in the
    # middle of the table says "1 d) continued".
    reference: str = ""

    @property
    def columns(self) -> int:
        return len(self.headings)

    @property
    def has_headings(self) -> bool:
        return any(self.headings)


def part_heading(letter: str, text: str, council_reference: str = "") -> str:
    """'a) targeted awareness raising …', as the committee's papers print a
    lettered part, its letter once even where its text was typed with it
    ('a) targeted …': part_words()), the council's own reference after the
    letter where it has one ('a) (1.1) …'); '' for the letterless part of
    strands."""
    if not letter:
        return ""
    council = f" ({council_reference})" if council_reference else ""
    return f"{letter}){council} {part_words(letter, text)}".rstrip()
