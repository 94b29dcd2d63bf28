"""Each person's calendar feed: the secret address at which their calendar
(Outlook, Google) reads their dates as iCalendar (actionplans/calendars/).

The address holds a random key of 43 characters, unguessable. Unlike an
API token's key it is kept as it is, not as a digest: the person needs to
see their link again whenever they subscribe another calendar (Outlook and
Google show theirs again too), and the feed holds nothing the database does
not hold already, so a reader of the database learns nothing from the key.
Resetting the link makes a new key: the old address answers 404 from then on.
The key is left out of the audit history, which keeps who reset it and when.
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from actionplans import permissions
from actionplans.models.common import AuditHistory, _attribute
from actionplans.security import security_event


def new_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def for_key(self, key: str) -> "CalendarFeed | None":
        """The feed at `key`, with its login, while the login is active; None
        for any other key (an old one, reset since) or a deactivated login."""
        return self.select_related("user").filter(key=key, user__is_active=True).first()

    def reset(self, user, *, by) -> "CalendarFeed":
        """Give `user` a new calendar link (their first, or in place of the
        one they have: that one stops working at once). A person resets only
        their own; the history names who did it, not the key."""
        permissions.require(by, permissions.RESET_CALENDAR, user)
        with transaction.atomic():
            feed = self.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
            feed.key, feed.created_at = new_key(), timezone.now()
            _attribute(feed, by)
            feed.save()
        security_event("calendar_link_reset", user_id=user.pk, by_user_id=by.pk)
        return feed


class CalendarFeed(models.Model):
    """One person's calendar link."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, verbose_name="made")
    history = AuditHistory(excluded_fields=["key"])

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = "calendar link"

    def __str__(self):
        return f"Calendar link of {self.user}"
