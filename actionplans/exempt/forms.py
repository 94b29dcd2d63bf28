"""The clerk's choice of whether a recommendation, an action, an update or an
evidence file is exempt information, and under which paragraph of Schedule
12A."""

from django import forms

from actionplans.models import ExemptParagraph

NOT_EXEMPT = "none"


def _paragraph(value: str) -> int | None:
    return None if value == NOT_EXEMPT else int(value)


class ExemptForm(forms.Form):
    paragraph = forms.TypedChoiceField(
        label="Is this exempt information?",
        help_text="Exempt information is left out of the public pages and the open data, and the documents print "
        "“Exempt information (paragraph N)” in its place. The paragraphs are those of Part 1 of Schedule 12A to "
        "the Local Government Act 1972.",
        choices=[(NOT_EXEMPT, "Not exempt: it is public")]
        + [(str(value), f"Paragraph {value}: {label}") for value, label in ExemptParagraph.choices],
        coerce=_paragraph,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it is exempt information, and under which paragraph",
            "invalid_choice": "Select whether it is exempt information, and under which paragraph",
        },
    )

    @classmethod
    def for_thing(cls, thing, data=None):
        """The form for `thing` (anything MayBeExempt), its present choice chosen."""
        current = NOT_EXEMPT if thing.exempt_paragraph is None else str(thing.exempt_paragraph)
        return cls(data, initial={"paragraph": current})
