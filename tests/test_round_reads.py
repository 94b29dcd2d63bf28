"""The clerk's round page reads the round's entries once, however many
things it works out from them."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import ProgressEntry, Round
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round

pytestmark = pytest.mark.django_db


def test_the_round_page_reads_its_entries_once(clerk):
    review = make_review()
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    statuses = [ProgressEntry.Status.NOT_STARTED, ProgressEntry.Status.DRAFT, ProgressEntry.Status.SUBMITTED]
    for status in statuses:
        make_entry(make_action(make_recommendation(review)), round, status=status)
    client = Client()
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("round_detail", args=[round.pk]))
    entry_reads = [
        q["sql"] for q in queries if re.match(r'SELECT .* FROM "actionplans_progressentry"', q["sql"], flags=re.S)
    ]
    assert len(entry_reads) == 1, entry_reads
    # What the page works out from that one read is still right.
    assert response.context["counts"][ProgressEntry.Status.DRAFT] == 1
    assert response.context["to_chase"] == 2
    assert response.context["why_not_deletable"] == "Officers have already written 2 update(s) in this round."


def test_the_round_verbs_still_read_the_entries_themselves():
    review = make_review()
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    make_entry(make_action(make_recommendation(review)), round, status=ProgressEntry.Status.DRAFT)
    assert round.status_counts()[ProgressEntry.Status.DRAFT] == 1
    assert len(round.entries_to_chase()) == 1
    assert round.why_not_deletable() == "Officers have already written 1 update(s) in this round."
