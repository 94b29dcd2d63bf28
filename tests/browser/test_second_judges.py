"""The second judges themselves (tests/browser/judges.py) on pages made to
fail them: each finds what it is there to find, so a clean run of the
browser tests means the pages are clean, not that a judge saw nothing."""

import os
import shutil

import pytest

from tests.browser.conftest import chromium_path
from tests.browser.judges import Judged


@pytest.fixture
def judged(tmp_path):
    if not chromium_path():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed (CI must run the browser tests)")
        pytest.skip("Chromium is not installed: install Debian's package with `sudo apt-get install chromium`")
    (tmp_path / "judged").mkdir()
    judges = Judged(tmp_path / "judged", "http://localhost")
    yield judges
    judges.judges.shutdown()


def page_file(folder, name, body):
    file = folder / name
    file.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>A page</title>'
        f'<link rel="stylesheet" href="style.css"></head><body><main><h1>A page</h1>{body}</main></body></html>',
        encoding="utf-8",
    )
    return file


def test_pa11y_finds_a_missing_alternative_an_unnamed_field_and_contrast_from_the_styles(judged, tmp_path):
    """The faint paragraph is faint only by the page's stylesheet: pa11y
    judges the page once its styles have loaded."""
    (tmp_path / "style.css").write_text(".faint { color: #c8c8c8; background: #ffffff; }")
    file = page_file(
        tmp_path,
        "bad.html",
        '<img src="picture.png"><form><input type="text" name="q"></form><p class="faint">Hardly readable.</p>',
    )
    findings = "\n".join(judged.pa11y([(file, "/bad/")], tmp_path / "listing.json"))
    assert "/bad/" in findings
    assert "H37" in findings  # the image without alt
    assert "H91.InputText.Name" in findings  # the field nobody named
    assert "G18.Fail" in findings  # the contrast, 1.7:1


def test_pa11y_finds_nothing_on_a_clean_page(judged, tmp_path):
    (tmp_path / "style.css").write_text("p { color: #0b0c0c; background: #ffffff; }")
    file = page_file(tmp_path, "good.html", '<p>Plainly readable.</p><img src="picture.png" alt="A picture">')
    assert judged.pa11y([(file, "/good/")], tmp_path / "listing.json") == []


def test_the_nu_html_checker_finds_what_the_parser_would_repair(judged, tmp_path):
    if not shutil.which("java"):
        if os.environ.get("CI") == "true":
            pytest.fail("Java is not installed (CI must run the Nu HTML Checker)")
        pytest.skip("Java is not installed: make java")
    file = page_file(tmp_path, "stray.html", '<p class="a" class="b">Twice.</p></span>')
    findings = "\n".join(judged.nu_html_checker([(file, "/stray/")]))
    assert "/stray/" in findings
    assert "Duplicate attribute" in findings
    assert "Stray end tag" in findings
