import pytest

from actionplans import richtext
from actionplans.richtext import BulletList, Paragraph


def test_each_line_is_a_paragraph_and_dashed_lines_are_bullets():
    text = "First paragraph.\n\nSecond paragraph:\n- one\n* two\n  continued\n\nLast."
    assert richtext.parse(text) == [
        Paragraph("First paragraph."),
        Paragraph("Second paragraph:"),
        BulletList(("one", "two continued")),
        Paragraph("Last."),
    ]


def test_windows_line_endings_make_no_difference():
    assert richtext.parse("One\r\n- two\r\n") == [Paragraph("One"), BulletList(("two",))]


def test_html_typed_as_evidence_is_shown_as_text_never_run():
    html = richtext.to_html('<img src="file:///etc/passwd"> <script>alert(1)</script>\n- <b>bold</b>')
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt;</li>" in html


def test_plain_text_keeps_bullets_for_a_spreadsheet_cell():
    assert richtext.to_plain("Done:\n- this\n- that") == "Done:\n• this\n• that"


@pytest.mark.parametrize(
    "text",
    [
        "Done:\n- this\n- that",
        "- one list\n\n- another list",
        "Para one\n\nPara two\n- a bullet\n  continued\nAfter the list",
        "* starred\n• dotted\n- dashed",
        "  indented paragraph\n-5 degrees is not a bullet",
        "Line\r\nendings\r- of all kinds",
        "",
    ],
)
def test_a_spreadsheet_cell_reads_back_as_the_same_text(text):
    """An import of the Excel export (actionplans/importing) reads the cell
    as evidence text: the same paragraphs and lists."""
    assert richtext.parse(richtext.to_plain(text)) == richtext.parse(text)


def test_a_shortened_text_keeps_its_bullets_apart_and_says_where_it_is_cut():
    """A table's cell (the approvals page): the first words, each bullet
    still a bullet, "…" where the text goes on."""
    text = "Assemblies held in:\n- Ian Ramsey school\n- All Saints school\n- Northfield school\n\nMore to come."
    assert richtext.shortened(text, 8) == [
        richtext.Paragraph("Assemblies held in:"),
        richtext.BulletList(("Ian Ramsey school", "All Saints…")),
    ]
    assert richtext.shortened(text, 100) == richtext.parse(text)
    assert richtext.shortened("", 30) == []
    long = " ".join(f"w{n}" for n in range(40))
    assert richtext.shortened(long, 30) == [richtext.Paragraph(" ".join(f"w{n}" for n in range(30)) + "…")]
