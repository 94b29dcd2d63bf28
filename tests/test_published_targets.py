"""The target as published (actionplans.models.published_targets): the
open data, the anonymous API and the public review page print an action's
Date as the latest public round printed it, or the original target while
there is none; a new date the link officer accepts in a round still open is
not yet the committee's, so not the public's. And a plan still being set up,
public only for its published executive responses, shows no link officers
nor agreed month there."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Review, TargetProposal, TargetRevision, stable_reference
from tests.factories import make_action, make_owner, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db

OCT_2019, DEC_2020 = datetime.date(2019, 10, 1), datetime.date(2020, 12, 1)
MAR_2021, SEP_2021 = datetime.date(2021, 3, 1), datetime.date(2021, 9, 1)


@pytest.fixture(autouse=True)
def public_pages_on(settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    settings.SCRUTINY_API = True


def accept_new_date_in_open_round(review, action, officer, link_officer, clerk):
    """The officer proposes September 2021 with a Slipped update in the open
    March 2021 round, and the link officer accepts it with the update."""
    round = review.open_round(
        period=MAR_2021, deadline=datetime.date(2021, 2, 26), meeting_date=datetime.date(2021, 3, 18), by=clerk
    )
    entry = round.entries.get(action=action)
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="The form is half built.",
        grade=3,
        grade_explanation="The contractor failed.",
        proposal=TargetProposal(month=SEP_2021, reason="The contractor went into administration."),
    )
    entry.refresh_from_db()
    entry.approve(by=link_officer, version=entry.version, target_decision="accept")
    action.refresh_from_db()
    assert action.target_month == SEP_2021  # the action's target now


def what_the_public_reads(review, action) -> dict:
    client = Client()
    csv_rows = client.get(reverse("open_data_csv", args=["actions"])).content.decode()
    records = json.loads(client.get(reverse("open_data_json", args=["actions"])).content)["records"]
    record = next(r for r in records if r["reference"] == stable_reference(action))
    api = client.get(reverse("api_action", args=[stable_reference(action)])).json()
    listed = client.get(reverse("api_actions")).json()["results"]
    page = client.get(reverse("public_review", args=[review.slug])).content.decode()
    return {
        "csv": csv_rows,
        "json": (record["date"], record["target_month"]),
        "api": api["target"],
        "api_list": next(a["target"] for a in listed if a["id"] == stable_reference(action)),
        "page": page,
    }


@pytest.fixture
def plan(link_officer, officer_owner):
    review = make_review(title="Hate Crime", link_officers=[make_owner("Lin Officer", user=link_officer)])
    return review, make_recommendation(review), officer_owner


def test_with_no_public_round_the_public_reads_the_original_target(plan, officer, link_officer, clerk):
    review, rec, owner = plan
    action = make_action(rec, owners=[owner], target_month=OCT_2019)
    accept_new_date_in_open_round(review, action, officer, link_officer, clerk)

    seen = what_the_public_reads(review, action)
    assert seen["json"] == ("October 2019", "2019-10-01")
    assert seen["api"] == seen["api_list"] == "October 2019"
    assert "September 2021" not in seen["csv"] and "October 2019" in seen["csv"]
    assert "September 2021" not in seen["page"] and "October 2019" in seen["page"]


def test_the_public_reads_the_target_the_latest_published_round_printed(plan, officer, link_officer, clerk):
    review, rec, owner = plan
    action = make_action(rec, owners=[owner], target_month=DEC_2020)
    make_round(review, 2020, 9)  # published, printing the revision below
    TargetRevision.objects.create(
        action=action,
        target_before=OCT_2019,
        target_month=DEC_2020,
        reason="The contract was let late.",
        status=TargetRevision.Status.ACCEPTED,
        applies_from=datetime.date(2020, 9, 1),
    )
    accept_new_date_in_open_round(review, action, officer, link_officer, clerk)

    published = "December 2020 (revised once; originally October 2019)"
    seen = what_the_public_reads(review, action)
    assert seen["json"] == (published, "2020-12-01")
    assert seen["api"] == seen["api_list"] == published
    assert "September 2021" not in seen["csv"] and published in seen["csv"]
    assert "September 2021" not in seen["page"] and published in seen["page"]


def test_a_plan_still_being_set_up_shows_the_public_no_link_officers_nor_agreed_month(link_officer):
    review = make_review(
        title="Draft Plan",
        link_officers=[make_owner("Lin Draftofficer", user=link_officer)],
        status=Review.Status.SETTING_UP,
        action_plan_agreed=datetime.date(2019, 3, 1),
        responses_published_at=timezone.now(),
    )
    make_recommendation(review)
    assert Review.objects.public().filter(pk=review.pk).exists()
    client = Client()

    page = client.get(reverse("public_review", args=[review.slug])).content.decode()
    assert "Lin Draftofficer" not in page and "March 2019" not in page

    records = json.loads(client.get(reverse("open_data_json", args=["reviews"])).content)["records"]
    row = next(r for r in records if r["reference"] == stable_reference(review))
    assert (row["link_officers"], row["action_plan_agreed"]) == (None, None)
    assert "Lin Draftofficer" not in client.get(reverse("open_data_csv", args=["reviews"])).content.decode()

    api = client.get(reverse("api_review", args=[stable_reference(review)])).json()
    assert (api["link_officers"], api["action_plan_agreed"]) == ([], None)
