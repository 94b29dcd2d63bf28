"""A long document printed in sections, a process each, and joined
(reports/documents/sections.py), read back as a reader's software would:
the same file as one process prints, page for page — text, "Page x of y",
the "continued" headers, the clerk's page numbers, the outline, the
structure tree (PDF/UA), the fonts, the title and the language."""

import datetime
import io
import itertools
import re
import time

import pytest
from pypdf import PdfReader

from reports.documents import ExportOptions, map_strings, sections
from reports.progress_update.builder import build_progress_update
from reports.progress_update.pdf import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(demo):
    rounds = list(demo.rounds.all())
    return build_progress_update(demo, rounds=rounds, round=next(r for r in rounds if r.label == "March 2020"))


@pytest.fixture
def chunk_a_recommendation(monkeypatch):
    """Chunks of a single recommendation each, so that the demo's few pages
    are cut as a long document's hundred are."""
    monkeypatch.setattr(sections, "CHUNK_BYTES", 1)


def printed(document, options, processes, settings, renderer=render_pdf):
    settings.SCRUTINY_PDF_PROCESSES = processes
    return PdfReader(io.BytesIO(renderer(document, options)))


def assert_the_same_file(joined, one):
    """What a reader, a viewer or a screen reader gets of the two files: the
    same pages, each with the same text in the same order, but for a list's
    bullets on a page two sections share (the engine draws a list's bullets
    after the page's text; there, the earlier section's come before the
    later's text); the same structure tree, page for page (its marked
    content numbered in the order drawn)."""
    assert len(joined.pages) == len(one.pages) > 1
    texts = [page.extract_text() for page in joined.pages], [page.extract_text() for page in one.pages]
    assert [without_bullets(text) for text in texts[0]] == [without_bullets(text) for text in texts[1]]
    assert [sorted(text.splitlines()) for text in texts[0]] == [sorted(text.splitlines()) for text in texts[1]]
    assert joined.page_labels == one.page_labels
    assert outline(joined) == outline(one)
    assert structure(joined, numbered=False) == structure(one, numbered=False)
    assert_marked_content_mapped(joined)
    assert_marked_content_mapped(one)
    assert destinations(joined) == destinations(one)
    assert fonts(joined) == fonts(one)
    assert all(embedded for _, embedded in fonts(joined))
    for catalog in (joined.trailer["/Root"], one.trailer["/Root"]):
        assert catalog["/Lang"] == "en-GB"
        assert catalog["/MarkInfo"]["/Marked"]
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert joined.metadata.title == one.metadata.title
    assert joined.metadata.author == one.metadata.author
    assert joined.xmp_metadata is not None


def outline(reader):
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item), round(float(item.top), 1)))

    walk(reader.outline, 0)
    return found


def assert_marked_content_mapped(reader):
    """Each page's marked content as drawn numbered 0, 1, 2… each number
    once, and the element its parent-tree entry names for each holding it:
    what a screen reader's software follows from the page to the tree."""
    from pypdf.generic import ContentStream

    numbers = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    entries = dict(zip(numbers[::2], numbers[1::2], strict=True))
    for page in reader.pages:
        operations = ContentStream(page.get_contents(), reader).operations
        marks = [ops[1] for ops, op in operations if op == b"BDC" and hasattr(ops[1], "keys")]
        drawn = [int(mark["/MCID"]) for mark in marks if "/MCID" in mark]
        entry = entries[page["/StructParents"]]
        assert sorted(drawn) == list(range(len(entry)))
        for mcid in drawn:
            kids = entry[mcid].get_object().get("/K")
            kids = kids if isinstance(kids, list) else [kids]
            held = {int(kid) for kid in kids if isinstance(kid, int)}
            references = [kid.get_object() for kid in kids if not isinstance(kid, int)]
            held |= {int(kid["/MCID"]) for kid in references if kid.get("/Type") == "/MCR"}
            assert mcid in held, (mcid, kids)


def without_bullets(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip() != "•")


def structure(reader, numbered=True):
    """The structure tree from its Document element down: each element's
    type, the page it is on and its marked content (its MCIDs, or, not
    `numbered`, how many), in order; and for each page, its /StructParents
    key and the pages of the elements it maps, each MCID on it once."""
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"][0].get_object()
    assert document["/S"] == "/Document"
    elements, marked = [], []

    def walk(element, depth, page=None):
        element = element.get_object()
        if not hasattr(element, "get"):
            marked.append((page, int(element)))
            elements.append((depth, "MCID", int(element) if numbered else 0))
            return
        if element.get("/Type") in ("/MCR", "/OBJR"):
            if element["/Type"] == "/MCR":
                on = pages[element.raw_get("/Pg").idnum] if "/Pg" in element else page
                marked.append((on, int(element["/MCID"])))
            elements.append((depth, element["/Type"], int(element.get("/MCID", -1)) if numbered else 0))
            return
        page = pages[element.raw_get("/Pg").idnum] if "/Pg" in element else None
        elements.append((depth, element["/S"], page))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid, depth + 1, page)

    walk(document, 0)
    assert len(marked) == len(set(marked))  # each marked content of a page in the tree once
    numbers = root["/ParentTree"]["/Nums"]
    parent_tree = dict(zip(numbers[::2], numbers[1::2], strict=True))
    mapped = []
    for number, page in enumerate(reader.pages):
        key = page["/StructParents"]
        on = {pages[e.get_object().raw_get("/Pg").idnum] for e in parent_tree[key] if "/Pg" in e.get_object()}
        mapped.append((key, on))
        assert on <= {number}, (number, on)  # a page's marked content is its own
    return elements, mapped


def fonts(reader):
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            embedded = "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]
            # Subset fonts are named "ABCDEF+Family-Style"; each section subsets its own.
            found.add((re.sub(r"^/[A-Z]{6}\+", "", font["/BaseFont"]), embedded))
    return found


def in_sections(joined, one) -> bool:
    """Each process embeds its own subset of each font: a joined file has
    more font objects than one printed whole."""

    def embedded(reader):
        return {ref.idnum for page in reader.pages for ref in page["/Resources"].raw_get("/Font").values()}

    return len(embedded(joined)) > len(embedded(one))


def destinations(reader):
    return {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(agenda_header="Agenda Item 8: Appendix 1", summary=True),
        ExportOptions(agenda_header="Agenda Item 8: Appendix 1", first_page=23, draft=True),
    ],
    ids=["page x of y, with the summary", "continued from page 23, DRAFT"],
)
@pytest.mark.parametrize("processes", [2, 3])
def test_the_joined_pdf_is_the_file_one_process_prints(march, options, processes, settings, chunk_a_recommendation):
    one = printed(march, options, 1, settings)
    joined = printed(march, options, processes, settings)

    assert_the_same_file(joined, one)
    assert in_sections(joined, one)
    # Every page's text, the running header, "Page x of y" (or the pack's
    # "Page 23") and the "1 d) continued" header included.
    texts = [page.extract_text() for page in joined.pages]
    assert len(texts) > 4
    first = options.first_page or 1
    for number, text in enumerate(texts, start=first):
        assert "Agenda Item 8: Appendix 1" in text
        if options.first_page:
            assert re.search(rf"Page {number}\b(?! of)", text)
        else:
            assert f"Page {number} of {len(texts)}" in text
    assert any("continued" in text for text in texts)
    assert joined.page_labels == [str(n) for n in range(first, first + len(texts))]
    # Each section's recommendations under the document's title, as in one file.
    recommendations = [depth for depth, title, *_ in outline(joined) if title.startswith("Recommendation")]
    assert recommendations and set(recommendations) == {1}
    assert joined.metadata.title.startswith("Scrutiny Monitoring – Progress Update: Hate Crime, March 2020")


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(agenda_header="Agenda Item 8: Appendix 1"),
        ExportOptions(agenda_header="Agenda Item 8: Appendix 1", first_page=23, draft=True),
    ],
    ids=["page x of y", "continued from page 23, DRAFT"],
)
def test_a_document_of_more_chunks_than_are_held_is_counted_then_printed_as_one_process_prints_it(
    march, options, settings, chunk_a_recommendation, monkeypatch
):
    """Issue 73, item 6: past HELD_CHUNKS, each part is laid out once to
    count its pages, then again to print, no more processes at once than
    SCRUTINY_PDF_PROCESSES, so that memory does not grow with the pages."""
    import multiprocessing

    monkeypatch.setattr(sections, "HELD_CHUNKS", 1)
    alive, start = [], sections._start

    def counted_start(*args):
        alive.append(len(multiprocessing.active_children()))
        return start(*args)

    monkeypatch.setattr(sections, "_start", counted_start)
    one = printed(march, options, 1, settings)
    joined = printed(march, options, 2, settings)
    assert_the_same_file(joined, one)
    assert in_sections(joined, one)
    chunks = len(march.recommendations)
    assert len(alive) == 2 * chunks and max(alive) <= 1  # each part twice; a second only beside a first
    texts = [page.extract_text() for page in joined.pages]
    first = options.first_page or 1
    for number, text in enumerate(texts, start=first):
        assert f"Page {number}" + ("" if options.first_page else f" of {len(texts)}") in text
    assert multiprocessing.active_children() == []


def test_a_partnership_report_and_a_self_assessment_join_as_they_print_whole(clerk, settings, chunk_a_recommendation):
    from reports.partnership.pdf import render_partnership_pdf
    from reports.partnership.report import build_partnership_report
    from reports.standards.appendix import build_assessment_document
    from reports.standards.pdf import render_assessment_pdf
    from tests.factories import make_assessment, make_framework, make_partnership_plan, publish_partnership_quarter

    plan = make_partnership_plan(by=clerk, actions=4, themes=4)
    quarter = publish_partnership_quarter(plan, datetime.date(2018, 7, 1), {"1.1": "amber", "3.2": "green"}, by=clerk)
    options = ExportOptions(agenda_header="Agenda Item 9", first_page=41)
    report = build_partnership_report(plan, quarter)
    one = printed(report, options, 1, settings, render_partnership_pdf)
    joined = printed(report, options, 2, settings, render_partnership_pdf)
    assert_the_same_file(joined, one)
    assert in_sections(joined, one)
    assert one.page_labels[0] == "41"

    framework = make_framework(by=clerk, standards=4, characteristics=12)
    appendix = build_assessment_document(make_assessment(framework, by=clerk), reader=clerk)
    one = printed(appendix, ExportOptions(agenda_header="Item 12"), 1, settings, render_assessment_pdf)
    joined = printed(appendix, ExportOptions(agenda_header="Item 12"), 3, settings, render_assessment_pdf)
    assert_the_same_file(joined, one)
    assert in_sections(joined, one)
    assert f"Page {len(joined.pages)} of {len(joined.pages)}" in joined.pages[-1].extract_text()


def test_a_page_two_sections_share_is_one_page_with_one_header_and_footer(march, settings, chunk_a_recommendation):
    options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1", draft=True)
    reader = printed(march, options, 2, settings)
    starts = [page for _, title, page, _ in outline(reader) if title.startswith("Recommendation")]
    assert len(starts) == len(march.recommendations) > 2
    # A section (here, each recommendation) goes on where the one before
    # ends, on the same page, not on a page of its own.
    assert any(page == before for before, page in itertools.pairwise(starts))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("Agenda Item 8: Appendix 1") == 1
        assert text.count(f"Page {number} of {len(reader.pages)}") == 1
        assert text.count("DRAFT") == 2  # the mark across the page, and the running header's


def test_a_short_document_is_printed_whole_as_it_always_was(march):
    from actionplans.text import breakable
    from reports.progress_update.html import render_print_html

    html = render_print_html(map_strings(march, breakable), ExportOptions())
    assert sections.plan(html) is None
    assert sections.UNIT_MARK not in html


def test_nothing_a_section_prints_fetches_anything_but_the_static_files(march, settings, chunk_a_recommendation):
    from reports.documents.pdf import StaticFilesOnly

    settings.SCRUTINY_PDF_PROCESSES = 2
    fetcher = StaticFilesOnly()
    reader = PdfReader(io.BytesIO(render_pdf(march, ExportOptions(), fetcher=fetcher)))
    assert fetcher.refused == []
    for page in reader.pages:
        assert not page["/Resources"].get("/XObject")


def marked(*sizes, front="<h1>Title</h1>", back="<table>key</table>"):
    units = "".join(
        f'<!--unit--><section class="unit" id="u{n}">{"x" * size}</section>' for n, size in enumerate(sizes)
    )
    return (
        '<html><head><title>T</title></head><body><div class="running-header">H</div><div class="doc">'
        f"<!--front-->{front}<!--/front-->{units}<!--units-end--><!--back-->{back}<!--/back--></div></body></html>"
    )


def test_chunks_are_cut_at_units_never_larger_than_a_chunk_whatever_the_processes():
    # 16 units of some 150 bytes: 2,400 bytes, 3.9 chunks of 625, so 4.
    plan = sections.plan(marked(*[100] * 16), chunk_bytes=625)
    assert plan.chunk_starts == (0, 4, 8, 12)
    assert plan.runs() == [(0, 4), (4, 8), (8, 12), (12, 16)]
    # Twice the document, twice the chunks: each the same size as before,
    # so that no process lays out more (not half the document each).
    longer = sections.plan(marked(*[100] * 32), chunk_bytes=625)
    assert longer.runs() == [(0, 4), (4, 8), (8, 12), (12, 16), (16, 20), (20, 24), (24, 28), (28, 32)]
    # As many chunks as it takes, not a power of two: 2,400 bytes of 1,000 make 3.
    assert sections.plan(marked(*[100] * 16), chunk_bytes=1000).chunk_starts == (0, 5, 11)
    # Each chunk starts at the unit boundary nearest its share, whatever the units' sizes.
    big = sections.plan(marked(1000, 100, 100, 100, 100, 100, 1000), chunk_bytes=1200)
    assert big.chunk_starts == (0, 1, 6)
    # As many chunks as units or more: each unit its own.
    assert sections.plan(marked(*[100] * 5), chunk_bytes=100).chunk_starts == (0, 1, 2, 3, 4)
    # A document of one chunk or less is printed whole, as it always was.
    assert sections.plan(marked(*[100] * 8), chunk_bytes=1300) is None
    assert sections.plan("<html><body>" + "x" * 1000 + "</body></html>", chunk_bytes=10) is None


def test_a_section_prints_the_head_and_running_header_and_only_its_own_units():
    plan = sections.plan(marked(*[100] * 8), chunk_bytes=400)
    assert plan.chunk_starts == (0, 2, 4, 6)
    whole, first, middle, last = plan.html(), plan.html(0, 2), plan.html(2, 4), plan.html(6, 8)
    for part in (whole, first, middle, last):
        assert "<title>T</title>" in part and '<div class="running-header">H</div>' in part
        assert '<div class="doc">' in part
    assert "<h1>Title</h1>" in first and "<h1>Title</h1>" not in middle + last
    assert "<table>key</table>" in last and "<table>key</table>" not in first + middle
    assert [unit in middle for unit in ('id="u1"', 'id="u2"', 'id="u3"', 'id="u4"')] == [False, True, True, False]
    # Each unit's element marked, for its process to find where the last
    # one ends; no page break anywhere.
    assert '<section data-unit class="unit" id="u2">' in middle
    assert whole.count(sections.UNIT_MARK) == 8 and middle.count(sections.UNIT_MARK) == 2
    assert "break" not in whole


def test_a_section_that_fails_fails_the_print_saying_why_and_leaves_no_process(
    march, settings, chunk_a_recommendation, monkeypatch
):
    import multiprocessing

    from reports.documents import pdf

    def broken(html, fetcher=None):
        raise ValueError("the engine broke")

    # The forked processes inherit it; the process asking never calls it.
    monkeypatch.setattr(pdf, "engine", broken)
    # Two turns for three chunks or more: the others wait for a turn a
    # failed one held, and are stopped rather than waited for (a clerk's
    # error in seconds, not five more for every chunk).
    settings.SCRUTINY_PDF_PROCESSES = 2
    started = time.monotonic()
    with pytest.raises(sections.SectionFailed, match="ValueError: the engine broke"):
        render_pdf(march, ExportOptions())
    assert time.monotonic() - started < 5
    assert multiprocessing.active_children() == []


def test_a_section_that_hangs_fails_the_print_in_time_and_leaves_no_process(
    march, settings, chunk_a_recommendation, monkeypatch
):
    import multiprocessing
    import time

    from reports.documents import pdf

    def stuck(html, fetcher=None):
        time.sleep(3600)

    monkeypatch.setattr(pdf, "engine", stuck)
    monkeypatch.setattr(sections, "SECTION_SECONDS", 2)
    settings.SCRUTINY_PDF_PROCESSES = 2
    with pytest.raises(sections.SectionFailed, match="said nothing for 2 s"):
        render_pdf(march, ExportOptions())
    assert multiprocessing.active_children() == []


def test_each_chunk_is_laid_out_by_a_process_of_its_own_however_few_take_turns(march, chunk_a_recommendation):
    """A process a chunk, so that none lays out more than a chunk however
    long the document; fewer at a time than there are chunks (here one),
    each giving its turn up while it waits for the page numbers."""
    from actionplans.text import breakable
    from reports.documents.pdf import html_to_pdf, section_engine, with_page_labels
    from reports.progress_update.html import render_print_html

    html = render_print_html(map_strings(march, breakable), ExportOptions(agenda_header="Item 8", first_page=5))
    plan = sections.plan(html)
    assert plan.chunks == len(march.recommendations) > 2
    peaks = []
    joined = PdfReader(io.BytesIO(sections.render(plan, 1, engine=section_engine, first_page=5, peaks=peaks)))
    assert len(peaks) == plan.chunks
    # Each section's first page is the one before's last, drawn once.
    assert sum(pages for _, _, pages in peaks) - (plan.chunks - 1) == len(joined.pages)
    one = PdfReader(io.BytesIO(with_page_labels(html_to_pdf(html), 5)))
    assert_the_same_file(joined, one)
    assert in_sections(joined, one)


def test_the_joined_pdf_has_the_pages_the_engine_prints_of_the_same_html(march, settings, chunk_a_recommendation):
    from actionplans.text import breakable
    from reports.documents.pdf import html_to_pdf
    from reports.progress_update.html import render_print_html

    options = ExportOptions(agenda_header="Agenda Item 8: Appendix 1")
    engine = PdfReader(io.BytesIO(html_to_pdf(render_print_html(map_strings(march, breakable), options))))
    joined = printed(march, options, 2, settings)
    assert len(joined.pages) == len(engine.pages)
