"""A server's set-up (scrutiny/wsgi.py) loads what its requests use, the
URLconf's views and the project's templates, before freezing what it made
out of the collector's way, so that a long page's full collections walk
only the request's own objects (scrutiny/startup.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REPORT = """
import gc, json, sys
import scrutiny.wsgi
from django.template import engines
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "unfrozen": len(gc.get_objects()),
    "frozen": gc.get_freeze_count(),
    "views": "reports.views" in sys.modules and "actionplans.setup.views" in sys.modules,
    "templates": len(loader.get_template_cache),
}))
"""


def test_a_server_starts_with_its_views_and_templates_loaded_and_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scrutiny.settings"}
    done = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["views"]
    templates = len(list((ROOT / "templates").rglob("*.html")))
    assert report["templates"] >= templates
    # Without the server's loading, the views and templates (some 110,000
    # objects) would be left to the collector's oldest generation.
    assert report["unfrozen"] < 20_000, report
    assert report["frozen"] > 150_000, report
