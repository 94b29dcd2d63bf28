"""The API's page for anyone, and an administrator issuing a token in the
admin and copying its key from the page shown once: zero axe violations,
and the key works."""

from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from actionplans.models import ApiToken
from tests.browser.conftest import assert_accessible, sign_in


def test_the_api_page_is_accessible_and_an_administrator_issues_a_token(page, demo_site, settings):
    settings.SCRUTINY_API = True
    page.goto(reverse("api_index"))
    expect(page.get_by_role("heading", name="The API", exact=True)).to_be_visible()
    assert_accessible(page)
    sign_in(page, "admin")
    page.goto(reverse("admin:actionplans_apitoken_add"))
    assert_accessible(page)
    page.get_by_label("Name").fill("Power BI performance report")
    page.get_by_label("Acts for").select_option(label="clerk")
    page.get_by_label("Role").select_option("Clerk")
    page.get_by_role("button", name="Save", exact=True).click()
    key = page.get_by_label("Key").input_value()
    assert_accessible(page)
    token = ApiToken.objects.get()
    assert token.name == "Power BI performance report" and token.role == "Clerk"
    response = Client().get(reverse("api_reviews"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["count"] >= 1
    page.goto(reverse("admin:actionplans_apitoken_changelist"))
    assert_accessible(page)
