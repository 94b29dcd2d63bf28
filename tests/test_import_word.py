"""Word progress updates (.docx) through the same import: the product's own
Word export imports back into an identical review, and a council's document
shaped like seed 001 (strands as columns of one table, a grade cell with its
explanation, the grading key, a page header and footer) reads as the
committee wrote it, through the upload page and the command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from actionplans.importing import reading, saving
from actionplans.importing.sheets import UnreadableFile, read_grid
from actionplans.models import Action, Owner, Review
from reports.documents import ExportOptions
from reports.progress_update.builder import build_progress_update
from reports.progress_update.docx import render_docx
from tests.factories import make_review
from tests.test_import_round_trip import snapshot

pytestmark = pytest.mark.django_db

MARCH_2020 = datetime.date(2020, 3, 1)
SEPTEMBER_2020 = datetime.date(2020, 9, 1)


def without_round_owners(shot):
    """A Word document names each action's Responsibility once, as it is
    now: who was responsible in an earlier round is the spreadsheet's to
    carry, and the rounds' dates are assumed."""
    shot = dict(shot)
    shot["entries"] = [entry[:-1] for entry in shot["entries"]]
    shot["rounds"] = [(period, status) for period, status, *_ in shot["rounds"]]
    return shot


def export_docx(review, **options) -> bytes:
    rounds = list(review.rounds.order_by("period"))
    document = build_progress_update(review, rounds=rounds, full_history=True)
    return render_docx(document, ExportOptions(full_history=True, **options))


def test_the_demo_reviews_word_export_imports_back_into_an_identical_review(demo, clerk):
    data = export_docx(demo)
    read = reading.read(data, "hate-crime.docx")
    assert read.plan.problems == []
    copy = make_review(
        title="Hate Crime (imported)", committee=demo.committee, action_plan_agreed=datetime.date(2021, 1, 1)
    )
    preview = saving.compare(copy, read.plan)
    assert preview.problems == [] and preview.new_people == []
    assert f"action plan agreed: {demo.action_plan_agreed:%B %Y} (now January 2021)" in preview.review_changes
    saving.import_plan(copy, read.plan, by=clerk)

    original, imported = without_round_owners(snapshot(demo)), without_round_owners(snapshot(copy))
    for part in original:
        assert imported[part] == original[part], part
    assert len(original["entries"]) == 19 and len(original["actions"]) == 16
    assert {(r.history_user, r.history_change_reason) for r in copy.history.all()[:1]} == {
        (clerk, "Imported from hate-crime.docx")
    }
