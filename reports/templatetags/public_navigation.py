"""The public pages' navigation (templates/reports/public/base.html): the
reviews, and the open data and the public search where those parts are
built. A tag rather than each view's context, so every page on the public
frame (the open data's too) has it."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# (label, URL name): the first is this lane's; the others are other parts'.
ITEMS = (("Reviews", "public_home"), ("Open data", "open_data"), ("Search", "public_search"))


@register.simple_tag(takes_context=True)
def public_navigation(context) -> list[dict]:
    """Each item built so far: its label, address, and whether the page is in it."""
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for label, name in ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": path == url, "active": path.startswith(url)})
    return items
