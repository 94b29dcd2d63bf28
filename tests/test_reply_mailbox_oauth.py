"""The reply mailbox signed in to with OAuth 2.0, the tokens asked for and
renewed by the service itself (actionplans/replies/oauth.py), against a
provider the tests run (tests/oauth_server.py) and a Dovecot that asks it
whether each token is live, as Microsoft 365's and Gmail's servers ask
theirs (tests/imap_server.py)."""

import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from actionplans.checks import reply_mailbox_check
from actionplans.models import MailboxRefreshToken
from actionplans.replies import oauth, receiving
from actionplans.replies.mailbox import MailboxUnavailable, fetch_replies, fetch_replies_alone
from tests.oauth_server import PrivateProvider
from tests.servers import free_port
from tests.test_reply_mailbox import FakeReceive, reply


@pytest.fixture(scope="module")
def provider_and_dovecot():
    from tests.imap_server import DovecotMissing, PrivateDovecot

    provider = PrivateProvider(user="replies")
    directory = Path(tempfile.mkdtemp(prefix="scrutiny-dovecot-oauth-"))
    directory.chmod(0o755)
    try:
        dovecot = PrivateDovecot(directory, oauth2_introspection=provider.introspection_url)
    except DovecotMissing as missing:
        provider.stop()
        shutil.rmtree(directory)
        pytest.skip(str(missing))
    yield provider, dovecot
    dovecot.stop()
    provider.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def provider(provider_and_dovecot, settings):
    """The provider, its tokens and grants forgotten, and the service set to
    ask it for tokens with the client's own credentials (Microsoft 365's
    way); the mailbox emptied. The password is wrong: only a token opens it."""
    provider, dovecot = provider_and_dovecot
    provider = provider.provider
    provider.reset()
    oauth._held.clear()
    dovecot.empty()
    settings.SCRUTINY_REPLY_IMAP_HOST = "127.0.0.1"
    settings.SCRUTINY_REPLY_IMAP_PORT = dovecot.port
    settings.SCRUTINY_REPLY_IMAP_SECURITY = "none"
    settings.SCRUTINY_REPLY_IMAP_USER = dovecot.user
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = "not the password"
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = ""
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL = provider_and_dovecot[0].token_url
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID = provider.client_id
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = provider.client_secret
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE = provider.scope
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = ""
    provider.deliver = dovecot.deliver
    yield provider
    oauth._held.clear()


@pytest.fixture
def received(monkeypatch):
    fake = FakeReceive()
    monkeypatch.setattr(receiving, "receive", fake)
    return fake


def later(monkeypatch, provider, seconds: float) -> None:
    """Time moves on `seconds` for the service and the provider alike."""
    provider.advance(seconds)
    clock = oauth._now
    monkeypatch.setattr(oauth, "_now", lambda: clock() + seconds)


def test_the_service_asks_for_a_token_with_its_credentials_and_keeps_it_while_it_lasts(provider, received):
    provider.deliver(reply("an update"))
    assert fetch_replies().handled == 1

    provider.deliver(reply("a second update"))
    assert fetch_replies().handled == 1
    assert provider.grants == ["client_credentials"]


def test_a_token_about_to_lapse_is_renewed_before_the_run(provider, received, monkeypatch):
    fetch_replies()
    later(monkeypatch, provider, 3600 - 200)  # 200 seconds of the token left: too few

    provider.deliver(reply("an update"))
    assert fetch_replies().handled == 1
    assert provider.grants == ["client_credentials", "client_credentials"]
    assert provider.dead_tokens_shown == 0  # renewed before it lapsed, not after a refusal


def test_a_token_ended_early_is_asked_for_again_and_the_run_goes_on(provider, received):
    fetch_replies()
    provider.revoke_all()  # the consent withdrawn and given again, say

    provider.deliver(reply("an update"))
    assert fetch_replies().handled == 1
    assert provider.grants == ["client_credentials", "client_credentials"]
    assert provider.dead_tokens_shown == 1


@pytest.mark.django_db
def test_a_refresh_token_the_provider_renews_is_kept_for_the_next_worker(provider, received, settings):
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = provider.consent()
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"
    provider.deliver(reply("an update"))
    assert fetch_replies().handled == 1

    # The worker restarted: the refresh token in its environment is spent.
    oauth._held.clear()
    provider.deliver(reply("a second update"))
    assert fetch_replies().handled == 1
    assert provider.grants == ["refresh_token", "refresh_token"]
    assert MailboxRefreshToken.objects.get().token in provider.refresh

    # Consent given again: the new refresh token in the environment starts afresh.
    oauth._held.clear()
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = provider.consent()
    provider.deliver(reply("a third update"))
    assert fetch_replies().handled == 1
    assert MailboxRefreshToken.objects.count() == 2


@pytest.mark.django_db
def test_a_refusing_provider_is_quoted_and_the_secret_is_not(provider, received, settings):
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = "expired-secret-4f9a"
    provider.deliver(reply("an update"))

    with pytest.raises(CommandError) as refused:
        call_command("fetch_replies")

    said = str(refused.value)
    assert "refused to give an access token (HTTP 401): invalid_client: AADSTS7000215: Invalid client secret." in said
    assert "expired-secret-4f9a" not in said
    assert received.given == []


@pytest.mark.django_db
def test_a_spent_refresh_token_says_consent_is_needed_again(provider, received, settings):
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = "a token the provider never gave"

    with pytest.raises(MailboxUnavailable, match="invalid_grant: AADSTS70008: The refresh token has expired"):
        fetch_replies()


@pytest.mark.parametrize("address", ["a port nothing answers", "no scheme"])
def test_an_unreachable_token_endpoint_is_said_plainly(provider, received, settings, address):
    url = f"http://127.0.0.1:{free_port()}/token" if address == "a port nothing answers" else "login.example/token"
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL = url

    with pytest.raises(MailboxUnavailable, match=f"Could not get an access token from {re.escape(url)}"):
        fetch_replies()


@pytest.mark.parametrize(
    ("debug", "url", "client_id", "secret", "scope", "refresh", "errors"),
    [
        (False, "https://login.microsoftonline.com/t/oauth2/v2.0/token", "app", "s", "scope", "", []),
        (False, "https://oauth2.googleapis.com/token", "app", "s", "", "1//refresh", []),
        (False, "https://login.microsoftonline.com/t/oauth2/v2.0/token", "", "s", "scope", "", ["scrutiny.E106"]),
        (False, "http://login.example/token", "app", "s", "scope", "", ["scrutiny.E107"]),
        (True, "http://127.0.0.1:8999/token", "app", "s", "scope", "", []),
        (False, "https://login.microsoftonline.com/t/oauth2/v2.0/token", "app", "s", "", "", ["scrutiny.E108"]),
    ],
)
def test_the_start_up_check_reads_the_oauth2_settings(settings, debug, url, client_id, secret, scope, refresh, errors):
    settings.DEBUG = debug
    settings.SCRUTINY_REPLY_IMAP_HOST = "outlook.office365.com"
    settings.SCRUTINY_REPLY_IMAP_SECURITY = "tls"
    settings.SCRUTINY_REPLY_IMAP_USER = "scrutiny-replies@council.example"
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = ""
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = ""
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL = url
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID = client_id
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = secret
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE = scope
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN = refresh

    assert [error.id for error in reply_mailbox_check(None)] == errors


@pytest.mark.django_db
def test_health_says_when_the_worker_has_not_read_the_mailbox_for_several_runs(provider, received, settings):
    settings.SCRUTINY_REPLY_FETCH_SECONDS = 0.01  # three failed runs: 30 ms
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = "a secret that has expired"
    with pytest.raises(MailboxUnavailable):
        fetch_replies_alone()
    time.sleep(0.05)

    replies = Client().get("/health/").json()["checks"]["replies"]
    assert replies.startswith("the reply mailbox has not been read since ")
    assert replies.endswith(": see the task worker's log")

    settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET = provider.client_secret  # a new secret set
    fetch_replies_alone()
    assert Client().get("/health/").json()["checks"]["replies"] == "ok"
