"""Logs an operator can use: a line a request with its id, JSON lines on
request, the id on the error pages, and the security events; never a
password, a token or a set-password link's secret."""

import json
import logging
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from actionplans import roles
from actionplans.models import ApiToken
from scrutiny.requestlog import JsonLinesFormatter, _request_id
from scrutiny.views import server_error

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-test-password-1"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def request_lines(logs):
    return [record for record in logs.records if record.name == "scrutiny.requests"]


def events(logs, name=None):
    found = [record for record in logs.records if record.name == "scrutiny.security"]
    return [record for record in found if name is None or record.event == name]


def everything_logged(logs) -> str:
    formatter = JsonLinesFormatter()
    return "\n".join(formatter.format(record) for record in logs.records)


def test_each_request_is_one_line_with_its_id_user_status_and_time(client, officer, logs):
    client.force_login(officer)
    response = client.get(reverse("my_updates"))
    [line] = request_lines(logs)
    assert line.request_id == response["X-Request-ID"] and len(line.request_id) == 32
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/my-updates/", 200, officer.pk)
    assert line.ms >= 0
    assert line.getMessage().startswith("GET /my-updates/ 200 ") and line.getMessage().endswith(f"user={officer.pk}")


def test_a_signed_out_request_is_logged_with_no_user(db, client, logs):
    client.get(reverse("login"))
    [line] = request_lines(logs)
    assert line.user_id is None and line.getMessage().endswith("user=-")


def test_the_proxys_request_id_is_kept_when_safe_and_replaced_when_not(db, client, logs):
    kept = client.get(reverse("login"), HTTP_X_REQUEST_ID="lb-7f3a.2")
    assert kept["X-Request-ID"] == "lb-7f3a.2"
    replaced = client.get(reverse("login"), HTTP_X_REQUEST_ID="<script>\nforged line")
    assert replaced["X-Request-ID"] != "<script>\nforged line" and len(replaced["X-Request-ID"]) == 32
    assert [line.request_id for line in request_lines(logs)] == ["lb-7f3a.2", replaced["X-Request-ID"]]
    assert "forged" not in everything_logged(logs)


def test_every_record_made_during_a_request_carries_its_id(db, client, logs):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong-password-xyz"})
    [failure] = events(logs, "sign_in_failed")
    assert failure.request_id == response["X-Request-ID"]


def test_a_set_password_links_secret_and_any_query_string_never_reach_the_log(db, client, logs):
    client.get("/account/set-password/MTIz/c4l2xk-0123456789abcdef0123456789abcdef/")
    client.get("/oidc/callback/?code=SECRET-CODE-42&state=abc")
    paths = [line.path for line in request_lines(logs)]
    assert paths == ["/account/set-password/MTIz/[hidden]", "/oidc/callback/"]
    text = everything_logged(logs)
    assert "0123456789abcdef" not in text and "SECRET-CODE-42" not in text


def test_a_calendar_links_key_never_reaches_the_log(db, client, logs, officer):
    from actionplans.models import CalendarFeed

    key = CalendarFeed.objects.reset(officer, by=officer).key
    assert client.get(f"/calendar/{key}.ics").status_code == 200
    assert client.get("/calendar/an-old-key-reset-since.ics").status_code == 404
    paths = [line.path for line in request_lines(logs)]
    assert paths == ["/calendar/[hidden]", "/calendar/[hidden]"]
    text = everything_logged(logs)
    assert key not in text and "an-old-key-reset-since" not in text


# The shapes a calendar program, a proxy or a person's typing may give the
# feed's address: none of them may put the key in the log.
CALENDAR_SHAPES = [
    "/calendar/{key}.ics/",
    "/calendar/{key}.ICS",
    "/calendar/{key}",
    "/calendar/{key}.ics.bak",
    "//calendar/{key}.ics",
    "/calendar//{key}.ics",
    "/Calendar/{key}.ics",
    "/calendar/{key}.ics%20",
    "/CALENDAR/x/{key}.ics",
    # A prefix before it, or no "calendar" at all: a key is a key wherever it stands.
    "/calendars/{key}.ics",
    "/account/calendar/{key}.ics",
    "/api/v1/calendar/{key}",
    "/reviews/hate-crime/calendar/{key}.ics",
    "/{key}.ics",
    "/feeds/{key}/events.ics",
    "/reviews/{key}/",
]
SET_PASSWORD_SHAPES = [
    "/account/set-password/MTIz/{key}",
    "/account/set-password/MTIz/{key}/extra/",
    "//account//set-password//MTIz//{key}/",
    "/Account/Set-Password/MTIz/{key}/",
]


@pytest.mark.parametrize("shape", CALENDAR_SHAPES + SET_PASSWORD_SHAPES)
def test_a_secret_in_any_shape_of_its_address_never_reaches_the_log(db, client, logs, officer, shape):
    from actionplans.models import CalendarFeed

    key = CalendarFeed.objects.reset(officer, by=officer).key
    # As the server hands the address on (decoded, its slashes as sent):
    # the test client would read "//calendar/..." as a host name.
    client.get("/", PATH_INFO=urllib.parse.unquote(shape.format(key=key)))
    [line] = request_lines(logs)
    assert "[hidden]" in line.path
    assert key not in everything_logged(logs)


def test_a_slug_or_a_long_address_that_holds_no_key_is_logged_whole(db, client, logs):
    path = "/reviews/hate-crime-and-community-cohesion-in-stockton-2020/progress-update/"
    client.get("/", PATH_INFO=path)
    [line] = request_lines(logs)
    assert line.path == path


def test_a_healthy_probe_is_left_out_and_a_failing_one_logged(db, client, logs, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert client.get("/health/").status_code == 200
    assert request_lines(logs) == []
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # and no worker
    assert client.get("/health/").status_code == 503
    assert [line.status for line in request_lines(logs)] == [503]


def test_json_lines_give_each_record_as_one_object_with_its_fields_and_traceback(client, officer, logs):
    client.force_login(officer)
    client.get(reverse("my_updates"))
    try:
        raise ValueError("a worker's bad day")
    except ValueError:
        logging.getLogger("scrutiny.worker").exception("Rendering failed")
    lines = everything_logged(logs).splitlines()
    parsed = [json.loads(line) for line in lines]
    assert len(parsed) == len(logs.records)
    [request] = [line for line in parsed if line["logger"] == "scrutiny.requests"]
    assert request["method"] == "GET" and request["status"] == 200 and request["user_id"] == officer.pk
    assert request["request_id"] != "-" and request["time"].endswith("+00:00")
    [failure] = [line for line in parsed if line["logger"] == "scrutiny.worker"]
    assert failure["level"] == "ERROR" and failure["request_id"] == "-"
    assert "Traceback" in failure["exception"] and "a worker's bad day" in failure["exception"]


def test_the_setting_switches_the_service_to_json_lines():
    script = "import django, logging; django.setup(); logging.getLogger('scrutiny.worker').warning('heartbeat late')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "scrutiny.settings", "SCRUTINY_LOG_FORMAT": "json"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "scrutiny.worker", "heartbeat late")


def test_an_unknown_log_format_stops_the_service_naming_the_setting():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "SCRUTINY_LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "SCRUTINY_LOG_FORMAT='xml': use plain or json." in result.stderr


def test_the_not_found_page_gives_the_reference_to_quote(client, officer):
    client.force_login(officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f'quote reference <strong class="govuk-!-font-weight-bold">{response["X-Request-ID"]}</strong>' in (
        response.content.decode()
    )


def test_the_server_error_page_gives_the_reference_to_quote():
    token = _request_id.set("c0ffee")
    try:
        response = server_error(RequestFactory().get("/"))
    finally:
        _request_id.reset(token)
    assert response.status_code == 500 and "quote reference <strong>c0ffee</strong>" in response.content.decode()


# Security events ------------------------------------------------------------


def test_sign_ins_failures_and_lock_outs_are_security_events_without_the_password(client, councillor, logs, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "councillor.test", "password": "Wrong-Horse-Battery-9"})
    assert [e.username for e in events(logs, "sign_in_failed")] == ["councillor.test"] * settings.AXES_FAILURE_LIMIT
    assert [(e.username, e.ip) for e in events(logs, "locked_out")] == [("councillor.test", "127.0.0.1")]
    assert "Wrong-Horse-Battery-9" not in everything_logged(logs)


def test_a_sign_in_is_a_security_event(client, clerk, logs):
    client.post(reverse("login"), {"username": "clerk.test", "password": PASSWORD})
    [event] = events(logs, "sign_in")
    assert (event.user_id, event.ip) == (clerk.pk, "127.0.0.1")
    assert PASSWORD not in everything_logged(logs)


def test_a_change_of_roles_is_a_security_event_naming_who_changed_what(clerk, officer_owner, logs):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    officer_owner.change_person(
        name="Olu Officer", email="olu@example.org", roles=[roles.OFFICER, roles.LINK_OFFICER], by=clerk
    )
    [event] = events(logs, "roles_changed")
    assert (event.user_id, event.by_user_id, event.added, event.removed) == (
        officer_owner.user.pk,
        clerk.pk,
        roles.LINK_OFFICER,
        "-",
    )


def test_api_tokens_issued_used_refused_and_revoked_are_security_events_without_the_key(
    demo, clerk, administrator, logs, settings
):
    settings.SCRUTINY_API = True
    token, key = ApiToken.objects.issue(user=clerk, role=roles.CLERK, name="Power BI", by=administrator)
    assert Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    token.revoke(by=administrator)
    assert Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION="Token scr_not-a-real-key").status_code == 401

    happened = [(e.event, getattr(e, "token_id", None)) for e in events(logs)]
    assert happened == [
        ("api_token_issued", token.pk),
        ("api_token_used", token.pk),
        ("api_token_revoked", token.pk),
        ("api_token_refused", token.pk),
        ("api_token_unknown", None),
    ]
    assert events(logs, "api_token_issued")[0].by_user_id == administrator.pk
    assert events(logs, "api_token_used")[0].key_start == key[:8]
    assert key not in everything_logged(logs) and key[8:20] not in everything_logged(logs)


def test_an_api_key_pasted_into_an_address_never_reaches_the_log(db, client, logs):
    from actionplans.models.api_tokens import KEY_PREFIX
    from scrutiny.requestlog import API_KEY_PREFIX

    assert API_KEY_PREFIX == KEY_PREFIX  # the log knows a key by the prefix every key has
    key = KEY_PREFIX + "0-U9aJN2m7T-SkbFDOW7OBH0-GRHae4XgT2puZ8IBIE"
    client.get(f"/api/v1/reviews/{key}/")
    [line] = request_lines(logs)
    assert line.path == "/api/v1/reviews/scr_[hidden]/" and key not in everything_logged(logs)
