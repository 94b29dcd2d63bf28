"""The scrutiny annual report's page, with its charts, and its downloads."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplans import access, permissions
from actionplans.agenda import AgendaOptionsForm
from reports.annual.builder import build_annual_report, years_with_data
from reports.annual.data import annual_filename
from reports.annual.forms import AnnualReportForm
from reports.documents import FORMATS, ExportOptions, render_document, require_format


def _annual_years() -> list[int]:
    """The years the picker offers, newest first: the first opens by default."""
    return years_with_data()


def _annual_committees(request, given=None):
    """Every committee a reader may read, and the one `committee` names (in
    `given`, the address's query unless the download form posted it; None:
    all of them); 404 for a committee there is none of."""
    committees = list(access.readable_committees(request.user))
    slug = (request.GET if given is None else given).get("committee", "")
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
    committees = access.readable_committees(request.user)
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


def _annual_page(request, year, options_form=None, given=None):
    committees, chosen = _annual_committees(request, given)
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
            "options_form": options_form or AgendaOptionsForm(prepares_agenda=permissions.is_clerk(request.user)),
            "committee": chosen,
            "downloads": downloads,
            "nav": "dashboards",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_report_file(request, year, fmt):
    """The scrutiny annual report as PDF, Word or Excel, for the council's
    agenda: with the agenda header, the pack's first page and DRAFT asked
    for (agenda_header, first_page, draft; DRAFT only by the clerk, who puts
    the agenda pack together), as the Progress Update's export; the page
    again, saying what to correct, when they will not do. The page's form
    posts them (a long agenda header stays out of the address); a link's
    query is read as before."""
    given = request.POST if request.method == "POST" else request.GET
    committees, chosen = _annual_committees(request, given)
    if year not in _annual_years():
        raise Http404("No such annual report")
    require_format(fmt)
    options_form = AgendaOptionsForm(given, prepares_agenda=permissions.is_clerk(request.user))
    if not options_form.is_valid():
        return _annual_page(request, year, options_form, given)
    document = build_annual_report(year, committees=committees, committee=chosen)
    options = ExportOptions(**options_form.agenda_options())
    response = HttpResponse(
        render_document("annual_report", document, fmt, options), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{annual_filename(document, fmt)}"'
    return response
