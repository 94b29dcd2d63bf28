"""The conversation on an update: its own page (the thread and the form),
which the officer's update page and the checker's page also post to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans import access, permissions
from actionplans.comments.forms import CommentForm
from actionplans.fields import add_model_errors


def thread_context(user, entry, *, back: str) -> dict:
    """What a page showing `entry`'s conversation adds to its context: the
    comments, and the form (posting back to `back`: "update" or "approve")
    while `user` may write in it."""
    reason = permissions.why_not(user, permissions.COMMENT_ON_UPDATE, entry)
    return {
        "comments": entry.thread(),
        "comment_form": None if reason else CommentForm(initial={"back": back}),
        "comment_reason": reason if entry.round.is_published else "",
    }


def _back_link(user, entry) -> tuple[str, str]:
    """Where the page leads back to, and its words: the update's page for
    its officer; the checker's page once it is submitted, the list of
    updates before; else the review."""
    if permissions.may(user, permissions.WRITE_UPDATE, entry):
        return reverse("update_entry", args=[entry.pk]), "Back to your update"
    if entry.round.is_open and entry.status == entry.Status.SUBMITTED:
        return reverse("approve_entry", args=[entry.pk]), "Back to the update to approve"
    if entry.round.is_open:
        return f"{reverse('approvals')}#being-written", "Back to the updates being written"
    return reverse("review_detail", args=[entry.round.review.slug]), "Back to the review"


@login_required
def update_comments(request, pk):
    """GET: the thread, with the form while the round is open. POST: add a
    comment, then back to the page it came from; an empty one is shown
    here with the message by the field."""
    entry = access.get_entry_to_discuss(request.user, pk)
    reason = permissions.why_not(request.user, permissions.COMMENT_ON_UPDATE, entry)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permissions.require(request.user, permissions.COMMENT_ON_UPDATE, entry)
        if form.is_valid():
            try:
                entry.add_comment(by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(request, "Your comment was added. The others in the conversation are told.")
                return redirect(form.back_to(), pk=entry.pk)
    return render(
        request,
        "actionplans/comments/update_comments.html",
        {
            "entry": entry,
            "comments": entry.thread(),
            "form": None if reason else form,
            "reason": reason,
            "back": _back_link(request.user, entry),
            # The update as it stands, for those who follow it but do not write it.
            "as_it_stands": not permissions.may(request.user, permissions.WRITE_UPDATE, entry),
        },
    )
