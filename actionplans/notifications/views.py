"""Each person's e-mail notifications: how often they hear of each kind,
and following a review or an action. Every write is a verb of
actionplans/models/notifications.py, by the person themselves."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actionplans import access, permissions
from actionplans.models import EmailedReply, Follow, Notification, NotificationPreference
from actionplans.notifications.forms import NotificationChoicesForm


@login_required
def notification_preferences(request):
    user = request.user
    form = NotificationChoicesForm(request.POST or None, initial=NotificationPreference.objects.frequencies_for(user))
    if request.method == "POST" and form.is_valid():
        NotificationPreference.objects.choose(user, form.cleaned_data, by=user)
        messages.success(request, "Your choices of e-mail are saved.")
        return redirect("notification_preferences")
    follows = Follow.objects.filter(user=user).select_related(
        "review", "action__recommendation__review", "action__sub_action"
    )
    return render(
        request,
        "actionplans/notification_preferences.html",
        {
            "form": form,
            "notifications_on": settings.SCRUTINY_NOTIFICATIONS,
            "followed_reviews": [follow.review for follow in follows if follow.review_id],
            "followed_actions": [follow.action for follow in follows if follow.action_id],
        },
    )


def _follow(request, target, name: str, page: str):
    if request.POST.get("follow") == "no":
        Follow.objects.unfollow(request.user, target, by=request.user)
        messages.success(request, f"You no longer follow {name}.")
    else:
        Follow.objects.follow(request.user, target, by=request.user)
        messages.success(request, f"You follow {name}: you will be e-mailed when it changes.")
    return redirect(page)


@login_required
@require_POST
def follow_review(request, slug):
    review = access.get_review_to_read(request.user, slug)
    return _follow(request, review, f"the {review.title} review", review.get_absolute_url())


@login_required
@require_POST
def follow_action(request, pk):
    action = access.get_action_to_read(request.user, pk)
    name = f"{action.name_in_sentence} of the {action.recommendation.review.title} review"
    return _follow(request, action, name, reverse("action_story", args=[action.pk]))


# The most e-mails the list of those not delivered shows at once, newest first.
UNDELIVERED_SHOWN = 200


@login_required
def undelivered_mail(request):
    """The e-mails the mail server would not take, for whoever sends the
    reminders (clerks, administrators): to whom, about what, how often
    tried and what the server said; still being tried, or given up on."""
    permissions.require(request.user, permissions.SEND_REMINDERS)
    rows = Notification.objects.not_delivered().select_related("recipient")
    answers = EmailedReply.objects.answers_not_delivered().order_by("-received_at", "-pk")
    return render(
        request,
        "actionplans/undelivered_mail.html",
        {
            "rows": list(rows[:UNDELIVERED_SHOWN]),
            "total": rows.count(),
            "answers": list(answers[:UNDELIVERED_SHOWN]),
            "answers_total": answers.count(),
            "shown": UNDELIVERED_SHOWN,
        },
    )
