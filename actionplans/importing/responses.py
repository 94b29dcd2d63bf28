"""The executive's response to each recommendation, as a council's tracker
gives it in a column of its own ("Executive Response", "Cabinet response"):
"Accepted", "Partially accepted: the Council will …", "Not accepted –
the cost is too high" (issue 73). Its first words say the response; the
words after it are the executive's, kept as written (its reasons). The
clerk gives the date of the response on the preview (or --responded-on):
the file never says it, and the service records none without one. They
are saved with the import, through Review.record_responses, and so by
its rules (the day the report went to the executive recorded first; a
recommendation monitored already is never recorded as Rejected)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from actionplans.grading import HAS_ACCEPTED_PART, Response
from actionplans.models.common import day_label
from actionplans.models.plan import ResponsePlan
from actionplans.text import clean_text

from .plan import Problem

# What a response's first words may be, in the councils' words, by the
# response each means; the longest wording is tried first.
_WORDINGS = {
    Response.PARTIALLY: (
        "partially accepted",
        "partly accepted",
        "accepted in part",
        "partially agreed",
        "partly agreed",
        "agreed in part",
        "partially",
    ),
    Response.IN_PRINCIPLE: ("accepted in principle", "agreed in principle"),
    Response.REJECTED: ("not accepted", "rejected", "not agreed", "declined", "refused"),
    Response.ACCEPTED: ("accepted", "agreed", "approved", "supported"),
}
_BY_LENGTH = sorted(((w, r) for r, ws in _WORDINGS.items() for w in ws), key=lambda pair: -len(pair[0]))
_AFTER = re.compile(r"^[\s.,:;\-–—]+")


@dataclass(frozen=True)
class ImportedResponse:
    """The executive's response to one recommendation, as the file gives it."""

    response: str  # a Response value
    words: str  # what the executive said after it, as written ("" for none)
    where: str  # its cell, for the preview ("H4")

    def plan(self, number: int, responded_on) -> ResponsePlan:
        """As Review.record_responses takes it: the words are the reasons
        (a response that is not Accepted needs them) and, for one partly
        accepted, the part accepted too, which the papers print."""
        part = self.words if self.response in HAS_ACCEPTED_PART else ""
        return ResponsePlan(
            number=number, response=self.response, reasons=self.words, responded_on=responded_on, accepted_part=part
        )


def parse_response(value) -> tuple[str, str] | None:
    """(the Response, the words after it) of a cell, or None where its
    first words are none of the responses ('Noted', 'We will …')."""
    text = clean_text(str(value)).strip() if value is not None else ""
    folded = text.casefold()
    for wording, response in _BY_LENGTH:
        if folded.startswith(wording) and not folded[len(wording) : len(wording) + 1].isalnum():
            if response == Response.IN_PRINCIPLE and not settings.SCRUTINY_RESPONSE_IN_PRINCIPLE:
                return None
            return response, _AFTER.sub("", text[len(wording) :])
    return None


def unread_message(value) -> str:
    """The problem of a cell whose response cannot be read."""
    choices = "Accepted, Partially accepted or Not accepted"
    if settings.SCRUTINY_RESPONSE_IN_PRINCIPLE:
        choices = "Accepted, Partially accepted, Accepted in principle or Not accepted"
    return (
        f"'{str(value)[:60]}' does not say the executive's response: start it with {choices}, the executive's "
        "words after it; or, if the column says what will be done, choose Agreed Action for it"
    )


def compare_responses(review, plan, responded_on, preview) -> None:
    """What saving the file's responses would record (preview.review_changes),
    or the problem that stops it: no date given, or the report to the
    executive not yet recorded, as Review.record_responses requires."""
    if not plan.responses:
        return
    count = len(plan.responses)
    many = f"{count} recommendations" if count > 1 else "a recommendation"
    if responded_on is None:
        preview.problems.append(
            Problem(
                "",
                f"The file gives the executive's response to {many}: give the date of the response below",
                fix="responded_on",
            )
        )
    if not review.report_to_executive:
        preview.problems.append(
            Problem(
                "",
                f"The file gives the executive's response to {many}: record the day the report went to the "
                "executive in the review's details first",
            )
        )
    on = f", {day_label(responded_on)}" if responded_on else ""
    for number, given in sorted(plan.responses.items()):
        label = Response(given.response).label
        preview.review_changes.append(f"Executive response to recommendation {number}: {label}{on} ({given.where})")


def record_responses(review, plan, responded_on, *, by) -> None:
    """Record the file's responses, as the clerk's page would (by its rules)."""
    if not plan.responses:
        return
    review.refresh_from_db()
    given = [answer.plan(number, responded_on) for number, answer in sorted(plan.responses.items())]
    try:
        review.record_responses(given, by=by, version=review.version, reason=f"Imported from {plan.file_name}")
    except ValidationError as refused:
        # Keyed by the clerk's page's fields ("recommendation-2-response"): said as the import's.
        said = refused.message_dict if hasattr(refused, "error_dict") else {"__all__": refused.messages}
        raise ValidationError(
            [f"The executive's responses: {message}" for messages in said.values() for message in messages]
        ) from None
