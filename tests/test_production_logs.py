"""Nothing secret reaches a log the service writes, with production settings
(issue 40): gunicorn and a task worker run as processes of their own, as
docs/production.md runs them, writing JSON lines as a log collector reads
them. Someone asks for a password reset (the e-mail goes to a real SMTP
server on 127.0.0.1), follows the link in every shape a mail program or a
person may give it, and a calendar program asks for the feed in every shape
tried against the service; afterwards everything the server and the worker
wrote is searched for the reset token, the calendar key, the session id and
the CSRF token, and an API token sent as it should be and where it should
not."""

import os
import re
import subprocess
import sys
import time
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from actionplans import roles
from actionplans.models import ApiToken, CalendarFeed
from tests.factories import make_user
from tests.servers import ROOT, Visitor, form_fields, free_port, start_gunicorn, start_worker, stop, test_database_url
from tests.smtp import TestSMTPServer
from tests.test_request_logs import CALENDAR_SHAPES, SET_PASSWORD_SHAPES

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

HOST = "scrutiny.example.gov.uk"


@pytest.fixture
def mail():
    server = TestSMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def production(tmp_path, mail):
    """The server and the worker with production settings; the text of
    everything they wrote, read after they stop."""
    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; run with DATABASE_URL=postgres://… (CI does)")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SCRUTINY_ENV": "production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-log-test-0123456789",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "SCRUTINY_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": test_database_url(),
        "PUBLISHED_ROOT": str(tmp_path / "published"),
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(mail.port),
        "SCRUTINY_LOG_FORMAT": "json",
        "SCRUTINY_API": "true",
        "DJANGO_LOG_LEVEL": "DEBUG",
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, timeout=300
    )
    assert collected.returncode == 0
    log_path = tmp_path / "services.log"
    with open(log_path, "w") as log:
        port = free_port()
        processes = [start_gunicorn(env, port, log), start_worker(env, log, worker_id="w1")]

        def stop_and_read() -> str:
            for process in processes:
                stop(process)
            return log_path.read_text()

        try:
            yield Visitor(port, host=HOST), stop_and_read
        finally:
            stop_and_read()


def test_no_reset_token_calendar_key_or_session_reaches_the_log_whatever_shape_the_request_takes(production, mail):
    visitor, stop_and_read = production
    user = get_user_model().objects.create_user("jo.bloggs", "jo.bloggs@example.gov.uk", "an-old-password-1234")
    key = CalendarFeed.objects.reset(user, by=user).key
    administrator = make_user("it.admin", roles.ADMINISTRATOR)
    _, api_key = ApiToken.objects.issue(user=administrator, role=roles.ADMINISTRATOR, name="Reports", by=administrator)

    form = form_fields(visitor.get("/account/forgot-password/").body, "email")
    answer = visitor.post(
        "/account/forgot-password/", [*[(k, v) for k, v in form if k != "email"], ("email", user.email)]
    )
    assert answer.status == 302
    deadline = time.monotonic() + 30
    while not mail.to(user.email) and time.monotonic() < deadline:
        time.sleep(0.2)
    [message] = mail.to(user.email)
    link = re.search(r"https://\S+/account/set-password/(\S+?)/(\S+?)/", mail.body(message))
    uid, token = link.groups()

    # The link as sent, then in the other shapes (its token swapped in).
    assert visitor.get(f"/account/set-password/{uid}/{token}/").status == 302
    for shape in SET_PASSWORD_SHAPES:
        visitor.get(urllib.parse.quote(shape.replace("MTIz", uid).format(key=token), safe="/%"))
    assert visitor.get(f"/calendar/{key}.ics").status == 200
    for shape in CALENDAR_SHAPES:
        visitor.get(urllib.parse.quote(shape.format(key=key), safe="/%"))
    # An API token as it should be sent, and where it should not (the address).
    assert (
        Visitor(visitor.port, host=HOST).get("/api/v1/reviews/", headers={"Authorization": f"Token {api_key}"}).status
        == 200
    )
    Visitor(visitor.port, host=HOST).get(f"/api/v1/reviews/?token={api_key}")
    Visitor(visitor.port, host=HOST).get(f"/api/v1/reviews/{api_key}/")
    session_id = visitor.cookies["sessionid"].value if "sessionid" in visitor.cookies else ""
    csrf = visitor.cookies["csrftoken"].value

    log = stop_and_read()
    assert "/account/forgot-password/" in log and "/calendar/[hidden]" in log  # the requests were logged
    for secret, what in [(token, "reset token"), (key, "calendar key"), (api_key, "API token"), (csrf, "CSRF token")]:
        assert secret not in log, f"the {what} reached the log"
    if session_id:
        assert session_id not in log, "the session id reached the log"
    assert "To choose it" not in log, "the reset e-mail's body reached the log"
