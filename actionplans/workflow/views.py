"""The update workflow's pages, written once for every kind of update
(workflow.Update): the writer's form with its draft, submit and conflict
page; withdrawing a submitted update; the checker's approve-or-return with
its conflict page and "approve and go to the next". monitoring/views.py (a
round's progress entries) and partnership/views.py (a quarter's partnership
updates) declare what is their own once, as an UpdateKind (the forms, the
templates, the fetch, the verbs, the words and where to go next), and hand
it to these."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from actionplans import permissions
from actionplans.fields import add_model_errors
from actionplans.models import EditConflict


def save_update(request, update, form, submitting: bool, context: dict) -> None:
    """The writer's verb with what the form holds: saved as a draft, or
    submitted (an UpdateKind's `save`, unless it needs more)."""
    update.save_update(by=request.user, version=form.cleaned_data["version"], submit=submitting, **form.update_fields())


def approve_update(user, update, form) -> None:
    """The checker's approving verb, at the version the page showed (an
    UpdateKind's `approve`, unless it needs more)."""
    update.approve(by=user, version=form.cleaned_data["version"])


def approved_message(update, form) -> str:
    """What the checker is told of an update they approved on its page (an
    UpdateKind's `approved`, unless it says more)."""
    return f"The update on {update.action.full_name} was approved."


@dataclass(frozen=True)
class UpdateKind:
    """One kind of update (a round's progress entry, a quarter's partnership
    update) as the shared pages write and check it, declared once beside its
    views. Its functions are the kind's own steps, given what they work on;
    none is made anew for a request."""

    # The writer's page: its form (a WorkflowUpdateForm) and template, which
    # reads the update as `as_name`; a submitted update goes on to `written`.
    form: type
    template: str
    as_name: str
    write_page: str  # the URL name of the writer's page
    written: str
    # What the writer is told: format strings over {update} and {files} (the
    # files kept with the form, where the kind keeps any: context "kept").
    submitted: str
    saved: str
    # The checker's page: decision_form(data, update=) builds the decision
    # form; check_context(user, update, form) what the template shows of the
    # kind's own; fetch_to_check(user, pk) reads the update again after a
    # conflict, as the page reads it. A decision goes on to `checked`.
    decision_form: Callable
    check_template: str
    check_context: Callable[..., dict]
    fetch_to_check: Callable
    check_page: str  # the URL name of the checker's page ("approve and go to the next")
    checked: str
    # The words: who writes it ("officer") and what it is of ("round").
    writer: str
    period: str
    # The verbs, save(request, update, form, submitting, context) and
    # approve(user, update, form), and approved(update, form), what the
    # checker is told of an update approved on its page.
    save: Callable[..., None] = save_update
    approve: Callable[..., None] = approve_update
    approved: Callable[..., str] = approved_message


def warn_if_deadline_passed(request, period, *, then: str) -> None:
    """After opening a round or a quarter (`period`) whose deadline has
    already passed: say so, and `then` what to do if that was a mistake."""
    if period.is_past_deadline:
        messages.warning(
            request,
            f"The deadline, {period.deadline:%-d %B %Y}, has already passed: the updates show as overdue{then}",
        )


def version_from(value) -> int:
    """A number from a hidden field; anything else counts as out of date."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def write_update(request, update, kind: UpdateKind, *, context: dict, form_kwargs=None, comment=None):
    """The writer's form for `update`: shown read-only once it is not theirs
    to change; on POST, kind.save calls the model's verb. A conflict shows
    their version in the form, with what the writer typed below it to copy
    (409); the verb's own rules go by their fields, the typed text kept. A
    draft saved comes back to the form; a submitted update goes on to
    kind.written.

    `comment`: a bound CommentForm, when the writer wrote in the
    conversation's box, which is part of the update's form so that nothing
    typed in either is lost. The comment is added with the update saved,
    together or not at all; "Add the comment" saves the update as a draft
    only if they changed it."""
    form_kwargs = form_kwargs or {}
    if not update.is_open_to_officers:
        return render(request, kind.template, {**context, "form": None})
    submitting = "submit" in request.POST
    form = kind.form(
        request.POST if request.method == "POST" else None, instance=update, submitting=submitting, **form_kwargs
    )
    if comment is not None:
        context = {**context, "comment_form": comment}
    if request.method != "POST" or not form.is_valid() or not (comment is None or comment.is_valid()):
        return render(request, kind.template, {**context, "form": form})
    saving = comment is None or "comment" not in request.POST or form.changes_the_update()
    try:
        with transaction.atomic():
            if saving:
                kind.save(request, update, form, submitting, context)
            if comment is not None:
                update.add_comment(by=request.user, text=comment.cleaned_data["text"])
    except EditConflict as conflict:
        return _conflict_page(request, update, kind, form, conflict, context=context, form_kwargs=form_kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            # The verb's own rules: by the field, typed text kept.
            add_model_errors(form, error)
            return render(request, kind.template, {**context, "form": form})
        messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    said = [_saved_message(kind, update, submitting, context)] if saving else []
    if comment is not None:
        said.insert(0, "Your comment was added, and the others in the conversation are told.")
    messages.success(request, " ".join(said))
    # A draft saved stays on the update, to go on with it; a submitted one is done.
    if submitting:
        return redirect(kind.written)
    return redirect(f"{request.path}#conversation" if comment is not None else request.path)


def _conflict_page(request, update, kind: UpdateKind, form, conflict, *, context: dict, form_kwargs: dict):
    """Someone else saved first: their change stands, and ours is shown
    back below it for copying (409)."""
    current = conflict.current
    return render(
        request,
        kind.template,
        {
            **context,
            kind.as_name: current,
            "last_saved": current.last_saved(),
            "form": kind.form(instance=current, **form_kwargs),
            "conflict": conflict,
            "typed": form.typed(),
        },
        status=409,
    )


def _saved_message(kind: UpdateKind, update, submitting: bool, context: dict) -> str:
    count = len(context.get("kept", ()))
    files = f" with {count} file{pluralize(count)}" if count else ""
    return (kind.submitted if submitting else kind.saved).format(update=update, files=files)


def withdraw_update(request, update, kind: UpdateKind):
    """The writer takes back a submitted update to change it, and is back
    on its page."""
    name = update.action.full_name
    try:
        update.withdraw(by=request.user, version=version_from(request.POST.get("version")))
    except EditConflict:
        messages.error(request, "The update was not withdrawn: it changed since you opened it. It is shown below.")
    except ValidationError as error:
        messages.error(request, f"The update was not withdrawn. {' '.join(error.messages)}")
    else:
        messages.success(
            request, f"Your update on {name} was withdrawn: it is a draft again. Submit it when it is ready."
        )
    return redirect(reverse(kind.write_page, args=[update.pk]))


def check_context(update) -> dict:
    """What the checker's page shows besides the update: who submitted it,
    and, for one submitted again after a return, the return and what the
    writer changed since."""
    returned = update.last_return() if update.status == update.Status.SUBMITTED else None
    submitter_pk = update.submitter_pk()
    return {
        "submitter": get_user_model().objects.filter(pk=submitter_pk).first() if submitter_pk else None,
        "returned": returned,
        "since_returned": update.changes_since(returned, fields=update.CONTENT_FIELDS) if returned else [],
    }


def check_update(request, update, kind: UpdateKind):
    """The checker approves `update` (kind.approve, then kind.approved
    tells them) or returns it with a comment. Segregation of duties (permissions.APPROVE_UPDATE) refuses the
    decision with 403."""
    user = request.user
    name = update.action.full_name
    reason = permissions.why_not(user, permissions.APPROVE_UPDATE, update)
    if request.method == "POST" and reason:
        return _check_page(request, kind, update, kind.decision_form(None, update=update), reason=reason, status=403)
    form = kind.decision_form(request.POST if request.method == "POST" else None, update=update)
    if request.method != "POST" or not form.is_valid():
        return _check_page(request, kind, update, form, reason=reason, status=200)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            kind.approve(user, update, form)
            message = kind.approved(update, form)
        else:
            update.return_to_officer(by=user, version=data["version"], comment=data["comment"])
            message = f"The update on {name} was returned to the {kind.writer}."
    except EditConflict as conflict:
        # Nothing was decided: show what moved on, and the update as it is now.
        now = conflict.current
        seen = now.history.filter(history_id=data.get("seen")).first()
        changes = now.changes_since(seen, fields=now.fields_shown_to_link_officer(seen)) if seen else []
        current = kind.fetch_to_check(user, update.pk)
        return _check_page(
            request,
            kind,
            current,
            kind.decision_form(None, update=current),
            reason=permissions.why_not(user, permissions.APPROVE_UPDATE, current),
            conflict=conflict,
            changes=changes,
            status=409,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
            add_model_errors(form, error)
            return _check_page(request, kind, update, form, reason=reason, status=200)
        messages.error(request, " ".join(error.messages))
        return redirect(kind.checked)
    messages.success(request, message)
    if data["decision"] == "approve" and "and_next" in request.POST:
        following = update.next_to_approve(user)
        if following:
            return redirect(kind.check_page, pk=following.pk)
        messages.info(request, f"There is no other update of this {kind.period} for you to check.")
    return redirect(kind.checked)


def _check_page(request, kind: UpdateKind, update, form, *, reason, status, **extra):
    """The checker's page: the kind's own (kind.check_context), the decision
    form, why it may not be theirs to decide, who submitted it and what
    changed since a return (check_context), and after a conflict what moved
    on (`extra`)."""
    return render(
        request,
        kind.check_template,
        {
            **kind.check_context(request.user, update, form),
            "form": form,
            "reason": reason,
            **check_context(update),
            **extra,
        },
        status=status,
    )


def approve_each(request, decisions, kind: UpdateKind):
    """The checker approves several updates together: `decisions` pairs each
    update with its valid decision form, holding the version the page showed,
    and kind.approve calls the model's verb. Each approval stands or falls
    alone, so an update changed since it was read is left out and named, and
    the others go through; then back to kind.checked."""
    approved, left_out = 0, []
    for update, form in decisions:
        try:
            kind.approve(request.user, update, form)
        except EditConflict:
            left_out.append(f"The update on {update.action.full_name} was not approved: changed since you read it.")
        except ValidationError as error:
            left_out.append(f"The update on {update.action.full_name} was not approved. {' '.join(error.messages)}")
        else:
            approved += 1
    if approved:
        messages.success(request, f"{approved} {'update was' if approved == 1 else 'updates were'} approved.")
    for message in left_out:
        messages.error(request, f"{message} Check it again below.")
    return redirect(kind.checked)
