"""Who may do what: the one place that reads a person's roles.

Two halves:

- The roles, each defined once by the permission its group holds
  (actionplans.roles gives the groups their permissions): `reads_papers`,
  `builds_plans`, `is_clerk`, ... The menu, the landing page, the
  QuerySets' `visible_to()` and the access helpers ask these, never
  `has_perm` or a group's name.
- The rules, one per verb with its reason: `why_not(user, verb, obj)` says
  why `user` may not do `verb` (to `obj`), or None when they may;
  `require(user, verb, obj)` raises Refused with that reason. Every writing
  verb on the models calls `require` before it touches anything, so no
  door (a page, the admin, the import, the API, a command) can get round
  it; the views ask the same rules to answer 403 or 404 first and to say
  why a button is missing.

Who is responsible for an action, who is a review's link officer and who
coordinates a plan are read from the objects themselves (their relations),
so this module imports no model and every model may import it.

Recipient lists (who is told of an update to check, who are the clerks)
are QuerySets here too, so that whoever may act and whoever is told cannot
drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from actionplans import roles


class Refused(PermissionDenied):
    """A verb refused to `by`, with the reason: a page that lets it through
    answers 403."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# The roles ---------------------------------------------------------------------
#
# Each is what a group's permission lets its holders do (actionplans.roles),
# so a superuser holds them all, an inactive login none, and an API token's
# reader only its one role's (ApiToken.reader).


def reads_papers(user) -> bool:
    """Anyone who reads the scrutiny papers: committee members, officers,
    link officers, clerks, administrators (not partner leads)."""
    return user.has_perm("actionplans.view_review")


def works_on_updates(user) -> bool:
    """Officers, link officers and clerks: they work on rounds before they
    are published (committee members see only what is published)."""
    return user.has_perm("actionplans.change_progressentry")


def approves_as_link_officer(user) -> bool:
    """Link officers: they check and approve the updates of the reviews
    they are named on (clerks check every review's: is_clerk). Being named
    is not enough: the role is read as it is now, so someone whose Link
    officer role is taken away checks nothing, though still named."""
    return user.has_perm("actionplans.approve_progressentry")


def builds_plans(user) -> bool:
    """Clerks and administrators set up reviews, partnership plans and
    frameworks of standards, and record what the executive and the committee
    decide: they alone see a plan while it is being set up."""
    return user.has_perm("actionplans.change_review")


def is_clerk(user) -> bool:
    """Democratic services (the Clerk role, and administrators, who hold
    every clerk's permission): they run monitoring rounds, print drafts and
    read the words of exempt information."""
    return user.has_perm("actionplans.change_round")


def runs_quarters(user) -> bool:
    """Clerks open and publish partnership plans' quarters."""
    return user.has_perm("actionplans.change_quarter")


def manages_people(user) -> bool:
    """Clerks and administrators add people, roles and committee members."""
    return user.has_perm("actionplans.add_owner")


def manages_committees(user) -> bool:
    """Clerks and administrators add and rename committees."""
    return user.has_perm("actionplans.add_committee")


def administers_logins(user) -> bool:
    """Administrators: every role, every login but a superuser's, API
    tokens and personal data."""
    return user.has_perm("auth.change_user")


def reads_partnership_plans(user) -> bool:
    """Everyone who reads the scrutiny papers, and partner leads (their own
    partnership's plans: PartnershipPlan.objects.visible_to)."""
    return user.has_perm("actionplans.view_partnershipplan")


def writes_partnership_updates(user) -> bool:
    """Partner leads, officers and clerks; which updates are theirs is
    Organisation.members (PartnershipUpdate.objects.owned_by)."""
    return user.has_perm("actionplans.change_partnershipupdate")


def writes_updates(user) -> bool:
    """Whose menu offers "Your updates": those who work on updates and are
    not clerks (a clerk's own updates, if any, are on the round page)."""
    return works_on_updates(user) and not is_clerk(user)


def is_link_officer(user) -> bool:
    """A link officer of any review (one query)."""
    return (
        user.is_authenticated
        and approves_as_link_officer(user)
        and user.owner_records.filter(link_officer_places__isnull=False).exists()
    )


def is_link_officer_of(user, review) -> bool:
    """Whether `user` is one of `review`'s link officers: from the review's
    link officers when they are prefetched (a list of updates), else one
    query."""
    if not user.is_authenticated:
        return False
    return any(owner.user_id == user.pk for owner in review.link_officers.all())


def coordinates_any_plan(user) -> bool:
    """The coordinator of some partnership plan, while they still work on
    updates (checks_plan; one query)."""
    return user.is_authenticated and works_on_updates(user) and user.coordinated_plans.exists()


def checks_partnership_updates(user) -> bool:
    """Clerks, and the coordinators of partnership plans."""
    return runs_quarters(user) or coordinates_any_plan(user)


def checks_plan(user, plan) -> bool:
    """Who checks a partnership plan's updates: its coordinator while they
    still work on updates (an officer, link officer or clerk:
    coordinator_candidates), and clerks."""
    coordinates = user.is_authenticated and user.pk == plan.coordinator_id
    return (coordinates and works_on_updates(user)) or runs_quarters(user)


def reads_exempt_words(user) -> bool:
    """Clerks and administrators read and print the words of exempt
    information (Schedule 12A): the confidential version of a document.
    Everyone else reads the exempt notice in their place."""
    return is_clerk(user)


def checks_updates(user) -> bool:
    """Clerks, and the link officers of reviews: the approvals page."""
    return is_clerk(user) or is_link_officer(user)


def uses_admin(user) -> bool:
    """Clerks and administrators (and superusers) have the back office."""
    return user.is_superuser or bool(roles.role_names(user) & roles.STAFF_ROLES)


def uses_partnership_updates(user) -> bool:
    """Whose menu offers "Partnership updates": partner leads, clerks, the
    leads of an organisation and the coordinators of a plan."""
    return (
        roles.PARTNER_LEAD in roles.role_names(user)
        or runs_quarters(user)
        or (user.is_authenticated and user.partner_organisations.exists())
        or coordinates_any_plan(user)
    )


def grantable_roles(user) -> list[str]:
    """The roles `user` may give or take away, in checkbox order: every one
    for an administrator, those that open no back office for a clerk."""
    if not manages_people(user):
        return []
    return roles.PERSON_ROLES if administers_logins(user) else roles.ROLES_CLERKS_GIVE


# Who holds a role, as QuerySets: the e-mails' recipients ------------------------


def holding_role(role: str):
    """The logins holding `role` (a group of actionplans.roles) themselves:
    the People page's filter."""
    return get_user_model().objects.filter(groups__name=role)


def holders_of(permission: str, users=None):
    """Those of `users` (every login if None) who hold `permission`
    ("app.codename"), in one query: active, and a superuser or given it
    themselves or through a group, as Django's ModelBackend decides it."""
    users = get_user_model().objects.all() if users is None else users
    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename).values("pk")
    holders = users.model.objects.filter(
        Q(is_superuser=True) | Q(user_permissions__in=granted) | Q(groups__permissions__in=granted)
    )
    return users.filter(is_active=True, pk__in=holders.values("pk"))


def paper_readers(users=None):
    """Those of `users` for whom reads_papers holds."""
    return holders_of("actionplans.view_review", users)


def clerks():
    """The clerks (is_clerk): whom an update nobody else may check, an
    executive response falling due, and the quarters' business go to."""
    return holders_of("actionplans.change_round")


@dataclass(frozen=True)
class Checkers:
    """Who checks one kind of update (APPROVE_UPDATE). Each kind names its
    own as `checked_by` (ProgressEntry: REVIEW_CHECKERS; PartnershipUpdate:
    PLAN_CHECKERS), so the rules here name no model. `in_scope(user,
    update)`: whether `user` is one of them; `refusal`: what anyone else is
    told; `first(update)`: the logins an update submitted for checking is
    put before, ahead of the clerks."""

    in_scope: Callable
    refusal: str
    first: Callable


def _checks_for_review(user, update) -> bool:
    """The checker's scope, written once: a clerk, or a link officer of the
    update's review (access._checked_by is its QuerySet twin)."""
    return is_clerk(user) or (approves_as_link_officer(user) and is_link_officer_of(user, update.round.review))


def _review_link_officers(update):
    return get_user_model().objects.filter(owner_records__link_officer_places__review=update.round.review_id)


def _checks_for_plan(user, update) -> bool:
    return checks_plan(user, update.quarter.plan)


def _plan_coordinator(update):
    return get_user_model().objects.filter(pk=update.quarter.plan.coordinator_id)


# A scrutiny update is checked by its review's link officers or a clerk.
REVIEW_CHECKERS = Checkers(
    in_scope=_checks_for_review,
    refusal="Only the review's link officers or a clerk check its updates.",
    first=_review_link_officers,
)
# A partnership update by its plan's coordinator or a clerk.
PLAN_CHECKERS = Checkers(
    in_scope=_checks_for_plan,
    refusal="Only the plan's coordinator or a clerk checks its updates.",
    first=_plan_coordinator,
)


def update_checkers(update):
    """Whom an update submitted for checking is put before: those its kind
    of update names first (`checked_by.first`: its review's link officers,
    or its plan's coordinator) who may approve it (why_not
    APPROVE_UPDATE), else the clerks who may."""
    first = update.checked_by.first(update)
    for candidates in (first.filter(is_active=True).distinct(), clerks()):
        chosen = [user for user in candidates if why_not(user, APPROVE_UPDATE, update) is None]
        if chosen:
            return chosen
    return []


def update_writers(round):
    """Whom a round's reminders go to: the logins of the people responsible
    for its updates not yet submitted (a co-owner too), each active and
    with an e-mail address (Owner.can_be_emailed); a group without a login
    is chased by hand."""
    waiting = round.entries.waiting_for_officers()
    return (
        get_user_model()
        .objects.filter(is_active=True, owner_records__entries__in=waiting)
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


def response_chasers(review):
    """Whom a review's executive response falling due is chased with: the
    clerks (democratic services, who chase the executive) and the review's
    own link officers, each active and with an e-mail address, once."""
    links = get_user_model().objects.filter(owner_records__linked_reviews=review, is_active=True)
    return (clerks() | links).exclude(email="").distinct().order_by("username")


def coordinator_candidates():
    """The logins that may coordinate a plan (check its leads' updates):
    active officers, link officers and clerks."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.OFFICER, roles.LINK_OFFICER, roles.CLERK])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def lead_candidates(partnership):
    """The logins a clerk may make leads of `partnership`'s organisations:
    the council's officers and link officers, and the partner leads not
    already leading for another partnership's organisation (a partner lead
    reads only their own partnership's plans). Active logins only, their
    roles prefetched."""
    organisations = partnership.organisations.model.objects
    elsewhere = organisations.exclude(partnership=partnership).exclude(members=None).values("members")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__name__in=[roles.OFFICER, roles.LINK_OFFICER])
            | (Q(groups__name=roles.PARTNER_LEAD) & ~Q(pk__in=elsewhere))
        )
        .distinct()
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "username")
    )


def committee_member_candidates(committee):
    """Whom a committee's members are chosen from: active logins holding
    the Committee member role, and anyone already a member."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=roles.COMMITTEE_MEMBER, is_active=True) | Q(committees=committee))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# The rules ---------------------------------------------------------------------
#
# One rule a verb: a function of (user, obj) returning the reason `user` may
# not, or None. Several verbs may share a function.

Rule = Callable[..., "str | None"]
RULES: dict[str, Rule] = {}


def why_not(user, verb: str, obj=None) -> str | None:
    """The reason `user` may not do `verb` (to `obj`), or None when they
    may. Nobody (None, or signed out) may do anything."""
    rule = RULES[verb]
    if user is None or not user.is_authenticated:
        return "Sign in first."
    return rule(user, obj)


def may(user, verb: str, obj=None) -> bool:
    return why_not(user, verb, obj) is None


def require(user, verb: str, obj=None) -> None:
    """Raise Refused, with the reason, unless `user` may do `verb` (to `obj`)."""
    reason = why_not(user, verb, obj)
    if reason is not None:
        raise Refused(reason)


def _rule(*verbs: str):
    def register(function: Rule) -> Rule:
        for verb in verbs:
            if verb in RULES:
                raise ValueError(f"two rules for {verb}")
            RULES[verb] = function
        return function

    return register


# Setting up plans: reviews, partnership plans, frameworks of standards.
SET_UP_REVIEW = "set up a review"
CHANGE_REVIEW = "change a review's details"
CHANGE_RECOMMENDATIONS = "add, change, move or remove recommendations"
CONFIRM_PLAN = "confirm a plan"
SET_LINK_OFFICERS = "choose a review's link officers"
IMPORT_PLAN = "import a plan"
CHANGE_RESPONSIBILITY = "change who is responsible for an action"
REMOVE_ACTION = "remove an action"
CHANGE_TARGET = "change an action's target"
RECORD_REPORT = "record the review's report"
RECORD_RESPONSES = "record the executive's responses"
PUBLISH_RESPONSES = "publish the executive's responses"
RECORD_DECISIONS = "record the committee's decisions"
SET_DELIVERIES = "link partnership actions to recommendations"
SET_UP_PARTNERSHIP = "set up a partnership and its organisations"
SET_ORGANISATION_LEADS = "choose an organisation's leads"
SET_UP_PARTNERSHIP_PLAN = "set up a partnership plan"
IMPORT_PARTNERSHIP_PLAN = "import a partnership plan"
MANAGE_INDICATORS = "add, rename or retire a national indicator"
CHANGE_FRAMEWORK = "set up a framework of standards"
RECORD_ASSESSMENT = "record a self-assessment"
RECORD_OUTCOME = "record a recommendation's outcome and impacts"
MARK_PRIORITY = "mark a recommendation a priority"
CONFIRM_IMPACT = "confirm an impact an officer reported"


@_rule(
    SET_UP_REVIEW,
    CHANGE_REVIEW,
    CHANGE_RECOMMENDATIONS,
    CONFIRM_PLAN,
    SET_LINK_OFFICERS,
    IMPORT_PLAN,
    CHANGE_RESPONSIBILITY,
    REMOVE_ACTION,
    CHANGE_TARGET,
    RECORD_REPORT,
    RECORD_RESPONSES,
    PUBLISH_RESPONSES,
    RECORD_DECISIONS,
    SET_DELIVERIES,
    SET_UP_PARTNERSHIP,
    SET_ORGANISATION_LEADS,
    SET_UP_PARTNERSHIP_PLAN,
    MANAGE_INDICATORS,
    CHANGE_FRAMEWORK,
    RECORD_ASSESSMENT,
    RECORD_OUTCOME,
    MARK_PRIORITY,
)
def _plan_builders(user, obj=None):
    if not builds_plans(user):
        return "Only clerks and administrators set up and change plans."
    return None


@_rule(CONFIRM_IMPACT)
def _impact_confirmers(user, review=None):
    """Clerks and administrators, and the review's link officers (who
    check its updates), confirm the impacts its officers' updates reported
    into the ledger: nobody their own (Impact.confirm)."""
    if builds_plans(user) or (
        approves_as_link_officer(user)
        and (is_link_officer(user) if review is None else is_link_officer_of(user, review))
    ):
        return None
    return "Only the review's link officers, clerks and administrators confirm the impacts its officers reported."


@_rule(IMPORT_PARTNERSHIP_PLAN)
def _partnership_importers(user, imported=None):
    """A plan's file may bring its past quarters' progress too: that is
    running quarters as well as setting up the plan."""
    if not builds_plans(user):
        return "Only clerks and administrators set up and change plans."
    if imported is not None and imported.has_progress and not runs_quarters(user):
        return "Only clerks and administrators record a plan's quarters."
    return None


# Monitoring rounds.
OPEN_ROUND = "open a monitoring round"
REOPEN_ROUND = "reopen a round"
PUBLISH_ROUND = "publish a round"
DELETE_ROUND = "delete a round"
SEND_REMINDERS = "send reminders"
ESCALATE_OVERDUE = "escalate overdue updates to their owners' managers"
CORRECT_ENTRY = "correct a published entry"
MARK_EXEMPT = "mark exempt information"


# Escalating is chasing by other means: whoever sends reminders (the daily
# job, by=None, escalates as the service itself).
@_rule(OPEN_ROUND, REOPEN_ROUND, PUBLISH_ROUND, DELETE_ROUND, SEND_REMINDERS, ESCALATE_OVERDUE)
def _round_runners(user, obj=None):
    if not is_clerk(user):
        return "Only clerks and administrators run monitoring rounds."
    return None


@_rule(CORRECT_ENTRY)
def _correctors(user, obj=None):
    if not is_clerk(user):
        return "Only a clerk corrects a published entry."
    return None


@_rule(MARK_EXEMPT)
def _exempt_markers(user, obj=None):
    if not is_clerk(user):
        return "Only clerks and administrators mark exempt information."
    return None


# Partnership plans' quarters.
RUN_QUARTERS = "open, publish or delete a quarter"
RECORD_AS_PRINTED = "record an update as the plan printed it"


@_rule(RUN_QUARTERS, RECORD_AS_PRINTED)
def _quarter_runners(user, obj=None):
    if not runs_quarters(user):
        return "Only clerks and administrators run partnership plans' quarters."
    return None


# Updates: written by those responsible, checked by someone else.
WRITE_UPDATE = "write an update"
WITHDRAW_UPDATE = "withdraw a submitted update"
APPROVE_UPDATE = "approve or return an update"


@_rule(WRITE_UPDATE)
def _writers(user, update):
    """Those responsible for the action (PartnershipUpdate: its lead
    organisations' leads), in person or through a role they hold, while
    their role still writes this kind of update (the model's change
    permission: officers, link officers and clerks a scrutiny update;
    partner leads too a partnership update)."""
    opts = type(update)._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return "Only those responsible for the action write its update."
    if not type(update).objects.owned_by(user).filter(pk=update.pk).exists():
        return "Only those responsible for the action write its update."
    return None


@_rule(WITHDRAW_UPDATE)
def _withdrawers(user, update):
    if _writers(user, update):
        return "Only the officers responsible for the action can withdraw its update."
    return None


@_rule(APPROVE_UPDATE)
def _checkers(user, update):
    """Those its kind of update names (`checked_by`: a scrutiny update's
    review's link officers or a clerk; a partnership update's plan's
    coordinator or a clerk). Segregation of duties: nobody decides on an
    update they are responsible for or submitted themselves, clerks
    included."""
    if not update.checked_by.in_scope(user, update):
        return update.checked_by.refusal
    if user.pk in update.responsible_user_ids():
        return "You are responsible for this action, so another link officer or a clerk must check the update."
    if update.submitter_pk() == user.pk:
        return "You submitted this update, so another link officer or a clerk must check it."
    return None


# The conversation on an update (models/comments.py).
COMMENT_ON_UPDATE = "comment on an update"


def takes_part_in(user, entry) -> bool:
    """Whether `user` is in `entry`'s conversation: one of its officers
    (co-owners too, in person or through a role they hold), a link officer
    of its review, or a clerk. Who reads the thread is who may write in it."""
    if not works_on_updates(user):
        return False
    return _checks_for_review(user, entry) or type(entry).objects.owned_by(user).filter(pk=entry.pk).exists()


@_rule(COMMENT_ON_UPDATE)
def _commenters(user, entry):
    """The update's officers, its review's link officers and the clerks
    write to each other while its round is open; once published the
    conversation is closed (it never was part of the record)."""
    if not takes_part_in(user, entry):
        return "Only the update's officers, the review's link officers and clerks comment on it."
    if not entry.round.is_open:
        return "The round is published: its updates' conversations are closed."
    return None


# Evidence files on a scrutiny update (EvidenceFile): attached and removed by
# those who write the update, while they may change it; read by whoever may
# read the update itself.
ATTACH_EVIDENCE = "attach a file to an update"
REMOVE_EVIDENCE = "remove a file from an update"
READ_EVIDENCE = "download an update's file"


@_rule(ATTACH_EVIDENCE, REMOVE_EVIDENCE)
def _evidence_writers(user, update):
    if _writers(user, update):
        return "Only those responsible for the action attach or remove its update's files."
    return None


@_rule(READ_EVIDENCE)
def _evidence_readers(user, evidence):
    """Those responsible for the action always; otherwise whoever reads the
    update: its link officers and clerks once it is submitted, every reader
    of the papers once its round is published and it was received. Files of
    exempt information (the file, its update, action or recommendation)
    as the words are: for those who check the update while it is checked,
    and once published for those who read exempt words (clerks)."""
    entry = evidence.entry
    if not _writers(user, entry):
        return None
    if not reads_papers(user):
        return "Only those who read the scrutiny papers read an update's files."
    if not type(entry.round).objects.visible_to(user).filter(pk=entry.round_id).exists():
        return "This update's round is not one you may read."
    # Who checks the update (as _checkers has it) reads its files while it is checked.
    checking = not entry.round.is_published and entry.checked_by.in_scope(user, entry)
    if entry.round.is_published:
        if not entry.is_received:
            return "Only the files of an update the committee received are part of the record."
    elif not (checking and entry.has_reached_link_officer):
        return "An update's files are its officers' own until they submit it, and the committee's once published."
    if (evidence.is_exempt or entry.words_exempt_notice) and not (reads_exempt_words(user) or checking):
        return "This file is exempt information: clerks read it, and link officers while they check its update."
    return None


# Committees and people.
ADD_COMMITTEE = "add or rename a committee"
SET_COMMITTEE_MEMBERS = "choose a committee's members"
ADD_PERSON = "add a person"
GIVE_ROLES = "give or take away roles"
CHANGE_LOGIN = "change a person's login"
CHANGE_EMAIL = "change a person's e-mail address"
DEACTIVATE_LOGIN = "deactivate or reactivate a login"
CHANGE_ROLE_OR_GROUP = "add or change a role or group"
SET_MANAGER = "record a person's manager"


@_rule(ADD_COMMITTEE)
def _committee_managers(user, obj=None):
    if not manages_committees(user):
        return "Only clerks and administrators add and rename committees."
    return None


# A manager is told of late updates, nothing more: not a login matter, so a
# clerk records anyone's, a clerk's or their own included.
@_rule(SET_COMMITTEE_MEMBERS, ADD_PERSON, CHANGE_ROLE_OR_GROUP, SET_MANAGER)
def _people_managers(user, obj=None):
    if not manages_people(user):
        return "You cannot change people's logins."
    return None


@_rule(GIVE_ROLES)
def _role_givers(user, given):
    """`given`: the roles given or taken away."""
    refused = set(given) - set(grantable_roles(user))
    if refused:
        return f"You cannot give or take away the role of {', '.join(sorted(refused))}."
    return None


@_rule(CHANGE_LOGIN)
def _login_changers(user, account):
    """Who may change `account` (a login: its name, e-mail, roles or active
    state; None: a person without one). A clerk does not touch the login of
    a clerk or administrator, nor their own."""
    if not manages_people(user):
        return "You cannot change people's logins."
    if account is None:
        return None
    if account.is_superuser and not user.is_superuser:
        return "Only a superuser can change a superuser's login."
    if administers_logins(user):
        return None
    if account.pk == user.pk:
        return "You cannot change your own login or roles: ask an administrator."
    if account.is_staff or roles.role_names(account) & roles.STAFF_ROLES:
        return "Only an administrator can change the login or roles of a clerk or administrator."
    return None


@_rule(CHANGE_EMAIL)
def _email_changers(user, account):
    """The address is where the set-password link and "Forgot your
    password?" go, so whoever changes it could take the login over: a clerk
    corrects only the address of a newcomer who has not yet chosen a
    password (a mistyped one); once they have, only an administrator
    changes it, and the old address is told (Owner.change_person)."""
    why = _login_changers(user, account)
    if why or account is None or administers_logins(user):
        return why
    if account.has_usable_password():
        return (
            "They have chosen their password, so only an administrator can change their e-mail address: "
            "it is where their set-password links go."
        )
    return None


@_rule(DEACTIVATE_LOGIN)
def _deactivators(user, account):
    why = _login_changers(user, account)
    if why:
        return why
    if account is not None and account.pk == user.pk:
        return "You cannot deactivate your own login."
    return None


# A person's own choices.
CHOOSE_NOTIFICATIONS = "choose which e-mails to get"
FOLLOW = "follow a review or action"
RESET_CALENDAR = "make or reset one's calendar link"


@_rule(CHOOSE_NOTIFICATIONS)
def _own_choices(user, person):
    if person is None or person.pk != user.pk:
        return "A person chooses only their own e-mails."
    return None


@_rule(RESET_CALENDAR)
def _own_calendar(user, person):
    """Anyone signed in has a calendar of their own dates (none, for some):
    nobody else makes, reads or resets its link, an administrator
    included (an administrator who wants a person's link gone deactivates
    the login, which the feed then refuses)."""
    if person is None or person.pk != user.pk:
        return "A person makes or resets only their own calendar link."
    return None


@_rule(FOLLOW)
def _followers(user, person):
    if person is None or person.pk != user.pk:
        return "A person follows only for themselves."
    if not reads_papers(user):
        return "Only those who read the scrutiny papers follow reviews and actions."
    return None


# Administration: API tokens and personal data.
ISSUE_TOKEN = "issue an API token"
REVOKE_TOKEN = "revoke an API token"
EXPORT_PERSONAL_DATA = "export a person's personal data"
ERASE_PERSONAL_DATA = "erase a person's personal data"


@_rule(ISSUE_TOKEN)
def _token_issuers(user, obj=None):
    if not administers_logins(user):
        return "Only an administrator can issue API tokens."
    return None


@_rule(REVOKE_TOKEN)
def _token_revokers(user, obj=None):
    if not administers_logins(user):
        return "Only an administrator can revoke API tokens."
    return None


@_rule(EXPORT_PERSONAL_DATA)
def _exporters(user, owner=None):
    if not administers_logins(user):
        return "Only an administrator can export a person's personal data."
    return None


@_rule(ERASE_PERSONAL_DATA)
def _erasers(user, subject):
    """`subject`: a person record or a models.personal_data.DataSubject
    (either has the login as `user`)."""
    if not administers_logins(user):
        return "Only an administrator can erase a person's personal data."
    if subject is not None and subject.user_id is not None:
        if subject.user_id == user.pk:
            return "You cannot erase yourself: ask another administrator."
        if subject.user.is_superuser:
            return "This login is a superuser: take that away in the admin first."
    return None


# The council's own terms: its wording and grading scales.
CHANGE_COUNCIL_SETTINGS = "change the council's wording and grading scales"
CHANGE_ESCALATION = "change how late an update is before it is escalated"


@_rule(CHANGE_COUNCIL_SETTINGS, CHANGE_ESCALATION)
def _council_setters(user, obj=None):
    if not administers_logins(user):
        return "Only an administrator can change the council's settings."
    return None
