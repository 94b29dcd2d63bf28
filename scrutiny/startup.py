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
"""

import gc

import django


def set_up(set_prefix: bool = True) -> None:
    """django.setup(), the collector paused while it runs. Django's own entry
    points (execute_from_command_line, get_wsgi_application) call setup
    again after this; the apps are then ready and it only re-reads the
    logging settings."""
    gc.disable()
    try:
        django.setup(set_prefix=set_prefix)
    finally:
        gc.freeze()
        gc.enable()
