import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Notification, RequestCount
from actionplans.models.notifications import SET_PASSWORD_TOKEN
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_wrong_password_says_so_and_keeps_the_user_name(client, councillor):
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter a correct username and password" in html
    assert 'value="councillor.test"' in html


def test_five_failures_lock_that_user_name_out_even_with_the_right_password(client, councillor):
    for _ in range(5):
        client.post(reverse("login"), {"username": "councillor.test", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in(client, councillor):
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(councillor.pk)


def test_pages_carry_a_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "'nonce-" in policy


# Forgot your password? ------------------------------------------------------


def test_forgot_password_answers_the_same_when_the_mail_server_is_down_and_the_email_is_retried_and_listed(
    client, officer, clerk, settings, caplog, django_capture_on_commit_callbacks
):
    officer.email = "olu@example.org"
    officer.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("forgot_password"), {"email": "olu@example.org"})
        unknown = client.post(reverse("forgot_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("forgot_password_sent")
    assert "Could not e-mail notification" in caplog.text and "olu@example.org" in caplog.text
    # In the outbox, to be tried again after its wait, and listed for the clerk;
    # the outbox keeps no working link (its token is made as it is sent).
    [waiting] = Notification.objects.not_delivered()
    assert waiting.to == "olu@example.org" and waiting.not_before > timezone.now()
    assert SET_PASSWORD_TOKEN in waiting.body
    assert default_token_generator.make_token(officer) not in waiting.body
    client.force_login(clerk)
    listed = client.get(reverse("undelivered_mail")).content.decode()
    assert "olu@example.org" in listed and "Choose a new password for Scrutiny monitoring" in listed


def test_forgot_password_sends_at_most_the_limit_per_address_and_per_client(
    client, officer, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_FORGOT_PASSWORD_LIMIT = 2
    officer.email = "olu@example.org"
    officer.save()
    make_user("lin", email="lin@example.org")
    make_user("cal", email="cal@example.org")

    def ask(email, ip):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("forgot_password"), {"email": email}, REMOTE_ADDR=ip)
        # Within the limit or past it, the same answer.
        assert response["Location"] == reverse("forgot_password_sent")

    for _ in range(3):
        ask("olu@example.org", "192.0.2.1")
    assert [message.to for message in mail.outbox] == [["olu@example.org"]] * 2
    assert "over the hourly limit" in caplog.text
    # The address is at its limit from any client ...
    ask("OLU@example.org", "192.0.2.2")
    # ... and the first client at its limit for any address.
    ask("lin@example.org", "192.0.2.1")
    assert len(mail.outbox) == 2
    ask("lin@example.org", "192.0.2.2")
    assert mail.outbox[-1].to == ["lin@example.org"]


def test_the_forgot_password_limit_lapses_after_an_hour(client, officer, settings, django_capture_on_commit_callbacks):
    settings.SCRUTINY_FORGOT_PASSWORD_LIMIT = 1
    officer.email = "olu@example.org"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forgot_password"), {"email": "olu@example.org"})
        client.post(reverse("forgot_password"), {"email": "olu@example.org"})
    assert len(mail.outbox) == 1
    RequestCount.objects.update(window_started=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forgot_password"), {"email": "olu@example.org"})
    assert len(mail.outbox) == 2
    # Only the counts of this address and this client are kept.
    assert RequestCount.objects.count() == 2


def test_the_front_door_links_the_public_pages_only_while_they_are_on(client, settings):
    settings.SCRUTINY_PUBLIC_PAGES = False
    page = client.get("/", follow=True).content.decode()
    assert "Sign in to scrutiny monitoring" in page
    assert reverse("public_home") not in page
    settings.SCRUTINY_PUBLIC_PAGES = True
    page = client.get("/", follow=True).content.decode()
    assert f'href="{reverse("public_home")}"' in page and "read the published progress updates" in page
    assert f'href="{reverse("open_data")}"' in page
