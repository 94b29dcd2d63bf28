"""An action's audit history in a clerk's words: who, when, what, the old
value and the new, across the action, its owners, its entries and their
owners. A fixed number of queries whatever the history's length."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group

from actionplans.models import (
    FIELD_WORDS,
    Action,
    CommitteeDecision,
    EntryResponsibility,
    Owner,
    ProgressEntry,
    Responsibility,
    Round,
    month_label,
)
from actionplans.models.council import current_scale, scale_level

# `level` is the grade as given, shown as the grade's own change.
HIDDEN = {"id", "version", "action", "round", "recommendation", "level"}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    subject: str  # "Action", "Update, March 2021", "Responsibility"
    what: str  # "Assessment of Progress", "Added", "Removed"
    old: str
    new: str
    reason: str


def user_name(user, absent: str = "Someone no longer here") -> str:
    """A login's name as the papers and pages give it: the full name, else
    the username; `absent` where there is none (deleted, or never one)."""
    return (user.get_full_name() or user.username) if user else absent


def who_changed(record) -> str:
    """Who made the change a history `record` holds (none: the system, as
    an import or a command)."""
    return user_name(record.history_user, "The system")


def field_display(record, field: str) -> str:
    """A `field` of a history `record` in a clerk's words: '(blank)', a
    grade as '2 (On-Track)', a choice's label, a target as 'March 2021'."""
    value = getattr(record, field)
    if field == "grade" and getattr(record, "level_id", None):
        return scale_level(record.level_id).printed
    if value in (None, ""):
        return "(blank)"
    if field == "grade":
        return current_scale().label(value) or str(value)
    model_field = record.instance_type._meta.get_field(field)
    if model_field.choices:
        label = dict(model_field.flatchoices).get(value, value)
        return f"{value} ({label})" if field == "grade" else str(label)
    if field == "target_month":
        return month_label(value)
    return str(value)


def _changes_of(records, subject_of) -> list[Change]:
    """Changes between consecutive historical records of each object."""
    changes, previous = [], {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        subject = subject_of(record)
        reason = record.history_change_reason or ""
        if record.history_type == "+":
            changes.append(Change(record.history_date, who_changed(record), subject, "Created", "", "", reason))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, who_changed(record), subject, "Deleted", "", "", reason))
        elif before is not None:
            delta = record.diff_against(before, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN:
                    continue
                changes.append(
                    Change(
                        record.history_date,
                        who_changed(record),
                        subject,
                        FIELD_WORDS.get(change.field, change.field.replace("_", " ").capitalize()),
                        field_display(before, change.field),
                        field_display(record, change.field),
                        reason,
                    )
                )
        previous[record.id] = record
    return changes


def action_history(action: Action) -> list[Change]:
    """Every change to the action and its entries, newest first."""
    changes = _changes_of(action.history.select_related("history_user"), lambda r: "Action")
    entry_records = list(ProgressEntry.history.filter(action_id=action.pk).select_related("history_user"))
    # An entry since deleted is named by its round all the same.
    round_labels = _round_labels(entry_records)
    changes += _changes_of(
        entry_records,
        lambda r: f"Update, {round_labels[r.round_id]}" if r.round_id in round_labels else "Update (round deleted)",
    )
    changes += _owner_changes(action, entry_records)
    changes += _decision_changes(action)
    return sorted(changes, key=lambda c: c.when, reverse=True)


def _round_labels(records) -> dict[int, str]:
    """The labels of the rounds `records` name, by pk: one query."""
    return {r.pk: r.label for r in Round.objects.filter(pk__in={record.round_id for record in records})}


def _owner_changes(action: Action, entry_records) -> list[Change]:
    """Each owner added to or removed from the action, and from each of its
    updates (named by its round): two queries, and one for the updates."""
    entries = {e.pk: e for e in ProgressEntry.objects.filter(action=action).select_related("round")}
    owner_names = {}

    def owner_change(record, subject):
        name = owner_names.setdefault(record.owner_id, record.owner.name if record.owner_id else "")
        added = record.history_type == "+"
        return Change(
            record.history_date,
            who_changed(record),
            subject,
            "Added" if added else "Removed",
            "" if added else name,
            name if added else "",
            record.history_change_reason or "",
        )

    changes = []
    for record in Responsibility.history.filter(action_id=action.pk).select_related("history_user", "owner"):
        if record.history_type in "+-":
            changes.append(owner_change(record, "Responsibility"))
    for record in EntryResponsibility.history.filter(entry_id__in=[r.id for r in entry_records]).select_related(
        "history_user", "owner"
    ):
        if record.history_type in "+-":
            entry = entries.get(record.entry_id)
            changes.append(owner_change(record, f"Responsibility, {entry.round.label}" if entry else "Responsibility"))
    return changes


def _decision_changes(action: Action) -> list[Change]:
    """The committee's decisions on the action: each as recorded (what it
    decided, and why), then each change made to one since."""
    decision_records = list(CommitteeDecision.history.filter(action_id=action.pk).select_related("history_user"))
    round_labels = _round_labels(decision_records)
    changes = []
    for record in decision_records:
        if record.history_type == "+":
            # Recorded: say what, not just that.
            words = dict(CommitteeDecision.Decision.choices).get(record.decision, record.decision)
            new = f"{words}: {record.reason}" if record.reason else words
            subject = f"The committee's decision, {round_labels.get(record.round_id, '')}"
            changes.append(
                Change(
                    record.history_date,
                    who_changed(record),
                    subject,
                    "Recorded",
                    "",
                    new,
                    record.history_change_reason or "",
                )
            )
    changes += [
        change
        for change in _changes_of(
            decision_records, lambda r: f"The committee's decision, {round_labels.get(r.round_id, '')}"
        )
        if change.what != "Created"
    ]
    return changes


ACCOUNT_WORDS = {
    "name": "Name",
    "user": "Login",
    "kind": "Kind",
    "username": "Username",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail address",
    "is_active": "Can sign in",
    "is_staff": "Opens the admin",
    "is_superuser": "Superuser",
    "manager": "Manager",
}


def _account_value(record, field) -> str:
    value = getattr(record, field)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "user":
        return value.get_username() if value else "(none)"
    if field == "manager":
        return value.name if value else "(none)"
    return "(blank)" if value in (None, "") else str(value)


def _in_order(records) -> list[tuple]:
    """(previous version or None, version) for each version, oldest first."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    return list(zip([None, *ordered[:-1]], ordered, strict=True)) if ordered else []


def _account_changes(pairs, subject, excluded=()) -> list[Change]:
    changes = []
    for previous, record in pairs:
        who, reason = who_changed(record), record.history_change_reason or ""
        if record.history_type == "+":
            changes.append(Change(record.history_date, who, subject, "Created", "", "", reason))
        elif previous is not None:
            delta = record.diff_against(previous, excluded_fields=[*excluded, "id", "date_joined"])
            for change in delta.changes:
                old, new = _account_value(previous, change.field), _account_value(record, change.field)
                words = ACCOUNT_WORDS.get(change.field, change.field)
                changes.append(Change(record.history_date, who, subject, words, old, new, reason))
    return changes


def person_history(owner: Owner) -> list[Change]:
    """Every change to a person (or a role) and their login, roles included,
    newest first, with who made it. A person's history is short: each
    version's roles are read with a query apiece."""
    subject = "Person" if owner.is_person else "Role or group"
    changes = _account_changes(_in_order(owner.history.select_related("history_user", "user")), subject)
    if owner.user_id and owner.is_person:
        names = dict(Group.objects.values_list("pk", "name"))
        pairs = _in_order(owner.user.history.select_related("history_user"))
        changes += _account_changes(pairs, "Login", excluded=["groups"])
        roles = {record.pk: sorted(names.get(row.group_id, "?") for row in record.groups.all()) for _, record in pairs}
        for previous, record in pairs:
            if previous is not None and roles[previous.pk] != roles[record.pk]:
                changes.append(
                    Change(
                        record.history_date,
                        who_changed(record),
                        "Login",
                        "Roles",
                        ", ".join(roles[previous.pk]) or "(none)",
                        ", ".join(roles[record.pk]) or "(none)",
                        record.history_change_reason or "",
                    )
                )
    return sorted(changes, key=lambda c: c.when, reverse=True)
