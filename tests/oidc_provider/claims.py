"""What the test provider says about a person."""

import json

from django.conf import settings


def groups_of(user) -> list[str]:
    with open(settings.OIDC_PROVIDER_GROUPS_FILE) as file:
        return json.load(file).get(user.username, [])


def add_groups(id_token, user, **kwargs):
    """The person's groups in the ID token (Entra ID's "groups" claim)."""
    id_token["groups"] = groups_of(user)
    return id_token


def userinfo(claims, user):
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = user.username != "uma"
    return claims
