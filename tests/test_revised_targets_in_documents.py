"""The Progress Update prints a revised target as "March 2021 (revised
once; originally October 2019)", in every format, as it stood at the
document's round; an unrevised target prints exactly as before."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from actionplans.models import Action, TargetRevision
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_progress_update
from reports.progress_update.xlsx import HEADING_ROW
from tests.documents import docx_text, pdf_text, squash
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

OCT_2019, MAR_2021, SEP_2021 = datetime.date(2019, 10, 1), datetime.date(2021, 3, 1), datetime.date(2021, 9, 1)


def revise(action, before, after, applies_from, status="accepted", **fields):
    return TargetRevision.objects.create(
        action=action,
        target_before=before,
        target_month=after,
        reason="The contractor failed.",
        status=status,
        applies_from=applies_from,
        **fields,
    )


@pytest.fixture
def revised():
    """Revised once with the March 2020 round's update and again with
    September 2020's; a third proposal was refused."""
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    action = make_action(make_recommendation(review), target_month=SEP_2021)
    steady = make_action(action.recommendation, strand="Steady", target_month=OCT_2019)
    for round in (march, september):
        make_entry(action, round, grade=3, grade_explanation="Slipped.")
        make_entry(steady, round)
    revise(action, OCT_2019, MAR_2021, march.period)
    revise(action, MAR_2021, SEP_2021, september.period)
    revise(action, SEP_2021, datetime.date(2022, 3, 1), september.period, status="refused", refusal_comment="No.")
    return review


def document(review, label, **kwargs):
    rounds = list(review.rounds.all())
    return build_progress_update(review, rounds=rounds, round=next(r for r in rounds if r.label == label), **kwargs)


def test_each_round_prints_the_target_as_it_stood_then(revised):
    march = document(revised, "March 2020").actions[0]
    september = document(revised, "September 2020").actions[0]
    assert march.target == "March 2021 (revised once; originally October 2019)"
    assert september.target == "September 2021 (revised twice; originally October 2019)"
    assert (march.target_month, september.target_month) == (MAR_2021, SEP_2021)
    # The refusal is on record in the story, not counted as a revision.
    assert [r.status for r in september.revisions] == ["accepted", "accepted", "refused"]
    assert september.times_revised == 2


def test_a_round_before_any_revision_prints_the_original_target(revised):
    earlier = make_round(revised, 2019, 9)
    make_entry(revised.recommendations.get().actions.get(strand=""), earlier)
    action = document(revised, "September 2019").actions[0]
    assert (action.target, action.target_month, action.revisions) == ("October 2019", OCT_2019, ())


def test_an_unrevised_target_prints_as_it_always_did(revised):
    steady = document(revised, "September 2020").actions[1]
    assert (steady.target, steady.revision_words) == ("October 2019", "")


SEPTEMBER = "September 2021 (revised twice; originally October 2019)"


def test_every_format_prints_the_revised_target(revised):
    september = document(revised, "September 2020")
    assert SEPTEMBER in render(september, "html", ExportOptions()).decode()
    assert squash(SEPTEMBER) in squash(pdf_text(render(september, "pdf", ExportOptions())))
    assert squash(SEPTEMBER) in squash(docx_text(Document(io.BytesIO(render(september, "docx", ExportOptions())))))
    sheet = openpyxl.load_workbook(io.BytesIO(render(september, "xlsx", ExportOptions()))).active
    header = [cell.value for cell in sheet[HEADING_ROW]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True)]
    first = [row for row in rows if row["Action reference"] == "1"]
    assert {row["Date revised"] for row in first} == {"revised twice; originally October 2019"}
    assert {row["Date"].date() for row in first} == {SEP_2021}
    assert {row["Date revised"] for row in rows if row["Strand"] == "Steady"} == {None}


def test_a_proposal_not_yet_submitted_is_the_officers_own(revised):
    open_round = make_round(revised, 2021, 3, status="open")
    action = revised.recommendations.get().actions.get(strand="")
    draft = make_entry(action, open_round, status="draft")
    revise(action, SEP_2021, datetime.date(2022, 3, 1), open_round.period, status="proposed", entry=draft)
    assert [r.status for r in document(revised, "March 2021").actions[0].revisions][-1] == "refused"
    draft.status = "submitted"
    draft.save()
    assert [r.status for r in document(revised, "March 2021").actions[0].revisions][-1] == "proposed"


def _queries(actions: int) -> int:
    review = make_review()
    round = make_round(review)
    rec = make_recommendation(review)
    for n in range(actions):
        action = make_action(rec, strand=f"Strand {n}")
        make_entry(action, round)
        revise(action, OCT_2019, MAR_2021, round.period)
    with CaptureQueriesContext(connection) as queries:
        built = build_progress_update(review, rounds=[round])
    assert all(a.times_revised == 1 for a in built.actions)
    return len(queries)


def test_the_builder_reads_the_revisions_in_one_query_however_many_actions():
    assert _queries(1) == _queries(40)


# Where it shows: the dashboard, the filtered list, the action's story ------------


def _reader(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_dashboard_lists_actions_revised_more_than_once_and_the_list_filters_by_revisions(revised, clerk):
    from django.urls import reverse

    from reports.dashboards.committee import build_committee_dashboard

    committee = revised.committee
    dashboard = build_committee_dashboard(committee, show_progress=False)
    assert [(line.reference, line.target) for line in dashboard.revised] == [("1", SEPTEMBER)]
    client = _reader(clerk)
    # The list names each action (Action.name: the reference with a few words).
    names = {a.reference: a.name for a in Action.objects.filter(recommendation__review=revised).select_related()}
    for value, expected in (("more", ["1"]), ("once", []), ("none", ["1 Steady"])):
        page = client.get(reverse("action_list"), {"review": revised.slug, "revisions": value}).content.decode()
        for reference in ("1", "1 Steady"):
            shown = f">{names[reference]}</a>" in page
            assert shown == (reference in expected), (value, reference)


def test_the_story_tells_each_revision_with_who_proposed_and_who_decided(revised, councillor, officer, link_officer):
    from django.urls import reverse

    first = TargetRevision.objects.order_by("pk").first()
    first.proposed_by, first.decided_by = officer, link_officer
    first.entry = first.action.entries.get(round__period=first.applies_from)
    first.decided_at = first.proposed_at
    first.save()
    action = first.action
    page = _reader(councillor).get(reverse("action_story", args=[action.pk])).content.decode()
    assert SEPTEMBER in page
    assert "October 2019 to March 2021" in page and "The contractor failed." in page
    assert f"{officer.get_full_name() or officer.username}, " in page
    assert f"Accepted by {link_officer.get_full_name() or link_officer.username}" in page
    assert "September 2021 to March 2022" in page and "Refused: No." in page
    assert "(changed on the plan)" not in page.split("October 2019 to March 2021")[1].split("</tr>")[0]
