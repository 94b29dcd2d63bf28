"""Officers update by replying to the e-mail asking for it (issue 57): the
Reply-To each such e-mail carries, and what a reply to it does, through
`receive()` as both the mailbox and `manage.py receive_reply` call it.
The shapes real mail clients send are read in tests/test_reply_reading.py
and fetched from a real IMAP server in tests/test_reply_mailbox.py."""

import datetime
import email
import email.policy
import io
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actionplans import reply_tokens, roles
from actionplans.models import EmailedReply, EvidenceFile, Notification, ProgressEntry, Round, UpdateComment
from actionplans.models.evidence import evidence_storage
from actionplans.models.replies import MAX_ANSWER_ATTEMPTS
from actionplans.private_clamd import eicar
from actionplans.replies import receiving
from scrutiny.health import Unhealthy, check_replies
from tests.factories import (
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)
from tests.replying import AUTHSERV, MAILBOX, PASSED, plain_reply
from tests.servers import free_port

WORDS = "Two workshops were held with schools in February.\n\nA third is booked for April."


@pytest.fixture
def replies_on(settings):
    settings.SCRUTINY_REPLY_ADDRESS = MAILBOX
    settings.SCRUTINY_REPLY_AUTHSERV_ID = AUTHSERV
    settings.SCRUTINY_REPLY_SUBMITS = False


@pytest.fixture
def plan(clerk, link_officer, officer):
    """Olu's update on an action of the Hate Crime review, its round open,
    Lin its link officer."""
    for user, address in [
        (clerk, "carla@example.org"),
        (link_officer, "lin@example.org"),
        (officer, "olu@example.org"),
    ]:
        user.email = address
        user.save()
    lin, olu = make_owner("Lin Officer", user=link_officer), make_owner("Olu Officer", user=officer)
    review = make_review("Hate Crime", link_officers=[lin])
    action = make_action(make_recommendation(review), owners=[olu])
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    entry = make_entry(action, round, grade=None, evidence="", owners=[olu], status=ProgressEntry.Status.NOT_STARTED)
    return {"review": review, "round": round, "entry": entry}


def reply(words=WORDS, *, to, sender="olu@example.org", auth=PASSED, attachments=(), **headers) -> bytes:
    return plain_reply(words, to=to, sender=f"Olu Officer <{sender}>", auth=auth, attachments=attachments, **headers)


def address_for(plan, officer) -> str:
    return reply_tokens.reply_address(entry_id=plan["entry"].pk, user_id=officer.pk)


def fresh(entry) -> ProgressEntry:
    return ProgressEntry.objects.get(pk=entry.pk)


# The address -----------------------------------------------------------------------


def test_a_reply_address_names_the_update_and_the_officer_and_nothing_else_reads(db, replies_on, settings):
    address = reply_tokens.reply_address(entry_id=1234, user_id=56, today=datetime.date(2026, 11, 27))
    local, domain = address.split("@")
    assert domain == "scrutiny.example.gov.uk" and local.startswith("updates+") and len(local) <= 64
    assert local == local.lower()
    token = reply_tokens.token_in(["someone@example.org", address.upper()], today=datetime.date(2026, 11, 27))
    assert (token.entry_id, token.user_id) == (1234, 56)
    assert token.expires == datetime.date(2026, 11, 27) + datetime.timedelta(days=settings.SCRUTINY_REPLY_DAYS)
    # Another update's number in the same token is not the service's.
    _entry, *rest = local.removeprefix("updates+").split(".")
    altered = f"updates+{reply_tokens._base36(1235)}.{'.'.join(rest)}@{domain}"
    with pytest.raises(reply_tokens.TokenRefused, match="not one this service gave"):
        reply_tokens.token_in([altered])
    with pytest.raises(reply_tokens.TokenRefused, match="stopped working on"):
        reply_tokens.token_in([address], today=token.expires + datetime.timedelta(days=1))
    # Signed with a key since rotated out (SECRET_KEY_FALLBACKS), it still reads.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" * 5
    assert reply_tokens.token_in([address], today=datetime.date(2026, 11, 27)).entry_id == 1234
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(reply_tokens.TokenRefused):
        reply_tokens.token_in([address], today=datetime.date(2026, 11, 27))


def test_a_reminder_says_first_how_to_reply_and_its_reply_to_names_the_update(
    plan, officer, clerk, replies_on, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert plan["round"].send_reminders(base_url="http://127.0.0.1:8000", by=clerk) == 1
    (message,) = smtp_server.to("olu@example.org")
    token = reply_tokens.token_in([message["Reply-To"]])
    assert (token.entry_id, token.user_id) == (plan["entry"].pk, officer.pk)
    body = smtp_server.body(message)
    assert body.startswith("Reply to this e-mail with your update.\n")
    assert '"Grade: 2" (1 (Fully Achieved), 2 (On-Track), 3 (Slipped), 4 (Not Achieved))' in body
    assert f"The update is due by {plan['round'].deadline:%-d %B %Y}" in body
    assert "it stays a draft until you submit it" in body
    assert "Dear Olu Officer," in body


def test_an_officer_with_two_updates_gets_a_reminder_for_each_to_answer(
    plan, officer, clerk, replies_on, smtp_server, django_capture_on_commit_callbacks
):
    olu = plan["entry"].owners.get()
    second = make_action(make_recommendation(plan["review"], number=2), owners=[olu])
    make_entry(second, plan["round"], grade=None, evidence="", owners=[olu], status=ProgressEntry.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        assert plan["round"].send_reminders(base_url="http://127.0.0.1:8000", by=clerk) == 1
    messages = smtp_server.to("olu@example.org")
    assert len(messages) == 2
    assert {reply_tokens.token_in([m["Reply-To"]]).entry_id for m in messages} == set(
        plan["round"].entries.values_list("pk", flat=True)
    )
    assert plan["round"].reminded_today() == 1
    with django_capture_on_commit_callbacks(execute=True):  # nobody twice a day
        assert plan["round"].send_reminders(base_url="http://127.0.0.1:8000", by=clerk) == 0


def test_without_a_reply_mailbox_the_e_mails_are_as_they_were(
    plan, clerk, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SCRUTINY_REPLY_ADDRESS = ""
    with django_capture_on_commit_callbacks(execute=True):
        plan["round"].send_reminders(base_url="http://127.0.0.1:8000", by=clerk)
    (message,) = smtp_server.to("olu@example.org")
    assert message["Reply-To"] is None
    assert smtp_server.body(message).startswith("Dear Olu Officer,")


def test_a_returned_update_and_a_comment_on_a_draft_can_be_answered_but_not_by_the_link_officer(
    plan, officer, link_officer, replies_on, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
        entry.refresh_from_db()
        entry.return_to_officer(by=link_officer, version=entry.version, comment="Say which schools.")
        entry.add_comment(by=link_officer, text="And how many pupils came.")
    to_olu = smtp_server.to("olu@example.org")
    assert len(to_olu) == 2 and all(reply_tokens.token_in([m["Reply-To"]]).entry_id == entry.pk for m in to_olu)
    assert all(m["Reply-To"] is None for m in smtp_server.to("lin@example.org"))


# A reply saved ---------------------------------------------------------------------


def test_a_reply_becomes_the_officers_draft_in_their_words_with_its_file_and_an_answer(
    plan, officer, replies_on, smtp_server, clamd
):
    words = f"{WORDS}\n\nImpact: Reports of hate crime from schools rose by a third.\n\nGrade: 2"
    raw = reply(words, to=address_for(plan, officer), attachments=[("Workshop notes.pdf", b"%PDF-1.4\n%%EOF\n")])
    received = receiving.receive(raw)
    assert received.outcome == "saved"
    entry = fresh(plan["entry"])
    assert entry.status == ProgressEntry.Status.DRAFT
    assert entry.evidence_of_progress == WORDS
    assert entry.evidence_of_impact == "Reports of hate crime from schools rose by a third."
    assert entry.grade_label == "2 (On-Track)"
    (file,) = entry.files.all()
    assert file.file_name == "Workshop notes.pdf" and file.added_by == officer
    # In the audit history as the officer's, by e-mail, with the Message-ID.
    message_id = email.message_from_bytes(raw)["Message-ID"]
    latest = entry.history.first()
    assert latest.history_user == officer
    assert f"By e-mail, Message-ID {message_id}" in latest.history_change_reason
    # Kept for the clerk, and answered within the call.
    row = EmailedReply.objects.get()
    assert (row.entry, row.officer, row.outcome) == (entry, officer, "saved")
    assert bytes(row.message) == raw
    (answer,) = smtp_server.to("olu@example.org")
    assert answer["In-Reply-To"] == message_id and answer["Auto-Submitted"] == "auto-replied"
    body = smtp_server.body(answer)
    assert "is saved as the draft of your update" in body
    assert WORDS in body and "Assessment of progress: 2 (On-Track)" in body
    assert "- Workshop notes.pdf" in body and f"/updates/{entry.pk}/" in body


def test_the_same_message_delivered_twice_is_saved_once(plan, officer, replies_on, smtp_server):
    raw = reply(to=address_for(plan, officer))
    assert receiving.receive(raw).outcome == "saved"
    versions = fresh(plan["entry"]).version
    assert receiving.receive(raw).outcome == "duplicate"
    assert fresh(plan["entry"]).version == versions
    assert EmailedReply.objects.count() == 1 and len(smtp_server.messages) == 1


def test_an_out_of_office_is_ignored_without_an_answer(plan, officer, replies_on, smtp_server):
    raw = reply("I am out of the office until Monday.", to=address_for(plan, officer), Auto_Submitted="auto-replied")
    assert receiving.receive(raw).outcome == "ignored"
    assert fresh(plan["entry"]).status == ProgressEntry.Status.NOT_STARTED
    assert smtp_server.messages == []


def test_an_outlook_rules_reply_under_an_ordinary_re_leaves_the_draft_and_is_not_answered(
    plan, officer, replies_on, smtp_server
):
    """Issue 72: an inbox rule's "I am out of the office" carries no
    Auto-Submitted and an ordinary "RE:" subject; Exchange marks it with
    X-MS-Exchange-Inbox-Rules-Loop. The draft written on the web stays."""
    entry = fresh(plan["entry"])
    entry.evidence_of_progress = "Written on the web before going away."
    entry.save()
    raw = reply(
        "I am out of the office until Monday.",
        to=address_for(plan, officer),
        X_Auto_Response_Suppress="All",
        X_MS_Exchange_Inbox_Rules_Loop="olu@example.org",
    )
    assert receiving.receive(raw).outcome == "ignored"
    assert fresh(plan["entry"]).evidence_of_progress == "Written on the web before going away."
    assert smtp_server.messages == []


def test_an_ordinary_outlook_reply_asking_for_no_auto_replies_is_saved(plan, officer, replies_on, smtp_server):
    """X-Auto-Response-Suppress asks the recipient not to answer
    automatically; Outlook puts it on a person's mail too."""
    raw = reply(to=address_for(plan, officer), X_Auto_Response_Suppress="All")
    assert receiving.receive(raw).outcome == "saved"
    assert fresh(plan["entry"]).evidence_of_progress == WORDS


def test_a_virus_is_refused_and_named_and_the_rest_of_the_reply_kept(plan, officer, replies_on, smtp_server, clamd):
    attachments = [("minutes.pdf", b"%PDF-1.4\n%%EOF\n"), ("invoice.pdf", eicar())]
    assert receiving.receive(reply(to=address_for(plan, officer), attachments=attachments)).outcome == "saved"
    entry = fresh(plan["entry"])
    assert entry.evidence_of_progress == WORDS
    assert [file.file_name for file in entry.files.all()] == ["minutes.pdf"]
    body = smtp_server.body(smtp_server.to("olu@example.org")[0])
    assert "Files added to the update:\n- minutes.pdf" in body
    assert "Files NOT added:\n- invoice.pdf:" in body


def test_a_files_path_and_a_name_too_long_to_keep_leave_its_last_part_and_the_reply_whole(
    plan, officer, replies_on, smtp_server, clamd
):
    """Issue 72 item 4: "..\\..\\..\\x.pdf" is kept as x.pdf, never a path;
    a name of 300 characters is shortened to fit, extension kept, and the
    words saved with it."""
    long_name = "Minutes of the partnership meeting " * 9 + ".pdf"
    attachments = [("..\\..\\..\\x.pdf", b"%PDF-1.4\n%%EOF\n"), (long_name, b"%PDF-1.7\n%%EOF\n")]
    assert receiving.receive(reply(to=address_for(plan, officer), attachments=attachments)).outcome == "saved"
    entry = fresh(plan["entry"])
    assert entry.evidence_of_progress == WORDS
    names = [file.file_name for file in entry.files.order_by("pk")]
    assert names[0] == "x.pdf"
    assert (
        len(names[1]) <= 200 and names[1].startswith("Minutes of the partnership meeting") and names[1].endswith(".pdf")
    )


def test_a_reply_longer_than_the_form_allows_saves_nothing_and_says_so(plan, officer, replies_on, smtp_server):
    """Issue 72 item 6: the words a reply gives are held to the form's
    limit (SCRUTINY_EVIDENCE_MAX_CHARS); one over it saves nothing."""
    words = "The workshops ran. " * 1100  # 20,900 characters
    received = receiving.receive(reply(words, to=address_for(plan, officer)))
    assert received.outcome == "refused"
    assert fresh(plan["entry"]).evidence_of_progress == "" and fresh(plan["entry"]).version == 0
    body = smtp_server.body(smtp_server.to("olu@example.org")[0])
    assert "Evidence of Progress: This text must be 10,000 characters or fewer; it has 20,899" in " ".join(body.split())


def test_a_reply_over_the_size_limit_is_read_no_further_than_its_headers_and_refused(
    plan, officer, replies_on, smtp_server, settings
):
    """Issue 72 item 6: a message over SCRUTINY_REPLY_MAX_BYTES saves
    nothing; its officer is told the limit; its row keeps its headers."""
    settings.SCRUTINY_REPLY_MAX_BYTES = 20 * 1024
    raw = reply(to=address_for(plan, officer), attachments=[("Scan.pdf", b"%PDF-1.4\n" + b"0" * 40_000)])
    assert receiving.receive(raw).outcome == "refused"
    assert fresh(plan["entry"]).version == 0 and not fresh(plan["entry"]).files.exists()
    row = EmailedReply.objects.get()
    assert bytes(row.message) == receiving.headers_of(raw) and len(row.message) < 2000
    body = " ".join(smtp_server.body(smtp_server.to("olu@example.org")[0]).split())
    assert f"It was {-(-len(raw) // 1024)} KB, and the service takes a reply of up to 20 KB" in body


def test_an_unauthenticated_messages_row_keeps_its_headers_alone(plan, officer, replies_on, smtp_server):
    """Issue 72 item 6: a message nobody vouched for is refused unanswered,
    and the database keeps its headers, not its body or files."""
    raw = reply(
        to=address_for(plan, officer),
        auth="mx.elsewhere.example; dmarc=pass",
        attachments=[("x.pdf", b"%PDF" + b"1" * 50_000)],
    )
    assert receiving.receive(raw).outcome == "refused"
    assert bytes(EmailedReply.objects.get().message) == receiving.headers_of(raw)
    assert smtp_server.messages == []


def test_receive_reply_reads_a_message_over_the_limit_to_its_end_without_holding_it():
    from actionplans.management.commands.receive_reply import read_at_most

    message = b"From: a@example.org\r\nSubject: big\r\n\r\n" + b"x" * 5_000_000
    raw, size = read_at_most(io.BytesIO(message), 1_000_000, chunk=65536)
    assert size == len(message) and raw == b"From: a@example.org\r\nSubject: big\r\n\r\n"
    whole, size = read_at_most(io.BytesIO(b"From: a@example.org\r\n\r\nHi"), 1_000_000)
    assert whole == b"From: a@example.org\r\n\r\nHi" and size == len(whole)


def test_an_answer_the_mail_server_refuses_waits_is_listed_and_is_tried_again_for_days(
    plan, officer, replies_on, settings, clerk, client
):
    """Issue 72 item 6: an answer that could not be sent was tried eight
    times in about three minutes, then dropped without a trace. Now it is
    tried again as a notification is (a minute, doubling, at most a day,
    about a week in all), listed on E-mail not delivered, and /health/
    says so while it waits."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    assert receiving.receive(reply(to=address_for(plan, officer))).outcome == "saved"
    row = EmailedReply.objects.get()
    assert row.answer_sent_at is None and row.answer_attempts == 1 and "refused" in row.answer_error.lower()
    waits = row.answer_not_before - timezone.now()
    assert datetime.timedelta(seconds=30) < waits <= datetime.timedelta(minutes=1)
    assert not EmailedReply.objects.answers_to_send().exists()  # not before its back-off has run
    assert EmailedReply.objects.answers_to_send(now=timezone.now() + waits).get() == row
    assert MAX_ANSWER_ATTEMPTS >= 12  # a minute doubling to a day: at least a day of tries

    client.force_login(clerk)
    page = " ".join(client.get(reverse("undelivered_mail")).content.decode().split())
    assert "Answers to updates sent by e-mail" in page and "olu@example.org" in page and "Tried again after" in page
    with pytest.raises(Unhealthy, match="1 answer to updates by e-mail could not be sent yet"):
        check_replies()
    EmailedReply.objects.filter(pk=row.pk).update(answer_attempts=MAX_ANSWER_ATTEMPTS)
    page = client.get(reverse("undelivered_mail")).content.decode()
    assert "Not delivered: given up" in page


def test_a_reply_that_would_replace_a_co_owners_words_is_kept_beside_them_and_both_are_told(
    plan, officer, replies_on, smtp_server
):
    """Issue 72 item 5: Dale, who shares the update, saved his words on the
    web; Olu's reply would have replaced them. Nothing is replaced: Olu's
    words go in the update's conversation, Dale is told, and Olu's answer
    says whose words stand."""
    dale = make_user("dale", roles.OFFICER, first_name="Dale", last_name="Metcalfe", email="dale@example.org")
    entry = fresh(plan["entry"])
    entry.responsibilities.create(owner=make_owner("Dale Metcalfe", user=dale), position=1)
    entry.save_update(by=dale, version=entry.version, submit=False, evidence_of_progress="Dale's account of March.")

    received = receiving.receive(reply(to=address_for(plan, officer)))

    assert received.outcome == "commented"
    entry = fresh(plan["entry"])
    assert entry.evidence_of_progress == "Dale's account of March." and entry.status == ProgressEntry.Status.DRAFT
    [comment] = entry.thread()
    assert comment.text == WORDS and comment.author == officer
    answer = " ".join(smtp_server.body(smtp_server.to("olu@example.org")[0]).split())
    assert "Dale Metcalfe changed your update" in answer and "nothing was replaced" in answer
    assert Notification.objects.filter(recipient=dale).exists()


def test_a_reply_replacing_the_officers_own_words_saves_them(plan, officer, replies_on, smtp_server):
    entry = fresh(plan["entry"])
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="My first go.")
    assert receiving.receive(reply(to=address_for(plan, officer))).outcome == "saved"
    assert fresh(plan["entry"]).evidence_of_progress == WORDS


def test_a_reply_sent_again_with_a_new_message_id_does_not_attach_its_file_twice(
    plan, officer, replies_on, smtp_server, clamd
):
    """Issue 72 item 4: the same bytes are one file on the update, and the
    answer says why the second was not added."""
    attachments = [("Workshop notes.pdf", b"%PDF-1.4\n%%EOF\n")]
    for _ in range(2):
        assert receiving.receive(reply(to=address_for(plan, officer), attachments=attachments)).outcome == "saved"
    assert [file.file_name for file in fresh(plan["entry"]).files.all()] == ["Workshop notes.pdf"]
    second = " ".join(smtp_server.body(smtp_server.to("olu@example.org")[1]).split())
    assert "Files NOT added: - Workshop notes.pdf: the update has this file already" in second


def test_a_reply_written_below_the_quoted_reminder_is_saved_in_the_officers_words(
    plan, officer, replies_on, smtp_server
):
    """Issue 72 item 1: Thunderbird replies below the quote by default."""
    words = (
        "On 03/03/2026 10:02, Scrutiny wrote:\n> Please send your update on 1 a).\n\n"
        f"{WORDS}\n\nGrade: 2\n\n-- \nOlu Officer"
    )
    assert receiving.receive(reply(words, to=address_for(plan, officer))).outcome == "saved"
    entry = fresh(plan["entry"])
    assert entry.evidence_of_progress == WORDS and entry.grade_label == "2 (On-Track)"


def test_a_reply_with_no_words_and_no_files_saves_nothing_and_says_so(plan, officer, replies_on, smtp_server):
    """Issue 72: "saved" is never said of a reply from which nothing was saved."""
    received = receiving.receive(reply("> Please send your update.", to=address_for(plan, officer)))
    assert received.outcome == "refused" and fresh(plan["entry"]).version == 0
    body = " ".join(smtp_server.body(smtp_server.to("olu@example.org")[0]).split())
    assert "It had no words of an update and no files, so nothing was saved" in body and "is saved" not in body


def test_a_reply_signed_with_the_officers_name_alone_saves_the_words_without_it(plan, officer, replies_on, smtp_server):
    """Issue 72 item 1: "Olu Officer" on the last line is a signature."""
    words = f"{WORDS}\n\nImpact: Fewer families wait.\nOlu Officer"
    assert receiving.receive(reply(words, to=address_for(plan, officer))).outcome == "saved"
    entry = fresh(plan["entry"])
    assert (entry.evidence_of_progress, entry.evidence_of_impact) == (WORDS, "Fewer families wait.")


def test_the_answer_names_every_part_of_the_reply_not_kept_and_why(plan, officer, replies_on, smtp_server):
    """Issue 72 item 3: what the answer says is what was kept: the quoted
    reminder, the signature and the disclaimer are each named, and why."""
    words = (
        f"{WORDS}\n\nKind regards,\nOlu Officer\nTel: 01632 960123\n\n"
        "This e-mail and any attachments are confidential and intended solely for the addressee.\n\n"
        "On 03/03/2026 10:02, Scrutiny wrote:\n> Please send your update."
    )
    assert receiving.receive(reply(words, to=address_for(plan, officer))).outcome == "saved"
    assert fresh(plan["entry"]).evidence_of_progress == WORDS
    answer = smtp_server.body(smtp_server.to("olu@example.org")[0])
    said = answer[answer.index("Not kept as part of your update:") :]
    assert "- quoted from the e-mail you answered" in said
    assert '- "Kind regards, Olu Officer Tel: 01632 960123": looks like your signature' in said
    assert '- "This e-mail and any attachments are confidential and intend…": looks like your organisation\'s' in said


def test_a_grade_not_on_the_councils_scale_is_not_saved_and_the_answer_says_so(plan, officer, replies_on, smtp_server):
    receiving.receive(reply(f"{WORDS}\n\nStatus: Purple", to=address_for(plan, officer)))
    entry = fresh(plan["entry"])
    # Its line is kept in the words (doubtful, so kept), and the answer says it is no grade.
    assert entry.level is None and entry.evidence_of_progress == f"{WORDS}\n\nStatus: Purple"
    assert '"Purple" is not one of the council\'s grades' in smtp_server.body(smtp_server.messages[0])


def test_where_the_council_says_so_a_graded_reply_meeting_the_rules_goes_to_the_link_officer(
    plan, officer, replies_on, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_REPLY_SUBMITS = True
    with django_capture_on_commit_callbacks(execute=True):
        received = receiving.receive(reply(f"{WORDS}\n\nGrade: On-Track", to=address_for(plan, officer)))
    assert received.outcome == "submitted"
    assert fresh(plan["entry"]).status == ProgressEntry.Status.SUBMITTED
    assert "is saved and submitted to your link officer" in smtp_server.body(smtp_server.to("olu@example.org")[0])
    assert smtp_server.to("lin@example.org"), "the link officer is told, as of any submission"


def test_a_slipped_grade_without_its_explanation_stays_a_draft_and_the_answer_says_what_is_missing(
    plan, officer, replies_on, settings, smtp_server
):
    settings.SCRUTINY_REPLY_SUBMITS = True
    assert receiving.receive(reply(f"{WORDS}\n\nGrade: 3", to=address_for(plan, officer))).outcome == "saved"
    entry = fresh(plan["entry"])
    assert entry.status == ProgressEntry.Status.DRAFT and entry.grade_label == "3 (Slipped)"
    body = smtp_server.body(smtp_server.messages[0])
    assert "It was kept as a draft, not submitted, because:" in body and "Explain why" in body


def test_a_slipped_grade_with_its_explanation_and_new_target_is_submitted_with_the_proposal(
    plan, officer, replies_on, settings, smtp_server
):
    settings.SCRUTINY_REPLY_SUBMITS = True
    words = (
        f"{WORDS}\n\nGrade: 3 (Slipped)\nNew target: March 2027\n\n"
        "Explanation: The venue closed for repairs.\n\nImpact: None yet."
    )
    assert receiving.receive(reply(words, to=address_for(plan, officer))).outcome == "submitted"
    entry = fresh(plan["entry"])
    assert (entry.evidence_of_progress, entry.evidence_of_impact) == (WORDS, "None yet.")
    assert entry.grade_explanation == "The venue closed for repairs."
    proposal = entry.target_proposal()
    assert (proposal.target_month, proposal.reason) == (datetime.date(2027, 3, 1), "The venue closed for repairs.")
    body = smtp_server.body(smtp_server.messages[0])
    assert "New target proposed: March 2027" in body and "Explanation:\nThe venue closed for repairs." in body


def test_a_new_target_that_is_not_a_month_is_named_in_the_answer(plan, officer, replies_on, smtp_server):
    receiving.receive(reply(f"{WORDS}\n\nNew target: soon\n\nExplanation: Delays.", to=address_for(plan, officer)))
    entry = fresh(plan["entry"])
    assert entry.target_proposal() is None and entry.evidence_of_progress == WORDS
    assert '"soon" is not a month' in smtp_server.body(smtp_server.messages[0])


def test_a_reply_to_an_update_already_submitted_becomes_a_comment(plan, officer, replies_on, smtp_server):
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    before = fresh(entry)
    assert receiving.receive(reply("Sorry: three schools, not two.", to=address_for(plan, officer))).outcome == (
        "commented"
    )
    assert fresh(entry).evidence_of_progress == "Done." and fresh(entry).version == before.version
    (comment,) = UpdateComment.objects.filter(entry=entry)
    assert (comment.author, comment.text) == (officer, "Sorry: three schools, not two.")
    body = smtp_server.body(smtp_server.to("olu@example.org")[-1])
    assert "is already submitted, so your reply was not saved as the update" in body


# Refused: nothing saved, the sender answered -----------------------------------------


def forged(plan, officer):
    address = address_for(plan, officer)
    local, domain = address.split("@")
    return {"to": f"{local[:-1]}{'a' if local[-1] != 'a' else 'b'}@{domain}"}


# Each case: what it changes of a good reply, what the refusal says, and
# whether its sender is answered (not where who sent it is not proven).
REFUSALS = {
    "a forged token": (forged, "not one this service gave", True),
    "another sender": (
        lambda plan, officer: {"sender": "someone.else@example.org"},
        "did not come from the address the e-mail it answers was sent to",
        True,
    ),
    "no token at all": (lambda plan, officer: {"to": MAILBOX}, "not a reply to one of the service's e-mails", True),
    "failing DMARC": (
        lambda plan, officer: {"auth": f"{AUTHSERV}; dkim=fail; spf=softfail; dmarc=fail header.from=example.org"},
        "could not be shown to come from you",
        False,
    ),
    "checked by another server only": (
        lambda plan, officer: {"auth": "mx.elsewhere.example; dkim=pass; spf=pass; dmarc=pass"},
        "could not be shown to come from you",
        False,
    ),
    "SPF passing for another domain": (
        lambda plan, officer: {"auth": f"{AUTHSERV}; spf=pass smtp.mailfrom=someone@elsewhere.example"},
        "could not be shown to come from you",
        False,
    ),
    "a pass written inside a quoted string": (
        lambda plan, officer: {
            "auth": f'{AUTHSERV}; spf=pass smtp.mailfrom="x dmarc=pass"@elsewhere.example;'
            " dmarc=fail header.from=example.org"
        },
        "could not be shown to come from you",
        False,
    ),
    "two senders": (
        lambda plan, officer: {"sender": "olu@example.org, someone.else@elsewhere.example"},
        "did not say, once and plainly, whom it came from",
        False,
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_reply_failing_a_check_saves_nothing_and_its_sender_is_told_why(
    case, plan, officer, replies_on, smtp_server, clamd
):
    change, why, answered = REFUSALS[case]
    arguments = {"to": address_for(plan, officer), "attachments": [("notes.pdf", b"%PDF-1.4\n%%EOF\n")]}
    arguments |= change(plan, officer)
    received = receiving.receive(reply(**arguments))
    assert received.refused and why in received.line
    entry = fresh(plan["entry"])
    assert (entry.status, entry.evidence_of_progress, entry.version) == (
        ProgressEntry.Status.NOT_STARTED,
        "",
        plan["entry"].version,
    )
    assert not EvidenceFile.objects.exists()
    assert EmailedReply.objects.get().outcome == "refused"
    if not answered:
        assert smtp_server.messages == [], "the From line may name someone who never wrote"
        return
    (answer,) = smtp_server.messages
    assert answer["To"] == arguments.get("sender", "olu@example.org")
    assert "Nothing from it was kept." in smtp_server.body(answer) and why in smtp_server.body(answer)
    if case == "another sender":  # a colleague copied in is told nothing of the update
        assert "olu@example.org" not in smtp_server.body(answer) and "/updates/" not in smtp_server.body(answer)


def test_a_refused_message_delivered_again_is_filed_with_the_refused_and_answered_once(
    plan, officer, replies_on, smtp_server
):
    raw = reply(to=address_for(plan, officer), sender="someone.else@example.org")
    assert receiving.receive(raw).refused
    again = receiving.receive(raw)
    assert again.outcome == "duplicate" and again.refused
    assert len(smtp_server.messages) == 1


def test_without_dmarc_a_dkim_pass_for_the_senders_own_domain_is_believed(plan, officer, replies_on):
    auth = f"{AUTHSERV}; dkim=pass header.d=example.org; spf=fail smtp.mailfrom=example.org"
    assert receiving.receive(reply(to=address_for(plan, officer), auth=auth)).outcome == "saved"


def test_a_message_another_server_is_handling_is_left_and_one_cut_off_is_taken_over(
    plan, officer, replies_on, smtp_server
):
    raw = reply(to=address_for(plan, officer))
    message_id = email.message_from_bytes(raw)["Message-ID"]
    # Claimed by a handler that is still at work: left for the next run.
    EmailedReply.objects.claim(message_id=message_id, raw=raw, from_address="olu@example.org")
    busy = receiving.receive(raw)
    assert busy.later and not busy.refused and fresh(plan["entry"]).evidence_of_progress == ""
    # Its handler died: ten minutes on, the next delivery handles it.
    EmailedReply.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=11))
    assert receiving.receive(raw).outcome == "saved"
    assert fresh(plan["entry"]).evidence_of_progress == WORDS and EmailedReply.objects.count() == 1


def test_a_reply_that_fails_half_way_leaves_no_file_and_is_tried_again(plan, officer, replies_on, clamd, monkeypatch):
    raw = reply(to=address_for(plan, officer), attachments=[("notes.pdf", b"%PDF-1.4\n%%EOF\n")])

    def the_database_goes(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(receiving, "_save_words", the_database_goes)
    with pytest.raises(RuntimeError):
        receiving.receive(raw)
    assert not EvidenceFile.objects.exists() and not EmailedReply.objects.exists()
    assert not any(evidence_storage().listdir(f"entries/{plan['entry'].pk}")[1]), "no file left behind"
    monkeypatch.undo()
    assert receiving.receive(raw).outcome == "saved"


def test_a_leavers_replies_are_erased_with_them_and_old_ones_pruned(plan, officer, replies_on, administrator):
    from actionplans.models.personal_data import erase_leaver, prunable_logs

    receiving.receive(reply(to=address_for(plan, officer)))
    receiving.receive(reply(to=MAILBOX))  # refused, from their address all the same
    assert EmailedReply.objects.count() == 2
    assert prunable_logs(timezone.now() + datetime.timedelta(days=1))["e-mails received"].count() == 2
    erase_leaver(officer, by=administrator)
    assert not EmailedReply.objects.exists()


def test_a_reply_after_the_round_is_published_is_refused(plan, officer, replies_on, smtp_server):
    Round.objects.filter(pk=plan["round"].pk).update(status=Round.Status.PUBLISHED)
    received = receiving.receive(reply(to=address_for(plan, officer)))
    assert received.refused and "round is closed" in received.line
    assert fresh(plan["entry"]).evidence_of_progress == ""


def test_without_the_mail_servers_id_every_reply_is_refused(plan, officer, replies_on, settings, smtp_server):
    settings.SCRUTINY_REPLY_AUTHSERV_ID = ""
    assert receiving.receive(reply(to=address_for(plan, officer))).refused
    assert fresh(plan["entry"]).evidence_of_progress == ""


# receive_reply -------------------------------------------------------------------------


def test_receive_reply_takes_one_message_on_standard_input_and_prints_what_it_did(
    plan, officer, replies_on, smtp_server, monkeypatch
):
    raw = reply(to=address_for(plan, officer))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_reply", stdout=out)
    assert out.getvalue().startswith("saved as the draft update: ") and "olu@example.org" in out.getvalue()
    assert fresh(plan["entry"]).evidence_of_progress == WORDS
