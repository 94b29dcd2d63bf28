"""The read-only API: what it answers, by reference, page by page; the
public without a token and a token with its one role; tokens issued and
revoked by administrators; every request logged; its OpenAPI description
generated without a warning; and listing actions with their latest grade
in as many queries for 500 actions as for 5. Who sees exactly what, role by
role, is tests/test_api_permissions.py."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import roles
from actionplans.grading import NO_UPDATE_RECEIVED
from actionplans.models import ApiRequest, ApiToken, ProgressEntry, Review, Round, stable_reference
from tests.factories import (
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
    make_user,
    standing_written_once,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def api_on(settings):
    settings.SCRUTINY_API = True
    settings.SCRUTINY_PUBLIC_PAGES = False


def issue(user, role, by, name="Power BI"):
    return ApiToken.objects.issue(user=user, role=role, name=name, by=by)


def get(url, key=None, scheme="Token", **params):
    headers = {"HTTP_AUTHORIZATION": f"{scheme} {key}"} if key else {}
    return Client().get(url, params, **headers)


def ids(response):
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def clerk_key(clerk, administrator):
    return issue(clerk, roles.CLERK, administrator)[1]


@pytest.fixture
def graded():
    """A review with two published rounds and one open: action A graded 4
    then 1; B graded 2 in March, its September update never approved; C
    approved in the open round only (no published grade yet)."""
    review = make_review("Graded review")
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    open_round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    rec = make_recommendation(review, text="That the council act.")
    owner = make_owner("Neil Mitchell")
    a = make_action(rec, owners=[owner], strand="Online form")
    b = make_action(rec, sub_action=make_sub_action(rec, "b"))
    c = make_action(make_recommendation(review))
    make_entry(a, march, grade=4)
    make_entry(a, september, grade=1)
    make_entry(b, march, grade=2)
    make_entry(b, september, grade=3, status=ProgressEntry.Status.SUBMITTED)
    make_entry(c, open_round, grade=2, status=ProgressEntry.Status.APPROVED)
    return {"review": review, "march": march, "september": september, "open": open_round, "a": a, "b": b, "c": c}


# Switched off, and the public ------------------------------------------------


def test_the_api_and_its_pages_are_not_found_while_switched_off(settings, clerk_key):
    settings.SCRUTINY_API = False
    for url in (reverse("api_reviews"), reverse("api_schema"), reverse("api_index")):
        assert get(url, clerk_key).status_code == 404
    assert not ApiRequest.objects.exists()


def test_the_public_is_refused_with_a_reason_while_the_public_pages_are_off(demo):
    response = get(reverse("api_reviews"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "does not publish its data to the public" in response.json()["detail"]


def test_the_public_reads_the_public_reviews_once_the_public_pages_are_on(settings, demo, clerk):
    draft = Review.objects.set_up(
        committee=demo.committee, title="Domestic Abuse", action_plan_agreed=None, link_officers=[], by=clerk
    )
    settings.SCRUTINY_PUBLIC_PAGES = True
    response = get(reverse("api_reviews"))
    assert response.status_code == 200
    assert ids(response) == [stable_reference(demo)]
    assert stable_reference(draft) not in response.content.decode()


def test_a_review_reads_as_the_papers_name_it(demo, clerk_key):
    data = get(reverse("api_review", args=[stable_reference(demo)]), clerk_key).json()
    assert data["id"] == f"review-{demo.pk}"
    assert data["title"] == demo.title
    assert data["committee"] == demo.committee.name
    assert data["link_officers"] == [officer.name for officer in demo.link_officers_in_order()]
    assert data["action_plan_agreed"] == f"{demo.action_plan_agreed:%Y-%m}"


@pytest.mark.parametrize("ref", ["12", "action-1", "review-", "review-x", "review-٣", "review-99999999"])
def test_a_reference_that_names_no_review_is_not_found(demo, clerk_key, ref):
    assert get(f"/api/v1/reviews/{ref}/", clerk_key).status_code == 404


@pytest.mark.parametrize("kind", ["reviews", "recommendations", "actions", "rounds", "updates"])
def test_a_reference_holding_a_line_break_is_not_found_in_json(demo, clerk_key, kind):
    """As the description promises, not the site's HTML 404 page."""
    for ref in ("review-1%0A", "a%0Ab", "%0D%0A"):
        response = get(f"/api/v1/{kind}/{ref}/", clerk_key)
        assert response.status_code == 404, (kind, ref)
        assert response["Content-Type"].startswith("application/json"), (kind, ref)
        assert "detail" in response.json()


# Actions and their latest grade ----------------------------------------------------


def test_each_action_reads_its_latest_grade_received_in_a_published_round(graded, clerk_key):
    response = get(reverse("api_actions"), clerk_key, review=stable_reference(graded["review"]))
    actions = {item["id"]: item for item in response.json()["results"]}
    a, b, c = (actions[stable_reference(graded[name])] for name in "abc")
    september = stable_reference(graded["september"])
    assert a["latest_grade"] == {
        "grade": 1,
        "meaning": "Achieved",
        "code": "1",
        "words": "Fully Achieved",
        "label": "1 (Fully Achieved)",
        "round": september,
        "period": "2020-09",
    }
    assert a["reference"] == "1 Online form" and a["responsibility"] == ["Neil Mitchell"]
    assert a["recommendation"] == stable_reference(graded["a"].recommendation)
    # September's update was never approved: March's grade is the latest received.
    assert b["latest_grade"]["grade"] == 2 and b["latest_grade"]["round"] == stable_reference(graded["march"])
    # Approved in a round still open: no grade until it is published.
    assert c["latest_grade"] is None


def test_an_exempt_action_is_left_out_for_the_public_and_marked_for_a_token(settings, graded, clerk, clerk_key):
    settings.SCRUTINY_PUBLIC_PAGES = True
    graded["a"].mark_exempt(3, by=clerk)
    public = get(reverse("api_actions"))
    assert stable_reference(graded["a"]) not in ids(public)
    assert stable_reference(graded["b"]) in ids(public)
    updates = get(reverse("api_updates"), action=stable_reference(graded["a"]))
    assert updates.json()["results"] == []
    detail = get(reverse("api_action", args=[stable_reference(graded["a"])]), clerk_key).json()
    assert detail["exempt_information"] == "Exempt information (paragraph 3)"
    assert detail["latest_grade"]["grade"] == 1


def test_an_update_not_received_reads_as_the_papers_print_it(settings, graded, clerk, clerk_key):
    settings.SCRUTINY_PUBLIC_PAGES = True
    unapproved = graded["b"].entries.get(round=graded["september"])
    exempt = graded["a"].entries.get(round=graded["september"])
    exempt.mark_exempt(7, by=clerk)
    by_token = {item["id"]: item for item in get(reverse("api_updates"), clerk_key).json()["results"]}
    assert by_token[stable_reference(unapproved)]["reads"] == NO_UPDATE_RECEIVED
    assert by_token[stable_reference(unapproved)]["evidence_of_progress"] is None
    assert by_token[stable_reference(exempt)]["received"] is True
    assert by_token[stable_reference(exempt)]["assessment_of_progress"]["grade"] == 1
    public = {item["id"]: item for item in get(reverse("api_updates")).json()["results"]}
    assert public[stable_reference(exempt)]["reads"] == "Exempt information (paragraph 7)"
    assert public[stable_reference(exempt)]["assessment_of_progress"] is None
    assert public[stable_reference(unapproved)]["reads"] == NO_UPDATE_RECEIVED
    # The open round is nobody's business outside the council.
    assert not any(item["round"] == stable_reference(graded["open"]) for item in public.values())


def test_a_councillors_token_reads_the_exempt_notice_where_a_clerks_reads_the_words(
    graded, clerk, councillor, administrator, clerk_key
):
    graded["review"].committee.members.add(councillor)
    councillor_key = issue(councillor, roles.COMMITTEE_MEMBER, administrator)[1]
    rec = graded["a"].recommendation
    graded["a"].mark_exempt(3, by=clerk)
    exempt_update = graded["b"].entries.get(round=graded["march"])
    exempt_update.mark_exempt(7, by=clerk)
    make_recommendation(graded["review"], text="That the council sell the depot.").mark_exempt(4, by=clerk)

    def read(key):
        return {
            item["id"]: item
            for kind in ("api_recommendations", "api_actions", "api_updates")
            for item in get(reverse(kind), key, page_size=100).json()["results"]
        }

    mine, clerks = read(councillor_key), read(clerk_key)
    assert mine and mine.keys() <= clerks.keys()  # not the open round's update
    action, a_update = stable_reference(graded["a"]), stable_reference(graded["a"].entries.get(round=graded["march"]))
    b_update = stable_reference(exempt_update)
    depot = next(key for key, item in clerks.items() if item.get("text") == "That the council sell the depot.")

    assert mine[depot]["text"] == "Exempt information (paragraph 4)"
    assert mine[action]["agreed_action"] == mine[action]["target"] == "Exempt information (paragraph 3)"
    assert "Online form" not in mine[action]["title"] and mine[action]["latest_grade"] is None
    assert mine[a_update]["reads"] == "Exempt information (paragraph 3)"
    assert mine[a_update]["assessment_of_progress"] is None and mine[a_update]["received"] is False
    assert mine[b_update]["reads"] == "Exempt information (paragraph 7)"
    assert mine[b_update]["evidence_of_progress"] is None
    serialised = str(mine)
    assert "sell the depot" not in serialised and "Online form" not in serialised

    assert clerks[depot]["exempt_information"] == "Exempt information (paragraph 4)"
    assert clerks[action]["agreed_action"] == graded["a"].agreed_action and "Online form" in clerks[action]["title"]
    assert clerks[action]["latest_grade"]["grade"] == 1
    assert clerks[a_update]["assessment_of_progress"]["grade"] == 4
    assert clerks[b_update]["assessment_of_progress"]["grade"] == 2
    assert clerks[b_update]["evidence_of_progress"] == exempt_update.evidence_of_progress
    assert rec.text in str(clerks)


def test_a_filter_takes_a_reference_and_refuses_anything_else(graded, clerk_key):
    rounds = get(reverse("api_rounds"), clerk_key, review=stable_reference(graded["review"]))
    assert ids(rounds) == [stable_reference(graded[name]) for name in ("march", "september", "open")]
    refused = get(reverse("api_rounds"), clerk_key, review="hate-crime")
    assert refused.status_code == 400
    assert refused.json() == {"review": "Give a review's reference, like review-12."}


def test_a_recommendation_carries_the_executive_response_once_published(demo, councillor, administrator):
    key = issue(councillor, roles.COMMITTEE_MEMBER, administrator)[1]
    results = get(reverse("api_recommendations"), key, review=stable_reference(demo)).json()["results"]
    assert [item["number"] for item in results] == sorted(item["number"] for item in results)
    answered = [item for item in results if item["executive_response"]]
    assert bool(answered) == demo.responses_published
    for item in answered:
        assert item["executive_response"]["words"] in {"Accepted", "Partially accepted", "Rejected"}


# Pages ---------------------------------------------------------------------------


def test_lists_come_in_pages_and_a_caller_may_ask_for_fewer_or_more(settings, graded, clerk_key):
    settings.SCRUTINY_API_PAGE_SIZE = 2
    settings.SCRUTINY_API_MAX_PAGE_SIZE = 4
    url = reverse("api_updates")
    first = get(url, clerk_key).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    second = Client().get(first["next"], HTTP_AUTHORIZATION=f"Token {clerk_key}").json()
    third = Client().get(second["next"], HTTP_AUTHORIZATION=f"Token {clerk_key}").json()
    assert third["next"] is None
    every = ids_of(first) + ids_of(second) + ids_of(third)
    assert len(set(every)) == 5
    assert len(get(url, clerk_key, page_size=3).json()["results"]) == 3
    assert len(get(url, clerk_key, page_size=1000).json()["results"]) == 4  # at most the most allowed
    assert get(url, clerk_key, page=9).status_code == 404
    # A page size that is not a whole number from 1 is refused, in JSON,
    # not quietly taken as the default.
    for wrong in ("x", "0", "-3", "2.5", ""):
        refused = get(url, clerk_key, page_size=wrong)
        assert refused.status_code == 400, wrong
        assert refused.json() == {"page_size": "Give the page size as a whole number from 1."}, wrong


def ids_of(page):
    return [item["id"] for item in page["results"]]


# Methods ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_only_reads(demo, clerk_key, method):
    url = reverse("api_review", args=[stable_reference(demo)])
    response = getattr(Client(), method)(
        url, {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {clerk_key}"
    )
    assert response.status_code == 405
    assert Review.objects.filter(pk=demo.pk).exists()


def test_head_and_options_are_answered(demo, clerk_key):
    client = Client(HTTP_AUTHORIZATION=f"Token {clerk_key}")
    assert client.head(reverse("api_reviews")).status_code == 200
    options = client.options(reverse("api_reviews"))
    assert options.status_code == 200 and options.json()["name"]


# Tokens -------------------------------------------------------------------------


def test_a_token_is_issued_by_an_administrator_and_its_key_is_never_stored(clerk, administrator):
    token, key = issue(clerk, roles.CLERK, administrator)
    assert key.startswith("scr_") and len(key) > 40
    token.refresh_from_db()
    stored = json.dumps(list(ApiToken.objects.values()), default=str) + json.dumps(
        list(ApiToken.history.values()), default=str
    )
    assert key not in stored
    assert token.key_start == key[:8]
    assert token.history.get().history_user == administrator


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_nobody_but_an_administrator_issues_or_revokes_a_token(clerk, officer, administrator, who):
    by = {"clerk": clerk, "officer": officer}[who]
    with pytest.raises(PermissionDenied):
        issue(officer, roles.OFFICER, by)
    token, _ = issue(officer, roles.OFFICER, administrator)
    with pytest.raises(PermissionDenied):
        token.revoke(by=by)
    token.refresh_from_db()
    assert not token.is_revoked


def test_a_token_takes_only_a_role_its_login_holds(officer, administrator):
    with pytest.raises(ValidationError) as refused:
        issue(officer, roles.CLERK, administrator)
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError) as unnamed:
        issue(officer, roles.OFFICER, administrator, name=" ")
    assert "name" in unnamed.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_and_its_revoking_is_in_the_history(demo, clerk, administrator):
    token, key = issue(clerk, roles.CLERK, administrator)
    assert get(reverse("api_reviews"), key).status_code == 200
    token.revoke(by=administrator)
    response = get(reverse("api_reviews"), key)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    latest = token.history.first()
    assert latest.history_user == administrator and latest.revoked_at is not None
    with pytest.raises(ValidationError):
        token.revoke(by=administrator)


def test_a_key_that_matches_no_token_is_refused(demo):
    for header in ("Token scr_nonsense", "Bearer scr_nonsense", "Token a b"):
        response = Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


def test_bearer_works_as_well_as_token(demo, clerk_key):
    assert get(reverse("api_reviews"), clerk_key, scheme="Bearer").status_code == 200


def test_a_token_acts_with_its_one_role_only(demo, administrator):
    # A clerk who also sits on a committee: as a committee member, no plan
    # still being set up, and no open round.
    both = make_user("both.test", roles.CLERK, roles.COMMITTEE_MEMBER, is_superuser=True)
    draft = Review.objects.set_up(
        committee=demo.committee, title="Domestic Abuse", action_plan_agreed=None, link_officers=[], by=both
    )
    as_member = issue(both, roles.COMMITTEE_MEMBER, administrator)[1]
    as_clerk = issue(both, roles.CLERK, administrator)[1]
    assert stable_reference(draft) not in ids(get(reverse("api_reviews"), as_member))
    assert stable_reference(draft) in ids(get(reverse("api_reviews"), as_clerk))
    both.refresh_from_db()
    assert both.is_superuser  # the token's login is never changed


def test_a_token_whose_login_lost_the_role_or_was_deactivated_is_refused(demo, officer, administrator):
    key = issue(officer, roles.OFFICER, administrator)[1]
    officer.groups.clear()
    response = get(reverse("api_reviews"), key)
    assert response.status_code == 401 and "no longer holds the role of Officer" in response.json()["detail"]
    officer.groups.set(Group.objects.filter(name=roles.OFFICER))
    officer.is_active = False
    officer.save()
    assert "deactivated" in get(reverse("api_reviews"), key).json()["detail"]


def test_a_token_records_when_it_was_last_used(demo, clerk, administrator):
    token, key = issue(clerk, roles.CLERK, administrator)
    assert token.last_used_at is None
    get(reverse("api_reviews"), key)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.history.count() == 1  # being used is no change anyone made


# The log -------------------------------------------------------------------------


def test_every_request_is_logged_with_its_token_and_never_its_key(settings, demo, clerk, administrator):
    token, key = issue(clerk, roles.CLERK, administrator)
    client = Client()
    client.get(reverse("api_reviews"), HTTP_AUTHORIZATION=f"Token {key}")
    client.get("/api/v1/reviews/review-0/", HTTP_AUTHORIZATION=f"Token {key}")
    client.post(reverse("api_reviews"), HTTP_AUTHORIZATION=f"Token {key}")
    client.get(reverse("api_reviews"))  # the public, while the public pages are off
    client.get(reverse("api_reviews"), HTTP_AUTHORIZATION="Token scr_wrong")
    client.get(reverse("api_schema"))
    token.revoke(by=administrator)
    client.get(reverse("api_actions") + "?review=review-1", HTTP_AUTHORIZATION=f"Token {key}")
    logged = list(ApiRequest.objects.order_by("pk").values_list("token", "method", "path", "status"))
    assert logged == [
        (token.pk, "GET", "/api/v1/reviews/", 200),
        (token.pk, "GET", "/api/v1/reviews/review-0/", 404),
        (token.pk, "POST", "/api/v1/reviews/", 405),
        (None, "GET", "/api/v1/reviews/", 401),
        (None, "GET", "/api/v1/reviews/", 401),
        (None, "GET", "/api/schema/", 200),
        (token.pk, "GET", "/api/v1/actions/?review=review-1", 401),
    ]
    assert all(row.duration_ms >= 0 and row.at for row in ApiRequest.objects.all())
    assert key not in json.dumps(list(ApiRequest.objects.values()), default=str)


# Description and schema ------------------------------------------------------------


def test_the_openapi_schema_is_generated_from_the_code_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/actions/" in (tmp_path / "schema.yaml").read_text()


def test_the_schema_is_served_as_json_and_yaml_to_anyone(demo):
    schema = Client().get(reverse("api_schema"), {"format": "json"})
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert "/api/v1/updates/{ref}/" in document["paths"]
    assert "token" in document["components"]["securitySchemes"]
    assert Client().get(reverse("api_schema")).content.startswith(b"openapi:")


def test_the_api_page_describes_the_addresses_the_key_and_the_licence(settings):
    page = Client().get(reverse("api_index")).content.decode()
    assert "Authorization: Token &lt;key&gt;" in page
    assert "Open Government Licence v3.0" in page
    for address in ("reviews/", "recommendations/", "actions/", "rounds/", "updates/"):
        assert f"<code>{address}</code>" in page
    assert "every request needs a token" in page
    settings.SCRUTINY_PUBLIC_PAGES = True
    assert "Without a token, anyone reads the public data" in Client().get(reverse("api_index")).content.decode()


# The administrators' pages -----------------------------------------------------------


def test_an_administrator_issues_a_token_in_the_admin_and_sees_its_key_once(client, administrator, officer):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:actionplans_apitoken_add"), {"name": "Power BI", "user": officer.pk, "role": roles.OFFICER}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["key"]
    assert ApiToken.objects.for_key(key) == token
    assert key in response.content.decode() and "no-store" in response["Cache-Control"]
    assert token.created_by == administrator and token.role == roles.OFFICER
    page = client.get(reverse("admin:actionplans_apitoken_change", args=[token.pk])).content.decode()
    assert key not in page and token.key_start in page


def test_the_admin_refuses_a_role_the_login_does_not_hold_by_the_field(client, administrator, officer):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:actionplans_apitoken_add"), {"name": "Power BI", "user": officer.pk, "role": roles.CLERK}
    )
    assert response.status_code == 200
    assert "Choose one of the roles the login holds" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_administrator_revokes_tokens_in_the_admin(client, administrator, officer):
    token, key = issue(officer, roles.OFFICER, administrator)
    client.force_login(administrator)
    client.post(
        reverse("admin:actionplans_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_by == administrator
    assert get(reverse("api_reviews"), key).status_code == 401


def test_a_clerk_does_not_see_the_tokens_in_the_admin(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("admin:actionplans_apitoken_changelist")).status_code == 403
    assert client.get(reverse("admin:actionplans_apirequest_changelist")).status_code == 403
    assert "API token" not in client.get(reverse("admin:index")).content.decode()


# Queries --------------------------------------------------------------------------


def review_with(actions: int):
    review = make_review()
    owner = make_owner()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    with standing_written_once():
        for n in range(actions):
            rec = make_recommendation(review)
            action = make_action(rec, owners=[owner], sub_action=make_sub_action(rec) if n % 2 else None)
            make_entry(action, march, grade=1 + n % 4)
            if n % 4:
                make_entry(action, september, grade=1 + (n + 1) % 4)
    return review


def test_listing_actions_with_their_latest_grade_makes_as_many_queries_for_500_as_for_5(settings, clerk_key):
    settings.SCRUTINY_PUBLIC_PAGES = True
    settings.SCRUTINY_API_PAGE_SIZE = 1000

    def queries(review, key):
        get(reverse("api_actions"), key, review=stable_reference(review))
        with CaptureQueriesContext(connection) as captured:
            response = get(reverse("api_actions"), key, review=stable_reference(review))
        assert response.status_code == 200
        assert all(item["latest_grade"] for item in response.json()["results"])
        return len(captured)

    few, many = review_with(5), review_with(500)
    for key in (clerk_key, None):  # a token, and the public
        assert queries(few, key) == queries(many, key)


# What the API answers to a header it does not understand, and how its
# description says so ----------------------------------------------------------------


@pytest.mark.parametrize("header", ["{key}", "Basic Y2xlcms6c2VjcmV0", "Tokn {key}", "Token", "Bearer"])
def test_an_authorization_header_the_api_does_not_understand_is_refused(settings, demo, clerk_key, header):
    # Not read as the public: the caller meant to send a key.
    settings.SCRUTINY_PUBLIC_PAGES = True
    response = Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION=header.format(key=clerk_key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "Authorization: Token <key>" in response.json()["detail"]


def served_schema():
    return json.loads(Client().get(reverse("api_schema"), {"format": "json"}).content)


def test_the_schema_documents_every_answer_of_every_operation(settings):
    paths = served_schema()["paths"]
    assert len(paths) == 10
    for path, item in paths.items():
        responses = item["get"]["responses"]
        # A list (it has pages) refuses a page size or a filter it cannot read: 400.
        pages = [p for p in item["get"]["parameters"] if p["in"] == "query" and p["name"] in ("page", "page_size")]
        assert set(responses) == {"200", "401", "404"} | ({"400"} if pages else set()), path
        assert all(p["schema"]["minimum"] == 1 for p in pages), path
        for status in ("401", "404"):
            assert responses[status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert "WWW-Authenticate" in responses["401"]["headers"]
    assert set(paths["/api/v1/updates/"]["get"]["responses"]) == {"200", "400", "401", "404"}


def test_the_schema_offers_anonymous_reads_only_while_the_public_pages_are_on(settings):
    assert {op["get"]["security"] == [{"token": []}] for op in served_schema()["paths"].values()} == {True}
    settings.SCRUTINY_PUBLIC_PAGES = True
    assert {str(op["get"]["security"]) for op in served_schema()["paths"].values()} == {"[{'token': []}, {}]"}


def test_each_schema_gives_its_own_kind_of_reference_as_example():
    schemas = served_schema()["components"]["schemas"]
    for kind in ("review", "recommendation", "action", "round", "update"):
        assert schemas[kind.title()]["properties"]["id"]["example"].startswith(f"{kind}-")
    assert schemas["Update"]["properties"]["round"]["example"].startswith("round-")
    assert schemas["Action"]["properties"]["review"]["example"].startswith("review-")


def test_a_recommendation_reads_its_status_priority_outcome_and_impacts(settings, demo, clerk):
    """Issue 74, item 5: the API serves the register's figures, the open
    data's, from the one ledger; an exempt recommendation's are withheld."""
    settings.SCRUTINY_PUBLIC_PAGES = True
    items = {item["number"]: item for item in get(reverse("api_recommendations")).json()["results"]}
    assert items[1]["status"] == "Open" and items[1]["priority"] and items[1]["outcome"] is None
    assert items[2]["status"] == "Completed" and items[2]["completed_on"] == "2020-03-12"
    assert items[2]["outcome"]["words"] == "Implemented"
    (impact,) = items[2]["impacts"]
    assert impact["words"] == "Service to residents" and impact["amount"] == 3 and impact["unit"] == "sessions"
    one = get(reverse("api_recommendation", args=[items[3]["id"]])).json()
    assert one["impacts"][0]["words"] == "Partnership working"
