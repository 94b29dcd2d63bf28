"""The movement of an action between two rounds is one rule
(council.Scales.movement: the grade now better or worse than the grade
before, in the scale's order), worked out once when a round is published
and stored with its standing (models/standing.py). Every view counts and
filters what is stored: the dashboards, Find actions, What changed, the
papers' summaries. A proposal for sign-off is a decision awaited, not a
movement; the committee's decisions are counted as decisions. On SQLite
and on PostgreSQL: every grade now and before (or no update, or one never
approved) and every way an action leaves monitoring."""

import datetime
import io
import itertools
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans.demo import open_demo_round
from actionplans.grading import Decision, Movement
from actionplans.models import CommitteeDecision, ExecutiveResponse, GradingScale, ProgressEntry, Round, Standing
from actionplans.models.council import all_scales
from reports.changes.builder import build_changes
from reports.dashboards.committee import build_committee_dashboard
from reports.progress_update.builder import build_progress_update
from reports.progress_update.summary import summarise
from tests.council_steps import approve_update, logged_in, publish_round, submit_update
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
    standing_written_once,
    write_standing,
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


def _decided(action, round, decision):
    if decision is not None:
        reason = "transferred to another plan" if decision == Decision.CLOSED else ""
        CommitteeDecision.objects.create(
            action=action, round=round, decision=decision, reason=reason, meeting_date=round.meeting_date
        )


def make_every_case():
    """One action for each update before × update now × the committee's
    decisions, in two reviews of one committee: one whose latest round's
    decisions are published, one whose are not. The standing of each
    published round is then written as its publication and the committee's
    decisions would have written it. Returns the committee."""
    committee = make_committee()
    for ways, published_now in ((WAYS, True), (UNPUBLISHED_WAYS, False)):
        review = make_review(committee=committee)
        earliest = make_round(review, 2019, 9)
        before, now = make_round(review, 2020, 3), make_round(review, 2020, 9)
        make_round(review, 2021, 3, status=Round.Status.OPEN)
        with standing_written_once():
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
        for round in review.rounds.filter(status=Round.Status.PUBLISHED):
            round.write_standing(by=None)
    return committee


@pytest.fixture
def every_case(demo_snapshots):
    """make_every_case's two reviews, each with its round before and its
    round now: made for real by the first test, put back for the others
    (tests/demo_snapshot.py), as the demo is."""
    committee = demo_snapshots.load(make_every_case)
    return [
        (
            review,
            review.rounds.get(period=datetime.date(2020, 3, 1)),
            review.rounds.get(period=datetime.date(2020, 9, 1)),
        )
        for review in committee.reviews.order_by("pk")
    ]


@pytest.mark.long
def test_every_stored_movement_is_the_grades_movement_and_every_decision_the_published_one(every_case):
    scales, seen = all_scales(), set()
    for _, _, now in every_case:
        published = {
            decision.action_id: decision.decision
            for decision in CommitteeDecision.objects.published().filter(round=now)
        }
        for row in now.standings.all():
            grade, before = scales.level(row.grade_id), scales.level(row.grade_before_id)
            assert row.movement == scales.movement(grade, before), row.action
            assert row.decision == published.get(row.action_id, ""), row.action
            seen.add(row.movement)
    # Every movement of a grade on a scale without a grade that grades nothing.
    assert seen == set(Movement) - {Movement.NOT_GRADED}
    call_command("check_standing", stdout=io.StringIO())


def test_decisions_not_yet_published_are_not_in_the_standing(every_case):
    _, _, now = every_case[1]
    rows = now.standings.all()
    assert len(rows) == len(UPDATES) ** 2 * len(UNPUBLISHED_WAYS)  # every action still carried
    assert {row.decision for row in rows} == {""}


def test_the_dashboard_counts_the_stored_standing(every_case):
    dashboard = build_committee_dashboard(every_case[0][0].committee, show_progress=False)
    cases = sorted(every_case, key=lambda case: case[0].title)
    for (review, _, now), summary in zip(cases, dashboard.reviews, strict=True):
        rows = list(now.standings.all())
        assert summary.title == review.title
        assert summary.movements == Counter(row.movement for row in rows)
        assert summary.mix.counts == Counter(row.grade_id for row in rows)
        published = review.rounds.filter(status=Round.Status.PUBLISHED).order_by("period")
        assert {mix.round_label: Counter(mix.counts) for mix in summary.trend} == {
            round.label: Counter(round.standings.values_list("grade", flat=True)) for round in published
        }


def test_find_actions_finds_as_many_of_each_movement_as_the_dashboard_counts(every_case, clerk):
    client = logged_in(clerk)
    for review, _, _ in every_case:
        summary = next(
            summary
            for summary in build_committee_dashboard(review.committee, show_progress=False).reviews
            if summary.slug == review.slug
        )
        for movement in Movement:
            found = text(client.get(reverse("action_list"), {"review": review.slug, "movement": movement.value}))
            n = summary.movements.get(movement, 0)
            assert f"{n} action{'' if n == 1 else 's'} " in found, movement


def test_a_fully_achieved_action_is_proposed_until_the_committee_decides(demo):
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    # Graded 1, each better than its March grade: improved, and proposed.
    assert "Improved 3" in page and "Proposed for sign-off 3" in page and "Signed off" not in page
    september = demo.rounds.get(period__month=9)
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=september)
    assert dict(summarise(document).movements) == {"Improved": 3}


def test_a_fully_achieved_action_the_committee_kept_open_is_not_signed_off(demo):
    keep_open_in_september("Schools, Colleges and Universities")
    page = text(councillor_client().get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "Signed off 2" in page and "Kept open 1" in page and "Improved 3" in page
    assert "Proposed for sign-off" not in page
    listed = text(councillor_client().get(reverse("action_list"), {"decision": Decision.KEPT_OPEN}))
    assert "1 action" in listed and "Schools" in listed
    # The September 2020 paper is the one the committee decided on: its
    # summary reads the grades, and holds none of that meeting's decisions.
    september = demo.rounds.get(period__month=9)
    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=september)
    assert dict(summarise(document).movements) == {"Improved": 3}


def test_an_action_the_committee_closed_says_so_as_a_decision(clerk):
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
    page = text(logged_in(clerk).get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "Closed, not achieved 1" in page and "Carried forward 1" in page and "Unchanged 2" in page
    document = build_progress_update(review, rounds=[march, september])
    assert dict(summarise(document).movements) == {"Unchanged": 2}


def test_a_drafts_summary_reads_the_grades_of_the_updates_approved_so_far():
    """A clerk's DRAFT of an open round: its movement is the same rule's,
    run on its updates approved so far."""
    review = make_review()
    march = make_round(review, 2020, 3)
    september = make_round(review, 2020, 9, status=Round.Status.OPEN)
    action = make_action(make_recommendation(review))
    make_entry(action, march, grade=2)
    make_entry(action, september, grade=1, status=ProgressEntry.Status.APPROVED)
    draft = build_progress_update(review, rounds=[march, september], round=september)
    assert dict(summarise(draft).movements) == {"Improved": 1}


def test_after_a_round_without_an_update_the_movement_compares_with_the_last_grade(clerk):
    review = make_review()
    first, missed, now = make_round(review, 2019, 9), make_round(review, 2020, 3), make_round(review, 2020, 9)
    action = make_action(make_recommendation(review))
    make_entry(action, first, grade=3, status=APPROVED)
    make_entry(action, missed, grade=None, status=DRAFT)  # never approved: "No update received"
    make_entry(action, now, grade=2, status=APPROVED)

    stored = Standing.objects.get(round=now, action=action)
    assert (stored.grade_before.code, stored.movement) == ("3", Movement.IMPROVED)
    summary = summarise(build_progress_update(review, rounds=[first, missed, now], round=now))
    assert summary.movements == [(Movement.IMPROVED.label, 1)]
    # A round's own page says it too, whatever rounds it shows.
    only = build_progress_update(review, rounds=[now], round=now, only_its_round=True)
    assert only.actions[0].latest_movement == Movement.IMPROVED
    page = text(logged_in(clerk).get(reverse("round_decisions", args=[now.pk])))
    assert "Improved" in page and "First assessment" not in page


def _level(scales, version: int, label: str):
    return next(level for level in scales.versions[version - 1] if level.label == label)


def test_improved_and_worse_follow_the_councils_order_across_versions_of_its_scale():
    """Minor and Major slippage share a role and are still two grades: Minor
    to Major is worse. A reordered, renamed scale compares an earlier grade
    as the administrator said it compares; a grade that grades nothing (Not
    started) is not graded, and is never the grade before."""
    GradingScale.make(
        "progress",
        [
            {"label": "Complete", "colour": "blue", "role": "achieved"},
            {"label": "On track", "colour": "green", "role": "on_track"},
            {"label": "Minor slippage", "colour": "amber", "role": "at_risk"},
            {"label": "Major slippage", "colour": "red", "role": "at_risk"},
            {"label": "Not started", "colour": "grey", "role": "not_graded"},
        ],
        by=None,
    )
    first = all_scales()
    minor, major = _level(first, 2, "Minor slippage"), _level(first, 2, "Major slippage")
    not_started, on_track = _level(first, 2, "Not started"), _level(first, 2, "On track")
    assert first.movement(major, minor) == Movement.WORSE and first.movement(minor, major) == Movement.IMPROVED
    assert first.movement(not_started, on_track) == Movement.NOT_GRADED
    assert first.grade_before([on_track, not_started, None]) == on_track
    assert first.movement(None, on_track) == Movement.NO_UPDATE and first.movement(on_track, None) == Movement.FIRST
    # Version 3 puts Major slippage first of the slippages under a new name,
    # and the administrator says Minor slippage compares with Delayed.
    GradingScale.make(
        "progress",
        [
            {"label": "Complete", "colour": "blue", "role": "achieved"},
            {"label": "On track", "colour": "green", "role": "on_track"},
            {"label": "Seriously delayed", "colour": "red", "role": "off_track"},
            {"label": "Delayed", "colour": "amber", "role": "at_risk"},
        ],
        by=None,
        compares={minor.id: 4, major.id: 3},
    )
    later = all_scales()
    delayed, seriously = _level(later, 3, "Delayed"), _level(later, 3, "Seriously delayed")
    assert later.movement(delayed, minor) == Movement.UNCHANGED
    assert later.movement(seriously, minor) == Movement.IMPROVED  # above Delayed in the new order
    assert later.movement(_level(later, 3, "On track"), major) == Movement.IMPROVED


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
    responsibility and key read, and counts the rest in the database
    (latest_only): in every case the same as reading every round's, with
    updates not received, rounds after an action left monitoring, a rejected
    recommendation, owners named in some rounds only, and updates marked as
    exempt information (withheld from the public version)."""
    for review, before, _ in every_case:
        rejected = make_action(make_recommendation(review))
        make_entry(rejected, before, grade=3)
        ExecutiveResponse.objects.create(
            recommendation=rejected.recommendation, response="rejected", reasons="No.", responded_on=before.period
        )
        write_standing(rejected)
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


def _figures(client, committee, review, since, until) -> dict:
    """How many actions improved and got worse since the round before, as
    the dashboard, What changed and Find actions each say it."""
    dashboard = next(
        summary
        for summary in build_committee_dashboard(committee, show_progress=False).reviews
        if summary.slug == review.slug
    )
    changes = build_changes(committee.name, [review], since=since, until=until)
    found = {}
    for movement in (Movement.IMPROVED, Movement.WORSE):
        page = text(client.get(reverse("action_list"), {"review": review.slug, "movement": movement.value}))
        found[movement] = int(re.search(r"(\d+) actions? The address of this page", page).group(1))
    return {
        "dashboard": (dashboard.improved, dashboard.worse),
        "what changed": (changes.reviews[0].counts.improved, changes.reviews[0].counts.worse),
        "find actions": (found[Movement.IMPROVED], found[Movement.WORSE]),
    }


def test_the_demos_dashboard_what_changed_and_find_actions_agree_on_improved_and_worse(
    demo, django_capture_on_commit_callbacks
):
    users = get_user_model().objects
    client = councillor_client()
    march, september = (demo.rounds.get(period=datetime.date(2020, month, 1)) for month in (3, 9))
    as_loaded = _figures(client, demo.committee, demo, march.meeting_date, september.meeting_date)
    assert set(as_loaded.values()) == {(3, 0)}, as_loaded

    # The open round goes as the cycle goes: the link officer approves the
    # submitted proposal for sign-off (1 f), graded 1 again), an officer
    # reports 1 a) slipped, and 1 b)'s draft is left out when it is published.
    round = open_demo_round(demo)
    marc = logged_in(users.get(username="marc.stephenson"))
    proposal = round.entries.get(action__sub_action__letter="f")
    approve_update(marc, proposal)
    schools = round.entries.get(action__strand="Schools, Colleges and Universities")
    submit_update(
        logged_in(users.get(username="vanessa.housley")),
        schools,
        grade=3,
        evidence="Two assemblies were cancelled.",
        explanation="Schools closed for Covid-19.",
        new_target=(datetime.date(2021, 9, 1), "Schools closed for Covid-19."),
    )
    approve_update(marc, schools, target_decision="accept")
    publish_round(
        logged_in(users.get(username="clerk")), round, django_capture_on_commit_callbacks, confirm_missing="on"
    )
    published = _figures(client, demo.committee, demo, september.meeting_date, round.meeting_date)
    assert set(published.values()) == {(0, 1)}, published
    page = text(client.get(reverse("committee_dashboard", args=[demo.committee.slug])))
    assert "0 actions improved, 1 worse." in page and "Proposed for sign-off 1" in page
