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

from actionplans.grading import Response, response_choices
from actionplans.models.common import day_label
from actionplans.models.plan import ResponsePlan, response_of
from actionplans.models.response import ExecutiveResponse, today
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
        "supported in part",
        "approved in part",
        "partially",
    ),
    Response.IN_PRINCIPLE: ("accepted in principle", "agreed in principle", "supported in principle"),
    Response.REJECTED: (
        "not accepted",
        "not agreed",
        "not supported",
        "not approved",
        "rejected",
        "declined",
        "refused",
    ),
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
        """As Review.record_responses takes it: the words are the reasons (a
        response that is not Accepted needs them), given once."""
        return ResponsePlan(number=number, response=self.response, reasons=self.words, responded_on=responded_on)

    def is_recorded(self, recorded) -> bool:
        """Whether `recorded` (an ExecutiveResponse, or None) says the same."""
        return recorded is not None and (recorded.response, recorded.reasons) == (self.response, self.words)


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
    labels = [label for _, label in response_choices()]
    listed = ", ".join(labels[:-1]) + f" or {labels[-1]}"
    return (
        f"'{str(value)[:60]}' does not say the executive's response: start the cell with {listed}, then the "
        "executive's words. If the column says what will be done, choose Agreed Action for it instead"
    )


def compare_responses(review, plan, responded_on, preview) -> None:
    """What saving the file's responses would record (preview.review_changes),
    or the problems that stop it, checked as Review.record_responses checks
    them: a date given, not in the future, the report to the executive
    recorded, no change to responses published (the response page keeps
    the reason), and no Rejected for a recommendation with progress."""
    if not plan.responses:
        return
    recorded = {
        answer.recommendation.number: answer
        for answer in ExecutiveResponse.objects.filter(recommendation__review=review).select_related("recommendation")
    }
    changed = _changed(plan, recorded)
    if not changed:
        return
    for problem in _response_problems(review, plan, changed, responded_on):
        preview.problems.append(problem)
    on = f", {day_label(responded_on)}" if responded_on else ""
    for number in changed:
        given = plan.responses[number]
        label = Response(given.response).label
        preview.review_changes.append(f"Executive response to recommendation {number}: {label}{on} ({given.where})")


def _changed(plan, recorded: dict) -> list[int]:
    """The numbers of the recommendations whose response the file changes or gives."""
    return [number for number, given in sorted(plan.responses.items()) if not given.is_recorded(recorded.get(number))]


def _response_problems(review, plan, changed: list[int], responded_on) -> list[Problem]:
    count = len(changed)
    many = f"{count} recommendations" if count > 1 else "a recommendation"
    found = []
    if responded_on is None:
        said = f"The file gives the executive's response to {many}: give its date below"
        found.append(Problem("", said, "responded_on"))
    elif responded_on > today():
        found.append(Problem("", "The date of the executive's response must be today or in the past", "responded_on"))
    if not review.report_to_executive:
        found.append(
            Problem(
                "",
                f"The file gives the executive's response to {many}: record the day the report went to the "
                "executive in the review's details first, or choose Not imported for the column",
                "mapping",
            )
        )
    if review.responses_published:
        found.append(
            Problem(
                "",
                f"The file changes the executive's published response to {many}: change "
                f"{'them' if count > 1 else 'it'} on the review's response page, which keeps the reason",
                "mapping",
            )
        )
    progress = {action.recommendation for action in plan.actions if action.entries}
    for number in changed:
        given = plan.responses[number]
        if given.response == Response.REJECTED and number in progress:
            found.append(
                Problem(
                    given.where,
                    f"recommendation {number} has progress in the file, so it is monitored: it cannot be "
                    "recorded as Rejected",
                )
            )
    return found


def record_responses(review, plan, responded_on, *, by) -> None:
    """Record the responses the file changes or gives, as the clerk's page
    would (by its rules): those recorded already as the file has them are
    left as they are, their dates too."""
    if not plan.responses:
        return
    review.refresh_from_db()
    recorded = {rec.number: response_of(rec) for rec in review.recommendations.select_related("executive_response")}
    given = [plan.responses[number].plan(number, responded_on) for number in _changed(plan, recorded)]
    if not given:
        return
    try:
        review.record_responses(given, by=by, version=review.version)
    except ValidationError as refused:
        # Keyed by the clerk's page's fields ("recommendation-2-response"): said as the import's.
        said = refused.message_dict if hasattr(refused, "error_dict") else {"__all__": refused.messages}
        raise ValidationError(
            [f"The executive's responses: {message}" for messages in said.values() for message in messages]
        ) from None
