"""A partnership action plan's pages: the plans a reader may read, a plan's
quarterly report as a web page, and its downloads (report.py); its
dashboard (dashboard.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from actionplans import access, permissions
from actionplans.agenda import AgendaOptionsForm
from reports.documents import DOWNLOADS, FORMATS, ExportOptions, render_document, require_format
from reports.pagination import page_number, pagination
from reports.partnership.dashboard import PER_PAGE, build_partnership_dashboard
from reports.partnership.filters import PartnershipActionFilter
from reports.partnership.links import delivers
from reports.partnership.report import build_partnership_report, report_filename


@login_required
def partnership_plans(request):
    """The partnership action plans the reader may read."""
    plans = access.readable_partnership_plans(request.user).order_by("partnership__name", "-starts", "title")
    return render(
        request,
        "reports/partnership_plans.html",
        {"plans": plans, "can_import": permissions.builds_plans(request.user), "nav": "partnerships"},
    )


@login_required
def partnership_plan(request, slug):
    """The plan's report of a quarter (?quarter=: any the reader may see;
    the latest published by default), with its downloads."""
    return _plan_page(request, slug)


def _plan_page(request, slug, options_form=None):
    plan = access.get_partnership_plan_to_read(request.user, slug)
    quarters = access.readable_quarters(request.user, plan)
    quarter = access.get_quarter_to_read(request.user, plan, request.GET.get("quarter"))
    document = build_partnership_report(plan, quarter) if quarter else None
    try:
        dashboard = reverse("partnership_dashboard", args=[plan.slug])
    except NoReverseMatch:  # the dashboard's page is its own feature's
        dashboard = ""
    return render(
        request,
        "reports/partnership_plan.html",
        {
            "plan": plan,
            "quarters": quarters,
            "quarter": quarter,
            "document": document,
            "draft": document.is_draft if document else False,
            "on_screen": True,
            "options_form": options_form
            or AgendaOptionsForm(
                initial={"agenda_header": plan.agenda_header}, prepares_agenda=permissions.is_clerk(request.user)
            ),
            "downloads": [(key, FORMATS[key].label) for key in DOWNLOADS],
            "dashboard_url": dashboard,
            # What each action delivers of the reviews the reader reads
            # (nothing for a partner lead): one query for the page.
            "delivers_by_action": delivers(plan.actions(), request.user) if document else {},
            "can_change_details": permissions.builds_plans(request.user),  # partnership_plan_details
            # The agenda pack is the clerks' (the Progress Update's export
            # asks the same); anyone else just downloads the report.
            "agenda_options": permissions.is_clerk(request.user),
            # The quarter's page (who has written, whom to chase): the
            # plan's coordinator and the clerks; its organisations' leads
            # are the clerks' to say.
            "checks_quarters": permissions.checks_plan(request.user, plan),
            "runs_quarters": permissions.runs_quarters(request.user),
            "nav": "partnerships",
        },
    )


@login_required
def partnership_report_file(request, slug):
    """The quarter's report as PDF, Word or Excel (format), with the agenda
    options (agenda_header, first_page, draft); the page again, saying what
    to correct, when they will not do. The page's form posts them (a long
    agenda header stays out of the address); a plain link's query is read
    as before."""
    given = request.POST if request.method == "POST" else request.GET
    plan = access.get_partnership_plan_to_read(request.user, slug)
    quarter = access.get_quarter_to_read(request.user, plan, given.get("quarter"))
    fmt = given.get("format", "")
    if quarter is None:
        raise Http404("No such report")
    require_format(fmt, DOWNLOADS)
    options_form = AgendaOptionsForm(given, prepares_agenda=permissions.is_clerk(request.user))
    if not options_form.is_valid():
        return _plan_page(request, slug, options_form)
    options = ExportOptions(**options_form.agenda_options())
    document = build_partnership_report(plan, quarter, options)
    response = HttpResponse(
        render_document("partnership_report", document, fmt, options), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{report_filename(document, fmt)}"'
    return response


@login_required
@require_GET
def partnership_dashboard(request, slug):
    """A partnership plan's RAG by theme and over its published quarters,
    and its actions Red or past their target date, narrowed by the filters
    in the address (so a narrowed view can be shared)."""
    plan = access.get_partnership_plan_to_read(request.user, slug)
    quarters = access.published_quarters(request.user, plan)
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
            page=slice((number - 1) * PER_PAGE, number * PER_PAGE),
        )
        pages = pagination(request, total=dashboard.listed_total, number=number, per_page=PER_PAGE)
    return render(
        request,
        "reports/partnership_dashboard.html",
        {"plan": plan, "filter": filterset, "dashboard": dashboard, "pages": pages, "nav": "partnerships"},
    )
