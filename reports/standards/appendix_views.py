"""A self-assessment as the committee appendix (seed 003's layout): the
document as a web page with its downloads, and the downloads themselves
(reports/standards/appendix.py). Every reader of the scrutiny papers reads a
published assessment; a draft only its builders (clerks, administrators),
printed DRAFT."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actionplans import access
from reports.documents import FORMATS, render_document
from reports.forms import AgendaOptionsForm
from reports.standards.appendix import (
    appendix_heading,
    appendix_options,
    assessment_filename,
    build_assessment_document,
)

DOWNLOADS = ("pdf", "docx", "xlsx")


@login_required
@require_GET
def assessment_appendix(request, pk):
    """The assessment laid out as the committee appendix, with its
    downloads and the agenda options (the assessment's agenda header
    filled in)."""
    return _appendix_page(request, access.get_assessment_for_reader(request.user, pk))


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
            or AgendaOptionsForm(initial={"agenda_header": appendix_options(document).agenda_header}),
            "downloads": [(key, FORMATS[key].label) for key in DOWNLOADS],
            "nav": "dashboards",
        },
    )


@login_required
@require_GET
def assessment_appendix_file(request, pk):
    """The appendix as PDF, Word or Excel (?format=), with the agenda
    options (?agenda_header=, ?first_page=, ?draft=); without an
    agenda_header at all (a plain link), the assessment's own. The page
    again, saying what to correct, when the options will not do."""
    assessment = access.get_assessment_for_reader(request.user, pk)
    fmt = request.GET.get("format", "")
    if fmt not in DOWNLOADS:
        raise Http404("No such format")
    options_form = AgendaOptionsForm(request.GET)
    if not options_form.is_valid():
        return _appendix_page(request, assessment, options_form)
    # Only the options the address names: appendix_options() fills in the rest.
    chosen = {name: value for name, value in options_form.agenda_options().items() if name in request.GET}
    document = build_assessment_document(assessment, reader=request.user)
    response = HttpResponse(
        render_document("self_assessment", document, fmt, appendix_options(document, **chosen)),
        content_type=FORMATS[fmt].content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{assessment_filename(document, fmt)}"'
    return response
