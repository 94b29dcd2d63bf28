from django.contrib.auth.forms import AuthenticationForm

from actionplans.text import CleanTextMixin


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
