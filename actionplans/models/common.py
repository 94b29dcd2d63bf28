"""What the plan models share: month labels, document order, who may read,
and how owners and history are written."""

import datetime
import functools

from django.db import models
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from actionplans.text import no_control_characters, single_line, within_max_chars

# Validators of the text fields (actionplans/text.py): the same rules as the
# forms, for every door (admin, import).
ONE_LINE = [no_control_characters, single_line]
LONG_TEXT = [no_control_characters, within_max_chars]


def month_label(value: datetime.date | None) -> str:
    """'March 2020': the documents date everything to the month."""
    return value.strftime("%B %Y") if value else ""


def day_label(value: datetime.date | None) -> str:
    """'12 March 2020': a day as the papers write it ('' for none)."""
    return f"{value.day} {value:%B %Y}" if value else ""


def first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def period_code(value: datetime.date) -> str:
    """'2020-03': how a round's month is named in addresses, file names and
    on the command line."""
    return value.strftime("%Y-%m")


# Document order of actions, as a list of order_by() terms relative to the
# action (prefix them with "action__" from an entry). The recommendation's
# own record comes first, then its lettered parts, each record before its
# strands. NULLs sort differently on SQLite and PostgreSQL, hence nulls_first.
def document_order(prefix: str = "") -> list:
    return [
        f"{prefix}recommendation__number",
        models.F(f"{prefix}sub_action__letter").asc(nulls_first=True),
        f"{prefix}position",
        f"{prefix}pk",
    ]


def shorten(text: str, limit: int = 40) -> str:
    """The first words of `text`, cut at a word boundary within `limit`
    characters, with an ellipsis when anything was left off."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-(") + "…"


# What the open data and the API call each kind of thing.
_REFERENCE_KINDS = {"progressentry": "update"}


def stable_reference(obj) -> str:
    """The open data's and the API's reference for a review, recommendation,
    action, round or update: its kind and database id ('action-301'). It
    never changes while the thing exists, however it is renamed or
    renumbered, so a council's other systems can hold on to it."""
    kind = obj._meta.model_name
    return f"{_REFERENCE_KINDS.get(kind, kind)}-{obj.pk}"


# The fields of the plan's records in a clerk's words, as the audit history
# (actionplans/history.py), the changes since a meeting (reports/changes.py)
# and an update's own changes (Update.changes_since) name them.
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
    "decision": "The committee's decision",
    "reason": "Why it was closed",
    "meeting_date": "Meeting",
}


def reason_field():
    """The history's change reason: a correction's reason, as long as the
    clerk needs (simple-history's default is 100 characters)."""
    return models.TextField(null=True)


class AuditHistoryManager(HistoryManager):
    """simple-history's manager of a model's history, its class made once.

    simple-history makes a new manager class every time `obj.history` is
    read (its descriptor calls `from_queryset()` afresh), and it reads it
    once for every history row it writes: a quarter of the time of saving an
    action, measured on the tests' factories. The class it makes is the same
    each time, so it is made once per kind of history and kept."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


class AuditHistory(HistoricalRecords):
    """The audit history of every model that keeps one: simple-history's
    HistoricalRecords, with its manager's class made once."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", AuditHistoryManager)
        super().__init__(*args, **kwargs)


class HistoryReadAsAt(AuditHistory):
    """The audit history of a model whose rows are read as they stood at a
    moment (reports/changes/builder.py _as_at()): each object's latest row by then
    is found in an index of (id, history_date, history_id), newest first,
    read from the index alone, not from all the object's rows sorted."""

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        meta["indexes"] = (
            *meta.get("indexes", ()),
            models.Index(fields=[model._meta.pk.attname, "history_date", "history_id"]),
        )
        return meta


def replace_owners(links, owners, new_link, *, by, reason="") -> None:
    """Make `owners`, in order, the owners that `links` (an action's
    Responsibility rows or an entry's EntryResponsibility rows) name: owners
    kept keep their place, newcomers join the end (the first named is the
    lead). Rows are deleted and saved one by one, so that each change is in
    the audit history, with `reason` where one is given."""
    wanted = {owner.pk for owner in owners}
    links = list(links)
    for link in links:
        if link.owner_id not in wanted:
            _attribute(link, by)
            if reason:
                link._change_reason = reason
            link.delete()
    kept = [link for link in links if link.owner_id in wanted]
    named = {link.owner_id for link in kept}
    position = max((link.position for link in kept), default=-1)
    for owner in owners:
        if owner.pk not in named:
            position += 1
            link = new_link(owner, position)
            _attribute(link, by)
            if reason:
                link._change_reason = reason
            link.save()


def _attribute(obj, by) -> None:
    """Record `by` as who made the change about to be saved. Without it (in
    a request) the history middleware names the signed-in user."""
    if by is not None:
        obj._history_user = by


def keep_named_order(named, chosen) -> list:
    """Owners `chosen` on a form, in the order the plan named them (the first
    is the lead): those already named keep their places, newcomers follow."""
    chosen = list(chosen)
    return [owner for owner in named if owner in chosen] + [owner for owner in chosen if owner not in named]


def related_model(model, path: str):
    """The model at the end of the relations `path` ("entries",
    "recommendation__review") from `model` (a class or an instance): how a
    model reaches one defined in a module above its own without importing
    it, so that the imports between the model modules run one way (the
    order is in docs/layout.md)."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model
