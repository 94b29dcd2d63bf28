"""A private Dovecot, for the reply mailbox's tests and benchmark: its own
configuration in a directory of its own (Debian's dovecot-imapd run with
`dovecot -F -c FILE`, no service started), one user, IMAP on a free port
of 127.0.0.1, the mail in a maildir under the directory.

Dovecot checks an XOAUTH2 token against its passdb as it would a password,
so the user's password is also a token it accepts: the tests sign in both
ways on the one server. Started with `oauth2_introspection`, it asks that
address instead (its `oauth2` passdb), as a provider's IMAP server asks
the provider, and takes only the tokens it says are live
(tests/oauth_server.py).

It also answers IMAPS on `tls_port` and STARTTLS on `port`, with a
self-signed certificate for 127.0.0.1 (`certificate`): refused by a
client that checks certificates, unless it is told to trust that one.

Started as root (as on CI), Dovecot's login process runs as `dovenull`
and the mail is the `dovecot` user's: `directory` must be one that user
can reach (the fixture makes one under the system's temporary folder)."""

import imaplib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.servers import HOST, free_port


class DovecotMissing(RuntimeError):
    """Dovecot is not installed."""


def _dovecot() -> str | None:
    return shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot",) if Path(p).exists()), None)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=2) as client:
            return client.recv(64).startswith(b"* OK")
    except OSError:
        return False


class PrivateDovecot:
    """A Dovecot started in `directory` and answering IMAP on `port` when
    the constructor returns, with one user (`user`, `password`); `stop()`
    ends it. Raises DovecotMissing without Debian's dovecot-imapd."""

    user = "replies"

    def __init__(self, directory: Path, *, timeout: float = 30, oauth2_introspection: str | None = None):
        dovecot = _dovecot()
        if not dovecot:
            raise DovecotMissing("Dovecot is not installed (Debian's dovecot-imapd: make dovecot)")
        self.directory = directory = Path(directory)
        self.password = secrets.token_urlsafe(16)
        self.port = free_port()
        while (tls_port := free_port()) == self.port:
            pass
        self.tls_port = tls_port
        self.certificate, key = directory / "certificate.pem", directory / "key.pem"
        self_signed = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"]
        files = ["-keyout", str(key), "-out", str(self.certificate)]
        subprocess.run([*self_signed, "-addext", f"subjectAltName=IP:{HOST}", *files], check=True, capture_output=True)
        self.log = directory / "dovecot.log"
        # As root, Dovecot will not let its login process or the mail be
        # root's; as anyone else, every part of it runs as them.
        if os.geteuid() == 0:
            login_user, internal_user = "dovenull", "dovecot"
        else:
            login_user = internal_user = pwd.getpwuid(os.geteuid()).pw_name
        home = directory / "home"
        home.mkdir(parents=True, exist_ok=True)
        users = directory / "users"
        users.write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        users.chmod(0o640)
        if os.geteuid() == 0:
            shutil.chown(home, internal_user, internal_user)
            shutil.chown(users, group=internal_user)
        self.config = directory / "dovecot.conf"
        only_passwords = "  mechanisms = plain login\n" if oauth2_introspection else ""
        self.config.write_text(
            "protocols = imap\n"
            f"listen = {HOST}\n"
            f"base_dir = {directory / 'run'}\n"
            f"state_dir = {directory / 'state'}\n"
            f"log_path = {self.log}\n"
            f"ssl = yes\nssl_cert = <{self.certificate}\nssl_key = <{key}\n"
            "disable_plaintext_auth = no\n"
            "auth_mechanisms = plain login xoauth2\n"
            "auth_failure_delay = 0\n"  # a wrong password answered at once
            f"default_login_user = {login_user}\n"
            f"default_internal_user = {internal_user}\n"
            "first_valid_uid = 100\n"
            "first_valid_gid = 100\n"
            "mail_location = maildir:~/Maildir\n"
            f"{self._oauth2_passdb(oauth2_introspection)}"
            f"passdb {{\n  driver = passwd-file\n  args = {users}\n{only_passwords}}}\n"
            f"userdb {{\n  driver = static\n  args = uid={internal_user} gid={internal_user} home={home}/%u\n}}\n"
            "service imap-login {\n"
            f"  inet_listener imap {{\n    port = {self.port}\n  }}\n"
            f"  inet_listener imaps {{\n    port = {self.tls_port}\n    ssl = yes\n  }}\n"
            "}\n"
        )
        # In the foreground (-F), so that stopping it is ending one process.
        self.process = subprocess.Popen(
            [dovecot, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not _answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self.log.read_text() if self.log.exists() else ""
                raise RuntimeError(f"Dovecot did not start:\n{self.process.stderr.read().decode()}{log[-2000:]}")
            time.sleep(0.1)

    def _oauth2_passdb(self, introspection: str | None) -> str:
        """With `introspection`, XOAUTH2 tokens are checked by asking that
        address (RFC 7662) and the password is no token; without, the
        password is the token too."""
        if not introspection:
            return ""
        settings = self.directory / "oauth2.conf"
        settings.write_text(
            f"introspection_mode = post\nintrospection_url = {introspection}\nforce_introspection = yes\n"
            "username_attribute = username\nactive_attribute = active\nactive_value = true\n"
        )
        return f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {settings}\n}}\n"

    def client(self) -> imaplib.IMAP4:
        """A new IMAP connection, logged in (log it out when done)."""
        client = imaplib.IMAP4(HOST, self.port, timeout=30)
        client.login(self.user, self.password)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        """`raw` put in `folder` (made if missing), as mail arriving is.
        imaplib's APPEND ends every line with CRLF, as mail on the wire."""
        self.deliver_all([raw], folder)

    def deliver_all(self, messages, folder: str = "INBOX") -> None:
        """Each of `messages` delivered in turn, over one connection."""
        client = self.client()
        try:
            client.create(folder)  # "already exists" when it does
            for raw in messages:
                status, data = client.append(folder, None, None, raw)
                assert status == "OK", data
        finally:
            client.logout()

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The bytes of every message in `folder`, in the order they came
        (none when the folder is missing)."""
        client = self.client()
        try:
            status, _ = client.select(folder, readonly=True)
            if status != "OK":
                return []
            status, data = client.uid("FETCH", "1:*", "(BODY.PEEK[])")
            assert status == "OK", data
            return [item[1] for item in data if isinstance(item, tuple)]
        finally:
            client.logout()

    def folders(self) -> list[str]:
        client = self.client()
        try:
            _, data = client.list()
            return sorted(line.decode().rsplit(' "." ', 1)[1].strip('"') for line in data)
        finally:
            client.logout()

    def empty(self) -> None:
        """Every folder but the inbox deleted, and the inbox emptied."""
        client = self.client()
        try:
            for folder in self.folders():
                if folder != "INBOX":
                    client.delete(folder)
            client.select("INBOX")
            client.uid("STORE", "1:*", "+FLAGS", r"(\Deleted)")
            client.expunge()
        finally:
            client.logout()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
