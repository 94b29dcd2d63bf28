from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from actionplans.lazyviews import LazyView
from scrutiny.guards import guard_admin
from scrutiny.views import (
    ForgotPasswordView,
    PasswordPageView,
    SetPasswordView,
    SignInView,
    page_not_found,
    server_error,
)


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Looked up per request: in production the hashed name exists only
        # once collectstatic has run.
        return static("images/favicon.ico")


# The 500 page names the request's id, for a user to quote.
handler500 = server_error
# The 404 page says what there is instead, where the view knew.
handler404 = page_not_found

urlpatterns = [
    path(
        "sign-in/",
        SignInView.as_view(),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/forgot-password/", ForgotPasswordView.as_view(), name="forgot_password"),
    path(
        "account/forgot-password/sent/",
        PasswordPageView.as_view(template_name="registration/forgot_password_sent.html"),
        name="forgot_password_sent",
    ),
    path("account/set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
    path(
        "account/set-password/done/",
        PasswordPageView.as_view(template_name="registration/password_set.html"),
        name="password_set",
    ),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    # Bad ids and junk in the admin's addresses: 404 or 400, not 500.
    path("admin/", guard_admin(admin.site.urls)),
    # Browsers ask for it on pages that do not name one (the admin's).
    path("favicon.ico", FaviconView.as_view()),
    path("", include("actionplans.urls")),
    path("", include("reports.urls")),
    # Opening outward: each part answers 404 until its setting switches it
    # on (scrutiny/settings.py, "Opening outward").
    path("public/", include("reports.public.urls")),
    path("open-data/", include("reports.open_data.urls")),
    path("api/", include("reports.api.urls")),
    path("", include("actionplans.notifications.urls")),
    path("", include("actionplans.calendars.urls")),
    path("", include("actionplans.personal_data.urls")),
    path("", include("reports.search.urls")),
    # The council's wording and grading scales: administrators only.
    path("council/", include("actionplans.council.urls")),
    # Single sign-on (OpenID Connect): off to the provider and back; 404
    # while SCRUTINY_OIDC is off (actionplans/sso.py). mozilla-django-oidc's
    # own URLs, its views (and with them requests and PyJWT) imported on the
    # first request to one of them.
    path(
        "oidc/callback/",
        LazyView(settings.OIDC_CALLBACK_CLASS, class_based=True),
        name="oidc_authentication_callback",
    ),
    path(
        "oidc/authenticate/",
        LazyView(settings.OIDC_AUTHENTICATE_CLASS, class_based=True),
        name="oidc_authentication_init",
    ),
    path("oidc/logout/", LazyView("mozilla_django_oidc.views.OIDCLogoutView", class_based=True), name="oidc_logout"),
]
