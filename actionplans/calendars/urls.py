"""Calendars: each person's page and feed; a committee's public feed (under
/public/, not found while SCRUTINY_PUBLIC_PAGES is off)."""

from django.urls import path

from actionplans.calendars import views

urlpatterns = [
    path("account/calendar/", views.calendar_page, name="calendar"),
    path("account/calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("calendar/<str:key>.ics", views.person_feed, name="calendar_feed"),
    path("public/committees/<slug:slug>/meetings.ics", views.committee_feed, name="committee_calendar"),
]
