"""The README and the manual in docs/ hold together: every link between
pages leads to a page and a heading that exist, and every file of the
repository they name is there. A move that leaves the manual behind fails
here, not in a reader's hands."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TOP = (
    *("actionplans/", "reports/", "scrutiny/", "tests/", "bench/", "fixtures/", "templates/", "static/"),
    *(".ci/", "deploy/"),
)
MADE_BY_RUNNING = ("bench/out/", "static/dist/")


def anchors(page: Path) -> set[str]:
    """The anchors GitHub makes of a page's headings: lower case, spaces to
    hyphens, punctuation but hyphens and underscores dropped."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def links(page: Path) -> list[tuple[str, str]]:
    """(file, anchor) of each link to another page of the repository."""
    found = re.findall(r"\]\(([^)\s]+)\)", page.read_text())
    return [tuple(target.partition("#")[::2]) for target in found if not re.match(r"[a-z]+:", target)]


def test_the_manual_has_the_pages_the_readme_promises():
    assert (ROOT / "docs" / "README.md").exists()
    assert len(PAGES) > 10
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_link_leads_to_a_page_and_a_heading_that_exist(page):
    for file, anchor in links(page):
        target = (page.parent / file).resolve() if file else page
        assert target.exists(), f"{page.name} links to {file}, which is not there"
        if anchor:
            assert anchor in anchors(target), f"{page.name} links to {file}#{anchor}: no such heading"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_file_a_page_names_is_in_the_repository(page):
    named = {
        path.rstrip("/")
        for path in re.findall(r"`([^`\s]+)`", page.read_text())
        if path.startswith(TOP) and not path.startswith(MADE_BY_RUNNING) and "<" not in path and "*" not in path
    }
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert missing == [], f"{page.name} names files that are not there"
