"""Telling a file's kind by its bytes, never its name: shared by the import
(importing/sheets.py, which reads trackers) and the evidence officers attach
to their updates (models/evidence.py, which keeps them). People rename
files, and a program called "minutes.pdf" must be refused for what it is.

Nothing here reads a file beyond its first bytes and a zip's directory and
content types, so a hostile file costs next to nothing to refuse. This
module imports no model: models may import it."""

import re
import zipfile

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

# A workbook's or document's content types or parts that say it holds macros.
MACRO_CONTENT = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)


def kind_of(data: bytes) -> str:
    """'zip', 'ole', 'pdf', 'png', 'jpeg', 'gif', 'rtf', 'gzip', 'archive',
    'program', 'html', 'xml' or 'text' (anything else, text or not), from
    the first bytes of `data`."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"<?xml"):
        return "xml"
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


def has_macros(names, content_types: bytes) -> bool:
    """Whether an Office package (its parts' `names`, its
    [Content_Types].xml) carries macros: .docm, .xlsm, .pptm and their kin."""
    return any(n.lower().endswith("vbaproject.bin") for n in names) or bool(MACRO_CONTENT.search(content_types))


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
