"""The forms of the council's settings: its wording, a grading scale's
grades (a formset of 2 to 10), and what becomes of each current grade in
the new scale, which only clean what was typed; the verbs (Council.change,
GradingScale.make) save it."""

from django import forms

from actionplans.grading import Role
from actionplans.models.council import (
    CODES_NEEDED,
    COLOURS,
    MOST_ESCALATION_DAYS,
    Council,
    Printing,
    Scale,
    ScaleLevel,
    fates,
    scale_problems,
    with_role,
)
from actionplans.text import CleanTextMixin


class WordingForm(CleanTextMixin, forms.Form):
    """Every field of Council.FIELDS, in a council's words."""

    name = forms.CharField(
        label="The council's name",
        max_length=200,
        help_text="As the header and the papers print it, for example Anyshire County Council",
        error_messages={"required": "Enter the council's name"},
    )
    committee_name = forms.CharField(
        label="What the council calls a scrutiny committee",
        max_length=100,
        help_text="For example Select Committee, Scrutiny Panel or Overview and Scrutiny Committee",
        error_messages={"required": "Enter what the council calls a scrutiny committee"},
    )
    committees_name = forms.CharField(
        label="The same, for more than one",
        max_length=100,
        help_text="For example Select Committees",
        error_messages={"required": "Enter what the council calls its scrutiny committees"},
    )
    update_title = forms.CharField(
        label="The Progress Update's title",
        max_length=200,
        help_text="The title at the top of the agenda appendix, which prints it in capitals",
        error_messages={"required": "Enter the Progress Update's title"},
    )
    introduction = forms.CharField(
        label="The Progress Update's introduction",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The paragraph under the review's details",
        error_messages={"required": "Enter the Progress Update's introduction"},
    )
    impact_sentence = forms.CharField(
        label="The sentence on the evidence of impact (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Added to the introduction once a round carries evidence of impact. Leave it blank for none",
    )
    grading_key_heading = forms.CharField(
        label="The heading above the grading key",
        max_length=200,
        help_text="For example Assessment of Progress Gradings",
        error_messages={"required": "Enter the heading above the grading key"},
    )

    @classmethod
    def initial_from(cls, row: Council) -> dict:
        return {name: getattr(row, name) for name in Council.FIELDS}


class EscalationForm(forms.Form):
    """The council's point of escalation (Council.change_escalation)."""

    escalation_days = forms.IntegerField(
        label="Days overdue before escalation (optional)",
        required=False,
        min_value=1,
        max_value=MOST_ESCALATION_DAYS,
        help_text="An update not submitted this many days after its round's deadline is escalated: the manager "
        "of the person responsible is e-mailed once. Leave it blank never to escalate",
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": f"Enter a number of days from 1 to {MOST_ESCALATION_DAYS}, or leave it blank",
            "max_value": f"Enter a number of days from 1 to {MOST_ESCALATION_DAYS}, or leave it blank",
        },
    )


class GradeForm(CleanTextMixin, forms.Form):
    """One grade of a scale. Its number in the scale is its place in the
    formset: the first is the best."""

    code = forms.CharField(
        label="Number or code (optional)",
        max_length=10,
        required=False,
        help_text="Printed before the label, as in 2 (On-Track). Leave it blank where the label says it all",
    )
    label = forms.CharField(
        label="Label",
        max_length=60,
        help_text="For example On-Track, or Green",
    )
    description = forms.CharField(
        label="Description in the grading key (optional)",
        max_length=300,
        required=False,
        help_text="What the grading key prints under the grade. Leave it blank to print the label",
    )
    colour = forms.ChoiceField(
        label="Colour",
        choices=[(key, words) for key, (words, _) in COLOURS.items()],
        help_text="The tag's colour: the label is always printed in it too",
    )
    role = forms.ChoiceField(
        label="Its role in the rules",
        choices=[("", "Choose its role"), *Role.choices],
        help_text="Which rules it follows. Only an achieved grade proposes sign-off: a Red that means off track is "
        "still going, not finished. Two grades may have the same role and are still counted and printed apart",
    )
    needs_explanation = forms.BooleanField(
        label="The officer must explain it", required=False, help_text="As for Slipped or Not Achieved"
    )
    proposes_new_target = forms.BooleanField(
        label="The officer proposes a new target date", required=False, help_text="As for Slipped"
    )
    # The grade of the current scale this row started from (its id): a
    # grade renamed, recoloured or moved here is still that grade. Blank
    # for a grade added, or from a starting point.
    was = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number = self.prefix.rsplit("-", 1)[-1] if self.prefix else ""
        if number.isdigit():
            grade = int(number) + 1
            self.fields["label"].error_messages["required"] = f"Enter a label for grade {grade}"
            self.fields["role"].error_messages["required"] = f"Choose the role of grade {grade} in the rules"


class PrintingForm(forms.Form):
    """How the scale prints its grades, all of them alike (Printing)."""

    prints = forms.ChoiceField(
        label="How the grades are printed",
        choices=Printing.choices,
        widget=forms.RadioSelect,
        help_text="On every page and paper, and in the spreadsheets. A grade without a number or code prints its label",
        error_messages={"required": "Choose how the grades are printed"},
    )

    def __init__(self, *args, grades=(), **kwargs):
        """`grades`: the grades as typed, which printing the codes alone
        needs every one of to have a code."""
        super().__init__(*args, **kwargs)
        self.grades = grades

    def clean_prints(self):
        prints = self.cleaned_data["prints"]
        if prints == Printing.CODE and any(not str(grade.get("code") or "").strip() for grade in self.grades):
            raise forms.ValidationError(CODES_NEEDED)
        return prints


class BaseGradeFormSet(forms.BaseFormSet):
    """A scale's grades, best first. A field's problem shows beside it; once
    every grade's fields are right, what is wrong with the scale as a whole
    (scale_problems) shows in the summary."""

    def get_form_kwargs(self, index):
        # Every grade is judged, a blank one added by "Add a grade" included:
        # a formset lets an unchanged extra form through empty.
        return {"empty_permitted": False}

    def clean(self):
        if any(self.errors):
            return
        # Printing the codes alone needs codes: the printing field says so.
        problems = scale_problems(self.grades())
        if problems:
            raise forms.ValidationError(problems)

    def grades(self) -> list[dict]:
        """What GradingScale.make takes: each grade's fields, best first."""
        return [dict(form.cleaned_data) for form in self.forms]


GradeFormSet = forms.formset_factory(GradeForm, formset=BaseGradeFormSet, extra=0, max_num=1000, absolute_max=1000)

PREFIX = "grade"
FIELDS = ("code", "label", "description", "colour", "role", "needs_explanation", "proposes_new_target", "was")


def typed_grades(data) -> list[dict]:
    """The grades as typed (the form's raw values), so that adding or
    removing a grade keeps what was typed in the others."""
    try:
        total = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        total = 0
    grades = []
    for index in range(total):
        grade = {name: data.get(f"{PREFIX}-{index}-{name}", "") for name in FIELDS}
        for name in ("needs_explanation", "proposes_new_target"):
            grade[name] = bool(grade[name])
        grades.append(grade)
    return grades


def formset_data(grades: list[dict], prints: str = Printing.CODE_AND_LABEL) -> dict:
    """A POST of `grades`, printed as `prints` says, as the forms read it
    (a grade giving a "meaning" for its role, as GradingScale.make takes
    it, posts the role)."""
    data = {f"{PREFIX}-TOTAL_FORMS": str(len(grades)), f"{PREFIX}-INITIAL_FORMS": "0", "prints": prints}
    for index, grade in enumerate(with_role(grade) for grade in grades):
        for name in FIELDS:
            value = grade.get(name, "")
            if isinstance(value, bool):
                if value:
                    data[f"{PREFIX}-{index}-{name}"] = "on"
            else:
                data[f"{PREFIX}-{index}-{name}"] = "" if value is None else str(value)
    return data


def scale_formset(data=None, *, grades=None) -> BaseGradeFormSet:
    """Bound to a POST, or to `grades` (the current scale's, to start from)."""
    if data is None:
        data = formset_data(grades or [])
    return GradeFormSet(data, prefix=PREFIX)


def unbound_scale_formset(grades: list[dict]) -> BaseGradeFormSet:
    """Showing `grades` without judging them (the first view of the form)."""
    return GradeFormSet(initial=grades, prefix=PREFIX)


# The name of an answer's field: "becomes-" and the current grade's id.
BECOMES = "becomes-"
REMOVED = "removed"


class BecomesForm(forms.Form):
    """What becomes of each grade of the current version in the new one
    (GradingScale.becomes): the new grade it is (kept: renamed,
    recoloured, reworded or moved; or, where another grade is that one
    too, merged into it), or removed. A select for each. Each starts as the
    new grade whose row started from it, else the one of the same label;
    else, where the rows were changed from the current grades, removed;
    else (a starting point, or every grade typed anew) unanswered: only
    the administrator merges or removes a grade."""

    def __init__(self, data=None, *, current: Scale, new: list[ScaleLevel], continuing: dict, answered=None):
        """`continuing`: each new grade's position, the id of the grade its
        row started from. `answered`: the answers posted with the grades
        (kept through Back and Continue), where they still name a choice."""
        super().__init__(data)
        choices = [
            ("", "Choose"),
            *((str(level.position), f"The new grade {level.choice_label}") for level in new),
            (REMOVED, "Removed: no longer a grade"),
        ]
        answered = answered or {}
        told = {fate.level.id: fate for fate in fates(current, new, {}, continuing)}
        self.current, self.new, self.continuing = current, new, continuing
        self.asked = []
        for level in current:
            name = f"{BECOMES}{level.id}"
            # A question not posted at all (by a script, not the preview,
            # which posts every one) is left to GradingScale.make: the new
            # grade continuing it or of its label, else removed.
            if self.is_bound and name not in self.data:
                continue
            self.asked.append(level)
            question = f"Choose what becomes of {level.in_full}"
            self.fields[name] = forms.ChoiceField(
                label=f"What becomes of {level.in_full}?",
                choices=choices,
                initial=answered.get(name) if answered.get(name) in dict(choices) else self._default(told[level.id]),
                error_messages={"required": question, "invalid_choice": question},
            )

    def _default(self, fate) -> str:
        if fate.becomes is not None:
            return str(fate.becomes.position)
        return REMOVED if self.continuing else ""

    def answers(self) -> dict[int, int | None]:
        """What GradingScale.make takes: each current grade's id, and the
        position of the new grade it is (None: removed); of a form not
        posted, its first answers; one unanswered is left out."""
        answers = {}
        for level in self.asked:
            name = f"{BECOMES}{level.id}"
            value = getattr(self, "cleaned_data", {}).get(name) if self.is_bound else self.fields[name].initial
            if value:
                answers[level.id] = None if value == REMOVED else int(value)
        return answers

    def fates(self):
        """What becomes of each current grade, by the answers so far (those
        unanswered: None)."""
        answers = self.answers()
        told = fates(self.current, self.new, answers, self.continuing)
        return [(fate if fate.level.id in answers else None, fate.level) for fate in told]


def answered(data) -> dict[str, str]:
    """The answers posted (BecomesForm's fields), to keep through Back, Add
    a grade, Remove and Continue."""
    return {name: value for name, value in data.items() if name.startswith(BECOMES)}
