"""Committees, and the people and groups that actions are the responsibility
of, with their logins and roles."""

import hashlib
import itertools
import logging
import re

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower, Trim
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from simple_history import register

from actionplans import permissions
from actionplans import roles as role_rules
from actionplans.models.common import ONE_LINE, AuditHistory, _attribute
from actionplans.models.council import council as council_terms
from actionplans.models.notifications import SET_PASSWORD_TOKEN, Notification
from actionplans.models.notifications import Kind as MailKind
from actionplans.security import roles_changed
from actionplans.text import one_line

logger = logging.getLogger(__name__)


class AccountHistory(AuditHistory):
    """The logins' audit history: who changed a person's name, e-mail, roles
    or active state, and when. A sign-in saves only `last_login`, which is
    not a change anyone made, so it leaves no row; the password (hashed) is
    never copied into the history."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


# Django's User model is not ours to change, so its history model
# (HistoricalUser, with the roles as HistoricalUser_groups) lives in this app.
register(
    User,
    app="actionplans",
    records_class=AccountHistory,
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups"],
)


# Who may manage people ------------------------------------------------------
#
# Clerks and administrators add people, give them logins and roles, set up
# roles and groups and choose committee members, on the People pages, without
# holding Django's own permissions on logins (the admin's user pages stay the
# administrators'). A clerk gives only the roles that cannot open the back
# office, and does not touch the login of a clerk or administrator, nor their
# own. The verbs below enforce this; the views and forms ask the same rules.


def _split_name(name: str) -> tuple[str, str]:
    """'Vanessa Housley' -> ('Vanessa', 'Housley'): a login's first and last
    names, which the e-mails and the header use."""
    parts = name.split()
    if len(parts) < 2:
        return name[:150], ""
    return " ".join(parts[:-1])[:150], parts[-1][:150]


def _free_username(email: str) -> str:
    """A username from the e-mail address: its part before the @, with a
    number added when someone has it already ('j.smith', 'j.smith2')."""
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0].lower())[:140] or "person"
    candidate, n = base, 2
    while User.objects.filter(username__iexact=candidate).exists():
        candidate, n = f"{base}{n}", n + 1
    return candidate


def _set_roles(user, roles, *, by, managed=None) -> None:
    """Give the login exactly `roles` among the roles `by` may give (or
    among `managed`); any other role it holds stays. Clerks and
    administrators use the admin, so they are staff."""
    managed = set(permissions.grantable_roles(by) if managed is None else managed)
    held = {group.name for group in user.groups.all()}
    wanted = (held - managed) | set(roles)
    if wanted != held:
        _attribute(user, by)
        user.groups.set(Group.objects.filter(name__in=wanted))
        roles_changed(user, before=held, after=wanted, by=by)
    staff = user.is_superuser or bool(wanted & role_rules.STAFF_ROLES)
    if user.is_staff != staff:
        user.is_staff = staff
        _attribute(user, by)
        user.save()


def _check_person(*, name, email, owner=None, user=None) -> dict:
    """The name and e-mail address of a person, checked: no other
    responsible person of that name, no other login with that e-mail."""
    errors = {}
    if not name:
        errors["name"] = "Enter the person's full name"
    elif Owner.objects.exclude(pk=getattr(owner, "pk", None)).named(name).exists():
        errors["name"] = f"There is already someone called {name}: look for them on the People page"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an e-mail address in the correct format, like name@example.org"
        else:
            others = User.objects.exclude(pk=getattr(user, "pk", None)).filter(email__iexact=email)
            holder = others.first()
            if holder is not None:
                errors["email"] = f"{holder.get_full_name() or holder.username} already has a login with {email}"
    if errors:
        raise ValidationError(errors)
    return errors


def _new_login(*, name, email, roles, by, managed=None):
    first, last = _split_name(name)
    user = User(username=_free_username(email), email=email, first_name=first, last_name=last)
    # They choose their own password from the e-mailed link; until then no
    # password signs them in.
    user.set_unusable_password()
    _attribute(user, by)
    user.full_clean(exclude=["password"])
    user.save()
    _set_roles(user, roles, by=by, managed=managed)
    return user


def login_from_identity_provider(*, email: str, name: str, roles, manager_email: str | None = None):
    """The login of someone signing in through the council's identity
    provider (single sign-on, actionplans/sso.py), given exactly `roles`
    (from their groups there): found by e-mail address, or made the first
    time, with a person of their name on the People pages. The provider
    decides every role, at every sign-in, so a change made there takes
    effect at their next sign-in; the login's history says so, naming the
    person themself. Such a login has no password of its own.

    `manager_email` (the provider's manager claim; None: it sent none)
    records the person's manager the same way, at every sign-in: the person
    on the People pages whose login has that address, or no manager when
    nobody here has it (the chase page then says "No manager recorded")."""
    email = User.objects.normalize_email(one_line(email).strip())
    name = one_line(name).strip()[:200] or email
    roles = set(roles)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = _new_login(name=name, email=email, roles=[], by=None, managed=role_rules.PERSON_ROLES)
            _person_for_new_login(user, name=name, email=email)
        held = {group.name for group in user.groups.all()}
        if held & set(role_rules.PERSON_ROLES) != roles:
            # Not "in {provider}": the name may read "your council account".
            user._change_reason = "Roles from their groups at single sign-on"
            _set_roles(user, roles, by=user, managed=role_rules.PERSON_ROLES)
            del user._change_reason
        if manager_email is not None:
            _manager_from_identity_provider(user, manager_email)
    return user


def _manager_from_identity_provider(user, manager_email: str) -> None:
    person = Owner.objects.filter(user=user, kind=Owner.Kind.PERSON).first()
    if person is None:
        return
    address = User.objects.normalize_email(one_line(str(manager_email)).strip())
    manager = None
    if address:
        manager = (
            Owner.objects.filter(kind=Owner.Kind.PERSON, user__email__iexact=address).exclude(pk=person.pk).first()
        )
        if manager is None:
            logger.warning("Single sign-on: %s's manager %s is on nobody's login here", user.email, address)
    _record_manager(person, manager, by=user, reason="Manager from single sign-on")


def _person_for_new_login(user, *, name, email) -> None:
    """The person on the People pages whose login a first sign-in made, so
    that actions can be theirs. Someone else may have the name already:
    then they are told apart by a number, "Alex Love (2)", "(3)"..., the
    first free one, and their history says a clerk may rename them. Never
    by their e-mail address: a person's name is public (documents, public
    pages, open data)."""
    candidate, reason = name, ""
    for number in itertools.count(2):
        if not Owner.objects.named(candidate).exists():
            break
        suffix = f" ({number})"
        candidate = name[: 200 - len(suffix)].rstrip() + suffix
        reason = f"Someone was already called {name[:30]}: a clerk may rename them"[:100]
    owner = Owner(name=candidate, kind=Owner.Kind.PERSON, user=user)
    owner.full_clean()
    _attribute(owner, user)
    if reason:
        owner._change_reason = reason
    owner.save()


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if permissions.reads_papers(user) else self.none()

    def followed_by(self, user):
        """Where a reader starts: a member's own committees; for everyone who
        works across committees (officers, clerks), all of them."""
        committees = self.visible_to(user)
        return committees if permissions.works_on_updates(user) else committees.filter(members=user)

    def add(self, *, name: str, by) -> "Committee":
        """A new committee ("Crime and Disorder Select Committee"); its
        address comes from the name, made unique. Refused with
        ValidationError (on `name`) for a name another committee has."""
        permissions.require(by, permissions.ADD_COMMITTEE)
        with transaction.atomic():
            committee = Committee(name=_committee_name(name))
            committee.slug = self._unique_slug(committee.name)
            _check_committee_name(committee)
            committee.full_clean()
            _attribute(committee, by)
            committee.save()
        return committee

    def _unique_slug(self, name: str) -> str:
        base = slugify(name)[:90].strip("-") or "committee"
        taken = set(Committee.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        taken.add("new")  # committees/new/ is the page that adds one
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug


def _committee_name(name: str) -> str:
    return one_line(name).strip()


def _check_committee_name(committee) -> None:
    if not committee.name:
        raise ValidationError({"name": "Enter the name of the committee"})
    others = Committee.objects.exclude(pk=committee.pk).filter(name__iexact=committee.name)
    if others.exists():
        raise ValidationError({"name": f"There is already a committee called {committee.name}"})


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    slug = models.SlugField(max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="committees",
        help_text="Councillors who sit on the committee.",
    )
    history = AuditHistory(m2m_fields=[members])

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "committee"

    def __str__(self):
        return self.name

    def rename(self, *, name: str, by) -> None:
        """Give the committee a new name. Its address stays as it was, so
        links to its dashboard keep working."""
        permissions.require(by, permissions.ADD_COMMITTEE, self)
        with transaction.atomic():
            committee = Committee.objects.select_for_update().get(pk=self.pk)
            old, committee.name = committee.name, _committee_name(name)
            _check_committee_name(committee)
            if committee.name == old:
                return
            committee.full_clean()
            _attribute(committee, by)
            committee.save()
        self.name = committee.name

    def set_members(self, members, *, by) -> None:
        """Make `members` (logins) the committee's members; each addition and
        removal is in the committee's history, with `by`."""
        permissions.require(by, permissions.SET_COMMITTEE_MEMBERS, self)
        members = set(members)
        with transaction.atomic():
            committee = Committee.objects.select_for_update().get(pk=self.pk)
            allowed = set(permissions.committee_member_candidates(committee))
            if members - allowed:
                raise ValidationError({"members": "Choose councillors who hold the Committee member role"})
            if members != set(committee.members.all()):
                _attribute(committee, by)
                committee.members.set(members)


def name_key(name: str) -> str:
    """What tells people's names apart: not case, nor spaces around them
    ("neil mitchell " is Neil Mitchell). OwnerQuerySet.named() is the same
    rule in the database."""
    return name.strip().lower()


class OwnerQuerySet(models.QuerySet):
    def logins_without_person(self):
        """The logins no person record names (councillors, clerks,
        administrators, partner leads, the IT team's): their personal data
        has pages of its own (actionplans/personal_data/)."""
        people = self.filter(kind=Owner.Kind.PERSON, user__isnull=False).values("user")
        return User.objects.exclude(pk__in=people).order_by("username")

    def named(self, *names: str):
        """The people and roles called any of `names` (see name_key): the
        People pages refuse a second person of a name this finds, and the
        import matches the names a file gives with it."""
        keys = {name_key(name) for name in names}
        return self.annotate(name_key=Lower(Trim("name"))).filter(name_key__in=keys)

    def add_person(self, *, name: str, email: str, roles, by, on_new_login=None) -> "Owner":
        """A responsible person and their login in one step: the login gets
        `roles` and no usable password (send_set_password_email lets them
        choose one). `on_new_login(owner)` is called once the transaction
        has committed (to e-mail the link: no e-mail names a login that was
        rolled back). Refused with PermissionDenied for a role `by` may not
        give, and with ValidationError (by field) for a name or e-mail
        address already in use."""
        name, email = one_line(name).strip(), User.objects.normalize_email(one_line(email).strip())
        roles = list(roles)
        permissions.require(by, permissions.ADD_PERSON)
        permissions.require(by, permissions.GIVE_ROLES, roles)
        if not email:
            raise ValidationError({"email": "Enter the person's e-mail address"})
        with transaction.atomic():
            _check_person(name=name, email=email)
            user = _new_login(name=name, email=email, roles=roles, by=by)
            owner = Owner(name=name, kind=Owner.Kind.PERSON, user=user)
            owner.full_clean()
            _attribute(owner, by)
            owner.save()
            if on_new_login is not None:
                transaction.on_commit(lambda: on_new_login(owner))
        return owner

    def add_role(self, *, name: str, holder: "Owner | None" = None, by) -> "Owner":
        """A role or group ("SBC Hate Crime Lead"), held by `holder`'s login."""
        permissions.require(by, permissions.CHANGE_ROLE_OR_GROUP)
        role = Owner(name=one_line(name).strip(), kind=Owner.Kind.ROLE, user=_holder_login(holder))
        if Owner.objects.named(role.name).exists():
            raise ValidationError({"name": f"There is already a person, role or group called {role.name}"})
        role.full_clean()
        _attribute(role, by)
        role.save()
        return role

    def for_people_list(self):
        """Everyone and every role, with their logins' roles and how many
        actions they are responsible for, in a fixed number of queries."""
        return (
            self.select_related("user")
            .prefetch_related("user__groups")
            .annotate(action_count=models.Count("responsibilities"))
            .order_by("name")
        )

    def search(self, *, text: str = "", role: str = "", kind: str = ""):
        """The People page's filter: name or e-mail containing `text`; logins
        holding `role` ("none": people without any role); people or roles."""
        found = self
        if text:
            found = found.filter(models.Q(name__icontains=text) | models.Q(user__email__icontains=text))
        if role == "none":
            found = found.exclude(user__groups__isnull=False)
        elif role:
            found = found.filter(user__in=permissions.holding_role(role))
        if kind:
            found = found.filter(kind=kind)
        return found

    def manager_for(self, text: str, *, person: "Owner") -> "Owner | None":
        """The manager `text` names for `person`: someone on the People pages
        by name or by their login's e-mail address ('' or None: no manager).
        Refused with ValidationError (on `manager`) for nobody known, a role
        or group, someone without an e-mail address, or the person
        themself."""
        text = one_line(text or "").strip()
        if not text:
            return None
        found = self.filter(kind=Owner.Kind.PERSON).select_related("user")
        manager = found.named(text).first() or found.filter(user__email__iexact=text).first()
        if manager is None:
            raise ValidationError(
                {"manager": f"There is nobody called {text} on the People pages: add them, with an e-mail address"}
            )
        if manager.pk == person.pk:
            raise ValidationError({"manager": "Choose someone other than the person themself"})
        if manager.user is None or not manager.user.email:
            raise ValidationError(
                {"manager": f"{manager.name} has no e-mail address: give them one first, so that they can be told"}
            )
        return manager

    def login_holders(self):
        """People with a login: whom a role can be given to."""
        return self.filter(kind=Owner.Kind.PERSON, user__isnull=False).select_related("user").order_by("name")


def _holder_login(holder):
    if holder is None:
        return None
    if holder.kind != Owner.Kind.PERSON or holder.user_id is None:
        raise ValidationError({"holder": "Choose a person who has a login"})
    return holder.user


class Owner(models.Model):
    """Somebody an action can be the responsibility of: a named person, or a
    role or group ("SBC Hate Crime Lead", "All Stockton hate crime group
    members"). A person, or whoever holds a role, may have a login."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ROLE = "role", "Role or group"

    name = models.CharField(max_length=200, unique=True, validators=ONE_LINE)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owner_records",
        help_text="The login of this person, or of whoever holds this role.",
    )
    # Told when this person's update is late past the council's point of
    # escalation (models/escalations.py). A person on the People pages with
    # an e-mail address: they need no role to be told.
    manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        limit_choices_to={"kind": "person"},
        help_text="Told by e-mail when this person's update is overdue past the council's point of escalation.",
    )
    history = AuditHistory()

    objects = OwnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "responsible person or group"
        verbose_name_plural = "responsible people and groups"

    def __str__(self):
        return self.name

    @property
    def can_be_emailed(self) -> bool:
        """Reminders reach an owner with an active login and an e-mail address."""
        return bool(self.user and self.user.email and self.user.is_active)

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    def role_names(self) -> list[str]:
        """The roles of the login, in checkbox order (prefetch user__groups)."""
        if self.user is None:
            return []
        held = {group.name for group in self.user.groups.all()}
        return [role for role in role_rules.ROLES if role in held]

    def state_token(self) -> str:
        """What the change form was opened on: if it differs when the form is
        saved, someone else changed the person meanwhile."""
        user = self.user
        parts = [self.name]
        if user is not None:
            parts += [user.email, str(user.is_active), *sorted(g.name for g in user.groups.all())]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    def change_person(self, *, name: str, email: str, roles, by, seen: str | None = None, on_new_login=None) -> bool:
        """Change a person's name, and their login's e-mail address and roles;
        give a person without a login one when an e-mail address is given.
        Returns True when a login was made; `on_new_login(owner)` is then
        called once the transaction has committed (to e-mail the
        set-password link). When an administrator changes the address of
        someone who has chosen a password, the old address is told. Refused
        with PermissionDenied when `by` may not change this login, its
        e-mail address or these roles (permissions.CHANGE_LOGIN,
        CHANGE_EMAIL, GIVE_ROLES), and with
        ValidationError when someone else changed the person since `seen`
        (state_token) was read."""
        name, email = one_line(name).strip(), User.objects.normalize_email(one_line(email).strip())
        roles = set(roles)
        with transaction.atomic():
            owner = _locked_person(self.pk)
            user = owner.user
            permissions.require(by, permissions.CHANGE_LOGIN, user)
            old_email = user.email if user is not None else ""
            email_changed = user is not None and email.lower() != old_email.lower()
            if email_changed:
                permissions.require(by, permissions.CHANGE_EMAIL, user)
            held = set(owner.role_names())
            permissions.require(by, permissions.GIVE_ROLES, roles ^ (held & set(role_rules.PERSON_ROLES)))
            _check_person_change(owner, seen=seen, name=name, email=email, roles=roles, email_changed=email_changed)
            created = user is None and bool(email)
            if created:
                owner.user = _new_login(name=name, email=email, roles=roles, by=by)
            elif user is not None:
                _change_login(user, name=name, email=email, roles=roles, by=by, old_email=old_email)
            if owner.name != name or created:
                owner.name = name
                owner.full_clean()
                _attribute(owner, by)
                owner.save()
            if created and on_new_login is not None:
                transaction.on_commit(lambda: on_new_login(owner))
        self.refresh_from_db()
        return created

    def set_manager(self, manager: "Owner | None", *, by) -> None:
        """Record `manager` (Owner.objects.manager_for) as this person's
        manager, or none; in the person's history with `by`."""
        permissions.require(by, permissions.SET_MANAGER, self)
        _record_manager(self, manager, by=by)

    def set_login_active(self, active: bool, *, by) -> None:
        """Deactivate a login (the person can no longer sign in; their name
        stays on the actions and in the history), or reactivate it."""
        with transaction.atomic():
            owner = Owner.objects.select_related("user").get(pk=self.pk)
            user = owner.user
            if user is None:
                raise ValidationError("This person has no login.")
            permissions.require(by, permissions.DEACTIVATE_LOGIN, user)
            user = User.objects.select_for_update().get(pk=user.pk)
            if user.is_active != active:
                user.is_active = active
                _attribute(user, by)
                user.save()
        self.refresh_from_db()

    def change_role(self, *, name: str, holder: "Owner | None", by) -> None:
        """Rename a role or group, or give it to another login holder (None:
        nobody holds it for now)."""
        permissions.require(by, permissions.CHANGE_ROLE_OR_GROUP, self)
        with transaction.atomic():
            role = Owner.objects.select_for_update().get(pk=self.pk)
            if role.kind != Owner.Kind.ROLE:
                raise ValidationError("This is a person, not a role or group.")
            name = one_line(name).strip()
            if Owner.objects.exclude(pk=role.pk).named(name).exists():
                raise ValidationError({"name": f"There is already a person, role or group called {name}"})
            login = _holder_login(holder)
            if (role.name, role.user_id) != (name, getattr(login, "pk", None)):
                role.name, role.user = name, login
                role.full_clean()
                _attribute(role, by)
                role.save()
        self.refresh_from_db()

    def send_set_password_email(self, *, base_url: str, by=None):
        """E-mail a newcomer a link to choose their own password (Django's
        password-reset token: it works until the password is set). Once
        they have chosen one, nobody sends them a link: they ask for one
        themselves with "Forgot your password?". Returns the outbox's row
        (mail_set_password_link)."""
        if self.user is None or not self.user.email:
            raise ValidationError("This person has no login with an e-mail address.")
        if not settings.SCRUTINY_PASSWORD_SIGN_IN:
            raise ValidationError(
                "Password sign-in is switched off: they sign in with the "
                f"“Sign in with {settings.SCRUTINY_OIDC_PROVIDER_NAME}” button."
            )
        if not self.user.is_active:
            raise ValidationError("This person's login is deactivated: reactivate it first.")
        if self.user.has_usable_password():
            raise ValidationError(
                "They have chosen their password already. If they have forgotten it, they can choose a new one "
                "with “Forgot your password?” on the sign-in page."
            )
        return mail_set_password_link(self.user, base_url=base_url, invitation=True, by=by)


def _record_manager(person: Owner, manager: Owner | None, *, by, reason: str = "") -> None:
    """Owner.set_manager without the permission check: also what single
    sign-on records from the provider's manager claim (by: the person)."""
    with transaction.atomic():
        owner = Owner.objects.select_for_update().get(pk=person.pk)
        if owner.kind != Owner.Kind.PERSON:
            raise ValidationError("This is a role or group, not a person.")
        if manager is not None and manager.pk == owner.pk:
            raise ValidationError({"manager": "Choose someone other than the person themself"})
        if owner.manager_id != getattr(manager, "pk", None):
            owner.manager = manager
            _attribute(owner, by)
            if reason:
                owner._change_reason = reason
            owner.save()
    person.manager = manager


def set_password_link(user, *, base_url: str, token: str | None = None) -> str:
    """The link to choose `user`'s password, with a token made now (or
    `token`: SET_PASSWORD_TOKEN, for one the outbox makes as it sends)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = token or default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("set_password", kwargs={"uidb64": uid, "token": token})


def mail_set_password_link(user, *, base_url: str, invitation: bool, by=None):
    """Put the e-mail with a link to choose a password in the outbox: to
    someone just given a login (`invitation`), or to someone who asked
    because they forgot theirs. Sent once the caller's transaction commits,
    and like every e-mail retried and listed under "E-mail not delivered"
    while the mail server does not take it (models/notifications.py); the
    link's token is made as it is sent, so the outbox keeps none."""
    council = council_terms().council_name
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    link = set_password_link(user, base_url=base_url, token=SET_PASSWORD_TOKEN)
    if invitation:
        subject = "Your login to Scrutiny monitoring"
        opening = [
            "Democratic services have given you a login to Scrutiny monitoring, where the council follows "
            "what happens to the recommendations of its scrutiny reviews.",
            "",
            "To start, choose your password:",
        ]
    else:
        subject = "Choose a new password for Scrutiny monitoring"
        opening = [
            "Someone (we hope you) asked to choose a new password for your login to Scrutiny monitoring.",
            "",
            "To choose it:",
        ]
    lines = [
        f"Dear {user.get_full_name() or user.username},",
        "",
        *opening,
        f"  {link}",
        "",
        f"Your username is: {user.username}",
        "",
        f"The link works once, for {days} days. If it has stopped working, use 'Forgot your password?' "
        "on the sign-in page, or ask democratic services.",
        "",
        "If you were not expecting this e-mail, you can ignore it: nothing changes until the link is used.",
        "",
        "Democratic services",
        council,
    ]
    return Notification.objects.record_account_email(
        kind=MailKind.SET_PASSWORD, recipient=user, subject=subject, body="\n".join(lines), by=by
    )


def mail_email_changed_notice(user, *, old_email: str, by):
    """Put the e-mail to a login's old address in the outbox when its
    address is changed, so that a change the person did not ask for does
    not go unnoticed (sent once the change commits, retried and listed as
    any other)."""
    when = dateformat.format(timezone.localtime(), "j F Y")
    lines = [
        f"Dear {user.get_full_name() or user.username},",
        "",
        f"Your e-mail address for Scrutiny monitoring was changed by {by.get_full_name() or by.username} on {when}.",
        f"It is now: {user.email}",
        "",
        "Your username and password have not changed. From now on, reminders and any link to choose a new "
        "password go to the new address.",
        "",
        "If you did not ask for this, tell democratic services straight away.",
        "",
        "Democratic services",
        council_terms().council_name,
    ]
    return Notification.objects.record_account_email(
        kind=MailKind.EMAIL_CHANGED,
        recipient=user,
        subject="Your e-mail address for Scrutiny monitoring was changed",
        body="\n".join(lines),
        by=by,
        address=old_email,
    )


def _locked_person(pk) -> "Owner":
    """The person `pk`, locked for a change, with their login locked too
    (whether they have chosen a password decides who may change the
    address); refused for a role or group."""
    owner = Owner.objects.select_for_update(of=("self",)).select_related("user").get(pk=pk)
    if owner.kind != Owner.Kind.PERSON:
        raise ValidationError("This is a role or group, not a person.")
    if owner.user_id is not None:
        owner.user = User.objects.select_for_update().get(pk=owner.user_id)
    return owner


def _check_person_change(owner, *, seen, name: str, email: str, roles, email_changed: bool) -> None:
    """Refuse what change_person may not do: a change made on a page read
    before someone else's (`seen`: state_token), roles without a login,
    a login's address taken away, or a name or address the person rules
    refuse (_check_person)."""
    if seen is not None and seen != owner.state_token():
        raise ValidationError(
            "Someone else changed this person after you opened the page. The login as it is now is shown "
            "above: check your changes and save again."
        )
    if owner.user is None and not email and roles:
        raise ValidationError({"email": "Enter an e-mail address: roles belong to a login"})
    if email_changed and not email:
        raise ValidationError({"email": "Enter the person's e-mail address: they have a login"})
    _check_person(name=name, email=email, owner=owner, user=owner.user)


def _change_login(user, *, name: str, email: str, roles, by, old_email: str) -> None:
    """Write a person's login as change_person was given it: its address
    and name, its roles; when the address changes for someone who has
    chosen a password, the old address is told."""
    first, last = _split_name(name)
    if (user.email, user.first_name, user.last_name) != (email, first, last):
        user.email, user.first_name, user.last_name = email, first, last
        _attribute(user, by)
        user.full_clean(exclude=["password"])
        user.save()
    _set_roles(user, roles, by=by)
    if old_email and email.lower() != old_email.lower() and user.has_usable_password():
        mail_email_changed_notice(user, old_email=old_email, by=by)
