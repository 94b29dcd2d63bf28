"""Replies to a reminder as real mail clients send them, as raw bytes.

Each builder takes the officer's words (paragraphs split by one blank line,
"- " bullets), writes them as its client would (Outlook's MsoNormal
paragraphs, Gmail's wrapped plain text and <div>s, Apple Mail's HTML), and
quotes the reminder below them as that client quotes. Every builder has
the same signature:

    builder(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes

`to` is the reply address, `sender` the officer ("Name <address>" or a
bare address), `attachments` Attachment objects (reading.py's), `subject`
the reminder's subject (the client adds its "RE: "). CLIENT_SHAPES names
the builders of replies a person wrote; `out_of_office_reply` is the
automatic one. `delivered()` adds what the council's mail server adds on
receiving (Authentication-Results and the envelope's Delivered-To).
"""

import base64
import email
import email.policy
import html
import quopri
import secrets
import struct
import textwrap
import urllib.parse
from email.header import Header
from email.utils import formataddr, parseaddr

REMINDER_SUBJECT = "Your update on recommendation 3 is due by 20 March 2026"
REMINDER_SENDER = ("Anytown Borough Council Scrutiny", "scrutiny@anytown.gov.uk")
# The reminder as the officer received it, quoted below every reply: its
# "Impact:" and "Grade:" lines must never be taken for the officer's.
REMINDER = (
    "Dear Jane Smith,\n\n"
    'Your six-monthly update on recommendation 3 of the review "Tackling damp and mould in council homes" '
    "is due by 20 March 2026.\n\n"
    "Recommendation: That the Council inspects every home reported for damp within ten working days.\n\n"
    "Reply to this e-mail with your progress. Put the difference it has made under a heading of its own, "
    "and your grade on a line of its own, for example:\n"
    "Impact:\n"
    "Grade: 2 (On-Track)\n\n"
    "Files you attach are kept as evidence.\n\n"
    "Scrutiny Team\n"
    "Anytown Borough Council"
)
SENT = "Tue, 10 Mar 2026 09:15:42 +0000"
REMINDER_ID = "reminder.7f3a91@scrutiny.anytown.gov.uk"
SENT_REMINDER_GMAIL = "Tue, 3 Mar 2026 at 10:02"
EXTERNAL_BANNER = "[EXTERNAL]"
DISCLAIMER = (
    "This e-mail and any attachments are confidential and intended solely for the addressee. If you have received "
    "it in error, please tell the sender at once and delete it. Anytown Borough Council does not accept "
    "responsibility for any changes made to this e-mail after it was sent.",
    "Anytown Borough Council may monitor e-mail traffic for the purposes of security and staff training. "
    "Please consider the environment before printing this e-mail.",
)


def outlook_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Classic Outlook for Windows (Microsoft 365), top-posted: plain text
    and Word's HTML, the reminder under Outlook's "From: Sent: To:" block
    (in the HTML, the <div> with a rule along its top)."""
    return _outlook(words, to=to, sender=sender, attachments=attachments, subject=subject, charset="utf-8")


def outlook_western_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Classic Outlook set to send "Western European (Windows)": both parts
    in windows-1252, the plain text with "?" for what it cannot hold (Welsh
    ŵ and ŷ) and the HTML with character references for them."""
    return _outlook(words, to=to, sender=sender, attachments=attachments, subject=subject, charset="windows-1252")


def outlook_web_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """New Outlook (and Outlook on the web) from an organisation that puts
    an "[EXTERNAL]" banner on top and a long disclaimer under the
    signature; the reminder follows divRplyFwdMsg."""
    name, address = parseaddr(sender)
    plain = "\n\n".join(
        [
            EXTERNAL_BANNER,
            _plain(words, bullet="  *   "),
            f"Kind regards\n\n{name or address}\nHousing Policy Officer\nAnytown Borough Council\n01632 960123",
            *DISCLAIMER,
            "________________________________\n"
            + _outlook_header_block(name, address, "Tuesday, March 3, 2026 10:02", subject),
            REMINDER,
        ]
    )
    markup = _outlook_web_html(words, name or address, address, subject)
    body = _multipart("alternative", [_text("plain", plain, "utf-8"), _text("html", markup, "utf-8")])
    headers = _outlook_headers(to, sender, subject=f"RE: {subject}", topic=subject, attachments=attachments)
    return _message(headers, _with_attachments(body, attachments, _outlook_attachment))


def gmail_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Gmail on the web: plain text wrapped at 78 characters with a "-- "
    signature and "On ... wrote:" over ">" quotes; HTML in <div>s with the
    reminder in its gmail_quote."""
    quote = _gmail_quote(REMINDER, SENT_REMINDER_GMAIL, REMINDER_SENDER)
    return _gmail(words, to=to, sender=sender, attachments=attachments, subject=f"Re: {subject}", quote=quote)


def gmail_reply_to_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Gmail answering the clerk's answer to an earlier reply: two levels of
    quotes, each with its own "On ... wrote:"."""
    earlier = (
        "Thanks Jane. The committee will want the figures by ward; could you add them?\n\n"
        "Sam Clerk\nScrutiny Officer\n\n" + _gmail_quote(REMINDER, SENT_REMINDER_GMAIL, REMINDER_SENDER)[0]
    )
    earlier_html = (
        '<div dir="ltr">Thanks Jane. The committee will want the figures by ward; could you add them?'
        "<div><br></div><div>Sam Clerk</div><div>Scrutiny Officer</div></div><br>"
        + _gmail_quote(REMINDER, SENT_REMINDER_GMAIL, REMINDER_SENDER)[1]
    )
    quote = _gmail_quote(
        (earlier, earlier_html), "Wed, 11 Mar 2026 at 14:20", ("Sam Clerk", "sam.clerk@anytown.gov.uk")
    )
    return _gmail(words, to=to, sender=sender, attachments=attachments, subject=f"Re: {subject}", quote=quote)


def gmail_forward(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Gmail forwarding the reminder to the reply address, the officer's
    words above Gmail's "---------- Forwarded message ---------"."""
    name, address = REMINDER_SENDER
    block = (
        f"---------- Forwarded message ---------\nFrom: {name} <{address}>\nDate: Tue, 3 Mar 2026 at 10:02\n"
        f"Subject: {subject}\nTo: {sender}\n"
    )
    plain = f"{block}\n\n{_gmail_plain(REMINDER)}\n"
    markup = (
        '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
        + _html_lines(block)
        + "<br></div><br><br>"
        + _divs(REMINDER)
        + "</div>"
    )
    return _gmail(
        words, to=to, sender=sender, attachments=attachments, subject=f"Fwd: {subject}", quote=(plain, markup)
    )


def apple_mail_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Apple Mail on a Mac: HTML only, the reminder in a <blockquote
    type="cite">; files go inline (with their names, RFC 2231) between two
    HTML parts, as Mail places them where they were dropped."""
    name, address = REMINDER_SENDER
    head = '<html aria-label="message body"><head><meta http-equiv="content-type" content="text/html; charset=utf-8">'
    head += '</head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">'
    words_html = head + _apple_divs(words) + "<div><br></div>"
    quote = (
        f'<div><br><blockquote type="cite"><div>On 3 Mar 2026, at 10:02, {name} &lt;{address}&gt; wrote:</div>'
        f'<br class="Apple-interchange-newline"><div>{_divs(REMINDER)}</div></blockquote></div><br></body></html>'
    )
    headers = [
        f"From: {_address_header(sender)}",
        "Content-Type: {content_type}",
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))",
        f"Subject: {_header_text('Re: ' + subject)}",
        f"Date: {SENT}",
        f"References: <{REMINDER_ID}>",
        f"To: {to}",
        f"In-Reply-To: <{REMINDER_ID}>",
        f"Message-Id: <{secrets.token_hex(16).upper()}@{parseaddr(sender)[1].split('@')[-1]}>",
        "X-Mailer: Apple Mail (2.3774.600.62)",
    ]
    if not attachments:
        return _message(headers, _text("html", words_html + quote, "utf-8"))
    parts = [_text("html", words_html + "</body></html>", "utf-8")]
    parts += [_apple_attachment(attachment) for attachment in attachments]
    parts.append(_text("html", head + quote, "utf-8"))
    return _message(headers, _multipart("mixed", parts, boundary=f"Apple-Mail={_boundary_token()}"))


def iphone_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Mail on an iPhone: "Sent from my iPhone" under the words, then the
    whole reminder quoted, "On ... wrote:" line and all."""
    name, address = REMINDER_SENDER
    quoted = "\n".join(f"> {line}" if line else ">" for line in REMINDER.split("\n"))
    plain = (
        f"{_plain(words)}\n\nSent from my iPhone\n\n> On 3 Mar 2026, at 10:02, {name} <{address}> wrote:\n>\n{quoted}\n"
    )
    markup = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">'
        + _apple_divs(words, attributes=' dir="ltr"')
        + '<div dir="ltr"><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br>'
        + f'<blockquote type="cite">On 3 Mar 2026, at 10:02, {name} &lt;{address}&gt; wrote:<br><br></blockquote></div>'
        + f'<blockquote type="cite"><div dir="ltr">{_divs(REMINDER)}</div></blockquote></div></body></html>'
    )
    parts = [_text("plain", plain, "utf-8"), _text("html", markup, "utf-8")]
    body = _multipart("alternative", parts, boundary=f"Apple-Mail-{secrets.token_hex(16).upper()}")
    headers = [
        "Content-Type: {content_type}",
        "Content-Transfer-Encoding: 7bit",
        f"From: {_address_header(sender)}",
        "Mime-Version: 1.0 (1.0)",
        f"Subject: {_header_text('Re: ' + subject)}",
        f"Date: {SENT}",
        f"Message-Id: <{secrets.token_hex(16).upper()}@{parseaddr(sender)[1].split('@')[-1]}>",
        f"References: <{REMINDER_ID}>",
        f"In-Reply-To: <{REMINDER_ID}>",
        f"To: {to}",
        "X-Mailer: iPhone Mail (21D61)",
    ]
    mixed = f"Apple-Mail-{secrets.token_hex(16).upper()}"
    return _message(headers, _with_attachments(body, attachments, _apple_attachment, boundary=mixed))


def thunderbird_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Thunderbird in plain text, format=flowed: lines over 72 characters
    broken at a trailing space, ISO-8859-1 when that holds the words (as
    its "Western" setting sends), UTF-8 when it does not."""
    name, address = parseaddr(sender)
    charset = _narrowest(words, "iso-8859-1")
    quoted = "\n".join(f"> {line}" if line else ">" for line in REMINDER.split("\n"))
    plain = "\n".join(_flowed(line) for line in _plain(words).split("\n"))
    plain += f"\n\n-- \n{name or address}\nAnytown Borough Council\n\n"
    plain += f"On 03/03/2026 10:02, {REMINDER_SENDER[0]} wrote:\n{quoted}\n"
    body = _text("plain", plain, charset, extra="; format=flowed")
    headers = [
        f"Message-ID: <{secrets.token_hex(8)}-{secrets.token_hex(4)}@anytown.gov.uk>",
        f"Date: {SENT}",
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: en-GB",
        f"To: {to}",
        f"References: <{REMINDER_ID}>",
        f"From: {_address_header(sender)}",
        f"Subject: {_header_text('Re: ' + subject)}",
        f"In-Reply-To: <{REMINDER_ID}>",
        "Content-Type: {content_type}",
    ]
    return _message(headers, _with_attachments(body, attachments, _thunderbird_attachment))


def out_of_office_reply(words, *, to, sender, attachments=(), subject=REMINDER_SUBJECT) -> bytes:
    """Outlook's automatic reply (Exchange's out-of-office), sent to the
    reminder's Reply-To address: `words` is the officer's away message."""
    headers = _outlook_headers(
        to, sender, subject=f"Automatic reply: {subject}", topic=subject, attachments=attachments
    )
    headers += ["Auto-Submitted: auto-replied", "X-MS-Exchange-Inbox-Rules-Loop: " + parseaddr(sender)[1]]
    markup = _word_html(_mso_paragraphs(words))
    body = _multipart("alternative", [_text("plain", _plain(words), "utf-8"), _text("html", markup, "utf-8")])
    return _message(headers, _with_attachments(body, attachments, _outlook_attachment))


CLIENT_SHAPES = {
    "outlook": outlook_reply,
    "outlook western": outlook_western_reply,
    "outlook web with banner and disclaimer": outlook_web_reply,
    "gmail": gmail_reply,
    "gmail reply to a reply": gmail_reply_to_reply,
    "gmail forward": gmail_forward,
    "apple mail": apple_mail_reply,
    "iphone": iphone_reply,
    "thunderbird flowed": thunderbird_reply,
}
AUTOMATIC_SHAPES = {"outlook out of office": out_of_office_reply}


def tnef(*files: tuple[str, bytes]) -> bytes:
    """A winmail.dat as Outlook writes one (MS-OXTNEF): its signature and
    key, then for each file the attachment's rendering, title and data."""

    def attribute(name: int, kind: int, data: bytes) -> bytes:
        level = b"\x02"  # of an attachment
        return level + struct.pack("<HHI", name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)

    stream = struct.pack("<IH", 0x223E9F78, 0x0101)
    for name, data in files:
        stream += attribute(0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00")
        stream += attribute(0x8010, 0x0001, name.encode("latin-1") + b"\x00")
        stream += attribute(0x800F, 0x0006, data)
    return stream


def delivered(raw: bytes, *, authserv_id="mx.anytown.gov.uk", dmarc="pass", dkim="pass", spf="pass", to=None) -> bytes:
    """The message as the council's mail server stores it: its own
    Authentication-Results header on top (a result of None leaves that
    method out), and Delivered-To when `to` is given. DMARC's result names
    the From address's domain it was for (header.from), as servers write it."""
    # The legacy policy's parse, which takes any From line as it is.
    domain = parseaddr(str(email.message_from_bytes(raw)["From"] or ""))[1]
    header_from = f" header.from={domain.rpartition('@')[2]}" if domain else ""
    results = "; ".join(
        f"{method}={result}{header_from if method == 'dmarc' else ''}"
        for method, result in (("dmarc", dmarc), ("dkim", dkim), ("spf", spf))
        if result
    )
    added = [f"Authentication-Results: {authserv_id};\r\n\t{results or 'none'}"]
    if to:
        added.insert(0, f"Delivered-To: {to}")
    return ("\r\n".join(added) + "\r\n").encode("ascii") + raw


# -- The reminder, as each client quotes it ----------------------------------------


def _gmail_quote(quoted, when: str, who: tuple[str, str]) -> tuple[str, str]:
    """Gmail's quote of an earlier message (its plain text and HTML, or
    text alone): "On ... wrote:" (wrapped at 78 as Gmail wraps it) over
    ">" lines, and the same in its gmail_quote <div>."""
    plain, markup = quoted if isinstance(quoted, tuple) else (quoted, _divs(quoted))
    name, address = who
    attribution = textwrap.fill(f"On {when}, {name} <{address}> wrote:", 78)
    lines = [
        line
        for source in plain.split("\n")
        for line in ([source] if source.startswith(">") else textwrap.wrap(source, 76, **_WRAP) or [""])
    ]
    quoted_plain = "\n".join(f"> {line}" if not line.startswith(">") else f">{line}" for line in lines)
    quoted_plain = quoted_plain.replace("> \n", ">\n")
    quoted_html = (
        '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">'
        f'On {when}, {name} &lt;<a href="mailto:{address}">{address}</a>&gt; wrote:<br></div>'
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
        f'rgb(204,204,204);padding-left:1ex">{markup}</blockquote></div>'
    )
    return f"{attribution}\n\n{quoted_plain}\n", quoted_html


def _outlook_header_block(name: str, address: str, sent: str, subject: str) -> str:
    """Outlook's header block over the reminder it quotes."""
    sender_name, sender_address = REMINDER_SENDER
    return (
        f"From: {sender_name} <{sender_address}>\nSent: {sent}\nTo: {name or address} <{address}>\nSubject: {subject}"
    )


# -- Outlook -----------------------------------------------------------------------


def _outlook(words, *, to, sender, attachments, subject, charset) -> bytes:
    """Classic Outlook's reply, its two parts in `charset`."""
    name, address = parseaddr(sender)
    signature = ["Kind regards,", "", name or address, "Housing Policy Officer", "Anytown Borough Council"]
    gap = "\u00a0"  # Outlook's empty paragraph, in plain text
    header_block = _outlook_header_block(name, address, "03 March 2026 10:02", subject)
    plain_words = _plain(words, bullet="  *   ").replace("\n\n", f"\n{gap}\n")
    plain = "\n".join([plain_words, gap, *[line or gap for line in signature], gap, header_block, gap, REMINDER])
    separator = (
        "<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
        + "<p class=MsoNormal><b>From:</b> "
        + html.escape(header_block.split(": ", 1)[1])
        .replace("\nSent: ", "<br><b>Sent:</b> ")
        .replace("\nTo: ", "<br><b>To:</b> ")
        .replace("\nSubject: ", "<br><b>Subject:</b> ")
        + "<o:p></o:p></p></div></div>"
    )
    paragraphs = _mso_paragraphs(words) + _MSO_GAP + _mso_paragraphs("\n".join(signature)) + _MSO_GAP
    markup = _word_html(paragraphs + separator + _MSO_GAP + _mso_paragraphs(REMINDER))
    plain_text = plain.encode(charset, errors="replace").decode(charset)
    markup = markup.encode(charset, errors="xmlcharrefreplace").decode(charset)
    body = _multipart("alternative", [_text("plain", plain_text, charset), _text("html", markup, charset)])
    headers = _outlook_headers(to, sender, subject=f"RE: {subject}", topic=subject, attachments=attachments)
    return _message(headers, _with_attachments(body, attachments, _outlook_attachment))


def _outlook_headers(to, sender, *, subject, topic, attachments) -> list[str]:
    """What Exchange Online writes on a message sent from Outlook."""
    host = "LO2P265MB" + secrets.token_hex(2).upper()
    return [
        f"From: {_address_header(sender)}",
        f"To: {to}",
        f"Subject: {_header_text(subject)}",
        f"Thread-Topic: {_header_text(topic)}",
        f"Thread-Index: {base64.b64encode(secrets.token_bytes(22)).decode()}",
        f"Date: {SENT}",
        f"Message-ID: <{host}{secrets.token_hex(8).upper()}@{host}.GBRP265.PROD.OUTLOOK.COM>",
        f"References: <{REMINDER_ID}>",
        f"In-Reply-To: <{REMINDER_ID}>",
        "Accept-Language: en-GB, en-US",
        "Content-Language: en-GB",
        f"X-MS-Has-Attach: {'yes' if attachments else ''}",
        "X-MS-TNEF-Correlator:",
        "X-Auto-Response-Suppress: All",
        "Content-Type: {content_type}",
        "MIME-Version: 1.0",
    ]


_MSO_GAP = "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"


def _mso_paragraphs(text: str) -> str:
    """Text as Outlook writes it: one MsoNormal <p> a line, an empty one
    between paragraphs, bullets as its <ul> of MsoListParagraph items."""
    blocks = []
    for paragraph in text.split("\n\n"):
        lines = []
        for line in paragraph.split("\n"):
            if line.startswith("- "):
                lines.append(
                    "<ul style='margin-top:0cm' type=disc><li class=MsoListParagraph "
                    f"style='margin-left:0cm;mso-list:l0 level1 lfo1'>{html.escape(line[2:])}<o:p></o:p></li></ul>"
                )
            else:
                lines.append(f"<p class=MsoNormal>{html.escape(line) or '<o:p>&nbsp;</o:p>'}<o:p></o:p></p>")
        blocks.append("\n".join(lines))
    return f"\n{_MSO_GAP}\n".join(blocks)


def _word_html(body: str) -> str:
    """Outlook's Word HTML around a body."""
    return (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" '
        'xmlns="http://www.w3.org/TR/REC-html40"><head><meta name=Generator content="Microsoft Word 15 (filtered '
        'medium)"><style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";}\n'
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\t"
        'font-family:"Calibri",sans-serif;}\n.MsoChpDefault\n\t{mso-style-type:export-only;}\n'
        "div.WordSection1\n\t{page:WordSection1;}\n--></style><!--[if gte mso 9]><xml>\n"
        '<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]--></head>'
        '<body lang=EN-GB link="#0563C1" vlink="#954F72" style=\'word-wrap:break-word\'>'
        f"<div class=WordSection1>\n{body}\n</div></body></html>"
    )


def _outlook_web_html(words: str, name: str, address: str, subject: str) -> str:
    """New Outlook's HTML: elementToProof <div>s, its signature, the
    disclaimer, then the reminder after divRplyFwdMsg."""
    style = ' class="elementToProof" style="font-family: Aptos, Aptos_EmbeddedFont, sans-serif; font-size: 12pt;"'
    sender_name, sender_address = REMINDER_SENDER
    banner = '<table style="border:1px solid #9C6500;background:#FFEB9C"><tr><td><b>[EXTERNAL]</b></td></tr></table>'
    signature = (
        f'<div id="Signature"><p>Kind regards</p><p>{html.escape(name)}<br>Housing Policy Officer<br>'
        "Anytown Borough Council<br>01632 960123</p></div>"
    )
    disclaimer = "".join(f'<p style="font-size:8pt;color:#808080">{html.escape(one)}</p>' for one in DISCLAIMER)
    separator = (
        '<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">'
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">'
        f"<b>From:</b> {sender_name} &lt;{sender_address}&gt;<br><b>Sent:</b> Tuesday, March 3, 2026 10:02<br>"
        f"<b>To:</b> {html.escape(name)} &lt;{address}&gt;<br><b>Subject:</b> {html.escape(subject)}</font>"
        "<div>&nbsp;</div></div>"
    )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" '
        'style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr">'
        + banner
        + _apple_divs(words, attributes=style)
        + f"<div{style}><br></div>"
        + signature
        + disclaimer
        + separator
        + _divs(REMINDER)
        + "</body></html>"
    )


def _outlook_attachment(attachment) -> str:
    """A file as Outlook attaches it (an RFC 2047 name in quotes)."""
    name = _encoded_word(attachment.name)
    return (
        f'Content-Type: {attachment.content_type}; name="{name}"\n'
        f"Content-Description: {name}\n"
        f'Content-Disposition: attachment; filename="{name}"; size={len(attachment.data)};\n'
        '\tcreation-date="Tue, 10 Mar 2026 09:14:58 GMT";\n\tmodification-date="Tue, 10 Mar 2026 09:14:58 GMT"\n'
        + _body_of(attachment)
    )


# -- Gmail -------------------------------------------------------------------------


def _gmail(words, *, to, sender, attachments, subject, quote) -> bytes:
    """Gmail's message: the words, a "-- " signature, then `quote` (its
    plain text and HTML)."""
    name, address = parseaddr(sender)
    plain = f"{_gmail_plain(words)}\n\n-- \n{name or address}\nHousing Policy Officer\n\n{quote[0]}"
    markup = (
        f'<div dir="ltr">{_divs(words)}<div><br clear="all"></div><div><br></div>'
        '<span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature" '
        f'data-smartmail="gmail_signature"><div dir="ltr">{html.escape(name or address)}<div>Housing Policy Officer'
        f"</div></div></div></div><br>{quote[1]}\n"
    )
    boundary = f"000000000000{secrets.token_hex(7)}"
    body = _multipart("alternative", [_gmail_text("plain", plain), _gmail_text("html", markup)], boundary)
    headers = [
        "MIME-Version: 1.0",
        f"References: <{REMINDER_ID}>",
        f"In-Reply-To: <{REMINDER_ID}>",
        f"From: {_address_header(sender)}",
        f"Date: {SENT}",
        f"Message-ID: <CA{secrets.token_urlsafe(30)}@mail.gmail.com>",
        f"Subject: {_header_text(subject)}",
        f"To: {to}",
        "Content-Type: {content_type}",
    ]
    boundary = f"000000000000{secrets.token_hex(7)}"
    return _message(headers, _with_attachments(body, attachments, _gmail_attachment, boundary=boundary))


def _gmail_text(subtype: str, text: str) -> str:
    """A Gmail text part: plain ASCII as 7bit, anything else in UTF-8
    quoted-printable."""
    if text.isascii():
        return f'Content-Type: text/{subtype}; charset="UTF-8"\n\n{text}'
    return _text(subtype, text, "UTF-8")


def _gmail_plain(words: str) -> str:
    """The words as Gmail's plain part: lines wrapped at 78, bullets as
    "   - " with their wrapped lines under the text."""
    lines = []
    for line in words.split("\n"):
        if line.startswith("- "):
            lines += textwrap.wrap(line[2:], 78, initial_indent="   - ", subsequent_indent="     ", **_WRAP)
        else:
            lines += textwrap.wrap(line, 78, **_WRAP) or [""]
    return "\n".join(lines)


_WRAP = {"break_long_words": False, "break_on_hyphens": False}


def _divs(words: str) -> str:
    """Text as Gmail's HTML (and the reminder as quoted in HTML): a <div> a
    line, <div><br></div> between paragraphs, bullets in a <ul>."""
    return "<div><br></div>".join(_list_or_divs(paragraph, "<div>{}</div>") for paragraph in words.split("\n\n"))


def _gmail_attachment(attachment) -> str:
    """A file as Gmail attaches it."""
    name, part_id = _encoded_word(attachment.name), f"f_m{secrets.token_hex(4)}0"
    return (
        f'Content-Type: {attachment.content_type}; name="{name}"\n'
        f'Content-Disposition: attachment; filename="{name}"\n'
        f"Content-ID: <{part_id}>\nX-Attachment-Id: {part_id}\n" + _body_of(attachment)
    )


# -- Apple and Thunderbird -----------------------------------------------------------


def _apple_divs(words: str, attributes: str = "") -> str:
    """The words as Apple Mail (and new Outlook) write them: a <div> a line,
    an empty one between paragraphs, bullets in a <ul>."""
    div = f"<div{attributes}>{{}}</div>"
    return div.format("<br>").join(_list_or_divs(paragraph, div) for paragraph in words.split("\n\n"))


def _apple_attachment(attachment) -> str:
    """A file as Apple Mail puts it, inline where it was dropped, its name
    in RFC 2231 form."""
    quoted = urllib.parse.quote(attachment.name, safe="")
    return (
        f"Content-Disposition: inline;\n\tfilename*=utf-8''{quoted}\n"
        f'Content-Type: {attachment.content_type};\n\tx-unix-mode=0644;\n\tname="{_encoded_word(attachment.name)}"\n'
        + _body_of(attachment)
    )


def _thunderbird_attachment(attachment) -> str:
    """A file as Thunderbird attaches it (RFC 2231 names)."""
    if attachment.name.isascii():
        names = f'name="{attachment.name}"', f'filename="{attachment.name}"'
    else:
        quoted = urllib.parse.quote(attachment.name, safe="")
        names = f"name*=UTF-8''{quoted}", f"filename*=UTF-8''{quoted}"
    return f"Content-Type: {attachment.content_type}; {names[0]}\nContent-Disposition: attachment; {names[1]}\n" + (
        _body_of(attachment)
    )


def _flowed(line: str) -> str:
    """One line as format=flowed sends it (RFC 3676): broken after a space
    before 72 characters, each piece but the last ending in that space, a
    piece starting with a space, "From " or ">" stuffed with a space."""
    pieces, piece = [], ""
    for word in line.split(" "):
        if piece and len(piece) + len(word) > 71:
            pieces.append(piece)
            piece = ""
        piece += word + " "
    pieces.append(piece[:-1])
    return "\n".join(" " + one if one.startswith((" ", "From ", ">")) else one for one in pieces)


def _narrowest(text: str, charset: str) -> str:
    """`charset` when it holds the text, else UTF-8."""
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        return "UTF-8"
    return charset.upper()


# -- The words in plain text and HTML ------------------------------------------------


def _plain(words: str, bullet: str = "- ") -> str:
    """The words as plain text, bullets written as the client writes them."""
    return "\n".join(bullet + line[2:] if line.startswith("- ") else line for line in words.split("\n"))


def _list_or_divs(paragraph: str, div: str) -> str:
    """One paragraph's lines as <div>s (in `div`'s form), bullets as a <ul>."""
    out, items = [], []
    for line in [*paragraph.split("\n"), ""]:
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line:
            out.append(div.format(html.escape(line)))
    return "".join(out)


def _html_lines(text: str) -> str:
    """Text's lines with <br> between them."""
    return "<br>".join(html.escape(line) for line in text.rstrip("\n").split("\n"))


# -- MIME --------------------------------------------------------------------------


def _message(headers: list[str], body: str) -> bytes:
    """The message: its headers (the body's Content-Type goes where
    "{content_type}" stands), the body's own headers, the body; CRLF line
    endings, as SMTP carries them."""
    body_headers, _, content = body.partition("\n\n")
    content_type, *others = body_headers.split("\nContent-", 1)
    content_type = content_type.removeprefix("Content-Type: ")
    lines = [header.replace("{content_type}", content_type) for header in headers]
    if not any("{content_type}" in header for header in headers):
        lines.append(f"Content-Type: {content_type}")
    lines += [f"Content-{other}" for other in others]
    text = "\n".join(lines) + "\n\n" + content
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def _multipart(subtype: str, parts: list[str], boundary: str | None = None) -> str:
    """A multipart body of the given parts."""
    boundary = boundary or f"_000_{secrets.token_hex(16).upper()}_"
    body = "".join(f"--{boundary}\n{part}\n" for part in parts) + f"--{boundary}--\n"
    return f'Content-Type: multipart/{subtype};\n\tboundary="{boundary}"\n\n{body}'


def _with_attachments(body: str, attachments, attach, boundary: str | None = None) -> str:
    """The body alone, or inside multipart/mixed with each file."""
    if not attachments:
        return body
    return _multipart("mixed", [body, *[attach(attachment) for attachment in attachments]], boundary)


def _text(subtype: str, text: str, charset: str, *, extra: str = "") -> str:
    """A text part in quoted-printable."""
    encoded = quopri.encodestring(text.encode(charset)).decode("ascii")
    return (
        f'Content-Type: text/{subtype}; charset="{charset}"{extra}\n'
        f"Content-Transfer-Encoding: quoted-printable\n\n{encoded}"
    )


def _body_of(attachment) -> str:
    """A file's transfer encoding and data: a forwarded message as itself,
    anything else in base64."""
    if attachment.content_type == "message/rfc822":
        return "Content-Transfer-Encoding: 7bit\n\n" + attachment.data.decode("ascii")
    return "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(attachment.data).decode("ascii")


def _address_header(address: str) -> str:
    """An address as a From header holds it, a name in another script
    encoded (RFC 2047)."""
    return formataddr(parseaddr(address), charset="utf-8")


def _header_text(text: str) -> str:
    """Header text, encoded (RFC 2047) when it is not ASCII."""
    return text if text.isascii() else Header(text, "utf-8").encode()


def _encoded_word(text: str) -> str:
    """A file name as Outlook and Gmail write one that is not ASCII."""
    return text if text.isascii() else f"=?utf-8?B?{base64.b64encode(text.encode()).decode()}?="


def _boundary_token() -> str:
    """The random part of Apple Mail's boundary."""
    return f"_{secrets.token_hex(4).upper()}-{secrets.token_hex(2).upper()}-{secrets.token_hex(6).upper()}"
