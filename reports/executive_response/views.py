"""The executive response document's page and its downloads."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from actionplans import access
from reports.documents import FORMATS, render_response
from reports.executive_response.builder import build_executive_response, response_filename
from reports.executive_response.html import response_context


@login_required
def executive_response_page(request, slug):
    """The executive response document as a web page, with its downloads."""
    review = access.get_review_responses_to_read(request.user, slug)
    document = build_executive_response(review)
    context = response_context(document)
    downloads = [(key, fmt.label) for key, fmt in FORMATS.items() if key != "html"]
    context.update(review=review, downloads=downloads, nav="reviews")
    return render(request, "reports/document/response_page.html", context)


@login_required
def executive_response_file(request, slug, fmt):
    """The executive response document as PDF, Word or Excel, for the Cabinet agenda."""
    review = access.get_review_responses_to_read(request.user, slug)
    if fmt not in FORMATS or fmt == "html":
        raise Http404("No such format")
    document = build_executive_response(review)
    response = HttpResponse(render_response(document, fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{response_filename(document, fmt)}"'
    return response
