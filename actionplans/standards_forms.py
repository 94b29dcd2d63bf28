"""The clerk's forms for typing a framework of standards in from its paper:
its details, a level, a standard, a characteristic. They only clean what
was typed; the rules (a standard's number once, a letter once and in Latin,
a framework's address) are the models' (actionplans/models/standards.py)."""

from django import forms

from actionplans.text import CleanTextMixin

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
