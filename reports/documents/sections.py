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

Where the sections meet: each part after the first goes on where the one
before's last page is full, so the document has the pages it has printed
whole, no more. The part before reports where its last unit ends on its
last page (Boundary: how far down, the bottom margins below it, and the
strings its running header reads); the next part lays its units out after
an empty block that tall (the spacer), and its first page is the same page:
the join draws the two halves as one (_draw_once), the first half's body,
then the second half's body, running header, footer and fixed boxes (the
DRAFT mark), as the page printed whole draws them, but for a list's
bullets: the engine draws them after the page's text, and on a shared page
the first half's come before the second half's text. So the parts are laid
out one after another, each once the one before has: a second core shares
the writing, not the layout (a 100-page Progress Update in 0.7 of the
engine's wall time on an idle two-core machine, where halves laid out at
once took 0.5). The cuts are made by the size of each unit's HTML alone
(see plan), never by the number of processes. A document of one chunk or
less, or with SCRUTINY_PDF_PROCESSES=1, is printed whole in one process,
as it always was.

Page numbers: each process lays its part out, says how many pages it has,
and is told, before it prints its page margins, how many pages come before
it and how many the whole document has ("Page 57 of 112"): see
_number_pages_from. So every chunk's process is alive until the last has
laid out; at most SCRUTINY_PDF_PROCESSES of them are laying out or writing
at any moment (a semaphore: a process gives its turn up while it waits),
so the machine's cores are shared as before. That holds every chunk's
layout at once: past HELD_CHUNKS chunks the document is printed in two
passes instead, each part laid out first only to count its pages (its
process then ends), then again to be printed in its place, at most
SCRUTINY_PDF_PROCESSES processes at any moment: a 5,000-action Progress
Update's processes summed 20 GB held, 0.7 GB in two passes, for some 1.4
times the wall time (docs/benchmarks.md, "The largest paper"). The join (pikepdf) copies
each part's pages and its structure elements under the first part's
Document element, draws each shared page once, renumbering the marked
content, the pages' /StructParents keys and the parent tree, merges the
named destinations, and writes the outline WeasyPrint would have made for
the whole document.

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

# The most parts whose layouts are held at once (each some 250 MiB) while
# the page count of the whole is found. A document of more chunks (some 200
# pages and up) is printed in two passes: each part laid out in turn only to
# count its pages and find where its last page is full, in a process that
# then ends; then, every page's number known, the parts laid out again and
# written, at most SCRUTINY_PDF_PROCESSES at once. Its memory is bounded by
# the processes, not the pages, for a second layout of each part (render).
HELD_CHUNKS = 4

UNIT = "<!--unit-->"
UNITS_END = "<!--units-end-->"
FRONT = re.compile(r"<!--front-->.*?<!--/front-->", re.S)
BACK = re.compile(r"<!--back-->.*?<!--/back-->", re.S)
# Marks each unit's element in a part, so that its process finds where its
# last unit ends on its last page (_boundary).
UNIT_MARK = "data-unit"
# Marks the empty block a part after the first begins with, as tall as the
# part before's last page is full (_after): the layout goes on from there.
SPACER_MARK = "data-section-spacer"

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
        """Units start to stop as a document of their own (a section's
        part), each unit's element marked (UNIT_MARK) so that its process
        finds where the last one ends; the whole document by default."""
        stop = len(self.units) if stop is None else stop
        parts = [self.prefix if start == 0 else FRONT.sub("", self.prefix)]
        parts += [_marked(self.units[index]) for index in range(start, stop)]
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


def _marked(unit: str) -> str:
    """The unit's first element with the attribute its process finds it by."""
    tag = re.search(r"<[a-zA-Z][\w-]*", unit[len(UNIT) :])
    if tag is None:
        return unit
    at = len(UNIT) + tag.end()
    return f"{unit[:at]} {UNIT_MARK}{unit[at:]}"


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
    added to `peaks`, where given (bench/pdf_sections.py).

    The parts are laid out in turn: each after the first goes on from where
    the one before's last page is full (its Boundary), and that page is the
    next part's first, drawn once in the join. Up to HELD_CHUNKS parts, each
    process holds its layout until every part's page count is known; more,
    and the parts are counted first, then printed (_in_two_passes)."""
    runs = plan.runs()
    if len(runs) > HELD_CHUNKS:
        parts = _in_two_passes(plan, runs, processes, engine)
    else:
        parts = _held(plan, runs, processes, engine)
    for part in parts:
        if fetcher is not None:
            fetcher.refused.extend(part["refused"])
        if peaks is not None:
            peaks.append((part["peak_mib"], part["start_mib"], len(part["pages"])))
    return join([part["pdf"] for part in parts], [part["pages"] for part in parts], first_page=first_page)


def _held(plan: Plan, runs: list[tuple[int, int]], processes: int, engine) -> list[dict]:
    """Each part laid out in turn by a process that holds its layout until
    told where its pages fall in the whole document, then prints it."""
    context = multiprocessing.get_context("fork")
    turns = context.Semaphore(max(1, processes))
    children, printed = [], False
    try:
        with ENGINE:
            for index, (start, stop) in enumerate(runs):
                ours, theirs = context.Pipe()
                shape = _Part(follows=index > 0, shares_last_page=index < len(runs) - 1)
                child = context.Process(
                    target=_print_section, args=(theirs, plan.html(start, stop), engine, turns, shape), daemon=True
                )
                child.start()
                theirs.close()
                children.append((child, ours))
        counts, boundary = [], None
        for index, (_, ours) in enumerate(children):
            if index:
                ours.send(("after", boundary))
            count, boundary = _receive(ours, "pages")
            counts.append(count)
        # Each part's first page is the one before's last: drawn once.
        total, before = sum(counts) - (len(counts) - 1), 0
        for (_, ours), count in zip(children, counts, strict=True):
            ours.send((before, total))
            before += count - 1
        parts = [_receive(ours, "pdf") for _, ours in children]
        printed = True
    finally:
        _end(children, printed)
    return parts


def _end(children: list, printed: bool) -> None:
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


def _in_two_passes(plan: Plan, runs: list[tuple[int, int]], processes: int, engine) -> list[dict]:
    """First each part laid out in turn, only to learn its page count and
    where its last page is full, by a process that then ends; then, every
    part's place in the whole known, the parts laid out again and printed,
    at most `processes` at once, each process ending as it sends its part."""
    shapes = [_Part(follows=index > 0, shares_last_page=index < len(runs) - 1) for index in range(len(runs))]
    afters, counts, boundary = [], [], None
    for (start, stop), shape in zip(runs, shapes, strict=True):
        afters.append(boundary)
        count, boundary = _one_part(plan.html(start, stop), engine, shape, ("count", boundary, None), "pages")
        counts.append(count)
    total, before, known = sum(counts) - (len(counts) - 1), 0, []
    for after, count in zip(afters, counts, strict=True):
        known.append(("print", after, (before, total, count)))
        before += count - 1
    return _print_parts(plan, runs, shapes, known, processes, engine)


def _one_part(html: str, engine, shape: "_Part", known: tuple, kind: str):
    """A part's process, started and waited for: what it sends of `kind`."""
    child, ours = _start(html, engine, shape, known)
    printed = False
    try:
        said = _receive(ours, kind)
        printed = True
    finally:
        _end([(child, ours)], printed)
    return said


def _start(html: str, engine, shape: "_Part", known: tuple):
    """A forked process printing a part of the two passes, and our end of its pipe."""
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    with ENGINE:
        child = context.Process(target=_print_section, args=(theirs, html, engine, None, shape, known), daemon=True)
        child.start()
    theirs.close()
    return child, ours


def _print_parts(plan: Plan, runs, shapes, known: list, processes: int, engine) -> list[dict]:
    """The second pass: each part printed in its place, at most `processes`
    at once, a process started as one before ends."""
    from multiprocessing.connection import wait

    parts, waiting, running, printed = [None] * len(runs), list(range(len(runs))), {}, False
    try:
        while waiting or running:
            while waiting and len(running) < max(1, processes):
                index = waiting.pop(0)
                child, ours = _start(plan.html(*runs[index]), engine, shapes[index], known[index])
                running[ours] = (index, child)
            ready = wait(list(running), timeout=SECTION_SECONDS)
            if not ready:
                raise SectionFailed(f"A section's process said nothing for {SECTION_SECONDS} s")
            for ours in ready:
                index, child = running.pop(ours)
                try:
                    parts[index] = _receive(ours, "pdf")
                finally:
                    _end([(child, ours)], True)
        printed = True
    finally:
        _end([(child, ours) for ours, (_, child) in running.items()], printed)
    return parts


@dataclass(frozen=True)
class _Part:
    follows: bool  # a part before it: it goes on from that part's Boundary
    shares_last_page: bool  # a part after it: its last page is drawn with that part's first


@dataclass(frozen=True)
class Boundary:
    """Where a part's last page is full: the next part lays its units out
    after an empty block this tall (CSS px below the top of its first
    page's content), with the bottom margins of the last unit below it, as
    the whole document would go on; and the strings set on that page
    (string-set), which the page's running header reads."""

    height: float
    margin: float
    strings: dict


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


class _Counted(Exception):
    """The first pass's part has said its page count: its process stops."""


def _print_section(connection, html: str, engine, turns, shape: _Part, known: tuple | None = None) -> None:
    """In the forked process: lay the part out (after the part before's
    Boundary, once told it), say how many pages it has and where its last
    is full, learn where its pages fall in the whole document, print it and
    send it; with one of the `turns` while laying out and while writing,
    and none while waiting. In two passes (_in_two_passes), `known` says
    which pass and what is known: ("count", the Boundary before, None),
    to stop once the count is said; or ("print", the Boundary before,
    (pages before it, pages in all, its own count)), to print at once."""
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
        if known is not None:
            turns, (_, after, _) = _Turns(), known
        else:
            after = _receive(connection, "after") if shape.follows else None
        turns.acquire()
        if after is not None:
            html = _after(html, after, engine)
        _number_pages_from(connection, turns, after, shape.shares_last_page, known=known)
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
    except _Counted:
        pass
    except BaseException as error:
        # Told to the parent, which raises it; a parent gone hears nothing.
        with contextlib.suppress(OSError):
            connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        # Nothing of the parent's (its database connections, its atexit) is
        # closed or run by this copy of it.
        os._exit(0)


class _Turns:
    """No turns to take: a process of the two passes runs as it is started."""

    def acquire(self) -> None:
        pass

    def release(self) -> None:
        pass


def _after(html: str, boundary: Boundary, engine) -> str:
    """The part's HTML with an empty block before its first unit, its bottom
    where the part before's last page is full and its bottom margins the
    last unit's: what comes before the units in the part (the page's top
    margins, its containers' tops: `engine` lays that out alone to find how
    much) is taken from its height."""
    at = html.find(UNIT)
    source, _ = engine(html[:at] + _spacer(1, 0))
    page = source.render().pages[0]._page_box
    spacer = next(box for box in _descendants(page) if _is_spacer(box))
    top = spacer.border_box_y() - page.content_box_y()
    del source, page, spacer
    gc.collect()  # that layout is garbage now, freed before the part's own (the collector is paused)
    return html[:at] + _spacer(max(0, boundary.height - top), boundary.margin) + html[at:]


def _spacer(height: float, margin: float) -> str:
    return (
        f'<div {SPACER_MARK} aria-hidden="true" style="display: block; height: {height}px; '
        f'margin: 0 0 {margin}px 0; padding: 0; border: 0"></div>'
    )


def _is_spacer(box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and "::" not in (box.element_tag or "") and element.get(SPACER_MARK) is not None


def _rss_mib() -> float:
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0


def _number_pages_from(connection, turns, after: Boundary | None, shares_last_page: bool, known=None) -> None:
    """Once the part is laid out, and before its page margins are, report its
    page count and where its last page is full, and number its pages as
    the whole document's: the first page after those of the parts before
    it, and counter(pages) the whole document's. WeasyPrint lays out every
    page's body before any margin box (layout_document), and nothing but
    the margin boxes prints a page number, so this is the one moment to
    know both. The first page, shared with the part before, opens with
    what that part's last page set (`after.strings`); the last, shared
    with the part after, is drawn without its header, footer and fixed
    boxes, which that part's first page draws. In two passes (`known`:
    _print_section's), the first pass stops once it has said its count,
    and the second is numbered as the first found, its count the same."""
    from weasyprint import layout

    make_margin_boxes, make_all_pages = layout.make_margin_boxes, layout.make_all_pages
    numbers, laid = {}, []

    def all_pages(*args, **kwargs):
        laid[:] = []
        for page in make_all_pages(*args, **kwargs):
            laid.append(page)
            yield page

    def numbered(context, page, state):
        if not numbers:
            carried = _open_with(context.string_set, after.strings) if after is not None else set()
            numbers["before"], numbers["total"] = _where_its_pages_fall(laid, context, carried, known)
        if shares_last_page and context.current_page == len(laid):
            _without_fixed_boxes(page.children[0])
            return []
        quote_depth, counters, *rest = state
        counters = dict(counters)
        counters["page"] = [*counters["page"][:-1], counters["page"][-1] + numbers["before"]]
        counters["pages"] = [numbers["total"]]
        return make_margin_boxes(context, page, (quote_depth, counters, *rest))

    def _where_its_pages_fall(laid, context, carried, known) -> tuple[int, int]:
        if known is not None and known[0] == "print":
            before, total, count = known[2]
            if len(laid) != count:
                raise SectionFailed(f"A section laid out {len(laid)} pages, not the {count} it had laid out before")
            return before, total
        boundary = _boundary(laid, context, carried) if shares_last_page else None
        connection.send(("pages", (len(laid), boundary)))
        if known is not None:
            raise _Counted
        turns.release()  # another part lays out while this one waits
        message = connection.recv()
        turns.acquire()
        return message

    layout.make_margin_boxes, layout.make_all_pages = numbered, all_pages


def _without_fixed_boxes(box) -> None:
    """The page's fixed boxes (the DRAFT mark) taken out, wherever they are:
    the next part's first page draws them on the page the two share."""
    children = getattr(box, "children", None)
    if not children:
        return
    box.children = [child for child in children if child.style["position"] != "fixed"]
    for child in box.children:
        _without_fixed_boxes(child)


def _boundary(pages: list, context, carried: set) -> Boundary:
    """Where the last page is full: the bottom of the last unit on it, below
    the top of the page's content, and the bottom margins that collapse
    below it (the unit's and its last descendants')."""
    last_unit = _last_unit(pages[-1])
    bottom = last_unit.border_box_y() + last_unit.border_height() - pages[-1].content_box_y()
    margins, box = [last_unit.margin_bottom], last_unit
    while box.padding_bottom == 0 and box.border_bottom_width == 0 and getattr(box, "children", None):
        box = box.children[-1]
        if getattr(box, "margin_bottom", None) is None:
            break
        margins.append(box.margin_bottom)
    margin = max([0, *(m for m in margins if m > 0)]) + min([0, *(m for m in margins if m < 0)])
    strings = _strings_at(context.string_set, len(pages), carried)
    return Boundary(height=bottom, margin=margin, strings=strings)


def _strings_at(store: dict, last: int, carried: set) -> dict:
    """For each named string (WeasyPrint's store: {name: {page: [values]}}),
    what the `last` page set, and the value in force at its end. A value
    the first page was only opened with (`carried`: _open_with()) was not
    set there."""
    strings = {}
    for name, by_page in store.items():
        in_force = next((by_page[page][-1] for page in range(last, 0, -1) if by_page.get(page)), None)
        assigned = [] if last == 1 and name in carried else list(by_page.get(last, ()))
        strings[name] = (assigned, in_force)
    return strings


def _open_with(store: dict, strings: dict) -> set:
    """The first page opens with what the shared page's first half set
    (_strings_at): string(x, first) reads the first value set on the whole
    page, or, where neither half sets one, the value in force before it,
    which is entered as the page's own (a page's entry must not be left
    empty: WeasyPrint reads its first). Returns the names so entered."""
    carried = set()
    for name, (assigned, in_force) in strings.items():
        own = store[name].get(1, [])
        if assigned:
            store[name][1] = [*assigned, *own]
        elif not own and in_force is not None:
            store[name][1] = [in_force]
            carried.add(name)
    return carried


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _last_unit(page):
    """The last unit's box on the page: its element marked UNIT_MARK, the
    outermost box of it (not a pseudo-element's, nor a table's inside its
    wrapper)."""
    found, stack = None, [(page, None)]
    while stack:
        box, parent = stack.pop()
        element = getattr(box, "element", None)
        if (
            element is not None
            and parent is not None
            and element.get(UNIT_MARK) is not None
            and "::" not in (box.element_tag or "")
            and parent.element is not element
        ):
            found = box
        stack.extend((child, box) for child in reversed(getattr(box, "children", ())))
    if found is None:
        raise SectionFailed("A section's last page has no unit on it")
    return found


def join(pdfs: list[bytes], pages: list[list], *, first_page: int | None = None) -> bytes:
    """The parts as one PDF: the first part's file (its catalog, metadata,
    /Lang, /MarkInfo, viewer preferences) with the others' pages after its
    own, each part's first page drawn onto the part before's last (the
    page they share, _draw_once); their structure elements under its
    Document element, each page's /StructParents and the parent tree's
    keys counted through the whole document; the named destinations of
    all; the outline WeasyPrint makes from all the pages' bookmarks; and
    the clerk's page numbers."""
    # Imported here: a short document, printed whole, never needs it.
    import pikepdf
    from pikepdf import Array, Dictionary

    whole = pikepdf.open(io.BytesIO(pdfs[0]))
    tree = whole.Root.StructTreeRoot
    document = tree.K[0]
    arrays, annotation_keys = _page_arrays(tree, whole.pages)
    names = list(whole.Root.Names.Dests.Names) if "/Names" in whole.Root and "/Dests" in whole.Root.Names else []
    bookmarks = list(pages[0])
    for data, part_pages in zip(pdfs[1:], pages[1:], strict=True):
        part = pikepdf.open(io.BytesIO(data))
        shared = len(whole.pages) - 1
        whole.pages.extend(part.pages)
        # Copied after its pages, the part's tree points at the copies.
        copied = whole.copy_foreign(part.Root.StructTreeRoot)
        elements = list(copied.K[0].K)
        for element in elements:
            element.P = document
            document.K.append(element)
        part_arrays, annotations = _page_arrays(copied, whole.pages[shared + 1 :])
        arrays += part_arrays
        annotation_keys += annotations
        part_names = []
        if "/Names" in part.Root and "/Dests" in part.Root.Names:
            part_names = list(whole.copy_foreign(part.make_indirect(part.Root.Names.Dests.Names)))
        _draw_once(whole, shared, arrays, document, elements, part_names)
        names += part_names
        first, *rest = part_pages
        bookmarks[-1] = (bookmarks[-1][0] + first[0], *bookmarks[-1][1:])
        bookmarks += rest
    for key, page in enumerate(whole.pages):
        page.obj.StructParents = key
    # The annotations' keys after the pages', as WeasyPrint numbers them.
    numbers = [item for key, elements in enumerate(arrays) for item in (key, elements)]
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
    _outline(whole, bookmarks)
    if first_page:
        label_pages(whole, first_page)
    out = io.BytesIO()
    whole.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _page_arrays(tree, pages) -> tuple[list, list]:
    """A part's parent tree as each page's array (its marked content's
    structure elements, by MCID), in the pages' order, and its annotations'
    (annotation, element) pairs (_parent_tree)."""
    from pikepdf import Array

    keys, annotations = _parent_tree(tree, len(pages))
    by_key = dict(keys)
    return [by_key.get(int(page.obj.get("/StructParents", -1)), Array()) for page in pages], annotations


def _draw_once(whole, at: int, arrays: list, document, elements: list, names: list) -> None:
    """The page two parts share (render): the second half (page at + 1,
    the later part's first page: its body below the spacer, its header,
    footer and fixed boxes) drawn after the first (page at: the body the
    part before laid out, without them), as one page, in the order the
    page printed whole draws them: its marked content numbered on after
    the first half's, its resources, structure elements, annotations and
    destinations moved onto the first half's page, the page's container
    elements made one again (_fuse_containers); then the second half's
    page is deleted."""
    from pikepdf import Array

    first, second = whole.pages[at], whole.pages[at + 1]
    offset = len(arrays[at])
    drawn = _renumbered(second, offset, _take_resources(first, second))
    first.contents_coalesce()
    before = first.obj.Contents.read_bytes()
    first.obj.Contents = whole.make_stream(b"q\n" + before + b"\nQ\nq\n" + drawn + b"\nQ\n")
    old, new = second.obj, first.obj
    _retarget(_on_page(elements, arrays[at + 1], old), old, new, offset)
    arrays[at] = Array([*arrays[at], *arrays[at + 1]])
    del arrays[at + 1]
    if "/Annots" in old:
        if "/Annots" not in new:
            new.Annots = Array()
        for annotation in old.Annots:
            annotation.P = new
            new.Annots.append(annotation)
    for destination in names[1::2]:
        target = destination.get("/D", destination) if hasattr(destination, "keys") else destination
        if len(target) and target[0].objgen == old.objgen:
            target[0] = new
    _fuse_containers(document, elements, new, arrays, at)
    del whole.pages[at + 1]


# Which operand of each operator names a resource, and of what kind.
RESOURCE_OPERANDS = {
    "Tf": ("/Font", 0),
    "Do": ("/XObject", 0),
    "gs": ("/ExtGState", 0),
    "sh": ("/Shading", 0),
    "cs": ("/ColorSpace", 0),
    "CS": ("/ColorSpace", 0),
    "scn": ("/Pattern", -1),
    "SCN": ("/Pattern", -1),
    "BDC": ("/Properties", 1),
    "DP": ("/Properties", 1),
}


def _take_resources(first, second) -> dict:
    """The second half's resources added to the first half's page's, each
    name the first already gives another object renamed: {(kind, name):
    new name}."""
    from pikepdf import Dictionary

    ours, theirs, renamed = first.resources, second.resources, {}
    for kind, named in theirs.items():
        if kind == "/ProcSet" or not hasattr(named, "items"):
            continue
        if kind not in ours:
            ours[kind] = Dictionary()
        target = ours[kind]
        for name, value in named.items():
            new = name
            if name in target:
                if value.is_indirect and target[name].is_indirect and target[name].objgen == value.objgen:
                    continue
                new = next(f"{name}_{n}" for n in itertools.count(1) if f"{name}_{n}" not in target)
                renamed[(kind, name)] = new
            target[new] = value
    return renamed


def _renumbered(page, offset: int, renamed: dict) -> bytes:
    """The page's content with its marked content's MCIDs `offset` on and
    its resources' names as `renamed`."""
    import pikepdf

    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            instructions.append(instruction)
            continue
        operands, operator = list(instruction.operands), str(instruction.operator)
        if operator == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            properties = pikepdf.Dictionary({key: value for key, value in operands[1].items()})
            properties.MCID = int(properties.MCID) + offset
            operands[1] = properties
        kind, index = RESOURCE_OPERANDS.get(operator, (None, 0))
        if kind and operands and isinstance(operands[index], pikepdf.Name):
            new = renamed.get((kind, str(operands[index])))
            if new:
                operands[index] = pikepdf.Name(new)
        instructions.append(pikepdf.ContentStreamInstruction(operands, instruction.operator))
    return pikepdf.unparse_content_stream(instructions)


def _on_page(tops: list, entry, page) -> list:
    """The structure elements that can name `page` (/Pg), each once, without
    walking the rest of the tree: those under the part's top elements
    (`tops`) that are on the page (an element on another page, and all
    under it, is another page's), and those its marked content belongs to
    (its parent-tree `entry`: the header's and footer's, which are in no
    tree) with every element above them."""
    from pikepdf import Dictionary

    found, seen, stack = [], set(), list(tops)
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or "/S" not in element or element.objgen in seen:
            continue
        if "/Pg" in element and element.Pg.objgen != page.objgen:
            continue
        seen.add(element.objgen)
        found.append(element)
        stack.extend(_kids(element))
    for element in entry:
        while isinstance(element, Dictionary) and "/S" in element and element.objgen not in seen:
            seen.add(element.objgen)
            found.append(element)
            element = element.get("/P")
    return found


def _retarget(elements: list, old, new, offset: int) -> None:
    """Each of `elements` on page `old` moved to page `new`, its marked
    content's MCIDs `offset` on; and every marked-content or object
    reference among their kids naming `old`."""
    from pikepdf import Array, Dictionary

    for element in elements:
        on_old = "/Pg" in element and element.Pg.objgen == old.objgen
        if on_old:
            element.Pg = new
        if "/K" not in element:
            continue
        single = not isinstance(element.K, Array)
        kids = []
        for kid in [element.K] if single else list(element.K):
            if isinstance(kid, int):
                kid = kid + offset if on_old else kid
            elif isinstance(kid, Dictionary) and kid.get("/Type") in ("/MCR", "/OBJR"):
                here = on_old and "/Pg" not in kid
                if "/Pg" in kid and kid.Pg.objgen == old.objgen:
                    kid.Pg, here = new, True
                if here and kid.get("/Type") == "/MCR":
                    kid.MCID = int(kid.MCID) + offset
            kids.append(kid)
        element.K = kids[0] if single else Array(kids)


def _fuse_containers(document, elements: list, page, arrays: list, at: int) -> None:
    """The shared page's container (the element its units are in, and those
    around it: one element of the page printed whole) comes from each part
    as an element of its own. The later part's, which begins with the
    spacer (an empty element), is made one with the earlier's: its other
    elements after the earlier's, the spacer dropped. What the later part
    has on the page before it (a fixed box's element, as the DRAFT mark's)
    comes before the earlier part's, as in the page printed whole."""
    from pikepdf import Array, Dictionary

    kids = list(document.K)
    first_index = len(kids) - len(elements)
    found = next(((index, path) for index, top in enumerate(elements) if (path := _path_to_spacer(top, page))), None)
    if found is None:
        return  # nothing of the later part on the page's body
    top_index, path = found
    if len(path) == 1:  # units straight under the document: the spacer alone goes
        document.K = Array([kid for kid in kids if not _same(kid, path[0])])
        return
    earlier, replaced = kids[first_index - 1], {}
    a = earlier
    for level, b in enumerate(path[:-1]):
        replaced[b.objgen] = a
        rest = _kids(b)[1:]  # the first goes on in the earlier's last (or is the spacer)
        for kid in rest:
            if isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = a
        a_kids = _kids(a)
        a.K = Array([*a_kids, *rest])
        if level < len(path) - 2:
            a = a_kids[-1]
    document.K = Array([*kids[: first_index - 1], *elements[:top_index], earlier, *elements[top_index + 1 :]])
    arrays[at] = Array(
        [replaced.get(e.objgen, e) if isinstance(e, Dictionary) and e.is_indirect else e for e in arrays[at]]
    )


def _kids(element) -> list:
    from pikepdf import Array

    if "/K" not in element:
        return []
    return list(element.K) if isinstance(element.K, Array) else [element.K]


def _same(one, other) -> bool:
    return getattr(one, "is_indirect", False) and getattr(other, "is_indirect", False) and one.objgen == other.objgen


def _path_to_spacer(top, page) -> list | None:
    """From `top` down through first elements to the spacer (an element with
    nothing in it) on `page`: the elements on the way, the spacer last."""
    from pikepdf import Dictionary

    path = [top]
    while True:
        element, kids = path[-1], _kids(path[-1])
        if not kids:
            on_page = "/Pg" in element and element.Pg.objgen == page.objgen
            return path if on_page else None
        first = kids[0]
        if not isinstance(first, Dictionary) or "/S" not in first:
            return None
        path.append(first)


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
