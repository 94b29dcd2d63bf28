"""What scrutiny achieved, as the committee reads it: each committee's page
(the annual report's section for it, built by the one builder, with what
the committee should look at now), and the rows behind any of its numbers
(reports/achieved/ledger.py's rules, so that each count opens its rows)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from actionplans import access, permissions
from actionplans.municipal import MunicipalYear
from reports.achieved.forms import RowsForm
from reports.achieved.ledger import Span, counted_recommendations, read_ledger
from reports.achieved.watch import watch_list
from reports.annual.builder import build_annual_report, years_with_data
from reports.annual.data import achieved_table, review_table
from reports.annual.forms import AnnualReportForm


@login_required
def achieved_rows(request):
    """The recommendations (or impacts) behind one of the figures."""
    committees = list(access.readable_committees(request.user))
    form = RowsForm(request.GET or None, years=years_with_data(), committees=committees)
    context = {"form": form, "nav": "dashboards", "reads_exempt": permissions.reads_exempt_words(request.user)}
    if form.is_valid():
        context.update(_rows(form, committees))
    return render(request, "reports/achieved/rows.html", context)


def _rows(form: RowsForm, committees: list) -> dict:
    data = form.cleaned_data
    chosen = [committee for committee in committees if not data["committee"] or committee.slug == data["committee"]]
    today = timezone.localdate()
    municipal = MunicipalYear.of(data["year"])
    span = Span.of(municipal, today)
    recommendations = counted_recommendations([committee.pk for committee in chosen])
    if data["review"]:
        recommendations = recommendations.filter(review__slug=data["review"])
    measure = form.chosen_measure()
    rows = measure.rows(read_ledger(recommendations, span.as_at), span)
    return {
        "measure": measure,
        "rows": [(row, measure.impacts_of(row)) for row in rows],
        "count": measure.count(rows, span),
        "year_label": municipal.label,
        "committee": chosen[0] if data["committee"] and chosen else None,
        "review_title": rows[0].review.title if data["review"] and rows else data["review"],
        "as_at": span.as_at,
    }


@login_required
def committee_achieved(request, slug):
    """What the committee's scrutiny achieved in a year (?year=), and what
    it should look at now: priorities, and recommendations past or near
    their target or long open."""
    committee = access.get_committee_to_read(request.user, slug)
    years = years_with_data()
    year = _year_asked(request, years) if "year" in request.GET else _latest_achieving(committee, years)
    report = build_annual_report(year, committee=committee)
    section = report.committees[0]
    return render(
        request,
        "reports/achieved/committee.html",
        {
            "committee": committee,
            "report": report,
            "section": section,
            "table": achieved_table(section, report),
            "reviews": review_table(section, report),
            "watch": watch_list([committee.pk], timezone.localdate()),
            "reads_exempt": permissions.reads_exempt_words(request.user),
            "form": AnnualReportForm(initial={"year": year}, years=years, committees=[]),
            "nav": "dashboards",
        },
    )


def _latest_achieving(committee, years: list[int]) -> int:
    """The newest year in which the committee's scrutiny achieved something
    (a recommendation made, completed or re-checked), else the newest."""
    found = set()
    for row in read_ledger(counted_recommendations([committee.pk]), timezone.localdate()):
        days = (row.review.report_agreed, row.clock.finished, row.recheck.recorded_on if row.recheck else None)
        found |= {MunicipalYear.containing(day).year for day in days if day}
    return next((year for year in years if year in found), years[0])


def _year_asked(request, years: list[int]) -> int:
    """The year asked for, where it is one with figures; else the newest."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]
