"""Partnership plans' forms: a plan's own details, a lead's quarterly update
and the coordinator's check, opening and publishing a quarter, and who
speaks for each organisation."""

from django import forms

from actionplans import grading, permissions
from actionplans.fields import GovukDateField
from actionplans.models import PartnershipUpdate
from actionplans.models.council import PARTNERSHIP, ScaleGrade, current_scale
from actionplans.models.partnership_quarters import RagScale
from actionplans.roles import UPDATE_WRITING_ROLES
from actionplans.text import CleanTextMixin
from actionplans.workflow.forms import ConfirmMissingForm, DecisionForm, MonthAndYearForm, WorkflowUpdateForm


class PlanHeadingForm(forms.Form):
    """A partnership plan's title, short title and coordinator: asked on
    the import's upload page and on the plan's details page."""

    title = forms.CharField(
        label="The plan's title",
        max_length=300,
        help_text="As the plan is headed, for example Hate Crime Action Plan 2018 – 2019",
        error_messages={"required": "Enter the plan's title"},
    )
    short_title = forms.CharField(
        label="Short title",
        max_length=120,
        help_text="How lists and links name it, for example Hate Crime Plan 2018–19",
        error_messages={"required": "Enter a short title"},
    )
    coordinator = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Coordinator (optional)",
        empty_label="Nobody yet: the clerks check the updates",
        help_text="Checks and approves the leads' quarterly updates, with the clerks: an officer, link officer or "
        "clerk",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = permissions.coordinator_candidates()
        self.fields["coordinator"].label_from_instance = _login_name


class PartnershipPlanDetailsForm(CleanTextMixin, PlanHeadingForm):
    """The details a clerk changes on a plan's details page
    (PartnershipPlan.change_details)."""

    agenda_header = forms.CharField(
        label="Agenda header (optional)",
        required=False,
        max_length=200,
        help_text="What its reports usually carry at the top of each page, for example Agenda Item 8: Appendix 1",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["title", "short_title", "agenda_header", "coordinator"]

    def details(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("title", "short_title", "agenda_header", "coordinator")}


# Partnership plans' quarterly updates -------------------------------------------


class PartnershipUpdateForm(WorkflowUpdateForm):
    """A lead's quarterly update: the progress made and the RAG status, as
    the council's current partnership scale offers it (its grades' radios,
    by position: "Red", "Amber", "Green", "Complete", or the council's own).
    What is cleaned is the RAG the grade is (PartnershipUpdate.rag: '' for
    a grade not graded) and `level_field()` is the grade itself. A
    draft may be saved half-written; a submitted update needs both
    (PartnershipUpdate.save_update says so again)."""

    TYPED_FIELDS = ("progress",)

    class Meta:
        model = PartnershipUpdate
        fields = ["progress", "rag"]
        labels = {"progress": "Progress", "rag": "RAG status"}
        help_texts = {
            "progress": "What has been done this quarter. Start a line with “- ” for a bullet; leave a blank line "
            "between paragraphs.",
        }
        widgets = {"progress": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = current_scale(PARTNERSHIP)
        self.fields["rag"] = forms.TypedChoiceField(
            label="RAG status",
            help_text=rag_help_text(self.scale),
            choices=self.scale.choices(),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": "Choose one of the RAG statuses offered"},
        )
        if not self.is_bound and self.instance.pk:
            given = self.instance.rag_level
            current = next((level for level in self.scale if given and level.id == given.id), None)
            if given and current is None:
                current = RagScale(self.scale).level(given.rag)
            self.initial["rag"] = current.position if current else None

    def clean_rag(self):
        position = self.cleaned_data.get("rag")
        self.cleaned_data["rag_position"] = position
        level = self.scale.at(position) if position else None
        return level.rag if level else ""

    def chosen_level(self):
        """The grade chosen, on the current scale (a ScaleLevel), or None."""
        position = self.cleaned_data.get("rag_position")
        return self.scale.at(position) if position else None

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("progress", "").strip() and "progress" not in self.errors:
                self.add_error("progress", "Enter the progress made this quarter")
            if self.chosen_level() is None and "rag" not in self.errors:
                self.add_error("rag", "Choose the action’s RAG status")
        return data

    def update_fields(self) -> dict:
        """PartnershipUpdate.save_update's words: the progress and the grade
        (`level`), from which it stores what the grade means."""
        level = self.chosen_level()
        return {
            "progress": self.cleaned_data["progress"],
            "level": ScaleGrade.objects.get(pk=level.id) if level else None,
        }


def rag_help_text(scale) -> str:
    """What the lead's radios mean, in the council's words: 'Red, Amber or
    Green for how the action is going; Complete once it is finished.' A
    grade's own description, where the council gave one, says it instead."""
    if any(level.description for level in scale):
        return "; ".join(f"{level.label}: {level.key_words}" for level in scale) + "."

    def either(labels):
        return f"{', '.join(labels[:-1])} or {labels[-1]}" if len(labels) > 1 else labels[0]

    still_going = [level for level in scale if level.rag and level.role != grading.Role.ACHIEVED]
    worst_first = sorted(still_going, key=lambda level: (grading.RAG_ORDER.index(level.rag), level.position))
    going = [level.label for level in worst_first]
    done = [level.label for level in scale if level.role == grading.Role.ACHIEVED]
    none = [level.label for level in scale if level.role == grading.Role.NOT_GRADED]
    parts = [f"{either(going)} for how the action is going"] if going else []
    parts += [f"{either(done)} once it is finished"] if done else []
    parts += [f"{either(none)} while it has not started"] if none else []
    return "; ".join(parts) + "."


class PartnershipCheckForm(DecisionForm):
    """The coordinator's (or a clerk's) decision on a lead's update."""

    WRITER = "lead"


class PublishQuarterForm(ConfirmMissingForm):
    PERIOD = "quarter"


class OpenQuarterForm(MonthAndYearForm):
    """The quarter (any of its months: templates/actionplans/partnership/open_quarter.html
    says what the financial quarters are) and the leads' deadline."""

    deadline = GovukDateField(
        label="Deadline for the leads’ updates",
        name="Deadline",
        help_text="For example, 14 12 2018",
        error_messages={"required": "Enter the deadline"},
    )


def _login_name(user) -> str:
    return user.get_full_name() or user.username


def lead_label(user) -> str:
    """'Pat Partner, Partner lead, pat@example.org': a name alone does not
    say which of two Pat Partners, nor whether the login is the council's."""
    roles_held = sorted(group.name for group in user.groups.all() if group.name in UPDATE_WRITING_ROLES)
    return ", ".join(part for part in [_login_name(user), " and ".join(roles_held), user.email] if part)


class OrganisationMembersForm(forms.Form):
    """One organisation's leads (`members`): the logins the partnership may
    choose (permissions.lead_candidates, users with their groups
    prefetched) and whoever leads for it now."""

    def __init__(self, *args, organisation, candidates, **kwargs):
        # Each organisation's form has its own ids on the one page.
        super().__init__(*args, auto_id=f"id_org-{organisation.pk}_%s", **kwargs)
        self.organisation = organisation
        current = list(organisation.members.all())
        users = {user.pk: user for user in [*candidates, *current]}
        field = forms.TypedMultipleChoiceField(
            label=f"Leads of {organisation}",
            choices=[(pk, lead_label(user)) for pk, user in users.items()],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Choose leads from the list: %(value)s is not one of them"},
        )
        self.users = users
        self.fields["members"] = field
        self.initial["members"] = [user.pk for user in current]

    def members(self) -> list:
        return [self.users[pk] for pk in self.cleaned_data["members"]]


class IndicatorForm(CleanTextMixin, forms.Form):
    """A national indicator's code, title and the PSA or DSO it serves, as
    the plans' glossaries print them (the code only when adding one)."""

    code = forms.CharField(
        label="Code",
        max_length=30,
        help_text="For example NI 35",
        error_messages={"required": "Enter the indicator's code, such as NI 35"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="As the glossary prints it, for example Building resilience to violent extremism",
        error_messages={"required": "Enter the indicator's title"},
    )
    reference = forms.CharField(
        label="PSA or DSO it serves (optional)", max_length=60, required=False, help_text="For example PSA 26"
    )

    def __init__(self, *args, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not adding:
            del self.fields["code"]

    def clean_code(self):
        from actionplans.models import Indicator, indicator_code

        code = indicator_code(self.cleaned_data["code"])
        if Indicator.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(f"There is already a national indicator {code}: change its title instead")
        return code
