"""The one builder every format renders from: which actions a round's
document carries, and a fixed number of queries whatever the review's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import ProgressEntry
from actionplans.models.council import current_scale, terms_read_once
from reports.progress_update import layout
from reports.progress_update.builder import build_progress_update
from tests.documents import body, document_text, squash
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_sub_action

pytestmark = pytest.mark.django_db


def document_for(review, period, **kwargs):
    rounds = list(review.rounds.all())
    return build_progress_update(review, rounds=rounds, round=next(r for r in rounds if r.label == period), **kwargs)


def test_march_2020_carries_all_sixteen_actions_and_september_the_three_of_seed_000(demo):
    march = document_for(demo, "March 2020")
    assert len(march.actions) == 16
    september = document_for(demo, "September 2020")
    # 1 c) was closed by the committee at the March 2020 meeting.
    assert [a.reference[:6] for a in september.actions] == ["1 a) S", "1 b) T", "1 f)"]
    # Each carries its March 2020 entry too.
    assert [len(a.entries) for a in september.actions] == [2, 2, 2]
    # The March 2020 paper is the one the committee decided on at that
    # meeting: it holds no decision of it, as seed 001 holds none.
    c = next(a for a in march.actions if a.reference == "1 c)")
    assert (c.closed_at, c.decisions, c.signed_off_in) == ("", (), "")
    assert not any(a.decisions or a.signed_off_in for a in march.actions)
    # The review's record (no round: its page, an action's story) has it.
    record = build_progress_update(demo, rounds=list(demo.rounds.all()), full_history=True)
    c = next(a for a in record.actions if a.reference == "1 c)")
    assert (c.closed_at, c.closed_reason) == (
        "March 2020",
        "its work moved into the Hate Crime Group's action plan (illustrative)",
    )
    assert [d.words for d in c.decisions] == ["Closed, not achieved"]


def test_a_rounds_page_gathers_its_own_round_and_the_documents_every_round_up_to_it(demo):
    paper = document_for(demo, "September 2020")
    page = document_for(demo, "September 2020", only_its_round=True)
    # The same actions, each with September's update alone; the paper keeps March's.
    assert [a.reference for a in page.actions] == [a.reference for a in paper.actions]
    assert [[e.round.label for e in a.entries] for a in page.actions] == [["September 2020"]] * 3
    assert [[e.round.label for e in a.entries] for a in paper.actions] == [["March 2020", "September 2020"]] * 3
    for on_page, on_paper in zip(page.actions, paper.actions, strict=True):
        assert on_page.entries[0] == on_paper.entries[1]
        assert (on_page.target, on_page.responsibility) == (on_paper.target, on_paper.responsibility)


def test_an_actions_page_gathers_that_action_alone_as_its_review_record_has_it(demo):
    from actionplans.models import Action

    rounds = list(demo.rounds.all())
    record = build_progress_update(demo, rounds=rounds, full_history=True)
    for action in Action.objects.filter(recommendation__review=demo)[:4]:
        alone = build_progress_update(demo, rounds=rounds, full_history=True, only_action=action)
        assert alone.actions == [next(a for a in record.actions if a.pk == action.pk)]


def test_the_clerk_can_ask_for_every_actions_full_history(demo):
    document = document_for(demo, "September 2020", full_history=True)
    assert len(document.actions) == 16
    rec_four = document.actions[-1]
    assert [e.round.label for e in rec_four.entries] == ["March 2020"]
    assert rec_four.signed_off_in == "March 2020"


def test_the_document_names_the_owners_of_its_round(demo):
    march, september = document_for(demo, "March 2020"), document_for(demo, "September 2020")
    online_form = "1 b) The development of an on-line form"
    assert next(a for a in march.actions if a.reference.startswith(online_form)).responsibility == ("Neil Mitchell",)
    assert next(a for a in september.actions if a.reference.startswith(online_form)).responsibility == ("Errol Parks",)


def test_the_impact_sentence_joins_the_introduction_once_impact_is_reported(demo):
    assert "evidence on the impact" not in document_for(demo, "March 2020").introduction
    assert "evidence on the impact" in document_for(demo, "September 2020").introduction


def build_review(recommendations):
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    for _ in range(recommendations):
        rec = make_recommendation(review)
        sub = make_sub_action(rec)
        for action in (make_action(rec), make_action(rec, sub_action=sub, strand="One")):
            make_entry(action, march, grade=2)
            make_entry(action, september, grade=3)
    return review


def count_queries(review):
    rounds = list(review.rounds.all())
    with CaptureQueriesContext(connection) as queries:
        document = build_progress_update(review, rounds=rounds)
    return len(queries), document


def test_gathering_makes_as_many_queries_for_50_recommendations_as_for_1():
    small, small_doc = count_queries(build_review(1))
    large, large_doc = count_queries(build_review(50))
    assert len(large_doc.actions) == 100 and len(small_doc.actions) == 2
    assert large == small


def test_updates_graded_before_the_scales_were_settings_cost_no_query_each():
    """An update saved without its grade as given (level) reads its grade
    from the current scale: once a document, outside a request too (the
    worker rendering a published round, the export command)."""
    counts = []
    for recommendations in (1, 50):
        review = build_review(recommendations)
        ProgressEntry.objects.filter(round__review=review).update(level=None)
        counts.append(count_queries(review)[0])
    assert counts[0] == counts[1]


def test_rendering_makes_no_query(demo):
    from reports.documents import ExportOptions, render

    document = document_for(demo, "September 2020")
    with CaptureQueriesContext(connection) as queries:
        for fmt in ("html", "pdf", "docx", "xlsx"):
            render(document, fmt, ExportOptions())
    assert len(queries) == 0


def strands(count):
    review = make_review()
    round = make_round(review)
    rec = make_recommendation(review)
    sub = make_sub_action(rec)
    for n in range(count):
        make_entry(make_action(rec, sub_action=sub, strand=f"Strand {n}"), round)
    return layout.sections(build_progress_update(review, rounds=[round]))[0].parts[0].grids


def test_up_to_four_strands_stand_side_by_side():
    grids = strands(4)
    assert len(grids) == 1 and grids[0].headings == ("Strand 0", "Strand 1", "Strand 2", "Strand 3")


def test_five_strands_are_printed_one_after_another():
    grids = strands(5)
    assert [g.headings for g in grids] == [(f"Strand {n}",) for n in range(5)]


def test_a_grid_has_the_rows_of_the_paper(demo):
    grid = layout.sections(document_for(demo, "September 2020"))[0].parts[0].grids[0]
    assert [row.label for row in grid.rows] == [
        "Responsibility",
        "Date",
        "Agreed Action",
        "Agreed Success Measure",
        "Evidence of Progress (March 2020)",
        "Assessment of Progress (March 2020)",
        "Evidence of Progress (September 2020)",
        "Assessment of Progress (September 2020)",
        "Evidence of Impact (September 2020)",
    ]


def test_an_action_without_a_success_measure_prints_the_blank_the_papers_left():
    review = make_review()
    round = make_round(review)
    make_entry(make_action(make_recommendation(review), success_measure=""), round)
    document = build_progress_update(review, rounds=[round])
    grid = layout.sections(document)[0].parts[0].grids[0]
    measure = next(row for row in grid.rows if row.label == "Agreed Success Measure")
    assert [cell.text for cell in measure.cells] == [""]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_paper_with_a_blank_success_measure_does_not_say_it_was_not_yet_agreed(clerk, client, fmt):
    review = make_review()
    round = make_round(review)
    make_entry(make_action(make_recommendation(review), success_measure=""), round)
    client.force_login(clerk)
    url = reverse("progress_update", args=[review.slug]) + f"?round={round.period:%Y-%m}&format={fmt}"
    text = squash(document_text(body(client.get(url)), fmt))
    assert "AgreedSuccessMeasure" in text
    assert "Notyetagreed" not in text


def test_the_review_pages_gathering_reads_each_actions_latest_update_alone():
    """latest_only (the review's page): of each action's updates, its latest
    (its movement is its round's stored standing's), not every round's; its
    number of updates counted all the same."""
    review = make_review()
    rounds = [make_round(review, 2019, 3), make_round(review, 2019, 9), make_round(review, 2020, 3)]
    graded, only_first = make_action(make_recommendation(review)), make_action(make_recommendation(review))
    for round, grade in zip(rounds, (4, 3, 2), strict=True):
        make_entry(graded, round, evidence=f"{round.label}'s evidence.", grade=grade)
    make_entry(only_first, rounds[0], evidence="Its only evidence.", grade=1)
    # As in a request, where the page has read the council's terms (its
    # wording, its grading scale) before the gathering asks them.
    with terms_read_once():
        current_scale()
        full = build_progress_update(review, rounds=rounds, full_history=True)
        with CaptureQueriesContext(connection) as whole:
            build_progress_update(review, rounds=rounds, full_history=True)
        with CaptureQueriesContext(connection) as light:
            document = build_progress_update(review, rounds=rounds, full_history=True, latest_only=True)

    first, second = document.actions
    # Nor the rounds before it: its movement since September's grade is stored.
    assert [entry.evidence_of_progress for entry in first.entries] == ["March 2020's evidence."]
    assert first.latest_movement.label == full.actions[0].latest_movement.label == "Improved"
    assert first.updates == full.actions[0].updates == 3
    # Carried into the rounds after without an update: "No update received"
    # in the latest, the one before not read.
    assert [entry.evidence_of_progress for entry in second.entries] == ["Its only evidence.", ""]
    assert not second.latest_entry.received
    assert second.updates == full.actions[1].updates == 3
    assert len(light) == len(whole) + 1
