"""Setting up a review's plan: the review, its recommendations, their lettered
parts, strands and action records, checked and then confirmed. Clerks and
administrators only; every write is a Review verb, with who and the version
of the plan the page showed."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from actionplans import access, permissions
from actionplans.models import (
    Action,
    Owner,
    PlanConflict,
    Responsibility,
    Review,
    SubAction,
    TargetReasonNeeded,
    part_words,
)
from actionplans.models.council import current_scale
from actionplans.setup.forms import (
    ConfirmForm,
    RecommendationPage,
    ReviewDetailsForm,
    apply_button,
    leave_out_blank_records,
    page_of,
    read_page,
    without_owner,
)


def _owners():
    return list(Owner.objects.order_by("name"))


def _version(request, data=None) -> int:
    """The plan's version the page showed (`data`: what it had typed, kept
    while the clerk added someone); anything else counts as out of date."""
    try:
        return int((request.POST if data is None else data).get("version"))
    except (TypeError, ValueError):
        return -1


# Adding a person, a role or group, or a committee half-way through a page:
# what the page has typed is kept in the session while the clerk adds them,
# and shown again, unchecked, when they come back (not a new tab, and no
# set-up details lost on the way to "Add a committee").
_ADDING = {"add_person", "add_role", "add_committee"}  # the buttons, named as the pages they go to
_TYPED = "typed_before_adding"


def _leave_to_add(request, button: str):
    """Keep what the page posted, and go to add whoever the button names;
    that page comes back here (?typed=1, and the page's own `next`)."""
    typed = {key: values for key, values in request.POST.lists() if key not in ("csrfmiddlewaretoken", "do")}
    request.session[_TYPED] = {**request.session.get(_TYPED, {}), request.path: typed}
    back = {"typed": "1", **({"next": _next(request)} if _next(request) else {})}
    return redirect(f"{reverse(button)}?{urlencode({'next': f'{request.path}?{urlencode(back)}'})}")


def _typed_kept(request):
    """Back from adding someone (?typed=1): what the page had typed, once;
    None otherwise. A committee just added (?committee=) is chosen in it."""
    if request.method != "GET" or "typed" not in request.GET:
        return None
    kept = request.session.get(_TYPED, {})
    typed = kept.pop(request.path, None)
    if typed is None:
        return None
    request.session[_TYPED] = kept
    data = QueryDict(mutable=True)
    for key, values in typed.items():
        data.setlist(key, values)
    if request.GET.get("committee", "").isdigit():
        data["committee"] = request.GET["committee"]
    _choose_owner_added(request, data)
    return data


def _choose_owner_added(request, data) -> None:
    """Back from "Add a person" or "Add a role or group" (?owner=<pk>): the
    one just added is chosen in what the page had typed, unless it names
    them already. On the review's details, in the first empty link officer
    box; on a recommendation, as the lead of the first action record that
    names nobody but has something typed (a record left blank stays blank,
    so it is not saved; none such: the clerk chooses where)."""
    pk = request.GET.get("owner", "")
    owner = Owner.objects.filter(pk=pk).first() if pk.isdigit() else None
    if owner is None:
        return
    if _choose(pk, data):
        messages.info(request, f"{owner.name} is chosen below: check the place.")
    else:
        messages.info(request, f"Choose where {owner.name} is named below: no box was waiting for them.")


def _choose(pk: str, data) -> bool:
    """The owner `pk` chosen in `data` as _choose_owner_added says; whether
    they are chosen (already, or now)."""
    typed_in = ("pk", "strand", "target_text", "agreed_action", "success_measure", "target_reason")
    boxes = {}  # each record's owner boxes, in the page's order
    for key in data:
        stem, found, number = key.rpartition("owner_")
        if found and number.isdigit():
            boxes.setdefault(stem, []).append(key)
        elif key.endswith("-agreed_action"):  # a record, though no box of it was posted
            boxes.setdefault(key.removesuffix("agreed_action"), [])
    if any(data.get(key) == pk for keys in boxes.values() for key in keys):
        return True
    if set(boxes) <= {""}:  # the review's details: its link officers
        n = 0
        while data.get(f"owner_{n}"):
            n += 1
        data[f"owner_{n}"] = pk
        return True
    for stem, keys in boxes.items():
        if not any(data.get(key) for key in keys) and any(data.get(f"{stem}{name}") for name in typed_in):
            data[f"{stem}owner_0"] = pk
            return True
    return False


def _choose_committee_added(request, form) -> None:
    """Back from "Add a committee" (?committee=<pk>): the new committee is
    chosen in the form."""
    if not form.is_bound and request.GET.get("committee", "").isdigit():
        form.initial["committee"] = int(request.GET["committee"])


def _messages_of(error: ValidationError) -> list[str]:
    return error.messages


def _next(request, data=None) -> str:
    """The page that sent the clerk to a change page (`next`, as the check
    page's "Change" links give it), if it is an address of this site."""
    wanted = (data or {}).get("next") or request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _back_to(request, review, data=None) -> str:
    """Where a change page returns to: the page that sent the clerk, else the plan."""
    return _next(request, data) or reverse("review_plan", args=[review.slug])


# The outline of a plan, read once for the overview and the check page -----


@dataclass
class PartOutline:
    letter: str
    text: str
    records: list = field(default_factory=list)

    @property
    def words(self) -> str:
        """Its text as printed after its letter (part_words())."""
        return part_words(self.letter, self.text)


@dataclass
class RecommendationOutline:
    number: int
    text: str
    is_rejected: bool = False  # the executive rejected it: its records are not monitored
    records: list = field(default_factory=list)  # its own record and strands
    parts: list = field(default_factory=list)


def plan_outline(review) -> list[RecommendationOutline]:
    """The plan in document order: four queries whatever its size."""
    recs = {
        rec.pk: RecommendationOutline(rec.number, rec.text, is_rejected=rec.is_rejected)
        for rec in review.recommendations.select_related("executive_response").order_by("number")
    }
    parts = {}
    for sub in SubAction.objects.filter(recommendation__review=review).order_by("recommendation__number", "letter"):
        parts[sub.pk] = PartOutline(sub.letter, sub.text)
        recs[sub.recommendation_id].parts.append(parts[sub.pk])
    actions = (
        Action.objects.filter(recommendation__review=review)
        .select_related("recommendation", "sub_action")
        .prefetch_related(Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        .in_document_order()
    )
    for action in actions:
        action.owner_names = [link.owner.name for link in action.responsibilities.all()]
        holder = parts[action.sub_action_id] if action.sub_action_id else recs[action.recommendation_id]
        holder.records.append(action)
    return list(recs.values())


def _review_details_form(request, **extra) -> tuple[ReviewDetailsForm, QueryDict | None]:
    """The review's details as typed before leaving to add someone (shown
    unchecked), as posted, or blank; a committee just added is chosen. With
    what was typed (None when the page was not left)."""
    typed = _typed_kept(request)
    data = typed if typed is not None else (request.POST if request.method == "POST" else None)
    form = ReviewDetailsForm(data, owners=_owners(), unchecked=typed is not None, **extra)
    _choose_committee_added(request, form)
    return form, typed


# Pages -----------------------------------------------------------------------


@login_required
def set_up_review(request):
    permissions.require(request.user, permissions.SET_UP_REVIEW)
    if request.POST.get("do") in _ADDING:
        return _leave_to_add(request, request.POST["do"])
    form, _ = _review_details_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            review = Review.objects.set_up(**form.details(), by=request.user)
        except ValidationError as error:
            form.add_error(None, " ".join(_messages_of(error)))
        else:
            messages.success(request, f"The {review.title} review is being set up. Add its recommendations.")
            return redirect("review_plan", slug=review.slug)
    return render(request, "actionplans/setup/review_details.html", {"form": form, "review": None, "nav": "reviews"})


@login_required
def change_review_details(request, slug):
    review = access.get_review_to_set_up(request.user, slug)
    if request.POST.get("do") in _ADDING:
        return _leave_to_add(request, request.POST["do"])
    form, typed = _review_details_form(request, review=review)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            review.change_details(**form.details(), by=request.user, version=_version(request))
        except PlanConflict as error:
            conflict = error.message + " Check what the review says now before saving again."
            review.refresh_from_db()
        except ValidationError as error:
            form.add_error(None, " ".join(_messages_of(error)))
        else:
            messages.success(request, "The review’s details were saved.")
            return redirect(_back_to(request, review))
    return render(
        request,
        "actionplans/setup/review_details.html",
        {
            "form": form,
            "review": review,
            "conflict": conflict,
            # The version the page first showed, when the clerk left it to add someone.
            "version": _version(request, typed) if typed is not None else review.version,
            "back_to": _back_to(request, review, typed),
            "next": _next(request, typed),
            "nav": "reviews",
        },
        status=409 if conflict else 200,
    )


@login_required
def review_plan(request, slug):
    """The plan at a glance: the review's details and every recommendation,
    each with a link to change it."""
    review = access.get_review_to_set_up(request.user, slug)
    return render(
        request,
        "actionplans/setup/plan.html",
        {
            "review": review,
            "link_officers": review.link_officers_in_order(),
            "outline": plan_outline(review),
            "why_not_renumberable": review.why_not_renumberable(),
            "own_scale": current_scale(review=review).review is not None,
            "next": request.path,  # the "Change" links come back here
            "nav": "reviews",
        },
    )


@login_required
def add_recommendation(request, slug):
    review = access.get_review_to_set_up(request.user, slug)
    return _recommendation_page(request, review, None)


@login_required
def change_recommendation(request, slug, number):
    review = access.get_review_to_set_up(request.user, slug)
    recommendation = review.recommendations.filter(number=number).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    return _recommendation_page(request, review, recommendation)


@dataclass
class _Shown:
    """The recommendation's page as it is shown again: the version it edits,
    and why it was not saved (a conflict, the record's problems)."""

    page: RecommendationPage
    version: int
    status: int = 200
    conflict: str | None = None
    problems: list = field(default_factory=list)


def _recommendation_page(request, review, recommendation):
    """One recommendation whole: its text, its own action record, its
    lettered parts and strands. Buttons other than "Save" change the page's
    shape and show it again with everything typed kept; "Save" writes it
    all, or nothing."""
    if request.POST.get("do") in _ADDING:
        return _leave_to_add(request, request.POST["do"])
    owners = _owners()
    number = recommendation.number if recommendation else None
    typed = _typed_kept(request)
    if typed is not None:
        # Back from adding someone: the page as it was typed, the lists read again.
        page = RecommendationPage(read_page(typed), number=number, owners=owners, bound=False)
        shown = _Shown(page, _version(request, typed))
    elif request.method == "POST":
        shown = _posted_recommendation(request, review, number, owners)
        if not isinstance(shown, _Shown):
            return shown  # saved
    else:
        page = RecommendationPage(page_of(recommendation), number=number, owners=owners, bound=False)
        shown = _Shown(page, review.version)
    if recommendation is not None:
        recommendation.review = review
    return render(
        request,
        "actionplans/setup/recommendation.html",
        {
            "review": review,
            "recommendation": recommendation,
            "number": number,
            "page": shown.page,
            "errors": [(None, problem) for problem in shown.problems]
            + (shown.page.errors() if shown.page.bound else []),
            "conflict": shown.conflict,
            "version": shown.version,
            "may_reletter": not review.why_not_renumberable(),
            "confirmed": not review.is_being_set_up,
            "back_to": _back_to(request, review, typed),
            "next": _next(request, typed),
            "nav": "reviews",
        },
        status=shown.status,
    )


def _posted_recommendation(request, review, number, owners):
    """The page as posted: reshaped by its button and shown again, or saved
    (a redirect) where "Save" was pressed and it all is valid."""
    version = _version(request)
    button = request.POST.get("do", "save")
    data = request.POST
    if button.startswith("remove_owner:"):
        data = without_owner(request.POST, button.partition(":")[2])
        if data is None:
            raise Http404("No such button")
    # Every post reads the people and groups again (`owners`): one added in
    # another tab since the page loaded is in the lists now.
    page_data = read_page(data)
    if button != "save":
        if not apply_button(page_data, button):
            raise Http404("No such button")
        return _Shown(RecommendationPage(page_data, number=number, owners=owners, bound=False), version)
    leave_out_blank_records(page_data)
    page = RecommendationPage(page_data, number=number, owners=owners, bound=True)
    if not page.is_valid():
        return _Shown(page, version)
    return _saved_recommendation(request, review, number, page, version)


def _saved_recommendation(request, review, number, page, version):
    """Save the valid page, all or nothing: a redirect back, or the page
    again, saying why nothing was saved."""
    try:
        saved = review.save_recommendation(number=number, **page.save_arguments(), by=request.user, version=version)
    except PlanConflict as error:
        # Nothing was saved: what was typed stays on the page, and saving
        # again (now at the current version) replaces theirs.
        return _Shown(page, error.current.version, status=409, conflict=error.message)
    except TargetReasonNeeded as error:
        page.add_target_reason_errors(error.action_pks, error.MESSAGE)
        return _Shown(page, version)
    except ValidationError as error:
        return _Shown(page, version, problems=_messages_of(error))
    messages.success(request, f"Recommendation {saved.number} was saved.")
    return redirect(_back_to(request, review))


@login_required
def remove_recommendation(request, slug, number):
    review = access.get_review_to_set_up(request.user, slug)
    recommendation = review.recommendations.filter(number=number).first()
    if recommendation is None:
        raise Http404("No such recommendation")
    problem = ""
    if request.method == "POST":
        try:
            review.remove_recommendation(number=number, by=request.user, version=_version(request))
        except PlanConflict as error:
            problem = error.message + " Check the plan again before removing anything."
            review.refresh_from_db()
        except ValidationError as error:
            problem = " ".join(_messages_of(error))
        else:
            messages.success(request, f"Recommendation {number} was removed.")
            return redirect("review_plan", slug=review.slug)
    return render(
        request,
        "actionplans/setup/remove_recommendation.html",
        {"review": review, "recommendation": recommendation, "problem": problem, "nav": "reviews"},
        status=409 if problem else 200,
    )


@login_required
@require_POST
def move_recommendation(request, slug, number):
    review = access.get_review_to_set_up(request.user, slug)
    up = request.POST.get("direction") == "up"
    try:
        review.move_recommendation(number=number, up=up, by=request.user, version=_version(request))
    except PlanConflict as error:
        messages.error(request, error.message + " The plan as it is now is shown below.")
    except ValidationError as error:
        messages.error(request, " ".join(_messages_of(error)))
    else:
        messages.success(request, f"Recommendation {number} is now recommendation {number - 1 if up else number + 1}.")
    return redirect("review_plan", slug=review.slug)


@login_required
def check_plan(request, slug):
    """GOV.UK's "Check your answers": the whole plan as set up, with a link
    to change each part, and the button that confirms it."""
    review = access.get_review_to_set_up(request.user, slug)
    form = ConfirmForm(request.POST if request.method == "POST" else None, initial={"version": review.version})
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            review.confirm(by=request.user, version=form.cleaned_data["version"])
        except PlanConflict as error:
            conflict, status = error.message + " Check the plan as it is now, below, then confirm it.", 409
            review.refresh_from_db()
            form = ConfirmForm(initial={"version": review.version})
        except ValidationError:
            pass  # the problems are listed on the page
        else:
            messages.success(
                request, f"The {review.title} plan is confirmed: it is being monitored, and readers can see it."
            )
            return redirect("review_detail", slug=review.slug)
    return render(
        request,
        "actionplans/setup/check.html",
        {
            "review": review,
            "link_officers": review.link_officers_in_order(),
            "outline": plan_outline(review),
            "problems": review.why_not_confirmable() if review.is_being_set_up else [],
            "form": form,
            "conflict": conflict,
            # The "Change" links come back here afterwards.
            "next": request.path,
            "nav": "reviews",
        },
        status=status,
    )
