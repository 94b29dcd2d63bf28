"""Files an officer chose on their update's form, kept on the server while
the form is shown again with something to put right: a browser cannot fill
a file field again, and nobody should have to find their files twice.

`keep()` stores the chosen files under the evidence storage's kept/ folder
(all or none: ValidationError by the files field when the store is full)
and returns a signed token for the form's hidden field, good for that
person only and for a day; `chosen()` gives the files back for the update's
save (which checks and scans them as any attached file); `forget()` removes
them once attached, and `forget_abandoned()` (cron, check_evidence_files)
those of forms never sent again."""

import datetime
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans.filekinds import clean_file_name
from actionplans.models.evidence import evidence_storage
from actionplans.models.storing import save_whole, why_not_stored

FOLDER = "kept"
SALT = "actionplans.evidence.kept"
KEPT_FOR = datetime.timedelta(days=1)


def keep(user, uploads) -> str:
    """`uploads` (name, file) stored for `user`; the token naming them ('' for none)."""
    if not uploads:
        return ""
    storage, folder = evidence_storage(), f"{FOLDER}/{uuid.uuid4().hex}"
    files = []
    try:
        for name, upload in uploads:
            upload.seek(0)
            files.append([save_whole(storage, f"{folder}/{len(files)}", upload), clean_file_name(name)])
    except OSError as error:  # the disk full: none kept, none half-written, said beside the field
        for stored, _ in files:
            storage.delete(stored)
        raise ValidationError({"files": why_not_stored(error, "the files you chose", again="them")}) from error
    return signing.dumps({"user": user.pk, "files": files}, salt=SALT, compress=True)


def _read(user, token: str) -> list[list[str]]:
    if not token:
        return []
    try:
        kept = signing.loads(token, salt=SALT, max_age=KEPT_FOR)
    except signing.BadSignature:  # altered, or older than a day
        return []
    if kept.get("user") != user.pk:
        return []
    return [[stored, name] for stored, name in kept["files"] if stored.startswith(f"{FOLDER}/")]


def names(user, token: str) -> list[str]:
    """The names of the files `token` keeps for `user`, as the form lists them."""
    storage = evidence_storage()
    return [name for stored, name in _read(user, token) if storage.exists(stored)]


def chosen(user, token: str) -> list[tuple[str, object]]:
    """The files `token` keeps for `user`, open, as (name, file) pairs."""
    storage = evidence_storage()
    return [(name, storage.open(stored, "rb")) for stored, name in _read(user, token) if storage.exists(stored)]


def forget(user, token: str) -> None:
    storage = evidence_storage()
    for stored, _ in _read(user, token):
        storage.delete(stored)


def forget_abandoned(now=None) -> int:
    """Remove the kept files older than a day (their token has run out). Returns how many."""
    storage, now = evidence_storage(), now or timezone.now()
    if not storage.exists(FOLDER):
        return 0
    removed = 0
    for folder in storage.listdir(FOLDER)[0]:
        for name in storage.listdir(f"{FOLDER}/{folder}")[1]:
            path = f"{FOLDER}/{folder}/{name}"
            if now - storage.get_modified_time(path) > KEPT_FOR:
                storage.delete(path)
                removed += 1
    return removed
