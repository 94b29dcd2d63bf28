"""A review's grades: the scale it grades on, and its clerk's choice to
grade its next round on the council's scale again once its papers brought
in words of its own (GradingScale.return_to_council): which of the
council's grades each of its own grades is."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from actionplans import access
from actionplans.fields import add_model_errors
from actionplans.models.council import GradingScale, current_scale

NONE = "none"


class ReturnForm(forms.Form):
    """For each grade of the review's own scale, "What becomes of it?": one
    of the council's grades, or none. Each starts at the council's grade
    that is the same grade (its identity, else its label); the others start
    unanswered: only the clerk merges or drops a grade."""

    def __init__(self, own, council, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = own
        choices = [("", "Choose a grade"), *[(str(level.id), level.printed) for level in council]]
        choices.append((NONE, "None: no grade of the council’s scale"))
        labels = {level.label.casefold(): level for level in council}
        for level in own:
            same = council.grade_of(level.identity) or labels.get(level.label.casefold())
            self.fields[f"becomes_{level.id}"] = forms.ChoiceField(
                label=f"What becomes of {level.printed}?",
                choices=choices,
                initial=str(same.id) if same else "",
                error_messages={"required": f"Say what becomes of {level.printed}."},
            )

    def becomes(self) -> dict[int, int | None]:
        answer = self.cleaned_data
        return {
            level.id: None if answer[f"becomes_{level.id}"] == NONE else int(answer[f"becomes_{level.id}"])
            for level in self.own
        }


@login_required
def review_grades(request, slug):
    """GET shows the scale the review grades on; POST (where it grades on
    its own) makes it grade its next round on the council's, all or nothing."""
    review = access.get_review_to_set_up(request.user, slug)
    returning = GradingScale.returning(review)
    why_not = GradingScale.why_not_return(review) if returning else ""
    form = None
    if returning and not why_not:
        form = ReturnForm(*returning, request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                GradingScale.return_to_council(review, form.becomes(), by=request.user)
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(request, f"{review.title}’s next round is graded on the council’s scale.")
                return redirect("review_grades", slug=review.slug)
    return render(
        request,
        "actionplans/setup/grades.html",
        {
            "review": review,
            "own": returning[0] if returning else None,
            "scale": current_scale(review=review),
            "why_not": why_not,
            "form": form,
            "nav": "reviews",
        },
    )
