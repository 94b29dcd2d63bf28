from django.contrib.auth import views as auth_views
from django.urls import reverse

from scrutiny.forms import SignInForm


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
