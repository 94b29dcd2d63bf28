"""The forms of the people pages: a person, their login and roles; a role
or group named under Responsibility; a committee's name and its members;
the filter of the list."""

from django import forms
from django.contrib.auth import get_user_model

from actionplans import permissions
from actionplans.models import Owner
from actionplans.models.council import council
from actionplans.roles import DESCRIPTIONS, PERSON_ROLES, ROLES
from actionplans.text import CleanTextMixin


class PersonForm(CleanTextMixin, forms.Form):
    """A person, their e-mail address and the roles of their login. The
    checkboxes show only the roles the user may give; a role posted
    otherwise reaches the verb, which refuses it (403)."""

    name = forms.CharField(
        label="Full name",
        max_length=200,
        help_text="As it appears under Responsibility in the action plans, for example Vanessa Housley",
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="Where we send the link to choose a password, and reminders of updates",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=[(role, role) for role in PERSON_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, by, has_login=True, email_locked="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].widget.choices = [(role, role) for role in permissions.grantable_roles(by)]
        # Why the user may not change the address (permissions.CHANGE_EMAIL): the
        # field is shown read-only with the reason as its hint.
        self.email_locked = email_locked
        if email_locked:
            self.fields["email"].required = False
            self.fields["email"].help_text = email_locked
        if not has_login:
            self.fields["email"].required = False
            self.fields[
                "email"
            ].help_text = "Give one to make them a login: they are e-mailed a link to choose their password"

    def role_choices(self) -> list:
        """Each checkbox with what the role lets the person do."""
        return [(choice, DESCRIPTIONS[choice.data["value"]]) for choice in self["roles"]]

    @property
    def some_roles_withheld(self) -> bool:
        return len(self.fields["roles"].widget.choices) < len(PERSON_ROLES)

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "email", "roles")}


class ManagerForm(CleanTextMixin, forms.Form):
    """Who a person's manager is, by name or e-mail address as the People
    pages know them (Owner.objects.manager_for finds them, or says why not)."""

    manager = forms.CharField(
        label="Manager (optional)",
        max_length=254,
        required=False,
        help_text="Their full name or e-mail address, as on the People pages. They are e-mailed when this "
        "person's update is overdue past the council's point of escalation. Leave it blank for none",
    )


class RoleForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label="Name of the role or group",
        max_length=200,
        help_text="For example SBC Hate Crime Lead, or All Stockton hate crime group members",
        error_messages={"required": "Enter the name of the role or group"},
    )
    holder = forms.ModelChoiceField(
        label="Who holds it",
        queryset=Owner.objects.login_holders(),
        required=False,
        empty_label="Nobody for now",
        help_text="Their login sees the role's actions and is reminded of its updates",
    )


class CommitteeForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label="Name of the committee",
        max_length=200,
        help_text="As the council's papers give it",
        error_messages={"required": "Enter the name of the committee"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "name"
        ].help_text = f"As the council's papers give it, for example Crime and Disorder {council().committee_name}"


class CommitteeMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["members"]
        field.queryset = permissions.committee_member_candidates(committee)
        field.label_from_instance = lambda user: user.get_full_name() or user.username


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or e-mail address", required=False, max_length=200)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *((role, role) for role in ROLES), ("none", "No role")],
    )
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "People, roles and groups"), *Owner.Kind.choices],
    )
