import sys

from axes.utils import reset as reset_sign_in_lockout
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView

from reports.documents import UnknownFormat
from scrutiny.forms import ChoosePasswordForm, ForgotPasswordForm, SignInForm
from scrutiny.requestlog import current_request_id


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

    def post(self, request, *args, **kwargs):
        # With password sign-in off, only the provider's button signs in
        # (single sign-on, actionplans/sso.py).
        if not settings.SCRUTINY_PASSWORD_SIGN_IN:
            raise PermissionDenied("Sign in with the button: passwords are not used here.")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "single_sign_on": settings.SCRUTINY_OIDC,
            "provider_name": settings.SCRUTINY_OIDC_PROVIDER_NAME,
            "password_sign_in": settings.SCRUTINY_PASSWORD_SIGN_IN,
        }


class _PasswordPages:
    """Choosing a password: not found while password sign-in is off."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.SCRUTINY_PASSWORD_SIGN_IN:
            raise Http404("Passwords are not used here: sign in with the council's accounts.")
        return super().dispatch(request, *args, **kwargs)


class PasswordPageView(_PasswordPages, TemplateView):
    """The plain pages after asking for, and after choosing, a password."""


class ForgotPasswordView(_PasswordPages, auth_views.PasswordResetView):
    """Asks for the e-mail address and sends the link to choose a password
    (the same page as the one a new login's e-mail opens). It says the same
    whether or not the address has a login, so it tells nobody who has one."""

    form_class = ForgotPasswordForm
    template_name = "registration/forgot_password.html"
    success_url = reverse_lazy("forgot_password_sent")


class SetPasswordView(_PasswordPages, auth_views.PasswordResetConfirmView):
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


def page_not_found(request, exception):
    """Django's 404 page, with what there is instead where the view knew
    (reports.documents.UnknownFormat: the formats a document comes in)."""
    explanation = str(exception) if isinstance(exception, UnknownFormat) else ""
    return HttpResponseNotFound(loader.render_to_string("404.html", {"explanation": explanation}, request))


# Try again after this many seconds, where the database did not answer.
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """Django's 500 page with the request's id for the user to quote. Like
    Django's own, it uses no context processors: they may be what failed.
    Where the database did not answer (stopped, restarting, unreachable),
    a 503 asking the person to try again in a minute: nothing they sent was
    half-saved (every write is one transaction), and the next request after
    the database is back is served as usual (a broken connection is not
    used again)."""
    context = {"request_id": current_request_id()}
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(context))
