"""Long documents printed in sections, a process each, and joined.

WeasyPrint lays a document out on one core, and its memory grows with the
pages. A long document is therefore cut at its units (the Progress Update's
recommendations, a partnership report's themes, an appendix's standards)
into chunks of at most about CHUNK_BYTES of HTML (some 50 pages), each
chunk laid out and written by a process of its own, and the PDFs are
joined into the one file a single process would have written: the same
text on the same pages, "Page x of y" counting the whole document, the
clerk's page numbers, one outline, one structure tree (PDF/UA), the
document's title and language. So no process lays out more than a chunk,
however long the document: its memory does not grow with the pages.

How a document takes part: its print template marks its units, `<!--unit-->`
just before each unit's element and `<!--units-end-->` after the last; what
only the first section prints (the title block, a summary) between
`<!--front-->` and `<!--/front-->`, and what only the last prints (the key)
between `<!--back-->` and `<!--/back-->`. Everything else (the head, the
running header, the DRAFT mark, the wrappers) every section prints.

Where the sections begin: a process starts its part on a new page, so the
document has page breaks there whichever way it is printed: one page break
a chunk after the first (`data-new-page`, document.css), which a document
printed whole without them may not have (a 100-page Progress Update has 1
more page so, a 200-page one 3). The cuts are made by the size of each
unit's HTML alone (see plan), never by the number of processes: a long
document's pages are the same on a 2-core server, an 8-core one or with
SCRUTINY_PDF_PROCESSES=1. A document of one chunk or less is printed as
it always was, in one process, with no break.

Page numbers: each process lays its part out, says how many pages it has,
and is told, before it prints its page margins, how many pages come before
it and how many the whole document has ("Page 57 of 112"): see
_number_pages_from. So every chunk's process is alive until the last has
laid out; at most SCRUTINY_PDF_PROCESSES of them are laying out or writing
at any moment (a semaphore: a process gives its turn up while it waits for
the page numbers), so the machine's cores are shared as before. The join
(pikepdf) copies each part's pages and its structure elements under the
first part's Document element, renumbering the pages' /StructParents keys,
merges the named destinations, and writes the outline WeasyPrint would have
made for the whole document.

The processes are forked from the one printing, when it prints, so they
start with Django and WeasyPrint ready (frozen out of their garbage
collections: gc.freeze; the collector paused while they lay out) and
leave nothing running after; the process
asking keeps none of the layout's memory. They run WeasyPrint only, never
a database query (the connections they inherit are left alone: they end
with os._exit). Not a pool (ProcessPoolExecutor): the page numbers need
every part's process running at once and talking to the parent in the
middle of its layout, which a pool shared by several prints cannot promise
without a print waiting for ever on another's; and a pool's workers would
keep the memory of the largest layout they had done. ENGINE keeps another
thread of the process from being inside WeasyPrint while it forks.
"""

import contextlib
import gc
import io
import itertools
import math
import multiprocessing
import os
import re
import resource
import threading
from dataclasses import dataclass
from types import SimpleNamespace

# The most HTML a process lays out: about 50 pages of a Progress Update (some
# 4 KB a page), where a process peaks at some 180 MiB. A document of more is
# printed in chunks of at most about this size, a process each.
CHUNK_BYTES = 200_000

UNIT = "<!--unit-->"
UNITS_END = "<!--units-end-->"
FRONT = re.compile(r"<!--front-->.*?<!--/front-->", re.S)
BACK = re.compile(r"<!--back-->.*?<!--/back-->", re.S)
# Marks the element a chunk starts with: document.css breaks the page before it.
NEW_PAGE = " data-new-page"

# How long the process asking waits for a section's process to say anything
# (its page count, then its part): far longer than a chunk of about 25 pages
# takes even on a busy machine, so that a process stuck (on a lock it
# inherited, say) fails the print rather than holding the request for ever.
SECTION_SECONDS = 600

# One WeasyPrint at a time in a process while it forks: a child forked while
# another thread is inside Pango or fontconfig could inherit their locks held.
ENGINE = threading.Lock()


@dataclass(frozen=True)
class Plan:
    """A marked document cut into its units, and where its chunks start."""

    prefix: str  # everything before the first unit
    units: tuple[str, ...]
    suffix: str  # everything after the last
    chunk_starts: tuple[int, ...]  # the index of each chunk's first unit; 0 first

    @property
    def chunks(self) -> int:
        return len(self.chunk_starts)

    def html(self, start: int = 0, stop: int | None = None) -> str:
        """Units start to stop as a document of their own; the whole one by
        default. A chunk's first unit starts a new page, except the first
        unit printed (a document's first box never needs one)."""
        stop = len(self.units) if stop is None else stop
        parts = [self.prefix if start == 0 else FRONT.sub("", self.prefix)]
        for index in range(start, stop):
            unit = self.units[index]
            if index in self.chunk_starts and index != start:
                unit = _mark_new_page(unit)
            parts.append(unit)
        parts.append(self.suffix if stop == len(self.units) else BACK.sub("", self.suffix))
        return "".join(parts)

    def runs(self) -> list[tuple[int, int]]:
        """Each chunk as its run of units (start, stop): a process each."""
        return list(itertools.pairwise([*self.chunk_starts, len(self.units)]))


def plan(html: str, chunk_bytes: int | None = None) -> Plan | None:
    """The document's plan if its template marks units and they come to more
    than one chunk; otherwise None (printed whole, as it always was).

    A chunk is at most about CHUNK_BYTES of units' HTML (some 50 pages), so
    that no process lays out more than that however long the document: a
    100-page Progress Update makes 2 chunks, a 200-page one 4. The chunks
    are as near the same size as the units allow, each starting at the unit
    boundary nearest its share of the whole."""
    chunk_bytes = chunk_bytes or CHUNK_BYTES
    first, end = html.find(UNIT), html.find(UNITS_END)
    if first < 0 or end < first:
        return None
    units = tuple(UNIT + piece for piece in html[first + len(UNIT) : end].split(UNIT))
    total = sum(len(unit) for unit in units)
    count = min(math.ceil(total / chunk_bytes), len(units))
    if count < 2:
        return None
    ends = list(itertools.accumulate(len(unit) for unit in units))[:-1]  # where each unit but the last ends
    if count == len(units):
        return Plan(prefix=html[:first], units=units, suffix=html[end:], chunk_starts=tuple(range(count)))
    starts = [0]
    for share in range(1, count):
        nearest = min(range(len(ends)), key=lambda index: abs(ends[index] - total * share / count))
        if nearest + 1 > starts[-1]:
            starts.append(nearest + 1)
    return Plan(prefix=html[:first], units=units, suffix=html[end:], chunk_starts=tuple(starts))


def _mark_new_page(unit: str) -> str:
    """The unit's first element with the attribute document.css breaks the page before."""
    tag = re.search(r"<[a-zA-Z][\w-]*", unit[len(UNIT) :])
    if tag is None:
        return unit
    at = len(UNIT) + tag.end()
    return unit[:at] + NEW_PAGE + unit[at:]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class SectionFailed(RuntimeError):
    """A section's process failed: its error, as the process saw it."""


def render(plan: Plan, processes: int, *, engine, first_page: int | None = None, fetcher=None, peaks=None) -> bytes:
    """The document printed a chunk a forked process, at most `processes` of
    them laying out or writing at once, and joined. Each lays its part out
    with `engine(html)`, which gives WeasyPrint's HTML and the list its URL
    fetcher adds refused URLs to (pdf.py's, so that every PDF reads the same
    files); for each process, its peak memory and the memory it started
    with (MiB, shared with the parent until written to) and its pages are
    added to `peaks`, where given (bench/pdf_sections.py)."""
    context = multiprocessing.get_context("fork")
    turns = context.Semaphore(max(1, processes))
    children, printed = [], False
    try:
        with ENGINE:
            for start, stop in plan.runs():
                ours, theirs = context.Pipe()
                child = context.Process(
                    target=_print_section, args=(theirs, plan.html(start, stop), engine, turns), daemon=True
                )
                child.start()
                theirs.close()
                children.append((child, ours))
        counts = [_receive(ours, "pages") for _, ours in children]
        before = 0
        for (_, ours), count in zip(children, counts, strict=True):
            ours.send((before, sum(counts)))
            before += count
        parts = [_receive(ours, "pdf") for _, ours in children]
        printed = True
    finally:
        for child, ours in children:
            ours.close()
            if not printed:
                # A part failed: the others may be waiting for a turn a
                # failed one held, and nothing of theirs is wanted now.
                child.kill()
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
                child.join()
    for part in parts:
        if fetcher is not None:
            fetcher.refused.extend(part["refused"])
        if peaks is not None:
            peaks.append((part["peak_mib"], part["start_mib"], len(part["pages"])))
    return join([part["pdf"] for part in parts], [part["pages"] for part in parts], first_page=first_page)


def _receive(connection, kind: str):
    if not connection.poll(SECTION_SECONDS):
        raise SectionFailed(f"A section's process said nothing for {SECTION_SECONDS} s")
    try:
        message = connection.recv()
    except EOFError:
        raise SectionFailed("A section's process ended before it printed its part") from None
    if message[0] == "error":
        raise SectionFailed(message[1])
    assert message[0] == kind, message[0]
    return message[1]


def _print_section(connection, html: str, engine, turns) -> None:
    """In the forked process: lay the part out, say how many pages it has,
    learn where they fall in the whole document, print it and send it; with
    one of the `turns` while laying out and while writing, and none while
    waiting for the other parts' page counts."""
    try:
        # What the parent made (Django, WeasyPrint, the document's HTML) is
        # none of this process's garbage: kept out of its collections, which
        # would walk it, costing CPU and copying the pages it shares. Nor is
        # the layout, while it is being made: the collector is paused while
        # the part is laid out and run once before it is written, which frees
        # what the layout left (measured: some 10% less CPU than collecting
        # as usual, and no higher a peak).
        gc.freeze()
        gc.disable()
        start = _rss_mib()
        turns.acquire()
        _number_pages_from(connection, turns)
        source, refused = engine(html)
        document = source.render(pdf_variant="pdf/ua-1")
        gc.collect()
        # Each page's bookmarks, for the whole document's outline (join).
        pages = [(page.bookmarks, page.width, page.height) for page in document.pages]
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
        turns.release()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        memory = {"peak_mib": peak, "start_mib": start}
        connection.send(("pdf", {"pdf": pdf, "pages": pages, "refused": refused, **memory}))
    except BaseException as error:
        # Told to the parent, which raises it; a parent gone hears nothing.
        with contextlib.suppress(OSError):
            connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        # Nothing of the parent's (its database connections, its atexit) is
        # closed or run by this copy of it.
        os._exit(0)


def _rss_mib() -> float:
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0


def _number_pages_from(connection, turns) -> None:
    """Once the part is laid out, and before its page margins are, report its
    page count and number its pages as the whole document's: the first page
    after those of the parts before it, and counter(pages) the whole
    document's. WeasyPrint lays out every page's body before any margin box
    (layout_document), and nothing but the margin boxes prints a page
    number, so this is the one moment to know both."""
    from weasyprint import layout

    make_margin_boxes = layout.make_margin_boxes
    numbers = {}

    def numbered(context, page, state):
        if not numbers:
            connection.send(("pages", len(context.page_maker) - 1))
            turns.release()  # another part lays out while this one waits
            message = connection.recv()
            turns.acquire()
            numbers["before"], numbers["total"] = message
        quote_depth, counters, *rest = state
        counters = dict(counters)
        counters["page"] = [*counters["page"][:-1], counters["page"][-1] + numbers["before"]]
        counters["pages"] = [numbers["total"]]
        return make_margin_boxes(context, page, (quote_depth, counters, *rest))

    layout.make_margin_boxes = numbered


def join(pdfs: list[bytes], pages: list[list], *, first_page: int | None = None) -> bytes:
    """The parts as one PDF: the first part's file (its catalog, metadata,
    /Lang, /MarkInfo, viewer preferences) with the others' pages after its
    own; their structure elements under its Document element, each page's
    /StructParents and the parent tree's keys counted through the whole
    document; the named destinations of all; the outline WeasyPrint makes
    from all the pages' bookmarks; and the clerk's page numbers."""
    # Imported here: a short document, printed whole, never needs it.
    import pikepdf
    from pikepdf import Array, Dictionary

    whole = pikepdf.open(io.BytesIO(pdfs[0]))
    tree = whole.Root.StructTreeRoot
    document = tree.K[0]
    page_keys, annotation_keys = _parent_tree(tree, len(whole.pages))
    names = list(whole.Root.Names.Dests.Names) if "/Names" in whole.Root and "/Dests" in whole.Root.Names else []
    for data in pdfs[1:]:
        part = pikepdf.open(io.BytesIO(data))
        before = len(whole.pages)
        whole.pages.extend(part.pages)
        # Copied after its pages, the part's tree points at the copies.
        copied = whole.copy_foreign(part.Root.StructTreeRoot)
        for element in copied.K[0].K:
            element.P = document
            document.K.append(element)
        keys, annotations = _parent_tree(copied, len(part.pages))
        for index, (key, elements) in enumerate(keys):
            whole.pages[before + index].obj.StructParents = before + key
            page_keys.append((before + key, elements))
        annotation_keys += annotations
        if "/Names" in part.Root and "/Dests" in part.Root.Names:
            names += list(whole.copy_foreign(part.make_indirect(part.Root.Names.Dests.Names)))
    # The annotations' keys after the pages', as WeasyPrint numbers them.
    numbers = [item for key, elements in page_keys for item in (key, elements)]
    for key, (annotation, element) in enumerate(annotation_keys, start=len(whole.pages)):
        if annotation is not None:
            annotation.StructParent = key
        numbers += [key, element]
    tree.ParentTree = whole.make_indirect(Dictionary(Nums=Array(numbers)))
    if "/ParentTreeNextKey" in tree:
        tree.ParentTreeNextKey = len(numbers) // 2
    if names:
        pairs = sorted(zip(names[::2], names[1::2], strict=True), key=lambda pair: bytes(pair[0]))
        whole.Root.Names.Dests.Names = Array([item for pair in pairs for item in pair])
    _outline(whole, [page for part in pages for page in part])
    if first_page:
        label_pages(whole, first_page)
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def label_pages(document, first_page: int) -> None:
    """The viewer's page numbers from the clerk's first page (in a
    pikepdf.Pdf): one range of decimal labels, the first `first_page`."""
    from pikepdf import Array, Dictionary, Name

    document.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=first_page)]))


def _parent_tree(tree, page_count: int):
    """A part's parent tree as (key, elements) for its pages, and
    (annotation, element) for its annotations (keys from page_count on)."""
    from pikepdf import Array, Dictionary

    numbers = list(tree.ParentTree.Nums)
    pages, annotations = [], []
    for key, value in zip(numbers[::2], numbers[1::2], strict=True):
        if int(key) < page_count:
            pages.append((int(key), value))
        else:
            annotations.append((key, value))
    # Each annotation is found by the element its key names (its /K's OBJR).
    found = []
    for _, element in annotations:
        kids = element.K if isinstance(element.K, Array) else [element.K]
        objects = [kid.Obj for kid in kids if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR"]
        found.append((objects[0] if objects else None, element))
    return pages, found


def _outline(whole, pages: list) -> None:
    """The outline WeasyPrint writes (its make_bookmark_tree, at its scale of
    0.75 points a CSS pixel), from every page's bookmarks in order: a
    section's headings nest under the document's title as in one file."""
    import pikepdf
    from weasyprint import Document

    if "/Outlines" in whole.Root:
        del whole.Root.Outlines
    faked = SimpleNamespace(pages=[SimpleNamespace(bookmarks=b, width=w, height=h) for b, w, h in pages])
    tree = Document.make_bookmark_tree(faked, scale=0.75, transform_pages=True)
    if not tree:
        return

    def add(items, into):
        for label, (page, x, y), children, state in items:
            item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
            item.is_closed = state == "closed"
            into.append(item)
            add(children, item.children)

    with whole.open_outline() as outline:
        add(tree, outline.root)
