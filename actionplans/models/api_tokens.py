"""Tokens for the council's other systems (Power BI, a performance
dashboard) to read the API, and the log of every API request.

A token acts for one login with one of its roles: the request sees what
that role may see, through the same rules as the pages (the QuerySet
methods `visible_to(user)`), and nothing more, however many roles the login
holds. Administrators issue and revoke tokens; the key is shown once, when
it is issued, and only its SHA-256 digest is stored (the key is 43 random
characters, so the digest cannot be guessed back and can be looked up).
"""

import copy
import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from actionplans import permissions
from actionplans import roles as role_rules
from actionplans.models.common import ONE_LINE, AuditHistory, _attribute
from actionplans.security import token_event
from actionplans.text import one_line

# What every key starts with: says what it is where one is found lying
# about (a log, a repository), as GitHub's "ghp_" does.
KEY_PREFIX = "scr_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenHistory(AuditHistory):
    """A token's audit history: issued and revoked, by whom. Being used
    saves only `last_used_at`, which is no change anyone made: no row."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_used_at"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


def why_not_issuable(*, user, role: str, name: str) -> dict[str, str]:
    """What stops a token being issued for `user` with `role` named
    `name`, by field; empty when nothing does. The admin's form asks it
    too, to say so by the field."""
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name that says what the token is for, like Power BI performance report"
    if user is None:
        errors["user"] = "Choose the login the token acts for"
    elif not user.is_active:
        errors["user"] = "This login is deactivated: reactivate it first"
    elif role not in role_rules.PERSON_ROLES or not user.groups.filter(name=role).exists():
        errors["role"] = "Choose one of the roles the login holds"
    return errors


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, *, user, role: str, name: str, by) -> tuple["ApiToken", str]:
        """A new token acting for `user` with `role` (one of the roles the
        login holds), named `name` ("Power BI performance report"), and its
        key: shown to the administrator once, never stored. Administrators
        only (PermissionDenied); ValidationError (by field) for a missing
        name, an inactive login or a role the login does not hold."""
        permissions.require(by, permissions.ISSUE_TOKEN)
        name = one_line(name or "").strip()
        errors = why_not_issuable(user=user, role=role, name=name)
        if errors:
            raise ValidationError(errors)
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(
            name=name,
            user=user,
            role=role,
            key_digest=digest(key),
            key_start=key[: len(KEY_PREFIX) + 4],
            created_by=by,
            created_at=timezone.now(),
        )
        token.full_clean()
        _attribute(token, by)
        token.save()
        token_event("api_token_issued", token, by=by)
        return token, key

    def for_key(self, key: str) -> "ApiToken | None":
        """The token whose key is `key`, revoked or not; None for none."""
        return self.select_related("user").filter(key_digest=digest(key)).first()


class ApiToken(models.Model):
    name = models.CharField(max_length=200, validators=ONE_LINE, help_text="What the token is for.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name="acts for",
        help_text="The login the token acts for.",
    )
    role = models.CharField(
        max_length=50,
        choices=[(role, role) for role in role_rules.PERSON_ROLES],
        help_text="The one role of the login the token acts with: it sees what that role may see.",
    )
    # SHA-256 of the key, hex: the key itself is never stored.
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters ("scr_Ab3x"), so that an administrator can
    # tell which token a system holds.
    key_start = models.CharField(max_length=12, editable=False, verbose_name="key starts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="issued by"
    )
    created_at = models.DateTimeField(verbose_name="issued")
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name="revoked")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name="last used")
    history = TokenHistory(excluded_fields=["key_digest", "last_used_at"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, *, by) -> None:
        """Revoke the token: from now on every request with it is refused
        (401). Administrators only; a token stays revoked."""
        permissions.require(by, permissions.REVOKE_TOKEN, self)
        with transaction.atomic():
            token = ApiToken.objects.select_for_update().get(pk=self.pk)
            if token.is_revoked:
                raise ValidationError("This token has been revoked already.")
            token.revoked_at, token.revoked_by = timezone.now(), by
            _attribute(token, by)
            token.save()
        self.revoked_at, self.revoked_by = token.revoked_at, token.revoked_by
        token_event("api_token_revoked", token, by=by)

    def why_refused(self) -> str:
        """Why a request with this token is refused, or "" when it is not."""
        if self.is_revoked:
            return f"This token was revoked on {timezone.localtime(self.revoked_at):%-d %B %Y}."
        if not self.user.is_active:
            return "The login this token acts for is deactivated."
        if not self.user.groups.filter(name=self.role).exists():
            return f"The login this token acts for no longer holds the role of {self.role}."
        return ""

    def reader(self):
        """The token's login as the API sees it: holding only the token's
        role's permissions, so that every `visible_to(user)` and
        `has_perm()` answers as for someone with that one role. A copy, held
        in memory and never saved: Django's permission checks read the
        caches set here (ModelBackend) and skip the database."""
        user = copy.copy(self.user)
        user.is_superuser = False
        perms = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.filter(group__name=self.role).values_list(
                "content_type__app_label", "codename"
            )
        }
        user._user_perm_cache = set()
        user._group_perm_cache = perms
        user._perm_cache = set(perms)
        return user

    def mark_used(self) -> None:
        """Stamp when the token was last used (no history row: TokenHistory),
        to the minute: a system reading fifty pages in a row writes once."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= datetime.timedelta(minutes=1):
            self.last_used_at = now
            self.save(update_fields=["last_used_at"])


class ApiRequest(models.Model):
    """One request to the API: which token (none for an anonymous request,
    or one whose key matched no token), the method, the path with its query,
    the status answered, how long it took and when. The key is never
    logged. Not audited: it is itself the log."""

    token = models.ForeignKey(ApiToken, null=True, blank=True, on_delete=models.PROTECT, related_name="requests")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField(verbose_name="duration (ms)")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "API request"
        indexes = [models.Index(fields=["token", "at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
