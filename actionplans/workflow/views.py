"""The update workflow's pages, written once for every kind of update
(workflow.Update): the writer's form with its draft, submit and conflict
page; withdrawing a submitted update; the checker's approve-or-return with
its conflict page and "approve and go to the next". monitoring/views.py (a
round's progress entries) and partnership/views.py (a quarter's partnership
updates) call these with what is their own: the form, the template, the
words and where to go next."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from actionplans import permissions
from actionplans.fields import add_model_errors
from actionplans.models import EditConflict


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


def write_update(
    request, update, *, as_name, form_class, template, context, save, saved_message, done, form_kwargs=None
):
    """The writer's form for `update`: shown read-only once it is not theirs
    to change; on POST, `save(form, submitting)` calls the model's verb. A
    conflict shows their version in the form, with what the writer typed
    below it to copy (409); the verb's own rules go by their fields, the
    typed text kept. The template reads the update as `as_name`. A draft
    saved comes back to the form; a submitted update goes on to `done`."""
    form_kwargs = form_kwargs or {}
    if not update.is_open_to_officers:
        return render(request, template, {**context, "form": None})
    submitting = "submit" in request.POST
    form = form_class(
        request.POST if request.method == "POST" else None, instance=update, submitting=submitting, **form_kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(form, submitting)
        except EditConflict as conflict:
            # Their change stands; ours is shown back for copying.
            current = conflict.current
            return render(
                request,
                template,
                {
                    **context,
                    as_name: current,
                    "last_saved": current.last_saved(),
                    "form": form_class(instance=current, **form_kwargs),
                    "conflict": conflict,
                    "typed": form.typed(),
                },
                status=409,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # The verb's own rules: by the field, typed text kept.
                add_model_errors(form, error)
                return render(request, template, {**context, "form": form})
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(request, saved_message(submitting))
        # A draft saved stays on the update, to go on with it; a submitted one is done.
        return redirect(done if submitting else request.path)
    return render(request, template, {**context, "form": form})


def withdraw_update(request, update, *, name: str, back: str):
    """The writer takes back a submitted update to change it."""
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
    return redirect(back)


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


def check_update(request, update, *, make_form, page, refetch, approve, name, writer, period, done, next_url):
    """The checker approves `update` or returns it with a comment.

    make_form(update, data=None) builds the decision form; page(update,
    form, reason=, status=, **extra) renders the page; refetch() reads the
    update again as the page shows it; approve(form) calls the model's
    approve verb and returns the message to show. Segregation of duties
    (permissions.APPROVE_UPDATE) refuses the decision with 403."""
    user = request.user
    reason = permissions.why_not(user, permissions.APPROVE_UPDATE, update)
    if request.method == "POST" and reason:
        return page(update, make_form(update), reason=reason, status=403)
    form = make_form(update, request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return page(update, form, reason=reason, status=200)
    data = form.cleaned_data
    try:
        if data["decision"] == "approve":
            message = approve(form)
        else:
            update.return_to_officer(by=user, version=data["version"], comment=data["comment"])
            message = f"The update on {name} was returned to the {writer}."
    except EditConflict as conflict:
        # Nothing was decided: show what moved on, and the update as it is now.
        now = conflict.current
        seen = now.history.filter(history_id=data.get("seen")).first()
        changes = now.changes_since(seen, fields=now.fields_shown_to_link_officer(seen)) if seen else []
        current = refetch()
        return page(
            current,
            make_form(current),
            reason=permissions.why_not(user, permissions.APPROVE_UPDATE, current),
            conflict=conflict,
            changes=changes,
            status=409,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
            add_model_errors(form, error)
            return page(update, form, reason=reason, status=200)
        messages.error(request, " ".join(error.messages))
        return redirect(done)
    messages.success(request, message)
    if data["decision"] == "approve" and "and_next" in request.POST:
        following = update.next_to_approve(user)
        if following:
            return redirect(next_url, pk=following.pk)
        messages.info(request, f"There is no other update of this {period} for you to check.")
    return redirect(done)


def approve_each(request, decisions, *, approve, name, done):
    """The checker approves several updates together: `decisions` pairs each
    update with its valid decision form, holding the version the page showed,
    and approve(update, form) calls the model's verb. Each approval stands or
    falls alone, so an update changed since it was read is left out and
    named, and the others go through; then back to `done`."""
    approved, left_out = 0, []
    for update, form in decisions:
        try:
            approve(update, form)
        except EditConflict:
            left_out.append(f"The update on {name(update)} was not approved: changed since you read it.")
        except ValidationError as error:
            left_out.append(f"The update on {name(update)} was not approved. {' '.join(error.messages)}")
        else:
            approved += 1
    if approved:
        messages.success(request, f"{approved} {'update was' if approved == 1 else 'updates were'} approved.")
    for message in left_out:
        messages.error(request, f"{message} Check it again below.")
    return redirect(done)
