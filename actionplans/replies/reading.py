"""One e-mail reply, read into what the officer wrote.

Officers answer their reminder from Outlook, Gmail, Apple Mail or a phone,
and every client wraps the officer's few paragraphs in something of its
own: the quoted reminder, a signature, the council's disclaimer, a banner.
`read_message()` keeps only the officer's own words (and their files), in
one plain form whatever the client; `parts_of()` finds the impact and the
grade in those words; `authenticated()` says whether the council's own
mail server vouched for the sender. Pure Python, no database: the caller
(`receiving.py`) decides what to do with the answer.
"""

import codecs
import email
import email.policy
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from tnefparse import TNEF


@dataclass(frozen=True)
class Attachment:
    """A file sent with the reply, as the officer's client named it."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Reply:
    """What one message says: who sent it, to whom, whether a person wrote
    it, what the receiving servers found, and the officer's own words."""

    message_id: str
    from_address: str
    from_name: str
    recipients: tuple[str, ...]
    subject: str
    is_automatic: bool
    authentication_results: tuple[str, ...]
    words: str
    attachments: tuple[Attachment, ...]
    # Each part of the body that is not the officer's words, and why
    # (reading.QUOTED …): the answer names them.
    left_out: tuple[tuple[str, str], ...] = ()


def read_message(raw: bytes) -> Reply:
    """Read one message (RFC 5322 bytes) into a Reply."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    from_name, from_address = _sender(message)
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    words, left_out = _words(plain, html)
    return Reply(
        message_id=_value(message, "Message-ID"),
        from_address=from_address.lower(),
        from_name=from_name,
        recipients=_recipients(message),
        subject=_value(message, "Subject"),
        is_automatic=_is_automatic(message),
        authentication_results=tuple(str(value) for value in _values(message, "Authentication-Results")),
        words=words,
        left_out=left_out,
        attachments=_attachments(message, body=(plain, html)),
    )


# -- Headers -------------------------------------------------------------------


def _values(message: EmailMessage, name: str) -> list:
    """Every `name` header, as the email package parses it; where it cannot
    (an encoded line break in a name, a malformed address), each as the
    text it arrived as, never an exception: a hostile header costs the
    message nothing but that header's parsing."""
    try:
        return list(message.get_all(name, ()))
    except Exception:  # the email package's parsers raise ValueError, IndexError, TypeError …
        return [_header_text(value) for key, value in message.raw_items() if key.lower() == name.lower()]


def _value(message: EmailMessage, name: str) -> str:
    """The first `name` header's text, on one line (an answer's subject
    repeats it, and a header may not break a line)."""
    values = _values(message, name)
    return " ".join(str(values[0]).split()) if values else ""


def _header_text(text) -> str:
    """A header's raw text with its encoded words decoded where they can
    be, line breaks as spaces."""
    try:
        text = str(make_header(decode_header(str(text))))
    except Exception:  # an encoded word that does not decode: left as it came
        text = str(text)
    return " ".join(text.split())


def _addresses(header) -> list[tuple[str, str]]:
    """(name, address) pairs of one header: parsed by the header itself when
    it is an address header (names decoded), by getaddresses otherwise
    (Delivered-To and X-Original-To are plain text to the email package)."""
    if header is None:
        return []
    parsed = getattr(header, "addresses", None)
    if parsed is not None:
        return [(address.display_name, address.addr_spec) for address in parsed if address.addr_spec]
    return [(_header_text(name), address) for name, address in getaddresses([str(header)]) if address]


def _sender(message: EmailMessage) -> tuple[str, str]:
    """The sender's name and bare address; ("", "") when there is none, or
    more than one (two From headers, or two addresses in one): which one a
    DMARC check judged cannot be told, so none is believed."""
    headers = _values(message, "From")
    addresses = _addresses(headers[0]) if len(headers) == 1 else []
    # An address longer than an address may be (254 characters) is none.
    return addresses[0] if len(addresses) == 1 and len(addresses[0][1]) <= 254 else ("", "")


def _recipients(message: EmailMessage) -> tuple[str, ...]:
    """Every address the message was delivered or written to, envelope
    first (Delivered-To, X-Original-To), then To and Cc; each once. The
    reply address carries the token, so whichever header kept it counts."""
    found = []
    for name in ("Delivered-To", "X-Original-To", "To", "Cc"):
        for header in _values(message, name):
            found.extend(address for _, address in _addresses(header) if address not in found)
    return tuple(found)


# Outlook's "Automatic reply:" in the languages of its users here and
# beyond (Welsh "Ateb awtomatig:", French, German, Dutch, Spanish, Italian,
# Portuguese, Polish, the Nordic languages), Lotus Notes' "Auto:", and what
# other autoresponders put first.
_AUTOMATIC_SUBJECT = re.compile(
    r"automatic reply:|auto:|out of office|autoreply|auto-reply|auto reply|ateb awtomatig|"
    r"réponse automatique|automatische antwort|abwesenheitsnotiz|automatisch antwoord|afwezig|"
    r"respuesta automática|fuera de la oficina|risposta automatica|fuori sede|resposta automática|"
    r"odpowiedź automatyczna|autosvar|automaattinen vastaus|automatisk svar",
    re.I,
)


def _is_automatic(message: EmailMessage) -> bool:
    """Whether a program rather than a person sent it: an out-of-office
    answer (an Outlook inbox rule's under an ordinary "RE:" says so by
    X-MS-Exchange-Inbox-Rules-Loop), a bounce, a list.
    X-Auto-Response-Suppress is no sign of it: it asks the recipient not to
    answer automatically, and Outlook and Exchange put it on ordinary mail
    (Discourse, osTicket, Redmine and sisimai each stopped reading it so
    after it filed people's mail as automatic)."""
    auto_submitted = (_value(message, "Auto-Submitted") or "no").split(";")[0].strip().lower()
    precedence = _value(message, "Precedence").lower()
    return (
        auto_submitted != "no"
        or "X-MS-Exchange-Inbox-Rules-Loop" in message
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or precedence in ("bulk", "junk", "auto_reply", "list")
        or message.get_content_type() == "multipart/report"
        or bool(_AUTOMATIC_SUBJECT.match(_value(message, "Subject")))
    )


# -- Attachments ---------------------------------------------------------------


def _attachments(message: EmailMessage, *, body: tuple[EmailMessage | None, ...]) -> tuple[Attachment, ...]:
    """The files sent with the message: parts marked as attachments, and
    inline parts with a file name (Apple Mail sends a PDF inline). Not the
    message's own text, not an image the HTML body shows by its Content-ID
    (Outlook's signature logo, image001.png, named or not), not an unnamed
    inline image, and not a forwarded message, which is part of the text's
    history."""
    shown = _shown_by_html(body[1])
    found = []
    for part in _leaf_parts(message):
        if any(part is text for text in body) or _content_id(part) in shown:
            continue
        if _is_tnef(part):
            found.extend(_opened_tnef(part))
        elif part.get_content_disposition() == "attachment" or part.get_filename():
            found.append(_attachment(part, number=len(found) + 1))
    return tuple(found)


def _is_tnef(part: EmailMessage) -> bool:
    """Outlook's winmail.dat: its own wrapping of the message, not a file."""
    return part.get_content_type() == "application/ms-tnef" or (part.get_filename() or "").lower() == "winmail.dat"


def _opened_tnef(part: EmailMessage) -> list[Attachment]:
    """The files inside a winmail.dat (TNEF), as the officer attached them
    (tnefparse reads it); none where it holds none or cannot be read: it is
    then left out, never refused, as the officer never attached it."""
    try:
        tnef = TNEF(part.get_payload(decode=True) or b"", do_checksum=False)
    except Exception:  # not TNEF after all, or cut short: nothing the officer attached
        return []
    files = []
    for inner in tnef.attachments:
        name = inner.long_filename() or inner.name
        name = name.decode(errors="replace") if isinstance(name, bytes) else str(name or "")
        name = name.strip("\x00").strip() or f"attachment-{len(files) + 1}"
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if inner.data:
            files.append(Attachment(name=name, content_type=content_type, data=bytes(inner.data)))
    return files


def _content_id(part: EmailMessage) -> str:
    return _value(part, "Content-ID").strip("<>").lower() or "\0"  # "\0": none, never shown


def _shown_by_html(html: EmailMessage | None) -> frozenset[str]:
    """The Content-IDs the HTML body shows as images ("cid:image001.png@…")."""
    if html is None:
        return frozenset()
    return frozenset(cid.lower() for cid in re.findall(r"""cid:([^"'\s>)]+)""", _decoded(html), re.I))


def _leaf_parts(part: EmailMessage):
    """Every part that is not a container, without looking inside a
    forwarded message (message/rfc822), which is left out altogether."""
    if part.get_content_maintype() == "message":
        return
    if part.is_multipart():
        for child in part.iter_parts():
            yield from _leaf_parts(child)
    else:
        yield part


def _attachment(part: EmailMessage, *, number: int) -> Attachment:
    """One file as sent, with a made-up name when its client gave none."""
    content_type = part.get_content_type()
    name = (part.get_filename() or "").strip()
    if not name:
        name = f"attachment-{number}{mimetypes.guess_extension(content_type) or '.bin'}"
    return Attachment(name=name, content_type=content_type, data=part.get_payload(decode=True) or b"")


# -- The officer's words: which text, decoded ------------------------------------


def _words(plain: EmailMessage | None, html: EmailMessage | None) -> tuple[str, tuple]:
    """The officer's own words, from the plain text when it has them (it is
    what the officer's client meant to say), otherwise from the HTML. Where
    the client wrapped the plain text, a short line after a long one may be
    the officer's or the client's doing, and the wrapping cannot always be
    told from a few lines; the HTML knows, so its lines are taken whenever
    its words are the same. With them, each part left out and why
    (_own_words())."""
    from_html = _own_words(_html_lines(_decoded(html)), width=None) if html is not None else ("", ())
    if plain is None:
        return from_html
    lines = _plain_lines(plain)
    width = _wrap_width(plain, lines)
    words, left_out = _own_words(lines, width=width)
    if not words or not _can_hold(plain, from_html[0]) or from_html[0].split() == words.split():
        return from_html
    return words, left_out


def _can_hold(plain: EmailMessage, text: str) -> bool:
    """Whether the plain text's charset can hold the text. Outlook set to a
    Western encoding writes "?" in its plain text for what the charset
    cannot hold (Welsh ŵ and ŷ), while its HTML keeps them (as &#373;)."""
    try:
        text.encode(_codec(plain))
    except UnicodeEncodeError:
        return False
    return True


def _codec(part: EmailMessage) -> str:
    """The codec to read a text part with: its charset, but Windows-1252
    for Latin-1, a label often put on Windows text (curly quotes, the euro,
    dashes), which Windows-1252 reads as Latin-1 does and those too; UTF-8
    for a charset Python does not know."""
    try:
        name = codecs.lookup(part.get_content_charset() or "us-ascii").name
    except LookupError:
        return "utf-8"
    return "cp1252" if name == "iso8859-1" else name


def _decoded(part: EmailMessage) -> str:
    """A text part's text, whatever its transfer encoding and charset: a
    wrong charset is read as UTF-8, then as Windows-1252, rather than the
    officer's update being refused."""
    data = part.get_payload(decode=True) or b""
    for codec in (_codec(part), "utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _lines(text: str) -> list[str]:
    """The text's lines, whichever line endings it came with."""
    return re.split(r"\r\n|\r|\n", text)


def _plain_lines(part: EmailMessage) -> list[str]:
    """A plain text part's lines, with format=flowed's soft line breaks
    (RFC 3676) joined back into the lines the officer typed."""
    lines = _lines(_decoded(part))
    if not _flowed(part):
        return lines
    return _unflowed(lines, delsp=str(part.get_param("delsp", "")).lower() == "yes")


def _flowed(part: EmailMessage) -> bool:
    """Whether the part is format=flowed (Apple Mail, Thunderbird)."""
    return str(part.get_param("format", "")).lower() == "flowed"


def _unflowed(lines: list[str], *, delsp: bool) -> list[str]:
    """Join each line ending in a space (a soft break) with the next, and
    remove the space stuffed before lines starting with a space or "From".
    Quoted lines are left alone: they are cut off anyway."""
    joined, soft = [], False
    for line in lines:
        if not line.startswith(">") and line.startswith(" "):
            line = line[1:]
        if soft:
            joined[-1] += line
        else:
            joined.append(line)
        soft = line.endswith(" ") and line != "-- " and not line.startswith(">")
        if soft and delsp:
            joined[-1] = joined[-1][:-1]
    return joined


# No client wraps plain text wider than this, nor narrower than the least.
_WRAP_MAX, _WRAP_MIN = 80, 66


def _wrap_width(part: EmailMessage, lines: list[str]) -> int | None:
    """The width the client broke the plain text's long lines at (Gmail
    does, at 78 characters), or None when it did not. Outlook and
    format=flowed do not: a line break there is one the officer typed. A
    line longer than any client wraps at (with spaces, so not a long link)
    shows the text unwrapped; the longest shows the width. Quoted lines
    say nothing: a client adds its ">" without wrapping them again."""
    if _flowed(part):
        return None
    lengths = [len(line.rstrip()) for line in lines if " " in line.strip() and not line.startswith(">")]
    longest = max(lengths, default=0)
    return max(longest, _WRAP_MIN) if longest <= _WRAP_MAX else None


# -- The officer's words: HTML to lines ------------------------------------------


def _html_lines(html: str) -> list[str]:
    """An HTML body's text as lines, up to where the quoted original starts."""
    reader = _HTMLText()
    reader.feed(html)
    reader.close()
    return reader.lines


class _HTMLText(HTMLParser):
    """HTML as the lines a reader sees: a <div> or <br> ends a line, a <p>
    ends a paragraph (but Outlook's MsoNormal <p> is one line: Outlook
    makes one per Enter), <li> is a "- " line. Stops at the first mark of
    the quoted original or a signature (`_stops_here`); skips what is
    never shown (<head>, <style>, <script>)."""

    _LINE_TAGS = frozenset(
        ("div", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "center")
    )
    _HIDDEN_TAGS = frozenset(("head", "style", "script", "title"))

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]
        self._hidden = 0
        self._stopped = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag in self._HIDDEN_TAGS:
            self._hidden += 1
        elif self._stopped or _stops_here(tag, attributes):
            self._stopped = True
        elif tag == "br":
            self.lines.append("")
        elif tag == "li":
            self._end_line()
            self.lines[-1] = "- "
        elif tag in ("td", "th"):
            self.lines[-1] += " "
        elif tag == "p" and not attributes.get("class", "").startswith("Mso"):
            self._blank_line()
        elif tag in self._LINE_TAGS or tag == "p":
            self._end_line()

    def handle_endtag(self, tag):
        if tag in self._HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._LINE_TAGS or tag in ("p", "li"):
            self._end_line()

    def handle_data(self, data):
        if self._hidden or self._stopped:
            return
        text = re.sub(r"[ \t\r\n\f]+", " ", data)
        self.lines[-1] += text.lstrip(" ") if not self.lines[-1].strip() else text

    def _end_line(self):
        """Start a new line, unless the current one is still empty. A line
        holding only a no-break space is not: it is Outlook's blank line."""
        if self.lines[-1] and not self._stopped:
            self.lines.append("")

    def _blank_line(self):
        """Leave a blank line before what follows: a paragraph's end."""
        self._end_line()
        if not self._stopped and len(self.lines) > 1 and self.lines[-2].strip():
            self.lines.append("")


# Where a client's HTML starts the quoted original or its own signature:
# Outlook's header block (an id, or the rule drawn above it), Gmail's quote
# and signature, Yahoo's and Thunderbird's, any <blockquote> (Apple Mail's
# type="cite" among them).
_QUOTE_CLASSES = frozenset(("gmail_quote", "gmail_signature", "yahoo_quoted", "moz-cite-prefix", "moz-signature"))


def _stops_here(tag: str, attributes: dict[str, str]) -> bool:
    """Whether this element starts the quoted original (or a signature)."""
    return (
        tag == "blockquote"
        or attributes.get("id", "").startswith("divRplyFwdMsg")
        or not _QUOTE_CLASSES.isdisjoint(attributes.get("class", "").split())
        or (tag == "div" and re.search(r"border-top:\s*solid", attributes.get("style", ""), re.I) is not None)
    )


# -- The officer's words: lines to words -----------------------------------------


# Why a part of the body is not the officer's words, as their answer says it.
QUOTED = "quoted from the e-mail you answered"
SIGNATURE = "looks like your signature"
BANNER = "your mail system's warning banner"
DISCLAIMER = "looks like your organisation's disclaimer"


def _own_words(lines: list[str], *, width: int | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The officer's own paragraphs from a body's lines: the quoted original
    and the signature cut off, then the banner, the disclaimer and the
    sign-off taken away; and each part left out, with why (its words, as
    the paragraphs read them, and one of QUOTED … DISCLAIMER). `width`:
    where the client wrapped lines, if it did."""
    left_out = []
    unquoted = _unquoted(lines)
    if any(line.strip() for line in lines[len(unquoted) :]) or _dropped(lines, unquoted):
        left_out.append((QUOTED, ""))
    signed = _before_signature(unquoted)
    left_out += [(SIGNATURE, text) for text in _texts(_paragraphs(unquoted[len(signed) :], width=width))]
    paragraphs = _paragraphs(signed, width=width)
    for step, why in ((_without_banner, BANNER), (_without_disclaimer, DISCLAIMER), (_without_sign_off, SIGNATURE)):
        kept = step(paragraphs)
        left_out += [(why, text) for text in _texts(paragraphs) if text not in _texts(kept)]
        paragraphs = kept
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs), tuple(left_out)


def _dropped(lines: list[str], kept: list[str]) -> bool:
    """Whether any line with words was left out of `kept` (a quoted one)."""
    return sum(1 for line in lines if line.strip()) > sum(1 for line in kept if line.strip())


def _texts(paragraphs: list[list[str]]) -> list[str]:
    return ["\n".join(paragraph) for paragraph in paragraphs if any(line.strip() for line in paragraph)]


# A quoted line, Outlook's "-----Original Message-----", a forward's start
# (Gmail's "---------- Forwarded message ---------", Apple's "Begin
# forwarded message:").
_QUOTE_MARK = re.compile(r">|-{2,}\s*(original message|forwarded message)\s*-{2,}|begin forwarded message:", re.I)
# "On Tue, 3 Mar 2026 at 10:02, Name <address> wrote:", and Gmail's Welsh
# "Ar ... ysgrifennodd:"; the time in it tells it from a sentence.
_ATTRIBUTION = re.compile(r"(on|ar)\s.*\d[:.]\d\d.*\s(wrote|ysgrifennodd)\s?:", re.I)
_TIME = re.compile(r"\d[:.]\d\d")
# Outlook's header block: "From: ..." with "Sent: ..." or "Date: ..." just
# below (in Welsh, "Oddi wrth:" and "Anfonwyd:").
_HEADER_FROM = re.compile(r"\*?(from|oddi wrth):\*?\s", re.I)
_HEADER_SENT = re.compile(r"\*?(sent|date|anfonwyd|dyddiad):\*?\s", re.I)
# What is left above a cut: blank lines and Outlook's rule of underscores.
_RULE = re.compile(r"[-_=*~\s]*")


def _unquoted(lines: list[str]) -> list[str]:
    """The officer's lines, wherever they wrote them: above the quoted
    reminder, below it (Thunderbird's default) or between its quoted lines.
    Lines quoted with ">" and the "On … wrote:" line that opens them are
    the reminder's; an original not quoted so (below an "On … wrote:" line
    with no ">" after it, Outlook's "From: … Sent:" block, "-----Original
    Message-----" or a forward's start) is the history of the mail, and
    everything from there on is left out."""
    kept, number = [], 0
    while number < len(lines):
        line = lines[number].strip()
        if _history_starts(lines, number):
            break
        attribution = _attribution_lines(lines, number)
        if line.startswith(">"):
            number += 1
        elif attribution:
            after = next((later.strip() for later in lines[number + attribution :] if later.strip()), "")
            if not after.startswith(">"):
                break  # an original not quoted line by line: the rest is its history
            number += attribution
        else:
            kept.append(lines[number])
            number += 1
    while kept and _RULE.fullmatch(kept[-1]):
        kept.pop()
    return kept


def _history_starts(lines: list[str], number: int) -> bool:
    """Whether the mail's unquoted history starts at this line: Outlook's
    header block, its "Original Message" rule, or a forward's start."""
    line = lines[number].strip()
    following = [later.strip() for later in lines[number + 1 : number + 5]]
    return bool(
        (_QUOTE_MARK.match(line) and not line.startswith(">"))
        or (_HEADER_FROM.match(line) and any(_HEADER_SENT.match(later) for later in following))
    )


def _attribution_lines(lines: list[str], number: int) -> int:
    """How many lines the "On … wrote:" line starting here takes (Gmail may
    wrap it onto a second), or 0 where none starts here."""
    line = lines[number].strip()
    if _ATTRIBUTION.fullmatch(line):
        return 1
    following = lines[number + 1].strip() if number + 1 < len(lines) else ""
    if following and _TIME.search(line) and _ATTRIBUTION.fullmatch(f"{line} {following}"):
        return 2
    return 0


# The "-- " line before a signature, and what phones add.
_SIGNATURE = re.compile(r"--|(sent from (my|outlook|mail for|yahoo|samsung)\b|get outlook for ).*", re.I)


def _before_signature(lines: list[str]) -> list[str]:
    """The lines above the signature, when it is marked as one."""
    end = next((number for number, line in enumerate(lines) if _SIGNATURE.fullmatch(line.strip())), len(lines))
    return lines[:end]


# A line that starts a line of its own, even where the client wrapped the
# text: a bullet, a numbered item, a label ("Grade: 2", "Impact:").
_BULLET = re.compile(r"^[-*•·▪]\s+")
_LIST_ITEM = re.compile(r"[-*•·▪]\s|\d{1,2}[.)]\s")
_LABEL = re.compile(r"[^\W\d_][\w '’-]{0,30}:(\s|$)")


def _paragraphs(lines: list[str], *, width: int | None) -> list[list[str]]:
    """The lines as paragraphs (split at blank lines) of tidy lines, with a
    wrapped line joined to the one it was broken from, and bullets as
    "- " lines."""
    paragraphs, previous = [[]], ""
    for raw in lines:
        line = _tidy(raw)
        if not line:
            paragraphs.append([])
        elif paragraphs[-1] and width and _wrapped(previous, line, width):
            paragraphs[-1][-1] += " " + line
        else:
            paragraphs[-1].append(_BULLET.sub("- ", line, count=1))
        previous = raw.rstrip()
    return [paragraph for paragraph in paragraphs if paragraph]


def _tidy(line: str) -> str:
    """One line with its spaces (no-break spaces and tabs too) made single."""
    return re.sub(r"[ \t\xa0]+", " ", line).strip()


def _wrapped(previous: str, line: str, width: int) -> bool:
    """Whether the client broke this line from the previous one (as it
    was sent, indent and all): the line's first word would not have fitted
    on the previous line."""
    return len(previous) + 1 + len(line.split()[0]) > width and not _starts_own_line(line)


def _starts_own_line(line: str) -> bool:
    """Whether the line is a list item or starts with a label ("Grade:",
    "Evidence of impact:"), capitalised as a label is, so that "which we
    agreed: more staff" wrapped onto a line of its own is still joined."""
    return bool(_LIST_ITEM.match(line) or (line[0].isupper() and _LABEL.match(line)))


# A banner put above the message by the council's mail system.
_BANNER_LINE = re.compile(r"\*{0,2}\[?external\]?:?\*{0,2}", re.I)
_BANNER = re.compile(
    r"\[external\]|external (e-?mail|sender)|caution:? (this|external)"
    r"|this (e-?mail|message) (originated|came) from outside",
    re.I,
)


def _without_banner(paragraphs: list[list[str]]) -> list[list[str]]:
    """The paragraphs without an "[EXTERNAL]" or "CAUTION: This email
    originated from outside..." banner at the top."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    if _BANNER_LINE.fullmatch(first[0]):
        return ([first[1:]] if first[1:] else []) + paragraphs[1:]
    return paragraphs[1:] if _BANNER.match(first[0]) else paragraphs


# How organisations' disclaimers begin.
_DISCLAIMER = re.compile(
    r"""disclaimer\b | confidentiality\ (notice|statement|warning)
    | caution:?\ this\ e-?mail\ originated\ from\ outside
    | (this|the)\ (e-?mail|message)(\ message)?
      \ (and\ any\ (files|attachments)|is\ confidential|(is\ )?intended\ (only\ )?for|may\ contain)
    | the\ information\ (contained\ )?in\ this\ (e-?mail|message)
    | this\ e-?mail\ has\ been\ scanned | please\ consider\ the\ environment | (privacy|data\ protection)\ notice""",
    re.I | re.X,
)


# What a disclaimer says, whatever its opening: the boilerplate of
# confidentiality, recipients, deletion, monitoring and liability.
_DISCLAIMER_WORDS = re.compile(
    r"""confidential | privileged | intended\ (solely\ |only\ )?(for|recipient) | addressee
    | notify\ the\ sender | (delete|destroy)\ (it|this|the|all) | unauthori[sz]ed | disclos | copying
    | monitor(ed|s)?\ e-?mail | monitored | recorded | legally | viruses | liabilit | liable
    | views\ expressed | opinions\ expressed | freedom\ of\ information | in\ error
    | environment\ before\ printing | print(ing)?\ this""",
    re.I | re.X,
)


def _disclaimer_says(paragraph: list[str]) -> int:
    """How many of the things a disclaimer says a paragraph says."""
    return len({found.group().lower() for found in _DISCLAIMER_WORDS.finditer(" ".join(paragraph))})


def _without_disclaimer(paragraphs: list[list[str]]) -> list[list[str]]:
    """The paragraphs without the organisation's disclaimer, each taken by
    what it says: one opening as a disclaimer does and saying at least one
    thing a disclaimer says, or saying three, and after one, any saying
    one. An officer's paragraph opening "The information in this message
    about the colleges…" says none, and stays, as does every paragraph of
    theirs after a disclaimer. The disclaimer closes the message, so the
    first paragraph (the officer's) is never taken for one."""
    kept, after_one = paragraphs[:1], False
    for paragraph in paragraphs[1:]:
        says = _disclaimer_says(paragraph)
        is_one = says and (_DISCLAIMER.match(paragraph[0]) or says >= 3 or after_one)
        after_one = after_one or bool(is_one)
        if not is_one:
            kept.append(paragraph)
    return kept


_SIGN_OFF = re.compile(
    r"((kind|warm|best|many|with)\s+)?(regards|wishes|thanks|thank you|cheers|yours sincerely|yours faithfully"
    r"|all the best|best|diolch( yn fawr)?|cofion( gorau| cynnes)?)[,.!]?"
    # and, on the same line, the name it is signed with ("Thanks, Vanessa")
    r"(?-i:(\s+[A-Z][\w'’-]*(\s+[A-Z][\w'’-]*){0,2}\.?)?)",
    re.I,
)
# A sign-off is among the last lines (it, a name, a title, an address, a
# telephone); each is short, or is contact details however long.
_SIGN_OFF_LINES, _SIGN_OFF_LINE_LENGTH = 12, 60
_CONTACT = re.compile(
    r"""(tel|telephone|phone|mobile|mob|fax|email|e-mail|web|ffôn|ebost)\b\s*[:.]?
    | (\+44|\b0)\s?\d[\d\s()-]{8,}
    | [\w.+-]+@[\w-]+\.[\w.-]+ | www\.|https?://
    | \b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b""",
    re.I | re.X,
)


def _signature_line(line: str) -> bool:
    """A line a signature may hold: short (a name, a title), or contact
    details however long ("Housing Policy Officer | Anytown Borough
    Council | Town Hall, High Street, Anytown AT1 1AA | 01632 960123")."""
    return len(line) <= _SIGN_OFF_LINE_LENGTH or bool(_CONTACT.search(line))


def _without_sign_off(paragraphs: list[list[str]]) -> list[list[str]]:
    """The paragraphs before a closing "Kind regards," and the name, title
    and contact details after it. Only a whole line among the last few
    counts, so a paragraph that thanks someone stays, and never the first
    line ("Thanks." as a greeting, words after it)."""
    places = [(p, n) for p, paragraph in enumerate(paragraphs) for n in range(len(paragraph))]
    tail = places[1:][-_SIGN_OFF_LINES:]
    for start, (p, n) in enumerate(tail):
        if _SIGN_OFF.fullmatch(paragraphs[p][n]) and all(
            _signature_line(paragraphs[q][m]) for q, m in tail[start + 1 :]
        ):
            return paragraphs[:p] + ([paragraphs[p][:n]] if n else [])
    return paragraphs


def without_closing_name(words: str, names: Iterable[str]) -> str:
    """`words` without a last line that is only the sender's name, as
    people sign a short reply ("Vanessa", "Vanessa Housley", "V"): `names`
    are theirs, as the service knows them."""
    lines = words.rstrip().split("\n")
    wanted = {" ".join(name.split()).casefold() for name in names if name and name.strip()}
    if len(lines) > 1 and " ".join(lines[-1].split()).strip(".,").casefold() in wanted:
        return "\n".join(lines[:-1]).rstrip()
    return words


# -- The update's parts ----------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """The officer's words split as the update form splits them."""

    progress: str
    impact: str
    grade: str
    # Why the grade is what it is (a worse grade needs it), and the new
    # target month a slipped action proposes, as written ("March 2027").
    explanation: str = ""
    new_target: str = ""
    # The line the grade was read from, as the officer wrote it ("on track").
    grade_line: str = ""


_IMPACT_HEADINGS = ("Impact", "Evidence of impact")
_EXPLANATION_HEADINGS = ("Explanation", "Reason", "Reasons", "Why")
_NEW_TARGET = re.compile(r"(new target|new target date|revised target)\s*:\s*(?P<value>.{1,40})", re.I)
# "Grade: 2", "Status: Amber", "RAG: Green", "Assessment: Complete" (in
# Welsh "Gradd", "Statws", "Asesiad"); a value longer than a grade is a
# sentence ("Status: the report is with legal").
_GRADE_LABEL = re.compile(
    r"(grade|status|rag|rag status|assessment|gradd|statws|asesiad)\s*:\s*(?P<value>.{1,40})", re.I
)
# "Grade 2", "RAG - Amber": a label without its colon, read only where the
# value names a grade (_grade_of()).
_BARE_GRADE_LABEL = re.compile(r"(grade|rag|rag status|assessment|gradd|asesiad)\s*[-–]?\s+(?P<value>.{1,40})", re.I)


def parts_of(words: str, *, impact_headings: Iterable[str], grade_words: Iterable[str]) -> Parts:
    """The officer's words as progress, impact, explanation and grade. The
    grade line and a "New target: March 2027" line are taken out wherever
    they are; the impact runs from its heading ("Impact", "Evidence of
    impact", or the council's own word), and the explanation from its
    ("Explanation", "Reason"), each to the next heading or the end.
    `grade_words`: the council's grades, which a grade is given back as."""
    paragraphs = [paragraph.split("\n") for paragraph in words.split("\n\n") if paragraph.strip()]
    grade, grade_line, paragraphs = _grade(paragraphs, list(grade_words))
    new_target, paragraphs = _taken_line(paragraphs, _NEW_TARGET)
    headings = {"impact": (*_IMPACT_HEADINGS, *impact_headings), "explanation": _EXPLANATION_HEADINGS}
    sections = _sections(paragraphs, headings)
    return Parts(
        progress=_joined(sections[""]),
        impact=_joined(sections["impact"]),
        grade=grade,
        grade_line=grade_line,
        explanation=_joined(sections["explanation"]),
        new_target=new_target,
    )


def _taken_line(paragraphs: list[list[str]], label: re.Pattern) -> tuple[str, list[list[str]]]:
    """The value of the first line `label` matches, and the paragraphs without it."""
    for p, paragraph in enumerate(paragraphs):
        for n, line in enumerate(paragraph):
            if found := label.fullmatch(line.strip()):
                without = [*paragraphs[:p], paragraph[:n] + paragraph[n + 1 :], *paragraphs[p + 1 :]]
                return found["value"].strip(), [one for one in without if one]
    return "", paragraphs


def _joined(paragraphs: list[list[str]]) -> str:
    """Paragraphs back as text, one blank line between them."""
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs if paragraph)


def _grade(paragraphs: list[list[str]], grade_words: list[str]) -> tuple[str, str, list[list[str]]]:
    """The grade, its line as written, and the paragraphs without that
    line. A line naming one of the council's grades gives it, and is taken
    out of the words. Else a grade label's short value that names none
    ("Status: Purple") is given back as written, for the answer to say it
    is no grade, and its line stays in the words: a doubtful line is kept,
    never dropped."""
    found = [
        ((p, n), grade, named, line.strip())
        for p, paragraph in enumerate(paragraphs)
        for n, line in enumerate(paragraph)
        for grade, named in [_grade_of(line, grade_words)]
        if grade
    ]
    named = next((one for one in found if one[2]), None)
    if named is None:
        return (found[0][1], found[0][3], paragraphs) if found else ("", "", paragraphs)
    (p, n), grade, _, written = named
    without = [*paragraphs[:p], paragraphs[p][:n] + paragraphs[p][n + 1 :], *paragraphs[p + 1 :]]
    return grade, written, [paragraph for paragraph in without if paragraph]


# At most this many words after a grade label are read as a grade meant
# ("Status: Purple"); more are the officer's prose ("Status: with legal
# services for sign-off").
GRADE_MOST_WORDS = 3


def _grade_of(line: str, grade_words: list[str]) -> tuple[str, bool]:
    """The grade this line gives ("" if it gives none), and whether it is
    one of grade_words: one when the line, or the value after a grade
    label ("Grade: 2", "Grade 2", "RAG - Amber"), names one; else a label's
    short value as written."""
    label = _GRADE_LABEL.fullmatch(line.strip()) or _BARE_GRADE_LABEL.fullmatch(line.strip())
    value = label["value"].strip() if label else line
    named = grade_word(value, grade_words)
    if named:
        return named, True
    meant = label and _GRADE_LABEL.fullmatch(line.strip()) and len(value.split()) <= GRADE_MOST_WORDS
    return (value, False) if meant else ("", False)


def grade_key(words: str) -> str:
    """What a grade's words come to, case, punctuation and spacing aside:
    "2 - On-Track", "2 (On-Track)" and "2 on track" are one."""
    return " ".join(re.sub(r"[\W_]+", " ", words.casefold()).split())


def grade_word(value: str, grade_words: list[str]) -> str:
    """The entry of grade_words that `value` names (grade_key()): the code,
    the label or both in any of the common forms."""
    wanted = grade_key(value)
    return next((word for word in grade_words if wanted and grade_key(word) == wanted), "")


def _sections(paragraphs: list[list[str]], headings: dict[str, tuple[str, ...]]) -> dict[str, list]:
    """The paragraphs under each heading, by its name ("" for those before
    any): a heading alone on its line, or "Impact: text" starting one, runs
    to the next heading. A second section of one name is added to the first."""
    patterns = {
        name: re.compile(
            rf"({'|'.join(re.escape(one.strip()) for one in words if one.strip())})\s*(:\s*(?P<rest>.*))?", re.I
        )
        for name, words in headings.items()
    }
    sections = {"": [], **{name: [] for name in headings}}
    current, paragraph_open = "", False
    for paragraph in paragraphs:
        paragraph_open = False
        for line in paragraph:
            name, found = next(
                ((n, f) for n, pattern in patterns.items() if (f := pattern.fullmatch(line.strip()))), ("", None)
            )
            if found:
                current = name
                sections[current].append([found["rest"]] if found["rest"] else [])
                paragraph_open = True
            elif paragraph_open:
                sections[current][-1].append(line)
            else:
                sections[current].append([line])
                paragraph_open = True
    return {name: [one for one in found if one] for name, found in sections.items()}


# -- Who sent it -----------------------------------------------------------------

_COMMENT = re.compile(r"\([^()]*\)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_DMARC_REFUSALS = {
    "fail": "found that the message failed its DMARC check",
    "none": "found no DMARC policy for the sender's domain, so could not confirm who sent it",
    "temperror": "could not finish the message's DMARC check (a temporary error)",
    "permerror": "could not read the sender's domain's DMARC policy",
}


@dataclass(frozen=True)
class Result:
    """One method's result in an Authentication-Results header, with the
    domain it vouched for (DMARC's header.from, DKIM's header.d, SPF's
    smtp.mailfrom)."""

    method: str
    result: str
    domain: str = ""


def authenticated(authentication_results: Iterable[str], authserv_id: str, from_address: str = "") -> tuple[bool, str]:
    """Whether the council's own mail server (the one called `authserv_id`
    in its Authentication-Results headers, RFC 8601) vouched for the
    sender, and why in plain words. Only the top-most header from that
    server counts: anything above it was added later by someone else, and
    anything below came with the message, where a sender can write what
    it likes. DMARC decides when the server checked it; otherwise a DKIM
    signature or SPF that passed for the From address's own domain (or one
    it is a part of): a pass for some other domain says nothing of who
    wrote the From line."""
    wanted = authserv_id.strip().lower()
    ours = next((value for value in authentication_results if wanted and _authserv_id(value) == wanted), None)
    if ours is None:
        return False, "the message was not checked by your council's mail server"
    return _verdict(_results(ours), from_address.rpartition("@")[2].lower())


def _without_comments(value: str) -> str:
    """A header value without its (comments), nested ones too."""
    while (shorter := _COMMENT.sub(" ", value)) != value:
        value = shorter
    return value


def _authserv_id(value: str) -> str:
    """Who wrote an Authentication-Results header: the name before the
    first ";" (a version number may follow it), lower-cased."""
    names = _without_comments(value).split(";", 1)[0].split()
    return names[0].lower() if names else ""


def _results(value: str) -> list[Result]:
    """Each result in one header, in order (a message may carry several
    DKIM signatures). Each is a statement of its own, between semicolons:
    its first word is the method and its result, the rest its properties;
    a quoted string or a comment is never read as either."""
    plain = _without_comments(_QUOTED.sub('""', value))
    results = []
    for statement in plain.split(";")[1:]:
        words = statement.split()
        if not words or "=" not in words[0]:
            continue
        method, _, result = words[0].partition("=")
        properties = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        domain = (
            properties.get("header.from")
            or properties.get("header.d")
            or properties.get("smtp.mailfrom", "").rpartition("@")[2]
        )
        results.append(Result(method.lower(), result.lower(), domain.strip('"').lower()))
    return results


def _aligned(domain: str, from_domain: str) -> bool:
    """Whether a check's domain is the From address's, or one it is part
    of (DMARC's relaxed alignment: mail.council.gov.uk for council.gov.uk)."""
    return bool(domain and from_domain) and (from_domain == domain or from_domain.endswith("." + domain))


def _verdict(results: list[Result], from_domain: str) -> tuple[bool, str]:
    """Accept or refuse on the council's server's results, saying why: any
    DMARC result decides (a failure among passes refuses), a pass only for
    the From address's own domain (its header.from: a pass for a domain the
    server read from another From line says nothing of this one); without
    one, a DKIM or SPF pass for the From address's own domain."""
    dmarc = [one for one in results if one.method == "dmarc"]
    if dmarc:
        if all(one.result == "pass" for one in dmarc):
            if all(one.domain and one.domain == from_domain for one in dmarc):
                return True, "your council's mail server found that the message passed its DMARC check"
            return False, (
                "your council's mail server's DMARC check did not say it was for the domain of the From address"
            )
        result = next(one.result for one in dmarc if one.result != "pass")
        refusal = _DMARC_REFUSALS.get(result, f"recorded the message's DMARC check as {result}, not a pass")
        return False, f"your council's mail server {refusal}"
    for method in ("dkim", "spf"):
        if any(one.method == method and one.result == "pass" and _aligned(one.domain, from_domain) for one in results):
            return True, f"your council's mail server found that the message passed its {method.upper()} check"
    found = ", ".join(f"{one.method.upper()} {one.result}" for one in results if one.method in ("dkim", "spf"))
    return False, "your council's mail server could not confirm who sent the message" + (f" ({found})" if found else "")
