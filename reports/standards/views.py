"""Frameworks of good-practice standards as their readers read them: the
frameworks, a framework as printed, its dashboard (dashboard.py), the
comparison of two assessments (compare.py), an assessment's page
(assessment.py), and its committee appendix (appendix.py, seed 003's
layout) as a web page with its downloads.

Read only. Everyone who reads the scrutiny papers reads the published
assessments; clerks and administrators their drafts too (access.py). The
dashboard's and the comparison's choices are in the address, so a view can
be shared; a choice that will not do is said next to its field, never a
server error."""

from collections import defaultdict

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import access, permissions
from actionplans.agenda import AgendaOptionsForm
from actionplans.models import marked_day
from reports.documents import DOWNLOADS, FORMATS, render_document, require_format
from reports.standards.appendix import (
    appendix_heading,
    appendix_options,
    assessment_filename,
    build_assessment_document,
)
from reports.standards.assessment import build_assessment_page
from reports.standards.compare import build_comparison
from reports.standards.dashboard import areas_of, build_standards_dashboard, default_area, default_assessment


def _assessment_choice(assessment) -> str:
    """'1 October 2009', '1 March 2021 (draft)'."""
    return marked_day(assessment, "assessed_on") + ("" if assessment.is_published else " (draft)")


class DashboardFilterForm(forms.Form):
    """The area and the assessment the dashboard shows; either left out,
    the default (standards_dashboard.default_area, default_assessment)."""

    area = forms.ChoiceField(
        label="Area",
        required=False,
        error_messages={"invalid_choice": "Choose the council or a partnership from the list of areas assessed"},
    )
    assessment = forms.ChoiceField(
        label="Assessment",
        required=False,
        error_messages={"invalid_choice": "Choose one of the assessments listed"},
    )

    def __init__(self, data, *, areas):
        super().__init__(data)
        self.areas = {area.key: area for area in areas}
        self.assessments = {str(a.pk): (area, a) for area in areas for a in area.assessments}
        self.fields["area"].choices = [("", "The latest assessed"), *((area.key, area.name) for area in areas)]
        self.fields["assessment"].choices = [
            ("", "Its latest published"),
            *((str(a.pk), f"{area.name}, {_assessment_choice(a)}") for area in areas for a in area.assessments),
        ]

    def clean(self):
        data = super().clean()
        area = self.areas.get(data.get("area") or "")
        area_of, assessment = self.assessments.get(data.get("assessment") or "", (None, None))
        if area and assessment and area_of is not area:
            self.add_error(
                "assessment",
                f"That assessment is of {area_of.name}, not {area.name}: choose one of {area.name}’s assessments, "
                "or its latest published",
            )
        if not self.errors:
            data["area"] = area or area_of or default_area(list(self.areas.values()))
            data["assessment"] = assessment or (default_assessment(data["area"]) if data["area"] else None)
        return data


class CompareForm(forms.Form):
    """The other assessment to compare with (?with=): any of the same
    framework and area the reader may see; left out, the default
    (Assessment.previous_among)."""

    def __init__(self, data, *, candidates):
        super().__init__(data)
        self.candidates = {str(c.pk): c for c in candidates}
        self.fields["with"] = forms.ChoiceField(
            label="Compare with the assessment of",
            required=False,
            choices=[
                ("", "The one it started from, or the one before it"),
                *((str(c.pk), _assessment_choice(c)) for c in candidates),
            ],
            error_messages={"invalid_choice": "Choose one of the other assessments listed"},
        )

    def clean_with(self):
        return self.candidates.get(self.cleaned_data["with"])


@login_required
@require_GET
def frameworks(request):
    """The frameworks the reader may read, each with its assessments by area."""
    assessments = defaultdict(list)
    for assessment in access.readable_assessments(request.user):
        assessments[assessment.framework_id].append(assessment)
    listed = [
        (framework, areas_of(assessments[framework.pk])) for framework in access.readable_frameworks(request.user)
    ]
    return render(
        request,
        "reports/standards/frameworks.html",
        {"frameworks": listed, "can_build": permissions.builds_plans(request.user), "nav": "dashboards"},
    )


@login_required
@require_GET
def framework_detail(request, slug):
    """The framework as its issuing body prints it, and its assessments."""
    framework = access.get_framework_to_read(request.user, slug)
    assessments = access.readable_assessments(request.user).filter(framework=framework)
    return render(
        request,
        "reports/standards/framework.html",
        {
            "framework": framework,
            "levels": list(framework.levels.all()),
            "standards": list(framework.standards.prefetch_related("characteristics")),
            "areas": areas_of(assessments),
            "can_build": permissions.builds_plans(request.user),
            "nav": "dashboards",
        },
    )


@login_required
@require_GET
def standards_dashboard(request, slug):
    """Per standard, how many characteristics an area's assessment rates
    Met, Partly met, Not met and Not assessed; the trend over its published
    assessments; its open gaps and their actions' latest status."""
    framework = access.get_framework_to_read(request.user, slug)
    areas = areas_of(access.readable_assessments(request.user).filter(framework=framework))
    form = DashboardFilterForm(request.GET, areas=areas)
    dashboard, area = None, None
    if form.is_valid() and form.cleaned_data["assessment"]:
        area = form.cleaned_data["area"]
        dashboard = build_standards_dashboard(
            framework, assessment=form.cleaned_data["assessment"], published=area.published, reader=request.user
        )
    return render(
        request,
        "reports/standards/dashboard.html",
        {
            "framework": framework,
            "areas": areas,
            "form": form,
            "area": area,
            "dashboard": dashboard,
            "nav": "dashboards",
        },
    )


@login_required
@require_GET
def compare_assessments(request, pk):
    """The assessment against another of its framework and area (?with=;
    the one it started from, or the one before it, by default): what moved,
    and what else changed (?all=1: every characteristic)."""
    assessment = access.get_assessment_to_read(request.user, pk)
    candidates = list(
        access.readable_assessments(request.user)
        .filter(framework=assessment.framework_id, partnership=assessment.partnership_id)
        .exclude(pk=assessment.pk)
        .newest_first()
    )
    form = CompareForm(request.GET, candidates=candidates)
    comparison, other = None, None
    if form.is_valid():
        other = form.cleaned_data["with"] or assessment.previous_among(candidates)
        if other is not None:
            comparison = build_comparison(assessment, other, reader=request.user)
    return render(
        request,
        "reports/standards/compare.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "candidates": candidates,
            "form": form,
            "other": other,
            "comparison": comparison,
            "show_all": request.GET.get("all") == "1",
            "nav": "dashboards",
        },
    )


# A self-assessment's page, and its committee appendix ---------------------------------


@login_required
@require_GET
def assessment_detail(request, pk):
    assessment = access.get_assessment_to_read(request.user, pk)
    is_builder = permissions.builds_plans(request.user)
    can_change = is_builder and not assessment.why_not_editable()
    return render(
        request,
        "reports/assessment.html",
        {
            "assessment": assessment,
            "assessed_on": marked_day(assessment, "assessed_on"),
            "page": build_assessment_page(assessment, request.user, can_change=can_change),
            "earlier": access.readable_assessments(request.user).previous_to(assessment),
            "is_builder": is_builder,
            "can_change": can_change,
            "why_not_deletable": assessment.why_not_deletable() if is_builder else "",
            "nav": "dashboards",
        },
    )


@login_required
@require_GET
def assessment_appendix(request, pk):
    """The assessment laid out as the committee appendix, with its
    downloads and the agenda options (the assessment's agenda header
    filled in)."""
    return _appendix_page(request, access.get_assessment_to_read(request.user, pk))


def _appendix_page(request, assessment, options_form=None):
    document = build_assessment_document(assessment, reader=request.user)
    return render(
        request,
        "reports/assessment_appendix.html",
        {
            "assessment": assessment,
            "document": document,
            "draft": document.is_draft,
            "appendix": appendix_heading(document.agenda_header),
            "on_screen": True,
            "options_form": options_form
            or AgendaOptionsForm(
                initial={"agenda_header": appendix_options(document).agenda_header},
                prepares_agenda=permissions.is_clerk(request.user),
            ),
            "downloads": [(key, FORMATS[key].label) for key in DOWNLOADS],
            "nav": "dashboards",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_appendix_file(request, pk):
    """The appendix as PDF, Word or Excel (format), with the agenda options
    (agenda_header, first_page, draft); without an agenda_header at all (a
    plain link), the assessment's own. The page again, saying what to
    correct, when the options will not do. The page's form posts them (a
    long agenda header stays out of the address); a link's query is read
    as before."""
    given = request.POST if request.method == "POST" else request.GET
    assessment = access.get_assessment_to_read(request.user, pk)
    fmt = given.get("format", "")
    require_format(fmt, DOWNLOADS)
    options_form = AgendaOptionsForm(given, prepares_agenda=permissions.is_clerk(request.user))
    if not options_form.is_valid():
        return _appendix_page(request, assessment, options_form)
    # Only the options the address names: appendix_options() fills in the rest.
    chosen = {name: value for name, value in options_form.agenda_options().items() if name in given}
    document = build_assessment_document(assessment, reader=request.user)
    response = HttpResponse(
        render_document("self_assessment", document, fmt, appendix_options(document, **chosen)),
        content_type=FORMATS[fmt].content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{assessment_filename(document, fmt)}"'
    return response
