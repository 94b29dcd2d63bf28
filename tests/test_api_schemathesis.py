"""Schemathesis against the API, as each reader: requests generated from the
OpenAPI document the API itself serves, sent to the Django WSGI app, and
every answer checked against that document (no server error, a documented
status, content type and body). Anonymous with the public pages on and off,
and a token of each role. Examples per operation are few and derandomized,
so the run is quick and the same every time; each item of the small world
is asked for by its own reference as well, so that every kind's detail is
checked as it really reads, not only as a 404."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS as SCHEMATHESIS_CHECKS
from schemathesis.checks import load_all_checks

from actionplans import roles
from actionplans.models import ApiToken, ProgressEntry, Round, stable_reference
from tests.factories import make_action, make_entry, make_owner, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

# Every check Schemathesis has, as `schemathesis run -c all` runs them.
load_all_checks()
CHECKS = SCHEMATHESIS_CHECKS.get_all()
EXAMPLES = hypothesis_settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# The fixture of the login each role's token is issued to.
LOGIN_OF = {
    roles.CLERK: "clerk",
    roles.ADMINISTRATOR: "administrator",
    roles.LINK_OFFICER: "link_officer",
    roles.OFFICER: "officer",
    roles.COMMITTEE_MEMBER: "councillor",
    roles.PARTNER_LEAD: "partner_lead",
}
READERS = ["public (public pages on)", "public (public pages off)", *LOGIN_OF]


@pytest.fixture
def world(settings):
    """A review with a published round and an open one, an exempt action
    among its actions, updates received and not."""
    settings.SCRUTINY_API = True
    review = make_review("Hate Crime")
    published, open_round = make_round(review, 2020, 3), make_round(review, 2020, 9, status=Round.Status.OPEN)
    rec = make_recommendation(review, text="That the council act.")
    first = make_action(rec, owners=[make_owner("Neil Mitchell")], strand="Online form")
    exempt = make_action(make_recommendation(review), exempt_paragraph=3)
    items = [
        review,
        rec,
        first,
        exempt,
        published,
        open_round,
        make_entry(first, published, grade=1),
        make_entry(exempt, published, grade=3),
        make_entry(first, open_round, grade=2, status=ProgressEntry.Status.SUBMITTED),
    ]
    return {stable_reference(item) for item in items}


@pytest.fixture
def wsgi_app():
    """Django's own WSGI app. As the test client does, a request does not
    close the database connection, which holds the test's transaction."""
    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]

    return app


@pytest.fixture
def authorization(request, settings, administrator):
    """The Authorization header the reader sends (None: none at all)."""
    reader = request.param
    settings.SCRUTINY_PUBLIC_PAGES = reader == "public (public pages on)"
    if reader.startswith("public"):
        return None
    login = request.getfixturevalue(LOGIN_OF[reader])
    return f"Token {ApiToken.objects.issue(user=login, role=reader, name='Schemathesis', by=administrator)[1]}"


def served_schema(app):
    """The document the API serves, its requests sent to `app` (also those
    the checks send again: ignored_auth without the token, and the like)."""
    response = Client().get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = app
    return schema


def send(case, app, authorization):
    headers = dict(case.headers or {})
    headers.pop("Authorization", None)
    if authorization:
        headers["Authorization"] = authorization
    case.headers = headers
    response = case.call(app=app)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


@pytest.mark.parametrize("authorization", READERS, indirect=True)
def test_every_answer_to_every_reader_is_as_the_openapi_document_says(world, wsgi_app, authorization, settings):
    schema = served_schema(wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10
    statuses = set()
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def generated(case):
            statuses.add(send(case, wsgi_app, authorization).status_code)

        generated()
        # A filter that is no reference of its kind: the document's schema
        # of it leaves it out of what is generated, so it is sent by hand.
        for parameter in operation.definition.raw.get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] != "page":
                refused = operation.Case(query={parameter["name"]: "not-a-reference"})
                statuses.add(send(refused, wsgi_app, authorization).status_code)
        if "{ref}" in operation.path:
            kind = operation.path.split("/")[3][:-1]  # /api/v1/reviews/{ref}/ -> review
            for ref in sorted(ref for ref in world if ref.startswith(f"{kind}-")):
                statuses.add(send(operation.Case(path_parameters={"ref": ref}), wsgi_app, authorization).status_code)
    if authorization is None and not settings.SCRUTINY_PUBLIC_PAGES:
        assert statuses == {401}
    else:
        # Items read, filters refused, references that name nothing.
        assert {200, 400, 404} <= statuses, statuses
