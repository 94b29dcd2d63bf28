"""Where each action stands, as the committee sees it (the published rounds'
stored standing): only approved updates count, and actions list in the
committee paper's order, on SQLite and on PostgreSQL alike."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import Action, ProgressEntry, Round, Standing, document_order
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_sub_action
from tests.test_dashboards import grade_key, text

pytestmark = pytest.mark.django_db

# An action's reference as the lists print it, at the start of its name
# (Action.name: "1 a) The first words…").
LISTED_REFERENCE = r'href="/actions/\d+/">(\d+(?: [a-z]\))?)[ <]'


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published_without_approval():
    """September 2020 was published with a draft graded 4 and a returned
    update graded 1 in it, neither approved."""
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    rec = make_recommendation(review)
    draft = make_action(rec, sub_action=make_sub_action(rec, "a"))
    returned = make_action(rec, sub_action=make_sub_action(rec, "b"))
    approved = make_action(rec, sub_action=make_sub_action(rec, "c"))
    for action in (draft, returned, approved):
        make_entry(action, march, grade=2)
    make_entry(draft, september, grade=4, status=ProgressEntry.Status.DRAFT)
    make_entry(
        returned,
        september,
        grade=1,
        evidence="This is wrong, do not publish",
        status=ProgressEntry.Status.RETURNED,
        return_comment="Not yet.",
    )
    make_entry(approved, september, grade=3)
    return review


def test_updates_never_approved_read_no_update_received_on_the_dashboard(published_without_approval, clerk):
    review = published_without_approval
    page = text(signed_in(clerk).get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "As at the September 2020 progress update" in page
    assert "No update: 2" in page and "4 Not Achieved: 0" in page and "1 Fully Achieved: 0" in page
    assert "No update received 2" in page and "Signed off" not in page


def test_updates_never_approved_are_not_found_by_their_grade(published_without_approval, clerk):
    review = published_without_approval
    client = signed_in(clerk)
    for grade in ("Fully Achieved", "Not Achieved"):
        found = text(client.get(reverse("action_list"), {"review": review.slug, "grade": grade_key(grade)}))
        assert "0 actions" in found and "There is a problem" not in found
    page = text(client.get(reverse("action_list"), {"review": review.slug, "grade": "none"}))
    assert "2 actions" in page and "1 a)" in page and "1 b)" in page


def test_a_fully_achieved_grade_never_approved_does_not_sign_the_action_off(published_without_approval):
    review = published_without_approval
    returned = Action.objects.get(sub_action__letter="b")
    assert returned.signed_off_in() is None
    next_round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    assert returned in Action.objects.carried_into(next_round)
    stored = Standing.objects.get(round__period=datetime.date(2020, 9, 1), action=returned)
    assert (stored.grade, stored.grade_before.code, stored.movement) == (None, "2", "no_update")


def test_a_published_round_stores_the_grade_of_an_approved_update_alone():
    review = make_review()
    round = make_round(review)
    rec = make_recommendation(review)
    for n, status in enumerate(ProgressEntry.Status.values):
        make_entry(make_action(rec, strand=f"strand {n}"), round, status=status)
    graded = set(round.standings.filter(grade__isnull=False).values_list("entry", flat=True))
    assert graded == set(round.entries.received().values_list("pk", flat=True)) and len(graded) == 1
    assert round.standings.count() == len(ProgressEntry.Status.values)


@pytest.fixture
def own_record_and_lettered_parts():
    """Recommendation 1 has its own action record and lettered parts a) and
    b), every one Slipped and past its date."""
    review = make_review()
    make_round(review, 2020, 3)
    september = make_round(review, 2020, 9)
    rec = make_recommendation(review, text="That the Council acts.")
    # Made in an order unlike the document's, so that only sorting puts them right.
    actions = [
        make_action(rec, sub_action=make_sub_action(rec, "b"), agreed_action="b"),
        make_action(rec, agreed_action="own"),
        make_action(rec, sub_action=make_sub_action(rec, "a"), agreed_action="a"),
    ]
    for action in actions:
        make_entry(action, september, grade=3)
    return review


def test_a_recommendations_own_record_lists_before_its_lettered_parts(own_record_and_lettered_parts, clerk):
    review = own_record_and_lettered_parts
    client = signed_in(clerk)
    html = client.get(reverse("committee_dashboard", args=[review.committee.slug])).content.decode()
    slipped = html[html.index("Slipped or Not Achieved</h3>") : html.index("Past their target date")]
    late = html[html.index("Past their target date") :]
    listed = client.get(reverse("action_list"), {"review": review.slug}).content.decode()
    for part in (slipped, late, listed):
        assert re.findall(LISTED_REFERENCE, part)[:3] == ["1", "1 a)", "1 b)"]


def test_the_stored_standing_sorts_in_document_order_and_is_late_as_at_a_day(own_record_and_lettered_parts):
    review = own_record_and_lettered_parts
    september = review.rounds.get(period=datetime.date(2020, 9, 1))
    rows = september.standings.with_overdue(datetime.date(2020, 9, 1)).order_by(*document_order("action__"))
    assert [row.action.reference for row in rows] == ["1", "1 a)", "1 b)"]
    assert all(row.overdue for row in rows)
    assert september.standings.overdue(datetime.date(2019, 1, 1)).count() == 0


def test_the_dashboard_lists_the_first_twenty_of_each_list_in_document_order_and_counts_them_all(clerk):
    review = make_review()
    september = make_round(review, 2020, 9)
    for n in range(33):
        rec = make_recommendation(review)
        # Every third is On-Track (late, not slipped); the rest Slipped and late.
        make_entry(make_action(rec, agreed_action=f"action {n}"), september, grade=2 if n % 3 == 0 else 3)
    html = signed_in(clerk).get(reverse("committee_dashboard", args=[review.committee.slug])).content.decode()
    slipped = html[html.index("Slipped or Not Achieved</h3>") : html.index("Past their target date")]
    late = html[html.index("Past their target date") : html.index("Awaiting the committee's decision")]
    awaiting = html[html.index("Awaiting the committee's decision") :]
    slipped_refs = re.findall(LISTED_REFERENCE, slipped)
    late_refs = re.findall(LISTED_REFERENCE, late)
    assert slipped_refs == [str(n + 1) for n in range(33) if n % 3][:20]
    assert late_refs == [str(n + 1) for n in range(20)]
    # None graded 1, so none proposed: every action awaits, in document order.
    assert re.findall(LISTED_REFERENCE, awaiting) == [str(n + 1) for n in range(20)]
    page = text(signed_in(clerk).get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "3 Slipped: 22" in page and "2 On-Track: 11" in page
    assert "The first 20 of 22: see every action graded Slipped" in page
    assert "The first 20 of 33: see every action past its date" in page
    assert "The first 20 of 33: see every action awaiting the committee's decision" in page


def test_a_committee_with_nothing_published_yet_has_a_dashboard_that_says_so(clerk):
    review = make_review(title="Flooding")
    make_round(review, 2021, 3, status=Round.Status.OPEN)
    make_entry(make_action(make_recommendation(review)), review.rounds.get(), grade=3)
    page = text(signed_in(clerk).get(reverse("committee_dashboard", args=[review.committee.slug])))
    assert "No review of this committee has a published progress update yet." in page
    assert "Waiting for a first published progress update: Flooding." in page
    assert "0 actions" in text(signed_in(clerk).get(reverse("action_list"), {"review": review.slug}))


def test_check_standing_names_the_review_round_action_and_both_grades_and_fails(demo):
    """A stored row changed behind the rules' back: check_standing says
    where, in the words of the papers, and exits non-zero."""
    import io

    from django.core.management import CommandError, call_command

    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    row = Standing.objects.get(round=september, action=schools)
    on_track = next(level for level in demo_scale_levels() if level.label == "On-Track")
    Standing.objects.filter(pk=row.pk).update(grade=on_track.id)  # the corruption: no verb writes this
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check_standing", stdout=out)
    assert out.getvalue().splitlines() == [
        "Hate Crime, September 2020 round, 1 a) Schools, Colleges and Universities: the Assessment of Progress "
        "is stored as 2 (On-Track); the rules make it 1 (Fully Achieved)"
    ]
    assert "1 stored fact(s)" in str(failed.value)


def demo_scale_levels():
    from actionplans.models.council import current_scale

    return list(current_scale())
