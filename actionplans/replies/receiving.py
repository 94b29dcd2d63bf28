"""One reply, received: checked, saved as the officer's draft (or
submitted, or a comment), or refused with an answer saying why.

Every message is claimed once by its Message-ID (EmailedReply.claim), so a
second delivery changes nothing. An automatic reply is recorded and left
unanswered, so that two robots cannot answer each other for ever. Anything
else is checked in turn (the council's mail server found it authentic, the
address it was sent to is one the service gave, the sender is the officer
it was given to, the round is open); a message failing a check saves
nothing and its sender is told why. One that passes is saved through the
update's own verbs, as the officer, with the message's Message-ID in the
history: its files first (each scanned and checked as an upload is; one
refused is named in the answer, the rest are kept), then its words, as a
draft, or submitted where the council says a graded reply is
(SCRUTINY_REPLY_SUBMITS) and it has all a submission needs. A reply to an
update already with the link officer becomes a comment on it instead. An
owner's answer to "is it still so?" is kept with its re-check, in their
words, for the clerk to record (_hear())."""

import contextlib
import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from actionplans import permissions, reply_tokens
from actionplans.models import EmailedReply, OutcomeCheck, ProgressEntry, ScaleGrade, current_scale
from actionplans.models.common import changes_came
from actionplans.models.evidence import evidence_storage
from actionplans.models.rounds import TargetProposal, title_of_file
from actionplans.replies import answers, reading

# The headings of the paragraph that is the evidence of impact.
IMPACT_HEADINGS = ("Evidence of impact", "Impact")
Outcome = EmailedReply.Outcome


@dataclass(frozen=True)
class Received:
    """What became of one message: `outcome` is one of OUTCOMES, `line`
    says it in one line (what `receive_reply` prints)."""

    outcome: str
    line: str
    # A duplicate of a message refused before, filed with it.
    refused_before: bool = False

    @property
    def later(self) -> bool:
        """Another server is handling the same message now: leave it where
        it is, for the next run (the pipe's mail server tries it again)."""
        return self.outcome == "busy"

    # saved: a draft; submitted: to the link officer; commented: in the
    # update's conversation; heard: kept with a re-check; refused: nothing
    # saved, the sender answered; ignored: an automatic reply, not
    # answered; duplicate: seen before; busy: being handled elsewhere this moment.
    OUTCOMES = ("saved", "submitted", "commented", "heard", "refused", "ignored", "duplicate", "busy")

    @property
    def refused(self) -> bool:
        """Filed among the refused messages rather than the handled ones."""
        return self.outcome == "refused" or self.refused_before


class Refusal(Exception):
    """A check the message failed: `reason` is said to its sender, unless
    it could not be shown who the sender is (`answered` False: answering
    whoever the From line names would send mail to someone who may never
    have written)."""

    def __init__(self, reason: str, entry: ProgressEntry | None = None, *, answered: bool = True, check=None):
        super().__init__(reason)
        self.reason, self.entry, self.answered, self.check = reason, entry, answered, check


# The most of a message's header block read and kept where its body is not.
HEADERS_MAX_BYTES = 256 * 1024


def headers_of(raw: bytes) -> bytes:
    """A message's header block alone (at most HEADERS_MAX_BYTES)."""
    head = raw[:HEADERS_MAX_BYTES]
    ends = [at + len(end) for end in (b"\r\n\r\n", b"\n\n") if (at := head.find(end)) != -1]
    return head[: min(ends)] if ends else head


def receive(raw: bytes, *, size: int | None = None) -> Received:
    """Handle one message (RFC 5322 bytes): saved, answered, or ignored,
    once. Its answer is sent before this returns (or left to be tried
    again: EmailedReply.send_answer). `size`: the message's size where
    `raw` is less than all of it (a message over SCRUTINY_REPLY_MAX_BYTES,
    given as its headers). A message too large is read no further than its
    headers and refused; until its sender is shown to be the officer, only
    its headers are kept."""
    size = len(raw) if size is None else size
    too_large = size > settings.SCRUTINY_REPLY_MAX_BYTES
    if too_large:
        raw = headers_of(raw)
    reply = reading.read_message(raw)
    row, first = EmailedReply.objects.claim(
        message_id=reply.message_id, raw=raw, from_address=reply.from_address, kept=headers_of(raw)
    )
    if row is None:
        if first.outcome == Outcome.RECEIVING:
            return Received("busy", f"being handled elsewhere: {reply.message_id or 'the same message'}")
        refused = first.outcome == Outcome.REFUSED
        return Received("duplicate", f"already received: {reply.message_id or 'the same message'}", refused)
    try:
        received = _handle(reply, row, raw, too_large=size if too_large else 0)
    except BaseException:
        # Not handled: the next fetch tries it again (and, should this
        # delete fail too, takes the claim back once it is stale).
        EmailedReply.objects.filter(pk=row.pk, outcome=Outcome.RECEIVING).delete()
        raise
    if row.answer_body:
        row.send_answer()
    return received


def _handle(reply: reading.Reply, row: EmailedReply, raw: bytes, *, too_large: int) -> Received:
    """`too_large`: the size of a message over the limit (0: none)."""
    sender = reply.from_address or "an unknown sender"
    if reply.is_automatic:
        row.record(Outcome.IGNORED, "An automatic reply, not answered.")
        return Received("ignored", f"ignored an automatic reply from {sender}")
    try:
        entry, officer = checked(reply)
        row.message = raw  # shown to come from the officer: kept whole for the clerk
        if too_large:
            raise _too_large_refusal(too_large, entry)
        with transaction.atomic(), changes_came(f"By e-mail, Message-ID {reply.message_id or '(none)'}"):
            if isinstance(entry, OutcomeCheck):
                return _hear(reply, row, entry, officer)
            if not entry.is_open_to_officers:
                return _comment(reply, row, entry, officer)
            return _save(reply, row, entry, officer)
    except Refusal as refusal:
        if refusal.answered:  # its sender shown to be who the From line says
            row.message = raw
        return _refuse(reply, row, refusal)


def checked(reply: reading.Reply) -> tuple[ProgressEntry | OutcomeCheck, object]:
    """The update (or re-check) the reply answers and the officer
    answering it, once every check has passed; Refusal names the first
    that did not."""
    token = _token_of(reply)
    if token.check_id is not None:
        return _recheck_answered(reply, token)
    entry = ProgressEntry.objects.select_related("round__review", "action").filter(pk=token.entry_id).first()
    officer = _sender(reply, token, entry is not None)
    if not entry.round.is_open:
        raise Refusal(f"The {entry.round.label} round is closed: its updates can no longer be changed.", entry)
    verb = permissions.WRITE_UPDATE if entry.is_open_to_officers else permissions.COMMENT_ON_UPDATE
    why_not = permissions.why_not(officer, verb, entry)
    if why_not:
        raise Refusal(why_not, entry)
    return entry, officer


def _recheck_answered(reply, token) -> tuple[OutcomeCheck, object]:
    """The re-check an owner's reply answers ("is it still so?"): whether
    they may still answer it is the re-check's rule (OutcomeCheck.hear)."""
    check = OutcomeCheck.objects.select_related("recommendation__review").filter(pk=token.check_id).first()
    try:
        return check, _sender(reply, token, check is not None)
    except Refusal as refusal:
        refusal.check = check  # answered about the re-check, not an update
        raise


def _sender(reply, token, found: bool):
    """The officer the token names, who sent the reply; Refusal where what
    it answers is gone (`found` False), their login closed, or someone
    else sent it."""
    officer = get_user_model().objects.filter(pk=token.user_id, is_active=True).first()
    if not found or officer is None:
        raise Refusal("What it answers is no longer on the service, or your login has been closed.")
    if reply.from_address.casefold() != officer.email.casefold():
        # Said without the update or the officer's address: the sender is
        # someone else (a colleague copied in), told only what to do.
        raise Refusal(
            "It did not come from the address the e-mail it answers was sent to: only the reply of the person it"
            " was sent to is taken."
        )
    return officer


def _token_of(reply: reading.Reply) -> reply_tokens.ReplyToken:
    """The token of the address the reply was sent to, from a sender the
    council's mail server vouched for; Refusal where either fails."""
    if not reply.from_address:
        raise Refusal("It did not say, once and plainly, whom it came from.", answered=False)
    passed, why = reading.authenticated(
        reply.authentication_results, settings.SCRUTINY_REPLY_AUTHSERV_ID, reply.from_address
    )
    if not passed:
        raise Refusal(f"It could not be shown to come from you: {why}.", answered=False)
    try:
        token = reply_tokens.token_in(reply.recipients)
    except reply_tokens.TokenRefused as refused:
        raise Refusal(str(refused)) from None
    if token is None:
        raise Refusal("It was not a reply to one of the service's e-mails asking for an update.")
    return token


@contextlib.contextmanager
def _files_undone_on_failure(kept: list, entry):
    """Rolled back with the caller's transaction, no file is left that no
    row names; a rule the update's verbs refused is said to the sender."""
    try:
        yield
    except BaseException as error:
        for evidence in kept:
            evidence_storage().delete(evidence.storage_name)
        if isinstance(error, ValidationError):
            raise Refusal(" ".join(error.messages), entry) from error
        raise


def _save(reply, row, entry, officer) -> Received:
    """The reply as the update's draft: its files, then its words; or, where
    its words would replace another person's, beside them (_beside())."""
    review = entry.round.review_id
    words = reading.without_closing_name(reply.words, _names_of(officer))
    left_out = reply.left_out + (
        ((reading.SIGNATURE, reply.words[len(words) :].strip()),) if words != reply.words else ()
    )
    parts = reading.parts_of(words, impact_headings=IMPACT_HEADINGS, grade_words=grade_words(review))
    level = grade_named(parts.grade, review)
    proposal, target_problem = proposed_target(entry, parts)
    fields = update_fields(parts, level, proposal)
    written = entry.would_replace_anothers_words(officer, fields)
    if written is not None:
        return _beside(reply, row, entry, officer, written)
    kept = []
    with _files_undone_on_failure(kept, entry):
        refused = attach_files(reply, entry, officer, kept)
        if not fields and not kept:
            raise Refusal(_nothing_kept(refused), entry)
        problems = _save_words(entry, officer, fields, submit=settings.SCRUTINY_REPLY_SUBMITS and level is not None)
        submitted = entry.status == entry.Status.SUBMITTED
        outcome = Outcome.SUBMITTED if submitted else Outcome.SAVED
        if target_problem:
            problems = {"proposed_target": target_problem, **problems}
        said = answers.saved(
            entry,
            parts,
            level,
            kept,
            refused,
            problems,
            grades=grades_in_full(review),
            proposal=proposal,
            left_out=left_out,
        )
        row.record(outcome, said, entry=entry, officer=officer, answer=answers.envelope(reply, entry, said))
    files = f", {len(kept)} file{'' if len(kept) == 1 else 's'}" if kept else ""
    return Received(outcome.value, f"{outcome.label.lower()}: {entry} for {officer.email}{files}")


def _beside(reply, row, entry, officer, written) -> Received:
    """A reply whose words would replace those another person (`written`,
    their history record) wrote last: nothing replaced. Its words go in the
    update's conversation, where the others on the update are told, and its
    files are added; its sender is told whose words stand and why."""
    kept = []
    with _files_undone_on_failure(kept, entry):
        refused = attach_files(reply, entry, officer, kept)
        entry.add_comment(by=officer, text=reply.words.strip())
        said = answers.kept_beside(entry, written, kept, refused)
        row.record(Outcome.COMMENTED, said, entry=entry, officer=officer, answer=answers.envelope(reply, entry, said))
    return Received("commented", f"kept beside {written.history_user}'s words on {entry} for {officer.email}")


def _names_of(officer) -> list[str]:
    """The names an officer may sign a reply with: their first name, their
    full name, and the name they are responsible under."""
    people = officer.owner_records.filter(kind="person").values_list("name", flat=True)
    return [officer.first_name, officer.get_full_name(), *people]


def update_fields(parts, level, proposal) -> dict:
    """The update's fields the reply gives (a field it leaves out stays as it was)."""
    words = {
        "evidence_of_progress": parts.progress,
        "evidence_of_impact": parts.impact,
        "grade_explanation": parts.explanation,
    }
    fields = {name: value for name, value in words.items() if value}
    if level is not None:
        fields["level"] = ScaleGrade.objects.get(pk=level.id)
    if proposal is not None:
        fields["proposal"] = proposal
    return fields


def _save_words(entry, officer, fields, *, submit: bool) -> dict:
    """Save `fields` as the officer: submitted where asked and the rules
    allow, else a draft. Returns what kept it from being submitted."""
    if not fields:
        return {}
    if submit:
        try:
            with transaction.atomic():
                entry.save_update(by=officer, version=entry.version, submit=True, **fields)
            return {}
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            problems = {name: " ".join(messages) for name, messages in error.message_dict.items()}
            entry.refresh_from_db()
    else:
        problems = {}
    entry.save_update(by=officer, version=entry.version, submit=False, **fields)
    return problems


def proposed_target(entry, parts) -> tuple[TargetProposal | None, str]:
    """The new target month the reply proposes ("New target: March 2027",
    with its reason in the explanation), or why it cannot be taken."""
    if not parts.new_target:
        return None, ""
    month = month_named(parts.new_target)
    if month is None:
        return None, f'"{parts.new_target}" is not a month, so no new target was proposed: write it as "March 2027"'
    current = entry.action.target_month
    if current and month <= current:
        return None, f"The new target month must be after the current one, {current:%B %Y}"
    if not parts.explanation:
        return None, 'Give the reason for the new target in a paragraph starting "Explanation:"'
    return TargetProposal(month=month, reason=parts.explanation), ""


def month_named(words: str) -> datetime.date | None:
    """The month `words` names: "March 2027", "Mar 2027", "03/2027", "2027-03"."""
    for pattern in ("%B %Y", "%b %Y", "%m/%Y", "%Y-%m"):
        try:
            return datetime.datetime.strptime(" ".join(words.split()).rstrip("."), pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def attach_files(reply, entry, officer, kept: list) -> list[tuple[str, str]]:
    """Each attachment as an evidence file of the update, checked and
    scanned as an upload is, added to `kept` as it is stored (so that a
    caller rolling back knows every file to delete). A file the update has
    already (the same bytes: a reply sent again) is not added twice.
    Returns each file refused, with why."""
    refused = []
    held = set(entry.files.exclude(sha256="").values_list("sha256", flat=True))
    for attachment in reply.attachments:
        digest = hashlib.sha256(attachment.data).hexdigest()
        if digest in held:
            refused.append((attachment.name, "the update has this file already"))
            continue
        held.add(digest)
        try:
            with transaction.atomic():
                kept.append(
                    entry.attach_file(
                        by=officer,
                        version=entry.version,
                        title=title_of_file(attachment.name),
                        upload=ContentFile(attachment.data, name=attachment.name),
                        name=attachment.name,
                    )
                )
        except ValidationError as error:
            refused.append((attachment.name, " ".join(error.messages)))
    return refused


def _comment(reply, row, entry, officer) -> Received:
    """A reply to an update already with the link officer: a comment."""
    words = reply.words.strip()
    if not words:
        raise Refusal(f"Your update is {entry.get_status_display().lower()} and your reply had no words.", entry)
    try:
        entry.add_comment(by=officer, text=words)
    except ValidationError as error:
        raise Refusal(" ".join(error.messages), entry) from error
    said = answers.commented(entry, files=len(reply.attachments))
    row.record(Outcome.COMMENTED, said, entry=entry, officer=officer, answer=answers.envelope(reply, entry, said))
    return Received("commented", f"commented on {entry} for {officer.email}")


def _hear(reply, row, check, officer) -> Received:
    """An owner's answer to "is it still so?": their words kept with the
    re-check for the clerk, who records held, partly held or reverted (the
    service does not read an answer into the words). Files stay with the
    message (the row), for the clerk to see."""
    words = reply.words.strip()
    if not words:
        raise Refusal("It had no words, so nothing was kept: write whether it has held.", check=check)
    try:
        check.hear(by=officer, words=words)
    except ValidationError as error:
        raise Refusal(" ".join(error.messages), check=check) from error
    said = answers.heard(check, words, files=len(reply.attachments))
    envelope = answers.envelope(reply, None, said, about=answers.recheck_subject(check))
    row.record(Outcome.HEARD, said, check=check, officer=officer, answer=envelope)
    return Received("heard", f"kept with the re-check of {check.recommendation} for {officer.email}")


def _nothing_kept(refused: list) -> str:
    """Why a reply saved nothing: no words of an update, and no file kept."""
    files = "; ".join(f"{name}: {why}" for name, why in refused)
    return (
        "It had no words of an update and "
        + (f"none of its files could be added ({files})" if refused else "no files")
        + ", so nothing was saved"
    )


def _too_large(size: int) -> str:
    limit = settings.SCRUTINY_REPLY_MAX_BYTES
    return (
        f"It was {_bytes(size)}, and the service takes a reply of up to {_bytes(limit)}: send your words "
        "again with fewer or smaller files, or attach them to the update on the service."
    )


def _bytes(n: int) -> str:
    """'25 MB', '12.4 MB', '3 KB'."""
    if n < 1024 * 1024:
        return f"{-(-n // 1024):,} KB"
    megabytes = n / 1024 / 1024
    return f"{megabytes:,.0f} MB" if megabytes == int(megabytes) else f"{megabytes:,.1f} MB"


def _too_large_refusal(size: int, answered) -> Refusal:
    if isinstance(answered, OutcomeCheck):
        limit = settings.SCRUTINY_REPLY_MAX_BYTES
        return Refusal(
            f"It was {_bytes(size)}, and the service takes a reply of up to {_bytes(limit)}: send your words again "
            "without the files, and the files to democratic services.",
            check=answered,
        )
    return Refusal(_too_large(size), answered)


def _refuse(reply, row, refusal: Refusal) -> Received:
    said = answers.refused(refusal.reason, refusal.entry, check=refusal.check)
    about = answers.recheck_subject(refusal.check, refused=True) if refusal.check else ""
    answer = answers.envelope(reply, refusal.entry, said, refused=True, about=about) if refusal.answered else None
    row.record(Outcome.REFUSED, said, entry=refusal.entry, check=refusal.check, answer=answer)
    return Received("refused", f"refused a reply from {reply.from_address or 'no address'}: {refusal.reason}")


def grade_words(review=None) -> list[str]:
    """Every way an officer may name a grade of the scale `review` grades on
    (its own, else the council's)."""
    words = []
    for level in current_scale(review=review):
        words += [word for word in (level.in_full, level.label, level.code) if word and word not in words]
    return words


def grades_in_full(review=None) -> list[str]:
    """The grades of the scale `review` grades on, each in full, best first."""
    return [level.in_full for level in current_scale(review=review)]


def grade_named(word: str, review=None):
    """The grade of the scale `review` grades on that `word` names (its
    code, label or both, case, punctuation and spacing aside:
    reading.grade_key()), or None."""
    wanted = reading.grade_key(word)
    for level in current_scale(review=review):
        if wanted and wanted in {reading.grade_key(words) for words in (level.in_full, level.label, level.code)}:
            return level
    return None


def pending_answers() -> int:
    """Send the answers not yet sent (a mail server that was away)."""
    return EmailedReply.objects.send_answers()
