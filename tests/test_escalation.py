"""Escalation (issue 27 item 5): an update not submitted a set number of days
after its round's deadline (the council's setting) is escalated to its
owner's manager, who is e-mailed once by the daily reminders; the chase
page and the round page show the clerk who was escalated and when, and
whose update has no manager to tell. Managers are recorded on the People
pages (single sign-on's manager claim: tests/test_sso.py)."""

import datetime
import itertools

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import roles
from actionplans.models import Council, Escalation, Notification, ProgressEntry, Round
from tests.factories import (
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)
from tests.test_rounds_workflow import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(clerk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SCRUTINY_BASE_URL = "https://scrutiny.example.org"
    Council.objects.get(pk=1).change_escalation(14, by=None)
    review = make_review(title="Hate Crime")
    round = make_round(review, year=2021, month=3, status=Round.Status.OPEN)
    dale = make_owner(
        "Dale Metcalfe",
        user=make_user(
            "dale", roles.OFFICER, email="dale.metcalfe@example.org", first_name="Dale", last_name="Metcalfe"
        ),
    )
    # A manager needs no role: an e-mail address is enough to be told.
    maria = make_owner(
        "Maria Manager",
        user=make_user("maria", email="maria.manager@example.org", first_name="Maria", last_name="Manager"),
    )
    dale.set_manager(maria, by=clerk)
    action = make_action(make_recommendation(review), owners=[dale], agreed_action="Train the frontline staff.")
    entry = make_entry(action, round, owners=[dale], status=ProgressEntry.Status.DRAFT)
    return {"round": round, "entry": entry, "dale": dale, "maria": maria, "clerk": clerk}


def overdue_by(round, days: int) -> None:
    round.deadline = timezone.localdate() - datetime.timedelta(days=days)
    round.save()


def daily_run(capture) -> list:
    """`manage.py send_reminders`, as cron runs it; the e-mails to managers."""
    mail.outbox.clear()
    with capture(execute=True):
        call_command("send_reminders")
    return [message for message in mail.outbox if message.to == ["maria.manager@example.org"]]


def test_an_update_15_days_overdue_with_the_setting_at_14_emails_the_owners_manager_once(
    cast, django_capture_on_commit_callbacks
):
    overdue_by(cast["round"], 15)
    [email] = daily_run(django_capture_on_commit_callbacks)
    assert email.subject == "Progress update 15 days overdue: Hate Crime, March 2021"
    assert "Dear Maria Manager," in email.body
    assert "You are recorded as the manager of Dale Metcalfe." in email.body
    assert "is not yet submitted: it is 15 days overdue" in email.body
    assert f"https://scrutiny.example.org/updates/{cast['entry'].pk}/" in email.body
    # A second run tells nobody again.
    assert daily_run(django_capture_on_commit_callbacks) == []
    escalation = Escalation.objects.get()
    assert (escalation.entry, escalation.owner, escalation.manager) == (cast["entry"], cast["dale"], cast["maria"])
    assert escalation.escalated_by is None  # the daily job
    assert escalation.history.count() == 1
    assert Notification.objects.get(kind=Notification.Kind.UPDATE_ESCALATED).sent_at is not None


def test_the_managers_email_names_an_exempt_recommendation_by_its_number_not_its_words(
    cast, django_capture_on_commit_callbacks
):
    """A manager may hold no role here, so exempt words stay out of the
    e-mail as they stay off the pages."""
    recommendation = cast["entry"].action.recommendation
    recommendation.text = "That the Council reviews the contract with Acme Security."
    recommendation.save()
    recommendation.mark_exempt(3, by=cast["clerk"])
    overdue_by(cast["round"], 15)
    [email] = daily_run(django_capture_on_commit_callbacks)
    assert "Acme" not in email.body
    assert f"Their progress update on {cast['entry'].action.reference} (exempt information" in email.body


def test_a_co_owner_escalated_later_to_the_same_manager_is_a_new_email(cast, django_capture_on_commit_callbacks):
    overdue_by(cast["round"], 15)
    assert len(daily_run(django_capture_on_commit_callbacks)) == 1
    kim = make_owner("Kim Officer", user=make_user("kim", roles.OFFICER, email="kim@example.org"))
    kim.set_manager(cast["maria"], by=cast["clerk"])
    cast["entry"].add_owner(kim, 2, by=cast["clerk"])
    [email] = daily_run(django_capture_on_commit_callbacks)
    assert "You are recorded as the manager of Kim Officer." in email.body
    assert Escalation.objects.count() == 2


def test_an_update_13_days_overdue_is_not_escalated(cast, django_capture_on_commit_callbacks):
    overdue_by(cast["round"], 13)
    assert daily_run(django_capture_on_commit_callbacks) == []
    assert not Escalation.objects.exists()


def test_an_update_exactly_14_days_overdue_is_escalated(cast, django_capture_on_commit_callbacks):
    overdue_by(cast["round"], 14)
    assert len(daily_run(django_capture_on_commit_callbacks)) == 1


@pytest.mark.parametrize("status", [ProgressEntry.Status.SUBMITTED, ProgressEntry.Status.APPROVED])
def test_a_submitted_or_approved_update_is_not_escalated(cast, status, django_capture_on_commit_callbacks):
    ProgressEntry.objects.filter(pk=cast["entry"].pk).update(status=status)
    overdue_by(cast["round"], 30)
    assert daily_run(django_capture_on_commit_callbacks) == []
    assert not Escalation.objects.exists()


def test_someone_with_no_manager_is_not_escalated_and_the_chase_page_says_so(
    cast, client, django_capture_on_commit_callbacks
):
    cast["dale"].set_manager(None, by=cast["clerk"])
    overdue_by(cast["round"], 15)
    assert daily_run(django_capture_on_commit_callbacks) == []
    assert not Escalation.objects.exists()
    client.force_login(cast["clerk"])
    page = text(client.get(reverse("send_round_reminders", args=[cast["round"].pk])))
    assert "Escalated to managers" in page
    assert f"{cast['entry'].action.name} Dale Metcalfe No manager recorded: chase by hand" in page


def test_with_the_setting_blank_nobody_is_escalated(cast, django_capture_on_commit_callbacks):
    Council.objects.get(pk=1).change_escalation(None, by=None)
    overdue_by(cast["round"], 100)
    assert daily_run(django_capture_on_commit_callbacks) == []


def test_a_manager_is_told_even_with_notifications_off_and_cannot_choose_it_away(
    cast, client, settings, django_capture_on_commit_callbacks
):
    settings.SCRUTINY_NOTIFICATIONS = False
    overdue_by(cast["round"], 15)
    assert len(daily_run(django_capture_on_commit_callbacks)) == 1
    client.force_login(cast["maria"].user)
    choices = client.get(reverse("notification_preferences"))
    assert "overdue past escalation" not in choices.content.decode()


def test_the_chase_page_and_the_round_page_show_who_was_escalated_and_when(
    cast, client, django_capture_on_commit_callbacks
):
    overdue_by(cast["round"], 15)
    client.force_login(cast["clerk"])
    chase = reverse("send_round_reminders", args=[cast["round"].pk])
    assert "To be escalated to Maria Manager with the next daily reminders" in text(client.get(chase))
    daily_run(django_capture_on_commit_callbacks)
    today = timezone.localdate()
    page = text(client.get(chase))
    assert "An update not submitted 14 days after the deadline is escalated" in page
    assert f"Dale Metcalfe Escalated to Maria Manager on {today.day} {today:%B %Y}" in page
    round_page = text(client.get(reverse("round_detail", args=[cast["round"].pk])))
    assert f"(escalated to Maria Manager on {today.day} {today:%B %Y})" in round_page


def test_the_daily_command_says_how_many_it_escalated(cast, django_capture_on_commit_callbacks, capsys):
    overdue_by(cast["round"], 15)
    daily_run(django_capture_on_commit_callbacks)
    assert "Escalated 1 overdue update to managers." in capsys.readouterr().out


def test_two_owners_with_one_manager_make_one_email_naming_both(cast, django_capture_on_commit_callbacks, capsys):
    alex = make_owner("Alex Love", user=make_user("alex", roles.OFFICER, email="alex.love@example.org"))
    alex.set_manager(cast["maria"], by=cast["clerk"])
    cast["entry"].responsibilities.create(owner=alex, position=1)
    overdue_by(cast["round"], 15)
    [email] = daily_run(django_capture_on_commit_callbacks)
    assert "You are recorded as the manager of Alex Love and Dale Metcalfe." in email.body
    assert Escalation.objects.count() == 2
    # One update, however many of its owners were escalated.
    assert "Escalated 1 overdue update to managers." in capsys.readouterr().out


def test_the_chase_page_takes_as_many_queries_for_500_updates_as_for_5(cast, client):
    round, dale, maria = cast["round"], cast["dale"], cast["maria"]
    overdue_by(round, 15)
    nomanager = make_owner("Nina Nomanager", user=make_user("nina", roles.OFFICER, email="nina@example.org"))
    recommendation = make_recommendation(round.review)
    client.force_login(cast["clerk"])
    url = reverse("send_round_reminders", args=[round.pk])
    serial = itertools.count()

    def add(count):
        for _ in range(count):
            number = next(serial)
            owners = [dale] if number % 2 else [nomanager, maria]
            action = make_action(recommendation, owners=owners, strand=f"Strand {number}")
            make_entry(action, round, owners=owners)
        Escalation.objects.escalate_overdue()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(4)
    small = queries()
    add(495)
    assert queries() == small


# The manager, on the People pages ---------------------------------------------------


def test_a_clerk_records_a_persons_manager_by_name_or_e_mail_address(cast, client):
    dale, clerk = cast["dale"], cast["clerk"]
    boss = make_owner("Bea Boss", user=make_user("bea", email="bea.boss@example.org"))
    client.force_login(clerk)
    url = reverse("set_manager", args=[dale.pk])
    response = client.post(url, {"manager": "bea.boss@EXAMPLE.org"}, follow=True)
    assert "Bea Boss is recorded as Dale Metcalfe’s manager." in text(response)
    dale.refresh_from_db()
    assert dale.manager == boss
    assert dale.history.latest().history_user == clerk
    assert "Manager Maria Manager Bea Boss" in text(client.get(reverse("change_person", args=[dale.pk])))
    client.post(url, {"manager": "  bea boss "})
    dale.refresh_from_db()
    assert dale.manager == boss
    page = text(client.post(url, {"manager": ""}, follow=True))
    assert "Dale Metcalfe has no manager recorded." in page and "No manager recorded" in page
    dale.refresh_from_db()
    assert dale.manager is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Nobody Known", "There is nobody called Nobody Known on the People pages: add them, with an e-mail address"),
        ("Lacey Nologin", "Lacey Nologin has no e-mail address: give them one first, so that they can be told"),
        ("SBC Hate Crime Lead", "There is nobody called SBC Hate Crime Lead on the People pages"),
        ("Dale Metcalfe", "Choose someone other than the person themself"),
    ],
)
def test_a_manager_the_people_pages_cannot_tell_is_refused_by_the_field_keeping_what_was_typed(
    cast, client, typed, says
):
    make_owner("Lacey Nologin")
    make_owner("SBC Hate Crime Lead", kind="role")
    client.force_login(cast["clerk"])
    response = client.post(reverse("set_manager", args=[cast["dale"].pk]), {"manager": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and says in text(response)
    assert 'href="#id_manager"' in page and f'value="{typed}"' in page
    cast["dale"].refresh_from_db()
    assert cast["dale"].manager == cast["maria"]


def test_the_person_page_shows_the_manager(cast, client):
    client.force_login(cast["clerk"])
    page = text(client.get(reverse("change_person", args=[cast["dale"].pk])))
    assert "Manager Maria Manager" in page


# The setting, on the council's settings page -------------------------------------------


def test_an_administrator_sets_the_days_overdue_seeing_the_change_first(cast, client, administrator):
    council = Council.objects.get(pk=1)
    council.change_escalation(None, by=None)
    overdue_by(cast["round"], 20)
    client.force_login(administrator)
    url = reverse("change_escalation")
    assert "Days overdue before escalation" in text(client.get(url))
    preview = text(client.post(url, {"escalation_days": "14", "continue": ""}))
    assert "Check the change to escalation" in preview
    assert "Now Never escalate After the change 14 days overdue" in preview
    assert "1 update is 14 or more days overdue now" in preview
    council.refresh_from_db()
    assert council.escalation_days is None
    seen = council.changed_at.isoformat()
    response = client.post(url, {"escalation_days": "14", "confirm": "", "seen": seen}, follow=True)
    assert "When overdue updates are escalated is changed." in text(response)
    council.refresh_from_db()
    assert council.escalation_days == 14 and council.history.latest().history_user == administrator
    settings_page = text(response)
    assert "14 days: the manager of the person responsible is e-mailed once" in settings_page
    assert "Never → changed to 14" in settings_page  # the history, newest first


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("fourteen", "Enter the number of days as a whole number, like 14"),
        ("0", "Enter a number of days from 1 to 366, or leave it blank"),
        ("400", "Enter a number of days from 1 to 366, or leave it blank"),
    ],
)
def test_a_wrong_number_of_days_is_refused_by_the_field_keeping_what_was_typed(
    cast, client, administrator, typed, says
):
    client.force_login(administrator)
    response = client.post(reverse("change_escalation"), {"escalation_days": typed, "continue": ""})
    assert says in text(response) and f'value="{typed}"' in response.content.decode()
    assert Council.objects.get(pk=1).escalation_days == 14


def test_changing_the_escalation_keeps_a_wording_change_made_meanwhile(clerk, administrator):
    """Two administrators at once: one changes the committee's word, the
    other the escalation, each from the settings as they first read them."""
    council, other = Council.objects.get(pk=1), Council.objects.get(pk=1)
    council.change_escalation(14, by=administrator)
    wording = {name: getattr(other, name) for name in Council.FIELDS}
    other._save_change({**wording, "committee_name": "Scrutiny Panel"}, by=administrator)
    settled = Council.objects.get(pk=1)
    assert (settled.escalation_days, settled.committee_name) == (14, "Scrutiny Panel")
