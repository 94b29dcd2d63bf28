"""The officer's page of their update's files (attach one, remove one), and
the download of a file, for whoever may read it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from actionplans import access, downloads, permissions
from actionplans.evidence.forms import AttachForm
from actionplans.fields import add_model_errors
from actionplans.models import EditConflict, EvidenceFile, PublishedEvidence
from actionplans.models.evidence import megabytes
from actionplans.workflow.views import version_from

# How long a download waits for clamd to scan a file still being checked.
DOWNLOAD_SCAN_SECONDS = 5


def _form(entry, data=None, files=None):
    return AttachForm(
        data,
        files,
        initial={"version": entry.version},
        max_megabytes=megabytes(settings.EVIDENCE_MAX_BYTES).replace(".0 MB", " MB"),
        max_files=settings.EVIDENCE_MAX_FILES,
    )


def _page(request, entry, form, status=200):
    return render(
        request,
        "actionplans/evidence/files.html",
        {
            "entry": entry,
            "files": entry.evidence_files(),
            "form": form if entry.is_open_to_officers else None,
            "nav": "my_updates",
        },
        status=status,
    )


@login_required
def entry_files(request, pk):
    """The update's files; on POST, one attached (checked by its content
    and scanned for malware by the verb)."""
    entry = access.get_entry_to_write(request.user, pk)
    if request.method != "POST":
        return _page(request, entry, _form(entry))
    form = _form(entry, request.POST, request.FILES)
    if not entry.is_open_to_officers:
        messages.error(request, "This update can no longer be changed, so its files cannot either.")
        return redirect("entry_files", pk=entry.pk)
    if not form.is_valid():
        return _page(request, entry, form)
    upload = form.cleaned_data["file"]
    try:
        evidence = entry.attach_file(
            by=request.user,
            version=form.cleaned_data["version"],
            title=form.cleaned_data["title"],
            upload=upload,
            name=upload.name,
        )
    except EditConflict:
        messages.error(
            request, "The file was not attached: the update changed since you opened this page. Attach it again."
        )
        return redirect("entry_files", pk=entry.pk)
    except ValidationError as error:
        add_model_errors(form, error)
        return _page(request, entry, form)
    if evidence.is_clean:
        messages.success(request, f"‘{evidence.title}’ was attached to your update.")
    else:
        messages.warning(
            request,
            f"‘{evidence.title}’ was attached, and is being checked for viruses: nobody can open it until "
            "the check is done.",
        )
    return redirect("entry_files", pk=entry.pk)


@login_required
@require_POST
def remove_file(request, pk, file_pk):
    entry = access.get_entry_to_write(request.user, pk)
    evidence = get_object_or_404(EvidenceFile, pk=file_pk, entry=entry)
    try:
        entry.remove_file(evidence, by=request.user, version=version_from(request.POST.get("version")))
    except EditConflict:
        messages.error(request, "The file was not removed: the update changed since you opened this page.")
    except ValidationError as error:
        messages.error(request, f"The file was not removed. {' '.join(error.messages)}")
    else:
        messages.success(request, f"‘{evidence.title}’ was removed from your update.")
    # Back to the page it was removed from: the update's own, or its files page.
    return redirect("entry_files" if request.POST.get("back") == "files" else "update_entry", pk=entry.pk)


@login_required
@require_GET
def download(request, pk):
    """The file, byte for byte, to whoever may read it
    (permissions.READ_EVIDENCE: 404 to anyone else, so an id tells nothing);
    a file not yet scanned clean is never served: it is scanned again now,
    for a few seconds at most, and while clamd cannot say, the answer is
    "not yet" (409)."""
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related(
            "entry__round__review", "entry__action__recommendation", "entry__action__sub_action"
        ),
        pk=pk,
    )
    if not permissions.may(request.user, permissions.READ_EVIDENCE, evidence):
        raise Http404("No such file")
    return serve(request, evidence)


def serve(request, evidence: EvidenceFile):
    """A file's bytes as an attachment under its own kind's type, or the
    page saying why not yet (being checked) or never (refused)."""
    if evidence.is_being_checked:
        # Briefly: a reader's request does not wait out a clamd that hangs;
        # check_evidence_files (cron) waits the whole SCRUTINY_CLAMD_TIMEOUT.
        evidence.check_for_malware(timeout=min(DOWNLOAD_SCAN_SECONDS, settings.SCRUTINY_CLAMD_TIMEOUT))
    if not evidence.is_clean:
        return render(request, "actionplans/evidence/not_yet.html", {"evidence": evidence}, status=409)
    return downloads.stored_file(
        request,
        evidence.open,
        sha256=evidence.sha256,
        filename=evidence.download_name,
        content_type=evidence.kind_info.content_type,
    )


@require_GET
@login_required
def published_file(request, pk, version, file_pk):
    """An evidence file as a published round's record keeps it, byte for
    byte, to every reader of the round (and, while the file, its update or
    its action is not marked as exempt information since, to the public on
    the public pages)."""
    round = access.get_published_round_to_read(request.user, pk)
    copy = get_object_or_404(
        PublishedEvidence.objects.select_related(
            "evidence__entry__round__review", "evidence__entry__action__recommendation"
        ),
        round=round,
        version=version,
        pk=file_pk,
    )
    if not permissions.may(request.user, permissions.READ_EVIDENCE, copy.evidence):
        raise Http404("No such file")
    return downloads.serve_published(request, copy)
