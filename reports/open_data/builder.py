"""Gathers every dataset of the open data (datasets.py describes them) in
a fixed number of queries, only through the `.public()` QuerySets: what is
public is decided there, once. The files (files.py) are written from what
it returns, without touching the database."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Prefetch
from django.utils import timezone

from actionplans.grading import NO_UPDATE_RECEIVED
from actionplans.models import (
    Action,
    EntryResponsibility,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    ReviewLinkOfficer,
    Round,
    Standing,
    document_order,
    is_illustrative,
    published_targets,
    stable_reference,
)
from actionplans.models.council import ScaleLevel, council, scale_levels
from actionplans.models.plan import response_of
from reports.achieved.ledger import LedgerRow, read_ledger
from reports.open_data.datasets import (
    ACTIONS,
    IMPACTS,
    NAMES_SEPARATOR,
    PRIORITY,
    RECEIVED,
    RECOMMENDATIONS,
    REVIEWS,
    UPDATES,
    Dataset,
)
from reports.public.entries import public_record_entries


@dataclass(frozen=True)
class Table:
    dataset: Dataset
    rows: tuple[dict, ...]  # each keyed by the dataset's column names, in order


@dataclass(frozen=True)
class OpenData:
    tables: dict[str, Table]
    # When a public round or the executive's responses were last published.
    last_published: datetime.datetime | None
    publisher: str = ""  # the council's name, as its settings give it

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]


def _row(dataset: Dataset, **values) -> dict:
    """The values in the dataset's column order, an empty text as None."""
    assert set(values) == set(dataset.column_names), set(values) ^ set(dataset.column_names)
    return {name: (None if values[name] == "" else values[name]) for name in dataset.column_names}


def _names(links) -> str:
    return NAMES_SEPARATOR.join(link.owner.name for link in sorted(links, key=lambda link: (link.position, link.pk)))


def build_open_data() -> OpenData:
    """Every dataset of the open data, in a fixed number of queries whatever
    the size of the record: only what the `.public()` QuerySets give. Each
    action's latest grade is Standing.objects.latest_grades' (the one rule,
    as the API reads it), each update's grade its round's standing's."""
    reviews = list(
        Review.objects.public()
        .select_related("committee")
        .prefetch_related(Prefetch("link_officer_places", ReviewLinkOfficer.objects.select_related("owner")))
        .order_by("title", "pk")
    )
    today = timezone.localdate()
    ledger = read_ledger(Recommendation.objects.public(), today)
    actions = list(
        Action.objects.public()
        .select_related("recommendation__review", "sub_action")
        .prefetch_related(Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        .order_by("recommendation__review__title", "recommendation__review", *document_order())
    )
    # The public record's entries, except exempt ones (left out
    # altogether); those the public rule does not give read "No update
    # received", without their words. Each public round is published: an
    # update's grade is the one its round's standing stored (`given`).
    entries = list(
        public_record_entries()
        .filter(exempt_paragraph__isnull=True)
        .annotate(
            is_public=Exists(ProgressEntry.objects.public().filter(pk=OuterRef("pk"))),
            given=Standing.objects.grade_given(),
        )
        .select_related("round__review", "action__recommendation", "action__sub_action")
        .prefetch_related(Prefetch("responsibilities", EntryResponsibility.objects.select_related("owner")))
        .order_by("round__review__title", "round__review", "round__period", *document_order("action__"))
    )
    rounds_published = Round.history.filter(
        id__in=Round.objects.public().values("pk"), status=Round.Status.PUBLISHED
    ).aggregate(latest=Max("history_date"))["latest"]

    moments = [rounds_published] + [review.responses_published_at for review in reviews]
    targets = published_targets(actions)
    latest_grades = Standing.objects.latest_grades(public=True)
    grades = scale_levels(entry.given for entry in entries if entry.is_public)
    return OpenData(
        tables={
            "reviews": Table(REVIEWS, tuple(_review_row(review) for review in reviews)),
            "recommendations": Table(RECOMMENDATIONS, tuple(_recommendation_row(row, today) for row in ledger)),
            "actions": Table(
                ACTIONS,
                tuple(_action_row(action, latest_grades.get(action.pk), targets[action.pk]) for action in actions),
            ),
            "updates": Table(UPDATES, tuple(_update_row(entry, grades.get(entry.given)) for entry in entries)),
            "impacts": Table(IMPACTS, tuple(_impact_row(row, impact) for row in ledger for impact in row.impacts)),
        },
        last_published=max((moment for moment in moments if moment), default=None),
        publisher=council().council_name,
    )


def _review_row(review: Review) -> dict:
    published = review.responses_published_at
    # A plan still being set up is public for its published responses only:
    # its link officers and agreed month are the clerks' draft.
    draft = review.is_being_set_up
    return _row(
        REVIEWS,
        reference=stable_reference(review),
        title=review.title,
        committee=review.committee.name,
        status=review.get_status_display(),
        action_plan_agreed=None if draft else review.action_plan_agreed,
        link_officers=None if draft else _names(review.link_officer_places.all()),
        executive=review.decision_maker if published else None,
        responses_published=timezone.localdate(published) if published else None,
    )


def _recommendation_row(row: LedgerRow, today: datetime.date) -> dict:
    # The executive's response is public once published; the recommendation
    # itself is not exempt (Recommendation.objects.public). Its status, age,
    # priority and outcome as the ledger reads them (reports/achieved).
    rec, outcome, priority = row.recommendation, row.outcome, row.open_priority
    answer = response_of(rec) if rec.review.responses_published else None
    return _row(
        RECOMMENDATIONS,
        reference=stable_reference(rec),
        review_reference=stable_reference(rec.review),
        number=rec.number,
        text=rec.text,
        executive_response=answer.get_response_display() if answer else None,
        response_date=answer.responded_on if answer else None,
        response_reasons=answer.reasons if answer else None,
        accepted_part=answer.accepted_part if answer else None,
        illustrative=NAMES_SEPARATOR.join(
            name
            for name, invented in (
                ("response_date", answer and is_illustrative(rec.review, "responded_on")),
                ("completed_on", row.clock.finished_invented),
            )
            if invented
        ),
        status=row.status,
        status_as_of=today,
        priority=PRIORITY if priority else None,
        priority_reason=priority.reason if priority else None,
        months=row.clock.months,
        completed_on=row.clock.finished,
        outcome=outcome.get_outcome_display() if outcome else None,
        outcome_reason=outcome.reason if outcome else None,
    )


def _impact_row(row: LedgerRow, impact) -> dict:
    return _row(
        IMPACTS,
        reference=stable_reference(impact),
        recommendation_reference=stable_reference(row.recommendation),
        review_reference=stable_reference(row.review),
        position=impact.position,
        kind=impact.get_kind_display(),
        statement=impact.statement,
        evidence_link=impact.evidence_link,
        amount=impact.amount,
        unit=impact.unit,
        period=impact.period,
    )


def _action_row(action: Action, latest: Standing | None, target: tuple) -> dict:
    # The target as published (published_targets): not a new date accepted
    # in a round the committee has not yet received. `latest`: its latest
    # grade's row (Standing.objects.latest_grades), the grade as given.
    words, month = target
    grade = latest.grade.level() if latest else None
    return _row(
        ACTIONS,
        reference=stable_reference(action),
        recommendation_reference=stable_reference(action.recommendation),
        review_reference=stable_reference(action.recommendation.review),
        human_reference=action.reference,
        lettered_part=action.sub_action.letter if action.sub_action_id else None,
        lettered_part_text=action.sub_action.text if action.sub_action_id else None,
        strand=action.strand,
        responsibility=_names(action.responsibilities.all()),
        date=words,
        target_month=month,
        agreed_action=action.agreed_action,
        success_measure=action.success_measure,
        latest_grade=grade.rank if grade else None,
        latest_grade_words=grade.printed if grade else None,
        latest_grade_label=grade.label if grade else None,
        round_reference=stable_reference(latest.round) if latest else None,
        latest_grade_round=latest.round.label if latest else None,
    )


def _update_row(entry: ProgressEntry, grade: ScaleLevel | None) -> dict:
    """`grade`: the grade its round's standing stored, as given; none where
    none was given (never the current scale's grade for what it means)."""
    received = entry.is_public
    grade = grade if received else None
    action = entry.action
    return _row(
        UPDATES,
        reference=stable_reference(entry),
        action_reference=stable_reference(action),
        recommendation_reference=stable_reference(action.recommendation),
        review_reference=stable_reference(entry.round.review),
        round_reference=stable_reference(entry.round),
        human_reference=action.reference,
        round=entry.round.label,
        round_month=entry.round.period,
        status=RECEIVED if received else NO_UPDATE_RECEIVED,
        responsibility=_names(entry.responsibilities.all()),
        evidence_of_progress=entry.evidence_of_progress if received else None,
        grade=grade.rank if grade else None,
        grade_words=grade.printed if grade else None,
        grade_label=grade.label if grade else None,
        grade_explanation=entry.grade_explanation if received else None,
        evidence_of_impact=entry.evidence_of_impact if received else None,
    )


def last_published_label(data: OpenData) -> str:
    """'17 September 2020 at 14:05', or '' when nothing is published."""
    if data.last_published is None:
        return ""
    moment = timezone.localtime(data.last_published)
    return f"{moment:%-d %B %Y} at {moment:%H:%M}"
