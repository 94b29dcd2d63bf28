"""Setting up a framework of standards from its paper: its details, its
levels, its numbered standards and their lettered characteristics, each
added, changed, put in the paper's order or deleted. Clerks and
administrators only (access.get_framework_to_set_up); every write is a
verb of actionplans/models/frameworks.py with by=.

No version check: a framework's text is typed in once and corrected
rarely, and every save is in the history with who made it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst

from actionplans import access, permissions
from actionplans.fields import add_model_errors
from actionplans.models import Characteristic, Framework, Standard
from actionplans.standards.forms import CharacteristicForm, FrameworkForm, LevelForm, StandardForm

NAV = "dashboards"  # the standards pages are reached from the Dashboards page


def _posted(request):
    return request.POST if request.method == "POST" else None


def _added(request, form, add, *, renamed=None):
    """What `add` (an adding verb) made of the form's answers, or None if
    they are not valid, with the model's messages added to the form by
    their fields (`renamed`: the model's field names to the form's)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return add(form.details())
    except ValidationError as error:
        add_model_errors(form, error, renamed=renamed)
        return None


def _changed(request, form, change, item) -> bool:
    """Whether `change` (a change verb of `item`) saved the form's answers.
    If the model refused them, `item` is read again as it is stored (a verb
    sets the fields before it checks them) and the form keeps what was typed."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        change(form.details())
    except ValidationError as error:
        add_model_errors(form, error)
        item.refresh_from_db()
        return False
    return True


def _page(request, template, framework, status=200, **context):
    context = {"framework": framework, "nav": NAV, **context}
    return render(request, f"actionplans/standards_setup/{template}", context, status=status)


# The framework ---------------------------------------------------------------------


@login_required
def add_framework(request):
    permissions.require(request.user, permissions.CHANGE_FRAMEWORK)
    form = FrameworkForm(_posted(request), adding=True)
    framework = _added(
        request,
        form,
        lambda details: Framework.objects.add(**details, by=request.user),
        renamed={"slug": "short_title"},
    )
    if framework is not None:
        messages.success(request, f"{framework.short_title} was added. Now add its levels and standards.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "framework_form.html", None, form=form)


@login_required
def framework_setup(request, slug):
    """The framework at a glance, as it will print: its details, its
    levels, and its standards in order with their characteristics, each
    with links to change it. Posting "move" puts one earlier or later."""
    framework = access.get_framework_to_set_up(request.user, slug)
    if request.method == "POST":
        return _move(request, framework)
    levels, why_not_renumberable = list(framework.levels.all()), framework.why_not_renumberable()
    standards = list(
        framework.standards.prefetch_related(
            Prefetch("characteristics", Characteristic.objects.with_assessed().order_by("position", "letter", "pk"))
        )
    )
    return _page(
        request,
        "framework_setup.html",
        framework,
        levels=levels,
        standards=standards,
        has_characteristics=any(standard.characteristics.all() for standard in standards),
        # The page is a form only when it has a "Move" button to post it.
        movable=len(levels) > 1
        or (len(standards) > 1 and not why_not_renumberable)
        or any(len(standard.characteristics.all()) > 1 for standard in standards),
        assessments=framework.assessments.count(),
        why_not_renumberable=why_not_renumberable,
    )


def _move(request, framework):
    """Posted as move=standard:<pk>:up, characteristic:<pk>:down or level:<pk>:up."""
    kind, _, rest = request.POST.get("move", "").partition(":")
    pk, _, direction = rest.partition(":")
    kinds = {
        "level": framework.levels.all(),
        "standard": framework.standards.all(),
        "characteristic": Characteristic.objects.filter(standard__framework=framework).select_related("standard"),
    }
    if kind not in kinds or not (pk.isascii() and pk.isdecimal()) or direction not in ("up", "down"):
        return HttpResponseBadRequest("The form did not say what to move, or which way.")
    item = get_object_or_404(kinds[kind], pk=pk)
    name = _name(item)
    try:
        item.move(direction=direction, by=request.user)
    except ValidationError as error:
        messages.info(request, f"{capfirst(name)} was not moved. {' '.join(error.messages)}")
    else:
        now = f": it is now standard {item.number}" if isinstance(item, Standard) else ""
        messages.success(request, f"{capfirst(name)} was moved {direction}{now}.")
    return redirect("framework_setup", framework.slug)


def _name(item) -> str:
    """'standard 1', 'characteristic 1 B', 'Regional level', as the pages name them in a sentence."""
    if isinstance(item, Characteristic):
        return f"characteristic {item.label}"
    if isinstance(item, Standard):
        return f"standard {item.number}"
    return item.name


@login_required
def change_framework(request, slug):
    framework = access.get_framework_to_set_up(request.user, slug)
    form = FrameworkForm(
        _posted(request),
        initial={"title": framework.title, "short_title": framework.short_title, "issued_by": framework.issued_by},
    )
    if _changed(request, form, lambda details: framework.change_details(**details, by=request.user), framework):
        messages.success(request, "The framework’s details were saved.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "framework_form.html", framework, form=form)


# Levels ------------------------------------------------------------------------------


@login_required
def add_level(request, slug):
    framework = access.get_framework_to_set_up(request.user, slug)
    form = LevelForm(_posted(request))
    level = _added(request, form, lambda details: framework.add_level(**details, by=request.user))
    if level is not None:
        messages.success(request, f"{level.name} was added.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "level_form.html", framework, form=form, level=None)


@login_required
def change_level(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    level = get_object_or_404(framework.levels, pk=pk)
    form = LevelForm(_posted(request), initial={"name": level.name, "defined_as": level.defined_as, "text": level.text})
    if _changed(request, form, lambda details: level.change(**details, by=request.user), level):
        messages.success(request, f"{level.name} was saved.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "level_form.html", framework, form=form, level=level)


@login_required
def delete_level(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    level = get_object_or_404(framework.levels, pk=pk)
    return _delete(request, framework, level, what=level.heading)


# Standards ---------------------------------------------------------------------------


@login_required
def add_standard(request, slug):
    framework = access.get_framework_to_set_up(request.user, slug)
    form = StandardForm(_posted(request))
    standard = _added(request, form, lambda details: framework.add_standard(**details, by=request.user))
    if standard is not None:
        messages.success(request, f"Standard {standard.heading} was added. Now add its characteristics.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "standard_form.html", framework, form=form, standard=None)


@login_required
def change_standard(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    standard = get_object_or_404(framework.standards, pk=pk)
    form = StandardForm(
        _posted(request),
        initial={"number": standard.number, "title": standard.title, "definition": standard.definition},
    )
    if _changed(request, form, lambda details: standard.change(**details, by=request.user), standard):
        messages.success(request, f"Standard {standard.heading} was saved.")
        return redirect("framework_setup", framework.slug)
    return _page(request, "standard_form.html", framework, form=form, standard=standard)


@login_required
def delete_standard(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    standard = get_object_or_404(framework.standards, pk=pk)
    return _delete(request, framework, standard, what=standard.heading, goes_with="Its characteristics go with it.")


# Characteristics ---------------------------------------------------------------------


@login_required
def add_characteristic(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    standard = get_object_or_404(framework.standards, pk=pk)
    form = CharacteristicForm(_posted(request))
    characteristic = _added(request, form, lambda details: standard.add_characteristic(**details, by=request.user))
    if characteristic is not None:
        messages.success(request, f"Characteristic {characteristic.label} was added.")
        return redirect("framework_setup", framework.slug)
    return _page(
        request,
        "characteristic_form.html",
        framework,
        form=form,
        standard=standard,
        characteristic=None,
        assessments=framework.assessments.count(),
    )


def _characteristic(framework, pk) -> Characteristic:
    return get_object_or_404(
        Characteristic.objects.with_assessed().select_related("standard"), standard__framework=framework, pk=pk
    )


@login_required
def change_characteristic(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    characteristic = _characteristic(framework, pk)
    form = CharacteristicForm(
        _posted(request),
        initial={"letter": characteristic.letter, "text": characteristic.text, "function": characteristic.function},
    )
    if _changed(request, form, lambda details: characteristic.change(**details, by=request.user), characteristic):
        messages.success(request, f"Characteristic {characteristic.label} was saved.")
        return redirect("framework_setup", framework.slug)
    return _page(
        request,
        "characteristic_form.html",
        framework,
        form=form,
        standard=characteristic.standard,
        characteristic=characteristic,
    )


@login_required
def delete_characteristic(request, slug, pk):
    framework = access.get_framework_to_set_up(request.user, slug)
    characteristic = _characteristic(framework, pk)
    return _delete(request, framework, characteristic, what=characteristic.text)


def _delete(request, framework, item, *, what: str, goes_with: str = ""):
    """The confirmation page, then the verb (`item.delete(by=)`); refused,
    with why, once an assessment has rated it."""
    name = _name(item)
    problem = item.why_not_deletable()
    if request.method == "POST" and not problem:
        try:
            item.delete(by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"{capfirst(name)} was deleted.")
            return redirect("framework_setup", framework.slug)
    refused = bool(problem) and request.method == "POST"
    return _page(
        request,
        "delete.html",
        framework,
        name=name,
        what=what,
        goes_with=goes_with,
        problem=problem,
        refused=refused,
        status=409 if refused else 200,
    )
