"""An action without a strand's heading is named for a person to read by
its reference and its words ("1 f) Continue to review the membership…"),
not by its bare reference ("1 f)"): in e-mails' subjects and words, page
titles and headings. An e-mail does not copy words that are exempt
information: it names such an action by its number and letter and the
notice."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import ProgressEntry, Round
from tests.factories import (
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_sub_action,
)

pytestmark = pytest.mark.django_db

WORDS = "Continue to review the membership of the Stockton Hate Crime Group"
NAME = "1 f) Continue to review the membership of the…"


@pytest.fixture
def plan(link_officer, officer, smtp_server):
    """1 f) of the Hate Crime review, a lettered part with no strands: Olu
    writes its March 2021 update, Lin checks it."""
    for user, address in [(link_officer, "lin@example.org"), (officer, "olu@example.org")]:
        user.email = address
        user.save()
    lin, olu = make_owner("Lin Officer", user=link_officer), make_owner("Olu Officer", user=officer)
    review = make_review("Hate Crime", committee=make_committee("Crime Select Committee"), link_officers=[lin])
    rec = make_recommendation(review, number=1, text="That the Council tackles hate crime together with its partners.")
    action = make_action(rec, owners=[olu], sub_action=make_sub_action(rec, "f", WORDS))
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    entry = make_entry(action, round, grade=None, evidence="", owners=[olu], status=ProgressEntry.Status.NOT_STARTED)
    return {"action": action, "entry": entry}


def submit_and_approve(entry, officer, link_officer, capture):
    with capture(execute=True):
        entry.refresh_from_db()
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Met twice.", grade=2)
        entry.approve(by=link_officer, version=entry.version)


def subject(message) -> str:
    """As a mail program shows it: a long subject with characters beyond
    ASCII is folded onto the header's next line."""
    return message["Subject"].strip()


def words_of(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_emails_name_the_action_by_its_words(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    submit_and_approve(plan["entry"], officer, link_officer, django_capture_on_commit_callbacks)
    (to_check,) = smtp_server.to("lin@example.org")
    assert subject(to_check) == f"Update to check: {NAME}, Hate Crime, March 2021"
    assert f"submitted the March 2021 update of {NAME} (Hate Crime review)" in smtp_server.body(to_check)
    (approved,) = smtp_server.to("olu@example.org")
    assert subject(approved) == f"Update approved: {NAME}, Hate Crime, March 2021"
    assert f"approved the March 2021 update of {NAME} (Hate Crime review)" in smtp_server.body(approved)


def test_an_email_does_not_copy_exempt_words_into_the_name(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    action = plan["action"]
    action.exempt_paragraph = 3
    action.save()
    submit_and_approve(plan["entry"], officer, link_officer, django_capture_on_commit_callbacks)
    (approved,) = smtp_server.to("olu@example.org")
    assert subject(approved) == "Update approved: 1 f) – exempt information (paragraph 3), Hate Crime, March 2021"
    assert "Continue to review" not in subject(approved) + smtp_server.body(approved)


@pytest.mark.parametrize(("address", "heading"), [("action_history", "History of"), ("reassign_action", "Reassign")])
def test_the_history_and_reassign_pages_name_the_action_by_its_words(plan, clerk, address, heading):
    client = Client()
    client.force_login(clerk)
    response = client.get(reverse(address, args=[plan["action"].pk]))
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    assert f"{heading} 1 f) {WORDS}" in " ".join(title.split())
    assert f"{heading} 1 f) {WORDS}" in words_of(response)
