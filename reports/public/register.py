"""The open-recommendations register (issue 74, item 5): every public
recommendation (Recommendation.objects.public: exempt information
withheld, as everywhere) with its review, status, priority, age and
impacts, as the ledger reads them (reports/achieved/ledger.py, the open
data's and the API's one rule), filterable, with the day it is as of."""

from django import forms
from django.shortcuts import render
from django.utils import timezone

from actionplans.models import Committee, Recommendation
from actionplans.models.outcomes import ImpactKind
from reports.achieved.ledger import STATUSES, read_ledger
from reports.public.guard import public_page


class RegisterForm(forms.Form):
    committee = forms.ChoiceField(label="Committee", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status")] + [(status, status) for status in STATUSES]
    )
    impact = forms.ChoiceField(
        label="Kind of impact",
        required=False,
        choices=[("", "Any, or none")] + [(kind.value, kind.label) for kind in ImpactKind if kind.value != "none_yet"],
    )
    priority = forms.BooleanField(label="Only the committee's priorities", required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [("", "Every committee")] + [(c.slug, c.name) for c in committees]

    def keeps(self, row) -> bool:
        """Whether the ledger's `row` is one the filters ask for."""
        data = self.cleaned_data
        return (
            (not data["committee"] or row.review.committee.slug == data["committee"])
            and (not data["status"] or row.status == data["status"])
            and (not data["impact"] or any(impact.kind == data["impact"] for impact in row.evidenced_impacts))
            and (not data["priority"] or row.open_priority is not None)
        )


@public_page
def public_register(request):
    """Every public recommendation, filtered as asked, as of today."""
    today = timezone.localdate()
    rows = read_ledger(Recommendation.objects.public(), today)
    committees = Committee.objects.filter(reviews__in={row.review.pk for row in rows}).distinct().order_by("name")
    form = RegisterForm(request.GET, committees=committees)
    shown = [row for row in rows if form.keeps(row)] if form.is_valid() else rows
    return render(
        request,
        "reports/public/register.html",
        {"form": form, "rows": shown, "total": len(rows), "as_of": today, "filtered": bool(request.GET)},
    )
