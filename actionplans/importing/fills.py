"""A RAG status given only by a cell's colour (issue 73): councils colour
a Status column's cells red, amber and green and leave them empty. The
workbook's cell styles filled solid in such a colour are named here, by
the colour they are nearest ("Red", "Amber", "Green", "Blue"), so that
sheets.py keeps each blank cell so filled (Grid.fills) and tracker.py
reads it as the file's own word for its grade, the preview saying so. A
colour given by the workbook's theme, a pattern, or a grey or white is
no status: those cells stay blank.

Where the workbook's grading key is coloured (a sheet "Key": a cell
"Achieved" filled green, or a green cell beside "Achieved"), a blank cell
in that colour says the key's word for it instead (key_colours)."""

import colorsys
import re

from openpyxl.styles.colors import COLOR_INDEX

# Hue ranges (degrees) of the colours a RAG is given in; yellow is amber.
_HUES = (("Red", 0, 15), ("Amber", 15, 70), ("Green", 70, 170), ("Blue", 170, 260), ("Red", 330, 360))


def rag_styles(cell_styles, fills) -> dict[int, str]:
    """Style index -> the RAG colour its solid fill is, for the styles
    that have one (openpyxl's workbook._cell_styles and _fills)."""
    found = {}
    for index, style in enumerate(cell_styles):
        fill = fills[style.fillId] if style.fillId < len(fills) else None
        if fill is None or getattr(fill, "fill_type", None) != "solid":
            continue
        if colour := rag_colour(_rgb(fill.fgColor)):
            found[index] = colour
    return found


def _rgb(color) -> str:
    """'RRGGBB' of an openpyxl Color given as rgb or by Excel's index; ''
    for a theme's colour (which needs the theme) or none."""
    if color is None:
        return ""
    if color.type == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:]
    if color.type == "indexed" and isinstance(color.indexed, int) and color.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[color.indexed][-6:]
    return ""


def rag_colour(rgb: str) -> str:
    """The RAG colour an 'RRGGBB' is nearest, or '' for a grey, a white,
    a black or a pale tint (no status is given in those)."""
    try:
        red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return ""
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    if saturation < 0.4 or not 0.15 <= lightness <= 0.9:
        return ""
    degrees = hue * 360
    return next((name for name, low, high in _HUES if low <= degrees < high), "")


# A key's cell naming its colour ("Green", "RAG Red", "Light green",
# "Red/Amber", "G") is not its word; nor is its heading or banner ("Status",
# "Key", "What it means").
_COLOUR = r"(?:(?:light|dark|pale|bright)\W*)?(?:red|amber|green|blue|yellow|orange|gr[ae]y|[ragb])"
_COLOUR_NAME = re.compile(rf"^\W*(?:rag\W*)?{_COLOUR}(?:\W+{_COLOUR})*\W*$", re.IGNORECASE)
_HEADING = re.compile(
    r"^\W*(?:(?:rag|grading)\W*)?(?:key|legend|status|rating|grades?|gradings?|meaning|description|what it means)\W*$",
    re.IGNORECASE,
)


def key_colours(grid) -> dict[str, str]:
    """A coloured grading key's word for each RAG colour (`grid`: its
    sheet's Grid): a row's coloured cells all of one colour, and its first
    text that is not a colour's name, its word ("Green": "Achieved"). A
    colour the key gives two words is left out: its cells are read as the
    colour."""
    colours_by_row: dict[int, set[str]] = {}
    for (row, _), colour in [*grid.fills.items(), *grid.text_fills.items()]:
        colours_by_row.setdefault(row, set()).add(colour)
    words: dict[str, set[str]] = {}
    for row, colours in colours_by_row.items():
        word = _key_word(grid.rows[row]) if row < len(grid.rows) and len(colours) == 1 else ""
        if word:
            words.setdefault(next(iter(colours)), set()).add(word)
    return {colour: next(iter(found)) for colour, found in words.items() if len(found) == 1}


def _key_word(row: list) -> str:
    texts = (str(value).strip() for value in row if isinstance(value, str))
    word = next((text for text in texts if text and not _COLOUR_NAME.match(text)), "")
    return "" if _HEADING.match(word) else word
