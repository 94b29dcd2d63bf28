"""A real OpenID Connect provider for the single sign-on tests
(django-oidc-provider), run in a process of its own on 127.0.0.1 by
tests/oidc_provider/server.py. Not part of the service: nothing here is
ever deployed."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = "test-identity-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
# Its own database in the test run's temporary directory.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_PROVIDER_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Passwords hashed quickly: these are test people.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Cookies of its own, so that the service's never clash with them.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"

# Each person's groups, from a JSON file the tests may rewrite between two
# sign-ins ({"username": ["group", ...]}); sent in the ID token, as Entra ID
# does, and not in the user-info.
OIDC_PROVIDER_GROUPS_FILE = os.environ["OIDC_PROVIDER_GROUPS_FILE"]
OIDC_IDTOKEN_PROCESSING_HOOK = "tests.oidc_provider.claims.add_groups"
OIDC_USERINFO = "tests.oidc_provider.claims.userinfo"
