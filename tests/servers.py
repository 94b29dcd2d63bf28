"""The service as it runs in production, on this machine: gunicorn and task
workers started as processes of their own on 127.0.0.1, and people using it
through plain HTTP as their browsers would (cookies kept, forms sent with
their CSRF token, as if through a TLS proxy where asked).

Used by the two-server test (tests/test_two_servers.py), the CI's production
step (.ci/production_check.py) and the load benchmark (bench/load.py).
Traffic goes to 127.0.0.1 only.
"""

import http.client
import http.cookies
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def test_database_url() -> str:
    """The address of the database the test suite runs on, for a server of
    its own (called within a test, where Django's settings are loaded)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, whatever pytest makes of its name


def service_env(tmp_path, **settings) -> dict:
    """The environment of the service's own processes in a test: this
    process's, on the test database with the database task queue, the
    published and evidence stores under `tmp_path`, then `settings`."""
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": test_database_url(),
        "PUBLISHED_ROOT": str(tmp_path / "published"),
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        **settings,
    }


def passwords_the_servers_check(usernames, settings) -> None:
    """Give these demo logins their demo password hashed with the real
    hasher, which the servers check, not the tests' fast one (`settings`:
    pytest-django's fixture)."""
    from django.conf import global_settings
    from django.contrib.auth import get_user_model

    from actionplans.demo import demo_password

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for user in get_user_model().objects.filter(username__in=usernames):
        user.set_password(demo_password())
        user.save(update_fields=["password"])


def wait_for(condition, what: str, seconds: float = 60):
    """What `condition()` gives once it gives something, asked every 0.2 s."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {seconds:g} s"
        time.sleep(0.2)
    return found


def ephemeral_ports() -> range:
    """The ports the kernel hands to outgoing connections (a client's end of
    each connection to PostgreSQL, say)."""
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


def free_port() -> int:
    """A port nothing listens on, for a server a test starts, chosen at
    random below the kernel's ephemeral ports: a port the kernel picked
    (bind to 0) can be picked again for an outgoing connection before the
    server binds it, which under the PostgreSQL suite's many connections
    happens, and the server then finds its port in use."""
    ephemeral = ephemeral_ports()
    candidates = [port for port in range(10000, 30000) if port not in ephemeral]
    for port in random.sample(candidates, 200):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def wait_for_port(process: subprocess.Popen, port: int, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process on port {port} stopped at start (exit {process.returncode})")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"nothing answered on port {port} within {seconds:g} s")


def start(command: list[str], env: dict, log) -> subprocess.Popen:
    """A process in a process group of its own, so that stopping it stops its
    children (gunicorn's workers) too."""
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def start_gunicorn(env: dict, port: int, log, *, workers: int = 2) -> subprocess.Popen:
    server = start([str(GUNICORN), "scrutiny.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)], env, log)
    wait_for_port(server, port)
    return server


def start_worker(env: dict, log, *, worker_id: str) -> subprocess.Popen:
    return start(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--worker-id", worker_id],
        env,
        log,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# What fill() leaves free: less than any document or evidence file a test stores.
ROOM_LEFT = 8 * 1024


def fill(disk: Path) -> Path:
    """Fill `disk` (the small_disk fixture's) but for ROOM_LEFT bytes; the
    filler, to remove to make room."""
    gap, filler = disk / "gap", disk / "filler"
    gap.write_bytes(b"\0" * ROOM_LEFT)
    with open(filler, "wb", buffering=0) as file:
        try:
            while True:
                file.write(b"\0" * 4096)
        except OSError:
            pass
    gap.unlink()
    return filler


class FormFields(HTMLParser):
    """The fields of the page's form that has `marker` among its names, as a
    browser would send them (without any button)."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"radio", "checkbox"} and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1].append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1].append((self._select, a.get("value") or ""))

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1][-1]
            self.forms[-1][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def fields(self) -> list[tuple[str, str]] | None:
        return next((form for form in self.forms if any(name == self.marker for name, _ in form)), None)


def form_fields(html: str, marker: str) -> list[tuple[str, str]] | None:
    parser = FormFields(marker)
    parser.feed(html)
    return parser.fields()


@dataclass
class Answer:
    status: int  # 0: no answer at all (the server was gone)
    seconds: float
    body: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


def multipart(form: list[tuple[str, str]], files) -> tuple[bytes, str]:
    """The body and content type of a form with files, as a browser sends it."""
    boundary = f"----scrutiny-tests-{random.getrandbits(64):016x}"
    parts = []
    for name, value in form:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        parts.append(str(value).encode() + b"\r\n")
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        parts.append(content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Visitor:
    """One person's browser. With `host`, requests name that host and say
    they came through a TLS proxy (X-Forwarded-Proto: https), as production
    behind the council's proxy sees them."""

    def __init__(self, port: int, *, host: str | None = None, timeout: float = 60):
        self.port = port
        self.host = host
        self.timeout = timeout
        self.cookies = http.cookies.SimpleCookie()

    def request(
        self, method: str, path: str, form: list[tuple[str, str]] | None = None, headers=None, files=None
    ) -> Answer:
        """`files`: (field, file name, bytes) chosen on the form, sent as a
        browser sends a form with a file field (multipart/form-data)."""
        sent = {"Host": self.host or f"{HOST}:{self.port}", "User-Agent": "scrutiny-tests", **(headers or {})}
        if self.host:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if files:
            body, sent["Content-Type"] = multipart(form or [], files)
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if form is not None or files:
            # A browser's POST names where it comes from; Django's CSRF check
            # wants it over HTTPS.
            sent["Origin"] = f"https://{self.host}" if self.host else f"http://{HOST}:{self.port}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            answer = Answer(
                response.status,
                time.perf_counter() - started,
                content.decode("utf-8", "replace"),
                {k.lower(): v for k, v in response.getheaders()},
            )
            for cookie in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(cookie)
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(0, time.perf_counter() - started, f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        return answer

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: list[tuple[str, str]], files=None) -> Answer:
        return self.request("POST", path, form, files=files)

    def sign_in(self, username: str, password: str, path: str = "/sign-in/") -> Answer:
        page = self.get(path)
        form = [(k, v) for k, v in (form_fields(page.body, "username") or []) if k not in {"username", "password"}]
        return self.post(path, [*form, ("username", username), ("password", password)])


def signed_in(port: int, username: str) -> Visitor:
    """A browser signed in as a demo login (its password as the servers check it)."""
    from actionplans.demo import demo_password

    browser = Visitor(port)
    assert browser.sign_in(username, demo_password()).status == 302
    return browser
