"""Issue 74, item 2: is it still so? A year after the committee completed a
recommendation whose outcome is recorded, the daily reminders ask its
owners once, naming the clerk to tell; the clerk records held, partly
held or reverted; reverted reopens monitoring with the committee's new
action, which the next round carries; nobody re-checks their own work."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from actionplans import reply_tokens, roles
from actionplans.models import (
    EmailedReply,
    ImpactInput,
    OutcomeCheck,
    RecommendationOutcome,
    ReopeningAction,
)
from actionplans.models.outcomes import Clock
from actionplans.replies import receiving
from tests.documents import page_text
from tests.factories import (
    date_input,
    decide,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)
from tests.replying import AUTHSERV, MAILBOX, PASSED, plain_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return make_user("rita.clerk", roles.CLERK, first_name="Rita", last_name="Clerk", email="rita@example.org")


@pytest.fixture
def completed(clerk):
    """Recommendation 1 signed off at March 2021's meeting, its outcome
    recorded by Rita Clerk; its officer Olu Officer; recommendation 2 open."""
    review = make_review(title="Empty homes", report_agreed=datetime.date(2020, 6, 15))
    first = make_recommendation(review, text="That the Council brings empty homes back into use.")
    second = make_recommendation(review, text="That the Council publishes its register.")
    officer = make_user("olu.officer", roles.OFFICER, first_name="Olu", last_name="Officer", email="olu@example.org")
    owner = make_owner("Olu Officer", user=officer)
    march = make_round(review, 2021, 3)
    make_entry(make_action(first, owners=[owner]), march, grade=1)
    make_entry(make_action(second, owners=[owner]), march, grade=2)
    decide(march, by=clerk)
    RecommendationOutcome.record(
        first,
        outcome="implemented",
        reason="Loans bring homes back.",
        impacts=[ImpactInput("service", "Twelve homes let.", amount=Decimal(12), unit="homes")],
        by=clerk,
        version=0,
    )
    return {"review": review, "first": first, "second": second, "officer": officer}


def test_the_daily_reminders_ask_the_owners_once_a_year_after_completion(completed, django_capture_on_commit_callbacks):
    # Completed 20 March 2021: not due before 20 March 2022.
    assert OutcomeCheck.due(datetime.date(2022, 3, 19)) == []
    assert OutcomeCheck.due(datetime.date(2022, 3, 20)) == [completed["first"]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    [email] = [message for message in mail.outbox if message.to == ["olu@example.org"]]
    assert email.subject == "Is it still so? Empty homes, recommendation 1"
    assert "Outcome: Implemented. Loans bring homes back." in email.body
    assert "Service to residents: Twelve homes let. (12 homes)" in email.body
    assert "Please tell Rita Clerk (rita@example.org) whether it has held, partly held, or reverted" in email.body
    assert OutcomeCheck.objects.get().asked_on is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert not [message for message in mail.outbox if message.to == ["olu@example.org"]]


def recheck(client, review, number, **fields):
    url = reverse("record_recheck", args=[review.slug, number])
    data = {
        "version": str(
            OutcomeCheck.objects.filter(recommendation__number=number).values_list("version", flat=True).first() or 0
        )
    }
    data.update(fields)
    return client.post(url, data)


def test_reverted_reopens_monitoring_with_the_committees_new_action(completed, clerk, client):
    review, first = completed["review"], completed["first"]
    client.force_login(clerk)
    # Reverted without the committee's action: refused beside its fields, nothing saved.
    page = recheck(client, review, 1, answer="reverted", note="Two homes are empty again.")
    text = page_text(page.content)
    assert page.status_code == 200 and "Enter the action the committee agreed to reopen it with" in text
    assert "Two homes are empty again." in page.content.decode()
    assert not OutcomeCheck.objects.exists() and first.actions.count() == 1
    page = recheck(
        client,
        review,
        1,
        answer="reverted",
        note="Two homes are empty again.",
        agreed_action="Bring the two homes back into use.",
        success_measure="Both let by September.",
        **date_input("target_month", datetime.date(2027, 9, 1)),
    )
    assert page.status_code == 302
    check = OutcomeCheck.objects.get()
    assert (check.answer, check.note) == ("reverted", "Two homes are empty again.")
    assert check.history.first().history_user == clerk
    reopened = first.actions.order_by("-position").first()
    assert reopened.agreed_action == "Bring the two homes back into use." and reopened.strand.startswith("Reopened")
    assert [owner.name for owner in reopened.owners.all()] == ["Olu Officer"]
    # Open again: the clock runs, and the next round carries the new action.
    assert Clock.of(first, datetime.date.today()).finished is None
    september = make_round(review, 2027, 3)
    assert reopened.is_carried_into(september)
    listing = page_text(client.get(reverse("review_outcomes", args=[review.slug])).content)
    assert "Re-checked" in listing and "Reverted" in listing


def test_held_is_counted_and_opens_its_row_and_an_owner_cannot_recheck_their_own(completed, clerk, client):
    review = completed["review"]
    officer = completed["officer"]
    officer.groups.add(*make_user("another.clerk", roles.CLERK).groups.all())  # a clerk who owns the action
    client.force_login(officer)
    page = recheck(client, review, 1, answer="held")
    assert "You are responsible for one of its actions" in page_text(page.content)
    assert not OutcomeCheck.objects.exists()
    client.force_login(clerk)
    assert recheck(client, review, 1, answer="held", note="Still let.").status_code == 302
    year = datetime.date.today().year - (datetime.date.today().month < 5)
    text = page_text(client.get(reverse("committee_achieved", args=[review.committee.slug]), {"year": year}).content)
    assert "Re-checked and held 1" in text
    rows = page_text(client.get(reverse("achieved_rows"), {"year": year, "measure": "held"}).content)
    assert "1 recommendation, as at" in rows and "That the Council brings empty homes back into use." in rows


def test_a_reverted_recheck_stands_once_it_has_reopened_the_recommendation(completed, clerk):
    from django.core.exceptions import ValidationError

    first = completed["first"]
    reopening = ReopeningAction("Do it again.", "Done again.", datetime.date(2027, 9, 1))
    OutcomeCheck.record(first, answer="reverted", note="", reopening=reopening, by=clerk, version=0)
    with pytest.raises(ValidationError, match="the committee reopened it"):
        OutcomeCheck.record(first, answer="held", note="", reopening=None, by=clerk, version=1)
    assert first.actions.count() == 2 and OutcomeCheck.objects.get().answer == "reverted"


ANSWER = "It has held: eleven of the twelve homes are still let.\n\nOne was sold in June and is empty again."


def test_an_owner_answers_is_it_still_so_by_replying_and_their_words_wait_for_the_clerk(
    completed, clerk, client, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_REPLY_ADDRESS, settings.SCRUTINY_REPLY_AUTHSERV_ID = MAILBOX, AUTHSERV
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    (asked,) = smtp_server.to("olu@example.org")
    body = smtp_server.body(asked)
    assert body.startswith("Reply to this e-mail with your answer: whether what recommendation 1 achieved has held")
    check = OutcomeCheck.objects.get()
    token = reply_tokens.token_in([asked["Reply-To"]])
    assert (token.check_id, token.entry_id, token.user_id) == (check.pk, None, completed["officer"].pk)

    raw = plain_reply(ANSWER, to=asked["Reply-To"], sender="Olu Officer <olu@example.org>", auth=PASSED)
    assert receiving.receive(raw).outcome == "heard"
    check.refresh_from_db()
    assert check.replies.endswith(f":\n{ANSWER}") and check.replies.startswith("Olu Officer, ")
    assert check.answer == "" and check.history.first().history_user == completed["officer"]
    assert EmailedReply.objects.get().recheck == check
    (answer,) = smtp_server.to("olu@example.org")[1:]
    assert answer["Subject"] == "Your answer received: is it still so? Empty homes, recommendation 1"
    assert "One was sold in June and is empty again." in smtp_server.body(answer)

    # A colleague copied in is refused, told about the re-check, not an update.
    copied = plain_reply("Still let.", to=asked["Reply-To"], sender="colleague@example.org", auth=PASSED)
    assert receiving.receive(copied).outcome == "refused"
    (told,) = smtp_server.to("colleague@example.org")
    assert "was not kept with its re-check" in smtp_server.body(told)
    assert told["Subject"] == "Your answer not kept: is it still so? Empty homes, recommendation 1"

    # The clerk reads them as written, and records the answer: the service does not guess it.
    client.force_login(clerk)
    page = client.get(reverse("record_recheck", args=[completed["review"].slug, 1]))
    assert ANSWER in page.content.decode()
    assert recheck(client, completed["review"], 1, answer="partly_held", note="One home empty.").status_code == 302

    # Recorded: a later reply is refused, and says whom to tell.
    later = plain_reply("Another one is empty.", to=asked["Reply-To"], sender="olu@example.org", auth=PASSED)
    assert receiving.receive(later).outcome == "refused"
    refusal = smtp_server.body(smtp_server.to("olu@example.org")[-1])
    assert "was not kept with its re-check" in refusal and "was recorded on" in refusal
    check.refresh_from_db()
    assert "Another one is empty." not in check.replies


def test_a_recheck_address_cannot_be_made_from_an_updates(completed, settings):
    settings.SCRUTINY_REPLY_ADDRESS = MAILBOX
    address = reply_tokens.reply_address(entry_id=5, user_id=7)
    local, _, domain = address.partition("@")
    made_up = local.replace("+", "+r.", 1) + "@" + domain
    with pytest.raises(reply_tokens.TokenRefused):
        reply_tokens.token_in([made_up])
    assert reply_tokens.token_in([address]).entry_id == 5
    # Update 27 is "r" in base 36: still an update's address.
    twenty_seventh = reply_tokens.token_in([reply_tokens.reply_address(entry_id=27, user_id=7)])
    assert (twenty_seventh.entry_id, twenty_seventh.check_id) == (27, None)
    assert reply_tokens.token_in([reply_tokens.recheck_address(check_id=27, user_id=7)]).check_id == 27
