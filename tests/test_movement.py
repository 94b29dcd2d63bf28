"""The movement of an action between two rounds is written twice: in Python
(actionplans.grading.movement, which the document summary uses) and in SQL
(reports.standing.with_standing, which the dashboards and the filtered list
count and filter on). They must agree in every case, on SQLite and on
PostgreSQL: every grade now and before (or no update, or one never
approved) and every way an action leaves monitoring."""

import itertools
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.grading import SIGNS_OFF, Decision, Movement, movement, movement_on_paper
from actionplans.models import Action, CommitteeDecision, ExecutiveResponse, GradingScale, ProgressEntry, Round
from reports.dashboards.committee import build_committee_dashboard
from reports.progress_update.builder import build_progress_update
from reports.progress_update.summary import summarise
from reports.standing import grade_mix_by_round, with_standing
from tests.factories import (
    decide,
    keep_open_in_september,
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
)
from tests.test_dashboards import councillor_client, text

pytestmark = pytest.mark.django_db

APPROVED, DRAFT, RETURNED = ProgressEntry.Status.APPROVED, ProgressEntry.Status.DRAFT, ProgressEntry.Status.RETURNED
# An action's update in a round: none, an approved grade (or an approved
# update without one), or a grade never approved (the round was published
# without it).
UPDATES = [None, *((grade, APPROVED) for grade in (1, 2, 3, 4, None)), (1, DRAFT), (4, RETURNED)]
# The committee's decisions on the action at the round before and at this
# round (None: none recorded): every way an action stays or leaves.
WAYS = [
    (None, None),
    *((decision, None) for decision in Decision),
    *((None, decision) for decision in Decision),
]
# In a second review this round's decisions are recorded but not published:
# they must count for nothing.
UNPUBLISHED_WAYS = [(None, Decision.SIGNED_OFF), (None, Decision.CLOSED), (None, Decision.KEPT_OPEN)]


def received_grade(entry) -> int | None:
    return entry.grade if entry is not None and entry.is_received else None


def _decided(action, round, decision):
    if decision is not None:
        reason = "transferred to another plan" if decision == Decision.CLOSED else ""
        CommitteeDecision.objects.create(
            action=action, round=round, decision=decision, reason=reason, meeting_date=round.meeting_date
        )


@pytest.fixture
def every_case():
    """One action for each update before × update now × the committee's
    decisions, in two reviews of one committee: one whose latest round's
    decisions are published, one whose are not."""
    committee = make_committee()
    made = []
    for ways, published_now in ((WAYS, True), (UNPUBLISHED_WAYS, False)):
        review = make_review(committee=committee)
        earliest = make_round(review, 2019, 9)
        before, now = make_round(review, 2020, 3), make_round(review, 2020, 9)
        make_round(review, 2021, 3, status=Round.Status.OPEN)
        for update_before, update_now, (decision_before, decision_now) in itertools.product(UPDATES, UPDATES, ways):
            action = make_action(make_recommendation(review))
            if (decision_before, decision_now) == (None, None):
                # Graded in an earlier round too: where the round before
                # received no grade, the movement compares with this one.
                make_entry(action, earliest, grade=2, status=APPROVED)
            for round, update in ((before, update_before), (now, update_now)):
                if update is not None:
                    make_entry(action, round, grade=update[0], status=update[1])
            _decided(action, before, decision_before)
            _decided(action, now, decision_now)
        Round.objects.filter(pk=before.pk).update(decisions_published_at=timezone.now())
        if published_now:
            Round.objects.filter(pk=now.pk).update(decisions_published_at=timezone.now())
        made.append((review, Round.objects.get(pk=before.pk), Round.objects.get(pk=now.pk)))
    return made


def python_standing(review, now):
    """Each action the round carries, by the model's rules: grade now,
    grade before and movement."""
    standing = {}
    for action in Action.objects.filter(recommendation__review=review).with_entries():
        if not action.is_carried_into(now):
            continue
        by_period = {entry.round.period: entry for entry in action.entries.all()}
        grade_now = received_grade(by_period.get(now.period))
        # The latest grade received before now: the round before's, else an earlier one's.
        before = sorted((period for period in by_period if period < now.period), reverse=True)
        grade_before = next((received_grade(by_period[p]) for p in before if received_grade(by_period[p])), None)
        decided = next((d.decision for d in action.published_decisions() if d.round_id == now.pk), None)
        standing[action.pk] = (grade_now, grade_before, movement(grade_now, grade_before, decision=decided))
    return standing


def test_the_sql_and_python_movements_agree_in_every_case(every_case):
    seen = set()
    for review, _, now in every_case:
        sql = {
            action.pk: (action.grade_now, action.grade_before, Movement(action.movement))
            for action in with_standing(Action.objects.filter(recommendation__review=review))
        }
        python = python_standing(review, now)
        assert sql == python
        seen |= {move for _, _, move in python.values()}
    # Every movement happens somewhere in the table, so none is untested.
    assert seen == set(Movement)


def test_decisions_not_yet_published_move_nothing(every_case):
    review, _, now = every_case[1]
    python = python_standing(review, now)
    assert len(python) == len(UPDATES) ** 2 * len(UNPUBLISHED_WAYS)  # every action still carried
    assert {Movement.SIGNED_OFF, Movement.CLOSED, Movement.KEPT_OPEN}.isdisjoint(m for _, _, m in python.values())


def test_the_dashboard_counts_what_the_rule_says(every_case):
    dashboard = build_committee_dashboard(every_case[0][0].committee, show_progress=False)
    cases = sorted(every_case, key=lambda case: case[0].title)
    for (review, before, now), summary in zip(cases, dashboard.reviews, strict=True):
        python = python_standing(review, now)
        assert summary.title == review.title
        assert summary.movements == Counter(move for _, _, move in python.values())
        assert summary.mix.counts == Counter(grade for grade, _, _ in python.values())
        trend = grade_mix_by_round(review.rounds.all())
        assert trend[now.pk] == Counter(grade for grade, _, _ in python.values())
        assert trend[before.pk] == Counter(grade for grade, _, _ in python_standing(review, before).values())
        # The dashboard's own trend counts the same.
        published = review.rounds.filter(status=Round.Status.PUBLISHED).order_by("period")
        assert {mix.round_label: Counter(mix.counts) for mix in summary.trend} == {
            r.label: trend[r.pk] for r in published
        }


def test_a_fully_achieved_action_is_proposed_until_the_committee_decides(demo):
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "Proposed for sign-off 3" in page and "Newly signed off" not in page
    september = demo.rounds.get(period__month=9)
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=september)
    # The round's own paper reads the grades: it does not pre-empt the committee.
    assert dict(summarise(document).movements) == {"Improved": 3}


def test_a_fully_achieved_action_the_committee_kept_open_is_not_signed_off(demo):
    keep_open_in_september("Schools, Colleges and Universities")
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "Newly signed off 2" in page and "Achieved, kept open 1" in page
    assert "Proposed for sign-off" not in page
    listed = text(councillor_client().get(reverse("action_list"), {"movement": Movement.KEPT_OPEN}))
    assert "1 action" in listed and "Schools" in listed
    # The September 2020 paper is the one the committee decided on: its
    # summary reads the grades, and holds none of that meeting's decisions.
    september = demo.rounds.get(period__month=9)
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=september)
    movements = dict(summarise(document).movements)
    assert movements == {"Improved": 3}


def test_an_action_the_committee_closed_says_so(clerk):
    review = make_review()
    march = make_round(review, 2020, 3)
    rec = make_recommendation(review)
    closed = make_action(rec)
    kept = make_action(rec, sub_action=make_sub_action(rec, "a"))
    for action in (closed, kept):
        make_entry(action, march, grade=3)
    decide(march, by=clerk)
    september = make_round(review, 2020, 9)
    for action in (closed, kept):
        make_entry(action, september, grade=3)
    decide(september, by=clerk, closed={"1": "transferred to the Hate Crime Group's action plan"})
    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "Closed by the committee 1" in page and "Unchanged 1" in page and "Newly signed off" not in page
    document = build_progress_update(review, rounds=[march, september])
    assert dict(summarise(document).movements) == {"Closed by the committee": 1, "Unchanged": 1}


def test_a_drafts_summary_does_not_call_a_newly_fully_achieved_action_signed_off():
    """A clerk's DRAFT of an open round: the grade of 1 is the officer's
    proposal; only the committee's published decision signs it off, and the
    paper it decides on reads the grade."""
    review = make_review()
    march = make_round(review, 2020, 3)
    september = make_round(review, 2020, 9, status=Round.Status.OPEN)
    action = make_action(make_recommendation(review))
    make_entry(action, march, grade=2)
    make_entry(action, september, grade=1, status=ProgressEntry.Status.APPROVED)
    draft = build_progress_update(review, rounds=[march, september], round=september)
    assert dict(summarise(draft).movements) == {"Improved": 1}


def test_fully_achieved_kept_open_is_exactly_the_decision_kept_open(every_case):
    """The movement "Achieved, kept open" and the decision Kept open
    find the same actions: an action carried forward is never called kept
    open, whatever its grade (the verb refuses to carry forward a Fully
    Achieved action, but the rule does not lean on that)."""
    review, _, now = every_case[0]
    standing = with_standing(Action.objects.filter(recommendation__review=review))
    kept = {action.pk for action in standing if action.movement == Movement.KEPT_OPEN}
    decided = {action.pk for action in standing if action.decision_now == Decision.KEPT_OPEN}
    assert kept == decided and kept
    python = python_standing(review, now)
    assert {pk for pk, (_, _, move) in python.items() if move == Movement.KEPT_OPEN} == decided


@pytest.mark.parametrize("before", [None, 1, 2, 3, 4])
@pytest.mark.parametrize("now", [None, 1, 2, 3, 4])
@pytest.mark.parametrize("decision", [None, *Decision])
def test_on_paper_a_fully_achieved_grade_awaiting_the_committee_reads_as_the_grades_move(now, before, decision):
    """The round's own paper and what changed between two meetings never
    say "Proposed for sign-off": a Fully Achieved grade awaiting the
    committee is a first assessment, improved or unchanged; every other
    case is movement()'s."""
    on_paper = movement_on_paper(now, before, decision=decision)
    ruled = movement(now, before, decision=decision)
    assert on_paper != Movement.PROPOSED
    if ruled != Movement.PROPOSED:
        assert on_paper == ruled
    elif before is None:
        assert on_paper == Movement.FIRST
    else:
        assert now == SIGNS_OFF and on_paper == (Movement.IMPROVED if before > SIGNS_OFF else Movement.UNCHANGED)


def test_after_a_round_without_an_update_the_movement_compares_with_the_last_grade(clerk):
    review = make_review()
    first, missed, now = make_round(review, 2019, 9), make_round(review, 2020, 3), make_round(review, 2020, 9)
    action = make_action(make_recommendation(review))
    make_entry(action, first, grade=3, status=APPROVED)
    make_entry(action, missed, grade=None, status=DRAFT)  # never approved: "No update received"
    make_entry(action, now, grade=2, status=APPROVED)

    standing = with_standing(Action.objects.filter(pk=action.pk)).get()
    assert (standing.grade_before, Movement(standing.movement)) == (3, Movement.IMPROVED)
    summary = summarise(build_progress_update(review, rounds=[first, missed, now], round=now))
    assert summary.movements == [(Movement.IMPROVED.label, 1)]
    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("round_decisions", args=[now.pk])))
    assert "Improved" in page and "First assessment" not in page


def _as_on_the_review_page(document) -> list:
    """What the review's page prints of each action that its latest update
    does not hold alone: its movement, its number of updates and its
    responsibility; and the grading key."""
    return [
        (action.reference, action.latest_entry, action.latest_movement, action.updates, action.responsibility_printed)
        for action in document.actions
    ] + [document.grading_key]


@pytest.mark.parametrize("confidential", [True, False])
def test_the_review_pages_latest_updates_read_as_every_rounds_do(every_case, confidential):
    """The review's page reads each action's latest update and those its
    movement reads, and counts the rest in the database (latest_only): in
    every case the same as reading every round's, with updates not
    received, rounds after an action left monitoring, a rejected
    recommendation, owners named in some rounds only, and updates marked
    as exempt information (withheld from the public version)."""
    for review, before, _ in every_case:
        rejected = make_action(make_recommendation(review))
        make_entry(rejected, before, grade=3)
        ExecutiveResponse.objects.create(
            recommendation=rejected.recommendation, response="rejected", reasons="No.", responded_on=before.period
        )
        owners = [make_owner(), make_owner()]
        entries = ProgressEntry.objects.filter(round__review=review).order_by("pk")
        for n, entry in enumerate(entries):
            if n % 3 == 0:
                entry.responsibilities.create(owner=owners[n % 2], position=0)
            if n % 5 == 0:
                ProgressEntry.objects.filter(pk=entry.pk).update(exempt_paragraph=3)
        rounds = list(review.rounds.order_by("period"))
        build = {"rounds": rounds, "full_history": True, "confidential": confidential}
        full = build_progress_update(review, **build)
        latest = build_progress_update(review, **build, latest_only=True)
        assert _as_on_the_review_page(latest) == _as_on_the_review_page(full)
        assert {action.updates for action in full.actions} > {len(rounds)}


@pytest.mark.parametrize("confidential", [True, False])
def test_the_review_page_passes_over_a_grade_the_scale_cannot_name_as_every_rounds_reading_does(confidential):
    """An update saved with a grade but not as given (no stored level),
    whose meaning the council's scale no longer has: no reading can name
    it, so the movement compares with the grade before it, on the review's
    page as in every round's reading."""
    review = make_review()
    action = make_action(make_recommendation(review))
    rounds = [make_round(review, year, month) for year in (2019, 2020) for month in (3, 9)]
    entries = [make_entry(action, r, grade=g) for r, g in zip(rounds, (2, 4, 3, 2), strict=True)]
    ProgressEntry.objects.filter(pk=entries[2].pk).update(level=None)
    GradingScale.make(
        "progress",
        [
            {"label": "Done", "description": "Complete", "colour": "blue", "meaning": 1},
            {"label": "On course", "description": "On course", "colour": "green", "meaning": 2},
            {"label": "Stopped", "description": "Not achieved", "colour": "red", "meaning": 4},
        ],
        by=None,
    )
    build = {"rounds": rounds, "full_history": True, "confidential": confidential}
    full = build_progress_update(review, **build)
    latest = build_progress_update(review, **build, latest_only=True)
    assert full.actions[0].latest_movement.label == "Improved"
    assert _as_on_the_review_page(latest) == _as_on_the_review_page(full)
