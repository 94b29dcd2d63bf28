"""What a page works on, fetched for the person asking: each getter is
named by what it fetches for which verb (`get_entry_to_approve`,
`get_round_to_run`, `readable_reviews`), asks actionplans.permissions
(403 for whoever may not) and fetches through the QuerySets' own rules
(404 for what the person may not have, so that changing an id in the
address tells nobody anything). The verbs check again: these only give
the pages their answers first."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from actionplans import permissions
from actionplans.models import (
    Action,
    Assessment,
    Committee,
    EvidenceFile,
    Framework,
    LocalResponse,
    Owner,
    PartnershipPlan,
    PartnershipUpdate,
    ProgressEntry,
    Quarter,
    Recommendation,
    Review,
    Round,
    document_order,
)


def _require_reader(user) -> None:
    if not permissions.reads_papers(user):
        raise PermissionDenied


def printable_rounds(user, review: Review) -> list[Round]:
    rounds = readable_rounds(user, review)
    if not permissions.is_clerk(user):
        rounds = [r for r in rounds if r.is_published]
    return rounds


def readable_reviews(user):
    return Review.objects.visible_to(user).select_related("committee")


def get_review_to_read(user, slug: str) -> Review:
    _require_reader(user)
    return get_object_or_404(readable_reviews(user), slug=slug)


def get_review_responses_to_read(user, slug: str) -> Review:
    """A review whose executive responses `user` may read: clerks and
    administrators as they are recorded, every other reader once they are
    published (Review.shows_responses_to), a plan still being set up
    included (Review.objects.responses_visible_to); 404 before then."""
    _require_reader(user)
    review = get_object_or_404(Review.objects.responses_visible_to(user), slug=slug)
    if not review.shows_responses_to(user):
        raise Http404("The executive's responses are not published yet")
    return review


def get_published_round_to_read(user, pk) -> Round:
    """A published round `user` may read (its stored documents)."""
    _require_reader(user)
    return get_object_or_404(Round.objects.visible_to(user).filter(status=Round.Status.PUBLISHED), pk=pk)


def get_published_round_to_check(user, pk) -> Round:
    """A published round whose public copy `user` may download in any of
    its versions: clerks and administrators, who read exempt information
    (a version made before a marking prints what it withholds)."""
    if not permissions.reads_exempt_words(user):
        raise PermissionDenied
    return get_published_round_to_read(user, pk)


def readable_rounds(user, review: Review) -> list[Round]:
    return list(Round.objects.visible_to(user).filter(review=review).order_by("period"))


# The monitoring workflow ---------------------------------------------------


def entries_to_write(user):
    """The updates waiting for `user` in open rounds: the actions they are
    responsible for, in person or through a role they hold."""
    return (
        ProgressEntry.objects.filter(round__status=Round.Status.OPEN)
        .owned_by(user)
        .select_related("round__review", "action__recommendation", "action__sub_action")
        .order_by("round__deadline", "round__review__title", *document_order("action__"))
    )


def get_entry_to_write(user, pk) -> ProgressEntry:
    """An update the user may write: 404 for anyone else's, so an officer who
    changes the id in the address learns nothing."""
    if not permissions.works_on_updates(user):
        raise PermissionDenied
    return get_object_or_404(
        ProgressEntry.objects.owned_by(user).select_related(
            "round__review", "action__recommendation", "action__sub_action"
        ),
        pk=pk,
    )


def get_entry_to_discuss(user, pk) -> ProgressEntry:
    """An update whose conversation the user is in (its officer, a link
    officer of its review, a clerk: permissions.takes_part_in); 404 for
    anyone else's, as for an update to write."""
    if not permissions.works_on_updates(user):
        raise PermissionDenied
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("round__review", "action__recommendation", "action__sub_action"), pk=pk
    )
    if not permissions.takes_part_in(user, entry):
        raise Http404
    return entry


def _checked_by(user, entries):
    """`entries` of the reviews the user is link officer of, or every
    review's for a clerk: the checker's scope as a query, the twin of
    permissions._checks_for_review."""
    if not permissions.is_clerk(user):
        if not permissions.approves_as_link_officer(user):
            return entries.none()
        entries = entries.filter(round__review__in=Review.objects.for_link_officer(user))
    return entries


def entries_to_check(user):
    """Updates the user checks: those of the open rounds of the reviews they
    are link officer of, or every review's for a clerk."""
    entries = _checked_by(user, ProgressEntry.objects.filter(round__status=Round.Status.OPEN))
    # The review's link officers: what the approval rule reads of each.
    return entries.select_related("round__review", "action__recommendation", "action__sub_action").prefetch_related(
        "round__review__link_officers"
    )


def get_entry_to_approve(user, pk) -> ProgressEntry:
    return get_object_or_404(entries_to_check(user), pk=pk)


def get_entries_to_approve(user, pks) -> list[ProgressEntry]:
    """The updates `pks` a link officer approves together, in the order of
    their reviews and documents; 404 when any is not one the user checks."""
    pks = set(pks)
    entries = list(
        entries_to_check(user)
        .filter(pk__in=pks)
        .prefetch_related("responsibilities__owner", "files__added_by")
        .with_submitter()
        .order_by("round__review__title", *document_order("action__"))
    )
    if not pks or len(entries) != len(pks):
        raise Http404
    return entries


def entry_checked_before(user, pk) -> ProgressEntry | None:
    """The update an old link to its approval page names, once its round
    is published, if the user would have checked it: what became of it."""
    entries = ProgressEntry.objects.exclude(round__status=Round.Status.OPEN)
    entries = _checked_by(user, entries).select_related("round__review", "action__recommendation", "action__sub_action")
    return entries.filter(pk=pk).first()


def get_round_to_run(user, pk) -> Round:
    permissions.require(user, permissions.PUBLISH_ROUND)
    return get_object_or_404(Round.objects.select_related("review__committee"), pk=pk)


def get_entry_to_correct(user, pk) -> ProgressEntry:
    permissions.require(user, permissions.CORRECT_ENTRY)
    return get_object_or_404(
        ProgressEntry.objects.select_related("round__review", "action__recommendation", "action__sub_action"),
        pk=pk,
        round__status=Round.Status.PUBLISHED,
    )


def get_action_to_reassign(user, pk) -> Action:
    permissions.require(user, permissions.CHANGE_RESPONSIBILITY)
    return get_object_or_404(Action.objects.select_related("recommendation__review", "sub_action"), pk=pk)


def get_action_to_read(user, pk) -> Action:
    """An action of any review the user may read; 404 for no such action."""
    _require_reader(user)
    return get_object_or_404(readable_actions(user).select_related("recommendation__review", "sub_action"), pk=pk)


# Dashboards ----------------------------------------------------------------


def readable_committees(user):
    """Every committee whose papers the user may read (all of them, for any
    reading role)."""
    _require_reader(user)
    return Committee.objects.visible_to(user).order_by("name")


def followed_committees(user):
    """Where the user's dashboards start: a member's own committees; every
    committee for officers and clerks."""
    return Committee.objects.followed_by(user).order_by("name")


def get_committee_to_read(user, slug):
    return get_object_or_404(readable_committees(user), slug=slug)


def readable_actions(user):
    return Action.objects.visible_to(user)


# Setting up plans ------------------------------------------------------------


def get_review_to_set_up(user, slug: str) -> Review:
    """A review whose plan the user may set up or change: clerks and
    administrators only, drafts included."""
    permissions.require(user, permissions.CHANGE_REVIEW)
    return get_object_or_404(Review.objects.select_related("committee"), slug=slug)


def get_owner_to_change(user, pk, kind) -> Owner:
    permissions.require(user, permissions.CHANGE_LOGIN)
    return get_object_or_404(Owner.objects.select_related("user").filter(kind=kind), pk=pk)


def get_committee_to_choose_members(user, slug) -> Committee:
    permissions.require(user, permissions.SET_COMMITTEE_MEMBERS)
    return get_object_or_404(Committee, slug=slug)


# Committees ------------------------------------------------------------------


def get_committee_to_rename(user, slug) -> Committee:
    permissions.require(user, permissions.ADD_COMMITTEE)
    return get_object_or_404(Committee, slug=slug)


# Partnership action plans: their readers -------------------------------------------


def _require_partnership_reader(user) -> None:
    if not permissions.reads_partnership_plans(user):
        raise PermissionDenied


def readable_partnership_plans(user):
    """The plans `user` may read (PartnershipPlan.objects.visible_to): every
    plan for those who read the scrutiny papers, their own partnership's
    for a partner lead."""
    _require_partnership_reader(user)
    return PartnershipPlan.objects.visible_to(user).select_related("partnership")


def readable_plan_slugs(user) -> set[str]:
    """The slugs of the plans `user` may open, so that a scrutiny page's
    "Delivered through" links only to those (one query)."""
    if not permissions.reads_partnership_plans(user):
        return set()
    return set(PartnershipPlan.objects.visible_to(user).values_list("slug", flat=True))


def get_partnership_plan_to_read(user, slug: str) -> PartnershipPlan:
    return get_object_or_404(readable_partnership_plans(user), slug=slug)


def readable_quarters(user, plan: PartnershipPlan) -> list[Quarter]:
    """The plan's quarters `user` may see (Quarter.objects.visible_to), newest first."""
    return list(Quarter.objects.visible_to(user).filter(plan=plan).order_by("-period"))


def get_quarter_to_read(user, plan: PartnershipPlan, pk) -> Quarter | None:
    """The quarter `?quarter=` names (404 for one the user may not see), or,
    without one, the latest published (the latest of any, for those who see
    open quarters, when none is published); None when there is none yet."""
    quarters = readable_quarters(user, plan)
    if pk in (None, ""):
        return next((q for q in quarters if q.is_published), quarters[0] if quarters else None)
    chosen = next((q for q in quarters if str(q.pk) == str(pk)), None)
    if chosen is None:
        raise Http404("No such quarter")
    return chosen


def published_quarters(user, plan: PartnershipPlan):
    """The plan's quarters every reader sees: the published ones (an open
    quarter is the leads', the coordinator's and the clerks' business)."""
    return Quarter.objects.visible_to(user).filter(plan=plan, status=Quarter.Status.PUBLISHED).order_by("period")


# Partnership plans' quarterly updates -----------------------------------------


def partnership_updates_to_write(user):
    """The updates `user` writes in open quarters: those of the actions
    their organisations lead (PartnershipUpdate.objects.owned_by)."""
    return (
        PartnershipUpdate.objects.filter(quarter__status=Quarter.Status.OPEN)
        .owned_by(user)
        .select_related("quarter__plan", "action__theme")
        .in_document_order("quarter__deadline", "quarter__plan__title", "quarter__pk")
    )


def get_partnership_update_to_write(user, pk) -> PartnershipUpdate:
    """An update the user may write: 404 for another organisation's, so a
    lead who changes the id in the address learns nothing."""
    if not permissions.writes_partnership_updates(user):
        raise PermissionDenied
    return get_object_or_404(
        PartnershipUpdate.objects.owned_by(user).select_related("quarter__plan", "action__theme"), pk=pk
    )


def partnership_updates_checked_by(user):
    """Updates of open quarters the user checks (permissions.checks_plan):
    those of the plans they coordinate, or every plan's for a clerk."""
    updates = PartnershipUpdate.objects.filter(quarter__status=Quarter.Status.OPEN)
    if not permissions.runs_quarters(user):
        if not permissions.coordinates_any_plan(user):
            return updates.none()
        updates = updates.filter(quarter__plan__coordinator=user)
    return updates.select_related("quarter__plan", "action__theme")


def partnership_updates_to_check(user):
    """The submitted updates waiting for `user` to check: what their
    partnership updates page lists, and what their own updates page
    counts for them."""
    return partnership_updates_checked_by(user).filter(status=PartnershipUpdate.Status.SUBMITTED)


def get_partnership_update_to_approve(user, pk) -> PartnershipUpdate:
    return get_object_or_404(partnership_updates_checked_by(user), pk=pk)


def partnership_plans_to_run(user) -> list[PartnershipPlan]:
    """Every partnership plan, each with its quarters (latest first), for
    the clerk who runs them."""
    permissions.require(user, permissions.RUN_QUARTERS)
    return list(
        PartnershipPlan.objects.select_related("partnership").prefetch_related(
            Prefetch("quarters", queryset=Quarter.objects.order_by("-period"))
        )
    )


def get_partnership_plan_to_run(user, slug) -> PartnershipPlan:
    permissions.require(user, permissions.RUN_QUARTERS)
    return get_object_or_404(PartnershipPlan.objects.select_related("partnership"), slug=slug)


def get_quarter_to_check(user, slug, pk) -> Quarter:
    """A quarter whose page (its status counts and whom to chase) `user`
    may read: any plan's for a clerk, their own plan's for a coordinator
    (permissions.checks_plan); 404 for another plan's. Only a clerk
    publishes it (permissions.runs_quarters)."""
    if not permissions.checks_partnership_updates(user):
        raise PermissionDenied
    quarters = Quarter.objects.select_related("plan__partnership", "plan__coordinator")
    if not permissions.runs_quarters(user):
        quarters = quarters.filter(plan__coordinator=user)
    return get_object_or_404(quarters, plan__slug=slug, pk=pk)


def get_quarter_to_run(user, slug, pk) -> Quarter:
    """A quarter the clerk runs (deletes, publishes): clerks only."""
    permissions.require(user, permissions.RUN_QUARTERS)
    return get_object_or_404(Quarter.objects.select_related("plan__partnership"), plan__slug=slug, pk=pk)


def get_partnership_plan_to_set_up(user, slug) -> PartnershipPlan:
    """A plan whose details (titles, coordinator) `user` may change: those
    who set up plans (PartnershipPlan.change_details checks it too)."""
    permissions.require(user, permissions.SET_UP_PARTNERSHIP_PLAN)
    return get_object_or_404(PartnershipPlan.objects.select_related("partnership", "coordinator"), slug=slug)


# Frameworks of good-practice standards and self-assessments -------------------------


def readable_frameworks(user):
    """The frameworks `user` may read: every one, for those who read the
    scrutiny papers (Framework.objects.visible_to)."""
    _require_reader(user)
    return Framework.objects.visible_to(user)


def get_framework_to_read(user, slug: str) -> Framework:
    return get_object_or_404(readable_frameworks(user), slug=slug)


def readable_assessments(user):
    """The assessments `user` may read (Assessment.objects.visible_to):
    drafts too for clerks and administrators, published ones for every
    other reader."""
    _require_reader(user)
    return Assessment.objects.visible_to(user).select_related("framework", "partnership")


def get_assessment_to_read(user, pk) -> Assessment:
    """404 for a draft to a reader who may not see drafts."""
    return get_object_or_404(readable_assessments(user), pk=pk)


def get_framework_to_set_up(user, slug: str) -> Framework:
    """A framework whose text `user` may change: clerks and administrators."""
    permissions.require(user, permissions.CHANGE_FRAMEWORK)
    return get_object_or_404(Framework, slug=slug)


def get_assessment_to_record(user, pk) -> Assessment:
    """An assessment `user` may record, publish or delete: clerks and
    administrators (whether it may still change is Assessment.why_not_editable)."""
    permissions.require(user, permissions.RECORD_ASSESSMENT)
    return get_object_or_404(Assessment.objects.select_related("framework", "partnership"), pk=pk)


def get_local_response_to_record(user, assessment_pk, pk) -> LocalResponse:
    permissions.require(user, permissions.RECORD_ASSESSMENT)
    return get_object_or_404(
        LocalResponse.objects.select_related(
            "assessment__framework", "assessment__partnership", "characteristic__standard"
        ),
        assessment_id=assessment_pk,
        pk=pk,
    )


# Exempt information (Schedule 12A) -----------------------------------------------


def get_review_to_record_outcomes(user, slug: str) -> Review:
    """A review whose recommendations' outcomes and impacts `user` records:
    clerks and administrators only, any review."""
    permissions.require(user, permissions.RECORD_OUTCOME)
    return get_object_or_404(Review.objects.select_related("committee"), slug=slug)


def get_review_to_confirm_impacts(user, slug: str) -> Review:
    """A review whose officers' reported impacts `user` confirms into the
    ledger: its link officers, clerks and administrators."""
    review = get_object_or_404(Review.objects.select_related("committee").prefetch_related("link_officers"), slug=slug)
    permissions.require(user, permissions.CONFIRM_IMPACT, review)
    if review.is_being_set_up:
        raise Http404("The review's plan is still being set up.")
    return review


def get_review_to_mark_exempt(user, slug: str) -> Review:
    """A review whose exempt information `user` marks: clerks and
    administrators only, any review."""
    permissions.require(user, permissions.MARK_EXEMPT)
    return get_object_or_404(Review.objects.select_related("committee"), slug=slug)


def get_exempt_candidate_to_mark(user, kind: str, pk: int):
    """The recommendation, action, update or evidence file (`kind`:
    "recommendation", "action", "update", "file") a clerk or administrator
    marks as exempt information; 404 for any other kind."""
    permissions.require(user, permissions.MARK_EXEMPT)
    querysets = {
        "recommendation": Recommendation.objects.select_related("review"),
        "action": Action.objects.select_related("recommendation__review", "sub_action"),
        "update": ProgressEntry.objects.select_related("round__review", "action__recommendation", "action__sub_action"),
        "file": EvidenceFile.objects.select_related(
            "entry__round__review", "entry__action__recommendation", "entry__action__sub_action"
        ),
    }
    if kind not in querysets:
        raise Http404("No such kind of thing")
    return get_object_or_404(querysets[kind], pk=pk)
