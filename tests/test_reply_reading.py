"""Reading one reply: the officer's own words out of every client's shape,
their files byte for byte, the update's parts, automatic replies, and
whether the council's mail server vouched for the sender."""

import base64
import email
import email.policy
import quopri

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actionplans.replies.reading import Attachment, authenticated, parts_of, read_message
from tests.reply_mail import AUTOMATIC_SHAPES, CLIENT_SHAPES, REMINDER, delivered, outlook_reply, tnef

TO = "reply+u3.r7.Xk2f@scrutiny.anytown.gov.uk"
SENDER = "Siân Jones <Sian.Jones@Anytown.gov.uk>"

ENGLISH = (
    "The consultation closed on 14 February with 312 responses, more than twice the number we had for the last "
    "budget consultation, and the report is drafted.\n\n"
    "Since the last update we have:\n"
    "- trained all twelve inspectors in the new damp assessment, including the two agency staff who joined in "
    "January\n"
    "- cut the wait for an inspection to nine working days\n\n"
    "Thanks to the tenants' panel, the leaflet is now in five languages.\n\n"
    "Impact:\n"
    "Fewer families wait more than a fortnight for an inspection, and repeat reports of mould are down by a third.\n\n"
    "Grade: 2 (On-Track)"
)
WELSH = (
    "Mae'r gwaith ar y gweill. Rydym wedi archwilio 40 o gartrefi ers mis Ionawr, a bydd yr adroddiad yn mynd i'r "
    "cabinet ym mis Mehefin.\n\n"
    "Effaith: Mae llai o deuluoedd yn aros; mae ŵyr Siôn a'r ŷd yn y caeau'n dangos ôl gwaith.\n\n"
    "Gradd: Gwyrdd"
)
ACCENTED = (
    "The café on Rue Hélène reopened; the naïve estimate of £2,500 rose to €3,100 – “about right”, "
    "said the résumé’s author.\n\nStatus: Amber"
)
LATIN_1 = (
    "The café at Plas Newydd reopened in Zoë Brontë's name; crème brûlée costs £4.50 and the façade is "
    "fixed.\n\nComplete"
)
WORDS = {"english": ENGLISH, "welsh": WELSH, "accented": ACCENTED, "latin-1": LATIN_1}
FILES = (
    Attachment("Adroddiad ŵyl – March 2026.pdf", "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\xff"),
    Attachment("photo of bathroom.jpg", "image/jpeg", bytes(range(256)) * 4),
    Attachment(
        "Inspections by ward.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04" + b"\x00" * 40,
    ),
)


def message(body: bytes, *, subject="Re: Your update is due", content_type='text/plain; charset="utf-8"', headers=()):
    """A plain message written by hand, for what no builder shows."""
    head = [
        "From: Jane Smith <Jane.Smith@Anytown.gov.uk>",
        f"To: {TO}",
        f"Subject: {subject}",
        "Message-ID: <hand.1@anytown.gov.uk>",
        "MIME-Version: 1.0",
        *headers,
        f"Content-Type: {content_type}",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + body


def words_of(text: str, **kwargs) -> str:
    """The words read from a UTF-8 plain-text message with this body."""
    return read_message(message(text.replace("\n", "\r\n").encode("utf-8"), **kwargs)).words


def without_plain_text(raw: bytes) -> bytes:
    """The message with its plain-text alternative taken away."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    for part in parsed.walk():
        if part.get_content_type() == "multipart/alternative":
            part.set_payload([one for one in part.get_payload() if one.get_content_type() != "text/plain"])
    return parsed.as_bytes()


# -- Every client's shape ------------------------------------------------------------


@pytest.mark.parametrize("words", WORDS.values(), ids=WORDS.keys())
@pytest.mark.parametrize("shape", CLIENT_SHAPES.values(), ids=CLIENT_SHAPES.keys())
def test_every_client_gives_the_officers_words_exactly(shape, words):
    reply = read_message(shape(words, to=TO, sender=SENDER))

    assert reply.words == words
    assert reply.attachments == ()
    assert not reply.is_automatic


# The clients that send plain text and HTML side by side (Apple Mail sends
# HTML alone, and Thunderbird here plain text alone).
ALTERNATIVES = {
    name: shape for name, shape in CLIENT_SHAPES.items() if name not in ("apple mail", "thunderbird flowed")
}


@pytest.mark.parametrize("words", WORDS.values(), ids=WORDS.keys())
@pytest.mark.parametrize("shape", ALTERNATIVES.values(), ids=ALTERNATIVES.keys())
def test_the_html_alone_gives_the_same_words(shape, words):
    raw = without_plain_text(shape(words, to=TO, sender=SENDER))

    assert b"text/plain" not in raw
    assert read_message(raw).words == words


def test_welsh_that_outlooks_western_plain_text_lost_is_read_from_its_html():
    raw = CLIENT_SHAPES["outlook western"](WELSH, to=TO, sender=SENDER)
    plain = email.message_from_bytes(raw, policy=email.policy.default).get_body(("plain",)).get_content()

    assert "mae ?yr Si\xf4n a'r ?d" in plain
    assert read_message(raw).words == WELSH


@pytest.mark.parametrize("shape", CLIENT_SHAPES.values(), ids=CLIENT_SHAPES.keys())
def test_files_come_through_byte_for_byte_with_their_names(shape):
    reply = read_message(shape(ENGLISH, to=TO, sender=SENDER, attachments=FILES))

    assert reply.attachments == FILES
    assert reply.words == ENGLISH


@pytest.mark.parametrize("shape", CLIENT_SHAPES.values(), ids=CLIENT_SHAPES.keys())
def test_the_sender_and_the_reply_address_are_read_from_every_client(shape):
    reply = read_message(shape(ENGLISH, to=TO, sender=SENDER, subject="Diweddariad ar argymhelliad 3 – ŵyl"))

    assert (reply.from_name, reply.from_address) == ("Siân Jones", "sian.jones@anytown.gov.uk")
    assert reply.recipients == (TO,)
    prefix, _, subject = reply.subject.partition(": ")
    assert (prefix in ("RE", "Re", "Fwd"), subject) == (True, "Diweddariad ar argymhelliad 3 – ŵyl")
    assert reply.message_id.startswith("<") and reply.message_id.endswith(">")


def test_two_messages_from_one_client_have_different_message_ids():
    first, second = (read_message(outlook_reply(ENGLISH, to=TO, sender=SENDER)) for _ in range(2))

    assert first.message_id != second.message_id


def test_an_out_of_office_reply_is_automatic():
    reply = read_message(AUTOMATIC_SHAPES["outlook out of office"]("I am away until 23 March.", to=TO, sender=SENDER))

    assert reply.is_automatic
    assert reply.words == "I am away until 23 March."
    assert reply.subject.startswith("Automatic reply:")


def test_a_forwarded_message_attached_is_not_a_file_of_the_update():
    reminder = Attachment("Your update is due.eml", "message/rfc822", REMINDER_MESSAGE)

    reply = read_message(outlook_reply(ENGLISH, to=TO, sender=SENDER, attachments=(FILES[0], reminder)))

    assert reply.attachments == (FILES[0],)
    assert reply.words == ENGLISH


REMINDER_MESSAGE = (
    "From: Anytown Scrutiny <scrutiny@anytown.gov.uk>\r\nTo: jane.smith@anytown.gov.uk\r\n"
    "Subject: Your update is due\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    + REMINDER.replace("\n", "\r\n")
    + "\r\n"
).encode()


# -- Files ---------------------------------------------------------------------------


def test_a_file_without_a_name_is_given_one():
    raw = mixed(
        b"Content-Type: application/pdf\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        b"JVBERi0xLjQ=\r\n"
    )

    assert read_message(raw).attachments == (Attachment("attachment-1.pdf", "application/pdf", b"%PDF-1.4"),)


def test_a_signature_logo_without_a_name_is_not_a_file():
    logo = (
        b"Content-Type: image/png\r\nContent-ID: <image001.png@01DA8F3C.5E2B1A70>\r\n"
        b"Content-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
    )

    assert read_message(mixed(logo)).attachments == ()


def test_an_inline_file_with_a_name_is_a_file():
    photo = (
        b"Content-Type: image/jpeg; name=IMG_0042.jpeg\r\nContent-Disposition: inline; filename=IMG_0042.jpeg\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n"
    )

    assert read_message(mixed(photo)).attachments == (
        Attachment("IMG_0042.jpeg", "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10"),
    )


def mixed(part: bytes) -> bytes:
    """A multipart/mixed message: a line of text, then `part`."""
    body = (
        b'--b\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\nThe inspections are done.\r\n'
        b"--b\r\n" + part + b"--b--\r\n"
    )
    return message(body, content_type='multipart/mixed; boundary="b"')


# -- The officer's words -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Done.\n\n-----Original Message-----\nFrom: Anytown Scrutiny\nGrade: 1",
        "Done.\n\n________________________________\nFrom: Anytown Scrutiny <s@a.gov.uk>\nSent: 03 March 2026 10:02\n"
        "To: Jane\nSubject: Update\n\nGrade: 1",
        "Done.\n\nBegin forwarded message:\n\nFrom: Anytown Scrutiny <s@a.gov.uk>\nGrade: 1",
        "Done.\n\n---------- Forwarded message ---------\nFrom: Anytown Scrutiny <s@a.gov.uk>\nGrade: 1",
        "Done.\n\nOn Tue, 3 Mar 2026 at 10:02, Anytown Borough Council Scrutiny\n<scrutiny@anytown.gov.uk> wrote:\n\n"
        "Grade: 1",
        "Done.\n\n> Grade: 1",
        "Done.\n\nAr Maw, 3 Maw 2026 am 10:02, Craffu <s@a.gov.uk> ysgrifennodd:\n\nGrade: 1",
        "Done.\n\nSent from Outlook for Android\n\nGrade: 1",
        "Done.\n\nGet Outlook for iOS\nGrade: 1",
        "Done.\n\n-- \nJane Smith\nGrade: 1",
        "Done.\n\nKind regards,\nJane",
        "Done.\n\nBest wishes\n\nJane Smith\nHousing Policy Officer\nAnytown Borough Council\n01632 960123",
        "Done.\nThanks,\nJane",
        "Done.\n\nDiolch,\nSiân",
        "[EXTERNAL]\nDone.",
        "[EXTERNAL]\n\nDone.",
        "CAUTION: This email originated from outside of the organisation. Do not click links or open attachments "
        "unless you recognise the sender.\n\nDone.",
        "Done.\n\nThis email is confidential and may be legally privileged.",
        "Done.\n\nDisclaimer: the views expressed are the sender's own.\n\nPlease do not print this.",
        "Done.\n\nThe information in this e-mail is confidential and intended only for its addressee.",
    ],
)
def test_what_surrounds_the_words_is_taken_away(body):
    assert words_of(body) == "Done."


def test_a_paragraph_that_thanks_someone_is_kept():
    words = "Thanks for the reminder. The inspections are done.\n\nThanks to the panel, the leaflet is out."

    assert words_of(words + "\n\nThanks,\nJane") == words


def test_thanks_as_a_greeting_is_kept():
    assert words_of("Thanks.\n\nAll done.\nGrade: 1") == "Thanks.\n\nAll done.\nGrade: 1"


def test_a_sign_off_that_is_not_among_the_last_lines_is_kept():
    words = "Many thanks\n\n" + "\n".join(f"- Ward {number} inspected" for number in range(1, 9))

    assert words_of(words) == words


@pytest.mark.parametrize("bullet", ["- ", "* ", "• ", "  *   "])
def test_bullets_become_dash_lines(bullet):
    assert words_of(f"We have:\n{bullet}inspected 40 homes\n{bullet}written to every tenant") == (
        "We have:\n- inspected 40 homes\n- written to every tenant"
    )


def test_lines_a_client_wrapped_are_joined_and_lines_typed_short_are_kept():
    body = (
        "The consultation closed on 14 February with 312 responses, more than twice\n"
        "the number we had for the last one.\n"
        "Grade: 2\n"
        "Complete\n"
        "\n"
        "> The reminder, quoted, its lines wrapped at seventy-eight characters as the\n"
        "> client wrapped the officer's."
    )

    assert words_of(body) == (
        "The consultation closed on 14 February with 312 responses, more than twice the number we had for the last "
        "one.\nGrade: 2\nComplete"
    )


def test_a_wrapped_line_starting_with_a_colon_in_prose_is_joined():
    body = (
        "The cabinet member and the tenants' panel met in February and between them\n"
        "they agreed: more inspectors, and a leaflet in five languages.\n"
    )

    assert words_of(body) == body.replace("them\n", "them ").strip()


def test_a_short_line_typed_after_a_long_one_comes_from_gmails_html():
    # Gmail's plain text, wrapped at 78, cannot tell this line break from its own.
    words = "The inspections of damp homes were finished in February and the report goes.\nThanks to all."

    assert read_message(CLIENT_SHAPES["gmail"](words, to=TO, sender=SENDER)).words == words


def test_long_lines_typed_by_the_officer_are_not_joined():
    first = "The consultation closed on 14 February with 312 responses, more than twice the number we had before."

    assert words_of(f"{first}\nThe report is drafted.") == f"{first}\nThe report is drafted."


def test_format_flowed_is_joined_where_the_client_broke_it_and_not_elsewhere():
    body = "The consultation closed on 14 February with 312 responses, more than \ntwice the last.\nComplete\n"
    delsp = "Adroddiad hirrrrrr\nwedi'i orffen\n"

    assert words_of(body, content_type="text/plain; charset=utf-8; format=flowed") == (
        "The consultation closed on 14 February with 312 responses, more than twice the last.\nComplete"
    )
    assert words_of(delsp, content_type="text/plain; charset=utf-8; format=flowed; delsp=yes") == (
        "Adroddiad hirrrrrr\nwedi'i orffen"
    )


def test_html_becomes_paragraphs_lines_and_bullets():
    markup = (
        "<html><head><title>Re: update</title><style>p {margin: 0}</style></head><body>"
        "<script>var x = 1;</script><p>Caf&eacute; &amp; &#373;yl &ndash; done.</p>"
        "<p>We have:<br>inspected 40 homes</p><ol><li>Ward 1</li><li>Ward&nbsp;2</li></ol>"
        "<table><tr><td>Ward 3</td><td>12 homes</td></tr></table><div>Grade: 2</div></body></html>"
    )

    words = read_message(message(markup.encode(), content_type='text/html; charset="utf-8"')).words

    assert words == "Café & ŵyl – done.\n\nWe have:\ninspected 40 homes\n- Ward 1\n- Ward 2\nWard 3 12 homes\nGrade: 2"


@pytest.mark.parametrize(
    ("words", "written_in", "label", "encoding"),
    [
        (ACCENTED, "windows-1252", "windows-1252", "8bit"),
        (ACCENTED, "windows-1252", "windows-1252", "quoted-printable"),
        (LATIN_1, "iso-8859-1", "iso-8859-1", "quoted-printable"),
        # Labelled Latin-1, written in Windows-1252 (curly quotes, the euro).
        (ACCENTED, "windows-1252", "iso-8859-1", "quoted-printable"),
        (WELSH, "iso-8859-14", "iso-8859-14", "quoted-printable"),
        (WELSH, "utf-8", "utf-8", "base64"),
        (WELSH, "utf-8", "x-unknown", "8bit"),
        # Labelled ASCII, or not labelled, and written in UTF-8.
        (WELSH, "utf-8", "us-ascii", "8bit"),
    ],
)
def test_any_charset_and_transfer_encoding_is_read(words, written_in, label, encoding):
    data = words.replace("\n", "\r\n").encode(written_in)
    encoded = {"8bit": data, "base64": base64.encodebytes(data), "quoted-printable": quopri.encodestring(data)}
    raw = message(
        encoded[encoding],
        content_type=f'text/plain; charset="{label}"',
        headers=[f"Content-Transfer-Encoding: {encoding}"],
    )

    assert read_message(raw).words == words


# -- Headers -------------------------------------------------------------------------


def test_the_headers_are_read_as_the_receiving_code_needs_them():
    raw = message(
        b"Done.",
        headers=[
            "Delivered-To: reply+u3.r7.Xk2f@scrutiny.anytown.gov.uk",
            "X-Original-To: Reply+U3.r7.Xk2f@Scrutiny.Anytown.gov.uk",
            "Cc: Sam Clerk <sam.clerk@anytown.gov.uk>, reply+u3.r7.Xk2f@scrutiny.anytown.gov.uk",
            "Authentication-Results: mx.anytown.gov.uk; dmarc=pass header.from=anytown.gov.uk",
            "Authentication-Results: relay.example.net; spf=fail",
        ],
    )

    reply = read_message(raw)

    assert reply.message_id == "<hand.1@anytown.gov.uk>"
    assert (reply.from_name, reply.from_address) == ("Jane Smith", "jane.smith@anytown.gov.uk")
    assert reply.recipients == (
        "reply+u3.r7.Xk2f@scrutiny.anytown.gov.uk",
        "Reply+U3.r7.Xk2f@Scrutiny.Anytown.gov.uk",
        "sam.clerk@anytown.gov.uk",
    )
    assert reply.authentication_results == (
        "mx.anytown.gov.uk; dmarc=pass header.from=anytown.gov.uk",
        "relay.example.net; spf=fail",
    )


def test_a_message_without_a_message_id_or_sender_still_reads():
    reply = read_message(b"Subject: Update\r\n\r\nDone.\r\n")

    assert (reply.message_id, reply.from_address, reply.from_name, reply.recipients) == ("", "", "", ())
    assert reply.words == "Done."


@pytest.mark.parametrize(
    ("header", "automatic"),
    [
        ("Auto-Submitted: auto-replied", True),
        ("Auto-Submitted: auto-generated", True),
        ("Auto-Submitted: no", False),
        ("X-Autoreply: yes", True),
        ("X-Autorespond: Out of office", True),
        ("Precedence: bulk", True),
        ("Precedence: junk", True),
        ("Precedence: list", True),
        ("Precedence: auto_reply", True),
        # An Outlook inbox rule's reply, under an ordinary "RE:".
        ("X-MS-Exchange-Inbox-Rules-Loop: errol.parks@stockton.example", True),
        # Outlook puts these on ordinary mail.
        ("X-Auto-Response-Suppress: All", False),
        ("X-Auto-Response-Suppress: OOF", False),
        ("X-Mailer: Microsoft Outlook 16.0", False),
    ],
)
def test_a_program_sending_is_told_by_its_headers(header, automatic):
    assert read_message(message(b"Away.", headers=[header])).is_automatic is automatic


@pytest.mark.parametrize(
    ("subject", "automatic"),
    [
        ("Automatic reply: Your update is due", True),
        ("Auto: Your update is due", True),
        ("Out of Office: Your update is due", True),
        ("Autoreply: Your update is due", True),
        ("Réponse automatique : Your update is due", True),
        ("Automatische Antwort: Your update is due", True),
        ("Respuesta automática: Your update is due", True),
        ("Ateb awtomatig: Your update is due", True),
        ("RE: Your update is due", False),
        ("Re: Out of office working, recommendation 4", False),
    ],
)
def test_a_program_sending_is_told_by_its_subject(subject, automatic):
    assert read_message(message(b"Away.", subject=subject)).is_automatic is automatic


def test_a_delivery_report_is_automatic():
    report = b"--b\r\nContent-Type: text/plain\r\n\r\nDelivery has failed.\r\n--b--\r\n"

    raw = message(report, content_type='multipart/report; report-type=delivery-status; boundary="b"')

    assert read_message(raw).is_automatic


# -- The update's parts --------------------------------------------------------------

GRADES = ("1", "2", "3", "4")
RAG = ("Green", "Amber", "Red", "Complete")
# The words of a scale as receiving gives them: each grade in full, its label, its code.
SCALE_WORDS = (
    "1 (Fully Achieved)",
    "Fully Achieved",
    "1",
    "2 (On-Track)",
    "On-Track",
    "2",
    "3 (Slipped)",
    "Slipped",
    "3",
)


@pytest.mark.parametrize(
    ("words", "headings", "grade_words", "expected"),
    [
        ("Done.\n\nImpact:\nFewer wait.\n\nGrade: 2", (), GRADES, ("Done.", "Fewer wait.", "2")),
        ("Done.\n\nImpact: Fewer wait.\nMould is down.", (), GRADES, ("Done.", "Fewer wait.\nMould is down.", "")),
        ("Done.\n\nEvidence of impact:\n\nFewer wait.", (), GRADES, ("Done.", "Fewer wait.", "")),
        ("Done.\nIMPACT\nFewer wait.", (), GRADES, ("Done.", "Fewer wait.", "")),
        ("Done.\n\nEffaith: Llai.\n\nGradd: 2", ("Effaith",), GRADES, ("Done.", "Llai.", "2")),
        ("Done.\n\nImpact on residents was high.", (), GRADES, ("Done.\n\nImpact on residents was high.", "", "")),
        ("A.\n\nImpact:\nB.\n\nC.\n\nRAG: green", (), RAG, ("A.", "B.\n\nC.", "Green")),
        ("Done.\nStatus: amber\nMore done.", (), RAG, ("Done.\nMore done.", "", "Amber")),
        ("Done.\n\nAssessment: Complete", (), RAG, ("Done.", "", "Complete")),
        ("Done.\n\ncomplete", (), RAG, ("Done.", "", "Complete")),
        ("Done.\n\nGrade: Amber.", (), RAG, ("Done.", "", "Amber")),
        ("Done.\n\nGrade: 2 (On-Track)", (), SCALE_WORDS, ("Done.", "", "2 (On-Track)")),
        # Issue 72: the common forms of a grade, case and punctuation aside.
        ("Done.\n\nGrade: 2 - On-Track", (), SCALE_WORDS, ("Done.", "", "2 (On-Track)")),
        ("Done.\n\non track", (), SCALE_WORDS, ("Done.", "", "On-Track")),
        ("Done.\n\nGrade 2", (), SCALE_WORDS, ("Done.", "", "2")),
        ("Done.\n\nStatus: on-track.", (), SCALE_WORDS, ("Done.", "", "On-Track")),
        # A label's short value that is no grade is said back, its line kept;
        # a longer one is the officer's prose, kept and not called a grade.
        ("Done.\n\nStatus: Purple", (), SCALE_WORDS, ("Done.\n\nStatus: Purple", "", "Purple")),
        (
            "Done.\nStatus: with legal services for sign-off\n\nGrade: 2",
            (),
            SCALE_WORDS,
            ("Done.\nStatus: with legal services for sign-off", "", "2"),
        ),
        (
            "Done.\nStatus: with legal services for sign-off",
            (),
            SCALE_WORDS,
            ("Done.\nStatus: with legal services for sign-off", "", ""),
        ),
        ("Grade 2 pupils took part.", (), SCALE_WORDS, ("Grade 2 pupils took part.", "", "")),
        ("Status: in hand\nDone.\n\nGrade: Red", (), RAG, ("Status: in hand\nDone.", "", "Red")),
        (
            "Status: the report is with legal and the director signs it off next month.\n\nDone.",
            (),
            RAG,
            ("Status: the report is with legal and the director signs it off next month.\n\nDone.", "", ""),
        ),
        ("Done.", (), RAG, ("Done.", "", "")),
        ("", (), RAG, ("", "", "")),
    ],
)
def test_the_words_split_into_progress_impact_and_grade(words, headings, grade_words, expected):
    parts = parts_of(words, impact_headings=headings, grade_words=grade_words)

    assert (parts.progress, parts.impact, parts.grade) == expected


@pytest.mark.parametrize("shape", CLIENT_SHAPES.values(), ids=CLIENT_SHAPES.keys())
def test_every_client_gives_the_same_parts(shape):
    words = read_message(shape(ENGLISH, to=TO, sender=SENDER)).words

    parts = parts_of(words, impact_headings=(), grade_words=SCALE_WORDS)

    assert parts.progress == ENGLISH.split("\n\nImpact:")[0]
    assert parts.impact == (
        "Fewer families wait more than a fortnight for an inspection, and repeat reports of mould are down by a third."
    )
    assert parts.grade == "2 (On-Track)"


# -- Who sent it ---------------------------------------------------------------------

OURS = "mx.anytown.gov.uk"


@pytest.mark.parametrize(
    ("headers", "ok", "reason"),
    [
        ([f"{OURS}; dmarc=pass header.from=anytown.gov.uk"], True, "passed its DMARC check"),
        ([f"{OURS} 1; dmarc=pass header.from=Anytown.gov.uk"], True, "passed its DMARC check"),
        (["MX.Anytown.gov.uk; dmarc=pass header.from=anytown.gov.uk"], True, "passed its DMARC check"),
        # A DMARC pass counts for the From address's own domain alone (issue 72).
        ([f"{OURS}; dmarc=pass header.from=elsewhere.example"], False, "not say it was for the domain of the From"),
        ([f"{OURS}; dmarc=pass"], False, "did not say it was for the domain of the From address"),
        ([f"{OURS}; dmarc=pass header.from=gov.uk"], False, "did not say it was for the domain of the From address"),
        ([f"{OURS}; dkim=pass header.d=anytown.gov.uk; spf=fail"], True, "passed its DKIM check"),
        ([f"{OURS}; spf=pass smtp.mailfrom=anytown.gov.uk"], True, "passed its SPF check"),
        ([f"{OURS}; dkim=fail; dkim=pass header.d=anytown.gov.uk"], True, "passed its DKIM check"),
        # Without DMARC, a pass counts only for the From address's own domain,
        # or one it is part of.
        ([f"{OURS}; dkim=pass header.d=gov.uk"], True, "passed its DKIM check"),
        ([f"{OURS}; dkim=pass header.d=elsewhere.example"], False, "could not confirm who sent the message"),
        ([f"{OURS}; spf=pass smtp.mailfrom=x@town.gov.uk"], False, "could not confirm who sent the message"),
        ([f"{OURS}; dkim=pass"], False, "could not confirm who sent the message"),
        # A quoted string is no result, and any DMARC failure refuses.
        ([f'{OURS}; spf=pass smtp.mailfrom="a dmarc=pass"@x.example; dmarc=fail'], False, "failed its DMARC"),
        ([f"{OURS}; dmarc=pass; dmarc=fail"], False, "failed its DMARC check"),
        ([f"{OURS}; dmarc=fail (p=reject); dkim=pass; spf=pass"], False, "failed its DMARC check"),
        ([f"{OURS}; dmarc=none; dkim=pass"], False, "no DMARC policy"),
        ([f"{OURS}; dmarc=temperror"], False, "a temporary error"),
        ([f"{OURS}; dmarc=permerror"], False, "DMARC policy"),
        (
            [f"{OURS}; spf=softfail; dkim=none"],
            False,
            "could not confirm who sent the message (SPF softfail, DKIM none)",
        ),
        ([f"{OURS}; spf=neutral"], False, "could not confirm who sent the message (SPF neutral)"),
        ([f"{OURS}; none"], False, "could not confirm who sent the message"),
        # A comment is no result.
        ([f"{OURS}; spf=fail (sender IP 192.0.2.1; dmarc=pass would be nice)"], False, "SPF fail"),
        # Above the council's header: added later, by someone else.
        (["backup.example.net; dmarc=pass", f"{OURS}; dmarc=fail"], False, "failed its DMARC check"),
        # Below it: came with the message, written by whoever sent it.
        ([f"{OURS}; dmarc=fail", f"{OURS}; dmarc=pass", "mx.example.net; dmarc=pass"], False, "failed"),
        (["mx.example.net; dmarc=pass"], False, "the message was not checked by your council's mail server"),
        ([], False, "the message was not checked by your council's mail server"),
    ],
)
def test_only_the_council_servers_results_count(headers, ok, reason):
    accepted, why = authenticated(headers, OURS, "jane.smith@anytown.gov.uk")

    assert accepted is ok
    assert reason in why


def test_no_server_named_means_nothing_is_accepted():
    assert authenticated([f"{OURS}; dmarc=pass"], "") == (
        False,
        "the message was not checked by your council's mail server",
    )


def test_a_delivered_reply_is_authenticated_from_its_headers():
    good = read_message(delivered(outlook_reply(ENGLISH, to=TO, sender=SENDER), authserv_id=OURS, to=TO))
    bad = read_message(delivered(outlook_reply(ENGLISH, to=TO, sender=SENDER), authserv_id=OURS, dmarc="fail"))

    assert authenticated(good.authentication_results, OURS, good.from_address)[0]
    assert good.recipients == (TO,)  # in Delivered-To and To, given once
    assert authenticated(bad.authentication_results, OURS, bad.from_address) == (
        False,
        "your council's mail server found that the message failed its DMARC check",
    )


# -- Any update, any bytes -----------------------------------------------------------

EXAMPLES = hypothesis_settings(max_examples=60, derandomize=True, database=None, deadline=None)
# Phrases an update is made of, with what a reader could mistake for a
# quote, a label or a sign-off, and what a charset could lose.
PHRASES = (
    "the inspections of damp homes",
    "were finished in February and",
    "the report goes to cabinet",
    "ŵyl ŷd Siôn café naïve",
    "£250 €30 “quoted” –",
    "From On 10:02 wrote:",
    "tenants' panel agreed:",
    "thanks regards",
    "https://www.anytown.gov.uk/reports/damp-and-mould/2026/inspections",
)
sentences = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=12).map(lambda words: " ".join(words) + ".")
labels = st.sampled_from(["Impact:", "Evidence of impact:", "Grade: 2", "Status: Amber", "RAG: Green"])
paragraphs = st.one_of(
    sentences.map(str.capitalize),
    st.tuples(sentences, st.lists(sentences, min_size=1, max_size=3)).map(
        lambda parts: "\n".join([parts[0].capitalize(), *(f"- {item}" for item in parts[1])])
    ),
    st.tuples(labels, sentences).map("\n".join),
    labels,
)
updates = st.lists(paragraphs, min_size=1, max_size=5).map("\n\n".join)


@EXAMPLES
@given(updates)
def test_any_update_comes_back_word_for_word_from_every_client(words):
    for shape in CLIENT_SHAPES.values():
        assert read_message(shape(words, to=TO, sender=SENDER)).words == words


@hypothesis_settings(EXAMPLES, max_examples=200)
@given(st.binary(max_size=2048))
def test_any_bytes_are_read_without_failing(raw):
    read_message(raw)


@EXAMPLES
@given(st.text(max_size=300))
def test_any_html_is_read_without_failing(markup):
    read_message(message(markup.encode(), content_type='text/html; charset="utf-8"'))


@pytest.mark.parametrize(
    "header",
    [
        b"From: =?utf-8?q?Olu=0A=0DOfficer?= <olu@example.org>",  # an encoded line break in the name
        b"From: =?utf-8?q?Olu=0AOfficer?= <olu@example.org>",
    ],
)
def test_a_header_the_email_package_cannot_parse_is_read_as_text_not_a_crash(header):
    """Issue 72: an encoded line break in the From name raised inside the
    email package and lost the reply. Read as its text, on one line."""
    raw = (
        header
        + b"\r\nTo: x@example.org\r\nSubject: =?utf-8?q?Update=0Afor March?=\r\nMessage-ID: <a@b>\r\n\r\nDone.\r\n"
    )
    reply = read_message(raw)
    assert reply.from_address == "olu@example.org" and "\n" not in reply.from_name
    assert reply.subject == "Update for March" and reply.words == "Done."


def test_a_signature_logo_the_html_shows_is_no_evidence_but_a_file_attached_is():
    """Issue 72 item 4: Outlook sends the signature's logo as image001.png,
    inline, named, shown by the HTML body by its Content-ID: not a file the
    officer attached. The PDF they attached is."""
    from email.message import EmailMessage

    message = EmailMessage(policy=email.policy.SMTP)
    message["From"], message["To"], message["Subject"] = SENDER, TO, "RE: Your update is due"
    message["Message-ID"] = "<logo.1@anytown.gov.uk>"
    message.set_content("The survey went out in May.")
    message.add_alternative(
        '<p>The survey went out in May.</p><p><img src="cid:image001.png@01DA1234.5678ABCD" alt="Council logo"></p>',
        subtype="html",
    )
    html = message.get_payload()[1]
    html.add_related(
        b"\x89PNG\r\n\x1a\n logo",
        maintype="image",
        subtype="png",
        cid="<image001.png@01DA1234.5678ABCD>",
        disposition="inline",
        filename="image001.png",
    )
    message.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf", filename="Survey.pdf")

    reply = read_message(message.as_bytes())

    assert [attachment.name for attachment in reply.attachments] == ["Survey.pdf"]
    assert reply.words == "The survey went out in May."


def test_a_winmail_dat_is_opened_for_the_files_inside_it_and_is_never_a_file_itself():
    """Issue 72 item 4: Outlook in rich-text mode wraps the officer's files
    in winmail.dat. The files inside are what they attached; a winmail.dat
    that holds none, or cannot be read, is left out, never refused."""
    from email.message import EmailMessage

    def sent_with(data: bytes) -> tuple[str, ...]:
        message = EmailMessage(policy=email.policy.SMTP)
        message["From"], message["To"], message["Subject"] = SENDER, TO, "RE: Your update is due"
        message.set_content("The survey went out in May.")
        message.add_attachment(data, maintype="application", subtype="ms-tnef", filename="winmail.dat")
        return tuple((a.name, a.data) for a in read_message(message.as_bytes()).attachments)

    pdf, sheet = b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04 a workbook"
    assert sent_with(tnef(("Survey.pdf", pdf), ("Figures.xlsx", sheet))) == (
        ("Survey.pdf", pdf),
        ("Figures.xlsx", sheet),
    )
    assert sent_with(tnef()) == ()
    assert sent_with(b"not TNEF at all") == ()


@pytest.mark.parametrize(
    ("body", "words"),
    [
        # Thunderbird's default: the officer writes below the quoted reminder.
        (
            "On 03/03/2026 10:02, Anytown Scrutiny wrote:\n> Please send your update.\n> Grade: 1 to 5\n\n"
            "The survey went out in May.\n\nGrade: 2\n\n-- \nJane Smith",
            "The survey went out in May.\n\nGrade: 2",
        ),
        # Answers written between the quoted lines.
        (
            "On 03/03/2026 10:02, Anytown Scrutiny wrote:\n> What progress has been made?\n\nThe survey went out.\n\n"
            "> What impact has it had?\n\nImpact: Fewer families wait.\n\n> Grade?\n\nGrade: 2",
            "The survey went out.\n\nImpact: Fewer families wait.\n\nGrade: 2",
        ),
        # Written on top, the quote below it: as before.
        (
            "The survey went out.\n\nOn 03/03/2026 10:02, Anytown Scrutiny wrote:\n> Please send your update.",
            "The survey went out.",
        ),
    ],
)
def test_the_officers_words_are_read_above_below_and_between_the_quoted_lines(body, words):
    """Issue 72 item 1: replying below the quote, or between its lines,
    saved nothing; every line the officer wrote is theirs."""
    assert words_of(body) == words


def test_the_officers_paragraph_opening_as_a_disclaimer_might_is_kept_with_all_after_it():
    """Issue 72 item 1: "The information in this message about the
    colleges comes from…" is the officer's, as are its Impact and its
    grade; the council's real disclaimer after them still goes."""
    body = (
        "The survey went out in May.\n\n"
        "The information in this message about the colleges comes from their principals.\n\n"
        "Impact: Fewer students report hate incidents.\n\nGrade: 2\n\n"
        "This e-mail and any attachments are confidential and intended solely for the addressee."
    )
    assert words_of(body) == (
        "The survey went out in May.\n\n"
        "The information in this message about the colleges comes from their principals.\n\n"
        "Impact: Fewer students report hate incidents.\n\nGrade: 2"
    )


@pytest.mark.parametrize(
    "body",
    [
        "Done.\n\nThanks, Vanessa",
        "Done.\n\nKind regards\nVanessa Housley\nCommunity Safety Manager | Stockton-on-Tees Borough Council | "
        "Municipal Buildings, Church Road, Stockton-on-Tees TS18 1LD | Tel: 01642 527000 | "
        "vanessa.housley@stockton.example",
        "Done.\n\nBest wishes,\nVanessa\nwww.stockton.example/community-safety",
    ],
)
def test_a_signature_by_its_shape_is_no_part_of_the_update(body):
    """Issue 72 item 1: a sign-off with the name on its line, and a
    signature's contact details however long, are not evidence."""
    assert words_of(body) == "Done."


def test_a_reply_signed_with_the_officers_name_alone_leaves_it_out():
    from actionplans.replies.reading import without_closing_name

    names = ["Vanessa", "Vanessa Housley"]
    assert without_closing_name("Done.\n\nImpact: Fewer wait.\nVanessa", names) == "Done.\n\nImpact: Fewer wait."
    assert without_closing_name("Done.\n\nVanessa Housley.", names) == "Done."
    # Only their own name, and never the whole reply.
    assert without_closing_name("Done.\nMiddlesbrough", names) == "Done.\nMiddlesbrough"
    assert without_closing_name("Vanessa", names) == "Vanessa"
