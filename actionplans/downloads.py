"""Stored bytes served as a download: a published round's documents and
evidence files, and an update's evidence files. One place for the headers,
so that the record's files and the officers' files cannot drift apart: the
signed-in pages (evidence/views.py) and the public pages
(reports/public/views.py) serve a published copy through serve_published."""

from django.http import FileResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control


def never_stored(response):
    """No cache keeps this response at all, a shared council PC's browser
    included: personal data, or a file the public may not read."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def stored_file(
    request, opener, *, sha256: str, filename: str, content_type: str, size: int | None = None, private: bool = True
):
    """`opener()`'s bytes as an attachment named `filename`, streamed; the
    SHA-256 is the ETag, so a browser that has them keeps them (304). A file
    someone uploaded is never sniffed into another type nor run: nosniff,
    and a sandbox for any browser that opens it in place. Unless the public
    may read it, nothing keeps a copy, neither a shared cache (a council's
    proxy) nor the browser of a shared council PC: it may be exempt
    information, or a draft's."""
    etag = f'"{sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(opener(), as_attachment=True, filename=filename, content_type=content_type)
        if size is not None:
            response["Content-Length"] = str(size)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["ETag"] = etag
    if private:
        never_stored(response)
    return response


def serve_published(request, copy, *, private: bool = True):
    """A published evidence file's stored copy (PublishedEvidence), byte for
    byte under its own kind's type; `private=False` for the public pages."""
    return stored_file(
        request,
        copy.open,
        sha256=copy.sha256,
        filename=copy.download_name,
        content_type=copy.kind_info.content_type,
        size=copy.size,
        private=private,
    )
