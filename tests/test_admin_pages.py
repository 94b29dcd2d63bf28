"""The back office as each of its readers has it (tests/admin_pages.py
opens its pages and follows their links): a link is shown only where its
reader may follow it, and the markup is valid where the Nu HTML Checker
found it was not."""

import pytest

from tests.admin_pages import crawl, markup_faults

pytestmark = pytest.mark.django_db


# One test for both, since the pages are the same and opening them all
# takes most of a minute for each reader.
@pytest.mark.long
@pytest.mark.parametrize("role", ["clerk", "administrator"])
def test_each_back_office_page_links_only_where_its_reader_may_go_and_is_valid_html(client, demo_served, role, request):
    client.force_login(request.getfixturevalue(role))
    found = crawl(client)
    assert len(found.pages) > 50
    assert found.broken == [], "\n".join(found.broken)
    faulty = [
        f"{page}: {'; '.join(faults)}" for page, markup in found.pages.items() if (faults := markup_faults(markup))
    ]
    assert faulty == [], "\n".join(faulty)
