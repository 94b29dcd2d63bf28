"""Publishing a round before its deadline, and the officer it left out: the
publish page names the officers' deadline and who is still writing, so the
clerk publishes knowingly (a warning, not a block); once published, an
officer whose update was not approved reads on its page that the round was
published without it and what the committee's paper prints instead."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ProgressEntry, Round
from tests import test_evidence
from tests.test_evidence import signed_in, text

pytestmark = pytest.mark.django_db

plan = test_evidence.plan  # a review whose link officer is Lin, its round open; Olu and Cora own one action


def due_in(round, days):
    today = timezone.localdate()
    Round.objects.filter(pk=round.pk).update(
        deadline=today + datetime.timedelta(days=days), meeting_date=today + datetime.timedelta(days=days + 20)
    )
    round.refresh_from_db()
    return round.deadline


def test_publishing_16_days_before_the_deadline_names_the_deadline_and_who_is_still_writing(plan, clerk):
    deadline = due_in(plan["round"], 16)
    page = text(signed_in(clerk).get(reverse("publish_round", args=[plan["round"].pk])))
    assert (
        f"The officers’ deadline has not passed: their updates are due by {deadline.day} {deadline:%B %Y}, "
        "in 16 days." in page
    )
    assert "still writing, and will have no update in the round if you publish now: Cora Colleague Olu Officer" in page
    assert "You can still publish now" in page


def test_the_clerk_may_still_publish_before_the_deadline(plan, clerk):
    due_in(plan["round"], 16)
    response = signed_in(clerk).post(
        reverse("publish_round", args=[plan["round"].pk]), {"confirm_missing": "on", "agenda_header": ""}
    )
    assert response.status_code == 302
    assert Round.objects.get(pk=plan["round"].pk).is_published


def test_on_the_deadline_day_it_has_not_passed_yet(plan, clerk):
    due_in(plan["round"], 0)
    page = text(signed_in(clerk).get(reverse("publish_round", args=[plan["round"].pk])))
    assert "The officers’ deadline has not passed" in page and ", today." in page


def test_once_the_deadline_has_passed_the_page_says_nothing_of_it(plan, clerk, officer, link_officer):
    due_in(plan["round"], -1)
    page = text(signed_in(clerk).get(reverse("publish_round", args=[plan["round"].pk])))
    assert "deadline has not passed" not in page and "still writing" not in page


def test_nobody_is_named_as_still_writing_once_every_update_is_submitted(plan, clerk, officer):
    due_in(plan["round"], 5)
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    page = text(signed_in(clerk).get(reverse("publish_round", args=[plan["round"].pk])))
    assert "in 5 days." in page and "still writing" not in page


def test_the_officer_left_out_reads_on_the_update_page_that_the_paper_prints_no_update_received(plan, clerk, officer):
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="Workshops planned.")
    olu = signed_in(officer)
    assert "Published without your update" not in text(olu.get(reverse("update_entry", args=[entry.pk])))

    plan["round"].publish(by=clerk)
    page = text(olu.get(reverse("update_entry", args=[entry.pk])))
    assert "Published without your update" in page
    assert "the committee’s paper reads “No update received” for this action" in page
    assert "Workshops planned." in page  # what they wrote stays


def test_an_approved_update_is_not_said_to_be_left_out(plan, clerk, officer, link_officer):
    entry = plan["entry"]
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    entry = ProgressEntry.objects.get(pk=entry.pk)
    entry.approve(by=link_officer, version=entry.version)
    plan["round"].publish(by=clerk)
    page = text(signed_in(officer).get(reverse("update_entry", args=[entry.pk])))
    assert "The round is published" in page and "Published without your update" not in page
