"""Telling a file's kind by its bytes, never its name: shared by the import
(importing/sheets.py, which reads trackers) and the evidence officers attach
to their updates (models/evidence.py, which keeps them). People rename
files, and a program called "minutes.pdf" must be refused for what it is.

Nothing here reads a file beyond its first bytes and a zip's directory,
content types and relationships (bounded), so a hostile file costs next to
nothing to refuse. This
module imports no model: models may import it."""

import re
import zipfile

from defusedxml import ElementTree

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = [
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip
    (OLE_MAGIC, "ole"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"{\\rtf", "rtf"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
    # Programs: Windows (.exe, .dll), Linux, macOS.
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"\xca\xfe\xba\xbe", "program"),
]

# A content type or relationship type that says a package holds macros:
# application/vnd.ms-office.vbaProject, ...wordVbaData+xml,
# ...macroEnabled.main+xml, .../relationships/vbaProject and their kin.
MACRO_TYPE = re.compile(r"vba|macroEnabled", re.IGNORECASE)
# An Office package's content types and relationships are a few kilobytes;
# past this they are not a package anyone's Office wrote.
MAX_PACKAGE_XML = 16 * 1024 * 1024


# Text a browser would lay out as a page or picture and run: HTML, SVG, or
# anywhere in the text a script, an element that loads one, or a
# javascript: address, in any case.
_MARKUP_START = re.compile(rb"<(!doctype\s+html|html|svg|body|head|script|iframe|object|embed)\b")
ACTIVE_CONTENT = re.compile(rb"<\s*(script|svg|iframe|object|embed)\b|javascript\s*:", re.IGNORECASE)


def kind_of(data: bytes) -> str:
    """'zip', 'ole', 'pdf', 'png', 'jpeg', 'gif', 'rtf', 'gzip', 'archive',
    'program', 'html' (a web page, an SVG picture or text that holds a
    script: see ACTIVE_CONTENT), 'xml' or 'text' (anything else, text or
    not), from the first bytes of `data` and, for text, all of it."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml") and not ACTIVE_CONTENT.search(data):
        return "xml"
    if _MARKUP_START.match(start) or ACTIVE_CONTENT.search(data):
        return "html"
    return "text"


def ole_has_stream(data: bytes, stream: str) -> bool:
    """Whether an OLE compound file (an old Office file, or a modern one
    protected with a password) names `stream`: its directory holds the
    names in UTF-16."""
    return stream.encode("utf-16-le") in data


def ole_is_encrypted(data: bytes) -> bool:
    """An Office file protected with a password is an OLE file holding the
    encrypted package."""
    return ole_has_stream(data, "EncryptedPackage") or ole_has_stream(data, "EncryptionInfo")


class UnreadablePackage(ValueError):
    """The package's content types or relationships cannot be read whole."""


def has_macros(archive: zipfile.ZipFile) -> bool:
    """Whether an Office package carries macros (.docm, .xlsm, .pptm and
    their kin, or a .docx that says it is one), whatever its parts are
    called: a part named as VBA is, or [Content_Types].xml or any
    relationship names a VBA or macro-enabled type. Both are read whole and
    parsed as XML, whatever their encoding; raises UnreadablePackage where
    they are damaged, not XML, or larger than any Office writes."""
    if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
        return True
    # Part names compare without regard to case (ECMA-376 Part 2, 6.2.2.3):
    # Office reads word/_rels/document.xml.RELS as the relationships it is.
    parts = [
        member
        for member in archive.infolist()
        if member.filename.lower() == "[content_types].xml" or member.filename.lower().endswith(".rels")
    ]
    if sum(part.file_size for part in parts) > MAX_PACKAGE_XML:
        raise UnreadablePackage("its content types and relationships are larger than any Office writes")
    for part in parts:
        try:
            root = ElementTree.fromstring(archive.read(part))
        except Exception as error:  # zlib.error, a bad CRC, ParseError, defusedxml's refusals…
            raise UnreadablePackage(f"{part.filename} could not be read") from error
        for element in root.iter():
            if any(MACRO_TYPE.search(element.get(key) or "") for key in ("ContentType", "Type")):
                return True
    return False


def office_kind(names) -> str:
    """'docx', 'xlsx', 'pptx' for an Office Open XML package's part names,
    or '' for any other zip."""
    if "[Content_Types].xml" not in names:
        return ""
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    return ""


def zip_is_encrypted(members: list[zipfile.ZipInfo]) -> bool:
    """A zip with a password: bit 0 of a member's flags."""
    return any(member.flag_bits & 0x1 for member in members)


# A file's name as kept: at most this many characters (the column holds
# 255), and its stem at most this many bytes in a stored copy's name (the
# published record's "<id>-<name>", where a file system stops at 255 bytes).
NAME_MAX_CHARS = 200
STEM_MAX_BYTES = 150
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]+")


def clean_file_name(name: str, *, default: str = "evidence") -> str:
    """A file's name as people gave it, made safe to keep and to store
    under: its last part whichever way its client wrote the path ("C:\\My
    Documents\\minutes.pdf", "../../x.pdf"), control and reserved characters
    and leading dots and spaces gone, runs of spaces closed up, shortened
    to NAME_MAX_CHARS keeping its extension; `default` where nothing is
    left. Every place a file's name is kept reads it through this: a name
    never makes a folder, escapes a store or stops a round's publication."""
    last = re.split(r"[\\/]", str(name or ""))[-1]
    cleaned = " ".join(_UNSAFE.sub(" ", last).split()).lstrip(". ")
    if not cleaned:
        return default
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = cleaned, ""
    room = NAME_MAX_CHARS - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(". ") or default
    return f"{stem}.{extension}" if extension else stem
