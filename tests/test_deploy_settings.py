"""Production settings pass Django's deployment checklist, and refuse to
start on settings that would quietly do the wrong thing."""

import datetime
import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scrutiny.settings import env_bool
from tests.factories import a_clerk, make_action, make_owner, make_recommendation, make_review, make_user

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # The browser tests' async escape hatch is no part of a deployment.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "SCRUTINY_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "scrutiny.example.gov.uk",
    "SCRUTINY_BASE_URL": "https://scrutiny.example.gov.uk",
}


def test_check_deploy_reports_nothing_for_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("base_url", ["", "http://scrutiny.example.gov.uk", "https://localhost:8000", "https://"])
def test_production_refuses_to_start_without_a_public_https_address_for_reminder_links(base_url):
    result = run_manage("check", **{**PRODUCTION, "SCRUTINY_BASE_URL": base_url})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SCRUTINY_BASE_URL" in result.stderr


LOCAL_MAIL = [
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
]


def mail_backend(**env) -> str:
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()[-1]


def test_production_sends_mail_through_smtp_unless_told_otherwise():
    assert mail_backend(**PRODUCTION, DJANGO_EMAIL_BACKEND="") == "django.core.mail.backends.smtp.EmailBackend"
    assert mail_backend(DJANGO_EMAIL_BACKEND="") == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize("backend", LOCAL_MAIL)
def test_production_refuses_to_start_with_mail_that_stays_on_the_machine(backend):
    """A reset link printed to the log signs in whoever reads the log."""
    result = run_manage("check", **PRODUCTION, DJANGO_EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_EMAIL_BACKEND" in result.stderr


@pytest.mark.parametrize("backend", LOCAL_MAIL)
def test_mail_kept_on_the_machine_on_purpose_starts_but_fails_the_deployment_checklist(backend):
    on_purpose = {**PRODUCTION, "DJANGO_EMAIL_BACKEND": backend, "SCRUTINY_EMAIL_NOT_SENT_ON_PURPOSE": "true"}
    assert run_manage("check", **on_purpose).returncode == 0
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **on_purpose)
    assert result.returncode != 0
    assert "scrutiny.W201" in result.stdout + result.stderr


def test_an_unclear_switch_stops_the_service_naming_the_variable():
    result = run_manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG='maybe' is not a yes or a no" in result.stderr


def test_a_misspelt_switch_in_production_stops_the_service_rather_than_turning_https_off():
    result = run_manage("check", **PRODUCTION, DJANGO_SECURE_SSL_REDIRECT="flase")
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT='flase'" in result.stderr


@pytest.mark.parametrize(
    ("value", "meaning"),
    [
        *[(word, True) for word in ["1", "true", "True", "YES", "on", " On "]],
        *[(word, False) for word in ["0", "false", "FALSE", "no", "Off"]],
    ],
)
def test_switches_take_the_clear_words_in_any_case(monkeypatch, value, meaning):
    monkeypatch.setenv("SCRUTINY_TEST_SWITCH", value)
    assert env_bool("SCRUTINY_TEST_SWITCH", default=not meaning) is meaning


@pytest.mark.parametrize("value", ["2", "y", "n", "enabled", "disable", "truee", "-1", "none"])
def test_switches_refuse_anything_else(monkeypatch, value):
    monkeypatch.setenv("SCRUTINY_TEST_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match="SCRUTINY_TEST_SWITCH"):
        env_bool("SCRUTINY_TEST_SWITCH", default=False)


def test_an_unset_or_empty_switch_takes_its_default(monkeypatch):
    monkeypatch.delenv("SCRUTINY_TEST_SWITCH", raising=False)
    assert env_bool("SCRUTINY_TEST_SWITCH", default=True) is True
    monkeypatch.setenv("SCRUTINY_TEST_SWITCH", "")
    assert env_bool("SCRUTINY_TEST_SWITCH", default=False) is False


def database_connection_settings(**env) -> tuple[int, bool]:
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection as c; d = c.settings_dict; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        **{"DATABASE_CONN_MAX_AGE": "", **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    seconds, checked = result.stdout.splitlines()[-1].split()
    return int(seconds), checked == "True"


def test_production_keeps_its_database_connections_for_a_minute_checking_each_before_reuse():
    assert database_connection_settings(**PRODUCTION) == (60, True)


def test_a_local_server_opens_a_database_connection_per_request():
    assert database_connection_settings(SCRUTINY_ENV="local") == (0, True)


def test_the_council_may_choose_how_long_production_keeps_its_database_connections():
    assert database_connection_settings(**PRODUCTION, DATABASE_CONN_MAX_AGE="0") == (0, True)
    assert database_connection_settings(**PRODUCTION, DATABASE_CONN_MAX_AGE="300") == (300, True)


@pytest.fixture
def round_due_soon(db):
    """An open round due in three days, with one officer who has an e-mail address."""
    officer = make_user("due.soon", "Officer", email="due.soon@example.org")
    review = make_review()
    make_action(make_recommendation(review), owners=[make_owner("Due Soon", user=officer)])
    today = datetime.date.today()
    return review.open_round(
        period=today,
        deadline=today + datetime.timedelta(days=3),
        meeting_date=today + datetime.timedelta(days=20),
        by=a_clerk(),
    )


def reminder_link(round):
    return f"/updates/{round.entries.get().pk}/"


def test_send_reminders_links_to_the_public_address_when_it_is_set(
    round_due_soon, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SCRUTINY_BASE_URL = "https://scrutiny.example.gov.uk"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert f"https://scrutiny.example.gov.uk{reminder_link(round_due_soon)}" in mail.outbox[0].body


def test_send_reminders_links_to_the_local_server_when_no_address_is_set(
    round_due_soon, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SCRUTINY_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert f"http://127.0.0.1:8000{reminder_link(round_due_soon)}" in mail.outbox[0].body


def test_the_clerks_reminders_link_to_the_public_address_not_the_one_the_clerk_is_on(
    round_due_soon, clerk, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SCRUTINY_BASE_URL = "https://scrutiny.example.gov.uk"
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("send_round_reminders", args=[round_due_soon.pk]))
    assert f"https://scrutiny.example.gov.uk{reminder_link(round_due_soon)}" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body


def pins_of(lock_file: str) -> tuple[dict, str]:
    lock = (ROOT / lock_file).read_text()
    return {canonicalize_name(name): version for name, version in re.findall(r"^([\w.-]+)==(\S+)", lock, re.M)}, lock


def assert_pinned(lines, lock_file: str) -> dict:
    pins, lock = pins_of(lock_file)
    for line in lines:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {lock_file}: run make lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} does not satisfy {line}"
    blocks = re.split(r"\n(?=[\w.-]+==)", lock.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks)
    return pins


def test_the_lock_files_pin_every_dependency_of_pyproject_with_its_hashes():
    # `make` installs requirements.lock: a dependency added to pyproject.toml
    # but not locked (`make lock`) would be missing on a fresh machine. A
    # production server installs requirements-production.lock: the service's
    # own, at the same versions, and none of the tests' tools.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    full = assert_pinned(project["dependencies"] + extras["dev"] + extras["tools"], "requirements.lock")
    production = assert_pinned(project["dependencies"] + extras["tools"], "requirements-production.lock")
    assert {name: full[name] for name in production} == production
    assert not {"pytest", "playwright", "schemathesis", "django-oidc-provider", "ruff"} & set(production)


def production_page() -> str:
    return (ROOT / "docs" / "production.md").read_text()


def test_the_production_page_names_every_variable_the_settings_read():
    settings_source = (ROOT / "scrutiny" / "settings.py").read_text()
    read = set(
        re.findall(r'(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?"([A-Z][A-Z0-9_]+)"', settings_source)
    )
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "SCRUTINY_WORKER_LOST_SECONDS"} <= read
    listed = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", production_page()))
    assert sorted(read - listed) == []
