"""Evidence text: plain text with paragraphs and bulleted lists.

Officers type plain text. Each line is a paragraph; a line that starts with
"- ", "* " or "• " is a bullet, and consecutive bullets form one list; a line
indented under a bullet continues it. Nothing else is markup, and no HTML is
ever stored: every renderer (HTML, PDF, Word, Excel) builds its own output
from these blocks and escapes the text itself.
"""

import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString

_BULLET = re.compile(r"^\s*[-*•]\s+")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | BulletList


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    items: list[str] = []

    def close_list():
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close_list()
        elif _BULLET.match(raw):
            items.append(_BULLET.sub("", raw).strip())
        elif items and raw[:1].isspace():
            items[-1] = f"{items[-1]} {line}"
        else:
            close_list()
            blocks.append(Paragraph(line))
    close_list()
    return blocks


def to_html(text: str, classes: bool = True) -> SafeString:
    """Escaped HTML for the web page (with GOV.UK classes) and the PDF. Joined
    as plain strings of escaped text (html.escape, as Django's escape): a
    long review's page holds thousands."""
    if not text:
        return SafeString("")
    return blocks_to_html(parse(text), classes)


def blocks_to_html(blocks: list[Block], classes: bool = True) -> SafeString:
    paragraph = '<p class="govuk-body">' if classes else "<p>"
    bullets = '<ul class="govuk-list govuk-list--bullet">' if classes else "<ul>"
    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(f"{paragraph}{html.escape(block.text)}</p>")
        else:
            items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
            parts.append(f"{bullets}{items}</ul>")
    return SafeString("".join(parts))


def shortened(text: str, words: int, ending: str = "") -> list[Block]:
    """The text's first `words` words, its paragraphs and bullets kept as
    they are (a table's cell: bullets run together read as one sentence),
    with "…" where it is cut; then `ending` (the demo's mark that `text`
    ended with, so that the cut never leaves it off)."""
    blocks, kept, left = parse(text), [], words
    for block in blocks:
        taken = []
        for piece in _pieces(block):
            if left <= 0:
                break
            taken.append(" ".join(piece.split()[:left]))
            left -= len(piece.split())
        if taken:
            kept.append(Paragraph(taken[0]) if isinstance(block, Paragraph) else BulletList(tuple(taken)))
    if sum(len(piece.split()) for block in blocks for piece in _pieces(block)) > words:
        kept[-1] = _ending_with(kept[-1], "…")
    if ending and kept:
        kept[-1] = _ending_with(kept[-1], f" {ending}")
    return kept


def _pieces(block: Block) -> list[str]:
    return [block.text] if isinstance(block, Paragraph) else list(block.items)


def _ending_with(block: Block, ending: str) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(block.text + ending)
    return BulletList((*block.items[:-1], block.items[-1] + ending))


def to_plain(text: str, bullet: str = "•") -> str:
    """One string with paragraphs and '• ' bullets, for a spreadsheet cell;
    with bullet="-", the text as the product stores it (an import's)."""
    lines = []
    previous = None
    for block in parse(text):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            if isinstance(previous, BulletList):
                # Two lists in a row stay two lists when the cell is read
                # back (an import): only a blank line parts them.
                lines.append("")
            lines.extend(f"{bullet} {item}" for item in block.items)
        previous = block
    return "\n".join(lines)
