"""A mail server that keeps failing (issue 40), with the real service:
gunicorn and the task worker as processes of their own, the council's SMTP
server a real one on 127.0.0.1 that is down, and cron's
`manage.py send_notifications` run as cron runs it.

The clerk sends the round's reminders; the worker cannot deliver them. Each
cron run tries them again once their back-off has run out (the test makes
the wait pass: the clock is not ours to move), each wait longer than the
last, until they are given up; the clerk's round page then says mail was not
delivered and the list says to whom and what the server said. When the mail
server comes back, without a restart, the worker delivers the next e-mail
(an officer's update submitted to the link officer) at once, and once; the
given-up reminders are never sent, nothing is sent twice."""

import datetime
import subprocess
import sys
import time
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from actionplans.models import Notification
from actionplans.models.notifications import MAX_ATTEMPTS
from tests.servers import (
    ROOT,
    Visitor,
    form_fields,
    free_port,
    passwords_the_servers_check,
    service_env,
    signed_in,
    start_gunicorn,
    start_worker,
    stop,
    wait_for,
)
from tests.smtp import TestSMTPServer

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(demo_march_2021, tmp_path, settings):
    """The demo with its March 2021 round open, a server and a worker whose
    mail goes to an SMTP server that is not (yet) running."""
    if connection.vendor != "postgresql":
        pytest.skip("the service's processes share the test database on PostgreSQL; run with DATABASE_URL (CI does)")
    mail = TestSMTPServer()
    entry = demo_march_2021.entries.filter(owners__user__is_active=True).order_by("pk").first()
    officer = entry.owners.filter(user__is_active=True).first().user
    passwords_the_servers_check({"clerk", officer.username}, settings)
    env = service_env(
        tmp_path,
        SCRUTINY_NOTIFICATIONS="true",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(mail.port),
        DJANGO_EMAIL_TIMEOUT="5",
    )
    log_path = tmp_path / "services.log"
    with open(log_path, "w") as log:
        port = free_port()
        processes = [start_gunicorn(env, port, log), start_worker(env, log, worker_id="w1")]
        try:
            yield {
                "round": demo_march_2021,
                "entry": entry,
                "officer": officer.username,
                "port": port,
                "env": env,
                "mail": mail,
                "processes": processes,
            }
        finally:
            for process in processes:
                stop(process)
            mail.stop()
            print(log_path.read_text()[-6000:])


def cron(env) -> str:
    """`manage.py send_notifications`, as cron runs it (deploy/scrutiny.cron):
    what it prints, which cron e-mails to root."""
    run = subprocess.run(
        [sys.executable, "manage.py", "send_notifications", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout + run.stderr


def the_wait_runs_out(rows) -> list[int]:
    """Each row's back-off passes; returns how long each had left, in whole minutes."""
    now = timezone.now()
    left = [round((row.not_before - now).total_seconds() / 60) for row in rows]
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(not_before=now - datetime.timedelta(seconds=1))
    return left


def test_mail_that_keeps_failing_is_retried_with_back_off_listed_for_the_clerk_and_delivery_resumes_without_a_restart(
    service,
):
    round_, port, mail = service["round"], service["port"], service["mail"]
    clerk = signed_in(port, "clerk")
    reminders = f"/rounds/{round_.pk}/reminders/"
    form = form_fields(clerk.get(reminders).body, "note")
    assert clerk.post(reminders, [(k, v) for k, v in form if k != "preview"]).status == 302

    # The worker tried them at once, and could not deliver them.
    def waiting() -> list[Notification]:
        return list(Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE).select_related("recipient"))

    wait_for(lambda: waiting() and all(row.attempts == 1 for row in waiting()), "the worker's first try")
    addresses = sorted(row.recipient.email for row in waiting())
    assert all("refused" in row.last_error.lower() for row in waiting())

    # Cron tries them again, each time the wait has run out: each wait
    # longer, and nothing said but the log's line of each try while it
    # still tries (the mail server is down: that needs a person).
    waits = []
    for _ in range(MAX_ATTEMPTS - 2):
        waits.append(max(the_wait_runs_out(waiting())))
        said = cron(service["env"]).splitlines()
        assert len(said) == len(addresses) and all("WARNING" in line and "Could not e-mail" in line for line in said)
    waits.append(max(the_wait_runs_out(waiting())))
    assert f"{len(addresses)} e-mails could still not be delivered after {MAX_ATTEMPTS} tries" in cron(service["env"])
    assert all(row.given_up and row.sent_at is None for row in waiting())
    assert waits[:4] == [1, 2, 4, 8] and waits == sorted(waits) and waits[-1] == 24 * 60  # doubling, up to a day

    # The clerk is told, on the round's page and in the list.
    assert "could not be delivered" in clerk.get(f"/rounds/{round_.pk}/").body
    listed = clerk.get("/mail/not-delivered/").body
    assert "Not delivered: given up" in listed and f"{MAX_ATTEMPTS} times" in listed
    assert all(address in listed for address in addresses)

    # The mail server comes back; nothing is restarted. The next e-mail goes
    # at once, once; the reminders given up are never sent.
    mail.start()
    entry = service["entry"]
    link_officers = [owner.user.email for owner in round_.review.link_officers.all() if owner.user]
    assert link_officers, "the review's link officer has an e-mail address"
    browser = signed_in(port, service["officer"])
    values = dict(form_fields(browser.get(f"/updates/{entry.pk}/").body, "version"))
    values.update(evidence_of_progress="Workshops held in every school.", grade="1")
    values.pop("save", None)
    values["submit"] = ""
    assert browser.post(f"/updates/{entry.pk}/", list(values.items())).status == 302
    wait_for(lambda: mail.messages, "the worker's delivery once the mail server was back")
    cron(service["env"])
    time.sleep(1)
    assert [message["To"] for message in mail.messages] == link_officers
    assert all(service_process.poll() is None for service_process in service["processes"])
    assert not any(address in message["To"] for message in mail.messages for address in addresses)
    assert get_user_model().objects.filter(email__in=addresses).exists()


def test_a_password_reset_asked_for_while_the_mail_server_is_down_is_retried_listed_and_then_works(service):
    """Issue 55: it was lost silently, not retried, not listed, and /health/ said ok."""
    port, mail = service["port"], service["mail"]
    officer = get_user_model().objects.get(username=service["officer"])
    visitor = Visitor(port)
    form = form_fields(visitor.get("/account/forgot-password/").body, "email")
    answer = visitor.post("/account/forgot-password/", [(k, officer.email if k == "email" else v) for k, v in form])
    assert answer.status == 302 and answer.location.endswith("/account/forgot-password/sent/")

    # The worker's try fails; it waits to be tried again, and is listed.
    def waiting():
        return Notification.objects.filter(kind=Notification.Kind.SET_PASSWORD, recipient=officer).first()

    wait_for(lambda: waiting() and waiting().attempts == 1 and waiting().last_error, "the worker's first try")
    listed = signed_in(port, "clerk").get("/mail/not-delivered/").body
    assert officer.email in listed and "Choose a new password for Scrutiny monitoring" in listed
    assert "/account/set-password/" not in listed, "no link to choose a password is shown"
    health = Visitor(port).get("/health/")
    assert health.status == 200 and "being tried again" in health.body and '"status": "degraded"' in health.body

    # The mail server comes back; cron's next run after the wait delivers it, with a link that works.
    mail.start()
    the_wait_runs_out([waiting()])
    cron(service["env"])
    assert waiting().sent_at is not None
    [message] = mail.to(officer.email)
    link = next(word for word in mail.body(message).split() if "/account/set-password/" in word)
    choose = visitor.get(urllib.parse.urlsplit(link).path)
    assert choose.status == 302  # Django moves the token out of the address first
    assert "Choose your password" in visitor.get(choose.location).body
    assert '"mail": "ok"' in Visitor(port).get("/health/").body
