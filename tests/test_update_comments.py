"""The conversation on an update (issue 27 item 2): the officer, co-owners,
the link officer and clerks write to each other while the round is open;
each comment tells the others once, as each chose (each time, a daily
digest, never); the return comment is the first of them; a returned
update's reminder quotes it; and no paper, public page, API answer, open
data file or search result ever reads a comment. E-mails go to a real SMTP
server on 127.0.0.1."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import permissions, roles
from actionplans.models import NotificationPreference, ProgressEntry, Round, UpdateComment
from tests.factories import (
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


def send_notifications(*args) -> str:
    out = io.StringIO()
    call_command("send_notifications", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(clerk, link_officer, officer, smtp_server, django_capture_on_commit_callbacks):
    """Olu's update on an action of the Hate Crime review, submitted in its
    open March 2021 round; Lin is the review's link officer, Coby Olu's
    co-owner, and everyone has an e-mail address."""
    for user, address in [
        (clerk, "carla@example.org"),
        (link_officer, "lin@example.org"),
        (officer, "olu@example.org"),
    ]:
        user.email = address
        user.save()
    coby = make_user("co.owner", roles.OFFICER, email="coby@example.org", first_name="Coby", last_name="Owner")
    lin, olu = make_owner("Lin Officer", user=link_officer), make_owner("Olu Officer", user=officer)
    review = make_review("Hate Crime", committee=make_committee("Crime Select Committee"), link_officers=[lin])
    action = make_action(make_recommendation(review), owners=[olu])
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    entry = make_entry(
        action, round, grade=None, evidence="", owners=[olu, make_owner("Coby Owner", user=coby)],
        status=ProgressEntry.Status.NOT_STARTED,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        entry.save_update(by=officer, version=0, submit=True, evidence_of_progress="Workshops held.", grade=2)
    entry.refresh_from_db()
    smtp_server.messages.clear()  # Lin's e-mail of the update to check
    return {"review": review, "round": round, "entry": entry, "coby": coby}


def fresh(entry):
    return ProgressEntry.objects.get(pk=entry.pk)


def comment_mails(smtp_server, address):
    return [m for m in smtp_server.to(address) if m["Subject"].strip().startswith("Comment on the update")]


# Each time, a daily digest, never -------------------------------------------------


def test_a_thread_between_an_officer_and_the_link_officer_tells_each_the_other_once_per_comment(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.return_to_officer(by=link_officer, version=entry.version, comment="Add this year's figures.")
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=officer, text="Which figures: the police's or ours?")
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=link_officer, text="The police's, for the year to March.")
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=officer, text="Thank you: added.")

    # The return is one e-mail of its own kind, carrying the comment; then
    # each comment goes once to everyone in the conversation but its writer.
    (returned,) = [m for m in smtp_server.to("olu@example.org") if m["Subject"].startswith("Update returned")]
    assert "Add this year's figures." in smtp_server.body(returned)
    to_lin = comment_mails(smtp_server, "lin@example.org")
    to_olu = comment_mails(smtp_server, "olu@example.org")
    assert len(to_lin) == 2 and len(to_olu) == 1
    assert to_lin[0]["Subject"] == "Comment on the update: 1 That the Council do something, Hate Crime, March 2021"
    body = smtp_server.body(to_lin[0])
    assert "Olu Officer commented on the March 2021 update of 1 That the Council do something (Hate Crime review):" in (
        body
    )
    assert "Which figures: the police's or ours?" in body
    assert f"http://127.0.0.1:8000/updates/{entry.pk}/comments/" in body
    assert "The police's, for the year to March." in smtp_server.body(to_olu[0])
    # The co-owner works on the update too: told of every comment, once.
    assert len(comment_mails(smtp_server, "coby@example.org")) == 3
    # The clerk is not in this conversation.
    assert smtp_server.to("carla@example.org") == []
    before = len(smtp_server.messages)
    send_notifications()
    assert len(smtp_server.messages) == before
    assert [c.text for c in fresh(entry).thread()] == [
        "Add this year's figures.",
        "Which figures: the police's or ours?",
        "The police's, for the year to March.",
        "Thank you: added.",
    ]


def test_a_person_who_chose_a_daily_digest_hears_of_the_comments_once_a_day(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.choose(officer, {"update_commented": "daily"}, by=officer)
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.add_comment(by=link_officer, text="Is the second workshop booked?")
        fresh(entry).add_comment(by=link_officer, text="And the third?")
    assert comment_mails(smtp_server, "olu@example.org") == []
    send_notifications("--digests")
    (digest,) = smtp_server.to("olu@example.org")
    assert digest["Subject"].endswith(": 2 notifications")
    body = smtp_server.body(digest)
    assert "Is the second workshop booked?" in body and "And the third?" in body


def test_a_person_who_chose_never_hears_nothing_of_the_comments(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.choose(officer, {"update_commented": "never"}, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        plan["entry"].add_comment(by=link_officer, text="Is the second workshop booked?")
    send_notifications("--digests")
    assert smtp_server.to("olu@example.org") == []
    assert len(comment_mails(smtp_server, "coby@example.org")) == 1


def test_a_clerk_who_comments_joins_the_conversation_and_hears_the_replies(
    plan, officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.add_comment(by=clerk, text="The meeting moved to the 18th.")
    assert len(comment_mails(smtp_server, "lin@example.org")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=officer, text="Noted.")
    assert len(comment_mails(smtp_server, "carla@example.org")) == 1


def test_a_link_officer_who_left_the_review_hears_no_more_of_its_conversation(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    """Lin wrote in the thread, then the review's link officer changed: only
    those who take part now are told, not everyone who ever wrote."""
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        entry.add_comment(by=link_officer, text="Which schools?")
    kit = make_owner("Kit Officer", user=make_user("kit", roles.LINK_OFFICER, email="kit@example.org"))
    plan["review"].set_link_officers([kit], by=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=officer, text="All 62 of them.")
    assert len(comment_mails(smtp_server, "lin@example.org")) == 0
    assert len(comment_mails(smtp_server, "kit@example.org")) == 1


def test_an_exempt_updates_comment_is_not_copied_into_the_email(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    entry.action.mark_exempt(1, by=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        fresh(entry).add_comment(by=link_officer, text="Mrs Smith's case is the one to mention.")
    (mail,) = comment_mails(smtp_server, "olu@example.org")
    body = smtp_server.body(mail)
    assert "Mrs Smith" not in body
    # Nor the action's words: it is named by its number and the notice.
    subject = mail["Subject"].strip()
    assert subject == "Comment on the update: 1 – exempt information (paragraph 1), Hate Crime, March 2021"
    assert "do something" not in subject + body
    assert "exempt information (paragraph 1), so the comment is not copied into this e-mail" in body
    assert f"/updates/{entry.pk}/comments/" in body


# The rules ---------------------------------------------------------------------------


def test_a_comment_is_in_the_history_with_who_wrote_it(plan, link_officer):
    comment = plan["entry"].add_comment(by=link_officer, text="Good progress.")
    (record,) = comment.history.all()
    assert record.history_user == link_officer and record.text == "Good progress."


def test_an_empty_comment_is_refused_by_its_field_and_nothing_is_saved(plan, officer):
    with pytest.raises(Exception, match="Enter your comment"):
        plan["entry"].add_comment(by=officer, text="   ")
    assert not UpdateComment.objects.exists()


def test_nobody_comments_once_the_round_is_published_nor_someone_outside_the_conversation(plan, clerk, councillor):
    other = make_user("other.officer", roles.OFFICER)
    with pytest.raises(permissions.Refused, match="Only the update's officers"):
        plan["entry"].add_comment(by=other, text="Me too.")
    with pytest.raises(permissions.Refused):
        plan["entry"].add_comment(by=councillor, text="Me too.")
    plan["round"].publish(by=clerk)
    with pytest.raises(permissions.Refused, match="The round is published"):
        fresh(plan["entry"]).add_comment(by=clerk, text="Too late.")
    assert not UpdateComment.objects.exists()


def test_a_persons_comments_are_in_their_subject_access_export(plan, link_officer):
    from actionplans.models import Owner
    from actionplans.personal_data.builder import build_personal_data, render_json

    plan["entry"].add_comment(by=link_officer, text="Good progress on the workshops.")
    data = build_personal_data(Owner.objects.get(user=link_officer), council="Stockton")
    assert "Good progress on the workshops." in render_json(data).decode()


# The reminders ---------------------------------------------------------------------


def test_a_returned_updates_reminder_quotes_the_return_comment(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Add this year's figures.")
    with django_capture_on_commit_callbacks(execute=True):
        Round.objects.get(pk=plan["round"].pk).send_reminders(base_url="http://127.0.0.1:8000", by=clerk)
    (reminder,) = [m for m in smtp_server.to("olu@example.org") if m["Subject"].startswith("Progress update")]
    body = smtp_server.body(reminder)
    assert "(returned):" in body
    assert 'Returned by Lin Officer: "Add this year\'s figures."' in body


def test_an_exempt_returned_updates_reminder_does_not_quote_the_comment(plan, link_officer, clerk):
    entry = plan["entry"]
    entry.mark_exempt(7, by=clerk)
    entry = fresh(entry)
    entry.return_to_officer(by=link_officer, version=entry.version, comment="The suspect's name is wrong.")
    messages = Round.objects.get(pk=plan["round"].pk).reminder_messages(base_url="http://127.0.0.1:8000")
    (message,) = [message for message in messages if message.to == "olu@example.org"]
    assert "suspect" not in message.body
    assert "the comment is on the update's page (exempt information (paragraph 7))" in message.body


# The pages ---------------------------------------------------------------------------


def test_the_officer_the_link_officer_and_the_clerk_read_one_thread_with_the_return_first(
    plan, officer, link_officer, clerk, client
):
    entry = plan["entry"]
    entry.return_to_officer(by=link_officer, version=entry.version, comment="Add this year's figures.")
    fresh(entry).add_comment(by=officer, text="Which figures?")
    pages = [
        (officer, reverse("update_entry", args=[entry.pk])),
        (link_officer, reverse("approve_entry", args=[entry.pk])),
        (clerk, reverse("approve_entry", args=[entry.pk])),
        (clerk, reverse("update_comments", args=[entry.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Conversation on this update" in page, url
        first, second = page.index("Add this year&#x27;s figures."), page.index("Which figures?")
        assert first < second, url
        assert "Returned the update" in page
        assert 'name="text"' in page


def test_the_officer_comments_from_their_update_page_and_is_sent_back_to_it(plan, officer, client):
    client.force_login(officer)
    url = reverse("update_comments", args=[plan["entry"].pk])
    response = client.post(url, {"text": "Shall I add the survey?", "back": "update"})
    assert response.status_code == 302 and response["Location"] == reverse("update_entry", args=[plan["entry"].pk])
    page = client.get(response["Location"]).content.decode()
    assert "Your comment was added" in page and "Shall I add the survey?" in page


def test_an_empty_comment_gets_a_message_by_the_field_and_saves_nothing(plan, link_officer, client):
    client.force_login(link_officer)
    url = reverse("update_comments", args=[plan["entry"].pk])
    response = client.post(url, {"text": "  ", "back": "approve"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and 'id="id_text-error"' in page and "Enter your comment" in page
    assert page.count("Enter your comment") == 2  # the summary and the field
    assert "<title>Error:" in page
    assert not UpdateComment.objects.exists()


def test_a_published_rounds_thread_is_read_only(plan, link_officer, clerk, client):
    entry = plan["entry"]
    entry.add_comment(by=link_officer, text="Fine by me.")
    plan["round"].publish(by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("update_comments", args=[entry.pk])).content.decode()
    assert "Fine by me." in page and 'name="text"' not in page
    assert "conversations are closed" in page


@pytest.mark.parametrize("page", ["update_comments", "update_entry", "approve_entry"])
def test_the_pages_with_the_thread_read_the_same_number_of_times_at_5_and_500_comments(
    page, plan, officer, link_officer, clerk, client
):
    entry = plan["entry"]
    client.force_login({"update_entry": officer, "approve_entry": link_officer}.get(page, clerk))
    counts, written = [], 0
    for size in (5, 500):
        # Many comments at once, as a long conversation leaves them (no notices, no history needed here).
        UpdateComment.objects.bulk_create(
            UpdateComment(entry=entry, author=[officer, link_officer, clerk][n % 3], text=f"Comment {n}.")
            for n in range(written, size)
        )
        written = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(page, args=[entry.pk]))
        assert response.status_code == 200
        assert response.content.decode().count('class="app-conversation__comment"') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# In no document ------------------------------------------------------------------------

UNIQUE = "Zebracomment"


@pytest.fixture
def discussed(demo_march_2021, officer, officer_owner, link_officer, settings):
    """The demo's March 2021 round: 1 a) Schools is Olu's, returned with a
    comment and talked over, then approved and the round published; the
    public pages and the API on."""
    from django.contrib.auth import get_user_model

    settings.SCRUTINY_PUBLIC_PAGES = True
    settings.SCRUTINY_API = True
    clerk = get_user_model().objects.get(username="clerk")
    round = demo_march_2021
    schools = round.entries.get(action__strand="Schools, Colleges and Universities").action
    schools.reassign([officer_owner], by=clerk)
    entry = round.entries.get(action=schools)
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Assemblies held.", grade=1)
    entry = fresh(entry)
    entry.return_to_officer(by=clerk, version=entry.version, comment=f"{UNIQUE} return: say which schools.")
    fresh(entry).add_comment(by=officer, text=f"{UNIQUE} officer: all twelve secondary schools.")
    fresh(entry).add_comment(by=clerk, text=f"{UNIQUE} clerk: then say so.")
    entry = fresh(entry)
    entry.save_update(
        by=officer, version=entry.version, submit=True, evidence_of_progress="Assemblies held in twelve schools."
    )
    return {"round": round, "entry": fresh(entry), "clerk": clerk}


def test_a_comment_is_in_no_format_of_the_progress_update_open_or_published(discussed, client):
    from tests.documents import squash
    from tests.test_exempt import text_of

    round, clerk = discussed["round"], discussed["clerk"]
    client.force_login(clerk)
    url = reverse("progress_update", args=[round.review.slug])

    def every_format():
        for fmt in ("pdf", "docx", "xlsx", "html"):
            options = {"round": round.period_code, "format": fmt, "confidential": "on", "draft": "on"}
            response = client.get(url, options, follow=True)
            assert response.status_code == 200, fmt
            text = text_of(fmt, response.content)
            yield fmt, text

    entry = discussed["entry"]
    entry.approve(by=clerk, version=entry.version)
    for fmt, text in every_format():  # the clerk's draft of the open round
        assert squash("Assemblies held in twelve schools.") in squash(text), fmt
        assert UNIQUE not in text, fmt
    Round.objects.get(pk=round.pk).publish(by=clerk)
    round.refresh_from_db()
    for fmt, text in every_format():  # and published
        assert squash("Assemblies held in twelve schools.") in squash(text), fmt
        assert UNIQUE not in text, fmt
    assert UpdateComment.objects.filter(entry=entry).count() == 3


def test_a_comment_is_on_no_public_page_api_answer_open_data_file_or_search(discussed, client, administrator):
    from actionplans.models import ApiToken
    from reports.open_data.datasets import DATASETS

    round, clerk, entry = discussed["round"], discussed["clerk"], discussed["entry"]
    entry.approve(by=clerk, version=entry.version)
    Round.objects.get(pk=round.pk).publish(by=clerk)
    slug = round.review.slug
    # Search finds nothing of the comments' words (which its page repeats as the query).
    nothing = "Nothing matches."
    assert nothing in client.get(reverse("public_search"), {"q": UNIQUE}).content.decode()
    texts = [
        client.get(reverse("public_review", args=[slug])).content.decode(),
        client.get(reverse("public_round", args=[slug, "2021-03"])).content.decode(),
        client.get(reverse("open_data")).content.decode(),
    ]
    for name in DATASETS:
        for kind in ("csv", "json"):
            texts.append(client.get(reverse(f"open_data_{kind}", args=[name])).content.decode("utf-8-sig"))
    _, key = ApiToken.objects.issue(user=clerk, role=roles.CLERK, name="BI", by=administrator)
    for name in ("api_updates", "api_actions", "api_rounds"):
        response = client.get(reverse(name), {"page_size": 100}, HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 200, name
        texts.append(response.content.decode())
    client.force_login(clerk)
    assert nothing in client.get(reverse("search"), {"q": UNIQUE}).content.decode()
    texts.append(client.get(reverse("search"), {"q": "twelve schools"}).content.decode())
    everything = "\n".join(texts)
    assert "Assemblies held in twelve schools." in everything  # the update itself is published
    assert UNIQUE not in everything
