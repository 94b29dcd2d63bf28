"""Comparing an ImportedPlan with a review: what importing it would create
or change, and the problems that stop it (the preview).

`compare()` reads the review once (a fixed number of queries, whatever the
file's length: Held) and works out, row by row, what the import would
create or change, building the objects it would save and validating each
as the models do (full_clean, the same rules as the forms). The preview
(preview.py) shows exactly that; saving.save() writes exactly that. It
goes in steps, each its own function: the people the file names, the
review's own details, the recommendations and lettered sub-actions, the
rounds (rounds.py), and the actions with their updates
(comparing_actions.py).

The rules:
- actions match the review's by reference (recommendation number, letter,
  strand); a blank cell in the file leaves the review's value as it is;
- people are matched by name, whatever its case (Owner.objects.named);
  those the system does not know are created (as responsible people
  without logins) only when the clerk asks;
- a round in the file that the review does not have is published only
  when the clerk says it is a past meeting's record (ProgressChoice), with
  the meeting's date they give (or the file's Rounds sheet's): a published
  round of approved updates, marked imported. Or they leave the progress
  out and import the plan alone. Until they say, it is a problem: nothing
  the import creates is published unless the clerk chose it;
- a round the review already has is never changed by an import: its
  updates in the file must be identical to the record, or it is a problem;
  except that a change of an action's responsibility moves the open
  round's update to the new owners, as Action.reassign() does
  (ProgressEntry.objects.following_responsibility());
- a row with no update in it, or reading "No update received" (as the
  Progress Update prints an update the committee did not receive), adds no
  entry: the round carried the action and received nothing;
- what each new round carried into the next of the file is kept for the
  rules as decisions with no meeting (saving.imported_decisions(): the
  papers record no decision of the committee); the latest new round is
  left awaiting the committee's decision;
- a recommendation new to the review whose text the file does not give (a
  log of numbered actions) takes the text of its first action; a lettered
  sub-action the file gives no heading for has none (its actions carry
  their own words); the council's own references are kept beside ours;
- a "New date" is an accepted revision of the action's target by the clerk
  who imports (TargetRevision), the file's Date staying on record as the
  target before it; the status words' meanings the clerk confirmed are
  remembered for the next import (StatusMeaning).
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from actionplans.importing.checking import _and, _validate, collector_paused, same_text, stored_text
from actionplans.importing.comparing_actions import compare_actions
from actionplans.importing.details import REVIEW_SHEET
from actionplans.importing.plan import ImportedPlan, Problem
from actionplans.importing.preview import ImportPreview, _Work
from actionplans.importing.responses import compare_responses
from actionplans.importing.rounds import ProgressChoice, plan_rounds
from actionplans.models import (
    Action,
    EntryResponsibility,
    Owner,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Round,
    SubAction,
)
from actionplans.models.common import month_label
from actionplans.models.council import terms_read_once
from actionplans.models.people import name_key

# Words that make a name a team or a group, not a person ("Comms Team",
# "All partners"): offered to be created as a role or group.
GROUP_WORDS = re.compile(
    r"\b(teams?|groups?|partners|board|services?|panel|unit|department|partnership|forum|network|officers|"
    r"members|committee|staff|leads)\b",
    re.IGNORECASE,
)


# Words of a job title ("Head of Waste Services", "Director of Place",
# "Service Manager"): a post, which one person or another holds.
POST_WORDS = re.compile(
    r"\b(head of|director|manager|officer|lead|co-?ordinator|chief executive|adviser|advisor|supervisor|"
    r"team leader|commissioner|cabinet member|portfolio holder)\b",
    re.IGNORECASE,
)


def looks_like_a_group(name: str) -> bool:
    """Whether a name reads as a team or group ("Comms Team", "All partners",
    "Community Safety Partnership") rather than a person."""
    return bool(GROUP_WORDS.search(name) or re.match(r"all\b", name.strip(), re.IGNORECASE))


def looks_like_a_post(name: str) -> bool:
    """Whether a name reads as a job title ("Director of Place") rather
    than a person's name."""
    return bool(POST_WORDS.search(name))


def looks_like_a_role(name: str) -> bool:
    """Whether a name reads as a post or a group rather than a person: the
    preview asks, and it is created as a role (Owner.Kind.ROLE, with no
    person's name or login) unless the clerk says it is a person."""
    return looks_like_a_group(name) or looks_like_a_post(name)


@terms_read_once()
@collector_paused()
def compare(
    review,
    plan: ImportedPlan,
    *,
    create_people: bool = False,
    owner_column: str = "",
    progress: ProgressChoice | None = None,
    as_people: frozenset = frozenset(),
    responded_on=None,
) -> ImportPreview:
    """What importing `plan` (an ImportedPlan, read from a file) into the
    review would create or change, row by row, and the problems that stop
    it: the preview. Changes nothing. `responded_on`: the date of the
    executive's responses the file gives (responses.py)."""
    preview = ImportPreview(file_name=plan.file_name, problems=list(plan.problems), notes=list(plan.notes))
    preview.work = _Work()
    held = Held.read(review, plan)
    _compare_people(plan, held.people, preview, create_people, owner_column, as_people)
    _review_details(review, plan, preview, held.people, create_people)
    firsts = _first_rows_and_texts(plan)
    borrowed = _compare_recommendations(review, plan, held, firsts, preview)
    _compare_sub_actions(plan, held, firsts[0], preview)
    preview.warnings += _warnings(plan, borrowed)
    progress = progress or ProgressChoice()
    planned = plan_rounds(review, plan, held.rounds, progress, preview)
    compare_actions(review, plan, held, planned, progress, preview, owner_column)
    compare_responses(review, plan, responded_on, preview)
    return _named(plan, preview)


@dataclass
class Held:
    """What the review has, read once, in a fixed number of queries: its
    recommendations (by number), lettered sub-actions (by number and
    letter), actions (by reference), rounds (by month), recorded updates
    (by action's and round's ids), the people the file names (by
    name_key), and the updates that follow a change of responsibility (by
    action's id). The steps add what the file creates to them."""

    recommendations: dict
    sub_actions: dict
    actions: dict
    rounds: dict
    recorded: dict
    people: dict
    following: dict

    @classmethod
    def read(cls, review, plan: ImportedPlan) -> "Held":
        actions = (
            Action.objects.filter(recommendation__review=review)
            .select_related("recommendation", "sub_action")
            .prefetch_related(Prefetch("responsibilities", Responsibility.objects.select_related("owner")))
        )
        recorded = ProgressEntry.objects.filter(round__review=review).prefetch_related(
            Prefetch("responsibilities", EntryResponsibility.objects.select_related("owner"))
        )
        sub_actions = SubAction.objects.filter(recommendation__review=review).select_related("recommendation")
        return cls(
            recommendations={r.number: r for r in Recommendation.objects.filter(review=review)},
            sub_actions={(s.recommendation.number, s.letter): s for s in sub_actions},
            actions={
                (a.recommendation.number, a.sub_action.letter if a.sub_action_id else "", a.strand): a for a in actions
            },
            rounds={r.period: r for r in Round.objects.filter(review=review)},
            recorded={(e.action_id, e.round_id): e for e in recorded},
            # By name_key: "neil mitchell" in the file is Neil Mitchell, as
            # the People pages would refuse a second person of that name.
            people={name_key(o.name): o for o in Owner.objects.named(*plan.people, *(plan.link_officers or ()))},
            following=_following(review),
        )


def _following(review) -> dict:
    """The updates that follow a change of responsibility (the open
    round's), by action's id, as Action.reassign() has them follow."""
    following = {}
    for e in (
        ProgressEntry.objects.filter(round__review=review)
        .following_responsibility()
        .select_related("round")
        .prefetch_related("responsibilities")
    ):
        following.setdefault(e.action_id, []).append(e)
    return following


def _compare_people(
    plan: ImportedPlan, people: dict, preview: ImportPreview, create_people: bool, owner_column: str, as_people
) -> None:
    """The people the file names that the system does not know: created
    (as roles, where the name reads as a post or a group and the clerk has
    not said it is a person's) when the clerk asks, else a problem at the first row
    that names them. Those created join `people`."""
    first_named = _first_named(plan)
    missing = set()
    # A link officer signs in: whatever their name reads as, a person.
    officers = {name_key(name) for name in plan.link_officers or ()}
    for name in plan.people:
        key = name_key(name)
        if key in people or key in missing:
            continue
        preview.new_people.append(name)
        group = looks_like_a_role(name) and name not in as_people and key not in officers
        if group:
            preview.new_groups.append(name)
            if looks_like_a_post(name):
                preview.new_posts.append(name)
        row = first_named.get(name, 0)
        if create_people:
            owner = Owner(name=name, kind=Owner.Kind.ROLE if group else Owner.Kind.PERSON)
            _validate(owner, row, preview.problems, {"name": "Responsibility"})
            people[key] = owner
            preview.work.owners.append(owner)
        else:
            missing.add(key)
            where = f"{owner_column}{row}" if owner_column else f"Row {row}"
            preview.problems.append(
                Problem(
                    where,
                    f"Nobody called '{name}' is responsible for anything yet: create them, or correct the name.",
                    fix="people",
                )
            )


def _first_named(plan: ImportedPlan) -> dict[str, int]:
    """The row that first names each person, for an action or an update."""
    first_named = {}
    for action in plan.compared:
        for name in action.owners:
            first_named.setdefault(name, action.row)
        for entry in action.entries:
            for name in entry.owners:
                first_named.setdefault(name, entry.row)
    return first_named


def _review_details(review, plan: ImportedPlan, preview: ImportPreview, people: dict, create_people: bool) -> None:
    """The review's own details the file gives (the product's export's
    Review sheet): what will change, or the problems that stop it."""
    work = preview.work
    if plan.action_plan_agreed and plan.action_plan_agreed != review.action_plan_agreed:
        work.action_plan_agreed = plan.action_plan_agreed
        now = month_label(review.action_plan_agreed) or "not yet agreed"
        preview.review_changes.append(f"action plan agreed: {month_label(plan.action_plan_agreed)} (now {now})")
    if plan.link_officers is None:
        return
    officers = _link_officers(plan, preview, people, create_people)
    now = review.link_officers_in_order()
    if [o.pk for o in officers] != [o.pk for o in now] or any(o.pk is None for o in officers):
        work.link_officers = officers
        preview.review_changes.append(
            f"link officer/s: {', '.join(o.name for o in officers)}"
            + (f" (now {', '.join(o.name for o in now)})" if now else "")
        )


def _link_officers(plan: ImportedPlan, preview: ImportPreview, people: dict, create_people: bool) -> list:
    """The Owners the file names as the review's link officers, in its
    order: people the system knows, or created when the clerk asks. A role
    or group, or a name unknown when the clerk has not asked, is a problem."""
    where = f"The {REVIEW_SHEET} sheet"
    officers = []
    for name in plan.link_officers:
        key = name_key(name)
        owner = people.get(key)
        if owner is None:
            if name not in preview.new_people:
                preview.new_people.append(name)
            if not create_people:
                preview.problems.append(
                    Problem(
                        where,
                        f"Nobody called '{name}' is a link officer yet: create them, or correct the name.",
                        fix="people",
                    )
                )
                continue
            owner = people[key] = Owner(name=name, kind=Owner.Kind.PERSON)
            _validate(owner, 0, preview.problems, {"name": "Link officer/s"})
            preview.work.owners.append(owner)
        elif owner.kind != Owner.Kind.PERSON:
            preview.problems.append(Problem(where, f"{owner.name} is a role or group: a link officer is a person."))
            continue
        officers.append(owner)
    return officers


def _first_rows_and_texts(plan: ImportedPlan) -> tuple[dict, dict]:
    """The row of the first action under each recommendation and lettered
    sub-action ((number, letter), "" for the recommendation), and its
    Agreed Action: where a new one is named, and the text it takes when
    the file gives none."""
    first_row, first_text = {}, {}
    for action in plan.compared:
        first_row.setdefault((action.recommendation, ""), action.row)
        first_row.setdefault((action.recommendation, action.letter), action.row)
        first_text.setdefault((action.recommendation, ""), action.agreed_action)
        first_text.setdefault((action.recommendation, action.letter), action.agreed_action)
    return first_row, first_text


def _compare_recommendations(review, plan: ImportedPlan, held: Held, firsts: tuple, preview: ImportPreview) -> list:
    """The recommendations the file has, new or with new text or a new
    council's reference (`firsts`: _first_rows_and_texts()). The new ones
    join held.recommendations. Returns those new ones that take their first
    action's text ((number, ""))."""
    work, problems = preview.work, preview.problems
    first_row, first_text = firsts
    borrowed = []
    for number in sorted({*plan.recommendations, *(a.recommendation for a in plan.compared)}):
        text = stored_text(plan.recommendations.get(number) or "")
        row = first_row.get((number, ""), 0)
        existing = held.recommendations.get(number)
        council_reference = plan.council_references.get(number, "")
        if existing is None and not text:
            text = stored_text(first_text.get((number, "")) or "")
            borrowed += [(number, "")] if text else []
        if existing is not None and council_reference and council_reference != existing.council_reference:
            existing.council_reference = council_reference
            if existing not in work.recommendations_changed:
                work.recommendations_changed.append(existing)
                preview.changed_recommendations.append(f"Recommendation {number} (the council's reference)")
        if existing is None and not text:
            problems.append(
                Problem(
                    f"Row {row}", f"Recommendation {number} is new to this review, and the file has no text for it."
                )
            )
        elif existing is None:
            recommendation = Recommendation(
                review=review, number=number, text=text, council_reference=council_reference
            )
            _validate(recommendation, row, problems, {"text": "Recommendation text"})
            held.recommendations[number] = recommendation
            work.recommendations.append(recommendation)
            preview.new_recommendations.append(f"Recommendation {number}")
        elif text and not same_text(text, existing.text):
            existing.text = text
            _validate(existing, row, problems, {"text": "Recommendation text"})
            if existing not in work.recommendations_changed:
                work.recommendations_changed.append(existing)
                preview.changed_recommendations.append(f"Recommendation {number}")
    return borrowed


def _compare_sub_actions(plan: ImportedPlan, held: Held, first_row: dict, preview: ImportPreview) -> None:
    """The lettered sub-actions the file has, new or with new text
    (`first_row`: _first_rows_and_texts()'s rows). The new ones join
    held.sub_actions. One the file gives no heading for is left without
    one: its first action's words as its heading would print them twice
    ('1 a) Raise awareness' above 'Agreed Action: Raise awareness')."""
    work, problems = preview.work, preview.problems
    for number, letter in sorted(
        {*plan.sub_actions, *((a.recommendation, a.letter) for a in plan.compared if a.letter)}
    ):
        text = stored_text(plan.sub_actions.get((number, letter)) or "")
        row = first_row.get((number, letter), 0)
        existing = held.sub_actions.get((number, letter))
        if existing is None and number in held.recommendations:  # else a problem already
            sub_action = SubAction(recommendation=held.recommendations[number], letter=letter, text=text)
            _validate(sub_action, row, problems, {"text": "Sub-action text", "letter": "Sub-action"})
            held.sub_actions[(number, letter)] = sub_action
            work.sub_actions.append(sub_action)
            preview.new_sub_actions.append(f"{number} {letter})")
        elif existing is not None and text and not same_text(text, existing.text):
            existing.text = text
            _validate(existing, row, problems, {"text": "Sub-action text"})
            work.sub_actions_changed.append(existing)
            preview.changed_sub_actions.append(f"{number} {letter})")


def _warnings(plan: ImportedPlan, borrowed: list[tuple[int, str]]) -> list[str]:
    """What the clerk should know before confirming: each label of a Word
    paper the import does not read, and what follows from it; and the
    new recommendations that, having no text in the file, take their first
    action's (`borrowed`)."""
    warnings, told = [], set()
    for unread in plan.unread_labels:
        places = list(unread.places[:3]) + ([f"{len(unread.places) - 3} more"] if len(unread.places) > 3 else [])
        warning = f"The label '{unread.label}' ({_and(places)}) is not one the import reads: "
        warning += "what is beside it is left out"
        textless = [(number, "") for number in unread.recommendations if (number, "") in borrowed]
        if textless:
            warning += f", and {_without_text(textless)}"
            told.update(textless)
        warnings.append(f"{warning}.")
    rest = [key for key in borrowed if key not in told]
    if rest:
        warnings.append(f"{_without_text(rest)}.")
    return warnings


def _without_text(keys: list[tuple[int, str]]) -> str:
    """'Recommendations 1 and 2 have no text in the file: the
    recommendations will take their actions' text'."""
    one = len(keys) == 1
    names = ("Recommendation " if one else "Recommendations ") + _and([str(number) for number, _ in keys])
    what = "the recommendation" if one else "the recommendations"
    has, whose = ("has", "its action's") if one else ("have", "their actions'")
    return f"{names} {has} no text in the file: {what} will take {whose} text"


def _named(plan: ImportedPlan, preview: ImportPreview) -> ImportPreview:
    """A Word document's problems and rows named by where they are in it
    ("Table 4 (Recommendation 1 a)), Date"), not by the grid's cells."""
    if plan.places:
        preview.problems[:] = [plan.named(problem) for problem in preview.problems]
        for row in preview.rows:
            row.place = plan.places.get(f"Row {row.row}", "")
    return preview
