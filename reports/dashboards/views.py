"""The committees, a committee's dashboard, and the filtered list of
actions (with its spreadsheet)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from actionplans import access, permissions
from actionplans.models import Standing, document_order
from actionplans.models.council import all_scales, council
from reports.dashboards.committee import build_committee_dashboard
from reports.dashboards.filters import ActionFilter
from reports.dashboards.lines import standing_lines
from reports.documents import FORMATS


@login_required
def committees(request):
    followed = list(access.followed_committees(request.user))
    others = [c for c in access.readable_committees(request.user) if c not in followed]
    return render(
        request,
        "reports/committees.html",
        {
            "followed": followed,
            "others": others,
            "can_add_committee": permissions.manages_committees(request.user),
            "nav": "dashboards",
        },
    )


@login_required
def committee_dashboard(request, slug):
    committee = access.get_committee_to_read(request.user, slug)
    dashboard = build_committee_dashboard(
        committee, show_progress=permissions.is_clerk(request.user), show_drafts=permissions.builds_plans(request.user)
    )
    return render(request, "reports/committee_dashboard.html", {"dashboard": dashboard, "nav": "dashboards"})


@login_required
def action_list(request):
    """The filtered list of actions with their latest and previous grades;
    the same list as a spreadsheet with ?download=xlsx."""
    committees = access.readable_committees(request.user)
    actions = access.readable_actions(request.user)
    # Always bound: with no filters chosen it lists every action monitored.
    filterset = ActionFilter(
        request.GET,
        queryset=Standing.objects.filter(action__in=actions),
        committees=committees,
        actions=actions,
        reviews=access.readable_reviews(request.user),
        published_only=not permissions.builds_plans(request.user),
    )
    lines = []
    if filterset.is_valid():
        lines = standing_lines(in_line_order(filterset.qs), all_scales())
    if request.GET.get("download") == "xlsx" and filterset.is_valid():
        # Loaded when a spreadsheet is asked for, as every document's
        # renderers are (reports/documents): openpyxl is a fifth of the
        # time any manage.py command takes to start.
        from reports.dashboards.xlsx import render_action_list_xlsx

        workbook = render_action_list_xlsx(lines, council=council().council_name)
        response = HttpResponse(workbook, content_type=FORMATS["xlsx"].content_type)
        response["Content-Disposition"] = 'attachment; filename="actions.xlsx"'
        return response
    query = request.GET.copy()
    query.pop("download", None)
    return render(
        request,
        "reports/action_list.html",
        {"filter": filterset, "lines": lines, "query": query.urlencode(), "nav": "dashboards"},
    )


def in_line_order(rows):
    """Standing `rows` in the order Find actions lists them: by review, then
    as the plan numbers its actions."""
    return rows.order_by("action__recommendation__review__title", *document_order("action__"))
