"""Single sign-on through a real OpenID Connect provider (django-oidc-provider
in a second process: tests/oidc_provider), with Django's test client as the
browser; the browser journey is tests/browser/test_single_sign_on.py."""

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from actionplans import roles
from actionplans.models import Owner
from actionplans.sso import group_roles
from tests.factories import make_owner, make_user
from tests.oidc_provider.server import PASSWORD
from tests.test_deploy_settings import PRODUCTION, run_manage

pytestmark = pytest.mark.django_db
User = get_user_model()


def sign_in_at_provider(client, username, password=PASSWORD):
    """Press "Sign in with ..." and sign in at the provider (with `requests`
    as the browser there); back at the service's callback, return its answer."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    at_provider = requests.Session()
    login_page = at_provider.get(start["Location"], timeout=10)
    assert "Test identity provider" in login_page.text
    answer = at_provider.post(
        login_page.url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": at_provider.cookies["provider_csrftoken"],
            "next": html.unescape(re.search(r'name="next" value="([^"]*)"', login_page.text).group(1)),
        },
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    back = at_provider.get(urljoin(login_page.url, answer.headers["Location"]), allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://testserver/oidc/callback/")
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}", follow=True)


def signed_in(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# Reading the mapping ----------------------------------------------------------


def test_the_group_mapping_reads_groups_and_roles_whatever_the_case_of_the_role():
    assert group_roles(" scrutiny-clerks = Clerk , members=committee member,members=Officer ") == {
        "scrutiny-clerks": {roles.CLERK},
        "members": {roles.COMMITTEE_MEMBER, roles.OFFICER},
    }


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("scrutiny-clerks=Clerc", "'Clerc' (for the group 'scrutiny-clerks') is not a role. The roles are: Clerk"),
        ("scrutiny-clerks", "'scrutiny-clerks' is not <provider group>=<role>"),
        ("=Clerk", "'=Clerk' is not <provider group>=<role>"),
        (" , ", "SCRUTINY_OIDC_GROUP_ROLES is empty"),
    ],
)
def test_a_wrong_group_mapping_is_refused_saying_what_is_wrong(setting, says):
    with pytest.raises(ImproperlyConfigured, match=re.escape(says)):
        group_roles(setting)


def test_a_wrong_group_mapping_stops_the_service_starting(settings):
    settings.SCRUTINY_OIDC = True
    settings.SCRUTINY_OIDC_GROUP_ROLES = "scrutiny-clerks=Clark"
    with pytest.raises(SystemCheckError, match=r"'Clark' \(for the group 'scrutiny-clerks'\) is not a role"):
        call_command("check")


ENTRA_ID = {
    "SCRUTINY_OIDC": "on",
    "SCRUTINY_OIDC_PROVIDER_NAME": "Microsoft",
    "OIDC_RP_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
    "OIDC_RP_CLIENT_SECRET": "a-client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
    "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
    "SCRUTINY_OIDC_GROUP_ROLES": "6f1c0000-0000-0000-0000-0000000000e2=Clerk",
    "SCRUTINY_PASSWORD_SIGN_IN": "off",
}


def test_check_deploy_reports_nothing_with_single_sign_on_on_and_passwords_off():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **ENTRA_ID)
    assert result.returncode == 0, result.stdout + result.stderr


def test_single_sign_on_without_its_settings_stops_the_service_naming_them():
    result = run_manage("check", **{**ENTRA_ID, "OIDC_RP_CLIENT_SECRET": "", "OIDC_OP_JWKS_ENDPOINT": ""})
    assert result.returncode != 0
    assert "SCRUTINY_OIDC is on: set OIDC_RP_CLIENT_SECRET, OIDC_OP_JWKS_ENDPOINT" in result.stderr


def test_passwords_off_without_single_sign_on_stops_the_service():
    result = run_manage("check", SCRUTINY_PASSWORD_SIGN_IN="off")
    assert result.returncode != 0
    assert "nobody could sign in" in result.stderr


# Signing in through the provider --------------------------------------------


def test_the_sign_in_page_offers_the_providers_button_when_single_sign_on_is_on(client, single_sign_on):
    text = page_text(client.get(reverse("login") + "?next=/reviews/"))
    assert "Sign in with Test provider" in text
    assert 'href="/oidc/authenticate/?next=/reviews/"' in text
    assert "Or sign in with a username and password" in text and 'name="password"' in text


def test_without_single_sign_on_there_is_no_button_and_its_addresses_are_not_found(client):
    assert "Sign in with" not in page_text(client.get(reverse("login")))
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback") + "?code=x&state=y").status_code == 404


def test_someone_in_the_clerks_group_signs_in_as_a_clerk_and_is_a_person_on_the_people_pages(client, single_sign_on):
    response = sign_in_at_provider(client, "carol")
    user = signed_in(client)
    assert user.email == "carol.clerkson@example.org" and user.get_full_name() == "Carol Clerkson"
    assert roles.role_names(user) == {roles.CLERK} and user.is_staff
    assert not user.has_usable_password()
    assert Owner.objects.get(user=user).name == "Carol Clerkson"
    assert response.status_code == 200
    # A clerk's page: the People pages are clerks' and administrators'.
    assert client.get(reverse("people")).status_code == 200
    # The login's history says where the role came from.
    record = user.history.latest()
    assert record.history_change_reason == "Roles from their groups at single sign-on"
    assert record.history_user == user


def test_an_existing_login_with_that_e_mail_address_is_the_one_signed_in(client, single_sign_on):
    existing = make_user("colin.c", roles.OFFICER, email="Colin.Councillor@example.org")
    make_owner("Colin Councillor", user=existing)
    sign_in_at_provider(client, "colin")
    assert signed_in(client) == existing
    # The provider decides every role: Officer went, Committee member came.
    assert roles.role_names(existing) == {roles.COMMITTEE_MEMBER}
    assert User.objects.filter(email__iexact="colin.councillor@example.org").count() == 1
    assert Owner.objects.filter(user=existing).count() == 1


def test_roles_follow_the_providers_groups_at_the_next_sign_in(client, single_sign_on):
    sign_in_at_provider(client, "colin")
    colin = signed_in(client)
    assert roles.role_names(colin) == {roles.COMMITTEE_MEMBER}
    client.logout()

    single_sign_on.set_groups("colin", ["members", "scrutiny-officers"])
    sign_in_at_provider(client, "colin")
    assert signed_in(client) == colin
    assert roles.role_names(colin) == {roles.COMMITTEE_MEMBER, roles.OFFICER}
    client.logout()

    single_sign_on.set_groups("colin", ["scrutiny-clerks"])
    sign_in_at_provider(client, "colin")
    assert roles.role_names(colin) == {roles.CLERK}
    colin.refresh_from_db()
    assert colin.is_staff
    reasons = [record.history_change_reason for record in colin.history.all()]
    assert reasons.count("Roles from their groups at single sign-on") >= 3


@pytest.mark.parametrize(
    ("provider", "says"),
    [
        (
            "your council account",
            "Sign-in with your council account was refused: your account there is in no group that gives a role "
            "in this service. Ask democratic services to add you to the right group.",
        ),
        (
            "Microsoft",
            "Sign-in with Microsoft was refused: your account there is in no group that gives a role in this "
            "service. Ask democratic services to add you to the right group.",
        ),
    ],
)
def test_someone_in_no_mapped_group_is_refused_saying_why(client, single_sign_on, settings, provider, says):
    settings.SCRUTINY_OIDC_PROVIDER_NAME = provider
    response = sign_in_at_provider(client, "nora")
    assert signed_in(client) is None
    assert response.redirect_chain[-1][0] == reverse("login")
    assert says in html.unescape(page_text(response))
    assert not User.objects.filter(email="nora.nogroup@example.org").exists()


@pytest.mark.parametrize("provider", ["your council account", "Microsoft"])
def test_an_address_the_provider_has_not_verified_is_refused_saying_why(client, single_sign_on, settings, provider):
    settings.SCRUTINY_OIDC_PROVIDER_NAME = provider
    make_user("uma.u", roles.CLERK, email="uma.unverified@example.org")
    response = sign_in_at_provider(client, "uma")
    assert signed_in(client) is None
    assert response.redirect_chain[-1][0] == reverse("login")
    assert (
        f"Sign-in with {provider} was refused: it has not verified your e-mail address, and this service finds "
        "your login by that address. Ask democratic services."
    ) in html.unescape(page_text(response))


def test_a_first_sign_in_with_a_name_someone_has_gets_a_number_not_their_e_mail_address(client, single_sign_on):
    make_owner("Carol Clerkson")
    sign_in_at_provider(client, "carol")
    carol = Owner.objects.get(user=signed_in(client))
    assert carol.name == "Carol Clerkson (2)"
    assert "example.org" not in carol.name
    assert carol.history.latest().history_change_reason == (
        "Someone was already called Carol Clerkson: a clerk may rename them"
    )
    # The People page, a clerk's (Carol is one), shows the history.
    text = page_text(client.get(reverse("change_person", args=[carol.pk])))
    assert "a clerk may rename them" in text


def test_a_first_sign_in_takes_the_first_free_number_however_many_are_taken(client, single_sign_on):
    for name in ("Colin Councillor", "colin councillor (2)", "Colin Councillor (3)", "Colin Councillor (5)"):
        make_owner(name)
    sign_in_at_provider(client, "colin")
    assert Owner.objects.get(user=signed_in(client)).name == "Colin Councillor (4)"


def test_losing_every_mapped_group_refuses_the_next_sign_in(client, single_sign_on):
    sign_in_at_provider(client, "colin")
    client.logout()
    single_sign_on.set_groups("colin", [])
    response = sign_in_at_provider(client, "colin")
    assert signed_in(client) is None
    assert "is in no group that gives a role in this service" in page_text(response)


def test_a_deactivated_login_is_refused_however_its_groups_stand(client, single_sign_on):
    make_user("colin.c", roles.COMMITTEE_MEMBER, email="colin.councillor@example.org", is_active=False)
    response = sign_in_at_provider(client, "colin")
    assert signed_in(client) is None
    assert "Your login to this service has been deactivated" in page_text(response)


def test_deactivating_a_login_that_signed_in_through_the_provider_signs_it_out(client, single_sign_on):
    sign_in_at_provider(client, "colin")
    colin = signed_in(client)
    assert client.get(reverse("committees")).status_code == 200
    Owner.objects.get(user=colin).set_login_active(False, by=make_user("admin.sso", roles.ADMINISTRATOR))
    response = client.get(reverse("committees"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("provider", ["your council account", "Microsoft"])
def test_a_callback_nobody_started_signs_nobody_in(client, single_sign_on, settings, provider):
    settings.SCRUTINY_OIDC_PROVIDER_NAME = provider
    response = client.get(reverse("oidc_authentication_callback") + "?code=forged&state=forged", follow=True)
    assert signed_in(client) is None
    assert f"You could not be signed in with {provider}. Try again, or ask democratic services." in page_text(response)


# Password sign-in switched off ------------------------------------------------


@pytest.fixture
def passwords_off(settings, single_sign_on):
    settings.SCRUTINY_PASSWORD_SIGN_IN = False


def test_with_password_sign_in_off_the_page_shows_only_the_providers_button(client, passwords_off):
    text = page_text(client.get(reverse("login")))
    assert "Sign in with Test provider" in text
    assert 'name="password"' not in text and "Forgot your password?" not in text


def test_with_password_sign_in_off_a_right_password_signs_nobody_in(client, councillor, passwords_off):
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 403
    assert signed_in(client) is None
    # Nor through the admin's own sign-in page.
    client.post("/admin/login/", {"username": "councillor.test", "password": "a-test-password-1"})
    assert signed_in(client) is None


def test_with_password_sign_in_off_the_password_pages_are_not_found(client, passwords_off):
    for url in (
        reverse("forgot_password"),
        reverse("forgot_password_sent"),
        reverse("set_password", args=["MQ", "some-token"]),
        reverse("password_set"),
    ):
        assert client.get(url).status_code == 404, url


def test_with_password_sign_in_off_the_provider_still_signs_people_in(client, passwords_off):
    sign_in_at_provider(client, "carol")
    assert roles.role_names(signed_in(client)) == {roles.CLERK}


def test_sign_in_throttling_still_counts_wrong_passwords_with_single_sign_on_on(client, councillor, single_sign_on):
    for _ in range(5):
        client.post(reverse("login"), {"username": "councillor.test", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "councillor.test", "password": "a-test-password-1"})
    assert response.status_code == 429


def test_refused_provider_sign_ins_do_not_lock_others_at_the_same_address_out(client, single_sign_on):
    for _ in range(6):
        sign_in_at_provider(client, "nora")
    response = sign_in_at_provider(client, "carol")
    assert response.status_code == 200
    assert roles.role_names(signed_in(client)) == {roles.CLERK}


# The manager claim ---------------------------------------------------------------


def test_the_providers_manager_claim_records_the_persons_manager_at_sign_in(client, single_sign_on, settings):
    settings.SCRUTINY_OIDC_MANAGER_CLAIM = "manager_email"
    carol = make_owner("Carol Clerkson", user=make_user("carol.c", email="Carol.Clerkson@example.org"))
    sign_in_at_provider(client, "colin")
    colin = Owner.objects.get(user=signed_in(client))
    assert colin.manager == carol
    record = colin.history.latest()
    assert record.history_change_reason == "Manager from single sign-on" and record.history_user == colin.user


def test_a_manager_the_service_does_not_know_leaves_no_manager_recorded(client, single_sign_on, settings):
    settings.SCRUTINY_OIDC_MANAGER_CLAIM = "manager_email"
    someone = make_owner("Someone Else", user=make_user("someone", email="someone@example.org"))
    carol = make_owner("Carol Clerkson", user=make_user("carol.c", email="carol.clerkson@example.org"))
    carol.manager = someone
    carol.save()
    sign_in_at_provider(client, "carol")  # her manager at the provider has no login here
    carol.refresh_from_db()
    assert signed_in(client) == carol.user and carol.manager is None


def test_without_a_manager_claim_named_the_manager_recorded_here_stays(client, single_sign_on):
    someone = make_owner("Someone Else", user=make_user("someone", email="someone@example.org"))
    colin = make_owner("Colin Councillor", user=make_user("colin.c", email="colin.councillor@example.org"))
    colin.manager = someone
    colin.save()
    sign_in_at_provider(client, "colin")
    colin.refresh_from_db()
    assert signed_in(client) == colin.user and colin.manager == someone
