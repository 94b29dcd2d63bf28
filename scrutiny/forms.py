import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from actionplans.models import mail_set_password_link, may_send_forgot_password
from actionplans.text import CleanTextMixin

# Django's PasswordResetForm logs its failed sends here; ours go to the same place.
logger = logging.getLogger("django.contrib.auth")


class SignInForm(CleanTextMixin, AuthenticationForm):
    """Django's sign-in form, with messages that say which field is wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ForgotPasswordForm(CleanTextMixin, PasswordResetForm):
    """Django's "forgot your password", sending our own e-mail through the
    outbox (actionplans.models.mail_set_password_link). People given a login on the
    People pages have no password until they choose one, and may have lost
    the first e-mail: they are sent a link too (Django leaves out logins
    without a usable password). Whatever happens, the answer is the same
    "Check your e-mail" page, so it tells nobody which addresses have a
    login: a send that fails is retried and listed, not shown, and past the hourly
    limit for the address or the client (may_send_forgot_password)
    nothing is sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "E-mail address"
        field.help_text = "The address your login was set up with"
        field.error_messages.update(
            {
                "required": "Enter your e-mail address",
                "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            }
        )

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def save(self, *args, request=None, **kwargs):
        ip = get_client_ip_address(request) if request is not None else None
        if not may_send_forgot_password(self.cleaned_data["email"], ip):
            logger.warning("Forgot password: over the hourly limit for the address or for %s; nothing sent", ip)
            return
        super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Into the outbox, as every e-mail: a mail server that is down does
        # not change the answer, and the e-mail is retried and listed.
        base_url = settings.SCRUTINY_BASE_URL or f"{context['protocol']}://{context['domain']}"
        mail_set_password_link(context["user"], base_url=base_url, invitation=False)


def minimum_length() -> int:
    """The shortest password AUTH_PASSWORD_VALIDATORS allow (8, Django's own
    default, where no minimum is set)."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=8)


class ChoosePasswordForm(SetPasswordForm):
    """Django's set-password form in the service's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        # Said before the first try, not only in its error, and
        # read from the validators the password must pass.
        first.help_text = (
            f"At least {minimum_length()} characters. Not a common password, not only numbers, "
            "and not like your name or username."
        )
        first.error_messages["required"] = "Enter a new password"
        second.label = "Type the new password again"
        second.help_text = ""
        second.error_messages["required"] = "Type the new password again"
        self.error_messages = {**self.error_messages, "password_mismatch": "The two passwords are not the same"}
