"""Start-up checks of the council's settings (`manage.py check` and every
server start run them)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from actionplans.models.response import parse_period
from actionplans.municipal import start_month


@register()
def response_period_check(app_configs, **kwargs):
    """SCRUTINY_RESPONSE_PERIOD must be a period the clock can count:
    a wrong one would otherwise first fail on a clerk's page."""
    try:
        parse_period(settings.SCRUTINY_RESPONSE_PERIOD)
    except ValueError as error:
        return [
            Error(
                str(error),
                hint="Set SCRUTINY_RESPONSE_PERIOD to a number of months, weeks or days: '2 months' (the law's), "
                "'8 weeks' or '28 days'.",
                id="scrutiny.E101",
            )
        ]
    return []


@register()
def municipal_year_check(app_configs, **kwargs):
    """SCRUTINY_MUNICIPAL_YEAR_START must be a month number: the annual
    report would otherwise first fail when someone opens it."""
    try:
        start_month(settings.SCRUTINY_MUNICIPAL_YEAR_START)
    except ValueError as error:
        return [
            Error(
                str(error),
                hint="Set SCRUTINY_MUNICIPAL_YEAR_START to the month the municipal year starts in: 5 for May "
                "(May to April, the usual year).",
                id="scrutiny.E102",
            )
        ]
    return []


@register()
def single_sign_on_check(app_configs, **kwargs):
    """Single sign-on's settings (actionplans/sso.py), read only where it is
    switched on: importing it brings mozilla-django-oidc, requests and PyJWT,
    which nothing else at start-up needs."""
    if not settings.SCRUTINY_OIDC:
        return []
    from actionplans.sso import group_roles_check

    return group_roles_check(app_configs, **kwargs)


@register(deploy=True)
def mail_is_sent_check(app_configs, **kwargs):
    """`check --deploy`: mail kept on the machine (printed, in files, in
    memory) puts every reset link and notification where the log's readers
    find them. Production refuses to start so unless told it is on purpose
    (scrutiny/settings.py); this says so to whoever checks a deployment."""
    if settings.EMAIL_BACKEND not in settings.LOCAL_EMAIL_BACKENDS:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: mail is not sent, and password reset links and "
            "notifications are written where the service's log or disk keeps them.",
            hint="Leave DJANGO_EMAIL_BACKEND unset in production (SMTP) and set DJANGO_EMAIL_HOST to the "
            "council's mail server (docs/production.md).",
            id="scrutiny.W201",
        )
    ]


@register()
def reply_mailbox_check(app_configs, **kwargs):
    """The reply mailbox's settings (actionplans/replies/mailbox.py), read
    where a host is set: wrong, they would first show as a failure in the
    worker's log every minute."""
    if not settings.SCRUTINY_REPLY_IMAP_HOST:
        return []
    return [*_mailbox_security_errors(), *_mailbox_login_errors(), *_mailbox_oauth2_errors()]


def _mailbox_security_errors() -> list[Error]:
    security = settings.SCRUTINY_REPLY_IMAP_SECURITY
    if security not in ("tls", "starttls", "none"):
        return [
            Error(
                f"SCRUTINY_REPLY_IMAP_SECURITY is {security!r}.",
                hint="Set it to tls (IMAPS, usually port 993), starttls (usually port 143) or, for a test "
                "server on this machine with DJANGO_DEBUG on, none.",
                id="scrutiny.E103",
            )
        ]
    if security == "none" and not settings.DEBUG:
        return [
            Error(
                "SCRUTINY_REPLY_IMAP_SECURITY is none: the reply mailbox's password and officers' replies would "
                "cross the network unencrypted.",
                hint="Set it to tls or starttls; none is for a test server, with DJANGO_DEBUG on.",
                id="scrutiny.E104",
            )
        ]
    return []


def _mailbox_login_errors() -> list[Error]:
    if settings.SCRUTINY_REPLY_IMAP_USER and (
        settings.SCRUTINY_REPLY_IMAP_PASSWORD
        or settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN
        or settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL
    ):
        return []
    return [
        Error(
            "SCRUTINY_REPLY_IMAP_HOST is set, but not the login to the reply mailbox.",
            hint="Set SCRUTINY_REPLY_IMAP_USER and either SCRUTINY_REPLY_IMAP_PASSWORD or the OAuth 2.0 "
            "settings, SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL and those beside it (docs/replies.md).",
            id="scrutiny.E105",
        )
    ]


def _mailbox_oauth2_errors() -> list[Error]:
    """The token endpoint's settings (actionplans/replies/oauth.py)."""
    url = settings.SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL
    if not url:
        return []
    errors = []
    if not settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID:
        errors.append(
            Error(
                "SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL is set, but not the app's client id.",
                hint="Set SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_ID (and its secret) as registered with the provider.",
                id="scrutiny.E106",
            )
        )
    if not url.startswith("https://") and not settings.DEBUG:
        errors.append(
            Error(
                f"SCRUTINY_REPLY_IMAP_OAUTH2_TOKEN_URL is {url!r}: the client secret and the tokens would cross "
                "the network unencrypted.",
                hint="Give the provider's https:// address; another is for a test server, with DJANGO_DEBUG on.",
                id="scrutiny.E107",
            )
        )
    if not settings.SCRUTINY_REPLY_IMAP_OAUTH2_REFRESH_TOKEN and not (
        settings.SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET and settings.SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE
    ):
        errors.append(
            Error(
                "Without a refresh token the service asks for its tokens with the app's own credentials, and "
                "the client secret or the scope is not set.",
                hint="Set SCRUTINY_REPLY_IMAP_OAUTH2_CLIENT_SECRET and SCRUTINY_REPLY_IMAP_OAUTH2_SCOPE "
                "(Microsoft 365: https://outlook.office365.com/.default), or a refresh token.",
                id="scrutiny.E108",
            )
        )
    return errors
