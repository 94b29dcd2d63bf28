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

from actionplans.grading import Monitoring, Movement, movement
from actionplans.models import Action, ProgressEntry, Round
from reports.builder import build_progress_update
from reports.dashboard import build_committee_dashboard
from reports.standing import grade_mix_by_round, with_standing
from reports.summary import summarise
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_sub_action
from tests.test_dashboards import councillor_client, text

pytestmark = pytest.mark.django_db

APPROVED, DRAFT, RETURNED = ProgressEntry.Status.APPROVED, ProgressEntry.Status.DRAFT, ProgressEntry.Status.RETURNED
# An action's update in a round: none, an approved grade (or an approved
# update without one), or a grade never approved (the round was published
# without it).
UPDATES = [None, *((grade, APPROVED) for grade in (1, 2, 3, 4, None)), (1, DRAFT), (4, RETURNED)]
# How the action leaves monitoring, and at which round the committee closed it.
WAYS = ["default", "keep_open", "closed_before", "closed_now", "closed_later"]


def received_grade(entry) -> int | None:
    return entry.grade if entry is not None and entry.is_received else None


@pytest.fixture
def every_case():
    """One action for each update before × update now × way of leaving."""
    review = make_review()
    before, now = make_round(review, 2020, 3), make_round(review, 2020, 9)
    later = make_round(review, 2021, 3, status=Round.Status.OPEN)
    closed_at = {"closed_before": before, "closed_now": now, "closed_later": later}
    for update_before, update_now, way in itertools.product(UPDATES, UPDATES, WAYS):
        monitoring = {"default": Monitoring.DEFAULT, "keep_open": Monitoring.KEEP_OPEN}.get(way, Monitoring.CLOSED)
        action = make_action(make_recommendation(review), monitoring=monitoring, closed_at=closed_at.get(way))
        for round, update in ((before, update_before), (now, update_now)):
            if update is not None:
                make_entry(action, round, grade=update[0], status=update[1])
    return review, before, now


def python_standing(review, now):
    """Each action the round carries, by the model's rules: grade now,
    grade before and movement."""
    standing = {}
    for action in Action.objects.filter(recommendation__review=review).with_entries():
        if not action.is_carried_into(now):
            continue
        by_period = {entry.round.period: entry for entry in action.entries.all()}
        grade_now = received_grade(by_period.get(now.period))
        before = [period for period in by_period if period < now.period]
        grade_before = received_grade(by_period[max(before)]) if before else None
        closed_here = action.closed_at_id == now.pk
        standing[action.pk] = (
            grade_now,
            grade_before,
            movement(grade_now, grade_before, monitoring=action.monitoring, closed_here=closed_here),
        )
    return standing


def test_the_sql_and_python_movements_agree_in_every_case(every_case):
    review, _, now = every_case
    sql = {
        action.pk: (action.grade_now, action.grade_before, Movement(action.movement))
        for action in with_standing(Action.objects.filter(recommendation__review=review))
    }
    python = python_standing(review, now)
    assert sql == python
    # Every movement happens somewhere in the table, so none is untested.
    assert {move for _, _, move in python.values()} == set(Movement)


def test_the_dashboard_counts_what_the_rule_says(every_case):
    review, before, now = every_case
    python = python_standing(review, now)
    dashboard = build_committee_dashboard(review.committee, show_progress=False)
    summary = dashboard.reviews[0]
    assert summary.movements == Counter(move for _, _, move in python.values())
    assert summary.mix.counts == Counter(grade for grade, _, _ in python.values())
    trend = grade_mix_by_round(review.rounds.all())
    assert trend[now.pk] == Counter(grade for grade, _, _ in python.values())
    assert trend[before.pk] == Counter(grade for grade, _, _ in python_standing(review, before).values())


def test_a_fully_achieved_action_the_committee_kept_open_is_not_signed_off(demo):
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.monitoring = Monitoring.KEEP_OPEN
    schools.save()
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "Newly signed off 2" in page and "Fully Achieved, kept open 1" in page
    listed = text(councillor_client().get(reverse("action_list"), {"movement": Movement.KEPT_OPEN}))
    assert "1 action" in listed and "Schools" in listed
    # The document's summary says the same.
    september = demo.rounds.get(period__month=9)
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=september)
    movements = dict(summarise(document).movements)
    assert movements["Newly signed off"] == 2 and movements["Fully Achieved, kept open"] == 1


def test_an_action_the_committee_closed_says_so(clerk):
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    rec = make_recommendation(review)
    closed = make_action(rec, monitoring=Monitoring.CLOSED, closed_at=september)
    kept = make_action(rec, sub_action=make_sub_action(rec, "a"))
    for action in (closed, kept):
        make_entry(action, march, grade=3)
        make_entry(action, september, grade=3)
    client = Client()
    client.force_login(clerk)
    page = text(client.get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "Closed by the committee 1" in page and "Unchanged 1" in page and "Newly signed off" not in page
    document = build_progress_update(review, rounds=[march, september])
    assert dict(summarise(document).movements) == {"Closed by the committee": 1, "Unchanged": 1}


def test_a_drafts_summary_calls_a_newly_fully_achieved_action_signed_off_as_publishing_will():
    """A clerk's DRAFT of an open round: the action is not yet signed off
    (only a published round signs off), but its summary must read as the
    published one will, not "kept open"."""
    from actionplans.models import ProgressEntry, Round

    review = make_review()
    march = make_round(review, 2020, 3)
    september = make_round(review, 2020, 9, status=Round.Status.OPEN)
    action = make_action(make_recommendation(review))
    make_entry(action, march, grade=2)
    make_entry(action, september, grade=1, status=ProgressEntry.Status.APPROVED)
    draft = build_progress_update(review, rounds=[march, september], round=september)
    assert dict(summarise(draft).movements) == {"Newly signed off": 1}
