"""What changed between two meetings: across a committee's reviews, and for
one review; each with its spreadsheet."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from actionplans import access
from reports.changes.builder import PER_PAGE, build_changes, meetings_of, page_of
from reports.changes.forms import ChangesForm
from reports.documents import FORMATS
from reports.pagination import page_number, pagination


@login_required
def committee_changes(request, slug):
    """What changed across the committee's reviews between two of its
    meetings (by default the last one and today); ?download=xlsx for the
    spreadsheet."""
    committee = access.get_committee_to_read(request.user, slug)
    reviews = list(access.readable_reviews(request.user).filter(committee=committee))
    return _changes_page(request, committee.name, reviews, {"committee": committee}, committee.slug, committee.name)


@login_required
def review_changes(request, slug):
    """The same for one review."""
    review = access.get_review_to_read(request.user, slug)
    return _changes_page(request, review.committee.name, [review], {"review": review}, review.slug, review.title)


def _changes_page(request, committee_name, reviews, context, slug, name):
    today = timezone.localdate()
    meetings = meetings_of(reviews)
    form = ChangesForm(request.GET or None, meetings=meetings, today=today)
    # The page lists a page of the actions that changed in full; the
    # spreadsheet, every one.
    download = request.GET.get("download") == "xlsx"
    number = page_number(request)
    changes = pages = None
    if not form.is_bound or form.is_valid():
        since, until = form.chosen()
        if since is not None and (until is not None or since <= today):
            changes = build_changes(
                committee_name,
                reviews,
                since=since,
                until=until,
                responses_shown={review.pk for review in reviews if review.shows_responses_to(request.user)},
                today=today,
                detail_for=None if download else page_of(number),
                invented=meetings.invented,
            )
    if changes is not None and download:
        from reports.changes.xlsx import render_changes_xlsx  # openpyxl when asked for: see dashboards/views.py

        response = HttpResponse(render_changes_xlsx(changes, name), content_type=FORMATS["xlsx"].content_type)
        # The actual dates: a file kept from "today" still says which day.
        until = (changes.until or changes.today).isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="{slug}-changes-{changes.since.isoformat()}-to-{until}.xlsx"'
        )
        return response
    if changes is not None:
        pages = pagination(request, total=changes.total, number=number, per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    query["download"] = "xlsx"
    context.update(form=form, changes=changes, pages=pages, download_query=query.urlencode(), nav="dashboards")
    return render(request, "reports/changes.html", context)
