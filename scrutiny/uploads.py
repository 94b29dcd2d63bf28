"""Uploads stored on the app server's disk only as far as the largest file
the service accepts: a request body of any size cannot fill the disk before
the form reads the file's size and refuses it.

Django streams a large upload into a temporary file, all of it, before any
view runs. The handler here writes a file's first bytes, up to one more than
the largest limit (an evidence file, EVIDENCE_MAX_BYTES, or an import,
IMPORT_MAX_BYTES), reads and drops the rest, and gives the file its whole
size: the form then says how big it was and what the limit is, as for any
file over the limit. A small upload is still held in memory by Django's own
handler before this one (FILE_UPLOAD_MAX_MEMORY_SIZE). Every form takes one
file but the update's, which takes up to EVIDENCE_MAX_FILES: past that, a
request's files are counted but not stored (CountingUploadHandler)."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, TemporaryFileUploadHandler


def stored_limit() -> int:
    """The most bytes of one uploaded file written to disk."""
    return max(settings.EVIDENCE_MAX_BYTES, settings.IMPORT_MAX_BYTES) + 1


class BoundedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        room = stored_limit() - self.received
        self.received += len(raw_data)
        if room > 0:
            self.file.write(raw_data[:room])

    # file_complete() gives the file the size received (Django counts every
    # chunk), not the size stored: what the form's limit is held to.


class LeftOutFile(SimpleUploadedFile):
    """A file past the most one request may bring (uploads_allowed()): its
    bytes are read and dropped, never stored; it stands in the request's
    files by its name, empty, so that the form can say how many were
    chosen."""

    def __init__(self, name: str):
        super().__init__(name, b"")


def uploads_allowed() -> int:
    """The most files one request stores: an update's own limit
    (EVIDENCE_MAX_FILES; every other form takes one file)."""
    return max(settings.EVIDENCE_MAX_FILES, 1)


class CountingUploadHandler(FileUploadHandler):
    """First of the upload handlers: the files of a request past
    uploads_allowed() go no further (no other handler sees their bytes,
    nothing reaches memory or disk) and stand in the request as LeftOutFile,
    so a form that takes several (the update's) says how many may be
    chosen, the typed text kept, instead of Django refusing the whole
    request (DATA_UPLOAD_MAX_NUMBER_FILES, far above this, is only for a
    broken client)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.count = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.count += 1
        if self.count > uploads_allowed():
            raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        return None if self.count > uploads_allowed() else raw_data

    def file_complete(self, file_size):
        return LeftOutFile(self.file_name) if self.count > uploads_allowed() else None
