"""One builder, two renderers: `build_personal_data(who)` gathers every
record about the person (their person record, their login, or both) in a
fixed number of queries, into plain data; the
JSON and HTML renderers read only that."""

import json
from dataclasses import asdict, dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import (
    Action,
    ApiRequest,
    ApiToken,
    CalendarFeed,
    EmailedReply,
    EntryResponsibility,
    Follow,
    ImportUpload,
    Notification,
    NotificationPreference,
)
from actionplans.models.personal_data import DataSubject


@dataclass(frozen=True)
class Section:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PersonalData:
    name: str
    username: str
    council: str
    generated_at: str
    sections: tuple[Section, ...]


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M") if hasattr(value, "hour") else str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _section(title, columns, rows) -> Section:
    return Section(title, tuple(columns), tuple(tuple(_text(value) for value in row) for row in rows))


def _history_models():
    """Every audit-history model whose rows name who made the change."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model.__name__.startswith("Historical") and any(f.name == "history_user" for f in model._meta.fields)
        ),
        key=lambda model: model._meta.label,
    )


# What a history row of these says the person wrote, beyond its change.
_WRITTEN = {
    "HistoricalProgressEntry": ("evidence_of_progress", "grade_explanation", "evidence_of_impact", "return_comment"),
    "HistoricalPartnershipUpdate": ("progress", "return_comment"),
    "HistoricalUpdateComment": ("text",),
}


def build_personal_data(who, *, council: str) -> PersonalData:
    """`who`: a person record, a login, or a DataSubject."""
    subject = DataSubject.of(who)
    owner, user = subject.owner, subject.user
    sections = [_login_section(subject), *_named_sections(owner)]
    if user is not None:
        sections += [_audit_section(user), *_sign_in_sections(user), *_use_sections(user)]
    return PersonalData(
        name=subject.name,
        username=user.username if user else "",
        council=council,
        generated_at=_text(timezone.now()),
        sections=tuple(sections),
    )


def _login_section(subject) -> Section:
    """Their name, and what their login holds."""
    user = subject.user
    login = [("Name", subject.name)]
    if user is not None:
        login += [
            ("Username", user.username),
            ("E-mail address", user.email),
            ("Can sign in", user.is_active),
            ("Login made", user.date_joined),
            ("Last signed in", user.last_login),
            ("Roles", ", ".join(sorted(user.groups.values_list("name", flat=True)))),
            ("Committees (member)", ", ".join(user.committees.order_by("name").values_list("name", flat=True))),
            (
                "Partner organisations (lead)",
                ", ".join(user.partner_organisations.order_by("name").values_list("name", flat=True)),
            ),
        ]
    return _section("Login and roles", ("What", "Held"), login)


def _named_sections(owner) -> list[Section]:
    """Where the plans and the rounds name their person record. A login
    with no person record is named nowhere (filter(owners=None) would be
    every action nobody is named for)."""
    actions = Action.objects.filter(owners=owner) if owner else Action.objects.none()
    entries = EntryResponsibility.objects.filter(owner=owner) if owner else EntryResponsibility.objects.none()
    return [
        _section(
            "Named as responsible for",
            ("Review", "Recommendation", "Action"),
            actions.order_by("recommendation__review__title", "recommendation__number", "pk").values_list(
                "recommendation__review__title", "recommendation__number", "agreed_action"
            ),
        ),
        _section(
            "Named in monitoring rounds",
            ("Review", "Round", "Recommendation", "Action"),
            entries.order_by("entry__round__period", "pk").values_list(
                "entry__round__review__title",
                "entry__round__period",
                "entry__action__recommendation__number",
                "entry__action__agreed_action",
            ),
        ),
    ]


def _audit_section(user) -> Section:
    """Every change in the audit history made by their login, with what
    it says they wrote."""
    changes = []
    for model in _history_models():
        written = _WRITTEN.get(model.__name__, ())
        for row in model.objects.filter(history_user=user).values(
            "history_date", "history_type", "history_change_reason", *written
        ):
            what = " / ".join(str(row[field]) for field in written if row.get(field))
            changes.append(
                (
                    row["history_date"],
                    model._meta.verbose_name.removeprefix("historical "),
                    {"+": "Added", "~": "Changed", "-": "Removed"}[row["history_type"]],
                    row["history_change_reason"] or "",
                    what,
                )
            )
    changes.sort(key=lambda change: change[0])
    return _section("What they wrote and changed (audit history)", ("When", "What", "Change", "Why", "Text"), changes)


def _sign_in_sections(user) -> list[Section]:
    """What the service keeps about their signing in: sign-ins, failures
    and lock-out counters."""
    return [
        _section(
            "Sign-ins",
            ("When", "Signed out", "IP address", "Browser"),
            AccessLog.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values_list("attempt_time", "logout_time", "ip_address", "user_agent"),
        ),
        _section(
            "Failed sign-ins",
            ("When", "IP address", "Browser", "Locked out"),
            AccessFailureLog.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values_list("attempt_time", "ip_address", "user_agent", "locked_out"),
        ),
        _section(
            "Sign-in lock-out counters",
            ("Since", "IP address", "Failures"),
            AccessAttempt.objects.filter(username=user.username)
            .order_by("attempt_time")
            .values_list("attempt_time", "ip_address", "failures_since_start"),
        ),
    ]


def _use_sections(user) -> list[Section]:
    """What they set up and were sent: API tokens, notification choices,
    calendar, follows, e-mails and imports."""
    return [
        _section(
            "API tokens acting for them",
            ("Name", "Role", "Key starts", "Issued", "Revoked", "Last used"),
            ApiToken.objects.filter(user=user)
            .order_by("created_at")
            .values_list("name", "role", "key_start", "created_at", "revoked_at", "last_used_at"),
        ),
        _section(
            "API requests with those tokens",
            ("When", "Method", "Address", "Status"),
            ApiRequest.objects.filter(token__user=user).order_by("at").values_list("at", "method", "path", "status"),
        ),
        _section(
            "Notification choices",
            ("Kind", "How often"),
            NotificationPreference.objects.filter(user=user).order_by("kind").values_list("kind", "frequency"),
        ),
        _section(
            "Calendar link",
            ("Made or last reset",),
            CalendarFeed.objects.filter(user=user).values_list("created_at"),
        ),
        _section(
            "Following",
            ("Review", "Action", "Since"),
            Follow.objects.filter(user=user)
            .order_by("created_at")
            .values_list("review__title", "action__agreed_action", "created_at"),
        ),
        _section(
            "E-mails to them",
            ("Made", "Sent", "Subject"),
            Notification.objects.filter(recipient=user)
            .order_by("created_at")
            .values_list("created_at", "sent_at", "subject"),
        ),
        _section(
            "Their replies by e-mail",
            ("Received", "From", "What became of it"),
            EmailedReply.objects.of_person(user)
            .order_by("received_at")
            .values_list("received_at", "from_address", "said"),
        ),
        _section(
            "Files they imported",
            ("When", "File"),
            ImportUpload.objects.filter(uploaded_by=user).order_by("pk").values_list("uploaded_at", "file_name"),
        ),
    ]


def render_json(data: PersonalData) -> bytes:
    document = asdict(data)
    document["sections"] = [
        {"title": section.title, "rows": [dict(zip(section.columns, row, strict=True)) for row in section.rows]}
        for section in data.sections
    ]
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def render_html(data: PersonalData) -> bytes:
    return render_to_string("actionplans/personal_data/export.html", {"data": data}).encode()
