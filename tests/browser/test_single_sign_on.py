"""Single sign-on in a real browser, against a real OpenID Connect provider
(django-oidc-provider in a second process on 127.0.0.1: tests/oidc_provider):
the sign-in page's button, the provider's own sign-in page, and back on the
service signed in with the role the provider's groups give, or refused
saying why."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.oidc_provider.server import PASSWORD


def sign_in_with_provider(page, username):
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Test provider").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Provider username").fill(username)
    page.get_by_label("Provider password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_someone_in_the_clerks_group_signs_in_through_the_provider_as_a_clerk(page, single_sign_on, transactional_db):
    sign_in_with_provider(page, "carol")
    page.wait_for_url(lambda url: "/oidc/" not in url and "/sign-in/" not in url and "127.0.0.1" not in url)
    # A clerk's own link: the People pages.
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("People"))
    expect(page.locator("main")).to_contain_text("Carol Clerkson")
    assert_accessible(page)


def test_someone_in_no_mapped_group_is_refused_and_told_why(page, single_sign_on, transactional_db):
    sign_in_with_provider(page, "nora")
    page.wait_for_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "Sign-in with Test provider was refused: your account there is in no group that gives a role in this service"
    )
    assert_accessible(page)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/people/"))


def test_with_password_sign_in_off_the_sign_in_page_has_only_the_button(
    page, settings, single_sign_on, transactional_db
):
    settings.SCRUTINY_PASSWORD_SIGN_IN = False
    page.goto("/sign-in/")
    expect(page.get_by_role("button", name="Sign in with Test provider")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)
    assert_accessible(page)
