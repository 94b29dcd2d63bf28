"""What the service answers a reply with: what was saved, quoted, and
what was not, or why nothing was, with the link to the update. Plain
text, in the words of the service's other e-mails."""

from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.history import user_name
from actionplans.models import council
from actionplans.models.notifications import link
from actionplans.replies import reading
from actionplans.text import one_line


def saved(entry, parts, level, kept, refused, problems, *, grades=(), proposal=None, left_out=()) -> str:
    """The answer to a reply saved on `entry`: its words quoted (unless
    the update is exempt information), its grade and the line it was read
    from, or that none was and the council's `grades` (each in full), the
    files kept and refused, each part of the reply not kept and why
    (`left_out`: reading.Reply.left_out), and what submitting it still needs."""
    return _render(
        "actionplans/email/reply_saved.txt",
        entry,
        {
            "submitted": entry.status == entry.Status.SUBMITTED,
            "parts": parts,
            "level": level,
            "proposal": proposal,
            "grade_unknown": parts.grade if parts.grade and level is None else "",
            "grade_read_from": _read_from(parts.grade_line, level),
            "grades": list(grades),
            "kept": kept,
            "refused": refused,
            "problems": list(problems.values()),
            "left_out": [(why, _excerpt(text)) for why, text in left_out],
            "withheld": entry.words_exempt_notice,
            "link": link("update_entry", entry.pk),
        },
    )


def _read_from(line: str, level) -> str:
    """The grade's line as the officer wrote it, where it is not simply
    the grade in full ("on track" for 2 (On-Track))."""
    if level is None or not line:
        return ""
    return (
        ""
        if reading.grade_key(line) in {reading.grade_key(level.in_full), reading.grade_key(f"Grade: {level.in_full}")}
        else line
    )


def commented(entry, *, files: int) -> str:
    """The answer to a reply to an update already with the link officer."""
    return _render(
        "actionplans/email/reply_commented.txt",
        entry,
        {"status": entry.get_status_display().lower(), "files": files, "link": link("update_comments", entry.pk)},
    )


def kept_beside(entry, written, kept, refused) -> str:
    """The answer to a reply whose words would have replaced another
    person's (`written`: the history record of their latest writing): kept
    as a comment beside them, its files added."""
    return _render(
        "actionplans/email/reply_kept_beside.txt",
        entry,
        {
            "writer": user_name(written.history_user),
            "written_on": timezone.localtime(written.history_date),
            "kept": kept,
            "refused": refused,
            "link": link("update_comments", entry.pk),
            "update_link": link("update_entry", entry.pk),
        },
    )


def refused(reason: str, entry, *, check=None) -> str:
    """The answer to a reply refused: why, that nothing was saved, and
    where the update can be written instead (or, answering re-check
    `check`, whom to tell)."""
    return _render(
        "actionplans/email/reply_refused.txt",
        entry,
        {
            "reason": reason,
            "link": link("update_entry", entry.pk) if entry is not None else link("home"),
            "recommendation": check.recommendation if check else None,
        },
    )


def heard(check, words: str, *, files: int) -> str:
    """The answer to an owner's reply to "is it still so?": their words
    kept with the re-check, for democratic services to record."""
    recommendation = check.recommendation
    return _render(
        "actionplans/email/reply_heard.txt",
        None,
        {
            "recommendation": recommendation,
            "review": recommendation.review,
            "words": words,
            "files": files,
            "withheld": recommendation.exempt_notice,
        },
    )


def recheck_subject(check, *, refused: bool = False) -> str:
    """The subject of the answer to a reply about re-check `check`."""
    recommendation = check.recommendation
    word = "not kept" if refused else "received"
    return f"Your answer {word}: is it still so? {recommendation.review.title}, recommendation {recommendation.number}"


def envelope(reply, entry, said: str, *, refused: bool = False, about: str = "") -> dict:
    """Whom the answer goes to, its subject (`about`, else the update's)
    and its threading."""
    word = "not saved" if refused else "received"
    if not about:
        where = f"{entry.action.mail_name}, {entry.round.label}" if entry is not None else "your reply"
        about = f"Your update by e-mail {word}: {where}"
    return {
        "to": reply.from_address,
        "subject": one_line(about),
        "body": said,
        "in_reply_to": reply.message_id,
    }


def _excerpt(text: str, most: int = 60) -> str:
    """A part's first words on one line, cut short with an ellipsis."""
    words = " ".join(text.split())
    return words if len(words) <= most else words[: most - 1].rstrip() + "…"


def _render(template: str, entry, context: dict) -> str:
    frame = {"entry": entry, "council": council().council_name}
    if entry is not None:
        frame |= {"review": entry.round.review, "action": entry.action}
    return render_to_string(template, frame | context).strip() + "\n"
