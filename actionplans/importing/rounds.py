"""The file's months as the review's rounds: the clerk's answer about the
progress for months the review has no round for (ProgressChoice), and the
comparison's step that plans each month's round (plan_rounds()).

A round the review already has is kept as it is; a month it has not is a
round published as a past meeting's record only when the clerk says so,
on the meeting date they give (or the file's Rounds sheet's). Until they
say, it is a problem: nothing the import creates is published unless the
clerk chose it."""

import datetime
from dataclasses import dataclass, field

from actionplans.importing.checking import _and, _validate
from actionplans.importing.plan import ImportedPlan, Problem
from actionplans.importing.preview import ImportPreview, RoundPlan
from actionplans.models import Round
from actionplans.models.common import month_label

# The day of the month assumed for an imported round's committee meeting,
# and the deadline for updates assumed before it.
MEETING_DAY = 15
DEADLINE_DAY = 1


def assumed_dates(period: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The deadline and meeting date of a round the product's export names
    without its Rounds sheet (the template's example)."""
    return period.replace(day=DEADLINE_DAY), period.replace(day=MEETING_DAY)


# What the file's progress for months the review has no round for is, as
# the clerk says on the preview (or the command's options).
PAST_RECORD, DRAFTS, LEAVE_OUT = "record", "drafts", "leave"


@dataclass
class ProgressChoice:
    """The clerk's answer: a past meeting's record (published as it was,
    marked imported, on the meeting date given for each month), drafts in
    the open round (for its month's progress: the officers finish and submit
    them), or left out; "" while they have not said."""

    what: str = ""
    meeting_dates: dict[datetime.date, datetime.date] = field(default_factory=dict)  # round's month -> meeting
    # Months whose meeting date was typed wrong: the form says so at the field.
    refused: frozenset = frozenset()


def meeting_fix(period: datetime.date) -> str:
    """Problem.fix of a round's missing meeting date: its field on the preview."""
    return f"meeting:{period:%Y-%m}"


def new_periods(review, plan: ImportedPlan) -> list[datetime.date]:
    """The months of the file's progress the review has no round for: what
    the clerk is asked about, with each one's meeting date. One query."""
    have = set(Round.objects.filter(review=review).values_list("period", flat=True))
    return [period for period in plan.periods if period not in have]


def open_round_in(review, plan: ImportedPlan):
    """The review's open round, if the file has progress for its month: its
    updates may come in as drafts. One query."""
    return Round.objects.filter(review=review, status=Round.Status.OPEN, period__in=plan.periods).first()


FIELD_NAMES = {"deadline": "deadline", "meeting_date": "meeting date"}


def _illustrative_dates(plan: ImportedPlan, period: datetime.date, dates: tuple) -> list[str]:
    """The round's dates the file's Rounds sheet marks illustrative, where
    the round takes them from the sheet (not a date the clerk typed)."""
    from_sheet = plan.round_dates.get(period, (None, None))
    marked = plan.round_illustrative.get(period, [])
    return [
        name
        for name, date, sheet in zip(("deadline", "meeting_date"), dates, from_sheet, strict=True)
        if name in marked and date == sheet
    ]


def _round_deadline(plan: ImportedPlan, period: datetime.date, meeting_date: datetime.date) -> datetime.date:
    """The file's Rounds sheet's deadline, else the round's month's first
    day (a meeting before it: the meeting's day), as updates were due by."""
    if period in plan.round_dates:
        return plan.round_dates[period][0]
    return min(period.replace(day=DEADLINE_DAY), meeting_date)


def plan_rounds(
    review, plan: ImportedPlan, rounds: dict, progress: ProgressChoice, preview: ImportPreview
) -> dict[datetime.date, RoundPlan]:
    """The round of each of the file's months: the review's own, or a new
    one as the clerk said (published as a past meeting's record, or left
    out). The new rounds join `rounds` (by month); the plans, by month, are
    also the preview's list of rounds, whose updates the actions count."""
    unsaid = []
    open_periods = [period for period, round in rounds.items() if round.is_open]
    planned = {}
    for period in plan.periods:
        round = rounds.get(period)
        if round is not None:
            planned[period] = RoundPlan(
                period, round.deadline, round.meeting_date, new=False, illustrative=round.illustrative
            )
            _review_has_round(round, progress, preview)
        elif open_periods and period > min(open_periods):
            preview.problems.append(
                Problem("", f"The file has progress for {month_label(period)}, after the round open now.")
            )
        else:
            meeting_date = _meeting_date_said(plan, period, progress, preview, unsaid)
            if meeting_date is not None:
                round = rounds[period] = _new_round(review, plan, period, meeting_date, preview)
                planned[period] = RoundPlan(
                    period, round.deadline, meeting_date, new=True, illustrative=round.illustrative
                )
    _ask_what_the_progress_is(unsaid, preview)
    _say_what_is_published(preview)
    preview.rounds = [planned[period] for period in sorted(planned)]
    return planned


def _review_has_round(round, progress: ProgressChoice, preview: ImportPreview) -> None:
    """A month the review has a round for: nothing to do unless it is the
    open round, whose updates are the officers' to write, so the clerk
    says whether the file's progress goes into it as drafts or is left out."""
    if round.is_open and progress.what == LEAVE_OUT:
        preview.left_out.append(round.label)
    elif round.is_open and progress.what == DRAFTS:
        preview.drafted.append(round.label)
    elif round.is_open:
        preview.problems.append(
            Problem(
                "",
                f"The {round.label} round is open: its updates are the officers' to write. Say that the "
                "file's progress goes into it as drafts, for the officers to finish, or leave it out.",
                fix="progress",
            )
        )


def _meeting_date_said(
    plan: ImportedPlan, period: datetime.date, progress: ProgressChoice, preview: ImportPreview, unsaid: list
) -> datetime.date | None:
    """The meeting date of a month the review has no round for, where the
    clerk said its progress is a past meeting's record: the date they gave,
    else the file's Rounds sheet's. None, and the month left out, asked
    about (`unsaid`) or named as a problem, otherwise."""
    label = month_label(period)
    if progress.what == DRAFTS:
        preview.problems.append(
            Problem(
                "",
                f"The file has progress for {label}, and only the open round's can come in as drafts: remove "
                f"{label}'s from the file, or leave the progress out.",
                fix="progress",
            )
        )
        return None
    if progress.what == LEAVE_OUT:
        preview.left_out.append(label)
        return None
    if progress.what != PAST_RECORD:
        unsaid.append(label)
        return None
    meeting_date = progress.meeting_dates.get(period) or plan.round_dates.get(period, (None, None))[1]
    if meeting_date is None and period not in progress.refused:
        preview.problems.append(
            Problem(
                "",
                f"Enter the date of the committee meeting that received the {label} progress update",
                fix=meeting_fix(period),
            )
        )
    return meeting_date


def _new_round(review, plan: ImportedPlan, period: datetime.date, meeting_date, preview: ImportPreview) -> Round:
    """The round published as the record of the meeting on `meeting_date`,
    marked imported, and what the preview says of it: where its dates come
    from when they are not the council's papers'."""
    label = month_label(period)
    deadline = _round_deadline(plan, period, meeting_date)
    round = Round(
        review=review,
        period=period,
        deadline=deadline,
        meeting_date=meeting_date,
        status=Round.Status.PUBLISHED,
        imported=True,
        illustrative=_illustrative_dates(plan, period, (deadline, meeting_date)),
    )
    _validate(round, 0, preview.problems, {"meeting_date": f"The {label} meeting date", "deadline": "Deadline"})
    preview.work.rounds.append(round)
    preview.publishing.append(
        f"The {label} round will be published as the record of the meeting on {meeting_date:%-d %B %Y}, "
        "marked imported."
    )
    if round.illustrative:
        preview.notes.append(
            f"The {label} round's {' and '.join(FIELD_NAMES[name] for name in round.illustrative)} come in "
            "marked illustrative, as the file's Rounds sheet marks them: not from the council's papers."
        )
    if period not in plan.round_dates:
        preview.notes.append(
            f"The {label} round's deadline for updates is taken as {deadline:%-d %B %Y}: the file does not "
            "say. This service's Excel export carries each round's real dates in its Rounds sheet."
        )
    return round


def _ask_what_the_progress_is(unsaid: list[str], preview: ImportPreview) -> None:
    """The first problem, while the clerk has not said what the progress for
    the months the review has no round for is."""
    if unsaid:
        preview.problems.insert(
            0,
            Problem(
                "",
                f"The file has progress for {_and(unsaid)}, and the review has no round for "
                f"{'it' if len(unsaid) == 1 else 'them'}: say whether it is a past meeting's record, to be "
                "published as it was, or leave it out and import the plan alone",
                fix="progress",
            ),
        )


def _say_what_is_published(preview: ImportPreview) -> None:
    """The preview's first line when no round is published: that nothing
    is, and where the file's progress goes instead."""
    if not preview.publishing:
        preview.publishing.append(
            "Nothing will be published."
            + (f" The file's progress for {_and(preview.left_out)} is left out." if preview.left_out else "")
            + (
                f" The file's progress for {_and(preview.drafted)} goes into the open round as drafts, for the "
                "officers to finish and submit."
                if preview.drafted
                else ""
            )
        )
