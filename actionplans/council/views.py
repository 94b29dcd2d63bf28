"""The administrators' page of the council's settings: its wording and its
grading scales, each changed through a form, a preview of what the change
does, and Confirm. Nothing is saved before Confirm: what was typed travels
in the POST (hidden fields on the preview), so going back keeps it and any
of the app's servers can answer the next step."""

import contextlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from actionplans import permissions
from actionplans.council import forms, preview
from actionplans.models import Committee
from actionplans.models.council import (
    FEWEST_GRADES,
    MOST_GRADES,
    PARTNERSHIP,
    PRESETS,
    PROGRESS,
    Council,
    GradingScale,
    Printing,
    ScaleGrade,
    continuing_rows,
    council,
    current_scale,
    escalation_days,
)

KIND_WORDS = dict(GradingScale.KINDS)


def _for_administrator(view):
    """Signed in, then an administrator (permissions.CHANGE_COUNCIL_SETTINGS),
    or 403 before anything is read or written."""

    @login_required
    def guarded(request, *args, **kwargs):
        permissions.require(request.user, permissions.CHANGE_COUNCIL_SETTINGS)
        return view(request, *args, **kwargs)

    guarded.__name__ = guarded.__qualname__ = view.__name__
    guarded.__doc__ = view.__doc__
    return guarded


@_for_administrator
def settings_page(request):
    scales = [
        {
            "kind": kind,
            "name": KIND_WORDS[kind],
            "scale": current_scale(kind),
            "history": preview.scale_history(kind),
        }
        for kind in (PROGRESS, PARTNERSHIP)
    ]
    return render(
        request,
        "actionplans/council/settings.html",
        {
            "wording": council(),
            "other_committees": committees_in_other_words(council().committee_name),
            "form_labels": {name: field.label for name, field in forms.WordingForm.base_fields.items()},
            "scales": scales,
            "wording_history": preview.wording_history(forms.WordingForm),
            "escalation_days": escalation_days(),
            "escalation_history": preview.wording_history(forms.EscalationForm, ESCALATION_FIELDS),
            "nav": "people",
        },
    )


@_for_administrator
def change_wording(request):
    """The form; Continue shows the preview; Confirm saves; Back from the
    preview shows the form again with what was typed."""
    row = Council.objects.get(pk=1)
    before = forms.WordingForm.initial_from(row)
    if request.method != "POST":
        return _wording_form(request, forms.WordingForm(initial=before))
    form = forms.WordingForm(request.POST)
    if "back" in request.POST or not form.is_valid():
        return _wording_form(request, form)
    changes = preview.wording_changes(forms.WordingForm, before, form.cleaned_data)
    # What the preview compared against: another administrator's change
    # since then is shown before this one replaces it.
    seen = row.changed_at.isoformat()
    stale = "confirm" in request.POST and request.POST.get("seen") != seen
    renames = committee_renames(before["committee_name"], form.cleaned_data["committee_name"])
    if "confirm" in request.POST and changes and not stale:
        row.change(by=request.user, **{name: form.cleaned_data[name] for name in row.FIELDS})
        chosen = set(request.POST.getlist("rename"))
        renamed = []
        for committee, new_name in renames:
            if str(committee.pk) in chosen:
                committee.rename(name=new_name, by=request.user)
                renamed.append(committee.name)
        messages.success(
            request,
            "The council's wording is changed." + (f" Renamed: {', '.join(renamed)}." if renamed else ""),
        )
        return redirect("council_settings")
    return render(
        request,
        "actionplans/council/wording_preview.html",
        {
            "form": form,
            "changes": changes,
            "renames": renames,
            "old_committee_name": before["committee_name"],
            "chosen_renames": set(request.POST.getlist("rename")) if "rename_offered" in request.POST else None,
            "after": form.cleaned_data,
            "seen": seen,
            "stale": stale,
            "scale": current_scale(PROGRESS),
            "nav": "people",
        },
    )


def committee_renames(old_word: str, new_word: str) -> list[tuple[Committee, str]]:
    """The committees whose names use the council's old word for a
    committee, each with its name in the new word ("Crime and Disorder
    Select Committee" -> "Crime and Disorder Scrutiny Panel"): what a change
    of the word offers to rename. A name is the committee's own, so it is
    renamed only where the administrator ticks it."""
    old_word, new_word = old_word.strip(), new_word.strip()
    if not old_word or not new_word or old_word.lower() == new_word.lower():
        return []
    pattern = re.compile(rf"\b{re.escape(old_word)}\b", re.IGNORECASE)
    return [
        (committee, pattern.sub(lambda _: new_word, committee.name))
        for committee in Committee.objects.order_by("name")
        if pattern.search(committee.name)
    ]


def committees_in_other_words(word: str) -> list[Committee]:
    """The committees whose names do not use the council's word for one
    (renamed on People, Committees): what the settings page lists after the
    word changed."""
    pattern = re.compile(rf"\b{re.escape(word.strip())}\b", re.IGNORECASE)
    return [committee for committee in Committee.objects.order_by("name") if not pattern.search(committee.name)]


ESCALATION_FIELDS = ("escalation_days",)


@_for_administrator
def change_escalation(request):
    """The point of escalation: the form; Continue shows what changes and
    how many updates are past the new point now; Confirm saves."""
    row = Council.objects.get(pk=1)
    before = {"escalation_days": row.escalation_days}
    form = forms.EscalationForm(request.POST if request.method == "POST" else None, initial=before)
    if request.method != "POST" or "back" in request.POST or not form.is_valid():
        return render(request, "actionplans/council/escalation_form.html", {"form": form, "nav": "people"})
    changes = preview.wording_changes(forms.EscalationForm, before, form.cleaned_data, ESCALATION_FIELDS)
    seen = row.changed_at.isoformat()
    stale = "confirm" in request.POST and request.POST.get("seen") != seen
    if "confirm" in request.POST and changes and not stale:
        row.change_escalation(form.cleaned_data["escalation_days"], by=request.user)
        messages.success(request, "When overdue updates are escalated is changed.")
        return redirect(reverse("council_settings") + "#escalation")
    days = form.cleaned_data["escalation_days"]
    return render(
        request,
        "actionplans/council/escalation_form.html",
        {
            "form": form,
            "checking": True,
            "changes": changes,
            "seen": seen,
            "stale": stale,
            "days": days,
            "past_it_now": preview.updates_past(days),
            "nav": "people",
        },
    )


def _wording_form(request, form):
    return render(request, "actionplans/council/wording_form.html", {"form": form, "nav": "people"})


@_for_administrator
def change_scale(request, kind):
    """The grades (a formset); "Add a grade" and "Remove" redraw it with what
    was typed; Continue shows the preview, which asks what becomes of each
    current grade in the new scale; Confirm makes the next version."""
    if kind not in KIND_WORDS:
        raise Http404("There is no such grading scale.")
    current = current_scale(kind)
    if request.method != "POST":
        grades = current.rows()
        printing = forms.PrintingForm(initial={"prints": current.prints})
        return _scale_form(request, kind, forms.unbound_scale_formset(grades), printing)
    preset = PRESETS.get(kind, {}).get(request.POST.get("preset", ""))
    if preset:
        grades = [
            {name: grade.get(name, ScaleGrade.DEFAULTS.get(name, "")) for name in forms.FIELDS} for grade in preset[1]
        ]
        printing = forms.PrintingForm(initial={"prints": Printing.LABEL})
        return _scale_form(request, kind, forms.unbound_scale_formset(grades), printing)
    if "add" in request.POST or "remove" in request.POST:
        grades = forms.typed_grades(request.POST)
        if "add" in request.POST and len(grades) < MOST_GRADES:
            grades.append({"colour": "grey", "role": ""})
        elif "remove" in request.POST and len(grades) > FEWEST_GRADES:
            with contextlib.suppress(ValueError, IndexError):  # a crafted "remove": nothing removed
                del grades[int(request.POST["remove"])]
        printing = forms.PrintingForm(initial={"prints": request.POST.get("prints") or current.prints})
        return _scale_form(request, kind, forms.unbound_scale_formset(grades), printing, forms.answered(request.POST))
    formset = forms.scale_formset(request.POST)
    printing = forms.PrintingForm(request.POST, grades=forms.typed_grades(request.POST))
    # Both judged, so that every problem shows at once.
    valid = [formset.is_valid(), printing.is_valid()]
    if "back" in request.POST or not all(valid):
        return _scale_form(request, kind, formset, printing, forms.answered(request.POST))
    return _check_scale(request, kind, current, formset, printing.cleaned_data["prints"])


def _check_scale(request, kind, current, formset, prints):
    """The preview of grades that are right, with the question of what
    becomes of each current grade; "Check the answers" shows the preview
    again as answered; on Confirm, answered, the next version."""
    grades = formset.grades()
    levels = preview.preview_levels(grades, prints)
    continuing = continuing_rows(grades)
    # The version the preview compared against: another administrator's new
    # version since then is shown before this one follows it.
    stale = "confirm" in request.POST and request.POST.get("seen") != str(current.version)
    if ("confirm" in request.POST and not stale) or "check" in request.POST:
        becoming = forms.BecomesForm(request.POST, current=current, new=levels, continuing=continuing)
        if becoming.is_valid() and "confirm" in request.POST:
            scale = GradingScale.make(kind, grades, by=request.user, prints=prints, becomes=becoming.answers())
            messages.success(request, f"{KIND_WORDS[kind]}: version {scale.version} of the scale is now in use.")
            return redirect("council_settings")
    else:
        becoming = forms.BecomesForm(
            current=current, new=levels, continuing=continuing, answered=forms.answered(request.POST)
        )
    return _scale_preview(request, kind, formset, current, levels, becoming, stale=stale)


def _scale_preview(request, kind, formset, current, levels, becoming, *, stale):
    prints = levels[0].prints
    return render(
        request,
        "actionplans/council/scale_preview.html",
        {
            "kind": kind,
            "name": KIND_WORDS[kind],
            "formset": formset,
            "prints": prints,
            "printed_as": Printing(prints).label,
            "printed_before": Printing(current.prints).label if current.prints != prints else "",
            "current": current,
            "levels": levels,
            "becoming": becoming,
            "change": preview.scale_change(becoming.fates(), levels),
            "heading": council().grading_key_heading,
            "stale": stale,
            "nav": "people",
        },
    )


def _scale_form(request, kind, formset, printing, answered=None):
    """`answered`: the comparisons answered on the preview, kept for the
    next (forms.ComparisonForm)."""
    return render(
        request,
        "actionplans/council/scale_form.html",
        {
            "kind": kind,
            "name": KIND_WORDS[kind],
            "formset": formset,
            "printing": printing,
            "answered": sorted((answered or {}).items()),
            "most_grades": MOST_GRADES,
            "presets": [(key, name) for key, (name, _) in PRESETS.get(kind, {}).items()],
            "can_add": formset.total_form_count() < MOST_GRADES,
            "can_remove": formset.total_form_count() > FEWEST_GRADES,
            "nav": "people",
        },
    )
