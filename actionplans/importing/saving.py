"""Importing an ImportedPlan into a review, and saving it.

`compare()` (comparing.py) works out what the import would create or
change, and the problems that stop it: the preview. `save()` writes exactly
that, in bulk, with a history row for every object, attributed to the
clerk with the reason "Imported from FILE". `compare()` and
`import_plan()` are the verbs the pages and the command call, here:
import_plan() compares again and saves in one transaction, under the
review's lock, and leaves the review's own details to its model
(Review.record_import). The rules of the comparison are comparing.py's;
what the file shows of each new round's carry-forward (imported_decisions():
decisions read from the papers, with no meeting) is written here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actionplans import grading, permissions
from actionplans.importing import grades
from actionplans.importing.checking import REASON_MAX_CHARS, _progress_entry, collector_paused
from actionplans.importing.comparing import compare, looks_like_a_group, looks_like_a_role
from actionplans.importing.plan import ImportedPlan
from actionplans.importing.preview import ImportPreview
from actionplans.importing.responses import record_responses
from actionplans.importing.rounds import (
    DRAFTS,
    LEAVE_OUT,
    PAST_RECORD,
    ProgressChoice,
    meeting_fix,
    new_periods,
    open_round_in,
)
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
    Standing,
    StatusMeaning,
    SubAction,
    TargetRevision,
)
from actionplans.models.council import PROGRESS, PROPOSES_SIGN_OFF, GradingScale, ScaleGrade, terms_read_once

# What the pages, the command and the tests call here, wherever it is made.
__all__ = [
    "DRAFTS",
    "LEAVE_OUT",
    "PAST_RECORD",
    "ProgressChoice",
    "compare",
    "import_plan",
    "imported_decisions",
    "latest_periods",
    "looks_like_a_group",
    "looks_like_a_role",
    "meeting_fix",
    "new_periods",
    "open_round_in",
    "save",
]


@terms_read_once()
@collector_paused()
def import_plan(
    review,
    plan: ImportedPlan,
    *,
    by,
    create_people: bool = False,
    owner_column: str = "",
    progress: ProgressChoice | None = None,
    as_people: frozenset = frozenset(),
    responded_on=None,
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
        # The council's grades and the review's own, as another import may have made them.
        GradingScale.objects.lock_current(PROGRESS)
        GradingScale.objects.lock_current(PROGRESS, review)
        preview = compare(
            review,
            plan,
            create_people=create_people,
            owner_column=owner_column,
            progress=progress,
            as_people=as_people,
            responded_on=responded_on,
        )
        if preview.problems:
            raise ValidationError([str(problem) for problem in preview.problems])
        # The council's grades as the file gives them, where it grades an
        # update the import saves: progress left out changes no scale.
        graded = any(new.grade_key for new in preview.work.entries) or any(preview.work.draft_grades)
        levels = grades.ScaleToBe.of(plan, current).make(plan, by=by) if graded else {}
        counts = save(review, preview, by=by, levels=levels)
        remembered = {key: (a.word, a.level.rank) for key, a in plan.status_meanings.items() if a.level}
        if remembered and graded:
            StatusMeaning.remember(remembered, by=by, reason=f"Imported from {plan.file_name}")
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
        record_responses(review, plan, responded_on, by=by)
    return record


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


def save(review, preview: ImportPreview, *, by, levels: dict) -> dict[str, int]:
    """Write what `preview` found, in bulk (BATCH objects at a time), with
    the history of every object: the caller holds the transaction. `levels`:
    the grade each of the file's grades is given as (grades.ScaleToBe.make).
    Returns the counts."""
    work = preview.work
    reason = f"Imported from {preview.file_name}"[:REASON_MAX_CHARS]
    when = timezone.now()
    history = {"default_user": by, "default_change_reason": reason, "default_date": when}
    _save_plan(work, by, when, history)
    _save_rounds(work, by, when, history, levels)
    _save_open_round(work, history, levels)
    # Each past meeting's record: its standing, as publication writes it,
    # and its public copy as the public pages give it, once this commits.
    Standing.objects.write(work.rounds, by=by, reason=reason)
    for round in work.rounds:
        round.keep_public_copy(by=by)
    return {
        "actions_created": preview.actions_created,
        "actions_changed": preview.actions_changed,
        "rounds_created": preview.rounds_created,
        "entries_created": preview.entries_created,
        "people_created": len(work.owners),
    }


def _create(objs, model, history: dict, size=BATCH) -> None:
    """Create `objs` with their history rows, `size` at a time."""
    for batch in _batches(objs, size):
        # bulk_create copies the keys of the related objects saved just
        # before onto each object's ids, before the history reads them.
        bulk_create_with_history(batch, model, **history)


def _update(objs, model, fields: list[str], history: dict) -> None:
    """Save `fields` of `objs` with their history rows, BATCH at a time."""
    for batch in _batches(objs):
        bulk_update_with_history(batch, model, fields, **history)


def _save_plan(work, by, when, history: dict) -> None:
    """The plan itself: the people, recommendations, lettered sub-actions
    and actions new or changed, the accepted revisions of their dates (by
    the clerk who imports), and who is responsible for each action."""
    _create(work.owners, Owner, history)
    _create(work.recommendations, Recommendation, history)
    _update(work.recommendations_changed, Recommendation, ["text", "council_reference"], history)
    _create(work.sub_actions, SubAction, history)
    _update(work.sub_actions_changed, SubAction, ["text"], history)
    _create(work.actions, Action, history)
    _update(
        work.actions_changed,
        Action,
        ["target_month", "target_text", "target_day", "agreed_action", "success_measure", "council_reference"],
        history,
    )
    for revision in work.target_revisions:
        revision.proposed_by = revision.decided_by = by
        revision.proposed_at = revision.decided_at = when
    _create(work.target_revisions, TargetRevision, history)
    if work.responsibilities_removed:
        _delete_with_history(work.responsibilities_removed, Responsibility, **history)
    for batch in _batches(work.responsibilities):
        _create(
            [
                Responsibility(action=action, owner=owner, position=position, joined_by=joins[position])
                for action, owners, joins in batch
                for position, owner in enumerate(owners)
            ],
            Responsibility,
            history,
            size=None,  # a few to an action, so as bounded as the batch of actions
        )


def _save_rounds(work, by, when, history: dict, levels: dict) -> None:
    """The new rounds, each a past meeting's record published as the
    council's terms stand, with what the file shows was carried from every
    one but the latest (published, so that the rules carry forward what
    the papers did and no historic round awaits the committee); then their updates, a batch at a time: each batch's
    ProgressEntries, the committee's decisions on them and who was
    responsible for each, so that no more than a batch is in memory."""
    decided = _decided_rounds(work.rounds)
    for round in decided:
        round.decisions_published_at, round.decisions_published_by, round.decisions_version = when, by, 1
    for round in work.rounds:
        round.keep_terms()
    _create(work.rounds, Round, history)
    latest = latest_periods(work.entries)
    # The grades the file's words became, as given, for the rule on each.
    given = {grade.pk: grade.level() for grade in ScaleGrade.objects.filter(pk__in=set(levels.values()))}
    for batch in _batches(work.entries):
        entries = [_progress_entry(new, levels) for new in batch]
        _create(entries, ProgressEntry, history)
        _create(imported_decisions(entries, decided, latest, given), CommitteeDecision, history)
        _create(
            [
                EntryResponsibility(entry=entry, owner=owner, position=position, joined_by=new.joins[position])
                for entry, new in zip(entries, batch, strict=True)
                for position, owner in enumerate(new.owners)
            ],
            EntryResponsibility,
            history,
            size=None,  # a few to an update, so as bounded as the batch of updates
        )


def _save_open_round(work, history: dict, levels: dict) -> None:
    """The open round's updates the file drafts, and the updates that follow
    a change of responsibility to their new owners."""
    for draft, key in zip(work.drafts, work.draft_grades, strict=True):
        draft.level_id = levels.get(key) if key else None
    _update(work.drafts, ProgressEntry, [*ProgressEntry.CONTENT_FIELDS, "level", "status", "version"], history)
    if work.entry_responsibilities_removed:
        _delete_with_history(work.entry_responsibilities_removed, EntryResponsibility, **history)
    _create(work.entry_responsibilities, EntryResponsibility, history)


# The reason a closed decision must give (CommitteeDecision's constraint).
NOT_CARRIED = "Not carried into the next of the imported papers"


def _decided_rounds(rounds) -> list:
    """The new rounds whose carry-forward the file shows: every one but the
    latest, which awaits the committee."""
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


def imported_decisions(entries, decided, latest: dict[int, datetime.date], given: dict) -> list:
    """What the file shows of each action with an update in a `decided`
    round, as decisions for the rules to read: in a later round of the file
    (`latest`, latest_periods() of all the new updates), it was carried
    forward (kept open, if its grade proposes sign-off: `given`, the grades
    given by id); absent from every later round, signed off if so, else
    closed (NOT_CARRIED). The papers give no meeting that decided it, so
    none is recorded (CommitteeDecision.from_papers)."""
    decided = {id(round) for round in decided}
    decisions = []
    for entry in entries:
        if id(entry.round) not in decided:
            continue
        later = latest[id(entry.action)] > entry.round.period
        achieved = PROPOSES_SIGN_OFF.of(given.get(entry.level_id))
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
                meeting_date=None,
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
