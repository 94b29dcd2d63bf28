"""Django set up with Python's cyclic garbage collector out of the way.

Setting up imports some seven hundred modules and builds every model, URL
pattern and form class: long-lived objects, none of them garbage, which the
collector would otherwise walk again and again while they are made and at
every full collection after. So the collector is paused while Django sets up,
and what set-up made is then frozen (gc.freeze: kept out of every later
collection, as Python's documentation advises for a server that forks its
workers). Garbage made afterwards, by a command or a request, is collected
as usual. Measured on the demo's September 2020 paper from the command line:
about a quarter less CPU (docs/benchmarks.md).

A server (scrutiny/wsgi.py) also loads, before freezing, what its first
request would: the URLconf with the view modules it imports (those it
loads lazily stay lazy), and the project's templates, compiled (the cached
loader keeps them). Left to the first request, those 110,000 objects or so
would stay in the collector's oldest generation, walked by every full
collection a request sets off: on a long review's page (500 actions, 10
rounds) one request in four or five, some 80 ms each. Frozen, the
collector's share of that page fell from about 29 ms a request to 12
(measured on 25 November 2026, averaged over the requests).
"""

import gc
from pathlib import Path

import django


def set_up(set_prefix: bool = True, *, serving: bool = False) -> None:
    """django.setup(), the collector paused while it runs; `serving`: with
    what a server's requests use loaded too. Django's own entry points
    (execute_from_command_line, get_wsgi_application) call setup again
    after this; the apps are then ready and it only re-reads the logging
    settings."""
    gc.disable()
    try:
        django.setup(set_prefix=set_prefix)
        if serving:
            _load_what_requests_use()
    finally:
        gc.freeze()
        gc.enable()


def _load_what_requests_use() -> None:
    """The URLconf (the view modules it imports) and the project's own templates,
    compiled into the cached loader, as a server's first requests would."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().check()  # imports the URLconf's view modules (not those it loads lazily)
    for folder in settings.TEMPLATES[0].get("DIRS", []):
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
