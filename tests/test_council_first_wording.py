"""A new install prints no other council's words: its Progress Update's
title and introduction are blank until the council gives its own, and the
export says so rather than print a paper without them."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import Council, Review, Round
from actionplans.models.council import FIRST_WORDING, council
from tests import council_papers, seed_001
from tests.conftest import TEST_COUNCIL_WORDING
from tests.documents import body, document_text, page_text
from tests.factories import make_action, make_entry, make_recommendation, make_review, make_round
from tests.test_import_tracker_rounds import tracker
from tests.test_import_trackers import confirm, preview_again, upload
from tests.word_files import seed_layout

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_install(db):
    """The council row as a new install makes it (models/council.py)."""
    Council.objects.filter(pk=1).update(**FIRST_WORDING)
    return council()


def a_review_with_a_round():
    review = make_review()
    round = make_round(review)
    make_entry(make_action(make_recommendation(review)), round)
    return review, round


def test_a_new_install_has_no_title_or_introduction_of_another_council(fresh_install):
    assert (fresh_install.update_title, fresh_install.introduction, fresh_install.impact_sentence) == ("", "", "")
    assert fresh_install.lacks == ["the Progress Update's title", "its introduction"]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_the_export_asks_for_the_title_rather_than_print_a_paper_without_it(fresh_install, clerk, client, fmt):
    review, round = a_review_with_a_round()
    client.force_login(clerk)
    response = client.post(
        reverse("progress_update", args=[review.slug]), {"round": f"{round.period:%Y-%m}", "format": fmt}
    )
    assert response.status_code == 200
    text = page_text(response.content)
    assert "The council has not given the Progress Update's title or its introduction" in text
    assert "Stockton" not in text and "Scrutiny Monitoring – Progress Update" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_once_the_council_gives_its_own_the_paper_prints_them(fresh_install, clerk, client, fmt):
    Council.objects.get(pk=1).change(
        by=None, update_title="Scrutiny Recommendations Tracker", introduction="The panel's recommendations."
    )
    review, round = a_review_with_a_round()
    client.force_login(clerk)
    url = reverse("progress_update", args=[review.slug]) + f"?round={round.period:%Y-%m}&format={fmt}"
    printed = " ".join(document_text(body(client.get(url)), fmt).split())
    assert "SCRUTINY RECOMMENDATIONS TRACKER" in printed and "The panel's recommendations." in printed
    assert "Stockton" not in printed and "approximately 12 months" not in printed


def forget_stocktons_words():
    from django.apps import apps

    migration = importlib.import_module("actionplans.migrations.0067_council_title_and_introduction_may_be_blank")
    migration.forget_stocktons_words(apps, None)
    return council()


def test_the_migration_blanks_stocktons_words_on_an_install_with_no_review_and_no_change(db):
    # As migration 0040 made it, with no history (a new install's first
    # terms made after migrate have their creation in the history).
    Council.objects.filter(pk=1).update(**TEST_COUNCIL_WORDING)
    Council.history.all().delete()
    assert forget_stocktons_words().lacks == ["the Progress Update's title", "its introduction"]


def test_the_migration_leaves_an_install_with_reviews_as_it_is(db):
    Council.objects.filter(pk=1).update(**TEST_COUNCIL_WORDING)
    make_review()
    assert forget_stocktons_words().update_title == "Scrutiny Monitoring – Progress Update"


def test_the_migration_leaves_wording_someone_changed_as_it_is(db):
    Council.objects.get(pk=1).change(by=None, **TEST_COUNCIL_WORDING)  # in the history
    assert forget_stocktons_words().update_title == "Scrutiny Monitoring – Progress Update"


def test_the_first_import_asks_for_the_councils_title_and_introduction_and_its_papers_print_them(
    fresh_install, clerk, client, django_capture_on_commit_callbacks
):
    review = make_review(title="Fly-tipping and Food Waste", status=Review.Status.SETTING_UP)
    client.force_login(clerk)
    preview = preview_again(client, upload(client, review, tracker(), "tracker.xlsx"), create_people="on")
    assert "The council's own words for its papers" in page_text(preview.content)
    with django_capture_on_commit_callbacks(execute=True):
        refused = confirm(client, preview, create_people="on", update_title="Scrutiny Recommendations Tracker")
    assert refused.status_code == 200
    shown = page_text(refused.content)
    assert "Enter the paragraph the council's Progress Update prints" in shown
    assert 'value="Scrutiny Recommendations Tracker"' in refused.content.decode()  # kept as typed
    assert not review.rounds.exists() and council().lacks

    given = {"update_title": "Scrutiny Recommendations Tracker", "introduction": "The panel's recommendations."}
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, refused, create_people="on", **given)
    assert done.status_code == 302
    assert (council().update_title, council().introduction) == tuple(given.values())
    assert Council.history.first().history_user == clerk  # in the audit history, by the clerk
    round = review.rounds.order_by("period").first()
    url = reverse("progress_update", args=[review.slug]) + f"?round={round.period:%Y-%m}&format=pdf"
    printed = " ".join(document_text(body(client.get(url)), "pdf").split())
    assert "SCRUTINY RECOMMENDATIONS TRACKER" in printed and "The panel's recommendations." in printed
    assert "approximately 12 months" not in printed


def test_an_import_gives_no_wording_the_council_already_has(clerk):
    Council.objects.get(pk=1).give_missing_wording(by=clerk, update_title="Another title", introduction="Another.")
    assert council().update_title == "Scrutiny Monitoring – Progress Update"


def test_the_preview_offers_the_word_papers_own_title_and_introduction(fresh_install, clerk, client):
    review = make_review(title="Hate Crime")
    client.force_login(clerk)
    data = seed_layout(seed_001.PAPER, key="merged")
    response = client.post(
        reverse("import_upload", args=[review.slug]), {"file": SimpleUploadedFile("hate-crime.docx", data)}
    )
    preview = client.get(response["Location"])
    form = preview.context["wording_form"]
    assert form["update_title"].value() == "SCRUTINY MONITORING – PROGRESS UPDATE"
    assert form["introduction"].value().startswith("Updates on the progress of actions")
    assert 'value="SCRUTINY MONITORING – PROGRESS UPDATE"' in preview.content.decode()


def test_the_preview_offers_a_column_papers_own_title_and_introduction(fresh_install, clerk, client):
    review = make_review(title="Hospital discharge")
    client.force_login(clerk)
    response = client.post(
        reverse("import_upload", args=[review.slug]),
        {"file": SimpleUploadedFile("kingsmere.docx", council_papers.kingsmere_word_paper())},
    )
    form = client.get(response["Location"]).context["wording_form"]
    assert form["update_title"].value() == "Kingsmere District Council"
    assert form["introduction"].value().startswith("Health and Adult Social Care Overview and Scrutiny Committee")


def test_a_round_is_not_published_while_the_council_lacks_its_title(fresh_install, clerk, client):
    """A published round keeps the wording it had: published without a
    title, its paper would have none for good."""
    review = make_review()
    round = make_round(review, status=Round.Status.OPEN)
    make_entry(make_action(make_recommendation(review)), round)
    client.force_login(clerk)
    response = client.post(reverse("publish_round", args=[round.pk]), {"confirm_missing": "on"}, follow=True)
    assert "The council has not given the Progress Update's title or its introduction" in page_text(response.content)
    round.refresh_from_db()
    assert round.is_open
