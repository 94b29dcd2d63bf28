"""Every field of every model, against the open data files: a text field
shows only where the open data publishes it, for the rows that are public.

The test writes a marker of its own into every text field of every row of
every model (apps.get_models: history tables, people and their e-mail
addresses and passwords, return comments, the clerks' reasons, drafts,
exempt information...), then reads every open data file and its page. The
markers found must be exactly those of OPEN_DATA_FIELDS' public rows:

- private fields (everything not in OPEN_DATA_FIELDS: return comments, every
  history table, e-mail addresses, passwords, user names, reasons, the
  partnership plans and self-assessments, sessions, logs) never show;
- a published field shows only for the rows its `.public()` rule gives
  (never a plan being set up, an open round, an unapproved update, exempt
  information, or an executive response not yet published).

New fields are private until they are added here, so a new text field that
leaks fails this test. (The public pages have their own such test,
tests/public_fields.py; the lead may join the two.)
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import reverse

from actionplans.models import (
    Action,
    Committee,
    Council,
    ExecutiveResponse,
    ExemptParagraph,
    Impact,
    Owner,
    ProgressEntry,
    Recommendation,
    RecommendationOutcome,
    RecommendationPriority,
    ResponsePlan,
    Review,
    Round,
    ScaleGrade,
    SubAction,
)
from reports.open_data.datasets import DATASETS
from tests.factories import make_action, make_recommendation, make_sub_action

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"Zq(\d+)x(\d+)q")
# Long enough for any marker this test writes; shorter fields (a letter "a",
# a format "pdf") cannot carry one and hold nothing private.
SHORTEST = 16
# Django's own key to the models (a marker there would break every lookup
# of a model by its content type); it holds model names, not the council's data.
NOT_MARKED = {"contenttypes.ContentType"}


def shown_entries():
    """The entries the updates file lists: every entry of a public round for
    a public action, not exempt (those not received without their text)."""
    return ProgressEntry.objects.filter(
        round__in=Round.objects.public(), action__in=Action.objects.public(), exempt_paragraph__isnull=True
    )


def open_data_fields():
    """The fields the open data publishes, with the rows it publishes them for."""
    public_actions = Action.objects.public()
    responses_published = Review.objects.public().filter(responses_published_at__isnull=False)
    responses = ExecutiveResponse.objects.filter(
        recommendation__in=Recommendation.objects.public(), recommendation__review__in=responses_published
    )
    owners = Owner.objects.filter(
        models.Q(link_officer_places__review__in=Review.objects.public())
        | models.Q(responsibilities__action__in=public_actions)
        | models.Q(entry_responsibilities__entry__in=shown_entries())
    )
    return {
        # The council's name (the publisher) and the grades' labels as given.
        (Council, "name"): Council.objects.all(),
        (ScaleGrade, "label"): ScaleGrade.objects.filter(pk__in=ProgressEntry.objects.public().values("level")),
        (Review, "title"): Review.objects.public(),
        (Review, "decision_maker"): responses_published,
        (Committee, "name"): Committee.objects.filter(reviews__in=Review.objects.public()),
        (Owner, "name"): owners,
        (Recommendation, "text"): Recommendation.objects.public(),
        (ExecutiveResponse, "reasons"): responses,
        (ExecutiveResponse, "accepted_part"): responses,
        (SubAction, "text"): SubAction.objects.filter(actions__in=public_actions),
        **{(Action, name): public_actions for name in ("strand", "target_text", "agreed_action", "success_measure")},
        **{
            (ProgressEntry, name): ProgressEntry.objects.public()
            for name in ("evidence_of_progress", "grade_explanation", "evidence_of_impact")
        },
        # What the public recommendations achieved (the demo's: completed,
        # and recommendation 1 a priority while it is open).
        (RecommendationOutcome, "reason"): RecommendationOutcome.objects.public(),
        (RecommendationPriority, "reason"): RecommendationPriority.objects.public(),
        **{(Impact, name): Impact.objects.public() for name in ("statement", "evidence_link", "unit", "period")},
    }


def text_fields():
    """Every free-text field of every model: (model, field name)."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_MARKED:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if field.max_length is not None and field.max_length < SHORTEST:
                continue
            yield model, field.name


def mark_every_text_field() -> dict[int, tuple]:
    """Writes 'Zq<field>x<row>q' into every text field of every row, one
    query per field; returns the fields by number."""
    fields = dict(enumerate(text_fields()))
    for number, (model, name) in fields.items():
        model._base_manager.update(
            **{name: Concat(models.Value(f"Zq{number}x"), Cast("pk", models.CharField()), models.Value("q"))}
        )
    return fields


def every_open_data_file() -> str:
    client = Client()
    parts = [client.get(reverse("open_data")).content.decode()]
    for name in DATASETS:
        for kind in ("csv", "json", "json_schema", "csv_metadata"):
            response = client.get(reverse(f"open_data_{kind}", args=[name]))
            assert response.status_code == 200
            parts.append(response.content.decode("utf-8-sig"))
    return "\n".join(parts)


@pytest.fixture
def everything(demo_march_2021, clerk, officer, officer_owner, settings):
    """The demo council with something of every kind that is not public
    beside what is: a round open (an update approved in it, another
    submitted), an unapproved update in a published round, a plan being set
    up, executive responses recorded but not published and others published
    for a plan still being set up, and exempt information of each kind."""
    settings.SCRUTINY_PUBLIC_PAGES = True
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.reassign([officer_owner], by=clerk)
    entry = demo_march_2021.entries.get(action=schools)
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Open.", grade=1)
    entry.refresh_from_db()
    entry.add_comment(by=officer, text="A comment in the update's conversation.")
    entry.approve(by=clerk, version=entry.version)
    submitted = ProgressEntry.objects.get(action__strand__startswith="The development", round__period="2020-09-01")
    ProgressEntry.objects.filter(pk=submitted.pk).update(status=ProgressEntry.Status.SUBMITTED)
    # Exempt: an action, a recommendation, an update of a published round.
    Action.objects.get(strand="Frontline staff").mark_exempt(ExemptParagraph.INDIVIDUAL, by=clerk)
    Recommendation.objects.get(review=demo_march_2021.review, number=3).mark_exempt(ExemptParagraph.CRIME, by=clerk)
    ProgressEntry.objects.get(action__sub_action__letter="d", round__period="2020-03-01").mark_exempt(
        ExemptParagraph.FINANCIAL, by=clerk
    )
    for title, publish in (("Domestic Abuse", False), ("Fly-tipping", True)):
        plan = Review.objects.set_up(
            committee=demo_march_2021.review.committee,
            title=title,
            action_plan_agreed=datetime.date(2021, 1, 1),
            link_officers=[],
            by=clerk,
        )
        rec = make_recommendation(plan)
        make_action(rec, sub_action=make_sub_action(rec))
        plan.record_report(
            agreed=datetime.date(2021, 1, 7),
            to_executive=datetime.date(2021, 2, 4),
            decision_maker="Cabinet",
            by=clerk,
            version=plan.version,
        )
        plan.refresh_from_db()
        plan.record_responses(
            [ResponsePlan(1, "partially", responded_on=datetime.date(2021, 3, 25), reasons="r", accepted_part="p")],
            by=clerk,
            version=plan.version,
        )
        if publish:
            plan.refresh_from_db()
            plan.publish_responses(by=clerk, version=plan.version)


def test_the_open_data_shows_exactly_the_published_fields_of_the_public_rows(everything):
    fields = mark_every_text_field()
    numbers = {field: number for number, field in fields.items()}
    expected = set()
    for field, rows in open_data_fields().items():
        expected |= {(numbers[field], pk) for pk in rows.values_list("pk", flat=True)}
    found = {(int(field), int(pk)) for field, pk in MARKER.findall(every_open_data_file())}

    leaked = {(fields[field][0]._meta.label, fields[field][1], pk) for field, pk in found - expected}
    assert leaked == set()
    missing = {(fields[field][0]._meta.label, fields[field][1], pk) for field, pk in expected - found}
    assert missing == set()
    # The enumeration reaches what must never show, and the cases that test it.
    labels = {(model._meta.label, name) for model, name in fields.values()}
    for private in [
        ("actionplans.ProgressEntry", "return_comment"),
        ("actionplans.UpdateComment", "text"),
        ("actionplans.HistoricalProgressEntry", "evidence_of_progress"),
        ("actionplans.HistoricalAction", "agreed_action"),
        ("auth.User", "email"),
        ("auth.User", "password"),
        ("actionplans.HistoricalUser", "email"),
        ("actionplans.TargetRevision", "reason"),
        ("actionplans.CommitteeDecision", "reason"),
    ]:
        assert private in labels, private
    assert len(found) > 100
    assert ProgressEntry.objects.exclude(pk__in=ProgressEntry.objects.public()).filter(round__status="open").exists()
    assert ExecutiveResponse.objects.filter(recommendation__review__responses_published_at__isnull=True).exists()
