"""The clerk's page for the committee's decisions on a published round:
every action the round carried, its grade and movement, the decision
(none chosen until the clerk chooses one), then Save or Publish. The rules live on
CommitteeDecision; this fetches, calls the verb and redirects."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from actionplans import access, grading, permissions
from actionplans.decisions.forms import DecisionsForm
from actionplans.fields import add_model_errors
from actionplans.models import Action, CommitteeDecision, DecisionConflict, Round, document_order
from actionplans.models.council import PROPOSES_SIGN_OFF, ScaleLevel, all_scales, current_scale, decisions_for
from actionplans.setup.views import _version


@dataclass
class DecisionRow:
    action: Action
    level: ScaleLevel | None  # the grade as it was given (None: no update received)
    movement: str  # words
    recorded: CommitteeDecision | None
    decided: bool = False  # the committee's decision on it here is published

    @property
    def grade_label(self) -> str:
        return self.level.printed if self.level else grading.NO_UPDATE_RECEIVED

    @property
    def is_proposed(self) -> bool:
        return PROPOSES_SIGN_OFF.of(self.level)

    @property
    def words(self) -> str:
        """What the action is, in full, for the clerk deciding on it: the
        lettered sub-action's text, else the recommendation's (the reference
        above it already names a strand in full)."""
        action = self.action
        if action.sub_action_id:
            return f"{action.sub_action.letter}) {action.sub_action.words}"
        return action.recommendation.text

    @property
    def choices(self) -> list[tuple[str, str, str]]:
        """The decisions open to the committee on this action (see
        decisions_for), each with the words explaining it."""
        choices = []
        for decision in decisions_for(self.level):
            hint = grading.DECISION_HINTS[decision]
            if decision == grading.Decision.SIGNED_OFF and self.is_proposed:
                hint = f"Proposed for sign-off. {hint}"
            choices.append((decision.value, decision.label, hint))
        return choices

    @property
    def movement_words(self) -> str:
        """The movement, for the line under the action's name, then the
        committee's published decision, or until there is one, a grade
        proposing sign-off called so."""
        words = f"{self.movement}."
        if self.decided:
            words += f" {self.recorded.get_decision_display()} by the committee."
        elif self.is_proposed:
            words += f" {grading.PROPOSED_FOR_SIGN_OFF}."
        return words


def decision_rows(round: Round) -> list[DecisionRow]:
    """Each action the round carried, with its grade here and the movement
    since the grade before, as its published standing has them, and the
    decision recorded, if any. A fixed number of queries
    (Action.objects.carried_into prefetches)."""
    scales = all_scales()
    standing = {row.action_id: row for row in round.standings.all()}
    rows = []
    for action in Action.objects.carried_into(round):
        row = standing.get(action.pk)
        level = scales.level(row.grade_id) if row else None
        recorded = next((d for d in action.decisions.all() if d.round_id == round.pk), None)
        rows.append(
            DecisionRow(
                action=action,
                level=level,
                movement=grading.Movement(row.movement if row else grading.Movement.NO_UPDATE).label,
                recorded=recorded,
                decided=recorded is not None and round.decisions_are_published,
            )
        )
    return rows


def achieved_words(rows: list[DecisionRow]) -> str:
    """The grade that proposes sign-off, as the page names it: the achieved
    grades this round's updates were given, in their own labels (a published
    round keeps them), or where none was, the council's scale's now."""
    given = []
    for row in rows:
        if row.is_proposed and row.level and row.level.printed not in given:
            given.append(row.level.printed)
    if not given:
        achieved = current_scale(review=rows[0].action.recommendation.review_id if rows else None).signs_off
        given = [achieved.printed] if achieved else []
    return " or ".join(given)


def published_decisions(request, pk):
    """The committee's published decisions on a round, to read: what a
    committee member (and every reader of the published papers) sees."""
    if request.method != "GET":
        raise PermissionDenied
    round = access.get_published_round_to_read(request.user, pk)
    if not round.decisions_are_published:
        raise Http404("The committee's decisions on this round are not published yet.")
    decisions = round.decisions.select_related("action__recommendation", "action__sub_action").order_by(
        *document_order("action__")
    )
    return render(
        request,
        "actionplans/published_decisions.html",
        {"round": round, "review": round.review, "decisions": decisions, "nav": "reviews"},
    )


@login_required
def round_decisions(request, pk):
    if not permissions.builds_plans(request.user):
        # Only clerks record them; everyone who reads the papers reads them once published.
        return published_decisions(request, pk)
    round = get_object_or_404(
        Round.objects.visible_to(request.user).select_related("review__committee", "decisions_published_by"),
        pk=pk,
        status=Round.Status.PUBLISHED,
    )
    if round.decisions.filter(meeting_date__isnull=True).exists():
        # Read from imported papers: nothing the committee decided to record
        # or publish, only what the papers show, as everyone reads it.
        return published_decisions(request, pk)
    rows = decision_rows(round)
    why_not = CommitteeDecision.why_not_decidable(round, request.user)
    if request.method == "POST" and not why_not:
        form = DecisionsForm(request.POST, rows=rows)
        if form.is_valid():
            response = _record_decisions(request, round, form)
            if response is not None:
                return response
    else:
        form = DecisionsForm(initial=_initial_decisions(round, rows), rows=rows)
    for row in rows:
        row.decision_field = form[f"decision_{row.action.pk}"]
        row.reason_field = form[f"reason_{row.action.pk}"]
    return render(
        request,
        "actionplans/round_decisions.html",
        {
            "round": round,
            "review": round.review,
            "rows": rows,
            "form": form,
            "why_not": why_not,
            "decisions": grading.Decision,
            "achieved": achieved_words(rows),
            "nav": "reviews",
        },
        status=403 if request.method == "POST" and why_not else 200,
    )


def _record_decisions(request, round, form):
    """Record (or publish) the round's decisions from the valid `form`: the
    response to send, or None where the record refused them (each reason
    put on the form, beside its field or at the top)."""
    publish = request.POST.get("action") == "publish"
    try:
        awaiting = CommitteeDecision.record_round(
            round,
            by=request.user,
            version=_version(request),
            decisions=form.decisions(),
            meeting_date=form.cleaned_data["meeting_date"],
            change_reason=form.cleaned_data["change_reason"],
            publish=publish,
        )
    except DecisionConflict as conflict:
        return render(
            request,
            "actionplans/decisions_conflict.html",
            {"round": round, "conflict": conflict, "nav": "reviews"},
            status=409,
        )
    except ValidationError as error:
        add_model_errors(form, error)
        return None
    done = "published" if publish or round.decisions_are_published else "saved"
    said = f"The committee's decisions on the {round.label} round are {done}."
    if awaiting:
        actions, them = ("action still awaits", "it") if awaiting == 1 else ("actions still await", "them")
        said += f" {awaiting} {actions} the committee's decision: the next round carries {them}."
    messages.success(request, said)
    return redirect("round_decisions", pk=round.pk)


def _initial_decisions(round, rows) -> dict:
    """The form as the clerk left it: the meeting's date, and each action's
    decision and reason as recorded. Nothing is chosen for an action with
    none recorded: the committee decides, not the page."""
    initial = {"meeting_date": next((r.recorded.meeting_date for r in rows if r.recorded), round.meeting_date)}
    for row in rows:
        if row.recorded:
            initial[f"decision_{row.action.pk}"] = row.recorded.decision
            initial[f"reason_{row.action.pk}"] = row.recorded.reason
    return initial
