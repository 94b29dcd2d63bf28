"""What the plan models share: month labels, document order, who may read,
and how owners and history are written."""

import contextlib
import contextvars
import datetime
import functools

from django.db import models
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

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


# The demo's mark on a value it invents (one its council's papers do not
# give): each record lists its invented fields in `illustrative`, and every
# page, file, open-data row and API field showing one marks it there, with
# these words beside the value. A council's own record lists none.
ILLUSTRATIVE_MARK = "(illustrative)"


def illustrative_field(fields: str) -> models.JSONField:
    """The list of a record's fields whose values the demo invents."""
    return models.JSONField(
        default=list,
        blank=True,
        help_text=f"Which of {fields} are illustrative, not from the council's papers (the demo's): each is "
        "marked wherever it is shown. A council's own record lists none.",
    )


def is_illustrative(record, field: str) -> bool:
    return field in (getattr(record, "illustrative", None) or ())


def marked(text: str, record, field: str) -> str:
    """'12 March 2020 (illustrative)' where the record's `field` is
    invented; the text alone otherwise."""
    return f"{text} {ILLUSTRATIVE_MARK}" if text and is_illustrative(record, field) else text


def marked_if(text: str, invented: bool) -> str:
    return f"{text} {ILLUSTRATIVE_MARK}" if invented else text


def split_mark(text: str) -> tuple[str, str]:
    """`text` and the mark ending it, apart ('' when it has none): the
    demo's own words (an update it writes, 1 c)'s closing reason) are
    stored ending with the mark, and a shortened text shortens the words
    and then adds the mark, so that it is never the part left off."""
    words = text.rstrip()
    if words.endswith(ILLUSTRATIVE_MARK):
        return words[: -len(ILLUSTRATIVE_MARK)].rstrip(), ILLUSTRATIVE_MARK
    return text, ""


def marked_day(record, field: str) -> str:
    """The record's day `field` as the papers write it, marked if invented."""
    return marked(day_label(getattr(record, field)), record, field)


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
    characters, with an ellipsis when anything was left off (and after it
    the demo's mark, where the text ends with it: split_mark)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    text, mark = split_mark(text)
    if len(text) <= limit:
        return marked_if(text, bool(mark))
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return marked_if(cut.rstrip(" ,;:–-(") + "…", bool(mark))


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


# What is printed between two names under Responsibility where nobody
# typed anything there: the service's own.
NAMES_SEPARATOR = ", "
# The longest separator kept as typed (" and ", " & ", " / ", a new line).
JOINED_BY_MAX = 10


def joined_by_field():
    """A Responsibility row's `joined_by`: what the plan prints before the
    name, as the clerk chose it or the import read it (" / ", " & ", a new
    line where the names are stacked); blank for the first name, and where
    nothing was typed (printed as the service's own ", ")."""
    return models.CharField(
        max_length=JOINED_BY_MAX,
        blank=True,
        default="",
        verbose_name="printed before the name",
        help_text="As typed between this name and the one before: “ / ”, “ & ”, or a new line.",
    )


def printed_names(names, joins=()) -> str:
    """The names as the plan prints them, each after what was typed before
    it (`joins`, one a name; the first name's is not printed, and a blank
    one is NAMES_SEPARATOR): 'Tahir Ali / Louise Crisp', or the names one a
    line where the clerk stacked them."""
    parts = []
    for index, name in enumerate(names):
        if index:
            parts.append((joins[index] if index < len(joins) else "") or NAMES_SEPARATOR)
        parts.append(name)
    return "".join(parts)


def prints_alike(join, other) -> bool:
    """Whether two separators print the same: a comma typed is the
    service's own, so changing one for the other changes nothing."""
    return (join or NAMES_SEPARATOR) == (other or NAMES_SEPARATOR)


def links_printed(links) -> str:
    """printed_names() of Responsibility or EntryResponsibility rows, in
    their order (prefetch their owners for a list)."""
    links = list(links)
    return printed_names([link.owner.name for link in links], [link.joined_by for link in links])


def replace_owners(links, owners, new_link, *, by, reason="", joins=None) -> None:
    """Make `owners`, in order, the owners that `links` (an action's
    Responsibility rows or an entry's EntryResponsibility rows) name: owners
    kept keep their place, newcomers join the end (the first named is the
    lead). `joins`: what is printed before each name, in that final order
    (printed_names); None keeps what each kept name had and gives a
    newcomer what was typed before the last name (the plan's own
    separator, " / " or " & ", carries on). Rows are deleted and saved one
    by one, so that each change is in the audit history, with `reason`
    where one is given."""
    wanted = {owner.pk for owner in owners}
    links = list(links)
    for link in links:
        if link.owner_id not in wanted:
            _save_link(link, by, reason, delete=True)
    kept = sorted((link for link in links if link.owner_id in wanted), key=lambda link: (link.position, link.pk))
    carried = next((link.joined_by for link in reversed(kept) if link.joined_by), "")
    named = {link.owner_id for link in kept}
    position = max((link.position for link in kept), default=-1)
    for owner in owners:
        if owner.pk not in named:
            position += 1
            link = new_link(owner, position)
            link.joined_by = carried
            kept.append(link)
    for index, link in enumerate(kept):
        join = "" if index == 0 else (joins[index] if joins is not None and index < len(joins) else link.joined_by)
        if link.pk is None or not prints_alike(link.joined_by, join):
            link.joined_by = join
            _save_link(link, by, reason)


def _save_link(link, by, reason, *, delete=False) -> None:
    _attribute(link, by)
    if reason:
        link._change_reason = reason
    if delete:
        link.delete()
    else:
        link.save()


# Set while a reply by e-mail is saved (actionplans/replies/): how its
# changes came, for the audit history.
_came_by = contextvars.ContextVar("change_came_by", default="")


@contextlib.contextmanager
def changes_came(how: str):
    """Every history row written inside this block says `how` the change
    came ("By e-mail, Message-ID <...>"), after any reason of its own."""
    token = _came_by.set(how)
    try:
        yield
    finally:
        _came_by.reset(token)


def _say_how_it_came(sender, history_instance, **kwargs) -> None:
    how = _came_by.get()
    if not how:
        return
    reason = history_instance.history_change_reason
    said = f"{reason} ({how[0].lower()}{how[1:]})" if reason else how
    field = type(history_instance)._meta.get_field("history_change_reason")
    history_instance.history_change_reason = said[: field.max_length] if field.max_length else said


pre_create_historical_record.connect(_say_how_it_came, dispatch_uid="changes_came")


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
