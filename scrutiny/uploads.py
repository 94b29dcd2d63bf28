"""Uploads stored on the app server's disk only as far as the largest file
the service accepts: a request body of any size cannot fill the disk before
the form reads the file's size and refuses it.

Django streams a large upload into a temporary file, all of it, before any
view runs. The handler here writes a file's first bytes, up to one more than
the largest limit (an evidence file, EVIDENCE_MAX_BYTES, or an import,
IMPORT_MAX_BYTES), reads and drops the rest, and gives the file its whole
size: the form then says how big it was and what the limit is, as for any
file over the limit. A small upload is still held in memory by Django's own
handler before this one (FILE_UPLOAD_MAX_MEMORY_SIZE). Each form takes one
file, and a request may carry no more than DATA_UPLOAD_MAX_NUMBER_FILES."""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


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
