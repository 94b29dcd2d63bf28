"""The demo council's officers answer their real reminders of the open
round by e-mail (issue 57), from each mail client's shape of reply with a
file attached: delivered to a real IMAP server (Dovecot) and fetched by
`fetch_replies`, or piped to `manage.py receive_reply`, each becomes the
right officer's draft on the right action, in exactly their words, with
the file. Then the whole cycle: the link officer approves an update that
came by e-mail and the clerk publishes the round, and the committee's
paper prints it as any other."""

import io
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans import reply_tokens
from actionplans.models import EmailedReply, ProgressEntry, Round, current_scale
from actionplans.replies import mailbox, reading
from tests.council_steps import approve_update, logged_in, publish_round
from tests.documents import pdf_text, squash
from tests.reply_mail import CLIENT_SHAPES, delivered
from tests.replying import AUTHSERV, REPLIES_ON

pytestmark = pytest.mark.django_db

PROGRESS = (
    "Café staff at Llanelli’s two schools ran the workshops in February: 212 pupils took part.\n\n"
    "- the on-line form is live\n"
    "- the police attend each term"
)
IMPACT = "Reports from schools rose by a third."
EXPLANATION = "The third school closed for repairs, so its workshop moved to April."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def reminded(demo_served, settings, smtp_server, clamd, django_capture_on_commit_callbacks):
    """Replies on; the clerk sends the open round's reminders, as the
    officers receive them: {(entry, officer): the reminder}."""
    for name, value in REPLIES_ON.items():
        setattr(settings, name, value)
    settings.SCRUTINY_REPLY_SUBMITS = False
    round = demo_served.rounds.get(status=Round.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):  # as the daily command sends them
        round.send_reminders(base_url="http://127.0.0.1:8000")
    reminders = {}
    for message in smtp_server.messages:
        token = reply_tokens.token_in([message["Reply-To"]])
        reminders[(token.entry_id, token.user_id)] = message
    assert reminders, "the open round's reminders each name their update"
    smtp_server.messages.clear()
    return round, reminders


def words_for(level) -> str:
    return f"{PROGRESS}\n\nImpact: {IMPACT}\n\nExplanation: {EXPLANATION}\n\nGrade: {level.key_heading}"


def the_reply(shape: str, reminders) -> tuple[ProgressEntry, object, bytes]:
    """The officer of the first reminder answers it from `shape`'s client."""
    (entry_id, user_id), reminder = sorted(reminders.items())[0]
    entry = ProgressEntry.objects.select_related("action").get(pk=entry_id)
    officer = entry.owners.get(user_id=user_id).user
    level = [level for level in current_scale() if level.meaning][1]
    raw = CLIENT_SHAPES[shape](
        words_for(level),
        to=reminder["Reply-To"],
        sender=f"{officer.get_full_name()} <{officer.email}>",
        attachments=[reading.Attachment("Workshop register.pdf", "application/pdf", PDF)],
        subject=reminder["Subject"],
    )
    return entry, officer, delivered(raw, authserv_id=AUTHSERV, to=reminder["Reply-To"])


def assert_saved_as_written(entry, officer, smtp_server) -> None:
    entry = ProgressEntry.objects.get(pk=entry.pk)
    assert entry.status == ProgressEntry.Status.DRAFT
    assert entry.evidence_of_progress == PROGRESS
    assert entry.evidence_of_impact == IMPACT
    assert entry.grade_explanation == EXPLANATION
    assert entry.grade_level == [level for level in current_scale() if level.meaning][1]
    (file,) = entry.files.all()
    assert (file.file_name, file.added_by, file.status) == ("Workshop register.pdf", officer, "clean")
    assert entry.history.first().history_user == officer
    (answer,) = smtp_server.to(officer.email)
    assert "is saved as the draft of your update" in smtp_server.body(answer)


@pytest.mark.parametrize("shape", CLIENT_SHAPES)
def test_a_reply_fetched_from_the_mailbox_is_the_officers_draft_in_their_words(
    shape, reminded, reply_mailbox, smtp_server
):
    _round, reminders = reminded
    entry, officer, raw = the_reply(shape, reminders)
    reply_mailbox.deliver(raw)
    summary = mailbox.fetch_replies()
    assert (summary.handled, summary.refused, summary.failed) == (1, 0, 0), summary.lines
    assert_saved_as_written(entry, officer, smtp_server)
    assert reply_mailbox.messages("INBOX") == [] and len(reply_mailbox.messages("Handled")) == 1
    # Delivered again, it is seen and changes nothing.
    reply_mailbox.deliver(raw)
    assert mailbox.fetch_replies().handled == 1
    assert EmailedReply.objects.count() == 1 and ProgressEntry.objects.get(pk=entry.pk).files.count() == 1


@pytest.mark.parametrize("shape", CLIENT_SHAPES)
def test_a_reply_piped_to_receive_reply_is_the_officers_draft_in_their_words(shape, reminded, smtp_server, monkeypatch):
    _round, reminders = reminded
    entry, officer, raw = the_reply(shape, reminders)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_reply", stdout=out)
    assert out.getvalue().startswith("saved as the draft update: ")
    assert_saved_as_written(entry, officer, smtp_server)


def test_an_update_by_e_mail_is_approved_and_published_as_any_other(
    reminded, reply_mailbox, smtp_server, django_capture_on_commit_callbacks, clerk
):
    round, reminders = reminded
    entry, officer, raw = the_reply("outlook", reminders)
    reply_mailbox.deliver(raw)
    mailbox.fetch_replies()
    # The officer checks it on the service and submits it; the link
    # officer sees it among the updates to check, and approves it.
    as_officer = logged_in(officer)
    page = as_officer.get(reverse("update_entry", args=[entry.pk])).content.decode()
    assert "212 pupils took part" in page
    entry.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        entry.save_update(by=officer, version=entry.version, submit=True)
    link = logged_in(round.review.link_officers.exclude(user=officer).first().user)
    assert entry.action.name in link.get(reverse("approvals")).content.decode()
    approve_update(link, entry)
    # The clerk publishes: the paper prints the officer's words.
    publish_round(logged_in(clerk), round, django_capture_on_commit_callbacks, confirm_missing="on")
    pdf = round.published_documents.filter(format="pdf").first()
    with pdf.open() as stored:
        assert squash("212 pupils took part") in squash(pdf_text(stored.read()))
    page = logged_in(clerk).get(reverse("round_detail", args=[round.pk])).content.decode()
    assert "Approved" in page
