"""deploy/scrutiny.cron's jobs, as cron runs them: each says nothing on a
day with nothing for a person to do (cron e-mails whatever a job prints to
root, and the outbox alone runs 96 times a day); what it says when a
person is needed is held by the tests of each (test_mail_outage,
test_evidence) (issue 75)."""

import io
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

CRON = Path(__file__).resolve().parents[1] / "deploy" / "scrutiny.cron"


def jobs(backups: Path) -> list[list[str]]:
    """Each job's manage.py command and arguments, as the file gives them."""
    found = []
    for line in CRON.read_text().splitlines():
        if re.match(r"^[0-9*]", line):
            command = line.split(None, 6)[6].replace("\\%", "%")
            words = shlex.split(command.replace("$(date +%F)", "today"))
            assert words[0].endswith("deploy/manage"), line
            found.append([word.replace("/srv/backups", str(backups)) for word in words[1:]])
    return found


def run(words) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*words, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_every_job_says_nothing_when_nothing_needs_a_person(tmp_path):
    review = make_review()
    make_entry(make_action(make_recommendation(review)), make_round(review, 2021, 3))
    said = {" ".join(words[:2]): run(words) for words in jobs(tmp_path)}
    assert len(said) >= 6 and "backup --verbosity" in " ".join(said)
    assert said == dict.fromkeys(said, "")
    # Run by a person, the same commands say what they did.
    assert "clean, 0 refused" in run(["check_evidence_files"])
