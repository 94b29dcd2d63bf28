"""The conversation on an update in a real browser: the officer and the
link officer write to each other about Vanessa Housley's update on 1 a)
Schools, each reading the other's words on their own page and hearing of
them by e-mail once (the pages with the thread are in the axe walk,
tests/browser/test_accessibility.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import schools_submitted_in_march_2021


@pytest.fixture
def submitted(demo_site, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    entry = schools_submitted_in_march_2021(demo_site)
    mail.outbox.clear()
    return entry


def comment_mails_to(address):
    return [m for m in mail.outbox if address in m.to and m.subject.startswith("Comment on the update")]


def test_the_officer_and_the_link_officer_talk_an_update_over(page, submitted):
    entry = submitted
    vanessa, marc = (get_user_model().objects.get(username=name) for name in ("vanessa.housley", "marc.stephenson"))

    # Marc returns the update: his comment opens the conversation.
    sign_in(page, "marc.stephenson")
    page.goto(reverse("approve_entry", args=[entry.pk]))
    page.get_by_label("What the officer needs to change").fill("Say which schools held assemblies.")
    page.get_by_role("button", name="Return to the officer").click()
    page.wait_for_url("**/approvals/")

    # Vanessa reads it on her update's page and asks a question there.
    page.context.clear_cookies()
    sign_in(page, "vanessa.housley")
    page.goto(reverse("update_entry", args=[entry.pk]))
    thread = page.locator("#conversation")
    assert "Say which schools held assemblies." in thread.inner_text()
    assert "Returned the update" in thread.inner_text()
    # She has started on the change when she asks: nothing she typed is lost.
    page.locator("#id_evidence_of_progress").fill("Assemblies held in all twelve secondary schools.")
    thread.get_by_label("Add a comment").fill("All twelve secondary schools: shall I list them?")
    thread.get_by_role("button", name="Add the comment").click()
    page.wait_for_url(f"**{reverse('update_entry', args=[entry.pk])}#conversation")
    assert "Your comment was added" in page.get_by_role("alert").inner_text()
    assert page.locator("#id_evidence_of_progress").input_value() == "Assemblies held in all twelve secondary schools."
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Assemblies held in all twelve secondary schools."
    assert "All twelve secondary schools" in page.locator("#conversation").inner_text()
    assert len(comment_mails_to(marc.email)) == 1 and comment_mails_to(vanessa.email) == []

    # Marc answers from the e-mail's link, the conversation's own page.
    page.context.clear_cookies()
    sign_in(page, "marc.stephenson")
    page.goto(reverse("update_comments", args=[entry.pk]))
    page.get_by_label("Add a comment").fill("No need: the number will do.")
    page.get_by_role("button", name="Add the comment").click()
    # all_inner_texts() does not wait: read once the new page shows the third comment.
    expect(page.locator(".app-conversation__comment")).to_have_count(3)
    texts = page.locator(".app-conversation__comment").all_inner_texts()
    assert [text.splitlines()[-1] for text in texts] == [
        "Say which schools held assemblies.",
        "All twelve secondary schools: shall I list them?",
        "No need: the number will do.",
    ]
    assert len(comment_mails_to(vanessa.email)) == 1 and len(comment_mails_to(marc.email)) == 1
    assert "No need: the number will do." in comment_mails_to(vanessa.email)[0].body
