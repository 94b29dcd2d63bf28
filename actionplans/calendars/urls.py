"""Calendars: each person's page and feed; a committee's public feed (under
/public/, not found while SCRUTINY_PUBLIC_PAGES is off). Their views
(icalendar with them) are imported on their first request
(actionplans/lazyviews.py)."""

from django.urls import path

from actionplans.lazyviews import LazyView

urlpatterns = [
    path("account/calendar/", LazyView("actionplans.calendars.views.calendar_page"), name="calendar"),
    path("account/calendar/reset/", LazyView("actionplans.calendars.views.reset_calendar"), name="reset_calendar"),
    path("calendar/<str:key>.ics", LazyView("actionplans.calendars.views.person_feed"), name="calendar_feed"),
    path(
        "public/committees/<slug:slug>/meetings.ics",
        LazyView("actionplans.calendars.views.committee_feed"),
        name="committee_calendar",
    ),
]
