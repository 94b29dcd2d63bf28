"""The six roles (docs/roles-and-rules.md) as Django groups, and what each may do.

Model permissions say what kind of thing a role may touch; which particular
review or entry a person may touch is decided by the access helpers in
actionplans/access.py.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, prefetch_related_objects

CLERK = "Clerk"
LINK_OFFICER = "Link officer"
OFFICER = "Officer"
COMMITTEE_MEMBER = "Committee member"
ADMINISTRATOR = "Administrator"
# Someone from a partner agency (the police, a charity) who writes the
# quarterly updates of their own organisation's partnership-plan actions
# and reads those plans, and nothing of the council's scrutiny reviews.
PARTNER_LEAD = "Partner lead"

ROLES = [CLERK, LINK_OFFICER, OFFICER, COMMITTEE_MEMBER, ADMINISTRATOR, PARTNER_LEAD]

# The roles a person's login may be given on the People pages, in the order
# the checkboxes list them. Clerks give the first three; only an
# administrator gives the two that open the back office (actionplans.models.people).
PERSON_ROLES = [OFFICER, LINK_OFFICER, COMMITTEE_MEMBER, PARTNER_LEAD, CLERK, ADMINISTRATOR]
ROLES_CLERKS_GIVE = [OFFICER, LINK_OFFICER, COMMITTEE_MEMBER, PARTNER_LEAD]
STAFF_ROLES = {CLERK, ADMINISTRATOR}
# The roles whose logins may be an organisation's leads in a partnership
# (Organisation.members): those who write updates.
UPDATE_WRITING_ROLES = [PARTNER_LEAD, OFFICER, LINK_OFFICER]
# What each role lets a person do, in a clerk's words (the People pages).
DESCRIPTIONS = {
    OFFICER: "Writes the progress updates of their actions",
    LINK_OFFICER: "Checks and approves the updates of the reviews they are link officer of",
    COMMITTEE_MEMBER: "A councillor: reads the dashboards and papers, and can be made a member of a committee",
    CLERK: "Democratic services: sets up reviews, runs monitoring rounds and manages people",
    ADMINISTRATOR: "Looks after logins and the back office",
    PARTNER_LEAD: "From a partner agency: writes the quarterly updates of their organisation's partnership actions",
}

_REVIEW_MODELS = [
    "committee",
    "owner",
    "review",
    "recommendation",
    "subaction",
    "action",
    "responsibility",
    "round",
    "progressentry",
    "entryresponsibility",
    "executiveresponse",
    "sentreminder",
    "committeedecision",
    "targetrevision",
    # What the council's status words and colours mean, as a clerk confirmed at an import.
    "statusmeaning",
]
# Partnership plans: read by everyone who reads the scrutiny papers, and by
# partner leads (of their own partnership: PartnershipPlan.objects.visible_to).
_PARTNERSHIP_MODELS = [
    "partnership",
    "organisation",
    "indicator",
    "partnershipplan",
    "glossaryentry",
    "theme",
    "partnershipaction",
    "actionindicator",
    "activity",
    "quarter",
    "partnershipupdate",
    "delivery",
]
# Frameworks of good-practice standards and self-assessments against them:
# read by everyone who reads the scrutiny papers, held by clerks.
_STANDARDS_MODELS = ["framework", "level", "standard", "characteristic", "assessment", "localresponse", "gaplink"]
_READ_PARTNERSHIPS = [f"actionplans.view_{model}" for model in _PARTNERSHIP_MODELS]
_READ = [f"actionplans.view_{model}" for model in _REVIEW_MODELS + _STANDARDS_MODELS] + _READ_PARTNERSHIPS
_BUILD = [
    f"actionplans.{verb}_{model}"
    for model in _REVIEW_MODELS + _PARTNERSHIP_MODELS + _STANDARDS_MODELS
    for verb in ("add", "change", "delete", "view")
]
_WRITE_UPDATES = ["actionplans.change_progressentry", "actionplans.change_partnershipupdate"]
_ADMINISTER = [
    f"auth.{verb}_{model}" for model in ("user", "group") for verb in ("add", "change", "delete", "view")
] + ["axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accesslog", "axes.view_accessfailurelog"]

# The replies officers e-mailed, each message as it arrived: democratic
# services' to read (the back office), nobody's to change.
_READ_REPLIES = ["actionplans.view_emailedreply"]

PERMISSIONS = {
    CLERK: _BUILD + _READ_REPLIES,
    LINK_OFFICER: [*_READ, *_WRITE_UPDATES, "actionplans.approve_progressentry"],
    OFFICER: [*_READ, *_WRITE_UPDATES],
    COMMITTEE_MEMBER: _READ,
    ADMINISTRATOR: _BUILD + _READ_REPLIES + _ADMINISTER,
    PARTNER_LEAD: [*_READ_PARTNERSHIPS, "actionplans.change_partnershipupdate"],
}


def sync_groups(**kwargs):
    """Create the role groups and give each exactly its permissions. Runs
    after every migrate, so a new deployment and a new permission both get
    the groups right without a hand-written step."""
    for role, names in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))


def role_names(user) -> set[str]:
    """The user's roles: read from the groups prefetched on the user where
    they are (keep_roles_for_the_page), else from the database."""
    if not user.is_authenticated:
        return set()
    return {group.name for group in user.groups.all()}


def keep_roles_for_the_page(user) -> None:
    """Read the signed-in user's groups once for the page being drawn, which
    asks for them several times (its header, its menu and its rules)."""
    if user.is_authenticated:
        prefetch_related_objects([user], "groups")
