"""Rate limits that hold across the council's app servers: the counts are
kept in the shared database, not in one server's memory."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class RequestCount(models.Model):
    """How many times something limited was asked for under `key` (an
    address, a client IP) since `window_started`. Not audited: it records
    no change anyone made, and old counts are deleted as they lapse."""

    key = models.CharField(max_length=120, unique=True)
    window_started = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["window_started"])]

    def __str__(self):
        return f"{self.key}: {self.count}"

    @classmethod
    def take(cls, keys, *, limit: int, window: timedelta) -> bool:
        """Count one request against every key in `keys`, or, when any has
        had `limit` requests in its window already, count nothing and
        return False. The keys' rows are locked in a fixed order, so two
        servers counting at once neither let one through too many nor
        deadlock."""
        now = timezone.now()
        with transaction.atomic():
            rows = []
            for key in sorted(set(keys)):
                row, _ = cls.objects.select_for_update().get_or_create(key=key, defaults={"window_started": now})
                if row.window_started <= now - window:
                    row.window_started, row.count = now, 0
                rows.append(row)
            allowed = all(row.count < limit for row in rows)
            for row in rows:
                row.count += int(allowed)
                row.save()
            # Lapsed counts of other keys; one another server holds is left for later.
            lapsed = (
                cls.objects.filter(window_started__lte=now - window)
                .exclude(key__in=keys)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:100]
            )
            cls.objects.filter(pk__in=list(lapsed)).delete()
        return allowed


FORGOT_PASSWORD_WINDOW = timedelta(hours=1)


def may_send_forgot_password(email: str, ip: str | None) -> bool:
    """Whether "Forgot your password?" may e-mail `email` for a request
    from `ip`: at most SCRUTINY_FORGOT_PASSWORD_LIMIT requests an hour for
    each address and from each client. The address is kept only hashed."""
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    keys = [f"forgot-password:email:{address}"]
    if ip:
        keys.append(f"forgot-password:ip:{ip}"[:120])
    return RequestCount.take(keys, limit=settings.SCRUTINY_FORGOT_PASSWORD_LIMIT, window=FORGOT_PASSWORD_WINDOW)
