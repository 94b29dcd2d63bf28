"""The Django admin is the administrators' back office, but a clerk can still
open it: every admin page a clerk can reach (the index, and the list, add and
change pages of each review model) meets WCAG 2.2 A and AA, by axe; so do the
administrators' pages for logins and roles."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.browser.conftest import assert_accessible, sign_in


def clerk_admin_pages():
    """The admin's pages for every actionplans model a clerk may view: its
    list, its add form (where adding is allowed) and the change form of its
    first record."""
    pages = [reverse("admin:index"), reverse("admin:app_list", args=["actionplans"])]
    for model in apps.get_app_config("actionplans").get_models():
        if model not in admin.site._registry:
            continue
        name = f"admin:actionplans_{model._meta.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        pages.append(reverse(f"{name}_add"))
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{name}_change", args=[first.pk]))
            pages.append(reverse(f"{name}_history", args=[first.pk]))
    return pages


@pytest.mark.parametrize("username", ["clerk"])
def test_every_admin_page_a_clerk_can_open_is_accessible(page, demo_site, username):
    sign_in(page, username)
    failures = []
    for url in clerk_admin_pages():
        response = page.goto(url)
        if response.status != 200:
            # A page the clerk may not open (adding a round or an entry):
            # the browser's complaint about the 403 is not the next page's.
            page.console_problems.clear()
            continue
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
    assert failures == [], "\n\n".join(failures)


def test_the_administrators_login_and_role_pages_are_accessible(page, demo_site):
    from django.contrib.auth.models import Group, User

    sign_in(page, "admin")
    user = User.objects.get(username="vanessa.housley")
    for url in [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_history", args=[user.pk]),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_change", args=[Group.objects.get(name="Officer").pk]),
    ]:
        page.goto(url)
        assert_accessible(page)
