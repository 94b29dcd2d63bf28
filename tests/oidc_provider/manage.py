"""The test provider's manage.py: `prepare` makes its database, signing key,
client and people in one go (from a JSON file); anything else is Django's
own (`runserver`)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def prepare(path):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    plan = json.loads(Path(path).read_text())
    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Scrutiny monitoring",
        client_type="confidential",
        client_id=plan["client_id"],
        client_secret=plan["client_secret"],
        jwt_alg="RS256",
        require_consent=False,
        reuse_consent=True,
        _redirect_uris="\n".join(plan["redirect_uris"]),
        _scope="openid email profile",
    )
    client.response_types.set(ResponseType.objects.filter(value="code"))
    for person in plan["people"]:
        User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person["first_name"],
            last_name=person["last_name"],
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    if sys.argv[1:2] == ["prepare"]:
        django.setup()
        prepare(sys.argv[2])
    else:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
