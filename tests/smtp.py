"""A real SMTP server for the tests, on 127.0.0.1 (aiosmtpd), which keeps
every message it receives; and the fixture that points Django's SMTP
backend at it."""

import contextlib
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from tests.servers import free_port


class TestSMTPServer:
    """Start, stop and start again on the same port (a mail server that
    goes away and comes back); `messages` keeps what arrived, parsed."""

    __test__ = False  # not a test class, whatever pytest makes of its name

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list:
        """The messages received for `address`."""
        with self._lock:
            return [m for m in self.messages if address in m["To"]]

    def body(self, message) -> str:
        """The plain text, with the line endings as written (SMTP carries CRLF)."""
        return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@contextlib.contextmanager
def smtp_server_for(settings):
    """A running SMTP server that Django's mail goes to (`settings`: pytest-django's fixture)."""
    server = TestSMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    try:
        yield server
    finally:
        server.stop()
