"""Evidence files: the documents and pictures an officer attaches to their
update (a PDF of the minutes, a spreadsheet of figures, a photograph).

A file is checked by its content, never its name (actionplans.filekinds):
only PDF, Word, Excel, PowerPoint, CSV, plain text, PNG and JPEG, never
with macros or a password. It is then scanned for malware by clamd
(actionplans.malware) before it is stored: an infected file is refused and
nothing is kept. When clamd cannot be reached the file is kept but held as
"being checked", and nobody may download it until a scan has passed
(EvidenceFile.check_for_malware, tried again on every download and by
`manage.py check_evidence_files`).

Files belong to their update: attaching or removing one is a save of the
update (ProgressEntry.attach_file and remove_file raise its version), so a
link officer approves the text and the files they saw, and a file added
since they opened the page is a conflict, as changed text is. The file's
bytes live in the "evidence" storage (settings.STORAGES); the row holds its
title, size, SHA-256, who added it and when, in the audit history.
"""

import hashlib
import io
import os
import uuid
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone

from actionplans import filekinds, malware, permissions
from actionplans.filekinds import STEM_MAX_BYTES, clean_file_name
from actionplans.models.common import AuditHistory, _attribute
from actionplans.models.exempt import MayBeExempt
from actionplans.models.storing import save_whole, why_not_stored
from actionplans.models.workflow import EditConflict


def evidence_storage():
    return storages["evidence"]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    extension: str
    content_type: str


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "PDF", "pdf", "application/pdf"),
        Kind("docx", "Word document", "docx", f"{_OOXML}.wordprocessingml.document"),
        Kind("xlsx", "Excel workbook", "xlsx", f"{_OOXML}.spreadsheetml.sheet"),
        Kind(
            "pptx",
            "PowerPoint presentation",
            "pptx",
            f"{_OOXML}.presentationml.presentation",
        ),
        Kind("csv", "CSV file", "csv", "text/csv"),
        Kind("txt", "Text file", "txt", "text/plain"),
        Kind("png", "Picture (PNG)", "png", "image/png"),
        Kind("jpeg", "Picture (JPEG)", "jpg", "image/jpeg"),
    )
}

# A zip's parts past this many are not an Office file anyone wrote.
_MAX_MEMBERS = 10_000
# How much of a text file is read to tell it is text.
_TEXT_SAMPLE = 64 * 1024


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def kind_of_evidence(upload, name: str) -> Kind:
    """The Kind of the uploaded file `upload` (a file object, read from its
    start), told by its bytes; raises ValidationError saying what is wrong
    with it and what to do, for anything the evidence does not accept."""
    upload.seek(0)
    start = upload.read(_TEXT_SAMPLE)
    upload.seek(0)
    shown = f"'{name}'"
    if not start:
        return _refuse(f"{shown} is empty. Check it is the right file and attach it again.")
    kind = filekinds.kind_of(start)
    if kind in ("pdf", "png", "jpeg"):
        return KINDS[kind]
    if kind == "zip":
        return _office_kind(upload, shown)
    if kind == "ole":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if filekinds.ole_is_encrypted(data):
            return _refuse(
                f"{shown} is protected with a password, so nobody else could open it. Open it, remove the "
                "password (File, Info, Protect, Encrypt with Password: delete it), save it and attach it again."
            )
        return _refuse(
            f"{shown} is an old Office 97-2003 file (.doc, .xls or .ppt), which can carry macros. Open it, "
            "choose File, Save As, pick the modern format (.docx, .xlsx or .pptx) and attach that copy."
        )
    if kind == "program":
        return _refuse(
            f"{shown} is a program (an executable file), not a document, whatever its name says. Programs "
            "cannot be attached: attach the document itself, as PDF, Word, Excel, PowerPoint, CSV, text, PNG or JPEG."
        )
    if kind in ("gzip", "archive"):
        return _refuse(
            f"{shown} is a compressed archive. Take the files out of it and attach each one that is evidence."
        )
    if kind == "text":
        # Text is read whole: a script anywhere in it makes it a page.
        kind = filekinds.kind_of(upload.read())
        upload.seek(0)
    if kind == "html":
        return _refuse(
            f"{shown} is a web page or a picture that can run a script (HTML or SVG), not a document. Save "
            "it as PDF, or as a PNG or JPEG picture, and attach that."
        )
    if kind == "text" and _is_text(start):
        return KINDS["csv" if name.lower().endswith(".csv") else "txt"]
    return _refuse(
        f"{shown} is not a kind of file that can be attached. Save it as PDF, Word (.docx), Excel (.xlsx), "
        "PowerPoint (.pptx), CSV, plain text, PNG or JPEG and attach that."
    )


def _refuse(message: str):
    raise ValidationError({"file": message})


def _is_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        if error.start < len(sample) - 3:
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _office_kind(upload, shown: str) -> Kind:
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except Exception:  # BadZipFile, struct.error, ValueError… for a damaged directory
        upload.seek(0)
        return _refuse(f"{shown} is damaged: it could not be opened. Save it again and attach the new copy.")
    try:
        names = {member.filename for member in members}
        if filekinds.zip_is_encrypted(members):
            return _refuse(
                f"{shown} is an archive protected with a password, so it cannot be checked for viruses. "
                "Take the files out of it and attach each one that is evidence, without a password."
            )
        office = filekinds.office_kind(names)
        if not office or len(members) > _MAX_MEMBERS:
            return _refuse(
                f"{shown} is a compressed archive (.zip). Take the files out of it and attach each one "
                "that is evidence."
            )
        if filekinds.has_macros(archive):
            saved_as = {"docx": "Word Document (*.docx)", "xlsx": "Excel Workbook (*.xlsx)"}.get(
                office, "PowerPoint Presentation (*.pptx)"
            )
            return _refuse(
                f"{shown} contains macros (it is a .docm, .xlsm or .pptm file), which can carry viruses. "
                f"Open it, choose File, Save As, pick '{saved_as}' and attach that copy."
            )
        return KINDS[office]
    except ValidationError:
        raise
    except Exception:  # a damaged member: zlib.error, RuntimeError, NotImplementedError…
        return _refuse(f"{shown} is damaged: it could not be opened. Save it again and attach the new copy.")
    finally:
        upload.seek(0)


class EvidenceFileQuerySet(models.QuerySet):
    def clean(self):
        """Files scanned and found clean: the only ones anyone may download."""
        return self.filter(status=EvidenceFile.Status.CLEAN)

    def being_checked(self):
        return self.filter(status=EvidenceFile.Status.CHECKING)

    def not_exempt(self):
        return self.filter(exempt_paragraph__isnull=True)


class EvidenceFile(MayBeExempt, models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked for viruses"
        CLEAN = "clean", "Checked"
        REFUSED = "refused", "Refused: a virus was found"

    entry = models.ForeignKey("actionplans.ProgressEntry", on_delete=models.PROTECT, related_name="files")
    title = models.CharField(max_length=200)
    file_name = models.CharField(max_length=255, help_text="The file's name as it was attached.")
    kind = models.CharField(max_length=10, choices=[(key, kind.label) for key, kind in KINDS.items()])
    storage_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, verbose_name="SHA-256")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    found = models.CharField(max_length=200, blank=True, help_text="The malware clamd found, if it found any.")
    checked_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    history = AuditHistory()

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "added_at", "pk"]
        verbose_name = "evidence file"

    def __str__(self):
        return self.title

    def papers_printing_it(self) -> list:
        """Those that print its update, listing it under it."""
        return self.entry.papers_printing_it()

    @property
    def kind_info(self) -> Kind:
        return KINDS[self.kind]

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))} KB"
        return megabytes(self.size)

    @property
    def is_clean(self) -> bool:
        return self.status == self.Status.CLEAN

    @property
    def is_being_checked(self) -> bool:
        return self.status == self.Status.CHECKING

    @property
    def download_name(self) -> str:
        """The name the download is saved under: the attached name, with the
        extension of what the file is."""
        stem = os.path.splitext(clean_file_name(self.file_name))[0] or "evidence"
        # At most 150 bytes of it: the published record stores the copy as
        # "<id>-<name>", and a file system's names stop at 255 bytes (a name
        # of accented letters takes two a letter).
        stem = stem.encode()[:STEM_MAX_BYTES].decode(errors="ignore") or "evidence"
        return f"{stem}.{self.kind_info.extension}"

    def open(self):
        return evidence_storage().open(self.storage_name, "rb")

    def check_for_malware(self, timeout: float | None = None) -> bool:
        """Scan a file held as being checked, waiting `timeout` seconds at
        most for clamd (malware.scan); True once it is clean. A file found
        infected is refused and its bytes deleted (the row stays, so its
        officer sees why it went); when clamd cannot be reached it stays as
        it was. A file its officer removed meanwhile is simply not clean."""
        if not self.is_being_checked:
            return self.is_clean
        try:
            with self.open() as stream:
                verdict = malware.scan(stream, timeout=timeout)
        except FileNotFoundError:  # removed while being checked
            return False
        if verdict.unavailable:
            return False
        with transaction.atomic():
            current = EvidenceFile.objects.select_for_update().filter(pk=self.pk).first()
            if current is None:  # removed while clamd read it
                return False
            if not current.is_being_checked:
                self.refresh_from_db()
                return self.is_clean
            current.checked_at = timezone.now()
            if verdict.clean:
                current.status = current.Status.CLEAN
                current._change_reason = "Checked for viruses: none found"
            else:
                # Once the refusal is saved: a failed save keeps the bytes its row names.
                transaction.on_commit(partial(evidence_storage().delete, current.storage_name))
                current.status, current.found, current.storage_name = current.Status.REFUSED, verdict.found, ""
                current._change_reason = f"Refused: clamd found {verdict.found}"
            current.save()
        self.refresh_from_db()
        return self.is_clean

    @staticmethod
    def attach(entry, *, by, version: int, title: str, upload, name: str) -> "EvidenceFile":
        """ProgressEntry.attach_file: the checks, the scan, then the file
        stored and the update's version raised, or nothing at all."""
        permissions.require(by, permissions.ATTACH_EVIDENCE, entry)
        title = _evidence_title(title)
        name = clean_file_name(name)
        size = _checked_size(upload, name)
        kind = kind_of_evidence(upload, name)
        _check_room(entry, version)
        verdict = _scanned(upload, name)
        digest = _sha256(upload)
        storage = evidence_storage()
        try:
            stored = save_whole(
                storage, f"entries/{entry.pk}/{uuid.uuid4().hex}.{kind.extension}", File(upload, name=name)
            )
        except OSError as error:  # the disk full: nothing half-written, and said by the field
            raise ValidationError({"file": why_not_stored(error, f"‘{name}’")}) from error
        try:
            with transaction.atomic():
                current = _check_room(entry, version, lock=True)
                evidence = EvidenceFile(
                    entry=current,
                    title=title,
                    file_name=name,
                    kind=kind.key,
                    storage_name=stored,
                    size=size,
                    sha256=digest,
                    status=EvidenceFile.Status.CLEAN if verdict.clean else EvidenceFile.Status.CHECKING,
                    checked_at=timezone.now() if verdict.clean else None,
                    added_by=by,
                )
                _attribute(evidence, by)
                evidence._change_reason = (
                    "Attached; checked for viruses: none found"
                    if verdict.clean
                    else "Attached; held until it has been checked for viruses"
                )
                evidence.save()
                current._change_reason = f"Attached the file '{title}'"
                _raise_version(current, by)
        except BaseException:
            storage.delete(stored)
            raise
        entry.refresh_from_db()
        return evidence

    def remove(self, *, by, version: int) -> None:
        """ProgressEntry.remove_file: the file taken off its update (and its
        bytes deleted) while the update is still the officer's to change;
        the update's version is raised."""
        entry = self.entry
        permissions.require(by, permissions.REMOVE_EVIDENCE, entry)
        with transaction.atomic():
            current = _locked_to_change(entry, version)
            evidence = EvidenceFile.objects.select_for_update().filter(pk=self.pk, entry=current).first()
            if evidence is None:
                raise ValidationError("That file has already been removed from the update.")
            stored = evidence.storage_name
            _attribute(evidence, by)
            evidence._change_reason = "Removed from the update"
            evidence.delete()
            current._change_reason = f"Removed the file '{evidence.title}'"
            _raise_version(current, by)
            if stored:
                transaction.on_commit(lambda: evidence_storage().delete(stored))
        entry.refresh_from_db()


def _locked_to_change(entry, version: int):
    current = entry._locked()
    if current.version != version:
        raise EditConflict(current)
    if not current.is_open_to_officers:
        status = current.get_status_display().lower()
        raise ValidationError(f"This update is {status}, so its files can no longer be changed.")
    return current


def _check_room(entry, version: int, lock: bool = False):
    """The update, when a file may be added to it at `version`: the same
    update the officer read, still theirs to change, with room for another."""
    current = _locked_to_change(entry, version) if lock else entry
    if not lock:
        fresh = type(entry).objects.get(pk=entry.pk)
        if fresh.version != version:
            raise EditConflict(fresh)
        if not fresh.is_open_to_officers:
            status = fresh.get_status_display().lower()
            raise ValidationError(f"This update is {status}, so its files can no longer be changed.")
    limit = settings.EVIDENCE_MAX_FILES
    if EvidenceFile.objects.filter(entry=current).exclude(status=EvidenceFile.Status.REFUSED).count() >= limit:
        raise ValidationError(
            {"file": f"An update may carry up to {limit} files. Remove one you no longer need to attach another."}
        )
    return current


def _raise_version(entry, by) -> None:
    """Adding or removing a file is a save of the update: its version is
    raised (so an approval of what was read before is refused), and an
    update not started becomes a draft."""
    status = entry.Status.DRAFT if entry.status == entry.Status.NOT_STARTED else entry.status
    entry._save_as(by, status=status)


class PublishedEvidenceQuerySet(models.QuerySet):
    def by_version(self) -> dict[int, list["PublishedEvidence"]]:
        """The files each version of a round's record keeps (one query):
        `round.published_files.by_version()`."""
        files = {}
        for copy in self.order_by("pk"):
            files.setdefault(copy.version, []).append(copy)
        return files

    def keep(self, round, files, *, version: int) -> list["PublishedEvidence"]:
        """Copy the round's public evidence `files` (its updates'
        `public_files()`: clean, not exempt, of updates the committee
        received) into the
        published storage beside the documents of `version` of its record,
        once. Called by Round.publish and Round.store_correction inside
        atomic_keeping_copies(): if their transaction rolls back, at any
        point after this, the copies are deleted with it."""
        storage = storages["published"]
        kept = _KEPT.get()
        if kept is None:
            raise RuntimeError("PublishedEvidence.objects.keep is called inside atomic_keeping_copies()")
        copies = []
        for evidence in files.order_by("entry", "added_at"):
            with evidence.open() as source:
                name = storage.save(
                    f"rounds/{round.pk}/v{version}/files/{evidence.pk}-{evidence.download_name}", File(source)
                )
            kept.append(name)
            copies.append(
                self.create(
                    round=round,
                    version=version,
                    evidence=evidence,
                    title=evidence.title,
                    kind=evidence.kind,
                    storage_name=name,
                    size=evidence.size,
                    sha256=evidence.sha256,
                )
            )
        return copies


# The names of the evidence files copied into the published storage by the
# transaction under way (atomic_keeping_copies), to delete if it rolls back.
_KEPT: ContextVar[list[str] | None] = ContextVar("kept_evidence_copies", default=None)


@contextmanager
def atomic_keeping_copies():
    """transaction.atomic() for a verb that keeps evidence files in the
    published record (PublishedEvidence.objects.keep): the database forgets
    the copies' rows if it rolls back, and Django runs nothing on a rollback,
    so this deletes their bytes, whatever failed after they were copied.
    Nested, each level deletes what was copied inside it."""
    kept = _KEPT.get()
    token = _KEPT.set([] if kept is None else kept)
    start = len(_KEPT.get())
    try:
        with transaction.atomic():
            yield
    except BaseException:
        ours = _KEPT.get()
        storage = storages["published"]
        for name in ours[start:]:
            storage.delete(name)
        del ours[start:]
        raise
    finally:
        _KEPT.reset(token)


class PublishedEvidence(models.Model):
    """An evidence file as a published round's record keeps it: copied into
    the published storage with the round's documents of one version, so it
    is served byte for byte as the committee received it. Rows are only
    added, never changed (like PublishedDocument, whose version they join)."""

    round = models.ForeignKey("actionplans.Round", on_delete=models.CASCADE, related_name="published_files")
    version = models.PositiveSmallIntegerField()
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="published_copies")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=[(key, kind.label) for key, kind in KINDS.items()])
    storage_name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, verbose_name="SHA-256")
    stored_at = models.DateTimeField(default=timezone.now)

    objects = PublishedEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["round", "-version", "pk"]
        verbose_name = "published evidence file"
        constraints = [
            models.UniqueConstraint(fields=["round", "version", "evidence"], name="one_copy_per_file_per_version"),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def kind_info(self) -> Kind:
        return KINDS[self.kind]

    @property
    def download_name(self) -> str:
        return self.storage_name.rsplit("/", 1)[-1].split("-", 1)[-1]

    def open(self):
        return storages["published"].open(self.storage_name, "rb")


def _evidence_title(title) -> str:
    """The title an officer gave a file, its spaces tidied; refused when
    blank or too long."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Enter a title for the file"})
    if len(title) > 200:
        raise ValidationError({"title": "The title must be 200 characters or fewer"})
    return title


def _checked_size(upload, name: str) -> int:
    """The upload's size in bytes, refused over EVIDENCE_MAX_BYTES."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "file": f"'{name}' is {megabytes(size)}; a file may be up to "
                f"{megabytes(settings.EVIDENCE_MAX_BYTES)}. Make it smaller (a PDF of fewer pages, "
                "pictures saved smaller) or split it, and attach it again."
            }
        )
    return size


def _scanned(upload, name: str):
    """clamd's verdict on the upload (malware.scan); refused, nothing kept,
    when it finds malware."""
    upload.seek(0)
    verdict = malware.scan(upload)
    if verdict.infected:
        raise ValidationError(
            {
                "file": f"'{name}' contains a virus or other malware ({verdict.found}): it was not "
                "attached, and no copy of it was kept. Tell your IT service desk, and attach a clean copy "
                "of the document."
            }
        )
    upload.seek(0)
    return verdict


def _sha256(upload) -> str:
    """The upload's SHA-256, read from its start; left at its start."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
