"""A page's parts as its reader meets them: its elements, by tag and class,
each with the words it says (tables row by row, a chart's bars and its text
alternative), read with the standard library's HTML parser."""

import re
from html.parser import HTMLParser

# Elements that never hold others (no end tag).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def words(self, skip=lambda element: False) -> str:
        """What the element says, white space collapsed, without the
        elements `skip` chooses (a tag beside a grade, say)."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style") and not skip(child):
                parts.append(" " + child.words(skip) + " ")
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Element"]:
        """Every element inside this one of `tag` with class `cls` and `attrs`, in page order."""
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag is None or child.tag == tag)
                and (cls is None or cls in child.classes)
                and all(child.attrs.get(name) == value for name, value in attrs.items())
            ):
                found.append(child)
            found.extend(child.all(tag, cls, **attrs))
        return found

    def first(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Element | None":
        found = self.all(tag, cls, **attrs)
        return found[0] if found else None

    def rows(self, skip=lambda element: False) -> list[list[str]]:
        """A table's rows, each the words of its cells (th and td)."""
        return [[cell.words(skip) for cell in row.children_of("th", "td")] for row in self.all("tr")]

    def children_of(self, *tags) -> list["Element"]:
        return [child for child in self.children if not isinstance(child, str) and child.tag in tags]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open)
        self.open.children.append(element)
        if tag not in VOID:
            self.open = element

    def handle_startendtag(self, tag, attrs):
        self.open.children.append(Element(tag, dict(attrs), self.open))

    def handle_endtag(self, tag):
        # Close up to the element the end tag names; a stray end tag closes nothing.
        element = self.open
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.open = element.parent

    def handle_data(self, data):
        self.open.children.append(data)


def page(html: bytes | str) -> Element:
    """The page's elements; its <main> where it has one."""
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root.first("main") or builder.root
