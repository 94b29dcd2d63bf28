"""Reading documents back as a person's software would."""

import html
import io
import re

from pypdf import PdfReader


def body(response) -> bytes:
    """A download's bytes: a published round's stored file, streamed from
    the published record, or a document made anew."""
    shown = b"" if response.streaming else response.content[:300]
    assert response.status_code == 200, f"{response.status_code}: {shown!r}"
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Text without any white space: line breaks in narrow columns fall
    anywhere, so documents are compared on their characters alone."""
    return re.sub(r"\s+", "", text)


def assert_in_order(haystack: str, needles: list[str]):
    """Each needle appears in the text, after the one before it."""
    text, position = squash(haystack), 0
    for needle in needles:
        found = text.find(squash(needle), position)
        assert found >= 0, f"missing, or out of order: {needle!r}"
        position = found + 1


def docx_text(doc) -> str:
    """Every run of text in a Word document's body, tables included."""
    return "\n".join(node.text for node in doc.element.body.iter() if node.tag.endswith("}t") and node.text)


def document_text(content: bytes, fmt: str) -> str:
    """The text of a PDF, Word or Excel file, as its reader finds it."""
    if fmt == "pdf":
        return pdf_text(content)
    if fmt == "docx":
        from docx import Document

        return docx_text(Document(io.BytesIO(content)))
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v)


def page_text(content: bytes) -> str:
    """A page's words as a reader reads them: no markup, scripts or styles."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
