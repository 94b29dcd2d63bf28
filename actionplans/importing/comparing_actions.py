"""The comparison's last step: each of the file's actions compared with the
review's (compare_actions()), and each of its updates with the round it
is for.

An action matches the review's by reference (recommendation number,
letter, strand); a blank cell leaves the review's value as it is. A new
round's update is added; one the round received nothing for adds no entry;
a published round's must be identical to the committee's record; the open
round's may come in as the officers' drafts, where the clerk says so. A
change of an action's responsibility moves the open round's update to the
new owners, as Action.reassign() does. A "New date" is an accepted
revision of the action's target (TargetRevision)."""

import functools

from actionplans.importing import grades
from actionplans.importing.checking import (
    ACTION_FIELDS,
    ENTRY_FIELDS,
    PREVIEW_CHARS,
    REASON_MAX_CHARS,
    _has_update,
    _joins,
    _progress_entry,
    _validate,
    same_text,
    stored_text,
)
from actionplans.importing.plan import ImportedAction, ImportedPlan, Problem
from actionplans.importing.preview import Change, ImportPreview, NewEntry, PreviewRow, reference
from actionplans.importing.rounds import DRAFTS, ProgressChoice
from actionplans.models import Action, EntryResponsibility, ProgressEntry, TargetRevision
from actionplans.models.common import day_label, links_printed, month_label, printed_names, shorten
from actionplans.models.people import name_key


def compare_actions(
    review, plan: ImportedPlan, held, planned: dict, progress: ProgressChoice, preview: ImportPreview, owner_column: str
) -> None:
    """Each of the file's actions, new or changed, and its updates: a row of
    the preview each, the objects to save in preview.work. `held` is what
    the review has (comparing.Held), its recommendations and rounds with
    those the file adds; `planned` the rounds' plans, whose new updates
    each counts."""
    seen = {}
    positions = _last_positions(held.actions)
    flawed = {id(action) for action in plan.flawed}
    for imported in plan.compared:
        key = imported.key
        if key in seen:
            preview.problems.append(
                Problem(f"Row {imported.row}", f"{reference(key)} is already described in row {seen[key]}.")
            )
            continue
        seen[key] = imported.row
        if imported.recommendation not in held.recommendations or (
            imported.letter and (imported.recommendation, imported.letter) not in held.sub_actions
        ):
            continue  # a problem already
        validate = id(imported) not in flawed
        row, action, owners, joins = _compare_action(
            review, plan, imported, held, positions, preview, owner_column, validate
        )
        row.council_reference = imported.council_reference or plan.council_references.get(imported.recommendation, "")
        if imported.new_target_month:
            _revised_target(imported, action, row, plan, preview.work, preview.problems)
        preview.rows.append(row)
        responsible = (tuple(owners), joins)  # once, for every update of the action's that names nobody
        for entry in imported.entries:
            _compare_update(imported, entry, action, row, responsible, held, planned, progress, preview)


def _last_positions(actions: dict) -> dict[tuple[int, str], int]:
    """The last strand's position under each recommendation or lettered
    sub-action of the review: a new strand goes after it."""
    positions = {}
    for action in actions.values():
        parent = (action.recommendation.number, action.sub_action.letter if action.sub_action_id else "")
        positions[parent] = max(positions.get(parent, -1), action.position)
    return positions


def _compare_action(review, plan, imported: ImportedAction, held, positions, preview, owner_column, validate):
    """The file's action as a new action, or the review's as the file changes
    it: its preview row, the Action, and who is responsible for it now
    (Owners and what the file typed before each), whose updates are theirs
    where a row names nobody."""
    work, problems = preview.work, preview.problems
    owners = [held.people[key] for key in map(name_key, imported.owners) if key in held.people]
    action = held.actions.get(imported.key)
    if action is not None:
        row, now, now_joins = _changed_action(
            imported,
            action,
            owners,
            held.following.get(action.pk, []),
            work,
            problems,
            confirmed=not review.is_being_set_up,
            validate=validate,
        )
        return row, action, now, now_joins
    if not review.is_being_set_up:
        _new_action_needs(imported, plan, problems, owner_column)
    row, action = _new_action(
        imported, held.recommendations, held.sub_actions, positions, owners, work, problems, validate
    )
    return row, action, owners, _joins(owners, imported.joins)


def _new_action_needs(imported: ImportedAction, plan: ImportedPlan, problems: list[Problem], owner_column: str) -> None:
    """Review.why_not_confirmable()'s rules, for a new action of a plan
    confirmed already (a draft's check-your-answers page says them):
    someone responsible for it, and an agreed success measure."""
    if not imported.owners:
        where = f"{owner_column}{imported.row}" if owner_column else f"Row {imported.row}"
        problems.append(
            Problem(
                where,
                f"{reference(imported.key)} is a new action of a plan being monitored, and every action needs "
                "someone responsible for it: write their name in the Responsibility column.",
            )
        )
    if not imported.success_measure.strip():
        _no_success_measure(imported, plan.columns.get("success_measure", ""), problems)


def _compare_update(imported, entry, action, row, responsible, held, planned, progress, preview) -> None:
    """One of the action's updates in the file, by the round it is for: a
    draft of the open round's (where the clerk chose drafts), a new round's
    update (or none received), or a published round's, which must be the
    committee's record. `responsible` is who is responsible for the action
    (Owners, joins): the update's, where its row names nobody."""
    round = held.rounds.get(entry.period)
    if round is not None and round.pk and round.is_open and progress.what == DRAFTS:
        _draft(action, round, entry, row, held.recorded, preview.work, preview.problems, imported)
        return
    if round is None or (round.pk and round.is_open):
        return  # a problem already, or left out
    entry_owners = tuple(held.people[key] for key in map(name_key, entry.owners) if key in held.people)
    entry_joins = _joins(entry_owners, entry.joins) if entry_owners else responsible[1]
    entry_owners = entry_owners or responsible[0]
    received = _has_update(entry)
    if round.pk is None and not received:
        # As the documents print it: a round that carried the action
        # and received no update from it. No entry, as in the round.
        row.updates.append(_said(round.label, ": no update received"))
    elif round.pk is None:
        _new_update(entry, action, round, row, (entry_owners, entry_joins), planned, preview)
    else:
        old = held.recorded.get((action.pk, round.pk))
        differs = _differences(old, entry, received, entry_owners if entry.owners else None)
        _published_update(entry, round, row, differs, preview.problems)


def _new_update(entry, action, round, row: PreviewRow, responsible: tuple, planned: dict, preview) -> None:
    """A new round's update, approved as the file has it: saved as a
    ProgressEntry (NewEntry) and counted in its round's plan."""
    owners, joins = responsible
    new = NewEntry(
        action=action,
        round=round,
        evidence_of_progress=stored_text(entry.evidence_of_progress),
        grade=entry.grade,
        grade_explanation=stored_text(entry.grade_explanation),
        evidence_of_impact=stored_text(entry.evidence_of_impact),
        owners=owners,
        joins=joins,
        grade_key=grades.grade_key(entry),
    )
    _validate(_progress_entry(new), entry.row, preview.problems, ENTRY_FIELDS)
    preview.work.entries.append(new)
    planned[entry.period].updates += 1
    grade = grades.shown(entry)
    row.updates.append(_said(round.label, f": added, {grade}" if grade else ": added"))


@functools.lru_cache(maxsize=512)
def _said(label: str, what: str) -> str:
    """What the preview says of an update ("March 2020: added, 2
    (On-Track)"): one string for each round and grade, however many rows
    say it, not a copy a row (a 50,000-row tracker's preview held 5 MB of
    them, twice over while it is saved)."""
    return f"{label}{what}"


def _published_update(entry, round, row: PreviewRow, differs: list[str], problems: list[Problem]) -> None:
    """An update of a published round of the review, the committee's record:
    unchanged, or a problem where the file's differs (`differs`)."""
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
    work.draft_grades.append(grades.grade_key(entry))
    grade = grades.shown(entry)
    row.updates.append(f"{round.label} (open): a draft for the officers{', ' + grade if grade else ''}")


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
        target_day=imported.target_day,
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
    """The review's action as the file changes it: its preview row, and who
    is responsible for it now (Owners, and what the file typed before
    each). Each changed field is named in `changed` and shown in
    `changes`, before and after."""
    changed, changes = [], []
    now, now_joins, followed = _changed_owners(imported, action, owners, following, work, changed, changes)
    _changed_target(imported, action, problems, changed, changes, confirmed=confirmed)
    _changed_texts(imported, action, changed, changes)
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


def _changed_owners(imported: ImportedAction, action, owners, following, work, changed, changes):
    """Who is responsible for the action, where the file names others, or
    the same people printed otherwise (" / " for ", "; a new person's pk is
    None): the documents print what the file typed. The open round's update
    (`following`) is theirs now. Returns the Owners, the joins, and what
    the preview says of each update that follows them."""
    links = list(action.responsibilities.all())
    now, now_joins = [link.owner for link in links], tuple(link.joined_by for link in links)
    joins = _joins(owners, imported.joins)
    printed = (links_printed(links), printed_names([o.name for o in owners], joins))
    if not imported.owners or ([o.pk for o in now] == [o.pk for o in owners] and printed[0] == printed[1]):
        return now, now_joins, []
    changed.append(ACTION_FIELDS["owners"])
    changes.append(Change(ACTION_FIELDS["owners"], *printed))
    work.responsibilities_removed += links
    work.responsibilities.append((action, tuple(owners), joins))
    followed = []
    for entry in following:
        work.entry_responsibilities_removed += list(entry.responsibilities.all())
        for position, owner in enumerate(owners):
            work.entry_responsibilities.append(
                EntryResponsibility(entry=entry, owner=owner, position=position, joined_by=joins[position])
            )
        followed.append(f"{entry.round.label} (open): its update is theirs now")
    return owners, joins, followed


def _changed_target(imported: ImportedAction, action, problems, changed, changes, *, confirmed) -> None:
    """The file's Date for the action, where it differs (and is not the New
    date the action has already). A confirmed plan's date changes only with
    a reason, which a file does not give (Action.change_target): refused,
    not skipped."""
    revised_already = imported.new_target_month == action.target_month and not action.target_text
    month, text, day = imported.target_month, imported.target_text.strip(), imported.target_day
    same_month = (month, text) == (action.target_month, action.target_text)
    # A day alone is no change of a confirmed plan's date: its month is the same.
    if not (month or text) or revised_already or (same_month and (confirmed or day == _day_of(action))):
        return
    if confirmed:
        problems.append(
            Problem(
                f"Row {imported.row}",
                f"{reference(imported.key)}'s date is {action.target_label} in the plan, and the file says "
                f"{_date_words(month, text, day)}. The plan is confirmed, so its dates "
                "change only with the reason: change it on the recommendation's page, or put the plan's date "
                "back in the file.",
            )
        )
        return
    changed.append(ACTION_FIELDS["target"])
    before = action.target_label
    action.target_month, action.target_text, action.target_day = month, text, day
    changes.append(Change(ACTION_FIELDS["target"], before, action.target_label))


def _day_of(action):
    return action.target_day if action.day_given else None


def _date_words(month, text: str, day) -> str:
    """A Date as the file gives it: its words, its day or its month."""
    if text or not month:
        return text
    return day_label(day) if day else month_label(month)


def _changed_texts(imported: ImportedAction, action, changed, changes) -> None:
    """The council's reference, the Agreed Action and the Success Measure,
    where the file gives them otherwise (a blank cell changes nothing)."""
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
