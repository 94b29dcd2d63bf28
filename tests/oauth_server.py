"""A private OAuth 2.0 provider for the reply mailbox's tests: a token
endpoint (RFC 6749: the client-credentials and refresh-token grants, the
client's id and secret in the body) and an introspection endpoint (RFC
7662) that a Dovecot asks whether a token it is given is live
(tests/imap_server.py, `oauth2_introspection`), as Microsoft's and
Google's IMAP servers ask their own. Served over HTTP on 127.0.0.1 from a
thread of the test process.

Like Microsoft's, it gives a new refresh token with every refreshed access
token; unlike theirs, the old one stops working at once, so a service that
does not keep the newest is found out on its second refresh."""

import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.servers import HOST


@dataclass
class Provider:
    """What the provider knows: its one client, the mailbox's user, the
    live access and refresh tokens, and each grant asked for, in order."""

    user: str
    client_id: str = "scrutiny-replies"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    scope: str = "https://outlook.office365.com/.default"
    lifetime: float = 3600
    access: dict[str, float] = field(default_factory=dict)  # token: when it lapses (now())
    refresh: set[str] = field(default_factory=set)
    grants: list[str] = field(default_factory=list)
    skew: float = 0  # seconds its clock is ahead of time.monotonic()
    dead_tokens_shown: int = 0  # introspections of a token not live

    def now(self) -> float:
        return time.monotonic() + self.skew

    def advance(self, seconds: float) -> None:
        """Its clock moved on, as time passing would move it."""
        self.skew += seconds

    def reset(self) -> None:
        self.lifetime = 3600
        self.skew = 0
        self.dead_tokens_shown = 0
        self.access.clear()
        self.refresh.clear()
        self.grants.clear()

    def consent(self) -> str:
        """A refresh token, as an administrator's consent gives one."""
        token = secrets.token_urlsafe(24)
        self.refresh.add(token)
        return token

    def revoke_all(self) -> None:
        """Every access token ended early, as a withdrawn consent ends them."""
        self.access.clear()

    def token(self, form: dict) -> tuple[int, dict]:
        """The token endpoint's answer to a request's form."""
        grant = form.get("grant_type", "")
        self.grants.append(grant)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."}
        answer = {}
        if grant == "client_credentials":
            if form.get("scope") != self.scope:
                return 400, {"error": "invalid_scope", "error_description": "The scope is not valid."}
        elif grant == "refresh_token":
            if form.get("refresh_token") not in self.refresh:
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "AADSTS70008: The refresh token has expired.",
                }
            self.refresh.discard(form["refresh_token"])
            answer["refresh_token"] = self.consent()
        else:
            return 400, {"error": "unsupported_grant_type"}
        access = secrets.token_urlsafe(24)
        self.access[access] = self.now() + self.lifetime
        return 200, {**answer, "access_token": access, "token_type": "Bearer", "expires_in": int(self.lifetime)}

    def introspect(self, form: dict) -> tuple[int, dict]:
        lapses = self.access.get(form.get("token", ""))
        if lapses is None or lapses <= self.now():
            self.dead_tokens_shown += 1
            return 200, {"active": False}
        return 200, {"active": True, "username": self.user}


class _Handler(BaseHTTPRequestHandler):
    provider: Provider

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        path = urllib.parse.urlsplit(self.path).path
        handlers = {"/token": self.provider.token, "/introspect": self.provider.introspect}
        status, answer = handlers[path](form) if path in handlers else (404, {"error": "not_found"})
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # the test's output is not the place
        pass


class PrivateProvider:
    """The provider, serving on `port` until stop(): `token_url` and
    `introspection_url` are its addresses."""

    def __init__(self, user: str):
        self.provider = Provider(user)
        handler = type("Handler", (_Handler,), {"provider": self.provider})
        self.server = ThreadingHTTPServer((HOST, 0), handler)
        self.port = self.server.server_address[1]
        self.token_url = f"http://{HOST}:{self.port}/token"
        self.introspection_url = f"http://{HOST}:{self.port}/introspect"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
