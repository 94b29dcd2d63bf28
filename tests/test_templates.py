"""The templates themselves: a Django comment `{# … #}` must open and close
on one line, or the page prints it (as the checkboxes' and the history
table's once did, on the correction and reassignment forms)."""

import re
from pathlib import Path

from django.conf import settings


def template_files():
    for directory in settings.TEMPLATES[0]["DIRS"]:
        yield from Path(directory).rglob("*.html")


def test_no_template_comment_runs_over_a_line():
    files = list(template_files())
    assert files, "no templates found"
    broken = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert not broken, f"A {{# … #}} comment must close on its own line; use {{% comment %}} in: {broken}"


def test_an_actions_history_does_not_print_its_template_comment(client, demo, cast):
    from actionplans.models import Action

    client.force_login(cast["clerk"])
    action = Action.objects.get(strand="Schools, Colleges and Universities")
    page = client.get(f"/actions/{action.pk}/history/")
    assert page.status_code == 200
    assert "{#" not in page.content.decode() and "#}" not in page.content.decode()
