"""The clerk's forms for frameworks of standards and self-assessments.

Typing a framework in from its paper: its details, a level, a standard, a
characteristic; the rules (a standard's number once, a letter once and in
Latin, a framework's address) are the models' (actionplans/models/frameworks.py and assessments.py).

A self-assessment against a framework: starting one, its details, one
characteristic's Local response (with the actions that close its gap) and a
new partnership action for a gap; the saving is the models' verbs
(Assessment.objects.start, LocalResponse.record, Theme.add_action).

The forms only clean what was typed."""

from django import forms

from actionplans.agenda import AgendaOptionsForm
from actionplans.deliveries.forms import Option, PlanOptions, grouped_options, partnership_label, plan_of, theme_of
from actionplans.fields import GovukDateField, GovukMonthField
from actionplans.grading import Rating
from actionplans.models import Action, Partnership, Review, marked_day
from actionplans.models.common import document_order, shorten
from actionplans.models.council import council
from actionplans.text import CleanTextMixin

COUNCIL = "council"  # the area's radio value for the council itself


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose error summary link goes to the first box
    ("#id_lead_organisations_0"): Django's gives none."""

    def id_for_label(self, id_, index="0"):
        return f"{id_}_{index}" if id_ else id_


# Starting an assessment, and its details ----------------------------------------------


class AssessmentDetailsForm(CleanTextMixin, forms.Form):
    assessed_on = GovukDateField(
        name="Date assessed",
        label="Date assessed",
        help_text="The date the area assessed itself, for example 1 10 2009.",
        error_messages={"required": "Enter the date assessed"},
    )
    # The running header the appendix prints by default: the download
    # form's own field, so both read and check it alike.
    agenda_header = AgendaOptionsForm.base_fields["agenda_header"]
    clean_agenda_header = AgendaOptionsForm.clean_agenda_header

    def details(self) -> dict:
        return {"assessed_on": self.cleaned_data["assessed_on"], "agenda_header": self.cleaned_data["agenda_header"]}


class StartAssessmentForm(AssessmentDetailsForm):
    """Which area, when, and whether it starts from the area's last
    assessment (its responses, ratings, gaps and actions) or blank."""

    area = forms.ChoiceField(
        label="Area",
        widget=forms.RadioSelect,
        help_text="The council itself, or a partnership assessing itself.",
        error_messages={"required": "Choose the area the assessment is of"},
    )
    start_from = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        choices=[("last", "The area’s last assessment"), ("blank", "A blank assessment")],
        error_messages={"required": "Choose what the assessment starts from"},
    )

    field_order = ["area", "assessed_on", "agenda_header", "start_from"]

    def __init__(self, data=None, *, partnerships, latest: dict, **kwargs):
        """`latest`: each area's latest assessment against the framework
        (AssessmentQuerySet.latest_by_area). The agenda header starts as
        the latest of them has it: the committee's appendix is headed the
        same way each time, with the meeting's item number changed."""
        last = max(latest.values(), key=lambda a: (a.assessed_on, a.pk), default=None)
        initial = {"area": COUNCIL, "start_from": "last", "agenda_header": last.agenda_header if last else ""}
        super().__init__(data, initial=initial, **kwargs)
        self.partnerships = {p.slug: p for p in partnerships}
        self.latest = latest
        if last is not None and last.agenda_header:
            self.fields["agenda_header"].help_text = (
                f"Printed at the top of every page. As the last assessment ({last.label}) was headed: "
                "change it for this meeting’s agenda, such as its item number."
            )
        self.fields["area"].choices = [(COUNCIL, council().council_name)] + [(p.slug, p.name) for p in partnerships]

    def last_assessments(self) -> list[str]:
        """'Stockton-on-Tees Borough Council: 1 October 2009 (published)': each area's last."""
        names = dict(self.fields["area"].choices)
        result = []
        for value, name in names.items():
            last = self.latest.get(self.partnerships[value].pk if value != COUNCIL else None)
            if last is not None:
                result.append(f"{name}: {marked_day(last, 'assessed_on')} ({last.get_status_display().lower()})")
        return result

    def partnership(self) -> Partnership | None:
        return self.partnerships.get(self.cleaned_data["area"])

    def clean(self):
        data = super().clean()
        if data.get("area") and data.get("start_from") == "last":
            partnership = self.partnerships.get(data["area"])
            if self.latest.get(partnership.pk if partnership else None) is None:
                name = partnership.name if partnership else council().council_name
                self.add_error("start_from", f"{name} has no assessment against this framework yet: start a blank one")
        return data


# One characteristic's Local response --------------------------------------------------
#
# The actions to choose from: every partnership plan's, plan by plan as the
# Delivered-through page offers them (deliveries/forms.py's partnership_actions),
# and every review's (scrutiny_action_choices).


def scrutiny_action_choices():
    """Every agreed review's actions (not a plan still being set up, which
    readers may not see: GapLink.objects.set_for refuses them), review by
    review, in the committee paper's order: one query."""
    return list(
        Action.objects.filter(recommendation__review__in=Review.objects.confirmed())
        .select_related("recommendation__review", "sub_action")
        .order_by("recommendation__review__title", "recommendation__review__pk", *document_order())
    )


def _scrutiny_label(action) -> str:
    return f"{action.reference}: {shorten(action.agreed_action, 90)}" if action.agreed_action else action.title


class LocalResponseForm(CleanTextMixin, forms.Form):
    """The Local response, its rating, evidence and gap, and the actions
    (partnership and scrutiny) that close the gap. Whether a gap must be
    said is LocalResponse.clean's rule, shown by the field."""

    TYPED_FIELDS = ("response", "evidence", "gap")

    version = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.CharField(
        label="Local response",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the area has in place, as the committee paper prints it. Start a line with “- ” for a "
        "bullet; leave a blank line between paragraphs.",
    )
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the rating", "invalid_choice": "Choose one of the ratings"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where a reader can see it: records, papers, reports.",
    )
    gap = forms.CharField(
        label="Gap",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "What is not yet in place. Needed when the characteristic is Partly met or Not met; "
            "kept only then, with the actions below: saving it Met or Not assessed clears both."
        ),
    )
    partnership_actions = forms.MultipleChoiceField(
        label="Partnership plans’ actions",
        required=False,
        widget=Checkboxes,
        error_messages={"invalid_choice": "Choose partnership actions from the list: %(value)s is not one of them"},
    )
    scrutiny_actions = forms.MultipleChoiceField(
        label="Scrutiny reviews’ actions",
        required=False,
        widget=Checkboxes,
        error_messages={"invalid_choice": "Choose scrutiny actions from the list: %(value)s is not one of them"},
    )

    def __init__(self, data=None, *, local_response, linked, partnership_actions, scrutiny_actions):
        """`linked`: the GapActions closing the gap now, in order
        (GapLink.objects.statuses()); the two lists: every action to choose
        from."""
        self.linked = linked
        self.partnership_choices = partnership_actions
        self.scrutiny_choices = scrutiny_actions
        super().__init__(
            data,
            initial={
                "version": local_response.version,
                "response": local_response.response,
                "rating": local_response.rating,
                "evidence": local_response.evidence,
                "gap": local_response.gap,
                "partnership_actions": [str(a.action_pk) for a in linked if a.kind == "partnership"],
                "scrutiny_actions": [str(a.action_pk) for a in linked if a.kind == "scrutiny"],
            },
        )
        self.fields["partnership_actions"].choices = [(str(a.pk), partnership_label(a)) for a in partnership_actions]
        self.fields["scrutiny_actions"].choices = [(str(a.pk), _scrutiny_label(a)) for a in scrutiny_actions]

    def typed(self) -> list[tuple[str, str]]:
        """What the clerk typed and chose, label by label, as posted: the
        rating by its word, after the Local response."""
        typed = [(self.fields[name].label, self.data.get(name, "")) for name in self.TYPED_FIELDS]
        typed.insert(1, (self.fields["rating"].label, self.typed_rating()))
        return typed

    def typed_rating(self) -> str:
        """The rating chosen, as posted, by its word ('' if none was)."""
        return dict(Rating.choices).get(self.data.get("rating", ""), "")

    def record_arguments(self) -> dict:
        """LocalResponse.record()'s, but `by`."""
        data = self.cleaned_data
        return {
            "version": data["version"],
            "response": data["response"],
            "rating": data["rating"],
            "evidence": data["evidence"],
            "gap": data["gap"],
            "actions": self.actions(),
        }

    def actions(self) -> list:
        """The chosen actions: those linked before in their order, then the
        newly chosen in the page's order (partnership plans', then reviews')."""
        chosen = {
            ("partnership", a.pk): a
            for a in self.partnership_choices
            if str(a.pk) in self.cleaned_data["partnership_actions"]
        }
        chosen |= {
            ("scrutiny", a.pk): a for a in self.scrutiny_choices if str(a.pk) in self.cleaned_data["scrutiny_actions"]
        }
        kept = [(link.kind, link.action_pk) for link in self.linked if (link.kind, link.action_pk) in chosen]
        return [chosen[key] for key in kept] + [action for key, action in chosen.items() if key not in kept]

    def _chosen(self, name) -> set[str]:
        return {str(value) for value in (self[name].value() or [])}

    def partnership_sources(self) -> list[PlanOptions]:
        """Each plan's actions by theme, ticked as chosen (or as posted),
        as the Delivered-through page groups them; the plans with a chosen
        action first."""
        chosen = self._chosen("partnership_actions")
        return _chosen_first(
            grouped_options(self.partnership_choices, chosen, source=plan_of, group=theme_of, label=partnership_label)
        )

    def scrutiny_sources(self) -> list[PlanOptions]:
        """Each review's actions by recommendation, as partnership_sources."""
        chosen = self._chosen("scrutiny_actions")
        return _chosen_first(
            grouped_options(
                self.scrutiny_choices, chosen, source=_review_of, group=_recommendation_of, label=_scrutiny_label
            )
        )


def _review_of(action) -> tuple[int, str]:
    review = action.recommendation.review
    return review.pk, f"{review.title} review"


def _recommendation_of(action) -> tuple[int, str]:
    return action.recommendation_id, f"Recommendation {action.recommendation.number}"


def _chosen_first(sources: list[PlanOptions]) -> list[PlanOptions]:
    return sorted(sources, key=lambda source: source.chosen == 0)


# A new partnership action for a gap ---------------------------------------------------


class NewGapActionForm(CleanTextMixin, forms.Form):
    """A new action at the end of a plan's theme (Theme.add_action), which
    then closes the gap with the actions closing it already."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    theme = forms.ChoiceField(
        label="Plan and theme",
        help_text="The new action goes at the end of the theme.",
        error_messages={"required": "Choose the plan’s theme", "invalid_choice": "Choose one of the plans’ themes"},
    )
    number = forms.CharField(
        label="Action number (optional)",
        required=False,
        max_length=20,
        help_text="As the plan numbers it, such as 3.4.",
        error_messages={"max_length": "The action number must be 20 characters or fewer"},
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the action"},
    )
    lead_organisations = forms.MultipleChoiceField(
        label="Lead organisations (optional)",
        required=False,
        widget=Checkboxes,
        help_text="Their leads write the action’s quarterly updates: choose from the plan’s own partnership.",
        error_messages={"invalid_choice": "Choose organisations from the list: %(value)s is not one of them"},
    )
    target_text = forms.CharField(
        label="Target date (optional)",
        required=False,
        max_length=200,
        help_text="As the plan words it, such as “March 2019” or “Quarterly updates”.",
        error_messages={"max_length": "The target date must be 200 characters or fewer"},
    )
    target_month = GovukMonthField(
        label="Month it is due by (optional)",
        name="The month it is due by",
        required=False,
        help_text="For the dashboard’s past-target count, for example 3 2019.",
    )
    outcome = forms.CharField(label="Outcome (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, version: int, themes, organisations):
        """`themes`: every plan's themes, plan by plan (select_related
        plan); `organisations`: every partnership's (select_related
        partnership)."""
        super().__init__(data, initial={"version": version})
        self.themes = {str(theme.pk): theme for theme in themes}
        self.organisations = {str(org.pk): org for org in organisations}
        self.fields["theme"].choices = [(pk, theme.heading) for pk, theme in self.themes.items()]
        self.fields["lead_organisations"].choices = [(pk, org.short_name) for pk, org in self.organisations.items()]

    def theme_groups(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """The select's option groups: each plan, its themes (value, heading, selected)."""
        chosen = str(self["theme"].value() or "")
        groups = []
        for pk, theme in self.themes.items():
            title = f"{theme.plan.short_title} ({theme.plan.partnership.name})"
            if not groups or groups[-1][0] != title:
                groups.append((title, []))
            groups[-1][1].append((pk, theme.heading, pk == chosen))
        return groups

    def organisation_groups(self) -> list[tuple[str, list[Option]]]:
        """The lead organisations' checkboxes, partnership by partnership."""
        chosen = {str(value) for value in (self["lead_organisations"].value() or [])}
        groups = []
        for index, (pk, org) in enumerate(self.organisations.items()):
            if not groups or groups[-1][0] != org.partnership.name:
                groups.append((org.partnership.name, []))
            label = org.short_name if org.short_name == org.name else f"{org.short_name} ({org.name})"
            groups[-1][1].append(Option(index, pk, label, pk in chosen))
        return groups

    def chosen_theme(self):
        return self.themes[self.cleaned_data["theme"]]

    def action_fields(self) -> dict:
        """Theme.add_action()'s, but `by`: the leads as the plan prints
        them are the chosen organisations' short names."""
        data = self.cleaned_data
        organisations = [self.organisations[pk] for pk in data["lead_organisations"]]
        return {
            "number": data["number"],
            "text": data["text"],
            "lead_organisations": organisations,
            "leads": ", ".join(org.short_name for org in organisations),
            "target_text": data["target_text"],
            "target_month": data["target_month"],
            "outcome": data["outcome"],
        }


# Typing a framework in from its paper ------------------------------------------------

# As the papers' text is kept: what Level.text and the definitions hold.
PLAIN_TEXT_HINT = "A new line starts a paragraph; start a line with “- ” for a bullet."


def _text(label, max_length, required_message="", **kwargs) -> forms.CharField:
    """A one-line answer, with GOV.UK's messages."""
    name = label.removesuffix(" (optional)")
    messages = {"max_length": f"{name} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        error_messages=messages,
        **kwargs,
    )


def _paragraphs(label, rows, required_message="", **kwargs) -> forms.CharField:
    """Text of paragraphs and bullets (its length is CleanTextMixin's rule)."""
    return forms.CharField(
        label=label,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
        **kwargs,
    )


class FrameworkForm(CleanTextMixin, forms.Form):
    """Framework.objects.add and Framework.change_details."""

    title = _text(
        "Title",
        300,
        "Enter the framework’s title",
        help_text="As the paper is headed, such as Tackling Hate Incidents: North East Standards of Achievable Good "
        "Practice for Local Areas",
    )
    short_title = _text(
        "Short title",
        120,
        "Enter a short title",
        help_text="How pages and links name it, such as North East hate incident standards",
    )
    issued_by = _text(
        "Issuing body (optional)",
        200,
        help_text="Who issued the framework, such as North East Community Cohesion Learning Network",
    )

    def __init__(self, *args, adding=False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields[
                "short_title"
            ].help_text += (
                ". The framework’s address is made from it, such as /standards/north-east-hate-incident-standards/"
            )

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "short_title", "issued_by")}


class LevelForm(CleanTextMixin, forms.Form):
    """Framework.add_level and Level.change."""

    name = _text("Level", 100, "Enter the level’s name, such as Regional level", help_text="Such as Regional level")
    defined_as = _text(
        "Defined as (optional)",
        300,
        help_text="The words in brackets after the level’s name, such as defined as local authority/CDRP area",
    )
    text = _paragraphs("What the framework says at this level (optional)", 8, help_text=PLAIN_TEXT_HINT)

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "defined_as", "text")}


class StandardForm(CleanTextMixin, forms.Form):
    """Framework.add_standard and Standard.change."""

    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=999,
        help_text="As the paper numbers it, such as 1",
        error_messages={
            "required": "Enter the standard’s number, such as 1",
            "invalid": "Enter the standard’s number as a whole number, such as 1",
            "min_value": "Enter a number of 1 or more",
            "max_value": "Enter a number of 999 or less",
        },
    )
    title = _text("Title", 200, "Enter the standard’s title, such as Third Party Reporting")
    definition = _paragraphs(
        "The paragraph that defines it (optional)",
        5,
        help_text="What the paper says under the standard’s title, before its characteristics. " + PLAIN_TEXT_HINT,
    )

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("number", "title", "definition")}


class CharacteristicForm(CleanTextMixin, forms.Form):
    """Standard.add_characteristic and Characteristic.change."""

    letter = _text("Letter", 3, "Enter the characteristic’s letter, such as A", help_text="Such as A")
    text = _paragraphs(
        "Characteristic", 5, "Enter the characteristic, as the paper words it", help_text=PLAIN_TEXT_HINT
    )
    function = _paragraphs(
        "Function (optional)", 3, help_text="What the characteristic is for, such as To reduce barriers to reporting"
    )

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("letter", "text", "function")}
