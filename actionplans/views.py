"""The six-monthly cycle: officers write, link officers approve, clerks open,
chase and publish. Views fetch through actionplans.access, call a model verb
and redirect; the rules live on the models."""

import datetime
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from actionplans import access
from actionplans.forms import ApprovalForm, CorrectionForm, OpenRoundForm, PublishForm, ReassignForm, UpdateForm
from actionplans.history import action_history
from actionplans.models import EditConflict, EntryResponsibility, ProgressEntry


def _with_owners(entries):
    return entries.prefetch_related(
        Prefetch("responsibilities", queryset=EntryResponsibility.objects.select_related("owner__user"))
    )


@login_required
def my_updates(request):
    """Every update waiting for the signed-in officer, across reviews."""
    if not request.user.has_perm("actionplans.change_progressentry"):
        raise PermissionDenied
    entries = list(_with_owners(access.entries_for_officer(request.user)))
    by_round = {}
    for entry in entries:
        by_round.setdefault(entry.round, []).append(entry)
    return render(
        request,
        "actionplans/my_updates.html",
        {"by_round": by_round, "today": datetime.date.today(), "nav": "my_updates"},
    )


@login_required
def update_entry(request, pk):
    entry = access.get_entry_for_officer(request.user, pk)
    previous = entry.earlier_entries()
    previous_grade = next((e.grade for e in reversed(previous) if e.grade), None)
    context = {"entry": entry, "previous": previous, "nav": "my_updates"}
    if not entry.is_open_to_officers:
        return render(request, "actionplans/update_entry.html", {**context, "form": None})

    submitting = "submit" in request.POST
    form = UpdateForm(
        request.POST if request.method == "POST" else None,
        instance=entry,
        submitting=submitting,
        previous_grade=previous_grade,
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry.save_update(
                by=request.user, version=form.cleaned_data["version"], submit=submitting, **form.update_fields()
            )
        except EditConflict as conflict:
            # Their change stands; ours is shown back for copying.
            typed = [
                (UpdateForm.Meta.labels[name], request.POST.get(name, ""))
                for name in ("evidence_of_progress", "grade_explanation", "evidence_of_impact")
            ]
            fresh = UpdateForm(instance=conflict.current, previous_grade=previous_grade)
            return render(
                request,
                "actionplans/update_entry.html",
                {**context, "entry": conflict.current, "form": fresh, "conflict": conflict, "typed": typed},
                status=409,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("update_entry", pk=entry.pk)
        if submitting:
            messages.success(request, f"Your update on {entry.action.reference} was submitted to the link officer.")
        else:
            messages.success(request, f"Your draft update on {entry.action.reference} was saved.")
        return redirect("my_updates")
    return render(request, "actionplans/update_entry.html", {**context, "form": form})


@login_required
def approvals(request):
    """Submitted updates for the link officer's reviews (a clerk's: all)."""
    if not (access.is_clerk(request.user) or access.is_link_officer(request.user)):
        raise PermissionDenied
    entries = list(
        _with_owners(access.entries_for_approver(request.user)).order_by(
            "round__review__title", "action__recommendation__number", "pk"
        )
    )
    submitted = [e for e in entries if e.status == ProgressEntry.Status.SUBMITTED]
    return render(
        request,
        "actionplans/approvals.html",
        {"submitted": submitted, "counts": Counter(e.status for e in entries), "nav": "approvals"},
    )


@login_required
def approve_entry(request, pk):
    entry = access.get_entry_for_approver(request.user, pk)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                entry.approve(by=request.user)
                messages.success(request, f"The update on {entry.action.reference} was approved.")
            else:
                entry.return_to_officer(by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, f"The update on {entry.action.reference} was returned to the officer.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("approvals")
    previous = entry.earlier_entries()
    return render(
        request,
        "actionplans/approve_entry.html",
        {"entry": entry, "previous": previous, "form": form, "nav": "approvals"},
    )


@login_required
def open_round(request, slug):
    if not access.is_clerk(request.user):
        raise PermissionDenied
    review = access.get_review_for_user(request.user, slug)
    form = OpenRoundForm(request.POST if request.method == "POST" else None)
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
            problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, errors in problems.items():
                target = "month" if field == "period" else field if field in form.fields else None
                for message in errors:
                    form.add_error(target, message)
        else:
            count = round.entries.count()
            updates = "1 update" if count == 1 else f"{count} updates"
            messages.success(request, f"The {round.label} round is open with {updates} for officers to write.")
            return redirect("round_detail", pk=round.pk)
    return render(request, "actionplans/open_round.html", {"review": review, "form": form, "nav": "reviews"})


@login_required
def round_detail(request, pk):
    """The clerk's view of a round: every action's status and owner."""
    round = access.get_round_for_clerk(request.user, pk)
    entries = list(
        _with_owners(round.entries.all())
        .select_related("action__recommendation", "action__sub_action")
        .in_document_order()
    )
    return render(
        request,
        "actionplans/round_detail.html",
        {
            "round": round,
            "entries": entries,
            "counts": round.status_counts(entries),
            "statuses": ProgressEntry.Status,
            "to_chase": len(round.entries_to_chase(entries)),
            "why_not_deletable": round.why_not_deletable(entries),
            "nav": "reviews",
        },
    )


@login_required
@require_POST
def send_round_reminders(request, pk):
    round = access.get_round_for_clerk(request.user, pk)
    if not round.is_open:
        messages.error(request, "Reminders are only sent for an open round.")
        return redirect("round_detail", pk=round.pk)
    sent = round.send_reminders(base_url=request.build_absolute_uri("/"))
    if sent:
        messages.success(request, f"Reminders were sent to {sent} {'person' if sent == 1 else 'people'}.")
    else:
        messages.info(
            request,
            "Nobody was e-mailed: the updates not yet submitted belong to people or groups without an e-mail "
            "address. Chase them by hand.",
        )
    return redirect("round_detail", pk=round.pk)


@login_required
def publish_round(request, pk):
    round = access.get_round_for_clerk(request.user, pk)
    if not round.is_open:
        messages.error(request, "This round is already published.")
        return redirect("round_detail", pk=round.pk)
    missing = list(
        _with_owners(ProgressEntry.objects.filter(pk__in=[e.pk for e in round.missing_entries()])).select_related(
            "action__recommendation", "action__sub_action"
        )
    )
    form = PublishForm(request.POST if request.method == "POST" else None, missing=missing)
    if request.method == "POST" and form.is_valid():
        round.publish(by=request.user)
        messages.success(
            request,
            f"The {round.label} round is published: committee members can now see it, and it is no longer a draft.",
        )
        return redirect("round_detail", pk=round.pk)
    return render(request, "actionplans/publish_round.html", {"round": round, "form": form, "missing": missing})


@login_required
@require_POST
def reopen_round(request, pk):
    round = access.get_round_for_clerk(request.user, pk)
    try:
        round.reopen(by=request.user)
    except ValidationError as error:
        messages.error(request, f"The round was not reopened. {' '.join(error.messages)}")
    else:
        messages.success(request, f"The {round.label} round is open again.")
    return redirect("round_detail", pk=round.pk)


@login_required
def delete_round(request, pk):
    round = access.get_round_for_clerk(request.user, pk)
    reason = round.why_not_deletable()
    if request.method == "POST" and not reason:
        review = round.review
        with transaction.atomic():
            round._history_user = request.user
            round.delete()
        messages.success(request, f"The {round.label} round was deleted.")
        return redirect("review_detail", slug=review.slug)
    status = 409 if reason and request.method == "POST" else 200
    return render(request, "actionplans/delete_round.html", {"round": round, "reason": reason}, status=status)


@login_required
def correct_entry(request, pk):
    entry = access.get_published_entry_for_clerk(request.user, pk)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None, instance=ProgressEntry.objects.get(pk=entry.pk)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CorrectionForm.Meta.fields}
        entry.correct(by=request.user, reason=form.cleaned_data["reason"], **fields)
        messages.success(request, f"The published entry for {entry.action.reference} was corrected.")
        return redirect("action_history", pk=entry.action_id)
    return render(request, "actionplans/correct_entry.html", {"entry": entry, "form": form})


@login_required
def reassign_action(request, pk):
    action = access.get_action_for_clerk(request.user, pk)
    current = [link.owner for link in action.responsibilities.select_related("owner")]
    form = ReassignForm(request.POST if request.method == "POST" else None, initial={"owners": current})
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["owners"])
        # Keep the present owners' order, then the new ones.
        ordered = [o for o in current if o in chosen] + [o for o in chosen if o not in current]
        with transaction.atomic():
            action.reassign(ordered, by=request.user)
        names = ", ".join(o.name for o in ordered)
        messages.success(request, f"{action.reference} is now the responsibility of {names}.")
        return redirect("action_history", pk=action.pk)
    return render(request, "actionplans/reassign_action.html", {"action": action, "form": form, "current": current})


@login_required
def action_history_view(request, pk):
    action = access.get_action_for_clerk(request.user, pk)
    return render(request, "actionplans/action_history.html", {"action": action, "changes": action_history(action)})
