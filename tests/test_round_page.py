"""The clerk's round page: reminders previewed before they go and recorded
when they do (notifications of kind update_due, in the outbox); "Open the
next round" only when a round can be opened."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actionplans.models import Notification, Round
from tests.test_rounds_workflow import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_open(demo_march_2021, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return demo_march_2021


def reminders(round, **filters):
    return Notification.objects.filter(kind=Notification.Kind.UPDATE_DUE, event_key=round.reminder_key(), **filters)


@pytest.fixture
def clerk_client(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    return client


def test_the_preview_shows_exactly_the_emails_that_would_go_and_sends_nothing(round_open, clerk_client):
    response = clerk_client.get(reverse("send_round_reminders", args=[round_open.pk]))
    page = text(response)
    assert response.status_code == 200 and mail.outbox == []
    assert not Notification.objects.exists()
    preview = round_open.reminder_messages(base_url="http://testserver/")
    assert [m.to for m in preview] == [
        "alex.love@example.org",
        "dale.metcalfe@example.org",
        "vanessa.housley@example.org",
    ]
    for message in preview:
        assert message.to in page and message.subject in page
        assert message.body.splitlines()[2] in page
    assert "Progress update overdue: Hate Crime, March 2021" in page
    assert "All Stockton hate crime group members" in page  # to chase by hand
    assert "Send 3 reminders" in page
    # The round's page and the preview count alike: updates, then the people reminded of them.
    waiting = len(round_open.entries_to_chase())
    round_page = text(clerk_client.get(reverse("round_detail", args=[round_open.pk])))
    assert f"Preview reminders ({waiting} updates not yet submitted)" in round_page
    assert f"{waiting} updates not yet submitted, with 3 people responsible who can be e-mailed" in page


def test_sending_sends_what_the_preview_showed_and_records_who_sent_it(
    round_open, clerk_client, django_capture_on_commit_callbacks
):
    preview = round_open.reminder_messages(base_url="http://testserver/")
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("send_round_reminders", args=[round_open.pk]), follow=True)
    assert "Reminders were sent to 3 people." in text(response)
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [([p.to], p.subject, p.body) for p in preview]
    clerk = get_user_model().objects.get(username="clerk")
    assert sorted(r.recipient.username for r in reminders(round_open, sent_by=clerk, sent_at__isnull=False)) == [
        "alex.love",
        "dale.metcalfe",
        "vanessa.housley",
    ]


def test_the_round_page_shows_when_each_person_was_last_reminded(round_open, clerk_client):
    url = reverse("round_detail", args=[round_open.pk])
    assert "last reminded" not in text(clerk_client.get(url))
    clerk_client.post(reverse("send_round_reminders", args=[round_open.pk]))
    vanessa = reminders(round_open).get(recipient__username="vanessa.housley")
    vanessa.created_at = datetime.datetime(2021, 2, 12, 9, 0, tzinfo=datetime.UTC)
    vanessa.save()
    page = text(clerk_client.get(url))
    assert "Vanessa Housley (last reminded 12 February 2021)" in page
    today = datetime.date.today()
    assert f"(last reminded {today.day} {today:%B %Y})" in page
    assert "All Stockton hate crime group members (no e-mail: chase by hand)" in page


def test_the_daily_command_records_its_reminders_too(round_open, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--days", "7")  # the round's deadline is past
    # The demo's recommendations 2 to 4, completed in March 2020, are asked
    # whether they still hold too (tests/test_rechecks.py).
    assert len([message for message in mail.outbox if message.subject.startswith("Progress update")]) == 3
    assert reminders(round_open, sent_by=None, sent_at__isnull=False).count() == 3


def test_a_line_break_in_the_reviews_title_does_not_stop_the_reminders(round_open, django_capture_on_commit_callbacks):
    review = round_open.review
    review.title = "Hate\nCrime"
    review.save()
    round_open.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert round_open.send_reminders(base_url="http://testserver/", by=None) == 3
    assert mail.outbox[0].subject == "Progress update overdue: Hate Crime, March 2021"


def test_open_the_next_round_is_not_offered_while_a_round_is_open(round_open, clerk_client):
    review = round_open.review
    open_next = reverse("open_round", args=[review.slug])
    assert review.why_not_openable() == "The March 2021 round is still open: publish it before opening another."
    for url in (review.get_absolute_url(), reverse("round_detail", args=[round_open.pk])):
        html = clerk_client.get(url).content.decode()
        assert open_next not in html and "Open the next round" not in html
    page = clerk_client.get(open_next)
    assert page.status_code == 200 and 'name="deadline_day"' not in page.content.decode()
    assert "The March 2021 round is still open" in text(page)

    round_open.publish(by=get_user_model().objects.get(username="clerk"))
    assert review.why_not_openable() == ""
    for url in (review.get_absolute_url(), reverse("round_detail", args=[round_open.pk])):
        assert open_next in clerk_client.get(url).content.decode()
    assert 'name="deadline_day"' in clerk_client.get(open_next).content.decode()


def test_posting_the_open_round_form_while_a_round_is_open_opens_nothing(round_open, clerk_client):
    response = clerk_client.post(reverse("open_round", args=[round_open.review.slug]), {"month": "9", "year": "2021"})
    assert response.status_code == 409
    assert Round.objects.filter(review=round_open.review).count() == 3


@pytest.mark.parametrize("days_away, warned", [(-3, True), (14, False)])
def test_opening_a_round_whose_deadline_has_passed_says_so(demo, clerk_client, days_away, warned):
    from tests.factories import date_input, keep_open_in_september

    keep_open_in_september("Schools, Colleges and Universities")
    today = datetime.date.today()
    deadline = today + datetime.timedelta(days=days_away)
    meeting = deadline + datetime.timedelta(days=14)
    data = {
        "month": str(meeting.month),
        "year": str(meeting.year),
        **date_input("deadline", deadline),
        **date_input("meeting_date", meeting),
    }
    page = text(clerk_client.post(reverse("open_round", args=[demo.slug]), data, follow=True))
    assert "round is open with" in page
    assert ("has already passed" in page) is warned


def test_the_round_page_names_each_action_with_its_words_not_a_bare_reference(demo, clerk_client):
    """Issue 28: "Every action the round carries" listed "1", "1 Publicity",
    "2 a)"; a clerk had to remember what each was."""
    round = demo.rounds.get(period=datetime.date(2020, 9, 1))
    page = clerk_client.get(reverse("round_detail", args=[round.pk])).content.decode()
    cells = re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell"[^>]*>([^<]*)</td>', page)
    assert cells and all(len(cell.split()) > 2 for cell in cells), cells
    for entry in round.entries.select_related("action__recommendation", "action__sub_action"):
        assert escape(entry.action.name) in cells


def test_a_published_rounds_page_reads_each_grade_from_its_stored_standing(demo, clerk_client):
    """The grade in a published round's page is its stored standing's, as
    every other view of the round reads it: a row rewritten (as a
    correction of an earlier round rewrites a later one's) is what it shows."""
    from actionplans.models import Action, Standing
    from actionplans.models.council import current_scale

    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    url = reverse("round_detail", args=[september.pk])

    def grade_shown() -> str:
        page = clerk_client.get(url).content.decode()
        row = page[page.index(schools.name) :]
        return re.search(r'data-label="Grade">([^<]*)<', row).group(1)

    assert grade_shown() == "1 (Fully Achieved)"  # as approved
    slipped = current_scale().at(3)
    Standing.objects.filter(round=september, action=schools).update(grade=slipped.id)  # as a rewrite leaves it
    assert grade_shown() == slipped.printed
    Standing.objects.filter(round=september, action=schools).update(grade=None)
    assert grade_shown() == "No update received"


def test_the_public_round_page_and_the_paper_read_each_grade_from_the_stored_standing(demo, settings, clerk):
    """The public page of a published round, and the paper made of it,
    print the grade its stored standing holds, as the clerk's page does."""
    from actionplans.models import Action, Standing
    from actionplans.models.council import current_scale
    from reports.progress_update.builder import build_progress_update

    settings.SCRUTINY_PUBLIC_PAGES = True
    september = demo.rounds.get(period=datetime.date(2020, 9, 1))
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    url = reverse("public_round", args=[demo.slug, september.period_code])

    def grades_shown() -> tuple[str, str]:
        page = text(Client().get(url))
        on_page = re.search(r"Schools, Colleges and Universities.*?Assessment of Progress .*?\) (\d \([^)]*\))", page)
        document = build_progress_update(demo, rounds=list(demo.rounds.order_by("period")), round=september)
        [row] = [a for r in document.recommendations for a in r.actions if a.reference == schools.reference]
        return on_page.group(1), row.entries[-1].grade.printed

    assert grades_shown() == ("1 (Fully Achieved)", "1 (Fully Achieved)")  # as approved
    slipped = current_scale().at(3)
    Standing.objects.filter(round=september, action=schools).update(grade=slipped.id)  # as a rewrite leaves it
    assert grades_shown() == (slipped.printed, slipped.printed)


def test_the_next_round_is_proposed_after_the_latest_rounds_month_and_its_meeting():
    from actionplans.monitoring.forms import next_round_month
    from tests.factories import make_review, make_round

    review = make_review()
    make_round(review, 2020, 9)
    march = make_round(review, 2021, 3)
    Round.objects.filter(pk=march.pk).update(meeting_date=datetime.date(2021, 3, 18))
    assert next_round_month(review) == datetime.date(2021, 9, 1)
    # A meeting long after its round's month (the demo's, dated to today):
    # the next update is the one after that meeting, on the same beat.
    Round.objects.filter(pk=march.pk).update(meeting_date=datetime.date(2026, 12, 3))
    assert next_round_month(review) == datetime.date(2027, 3, 1)
    # A meeting in the month proposed (quarterly papers, met a quarter on): that month.
    Round.objects.filter(pk=march.pk).update(meeting_date=datetime.date(2021, 9, 20))
    assert next_round_month(review) == datetime.date(2021, 9, 1)
