"""The Progress Update's export form, the document as a web page, and a
published round's files as they were stored (record.py: which stored file
each reader is given)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from actionplans import access, permissions
from actionplans.downloads import never_stored
from reports.documents import FORMATS, ExportOptions, require_format
from reports.documents import render as render_document
from reports.progress_update import record
from reports.progress_update.builder import build_progress_update, filename, stored_file_serves
from reports.progress_update.forms import ExportForm
from reports.progress_update.html import document_context

# What only a file prints (the web page has no pages to head or number).
AGENDA = ("agenda_header", "first_page")


@login_required
def progress_update(request, slug):
    """The export form; once filled in, the document in the chosen format.
    The form posts (a long agenda header stays out of the address, its
    history and the server's logs); a plain link's ?round=&format= and
    options are read as before."""
    review = access.get_review_to_read(request.user, slug)
    rounds = access.printable_rounds(request.user, review)
    may_print_confidential = permissions.reads_exempt_words(request.user)
    given = request.POST if request.method == "POST" else request.GET
    form = ExportForm(
        given or None,
        rounds=rounds,
        may_print_confidential=may_print_confidential,
        prepares_agenda=permissions.is_clerk(request.user),
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        options = ExportOptions(
            agenda_header=data["agenda_header"],
            first_page=data["first_page"],
            draft=data.get("draft", False),
            full_history=data["full_history"],
            summary=data["summary"],
            changes_since=data["changes_since"],
            delivered_through=data["delivered_through"],
            confidential=data.get("confidential", False),
        )
        round = form.chosen_round()
        if lacking := round.paper_wording().lacking:
            # Another council's words, or none, are no paper for the agenda.
            form.add_error(None, lacking)
            return render(request, "reports/export.html", {"review": review, "form": form, "nav": "reviews"})
        if data["format"] == "html":
            # The page's own options: the agenda pack's are for the files.
            query = {k: v for k, v in given.items() if k not in ("round", "format", "csrfmiddlewaretoken", *AGENDA)}
            url = reverse("progress_update_page", args=[review.slug, data["round"]])
            return redirect(f"{url}?{urlencode(query)}" if query else url)
        # A published round's document as it went out, when it is kept:
        # the stored file, or word that it is being prepared.
        stored = record.stored_file(round, data["format"], confidential_reader=False) if round.is_published else None
        if stored is not None and stored.answers(options):
            if stored.is_ready:
                return record.serve(request, stored)
            form.add_error(None, record.not_ready_words(stored, round))
            return render(request, "reports/export.html", {"review": review, "form": form, "nav": "reviews"})
        document = _document(review, rounds, round, options)
        response = HttpResponse(
            render_document(document, data["format"], options), content_type=FORMATS[data["format"]].content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{filename(document, data["format"], options)}"'
        return _kept_only_if_public(response, round, options)
    return render(request, "reports/export.html", {"review": review, "form": form, "nav": "reviews"})


def _document(review, rounds, round, options: ExportOptions):
    """The Progress Update as at `round`, with what the export's options
    add to it (the full history, what changed, what delivers each action)."""
    return build_progress_update(
        review,
        rounds=rounds,
        round=round,
        full_history=options.full_history,
        changes_since=options.changes_since,
        delivered_through=options.delivered_through,
        confidential=options.confidential,
    )


@login_required
def published_document(request, pk, version, fmt):
    """A file of a published round's record, exactly as it was stored; once
    the clerk has marked something of the review as exempt information, a
    reader who may not read it gets the round's public copy in its place,
    its latest version (stored_file_serves): the stored file may predate
    the marking."""
    round = access.get_published_round_to_read(request.user, pk)
    require_format(fmt, FORMATS)  # the record keeps the web page too
    stored = get_object_or_404(round.published_documents.committee().ready(), version=version, format=fmt)
    if stored_file_serves(round.review, confidential_reader=permissions.reads_exempt_words(request.user)):
        return record.serve(request, stored)
    copy = round.published_documents.public_copies().latest(fmt)
    if copy is None or not copy.is_ready:
        return record.not_ready(request, copy, round, fmt, template="reports/document_pending.html", nav="reviews")
    return record.serve(request, copy)


@login_required
def public_copy_document(request, pk, version, fmt):
    """A file of a published round's public copy, exactly as it was stored:
    what the public pages give, listed on the round's page. Clerks and
    administrators only: a version made before an exempt marking prints
    what the marking withholds."""
    round = access.get_published_round_to_check(request.user, pk)
    require_format(fmt, FORMATS)
    stored = get_object_or_404(round.published_documents.public_copies().ready(), version=version, format=fmt)
    return record.serve(request, stored)


@login_required
def progress_update_page(request, slug, period):
    """The document as a web page, as the committee will read it."""
    review = access.get_review_to_read(request.user, slug)
    rounds = access.printable_rounds(request.user, review)
    round = next((r for r in rounds if r.period_code == period), None)
    if round is None:
        raise Http404("No such progress update")
    form = ExportForm(
        request.GET,
        rounds=rounds,
        round=round,
        may_print_confidential=permissions.reads_exempt_words(request.user),
        prepares_agenda=permissions.is_clerk(request.user),
    )
    form.is_valid()  # only the options are read, and only those that are valid
    options = ExportOptions(
        draft=form.cleaned_data.get("draft", False),
        full_history=form.cleaned_data.get("full_history", False),
        changes_since=form.cleaned_data.get("changes_since"),
        delivered_through=form.cleaned_data.get("delivered_through", False),
        confidential=form.cleaned_data.get("confidential", False),
    )
    document = _document(review, rounds, round, options)
    context = document_context(document, options)
    downloads = [(key, fmt.label) for key, fmt in FORMATS.items() if key != "html"]
    context.update(review=review, period=period, downloads=downloads, nav="reviews")
    return _kept_only_if_public(render(request, "reports/document/page.html", context), round, options)


def _kept_only_if_public(response, round, options: ExportOptions):
    """A draft (a round not yet published) or a confidential copy is kept by
    no cache, the browser of a shared council PC included (never_stored);
    the published paper as the committee reads it is private to the
    signed-in reader's browser, as every signed-in page is."""
    if not round.is_published or options.confidential:
        never_stored(response)
    return response
