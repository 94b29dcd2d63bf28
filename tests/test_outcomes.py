"""Issue 74, item 1: a recommendation's outcome and its impacts, recorded
by the clerk once the committee has finished with it, all or nothing, with
who recorded it in the history."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import roles
from actionplans.models import Impact, ImpactInput, RecommendationOutcome, RecommendationPriority
from actionplans.models.outcomes import Clock
from tests.factories import (
    decide,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    """Recommendation 1's two actions graded achieved and signed off at
    March 2021's meeting; recommendation 2's action carried forward."""
    review = make_review(title="Empty homes", report_agreed=datetime.date(2020, 1, 15))
    first = make_recommendation(review, text="That the Council brings empty homes back into use.")
    second = make_recommendation(review, text="That the Council publishes its empty homes register.")
    round = make_round(review, 2021, 3)
    for action in (make_action(first, strand="Loans"), make_action(first, strand="Grants"), make_action(second)):
        impact = "Twelve homes let since April." if action.strand == "Loans" else ""
        make_entry(action, round, grade=1 if action.recommendation == first else 2, evidence_of_impact=impact)
    decide(round)
    return review


@pytest.fixture
def clerk(client):
    user = make_user("clara.clerk", roles.CLERK, first_name="Clara", last_name="Clerk")
    client.force_login(user)
    return user


def impact_data(*impacts, initial=0) -> dict:
    data = {"impacts-TOTAL_FORMS": str(len(impacts)), "impacts-INITIAL_FORMS": str(initial)}
    for n, impact in enumerate(impacts):
        data.update({f"impacts-{n}-{name}": value for name, value in impact.items()})
    return data


SAVED = {
    "version": "0",
    "outcome": "implemented",
    "reason": "Both schemes ran; 64 homes are lived in again.",
    **impact_data(
        {"kind": "service", "statement": "64 empty homes lived in again.", "evidence_link": "https://example.org/r"},
        {"kind": "money", "statement": "Council tax collected on the homes.", "amount": "42000", "unit": "£",
         "period": "a year"},
    ),
}  # fmt: skip


def test_the_clerk_records_an_outcome_with_its_impacts_and_the_history_says_who(client, clerk, review):
    page = client.get(reverse("record_outcome", args=[review.slug, 1]))
    assert page.status_code == 200 and b"That the Council brings empty homes back into use." in page.content
    # What the officers reported, to draw the impacts from.
    assert "What the officers reported as evidence of impact" in page.content.decode()
    assert "1 Loans, March 2021" in page.content.decode() and "Twelve homes let since April." in page.content.decode()
    done = client.post(reverse("record_outcome", args=[review.slug, 1]), SAVED)
    assert done.status_code == 302 and done.url == reverse("review_outcomes", args=[review.slug])
    listed = client.get(done.url).content.decode()
    assert "Implemented</strong>: Both schemes ran; 64 homes are lived in again." in listed
    assert "Money saved or spent differently</strong>: Council tax collected on the homes. (£42,000 a year)" in listed
    assert "Service to residents</strong>: 64 empty homes lived in again." in listed
    outcome = RecommendationOutcome.objects.get(recommendation__number=1)
    assert [row.history_user for row in outcome.history.all()] == [clerk]
    assert {row.history_user for row in Impact.history.all()} == {clerk}


def test_a_removed_impact_is_the_one_removed_and_the_others_keep_who_they_are(client, clerk, review):
    url = reverse("record_outcome", args=[review.slug, 1])
    client.post(url, SAVED)
    first, second = Impact.objects.order_by("position")
    changed = {
        **SAVED,
        "version": "1",
        "outcome": "partly",
        "impacts-INITIAL_FORMS": "2",
        "impacts-0-id": str(first.pk),
        "impacts-0-DELETE": "on",
        "impacts-1-id": str(second.pk),
        "impacts-1-amount": "40000",
    }
    assert client.post(url, changed).status_code == 302
    assert [(impact.pk, impact.position, impact.figure) for impact in Impact.objects.all()] == [
        (second.pk, 1, "£40,000 a year")
    ]
    removed = Impact.history.get(history_type="-")
    assert (removed.id, removed.statement) == (first.pk, "64 empty homes lived in again.")
    assert RecommendationOutcome.objects.get().get_outcome_display() == "Partly implemented"


def test_bad_input_is_named_by_its_field_kept_as_typed_and_nothing_is_saved(client, clerk, review):
    bad = {**SAVED, "impacts-1-amount": "lots", "impacts-0-statement": "64 homes, as typed"}
    page = client.post(reverse("record_outcome", args=[review.slug, 1]), bad)
    text = page.content.decode()
    assert page.status_code == 200 and "Impact 2: Enter the figure as a number, such as 42000" in text
    assert "64 homes, as typed" in text and 'value="lots"' in text
    unit_missing = {**SAVED, "impacts-1-unit": ""}
    page = client.post(reverse("record_outcome", args=[review.slug, 1]), unit_missing)
    assert "Impact 2: Say what the figure counts: £, days, residents" in page.content.decode()
    assert not RecommendationOutcome.objects.exists() and not Impact.objects.exists()


def test_a_recommendation_still_monitored_has_no_outcome_yet(client, clerk, review):
    url = reverse("record_outcome", args=[review.slug, 2])
    said = "The committee has not yet signed off or closed 2: a recommendation's outcome is recorded"
    assert said in unescape(client.get(url).content.decode())
    page = client.post(url, SAVED)
    assert page.status_code == 200 and said in unescape(page.content.decode())
    assert not RecommendationOutcome.objects.exists() and not Impact.objects.exists()


def test_a_page_opened_before_someone_else_saved_saves_nothing(client, clerk, review):
    url = reverse("record_outcome", args=[review.slug, 1])
    client.post(url, SAVED)
    late = client.post(url, {**SAVED, "outcome": "superseded", "reason": "Mine"})  # the page before the first save
    assert late.status_code == 409 and "Your changes were not saved" in late.content.decode()
    assert RecommendationOutcome.objects.get().outcome == "implemented"
    # The page shows what it says now, to check: the saved reason and both impacts, and their version.
    shown = late.content.decode()
    assert "Both schemes ran; 64 homes are lived in again." in shown and ">Mine<" not in shown
    assert 'name="impacts-INITIAL_FORMS" value="2"' in shown and 'name="version" value="1"' in shown


def test_an_officer_or_a_member_may_not_record_an_outcome(client, review):
    for role in (roles.OFFICER, roles.LINK_OFFICER, roles.COMMITTEE_MEMBER):
        client.force_login(make_user(f"someone.{role}".replace(" ", "."), role))
        assert client.post(reverse("record_outcome", args=[review.slug, 1]), SAVED).status_code == 403
    assert not RecommendationOutcome.objects.exists()


def test_the_list_reads_a_fixed_number_of_queries_however_many_recommendations(client, clerk, review):
    url = reverse("review_outcomes", args=[review.slug])
    client.post(reverse("record_outcome", args=[review.slug, 1]), SAVED)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    round = review.rounds.get()
    for _ in range(20):
        recommendation = make_recommendation(review)
        make_entry(make_action(recommendation, target_month=datetime.date(2021, 1, 1)), round, grade=2)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("Still monitored") == 21
    assert len(many) == len(few)


def test_the_clock_runs_from_the_report_to_the_meeting_that_finished_with_it(review):
    finished, open_one = review.recommendations.order_by("number")
    done = Clock.of(finished, today=datetime.date(2026, 11, 29))
    # Agreed 15 January 2020; its actions signed off at the meeting of 20 March 2021.
    assert (done.finished, done.months, done.closed_by_target, done.overdue) == (
        datetime.date(2021, 3, 20), 14, False, False  # its target was October 2019
    )  # fmt: skip
    assert done.long_open == 0
    still = Clock.of(open_one, today=datetime.date(2021, 1, 14))
    assert (still.finished, still.months, still.overdue, still.long_open) == (None, 11, True, 0)
    assert Clock.of(open_one, today=datetime.date(2021, 1, 15)).long_open == 12
    assert Clock.of(open_one, today=datetime.date(2023, 2, 1)).long_open == 36


def test_the_list_shows_each_recommendations_age_against_its_target(client, clerk, review):
    text = client.get(reverse("review_outcomes", args=[review.slug])).content.decode()
    assert "Took 14 months, after its target" in text
    assert "Past its target" in text and "Open 36 months or more" in text  # recommendation 2, since 2023


def test_nobody_confirms_the_outcome_of_their_own_work(client, clerk, review):
    action = review.recommendations.get(number=1).actions.first()
    action.set_owners([make_owner("Clara Clerk", user=clerk)])
    url = reverse("record_outcome", args=[review.slug, 1])
    said = "You are responsible for one of its actions: its outcome is confirmed by someone else"
    assert said in unescape(client.get(url).content.decode())
    assert said in unescape(client.post(url, SAVED).content.decode())
    assert not RecommendationOutcome.objects.exists() and not Impact.objects.exists()


def test_the_clerk_makes_an_open_recommendation_a_priority_changes_why_and_takes_it_away(client, clerk, review):
    url = reverse("mark_priority", args=[review.slug, 2])
    refused = client.post(url, {"version": "0", "priority": "yes", "reason": ""})
    assert "Say why the committee made it a priority" in refused.content.decode()
    assert not RecommendationPriority.objects.exists()
    assert (
        client.post(url, {"version": "0", "priority": "yes", "reason": "Residents' first concern."}).status_code == 302
    )
    listed = unescape(client.get(reverse("review_outcomes", args=[review.slug])).content.decode())
    assert "Priority</strong>" in listed and "A priority: Residents' first concern." in listed
    stale = client.post(url, {"version": "0", "priority": "no"})
    assert stale.status_code == 409 and RecommendationPriority.objects.exists()
    assert client.post(url, {"version": "1", "priority": "no"}).status_code == 302
    assert not RecommendationPriority.objects.exists()
    assert [row.history_type for row in RecommendationPriority.history.all()] == ["-", "+"]
    assert {row.history_user for row in RecommendationPriority.history.all()} == {clerk}


def test_an_open_recommendation_is_due_soon_before_its_target_passes_not_after(review):
    open_one = review.recommendations.get(number=2)  # its target: October 2019
    assert Clock.of(open_one, today=datetime.date(2019, 8, 1)).due_soon is False  # 91 days before 31 October
    assert Clock.of(open_one, today=datetime.date(2019, 8, 2)).due_soon is True
    assert Clock.of(open_one, today=datetime.date(2019, 10, 31)).due_soon is True
    late = Clock.of(open_one, today=datetime.date(2019, 11, 1))
    assert (late.due_soon, late.overdue) == (False, True)


def test_a_recommendation_with_its_outcome_is_no_longer_made_a_priority(client, clerk, review):
    client.post(reverse("record_outcome", args=[review.slug, 1]), SAVED)
    page = client.post(
        reverse("mark_priority", args=[review.slug, 1]), {"version": "0", "priority": "yes", "reason": "Late."}
    )
    assert "Its outcome is recorded: a priority is for a recommendation still open." in page.content.decode()
    assert not RecommendationPriority.objects.exists()


def test_a_clerk_responsible_for_an_action_cannot_record_its_sign_off(review, clerk):
    """Issue 74, item 2: the person who confirms an action's closure is
    never its owner. The committee's decision to sign off (or close) the
    action a clerk is responsible for is refused to that clerk, beside the
    action, and recorded by another; carrying it forward stays theirs."""
    from django.core.exceptions import ValidationError

    from actionplans.grading import Decision
    from actionplans.models import CommitteeDecision, DecisionInput

    round = make_round(review, 2021, 9)
    second = review.recommendations.get(number=2)
    action = second.actions.get()
    action.arrange_owners([make_owner("Clara Clerk", user=clerk)], by=clerk)
    make_entry(action, round, grade=1)
    with pytest.raises(ValidationError) as refused:
        CommitteeDecision.record_round(
            round,
            by=clerk,
            version=round.decisions_version,
            decisions={action.pk: DecisionInput(Decision.SIGNED_OFF)},
            meeting_date=datetime.date(2021, 9, 20),
        )
    assert refused.value.message_dict[f"decision_{action.pk}"] == [
        f"You are responsible for {action.reference}: another clerk records the committee's decision to sign it "
        "off or close it."
    ]
    assert not CommitteeDecision.objects.filter(round=round).exists()
    CommitteeDecision.record_round(
        round,
        by=clerk,
        version=round.decisions_version,
        decisions={action.pk: DecisionInput(Decision.KEPT_OPEN)},
        meeting_date=datetime.date(2021, 9, 20),
    )
    other = make_user("other.clerk", roles.CLERK)
    round.refresh_from_db()
    CommitteeDecision.record_round(
        round,
        by=other,
        version=round.decisions_version,
        decisions={action.pk: DecisionInput(Decision.SIGNED_OFF)},
        meeting_date=datetime.date(2021, 9, 20),
    )
    assert CommitteeDecision.objects.get(round=round).decision == Decision.SIGNED_OFF


def test_an_officers_evidence_of_impact_is_confirmed_into_the_ledger_in_their_words(client, clerk, review):
    """Issue 74, item 1: the officer's update proposes an impact (its
    evidence of impact); the clerk confirms it, choosing its kind, and the
    ledger keeps the officer's words and the update as its evidence."""
    from actionplans.models import ProgressEntry

    update = ProgressEntry.objects.get(evidence_of_impact="Twelve homes let since April.")
    page = client.get(reverse("record_outcome", args=[review.slug, 1]))
    assert "Proposed in an officer&#x27;s update (optional)" in page.content.decode()
    confirmed = {
        **SAVED,
        **impact_data({"kind": "service", "source_entry": str(update.pk), "statement": ""}),
    }
    assert client.post(reverse("record_outcome", args=[review.slug, 1]), confirmed).status_code == 302
    impact = Impact.objects.get()
    assert (impact.statement, impact.source_entry) == ("Twelve homes let since April.", update)
    # Evidenced by the update: counted and listed as an impact with its evidence.
    from reports.achieved.ledger import read_ledger

    (row,) = [row for row in read_ledger(review.recommendations.all(), datetime.date.today()) if row.impacts]
    assert row.evidenced_impacts == [impact]
    # Neither words nor an update: said beside the field.
    empty = {**SAVED, **impact_data({"kind": "policy", "statement": ""}), "version": "1"}
    page = client.post(reverse("record_outcome", args=[review.slug, 1]), empty)
    assert "Impact 1: Say what changed" in page.content.decode()


def test_what_changed_needs_its_evidence_but_none_yet_does_not(client, clerk, review):
    """Issue 74, item 2: an impact claimed needs its evidence (a link, a
    figure, or the officer's update); "None yet" needs none."""
    unevidenced = {**SAVED, **impact_data({"kind": "policy", "statement": "A new policy.", "evidence_link": ""})}
    page = client.post(reverse("record_outcome", args=[review.slug, 1]), unevidenced)
    assert page.status_code == 200
    text = unescape(page.content.decode())
    assert "Impact 1: Give its evidence: a link, a figure, or the officer's update that reported it" in text
    assert "A new policy." in text and not Impact.objects.exists()
    none_yet = {**SAVED, **impact_data({"kind": "none_yet", "statement": "Too early to tell.", "evidence_link": ""})}
    assert client.post(reverse("record_outcome", args=[review.slug, 1]), none_yet).status_code == 302


def test_an_exempt_update_is_not_offered_as_an_impacts_evidence(client, clerk, review):
    """What an impact is confirmed from is published with it: never an
    exempt update's words."""
    from actionplans.models import ExemptParagraph, ProgressEntry

    update = ProgressEntry.objects.get(evidence_of_impact="Twelve homes let since April.")
    update.mark_exempt(ExemptParagraph.INDIVIDUAL, by=clerk)
    page = client.get(reverse("record_outcome", args=[review.slug, 1])).content.decode()
    assert "Twelve homes let since April." not in page and "1 Loans, March 2021" not in page


def test_the_reviews_link_officer_confirms_an_officers_impact_but_not_their_own(client, review):
    lin = make_user("lin.link", roles.LINK_OFFICER, first_name="Lin", last_name="Link")
    review.link_officers.add(make_owner("Lin Link", user=lin))
    update = Impact.reported(review.recommendations.all()).get()
    client.force_login(lin)
    listed = unescape(client.get(reverse("review_impacts", args=[review.slug])).content.decode())
    assert "1 Loans, March 2021" in listed and "Twelve homes let since April." in listed
    url = reverse("confirm_impact", args=[review.slug, update.pk])
    # The officer's words are offered as they wrote them; a figure needs its unit, kept as typed.
    assert "Twelve homes let since April." in client.get(url).content.decode()
    typed = {"kind": "service", "statement": "Twelve homes let since April.", "amount": "12"}
    page = client.post(url, typed)
    assert page.status_code == 200 and "Say what the figure counts" in page.content.decode()
    assert not Impact.objects.exists()
    assert client.post(url, {**typed, "unit": "homes"}).status_code == 302
    impact = Impact.objects.get()
    assert (impact.source_entry, impact.figure, impact.history.get().history_user) == (update, "12 homes", lin)
    assert "In the ledger" in client.get(reverse("review_impacts", args=[review.slug])).content.decode()
    # Responsible for the action: not theirs to confirm.
    update.action.arrange_owners([make_owner("Lin Link again", user=lin)], by=make_user("c.clerk", roles.CLERK))
    page = client.post(url, {**typed, "unit": "homes", "statement": "Thirteen homes."})
    assert "You are responsible for one of its actions" in unescape(page.content.decode())
    assert Impact.objects.count() == 1
    # A link officer of another review may not.
    client.force_login(make_user("other.link", roles.LINK_OFFICER))
    assert client.get(url).status_code == 403


def test_an_impact_confirmed_while_the_clerks_page_was_open_is_not_lost(client, clerk, review):
    """The link officer confirms an officer's impact after the clerk opened
    the outcome's page: the clerk's save is refused (409) and shows it."""
    lin = make_user("lin.link", roles.LINK_OFFICER)
    review.link_officers.add(make_owner("Lin Link", user=lin))
    page = client.get(reverse("record_outcome", args=[review.slug, 1]))
    assert page.status_code == 200
    update = Impact.reported(review.recommendations.all()).get()
    Impact.confirm(ImpactInput("service", "Twelve homes let.", source_entry=update.pk), by=lin)
    saved = client.post(reverse("record_outcome", args=[review.slug, 1]), SAVED)
    assert saved.status_code == 409 and "Twelve homes let." in unescape(saved.content.decode())
    assert list(Impact.objects.values_list("statement", flat=True)) == ["Twelve homes let."]
    assert not RecommendationOutcome.objects.exists()
