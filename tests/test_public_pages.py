"""The public pages, read by anyone without signing in: exactly the
published, non-exempt material of the demo council, and nothing private
(every field of every model classified in tests/public_fields.py)."""

import datetime
import html
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actionplans.models import Action, ProgressEntry, Recommendation, Review, Round
from tests.documents import body
from tests.factories import make_owner, store_public_copies
from tests.public_fields import pieces, private_values, stale_entries, unclassified_fields

pytestmark = pytest.mark.django_db

PUBLIC_HOME = "/public/"


def page_text(content: bytes) -> str:
    """What a reader reads: the page's words, tags and runs of spaces closed up."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def crawl(client) -> dict[str, str]:
    """Every public page reached by following links from /public/: its
    address and its text."""
    seen, queue, pages = set(), [PUBLIC_HOME], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        content = response.content.decode()
        pages[url] = page_text(response.content)
        for href in re.findall(r'href="([^"#]+)"', content):
            path = urlparse(html.unescape(href)).path
            # The documents to download: tests/test_exempt.py reads them back.
            is_file = path.rstrip("/").rsplit("/", 1)[-1] in ("pdf", "docx", "xlsx")
            if path.startswith(PUBLIC_HOME) and path not in seen and not is_file:
                queue.append(path)
    return pages


@pytest.fixture
def public_world(demo_march_2021, settings, officer, officer_owner):
    """The demo council with the public pages on, and private material of
    every kind beside the public: an officer's update submitted in the open
    round and returned with a comment, another still a draft, a plan still
    being set up, an action and a published update marked exempt."""
    settings.SCRUTINY_PUBLIC_PAGES = True
    clerk = get_user_model().objects.get(username="clerk")
    round = demo_march_2021
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    schools.reassign([officer_owner], by=clerk)
    entry = round.entries.get(action=schools)
    entry.save_update(
        by=officer,
        version=entry.version,
        submit=True,
        evidence_of_progress="Submitted words nobody approved yet.",
        grade=1,
    )
    entry.refresh_from_db()
    entry.return_to_officer(by=clerk, version=entry.version, comment="A return comment only the officer reads.")
    entry.refresh_from_db()
    entry.add_comment(by=officer, text="A comment in the update's conversation, never published.")
    entry.save_update(by=officer, version=entry.version, submit=False, evidence_of_progress="A draft still open.")
    draft = Review.objects.set_up(
        committee=round.review.committee,
        title="Domestic Abuse Being Set Up",
        action_plan_agreed=datetime.date(2021, 1, 1),
        link_officers=[make_owner("Dana Draftsperson")],
        by=clerk,
    )
    Recommendation.objects.create(review=draft, number=1, text="That a draft recommendation stays unpublished.")
    online = Action.objects.get(strand__startswith="The development of an on-line form")
    frontline = ProgressEntry.objects.get(action__strand="Frontline staff", round__period=datetime.date(2020, 3, 1))
    online.mark_exempt(3, by=clerk)
    frontline.mark_exempt(7, by=clerk)
    # The public copies the markings make anew, stored as the worker would.
    store_public_copies(*Round.objects.filter(review=round.review, status=Round.Status.PUBLISHED))
    return {"round": round, "online": online, "frontline": frontline, "draft": draft, "entry": entry}


def test_every_text_field_of_every_model_is_classified_public_or_private():
    # A model another part adds is private until classified (public_fields.classification).
    assert unclassified_fields() == [] or all(not name.startswith("actionplans.") for name in unclassified_fields())
    assert stale_entries() == []


def test_the_public_pages_have_their_own_navigation(public_world, client):
    text = client.get(PUBLIC_HOME).content.decode()
    assert '<a class="govuk-service-navigation__link" href="/public/" aria-current="page">Reviews</a>' in text
    # Nothing of the signed-in service's menu.
    assert "Your updates" not in text and "Sign out" not in text


def test_no_private_value_appears_on_any_public_page(public_world, client):
    pages = crawl(client)
    review = public_world["round"].review
    # The crawl reached the review and each of its published rounds.
    assert reverse("public_review", args=[review.slug]) in pages
    for round in Round.objects.public().filter(review=review):
        assert reverse("public_round", args=[review.slug, round.period_code]) in pages
    secrets = private_values()
    # The world's private words are among them, so the test can fail.
    for words in (
        "Submitted words nobody approved yet.",
        "A return comment only the officer reads.",
        "A draft still open.",
        "That a draft recommendation stays unpublished.",
        public_world["online"].agreed_action.splitlines()[0],
        pieces(public_world["frontline"].evidence_of_progress)[0],
        "clerk@example.org",
    ):
        assert any(words.startswith(secret) or secret in words for secret in secrets), words
    everything = "\n".join(pages.values())
    leaked = sorted(secret for secret in secrets if secret in everything)
    assert leaked == []


def test_the_pages_show_every_public_recommendation_action_and_update(public_world, client):
    pages = crawl(client)
    everything = "\n".join(pages.values())
    review = public_world["round"].review
    review_page = pages[reverse("public_review", args=[review.slug])]
    assert review.title in pages[PUBLIC_HOME] and review.committee.name in pages[PUBLIC_HOME]
    assert "Domestic Abuse Being Set Up" not in everything
    for rec in Recommendation.objects.public().filter(review=review):
        assert " ".join(rec.text.split()) in review_page
    public_actions = Action.objects.public().filter(recommendation__review=review)
    assert public_actions.exists() and public_world["online"] not in public_actions
    for action in public_actions:
        for piece in pieces(action.agreed_action):
            assert piece in review_page, action.reference
    entries = ProgressEntry.objects.public().filter(round__review=review)
    assert entries.count() > 10
    for entry in entries:
        page = pages[reverse("public_round", args=[review.slug, entry.round.period_code])]
        for piece in pieces(entry.evidence_of_progress):
            assert piece in page, (entry.action.reference, entry.round.label)
    # The open round is not there; the exempt action and update read their notice.
    assert "March 2021" not in everything
    march = pages[reverse("public_round", args=[review.slug, "2020-03"])]
    assert "Exempt information (paragraph 3)" in march
    assert "Exempt information (paragraph 7)" in march


def test_a_round_published_without_an_update_reads_no_update_received(public_world, client):
    round = public_world["round"]
    round.publish(by=get_user_model().objects.get(username="clerk"))
    page = client.get(reverse("public_round", args=[round.review.slug, "2021-03"]))
    text = page_text(page.content)
    # 1 a) Schools' update went back to its officer, a draft again; 1 c)'s was never written.
    assert text.count("No update received") >= 2
    assert "A draft still open." not in text and "Submitted words nobody approved yet." not in text
    assert "A return comment only the officer reads." not in text


def test_the_public_pages_are_not_found_while_the_setting_is_off(public_world, client, settings):
    slug = public_world["round"].review.slug
    urls = [
        PUBLIC_HOME,
        reverse("public_review", args=[slug]),
        reverse("public_round", args=[slug, "2020-03"]),
        reverse("public_round_file", args=[slug, "2020-03", "docx"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.post(url).status_code == 405, url  # to read, not to post
    urls.append(reverse("public_search"))
    settings.SCRUTINY_PUBLIC_PAGES = False
    for url in urls:
        # Not found by any method: a 405 would say the page is there.
        assert client.get(url).status_code == client.post(url).status_code == 404, url


def test_an_unpublished_round_a_plan_being_set_up_and_an_unknown_format_are_not_found(public_world, client):
    slug = public_world["round"].review.slug
    assert client.get(reverse("public_round", args=[slug, "2021-03"])).status_code == 404
    assert client.get(reverse("public_review", args=[public_world["draft"].slug])).status_code == 404
    unknown = client.get(reverse("public_round_file", args=[slug, "2020-03", "odt"]))
    assert unknown.status_code == 404
    # An old or typed link to a format there is not says which there are.
    assert "This document downloads as PDF, Word or Excel: ‘odt’ is not one of them." in unknown.content.decode()
    assert "downloads as" not in client.get(reverse("public_round", args=[slug, "2021-03"])).content.decode()


def test_the_round_downloads_are_the_public_version(public_world, client):
    from io import BytesIO

    from docx import Document

    slug = public_world["round"].review.slug
    response = client.get(reverse("public_round_file", args=[slug, "2020-03", "docx"]))
    assert response["Content-Disposition"] == 'attachment; filename="hate-crime-progress-update-2020-03.docx"'
    words = "\n".join(
        cell.text for table in Document(BytesIO(body(response))).tables for row in table.rows for cell in row.cells
    )
    assert "Exempt information (paragraph 3)" in words
    assert public_world["online"].agreed_action.splitlines()[0] not in words


def test_a_round_page_shows_its_own_updates_and_links_to_the_rounds_before(public_world, client):
    from io import BytesIO

    from docx import Document

    slug = public_world["round"].review.slug
    march = ProgressEntry.objects.public().get(
        action__strand="Schools, Colleges and Universities", round__period__year=2020, round__period__month=3
    )
    september = ProgressEntry.objects.public().get(
        action=march.action, round__period__month=9, round__period__year=2020
    )
    response = client.get(reverse("public_round", args=[slug, "2020-09"]))
    text = page_text(response.content)
    assert pieces(september.evidence_of_progress)[0] in text
    assert "Evidence of Progress (September 2020)" in text
    # March's update is on March's page, linked from September's.
    assert "Evidence of Progress (March 2020)" not in text
    assert pieces(march.evidence_of_progress)[0] not in text
    assert f'href="{reverse("public_round", args=[slug, "2020-03"])}"' in response.content.decode()
    assert pieces(march.evidence_of_progress)[0] in page_text(
        client.get(reverse("public_round", args=[slug, "2020-03"])).content
    )
    # The document keeps every round, as the committee received it.
    document = client.get(reverse("public_round_file", args=[slug, "2020-09", "docx"]))
    words = "\n".join(
        cell.text for table in Document(BytesIO(body(document))).tables for row in table.rows for cell in row.cells
    )
    assert "Evidence of Progress (March 2020)" in words
    assert pieces(march.evidence_of_progress)[0] in " ".join(words.split())


def build_review(recommendations, *, by):
    """A review of `recommendations` recommendations, each with an action of
    its own and a strand, graded in two published rounds; one more marked
    exempt, so the notices are printed too."""
    from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round, make_sub_action

    review = make_review(status=Review.Status.MONITORING)
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    for _ in range(recommendations):
        rec = make_recommendation(review)
        sub = make_sub_action(rec)
        for action in (make_action(rec), make_action(rec, sub_action=sub, strand="Strand")):
            make_entry(action, march, grade=2)
            make_entry(action, september, grade=2)
    Action.objects.filter(recommendation__review=review).first().mark_exempt(4, by=by)
    return review


@pytest.mark.parametrize("name", ["public_review", "public_round"])
def test_the_public_pages_take_as_many_queries_for_50_recommendations_as_for_1(name, client, settings, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SCRUTINY_PUBLIC_PAGES = True

    def queries_for(review):
        args = [review.slug] if name == "public_review" else [review.slug, "2020-09"]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        return len(queries)

    small, large = build_review(1, by=clerk), build_review(50, by=clerk)
    assert queries_for(large) == queries_for(small)
