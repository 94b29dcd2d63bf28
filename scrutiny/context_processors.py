from actionplans import permissions
from actionplans.models.council import council
from actionplans.roles import PARTNER_LEAD, keep_roles_for_the_page, role_names
from reports.public.guard import public_pages_on
from scrutiny.requestlog import current_request_id


def service(request):
    """The header's and the menu's facts: what the signed-in person may do,
    each asked of actionplans.permissions (the menu works out no rule of
    its own)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    if signed_in:
        keep_roles_for_the_page(user)
    roles = role_names(user) if signed_in else set()
    return {
        # For the error pages, so that a user can quote it (scrutiny/requestlog.py).
        "request_id": current_request_id(),
        # The council's own terms (its settings page): "wording.committee_name".
        "council_name": lambda: council().council_name,
        "wording": council,
        "service_name": "Scrutiny monitoring",
        # The front door links the public pages while they are on.
        "public_pages": public_pages_on(),
        "user_roles": sorted(roles),
        "can_use_admin": signed_in and permissions.uses_admin(user),
        "can_write_updates": signed_in and permissions.writes_updates(user),
        # Asked when the menu is drawn: each may take a query.
        "can_approve": signed_in and (lambda: permissions.checks_updates(user)),
        "is_clerk": signed_in and permissions.is_clerk(user),
        "can_manage_people": signed_in and permissions.manages_people(user),
        "can_change_council_settings": signed_in and permissions.may(user, permissions.CHANGE_COUNCIL_SETTINGS),
        # Partner leads and clerks always; an officer or link officer only
        # when they lead for an organisation or coordinate a plan.
        "can_use_partnership_updates": signed_in
        and (PARTNER_LEAD in roles or (lambda: permissions.uses_partnership_updates(user))),
    }
