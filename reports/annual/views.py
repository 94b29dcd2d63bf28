"""The scrutiny annual report's page, with its charts, and its downloads."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans import access
from actionplans.agenda import AgendaOptionsForm
from reports.annual.builder import build_annual_report, years_with_data
from reports.annual.data import annual_filename
from reports.annual.forms import AnnualReportForm
from reports.documents import FORMATS, ExportOptions, render_document, require_format


def _annual_years() -> list[int]:
    """The years the picker offers, newest first: the first opens by default."""
    return years_with_data()


def _annual_committees(request):
    """Every committee a reader may read, and the one `?committee=` names
    (None: all of them); 404 for a committee there is none of."""
    committees = list(access.readable_committees(request.user))
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
    if year not in _annual_years():
        raise Http404("No such annual report")
    require_format(fmt)
    options_form = AgendaOptionsForm(request.GET)
    if not options_form.is_valid():
        return _annual_page(request, year, options_form)
    document = build_annual_report(year, committees=committees, committee=chosen)
    options = ExportOptions(**options_form.agenda_options())
    response = HttpResponse(
        render_document("annual_report", document, fmt, options), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{annual_filename(document, fmt)}"'
    return response
