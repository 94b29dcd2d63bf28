from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans import access
from reports.builder import build_progress_update
from reports.documents import FORMATS, ExportOptions, filename
from reports.documents import render as render_document
from reports.documents.html import document_context
from reports.forms import ExportForm


@login_required
def home(request):
    """Where everyone lands after signing in: the reviews being monitored,
    committee by committee."""
    if not request.user.has_perm("actionplans.view_review"):
        raise PermissionDenied
    by_committee = defaultdict(list)
    for review in access.reviews_for_user(request.user).order_by("committee__name", "title"):
        by_committee[review.committee].append(review)
    return render(request, "reports/home.html", {"committees": dict(by_committee)})


@login_required
def review_detail(request, slug):
    review = access.get_review_for_user(request.user, slug)
    rounds = access.rounds_for_user(request.user, review)
    document = build_progress_update(review, rounds=rounds, full_history=True)
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "document": document,
            "document_rounds": access.document_rounds_for_user(request.user, review),
            "review_rounds": rounds,
            "nav": "reviews",
        },
    )


@login_required
def progress_update(request, slug):
    """The export form; once filled in, the document in the chosen format."""
    review = access.get_review_for_user(request.user, slug)
    rounds = access.document_rounds_for_user(request.user, review)
    form = ExportForm(request.GET or None, rounds=rounds)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        options = ExportOptions(
            agenda_header=data["agenda_header"],
            first_page=data["first_page"],
            draft=data["draft"],
            full_history=data["full_history"],
        )
        round = form.chosen_round()
        if data["format"] == "html":
            query = {k: v for k, v in request.GET.items() if k not in ("round", "format")}
            url = reverse("progress_update_page", args=[review.slug, data["round"]])
            return redirect(f"{url}?{urlencode(query)}" if query else url)
        document = build_progress_update(review, rounds=rounds, round=round, full_history=options.full_history)
        response = HttpResponse(
            render_document(document, data["format"], options), content_type=FORMATS[data["format"]][1]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename(document, data["format"])}"'
        return response
    return render(request, "reports/export.html", {"review": review, "form": form, "nav": "reviews"})


@login_required
def progress_update_page(request, slug, period):
    """The document as a web page, as the committee will read it."""
    review = access.get_review_for_user(request.user, slug)
    rounds = access.document_rounds_for_user(request.user, review)
    round = next((r for r in rounds if r.period.strftime("%Y-%m") == period), None)
    if round is None:
        raise Http404("No such progress update")
    form = ExportForm(request.GET, rounds=rounds)
    form.is_valid()  # only the options are read, and only those that are valid
    options = ExportOptions(
        draft=form.cleaned_data.get("draft", False), full_history=form.cleaned_data.get("full_history", False)
    )
    document = build_progress_update(review, rounds=rounds, round=round, full_history=options.full_history)
    context = document_context(document, options)
    context.update(review=review, period=period, formats=FORMATS, nav="reviews")
    return render(request, "reports/document/page.html", context)
