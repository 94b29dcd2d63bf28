"""A lettered part whose text was typed as the council's paper words it
("a) taxi marshalling…") is named with its letter once: "2 a) taxi
marshalling…", never "2 a) a) taxi marshalling…", on the plan page, the
officer's update page, the committee's PDF and Word, and in e-mails. The
record keeps the text as it was typed."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from actionplans.models import Round
from reports.documents import ExportOptions, render
from reports.progress_update.builder import build_progress_update
from tests.documents import docx_text, pdf_text, squash
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

WORDS = "taxi marshalling at the ranks on Friday and Saturday nights"


def lettered(typed: str, letter: str = "a", owners=()):
    review = make_review("Night-Time Economy")
    rec = make_recommendation(review, number=2, text="That the Council keeps the night safe.")
    return make_action(rec, owners=owners, sub_action=make_sub_action(rec, letter, typed))


def words_of(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("typed", [f"a) {WORDS}", f"(a) {WORDS}", f"a. {WORDS}", f"A) {WORDS}", f"  a)  {WORDS}"])
def test_a_part_typed_with_its_letter_is_named_with_the_letter_once(typed):
    action = lettered(typed)
    assert action.full_name == f"2 a) {WORDS}"
    assert action.name.startswith("2 a) taxi marshalling")
    action.sub_action.refresh_from_db()
    assert action.sub_action.text == typed  # the record keeps what was typed


@pytest.mark.parametrize(
    ("letter", "typed"),
    [("a", f"b) {WORDS}"), ("a", "a.m. patrols by the wardens"), ("b", "a) what another part says")],
)
def test_words_that_only_look_like_a_letter_are_kept(letter, typed):
    assert lettered(typed, letter).full_name == f"2 {letter}) {typed}"


def test_the_plan_page_prints_the_letter_once(clerk):
    action = lettered(f"a) {WORDS}")
    client = Client()
    client.force_login(clerk)
    page = words_of(client.get(reverse("review_detail", args=[action.recommendation.review.slug])))
    assert f"a) {WORDS}" in page
    assert "a) a)" not in page


def test_the_officers_update_page_names_the_part_with_its_letter_once(officer):
    olu = make_owner("Olu Officer", user=officer)
    action = lettered(f"a) {WORDS}", owners=[olu])
    round = make_round(action.recommendation.review, 2021, 3, status=Round.Status.OPEN)
    entry = make_entry(action, round, grade=None, evidence="", owners=[olu])
    client = Client()
    client.force_login(officer)
    page = words_of(client.get(reverse("update_entry", args=[entry.pk])))
    assert f"Update on 2 a) {WORDS}" in page
    assert "a) a)" not in page


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_committees_papers_print_the_letter_once(fmt):
    action = lettered(f"(a) {WORDS}")
    review = action.recommendation.review
    march = make_round(review, 2020, 3)
    make_entry(action, march, evidence="Marshals at both ranks since January.")
    data = render(build_progress_update(review, rounds=[march], round=march), fmt, ExportOptions())
    text = pdf_text(data) if fmt == "pdf" else docx_text(Document(io.BytesIO(data)))
    assert squash(f"a) {WORDS}") in squash(text)
    assert squash("a) (a)") not in squash(text) and squash("a) a)") not in squash(text)
