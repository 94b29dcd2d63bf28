"""The annual report's year picker."""

from django import forms

from actionplans.models.council import council
from actionplans.municipal import MunicipalYear


class AnnualReportForm(forms.Form):
    """The annual report's year picker: a municipal year with figures, and
    all Select Committees or one."""

    year = forms.TypedChoiceField(label="Municipal year", coerce=int, error_messages={"required": "Select a year"})
    committee = forms.ChoiceField(label="Select Committee", required=False)

    def __init__(self, *args, years, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, MunicipalYear.of(year).label) for year in years]
        wording = council()
        self.fields["committee"].label = wording.committee_name
        self.fields["committee"].choices = [("", f"All {wording.committees_name}")] + [
            (committee.slug, committee.name) for committee in committees
        ]
