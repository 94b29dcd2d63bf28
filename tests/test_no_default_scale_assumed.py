"""No page assumes the default scale: the committee decisions page names the
grade that proposes sign-off in the council's own words."""

import pytest
from django.urls import reverse

from actionplans.models.council import PRESETS, GradingScale
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round
from tests.test_dashboards import text

pytestmark = pytest.mark.django_db


def test_the_decisions_page_names_the_achieved_grade_of_a_rag_plus_complete_scale(client, clerk):
    GradingScale.make("progress", PRESETS["progress"]["rag_complete"][1], by=None, prints="label")
    review = make_review()
    action = make_action(make_recommendation(review))
    round = make_round(review)
    make_entry(action, round, grade=2)
    client.force_login(clerk)
    page = text(client.get(reverse("round_decisions", args=[round.pk])))
    assert "A grade of Complete is the officer's proposal for sign-off" in page
    assert "A grade of 1 " not in page


def test_the_decisions_page_names_the_achieved_grade_as_the_round_gave_it(client, clerk, demo):
    september = demo.rounds.get(period__month=9, period__year=2020)
    GradingScale.make("progress", PRESETS["progress"]["rag_complete"][1], by=None, prints="label")
    client.force_login(clerk)
    page = text(client.get(reverse("round_decisions", args=[september.pk])))
    # A published round is a fact: its grades keep the labels they were given.
    assert "A grade of 1 (Fully Achieved) is the officer's proposal for sign-off" in page
