"""The corpus of replies (issue 72): every shape in which officers really
answer, the robots' messages and the hostile ones, each with what the
officer wrote and meant, to compare word for word with what the service
kept. tests/test_reply_corpus.py holds the service to all of it, through
receive() and through the mailbox; bench/reply_corpus.py counts how much
of it a version of the service gets right.

A case builds its message for the update's reply address and its officer
(`build(to, sender)`: the bytes as their mail program sends them) and
says what the update should hold after it: the three texts, the grade in
full, the names of its files, and whether the reply is kept at all.
`Setting` is the update and the people a case is run against."""

import email.policy
import email.utils
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from actionplans.replies.reading import Attachment
from tests.reply_mail import CLIENT_SHAPES, REMINDER, delivered, tnef

DOMAIN = "anytown.gov.uk"
OFFICER = ("Vanessa", "Housley", f"vanessa.housley@{DOMAIN}")
CO_OWNER = ("Dale", "Pickering", f"dale.pickering@{DOMAIN}")
# The corpus's limit on a message's size, so that a message over it need
# not be hundreds of megabytes.
MAX_BYTES = 2 * 1024 * 1024

PROGRESS = (
    "The survey went out in May and 412 tenants answered; Siân's team booked every repair it found, "
    "at a cost of £2,500.\n\n"
    "Since the last update we have:\n- trained all twelve inspectors\n- cut the wait to nine working days"
)
IMPACT = "Fewer families wait more than a fortnight for an inspection."
WRITTEN = f"{PROGRESS}\n\nImpact:\n{IMPACT}\n\nGrade: 2 (On-Track)"
SIGNATURE = (
    "Kind regards\nVanessa Housley\nCommunity Safety Manager | Anytown Borough Council | "
    "Municipal Buildings, Church Road, Anytown AN1 1AA | Tel: 01632 960123 | vanessa.housley@anytown.gov.uk"
)
DISCLAIMER = (
    "This e-mail and any attachments are confidential and intended solely for the addressee. If you have "
    "received it in error, please tell the sender at once and delete it."
)
QUOTED = "\n".join(f"> {line}" if line else ">" for line in REMINDER.split("\n"))
ATTRIBUTION = "On 10/03/2026 09:15, Anytown Borough Council Scrutiny wrote:"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REPORT = Attachment("Adroddiad ŵyl – March 2026.pdf", "application/pdf", PDF)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[str, str], bytes]
    progress: str = ""
    impact: str = ""
    explanation: str = ""
    grade: str = ""
    files: tuple[str, ...] = ()
    kept: bool = True  # anything of it saved on the update
    answered: bool = True
    # Delivered a second time with a new Message-ID (a client sending again).
    again: bool = False
    # A co-owner's reply with these words comes first.
    co_owner_first: str = ""


def plain(body: str, *, subject="RE: Your update on recommendation 3 is due by 20 March 2026", headers=(), files=()):
    """A builder of a plain-text reply with this body, these extra headers
    and these (name, bytes) files."""

    def build(to: str, sender: str) -> bytes:
        message = EmailMessage(policy=email.policy.SMTP)
        message["From"], message["To"], message["Subject"] = sender, to, subject
        message["Message-ID"] = email.utils.make_msgid(domain=DOMAIN)
        message["Date"] = "Wed, 11 Mar 2026 10:00:00 +0000"
        for name, value in headers:
            message[name] = value
        message.set_content(body)
        for name, data in files:
            message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        return message.as_bytes()

    return build


def client(shape, words: str, *files):
    return lambda to, sender: shape(words, to=to, sender=sender, attachments=files)


LOGO_WORDS = "The survey went out in May; its results are attached."


def with_logo(to: str, sender: str) -> bytes:
    """Outlook's HTML with the signature's logo inline by its Content-ID,
    and a PDF the officer attached."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"], message["To"], message["Subject"] = sender, to, "RE: Your update is due"
    message["Message-ID"] = email.utils.make_msgid(domain=DOMAIN)
    message.set_content(f"{LOGO_WORDS}\n\nGrade: 2")
    message.add_alternative(
        f'<p>{LOGO_WORDS}</p><p>Grade: 2</p><p><img src="cid:image001.png@01DA1234.5678ABCD" alt="Council logo"></p>',
        subtype="html",
    )
    message.get_payload()[1].add_related(
        b"\x89PNG\r\n\x1a\n logo", "image", "png", cid="<image001.png@01DA1234.5678ABCD>", filename="image001.png"
    )
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="Survey.pdf")
    return message.as_bytes()


def with_winmail(to: str, sender: str) -> bytes:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"], message["To"], message["Subject"] = sender, to, "RE: Your update is due"
    message["Message-ID"] = email.utils.make_msgid(domain=DOMAIN)
    message.set_content(PROGRESS)
    message.add_attachment(
        tnef(("Survey.pdf", PDF), ("Minutes.pdf", PDF.replace(b"Catalog", b"Catalog "))),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    return message.as_bytes()


def report(to: str, sender: str) -> bytes:
    """A delivery report (RFC 3464) sent to the reply address."""
    body = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        "--r\r\nContent-Type: text/plain\r\n\r\nDelivery has failed to these recipients.\r\n"
        "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.anytown.gov.uk\r\n\r\n"
        "Final-Recipient: rfc822; nobody@anytown.gov.uk\r\nAction: failed\r\nStatus: 5.1.1\r\n--r--\r\n"
    )
    head = f"From: {sender}\r\nTo: {to}\r\nSubject: Undeliverable: Your update\r\nMIME-Version: 1.0\r\n"
    return (head + f"Message-ID: {email.utils.make_msgid(domain=DOMAIN)}\r\n" + body).encode()


def encoded_line_break_sender(to: str, sender: str) -> bytes:
    raw = plain(PROGRESS)(to, sender)
    return raw.replace(f"From: {sender}".encode(), f"From: =?utf-8?q?Vanessa=0AHousley?= <{OFFICER[2]}>".encode())


def misaligned(to: str, sender: str) -> bytes:
    """Passing DMARC for another domain than its From address's."""
    raw = plain(PROGRESS)(to, sender)
    return b"Authentication-Results: mx.anytown.gov.uk; dmarc=pass header.from=elsewhere.example\r\n" + raw


LONG_NAME = "Report " + "with a very long name " * 14 + "final.pdf"

CASES = [
    *(
        Case(
            f"{name}, on top",
            client(shape, WRITTEN, REPORT),
            PROGRESS,
            IMPACT,
            grade="2 (On-Track)",
            files=(REPORT.name,),
        )
        for name, shape in CLIENT_SHAPES.items()
    ),
    Case(
        "below the quote (Thunderbird)",
        plain(f"{ATTRIBUTION}\n{QUOTED}\n\n{PROGRESS}\n\nGrade: 2\n\n-- \nVanessa"),
        PROGRESS,
        grade="2 (On-Track)",
    ),
    Case(
        "between the quoted lines",
        plain(
            f"{ATTRIBUTION}\n> What progress has been made?\n\n{PROGRESS}\n\n> What difference has it made?\n\n"
            f"Impact: {IMPACT}\n\n> Your grade?\n\nGrade: 2"
        ),
        PROGRESS,
        IMPACT,
        grade="2 (On-Track)",
    ),
    Case("a long signature", plain(f"{PROGRESS}\n\n{SIGNATURE}"), PROGRESS),
    Case("signed off with the first name", plain(f"{PROGRESS}\n\nThanks, Vanessa"), PROGRESS),
    Case("signed with the name alone", plain(f"{PROGRESS}\n\nImpact: {IMPACT}\nVanessa"), PROGRESS, IMPACT),
    Case(
        "prose opening as a disclaimer might",
        plain(
            f"{PROGRESS}\n\nThe information in this message about the colleges comes from their principals.\n\n"
            f"Impact: {IMPACT}\n\nGrade: 2\n\n{DISCLAIMER}"
        ),
        f"{PROGRESS}\n\nThe information in this message about the colleges comes from their principals.",
        IMPACT,
        grade="2 (On-Track)",
    ),
    Case(
        "a status sentence kept",
        plain(f"{PROGRESS}\nStatus: with legal services for sign-off\n\nGrade: 2"),
        f"{PROGRESS}\nStatus: with legal services for sign-off",
        grade="2 (On-Track)",
    ),
    Case("grade as 'on track'", plain(f"{PROGRESS}\n\non track"), PROGRESS, grade="2 (On-Track)"),
    Case("grade as '2 - On-Track'", plain(f"{PROGRESS}\n\nGrade: 2 - On-Track"), PROGRESS, grade="2 (On-Track)"),
    Case("grade as 'Grade 2'", plain(f"{PROGRESS}\n\nGrade 2"), PROGRESS, grade="2 (On-Track)"),
    Case("a grade not on the scale", plain(f"{PROGRESS}\n\nStatus: Purple"), f"{PROGRESS}\n\nStatus: Purple"),
    Case(
        "a slipped grade with its reason",
        plain(f"{PROGRESS}\n\nGrade: 3\n\nReason: The contractor went into administration."),
        PROGRESS,
        explanation="The contractor went into administration.",
        grade="3 (Slipped)",
    ),
    Case("a signature logo", with_logo, LOGO_WORDS, grade="2 (On-Track)", files=("Survey.pdf",)),
    Case("winmail.dat", with_winmail, PROGRESS, files=("Minutes.pdf", "Survey.pdf")),
    Case(
        "sent again with a new Message-ID",
        plain(PROGRESS, files=[("Survey.pdf", PDF)]),
        PROGRESS,
        files=("Survey.pdf",),
        again=True,
    ),
    Case(
        "a co-owner wrote first",
        plain(PROGRESS),
        "Dale's words on the survey.",
        co_owner_first="Dale's words on the survey.",
    ),
    Case("a file named with a path", plain(PROGRESS, files=[("..\\..\\..\\x.pdf", PDF)]), PROGRESS, files=("x.pdf",)),
    Case(
        "a file name too long",
        plain(PROGRESS, files=[(LONG_NAME, PDF)]),
        PROGRESS,
        files=(LONG_NAME[: 200 - 4].rstrip(". ") + ".pdf",),
    ),
    Case("an encoded line break in the sender's name", encoded_line_break_sender, PROGRESS),
    Case("longer than the form allows", plain("The survey. " * 1700), kept=False),
    Case("larger than the limit", plain(PROGRESS, files=[("Big.pdf", PDF + b"0" * MAX_BYTES)]), kept=False),
    # Not answered: nothing shows the sender is the officer.
    Case("DMARC passed for another domain", misaligned, kept=False, answered=False),
    Case("only the quote, nothing written", plain(f"{ATTRIBUTION}\n{QUOTED}"), kept=False),
    Case(
        "out of office",
        plain(
            "I am out of the office until Monday.",
            headers=[("Auto-Submitted", "auto-replied")],
            subject="Automatic reply: Your update is due",
        ),
        kept=False,
        answered=False,
    ),
    Case(
        "an Outlook rule's reply under RE:",
        plain(
            "I am out of the office until Monday.",
            headers=[("X-Auto-Response-Suppress", "All"), ("X-MS-Exchange-Inbox-Rules-Loop", OFFICER[2])],
        ),
        kept=False,
        answered=False,
    ),
    Case(
        "out of office in German",
        plain("Ich bin nicht im Büro.", subject="Abwesenheitsnotiz: Your update is due"),
        kept=False,
        answered=False,
    ),
    Case("a list's message", plain("Newsletter.", headers=[("Precedence", "bulk")]), kept=False, answered=False),
    Case("X-Autoreply", plain("Away.", headers=[("X-Autoreply", "yes")]), kept=False, answered=False),
    Case("a delivery report", report, kept=False, answered=False),
]


def sent(case: Case, to: str, sender: str) -> bytes:
    """The case's message as the council's mail server stores it (its
    Authentication-Results for the sender's domain on top), where the
    case does not bring its own."""
    raw = case.build(to, sender)
    return raw if raw.startswith(b"Authentication-Results:") else delivered(raw)


# -- Running it ------------------------------------------------------------------------


@dataclass
class Setting:
    """The review, its open round, and the officer and co-owner (users,
    with their owner records) every case's update is shared by."""

    review: object
    round: object
    officer: object
    co_owner: object
    owners: list


@dataclass
class Prepared:
    case: Case
    entry: object
    messages: list[bytes]  # in the order they arrive


@dataclass
class Judged:
    """What the service got right of one case."""

    case: Case
    words: bool
    grade: bool
    files: bool
    answer: bool
    said: str = ""

    @property
    def right(self) -> bool:
        return self.words and self.grade and self.files and self.answer


def setting() -> Setting:
    """Made in the database: run where a test or the benchmark may write."""
    from actionplans import roles
    from actionplans.models import Round
    from tests.factories import make_owner, make_review, make_round, make_user

    users = []
    for first, last, address in (OFFICER, CO_OWNER):
        user = make_user(None, roles.OFFICER, first_name=first, last_name=last, email=address)
        users.append((user, make_owner(f"{first} {last}", user=user)))
    review = make_review("Damp and mould")
    return Setting(
        review,
        make_round(review, 2026, 3, status=Round.Status.OPEN),
        users[0][0],
        users[1][0],
        [owner for _, owner in users],
    )


def prepare(case: Case, where: Setting) -> Prepared:
    """The case's update (new, shared by both officers) and its messages."""
    from actionplans import reply_tokens
    from actionplans.models import ProgressEntry
    from tests.factories import make_action, make_entry, make_recommendation

    action = make_action(make_recommendation(where.review), owners=where.owners)
    entry = make_entry(
        action, where.round, grade=None, evidence="", owners=where.owners, status=ProgressEntry.Status.NOT_STARTED
    )
    messages = []
    if case.co_owner_first:
        to = reply_tokens.reply_address(entry_id=entry.pk, user_id=where.co_owner.pk)
        messages.append(sent(Case("", plain(case.co_owner_first)), to, _sender(where.co_owner)))
    raw = sent(case, reply_tokens.reply_address(entry_id=entry.pk, user_id=where.officer.pk), _sender(where.officer))
    messages.append(raw)
    if case.again:
        messages.append(raw.replace(b"Message-ID: <", b"Message-ID: <again.", 1))
    return Prepared(case, entry, messages)


def _sender(user) -> str:
    return email.utils.formataddr((user.get_full_name(), user.email))


def judge(prepared: Prepared, answers: list[str]) -> Judged:
    """`answers`: the bodies of the e-mails the officer was sent about it."""
    from actionplans.models import EvidenceFile, ProgressEntry

    case = prepared.case
    entry = ProgressEntry.objects.get(pk=prepared.entry.pk)
    texts = (entry.evidence_of_progress, entry.evidence_of_impact, entry.grade_explanation)
    files = sorted(EvidenceFile.objects.filter(entry=entry).values_list("file_name", flat=True))
    said = "\n----\n".join(answers)
    return Judged(
        case,
        words=texts == (case.progress, case.impact, case.explanation),
        grade=(entry.grade_label or "") == case.grade,
        files=files == sorted(case.files),
        answer=_answer_right(case, answers),
        said=said,
    )


def _answer_right(case: Case, answers: list[str]) -> bool:
    """No answer to a robot; one to a person, which quotes every text kept
    and never calls a reply saved when nothing of it was."""
    if not case.answered:
        return not answers
    if not answers:
        return False
    last = answers[-1]
    if case.co_owner_first:
        return CO_OWNER[0] in last and "nothing was replaced" in last
    if not case.kept:
        return "is saved" not in last
    quoted = all(text in last for text in (case.progress, case.impact, case.explanation) if text)
    return "is saved" in last and quoted and _grade_said(case, last)


def _grade_said(case: Case, answer: str) -> bool:
    """The grade saved, or that none was, with the council's grades."""
    if case.grade:
        return f"Assessment of progress: {case.grade}" in answer
    return "The council's grades are 1 (Fully Achieved), 2 (On-Track)" in answer


def figures(judged: list[Judged]) -> dict[str, str]:
    """How many of the corpus's replies the service got right, by what."""
    count = len(judged)
    return {
        "words exactly as written": f"{sum(j.words for j in judged)}/{count}",
        "grade right": f"{sum(j.grade for j in judged)}/{count}",
        "files right": f"{sum(j.files for j in judged)}/{count}",
        "answer says what was kept": f"{sum(j.answer for j in judged)}/{count}",
        "all four right": f"{sum(j.right for j in judged)}/{count}",
    }


def answers_to(prepared: Prepared, outbox, officer) -> list[str]:
    """The bodies of the answers in `outbox` (Django's sent messages) to the
    officer's messages of this case, found by their In-Reply-To."""
    ids = set()
    for raw in prepared.messages:
        message = email.message_from_bytes(raw)  # the legacy policy takes any From line as it is
        if officer.email in str(message["From"] or ""):
            ids.add(str(message["Message-ID"] or "").strip())
    return [
        message.body
        for message in outbox
        if message.extra_headers.get("In-Reply-To", "").strip() in ids and officer.email in message.to
    ]
