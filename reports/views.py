from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplans import access
from actionplans.landing import landing_url
from actionplans.models import CommitteeDecision, Delivery, can_build_plans, can_manage_committees, document_order
from actionplans.models.notifications import Follow
from actionplans.models.plan import response_of
from reports.annual.data import annual_filename, build_annual_report, years_with_data
from reports.changes.builder import PER_PAGE, build_changes, meetings_of, page_of
from reports.changes.xlsx import render_changes_xlsx
from reports.dashboards.committee import action_lines, build_committee_dashboard, responses_due, with_lines
from reports.dashboards.filters import ActionFilter, PartnershipActionFilter
from reports.dashboards.xlsx import render_action_list_xlsx
from reports.documents import FORMATS, ExportOptions, render_response
from reports.documents import render as render_document
from reports.documents import render_document as render_kind
from reports.executive_response.builder import build_executive_response, response_filename
from reports.executive_response.html import response_context
from reports.forms import AgendaOptionsForm, AnnualReportForm, ChangesForm, ExportForm
from reports.pagination import page_number, pagination
from reports.partnership.dashboard import PER_PAGE as PARTNERSHIP_PER_PAGE
from reports.partnership.dashboard import build_partnership_dashboard
from reports.progress_update.builder import build_progress_update, build_published_round, filename, stored_file_serves
from reports.progress_update.html import document_context
from reports.timeline import review_timeline


@login_required
def home(request):
    """Where everyone lands after signing in: the reviews being monitored,
    committee by committee. Someone who reads no reviews (a partner lead)
    is sent where they start (actionplans/landing.py), as signing in does:
    the service's name in the header links here."""
    if not request.user.has_perm("actionplans.view_review"):
        start = landing_url(request.user)
        if start == reverse("home"):
            raise PermissionDenied
        return redirect(start)
    by_committee = defaultdict(list)
    for review in access.reviews_for_user(request.user).order_by("committee__name", "title"):
        by_committee[review.committee].append(review)
    # Clerks chase the executive's responses: those due within a week or overdue.
    due = responses_due(access.reviews_for_user(request.user)) if access.is_clerk(request.user) else []
    return render(request, "reports/home.html", {"committees": dict(by_committee), "responses_due": due})


@login_required
def review_detail(request, slug):
    review = access.get_review_for_user(request.user, slug)
    rounds = access.rounds_for_user(request.user, review)
    document = build_progress_update(
        review,
        rounds=rounds,
        full_history=True,
        responses_shown=review.shows_responses_to(request.user),
        delivered_through=True,
        confidential=access.can_print_exempt_information(request.user),
    )
    # Which round a clerk may still record the committee's decisions on.
    latest = rounds[-1] if rounds else None
    decidable = latest if latest and not CommitteeDecision.why_not_decidable(latest, request.user) else None
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "document": document,
            "document_rounds": access.document_rounds_for_user(request.user, review),
            "review_rounds": rounds,
            "why_not_openable": review.why_not_openable() if access.is_clerk(request.user) else "",
            "imports": review.imports.select_related("imported_by") if access.is_clerk(request.user) else [],
            "can_change_plan": can_build_plans(request.user),
            "readable_plans": access.readable_plan_slugs(request.user)
            if any(action.delivered_through for action in document.actions)
            else set(),
            "timeline": review_timeline(review, rounds, request.user, decidable=decidable),
            "following": Follow.objects.is_following(request.user, review),
            "nav": "reviews",
        },
    )


@login_required
def progress_update(request, slug):
    """The export form; once filled in, the document in the chosen format."""
    review = access.get_review_for_user(request.user, slug)
    rounds = access.document_rounds_for_user(request.user, review)
    may_print_confidential = access.can_print_exempt_information(request.user)
    form = ExportForm(request.GET or None, rounds=rounds, may_print_confidential=may_print_confidential)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        options = ExportOptions(
            agenda_header=data["agenda_header"],
            first_page=data["first_page"],
            draft=data["draft"],
            full_history=data["full_history"],
            summary=data["summary"],
            changes_since=data["changes_since"],
            delivered_through=data["delivered_through"],
            confidential=data.get("confidential", False),
        )
        round = form.chosen_round()
        if data["format"] == "html":
            query = {k: v for k, v in request.GET.items() if k not in ("round", "format")}
            url = reverse("progress_update_page", args=[review.slug, data["round"]])
            return redirect(f"{url}?{urlencode(query)}" if query else url)
        # A published round's document as it went out, when it is kept.
        stored = round.published_documents.latest_ready(data["format"]) if round.is_published else None
        if stored and stored.answers(options) and stored_file_serves(review):
            return _stored_file(request, stored)
        document = _document(review, rounds, round, options)
        response = HttpResponse(
            render_document(document, data["format"], options), content_type=FORMATS[data["format"]].content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{filename(document, data["format"], options)}"'
        return response
    return render(request, "reports/export.html", {"review": review, "form": form, "nav": "reviews"})


def _document(review, rounds, round, options: ExportOptions):
    """The Progress Update as at `round`, with what the export's options
    add to it (the full history, what changed, what delivers each action)."""
    return build_progress_update(
        review,
        rounds=rounds,
        round=round,
        full_history=options.full_history,
        changes_since=options.changes_since,
        delivered_through=options.delivered_through,
        confidential=options.confidential,
    )


@login_required
def published_document(request, pk, version, fmt):
    """A file of a published round's record, exactly as it was stored; once
    the clerk has marked something of the review as exempt information, a
    reader who may not read it gets the document rendered afresh in the
    public version, with the stored file's options (stored_file_serves)."""
    round = access.get_published_round_for_reader(request.user, pk)
    stored = get_object_or_404(round.published_documents.ready(), version=version, format=fmt)
    if stored_file_serves(round.review, confidential_reader=access.can_print_exempt_information(request.user)):
        return _stored_file(request, stored)
    document = build_published_round(round)
    response = HttpResponse(
        render_document(document, fmt, ExportOptions(**stored.options)), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(document, fmt)}"'
    return response


def _stored_file(request, stored):
    """The stored bytes, streamed from the published storage, never rendered
    again; the SHA-256 is the ETag, so a browser that has them keeps them."""
    if request.headers.get("If-None-Match") == stored.etag:
        response = HttpResponseNotModified()
    else:
        name = stored.storage_name.rsplit("/", 1)[-1]
        response = FileResponse(
            stored.open(), as_attachment=True, filename=name, content_type=FORMATS[stored.format].content_type
        )
        response["Content-Length"] = str(stored.size)
    response["ETag"] = stored.etag
    return response


@login_required
def progress_update_page(request, slug, period):
    """The document as a web page, as the committee will read it."""
    review = access.get_review_for_user(request.user, slug)
    rounds = access.document_rounds_for_user(request.user, review)
    round = next((r for r in rounds if r.period_code == period), None)
    if round is None:
        raise Http404("No such progress update")
    form = ExportForm(
        request.GET,
        rounds=rounds,
        round=round,
        may_print_confidential=access.can_print_exempt_information(request.user),
    )
    form.is_valid()  # only the options are read, and only those that are valid
    options = ExportOptions(
        draft=form.cleaned_data.get("draft", False),
        full_history=form.cleaned_data.get("full_history", False),
        changes_since=form.cleaned_data.get("changes_since"),
        delivered_through=form.cleaned_data.get("delivered_through", False),
        confidential=form.cleaned_data.get("confidential", False),
    )
    document = _document(review, rounds, round, options)
    context = document_context(document, options)
    downloads = [(key, fmt.label) for key, fmt in FORMATS.items() if key != "html"]
    context.update(review=review, period=period, downloads=downloads, nav="reviews")
    return render(request, "reports/document/page.html", context)


@login_required
def committees(request):
    followed = list(access.committees_followed_by(request.user))
    others = [c for c in access.committees_for_user(request.user) if c not in followed]
    return render(
        request,
        "reports/committees.html",
        {
            "followed": followed,
            "others": others,
            "can_add_committee": can_manage_committees(request.user),
            "nav": "dashboards",
        },
    )


@login_required
def committee_dashboard(request, slug):
    committee = access.get_committee_for_user(request.user, slug)
    dashboard = build_committee_dashboard(
        committee, show_progress=access.is_clerk(request.user), show_drafts=can_build_plans(request.user)
    )
    return render(request, "reports/committee_dashboard.html", {"dashboard": dashboard, "nav": "dashboards"})


@login_required
def action_list(request):
    """The filtered list of actions with their latest and previous grades;
    the same list as a spreadsheet with ?download=xlsx."""
    committees = access.committees_for_user(request.user)
    actions = access.actions_for_reader(request.user)
    # Always bound: with no filters chosen it lists every action monitored.
    filterset = ActionFilter(
        request.GET,
        queryset=actions,
        committees=committees,
        reviews=access.reviews_for_user(request.user),
        published_only=not can_build_plans(request.user),
    )
    lines, queryset = [], None
    if filterset.is_valid():
        queryset = with_lines(filterset.qs).order_by("recommendation__review__title", *document_order())
        lines = action_lines(queryset)
    if request.GET.get("download") == "xlsx" and queryset is not None:
        response = HttpResponse(render_action_list_xlsx(lines), content_type=FORMATS["xlsx"].content_type)
        response["Content-Disposition"] = 'attachment; filename="actions.xlsx"'
        return response
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "reports/action_list.html",
        {"filter": filterset, "lines": lines, "query": query.urlencode(), "nav": "dashboards"},
    )


@login_required
def action_story(request, pk):
    """One action's whole story: every round's evidence, grade and impact,
    and who was responsible when."""
    action = access.get_action_for_reader(request.user, pk)
    review = action.recommendation.review
    rounds = access.rounds_for_user(request.user, review)
    document = build_progress_update(review, rounds=rounds, full_history=True)
    story = next((a for a in document.actions if a.reference == action.reference), None)
    delivered = Delivery.objects.delivered_through([action])[action.pk]
    return render(
        request,
        "reports/action_story.html",
        {
            "action": action,
            "story": story,
            "review": review,
            "decisions": action.decisions_with_who(),
            "following": Follow.objects.is_following(request.user, action),
            # Their latest RAG now, not as at the last round: the page is today's.
            "delivered": delivered,
            "readable_plans": access.readable_plan_slugs(request.user) if delivered else set(),
            # The executive's response to its recommendation, once the reader may see it.
            "executive_response": response_of(action.recommendation)
            if review.shows_responses_to(request.user)
            else None,
            "nav": "dashboards",
        },
    )


@login_required
def executive_response_page(request, slug):
    """The executive response document as a web page, with its downloads."""
    review = access.get_review_responses_for_user(request.user, slug)
    document = build_executive_response(review)
    context = response_context(document)
    downloads = [(key, fmt.label) for key, fmt in FORMATS.items() if key != "html"]
    context.update(review=review, downloads=downloads, nav="reviews")
    return render(request, "reports/document/response_page.html", context)


@login_required
def executive_response_file(request, slug, fmt):
    """The executive response document as PDF, Word or Excel, for the Cabinet agenda."""
    review = access.get_review_responses_for_user(request.user, slug)
    if fmt not in FORMATS or fmt == "html":
        raise Http404("No such format")
    document = build_executive_response(review)
    response = HttpResponse(render_response(document, fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{response_filename(document, fmt)}"'
    return response


# What changed between two meetings ------------------------------------------------


@login_required
def committee_changes(request, slug):
    """What changed across the committee's reviews between two of its
    meetings (by default the last one and today); ?download=xlsx for the
    spreadsheet."""
    committee = access.get_committee_for_user(request.user, slug)
    reviews = list(access.reviews_for_user(request.user).filter(committee=committee))
    return _changes_page(request, committee.name, reviews, {"committee": committee}, committee.slug, committee.name)


@login_required
def review_changes(request, slug):
    """The same for one review."""
    review = access.get_review_for_user(request.user, slug)
    return _changes_page(request, review.committee.name, [review], {"review": review}, review.slug, review.title)


def _changes_page(request, committee_name, reviews, context, slug, name):
    today = timezone.localdate()
    form = ChangesForm(request.GET or None, meetings=meetings_of(reviews), today=today)
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
            )
    if changes is not None and download:
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


# The scrutiny annual report -----------------------------------------------------


def _annual_years() -> list[int]:
    """The years the picker offers, newest first: the first opens by default."""
    return years_with_data()


def _annual_committees(request):
    """Every committee a reader may read, and the one `?committee=` names
    (None: all of them); 404 for a committee there is none of."""
    committees = list(access.committees_for_user(request.user))
    slug = request.GET.get("committee", "")
    if not slug:
        return committees, None
    chosen = next((committee for committee in committees if committee.slug == slug), None)
    if chosen is None:
        raise Http404("No such committee")
    return committees, chosen


@login_required
def annual_report_latest(request):
    """The annual report of the newest year (the picker's first); with the
    picker's choice (?year=, ?committee=), a redirect to the report chosen."""
    committees = access.committees_for_user(request.user)
    if "year" not in request.GET:
        return _annual_page(request, _annual_years()[0])
    form = AnnualReportForm(request.GET, years=_annual_years(), committees=committees)
    if not form.is_valid():
        raise Http404("No such annual report")
    url = reverse("annual_report", args=[form.cleaned_data["year"]])
    committee = form.cleaned_data["committee"]
    return redirect(f"{url}?{urlencode({'committee': committee})}" if committee else url)


@login_required
def annual_report(request, year):
    """The scrutiny annual report of a municipal year (?committee=: of one
    Select Committee), as a page with its charts, and its downloads."""
    return _annual_page(request, year)


def _annual_page(request, year, options_form=None):
    committees, chosen = _annual_committees(request)
    years = _annual_years()
    if year not in years:
        raise Http404("No such municipal year")
    document = build_annual_report(year, committees=committees, committee=chosen)
    form = AnnualReportForm(
        initial={"year": year, "committee": chosen.slug if chosen else ""}, years=years, committees=committees
    )
    downloads = [
        (reverse("annual_report_file", args=[year, key]), FORMATS[key].label) for key in ("pdf", "docx", "xlsx")
    ]
    return render(
        request,
        "reports/annual_report.html",
        {
            "document": document,
            "form": form,
            "options_form": options_form or AgendaOptionsForm(),
            "committee": chosen,
            "downloads": downloads,
            "nav": "dashboards",
        },
    )


@login_required
def annual_report_file(request, year, fmt):
    """The scrutiny annual report as PDF, Word or Excel, for the council's
    agenda: with the agenda header, the pack's first page and DRAFT asked
    for (?agenda_header=, ?first_page=, ?draft=), as the Progress Update's
    export; the page again, saying what to correct, when they will not do."""
    committees, chosen = _annual_committees(request)
    if fmt not in ("pdf", "docx", "xlsx") or year not in _annual_years():
        raise Http404("No such annual report")
    options_form = AgendaOptionsForm(request.GET)
    if not options_form.is_valid():
        return _annual_page(request, year, options_form)
    document = build_annual_report(year, committees=committees, committee=chosen)
    options = ExportOptions(**options_form.agenda_options())
    response = HttpResponse(
        render_kind("annual_report", document, fmt, options), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{annual_filename(document, fmt)}"'
    return response


@login_required
@require_GET
def partnership_dashboard(request, slug):
    """A partnership plan's RAG by theme and over its published quarters,
    and its actions Red or past their target date, narrowed by the filters
    in the address (so a narrowed view can be shared)."""
    plan = access.get_partnership_plan_for_reader(request.user, slug)
    quarters = access.published_quarters_for_reader(request.user, plan)
    filterset = PartnershipActionFilter(request.GET, queryset=plan.actions(), plan=plan, quarters=quarters)
    dashboard, pages = None, None
    if filterset.is_valid():
        number = page_number(request)
        theme = filterset.form.cleaned_data.get("theme")
        dashboard = build_partnership_dashboard(
            plan,
            actions=filterset.qs,
            quarters=quarters,
            quarter=filterset.quarter_shown,
            themes=[theme] if theme else None,
            page=slice((number - 1) * PARTNERSHIP_PER_PAGE, number * PARTNERSHIP_PER_PAGE),
        )
        pages = pagination(request, total=dashboard.listed_total, number=number, per_page=PARTNERSHIP_PER_PAGE)
    return render(
        request,
        "reports/partnership_dashboard.html",
        {"plan": plan, "filter": filterset, "dashboard": dashboard, "pages": pages, "nav": "partnerships"},
    )
