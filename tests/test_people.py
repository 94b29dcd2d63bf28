"""People: adding an officer with a login in one step, the set-password
e-mail and pages, changing people and their roles (and who may), roles and
groups, and committee members chosen by name."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplans import roles
from actionplans.models import Committee, Owner
from tests.factories import make_action, make_committee, make_owner, make_recommendation, make_review, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def held(user) -> set[str]:
    return {group.name for group in user.groups.all()}


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# The verbs ------------------------------------------------------------------


def test_adding_a_person_makes_their_login_with_no_password_and_their_roles(clerk):
    owner = Owner.objects.add_person(
        name="Vanessa Housley", email="Vanessa.Housley@Stockton.gov.uk", roles=[roles.OFFICER], by=clerk
    )
    user = owner.user
    assert owner.kind == Owner.Kind.PERSON
    assert user.username == "vanessa.housley"
    assert (user.first_name, user.last_name) == ("Vanessa", "Housley")
    assert user.email == "Vanessa.Housley@stockton.gov.uk"
    assert not user.has_usable_password()
    assert held(user) == {roles.OFFICER}
    assert not user.is_staff
    assert owner.history.get().history_user == clerk
    assert user.history.earliest().history_user == clerk


def test_a_second_person_with_the_same_mailbox_name_gets_a_username_of_their_own(clerk):
    first = Owner.objects.add_person(name="Jo Smith", email="j.smith@a.example", roles=[], by=clerk)
    second = Owner.objects.add_person(name="Jan Smith", email="j.smith@b.example", roles=[], by=clerk)
    assert (first.user.username, second.user.username) == ("j.smith", "j.smith2")


def test_a_person_whose_name_or_email_is_taken_is_refused_field_by_field(clerk, officer):
    make_owner("Vanessa Housley")
    with pytest.raises(ValidationError) as refused:
        Owner.objects.add_person(name="vanessa housley", email=officer.email or "olu@example.org", roles=[], by=clerk)
    assert "There is already someone called vanessa housley" in refused.value.message_dict["name"][0]
    officer.email = "olu@example.org"
    officer.save()
    with pytest.raises(ValidationError) as refused:
        Owner.objects.add_person(name="Someone New", email="OLU@example.org", roles=[], by=clerk)
    assert "Olu Officer already has a login with" in refused.value.message_dict["email"][0]
    assert not Owner.objects.filter(name="Someone New").exists()


def test_a_clerk_cannot_give_the_clerk_or_administrator_role_but_an_administrator_can(clerk, administrator):
    for role in (roles.CLERK, roles.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            Owner.objects.add_person(name=f"Would be {role}", email=f"{role[:5]}@example.org", roles=[role], by=clerk)
    assert not User.objects.filter(email__endswith="@example.org", first_name="Would be").exists()
    owner = Owner.objects.add_person(
        name="New Clerk", email="new.clerk@example.org", roles=[roles.CLERK], by=administrator
    )
    assert held(owner.user) == {roles.CLERK}
    assert owner.user.is_staff


def test_a_clerk_cannot_change_a_clerks_login_nor_their_own(clerk, administrator):
    other_clerk = Owner.objects.add_person(
        name="Cleo Clerk", email="cleo@example.org", roles=[roles.CLERK], by=administrator
    )
    own = make_owner("Carla Clerk", user=clerk)
    for owner in (other_clerk, own):
        with pytest.raises(PermissionDenied):
            owner.change_person(name=owner.name, email="x@example.org", roles=[roles.OFFICER], by=clerk)
        with pytest.raises(PermissionDenied):
            owner.set_login_active(False, by=clerk)
    assert held(clerk) == {roles.CLERK}
    assert other_clerk.user.is_active


def test_changing_a_person_changes_their_login_and_roles_with_history(clerk, officer_owner):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    officer_owner.change_person(
        name="Olu Officer-Smith", email="olu@example.org", roles=[roles.OFFICER, roles.LINK_OFFICER], by=clerk
    )
    officer_owner.refresh_from_db()
    user = officer_owner.user
    assert officer_owner.name == "Olu Officer-Smith"
    assert user.email == "olu@example.org" and user.last_name == "Officer-Smith"
    assert held(user) == {roles.OFFICER, roles.LINK_OFFICER}
    latest = user.history.latest()
    assert latest.history_user == clerk
    assert {group.group_id for group in latest.groups.all()} == set(
        Group.objects.filter(name__in=[roles.OFFICER, roles.LINK_OFFICER]).values_list("pk", flat=True)
    )


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(clerk):
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=clerk)
    seen = owner.state_token()
    owner.change_person(name="Nia Newcomer", email="first@example.org", roles=[roles.OFFICER], by=clerk)
    with pytest.raises(ValidationError, match="Someone else changed this person"):
        owner.change_person(name="Nia Newcomer", email="second@example.org", roles=[roles.OFFICER], by=clerk, seen=seen)
    owner.user.refresh_from_db()
    assert owner.user.email == "first@example.org"


def test_a_person_without_a_login_is_given_one_by_giving_an_email_address(clerk):
    owner = make_owner("Marc Stephenson")
    assert owner.change_person(name="Marc Stephenson", email="marc@example.org", roles=[roles.OFFICER], by=clerk)
    assert owner.user.username == "marc" and held(owner.user) == {roles.OFFICER}


def test_deactivating_a_login_keeps_the_person(clerk, officer_owner):
    officer_owner.set_login_active(False, by=clerk)
    officer_owner.user.refresh_from_db()
    assert not officer_owner.user.is_active and Owner.objects.filter(pk=officer_owner.pk).exists()
    assert officer_owner.user.history.latest().history_user == clerk
    officer_owner.set_login_active(True, by=clerk)
    officer_owner.user.refresh_from_db()
    assert officer_owner.user.is_active


def test_a_role_is_added_and_given_to_another_holder_by_name(clerk, officer_owner, link_officer):
    lin = make_owner("Lin Officer", user=link_officer)
    role = Owner.objects.add_role(name="SBC Hate Crime Lead", holder=officer_owner, by=clerk)
    assert role.kind == Owner.Kind.ROLE and role.user == officer_owner.user
    role.change_role(name="SBC Hate Crime Lead", holder=lin, by=clerk)
    role.refresh_from_db()
    assert role.user == link_officer
    assert role.history.latest().history_user == clerk
    with pytest.raises(ValidationError):
        role.change_role(name="SBC Hate Crime Lead", holder=role, by=clerk)  # a role holds no role


def test_committee_members_are_chosen_from_committee_members_and_audited(clerk, councillor, officer):
    committee = make_committee("Crime and Disorder Select Committee")
    committee.set_members([councillor], by=clerk)
    assert list(committee.members.all()) == [councillor]
    assert committee.history.latest().history_user == clerk
    with pytest.raises(ValidationError):
        committee.set_members([councillor, officer], by=clerk)
    committee.set_members([], by=clerk)
    assert not committee.members.exists()


def test_a_sign_in_leaves_no_row_in_the_login_history(client, officer):
    before = officer.history.count()
    client.post(reverse("login"), {"username": "officer.test", "password": "a-test-password-1"})
    assert officer.history.count() == before


# The pages ------------------------------------------------------------------


def test_a_clerk_adds_an_officer_who_chooses_a_password_and_signs_in(client, clerk, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("add_person"),
            {"name": "Vanessa Housley", "email": "vanessa.housley@example.org", "roles": [roles.OFFICER]},
        )
    owner = Owner.objects.get(name="Vanessa Housley")
    assert response.status_code == 302 and response["Location"] == reverse("change_person", args=[owner.pk])
    assert held(owner.user) == {roles.OFFICER}
    [message] = mail.outbox
    assert message.to == ["vanessa.housley@example.org"]
    assert "Your username is: vanessa.housley" in message.body
    assert "password" not in owner.user.email

    client.logout()
    link = link_in(message)
    response = client.get(link, follow=True)
    assert "Choose your password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short" in response.content.decode()
    response = client.post(
        form_url, {"new_password1": "purple-hedgehog-tuesday", "new_password2": "purple-hedgehog-tuesday"}
    )
    assert response["Location"] == reverse("password_set")
    assert "Sign in" in client.get(response["Location"]).content.decode()
    # The link works once.
    assert "This link no longer works" in client.get(link, follow=True).content.decode()

    response = client.post(
        reverse("login"), {"username": "vanessa.housley", "password": "purple-hedgehog-tuesday"}, follow=True
    )
    assert response.status_code == 200
    page = client.get(reverse("my_updates")).content.decode()
    assert "Your updates" in page


def test_the_add_form_keeps_what_was_typed_and_says_which_field_is_wrong(client, clerk, officer):
    make_owner("Vanessa Housley")
    client.force_login(clerk)
    response = client.post(
        reverse("add_person"), {"name": "Vanessa Housley", "email": "not an address", "roles": [roles.OFFICER]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an e-mail address in the correct format" in page
    assert 'value="not an address"' in page
    response = client.post(
        reverse("add_person"), {"name": "Vanessa Housley", "email": "vh@example.org", "roles": [roles.OFFICER]}
    )
    page = response.content.decode()
    assert "There is already someone called Vanessa Housley" in page
    assert 'value="vh@example.org"' in page
    assert 'value="Officer" aria-describedby="id_roles_0-hint" checked' in page
    assert not User.objects.filter(email="vh@example.org").exists()
    assert mail.outbox == []


def test_a_clerk_is_offered_only_the_roles_a_clerk_may_give(client, clerk, administrator):
    client.force_login(clerk)
    page = client.get(reverse("add_person")).content.decode()
    assert 'value="Officer"' in page and 'value="Committee member"' in page
    assert 'value="Clerk"' not in page and 'value="Administrator"' not in page
    client.force_login(administrator)
    page = client.get(reverse("add_person")).content.decode()
    assert 'value="Clerk"' in page and 'value="Administrator"' in page


def test_a_clerks_crafted_post_granting_administrator_is_refused(client, clerk, officer_owner):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    client.force_login(clerk)
    response = client.post(
        reverse("add_person"),
        {"name": "Eve Escalation", "email": "eve@example.org", "roles": [roles.ADMINISTRATOR]},
    )
    assert response.status_code == 403
    assert not Owner.objects.filter(name="Eve Escalation").exists()
    response = client.post(
        reverse("change_person", args=[officer_owner.pk]),
        {
            "name": "Olu Officer",
            "email": "olu@example.org",
            "roles": [roles.OFFICER, roles.ADMINISTRATOR],
            "seen": officer_owner.state_token(),
        },
    )
    assert response.status_code == 403
    assert held(officer_owner.user) == {roles.OFFICER}


@pytest.mark.django_db(transaction=True)
def test_when_the_email_cannot_be_sent_the_person_is_kept_and_the_clerk_told(client, clerk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    client.force_login(clerk)
    response = client.post(
        reverse("add_person"),
        {"name": "Vanessa Housley", "email": "vanessa@example.org", "roles": [roles.OFFICER]},
        follow=True,
    )
    owner = Owner.objects.get(name="Vanessa Housley")
    assert owner.user.email == "vanessa@example.org"
    assert "could not be sent" in response.content.decode()
    assert "Resend the set-password e-mail" in response.content.decode()


def test_resending_the_set_password_email(client, clerk, django_capture_on_commit_callbacks):
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=clerk)
    client.force_login(clerk)
    assert "Resend the set-password e-mail" in client.get(reverse("change_person", args=[owner.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resend_set_password", args=[owner.pk]), follow=True)
    assert "We have e-mailed nia@example.org a new link" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["nia@example.org"] and "/account/set-password/" in link_in(message)


def test_forgot_password_sends_the_link_to_a_login_without_a_password_yet(
    client, clerk, django_capture_on_commit_callbacks
):
    owner = Owner.objects.add_person(name="Vanessa Housley", email="vanessa@example.org", roles=[], by=clerk)
    assert "Forgot your password?" in client.get(reverse("login")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forgot_password"), {"email": "VANESSA@example.org"})
    assert response["Location"] == reverse("forgot_password_sent")
    [message] = mail.outbox
    assert message.to == [owner.user.email]
    assert "Choose a new password" in message.subject
    # An unknown address: the same answer, no e-mail.
    response = client.post(reverse("forgot_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("forgot_password_sent")
    assert len(mail.outbox) == 1


def test_choosing_a_password_unlocks_a_locked_sign_in(client, officer, settings, django_capture_on_commit_callbacks):
    from axes.models import AccessAttempt

    officer.email = "olu@example.org"
    officer.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer.test", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="officer.test").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forgot_password"), {"email": "olu@example.org"})
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "purple-hedgehog-tuesday", "new_password2": "purple-hedgehog-tuesday"})
    assert not AccessAttempt.objects.filter(username="officer.test").exists()
    response = client.post(reverse("login"), {"username": "officer.test", "password": "purple-hedgehog-tuesday"})
    assert response.status_code == 302


def test_the_people_list_filters_by_name_role_and_kind(client, clerk, officer_owner, councillor):
    make_owner("Cal Councillor", user=councillor)
    make_owner("SBC Hate Crime Lead", kind=Owner.Kind.ROLE)
    client.force_login(clerk)
    page = client.get(reverse("people")).content.decode()
    assert "Olu Officer" in page and "Cal Councillor" in page and "SBC Hate Crime Lead" in page
    page = client.get(reverse("people"), {"role": roles.COMMITTEE_MEMBER}).content.decode()
    assert "Cal Councillor" in page and "Olu Officer" not in page
    page = client.get(reverse("people"), {"q": "olu"}).content.decode()
    assert "Olu Officer" in page and "Cal Councillor" not in page
    page = client.get(reverse("people"), {"kind": "role"}).content.decode()
    assert "SBC Hate Crime Lead" in page and "Olu Officer" not in page


def test_a_clerk_changes_a_role_holder_on_the_page(client, clerk, officer_owner):
    role = make_owner("SBC Hate Crime Lead", kind=Owner.Kind.ROLE)
    client.force_login(clerk)
    page = client.get(reverse("change_role", args=[role.pk])).content.decode()
    assert f'<option value="{officer_owner.pk}">Olu Officer</option>' in page
    response = client.post(reverse("change_role", args=[role.pk]), {"name": role.name, "holder": officer_owner.pk})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.user == officer_owner.user


def test_committee_members_are_chosen_by_full_name(client, clerk, councillor, officer):
    committee = make_committee("Crime and Disorder Select Committee")
    client.force_login(clerk)
    page = client.get(reverse("committee_members", args=[committee.slug])).content.decode()
    assert "Cal Councillor" in page and "councillor.test" not in page and "Olu Officer" not in page
    response = client.post(reverse("committee_members", args=[committee.slug]), {"members": [councillor.pk]})
    assert response.status_code == 302
    assert list(Committee.objects.get(pk=committee.pk).members.all()) == [councillor]
    # Someone without the role cannot be slipped in.
    response = client.post(reverse("committee_members", args=[committee.slug]), {"members": [officer.pk]})
    assert response.status_code == 200
    assert list(committee.members.all()) == [councillor]


def test_clerks_see_people_in_the_menu_and_officers_do_not(client, clerk, officer):
    client.force_login(clerk)
    assert 'href="/people/"' in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert 'href="/people/"' not in client.get(reverse("home")).content.decode()


def test_the_people_list_makes_as_many_queries_for_500_people_as_for_5(client, clerk):
    review = make_review()
    recommendation = make_recommendation(review)
    groups = list(Group.objects.filter(name__in=[roles.OFFICER, roles.LINK_OFFICER]))
    made = 0

    def add_people(upto):
        nonlocal made
        while made < upto:
            user = make_user(f"person{made}", first_name="Person", last_name=str(made), email=f"p{made}@example.org")
            user.groups.set(groups)
            make_action(recommendation, owners=[make_owner(f"Person {made}", user=user)], strand=f"Strand {made}")
            made += 1

    def queries():
        client.get(reverse("people"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("people"))
        assert response.status_code == 200 and f"Person {made - 1}" in response.content.decode()
        return len(captured)

    client.force_login(clerk)
    add_people(5)
    five = queries()
    add_people(500)
    assert queries() == five


def test_the_person_page_shows_who_changed_their_roles_and_email(client, clerk):
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nai@example.org", roles=[roles.OFFICER], by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("change_person", args=[owner.pk])).content.decode()
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("change_person", args=[owner.pk]),
        {
            "name": "Nia Newcomer",
            "email": "nia@example.org",
            "roles": [roles.OFFICER, roles.LINK_OFFICER],
            "seen": seen,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Nia Newcomer’s details were saved" in page
    history = page[page.index(">History<") :]
    assert "Login: Roles" in history and "Link officer, Officer" in history
    assert "Login: E-mail address" in history and "nia@example.org" in history
    assert "Carla Clerk" in history


# Who may change the address the set-password links go to ---------------------


def test_a_clerk_cannot_change_the_email_of_someone_who_has_chosen_a_password(clerk, officer_owner, councillor):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    cal = make_owner("Cal Councillor", user=councillor)  # no address yet: setting one is a change too
    for owner, address in ((officer_owner, "olu@example.org"), (cal, "")):
        with pytest.raises(PermissionDenied, match="only an administrator can change their e-mail address"):
            owner.change_person(name=owner.name, email="clerk.own@example.org", roles=owner.role_names(), by=clerk)
        owner.user.refresh_from_db()
        assert owner.user.email == address
    # Their name and roles the clerk still changes.
    officer_owner.change_person(
        name="Olu Officer", email="olu@example.org", roles=[roles.OFFICER, roles.LINK_OFFICER], by=clerk
    )
    assert held(officer_owner.user) == {roles.OFFICER, roles.LINK_OFFICER}
    assert mail.outbox == []


def test_a_clerk_corrects_the_mistyped_email_of_a_newcomer(clerk):
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nai@example.org", roles=[roles.OFFICER], by=clerk)
    owner.change_person(name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=clerk)
    owner.user.refresh_from_db()
    assert owner.user.email == "nia@example.org"
    # No notice to the mistyped address: nobody there ever had the login.
    assert mail.outbox == []


def test_an_administrator_changes_the_email_and_the_old_address_is_told(
    administrator, officer_owner, django_capture_on_commit_callbacks
):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        officer_owner.change_person(
            name="Olu Officer", email="olu.officer@example.org", roles=[roles.OFFICER], by=administrator
        )
    officer_owner.user.refresh_from_db()
    assert officer_owner.user.email == "olu.officer@example.org"
    assert officer_owner.user.check_password("a-test-password-1")
    [notice] = mail.outbox
    assert notice.to == ["olu@example.org"]
    today = timezone.localdate()
    assert (
        f"Your e-mail address for Scrutiny monitoring was changed by Ada Admin on {today.day} "
        f"{today:%B %Y}" in notice.body
    )
    assert "olu.officer@example.org" in notice.body
    assert "/account/set-password/" not in notice.body  # no link to choose a password


def test_the_set_password_email_is_not_resent_to_someone_who_has_chosen_a_password(
    client, clerk, administrator, officer_owner
):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    with pytest.raises(ValidationError, match="They have chosen their password already"):
        officer_owner.send_set_password_email(base_url="http://testserver")
    for who in (clerk, administrator):
        client.force_login(who)
        assert (
            "Resend the set-password e-mail"
            not in client.get(reverse("change_person", args=[officer_owner.pk])).content.decode()
        )
        response = client.post(reverse("resend_set_password", args=[officer_owner.pk]), follow=True)
        assert "Forgot your password?" in response.content.decode()
    assert mail.outbox == []


def test_the_clerk_sees_the_email_read_only_and_a_crafted_change_is_refused(client, clerk, officer_owner):
    officer_owner.user.email = "olu@example.org"
    officer_owner.user.save()
    client.force_login(clerk)
    page = client.get(reverse("change_person", args=[officer_owner.pk])).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    assert "readonly" in field and 'value="olu@example.org"' in field
    assert "only an administrator can change their e-mail address" in page
    seen = re.search(r'name="seen" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("change_person", args=[officer_owner.pk]),
        {"name": "Olu Officer", "email": "clerk.own@example.org", "roles": [roles.OFFICER], "seen": seen},
    )
    assert response.status_code == 403
    officer_owner.user.refresh_from_db()
    assert officer_owner.user.email == "olu@example.org"
    # The administrator's form is not read-only.
    client.force_login(make_user("admin2", roles.ADMINISTRATOR, is_staff=True))
    page = client.get(reverse("change_person", args=[officer_owner.pk])).content.decode()
    assert "readonly" not in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)


# The set-password e-mail goes only once the login is committed ---------------


def test_no_set_password_email_names_a_login_that_was_rolled_back(clerk, django_capture_on_commit_callbacks):
    welcomed = []
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Owner.objects.add_person(
            name="Nia Newcomer", email="nia@example.org", roles=[], by=clerk, on_new_login=welcomed.append
        )
        raise RuntimeError("something after the person was saved fails")
    assert callbacks == [] and welcomed == []
    assert not User.objects.filter(email="nia@example.org").exists()
    # Committed, the person is welcomed once.
    with django_capture_on_commit_callbacks(execute=True):
        owner = Owner.objects.add_person(
            name="Nia Newcomer", email="nia@example.org", roles=[], by=clerk, on_new_login=welcomed.append
        )
    assert welcomed == [owner]


@pytest.mark.parametrize("provider", ["your council account", "Microsoft"])
def test_with_password_sign_in_off_nobody_is_sent_a_link_to_set_a_password(client, clerk, settings, provider):
    """They sign in through the council's identity provider: a link to a
    page that no longer exists would only confuse them."""
    settings.SCRUTINY_OIDC, settings.SCRUTINY_PASSWORD_SIGN_IN = True, False
    settings.SCRUTINY_OIDC_PROVIDER_NAME = provider
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=clerk)
    client.force_login(clerk)
    response = client.post(reverse("resend_set_password", args=[owner.pk]), follow=True)
    said = html.unescape(response.content.decode())
    assert f"Password sign-in is switched off: they sign in with the “Sign in with {provider}” button." in said
    assert mail.outbox == []


def test_the_set_password_page_says_the_rule_before_the_first_try(
    client, clerk, settings, django_capture_on_commit_callbacks
):
    """Issue 28: the minimum length showed only in the error. The hint
    reads the validators, so a council's own minimum is the one said."""
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 14}}
    ]
    owner = Owner.objects.add_person(name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=clerk)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("resend_set_password", args=[owner.pk]))
    client.logout()
    [message] = mail.outbox
    page = client.get(link_in(message), follow=True).content.decode()
    assert "Choose your password" in page and "There is a problem" not in page
    assert 'id="id_new_password1-hint"' in page and "At least 14 characters." in page
