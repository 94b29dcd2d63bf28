"""The public pages' navigation (templates/reports/public/base.html): the
reviews, the open data and the public search. A tag rather than each view's
context, so every page on the public frame (the open data's too) has it."""

from django import template
from django.urls import reverse

register = template.Library()

ITEMS = (
    ("Reviews", "public_home"),
    ("Recommendations", "public_register"),
    ("Open data", "open_data"),
    ("Search", "public_search"),
)


@register.simple_tag(takes_context=True)
def public_navigation(context) -> list[dict]:
    """Each item: its label, its address, whether it is the page shown
    (`current`) and whether the page is in its section (`active`). The
    section is the longest address the page lies under: /public/search/ is
    the search's, not the reviews' /public/."""
    request = context.get("request")
    path = request.path if request else ""
    items = [(label, reverse(name)) for label, name in ITEMS]
    section = max((url for _, url in items if path.startswith(url)), key=len, default=None)
    return [{"label": label, "url": url, "current": path == url, "active": url == section} for label, url in items]
