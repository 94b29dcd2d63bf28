"""The user's roles are read once a page (issue 43): the header, the menu
and the page's rules each ask for them, and each asked the database again
(the groups three times a page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def reads(queries, what: str) -> int:
    return sum(what in query["sql"] for query in queries)


ROLE_NAMES = '"auth_group"."name"'  # the user's roles
GROUP_PERMISSIONS = '"auth_group_permissions"'  # what they may do (Django's own, kept for the request)


@pytest.mark.parametrize("role", [roles.CLERK, roles.OFFICER, roles.PARTNER_LEAD, roles.ADMINISTRATOR])
def test_a_page_reads_the_users_roles_once(client, role):
    user = make_user("someone", role)
    client.force_login(user)
    own_page = client.get(reverse("landing"))["Location"]
    with CaptureQueriesContext(connection) as page:
        assert client.get(own_page).status_code == 200
    assert reads(page.captured_queries, ROLE_NAMES) == 1
    assert reads(page.captured_queries, GROUP_PERMISSIONS) <= 1


def test_a_role_given_or_taken_is_seen_at_once_on_the_same_user():
    user = make_user("someone", roles.OFFICER)
    assert roles.role_names(user) == {roles.OFFICER}
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=roles.CLERK))
    assert roles.role_names(user) == {roles.OFFICER, roles.CLERK}
    user.groups.remove(Group.objects.get(name=roles.OFFICER))
    assert roles.role_names(user) == {roles.CLERK}
