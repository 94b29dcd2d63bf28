from axes.utils import reset as reset_sign_in_lockout
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy

from scrutiny.forms import ChoosePasswordForm, ForgotPasswordForm, SignInForm


class SignInView(auth_views.LoginView):
    """Django's sign-in, where the service's front door counts as no
    particular page: someone who typed the bare address (and so was sent to
    /sign-in/?next=/) lands on their own task, as if they had come straight
    to the sign-in page (actionplans/landing.py)."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url == reverse("home") else url


class ForgotPasswordView(auth_views.PasswordResetView):
    """Asks for the e-mail address and sends the link to choose a password
    (the same page as the one a new login's e-mail opens). It says the same
    whether or not the address has a login, so it tells nobody who has one."""

    form_class = ForgotPasswordForm
    template_name = "registration/forgot_password.html"
    success_url = reverse_lazy("forgot_password_sent")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Where the e-mailed link leads: the person chooses their password.
    A sign-in locked after too many failed attempts (django-axes) is
    unlocked too: they have just proved they hold the login's e-mail."""

    form_class = ChoosePasswordForm
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("password_set")

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_sign_in_lockout(username=form.user.get_username())
        return response
