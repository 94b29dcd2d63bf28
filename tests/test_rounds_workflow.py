"""The six-monthly cycle, end to end, through the web forms."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, Owner, ProgressEntry, Round
from reports.progress_update.builder import build_progress_update
from tests.conftest import built_once
from tests.factories import (
    a_clerk,
    date_input,
    keep_open_in_september,
    make_action,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
    take_back_advocates,
)

pytestmark = pytest.mark.django_db

SCHOOLS = "1 a) Schools, Colleges and Universities"


def user(username):
    return get_user_model().objects.get(username=username)


def client_for(username):
    client = Client()
    client.force_login(user(username))
    return client


def text(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def open_march_2021(clerk_client, demo):
    return clerk_client.post(
        reverse("open_round", args=[demo.slug]),
        {
            "month": "3",
            "year": "2021",
            **date_input("deadline", datetime.date(2021, 2, 26)),
            **date_input("meeting_date", datetime.date(2021, 3, 18)),
        },
    )


@pytest.fixture
def schools_kept_open(demo):
    """The committee kept 1 a) Schools open in September 2020 to see its
    impact; 1 c), which it closed in March 2020, is taken back for these tests
    (factories.take_back_advocates)."""
    take_back_advocates()
    keep_open_in_september("Schools, Colleges and Universities")
    return Action.objects.get(strand="Schools, Colleges and Universities")


def form_data(client, entry, **fields):
    page = client.get(reverse("update_entry", args=[entry.pk]))
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return {"version": version, **fields}


def decision_data(client, entry, **fields):
    """What the approve page's form posts: the decision, with the version
    (and history record) of the update the page showed."""
    page = client.get(reverse("approve_entry", args=[entry.pk])).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    seen = re.search(r'name="seen" value="(\d*)"', page).group(1)
    return {"version": version, "seen": seen, **fields}


def test_the_whole_cycle_on_the_demo_review(demo, schools_kept_open):
    clerk = client_for("clerk")
    response = open_march_2021(clerk, demo)
    round = Round.objects.get(review=demo, period=datetime.date(2021, 3, 1))
    assert response.status_code == 302 and response["Location"] == reverse("round_detail", args=[round.pk])
    assert sorted(e.action.reference for e in round.entries.all()) == [SCHOOLS, "1 c)"]

    # Vanessa finds exactly her action waiting.
    vanessa = client_for("vanessa.housley")
    page = text(vanessa.get(reverse("my_updates")))
    assert SCHOOLS in page and "1 c)" not in page and "Not started" in page
    entry = round.entries.get(action=schools_kept_open)

    evidence = "Impact survey sent to all schools.\n- 38 replies so far\n- Governors' training booked"
    response = vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(vanessa, entry, evidence_of_progress=evidence, grade="1", submit=""),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED and entry.history.first().history_user == user(
        "vanessa.housley"
    )

    # The link officer returns it with a comment that Vanessa then sees.
    marc = client_for("marc.stephenson")
    assert SCHOOLS in text(marc.get(reverse("approvals")))
    marc.post(
        reverse("approve_entry", args=[entry.pk]),
        decision_data(marc, entry, decision="return", comment="Say how many schools replied in all."),
    )
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.RETURNED
    assert "Say how many schools replied in all." in text(vanessa.get(reverse("my_updates")))
    assert "Say how many schools replied in all." in text(vanessa.get(reverse("update_entry", args=[entry.pk])))

    better = evidence.replace("38 replies so far", "38 of 62 schools replied")
    vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(vanessa, entry, evidence_of_progress=better, grade="1", submit=""),
    )
    marc.post(reverse("approve_entry", args=[entry.pk]), decision_data(marc, entry, decision="approve"))
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.APPROVED

    # 1 c) never came in: the clerk publishes after confirming it is missing.
    publish = reverse("publish_round", args=[round.pk])
    refused = clerk.post(publish, {})
    assert refused.status_code == 200 and "Confirm that the round is to be published" in text(refused)
    assert "1 c)" in text(refused)
    clerk.post(publish, {"confirm_missing": "on"})
    round.refresh_from_db()
    assert round.is_published

    document = build_progress_update(demo, rounds=list(demo.rounds.all()), round=round)
    schools = next(a for a in document.actions if a.reference == SCHOOLS)
    assert schools.entries[-1].evidence_of_progress == better
    c = next(a for a in document.actions if a.reference == "1 c)")
    assert c.entries[-1].received is False
    # …and the committee sees it now.
    assert "38 of 62 schools replied" in text(client_for("councillor").get(reverse("review_detail", args=[demo.slug])))


def test_a_save_over_someone_elses_change_is_refused_and_the_typed_text_kept(demo, schools_kept_open):
    open_march_2021(client_for("clerk"), demo)
    entry = ProgressEntry.objects.get(round__period="2021-03-01", action=schools_kept_open)
    vanessa, dale = client_for("vanessa.housley"), client_for("dale.metcalfe")
    vanessa_opened = form_data(vanessa, entry)
    dale.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(dale, entry, evidence_of_progress="Dale's draft.", grade="2", save=""),
    )

    response = vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        {**vanessa_opened, "evidence_of_progress": "Vanessa's long update.", "grade": "1", "submit": ""},
    )
    page = text(response)
    assert response.status_code == 409
    assert "Your changes were not saved" in page and "Dale Metcalfe changed this update on" in page
    assert "Vanessa's long update." in page  # shown back for copying
    entry.refresh_from_db()
    assert entry.evidence_of_progress == "Dale's draft." and entry.status == ProgressEntry.Status.DRAFT


def test_slipped_needs_an_explanation_and_nothing_typed_is_lost(demo):
    take_back_advocates()
    open_march_2021(client_for("clerk"), demo)
    entry = ProgressEntry.objects.get(round__period="2021-03-01", action__sub_action__letter="c")
    Action.objects.get(pk=entry.action_id).reassign([Owner.objects.get(name="Satnam Singh")], by=user("clerk"))
    satnam = client_for("satnam.singh")
    response = satnam.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(satnam, entry, evidence_of_progress="Training package delayed.", grade="3", submit=""),
    )
    page = text(response)
    assert "There is a problem" in page and "Explain why the action is graded Slipped" in page
    assert "Training package delayed." in page
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.NOT_STARTED and entry.evidence_of_progress == ""

    # A draft may be saved half-done.
    satnam.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(satnam, entry, evidence_of_progress="Training package delayed.", grade="3", save=""),
    )
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.DRAFT and entry.grade == 3


def test_a_grade_worse_than_last_round_needs_an_explanation(demo, schools_kept_open):
    open_march_2021(client_for("clerk"), demo)
    entry = ProgressEntry.objects.get(round__period="2021-03-01", action=schools_kept_open)
    vanessa = client_for("vanessa.housley")
    # Fully Achieved in September 2020; On-Track now is worse.
    response = vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(vanessa, entry, evidence_of_progress="Some.", grade="2", submit=""),
    )
    assert "Explain why the assessment is worse than last time" in text(response)
    response = vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(
            vanessa, entry, evidence_of_progress="Some.", grade="2", grade_explanation="Staff changes.", submit=""
        ),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == ProgressEntry.Status.SUBMITTED and entry.grade_explanation == "Staff changes."


def test_an_officer_cannot_reach_someone_elses_update_by_changing_the_id(demo, schools_kept_open):
    open_march_2021(client_for("clerk"), demo)
    not_hers = ProgressEntry.objects.get(round__period="2021-03-01", action__sub_action__letter="c")
    vanessa = client_for("vanessa.housley")
    assert vanessa.get(reverse("update_entry", args=[not_hers.pk])).status_code == 404
    response = vanessa.post(
        reverse("update_entry", args=[not_hers.pk]),
        {"version": "0", "evidence_of_progress": "x", "grade": "1", "submit": ""},
    )
    assert response.status_code == 404
    not_hers.refresh_from_db()
    assert not_hers.evidence_of_progress == ""


def test_a_published_round_is_frozen_for_officers(demo):
    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand="Schools, Colleges and Universities")
    vanessa = client_for("vanessa.housley")
    page = text(vanessa.get(reverse("update_entry", args=[entry.pk])))
    assert "The round is published: the update can no longer be changed." in page
    vanessa.post(
        reverse("update_entry", args=[entry.pk]),
        {"version": str(entry.version), "evidence_of_progress": "x", "grade": "4", "submit": ""},
    )
    entry.refresh_from_db()
    assert entry.grade == 1


def test_a_clerk_corrects_a_published_entry_only_with_a_reason(demo):
    entry = ProgressEntry.objects.get(round__period="2020-09-01", action__strand="Schools, Colleges and Universities")
    clerk = client_for("clerk")
    url = reverse("correct_entry", args=[entry.pk])
    data = {
        "evidence_of_progress": entry.evidence_of_progress,
        "grade": "1",
        "grade_explanation": "",
        "evidence_of_impact": entry.evidence_of_impact.replace("well-being", "wellbeing"),
        "version": str(entry.version),
        "owners": [link.owner_id for link in entry.responsibilities.all()],
    }
    assert "Give the reason for correcting a published entry" in text(clerk.post(url, data))
    clerk.post(url, {**data, "reason": "Typing error in the published paper"})
    entry.refresh_from_db()
    assert "wellbeing" in entry.evidence_of_impact
    latest = entry.history.first()
    assert latest.history_change_reason == "Correction: Typing error in the published paper"
    assert latest.history_user == user("clerk")
    history = text(clerk.get(reverse("action_history", args=[entry.action_id])))
    assert "Update, September 2020: Evidence of Impact" in history and "Typing error in the published paper" in history


def test_reassigning_moves_the_open_update_to_the_new_owner_and_keeps_the_old(demo):
    take_back_advocates()
    clerk = client_for("clerk")
    open_march_2021(clerk, demo)
    action = Action.objects.get(sub_action__letter="c")
    satnam = Owner.objects.get(name="Satnam Singh")
    clerk.post(reverse("reassign_action", args=[action.pk]), {"owners": [str(satnam.pk)]})
    assert [o.name for o in action.owners.all()] == ["Satnam Singh"]
    assert "1 c)" in text(client_for("satnam.singh").get(reverse("my_updates")))
    march_2020 = action.entries.get(round__period="2020-03-01")
    assert [o.name for o in march_2020.owners.all()] == ["All Stockton hate crime group members"]
    history = text(clerk.get(reverse("action_history", args=[action.pk])))
    assert "Responsibility: Removed All Stockton hate crime group members" in history  # under Old value
    assert "Responsibility, March 2021: Added" in history and "Scrutiny Clerk" in history


def test_a_round_with_updates_cannot_be_deleted_but_an_untouched_one_can(demo, schools_kept_open):
    clerk = client_for("clerk")
    open_march_2021(clerk, demo)
    round = Round.objects.get(period="2021-03-01")
    url = reverse("delete_round", args=[round.pk])
    assert clerk.post(url).status_code == 302
    assert not Round.objects.filter(period="2021-03-01").exists()

    open_march_2021(clerk, demo)
    round = Round.objects.get(period="2021-03-01")
    entry = round.entries.get(action=schools_kept_open)
    vanessa = client_for("vanessa.housley")
    vanessa.post(reverse("update_entry", args=[entry.pk]), form_data(vanessa, entry, evidence_of_progress="x", save=""))
    response = clerk.post(reverse("delete_round", args=[round.pk]))
    assert response.status_code == 409
    assert "Officers have already written 1 update(s) in this round." in text(response)
    assert Round.objects.filter(pk=round.pk).exists()
    published = Round.objects.get(period="2020-09-01")
    assert "cannot be deleted" in text(clerk.post(reverse("delete_round", args=[published.pk])))


def test_a_new_round_must_follow_the_latest_and_wait_for_it_to_be_published(demo):
    clerk = client_for("clerk")
    response = clerk.post(
        reverse("open_round", args=[demo.slug]),
        {
            "month": "3",
            "year": "2020",
            **date_input("deadline", datetime.date(2020, 2, 1)),
            **date_input("meeting_date", datetime.date(2020, 3, 1)),
        },
    )
    assert "The new round must come after the latest one, September 2020." in text(response)
    assert 'value="2020"' in response.content.decode()
    open_march_2021(clerk, demo)
    response = clerk.post(
        reverse("open_round", args=[demo.slug]),
        {
            "month": "9",
            "year": "2021",
            **date_input("deadline", datetime.date(2021, 8, 1)),
            **date_input("meeting_date", datetime.date(2021, 9, 1)),
        },
    )
    assert "The March 2021 round is still open: publish it before opening another." in text(response)
    assert Round.objects.filter(review=demo).count() == 3


def test_reminders_go_to_every_owner_not_yet_submitted_with_a_link(
    demo, schools_kept_open, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clerk = client_for("clerk")
    open_march_2021(clerk, demo)
    round = Round.objects.get(period="2021-03-01")
    entry = round.entries.get(action=schools_kept_open)
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("send_round_reminders", args=[round.pk]))
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # 1 c) belongs to a group with no login: the round page tells the clerk to chase it by hand.
    assert recipients == ["alex.love@example.org", "dale.metcalfe@example.org", "vanessa.housley@example.org"]
    assert f"http://testserver/updates/{entry.pk}/" in mail.outbox[0].body
    assert "(no e-mail: chase by hand)" in text(clerk.get(reverse("round_detail", args=[round.pk])))


def test_send_reminders_chases_rounds_whose_deadline_is_near_or_past(
    demo, schools_kept_open, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = datetime.date.today()
    near = demo.open_round(
        period=today,
        deadline=today + datetime.timedelta(days=3),
        meeting_date=today + datetime.timedelta(days=20),
        by=a_clerk(),
    )
    other = make_review()
    make_action(make_recommendation(other), owners=[make_owner(user=make_user("far.away", email="far@example.org"))])
    make_round(other, 2020, 3)  # published, nothing to chase
    far = other.open_round(
        period=today + datetime.timedelta(days=62),
        deadline=today + datetime.timedelta(days=30),
        meeting_date=today + datetime.timedelta(days=60),
        by=a_clerk(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "7")
    # The update reminders (the demo's completed recommendations are asked
    # whether they still hold too: tests/test_rechecks.py).
    updates = [message for message in mail.outbox if message.subject.startswith("Progress update")]
    assert sorted(a for m in updates for a in m.to) == [
        "alex.love@example.org",
        "dale.metcalfe@example.org",
        "vanessa.housley@example.org",
    ]
    assert near.is_open and far.is_open
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "40")
    assert "far@example.org" in [a for m in mail.outbox for a in m.to]


def make_big_round(actions):
    officer = make_user(f"busy.officer{actions}", "Officer", email="busy@example.org")
    link = make_user(f"busy.link{actions}", "Link officer", "Officer")
    owner = make_owner(f"Busy Officer {actions}", user=officer)
    review = make_review(link_officers=[make_owner(f"Busy Link {actions}", user=link)])
    rec = make_recommendation(review)
    for n in range(actions):
        make_action(rec if n == 0 else make_recommendation(review), owners=[owner])
    round = review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=a_clerk(),
    )
    for entry in round.entries.all()[: actions // 2]:
        entry.save_update(by=officer, version=entry.version, submit=True, evidence_of_progress="Done.", grade=2)
    return officer, link, round


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture(scope="class")
def big_rounds(django_db_setup, django_db_blocker, tmp_path_factory):
    """A round of 5 actions and one of 500 (make_big_round), built once for
    the class's tests (built_once)."""

    def build():
        return {actions: make_big_round(actions) for actions in (5, 500)}

    with built_once(django_db_blocker, tmp_path_factory.mktemp("rounds"), build) as rounds:
        yield rounds


class TestPagesListingUpdates:
    """Rounds of 5 and 500 actions, built once for the class's tests."""

    @pytest.mark.parametrize(
        "page", ["my_updates", "approvals", "approve_together", "round_detail", "send_round_reminders"]
    )
    def test_pages_listing_updates_make_as_many_queries_for_500_actions_as_for_5(self, page, clerk, big_rounds):
        def measure(actions):
            officer, link, round = big_rounds[actions]
            client = Client()
            client.force_login({"my_updates": officer, "approvals": link, "approve_together": link}.get(page, clerk))
            url = reverse(page, args=[round.pk]) if page in ("round_detail", "send_round_reminders") else reverse(page)
            if page == "approve_together":  # every submitted update, read together
                url += "?" + "&".join(
                    f"update={pk}" for pk in round.entries.filter(status="submitted").values_list("pk", flat=True)
                )
            client.get(url)
            return count(client, url)

        assert measure(5) == measure(500)


def test_a_published_round_with_updates_cannot_be_reopened_but_an_empty_one_can(clerk):
    client = Client()
    client.force_login(clerk)
    review = make_review()
    action = make_action(make_recommendation(review))
    with_updates = make_round(review, 2020, 3)

    make_entry(action, with_updates)
    response = client.post(reverse("reopen_round", args=[with_updates.pk]), follow=True)
    assert "The round was not reopened. The committee has received this round's updates" in text(response)
    with_updates.refresh_from_db()
    assert with_updates.is_published

    published_by_mistake = review.open_round(
        period=datetime.date(2020, 9, 1),
        deadline=datetime.date(2020, 9, 1),
        meeting_date=datetime.date(2020, 9, 20),
        by=clerk,
    )
    published_by_mistake.publish(by=clerk)
    client.post(reverse("reopen_round", args=[published_by_mistake.pk]))
    published_by_mistake.refresh_from_db()
    assert published_by_mistake.is_open
    assert published_by_mistake.history.first().history_user == clerk


def test_a_meeting_date_far_from_the_rounds_month_is_refused(demo):
    response = client_for("clerk").post(
        reverse("open_round", args=[demo.slug]),
        {
            "month": "3",
            "year": "2021",
            **date_input("deadline", datetime.date(2019, 2, 1)),
            **date_input("meeting_date", datetime.date(2019, 3, 10)),
        },
    )
    assert "The committee meeting must be within three months of March 2021." in text(response)
    assert not Round.objects.filter(period="2021-03-01").exists()


def test_when_nobody_can_be_emailed_the_clerk_is_told_to_chase_by_hand(demo):
    clerk = client_for("clerk")
    keep_open_in_september()  # September's proposals signed off
    open_march_2021(clerk, demo)  # carries only 1 c), a group with no e-mail
    round = Round.objects.get(period="2021-03-01")
    page = text(clerk.post(reverse("send_round_reminders", args=[round.pk]), follow=True))
    assert "Nobody was e-mailed" in page and "Chase them by hand." in page


def test_the_update_page_and_its_banner_name_the_action_with_its_words_in_full(demo, schools_kept_open):
    """Issue 28: "Update on 1 That the Council introduces a fixed…" cut the
    words mid-sentence in the heading and the banner after saving."""
    clerk = client_for("clerk")
    open_march_2021(clerk, demo)
    entry = ProgressEntry.objects.get(round__period=datetime.date(2021, 3, 1), action__sub_action__letter="c")
    words = " ".join(entry.action.sub_action.text.split())
    assert entry.action.name.endswith("…") and len(words) > 40  # what the heading used to cut
    owner = entry.owners.first()
    owner.user = make_user("c.officer", "Officer")
    owner.save()
    officer = Client()
    officer.force_login(owner.user)
    page = text(officer.get(reverse("update_entry", args=[entry.pk])))
    assert f"Update on 1 c) {words}" in page and "…" not in page.split("Status:")[0]
    response = officer.post(
        reverse("update_entry", args=[entry.pk]),
        form_data(officer, entry, evidence_of_progress="Form drafted.", grade="2", save=""),
        follow=True,
    )
    assert f"Your draft update on 1 c) {words} was saved." in text(response)


def test_a_deadline_passes_at_midnight_in_london_whatever_the_servers_clock(monkeypatch):
    """At half past midnight on 2 July in London it is still 1 July by UTC,
    the servers' usual clock: a round due on 1 July is past its deadline,
    one due on 2 July is not."""
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC))
    round = make_round(make_review(), 2026, 9, status=Round.Status.OPEN)
    round.deadline = datetime.date(2026, 7, 1)
    assert round.is_past_deadline
    round.deadline = datetime.date(2026, 7, 2)
    assert not round.is_past_deadline


def test_the_round_page_links_to_its_paper_a_draft_while_open(demo, demo_march_2021, clerk):
    """Issue 55: the clerk's round page had no way to its paper."""
    client = Client()
    client.force_login(clerk)
    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    for round, words, query in (
        (september, "The September 2020 Progress Update", ""),
        (demo_march_2021, "as a draft", "?draft=on"),
    ):
        page = client.get(reverse("round_detail", args=[round.pk])).content.decode()
        url = reverse("progress_update_page", args=[demo.slug, round.period_code]) + query
        assert f'href="{url}"' in page and words in page, round
        paper = client.get(url)
        assert paper.status_code == 200 and "format=pdf" in paper.content.decode()
