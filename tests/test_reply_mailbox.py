"""The reply mailbox, read from a real Dovecot (tests/imap_server.py):
each message passed as delivered to receive(), then filed in the handled
or the refused folder; one that fails left for the next run. receive() is
another part's work (tests of its own): here a stand-in records what it
was given and answers by the message's subject."""

import threading

import pytest
from django.core.management import CommandError, call_command

from actionplans.checks import reply_mailbox_check
from actionplans.management.commands.db_worker import fetch_replies_in_turn, keep_fetching_replies
from actionplans.models import RequestCount
from actionplans.replies import mailbox, receiving
from actionplans.replies.mailbox import LEASE, LEASE_KEY, MailboxUnavailable, fetch_replies, fetch_replies_alone
from actionplans.replies.receiving import Received
from tests.servers import free_port


def reply(subject: str, body: str = "On track: the survey went out in May.") -> bytes:
    """A reply as it arrives: CRLF line ends, a folded header, a non-ASCII
    body in quoted-printable, as mail programs send them."""
    return (
        "From: Officer One <officer@council.example>\r\n"
        "To: reply+token@scrutiny.council.example\r\n"
        f"Subject: Re: {subject}\r\n"
        "Thread-Topic: a header folded\r\n over two lines\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@council.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        f"{body}\r\n"
        "Caf=C3=A9 budget agreed =E2=80=93 see attached.\r\n"
    ).encode()


class FakeReceive:
    """receive(): refuses a message whose subject says "refuse", raises on
    one that says "explode", saves any other; keeps what it was given."""

    def __init__(self):
        self.given: list[bytes] = []
        self.sizes: list[int | None] = []

    def __call__(self, raw: bytes, *, size: int | None = None) -> Received:
        self.given.append(raw)
        self.sizes.append(size)
        if b"explode" in raw:
            raise ValueError("the update could not be read")
        if b"refuse" in raw:
            return Received("refused", "Refused: the reply names no update.")
        return Received("saved", "Saved as the draft of action 1.2.")


@pytest.fixture
def received(monkeypatch):
    fake = FakeReceive()
    monkeypatch.setattr(receiving, "receive", fake)
    return fake


def test_each_message_is_passed_as_delivered_and_filed_by_what_became_of_it(reply_mailbox, received):
    messages = [reply("first update"), reply("please refuse this"), reply("second update")]
    reply_mailbox.deliver_all(messages)

    summary = fetch_replies()

    assert received.given == messages
    assert reply_mailbox.messages("INBOX") == []
    assert reply_mailbox.messages("Handled") == [messages[0], messages[2]]
    assert reply_mailbox.messages("Refused") == [messages[1]]
    assert (summary.handled, summary.refused, summary.failed) == (2, 1, 0)
    assert str(summary) == "3 messages: 2 handled, 1 refused, 0 failed (left for the next run)."


def test_folders_already_there_are_used_as_they_are(reply_mailbox, received):
    earlier = reply("filed last week")
    reply_mailbox.deliver(earlier, folder="Handled")
    reply_mailbox.deliver(reply("today's update"))

    fetch_replies()

    assert reply_mailbox.messages("Handled") == [earlier, reply("today's update")]
    assert reply_mailbox.folders() == ["Handled", "INBOX", "Refused"]


def test_a_message_that_fails_stays_unread_in_the_inbox_and_the_others_are_filed(reply_mailbox, received, caplog):
    reply_mailbox.deliver_all([reply("first update"), reply("explode"), reply("please refuse")])

    summary = fetch_replies()

    assert (summary.handled, summary.refused, summary.failed) == (1, 1, 1)
    assert reply_mailbox.messages("INBOX") == [reply("explode")]
    assert "the update could not be read" in caplog.text
    client = reply_mailbox.client()
    client.select("INBOX", readonly=True)
    _, flags = client.uid("FETCH", "1:*", "(FLAGS)")
    client.logout()
    assert b"\\Seen" not in flags[0]

    # The next run tries it again, and only it.
    received.given.clear()
    assert fetch_replies().failed == 1
    assert received.given == [reply("explode")]


def test_a_second_run_finds_nothing(reply_mailbox, received):
    reply_mailbox.deliver(reply("an update"))
    fetch_replies()
    received.given.clear()

    summary = fetch_replies()

    assert received.given == []
    assert str(summary) == "0 messages: 0 handled, 0 refused, 0 failed (left for the next run)."


def test_a_large_inbox_is_fetched_in_batches_in_the_order_it_came(reply_mailbox, received, monkeypatch):
    monkeypatch.setattr(mailbox, "BATCH_MESSAGES", 3)
    messages = [reply(f"update {n}") for n in range(8)]
    reply_mailbox.deliver_all(messages)
    asked = []
    fetch = mailbox.MailBoxUnencrypted.fetch
    monkeypatch.setattr(
        mailbox.MailBoxUnencrypted, "fetch", lambda self, **kw: asked.append(kw["uid_list"]) or fetch(self, **kw)
    )

    fetch_replies()

    assert [len(batch) for batch in asked] == [3, 3, 2]
    assert received.given == messages
    monkeypatch.setattr(mailbox, "BATCH_BYTES", 1)  # every message larger: one a fetch
    reply_mailbox.deliver_all(messages[:2])
    asked.clear()
    fetch_replies()
    assert [len(batch) for batch in asked] == [1, 1]


def test_a_message_over_the_limit_is_fetched_alone_and_no_further_than_its_headers(reply_mailbox, received, settings):
    """Issue 72 item 6: a message larger than SCRUTINY_REPLY_MAX_BYTES is
    never read whole: its headers, and its size, are all receive() gets."""
    settings.SCRUTINY_REPLY_MAX_BYTES = 4096
    small, large = reply("small one"), reply("large one", body="x" * 20_000)
    reply_mailbox.deliver_all([small, large])

    fetch_replies()

    assert received.given[0] == small and received.sizes[0] is None
    assert received.given[1] == large.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    assert received.sizes[1] == len(large)


def test_a_database_that_stops_answering_stops_the_run_and_leaves_the_rest(reply_mailbox, monkeypatch):
    from django.db import OperationalError

    def database_gone_after_the_first(raw, *, size=None):
        if b"first" not in raw:
            raise OperationalError("server closed the connection unexpectedly")
        return Received("saved", "Saved.")

    monkeypatch.setattr(receiving, "receive", database_gone_after_the_first)
    reply_mailbox.deliver_all([reply("first"), reply("second"), reply("third")])

    with pytest.raises(OperationalError):
        fetch_replies()

    assert reply_mailbox.messages("Handled") == [reply("first")]
    assert reply_mailbox.messages("INBOX") == [reply("second"), reply("third")]


def test_an_oauth2_token_signs_in_where_one_is_set(reply_mailbox, received, settings):
    # The private Dovecot takes the user's password as their token too.
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = reply_mailbox.password
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = "not the password"
    reply_mailbox.deliver(reply("an update"))

    assert fetch_replies().handled == 1


@pytest.mark.django_db
def test_the_command_prints_a_line_for_each_message_and_the_counts(reply_mailbox, received, capsys):
    reply_mailbox.deliver_all([reply("an update"), reply("please refuse"), reply("explode")])

    call_command("fetch_replies")

    out, err = capsys.readouterr()
    first = int(out.split()[1].rstrip(","))  # the inbox's UIDs go on from earlier tests'
    assert out.splitlines() == [
        f"Message {first}, moved to Handled: Saved as the draft of action 1.2.",
        f"Message {first + 1}, moved to Refused: Refused: the reply names no update.",
        f"Message {first + 2}, left in INBOX: failed (ValueError('the update could not be read'))",
        "3 messages: 1 handled, 1 refused, 1 failed (left for the next run).",
    ]
    assert "1 message(s) failed" in err


@pytest.mark.django_db
def test_the_command_reads_nothing_while_another_run_reads_the_mailbox(reply_mailbox, received, capsys):
    """Issue 72 item 6: the command takes the worker's lease, so two runs
    at once cannot file one message twice."""
    reply_mailbox.deliver_all([reply("an update")])
    assert RequestCount.take([LEASE_KEY], limit=1, window=LEASE)  # a worker's run under way

    call_command("fetch_replies")

    assert "Another run is reading the reply mailbox now" in capsys.readouterr().out
    assert received.given == []


@pytest.mark.django_db
def test_the_command_says_plainly_that_no_mailbox_is_set(settings):
    settings.SCRUTINY_REPLY_IMAP_HOST = ""

    with pytest.raises(CommandError, match="SCRUTINY_REPLY_IMAP_HOST is not set"):
        call_command("fetch_replies")


@pytest.mark.django_db
def test_the_command_says_plainly_that_the_login_was_refused(reply_mailbox, settings):
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = "not the password"

    with pytest.raises(CommandError) as refused:
        call_command("fetch_replies")

    assert str(refused.value) == (
        f"The reply mailbox at 127.0.0.1:{reply_mailbox.port} refused to sign in 'replies' with the password: "
        "[AUTHENTICATIONFAILED] Authentication failed."
    )


def test_a_mailbox_that_does_not_answer_or_has_no_such_folder_is_said_plainly(reply_mailbox, settings):
    settings.SCRUTINY_REPLY_IMAP_FOLDER = "Replies"
    with pytest.raises(MailboxUnavailable) as no_folder:
        fetch_replies()
    assert str(no_folder.value).startswith(f"The reply mailbox at 127.0.0.1:{reply_mailbox.port} stopped answering")
    assert "Mailbox doesn't exist: Replies" in str(no_folder.value)

    settings.SCRUTINY_REPLY_IMAP_PORT = port = free_port()  # nothing listens there
    with pytest.raises(MailboxUnavailable) as unreachable:
        fetch_replies()
    assert (
        str(unreachable.value)
        == f"Could not reach the reply mailbox at 127.0.0.1:{port}: [Errno 111] Connection refused"
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_mailbox_in_a_thread_of_its_own(reply_mailbox, received):
    reply_mailbox.deliver(reply("an update"))
    stop = threading.Event()
    stop.set()  # one run, then the thread ends as when the worker stops

    worker = threading.Thread(target=keep_fetching_replies, args=(stop,))
    worker.start()
    worker.join(timeout=30)

    assert not worker.is_alive()
    assert reply_mailbox.messages("Handled") == [reply("an update")]
    assert not RequestCount.objects.filter(key=LEASE_KEY).exists()  # the lease given back


@pytest.mark.django_db
def test_a_worker_lets_its_turn_pass_while_another_reads_the_mailbox(reply_mailbox, received):
    reply_mailbox.deliver(reply("an update"))
    RequestCount.take([LEASE_KEY], limit=1, window=LEASE)  # another server's worker, reading

    assert fetch_replies_alone() is None
    assert reply_mailbox.messages("INBOX") == [reply("an update")]

    RequestCount.objects.filter(key=LEASE_KEY).delete()  # its run over
    assert fetch_replies_alone().handled == 1


@pytest.mark.django_db(transaction=True)
def test_a_mailbox_the_worker_cannot_read_is_logged_and_the_worker_goes_on(reply_mailbox, settings, caplog):
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = "not the password"

    fetch_replies_in_turn()

    assert "The reply mailbox could not be read" in caplog.text
    assert "Authentication failed" in caplog.text
    assert not RequestCount.objects.filter(key=LEASE_KEY).exists()


@pytest.mark.parametrize(
    ("debug", "security", "password", "errors"),
    [
        (False, "tls", "secret", []),
        (False, "starttls", "secret", []),
        (False, "none", "secret", ["scrutiny.E104"]),
        (True, "none", "secret", []),
        (False, "ssl", "secret", ["scrutiny.E103"]),
        (False, "tls", "", ["scrutiny.E105"]),
    ],
)
def test_the_start_up_check_refuses_an_unencrypted_mailbox_without_debug_and_a_host_without_login(
    settings, debug, security, password, errors
):
    settings.DEBUG = debug
    settings.SCRUTINY_REPLY_IMAP_HOST = "imap.council.example"
    settings.SCRUTINY_REPLY_IMAP_SECURITY = security
    settings.SCRUTINY_REPLY_IMAP_USER = "scrutiny-replies@council.example"
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = password
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = ""

    assert [error.id for error in reply_mailbox_check(None)] == errors


def test_the_start_up_check_takes_a_token_for_a_password_and_asks_nothing_without_a_host(settings):
    settings.DEBUG = False
    settings.SCRUTINY_REPLY_IMAP_HOST = "outlook.office365.com"
    settings.SCRUTINY_REPLY_IMAP_SECURITY = "tls"
    settings.SCRUTINY_REPLY_IMAP_USER = "scrutiny-replies@council.example"
    settings.SCRUTINY_REPLY_IMAP_PASSWORD = ""
    settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN = "eyJ0eXAi..."
    assert reply_mailbox_check(None) == []

    settings.SCRUTINY_REPLY_IMAP_HOST = ""
    settings.SCRUTINY_REPLY_IMAP_SECURITY = "none"
    assert reply_mailbox_check(None) == []


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_an_encrypted_mailbox_is_read_only_from_a_server_whose_certificate_checks_out(
    reply_mailbox, received, settings, monkeypatch, security
):
    settings.SCRUTINY_REPLY_IMAP_SECURITY = security
    settings.SCRUTINY_REPLY_IMAP_PORT = reply_mailbox.tls_port if security == "tls" else reply_mailbox.port
    reply_mailbox.deliver(reply("an update"))

    # The private Dovecot's certificate is its own, signed by nobody trusted.
    with pytest.raises(MailboxUnavailable) as refused:
        fetch_replies()
    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)
    assert received.given == []

    # Trusted (as a council's own certificate authority would be), it is read.
    monkeypatch.setenv("SSL_CERT_FILE", str(reply_mailbox.certificate))
    assert fetch_replies().handled == 1
