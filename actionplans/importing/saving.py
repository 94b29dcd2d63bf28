"""Comparing an ImportedPlan with a review, and saving it.

`compare()` reads the review once (a fixed number of queries, whatever the
file's length) and works out, row by row, what the import would create or
change, building the objects it would save and validating each as the
models do (full_clean, the same rules as the forms). The preview (preview.py) shows
exactly that; `save()` writes exactly that, in bulk, with a history row for
every object, attributed to the clerk with the reason "Imported from FILE".
`compare()` and `import_plan()` are the verbs the pages and the command
call: import_plan() compares again and saves in one transaction, under the
review's lock, and leaves the review's own details to its model
(Review.record_import).

The rules:
- actions match the review's by reference (recommendation number, letter,
  strand); a blank cell in the file leaves the review's value as it is;
- people are matched by name, whatever its case (Owner.objects.named);
  those the system does not know are created (as responsible people
  without logins) only when the clerk asks;
- a round in the file that the review does not have is published only
  when the clerk says it is a past meeting's record (ProgressChoice), with
  the meeting's date they give (or the file's Rounds sheet's): a published
  round of approved updates, marked imported. Or they leave the progress
  out and import the plan alone. Until they say, it is a problem: nothing
  the import creates is published unless the clerk chose it;
- a round the review already has is never changed by an import: its
  updates in the file must be identical to the record, or it is a problem;
  except that a change of an action's responsibility moves the open
  round's update to the new owners, as Action.reassign() does
  (ProgressEntry.objects.following_responsibility());
- a row with no update in it, or reading "No update received" (as the
  Progress Update prints an update the committee did not receive), adds no
  entry: the round carried the action and received nothing;
- the committee's decisions on the new rounds are derived from the tracker
  and published (imported_decisions()); the latest new round is left
  awaiting the committee's decision;
- a recommendation or lettered sub-action new to the review whose text the
  file does not give (a log of numbered actions) takes the text of its
  first action; the council's own references are kept beside ours;
- a "New date" is an accepted revision of the action's target by the clerk
  who imports (TargetRevision), the file's Date staying on record as the
  target before it; the status words' meanings the clerk confirmed are
  remembered for the next import (StatusMeaning).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actionplans import grading, permissions, richtext
from actionplans.importing.details import REVIEW_SHEET
from actionplans.importing.plan import ImportedAction, ImportedPlan, Problem
from actionplans.importing.preview import Change, ImportPreview, NewEntry, PreviewRow, RoundPlan, _Work, reference
from actionplans.models import (
    Action,
    CommitteeDecision,
    EntryResponsibility,
    Owner,
    PlanImport,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    StatusMeaning,
    SubAction,
    TargetRevision,
)
from actionplans.models.common import links_printed, month_label, printed_names, shorten
from actionplans.models.council import current_scale, terms_read_once
from actionplans.models.people import name_key

# The day of the month assumed for an imported round's committee meeting,
# and the deadline for updates assumed before it.
MEETING_DAY = 15
DEADLINE_DAY = 1
# How much of an Agreed Action (or Success Measure) the preview shows.
PREVIEW_CHARS = 80
# simple-history's change reason holds 100 characters on most models.
REASON_MAX_CHARS = 100

ACTION_FIELDS = {
    "owners": "Responsibility",
    "target": "Date",
    "agreed_action": "Agreed Action",
    "success_measure": "Agreed Success Measure",
}
ENTRY_FIELDS = {
    "evidence_of_progress": "Evidence of Progress",
    "grade": "Assessment of Progress",
    "grade_explanation": "Explanation",
    "evidence_of_impact": "Evidence of Impact",
    "owners": "Responsibility",
}


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


# Words that make a name a team or a group, not a person ("Comms Team",
# "All partners"): offered to be created as a role or group.
GROUP_WORDS = re.compile(
    r"\b(teams?|groups?|partners|board|services?|panel|unit|department|partnership|forum|network|officers|"
    r"members|committee|staff|leads)\b",
    re.IGNORECASE,
)


def looks_like_a_group(name: str) -> bool:
    """Whether a name reads as a team or group ("Comms Team", "All partners",
    "Community Safety Partnership") rather than a person."""
    return bool(GROUP_WORDS.search(name) or re.match(r"all\b", name.strip(), re.IGNORECASE))


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


def stored_text(text: str) -> str:
    """Evidence as the product stores it: the file's bullets ('•', '*' or
    '-') become '- ' bullets, line endings become '\\n'. The text itself
    when that changes nothing, not an equal copy: the reading keeps the
    text, so a copy would hold each evidence once more until it is saved."""
    stored = richtext.to_plain(text, bullet="-")
    return text if stored == text else stored


def same_text(a: str, b: str) -> bool:
    return richtext.parse(a or "") == richtext.parse(b or "")


def _validate(obj, row: int, problems: list[Problem], words: dict[str, str]) -> None:
    """full_clean, as the forms do, without the foreign keys (the import set
    them from what it read, and they may point at objects not yet saved)
    and without uniqueness (the comparison keys everything by it): each is a
    query per object."""
    exclude = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        details = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages in details.items():
            label = words.get(name) or (obj._meta.get_field(name).verbose_name.capitalize() if name else "")
            for message in messages:
                problems.append(Problem(f"Row {row}" if row else "", f"{label}: {message}" if label else message))


@terms_read_once()
def import_plan(
    review,
    plan: ImportedPlan,
    *,
    by,
    create_people: bool = False,
    owner_column: str = "",
    progress: ProgressChoice | None = None,
    as_people: frozenset = frozenset(),
) -> PlanImport:
    """Save `plan` into the review: everything the preview (compare()) shows,
    in one transaction, or nothing. Refused (ValidationError, with the
    problems) when the plan has problems, as they are when the review is
    locked. Every history row names `by` and "Imported from FILE"; a
    PlanImport records the import as one change. Returns the PlanImport."""
    permissions.require(by, permissions.IMPORT_PLAN, review)
    with transaction.atomic():
        # One import or round at a time: the comparison is made again
        # under the lock, so that what is saved is what is checked.
        current = Review.objects.select_for_update().get(pk=review.pk)
        preview = compare(
            review, plan, create_people=create_people, owner_column=owner_column, progress=progress, as_people=as_people
        )
        if preview.problems:
            raise ValidationError([str(problem) for problem in preview.problems])
        counts = save(review, preview, by=by)
        if plan.status_meanings:
            StatusMeaning.remember(plan.status_meanings, by=by, reason=f"Imported from {plan.file_name}")
        record = PlanImport(review=review, file_name=plan.file_name[:255], imported_by=by, **counts)
        record.full_clean()
        record.save()
        review.record_import(
            current,
            file_name=plan.file_name,
            action_plan_agreed=preview.work.action_plan_agreed,
            link_officers=preview.work.link_officers,
            by=by,
        )
    return record


@terms_read_once()
def compare(
    review,
    plan: ImportedPlan,
    *,
    create_people: bool = False,
    owner_column: str = "",
    progress: ProgressChoice | None = None,
    as_people: frozenset = frozenset(),
) -> ImportPreview:
    """What importing `plan` (an ImportedPlan, read from a file) into the
    review would create or change, row by row, and the problems that stop
    it: the preview. Changes nothing."""
    preview = ImportPreview(file_name=plan.file_name, problems=list(plan.problems), notes=list(plan.notes))
    work = preview.work = _Work()
    problems = preview.problems

    # What the review has: a fixed number of queries.
    recommendations = {r.number: r for r in Recommendation.objects.filter(review=review)}
    sub_actions = {
        (s.recommendation.number, s.letter): s
        for s in SubAction.objects.filter(recommendation__review=review).select_related("recommendation")
    }
    actions = {
        (a.recommendation.number, a.sub_action.letter if a.sub_action_id else "", a.strand): a
        for a in Action.objects.filter(recommendation__review=review)
        .select_related("recommendation", "sub_action")
        .prefetch_related(Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
    }
    rounds = {r.period: r for r in Round.objects.filter(review=review)}
    recorded = {
        (e.action_id, e.round_id): e
        for e in ProgressEntry.objects.filter(round__review=review).prefetch_related(
            Prefetch("responsibilities", EntryResponsibility.objects.select_related("owner"))
        )
    }
    # By name_key: "neil mitchell" in the file is Neil Mitchell, as the
    # People pages would refuse a second person of that name.
    people = {name_key(o.name): o for o in Owner.objects.named(*plan.people, *(plan.link_officers or ()))}
    # The updates that follow a change of responsibility (the open round's),
    # as Action.reassign() has them follow.
    following = {}
    for e in (
        ProgressEntry.objects.filter(round__review=review)
        .following_responsibility()
        .select_related("round")
        .prefetch_related("responsibilities")
    ):
        following.setdefault(e.action_id, []).append(e)

    # People.
    first_named = {}
    for action in plan.compared:
        for name in action.owners:
            first_named.setdefault(name, action.row)
        for entry in action.entries:
            for name in entry.owners:
                first_named.setdefault(name, entry.row)
    missing = set()
    for name in plan.people:
        key = name_key(name)
        if key in people or key in missing:
            continue
        preview.new_people.append(name)
        group = looks_like_a_group(name) and name not in as_people
        if group:
            preview.new_groups.append(name)
        row = first_named.get(name, 0)
        if create_people:
            owner = Owner(name=name, kind=Owner.Kind.ROLE if group else Owner.Kind.PERSON)
            _validate(owner, row, problems, {"name": "Responsibility"})
            people[key] = owner
            work.owners.append(owner)
        else:
            missing.add(key)
            where = f"{owner_column}{row}" if owner_column else f"Row {row}"
            problems.append(
                Problem(
                    where,
                    f"Nobody called '{name}' is responsible for anything yet: create them, or correct the name.",
                    fix="people",
                )
            )

    _review_details(review, plan, preview, people, create_people)

    # Recommendations and lettered sub-actions.
    first_row, first_text = {}, {}
    for action in plan.compared:
        first_row.setdefault((action.recommendation, ""), action.row)
        first_row.setdefault((action.recommendation, action.letter), action.row)
        first_text.setdefault((action.recommendation, ""), action.agreed_action)
        first_text.setdefault((action.recommendation, action.letter), action.agreed_action)
    numbers = sorted({*plan.recommendations, *(a.recommendation for a in plan.compared)})
    borrowed = []  # the new recommendations and sub-actions that take their action's text
    for number in numbers:
        text = stored_text(plan.recommendations.get(number) or "")
        row = first_row.get((number, ""), 0)
        existing = recommendations.get(number)
        council_reference = plan.council_references.get(number, "")
        if existing is None and not text:
            text = stored_text(first_text.get((number, "")) or "")
            borrowed += [(number, "")] if text else []
        if existing is not None and council_reference and council_reference != existing.council_reference:
            existing.council_reference = council_reference
            if existing not in work.recommendations_changed:
                work.recommendations_changed.append(existing)
                preview.changed_recommendations.append(f"Recommendation {number} (the council's reference)")
        if existing is None:
            if not text:
                problems.append(
                    Problem(
                        f"Row {row}", f"Recommendation {number} is new to this review, and the file has no text for it."
                    )
                )
                continue
            recommendation = Recommendation(
                review=review, number=number, text=text, council_reference=council_reference
            )
            _validate(recommendation, row, problems, {"text": "Recommendation text"})
            recommendations[number] = recommendation
            work.recommendations.append(recommendation)
            preview.new_recommendations.append(f"Recommendation {number}")
        elif text and not same_text(text, existing.text):
            existing.text = text
            _validate(existing, row, problems, {"text": "Recommendation text"})
            if existing not in work.recommendations_changed:
                work.recommendations_changed.append(existing)
                preview.changed_recommendations.append(f"Recommendation {number}")
    letters = sorted({*plan.sub_actions, *((a.recommendation, a.letter) for a in plan.compared if a.letter)})
    for number, letter in letters:
        text = stored_text(plan.sub_actions.get((number, letter)) or "")
        row = first_row.get((number, letter), 0)
        existing = sub_actions.get((number, letter))
        if existing is None and not text:
            text = stored_text(first_text.get((number, letter)) or "")
            borrowed += [(number, letter)] if text else []
        if existing is None:
            if not text:
                problems.append(
                    Problem(f"Row {row}", f"{number} {letter}) is new to this review, and the file has no text for it.")
                )
                continue
            if number not in recommendations:
                continue  # already a problem
            sub_action = SubAction(recommendation=recommendations[number], letter=letter, text=text)
            _validate(sub_action, row, problems, {"text": "Sub-action text", "letter": "Sub-action"})
            sub_actions[(number, letter)] = sub_action
            work.sub_actions.append(sub_action)
            preview.new_sub_actions.append(f"{number} {letter})")
        elif text and not same_text(text, existing.text):
            existing.text = text
            _validate(existing, row, problems, {"text": "Sub-action text"})
            work.sub_actions_changed.append(existing)
            preview.changed_sub_actions.append(f"{number} {letter})")
    preview.warnings += _warnings(plan, borrowed)

    # Rounds: the file's months the review has, and those it will get, as
    # the clerk said (published as a past meeting's record, or left out).
    progress = progress or ProgressChoice()
    unsaid = []
    open_periods = [period for period, round in rounds.items() if round.is_open]
    planned = {}
    for period in plan.periods:
        round = rounds.get(period)
        if round is not None:
            planned[period] = RoundPlan(
                period, round.deadline, round.meeting_date, new=False, illustrative=round.illustrative
            )
            if round.is_open and progress.what == LEAVE_OUT:
                preview.left_out.append(round.label)
            elif round.is_open and progress.what == DRAFTS:
                preview.drafted.append(round.label)
            elif round.is_open:
                problems.append(
                    Problem(
                        "",
                        f"The {round.label} round is open: its updates are the officers' to write. Say that the "
                        "file's progress goes into it as drafts, for the officers to finish, or leave it out.",
                        fix="progress",
                    )
                )
            continue
        if open_periods and period > min(open_periods):
            problems.append(Problem("", f"The file has progress for {month_label(period)}, after the round open now."))
            continue
        label = month_label(period)
        if progress.what == DRAFTS:
            problems.append(
                Problem(
                    "",
                    f"The file has progress for {label}, and only the open round's can come in as drafts: remove "
                    f"{label}'s from the file, or leave the progress out.",
                    fix="progress",
                )
            )
            continue
        if progress.what == LEAVE_OUT:
            preview.left_out.append(label)
            continue
        if progress.what != PAST_RECORD:
            unsaid.append(label)
            continue
        meeting_date = progress.meeting_dates.get(period) or plan.round_dates.get(period, (None, None))[1]
        if meeting_date is None:
            if period not in progress.refused:
                problems.append(
                    Problem(
                        "",
                        f"Enter the date of the committee meeting that received the {label} progress update",
                        fix=meeting_fix(period),
                    )
                )
            continue
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
        _validate(round, 0, problems, {"meeting_date": f"The {label} meeting date", "deadline": "Deadline"})
        rounds[period] = round
        work.rounds.append(round)
        planned[period] = RoundPlan(period, deadline, meeting_date, new=True, illustrative=round.illustrative)
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
    if unsaid:
        problems.insert(
            0,
            Problem(
                "",
                f"The file has progress for {_and(unsaid)}, and the review has no round for "
                f"{'it' if len(unsaid) == 1 else 'them'}: say whether it is a past meeting's record, to be "
                "published as it was, or leave it out and import the plan alone",
                fix="progress",
            ),
        )
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
    preview.rounds = [planned[period] for period in sorted(planned)]

    # Actions, and their updates.
    seen = {}
    positions = {}
    for action in actions.values():
        parent = (action.recommendation.number, action.sub_action.letter if action.sub_action_id else "")
        positions[parent] = max(positions.get(parent, -1), action.position)
    flawed = {id(action) for action in plan.flawed}
    for imported in plan.compared:
        key = imported.key
        if key in seen:
            problems.append(
                Problem(f"Row {imported.row}", f"{reference(key)} is already described in row {seen[key]}.")
            )
            continue
        seen[key] = imported.row
        if imported.recommendation not in recommendations or (
            imported.letter and (imported.recommendation, imported.letter) not in sub_actions
        ):
            continue  # a problem already
        action = actions.get(key)
        owners = [people[key] for key in map(name_key, imported.owners) if key in people]
        joins = _joins(owners, imported.joins)
        if action is None:
            if not imported.owners and not review.is_being_set_up:
                # Review.why_not_confirmable()'s rule, for a plan confirmed
                # already; a draft's check-your-answers page says it.
                where = f"{owner_column}{imported.row}" if owner_column else f"Row {imported.row}"
                problems.append(
                    Problem(
                        where,
                        f"{reference(key)} is a new action of a plan being monitored, and every action needs "
                        "someone responsible for it: write their name in the Responsibility column.",
                    )
                )
            if not imported.success_measure.strip() and not review.is_being_set_up:
                _no_success_measure(imported, plan.columns.get("success_measure", ""), problems)
            row, action = _new_action(
                imported, recommendations, sub_actions, positions, owners, work, problems, id(imported) not in flawed
            )
            action_owners, action_joins = owners, joins
        else:
            row, action_owners, action_joins = _changed_action(
                imported,
                action,
                owners,
                following.get(action.pk, []),
                work,
                problems,
                confirmed=not review.is_being_set_up,
                validate=id(imported) not in flawed,
            )
        row.council_reference = imported.council_reference or plan.council_references.get(imported.recommendation, "")
        if imported.new_target_month:
            _revised_target(imported, action, row, plan, work, problems)
        preview.rows.append(row)
        for entry in imported.entries:
            round = rounds.get(entry.period)
            if round is not None and round.pk and round.is_open and progress.what == DRAFTS:
                _draft(action, round, entry, row, recorded, work, problems, imported)
                continue
            if round is None or (round.pk and round.is_open):
                continue  # a problem already, or left out
            entry_owners = [people[key] for key in map(name_key, entry.owners) if key in people]
            entry_joins = _joins(entry_owners, entry.joins) if entry_owners else action_joins
            entry_owners = entry_owners or action_owners
            received = _has_update(entry)
            if round.pk is None and not received:
                # As the documents print it: a round that carried the action
                # and received no update from it. No entry, as in the round.
                row.updates.append(f"{round.label}: no update received")
                continue
            if round.pk is None:
                new = NewEntry(
                    action=action,
                    round=round,
                    evidence_of_progress=stored_text(entry.evidence_of_progress),
                    grade=entry.grade,
                    grade_explanation=stored_text(entry.grade_explanation),
                    evidence_of_impact=stored_text(entry.evidence_of_impact),
                    owners=tuple(entry_owners),
                    joins=entry_joins,
                )
                _validate(_progress_entry(new), entry.row, problems, ENTRY_FIELDS)
                work.entries.append(new)
                planned[entry.period].updates += 1
                grade = f", {current_scale().label(entry.grade)}" if entry.grade else ""
                row.updates.append(f"{round.label}: added{grade}")
                continue
            # A published round of the review: the committee's record.
            old = recorded.get((action.pk, round.pk))
            differs = _differences(old, entry, received, entry_owners if entry.owners else None)
            if differs:
                problems.append(
                    Problem(
                        f"Row {entry.row}",
                        f"The {round.label} round is published and an import never changes it: this row's "
                        f"{', '.join(differs)} {'differs' if len(differs) == 1 else 'differ'} from the committee's "
                        "record.",
                    )
                )
            else:
                row.updates.append(f"{round.label}: unchanged")
    return _named(plan, preview)


def _named(plan: ImportedPlan, preview: ImportPreview) -> ImportPreview:
    """A Word document's problems and rows named by where they are in it
    ("Table 4 (Recommendation 1 a)), Date"), not by the grid's cells."""
    if plan.places:
        preview.problems[:] = [plan.named(problem) for problem in preview.problems]
        for row in preview.rows:
            row.place = plan.places.get(f"Row {row.row}", "")
    return preview


def _draft(action, round, entry, row, recorded, work, problems, imported) -> None:
    """The file's update as a draft of the open round's update (the clerk
    chose DRAFTS): only where the officers have not started it, and only
    the action's update the round carries."""
    if not _has_update(entry):
        return
    old = recorded.get((action.pk, round.pk)) if action.pk else None
    if old is None:
        problems.append(
            Problem(
                f"Row {entry.row}",
                f"The open {round.label} round does not carry {reference(imported.key)}, so its progress cannot be a "
                "draft there: remove the row's progress, or leave the progress out.",
            )
        )
        return
    if old.status != ProgressEntry.Status.NOT_STARTED:
        problems.append(
            Problem(
                f"Row {entry.row}",
                f"{reference(imported.key)}'s {round.label} update is {old.get_status_display().lower()} already: an "
                "import never overwrites the officers' work. Remove the row's progress, or leave the progress out.",
            )
        )
        return
    old.evidence_of_progress = stored_text(entry.evidence_of_progress)
    old.grade = entry.grade
    old.grade_explanation = stored_text(entry.grade_explanation)
    old.evidence_of_impact = stored_text(entry.evidence_of_impact)
    old.status = ProgressEntry.Status.DRAFT
    old.version += 1
    _validate(old, entry.row, problems, ENTRY_FIELDS)
    work.drafts.append(old)
    grade = f", {current_scale().label(entry.grade)}" if entry.grade else ""
    row.updates.append(f"{round.label} (open): a draft for the officers{grade}")


def _warnings(plan: ImportedPlan, borrowed: list[tuple[int, str]]) -> list[str]:
    """What the clerk should know before confirming: each label of a Word
    paper the import does not read, and what follows from it; and the
    new recommendations and lettered sub-actions that, having no text in
    the file, take their first action's (`borrowed`)."""
    warnings, told = [], set()
    for unread in plan.unread_labels:
        places = list(unread.places[:3]) + ([f"{len(unread.places) - 3} more"] if len(unread.places) > 3 else [])
        warning = f"The label '{unread.label}' ({_and(places)}) is not one the import reads: "
        warning += "what is beside it is left out"
        textless = [(number, "") for number in unread.recommendations if (number, "") in borrowed]
        if textless:
            warning += f", and {_without_text(textless)}"
            told.update(textless)
        warnings.append(f"{warning}.")
    for letters in (False, True):
        rest = [key for key in borrowed if key not in told and bool(key[1]) == letters]
        if rest:
            warnings.append(f"{_without_text(rest)}.")
    return warnings


def _without_text(keys: list[tuple[int, str]]) -> str:
    """'Recommendations 1 and 2 have no text in the file: the
    recommendations will take their actions' text'."""
    one = len(keys) == 1
    if keys[0][1]:
        names = _and([f"{number} {letter})" for number, letter in keys])
        what = "the lettered sub-action" if one else "the lettered sub-actions"
    else:
        names = ("Recommendation " if one else "Recommendations ") + _and([str(number) for number, _ in keys])
        what = "the recommendation" if one else "the recommendations"
    has, whose = ("has", "its action's") if one else ("have", "their actions'")
    return f"{names} {has} no text in the file: {what} will take {whose} text"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


_NO_SUCCESS_MEASURE_COLUMN = Problem(
    "",
    "No column is the Agreed Success Measure, and every new action of a plan being monitored needs one: "
    "add the column to the file, or say which column holds it.",
    fix="mapping",
)


def _no_success_measure(imported: ImportedAction, column: str, problems: list[Problem]) -> None:
    """Review.why_not_confirmable()'s rule for a plan confirmed already (a
    draft's check-your-answers page says it): by the cell, or once for the
    file when it has no such column."""
    if not column:
        if _NO_SUCCESS_MEASURE_COLUMN not in problems:
            problems.append(_NO_SUCCESS_MEASURE_COLUMN)
        return
    problems.append(
        Problem(
            f"{column}{imported.row}",
            f"{reference(imported.key)} is a new action of a plan being monitored, and every action needs an "
            "agreed success measure: write it in the Agreed Success Measure column.",
        )
    )


def _review_details(review, plan: ImportedPlan, preview: ImportPreview, people: dict, create_people: bool) -> None:
    """The review's own details the file gives (the product's export's
    Review sheet): what will change, or the problems that stop it."""
    work, problems = preview.work, preview.problems
    where = f"The {REVIEW_SHEET} sheet"
    if plan.action_plan_agreed and plan.action_plan_agreed != review.action_plan_agreed:
        work.action_plan_agreed = plan.action_plan_agreed
        now = month_label(review.action_plan_agreed) or "not yet agreed"
        preview.review_changes.append(f"action plan agreed: {month_label(plan.action_plan_agreed)} (now {now})")
    if plan.link_officers is None:
        return
    officers = []
    for name in plan.link_officers:
        key = name_key(name)
        owner = people.get(key)
        if owner is None:
            if name not in preview.new_people:
                preview.new_people.append(name)
            if not create_people:
                problems.append(
                    Problem(
                        where,
                        f"Nobody called '{name}' is a link officer yet: create them, or correct the name.",
                        fix="people",
                    )
                )
                continue
            owner = people[key] = Owner(name=name, kind=Owner.Kind.PERSON)
            _validate(owner, 0, problems, {"name": "Link officer/s"})
            work.owners.append(owner)
        elif owner.kind != Owner.Kind.PERSON:
            problems.append(Problem(where, f"{owner.name} is a role or group: a link officer is a person."))
            continue
        officers.append(owner)
    now = review.link_officers_in_order()
    if [o.pk for o in officers] != [o.pk for o in now] or any(o.pk is None for o in officers):
        work.link_officers = officers
        preview.review_changes.append(
            f"link officer/s: {', '.join(o.name for o in officers)}"
            + (f" (now {', '.join(o.name for o in now)})" if now else "")
        )


def _new_action(imported: ImportedAction, recommendations, sub_actions, positions, owners, work, problems, validate):
    parent = (imported.recommendation, imported.letter)
    positions[parent] = positions.get(parent, -1) + 1
    action = Action(
        recommendation=recommendations[imported.recommendation],
        sub_action=sub_actions[parent] if imported.letter else None,
        strand=imported.strand,
        position=positions[parent] if imported.strand else 0,
        target_month=imported.target_month,
        target_text=imported.target_text.strip(),
        agreed_action=stored_text(imported.agreed_action),
        success_measure=stored_text(imported.success_measure),
        council_reference=imported.council_reference,
    )
    if validate:  # a flawed row's cells are named by the reading already
        _validate(action, imported.row, problems, {"target_month": "Date", "agreed_action": "Agreed Action"})
    work.actions.append(action)
    work.responsibilities.append((action, tuple(owners), _joins(owners, imported.joins)))
    row = PreviewRow(
        imported.row,
        reference(imported.key),
        "New action",
        agreed_action=shorten(action.agreed_action, PREVIEW_CHARS),
        owners=list(imported.owners),
        target=action.target_label,
    )
    return row, action


def _changed_action(
    imported: ImportedAction, action, owners, following, work, problems, *, confirmed=False, validate=True
):
    changed, followed, changes = [], [], []
    links = list(action.responsibilities.all())
    now, now_joins = [link.owner for link in links], tuple(link.joined_by for link in links)
    joins = _joins(owners, imported.joins)
    printed = (links_printed(links), printed_names([o.name for o in owners], joins))
    # A new person's pk is None; the same people printed otherwise (" / "
    # for ", ") are a change too: the documents print what the file typed.
    if imported.owners and ([o.pk for o in now] != [o.pk for o in owners] or printed[0] != printed[1]):
        changed.append(ACTION_FIELDS["owners"])
        changes.append(Change(ACTION_FIELDS["owners"], *printed))
        work.responsibilities_removed += links
        work.responsibilities.append((action, tuple(owners), joins))
        now, now_joins = owners, joins
        for entry in following:  # the open round's update is theirs now
            work.entry_responsibilities_removed += list(entry.responsibilities.all())
            for position, owner in enumerate(owners):
                work.entry_responsibilities.append(
                    EntryResponsibility(entry=entry, owner=owner, position=position, joined_by=joins[position])
                )
            followed.append(f"{entry.round.label} (open): its update is theirs now")
    revised_already = imported.new_target_month == action.target_month and not action.target_text
    if (imported.target_month or imported.target_text.strip()) and not revised_already:
        month, text = imported.target_month, imported.target_text.strip()
        if (month, text) != (action.target_month, action.target_text) and confirmed:
            # A confirmed plan's date changes only with a reason, which a
            # file does not give (Action.change_target): refused, not skipped.
            problems.append(
                Problem(
                    f"Row {imported.row}",
                    f"{reference(imported.key)}'s date is {action.target_label} in the plan, and the file says "
                    f"{month_label(month) if month and not text else text}. The plan is confirmed, so its dates "
                    "change only with the reason: change it on the recommendation's page, or put the plan's date "
                    "back in the file.",
                )
            )
        elif (month, text) != (action.target_month, action.target_text):
            changed.append(ACTION_FIELDS["target"])
            before = action.target_label
            action.target_month, action.target_text = month, text
            changes.append(Change(ACTION_FIELDS["target"], before, action.target_label))
    if imported.council_reference and imported.council_reference != action.council_reference:
        changed.append("the council's reference")
        changes.append(Change("The council's reference", action.council_reference, imported.council_reference))
        action.council_reference = imported.council_reference
    for name in ("agreed_action", "success_measure"):
        value = stored_text(getattr(imported, name))
        if value and not same_text(value, getattr(action, name)):
            changed.append(ACTION_FIELDS[name])
            changes.append(
                Change(
                    ACTION_FIELDS[name],
                    shorten(getattr(action, name), PREVIEW_CHARS),
                    shorten(value, PREVIEW_CHARS),
                )
            )
            setattr(action, name, value)
    if changed and validate:
        _validate(action, imported.row, problems, {"target_month": "Date", "agreed_action": "Agreed Action"})
        work.actions_changed.append(action)
    row = PreviewRow(
        imported.row,
        reference(imported.key),
        f"Changed: {', '.join(changed)}" if changed else "Unchanged",
        updates=followed,
        agreed_action=shorten(action.agreed_action, PREVIEW_CHARS),
        owners=[o.name for o in now],
        target=action.target_label,
        changes=changes,
    )
    return row, now, now_joins


def _revised_target(imported: ImportedAction, action, row: PreviewRow, plan: ImportedPlan, work, problems) -> None:
    """The file's "New date" for the action: an accepted revision of its
    target (the governed rule of actionplans.models.targets), the Date
    before it kept on record; nothing where the action has that date now."""
    new = imported.new_target_month
    if action.target_month == new and not action.target_text:
        return
    if action.pk and (action.target_month, action.target_text) != (imported.target_month, imported.target_text.strip()):
        return  # the Date itself differs: a change (or a problem) already
    periods = [entry.period for entry in imported.entries]
    revision = TargetRevision(
        action=action,
        target_before=action.target_month,
        target_before_text=action.target_text,
        target_month=new,
        reason=f"The new date in {plan.file_name}, row {imported.row}"[:REASON_MAX_CHARS],
        status=TargetRevision.Status.ACCEPTED,
        # The first progress update that prints it: the file's round, else the plan's first.
        applies_from=max(periods) if periods else (action.target_month or new),
    )
    _validate(revision, imported.row, problems, {"target_month": "New date"})
    before = action.target_label
    action.target_month, action.target_text = new, ""
    work.target_revisions.append(revision)
    if action.pk and action not in work.actions_changed:
        work.actions_changed.append(action)
    row.changes.append(Change("Date", before, f"{action.target_label} (a revision, with the new date's reason)"))
    row.target = f"{action.target_label} (revised; originally {before})"
    if row.what == "Unchanged":
        row.what = "Changed: Date"


def _joins(owners, typed: dict[str, str]) -> tuple[str, ...]:
    """What the file typed before each of `owners` (" / ", "\n"; `typed`
    by name_key), the lead's blank: as the documents will print them."""
    return tuple("" if index == 0 else typed.get(name_key(owner.name), "") for index, owner in enumerate(owners))


def _has_update(entry) -> bool:
    """Whether the file's row says anything for the round: one with no
    evidence and no grade (or reading "No update received", as the Progress
    Update prints it) is an update the committee did not receive."""
    progress = entry.evidence_of_progress.strip()
    if progress.casefold() == grading.NO_UPDATE_RECEIVED.casefold():
        progress = ""
    return bool(progress or entry.grade or entry.evidence_of_impact.strip())


def _differences(old, entry, received: bool, owners) -> list[str]:
    """What in the file's update differs from the published `old` one."""
    if not received:
        return [] if old is None or not old.is_received else ["update"]
    if old is None or not old.is_received:
        return ["update"]
    differs = []
    for name, label in ENTRY_FIELDS.items():
        if name == "owners":
            if owners is not None and [link.owner_id for link in old.responsibilities.all()] != [o.pk for o in owners]:
                differs.append(label)
        elif name == "grade":
            if entry.grade != old.grade:
                differs.append(label)
        elif not same_text(getattr(entry, name), getattr(old, name)):
            differs.append(label)
    return differs


# How many objects of a kind are saved, with their history rows, in one
# go. Saving them all at once held every object's history row, and every
# update's ProgressEntry, its responsibilities and its decision, in memory
# together: a 50,000-row tracker's import peaked at 780 MB. In batches, what
# the save adds to the preview's own size does not grow with the file, for a
# few more queries a batch: the same number for every file up to 2,500
# updates, and a handful more for each 2,500 after.
BATCH = 2500


def _batches(objs, size: int | None = BATCH):
    """`objs` in lists of `size` (None: all in one)."""
    size = size or len(objs) or 1
    for start in range(0, len(objs), size):
        yield objs[start : start + size]


def _progress_entry(new: NewEntry) -> ProgressEntry:
    """The ProgressEntry a new round's update (compare()'s NewEntry) is saved as."""
    return ProgressEntry(
        action=new.action,
        round=new.round,
        evidence_of_progress=new.evidence_of_progress,
        grade=new.grade,
        grade_explanation=new.grade_explanation,
        evidence_of_impact=new.evidence_of_impact,
        status=ProgressEntry.Status.APPROVED,
        version=1,
    )


def save(review, preview: ImportPreview, *, by) -> dict[str, int]:
    """Write what `preview` found, in bulk (BATCH objects at a time), with
    the history of every object: the caller holds the transaction. Returns
    the counts."""
    work = preview.work
    reason = f"Imported from {preview.file_name}"[:REASON_MAX_CHARS]
    when = timezone.now()
    history = {"default_user": by, "default_change_reason": reason, "default_date": when}

    def create(objs, model, size=BATCH):
        for batch in _batches(objs, size):
            # bulk_create copies the keys of the related objects saved just
            # before onto each object's ids, before the history reads them.
            bulk_create_with_history(batch, model, **history)

    def update(objs, model, fields):
        for batch in _batches(objs):
            bulk_update_with_history(batch, model, fields, **history)

    create(work.owners, Owner)
    create(work.recommendations, Recommendation)
    update(work.recommendations_changed, Recommendation, ["text", "council_reference"])
    create(work.sub_actions, SubAction)
    update(work.sub_actions_changed, SubAction, ["text"])
    create(work.actions, Action)
    update(
        work.actions_changed,
        Action,
        ["target_month", "target_text", "agreed_action", "success_measure", "council_reference"],
    )
    for revision in work.target_revisions:
        revision.proposed_by = revision.decided_by = by
        revision.proposed_at = revision.decided_at = when
    create(work.target_revisions, TargetRevision)
    if work.responsibilities_removed:
        _delete_with_history(work.responsibilities_removed, Responsibility, **history)
    for batch in _batches(work.responsibilities):
        create(
            [
                Responsibility(action=action, owner=owner, position=position, joined_by=joins[position])
                for action, owners, joins in batch
                for position, owner in enumerate(owners)
            ],
            Responsibility,
            size=None,  # a few to an action, so as bounded as the batch of actions
        )
    decided = _decided_rounds(work.rounds)
    for round in decided:
        round.decisions_published_at, round.decisions_published_by, round.decisions_version = when, by, 1
    for round in work.rounds:
        round.keep_terms()  # a past meeting's record, published as the council's terms stand
    create(work.rounds, Round)
    # The new rounds' updates, a batch at a time: each batch's
    # ProgressEntries, then the committee's decisions on them and who was
    # responsible for each, so that no more than a batch is in memory.
    latest = latest_periods(work.entries)
    for batch in _batches(work.entries):
        entries = [_progress_entry(new) for new in batch]
        ProgressEntry.grade_by_meaning(entries)
        create(entries, ProgressEntry)
        create(imported_decisions(entries, decided, latest), CommitteeDecision)
        create(
            [
                EntryResponsibility(entry=entry, owner=owner, position=position, joined_by=new.joins[position])
                for entry, new in zip(entries, batch, strict=True)
                for position, owner in enumerate(new.owners)
            ],
            EntryResponsibility,
            size=None,  # a few to an update, so as bounded as the batch of updates
        )
    ProgressEntry.grade_by_meaning(work.drafts)
    update(work.drafts, ProgressEntry, [*ProgressEntry.CONTENT_FIELDS, "level", "status", "version"])
    if work.entry_responsibilities_removed:
        _delete_with_history(work.entry_responsibilities_removed, EntryResponsibility, **history)
    create(work.entry_responsibilities, EntryResponsibility)
    # Each past meeting's record is kept as the public pages give it, once this commits.
    for round in work.rounds:
        round.keep_public_copy(by=by)
    return {
        "actions_created": preview.actions_created,
        "actions_changed": preview.actions_changed,
        "rounds_created": preview.rounds_created,
        "entries_created": preview.entries_created,
        "people_created": len(work.owners),
    }


NOT_CARRIED = "Not carried into the next round of the imported tracker"


def _decided_rounds(rounds) -> list:
    """The new rounds whose committee decisions the tracker shows: every one
    but the latest, which awaits the committee."""
    return sorted(rounds, key=lambda round: round.period)[:-1]


def latest_periods(entries) -> dict[int, datetime.date]:
    """The month of each action's latest new update (compare()'s NewEntry
    or ProgressEntry), by id() of the action: whether a round's update was
    carried into a later round of the file."""
    latest = {}
    for entry in entries:
        key, period = id(entry.action), entry.round.period
        if key not in latest or period > latest[key]:
            latest[key] = period
    return latest


def imported_decisions(entries, decided, latest: dict[int, datetime.date]) -> list:
    """The committee's decisions on each action with an update in a `decided`
    round, as the tracker shows them: in a later round of the file (`latest`,
    latest_periods() of all the new updates), it was carried forward (kept
    open, if graded 1); absent from every later round, signed off if graded
    1, else closed ("Not carried into the next round of the imported
    tracker")."""
    decided = {id(round) for round in decided}
    decisions = []
    for entry in entries:
        if id(entry.round) not in decided:
            continue
        later = latest[id(entry.action)] > entry.round.period
        achieved = entry.grade == grading.SIGNS_OFF
        if later:
            decision, reason = (grading.Decision.KEPT_OPEN if achieved else grading.Decision.CARRIED), ""
        else:
            decision, reason = (grading.Decision.SIGNED_OFF, "") if achieved else (grading.Decision.CLOSED, NOT_CARRIED)
        decisions.append(
            CommitteeDecision(
                action=entry.action,
                round=entry.round,
                decision=decision,
                reason=reason,
                meeting_date=entry.round.meeting_date,
            )
        )
    return decisions


def _delete_with_history(objs, model, *, default_user, default_change_reason, default_date):
    """Delete `objs` in one query, with a '-' history row for each (what
    simple-history records for a delete one by one)."""
    history_model = model.history.model
    history_model.objects.bulk_create(
        [
            history_model(
                history_date=default_date,
                history_user=default_user,
                history_change_reason=default_change_reason,
                history_type="-",
                **{f.attname: getattr(obj, f.attname) for f in history_model.tracked_fields},
            )
            for obj in objs
        ]
    )
    model.objects.filter(pk__in=[obj.pk for obj in objs]).delete()
