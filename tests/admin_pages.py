"""The back office read as its reader does: from the admin's index, each
list, and the first records' change pages, histories and latest versions,
every link in the pages' content followed, and what each answered."""

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.contrib import admin
from django.urls import reverse
from lxml import etree

# The first records of each model, not only the first: they differ in
# what the admin shows (an open round and published ones; a superuser's
# login among others).
RECORDS = 3


@dataclass
class Crawl:
    # Each page opened that answered 200 with HTML: its address and markup.
    pages: dict[str, bytes] = field(default_factory=dict)
    # "address → status, on the page that links to it", for each link that was refused or missing.
    broken: list[str] = field(default_factory=list)


def crawl(client) -> Crawl:
    """Opens the back office's pages as `client` reads them and follows
    every link in their content (not the header's own tools), once each."""
    found = Crawl()
    answered = {}
    for page in start_pages(client):
        response = client.get(page)
        if response.status_code != 200:
            continue  # a page this reader has no link to (a clerk's to the logins)
        found.pages[page] = response.content
        for link in content_links(page, response.content):
            if link not in answered:
                followed = client.get(link)
                answered[link] = followed.status_code
                if followed.status_code == 200 and "text/html" in followed.get("Content-Type", ""):
                    found.pages.setdefault(link, followed.content)
            if answered[link] not in (200, 302):
                found.broken.append(f"{link} → {answered[link]}, on {page}")
    return found


def start_pages(client) -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:RECORDS]:
            pages.append(reverse(f"{name}_change", args=[pk]))
            history = reverse(f"{name}_history", args=[pk])
            pages.append(history)
            pages += latest_version(client, history)
    return pages


def latest_version(client, history: str) -> list[str]:
    """The page of the latest version its history lists (simple_history's
    history form), if the reader may open the history."""
    response = client.get(history)
    if response.status_code != 200:
        return []
    prefix = history.rstrip("/") + "/"
    return [link for link in content_links(history, response.content) if link.startswith(prefix)][:1]


def content_links(page: str, markup: bytes) -> list[str]:
    """The addresses of the links in the admin's content area, absolute,
    without fragments, each once."""
    root = etree.fromstring(markup, etree.HTMLParser())
    links = []
    for href in root.xpath('//*[@id="content"]//a/@href'):
        parts = urlsplit(urljoin(page, href))
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or a link within the page
        links.append(parts._replace(fragment="").geturl())
    return list(dict.fromkeys(links))


def markup_faults(markup: bytes) -> list[str]:
    """What the Nu HTML Checker found in the admin's markup: an end tag
    with no element open to close (a </p> after a block element closed
    the paragraph), a hidden input carrying aria-* attributes, and a <div>
    marked disabled."""
    parser = etree.HTMLParser(recover=True)
    root = etree.fromstring(markup, parser)
    faults = [f"line {error.line}: {error.message}" for error in parser.error_log if "end tag" in error.message]
    for hidden in root.xpath('//input[@type="hidden"]'):
        named = hidden.get("name")
        faults += [f"hidden input {named} has {name}" for name in hidden.attrib if name.startswith("aria-")]
    faults += [f"div {div.get('id')} has disabled" for div in root.xpath("//div[@disabled]")]
    return faults
