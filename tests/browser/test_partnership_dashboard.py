"""A reader opens a partnership plan's dashboard in a browser: the charts'
numbers are there as text beside them, every RAG by its word, and a filter
chosen in the form lands in the address, to be shared."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def test_the_dashboard_shows_its_numbers_as_text_with_the_chart(page, partnership_site):
    sign_in(page, "councillor")
    page.goto(reverse("partnership_dashboard", args=[partnership_site.slug]))
    chart = page.get_by_role("img", name="Actions by RAG in each theme, Q3 2018")
    expect(chart).to_be_visible()
    # The chart's own words, drawn in it: every RAG with its number.
    drawn = [" ".join(t.split()) for t in chart.locator("text").all_text_contents()]
    assert "Theme 1: 3 actions" in drawn
    assert {"Red 1", "Amber 1", "Green 1", "Complete 0", "Not rated 0"} <= set(drawn)
    # The same numbers in the table after it.
    table = page.get_by_role("table", name="Actions by RAG in each theme, Q3 2018")
    rows = [row.inner_text().split("\t") for row in table.locator("tbody tr").all()]
    assert rows[0] == ["1. Theme 1", "1", "1", "1", "0", "0", "3"]
    assert rows[-1] == ["All themes", "1", "1", "1", "1", "2", "6"]
    trend = page.get_by_role("table", name="Actions by RAG in each published quarter")
    assert [row.locator("th").inner_text() for row in trend.locator("tbody tr").all()] == ["Q2 2018", "Q3 2018"]
    # Red or past its target: 1.1 is Red in Q3 2018, its word in the tag.
    listed = page.get_by_role("region", name="Actions Red or past their target date")
    assert "Red" in listed.locator("tbody tr").first.inner_text()


def test_a_filter_chosen_lands_in_the_address(page, partnership_site):
    sign_in(page, "partner.lead")
    page.goto(reverse("partnership_dashboard", args=[partnership_site.slug]))
    page.get_by_label("RAG in the quarter shown").select_option(label="Red")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**rag=red**")
    table = page.get_by_role("table", name="Actions by RAG in each theme, Q3 2018")
    assert table.locator("tbody tr").last.inner_text().split("\t") == ["All themes", "1", "0", "0", "0", "0", "1"]
