"""A published round's stored files as each reader is given them: the
committee's, as they went out, or its public copy (exempt information left
out), never a fresh rendering in their place. Where the file is not yet
stored, the reader is told so (not_ready)."""

from django.shortcuts import render

from actionplans import downloads
from actionplans.models import PublishedDocument, Round
from reports.documents import FORMATS
from reports.progress_update.builder import stored_file_serves

# How long a reader is asked to wait for a file being prepared.
RETRY_SECONDS = 60


def stored_file(round: Round, fmt: str, *, confidential_reader: bool = False) -> PublishedDocument | None:
    """The stored file of `round`'s document in `fmt` that a reader is
    given, stored or still being prepared: the committee's latest, unless
    something of the review has been marked exempt since (stored_file_serves)
    and the reader may not read it, or the round keeps none (published
    before they were kept); then the latest public copy, never an older one.
    None where the round keeps neither (a round saved as published outside
    this service's verbs)."""
    documents = round.published_documents
    if stored_file_serves(round.review, confidential_reader=confidential_reader):
        committee = documents.committee().latest(fmt)
        if committee is not None:
            return committee
    return documents.public_copies().latest(fmt)


def public_copies(round: Round) -> dict[str, PublishedDocument]:
    """The round's public copy, its latest version in each format, stored or
    not (one query)."""
    latest = {}
    for document in round.published_documents.public_copies().order_by("format", "-version"):
        latest.setdefault(document.format, document)
    return latest


def serve(request, stored: PublishedDocument, *, public: bool = False):
    """The stored bytes, streamed from the published storage, never
    rendered again. The public copy may be kept by a shared cache, but
    asked again each time: a later version (an exempt marking) replaces it
    at the same address."""
    response = downloads.stored_file(
        request,
        stored.open,
        sha256=stored.sha256,
        filename=stored.storage_name.rsplit("/", 1)[-1],
        content_type=FORMATS[stored.format].content_type,
        size=stored.size,
        private=not public,
    )
    if public:
        response["Cache-Control"] = "public, no-cache"
    return response


def not_ready(request, stored: PublishedDocument | None, round: Round, fmt: str, *, template: str, **context):
    """The page that says the file is being prepared (or could not be),
    503 with when to ask again: never another rendering in its place."""
    response = render(
        request,
        template,
        {"round": round, "format_label": FORMATS[fmt].label, "failed": bool(stored and stored.error), **context},
        status=503,
    )
    if not (stored and stored.error):
        response["Retry-After"] = str(RETRY_SECONDS)
    return response


def not_ready_words(stored: PublishedDocument, round: Round) -> str:
    """What the export form says of a file it cannot give yet."""
    label = FORMATS[stored.format].label
    if stored.error:
        return (
            f"The {label} of the {round.label} progress update as published could not be prepared: the round's "
            "page says why. Choose other options to print it now."
        )
    return (
        f"The {label} of the {round.label} progress update as published is being prepared: try again in a minute, "
        "or choose other options to print it now."
    )
