"""The officer's update on one page (issue 41): files chosen on the update's
form itself, several at once, each titled by its name, attached with the
update or not at all; chosen files kept while the form comes back with a
problem; a refused file named by the field, the others kept; a draft saved
stays on the update; the latest comment above the form; the grades that
need an explanation named for the page's script."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.evidence import kept
from actionplans.models import EvidenceFile
from tests import evidence_files, test_evidence
from tests.servers import form_fields
from tests.test_evidence import signed_in, stored_files, text

pytestmark = pytest.mark.django_db

plan = test_evidence.plan  # the fixture: a review, its round open, the officer's action


def form_of(client, entry) -> dict:
    page = client.get(reverse("update_entry", args=[entry.pk])).content.decode()
    return {"version": re.search(r'name="version" value="(\d+)"', page).group(1)}


def chosen(*files):
    return [SimpleUploadedFile(name, data) for name, data in files]


def save_draft(client, entry, evidence: str, *files):
    """The update form posted as "Save as draft", with `files` chosen."""
    return client.post(
        reverse("update_entry", args=[entry.pk]),
        {**form_of(client, entry), "evidence_of_progress": evidence, "save": "", "files": chosen(*files)},
    )


def test_files_chosen_with_the_update_are_attached_with_it_each_titled_by_its_name(plan, officer, clamd):
    entry = plan["entry"]
    client = signed_in(officer)
    minutes, notes = evidence_files.pdf(), evidence_files.docx()
    answer = save_draft(client, entry, "Workshops held.", ("Minutes_of_the_group.pdf", minutes), ("notes.docx", notes))
    # A draft saved stays on the update.
    assert answer.status_code == 302 and answer.url == reverse("update_entry", args=[entry.pk])
    page = text(client.get(answer.url))
    assert "Your draft update on" in page and "was saved with 2 files." in page
    assert [(f.title, f.file_name) for f in entry.files.order_by("pk")] == [
        ("Minutes of the group", "Minutes_of_the_group.pdf"),
        ("notes", "notes.docx"),
    ]
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Workshops held." and entry.version == 3  # two files and the text
    assert [r.history_user for r in entry.history.all()[:3]] == [officer] * 3


def test_files_chosen_are_kept_while_the_form_shows_a_problem_and_attached_when_it_is_put_right(
    plan,
    officer,
    clamd,
    settings,
):
    entry = plan["entry"]
    client = signed_in(officer)
    form = form_of(client, entry)
    first = client.post(
        reverse("update_entry", args=[entry.pk]),
        {**form, "evidence_of_progress": "", "submit": "", "files": chosen(("minutes.pdf", evidence_files.pdf()))},
    )
    assert first.status_code == 200
    page = text(first)
    assert "Enter the evidence of progress" in page
    assert "Chosen already, and kept for you: ‘minutes.pdf’" in page
    assert not EvidenceFile.objects.exists()  # nothing saved
    token = re.search(r'name="kept_files" value="([^"]+)"', first.content.decode()).group(1)

    # Another file chosen on the second try joins the first.
    second = client.post(
        reverse("update_entry", args=[entry.pk]),
        {
            **form,
            "kept_files": token,
            "evidence_of_progress": "Workshops held.",
            "grade": "1",
            "submit": "",
            "files": chosen(("figures.csv", b"school,replied\nAll Saints,yes\n")),
        },
    )
    assert second.status_code == 302 and second.url == reverse("my_updates")
    assert sorted(entry.files.values_list("file_name", flat=True)) == ["figures.csv", "minutes.pdf"]
    entry.refresh_from_db()
    assert entry.status == entry.Status.SUBMITTED
    # Nothing kept lingers once attached: only the two files the record names.
    assert len(stored_files(settings)) == 2


def test_a_refused_file_is_named_by_the_field_nothing_is_saved_and_the_other_files_stay_chosen(
    plan,
    officer,
    clamd,
    settings,
):
    entry = plan["entry"]
    client = signed_in(officer)
    answer = save_draft(
        client, entry, "Workshops held.", ("minutes.pdf", evidence_files.pdf()), ("notes.docm", evidence_files.docm())
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert re.search(r'id="id_files-error"[^>]*>.*contains macros', html, re.S)
    assert "Chosen already, and kept for you: ‘minutes.pdf’." in text(answer)
    assert "notes.docm" not in re.search(r'id="kept-files".*?</p>', html, re.S).group(0)
    entry.refresh_from_db()
    assert entry.version == 0 and entry.evidence_of_progress == "" and not EvidenceFile.objects.exists()
    stored = stored_files(settings)
    assert len(stored) == 1 and stored[0].read_bytes() == evidence_files.pdf()  # the kept copy alone


def test_as_many_files_as_an_update_carries_are_attached_at_once(plan, officer, clamd, settings):
    """Six at once (Django's own limit was five a request) and up to the
    update's ten: attached with the update."""
    entry = plan["entry"]
    client = signed_in(officer)
    files = [(f"notes-{n}.txt", f"Notes of meeting {n}.\n".encode()) for n in range(settings.EVIDENCE_MAX_FILES)]
    answer = save_draft(client, entry, "Meetings held.", *files)
    assert answer.status_code == 302
    assert entry.files.count() == settings.EVIDENCE_MAX_FILES


def test_more_files_than_the_update_carries_are_refused_beside_the_field_the_typed_text_kept(
    plan, officer, clamd, settings
):
    """Eleven at once, or six more when the update has five: a message by
    the field, what was typed still in the form, nothing attached or
    stored, nothing saved; no file past the limit reaches the disk."""
    entry = plan["entry"]
    client = signed_in(officer)
    too_many = [(f"notes-{n}.txt", b"Notes.\n") for n in range(settings.EVIDENCE_MAX_FILES + 1)]
    answer = save_draft(client, entry, "Meetings held.", *too_many)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert re.search(
        r'id="id_files-error"[^>]*>.*You chose 11 files, but an update may carry up to 10 files', html, re.S
    )
    assert "Meetings held." in html and "There is a problem" in text(answer)
    entry.refresh_from_db()
    assert entry.version == 0 and not EvidenceFile.objects.exists() and stored_files(settings) == []

    five = [(f"minutes-{n}.txt", b"Minutes.\n") for n in range(5)]
    save_draft(client, entry, "Meetings held.", *five)
    assert entry.files.count() == 5
    answer = save_draft(client, entry, "And more.", *too_many[:6])
    assert "You chose 6 files, but an update may carry up to 10 files and it already has 5: choose 5 or fewer" in (
        text(answer)
    )
    assert "And more." in answer.content.decode() and entry.files.count() == 5


def test_a_file_with_a_virus_is_said_not_kept_beside_the_files_that_are(plan, officer, clamd, settings):
    """Issue 55: the refusal said "nothing was kept" beside "kept for you"."""
    entry = plan["entry"]
    client = signed_in(officer)
    answer = save_draft(
        client, entry, "Workshops held.", ("minutes.pdf", evidence_files.pdf()), ("report.txt", evidence_files.eicar())
    )
    page = text(answer)
    assert "'report.txt' contains a virus or other malware" in page
    assert "it was not attached, and no copy of it was kept" in page and "nothing was kept" not in page
    assert "Chosen already, and kept for you: ‘minutes.pdf’." in page


def test_the_update_page_quotes_a_target_given_in_words(plan, officer):
    """Issue 55: "The target now is Reviewed throughout the year 2019"."""
    entry = plan["entry"]
    type(entry.action).objects.filter(pk=entry.action_id).update(
        target_text="Reviewed throughout the year 2019", target_month=None
    )
    page = text(signed_in(officer).get(reverse("update_entry", args=[entry.pk])))
    assert "The target now reads ‘Reviewed throughout the year 2019’." in page


def test_the_pages_about_one_update_name_its_action_in_full(plan, officer):
    """Issue 55: headings such as "Update on 1 That the Council…", cut
    mid-sentence, where the action is named by its recommendation's words."""
    entry = plan["entry"]
    words = "That the Council writes to every school in the borough about reporting hate incidents"
    type(entry.action).objects.filter(pk=entry.action_id).update(strand="")
    type(entry.action.recommendation).objects.filter(pk=entry.action.recommendation_id).update(text=words)
    client = signed_in(officer)
    for name in ("update_entry", "entry_files", "update_comments"):
        html = client.get(reverse(name, args=[entry.pk])).content.decode()
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        assert words in heading and "…" not in heading, (name, heading)


def test_kept_files_are_only_their_chooser_s_and_go_after_a_day(plan, officer, clamd, settings):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    token = kept.keep(officer, [("minutes.pdf", SimpleUploadedFile("minutes.pdf", evidence_files.pdf()))])
    someone_else = get_user_model().objects.exclude(pk=officer.pk).first()
    assert kept.names(officer, token) == ["minutes.pdf"]
    assert kept.names(someone_else, token) == [] and kept.names(officer, token[:-2] + "xx") == []
    assert kept.forget_abandoned() == 0
    assert kept.forget_abandoned(now=timezone.now() + kept.KEPT_FOR * 2) == 1
    assert kept.names(officer, token) == [] and stored_files(settings) == []


def test_the_latest_comment_is_above_the_form_and_the_grades_needing_an_explanation_are_named(
    plan,
    officer,
    link_officer,
):
    entry = plan["entry"]
    entry.add_comment(by=link_officer, text="Please add the minutes of March's meeting.")
    page = signed_in(officer).get(reverse("update_entry", args=[entry.pk])).content.decode()
    latest, form = page.index('id="latest-comment"'), page.index('enctype="multipart/form-data"')
    assert latest < form and "Please add the minutes of March" in page[latest:form]
    worse = re.search(r'data-worse-grades="([^"]*)"', page).group(1).split()
    assert worse  # the scale's Slipped and Not Achieved at least


def test_my_updates_says_new_comment_until_the_officer_answers_it(plan, officer, link_officer):
    entry = plan["entry"]
    client = signed_in(officer)
    assert "New comment" not in text(client.get(reverse("my_updates")))
    entry.add_comment(by=link_officer, text="Please add the minutes of March's meeting.")
    listed = text(client.get(reverse("my_updates")))
    assert "New comment from" in listed and "Please add the minutes of March's meeting." in listed
    entry.add_comment(by=officer, text="Done.")
    assert "New comment" not in text(client.get(reverse("my_updates")))


# The conversation's box is part of the update's form (issue 55: adding a
# comment threw away what the officer had typed in the update).


def post_with_comment(client, entry, evidence: str, comment: str, button: str = "comment", **typed):
    """The update's form as the browser sends it (every field as the page
    filled it), with `evidence` and `typed` typed in the update, `comment`
    in the conversation's box, and `button` ("comment", "save", "submit")."""
    page = client.get(reverse("update_entry", args=[entry.pk])).content.decode()
    fields = dict(form_fields(page, "version"))
    fields.pop("submit", None), fields.pop("save", None)
    fields.update(evidence_of_progress=evidence, text=comment, **{button: ""}, **typed)
    return client.post(reverse("update_entry", args=[entry.pk]), fields)


def test_adding_a_comment_saves_the_officers_unsaved_changes_with_it_as_a_draft(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    answer = post_with_comment(client, entry, "Workshops held in six schools.", "Shall I add the survey?")
    assert answer.status_code == 302 and answer.url == reverse("update_entry", args=[entry.pk]) + "#conversation"
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Workshops held in six schools." and entry.status == entry.Status.DRAFT
    assert [comment.text for comment in entry.thread()] == ["Shall I add the survey?"]
    page = text(client.get(answer.url))
    assert "Your comment was added" in page and "Your draft update on" in page and "was saved" in page


def test_a_comment_alone_leaves_the_update_as_it_was(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    save_draft(client, entry, "Workshops held.")
    entry.refresh_from_db()
    version = entry.version
    answer = post_with_comment(client, entry, "Workshops held.", "Shall I add the survey?")
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.version == version and len(entry.thread()) == 1
    assert "was saved" not in text(client.get(answer.url))


def test_an_empty_comment_keeps_what_was_typed_in_the_update_and_saves_nothing(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    answer = post_with_comment(client, entry, "Workshops held in six schools.", "  ")
    assert answer.status_code == 200
    page = text(answer)
    assert "Enter your comment" in page and "Workshops held in six schools." in page
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "" and entry.thread() == []


def test_an_update_that_cannot_be_saved_keeps_the_comment_typed_and_adds_neither(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    answer = post_with_comment(client, entry, "Held.", "Is this late target right?", target_reason="Funding came late.")
    assert answer.status_code == 200
    page = text(answer)
    assert "Enter the new target month" in page and "Is this late target right?" in page
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "" and entry.thread() == []


def test_saving_the_draft_with_words_in_the_comment_box_adds_the_comment_too(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    answer = post_with_comment(client, entry, "Workshops held.", "Survey to follow.", button="save")
    assert answer.status_code == 302
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Workshops held." and [c.text for c in entry.thread()] == ["Survey to follow."]


def test_the_comment_box_is_part_of_the_update_form_while_it_is_open(plan, officer):
    entry, client = plan["entry"], signed_in(officer)
    page = client.get(reverse("update_entry", args=[entry.pk])).content.decode()
    assert 'id="update-form"' in page and 'form="update-form"' in page
    assert re.search(
        r'<textarea[^>]*name="text"[^>]*form="update-form"|<textarea[^>]*form="update-form"[^>]*name="text"', page
    )
    assert f'action="{reverse("update_comments", args=[entry.pk])}"' not in page
