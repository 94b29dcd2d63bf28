"""People, their logins and roles, roles and groups, and committee members:
the clerk's and administrator's pages. Who may change which login is decided
by the verbs on Owner and Committee (actionplans/models/people.py); a request
they refuse is a 403."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actionplans import access, permissions
from actionplans.history import person_history
from actionplans.models import Committee, Owner
from actionplans.people.committees import way_back
from actionplans.people.forms import CommitteeMembersForm, ManagerForm, PeopleFilterForm, PersonForm, RoleForm


def _base_url(request) -> str:
    return settings.SCRUTINY_BASE_URL or request.build_absolute_uri("/")


def _mail_set_password_link(request, owner, sent: str) -> None:
    """E-mail `owner` their set-password link and say so (`sent`), or say
    that it could not be sent yet. The verbs call this once their
    transaction has committed (`on_new_login`), so no e-mail names a login
    that was rolled back. With password sign-in off there is no password
    to set: they sign in through the council's identity provider."""
    if not settings.SCRUTINY_PASSWORD_SIGN_IN:
        messages.success(
            request, f"They sign in with the “Sign in with {settings.SCRUTINY_OIDC_PROVIDER_NAME}” button."
        )
        return
    _say_how_it_went(request, owner.send_set_password_email(base_url=_base_url(request), by=request.user), sent)


def _say_how_it_went(request, email, sent: str) -> None:
    """`sent`, unless the outbox's first try at `email` (a Notification:
    at once, where the worker is quick or tasks run inline) has already
    failed: then that, and that it is tried again and listed."""
    email.refresh_from_db()
    if not email.last_error:
        messages.success(request, sent)
        return
    messages.error(
        request,
        f"The e-mail to {email.to} could not be sent yet: the mail server did not take it. It is tried again "
        "after a wait, and listed under “E-mail not delivered” until it goes. You can also tell them to use "
        "“Forgot your password?” on the sign-in page.",
    )


@login_required
def people(request):
    """Everyone and every role or group, with their logins' roles."""
    permissions.require(request.user, permissions.CHANGE_LOGIN)
    form = PeopleFilterForm(request.GET or None)
    owners = Owner.objects.for_people_list()
    if form.is_valid():
        data = form.cleaned_data
        owners = owners.search(text=data["q"].strip(), role=data["role"], kind=data["kind"])
    # list() runs the queries here, not while the template renders.
    owners = list(owners)
    return render(
        request,
        "actionplans/people/list.html",
        {
            "form": form,
            "owners": owners,
            "filtered": form.is_bound,
            "committees": list(Committee.objects.annotate(member_count=Count("members")).order_by("name")),
            # To an administrator: the logins whose personal data no person's page reaches.
            "logins_without_person": (
                list(Owner.objects.logins_without_person()) if permissions.administers_logins(request.user) else None
            ),
            "nav": "people",
        },
    )


def _with_owner(url: str, owner) -> str:
    """`url`, a set-up page left to add `owner`, asking it to choose them
    (actionplans.setup.views._choose_owner_added)."""
    return f"{url}{'&' if '?' in url else '?'}owner={owner.pk}"


@login_required
def add_person(request):
    """A person and their login in one step; they are e-mailed a link to
    choose their own password."""
    permissions.require(request.user, permissions.ADD_PERSON)
    back = way_back(request)  # a set-up page the clerk left to add them, their typing kept
    form = PersonForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():

        def welcome(owner):
            _mail_set_password_link(
                request,
                owner,
                f"{owner.name} was added. We have e-mailed {owner.user.email} a link to choose their password.",
            )

        try:
            owner = Owner.objects.add_person(by=request.user, on_new_login=welcome, **form.person())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_with_owner(back, owner) if back else reverse("change_person", args=[owner.pk]))
    return render(
        request,
        "actionplans/people/add_person.html",
        {"form": form, "next": back, "way_back": back or reverse("people"), "nav": "people"},
    )


@login_required
def change_person(request, pk):
    owner = access.get_owner_to_change(request.user, pk, Owner.Kind.PERSON)
    form, locked, email_locked = _person_form(request, owner, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if locked:
            raise PermissionDenied(locked)
        if form.is_valid():

            def welcome(owner):
                _mail_set_password_link(
                    request,
                    owner,
                    f"{owner.name} now has a login. We have e-mailed {owner.user.email} a link to choose "
                    "their password.",
                )

            # A changed e-mail address the user may not change is refused by
            # the verb (403), not quietly ignored.
            try:
                created = owner.change_person(
                    by=request.user, seen=form.cleaned_data["seen"], on_new_login=welcome, **form.person()
                )
            except ValidationError as error:
                form.add_error(None, error)
                # Saving again after reading the error saves over what is there now.
                owner = access.get_owner_to_change(request.user, pk, Owner.Kind.PERSON)
                form.data["seen"] = owner.state_token()
            else:
                if not created:
                    messages.success(request, f"{owner.name}’s details were saved.")
                return redirect("change_person", pk=owner.pk)
    return _person_page(request, owner, form, locked=locked, email_locked=email_locked)


def _person_form(request, owner, data=None):
    """The form of the person's details and login (None when `request.user`
    may not change their login), and why the login or the address is locked."""
    locked = permissions.why_not(request.user, permissions.CHANGE_LOGIN, owner.user) or ""
    email_locked = permissions.why_not(request.user, permissions.CHANGE_EMAIL, owner.user) or ""
    if locked:
        return None, locked, email_locked
    initial = {"name": owner.name, "roles": owner.role_names(), "seen": owner.state_token()}
    if owner.user:
        initial["email"] = owner.user.email
    form = PersonForm(
        data, initial=initial, by=request.user, has_login=owner.user is not None, email_locked=email_locked
    )
    return form, locked, email_locked


def _person_page(request, owner, form, *, locked, email_locked, manager_form=None):
    if manager_form is None:
        manager = owner.manager
        manager_form = ManagerForm(initial={"manager": manager.name if manager is not None else ""})
    return render(
        request,
        "actionplans/people/change_person.html",
        {
            "owner": owner,
            "form": form,
            "manager_form": manager_form,
            "may_set_manager": permissions.may(request.user, permissions.SET_MANAGER, owner),
            "locked": locked,
            "email_locked": email_locked,
            "roles": owner.role_names(),
            "actions": owner.actions.select_related("recommendation__review", "sub_action").order_by(
                "recommendation__review__title", "recommendation__number", "pk"
            ),
            "is_self": owner.user_id == request.user.pk,
            "can_see_personal_data": permissions.administers_logins(request.user),
            "changes": person_history(owner),
            "nav": "people",
        },
    )


@login_required
@require_POST
def set_manager(request, pk):
    """Record the person's manager, or say by the field why not (someone
    unknown, without an e-mail address, or themself), keeping what was typed."""
    owner = access.get_owner_to_change(request.user, pk, Owner.Kind.PERSON)
    form = ManagerForm(request.POST)
    if form.is_valid():
        try:
            manager = Owner.objects.manager_for(form.cleaned_data["manager"], person=owner)
            owner.set_manager(manager, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if manager is None:
                messages.success(request, f"{owner.name} has no manager recorded.")
            else:
                messages.success(request, f"{manager.name} is recorded as {owner.name}’s manager.")
            return redirect("change_person", pk=owner.pk)
    person_form, locked, email_locked = _person_form(request, owner)
    return _person_page(request, owner, person_form, locked=locked, email_locked=email_locked, manager_form=form)


@login_required
@require_POST
def resend_set_password(request, pk):
    owner = access.get_owner_to_change(request.user, pk, Owner.Kind.PERSON)
    locked = permissions.why_not(request.user, permissions.CHANGE_LOGIN, owner.user) or ""
    if locked:
        raise PermissionDenied(locked)
    try:
        email = owner.send_set_password_email(base_url=_base_url(request), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _say_how_it_went(request, email, f"We have e-mailed {owner.user.email} a new link to choose a password.")
    return redirect("change_person", pk=owner.pk)


@login_required
@require_POST
def set_login_active(request, pk):
    owner = access.get_owner_to_change(request.user, pk, Owner.Kind.PERSON)
    active = request.POST.get("active") == "1"
    try:
        owner.set_login_active(active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if active:
            messages.success(request, f"{owner.name} can sign in again.")
        else:
            messages.success(
                request, f"{owner.name} can no longer sign in. Their name stays on their actions and in the history."
            )
    return redirect("change_person", pk=owner.pk)


@login_required
def add_role(request):
    """A role or group ("SBC Hate Crime Lead") and who holds it."""
    permissions.require(request.user, permissions.CHANGE_ROLE_OR_GROUP)
    back = way_back(request)
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = Owner.objects.add_role(
                name=form.cleaned_data["name"], holder=form.cleaned_data["holder"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if back:
                messages.success(request, f"{role.name} was added.")
                return redirect(_with_owner(back, role))
            messages.success(request, f"{role.name} was added.")
            return redirect("people")
    return render(
        request,
        "actionplans/people/role.html",
        {"form": form, "role": None, "next": back, "way_back": back or reverse("people"), "nav": "people"},
    )


@login_required
def change_role(request, pk):
    role = access.get_owner_to_change(request.user, pk, Owner.Kind.ROLE)
    holder = Owner.objects.login_holders().filter(user=role.user_id).first() if role.user_id else None
    form = RoleForm(request.POST or None, initial={"name": role.name, "holder": holder})
    if request.method == "POST" and form.is_valid():
        try:
            role.change_role(name=form.cleaned_data["name"], holder=form.cleaned_data["holder"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{role.name} was saved.")
            return redirect("people")
    return render(
        request,
        "actionplans/people/role.html",
        {"form": form, "role": role, "changes": person_history(role), "nav": "people"},
    )


@login_required
def committee_members(request, slug):
    """Who sits on the committee, chosen by the councillors' names."""
    committee = access.get_committee_to_choose_members(request.user, slug)
    form = CommitteeMembersForm(
        request.POST if request.method == "POST" else None,
        committee=committee,
        initial={"members": list(committee.members.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            committee.set_members(form.cleaned_data["members"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The members of the {committee.name} were saved.")
            return redirect(reverse("people") + "#committees")
    return render(
        request,
        "actionplans/people/committee_members.html",
        {"committee": committee, "form": form, "nav": "people"},
    )
