"""What the test provider says about a person."""

import json

from django.conf import settings


def groups_of(user) -> list[str]:
    with open(settings.OIDC_PROVIDER_GROUPS_FILE) as file:
        return json.load(file).get(user.username, [])


# Each person's manager, by e-mail address, in the ID token's "manager_email"
# (a council maps its directory's manager attribute to a claim of its choice).
MANAGERS = {"colin": "carol.clerkson@example.org", "carol": "nobody.here@example.org"}


def add_groups(id_token, user, **kwargs):
    """The person's groups in the ID token (Entra ID's "groups" claim), and
    their manager's address where they have one."""
    id_token["groups"] = groups_of(user)
    if user.username in MANAGERS:
        id_token["manager_email"] = MANAGERS[user.username]
    return id_token


def userinfo(claims, user):
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = user.username != "uma"
    return claims
