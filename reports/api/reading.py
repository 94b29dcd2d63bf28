"""What one reader of the API may read, kind by kind: for a token, what its
role may see on the pages (the QuerySet methods `visible_to(user)`); for the
public (reader None), the public data (the QuerySet methods `public()`).
Nothing here decides anew who may see what; it only chooses which of those
rules applies and fetches what the serializers print, in a fixed number of
queries however many items a page holds."""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, When
from django.utils import timezone

from actionplans import permissions
from actionplans.models import (
    Action,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    ReviewLinkOfficer,
    Round,
    Standing,
    document_order,
    published_targets,
)
from reports.achieved.ledger import read_ledger
from reports.public.entries import public_record_entries


def reviews(reader):
    """The reviews the reader knows of: for a token, those whose plan or
    executive responses its role may read (Review.objects.responses_visible_to:
    a plan still being set up only for clerks and administrators, unless
    its responses are published); for the public, Review.objects.public()."""
    found = Review.objects.public() if reader is None else Review.objects.responses_visible_to(reader)
    return (
        found.select_related("committee")
        .prefetch_related(Prefetch("link_officer_places", ReviewLinkOfficer.objects.select_related("owner")))
        .order_by("title", "pk")
    )


def recommendations(reader):
    """The recommendations of those reviews; for the public,
    Recommendation.objects.public() (none marked exempt)."""
    if reader is None:
        found = Recommendation.objects.public()
    else:
        found = Recommendation.objects.filter(review__in=Review.objects.responses_visible_to(reader))
    return found.select_related("review", "executive_response").order_by("review__title", "review", "number", "pk")


def with_ledger(recommendations) -> list:
    """`recommendations` (a page of them), each given `ledger_row`: its
    status, age, priority, outcome and impacts as the ledger reads them
    (reports/achieved/ledger.py, the one rule: the committee page's and the
    open data's). A fixed number of queries, for the page's only."""
    recommendations = list(recommendations)
    pks = [rec.pk for rec in recommendations]
    read = read_ledger(Recommendation.objects.filter(pk__in=pks), timezone.localdate())
    rows = {row.recommendation.pk: row for row in read}
    for rec in recommendations:
        rec.ledger_row = rows[rec.pk]
    return recommendations


def shows_response(reader, recommendation) -> bool:
    """Whether the reader reads the recommendation's executive response:
    once published for the public; for a token, Review.shows_responses_to."""
    if reader is None:
        return recommendation.review.responses_published and not recommendation.is_exempt
    return recommendation.review.shows_responses_to(reader)


def reads_exempt_words(reader) -> bool:
    """Whether the reader reads the words of what the clerk marked as exempt
    information (Schedule 12A), as the signed-in documents give them: a
    token whose role may (permissions.reads_exempt_words), never the
    public. Any other reader reads the exempt notice in their place."""
    return reader is not None and permissions.reads_exempt_words(reader)


def actions(reader):
    """The actions the reader may see (Action.objects.visible_to, or
    .public()), in document order, review by review."""
    found = Action.objects.public() if reader is None else Action.objects.visible_to(reader)
    return (
        found.select_related("recommendation__review", "sub_action")
        .prefetch_related(
            # A list, not a manager: a manager per action costs more than its rows.
            Prefetch("responsibilities", Responsibility.objects.select_related("owner"), to_attr="responsibility")
        )
        .order_by("recommendation__review__title", "recommendation__review", *document_order())
    )


def with_latest_grades(actions, reader) -> list:
    """`actions` (a page of them), each given its latest grade as the
    reader may see it (Standing.objects.latest_grades, the one rule: the
    grade of the latest published round that gave it one, as given; for the
    public only the public standing): `latest_standing`, its row (None where
    there is none), and for the public `published_target`. One query, for
    the page's actions only: a subquery per action in the list's query would
    be worked out for every action the list sorts, not just the page's."""
    actions = list(actions)
    latest = Standing.objects.latest_grades(actions, public=reader is None)
    # The public reads each target as published (published_targets): two
    # queries more, for the page's actions only.
    targets = published_targets(actions) if reader is None else {}
    for action in actions:
        action.latest_standing = latest.get(action.pk)
        action.published_target = targets.get(action.pk)
    return actions


def rounds(reader):
    """Round.objects.visible_to (open rounds only for those who work on
    them), or Round.objects.public()."""
    found = Round.objects.public() if reader is None else Round.objects.visible_to(reader)
    return found.select_related("review").order_by("review__title", "review", "period", "pk")


def updates(reader):
    """The progress updates of the rounds the reader may see, annotated with
    `shown`: whether the reader reads its words. For a token, an update the
    committee received (approved); for the public, of the public record's
    entries (public_record_entries), a public one
    (ProgressEntry.objects.public). Any other reads "No update received",
    or, for the public, its exempt notice where it is exempt. And with
    `given`: the id of its grade as given, for an update of a published
    round the grade its round's standing stored (Standing.objects.grade_given),
    for one of an open round (visible to those who work on it) the grade
    it holds now."""
    if reader is None:
        found = public_record_entries()
        shown = Exists(ProgressEntry.objects.public().filter(pk=OuterRef("pk")))
    else:
        found = ProgressEntry.objects.filter(round__in=Round.objects.visible_to(reader))
        shown = Exists(ProgressEntry.objects.received().filter(pk=OuterRef("pk")))
    return (
        found.select_related("round", "action__recommendation", "action__sub_action")
        .annotate(
            shown=shown,
            given=Case(
                When(round__status=Round.Status.PUBLISHED, then=Standing.objects.grade_given()),
                default=F("level"),
                output_field=IntegerField(),
            ),
        )
        .order_by("round__review__title", "round__review", "round__period", *document_order("action__"))
    )
