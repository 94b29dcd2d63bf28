from django.conf import settings

from actionplans.roles import ADMINISTRATOR, CLERK, role_names


def service(request):
    roles = role_names(request.user) if hasattr(request, "user") else set()
    return {
        "council_name": settings.SCRUTINY_COUNCIL_NAME,
        "service_name": "Scrutiny monitoring",
        "user_roles": sorted(roles),
        "can_use_admin": bool(roles & {CLERK, ADMINISTRATOR}) or getattr(request.user, "is_superuser", False),
    }
