"""A file's name as kept (filekinds.clean_file_name): its last part, safe
to store under and to show, short enough to keep (issue 72)."""

import pytest

from actionplans.filekinds import clean_file_name


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("minutes.pdf", "minutes.pdf"),
        ("..\\..\\..\\x.pdf", "x.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\vanessa\\My Documents\\Action plan.docx", "Action plan.docx"),
        ("  ..hidden.pdf", "hidden.pdf"),
        ("report\x00\r\n.pdf", "report.pdf"),
        ('a<b>c:"d"|e?f*.pdf', "a b c d e f.pdf"),
        ("", "evidence"),
        ("..", "evidence"),
        ("\\", "evidence"),
        ("Gwerthusiad – Cymraeg £.pdf", "Gwerthusiad – Cymraeg £.pdf"),
    ],
)
def test_a_files_name_is_its_last_part_without_what_a_store_or_a_screen_cannot_take(given, kept):
    assert clean_file_name(given) == kept


def test_a_name_too_long_to_keep_is_shortened_its_extension_kept():
    kept = clean_file_name("x" * 400 + ".xlsx")
    assert len(kept) == 200 and kept.endswith("x.xlsx")


def test_a_name_kept_before_it_was_cleaned_is_stored_and_downloaded_by_its_last_part():
    """A file attached before names were cleaned: its copy in the published
    record, and its download, are named by its last part alone, so it
    never makes a folder there nor stops a round's publication."""
    from actionplans.models import EvidenceFile

    assert EvidenceFile(file_name="..\\..\\..\\x.pdf", kind="pdf").download_name == "x.pdf"
    assert EvidenceFile(file_name="a/b\\c.docx", kind="docx").download_name == "c.docx"
