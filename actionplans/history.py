"""An action's audit history in a clerk's words: who, when, what, the old
value and the new, across the action, its owners, its entries and their
owners. A fixed number of queries whatever the history's length."""

from dataclasses import dataclass
from datetime import datetime

from actionplans.models import Action, EntryResponsibility, ProgressEntry, Responsibility, Round, month_label

FIELD_WORDS = {
    "evidence_of_progress": "Evidence of Progress",
    "grade": "Assessment of Progress",
    "grade_explanation": "Explanation",
    "evidence_of_impact": "Evidence of Impact",
    "status": "Status",
    "return_comment": "Comment on return",
    "agreed_action": "Agreed Action",
    "success_measure": "Agreed Success Measure",
    "target_month": "Date",
    "target_text": "Date as worded",
    "strand": "Strand",
    "sub_action": "Lettered sub-action",
    "position": "Order",
    "monitoring": "Monitoring",
    "closed_at": "Closed at round",
}
HIDDEN = {"id", "version", "action", "round", "recommendation"}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    subject: str  # "Action", "Update, March 2021", "Responsibility"
    what: str  # "Assessment of Progress", "Added", "Removed"
    old: str
    new: str
    reason: str


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "The system"


def _display(record, field: str) -> str:
    value = getattr(record, field)
    if value in (None, ""):
        return "(blank)"
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
            changes.append(Change(record.history_date, _who(record), subject, "Created", "", "", reason))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, _who(record), subject, "Deleted", "", "", reason))
        elif before is not None:
            delta = record.diff_against(before, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN:
                    continue
                changes.append(
                    Change(
                        record.history_date,
                        _who(record),
                        subject,
                        FIELD_WORDS.get(change.field, change.field.replace("_", " ").capitalize()),
                        _display(before, change.field),
                        _display(record, change.field),
                        reason,
                    )
                )
        previous[record.id] = record
    return changes


def action_history(action: Action) -> list[Change]:
    """Every change to the action and its entries, newest first."""
    entries = {e.pk: e for e in ProgressEntry.objects.filter(action=action).select_related("round")}
    owner_names = {}

    def owner_change(record, subject):
        name = owner_names.setdefault(record.owner_id, record.owner.name if record.owner_id else "")
        added = record.history_type == "+"
        return Change(
            record.history_date,
            _who(record),
            subject,
            "Added" if added else "Removed",
            "" if added else name,
            name if added else "",
            record.history_change_reason or "",
        )

    changes = _changes_of(action.history.select_related("history_user"), lambda r: "Action")
    entry_records = list(ProgressEntry.history.filter(action_id=action.pk).select_related("history_user"))
    # An entry since deleted is named by its round all the same.
    round_labels = {r.pk: r.label for r in Round.objects.filter(pk__in={rec.round_id for rec in entry_records})}
    changes += _changes_of(
        entry_records,
        lambda r: f"Update, {round_labels[r.round_id]}" if r.round_id in round_labels else "Update (round deleted)",
    )
    for record in Responsibility.history.filter(action_id=action.pk).select_related("history_user", "owner"):
        if record.history_type in "+-":
            changes.append(owner_change(record, "Responsibility"))
    for record in EntryResponsibility.history.filter(entry_id__in=[r.id for r in entry_records]).select_related(
        "history_user", "owner"
    ):
        if record.history_type in "+-":
            entry = entries.get(record.entry_id)
            changes.append(owner_change(record, f"Responsibility, {entry.round.label}" if entry else "Responsibility"))
    return sorted(changes, key=lambda c: c.when, reverse=True)
