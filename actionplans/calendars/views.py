"""A person's calendar: their page (the link, how to subscribe, resetting
it), the feed at the link, and a committee's public feed of its meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from actionplans.calendars import feed as calendar_feed
from actionplans.models import CalendarFeed, Committee
from reports.public.guard import public_page


def _ics(request, data: calendar_feed.CalendarData, filename: str) -> HttpResponse:
    body = calendar_feed.render(data, base_url=request.build_absolute_uri("/")[:-1], host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _feed_url(request, feed: CalendarFeed | None) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", args=[feed.key])) if feed else ""


@login_required
@require_GET
def calendar_page(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "actionplans/calendar.html", {"feed": feed, "feed_url": _feed_url(request, feed)})


@login_required
def reset_calendar(request):
    """GET: are you sure (a link in use stops working); POST: a new link,
    or the first one."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        CalendarFeed.objects.reset(request.user, by=request.user)
        if feed is None:
            messages.success(request, "Your calendar link is ready: subscribe to it from your calendar.")
        else:
            messages.success(
                request,
                "Your calendar link has been reset. The old link no longer works: "
                "subscribe your calendars to the new one.",
            )
        return redirect("calendar")
    return render(request, "actionplans/calendar_reset.html", {"feed": feed})


@require_GET
def person_feed(request, key):
    """A person's dates, for their calendar to read: no sign-in, the key
    is the secret. Not found for a key reset since, or a deactivated login."""
    feed = CalendarFeed.objects.for_key(key)
    if feed is None:
        raise Http404("No such calendar")
    return _ics(request, calendar_feed.person_dates(feed.user), "scrutiny-dates.ics")


@public_page
def committee_feed(request, slug):
    """A committee's public meetings (not found while the public pages are off)."""
    committee = get_object_or_404(Committee, slug=slug)
    return _ics(request, calendar_feed.committee_meetings(committee), f"{committee.slug}-meetings.ics")
