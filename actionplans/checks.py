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
