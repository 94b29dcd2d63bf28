"""Step 1 of an import, for a Word progress update (.docx): the document's
tables into the same `Grid` a spreadsheet gives, so that the tracker's
reading (tracker.py), its checks of every value and its messages are the
same for both.

A progress update (seeds 000 and 001, and the product's own Word export,
reports/progress_update/docx.py) is read in document order, paragraphs and
tables alike:

- the review's details: "Review:", "Link Officer/s:", "Action Plan Agreed:"
  (a table of labels beside values, or paragraphs);
- "Recommendation 1: That …" (a heading and its paragraph, or a table row);
- "a) targeted awareness raising …": a lettered sub-action;
- "Recommendation 1:" or "a) …" in a row of their own, beside or under an
  empty label cell (seeds 000 and 001), and a "Recommendation" row beside
  the text of the recommendation a heading above numbers (or of the next);
- a row whose first cell is empty above the values: the strands' headings,
  one column each (seed 001);
- a row whose first cell is a label ("Responsibility", "Lead officer",
  "Evidence of Progress (March 2020)", "Grade") beside one value per strand,
  the labels matched as spreadsheet headings are (headings.label_field).

The grid it makes has the product's own layout, one row per action per
round (a Round column), or, when no label names a month, one row per
action. Its cells are named by where they are in the document ("Table 4
(Recommendation 1 a), Frontline staff), Date"), never as cells of a sheet.
Merged cells give every column they span their value; empty rows, the
grading key (a table under its heading, or with the heading in its first
column, merged down or split over two cells) and the paragraphs between
the tables are set aside, and the preview says which labels were read as
what. A label no field reads is a warning above Confirm, with what follows
from leaving it out (plan.UnreadLabel, comparing._warnings).
Page headers and footers are parts of their own, never read.

A paper laid out in columns instead (another council's: a table per
recommendation, its first row the headings "Action | Lead | Target |
Update | Status", under a paragraph "R1 That the Council …") is read as a
spreadsheet with its tables one under another is (ColumnsGrid, and the
tracker's layout (d)): its columns are guessed and may be corrected, and
its cells are named by table and row. The review's details above its
tables are read by the same rule as above (ReviewDetails); a table's title
row above its headings heads its actions; a status in a row of its own
under an action's is that action's; a table of actions with other
headings than the first's stops the import.
"""

import datetime
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from docx import Document
from docx.oxml.ns import qn

from actionplans.models.council import council, current_scale

from . import headings
from .grid import Grid, UnreadableFile
from .numbered_key import LONGEST_WORD, papers_own_key
from .plan import UnreadLabel
from .round_columns import heading_period
from .tracker import parse_numbered_text, recommendation_heading

# The grid's columns: the fields tracker.read_plan reads, in this order.
COLUMNS = (
    "reference",
    "recommendation",
    "sub_action",
    "strand",
    "responsibility",
    "target",
    "action",
    "success_measure",
    "round",
    "progress",
    "grade",
    "explanation",
    "impact",
)
COLUMN = {key: index for index, key in enumerate(COLUMNS)}
_ROUND_KEYS = ("progress", "grade", "explanation", "impact")
GRADING_KEY_HEADINGS = ("assessment of progress gradings", "grading key", "key to gradings", "grading explanation")
# What the export once printed for an action without one: read as blank, so
# that re-importing an old export writes no measure the plan never had.
NO_SUCCESS_MEASURE = "Not yet agreed"
# A label is a few words; a longer first cell is text, whatever it mentions.
_LONGEST_LABEL = 80

_W_P, _W_TBL, _W_TR, _W_TC, _W_R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_W_PPR, _W_PSTYLE, _W_NUMPR, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:numPr"), qn("w:val")
_W_TCPR, _W_GRID_SPAN, _W_VMERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")

_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_HYPERLINK = "/hyperlink"

_RECOMMENDATION = re.compile(r"^\s*(?:recommendation|rec\.?)\s*(\d{1,3})\s*[:.)\-–]?\s*(.*)$", re.I | re.S)
_LETTERED = re.compile(r"^\s*\(?([a-z])\)\s*(.*)$", re.I | re.S)


@dataclass(frozen=True)
class _GradePatterns:
    """How a grade cell reads on the council's scale ("3 Slipped. Two hubs
    are not yet open", "Amber – …"), and a row of its grading key."""

    numbered: re.Pattern
    worded: re.Pattern
    key_cell: re.Pattern


def _flexible(label: str) -> str:
    """'On-Track' as a pattern that also reads 'On Track' and 'on-track'."""
    return r"[\s-]*".join(re.escape(part) for part in re.split(r"[\s-]+", label.strip()) if part)


def grade_patterns(scale) -> _GradePatterns:
    """The patterns of the council's scale (models.council.Scale)."""
    words = "|".join(_flexible(level.label) for level in scale if level.label) or r"(?!x)x"
    codes = "|".join(re.escape(level.code) for level in scale if level.code) or r"(?!x)x"
    return _GradePatterns(
        numbered=re.compile(rf"^({codes})(?:\s*\(?\s*({words})\s*\)?)?(?=$|[\s.,:;–-])[\s.,:;–-]*(.*)$", re.I | re.S),
        worded=re.compile(rf"^({words})(?=$|[\s.,:;–-])[\s.,:;–-]*(.*)$", re.I | re.S),
        key_cell=re.compile(rf"^(?:{codes}|{words}|(?:{codes})\s*[-=:–]?\s*\(?({words})\)?)$", re.I),
    )


@dataclass
class ReviewDetails:
    """The review's details a Word paper gives above its actions ("Link
    Officer/s: Marc Stephenson" as a paragraph, or a table of labels beside
    values), read by one rule whichever layout its actions are in, and
    taken in as the export's "Review" sheet is (details.read_document_details)."""

    values: dict[str, str] = field(default_factory=dict)  # detail key -> as written
    places: dict[str, str] = field(default_factory=dict)  # detail key -> where it is

    def read(self, label: str, value: str, place: str) -> bool:
        """Whether `label` names a detail; if so its value is kept. Only a
        label that is a detail's wording, not one that mentions it."""
        key = headings.label_field(label, headings.REVIEW_DETAILS, exact=True)
        if key is None:
            return False
        self.values[key] = value.strip()
        self.places[key] = place or "The review's details"
        return True

    def read_paragraph(self, text: str, place: str) -> bool:
        """A paragraph "Link Officer/s: Marc Stephenson"."""
        label, colon, value = text.partition(":")
        return bool(colon) and self.read(label, value, place)


@dataclass
class DocumentGrid(Grid):
    """A Word document's tables as a Grid of COLUMNS, with the place in
    the document of each row, and the document's own label for each cell."""

    places: list[str] = field(default_factory=list)  # per row: "Table 4 (Recommendation 1 a))"
    labels: list[dict[int, str]] = field(default_factory=list)  # per row: column -> the document's label
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (label as written, field's label)
    unread_labels: list[UnreadLabel] = field(default_factory=list)  # labels no field reads
    review_details: ReviewDetails = field(default_factory=ReviewDetails)
    # The paragraphs above the first recommendation that are no detail of
    # the review: the paper's title, then its introduction.
    front: list[str] = field(default_factory=list)

    @property
    def mapping(self) -> dict[int, str]:
        """The columns' fields: known, never guessed. Without a Round column
        when no label names a month (one row per action)."""
        by_round = any(row[COLUMN["round"]] is not None for row in self.rows[1:])
        return {index: key for index, key in enumerate(COLUMNS) if by_round or key != "round"}

    def cell_name(self, row_index: int, column_index: int) -> str:
        if row_index >= len(self.places) or not self.places[row_index]:
            return super().cell_name(row_index, column_index)
        what = self.labels[row_index].get(column_index) or headings.FIELDS_BY_KEY[COLUMNS[column_index]].label
        return f"{self.places[row_index]}, {what}"

    def row_name(self, row_index: int) -> str:
        if row_index >= len(self.places) or not self.places[row_index]:
            return super().row_name(row_index)
        return self.places[row_index]


def read_document(data: bytes, archive: zipfile.ZipFile, name: str, base: str) -> "DocumentGrid | ColumnsGrid":
    """The progress update a .docx holds, as a DocumentGrid. `archive` has
    passed sheets._check_package (sizes, macros, XML prologues). Raises
    UnreadableFile for links to outside files, a damaged document, one
    without an action's table, or one beyond the limits in settings."""
    _check_links(archive, name)
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
    except Exception as error:  # python-docx and lxml raise anything from KeyError to XMLSyntaxError
        raise UnreadableFile(_damaged(name)) from error
    blocks = list(_blocks(body))
    if columns := columns_grid(blocks, name):
        return columns
    reader = _Reader(name, base)
    for element in blocks:
        if element.tag == _W_P:
            reader.paragraph(_paragraph_text(element))
        else:
            reader.table(element)
    return reader.grid()


def _damaged(name: str) -> str:
    return (
        f"{name} is damaged, or is not a complete Word document. Open it in Word, save it again as a Word "
        "Document (.docx) and upload that copy."
    )


def _check_links(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a document that points outside itself (a template, a picture,
    a frame or an object on another computer or web site: Word fetches
    them when it opens the file, the way documents are used to attack);
    links to web pages in the text are only text here."""
    for member in archive.infolist():
        if not member.filename.endswith(".rels"):
            continue
        try:
            with archive.open(member) as source:
                # The prologues have no DOCTYPE (sheets._check_package).
                root = ElementTree.parse(source).getroot()
        except Exception as error:
            raise UnreadableFile(_damaged(name)) from error
        for relationship in root.iter(_RELATIONSHIP):
            external = (relationship.get("TargetMode") or "").lower() == "external"
            if external and not (relationship.get("Type") or "").endswith(_HYPERLINK):
                raise UnreadableFile(
                    f"{name} links to files outside itself (such as a template or a picture on another computer "
                    "or web site), which is how documents are used to attack computers, so it was not opened. "
                    "Copy its text into a new Word document, save that as a Word Document (.docx) and upload it."
                )


def _blocks(parent):
    """The paragraphs and tables of the body in order, inside content
    controls too."""
    for element in parent:
        if element.tag in (_W_P, _W_TBL):
            yield element
        elif element.tag in (_W_SDT, _W_CUSTOM_XML):
            content = element.find(_W_SDT_CONTENT) if element.tag == _W_SDT else element
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(paragraph) -> str:
    parts = []
    for run in paragraph.iter(_W_R):
        for node in run:
            if node.tag == _W_T:
                parts.append(node.text or "")
            elif node.tag == _W_TAB:
                parts.append(" ")
            elif node.tag in (_W_BR, _W_CR):
                parts.append("\n")
    text = "".join(parts)
    properties = paragraph.find(_W_PPR)
    if properties is not None and text.strip():
        style = properties.find(_W_PSTYLE)
        style_id = style.get(_W_VAL, "") if style is not None else ""
        if properties.find(_W_NUMPR) is not None or style_id.lower().startswith("listbullet"):
            text = f"- {text.strip()}"  # a bullet, as evidence text writes one (actionplans/richtext.py)
    return text


def _cell_text(cell) -> str:
    """A cell's paragraphs, one a line (bullets "- "), as evidence text."""
    lines = [_paragraph_text(paragraph) for paragraph in cell.iter(_W_P)]
    return "\n".join(line.rstrip() for line in lines).strip()


def _rows(table) -> list[list[tuple[int, str]]]:
    """Each row's cells as (first grid column, text), merged cells
    recognised: a cell spanning columns is one cell; a cell that continues a
    vertical merge has the text of the cell it continues."""
    rows = []
    above: dict[int, str] = {}
    for tr in table.iter(_W_TR):
        if tr.getparent() is not table:
            continue  # a nested table's row: read as its cell's text
        cells, column = [], 0
        for tc in tr.iter(_W_TC):
            if tc.getparent() is not tr:
                continue
            properties = tc.find(_W_TCPR)
            span, merge = 1, None
            if properties is not None:
                grid_span = properties.find(_W_GRID_SPAN)
                if grid_span is not None and (grid_span.get(_W_VAL) or "").isdigit():
                    span = max(1, int(grid_span.get(_W_VAL)))
                vertical = properties.find(_W_VMERGE)
                if vertical is not None:
                    merge = vertical.get(_W_VAL) or "continue"
            text = above.get(column, "") if merge == "continue" else _cell_text(tc)
            above[column] = text
            cells.append((column, span, text))
            column += span
        rows.append(cells)
    return rows


@dataclass
class _Record:
    """One action record's values as the document gives them."""

    number: int
    letter: str
    strand: str
    place: str
    values: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field -> the document's label
    rounds: dict[datetime.date | None, dict[str, str]] = field(default_factory=dict)
    round_labels: dict[datetime.date | None, dict[str, str]] = field(default_factory=dict)
    period: datetime.date | None = None  # the round the last dated label named


class _Reader:
    def __init__(self, name: str, base: str):
        self.name, self.base = name, base
        # The council's grades and its grading key's heading (its settings).
        self.patterns = grade_patterns(current_scale())
        self.key_headings = {*GRADING_KEY_HEADINGS, headings.normalise(council().grading_key_heading)}
        self.tables = 0
        self.number: int | None = None  # the recommendation being read
        self.letter = ""
        self.recommendations: dict[int, str] = {}
        self.sub_actions: dict[tuple[int, str], str] = {}
        self.heading_places: dict[tuple[int, str], str] = {}
        self.awaiting_text = False  # "Recommendation 1:" with its text in the next paragraph
        self.records: list[_Record] = []
        self.open: dict[int, _Record] = {}  # the open records of this table, by value column
        self.strands: list[tuple[int, int, str]] | None = None  # (first column, span, heading)
        self.read_as: dict[str, str] = {}
        self.set_aside: list[str] = []
        self.unread: dict[str, list[tuple[str, int]]] = {}  # a label no field reads -> (where, recommendation)
        self.grading_key = False  # whether the document has one (set aside)
        self.key_rows: list[list[str]] = []  # its rows' texts: the tracker reads a numbered key's grades
        self.key_heading = False  # the grading key's heading was the last paragraph
        self.details = ReviewDetails()
        self.front: list[str] = []  # the paragraphs above the first recommendation

    # Paragraphs and single-text rows
    def paragraph(self, text: str, place: str = "") -> None:
        text = text.strip()
        if not text:
            return
        if self.awaiting_text and self.number is not None:
            self.awaiting_text = False
            if not _RECOMMENDATION.match(text) and not _LETTERED.match(text):
                self.recommendations[self.number] = text
                return
        self.awaiting_text = False
        if match := _RECOMMENDATION.match(text):
            self._recommendation(int(match.group(1)), match.group(2).strip(), place)
        elif (match := _LETTERED.match(text)) and self.number is not None:
            self.letter = match.group(1).lower()
            self.sub_actions[self.number, self.letter] = match.group(2).strip()
            self.heading_places[self.number, self.letter] = place or f"Recommendation {self.number} {self.letter})"
            self._close()
        elif self._detail(text, place):
            return
        elif headings.normalise(text) in self.key_headings:
            self.key_heading = True
        elif self.number is None:
            self.front.append(text)

    def _recommendation(self, number: int, text: str, place: str) -> None:
        self.number, self.letter = number, ""
        self.heading_places[number, ""] = place or f"Recommendation {number}"
        if text:
            self.recommendations[number] = text
        else:
            self.recommendations.setdefault(number, "")
            self.awaiting_text = True
        self._close()

    def _detail(self, text: str, place: str, value: str | None = None) -> bool:
        """A review's detail, "Link Officer/s: Marc Stephenson", as a
        paragraph (value None) or a label beside its value."""
        if self.number is not None:
            return False
        if value is None:
            return self.details.read_paragraph(text, place)
        return self.details.read(text, value, place)

    def _close(self) -> None:
        self.open = {}
        self.strands = None

    # Tables
    def table(self, table) -> None:
        self.tables += 1
        self._close()
        self.awaiting_text = False
        where = f"Table {self.tables}"
        rows = _rows(table)
        # The table under "Assessment of Progress Gradings" is the key, whatever its rows say.
        key_table, self.key_heading = self.key_heading, False
        key_rows = _grading_key_rows(rows, self.patterns, self.key_headings)
        for index, cells in enumerate(rows):
            texts = [text for _, _, text in cells]
            filled = [(column, span, text) for column, span, text in cells if text]
            if not filled:
                continue  # an empty row
            if key_table or index in key_rows:
                self.grading_key = True
                self.key_rows.append([text for _, _, text in filled])
                continue
            first = cells[0][2]
            label = first if first and len(first) <= _LONGEST_LABEL else ""
            heading = self._is_heading(first)
            if len(filled) == 1 and first:
                if not heading and label and self._label_row(where, label, cells):
                    continue
                self.paragraph(first, place=where)
                continue
            rest = " ".join(text for text in texts[1:] if text)
            if label and self._detail(label, where, value=rest):
                continue
            if heading:
                # "Recommendation 1:" or "a)" in the first cell, its text beside it.
                self.paragraph(f"{first} {rest}", place=where)
                continue
            if not first and len(filled) == 1 and self._is_heading(rest):
                # "a) …" under an empty label cell, as seeds 000 and 001 print it.
                self.paragraph(rest, place=where)
                continue
            if not first and self.number is not None:
                self.strands = [(column, span, text) for column, span, text in cells[1:]]
                self.open = {}
                continue
            if label and self._label_row(where, label, cells):
                continue
            if label and self.number is not None:
                self.unread.setdefault(headings.label_text(label), []).append((self._place(where), self.number))
            else:
                self.set_aside.append(first or " ".join(texts).strip())

    def _is_heading(self, text: str) -> bool:
        """ "Recommendation 1: …", or "a) …" once a recommendation is read."""
        return bool(_RECOMMENDATION.match(text) or (self.number is not None and _LETTERED.match(text)))

    def _place(self, where: str) -> str:
        return f"{where} (Recommendation {self.number}" + (f" {self.letter})" if self.letter else "") + ")"

    def _heading_row(self, where: str, key: str, label: str, value: str) -> bool:
        """A "Recommendation" row ("Recommendation" | "That the council …")
        or a "Sub-action" row ("Sub-action" | "a) targeted …"): the text of
        the recommendation or lettered sub-action it heads."""
        value = " ".join(value.split())
        if not value:
            return False
        if key == "sub_action":
            if self.number is None or not _LETTERED.match(value):
                return False
            self.paragraph(value, place=where)
        else:
            number, text = parse_numbered_text(value)
            if number is None:
                number = self.number  # the recommendation a heading above named, its text here
                if number is None or (self.recommendations.get(number) or text) != text:
                    number = max(self.recommendations, default=0) + 1  # the next, unnumbered
            if (number, "") not in self.heading_places or self.letter:
                self._recommendation(number, text, where)
            if text:
                self.recommendations[number] = text
        shown = headings.label_text(label)
        self.read_as[headings.normalise(shown) or shown] = (shown, headings.FIELDS_BY_KEY[key].label)
        return True

    def _label_row(self, where: str, label: str, cells) -> bool:
        key = headings.label_field(label)
        if key in ("recommendation", "sub_action"):
            values = [text for _, _, text in cells[1:] if text]
            if len(values) > 1 and all(headings.label_field(value) for value in values):
                return False  # a tracker's heading row ("Recommendation | Action | Lead officer"), not a text
            return self._heading_row(where, key, label, " ".join(values))
        if key not in headings.DOCUMENT_LABELS or self.number is None:
            return False
        shown = headings.label_text(label)
        self.read_as[headings.normalise(shown) or shown] = (shown, headings.FIELDS_BY_KEY[key].label)
        named = headings.period_in_heading(" ".join(label.split())) if key in _ROUND_KEYS else None
        for slot, value in self._values(cells):
            record = self.open.get(slot)
            if record is None:
                record = self.open[slot] = self._record(slot, where)
            if key in _ROUND_KEYS:
                # "Grade" under "Progress (November 2024)": the same round's.
                period = record.period = named or record.period
                values = record.rounds.setdefault(period, {})
                record.round_labels.setdefault(period, {})[key] = shown
            else:
                values = record.values
                record.labels[key] = shown
                if key == "success_measure" and value == NO_SUCCESS_MEASURE:
                    value = ""
            if value and values.get(key) and value not in values[key]:
                values[key] = f"{values[key]}\n{value}"  # a label's second row (a vertical merge of its cell)
            elif value or key not in values:
                values[key] = value
        return True

    def _values(self, cells) -> list[tuple[int, str]]:
        """(slot, value) of a label row: per strand column under strands'
        headings (a value merged across them is each one's), else per cell."""
        if self.strands:
            slots = []
            for index, (start, _, _) in enumerate(self.strands):
                covering = next(
                    (text for column, width, text in cells[1:] if column <= start < column + width),
                    "",
                )
                slots.append((index, covering))
            return slots
        return [(index, text) for index, (_, _, text) in enumerate(cells[1:])] or [(0, "")]

    def _record(self, slot: int, where: str) -> _Record:
        strand = ""
        if self.strands and slot < len(self.strands):
            strand = " ".join(self.strands[slot][2].split())
        reference = f"Recommendation {self.number}" + (f" {self.letter})" if self.letter else "")
        if strand:
            reference += f", {strand}"
        record = _Record(self.number, self.letter, strand, f"{where} ({reference})")
        self.records.append(record)
        return record

    # The grid
    def grid(self) -> DocumentGrid:
        if not self.records and not self.recommendations:
            raise UnreadableFile(
                f"{self.name} is a Word document without the tables of a progress update: no table has "
                "'Recommendation 1', 'Responsibility', 'Date' or 'Agreed Action' in it. Check it is the progress "
                "update, or copy its table into Excel, save it as an Excel Workbook (.xlsx) and upload that."
            )
        heading = [headings.FIELDS_BY_KEY[key].label for key in COLUMNS]
        rows: list[list] = [heading]
        places, labels = [""], [{}]
        limit_rows, limit_cells = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS

        def add(cells: dict[str, str | None], place: str, named: dict[str, str]) -> None:
            if len(rows) >= limit_rows or len(rows) * len(COLUMNS) >= limit_cells:
                raise UnreadableFile(
                    f"{self.name} has more actions and rounds than the import reads at once ({limit_rows:,} rows "
                    "of a tracker). Split it into smaller documents and upload each."
                )
            rows.append([cells.get(key) or None for key in COLUMNS])
            places.append(place)
            labels.append({COLUMN[key]: text for key, text in named.items()})

        recorded = {(r.number, r.letter) for r in self.records} | {(r.number, "") for r in self.records}
        for number, letter in self._headings_in_order():
            if (number, letter) not in recorded:
                # A recommendation or lettered sub-action with no action record of its own.
                add(self._heading_cells(number, letter), self.heading_places.get((number, letter), ""), {})
        # A Round column when any label names a month; else one row per
        # action, its progress for the month the clerk chooses.
        by_round = any(period is not None for record in self.records for period in record.rounds)
        patterns = self._grade_patterns()
        for record in self.records:
            cells = {**self._heading_cells(record.number, record.letter), "strand": record.strand, **record.values}
            if not record.rounds:
                add(cells, record.place, record.labels)
            for period in sorted(record.rounds, key=lambda p: (p is None, p)):
                values = dict(record.rounds[period])
                if "grade" in values and "explanation" not in values:
                    values["grade"], values["explanation"] = _grade_and_explanation(values["grade"], patterns)
                row = {**cells, **values}
                if by_round:
                    row["round"] = f"{period:%B %Y}" if period else None
                add(row, record.place, {**record.labels, **record.round_labels[period]})
        grid = DocumentGrid(
            file_name=self.base,
            sheet_name="",
            rows=rows,
            places=places,
            labels=labels,
            read_as=list(self.read_as.values()),
            unread_labels=[
                UnreadLabel(label, tuple(dict.fromkeys(place for place, _ in at)), tuple(sorted({n for _, n in at})))
                for label, at in self.unread.items()
            ],
            review_details=self.details,
            front=self.front,
            set_aside_rows=self.key_rows,
        )
        grid.notes.extend(self._notes())
        return grid

    def _grade_patterns(self) -> _GradePatterns:
        """The council's grades, or the paper's own where its key numbers
        them otherwise (numbered_key.py): a grade cell's grade is read by
        them, and the rest of the cell is its explanation."""
        key = papers_own_key(self.key_rows)
        return grade_patterns(key) if key else self.patterns

    def _headings_in_order(self) -> list[tuple[int, str]]:
        keys = [(number, "") for number in self.recommendations]
        keys += list(self.sub_actions)
        return sorted(set(keys))

    def _heading_cells(self, number: int, letter: str) -> dict[str, str | None]:
        text = self.recommendations.get(number) or ""
        sub_text = self.sub_actions.get((number, letter)) or "" if letter else ""
        return {
            "reference": f"{number}{letter}",
            "recommendation": f"Recommendation {number}: {text}" if text else None,
            "sub_action": f"{letter}) {sub_text}" if sub_text else None,
        }

    def _notes(self) -> list[str]:
        notes = []
        if self.read_as:
            listed = "; ".join(f"'{shown}' as {field}" for shown, field in self.read_as.values())
            notes.append(f"Read from the Word document's tables, the labels {listed}.")
        set_aside = []
        if self.grading_key:
            set_aside.append("the grading key")
        set_aside += [f"'{text[:60]}'" for text in dict.fromkeys(self.set_aside)]
        if set_aside:
            notes.append(f"Not read: {', '.join(set_aside)}.")
        return notes


def _grading_key_rows(rows, patterns: _GradePatterns, key_headings) -> set[int]:
    """The rows of a table that are the grading key: a row of the council's
    grades' numbers or words alone, or rows of any grades beside the key's
    label in their first cells, merged down ("Assessment of Progress
    Gradings:" beside both rows, seed 001) or split over them ("Assessment
    of" above "Progress Gradings:", seed 000), whatever grades the paper's
    key numbers (numbered_key.py). A row of grades beside another label (a
    strand's "Assessment of Progress (March 2020)": 1 1 1 2) is no part of it."""
    keyed, run = set(), []  # run: consecutive rows of short cells, each (its index, its label)
    for index, cells in enumerate([*rows, None]):
        if cells is not None and _key_row(cells, patterns) == []:
            keyed.add(index)  # the council's grades alone
        label = _beside_key_row(cells) if cells is not None else None
        if label is not None:
            run.append((index, label))
            continue
        for start, end in itertools.combinations(range(len(run) + 1), 2):
            if end - start > _KEY_LABEL_ROWS:
                continue
            parts = [label for _, label in run[start:end]]
            # A label merged down is each row's: read once.
            joined = " ".join(text for n, text in enumerate(parts) if not n or text != parts[n - 1])
            if parts and headings.normalise(joined) in key_headings:
                keyed |= {row for row, _ in run[start:end]}
        run = []
    return keyed


_KEY_LABEL_ROWS = 3  # the most rows a key's label is split or merged over


def _key_row(cells, patterns: _GradePatterns) -> list[str] | None:
    """A row of the council's grades (two or more), as the texts of the
    cells before them (its label's parts, [] for none); None for any
    other row."""
    texts = [" ".join(text.split()) for _, _, text in cells if text.strip()]
    grades = 0
    while grades < len(texts) and patterns.key_cell.match(texts[len(texts) - 1 - grades]):
        grades += 1
    return texts[: len(texts) - grades] if grades >= 2 else None


def _beside_key_row(cells) -> str | None:
    """The first cell's text of a row that may be a key's: two or more
    short cells after it, each a number or a grade's word; None for any
    other row."""
    texts = [" ".join(text.split()) for _, _, text in cells if text.strip()]
    if len(texts) < 3 or not all(len(text) <= LONGEST_WORD for text in texts[1:]):
        return None
    return texts[0]


def _grade_and_explanation(text: str | None, patterns: _GradePatterns) -> tuple[str | None, str | None]:
    """A grade cell that carries its explanation ("3 Two hubs are not yet
    open.", or the grade's paragraph above the explanation's): the grade,
    and the rest. A cell that starts with no grade is left whole, for the
    tracker to say why it is not one."""
    if not text:
        return text, None
    first, _, rest = text.partition("\n")
    first = first.strip()
    match = patterns.numbered.match(first)
    if match:
        grade = match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
        explanation = match.group(3)
    elif match := patterns.worded.match(first):
        grade, explanation = match.group(1), match.group(2)
    else:
        return text, None
    explanation = "\n".join(part for part in (explanation.strip(), rest.strip()) if part)
    return grade, explanation or None


# A paper laid out in columns ------------------------------------------------

# Paragraphs kept before the first table: the recommendation heading it,
# not the paper's title and introduction.
_PARAGRAPHS_BEFORE = 1
# A table's headings may sit under a row or two of its own (its title, a note).
_ROWS_ABOVE_HEADINGS = 2


@dataclass
class ColumnsGrid(Grid):
    """A Word paper's tables of actions one under another, each under the
    paragraphs before it, as a Grid the tracker reads as a spreadsheet; its
    cells named by table, row and the table's own heading."""

    places: list[str] = field(default_factory=list)  # per row: "Table 2, row 3"
    names: list[list[str]] = field(default_factory=list)  # per row: its table's headings
    # The paragraphs at the top of the paper, not read: its title and
    # introduction, offered to a council that has none (DocumentGrid.front).
    front: list[str] = field(default_factory=list)
    apart: set[int] = field(default_factory=set)  # rows that are the paper's text, not a table's row
    review_details: ReviewDetails = field(default_factory=ReviewDetails)
    moved: dict[tuple[int, int], str] = field(default_factory=dict)  # a cell given in a row of its own -> its name
    titled: tuple[datetime.date, str] | None = None  # the month a heading above the tables names, and the heading
    # Tables of actions with other headings than the first's: (where, what was expected), the file's to correct.
    unmatched: list[tuple[str, str]] = field(default_factory=list)

    def cell_name(self, row_index: int, column_index: int) -> str:
        if moved := self.moved.get((row_index, column_index)):
            return moved
        if row_index >= len(self.places) or not self.places[row_index]:
            return super().cell_name(row_index, column_index)
        names = self.names[row_index]
        named = names[column_index] if column_index < len(names) and names[column_index] else ""
        return f"{self.places[row_index]}, {named or f'column {column_index + 1}'}"

    def row_name(self, row_index: int) -> str:
        if row_index >= len(self.places) or not self.places[row_index]:
            return super().row_name(row_index)
        return self.places[row_index]

    def is_paragraph(self, row_index: int) -> bool:
        return row_index in self.apart


def columns_grid(blocks: list, name: str) -> ColumnsGrid | None:
    """The paper as a ColumnsGrid where a table's first row (or one under
    its title) is the headings of the actions' columns (three fields or
    more, the Agreed Action among them); None for a paper of labels beside
    values. The review's details above the first such table, in paragraphs
    or a table of their own, are read as that layout's are (ReviewDetails)."""
    grid = ColumnsGrid(file_name=name, sheet_name="", rows=[])
    paragraphs: list[tuple[str, str]] = []  # (text, where it is)
    headings_row, tables = None, 0
    headed: list[int] = []  # the grid's rows that are a table's headings
    for element in blocks:
        if element.tag == _W_P:
            text = _paragraph_text(element).strip()
            place = f"The paragraph after table {tables}" if tables else "The paragraph before table 1"
            if text and not (headings_row is None and grid.review_details.read_paragraph(text, place)):
                paragraphs.append((text, place))
                if headings_row is None and grid.titled is None and _is_a_heading(element):
                    month = heading_period(text)
                    grid.titled = (month, text) if month else None
            continue
        tables += 1
        rows = [row for row in (_spread(cells) for cells in _rows(element)) if any(row)]
        at = _headings_at(rows, headings_row)
        if at is None:
            grid.set_aside_rows += [[text for text in row if text] for row in rows]
            if headings_row is not None and (own := _headings_at(rows, None)) is not None:
                grid.unmatched.append(_other_headings(tables, own, rows[own], headings_row))
            elif headings_row is not None or not _details_table(grid, rows, tables):
                grid.notes.append(_table_not_read(tables, headings_row))
            continue
        titles = _titles(grid, rows[:at], tables)
        if headings_row is None:
            paragraphs = _top_of_paper(grid, paragraphs, 0 if titles else _PARAGRAPHS_BEFORE)
        _add_paragraphs(grid, [*paragraphs, *titles])
        paragraphs, headings_row = [], headings_row or rows[at]
        headed.append(len(grid.rows))
        for index, row in enumerate(rows[at:], start=at + 1):
            _add(grid, row, f"Table {tables}, row {index}", rows[at])
    if headings_row is None:
        return None
    _add_paragraphs(grid, paragraphs)
    _statuses_in_rows(grid, headed)
    return grid


def _statuses_in_rows(grid: "ColumnsGrid", headed: list[int]) -> None:
    """A status given in a row of its own under its action's ("Status:
    Amber", or "RAG" beside "Green"), as tables laid out for the page
    often have it: moved into the action's row, under the tables' Status
    column (one added after the last where they have none), and named
    where the paper has it."""
    found = []  # (the status row, its label, its value)
    for index in range(1, len(grid.rows)):
        before = index - 1
        if index in grid.apart or index in headed or before in grid.apart or before in headed:
            continue
        status = _status_row(grid.rows[index])
        if status and not (found and found[-1][0] == before):
            found.append((index, *status))
    if not found:
        return
    mapping = headings.guess_mapping(grid.rows[headed[0]])
    column = next((c for c, key in mapping.items() if key == "grade"), None)
    if column is None:
        column = max(len(row) for row in grid.rows)
        for index in headed:
            _put(grid.rows[index], column, found[0][1])
    for index, label, value in found:
        _put(grid.rows[index - 1], column, value)
        grid.moved[index - 1, column] = f"{grid.places[index]}, {label}"
        grid.rows[index] = []
    listed = "; ".join(grid.places[index] for index, _, _ in found[:5]) + ("; …" if len(found) > 5 else "")
    grid.notes.append(
        f"A row of its own gives an action's {found[0][1]} ({listed}): each is read as the status of the action "
        "in the row above it."
    )


def _status_row(row: list) -> tuple[str, str] | None:
    """(label, value) of a row that is only a status: "Status: Amber" in
    one cell, or a label naming the grade ("RAG", "Status") beside it."""
    texts = [" ".join(text.split()) for text in row if text]
    if len(texts) == 1:
        label, colon, value = texts[0].partition(":")
    elif len(texts) == 2:
        (label, value), colon = texts, True
    else:
        return None
    label, value = label.strip(), value.strip()
    if not (colon and value and headings.label_field(label, exact=True) == "grade"):
        return None
    return label, value


def _put(row: list, column: int, value: str) -> None:
    row.extend([None] * (column + 1 - len(row)))
    if row[column] is None:
        row[column] = value


def _is_a_heading(paragraph) -> bool:
    """Whether a paragraph is styled as a heading or the title."""
    properties = paragraph.find(_W_PPR)
    style = properties.find(_W_PSTYLE) if properties is not None else None
    style_id = (style.get(_W_VAL) or "").lower() if style is not None else ""
    return style_id.startswith("heading") or style_id == "title"


def _headings_at(rows: list, first: list | None) -> int | None:
    """The index of a table's row of headings: its first row, or one under
    a row or two of its own (a title, a note); None if it has none."""
    for index, row in enumerate(rows[: _ROWS_ABOVE_HEADINGS + 1]):
        if _names_the_columns(row, first):
            return index
    return None


def _row_text(row: list) -> str:
    return " ".join(dict.fromkeys(text for text in row if text))


def _titles(grid: "ColumnsGrid", rows: list, table: int) -> list[tuple[str, str]]:
    """The rows above a table's headings that are its recommendation ("R1
    That the Council …"), to head its actions as a paragraph would; any
    other (a note, "Updated October 2025") is named as not read."""
    titles = []
    for index, row in enumerate(rows, start=1):
        text, place = _row_text(row), f"Table {table}, row {index}"
        if recommendation_heading(text) is not None:
            titles.append((text, place))
        else:
            grid.notes.append(f"{place} ('{text[:60]}') is above the table's headings and is not read.")
    return titles


def _top_of_paper(grid: "ColumnsGrid", paragraphs: list, keep: int) -> list:
    """The paragraphs above the first table that are kept (the one heading
    it), with a note of those that are not (the paper's title and
    introduction)."""
    left = len(paragraphs) - keep
    if left <= 0:
        return paragraphs
    grid.front = [text for text, _ in paragraphs[:left]]  # offered as the paper's own
    grid.notes.append(
        f"The {'paragraph' if left == 1 else f'{left} paragraphs'} at the top of the paper (its title and "
        f"introduction) {'is' if left == 1 else 'are'} not read."
    )
    return paragraphs[left:]


def _details_table(grid: "ColumnsGrid", rows: list, table: int) -> bool:
    """A table of the review's details above the tables of actions
    ("Review | Fly-tipping", "Link officer | Sam Patel"), read as the
    label/value layout's are; its other rows are named as not read. False
    where no row is a detail."""
    unread = []
    for index, row in enumerate(rows, start=1):
        texts = [text for text in row if text]
        place = f"Table {table}, row {index}"
        if len(texts) < 2 or not grid.review_details.read(texts[0], " ".join(texts[1:]), place):
            unread.append(f"{place} ('{_row_text(row)[:60]}')")
    if len(unread) == len(rows):
        return False
    listed = ", ".join(field.label for field in headings.REVIEW_DETAILS)
    grid.notes.extend(f"{place} is not read: it is not one of the review's details ({listed})." for place in unread)
    return True


def _add_paragraphs(grid: "ColumnsGrid", paragraphs: list[tuple[str, str]]) -> None:
    for text, place in paragraphs:
        _add(grid, [text], place, [])
        grid.apart.add(len(grid.rows) - 1)
        grid.set_aside_rows.append([text])  # a grading key may be paragraphs ("Complete – delivered")


def _spread(cells) -> list[str | None]:
    """A table row's cells by the grid columns they start in."""
    row: list[str | None] = []
    for column, _span, text in cells:
        row.extend([None] * (column + 1 - len(row)))
        row[column] = text or None
    return row


def _names_the_columns(row: list, first: list | None) -> bool:
    """Whether a table's first row is the actions' headings: the first
    table's again, or three fields or more with the Agreed Action."""
    texts = [headings.normalise(text) for text in row if text]
    if first is not None:
        return texts == [headings.normalise(text) for text in first if text]
    mapping = headings.guess_mapping(row)
    return len(mapping) >= 3 and "action" in mapping.values()


def _other_headings(table: int, index: int, row: list, first: list) -> tuple[str, str]:
    """A table of actions whose headings are not the first table's: it
    cannot be read with theirs, and leaving it out would import the paper
    in part."""
    theirs, expected = " | ".join(text for text in row if text), " | ".join(text for text in first if text)
    return (
        f"Table {table}, row {index + 1}",
        f"its headings ({theirs}) are not those of the first table of actions ({expected}): give every table of "
        "actions the same headings, in the same order, and upload the paper again",
    )


def _table_not_read(number: int, first: list | None) -> str:
    if first is None:
        why = "it comes before the first table of actions"
    else:
        listed = " | ".join(text for text in first if text)
        why = f"its first row is not the headings of the tables of actions ({listed})"
    return f"Table {number} is not read: {why}."


def _add(grid: ColumnsGrid, row: list, place: str, names: list) -> None:
    if len(grid.rows) >= settings.IMPORT_MAX_ROWS:
        raise UnreadableFile(f"{grid.file_name} has more than {settings.IMPORT_MAX_ROWS:,} rows in its tables.")
    grid.rows.append(row)
    grid.places.append(place)
    grid.names.append([text or "" for text in names])
