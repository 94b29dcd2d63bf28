"""Step 1 of an import: an uploaded file's bytes into a `Grid` of cell values.

The file's kind is told by its bytes, never its name: clerks rename files,
and a PDF called "tracker.xlsx" must get a message, not a stack trace. Every
refusal is an `UnreadableFile` whose text says what is wrong and what to do.

Workbooks are read with openpyxl's readers for the workbook, its shared
strings and styles, and our own small sheet reader (`_SheetReader`), so that
one pass gives values, the text of formulas Excel never calculated, and the
merged ranges, without keeping per-row formatting. Before openpyxl sees a
workbook, the zip is checked (its declared sizes, macros, its parts' XML
prologues), because openpyxl guards against no zip bomb, and against only
some XML attacks.
"""

import csv
import dataclasses
import datetime
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

from actionplans.filekinds import UnreadablePackage, has_macros, kind_of, ole_has_stream, ole_is_encrypted

from .fills import rag_styles
from .grid import Grid, UnreadableFile, Value, cell_name
from .word import read_document

# The sheets the product's export has after its plan (details.py reads them).
DETAIL_SHEETS = ("Rounds", "Review")


def read_grid(data: bytes, file_name: str) -> Grid:
    """The first visible sheet with data of an .xlsx workbook (its other
    sheets with data in Grid.more_sheets), or a CSV file, as a Grid.
    Raises UnreadableFile, with the clerk's message, for anything else,
    and for files beyond the limits in settings (IMPORT_MAX_*)."""
    base = _base_name(file_name)
    name = f"'{base}'" if base else "The file"
    if not data:
        raise UnreadableFile(f"{name} is empty. Check it is the right file, save it again and upload it.")
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise UnreadableFile(too_big(len(data), file_name))
    kind = kind_of(data)
    if kind == "zip":
        return _read_workbook(data, name, base)
    if kind == "ole":
        raise UnreadableFile(_ole_message(data, name))
    if kind in _NOT_A_SPREADSHEET:
        raise UnreadableFile(
            f"{name} is {_NOT_A_SPREADSHEET[kind]}, not a spreadsheet. "
            "Upload the tracker as an Excel workbook (.xlsx) or a CSV file."
        )
    if base.lower().endswith((".xlsx", ".xlsm", ".xls")):
        # Text named as a workbook (a note or a CSV file renamed): Excel
        # itself would not open it, and read as CSV it has no headings.
        raise UnreadableFile(
            f"{name} is not an Excel workbook or CSV file: it holds text but is named as a workbook. Open it in "
            "Excel and save it as an Excel Workbook (.xlsx), or name a CSV file .csv, and upload it again."
        )
    return _read_csv(data, name, base)


def too_big(size: int, file_name: str) -> str:
    """The message for a file over IMPORT_MAX_BYTES: the same words whether
    the upload form sees its size or the reader its bytes."""
    base = _base_name(file_name)
    name = f"'{base}'" if base else "The file"
    limit = settings.IMPORT_MAX_BYTES
    return (
        f"{name} is {_megabytes(size)}; the import reads files of up to {_megabytes(limit)}. "
        "Delete the sheets, pictures or rows the tracker does not need, or save it as CSV, and upload it again."
    )


# Telling files apart ---------------------------------------------------------

_NOT_A_SPREADSHEET = {
    "pdf": "a PDF document",
    "png": "a picture (PNG)",
    "jpeg": "a picture (JPEG)",
    "gif": "a picture (GIF)",
    "rtf": "a Rich Text document",
    "gzip": "a compressed archive",
    "archive": "a compressed archive",
    "html": "a web page, or text that can run a script (HTML or SVG)",
    "xml": "an XML file",
    "program": "a program (an executable file)",
}


def _ole_message(data: bytes, name: str) -> str:
    """An OLE compound file: a password-protected .xlsx, an old .xls, or an
    old Word document. Their directory names are stored in UTF-16."""

    def has(stream: str) -> bool:
        return ole_has_stream(data, stream)

    if ole_is_encrypted(data):
        return (
            f"{name} is protected with a password, so it cannot be read. Open it in Excel, choose File, "
            "Info, Protect Workbook, Encrypt with Password, delete the password, save it and upload it again."
        )
    if has("Workbook") or has("Book"):
        return (
            f"{name} is in the old Excel 97-2003 format (.xls). Open it in Excel, choose File, Save As, "
            "pick 'Excel Workbook (*.xlsx)' and upload that copy."
        )
    if has("WordDocument"):
        return (
            f"{name} is in the old Word 97-2003 format (.doc). Open it in Word, choose File, Save As, pick "
            "'Word Document (*.docx)' and upload that copy."
        )
    return (
        f"{name} is an old Office file the import cannot read. Open it in Excel, save it as an "
        "Excel Workbook (.xlsx) and upload that."
    )


# Workbooks ------------------------------------------------------------------

_PROLOGUE_BYTES = 64 * 1024
_MAX_MEMBERS = 10_000


def _read_workbook(data: bytes, name: str, base: str) -> Grid:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as error:  # BadZipFile, but also struct.error, ValueError… for a damaged directory
        raise UnreadableFile(_damaged(name)) from error
    with archive:
        _check_package(archive, members, name)
        if is_word_document(members):
            return read_document(data, archive, name, base)
        return _read_first_sheet(data, name, base)


def is_word_document(members: list[zipfile.ZipInfo]) -> bool:
    return any(member.filename == "word/document.xml" for member in members)


def _damaged(name: str) -> str:
    return (
        f"{name} is damaged, or is not a complete Excel workbook. Open it in Excel, save it again as an "
        "Excel Workbook (.xlsx) and upload that copy."
    )


def _check_package(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a package the import must not open, before anything reads it:
    too many parts or too big unpacked, another kind of file (PowerPoint,
    OpenDocument, .xlsb, Strict Open XML), macros, or XML that could attack
    the parser. Each refusal says how to make a file the import reads."""
    names = {member.filename for member in members}
    if len(members) > _MAX_MEMBERS:
        raise UnreadableFile(_damaged(name))
    word = "word/document.xml" in names  # a progress update in Word: the same checks, then word.py
    _check_unpacked_size(members, name, word)
    _check_kind(archive, names, name, word)
    _check_macros(archive, name, word)
    for member in members:
        # Every part, whatever its name: openpyxl reads a sheet wherever the
        # workbook's relationships point.
        if member.is_dir():
            continue
        start = _read_member(archive, member, _PROLOGUE_BYTES, name)
        if _is_xml_not_in_utf8(start) or _declares_a_doctype(start):
            raise UnreadableFile(_xml_attack(name, "Word" if word else "Excel"))


def _check_unpacked_size(members: list[zipfile.ZipInfo], name: str, word: bool) -> None:
    """Refuse a package that would unpack to more than the import opens.
    zipfile stops reading a member at its declared size, so the declared
    sizes bound what openpyxl could unpack."""
    unpacked = sum(member.file_size for member in members)
    if unpacked <= settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        return
    what = (
        "Copy the progress update's tables into a new Word document, save it as .docx and upload that."
        if word
        else "Copy the tracker's sheet into a new workbook, save it as .xlsx or CSV and upload that."
    )
    raise UnreadableFile(
        f"{name} would unpack to {_megabytes(unpacked)}, far more than a tracker needs "
        f"(the import opens up to {_megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}), so it was not opened. " + what
    )


def _check_kind(archive: zipfile.ZipFile, names: set[str], name: str, word: bool) -> None:
    """Refuse a package that is not an Excel workbook (or Word document)
    the import reads, naming what it is and how to save it as one."""
    if any(n.startswith("ppt/") for n in names):
        raise UnreadableFile(
            f"{name} is a PowerPoint presentation, not a spreadsheet. "
            "Upload the tracker as an Excel workbook (.xlsx) or a CSV file."
        )
    if "mimetype" in names and b"opendocument.spreadsheet" in _read_member(archive, "mimetype", 200, name):
        raise UnreadableFile(
            f"{name} is an OpenDocument spreadsheet (.ods). Open it in LibreOffice or Excel, save it as "
            "'Excel 2007-365 (.xlsx)' and upload that copy."
        )
    if "xl/workbook.bin" in names:
        raise UnreadableFile(
            f"{name} is an Excel Binary Workbook (.xlsb). Open it in Excel, choose File, Save As, pick "
            "'Excel Workbook (*.xlsx)' and upload that copy."
        )
    if "[Content_Types].xml" not in names or not (word or any(n.startswith("xl/") for n in names)):
        raise UnreadableFile(
            f"{name} is not a spreadsheet the import can read. Upload the tracker as an Excel workbook (.xlsx) "
            "or a CSV file."
        )
    if "xl/workbook.xml" in names and b"purl.oclc.org/ooxml" in _read_member(archive, "xl/workbook.xml", 4096, name):
        raise UnreadableFile(
            f"{name} is saved as a 'Strict Open XML Spreadsheet', which the import cannot read. Open it in Excel, "
            "choose File, Save As, pick 'Excel Workbook (*.xlsx)' and upload that copy."
        )


def _check_macros(archive: zipfile.ZipFile, name: str, word: bool) -> None:
    """Refuse a macro-enabled workbook or Word document: macros can carry
    viruses."""
    try:
        macros = has_macros(archive)
    except UnreadablePackage as error:
        raise UnreadableFile(_damaged(name)) from error
    if not macros:
        return
    if word:
        raise UnreadableFile(
            f"{name} is a macro-enabled Word document (.docm). The import does not accept files with macros, "
            "which can carry viruses. Open it in Word, choose File, Save As, pick 'Word Document (*.docx)' "
            "and upload that copy."
        )
    raise UnreadableFile(
        f"{name} is a macro-enabled workbook (.xlsm). The import does not accept files with macros, which "
        "can carry viruses. Open it in Excel, choose File, Save As, pick 'Excel Workbook (*.xlsx)' and "
        "upload that copy."
    )


def _xml_attack(name: str, program: str = "Excel") -> str:
    # A DOCTYPE (entity declarations: "billion laughs", external entities).
    if program == "Word":
        return (
            f"{name} contains something Word never writes, of the kind used to attack web sites, so it was not "
            "opened. If it is your progress update, open it in Word, save it as a new Word Document (.docx) and "
            "upload that copy."
        )
    return (
        f"{name} contains something Excel never writes, of the kind used to attack web sites, so it was not "
        "opened. If it is your tracker, open it in Excel, save it as a new Excel Workbook (.xlsx) and upload "
        "that copy."
    )


def _read_member(archive, member, size: int, name: str) -> bytes:
    try:
        with archive.open(member) as source:
            return source.read(size)
    except Exception as error:
        # A damaged member raises anything from zlib.error to RuntimeError (one
        # encrypted with a zip password) or NotImplementedError (an unknown method).
        raise UnreadableFile(_damaged(name)) from error


_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def _is_xml_not_in_utf8(start: bytes) -> bool:
    """Whether a part is XML in another encoding than UTF-8, which is all
    Office writes: UTF-16 or UTF-32, told by a byte-order mark or by a NUL
    in the first two bytes (as expat tells them, mark or none) where the
    text is XML, or an XML declaration naming another encoding. The DOCTYPE
    prescan reads UTF-8; refusing the rest means it reads what the parser
    reads (a part in UTF-16 big-endian without a mark, once decoded as
    little-endian, hid its DOCTYPE from it)."""
    if start[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in start[:2]:
        # A picture (EMF starts 01 00) has NULs too: only text that begins
        # as XML counts.
        return start.replace(b"\x00", b"").lstrip(b"\xff\xfe \t\r\n").startswith(b"<")
    declared = _DECLARED_ENCODING.match(start)
    return bool(declared) and declared.group(1).strip().lower() not in (b"utf-8", b"utf8")


def _declares_a_doctype(start: bytes) -> bool:
    """Whether a part's first bytes (in UTF-8: see _is_xml_not_in_utf8)
    hold a DOCTYPE, which can declare
    entities (billion laughs, external entities) and which Office never
    writes. It can only come in the prologue, among the XML declaration,
    processing instructions and comments, before the first element; a
    prologue longer than what was read counts as one."""
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    position = 0
    while True:
        while position < len(start) and start[position] in b" \t\r\n":
            position += 1
        if start.startswith(b"<?", position):
            end = start.find(b"?>", position)
            if end < 0:
                return len(start) >= _PROLOGUE_BYTES
            position = end + 2
        elif start.startswith(b"<!--", position):
            end = start.find(b"-->", position)
            if end < 0:
                return len(start) >= _PROLOGUE_BYTES
            position = end + 3
        else:
            # <!DOCTYPE (or anything else a prologue never has); else the first
            # element, or not XML at all, which its parser will refuse.
            return start.startswith(b"<!", position)


@dataclass
class _Sheet:
    title: str
    state: str
    path: str  # its part in the zip


@dataclass
class _Book:
    """What reading a sheet needs from the workbook: its zip, its shared
    strings, and which cell styles are dates."""

    archive: zipfile.ZipFile
    shared_strings: list
    epoch: datetime.datetime
    date_styles: set
    timedelta_styles: set
    sheets: list[_Sheet]
    # Cell styles filled solid in a colour a RAG status is given by, by
    # style index: "Red", "Amber", "Green" or "Blue" (fills.py).
    rag_styles: dict = dataclasses.field(default_factory=dict)


def _open_book(data: bytes) -> _Book:
    """The workbook's parts the import reads, through openpyxl's own
    readers. load_workbook() would also make a ReadOnlyWorksheet per sheet,
    which reads a whole sheet saved without a <dimension> (as openpyxl's
    write-only mode saves them) just to size it."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = [
        _Sheet(sheet.name, sheet.state or "visible", rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in (rel.Type or "")
    ]
    return _Book(
        archive=reader.archive,
        shared_strings=reader.shared_strings,
        epoch=reader.wb.epoch,
        date_styles=set(reader.wb._date_formats),
        timedelta_styles=set(reader.wb._timedelta_formats),
        sheets=sheets,
        rag_styles=rag_styles(reader.wb._cell_styles, reader.wb._fills),
    )


def _read_first_sheet(data: bytes, name: str, base: str) -> Grid:
    """The first visible sheet with data, the export's detail sheets after
    it, and every other visible sheet with data in `Grid.more_sheets`, for
    reading.from_grid to read with it where they share its headings
    (joined_sheets.py)."""
    notes = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation,
            # extensions): nothing the import reads.
            warnings.simplefilter("ignore")
            book = _open_book(data)
        try:
            hidden, chosen = [], None
            for sheet in book.sheets:
                if sheet.state != "visible":
                    hidden.append(sheet.title)
                elif chosen is None:
                    grid = _read_sheet(book, sheet, name, base)
                    chosen = grid if grid.rows else None
                else:
                    _read_another_sheet(book, sheet, name, base, chosen)
        finally:
            book.archive.close()
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl and a damaged part raise anything from KeyError to ValueError
        if type(error).__module__.startswith("defusedxml"):
            raise UnreadableFile(_xml_attack(name)) from error
        raise UnreadableFile(_damaged(name)) from error
    for title in hidden:
        notes.append(f"The hidden sheet '{title}' was not read. If it is the tracker, unhide it in Excel first.")
    if chosen is None:
        message = f"{name} has no data: its sheets are empty."
        if hidden:
            message = (
                f"{name} has no data in its visible sheets. Unhide the sheet with the tracker, save and upload "
                "it again."
            )
        raise UnreadableFile(message)
    chosen.notes[:0] = notes
    return chosen


def _read_another_sheet(book: _Book, sheet: _Sheet, name: str, base: str, chosen: Grid) -> None:
    """A sheet after the first with data: one of the export's detail sheets
    (DETAIL_SHEETS), or one for joined_sheets.py to read with it. One the
    limits refuse, or that would take the rows read past IMPORT_MAX_ROWS,
    is named as not read; it never stops the first sheet being read."""
    try:
        grid = _read_sheet(book, sheet, name, base)
    except UnreadableFile as refused:
        chosen.notes.append(f"The sheet '{sheet.title}' is not read: {refused}")
        return
    if sheet.title in DETAIL_SHEETS and sheet.title not in chosen.details:
        chosen.details[sheet.title] = grid.rows
        return
    if not grid.rows:
        return
    rows = len(chosen.rows) + sum(len(other.rows) for other in chosen.more_sheets) + len(grid.rows)
    if rows > settings.IMPORT_MAX_ROWS:
        chosen.notes.append(
            f"The sheet '{sheet.title}' is not read: with the sheets before it, the workbook has more than the "
            f"{settings.IMPORT_MAX_ROWS:,} rows the import reads. Copy it into a workbook of its own and upload that."
        )
        return
    chosen.more_sheets.append(grid)


def _read_sheet(book: _Book, sheet: _Sheet, name: str, base: str) -> Grid:
    max_rows = settings.IMPORT_MAX_ROWS
    max_cells = settings.IMPORT_MAX_CELLS
    # Each row's values go straight into its own list, not into a dict by
    # (row, column) copied into lists at the end: that dict's keys and
    # entries, some 150 bytes a cell, were the reading's peak, and grew with
    # the file (50,000 rows, 850,000 cells: 150 MB).
    by_row: dict[int, list[Value]] = {}
    formulas = []
    cells_kept = last_row = last_column = 0
    far = (0, 0)  # the first cell found furthest to the right, for the message
    with book.archive.open(sheet.path) as source:
        reader = _SheetReader(source, book)
        for cells in reader.rows():
            if reader.cells_seen > 4 * max_cells:
                # Mostly blank but formatted cells: parsing them all is the slow part.
                raise UnreadableFile(_too_many_cells(name, sheet.title, max_cells))
            for row, column, value, is_formula in cells:
                if row > max_rows:
                    raise UnreadableFile(_too_many_rows(name, sheet.title, max_rows))
                values = by_row.get(row - 1)
                if values is None:
                    values = by_row[row - 1] = []
                if len(values) < column:
                    values.extend([None] * (column - len(values)))
                if values[column - 1] is None:
                    cells_kept += 1
                values[column - 1] = value
                if is_formula:
                    formulas.append((row - 1, column - 1))
                if row > last_row:
                    last_row = row
                if column > last_column:
                    last_column, far = column, (row - 1, column - 1)
            if cells_kept > max_cells:
                raise UnreadableFile(_too_many_cells(name, sheet.title, max_cells))
        merged = reader.merged
    if last_row * last_column > max_cells:
        raise UnreadableFile(
            f"The sheet '{sheet.title}' in {name} has something in cell {cell_name(*far)}, far to the right of the "
            f"rest: with it the sheet spans {last_row:,} rows and {last_column:,} columns, more than the "
            f"{max_cells:,} cells the import reads. Delete what is in that cell, save and upload it again."
        )
    rows = []
    for index in range(last_row):
        values = by_row.pop(index, None) or []
        values.extend([None] * (last_column - len(values)))
        rows.append(values)
    _fill_merged(rows, merged)
    fills = {place: colour for place, colour in reader.fills.items() if place[0] < last_row}
    return Grid(
        file_name=base,
        sheet_name=sheet.title,
        rows=rows,
        notes=_formula_notes(formulas),
        epoch=book.epoch,
        fills=fills,
        text_fills=reader.text_fills,
    )


def _formula_notes(formulas: list[tuple[int, int]]) -> list[str]:
    """The note for the preview where cells hold formulas Excel has not
    worked out (read as their text), naming the first."""
    if not formulas:
        return []
    first = cell_name(*min(formulas))
    return [
        f"{len(formulas):,} cell{'s' if len(formulas) != 1 else ''} (first {first}) "
        f"{'hold formulas' if len(formulas) != 1 else 'holds a formula'} Excel has not worked out, so the "
        "formula was read as text. To read the results, open the file in Excel, save it and upload it again."
    ]


def _fill_merged(rows: list[list[Value]], refs: list[str]) -> None:
    """Give every cell of a merged range the value of its top-left cell, as
    the clerk sees it; clipped to the data, whatever size the range claims."""
    height = len(rows)
    width = len(rows[0]) if rows else 0
    for ref in refs:
        try:
            first_column, first_row, last_column, last_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if first_row is None or first_column is None or first_row > height or first_column > width:
            continue
        value = rows[first_row - 1][first_column - 1]
        if value is None:
            continue
        for row in range(first_row - 1, min(last_row or height, height)):
            for column in range(first_column - 1, min(last_column or width, width)):
                rows[row][column] = value


def _too_many_rows(name: str, title: str, limit: int) -> str:
    return (
        f"The sheet '{title}' in {name} has data below row {limit:,}; the import reads up to {limit:,} rows. "
        "Delete the rows the tracker does not need (or anything far below it), or split it into smaller files."
    )


def _too_many_cells(name: str, title: str, limit: int) -> str:
    return (
        f"The sheet '{title}' in {name} has more than the {limit:,} cells the import reads. Delete the rows and "
        "columns the tracker does not need, or split it into smaller files."
    )


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}f"
_INLINE, _TEXT, _RUN, _MERGES = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r", f"{_MAIN}mergeCells"
_CELL_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_SHORT_TEXT = 200  # characters: the texts _SheetReader keeps once however often repeated
_MAX_FILLS = 100_000  # blank cells filled in a RAG colour kept: a status column's, not a coloured sheet's
_MAX_TEXT_FILLS = 1_000  # texts' cells filled in a RAG colour kept: a grading key's are a few
_KEY_TEXT = 60  # characters: the longest text a coloured key's word is read from


class _SheetReader:
    """A sheet's values, row by row, in one pass: Excel's result for a
    formula, else the formula's text (never worked out), dates as dates
    where the cell's style says so, and the merged ranges.

    The standard library's parser, not defusedxml's slower pure-Python one:
    every part's prologue has been checked for a DOCTYPE already
    (_check_package), and without one there are no entities to expand or
    fetch; expat 2.4+ limits amplification besides."""

    def __init__(self, source, book: _Book):
        self.source = source
        self.book = book
        self.merged: list[str] = []
        self.cells_seen = 0
        # Each short text and each date once, however many cells repeat it:
        # a tracker repeats its names, references, statuses, months and an
        # action's texts (the export, on each round's row). Long texts, an
        # update's evidence, are rarely repeated and are kept as they come.
        self.once: dict[Value, Value] = {}
        # Blank cells filled in a RAG colour, by (row, column) from 0: a
        # status given only by a cell's colour (fills.py).
        self.fills: dict[tuple[int, int], str] = {}
        self.text_fills: dict[tuple[int, int], str] = {}

    def rows(self):
        """Per row in the file, its cells with a value: (row, column, value,
        whether it is a formula's text), counted from 1."""
        row_number = 0
        for _, element in ElementTree.iterparse(self.source):
            tag = element.tag
            if tag == _ROW:
                number = element.get("r")
                row_number = int(number) if number and number.isdigit() else row_number + 1
                yield self._cells(element, row_number)
                element.clear()
            elif tag == _MERGES:
                self.merged = [merge.get("ref") for merge in element if merge.get("ref")]
                element.clear()

    def _cells(self, row, row_number: int) -> list:
        cells = []
        column = 0
        coloured: list[tuple[int, int, str]] = []  # the row's blank cells filled in a RAG colour
        highlighted: set[str] = set()  # the RAG colours of its cells with a value: a highlighted row
        for element in row:
            if element.tag != _CELL:
                continue
            self.cells_seen += 1
            reference = element.get("r")
            match = _CELL_REFERENCE.match(reference) if reference else None
            column = column_index_from_string(match.group(1)) if match else column + 1
            value, is_formula = self._value(element)
            if isinstance(value, str):
                if not value.strip():
                    value = None
                elif len(value) <= _SHORT_TEXT:
                    value = self.once.setdefault(value, value)
            elif isinstance(value, datetime.datetime):
                value = self.once.setdefault(value, value)
            at = int(match.group(2)) if match else row_number
            colour = self._rag_colour(element)
            if value is not None:
                cells.append((at, column, value, is_formula))
                if colour:
                    highlighted.add(colour)
                    self._keep_text_fill(at, column, value, colour)
            elif colour:
                coloured.append((at, column, colour))
        self._keep_fills(coloured, highlighted)
        return cells

    def _keep_fills(self, coloured: list, highlighted: set) -> None:
        """Keep a row's blank cells filled in a RAG colour, unless cells
        with a value are filled in it too: a row highlighted, or a banner
        across the sheet, gives no grade."""
        for at, column, colour in coloured:
            if colour not in highlighted and len(self.fills) < _MAX_FILLS:
                self.fills[at - 1, column - 1] = colour

    def _keep_text_fill(self, at: int, column: int, value, colour: str) -> None:
        """Keep a short text's cell filled in a RAG colour: a coloured
        grading key's word (fills.key_colours) is one."""
        if isinstance(value, str) and len(value) <= _KEY_TEXT and len(self.text_fills) < _MAX_TEXT_FILLS:
            self.text_fills[at - 1, column - 1] = colour

    def _rag_colour(self, element) -> str:
        """The RAG colour a blank cell is filled in (fills.py), or ''."""
        style = element.get("s")
        return self.book.rag_styles.get(int(style), "") if style and style.isdigit() else ""

    def _value(self, element) -> tuple[Value, bool]:
        kind = element.get("t", "n")
        if kind == "inlineStr":
            inline = element.find(_INLINE)
            return (_inline_text(inline) if inline is not None else None), False
        text = element.findtext(_VALUE)
        if not text:
            formula = element.find(_FORMULA)
            if formula is not None and formula.text:
                return "=" + formula.text, True
            return None, False
        if kind == "n":
            number = float(text) if any(c in text for c in ".eE") else int(text)
            style = element.get("s")
            if style and int(style) in self.book.date_styles:
                try:
                    when = from_excel(number, self.book.epoch, timedelta=int(style) in self.book.timedelta_styles)
                except (OverflowError, ValueError):
                    return number, False
                return (str(when) if isinstance(when, (datetime.time, datetime.timedelta)) else when), False
            return number, False
        if kind == "s":
            return str(self.book.shared_strings[int(text)]), False
        if kind == "b":
            return ("TRUE" if text.strip() in ("1", "true") else "FALSE"), False
        if kind == "d":
            try:
                return from_ISO8601(text), False
            except ValueError:
                return text, False
        return text, False  # "str" (a formula's text result), "e" (an error such as #N/A)


def _inline_text(inline) -> str:
    """An inline string's text: its <t>, or its rich-text runs' <t>s
    (phonetic guides left out, as Excel shows them)."""
    parts = []
    for child in inline:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            parts.append(child.findtext(_TEXT) or "")
    return "".join(parts)


# CSV ------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DELIMITERS = [",", ";", "\t"]


def _read_csv(data: bytes, name: str, base: str) -> Grid:
    text = _decode(data, name)
    sample = text[:100_000]
    # A stray control character or two (Word's line break is one) is text
    # pasted from elsewhere; many mean the bytes were never text.
    if len(_CONTROL.findall(sample)) > max(10, len(sample) // 100):
        raise UnreadableFile(
            f"{name} is not a spreadsheet the import can read. "
            "Upload the tracker as an Excel workbook (.xlsx) or a CSV file."
        )
    delimiter = _delimiter(text)
    max_rows = settings.IMPORT_MAX_ROWS
    max_cells = settings.IMPORT_MAX_CELLS
    rows: list[list[Value]] = []
    last_row = last_column = cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for index, record in enumerate(reader):
            row = [value if value.strip() else None for value in record]
            filled = [i for i, value in enumerate(row) if value is not None]
            if filled:
                if index + 1 > max_rows:
                    raise UnreadableFile(
                        f"{name} has data below row {max_rows:,}; the import reads up to {max_rows:,} rows. Delete "
                        "the rows the tracker does not need, or split it into smaller files."
                    )
                last_row = index + 1
                last_column = max(last_column, filled[-1] + 1)
                cells += len(filled)
                if cells > max_cells:
                    raise UnreadableFile(_csv_too_many_cells(name, max_cells))
            elif index + 1 > max_rows * 4:
                break  # only blank lines from here on, or so many that nothing after counts
            rows.append(row)
    except csv.Error as error:
        raise UnreadableFile(
            f"Line {reader.line_num} of {name} could not be read: a quotation mark seems to open a cell that never "
            "closes, or a cell is far too long. Check that line in Excel, save it again and upload it."
        ) from error
    if last_row == 0:
        raise UnreadableFile(f"{name} has no data: it holds only blank lines.")
    if last_row * last_column > max_cells:
        raise UnreadableFile(_csv_too_many_cells(name, max_cells))
    grid_rows = [(row + [None] * last_column)[:last_column] for row in rows[:last_row]]
    return Grid(file_name=base, sheet_name="", rows=grid_rows, notes=[])


def _csv_too_many_cells(name: str, limit: int) -> str:
    return (
        f"{name} has more than the {limit:,} cells the import reads. Delete the rows and columns the tracker "
        "does not need, or split it into smaller files."
    )


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" is UTF-16 with tabs.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    raise UnreadableFile(
        f"{name} is not a spreadsheet the import can read. Upload the tracker as an Excel workbook (.xlsx) or a "
        "CSV file."
    )


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in much of Europe) or tab: whichever splits
    the first lines most evenly into the most columns."""
    sample = text[: 64 * 1024]
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(record) for record in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# Words ---------------------------------------------------------------------


def _base_name(file_name: str) -> str:
    """The file's own name, without any folders a browser sent."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return " ".join(_CONTROL.sub("", name).split())[:120]


def _megabytes(size: int) -> str:
    """'150 MB', '2.5 MB', '6 KB': a size as Windows shows it, near enough."""
    megabytes = size / (1024 * 1024)
    if megabytes < 1:
        return f"{size / 1024:,.0f} KB"
    return f"{megabytes:,.0f} MB" if megabytes >= 10 else f"{megabytes:,.1f} MB"
