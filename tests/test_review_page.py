"""The review page: the review with its recommendations, actions and each
action's latest update with its movement (every round's is a click away,
on the action's own page), for every signed-in role."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import ProgressEntry, Round
from tests.factories import (
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
)

pytestmark = pytest.mark.django_db


def page_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace("&#x27;", "'")


@pytest.mark.parametrize("username", ["vanessa.housley", "marc.stephenson", "councillor", "clerk"])
def test_every_role_sees_the_sixteen_graded_actions_of_march_2020(client, demo, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    text = page_text(client.get(reverse("review_detail", args=["hate-crime"])))
    # Each action's latest update: the three carried into September 2020
    # show September's, the thirteen signed off or closed in March, March's.
    assert text.count("Assessment of Progress (March 2020)") == 13
    assert text.count("Assessment of Progress (September 2020)") == 3
    assert text.count("Every progress update (") == 16
    # 1 c), closed by the committee in March 2020, is not carried into September.
    assert "No update received" not in text
    assert "Recommendation 4" in text and "SBC Hate Crime Lead" in text
    assert "Evaluations of CPD are 100% good or better." in text
    # Each grade as given: March 2020's as seed 001 prints it, its code alone.
    assert "Assessment of Progress (March 2020) 3 " in text and "(Slipped)" not in text
    assert "Assessment of Progress (September 2020) 1 (Fully Achieved)" in text
    # Its grade's movement, and the committee's decision, each said as such.
    assert "Movement: First assessment" in text and "Closed, not achieved, by the committee" in text
    assert "Responsibility Errol Parks" in text
    # Who was responsible at March 2020 where it changed since is on the
    # action's own page ("Responsibility over time"), with every round's update.
    assert "Responsibility (March 2020)" not in text
    assert "Date Reviewed throughout the year 2019" in text


def test_the_review_page_shows_each_actions_latest_update_and_links_to_every_round(client, councillor):
    review = make_review()
    action = make_action(make_recommendation(review))
    make_entry(action, make_round(review, 2020, 3), evidence="March's evidence.", grade=3)
    make_entry(action, make_round(review, 2020, 9), evidence="September's evidence.", grade=2)
    client.force_login(councillor)
    response = client.get(reverse("review_detail", args=[review.slug]))
    text = page_text(response)
    assert "Evidence of Progress (September 2020) September's evidence." in text
    assert "Movement: Improved" in text
    # The round before is not printed here, but one click away.
    assert "March's evidence." not in text
    story = reverse("action_story", args=[action.pk])
    assert f'href="{story}"' in response.content.decode()
    assert "Every progress update (2) on" in text
    story_text = page_text(client.get(story))
    assert "March's evidence." in story_text and "September's evidence." in story_text


def test_bullets_in_evidence_are_a_list(client, demo, councillor):
    client.force_login(councillor)
    html = client.get(reverse("review_detail", args=["hate-crime"])).content.decode()
    assert "<li>CPD implications</li><li>Legal implications.</li>" in html


def test_the_home_page_leads_to_the_review(client, demo, councillor):
    client.force_login(councillor)
    response = client.get(reverse("home"))
    assert 'href="/reviews/hate-crime/"' in response.content.decode()


def test_signing_in_lands_a_councillor_on_their_committees_dashboard(client, demo):
    from actionplans.demo import demo_password

    response = client.post(reverse("login"), {"username": "councillor", "password": demo_password()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("committee_dashboard", args=[demo.committee.slug])
    assert "Hate Crime" in page_text(response)


def test_committee_members_see_only_published_rounds(client, councillor, officer):
    review = make_review()
    action = make_action(make_recommendation(review))
    make_entry(action, make_round(review, 2020, 3), evidence="Published evidence.")
    open_round = make_round(review, 2020, 9, status=Round.Status.OPEN)
    make_entry(action, open_round, evidence="Approved, not yet published.", status=ProgressEntry.Status.APPROVED)
    url = reverse("review_detail", args=[review.slug])
    client.force_login(councillor)
    assert "Published evidence." in page_text(client.get(url))
    assert "Approved, not yet published." not in page_text(client.get(url))
    client.force_login(officer)
    assert "Approved, not yet published." in page_text(client.get(url))


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_nobody_reads_an_update_that_is_not_approved_on_the_review_page(client, officer, clerk, status):
    review = make_review()
    action = make_action(make_recommendation(review))
    make_entry(action, make_round(review, 2020, 9, status=Round.Status.OPEN), evidence="Not approved.", status=status)
    url = reverse("review_detail", args=[review.slug])
    for user in (officer, clerk):
        client.force_login(user)
        assert "Not approved." not in page_text(client.get(url))


def test_evidence_typed_as_html_is_shown_as_text(client, councillor):
    review = make_review()
    make_entry(make_action(make_recommendation(review)), make_round(review), evidence='<script>alert("x")</script>')
    client.force_login(councillor)
    html = client.get(reverse("review_detail", args=[review.slug])).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_everything_typed_into_an_action_and_its_update_is_shown_as_text(client, councillor):
    """The review's page prints each action's block from Python
    (reports/templatetags/action_on_page.py), not a template: each value is
    escaped as the template escaped it."""
    typed = '<b>"x"&\'y'
    shown = "&lt;b&gt;&quot;x&quot;&amp;&#x27;y"
    review = make_review()
    rec = make_recommendation(review)
    action = make_action(
        rec,
        sub_action=make_sub_action(rec),
        strand=f"{typed} strand",
        agreed_action=f"{typed} action",
        success_measure=f"{typed} measure",
    )
    round = make_round(review)
    make_entry(
        action,
        round,
        evidence=f"{typed} evidence",
        grade_explanation=f"{typed} explanation",
        evidence_of_impact=f"{typed} impact",
        owners=[make_owner(f"{typed} officer")],
    )
    client.force_login(councillor)
    html = client.get(reverse("review_detail", args=[review.slug])).content.decode()
    assert typed not in html
    for what in ("strand", "action", "measure", "evidence", "explanation", "impact", "officer"):
        assert f"{shown} {what}" in html, what


def build_review(recommendations):
    review = make_review()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    for _ in range(recommendations):
        rec = make_recommendation(review)
        sub = make_sub_action(rec)
        for action in (make_action(rec), make_action(rec, sub_action=sub, strand="Strand")):
            make_entry(action, march, grade=2)
            make_entry(action, september, grade=1)
    return review


def queries_for(client, review):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review_detail", args=[review.slug])).status_code == 200
    return len(queries)


def test_the_review_page_makes_as_many_queries_for_50_recommendations_as_for_1(client, councillor):
    client.force_login(councillor)
    small, large = build_review(1), build_review(50)
    queries_for(client, small)  # warm the session
    assert queries_for(client, large) == queries_for(client, small)


def test_the_timeline_counts_the_decisions_in_as_many_queries_for_50_recommendations_as_for_1(client, clerk):
    """A clerk's page, with the committee's decisions published on
    September: the timeline's counts are one grouped query."""
    from tests.factories import decide

    client.force_login(clerk)
    reviews = []
    for size in (1, 50):
        review = build_review(size)
        decide(review.rounds.get(period__month=9), by=clerk)
        reviews.append(review)
    small, large = reviews
    queries_for(client, small)  # warm the session
    assert queries_for(client, large) == queries_for(client, small)
    page = page_text(client.get(reverse("review_detail", args=[large.slug])))
    assert "on the September 2020 progress update : 100 signed off" in page
    assert "March 2020: awaiting the committee's decision" in page


def test_the_reviews_list_shows_a_clerk_each_open_round_and_what_is_outstanding(
    client, demo_march_2021, clerk, councillor
):
    march = demo_march_2021
    carried, approved = march.entries.count(), march.entries.filter(status="approved").count()
    assert carried and approved < carried
    client.force_login(clerk)
    page = page_text(client.get(reverse("home"))).replace(" :", ":")  # the link ends before the colon
    assert (
        f"March 2021 round open for Hate Crime: {carried - approved} of {carried} updates not yet approved; "
        f"deadline {march.deadline:%-d %B %Y}" in page
    )
    client.force_login(councillor)
    assert "round open" not in page_text(client.get(reverse("home")))
