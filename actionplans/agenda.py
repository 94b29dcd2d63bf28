"""The agenda options of a document exported for an agenda pack: the
write side's publish and self-assessment forms and the read side's
downloads all ask them, so they live here, beneath both."""

from django import forms

from actionplans.text import CleanTextMixin


class AgendaOptionsForm(CleanTextMixin, forms.Form):
    """What anyone exporting a document for an agenda pack may add: the
    agenda header, the pack's first page number, and DRAFT (ExportOptions).
    The Progress Update's export and the scrutiny annual report's downloads
    both ask these."""

    agenda_header = forms.CharField(
        label="Agenda header (optional)",
        help_text="Printed at the top of every page, for example ‘Agenda Item 8: Appendix 1’",
        max_length=120,
        required=False,
        error_messages={"max_length": "The agenda header must be 120 characters or fewer"},
    )
    first_page = forms.IntegerField(
        label="Number of the first page (optional)",
        help_text="To continue the agenda pack’s page numbering, for example 23",
        min_value=1,
        max_value=9999,
        required=False,
        error_messages={
            "invalid": "Enter the first page number as a whole number, like 23",
            "min_value": "The first page number must be 1 or more",
            "max_value": "The first page number must be 9999 or less",
        },
    )
    draft = forms.BooleanField(label="Mark every page DRAFT", required=False)

    def __init__(self, *args, prepares_agenda: bool = True, **kwargs):
        """`prepares_agenda`: only those who put the agenda pack together
        mark its pages DRAFT (councillors were once offered it); for
        anyone else the field is not there, and asked for in the address it
        is not printed."""
        super().__init__(*args, **kwargs)
        if not prepares_agenda:
            del self.fields["draft"]

    def clean_agenda_header(self):
        # The running header has room for one line: line breaks are refused
        # (CleanTextMixin), runs of spaces closed up.
        return " ".join(self.cleaned_data["agenda_header"].split())

    def agenda_options(self) -> dict:
        """The ExportOptions these fields give, as keywords."""
        options = {name: self.cleaned_data[name] for name in ("agenda_header", "first_page")}
        return {**options, "draft": self.cleaned_data.get("draft", False)}  # not offered to every reader
