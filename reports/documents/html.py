"""What every document's web page file and PDF share: the documents'
stylesheet, inlined in a file that must stand alone."""

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

STYLESHEET = "reports/document.css"


@cache
def inline_stylesheet() -> str:
    """The document's stylesheet, to inline. It links nothing (no url(), no
    @import: the fonts are the reader's own), so a file that carries it
    needs nothing else; "</" is escaped so that no text ends the <style>."""
    text = Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")
    return text.replace("</", "<\\/")
