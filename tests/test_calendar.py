"""Calendars (issue 27, item 4): each person's feed of their own dates at a
secret link they can reset, and a committee's public feed of its meetings.
Every feed is read back with the icalendar parser, as a calendar would."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import permissions
from actionplans.models import CalendarFeed, ExemptParagraph, Review, Round
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

D = datetime.date


@pytest.fixture
def world(clerk, officer, link_officer, councillor, other_councillor):
    """Two committees. The councillor sits on Crime's; the link officer is
    the Hate Crime review's; the officer owns one of its actions, whose
    update is in the round open for March 2021 (an exempt action, the
    officer's too). Another officer's update is open in the other
    committee's review; a plan still being set up has an open round; a
    review awaits the executive's response."""
    crime = make_committee("Crime and Disorder Select Committee")
    crime.members.add(councillor)
    health = other_councillor.committees.get()
    olu = make_owner("Olu Officer", user=officer)
    lin = make_owner("Lin Officer", user=link_officer)
    hate = make_review("Hate Crime", committee=crime, link_officers=[lin])
    rec = make_recommendation(hate)
    schools = make_action(rec, owners=[olu], strand="Schools")
    secret = make_action(rec, owners=[olu], strand="Named informant", exempt_paragraph=ExemptParagraph.CRIME)
    published = make_round(hate, 2020, 9)
    make_entry(schools, published, owners=[olu])
    open_round = make_round(hate, 2021, 3, status=Round.Status.OPEN)
    make_entry(schools, open_round, owners=[olu])
    make_entry(secret, open_round, owners=[olu])

    other = make_owner("Otto Officer", user=make_user("otto.test"))
    care = make_review("Care Homes", committee=health)
    care_open = make_round(care, 2021, 3, status=Round.Status.OPEN)
    make_entry(make_action(make_recommendation(care), owners=[other]), care_open, owners=[other])
    care_published = make_round(care, 2020, 9)

    draft = make_review("Domestic Abuse", committee=crime, status=Review.Status.SETTING_UP)
    draft_round = make_round(draft, 2021, 3, status=Round.Status.OPEN)

    awaited = make_review("Fly-tipping", committee=crime, report_to_executive=D(2021, 2, 4))
    make_recommendation(awaited)
    return {
        "published": published,
        "open": open_round,
        "care_open": care_open,
        "care_published": care_published,
        "draft_round": draft_round,
        "awaited": awaited,
        "crime": crime,
        "health": health,
    }


def feed_of(user):
    return CalendarFeed.objects.reset(user, by=user)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    # icalendar parses leniently, keeping what it could not read as each
    # component's errors: a feed has none.
    assert [(component.name, component.errors) for component in calendar.walk() if component.errors] == []
    return calendar


def events(calendar):
    """Each event's UID (without the host) and its date."""
    return {str(event["UID"]).split("@")[0]: event.decoded("DTSTART") for event in calendar.walk("VEVENT")}


def personal(client, user):
    return read(client, reverse("calendar_feed", args=[feed_of(user).key]))


def deadline(round):
    return f"round-{round.pk}-deadline"


def meeting(round):
    return f"round-{round.pk}-meeting"


def test_an_officers_feed_holds_exactly_the_deadlines_of_their_open_updates(client, world, officer):
    assert events(personal(client, officer)) == {deadline(world["open"]): D(2021, 2, 15)}


def test_a_councillors_feed_holds_the_published_meetings_of_their_committees(client, world, councillor):
    # Not the open round's meeting (a councillor's pages show it once
    # published), nor the plan still being set up, nor another committee's.
    assert events(personal(client, councillor)) == {meeting(world["published"]): D(2020, 9, 20)}


def test_another_councillors_feed_holds_their_committees_meetings_not_the_first_ones(client, world, other_councillor):
    assert events(personal(client, other_councillor)) == {meeting(world["care_published"]): D(2020, 9, 20)}


def test_a_link_officers_feed_holds_the_meetings_of_their_reviews(client, world, link_officer):
    assert events(personal(client, link_officer)) == {
        meeting(world["published"]): D(2020, 9, 20),
        meeting(world["open"]): D(2021, 3, 20),
    }


def test_a_clerks_feed_holds_every_deadline_and_meeting_and_the_executive_responses_due(client, world, clerk):
    rounds = Round.objects.all()
    expected = {meeting(round): round.meeting_date for round in rounds}
    expected |= {deadline(round): round.deadline for round in rounds if round.is_open}
    # Two months after the report went to the executive (4 February 2021).
    expected[f"review-{world['awaited'].pk}-response-due"] = D(2021, 4, 4)
    assert events(personal(client, clerk)) == expected


def test_someone_with_no_dates_has_an_empty_but_valid_calendar(client, world, outsider, partner_lead):
    for user in (outsider, partner_lead):
        calendar = personal(client, user)
        assert calendar["VERSION"] == "2.0" and events(calendar) == {}
        # RFC 5545: a calendar holds at least one component; this one, the
        # council's time zone, whose rules cover this year and next.
        (zone,) = calendar.subcomponents
        assert zone.name == "VTIMEZONE" and zone["TZID"] == "Europe/London"
        assert {str(rule["TZNAME"]) for rule in zone.subcomponents} == {"GMT", "BST"}


def test_the_feed_is_valid_icalendar_of_whole_days_in_london_time(client, world, link_officer):
    calendar = personal(client, link_officer)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    assert not calendar.walk("VTIMEZONE")
    # How often to ask again, as RFC 7986 and Outlook's X- property spell a
    # duration.
    text = client.get(reverse("calendar_feed", args=[feed_of(link_officer).key])).content.decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT6H\r\n" in text
    first, second = calendar.walk("VEVENT")
    assert first["SUMMARY"] == "Crime and Disorder Select Committee meeting: Hate Crime"
    for event in (first, second):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and end == start + datetime.timedelta(days=1)
        assert event["DTSTART"].params["VALUE"] == "DATE"
        # The one time of day in the file, which RFC 5545 has in UTC.
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
        assert str(event["UID"]).endswith("@testserver")
    review_page = "http://testserver" + reverse("review_detail", args=[world["published"].review.slug])
    assert first["DESCRIPTION"] == (
        "The Crime and Disorder Select Committee receives the Hate Crime progress update (September 2020).\n"
        + review_page
    )


def test_no_feed_names_an_action_so_nothing_exempt_is_in_one(client, world, officer, clerk):
    for user in (officer, clerk):
        url = reverse("calendar_feed", args=[feed_of(user).key])
        body = client.get(url).content.decode()
        assert "Named informant" not in body and "Schools" not in body
    assert "Progress updates due: Hate Crime" in client.get(url).content.decode()


def test_a_date_that_moves_moves_its_event(client, world, link_officer):
    url = reverse("calendar_feed", args=[feed_of(link_officer).key])
    before = events(read(client, url))
    Round.objects.filter(pk=world["open"].pk).update(meeting_date=D(2021, 3, 25))
    after = events(read(client, url))
    assert set(after) == set(before) and after[meeting(world["open"])] == D(2021, 3, 25)


def test_resetting_the_link_makes_the_old_one_not_found(client, world, officer):
    client.force_login(officer)
    # The first link is made by a POST; the page shows it.
    assert client.post(reverse("reset_calendar")).status_code == 302
    old = CalendarFeed.objects.get(user=officer).key
    old_url = reverse("calendar_feed", args=[old])
    page = client.get(reverse("calendar")).content.decode()
    assert "http://testserver" + old_url in page and "Reset the calendar link" in page
    assert client.get(old_url).status_code == 200
    # Resetting asks first, then answers with a new link.
    assert "Yes, reset the link" in client.get(reverse("reset_calendar")).content.decode()
    response = client.post(reverse("reset_calendar"), follow=True)
    assert "The old link no longer works" in response.content.decode()
    new = CalendarFeed.objects.get(user=officer).key
    assert new != old
    assert client.get(old_url).status_code == 404
    assert events(read(client, reverse("calendar_feed", args=[new]))) == {deadline(world["open"]): D(2021, 2, 15)}
    # The history says who made and reset it, never the key.
    history = CalendarFeed.objects.get(user=officer).history.all()
    assert [row.history_user for row in history] == [officer, officer]
    assert not hasattr(history[0], "key")


def test_opening_the_page_makes_no_link(client, officer):
    client.force_login(officer)
    page = client.get(reverse("calendar")).content.decode()
    assert "Make your calendar link" in page
    assert not CalendarFeed.objects.exists()
    # Nothing to reset yet: the confirmation page offers to make one.
    assert "nothing to reset" in client.get(reverse("reset_calendar")).content.decode()
    assert not CalendarFeed.objects.exists()


def test_the_notifications_page_leads_to_the_calendar(client, officer):
    client.force_login(officer)
    assert reverse("calendar") in client.get(reverse("notification_preferences")).content.decode()


def test_an_unknown_key_or_a_deactivated_login_is_not_found(client, world, officer):
    url = reverse("calendar_feed", args=[feed_of(officer).key])
    assert client.get(reverse("calendar_feed", args=["no-such-key"])).status_code == 404
    officer.is_active = False
    officer.save()
    assert client.get(url).status_code == 404


def test_nobody_resets_another_persons_link(world, officer, administrator):
    feed = CalendarFeed.objects.reset(officer, by=officer)
    with pytest.raises(permissions.Refused):
        CalendarFeed.objects.reset(officer, by=administrator)
    assert CalendarFeed.objects.get(user=officer).key == feed.key


def test_a_committees_public_feed_is_not_found_while_the_public_pages_are_off(client, world, settings):
    settings.SCRUTINY_PUBLIC_PAGES = False
    url = reverse("committee_calendar", args=[world["crime"].slug])
    assert client.get(url).status_code == 404


def test_a_committees_public_feed_lists_only_its_public_meetings(client, world, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    calendar = read(client, reverse("committee_calendar", args=[world["crime"].slug]))
    # Not the open round's meeting, nor the plan being set up's.
    assert events(calendar) == {meeting(world["published"]): D(2020, 9, 20)}
    (event,) = calendar.walk("VEVENT")
    assert str(event["URL"]) == "http://testserver" + reverse(
        "public_round", args=[world["published"].review.slug, "2020-09"]
    )
    assert calendar["X-WR-CALNAME"] == "Crime and Disorder Select Committee meetings"
    assert client.get(reverse("committee_calendar", args=["no-such-committee"])).status_code == 404


def test_the_feeds_take_the_same_queries_for_5_and_500_rounds(client, clerk, councillor, settings):
    settings.SCRUTINY_PUBLIC_PAGES = True
    clerk_url = reverse("calendar_feed", args=[feed_of(clerk).key])
    councillor_url = reverse("calendar_feed", args=[feed_of(councillor).key])

    def queries(size):
        committee = make_committee()
        committee.members.add(councillor)
        lin = make_owner()
        for n in range(size):
            review = make_review(committee=committee, link_officers=[lin], report_to_executive=D(2021, 2, 4))
            make_recommendation(review)
            make_round(review, 2020 + n % 2, 3, status=Round.Status.OPEN if n % 2 else Round.Status.PUBLISHED)
        counts = []
        for url in (clerk_url, councillor_url, reverse("committee_calendar", args=[committee.slug])):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts.append((len(captured), len(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))))
        return counts

    small, large = queries(5), queries(500)
    assert [n for n, _ in small] == [n for n, _ in large]
    # The clerk's feed holds the 500 reviews' meetings, deadlines and responses due.
    assert large[0][1] > 1000
