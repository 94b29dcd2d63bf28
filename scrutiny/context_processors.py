from django.conf import settings

from actionplans import access
from actionplans.models import can_manage_people
from actionplans.roles import ADMINISTRATOR, CLERK, PARTNER_LEAD, role_names
from scrutiny.requestlog import current_request_id


def service(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    roles = role_names(user) if signed_in else set()
    clerk = signed_in and access.is_clerk(user)
    return {
        # For the error pages, so that a user can quote it (scrutiny/requestlog.py).
        "request_id": current_request_id(),
        "council_name": settings.SCRUTINY_COUNCIL_NAME,
        "service_name": "Scrutiny monitoring",
        "user_roles": sorted(roles),
        "can_use_admin": bool(roles & {CLERK, ADMINISTRATOR}) or bool(signed_in and user.is_superuser),
        "can_write_updates": signed_in and user.has_perm("actionplans.change_progressentry") and not clerk,
        "can_approve": signed_in and (clerk or access.is_link_officer(user)),
        "is_clerk": clerk,
        "can_manage_people": signed_in and can_manage_people(user),
        # Partner leads and clerks always; an officer or link officer only
        # when they lead for an organisation or coordinate a plan (asked
        # when the menu is drawn).
        "can_use_partnership_updates": signed_in
        and (
            PARTNER_LEAD in roles
            or user.has_perm("actionplans.change_quarter")
            or (lambda: user.partner_organisations.exists() or access.is_partnership_checker(user))
        ),
    }
