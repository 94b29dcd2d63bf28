"""The six-monthly cycle: officers write, link officers approve, clerks open,
chase and publish. Views fetch through actionplans.access, call a model verb
and redirect; the rules live on the models."""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actionplans import access, grading, permissions
from actionplans.comments.forms import CommentForm
from actionplans.comments.views import thread_context
from actionplans.evidence import kept
from actionplans.evidence.forms import AttachForm
from actionplans.fields import add_model_errors
from actionplans.history import action_history
from actionplans.landing import landing_url
from actionplans.models import (
    Delivery,
    EditConflict,
    EntryResponsibility,
    Escalation,
    EvidenceFile,
    Notification,
    ProgressEntry,
    Round,
    UpdateComment,
    document_order,
    escalation_lines,
    keep_named_order,
)
from actionplans.models.council import current_scale, escalation_days, scale_levels
from actionplans.models.outcomes import Clock
from actionplans.models.rounds import FileRefused
from actionplans.monitoring.forms import (
    ApprovalForm,
    ApproveTogetherForm,
    CorrectionForm,
    OpenRoundForm,
    PublishForm,
    ReassignForm,
    ReminderNoteForm,
    UpdateForm,
)
from actionplans.workflow import views as workflow


def _with_owners(entries):
    return entries.prefetch_related(
        Prefetch("responsibilities", queryset=EntryResponsibility.objects.select_related("owner__user"))
    )


@login_required
def landing(request):
    """Where LOGIN_REDIRECT_URL points: each role's own task page."""
    if not (permissions.reads_papers(request.user) or permissions.writes_partnership_updates(request.user)):
        raise PermissionDenied
    return redirect(landing_url(request.user))


@login_required
def my_updates(request):
    """Every update waiting for the signed-in officer, across reviews."""
    if not permissions.works_on_updates(request.user):
        raise PermissionDenied
    entries = list(_with_owners(access.entries_to_write(request.user)))
    latest = UpdateComment.objects.latest_by_entry(entries)
    by_round = {}
    for entry in entries:
        # A comment someone else wrote last is new until the officer answers it.
        comment = latest.get(entry.pk)
        entry.new_comment = comment if comment and comment.author_id != request.user.pk else None
        by_round.setdefault(entry.round, []).append(entry)
    # A coordinator of a partnership plan is told of the leads' updates
    # waiting for them, which this page does not list.
    to_check = access.partnership_updates_to_check(request.user).count()
    return render(
        request,
        "actionplans/my_updates.html",
        {"by_round": by_round, "partnership_to_check": to_check, "nav": "my_updates"},
    )


@login_required
def update_entry(request, pk):
    """The officer's update, on one page: the latest comment, the form with
    its files, then the action and its story and the conversation, whose
    comment box is part of the form. Files chosen with a form that comes
    back with a problem are kept (kept.py)."""
    entry = access.get_entry_to_write(request.user, pk)
    context = _update_context(request, entry)
    files_problem = _keep_chosen(request, context)
    return workflow.write_update(
        request,
        entry,
        PROGRESS_ENTRY,
        context=context,
        form_kwargs={"previous_grade": context["previous_grade"], "files_problem": files_problem},
        comment=_comment_with_the_update(request, entry, context),
    )


def _comment_with_the_update(request, entry, context):
    """While the officer may change the update, the conversation's box is
    part of the update's form (an HTML form attribute, no script needed),
    so "Add the comment" sends what they typed in both and nothing is lost
    (workflow.write_update). The bound comment form when there is a
    comment to add."""
    if not (entry.is_open_to_officers and context["comment_form"]):
        return None
    # "Add the comment", or a save with something typed in the box.
    pressed = request.method == "POST" and ("comment" in request.POST or request.POST.get("text", "").strip())
    comment = CommentForm(request.POST) if pressed else context["comment_form"]
    context["comment_form"] = comment.part_of(UPDATE_FORM)
    return comment if pressed else None


# The id of the officer's update form, which the comment box joins.
UPDATE_FORM = "update-form"


def _save_entry(request, entry, form, submitting: bool, context: dict) -> None:
    """The officer's verb, with the files chosen on the form (kept under
    context["kept_token"] by _keep_chosen): all attached with the update, or
    none; a file refused is no longer kept, the others stay chosen."""
    token = context["kept_token"]
    chosen = kept.chosen(request.user, token)
    try:
        entry.save_update(
            by=request.user,
            version=form.cleaned_data["version"],
            submit=submitting,
            proposal=form.proposal(),
            uploads=chosen,
            **form.update_fields(),
        )
    except FileRefused as refused:  # the others stay chosen; the refused one goes
        _keep(request, context, [(name, file) for name, file in chosen if name != refused.name])
        kept.forget(request.user, token)
        raise
    finally:
        for _, file in chosen:
            file.close()
    kept.forget(request.user, token)


def _update_context(request, entry) -> dict:
    previous = entry.earlier_entries()
    previous_grade = entry.previous_grade(previous)
    delivered = Delivery.objects.delivered_through([entry.action])[entry.action_id]
    scale = current_scale(review=entry.round.review_id)
    return {
        "entry": entry,
        "proposal": entry.target_proposal(),
        # The grades that need a new target date (proposal_needed).
        "slipped_label": " or ".join(level.printed for level in scale if level.proposes_new_target),
        # The grades that need an explanation, shown as one is chosen (the verb enforces it).
        "worse_grades": [level.position for level in scale if entry.explanation_needed(level, previous_grade)],
        "previous_grade": previous_grade,
        "previous_grade_label": previous_grade.printed if previous_grade else "",
        "previous": previous,
        "owners": _owners_of(entry),
        "last_saved": entry.last_saved(),
        "approval": entry.approval(),
        # What the partnership plans report of the actions that deliver it,
        # so that the officer need not type it again.
        "delivered": delivered,
        "readable_plans": access.readable_plan_slugs(request.user) if delivered else set(),
        **thread_context(request.user, entry, back="update"),
        "files": entry.evidence_files(),
        "accept": AttachForm.accept,
        "kept": [],
        "kept_token": "",
        "nav": "my_updates",
    }


def _keep_chosen(request, context) -> str:
    """The files this post chose, with those kept from an earlier one: kept
    on the server until the update is saved (the token names them). More
    than the update has room for (or than the disk has room for) are not
    kept, those kept before stay, and what the form says beside the field
    is returned ("" when they are kept)."""
    if request.method != "POST":
        return ""
    earlier = request.POST.get("kept_files", "")
    uploads = request.FILES.getlist("files")
    context["kept"], context["kept_token"] = kept.names(request.user, earlier), earlier
    if not uploads:
        return ""
    attached = sum(1 for file in context["files"] if file.status != EvidenceFile.Status.REFUSED)
    room = settings.EVIDENCE_MAX_FILES - attached - len(context["kept"])
    if len(uploads) > room:
        return too_many_files(len(uploads), room, attached + len(context["kept"]))
    chosen = kept.chosen(request.user, earlier)
    try:
        _keep(request, context, chosen + [(upload.name, upload) for upload in uploads])
    except ValidationError as error:  # no room to keep them: those kept before stay
        return " ".join(error.message_dict["files"])
    finally:
        for _, file in chosen:
            file.close()
    kept.forget(request.user, earlier)
    return ""


def too_many_files(chosen: int, room: int, already: int) -> str:
    limit = settings.EVIDENCE_MAX_FILES
    held = f" and it already has {already}" if already else ""
    choose = f"choose {room} or fewer" if room > 0 else "remove one before you add another"
    return f"You chose {chosen} files, but an update may carry up to {limit} files{held}: {choose}"


def _keep(request, context, files) -> str:
    context["kept_token"] = token = kept.keep(request.user, files)
    context["kept"] = [name for name, _ in files]
    return token


@login_required
@require_POST
def withdraw_entry(request, pk):
    """The officer takes back a submitted update to change it."""
    entry = access.get_entry_to_write(request.user, pk)
    return workflow.withdraw_update(request, entry, PROGRESS_ENTRY)


def _owners_of(entry) -> list:
    return [link.owner for link in entry.responsibilities.select_related("owner")]


@login_required
def approvals(request):
    """Submitted updates for the link officer's reviews (a clerk's: all),
    each with its grade and text, and why any may not be theirs to check."""
    if not permissions.checks_updates(request.user):
        raise PermissionDenied
    return _approvals_page(request)


def _approvals_page(request, *, select_error: str = ""):
    """The approvals list; `select_error`: "Read and approve selected" was
    pressed with nothing ticked, shown as GOV.UK shows a required choice
    (an error summary leading to the first checkbox)."""
    entries = list(
        _with_owners(access.entries_to_check(request.user))
        .with_submitter()
        .order_by("round__review__title", *document_order("action__"))
    )
    submitted = [
        (entry, permissions.why_not(request.user, permissions.APPROVE_UPDATE, entry))
        for entry in entries
        if entry.status == ProgressEntry.Status.SUBMITTED
    ]
    # The updates still being written, to follow and comment on as they are.
    writing = [entry for entry in entries if entry.status in WRITING]
    comments = UpdateComment.objects.counts(writing)
    for entry in writing:
        entry.comment_count = comments.get(entry.pk, 0)
    return render(
        request,
        "actionplans/approvals.html",
        {
            "submitted": submitted,
            "selectable": any(reason is None for _, reason in submitted),
            "first_selectable": next((entry for entry, reason in submitted if reason is None), None),
            "select_error": select_error,
            "writing": writing,
            "counts": Counter(e.status for e in entries),
            "nav": "approvals",
        },
    )


WRITING = {ProgressEntry.Status.NOT_STARTED, ProgressEntry.Status.DRAFT, ProgressEntry.Status.RETURNED}


@login_required
def approve_entry(request, pk):
    try:
        entry = access.get_entry_to_approve(request.user, pk)
    except Http404:
        # An old link, after the round was published: say what became of it.
        checked = access.entry_checked_before(request.user, pk)
        if checked is None:
            raise
        return render(request, "actionplans/approval_closed.html", {"entry": checked, "nav": "approvals"})
    return workflow.check_update(request, entry, PROGRESS_ENTRY)


def _approval_form(data=None, *, update):
    return ApprovalForm(data, update=update, proposal=update.target_proposal())


def _approve_context(user, entry, form) -> dict:
    """What the link officer's page shows of the update besides the
    decision (workflow.check_update adds the rest)."""
    return {
        "entry": entry,
        "proposal": form.proposal,
        "previous": entry.earlier_entries(),
        "owners": _owners_of(entry),
        "files": entry.evidence_files(),
        **thread_context(user, entry, back="approve"),
        "nav": "approvals",
    }


def _approve_entry(user, entry, form) -> None:
    """The link officer approves, deciding any new target date the officer
    proposed (the form's proposal)."""
    entry.approve(by=user, version=form.cleaned_data["version"], **form.target_arguments())


def _approved_entry(entry, form) -> str:
    """What became of the update approved, and of any new target date."""
    proposal = form.proposal
    accepted = proposal is not None and form.cleaned_data["target_decision"] == "accept"
    target = f", and its target is now {proposal.after_label}" if accepted else ""
    return f"The update on {entry.action.full_name} was approved{target}."


# A round's progress entry, as the shared update pages write and check it.
PROGRESS_ENTRY = workflow.UpdateKind(
    form=UpdateForm,
    template="actionplans/update_entry.html",
    as_name="entry",
    write_page="update_entry",
    written="my_updates",
    submitted="Your update on {update.action.full_name} was submitted to the link officer{files}.",
    saved="Your draft update on {update.action.full_name} was saved{files}.",
    decision_form=_approval_form,
    check_template="actionplans/approve_entry.html",
    check_context=_approve_context,
    fetch_to_check=access.get_entry_to_approve,
    check_page="approve_entry",
    checked="approvals",
    writer="officer",
    period="round",
    save=_save_entry,
    approve=_approve_entry,
    approved=_approved_entry,
)


@login_required
def approve_together(request):
    """Several submitted updates, ticked on the approvals list, read on one
    page and approved together, each at the version the page showed (with
    its decision on any new target date it proposes). Returning an update
    stays one at a time, on its own page, with its comment."""
    if not permissions.checks_updates(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    pks = {int(pk) for pk in data.getlist("update") if pk.isdigit() and len(pk) < 19}
    if not pks:
        return _approvals_page(request, select_error="Select the updates to approve together")
    entries = access.get_entries_to_approve(request.user, pks)
    for entry in entries:
        # Nothing is approved unless every one selected is the user's to approve.
        permissions.require(request.user, permissions.APPROVE_UPDATE, entry)
    proposals = ProgressEntry.objects.filter(pk__in=pks).target_proposals()
    forms = [
        ApproveTogetherForm(data if request.method == "POST" else None, entry=entry, proposal=proposals.get(entry.pk))
        for entry in entries
    ]
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        return workflow.approve_each(request, [(form.entry, form) for form in forms], PROGRESS_ENTRY)
    return render(
        request,
        "actionplans/approve_together.html",
        {
            "forms": forms,
            "waiting": sum(form.entry.is_awaiting_approval for form in forms),
            "has_errors": any(form.errors for form in forms),
            "nav": "approvals",
        },
    )


@login_required
def open_round(request, slug):
    if not permissions.is_clerk(request.user):
        raise PermissionDenied
    review = access.get_review_to_read(request.user, slug)
    reason = review.why_not_openable()
    if reason:
        return render(
            request,
            "actionplans/open_round.html",
            {"review": review, "reason": reason, "open_now": review.round_open_now(), "nav": "reviews"},
            status=409 if request.method == "POST" else 200,
        )
    form = OpenRoundForm(request.POST if request.method == "POST" else None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                round = review.open_round(
                    period=form.period(),
                    deadline=form.cleaned_data["deadline"],
                    meeting_date=form.cleaned_data["meeting_date"],
                    by=request.user,
                )
        except ValidationError as error:
            add_model_errors(form, error, renamed={"period": "month"})
        else:
            count = round.entries.count()
            updates = "1 update" if count == 1 else f"{count} updates"
            messages.success(request, f"The {round.label} round is open with {updates} for officers to write.")
            workflow.warn_if_deadline_passed(
                request, round, then=" and reminders will say so. Change the dates in the admin if that was a mistake."
            )
            return redirect("round_detail", pk=round.pk)
    return render(
        request,
        "actionplans/open_round.html",
        {"review": review, "form": form, "undecided": undecided_at_last_round(review), "nav": "reviews"},
    )


def undecided_at_last_round(review) -> tuple[Round, int] | None:
    """The review's last published round and how many of the actions it
    carried have no published decision of the committee (the next round
    carries them all), or None when there is none or nothing awaits."""
    last = review.rounds.filter(status=Round.Status.PUBLISHED).order_by("-period").first()
    if last is None:
        return None
    count = last.standings.awaiting_decision().count()
    return (last, count) if count else None


@login_required
def round_detail(request, pk):
    """The clerk's view of a round: every action's status and owner, and
    when each person was last reminded; for a published round, each
    action's grade as its stored standing has it (what every view of the
    round reads: a correction's rewrite included)."""
    round = access.get_round_to_run(request.user, pk)
    entries = list(
        _with_owners(round.entries.all())
        .select_related("action__recommendation", "action__sub_action")
        .in_document_order()
    )
    stood = dict(round.standings.values_list("action", "grade"))
    levels = scale_levels(stood.values())
    for entry in entries:
        # Carried: the grade stored (None: no update received). A round
        # that did not carry the action has its update as it is.
        entry.published_grade = levels.get(stood[entry.action_id]) if entry.action_id in stood else entry.grade_level
    reminded = round.last_reminded()
    escalated = Escalation.objects.of_round(round)
    for entry in entries:
        for link in entry.responsibilities.all():
            link.last_reminded = reminded.get(link.owner.user_id)
            link.escalation = escalated.get((entry.pk, link.owner_id))
    published_versions = round.published_versions()
    public_versions = round.published_versions(public=True)
    return render(
        request,
        "actionplans/round_detail.html",
        {
            "round": round,
            "entries": entries,
            "counts": round.status_counts(entries),
            "statuses": ProgressEntry.Status,
            "to_chase": len(round.entries_to_chase(entries)),
            # While it is open: any e-mail (a reminder among them) the mail server would not take.
            "undelivered": Notification.objects.not_delivered().count() if round.is_open else 0,
            "why_not_deletable": round.why_not_deletable(entries),
            "why_not_openable": round.review.why_not_openable(),
            "published_versions": published_versions,
            "public_versions": public_versions,
            # The evidence files each version keeps, by version (read once).
            "published_files": round.published_files.by_version(),
            "record_pending": any(
                document.is_pending for _, documents in published_versions + public_versions for document in documents
            ),
            "decided_on": _decided_on(round),
            "to_watch": _to_watch(round.review) if round.is_open else [],
            "no_update_received": grading.NO_UPDATE_RECEIVED,
            "nav": "reviews",
        },
    )


def _to_watch(review) -> list:
    """The review's open recommendations to chase with the round: past
    their target, due within the council's days of it (before the date
    passes), or long open, each with its Clock; priorities first."""
    today = timezone.localdate()
    clocks = [(rec, Clock.of(rec, today)) for rec in review.recommendations.with_clock()]
    watched = [(rec, clock) for rec, clock in clocks if clock.overdue or clock.due_soon or clock.long_open]
    return sorted(watched, key=lambda pair: (not _has_priority(pair[0]), pair[0].number))


def _has_priority(recommendation) -> bool:
    return hasattr(recommendation, "priority")


@login_required
def send_round_reminders(request, pk):
    """GET shows exactly the e-mails that would go; POST sends them."""
    round = access.get_round_to_run(request.user, pk)
    if not round.is_open:
        messages.error(request, "Reminders are only sent for an open round.")
        return redirect("round_detail", pk=round.pk)
    base_url = settings.SCRUTINY_BASE_URL or request.build_absolute_uri("/")
    form = ReminderNoteForm(request.POST if request.method == "POST" else None)
    # "Show the e-mails with this note" posts too: it sends nothing.
    if request.method != "POST" or "preview" in request.POST or not form.is_valid():
        note = form.cleaned_data["note"] if form.is_bound and form.is_valid() else ""
        reminders = round.reminder_messages(base_url=base_url, note=note, by=request.user)
        return render(
            request,
            "actionplans/send_reminders.html",
            {
                "round": round,
                "form": form,
                "reminders": reminders,
                # An e-mail each update where officers may answer by replying.
                "people": len({reminder.user.pk for reminder in reminders}),
                # As the round's page counts them: an update of several owners reminds each.
                "updates": len(round.entries_to_chase()),
                "reminded_today": round.reminded_today(),
                "by_hand": round.owners_to_chase_by_hand(),
                "escalations": escalation_lines(round),
                "escalation_days": escalation_days(),
                "nav": "reviews",
            },
        )
    sent = round.send_reminders(base_url=base_url, by=request.user, note=form.cleaned_data["note"])
    if sent:
        messages.success(request, f"Reminders were sent to {sent} {'person' if sent == 1 else 'people'}.")
    elif round.reminded_today():
        messages.info(request, "Nobody was e-mailed: everyone with an e-mail address was reminded today already.")
    else:
        messages.info(
            request,
            "Nobody was e-mailed: the updates not yet submitted belong to people or groups without an e-mail "
            "address. Chase them by hand.",
        )
    return redirect("round_detail", pk=round.pk)


@login_required
def publish_round(request, pk):
    round = access.get_round_to_run(request.user, pk)
    if not round.is_open:
        messages.error(request, "This round is already published.")
        return redirect("round_detail", pk=round.pk)
    missing = list(
        _with_owners(round.entries.not_received())
        .select_related("action__recommendation", "action__sub_action")
        .in_document_order()
    )
    form = PublishForm(request.POST if request.method == "POST" else None, missing=missing)
    if request.method == "POST" and form.is_valid():
        try:
            round.publish(by=request.user, **form.agenda_options())
        except ValidationError as error:  # published meanwhile, or the council lacks its wording
            messages.error(request, " ".join(error.messages))
            return redirect("round_detail", pk=round.pk)
        messages.success(
            request,
            f"The {round.label} round is published: committee members can now see it, and it is no longer a draft. "
            "Its document is being prepared in every format to keep as published: this page shows each file as "
            "it is ready, within a minute.",
        )
        return redirect("round_detail", pk=round.pk)
    return render(
        request,
        "actionplans/publish_round.html",
        {"round": round, "form": form, "missing": missing, **_before_deadline(round, missing)},
    )


def _before_deadline(round, missing) -> dict:
    """Publishing before the officers' deadline: how many days are left
    (`days_left`, 0 on the day itself) and the owners of the updates still
    being written (`still_writing`, by name), for the clerk to publish
    knowingly. Nothing once the deadline has passed."""
    days_left = (round.deadline - timezone.localdate()).days
    if days_left < 0:
        return {}
    names = []
    for entry in missing:
        if entry.status in ProgressEntry.WAITING_FOR_OFFICERS:
            for link in entry.responsibilities.all():
                if link.owner.name not in names:
                    names.append(link.owner.name)
    return {"days_left": days_left, "still_writing": sorted(names, key=str.casefold), "before_deadline": True}


@login_required
@require_POST
def reopen_round(request, pk):
    round = access.get_round_to_run(request.user, pk)
    try:
        round.reopen(by=request.user)
    except ValidationError as error:
        messages.error(request, f"The round was not reopened. {' '.join(error.messages)}")
    else:
        messages.success(request, f"The {round.label} round is open again.")
    return redirect("round_detail", pk=round.pk)


@login_required
def delete_round(request, pk):
    round = access.get_round_to_run(request.user, pk)
    reason = round.why_not_deletable()
    if request.method == "POST" and not reason:
        review = round.review
        try:
            round.remove(by=request.user)
        except ValidationError as error:  # an officer started an update meanwhile
            return render(
                request,
                "actionplans/delete_round.html",
                {"round": round, "reason": " ".join(error.messages)},
                status=409,
            )
        messages.success(request, f"The {round.label} round was deleted.")
        return redirect("review_detail", slug=review.slug)
    status = 409 if reason and request.method == "POST" else 200
    return render(request, "actionplans/delete_round.html", {"round": round, "reason": reason}, status=status)


@login_required
def correct_entry(request, pk):
    entry = access.get_entry_to_correct(request.user, pk)
    # The form works on its own copy: a refused form must not change `entry`.
    form = CorrectionForm(
        request.POST if request.method == "POST" else None, instance=ProgressEntry.objects.get(pk=entry.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry.correct(by=request.user, **form.correction())
        except EditConflict as conflict:
            # Their correction stands; the form shows it, with our reason kept.
            who = conflict.changed_by.get_full_name() if conflict.changed_by else "Someone else"
            when = f" on {conflict.changed_at:%-d %B %Y at %H:%M}" if conflict.changed_at else ""
            fresh = CorrectionForm(instance=conflict.current, initial={"reason": form.cleaned_data["reason"]})
            context = {
                "entry": entry,
                "form": fresh,
                "conflict": f"{who} changed this entry{when}, after you opened it. Your correction was not saved. "
                "The entry as it is now is shown below: make your correction again if it is still needed.",
            }
            return render(request, "actionplans/correct_entry.html", context, status=409)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
            return render(request, "actionplans/correct_entry.html", {"entry": entry, "form": form})
        messages.success(request, f"The published entry for {entry.action.full_name} was corrected.")
        return redirect("action_history", pk=entry.action_id)
    return render(request, "actionplans/correct_entry.html", {"entry": entry, "form": form})


@login_required
def reassign_action(request, pk):
    action = access.get_action_to_reassign(request.user, pk)
    current = [link.owner for link in action.responsibilities.select_related("owner")]
    form = ReassignForm(request.POST if request.method == "POST" else None, initial={"owners": current})
    if request.method == "POST" and form.is_valid():
        ordered = keep_named_order(current, form.cleaned_data["owners"])
        with transaction.atomic():
            action.reassign(ordered, by=request.user)
        names = ", ".join(o.name for o in ordered)
        messages.success(request, f"{action.full_name} is now the responsibility of {names}.")
        return redirect("action_history", pk=action.pk)
    return render(request, "actionplans/reassign_action.html", {"action": action, "form": form, "current": current})


@login_required
def action_history_view(request, pk):
    action = access.get_action_to_reassign(request.user, pk)
    return render(request, "actionplans/action_history.html", {"action": action, "changes": action_history(action)})


def _decided_on(round):
    """The meeting that took the committee's decisions (as recorded), not
    the round's planned one; None where they are read from imported papers,
    which record no meeting."""
    meetings = list(round.decisions.values_list("meeting_date", flat=True)[:1])
    return meetings[0] if meetings else round.meeting_date
