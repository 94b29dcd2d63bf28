"""Which of the ledger's rows to list: a year, a measure, and one
committee or review where the count was theirs (the figures' links fill
it in)."""

from django import forms

from actionplans.municipal import MunicipalYear
from reports.achieved.ledger import MEASURES, Measure, figure_measure


class RowsForm(forms.Form):
    year = forms.TypedChoiceField(label="Municipal year", coerce=int, error_messages={"required": "Select a year"})
    measure = forms.ChoiceField(label="Which recommendations")
    committee = forms.ChoiceField(label="Committee", required=False)
    review = forms.CharField(required=False, widget=forms.HiddenInput)
    unit = forms.CharField(required=False, widget=forms.HiddenInput)
    period = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, MunicipalYear.of(year).label) for year in years]
        self.fields["measure"].choices = [(key, measure.label) for key, measure in MEASURES.items()] + [
            ("figure", "Impacts with a figure in one unit")
        ]
        self.fields["committee"].choices = [("", "All committees")] + [
            (committee.slug, committee.name) for committee in committees
        ]

    def clean(self):
        data = super().clean()
        if data.get("measure") == "figure" and not data.get("unit"):
            raise forms.ValidationError("Follow a figure's link from the report to list the impacts in its unit.")
        return data

    def chosen_measure(self) -> Measure:
        data = self.cleaned_data
        if data["measure"] == "figure":
            return figure_measure(data["unit"], data["period"])
        return MEASURES[data["measure"]]
