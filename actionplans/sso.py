"""Single sign-on: signing in with the council's own accounts through OpenID
Connect (mozilla-django-oidc), Microsoft Entra ID or any other provider.

The provider's groups decide a person's roles, through the setting
SCRUTINY_OIDC_GROUP_ROLES ("<group>=<role>,..."), at every sign-in: the
login is found by its e-mail address (made, with its person on the People
pages, the first time) and given exactly the roles its groups map to,
through the same verb, with the same history, as the People pages
(actionplans.models.people.login_from_identity_provider). Someone in no
mapped group is refused, saying why. Everything here answers "not found"
while SCRUTINY_OIDC is off, and no password signs anyone in while
SCRUTINY_PASSWORD_SIGN_IN is off.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from actionplans import roles as role_rules
from actionplans.models.people import login_from_identity_provider

logger = logging.getLogger(__name__)

NOT_SIGNED_IN = "You could not be signed in with {provider}. Try again, or ask democratic services."


def group_roles(text: str) -> dict[str, set[str]]:
    """SCRUTINY_OIDC_GROUP_ROLES read: "scrutiny-clerks=Clerk,councillors=
    Committee member" -> {"scrutiny-clerks": {"Clerk"}, "councillors":
    {"Committee member"}}. A group may be named twice for two roles; a
    role's name is matched without regard to case. Anything else is refused
    with ImproperlyConfigured saying what is wrong."""
    by_name = {role.lower(): role for role in role_rules.ROLES}
    mapping: dict[str, set[str]] = {}
    for pair in text.split(","):
        pair = pair.strip()
        if not pair:
            continue
        group, equals, role = pair.rpartition("=")
        group, role = group.strip(), role.strip()
        if not equals or not group or not role:
            raise ImproperlyConfigured(
                f"SCRUTINY_OIDC_GROUP_ROLES: {pair!r} is not <provider group>=<role>, "
                "e.g. scrutiny-clerks=Clerk (pairs separated by commas)."
            )
        if role.lower() not in by_name:
            raise ImproperlyConfigured(
                f"SCRUTINY_OIDC_GROUP_ROLES: {role!r} (for the group {group!r}) is not a role. "
                f"The roles are: {', '.join(role_rules.ROLES)}."
            )
        mapping.setdefault(group, set()).add(by_name[role.lower()])
    if not mapping:
        raise ImproperlyConfigured(
            "SCRUTINY_OIDC_GROUP_ROLES is empty: name which of the provider's groups gives which role, "
            "e.g. scrutiny-clerks=Clerk,councillors=Committee member."
        )
    return mapping


def roles_for_groups(groups) -> set[str]:
    """The roles the provider's `groups` (a claim's value) give."""
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, (list, tuple)):
        return set()
    mapping = group_roles(settings.SCRUTINY_OIDC_GROUP_ROLES)
    return set().union(*(mapping.get(str(group), set()) for group in groups))


def group_roles_check(app_configs, **kwargs):
    """A wrong SCRUTINY_OIDC_GROUP_ROLES would otherwise first show when
    someone tries to sign in. (Registered by actionplans/checks.py, which
    imports this module only while single sign-on is on.)"""
    if not settings.SCRUTINY_OIDC:
        return []
    try:
        group_roles(settings.SCRUTINY_OIDC_GROUP_ROLES)
    except ImproperlyConfigured as error:
        return [Error(str(error), id="scrutiny.E501")]
    return []


class Refused(Exception):
    """Sign-in through the provider refused, saying why to the person. (Not
    a SuspiciousOperation: mozilla-django-oidc swallows those unsaid.)"""


class PasswordBackend(ModelBackend):
    """Django's username-and-password sign-in, which signs nobody in while
    SCRUTINY_PASSWORD_SIGN_IN is off (the admin's sign-in page included).
    Roles' permissions are read here as always."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.SCRUTINY_PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """The provider's answer (an ID token and the user-info) turned into a
    login with its roles. Permissions are PasswordBackend's to read."""

    def __init__(self, *args, **kwargs):
        # Django makes every backend for every sign-in, the password's too:
        # while single sign-on is off its settings are not needed.
        self.UserModel = get_user_model()
        if settings.SCRUTINY_OIDC:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not settings.SCRUTINY_OIDC:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            request.single_sign_on_refusal = str(refusal)
            logger.warning("Single sign-on refused: %s", refusal)
            return None

    def get_user(self, user_id):
        # Django's rule, not mozilla-django-oidc's: a login deactivated on
        # the People pages is signed out at once, however it signed in.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token, **kwargs):
        """mozilla-django-oidc checks the signature, expiry and nonce; the
        token must also be meant for this service (OpenID Connect Core
        3.1.3.7: the audience names our client id)."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The user-info, with the groups from the ID token where the
        provider puts them there (Entra ID sends them only in the token)."""
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user-info is about someone other than the ID token.")
        for claim in (settings.SCRUTINY_OIDC_GROUPS_CLAIM, settings.SCRUTINY_OIDC_MANAGER_CLAIM):
            if claim and claim not in info and claim in payload:
                info = {**info, claim: payload[claim]}
        return info

    def verify_claims(self, claims):
        # The provider's name may be "your council account" (the default)
        # or "Microsoft": every message reads right with either.
        refused = f"Sign-in with {settings.SCRUTINY_OIDC_PROVIDER_NAME} was refused"
        if not claims.get("email"):
            raise Refused(f"{refused}: it did not give this service your e-mail address. Ask democratic services.")
        # The login is found by e-mail address alone: an address the
        # provider has not checked could be anyone's, so the provider must
        # release verified addresses only (docs/notifications-and-sign-on.md).
        if str(claims.get("email_verified")).lower() == "false":  # False, or "false" from some providers
            raise Refused(
                f"{refused}: it has not verified your e-mail address, and this service finds your login by that "
                "address. Ask democratic services."
            )
        if not roles_for_groups(claims.get(settings.SCRUTINY_OIDC_GROUPS_CLAIM)):
            raise Refused(
                f"{refused}: your account there is in no group that gives a role in this service. "
                "Ask democratic services to add you to the right group."
            )
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"])

    def create_user(self, claims):
        return self._sign_in(claims)

    def update_user(self, user, claims):
        if not user.is_active:
            raise Refused("Your login to this service has been deactivated. Ask democratic services.")
        return self._sign_in(claims)

    def _sign_in(self, claims):
        return login_from_identity_provider(
            email=claims["email"],
            name=_name(claims),
            roles=roles_for_groups(claims.get(settings.SCRUTINY_OIDC_GROUPS_CLAIM)),
            manager_email=_manager_email(claims),
        )


def _manager_email(claims) -> str | None:
    """The manager's e-mail address from SCRUTINY_OIDC_MANAGER_CLAIM; None
    when no claim is named or the provider sent none for this person (their
    manager as recorded stays)."""
    claim = settings.SCRUTINY_OIDC_MANAGER_CLAIM
    if not claim or claim not in claims:
        return None
    value = claims[claim]
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value or "")


def _name(claims) -> str:
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return str(name or claims["email"].split("@")[0]).strip()


class _OnlyWhenSwitchedOn:
    def dispatch(self, request, *args, **kwargs):
        if not settings.SCRUTINY_OIDC:
            raise Http404("Single sign-on is not switched on.")
        return super().dispatch(request, *args, **kwargs)


class SignInRequestView(_OnlyWhenSwitchedOn, OIDCAuthenticationRequestView):
    """/oidc/authenticate/: off to the provider's sign-in page."""

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads the provider's address here, which is
        # not set while single sign-on is off (and then dispatch says 404).
        if settings.SCRUTINY_OIDC:
            super().__init__(*args, **kwargs)


class SignInCallbackView(_OnlyWhenSwitchedOn, OIDCAuthenticationCallbackView):
    """/oidc/callback/: back from the provider; signed in, or back on the
    sign-in page saying why not."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A state this browser never started (an old tab, the back
            # button, a forgery): back to the sign-in page, not a 400 page.
            logger.warning("Single sign-on callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        why = getattr(self.request, "single_sign_on_refusal", "") or NOT_SIGNED_IN.format(
            provider=settings.SCRUTINY_OIDC_PROVIDER_NAME
        )
        messages.error(self.request, why)
        return HttpResponseRedirect(reverse("login"))
