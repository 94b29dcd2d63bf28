"""E-mail notifications, received by a real SMTP server on 127.0.0.1: each
kind once, never twice, after the change commits; daily digests; never;
a failure logged and retried without losing the change; the choices page
and following a review or an action."""

import datetime
import io
import itertools
import logging

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import roles
from actionplans.models import Follow, Notification, NotificationPreference, ProgressEntry, Review, Round
from actionplans.models.council import council
from actionplans.models.notifications import CHOSEN_KINDS
from actionplans.models.response import response_period, today
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

# The plan's one action, as the e-mails name it: its number and its words.
ACTION = "1 That the Council do something"


def send_notifications(*args) -> str:
    """What cron runs."""
    out = io.StringIO()
    call_command("send_notifications", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan(clerk, link_officer, officer, councillor):
    """A review whose link officer is Lin, with one action Olu is
    responsible for, its March 2021 round open; Cal sits on the committee.
    Everyone has an e-mail address."""
    for user, address in [
        (clerk, "carla@example.org"),
        (link_officer, "lin@example.org"),
        (officer, "olu@example.org"),
        (councillor, "cal@example.org"),
    ]:
        user.email = address
        user.save()
    committee = make_committee("Crime and Disorder Select Committee")
    committee.members.add(councillor)
    lin, olu = make_owner("Lin Officer", user=link_officer), make_owner("Olu Officer", user=officer)
    review = make_review("Hate Crime", committee=committee, link_officers=[lin])
    action = make_action(make_recommendation(review), owners=[olu])
    round = make_round(review, 2021, 3, status=Round.Status.OPEN)
    entry = make_entry(action, round, grade=None, evidence="", owners=[olu], status=ProgressEntry.Status.NOT_STARTED)
    return {"review": review, "action": action, "round": round, "entry": entry}


def submit(entry, officer):
    entry.refresh_from_db()
    entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Workshops held.", grade=2)


def a_minute_passes(row):
    """The row's back-off runs out (the clock is not ours to move)."""
    Notification.objects.filter(pk=row.pk).update(not_before=timezone.now() - datetime.timedelta(seconds=1))


def resend_nothing(smtp_server):
    """The daily command finds nothing more to send."""
    before = len(smtp_server.messages)
    send_notifications()
    assert len(smtp_server.messages) == before


# Each kind, once ------------------------------------------------------------------


def test_the_link_officer_is_emailed_once_when_an_update_is_submitted_to_them(
    plan, officer, smtp_server, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan["entry"], officer)
    (message,) = smtp_server.messages
    assert message["To"] == "lin@example.org"
    assert message["Subject"] == f"Update to check: {ACTION}, Hate Crime, March 2021"
    body = smtp_server.body(message)
    assert "Dear Lin Officer," in body
    assert f"Olu Officer submitted the March 2021 update of {ACTION} (Hate Crime review)" in body
    assert f"http://127.0.0.1:8000/approvals/{plan['entry'].pk}/" in body
    # Where to choose fewer, and who sent it.
    assert "http://127.0.0.1:8000/account/notifications/" in body
    assert body.rstrip().endswith(f"Democratic services\n{council().council_name}"), body
    resend_nothing(smtp_server)


def test_the_officer_is_emailed_the_comment_when_their_update_is_returned_and_again_when_approved(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(entry, officer)
        entry.return_to_officer(by=link_officer, version=entry.version, comment="Add this year's figures.")
    (returned,) = smtp_server.to("olu@example.org")
    assert returned["Subject"] == f"Update returned: {ACTION}, Hate Crime, March 2021"
    assert "Add this year's figures." in smtp_server.body(returned)
    assert f"/updates/{entry.pk}/" in smtp_server.body(returned)

    with django_capture_on_commit_callbacks(execute=True):
        submit(entry, officer)
        entry.approve(by=link_officer, version=entry.version)
    returned, approved = smtp_server.to("olu@example.org")
    assert approved["Subject"] == f"Update approved: {ACTION}, Hate Crime, March 2021"
    assert f"Lin Officer approved the March 2021 update of {ACTION} (Hate Crime review)" in smtp_server.body(approved)
    resend_nothing(smtp_server)
    assert len(smtp_server.to("olu@example.org")) == 2


def test_committee_members_are_emailed_once_when_a_round_is_published(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(entry, officer)
        entry.approve(by=link_officer, version=entry.version)
        plan["round"].publish(by=clerk)
    (message,) = smtp_server.to("cal@example.org")
    assert message["Subject"] == "Progress update published: Hate Crime, March 2021"
    assert f"/reviews/{plan['review'].slug}/progress-update/2021-03/" in smtp_server.body(message)
    resend_nothing(smtp_server)


def test_an_officer_whose_update_was_not_approved_is_told_once_when_the_round_is_published_without_it(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    """Publishing tells the officer their draft will never reach the
    committee, and quotes it (the next round's update starts afresh); an
    approved update's officer, and anyone with nothing written, hear nothing."""
    entry, round = plan["entry"], plan["round"]
    olu = entry.owners.get()
    untouched = make_entry(
        make_action(make_recommendation(plan["review"], number=2), owners=[olu]),
        round,
        grade=None,
        evidence="",
        owners=[olu],
        status=ProgressEntry.Status.NOT_STARTED,
    )
    entry.refresh_from_db()
    entry.save_update(
        by=officer, version=entry.version, submit=False, evidence_of_progress="Workshops held in May.", grade=2
    )
    with django_capture_on_commit_callbacks(execute=True):
        round.publish(by=clerk)
    (message,) = smtp_server.to("olu@example.org")
    body = smtp_server.body(message)
    assert message["Subject"] == "Published without your update: Hate Crime, March 2021"
    assert f"without your update on {ACTION}:" in body and '"No update received"' in body
    assert "Workshops held in May." in body and f"{untouched.action.mail_name} (" not in body
    resend_nothing(smtp_server)


def test_an_approved_update_is_not_said_to_be_left_out(
    plan, officer, link_officer, clerk, smtp_server, django_capture_on_commit_callbacks
):
    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(entry, officer)
        entry.approve(by=link_officer, version=entry.version)
        plan["round"].publish(by=clerk)
    assert not Notification.objects.filter(kind=Notification.Kind.UPDATE_LEFT_OUT).exists()
    assert all(m["Subject"].startswith(("Progress update published", "Update")) for m in smtp_server.messages)


def test_clerks_are_emailed_once_when_an_executive_response_falls_due(plan, clerk, smtp_server):
    review = plan["review"]
    # The report reached the executive so long ago that its response is due in three days.
    received = response_period().latest_start(today() + datetime.timedelta(days=3))
    review.record_report(
        agreed=received, to_executive=received, decision_maker="Cabinet", by=clerk, version=review.version
    )
    send_notifications()
    (message,) = smtp_server.to("carla@example.org")
    assert message["Subject"] == "Executive response due: Hate Crime review"
    assert "is due in 3 days" in smtp_server.body(message)
    # Only clerks: the link officer hears of it from the reminders.
    assert smtp_server.to("lin@example.org") == []
    resend_nothing(smtp_server)


def test_followers_are_emailed_once_when_what_they_follow_changes(
    plan, officer, link_officer, clerk, councillor, smtp_server, django_capture_on_commit_callbacks
):
    reader = make_user("reader", roles.COMMITTEE_MEMBER, email="rhi@example.org", first_name="Rhi")
    Follow.objects.follow(reader, plan["action"], by=reader)
    # A committee member who also follows the review hears of its publication once.
    Follow.objects.follow(councillor, plan["review"], by=councillor)

    with django_capture_on_commit_callbacks(execute=True):
        plan["action"].change_target(target_month=datetime.date(2021, 12, 1), reason="Funding came late.", by=clerk)
    (changed,) = smtp_server.to("rhi@example.org")
    assert changed["Subject"] == f"Target date changed: {ACTION}, Hate Crime"
    assert "is now December 2021: Funding came late." in smtp_server.body(changed)
    # Cal follows the whole review, so hears of its actions too.
    assert len(smtp_server.to("cal@example.org")) == 1

    entry = plan["entry"]
    with django_capture_on_commit_callbacks(execute=True):
        submit(entry, officer)
        entry.approve(by=link_officer, version=entry.version)
        plan["round"].publish(by=clerk)
    changed, published = smtp_server.to("rhi@example.org")
    assert published["Subject"] == "Progress update published: Hate Crime, March 2021"
    assert "You follow the Hate Crime review or one of its actions" in smtp_server.body(published)
    assert [m["Subject"] for m in smtp_server.to("cal@example.org")] == [
        f"Target date changed: {ACTION}, Hate Crime",
        "Progress update published: Hate Crime, March 2021",
    ]
    resend_nothing(smtp_server)

    # Unfollowed, they hear nothing more.
    Follow.objects.unfollow(reader, plan["action"], by=reader)
    with django_capture_on_commit_callbacks(execute=True):
        plan["action"].change_target(target_month=datetime.date(2022, 3, 1), reason="Later still.", by=clerk)
    assert len(smtp_server.to("rhi@example.org")) == 2


def test_nobody_is_emailed_about_what_they_did_themselves(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    Follow.objects.follow(link_officer, plan["action"], by=link_officer)
    lin = plan["review"].link_officers.get()
    # Lin is now responsible for the action as well as its link officer:
    # another must check the update, so the clerks are told.
    plan["entry"].set_owners([lin], by=link_officer)
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan["entry"], link_officer)
    assert smtp_server.to("lin@example.org") == []
    assert [m["To"] for m in smtp_server.messages] == ["carla@example.org"]


# After commit, never twice, failures retried ----------------------------------------


def test_a_change_rolled_back_sends_nothing(plan, officer, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        submit(plan["entry"], officer)
        raise RuntimeError("something after the submission failed")
    assert smtp_server.messages == []
    assert not Notification.objects.exists()
    plan["entry"].refresh_from_db()
    assert plan["entry"].status == ProgressEntry.Status.NOT_STARTED


def test_an_event_is_recorded_once_per_person_however_often_it_is_recorded(plan, officer, smtp_server):
    submit(plan["entry"], officer)
    entry = ProgressEntry.objects.get(pk=plan["entry"].pk)
    Notification.objects.update_submitted(entry, by=officer)
    assert Notification.objects.filter(recipient__email="lin@example.org").count() == 1
    send_notifications()
    send_notifications()
    assert len(smtp_server.to("lin@example.org")) == 1


def test_a_failure_to_send_is_logged_the_change_kept_and_the_retry_sends_it_once(
    plan, officer, smtp_server, django_capture_on_commit_callbacks, caplog
):
    smtp_server.stop()
    logs = caplog.at_level(logging.WARNING, logger="actionplans.models.notifications")
    with logs, django_capture_on_commit_callbacks(execute=True):
        submit(plan["entry"], officer)
    assert "Could not e-mail notification" in caplog.text and "lin@example.org" in caplog.text
    plan["entry"].refresh_from_db()
    assert plan["entry"].status == ProgressEntry.Status.SUBMITTED  # the change stands
    (waiting,) = Notification.objects.all()
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error

    # Not tried again until a minute has passed, then twice as long each time.
    assert waiting.not_before > timezone.now() + datetime.timedelta(seconds=50)
    assert "1 failed and will be retried" in send_notifications()
    waiting.refresh_from_db()
    assert waiting.attempts == 1

    # A minute later, still down: the command tries again, says so, and keeps it.
    a_minute_passes(waiting)
    assert "1 failed and will be retried" in send_notifications()
    waiting.refresh_from_db()
    assert waiting.sent_at is None and waiting.attempts == 2
    assert waiting.not_before > timezone.now() + datetime.timedelta(seconds=110)

    smtp_server.start()
    a_minute_passes(waiting)
    send_notifications()
    (message,) = smtp_server.messages
    assert message["To"] == "lin@example.org" and message["Subject"].startswith("Update to check")
    waiting.refresh_from_db()
    assert waiting.sent_at is not None and waiting.last_error == ""
    resend_nothing(smtp_server)


# Each person's choices ----------------------------------------------------------


def test_a_person_who_chose_a_daily_digest_gets_one_email_a_day_listing_everything(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.choose(officer, {"update_returned": "daily", "update_approved": "daily"}, by=officer)
    entry = plan["entry"]
    submit(entry, officer)
    with django_capture_on_commit_callbacks(execute=True):
        entry.return_to_officer(by=link_officer, version=entry.version, comment="Add the figures.")
    submit(entry, officer)
    with django_capture_on_commit_callbacks(execute=True):
        entry.approve(by=link_officer, version=entry.version)
    assert smtp_server.to("olu@example.org") == []
    send_notifications()  # the retries, every 15 minutes
    assert smtp_server.to("olu@example.org") == []

    send_notifications("--digests")  # once a day
    (digest,) = smtp_server.to("olu@example.org")
    assert digest["Subject"] == "Your daily digest from Scrutiny monitoring: 2 notifications"
    body = smtp_server.body(digest)
    assert f"1. Update returned: {ACTION}, Hate Crime, March 2021" in body and "Add the figures." in body
    assert f"2. Update approved: {ACTION}, Hate Crime, March 2021" in body
    send_notifications("--digests")
    resend_nothing(smtp_server)

    # What happens later the same day waits for tomorrow's digest.
    Notification.objects.record(
        event_key="later",
        kind="update_approved",
        recipients=[officer],
        subject="Later",
        template="actionplans/email/followed.txt",
        context={"what": "Later.", "link": "", "review": plan["review"]},
    )
    send_notifications("--digests")
    assert len(smtp_server.to("olu@example.org")) == 1
    tomorrow = today() + datetime.timedelta(days=1)
    Notification.objects.make_digests(today=tomorrow)
    Notification.objects.send_pending()
    assert [m["Subject"] for m in smtp_server.to("olu@example.org")][-1].endswith(": 1 notification")


def test_a_person_who_chose_never_gets_nothing(
    plan, officer, link_officer, smtp_server, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.choose(link_officer, {"update_submitted": "never"}, by=link_officer)
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan["entry"], officer)
    send_notifications()
    assert smtp_server.messages == []
    assert not Notification.objects.exists()


def test_notifications_switched_off_record_and_send_nothing(
    plan, officer, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_NOTIFICATIONS = False
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan["entry"], officer)
    assert smtp_server.messages == [] and not Notification.objects.exists()


# The pages ----------------------------------------------------------------------


def test_the_choices_page_shows_each_kind_and_saves_a_choice(client, officer):
    client.force_login(officer)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "When your update is returned to you" in page
    assert "When someone comments on an update you work on" in page
    assert page.count('value="each_time" checked') == len(CHOSEN_KINDS) == 8
    data = {kind: "each_time" for kind in NotificationPreference.objects.frequencies_for(officer)}
    response = client.post(reverse("notification_preferences"), {**data, "update_approved": "daily"}, follow=True)
    assert "Your choices of e-mail are saved." in response.content.decode()
    assert NotificationPreference.objects.frequencies_for(officer)["update_approved"] == "daily"
    assert 'value="daily" checked' in response.content.decode()
    record = NotificationPreference.history.get(kind="update_approved")
    assert record.history_user == officer


def test_a_choice_left_out_is_shown_in_an_error_summary_and_nothing_is_saved(client, officer):
    client.force_login(officer)
    data = {kind: "daily" for kind in NotificationPreference.objects.frequencies_for(officer)}
    del data["followed"]
    page = client.post(reverse("notification_preferences"), data).content.decode()
    assert "There is a problem" in page
    assert "Choose how often you are e-mailed when a review or action you follow changes" in page
    assert 'value="daily" checked' in page  # what was chosen is kept
    assert not NotificationPreference.objects.exists()


def test_a_reader_follows_and_unfollows_a_review_and_an_action_from_their_pages(client, councillor, plan):
    client.force_login(councillor)
    review, action = plan["review"], plan["action"]
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'Follow<span class="govuk-visually-hidden"> the Hate Crime review</span>' in page
    response = client.post(reverse("follow_review", args=[review.slug]), {"follow": "yes"}, follow=True)
    assert "You follow the Hate Crime review" in response.content.decode()
    assert "Unfollow<span" in response.content.decode()
    assert Follow.objects.is_following(councillor, review)

    response = client.post(reverse("follow_action", args=[action.pk]), {"follow": "yes"}, follow=True)
    assert f"You follow {ACTION} of the Hate Crime review" in response.content.decode()
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "The Hate Crime review" in page and f"{ACTION} of the Hate Crime review" in page

    client.post(reverse("follow_review", args=[review.slug]), {"follow": "no"})
    assert not Follow.objects.is_following(councillor, review)
    assert Follow.objects.is_following(councillor, action)
    assert Follow.history.filter(history_type="-", history_user=councillor).count() == 1


def test_someone_who_cannot_read_the_reviews_cannot_follow_one(client, partner_lead, plan):
    client.force_login(partner_lead)
    response = client.post(reverse("follow_review", args=[plan["review"].slug]), {"follow": "yes"})
    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_finding_who_follows_takes_the_same_queries_for_2_and_20_followers_and_only_readers(plan, partner_lead):
    """The permission is checked in the database, not once per follower;
    someone who lost their reading role since they followed hears nothing."""
    from django.contrib.auth.models import Permission

    review, action = plan["review"], plan["action"]

    def followers_at(count):
        Follow.objects.all().delete()
        for n in range(count):
            role = roles.COMMITTEE_MEMBER if n % 2 else roles.OFFICER
            reader = make_user(None, role, email=f"reader{n}@example.org")
            Follow.objects.follow(reader, review if n % 3 else action, by=reader)
        with CaptureQueriesContext(connection) as queries:
            followers = Follow.objects.followers(review=review, actions=[action.pk])
        return followers, len(queries)

    few, few_queries = followers_at(2)
    many, many_queries = followers_at(20)
    assert (len(few), len(many)) == (2, 20)
    assert few_queries == many_queries == 1

    # A follower given the permission on their own login still reads; one
    # whose roles were taken away (a partner lead now) no longer does.
    lapsed, direct = many[0], many[1]
    lapsed.groups.set([])
    direct.groups.set([])
    direct.user_permissions.add(Permission.objects.get(codename="view_review", content_type__app_label="actionplans"))
    Follow(user=partner_lead, review=review).save()
    followers = Follow.objects.followers(review=review, actions=[action.pk])
    assert lapsed not in followers and partner_lead not in followers
    assert direct in followers and len(followers) == 19


def test_loading_the_demo_council_emails_nobody(demo):
    """The demo replays years of a council's history: submissions,
    approvals, publications. Nobody is told of them."""
    assert demo.rounds.filter(status=Round.Status.PUBLISHED).exists()
    assert not Notification.objects.exists()


# Reminders: notifications that nobody chooses away ------------------------------------


def send_round_reminders(round, by, capture):
    with capture(execute=True):
        return Round.objects.get(pk=round.pk).send_reminders(base_url="http://127.0.0.1:8000", by=by)


@pytest.fixture
def cast(plan, officer, clerk, administrator):
    """Besides the plan's people: a co-owner of Olu's update, an owner with
    no e-mail address and one whose login is switched off, an administrator
    and the link officer of another review."""
    administrator.email = "ada@example.org"
    administrator.save()
    coby = make_user("co.owner", roles.OFFICER, email="coby@example.org", first_name="Coby")
    no_mail = make_user("no.mail", roles.OFFICER, first_name="Noel")
    gone = make_user("gone", roles.OFFICER, email="gone@example.org", is_active=False)
    other_link = make_user("other.link", roles.LINK_OFFICER, roles.OFFICER, email="otto@example.org")
    make_review("Another", link_officers=[make_owner("Otto", user=other_link)])
    owners = [plan["entry"].owners.get(), make_owner("Coby", user=coby), make_owner("Noel", user=no_mail)]
    plan["entry"].set_owners([*owners, make_owner("Gone", user=gone)], by=clerk)
    return plan


def test_a_rounds_reminder_is_an_outbox_row_for_each_owner_who_can_be_emailed(
    cast, clerk, smtp_server, django_capture_on_commit_callbacks
):
    from actionplans import permissions

    round = cast["round"]
    assert [user.email for user in permissions.update_writers(round)] == ["coby@example.org", "olu@example.org"]
    assert send_round_reminders(round, clerk, django_capture_on_commit_callbacks) == 2
    rows = Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE)
    assert sorted(row.recipient.email for row in rows) == ["coby@example.org", "olu@example.org"]
    assert {(row.sent_by, row.event_key) for row in rows} == {(clerk, round.reminder_key())}
    assert all(row.sent_at is not None for row in rows)
    # Not the clerk, the administrator or any link officer: only the owners.
    assert sorted(message["To"] for message in smtp_server.messages) == ["coby@example.org", "olu@example.org"]
    (message,) = smtp_server.to("coby@example.org")
    assert (
        message["Subject"]
        == f"Progress update {'overdue' if round.is_past_deadline else 'due'}: Hate Crime, March 2021"
    )
    body = smtp_server.body(message)
    assert body.startswith("Dear Coby,") and f"/updates/{cast['entry'].pk}/" in body
    assert body.rstrip().endswith("Thank you,\nDemocratic services")
    # The owner without an address and the switched-off login are chased by hand.
    assert [owner.name for owner in round.owners_to_chase_by_hand()] == ["Gone", "Noel"]
    resend_nothing(smtp_server)


def test_an_executive_responses_reminder_goes_to_the_clerks_and_its_own_link_officers(
    cast, clerk, smtp_server, django_capture_on_commit_callbacks
):
    from actionplans import permissions

    review = cast["review"]
    received = response_period().latest_start(today() + datetime.timedelta(days=3))
    review.record_report(
        agreed=received, to_executive=received, decision_maker="Cabinet", by=clerk, version=review.version
    )
    with django_capture_on_commit_callbacks(execute=True):
        rows = Notification.objects.response_reminders(Review.objects.get(pk=review.pk))
    expected = ["ada@example.org", "carla@example.org", "lin@example.org"]
    assert sorted(row.recipient.email for row in rows) == expected
    assert sorted(user.email for user in permissions.response_chasers(review)) == expected
    assert {row.kind for row in rows} == {Notification.Kind.RESPONSE_REMINDER}
    # Not the other review's link officer, the owners or the committee.
    assert sorted(message["To"] for message in smtp_server.messages) == expected
    (message,) = smtp_server.to("lin@example.org")
    assert message["Subject"] == "Executive response due: Hate Crime review"
    assert "is due in 3 days" in smtp_server.body(message)


def test_a_reminder_that_fails_to_send_is_retried_like_any_notification(
    plan, clerk, smtp_server, django_capture_on_commit_callbacks, caplog
):
    smtp_server.stop()
    with caplog.at_level(logging.WARNING, logger="actionplans.models.notifications"):
        assert send_round_reminders(plan["round"], clerk, django_capture_on_commit_callbacks) == 1
    assert "Could not e-mail notification" in caplog.text and "olu@example.org" in caplog.text
    (waiting,) = Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE)
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error
    assert "1 failed and will be retried" in send_notifications()

    smtp_server.start()
    a_minute_passes(waiting)
    send_notifications()
    (message,) = smtp_server.messages
    assert message["To"] == "olu@example.org" and message["Subject"].startswith("Progress update")
    waiting.refresh_from_db()
    assert waiting.sent_at is not None and waiting.last_error == ""
    resend_nothing(smtp_server)


def test_mail_that_keeps_failing_is_tried_with_back_off_then_listed_for_the_clerk_as_not_delivered(
    plan, clerk, client, smtp_server, django_capture_on_commit_callbacks
):
    """A dead mail server: the reminder is tried again and again, each wait
    longer; the clerk's round page says it was not delivered and the list
    says what the server said; once given up it is never sent twice."""
    from actionplans.models.notifications import MAX_ATTEMPTS

    smtp_server.stop()
    client.force_login(clerk)
    round_page = reverse("round_detail", args=[plan["round"].pk])
    assert "could not be delivered" not in client.get(round_page).content.decode()
    send_round_reminders(plan["round"], clerk, django_capture_on_commit_callbacks)
    (waiting,) = Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE)
    waits = []
    while waiting.attempts < MAX_ATTEMPTS:
        waits.append(round((waiting.not_before - timezone.now()).total_seconds() / 60))  # minutes
        if waiting.attempts == 3:
            listed = client.get(reverse("undelivered_mail")).content.decode()
            assert "olu@example.org" in listed and "3 times" in listed and "Tried again after" in listed
        a_minute_passes(waiting)
        send_notifications()
        waiting.refresh_from_db()
    assert waiting.sent_at is None and waiting.given_up
    assert all(later >= earlier for earlier, later in itertools.pairwise(waits))
    assert waits[:4] == [1, 2, 4, 8] and waits[-1] == 24 * 60  # doubling, up to a day

    page = client.get(round_page).content.decode()
    assert "1 e-mail could not be delivered" in page and reverse("undelivered_mail") in page
    listed = client.get(reverse("undelivered_mail")).content.decode()
    assert "Not delivered: given up" in listed and f"{MAX_ATTEMPTS} times" in listed
    assert "Connection refused" in listed or "refused" in listed.lower()

    smtp_server.start()
    a_minute_passes(waiting)
    send_notifications()
    assert smtp_server.messages == []  # given up: the clerk tells the officer


def test_nobody_is_reminded_twice_a_day_however_the_reminders_are_sent(
    plan, clerk, client, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    url = reverse("send_round_reminders", args=[plan["round"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "Reminders were sent to 1 person." in page
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "366", stdout=io.StringIO())
        page = client.post(url, follow=True).content.decode()
    assert "Nobody was e-mailed: everyone with an e-mail address was reminded today already." in page
    assert send_round_reminders(plan["round"], clerk, django_capture_on_commit_callbacks) == 0
    assert len(smtp_server.to("olu@example.org")) == 1
    preview = client.get(url).content.decode()
    assert "1 person was reminded today already" in preview and "Send 1 reminder" not in preview

    # The next day they are reminded again.
    Notification.objects.update(event_key=plan["round"].reminder_key(today() - datetime.timedelta(days=1)))
    assert "Send 1 reminder" in client.get(url).content.decode()
    assert send_round_reminders(plan["round"], clerk, django_capture_on_commit_callbacks) == 1
    assert len(smtp_server.to("olu@example.org")) == 2


def test_a_clerk_adds_a_note_to_the_reminders_sees_it_in_the_preview_and_it_is_sent(
    plan, clerk, client, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    url = reverse("send_round_reminders", args=[plan["round"].pk])
    note = "The committee meets a week early: please submit by Friday."
    preview = client.post(url, {"note": note, "preview": ""}).content.decode()
    assert f"A note from {clerk.get_full_name() or clerk.username}:\n{note}" in preview
    assert not smtp_server.messages
    too_long = client.post(url, {"note": "x" * 1001, "send": ""}).content.decode()
    # Kept in the text area, not an input's value (a CSRF token may start with "x").
    assert "The note must be 1,000 characters or fewer" in too_long and 'value="xxxxxxxx' not in too_long
    assert "x" * 1001 in too_long  # what was typed is kept
    assert not smtp_server.messages
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"note": note, "send": ""}, follow=True).content.decode()
    assert "Reminders were sent to 1 person." in page
    (message,) = smtp_server.to("olu@example.org")
    assert note in smtp_server.body(message)


def test_a_reminder_cannot_be_chosen_away_or_switched_off_with_the_notifications(
    plan, officer, clerk, client, settings, smtp_server, django_capture_on_commit_callbacks
):
    everything = {kind: "never" for kind in NotificationPreference.objects.frequencies_for(officer)}
    assert "update_due" not in everything and "response_reminder" not in everything
    NotificationPreference.objects.choose(officer, everything, by=officer)
    client.force_login(officer)
    assert "is due or overdue" not in client.get(reverse("notification_preferences")).content.decode()
    settings.SCRUTINY_NOTIFICATIONS = False
    assert send_round_reminders(plan["round"], clerk, django_capture_on_commit_callbacks) == 1
    (message,) = smtp_server.to("olu@example.org")
    assert "You are e-mailed this because of your choices" not in smtp_server.body(message)


def test_the_back_office_lists_the_reminders_sent_to_read_and_nothing_else_of_the_outbox(
    cast, clerk, officer, client, smtp_server, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    send_round_reminders(cast["round"], clerk, django_capture_on_commit_callbacks)
    submit(cast["entry"], officer)  # the link officer is told: a notification, not a reminder
    assert Notification.objects.exclude(kind__in=[Notification.Kind.UPDATE_DUE]).exists()
    client.force_login(clerk)
    listing = client.get(reverse("admin:actionplans_sentreminder_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert page.count("Progress update overdue") == 2 and "co.owner" in page and "officer.test" in page
    assert page.count('class="field-subject"') == 2  # the link officer's notice is not listed
    # Its filter offers the reminders' kinds only.
    assert "?kind=update_due" in page and "?kind=response_reminder" in page
    assert "?kind=update_submitted" not in page
    row = Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE).first()
    assert client.get(reverse("admin:actionplans_sentreminder_change", args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:actionplans_sentreminder_add")).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("admin:actionplans_sentreminder_changelist")).status_code == 302
