"""Every endpoint of the API for every role, with a token of that role, and
for the public: exactly which reviews, recommendations, actions, rounds and
updates each reads, listed and one by one. The expectations are written out
from the world's own rows, not asked of the rules under test."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from actionplans import roles
from actionplans.models import (
    Action,
    ApiToken,
    ProgressEntry,
    Recommendation,
    ResponsePlan,
    Review,
    Round,
    stable_reference,
)
from tests.factories import make_action

pytestmark = pytest.mark.django_db

# The role each of the cast's tokens acts with (the link officer's login is
# an officer's too: its token acts as link officer).
ROLE_OF = {
    "clerk": roles.CLERK,
    "administrator": roles.ADMINISTRATOR,
    "link_officer": roles.LINK_OFFICER,
    "officer": roles.OFFICER,
    "councillor": roles.COMMITTEE_MEMBER,
    "other_councillor": roles.COMMITTEE_MEMBER,
    "partner_lead": roles.PARTNER_LEAD,
}
WHO = [*ROLE_OF, "anonymous"]
STAFF = {"clerk", "administrator"}
# Those who work on rounds before they are published.
WORKERS = {"clerk", "administrator", "link_officer", "officer"}
READERS = WORKERS | {"councillor", "other_councillor"}
KINDS = ["reviews", "recommendations", "actions", "rounds", "updates"]


@pytest.fixture
def world(demo_march_2021, cast, settings):
    """The demo review, its March 2021 round open; a plan still being set up
    (with a recommendation and an action); another being set up whose
    executive responses are published; 1 a) Frontline staff marked exempt,
    and the demo's last recommendation too."""
    settings.SCRUTINY_API = True
    settings.SCRUTINY_PUBLIC_PAGES = True
    settings.SCRUTINY_API_PAGE_SIZE = 1000
    clerk = cast["clerk"]
    demo = demo_march_2021.review
    draft = Review.objects.set_up(
        committee=demo.committee, title="Domestic Abuse", action_plan_agreed=None, link_officers=[], by=clerk
    )
    make_action(Recommendation.objects.create(review=draft, number=1, text="That refuges be funded."))
    answered = Review.objects.set_up(
        committee=demo.committee, title="Fly-tipping", action_plan_agreed=None, link_officers=[], by=clerk
    )
    Recommendation.objects.create(review=answered, number=1, text="That the council prosecute fly-tippers.")
    answered.record_report(
        agreed=datetime.date(2021, 1, 7), to_executive=datetime.date(2021, 2, 4), decision_maker="Cabinet",
        by=clerk, version=answered.version,
    )  # fmt: skip
    answered.refresh_from_db()
    answered.record_responses(
        [ResponsePlan(1, "accepted", responded_on=datetime.date(2021, 3, 25))], by=clerk, version=answered.version
    )
    answered.refresh_from_db()
    answered.publish_responses(by=clerk, version=answered.version)
    exempt_action = Action.objects.get(recommendation__review=demo, strand="Frontline staff")
    exempt_action.mark_exempt(3, by=clerk)
    exempt_rec = demo.recommendations.order_by("-number").first()
    exempt_rec.mark_exempt(1, by=clerk)
    keys = {
        who: ApiToken.objects.issue(user=cast[who], role=role, name=who, by=cast["administrator"])[1]
        for who, role in ROLE_OF.items()
    }
    return {
        "demo": demo,
        "draft": draft,
        "answered": answered,
        "open": demo_march_2021,
        "exempt_action": exempt_action,
        "exempt_rec": exempt_rec,
        "keys": keys,
    }


def refs(objects) -> set[str]:
    return {stable_reference(obj) for obj in objects}


def expected(who, world) -> dict[str, set[str]]:
    """What `who` reads of each kind, written out from the world."""
    demo, draft, answered = world["demo"], world["draft"], world["answered"]
    if who == "partner_lead":
        return {kind: set() for kind in KINDS}
    public = who == "anonymous"
    reviews = [demo, answered, *([draft] if who in STAFF else [])]
    recs = Recommendation.objects.filter(review__in=reviews)
    actions = Action.objects.filter(recommendation__review__in=[demo, *([draft] if who in STAFF else [])])
    rounds = Round.objects.filter(review=demo)
    if who not in WORKERS:
        rounds = rounds.filter(status=Round.Status.PUBLISHED)
    updates = ProgressEntry.objects.filter(round__in=rounds)
    if public:
        recs = recs.exclude(pk=world["exempt_rec"].pk)
        hidden = Action.objects.filter(recommendation=world["exempt_rec"]) | Action.objects.filter(
            pk=world["exempt_action"].pk
        )
        actions = actions.exclude(pk__in=hidden)
        updates = updates.exclude(action__in=hidden)
    return {
        "reviews": refs(reviews),
        "recommendations": refs(recs),
        "actions": refs(actions),
        "rounds": refs(rounds),
        "updates": refs(updates),
    }


def client_for(who, world) -> Client:
    if who == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Token {world['keys'][who]}")


def test_the_world_holds_what_the_table_tells_apart(world):
    """Each line of the table below tells someone apart from someone else."""
    staff, councillor = expected("clerk", world), expected("councillor", world)
    public = expected("anonymous", world)
    assert stable_reference(world["draft"]) in staff["reviews"] - councillor["reviews"]
    assert stable_reference(world["open"]) in staff["rounds"] - councillor["rounds"]
    assert stable_reference(world["exempt_action"]) in councillor["actions"] - public["actions"]
    assert stable_reference(world["exempt_rec"]) in councillor["recommendations"] - public["recommendations"]
    assert world["open"].entries.exists()
    assert stable_reference(world["answered"]) in public["reviews"]


@pytest.mark.parametrize("who", WHO)
def test_each_list_holds_exactly_what_the_role_may_see(world, who):
    client = client_for(who, world)
    wanted = expected(who, world)
    for kind in KINDS:
        response = client.get(f"/api/v1/{kind}/")
        assert response.status_code == 200, (who, kind)
        data = response.json()
        assert data["next"] is None, (who, kind)  # all in one page
        assert {item["id"] for item in data["results"]} == wanted[kind], (who, kind)


@pytest.mark.parametrize("who", WHO)
def test_each_item_opens_for_exactly_those_who_may_see_it(world, who):
    client = client_for(who, world)
    wanted = expected(who, world)
    every = expected("clerk", world)
    for kind in KINDS:
        for ref in sorted(every[kind] | expected("anonymous", world)[kind]):
            response = client.get(f"/api/v1/{kind}/{ref}/")
            if ref in wanted[kind]:
                assert response.status_code == 200, (who, kind, ref)
                assert response.json()["id"] == ref
            else:
                assert response.status_code == 404, (who, kind, ref)


@pytest.mark.parametrize("who", WHO)
def test_an_open_rounds_updates_are_read_only_by_those_who_work_on_it(world, who):
    response = client_for(who, world).get("/api/v1/updates/", {"round": stable_reference(world["open"])})
    found = response.json()["results"]
    assert bool(found) == (who in WORKERS)
    # None was approved yet: nobody reads their words.
    assert all(item["evidence_of_progress"] is None for item in found)


@pytest.mark.parametrize("who", WHO)
def test_the_executive_responses_show_to_every_reader_once_published(world, who):
    answered = Recommendation.objects.get(review=world["answered"])
    response = client_for(who, world).get(f"/api/v1/recommendations/{stable_reference(answered)}/")
    if who == "partner_lead":
        assert response.status_code == 404
    else:
        assert response.json()["executive_response"]["words"] == "Accepted"


def test_a_draft_plans_responses_show_only_to_clerks_and_administrators(world, cast):
    rec = Recommendation.objects.get(review=world["draft"])
    world["draft"].record_report(
        agreed=datetime.date(2021, 1, 7), to_executive=datetime.date(2021, 2, 4), decision_maker="Cabinet",
        by=cast["clerk"], version=world["draft"].version,
    )  # fmt: skip
    world["draft"].refresh_from_db()
    world["draft"].record_responses(
        [ResponsePlan(1, "rejected", reasons="No money.", responded_on=datetime.date(2021, 3, 25))],
        by=cast["clerk"],
        version=world["draft"].version,
    )
    response = client_for("clerk", world).get(f"/api/v1/recommendations/{stable_reference(rec)}/")
    assert response.json()["executive_response"]["words"] == "Rejected"
    assert client_for("councillor", world).get(f"/api/v1/recommendations/{stable_reference(rec)}/").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_the_public_is_refused_every_endpoint_while_the_public_pages_are_off(world, settings, kind):
    settings.SCRUTINY_PUBLIC_PAGES = False
    assert Client().get(f"/api/v1/{kind}/").status_code == 401
    assert Client().get(f"/api/v1/{kind}/{sorted(expected('anonymous', world)[kind])[0]}/").status_code == 401
    # A token still reads.
    assert client_for("councillor", world).get(f"/api/v1/{kind}/").status_code == 200


def test_someone_without_a_role_is_given_no_token(cast):
    with pytest.raises(ValidationError):
        ApiToken.objects.issue(user=cast["outsider"], role=roles.OFFICER, name="x", by=cast["administrator"])


def test_the_schema_and_the_page_are_open_to_anyone(world):
    for url in (reverse("api_schema"), reverse("api_index")):
        assert Client().get(url).status_code == 200
