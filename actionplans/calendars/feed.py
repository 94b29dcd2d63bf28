"""The calendar feeds' builder and renderer: a person's dates (or a
committee's public meetings) gathered once into plain data, in a fixed
number of queries however many there are, then written as iCalendar
(RFC 5545) without touching the database.

Whose dates are whose, in one place (person_dates):

- whoever is responsible for an update in an open round (an officer, in
  person or through a role they hold): the round's deadline;
- a committee member: the meetings of the committees they sit on;
- a link officer: the meetings that receive their reviews' progress updates;
- a clerk (and an administrator): every round's deadline and meeting, and
  the due date of every executive response awaited.

Only of reviews the person may read (Review.objects.visible_to), and of a
round only what its pages show them (Round.objects.visible_to: a committee
member's calendar has a meeting once its progress update is published).
An event names a review and a committee, never an action or an update, so
nothing marked exempt is in a feed.

Every date is a whole day (DTSTART;VALUE=DATE), in the council's time zone,
Europe/London; each event's UID names the round or review and what the date
is, so a date that moves moves its event in the calendar.
"""

import datetime
from dataclasses import dataclass

import icalendar
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actionplans import permissions
from actionplans.models import Review, Round, council
from actionplans.models.response import due_date

TIME_ZONE = "Europe/London"
# How often a calendar is asked to read the feed again (Outlook and Apple
# read these; Google chooses for itself).
REFRESH = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable: "round-12-deadline", made globally unique at rendering
    date: datetime.date
    summary: str
    description: str
    path: str  # the page it links to


@dataclass(frozen=True)
class CalendarData:
    name: str
    events: tuple[CalendarEvent, ...]


def _deadline(round: Round) -> CalendarEvent:
    return CalendarEvent(
        uid=f"round-{round.pk}-deadline",
        date=round.deadline,
        summary=f"Progress updates due: {round.review.title}",
        description=f"Updates for the {round.review.title} progress update ({round.label}) are due today.",
        path=reverse("my_updates"),
    )


def _meeting(round: Round, path: str) -> CalendarEvent:
    committee = round.review.committee.name
    return CalendarEvent(
        uid=f"round-{round.pk}-meeting",
        date=round.meeting_date,
        summary=f"{committee} meeting: {round.review.title}",
        description=f"The {committee} receives the {round.review.title} progress update ({round.label}).",
        path=path,
    )


def _response_due(review: Review) -> CalendarEvent:
    return CalendarEvent(
        uid=f"review-{review.pk}-response-due",
        date=due_date(review.report_to_executive),
        summary=f"Executive response due: {review.title}",
        description=f"{review.decision_maker}'s response to the {review.title} review's report is due today.",
        path=reverse("record_response", args=[review.slug]),
    )


def person_dates(user) -> CalendarData:
    """`user`'s dates (the rules above), by date. Three queries."""
    events = {}
    rounds = Round.objects.visible_to(user).select_related("review__committee")
    clerk = permissions.is_clerk(user)
    deadlines = rounds.filter(status=Round.Status.OPEN)
    if not clerk:
        deadlines = deadlines.filter(entries__owners__user=user).distinct()
    for round in deadlines:
        events[f"round-{round.pk}-deadline"] = _deadline(round)
    meetings = rounds
    if not clerk:
        meetings = meetings.filter(Q(review__committee__members=user) | Q(review__link_officers__user=user)).distinct()
    for round in meetings:
        events[f"round-{round.pk}-meeting"] = _meeting(round, round.review.get_absolute_url())
    if clerk:
        for review in Review.objects.visible_to(user).sent_to_executive():
            if not review.response_clock().running:
                continue
            event = _response_due(review)
            events[event.uid] = event
    return CalendarData(
        name=f"Scrutiny: {user.get_full_name() or user.username}",
        events=tuple(sorted(events.values(), key=lambda event: (event.date, event.summary, event.uid))),
    )


def committee_meetings(committee) -> CalendarData:
    """A committee's meetings that the public pages show: those receiving a
    published progress update of a public review (Round.objects.public).
    One query."""
    rounds = Round.objects.public().filter(review__committee=committee).select_related("review__committee")
    events = [
        _meeting(round, reverse("public_round", args=[round.review.slug, round.period_code]))
        for round in rounds.order_by("meeting_date", "pk")
    ]
    return CalendarData(name=f"{committee.name} meetings", events=tuple(events))


def render(data: CalendarData, *, base_url: str, host: str) -> bytes:
    """`data` as an iCalendar file: links start with `base_url`, and each
    UID ends with `host`, which makes it the service's own."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{council().council_name}//Scrutiny monitoring//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", data.name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X- property has no type of its own: given as a duration, it prints
    # as calendar clients read it ("PT6H", not Python's "6:00:00").
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    # DTSTAMP is the one time in the file: RFC 5545 has it in UTC.
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for item in data.events:
        event = icalendar.Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + datetime.timedelta(days=1))
        event.add("summary", item.summary)
        link = base_url + item.path
        event.add("description", f"{item.description}\n{link}")
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    if not data.events:
        # RFC 5545 has a calendar hold at least one component: with no
        # dates, it holds the council's time zone, for this year and next.
        today = timezone.localdate()
        calendar.add_component(
            icalendar.Timezone.from_tzid(
                TIME_ZONE,
                first_date=today.replace(month=1, day=1),
                last_date=today.replace(year=today.year + 2, month=1, day=1),
            )
        )
    return calendar.to_ical()
