"""Every field of every model, classified: public (anyone may read it
wherever it is), public for some rows only (those a `.public()` QuerySet
method names), private (never on a public page nor in the open data), or a
code (a value of a fixed vocabulary, a slug, a status: nobody's words).

The public pages' test (tests/test_public_pages.py) proves that no private
value appears on any public page; the open data's tests may prove the same
of their files with `private_values()`. A model or field added later makes
`unclassified_fields()` name it; it is private until it is classified here,
so a new field that leaks onto a public page fails the test.
"""

import re
from collections.abc import Callable

from django.apps import apps
from django.db import models

from actionplans.grading import NO_UPDATE_RECEIVED
from actionplans.models import (
    Action,
    CommitteeDecision,
    ExecutiveResponse,
    ExemptParagraph,
    Impact,
    ProgressEntry,
    PublishedEvidence,
    Recommendation,
    RecommendationOutcome,
    RecommendationPriority,
    Review,
    Round,
    Standing,
    SubAction,
    TargetRevision,
    exempt_notice,
)
from actionplans.models.council import current_scale

PUBLIC = "public"
PRIVATE = "private"
CODE = "code"
# The words a field holds, as text: what could show on a page.
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def _rows(queryset: Callable):
    """Public for the rows `queryset()` returns, private for the others."""
    return queryset


def _public_reviews():
    return Review.objects.public()


def _public_responses():
    return ExecutiveResponse.objects.filter(
        recommendation__in=Recommendation.objects.public(), recommendation__review__responses_published_at__isnull=False
    )


# Fields of a fixed vocabulary among the libraries' and the plans' below.
_CODES = ("status", "queue_name", "backend_name", "slug", "kind", "rag", "letter", "number")

# "app_label.Model.field": PUBLIC, PRIVATE, CODE, or a function returning the
# rows whose value is public (the others' is private).
FIELDS = {
    # Django's own and the libraries': logins, sessions, sign-in attempts,
    # the admin's log and the task queue are nobody's business outside.
    "admin.LogEntry.object_id": CODE,
    "admin.LogEntry.object_repr": PRIVATE,
    "admin.LogEntry.change_message": PRIVATE,
    "auth.Permission.name": CODE,
    "auth.Permission.codename": CODE,
    "auth.Group.name": CODE,  # the five roles' names
    "auth.User.password": PRIVATE,
    "auth.User.username": PRIVATE,
    "auth.User.first_name": PRIVATE,
    "auth.User.last_name": PRIVATE,
    "auth.User.email": PRIVATE,
    "contenttypes.ContentType.app_label": CODE,
    "contenttypes.ContentType.model": CODE,
    "sessions.Session.session_key": PRIVATE,
    "sessions.Session.session_data": PRIVATE,
    **{
        f"axes.{model}.{field}": PRIVATE
        for model, fields in {
            "AccessFailureLog": ("user_agent", "username", "http_accept", "path_info"),
            "AccessAttempt": ("user_agent", "username", "http_accept", "path_info", "get_data", "post_data"),
            "AccessLog": ("user_agent", "username", "http_accept", "path_info", "session_hash"),
        }.items()
        for field in fields
    },
    **{
        f"django_tasks_database.DBTaskResult.{field}": CODE
        if field in ("status", "queue_name", "backend_name")
        else PRIVATE
        for field in (
            "status",
            "args_kwargs",
            "task_path",
            "worker_ids",
            "queue_name",
            "backend_name",
            "return_value",
            "exception_class_path",
            "traceback",
        )
    },
    # The scrutiny record: public once published, and only what is public.
    "actionplans.Committee.name": PUBLIC,
    "actionplans.Committee.slug": CODE,
    # Names as the papers print them: Link Officer/s and Responsibility.
    "actionplans.Owner.name": PUBLIC,
    "actionplans.Owner.kind": CODE,
    # What the plan prints between the names (" / ", " & "): no words of its own.
    "actionplans.Responsibility.joined_by": CODE,
    "actionplans.EntryResponsibility.joined_by": CODE,
    "actionplans.Review.title": _rows(_public_reviews),
    "actionplans.Review.slug": CODE,
    "actionplans.Review.status": CODE,
    "actionplans.Review.decision_maker": _rows(_public_reviews),
    # The demo's mark on what it invents: printed wherever those values are.
    "actionplans.Review.illustrative": CODE,  # the names of its fields the demo invents
    "actionplans.Recommendation.text": _rows(lambda: Recommendation.objects.public()),
    "actionplans.SubAction.letter": CODE,
    "actionplans.SubAction.text": _rows(
        lambda: SubAction.objects.filter(recommendation__in=Recommendation.objects.public())
    ),
    **{
        f"actionplans.Action.{field}": _rows(lambda: Action.objects.public())
        for field in ("strand", "target_text", "agreed_action", "success_measure")
    },
    # A revised target prints "originally October 2019"; why, and a refusal, are the officers'.
    "actionplans.TargetRevision.target_before_text": _rows(
        lambda: TargetRevision.objects.filter(action__in=Action.objects.public())
    ),
    "actionplans.TargetRevision.reason": PRIVATE,
    "actionplans.TargetRevision.refusal_comment": PRIVATE,
    "actionplans.TargetRevision.status": CODE,
    "actionplans.Round.status": CODE,
    "actionplans.Round.illustrative": CODE,  # the names of its dates the demo invents
    "actionplans.ProgressEntry.status": CODE,
    "actionplans.ProgressEntry.return_comment": PRIVATE,
    # The conversation on an update is working correspondence, never published.
    "actionplans.UpdateComment.text": PRIVATE,
    **{
        f"actionplans.ProgressEntry.{field}": _rows(lambda: ProgressEntry.objects.public())
        for field in ("evidence_of_progress", "grade_explanation", "evidence_of_impact")
    },
    "actionplans.CommitteeDecision.decision": CODE,
    "actionplans.CommitteeDecision.reason": _rows(
        lambda: CommitteeDecision.objects.published().filter(action__in=Action.objects.public())
    ),
    "actionplans.ExecutiveResponse.response": CODE,
    "actionplans.ExecutiveResponse.reasons": _rows(_public_responses),
    "actionplans.ExecutiveResponse.accepted_part": _rows(_public_responses),
    "actionplans.ImportUpload.details": PRIVATE,
    "actionplans.ImportUpload.file_name": PRIVATE,
    "actionplans.PlanImport.file_name": PRIVATE,
    # A tracker's status words, as the clerk confirmed their meanings: the back office's.
    # The council's own terms: its wording and grading scales, printed on
    # every page and document (its settings page: actionplans/council/).
    **{
        f"actionplans.Council.{field}": PUBLIC
        for field in (
            "name",
            "committee_name",
            "committees_name",
            "update_title",
            "introduction",
            "impact_sentence",
            "grading_key_heading",
        )
    },
    # The council's wording as a published round kept it: its public page prints it.
    "actionplans.Round.published_wording": PUBLIC,
    "actionplans.GradingScale.kind": CODE,
    "actionplans.GradingScale.compares": CODE,  # grades' ids: how an earlier version's compare with its own
    "actionplans.GradingScale.becomes": CODE,  # grades' ids: what an earlier version's became in its own
    "actionplans.Standing.movement": CODE,
    "actionplans.Standing.decision": CODE,
    "actionplans.Standing.target": _rows(
        lambda: Standing.objects.filter(round__in=Round.objects.public(), action__in=Action.objects.public())
    ),
    "actionplans.ScaleGrade.code": PUBLIC,
    "actionplans.ScaleGrade.label": PUBLIC,
    "actionplans.ScaleGrade.description": PUBLIC,
    "actionplans.ScaleGrade.colour": CODE,
    "actionplans.ScaleGrade.prints": CODE,  # how the scale prints its grades (Printing)
    "actionplans.ScaleGrade.role": CODE,  # its role in the rules (grading.Role)
    "actionplans.StatusMeaning.key": PRIVATE,
    "actionplans.StatusMeaning.word": PRIVATE,
    # The council's own references print beside ours, wherever the recommendation or action does.
    "actionplans.Recommendation.council_reference": _rows(lambda: Recommendation.objects.public()),
    "actionplans.Action.council_reference": _rows(lambda: Action.objects.public()),
    "actionplans.RequestCount.key": PRIVATE,
    # What a recommendation achieved: the clerk's record, on the public
    # register and in the open data for the public recommendations.
    "actionplans.RecommendationOutcome.outcome": CODE,
    "actionplans.Impact.kind": CODE,
    "actionplans.RecommendationOutcome.reason": _rows(lambda: RecommendationOutcome.objects.public()),
    "actionplans.RecommendationPriority.reason": _rows(lambda: RecommendationPriority.objects.public()),
    "actionplans.Impact.statement": _rows(lambda: Impact.objects.public()),
    "actionplans.Impact.evidence_link": _rows(lambda: Impact.objects.public()),
    "actionplans.Impact.unit": _rows(lambda: Impact.objects.public()),
    "actionplans.Impact.period": _rows(lambda: Impact.objects.public()),
    # A re-check: the clerk's record of the owners' answer, not published.
    "actionplans.OutcomeCheck.answer": CODE,
    "actionplans.OutcomeCheck.note": PRIVATE,
    "actionplans.OutcomeCheck.replies": PRIVATE,
    # Evidence files: a public update's files (neither it nor they exempt)
    # are listed in the public documents and pages, their SHA-256 in the
    # spreadsheet's Evidence files sheet;
    # what they were called on the officer's computer, where they are kept
    # and what malware was found are nobody's to read there.
    **{
        f"actionplans.EvidenceFile.{field}": _rows(lambda: ProgressEntry.objects.public_files())
        for field in ("title", "sha256")
    },
    "actionplans.EvidenceFile.kind": CODE,
    "actionplans.EvidenceFile.status": CODE,
    "actionplans.EvidenceFile.file_name": PRIVATE,
    "actionplans.EvidenceFile.storage_name": PRIVATE,
    "actionplans.EvidenceFile.found": PRIVATE,
    **{
        f"actionplans.PublishedEvidence.{field}": _rows(
            lambda: PublishedEvidence.objects.filter(evidence__in=ProgressEntry.objects.public_files())
        )
        for field in ("title", "sha256")
    },
    "actionplans.PublishedEvidence.kind": CODE,
    "actionplans.PublishedEvidence.storage_name": PRIVATE,
    "actionplans.PublishedDocument.format": CODE,
    "actionplans.PublishedDocument.options": PRIVATE,
    "actionplans.PublishedDocument.reason": PRIVATE,
    "actionplans.PublishedDocument.storage_name": PRIVATE,
    "actionplans.PublishedDocument.sha256": PRIVATE,
    "actionplans.PublishedDocument.error": PRIVATE,
    # What was done with people's personal data: nobody's public words.
    "actionplans.PersonalDataEvent.kind": CODE,
    "actionplans.PersonalDataEvent.details": PRIVATE,
    # The task workers' heartbeats: the machines' names, never on a public page.
    "actionplans.WorkerHeartbeat.worker_id": PRIVATE,
    "actionplans.WorkerHeartbeat.host": PRIVATE,
    # API tokens and their request log, and e-mail notifications: nobody's
    # public words (the kinds and frequencies are codes).
    **{
        f"actionplans.{model}.{field}": CODE if field in ("kind", "frequency", "method") else PRIVATE
        for model, fields in {
            "ApiToken": ("name", "role", "key_digest", "key_start"),
            # Each person's calendar link: its key is the secret of their feed.
            "CalendarFeed": ("key",),
            "ApiRequest": ("method", "path"),
            "NotificationPreference": ("kind", "frequency"),
            "Notification": ("kind", "event_key", "subject", "body", "last_error", "address"),
            # The replies officers e-mailed and the answers they were sent
            # (the message as it arrived is bytes): the clerks' to read, never public.
            "EmailedReply": (
                "key",
                "message_id",
                "from_address",
                "outcome",
                "said",
                "answer_to",
                "answer_subject",
                "answer_body",
                "answer_in_reply_to",
                "answer_error",
            ),
            # The reply mailbox's newest OAuth 2.0 refresh token: a secret.
            "MailboxRefreshToken": ("grown_from", "token"),
        }.items()
        for field in fields
    },
    # Partnership plans and self-assessments are not on the public pages.
    **{
        f"actionplans.{model}.{field}": CODE
        if field in ("slug", "status", "kind", "rag", "letter", "number", "repeats", "illustrative")
        else PRIVATE
        for model, fields in {
            "Partnership": ("name", "slug"),
            "Organisation": ("name", "short_name"),
            "Indicator": ("code", "title", "reference"),
            "PartnershipPlan": ("title", "short_title", "slug", "agenda_header"),
            "Theme": ("kind", "label", "title"),
            "PartnershipAction": ("number", "text", "leads", "target_text", "repeats", "outcome"),
            "Activity": ("text", "leads", "target_text", "repeats"),
            "Quarter": ("status", "illustrative", "named"),
            "PartnershipUpdate": ("status", "return_comment", "progress", "rag"),
            "Framework": ("title", "short_title", "slug", "issued_by"),
            "Level": ("name", "defined_as", "text"),
            "Standard": ("title", "definition"),
            "Characteristic": ("letter", "text", "function"),
            "Assessment": ("agenda_header", "status", "illustrative"),
            "LocalResponse": ("response", "rating", "evidence", "gap"),
        }.items()
        for field in fields
    },
}


def classification(model, field) -> object:
    """A field's class: the history tables' are private (who typed what,
    and every earlier word), their kind of change a code; a field not in
    FIELDS is private until it is classified."""
    if model.__name__.startswith("Historical"):
        return CODE if field.name == "history_type" else PRIVATE
    return FIELDS.get(f"{model._meta.label}.{field.name}", PRIVATE)


def stale_entries() -> list[str]:
    """FIELDS' names that are no model's text field (a typo, a field gone)."""
    existing = {f"{model._meta.label}.{field.name}" for model, field in _text_fields()}
    return sorted(set(FIELDS) - existing)


def _text_fields():
    for model in apps.get_models():
        if model._meta.proxy:
            continue  # its rows and fields are its concrete model's, classified there
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS):
                yield model, field


def unclassified_fields() -> list[str]:
    """Every text field of every model that FIELDS does not name (held
    private meanwhile; a number, a date or a reference to another row is
    nobody's words)."""
    return [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_fields()
        if not model.__name__.startswith("Historical") and f"{model._meta.label}.{field.name}" not in FIELDS
    ]


def _values(queryset, name) -> list[str]:
    return [str(value) for value in queryset.values_list(name, flat=True) if value not in (None, "", {}, [])]


def public_values() -> list[str]:
    """Everything public, and the words the public pages print themselves
    (the grades, "No update received", the exempt notices)."""
    found = [NO_UPDATE_RECEIVED, *(level.printed for level in current_scale())]
    found += [exempt_notice(paragraph) for paragraph in ExemptParagraph.values]
    for model, field in _text_fields():
        kind = classification(model, field)
        if kind == PUBLIC:
            found += _values(model._base_manager.all(), field.name)
        elif callable(kind):
            found += _values(kind(), field.name)
    return found


# Shorter pieces are ordinary words ("Slipped", "March"), not anyone's text.
MIN_CHARS = 12


def pieces(value: str) -> list[str]:
    """A value's lines as a page shows them (a bullet's mark dropped, spaces
    closed up), those long enough to tell apart."""
    found = []
    for line in value.splitlines():
        line = " ".join(re.sub(r"^\s*[-*•]\s+", "", line).split())
        if len(line) >= MIN_CHARS:
            found.append(line)
    return found


def private_values() -> set[str]:
    """The pieces of every private value (private fields, and the other
    rows of fields public for some rows) that no public value also holds
    (a history row repeating the published words is not a secret)."""
    public = "\n".join(" ".join(value.split()) for value in public_values())
    found = set()
    for model, field in _text_fields():
        kind = classification(model, field)
        if kind in (PUBLIC, CODE):
            continue
        rows = model._base_manager.all()
        if callable(kind):
            rows = rows.exclude(pk__in=kind().values("pk"))
        for value in _values(rows, field.name):
            found.update(piece for piece in pieces(value) if piece not in public)
    return found
