"""The executive response as a web page file, and as the HTML page that the
PDF engine prints."""

from django.template.loader import render_to_string

from reports.documents.html import inline_stylesheet


def response_context(document) -> dict:
    return {"document": document, "grids": document.grids(), "draft": document.is_draft}


def render_response_print_html(document, stylesheet: str = "") -> str:
    context = response_context(document)
    context["stylesheet"] = stylesheet
    return render_to_string("reports/document/response_print.html", context)


def render_response_html(document) -> bytes:
    return render_response_print_html(document, inline_stylesheet()).encode()
