"""The test OpenID Connect provider, run as a second process on 127.0.0.1
for the whole test session (`oidc_provider` fixture), and the settings
that point the service at it (`single_sign_on` fixture)."""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.servers import free_port

HERE = Path(__file__).resolve().parent
CLIENT_ID = "scrutiny-monitoring"
CLIENT_SECRET = "test-client-secret-not-for-production"
PASSWORD = "provider-password-1"
# The provider's people: username -> (first name, last name, e-mail, groups).
PEOPLE = {
    "carol": ("Carol", "Clerkson", "carol.clerkson@example.org", ["scrutiny-clerks"]),
    "colin": ("Colin", "Councillor", "colin.councillor@example.org", ["members"]),
    "nora": ("Nora", "Nogroup", "nora.nogroup@example.org", ["canteen-rota"]),
    # Whose address the provider says it has not verified (claims.py).
    "uma": ("Uma", "Unverified", "uma.unverified@example.org", ["members"]),
}
# How the tests map the provider's groups to the roles.
GROUP_ROLES = "scrutiny-clerks=Clerk,members=Committee member,scrutiny-officers=Officer"


@dataclass
class Provider:
    url: str
    groups_file: Path

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def set_groups(self, username: str, groups: list[str]) -> None:
        """What the provider will say the person's groups are at their next sign-in."""
        current = json.loads(self.groups_file.read_text())
        current[username] = groups
        self.groups_file.write_text(json.dumps(current))

    def reset_groups(self) -> None:
        self.groups_file.write_text(json.dumps({name: person[3] for name, person in PEOPLE.items()}))


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory, live_server):
    """django-oidc-provider in its own process with its own SQLite database,
    an RSA signing key, the service registered as a confidential client
    (its redirect address at the live server and at the test client's
    "testserver"), and PEOPLE with their groups."""
    where = tmp_path_factory.mktemp("oidc_provider")
    groups_file = where / "groups.json"
    plan = where / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{live_server.url}/oidc/callback/", "http://testserver/oidc/callback/"],
                "people": [
                    {"username": name, "first_name": first, "last_name": last, "email": email, "password": PASSWORD}
                    for name, (first, last, email, _groups) in PEOPLE.items()
                ],
            }
        )
    )
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(where / "provider.sqlite3"),
        "OIDC_PROVIDER_GROUPS_FILE": str(groups_file),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(HERE / "manage.py")]
    subprocess.run([*manage, "prepare", str(plan)], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    provider = Provider(url=f"http://127.0.0.1:{port}", groups_file=groups_file)
    provider.reset_groups()
    with open(where / "server.log", "wb") as log:
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_answering(provider, server, log_path=where / "server.log")
            yield provider
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_until_answering(provider, server, *, log_path):
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"The test OIDC provider did not start: see {log_path}")
        time.sleep(0.1)


@pytest.fixture
def single_sign_on(settings, oidc_provider):
    """The service with single sign-on on, pointed at the test provider."""
    oidc_provider.reset_groups()
    settings.SCRUTINY_OIDC = True
    settings.SCRUTINY_OIDC_PROVIDER_NAME = "Test provider"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider.issuer}/jwks"
    settings.SCRUTINY_OIDC_GROUP_ROLES = GROUP_ROLES
    return oidc_provider
