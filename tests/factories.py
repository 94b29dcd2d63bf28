"""Small factories for test data, saved through the models."""

import contextlib
import datetime
import itertools
import tomllib
from collections import defaultdict
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actionplans.grading import LEAVES_A_GAP, RATING_ORDER, Rating
from actionplans.models import (
    Action,
    Assessment,
    Committee,
    EntryResponsibility,
    Framework,
    GapLink,
    Owner,
    Partnership,
    ProgressEntry,
    Recommendation,
    Responsibility,
    Review,
    Round,
    Standing,
    SubAction,
    TargetRevision,
)
from actionplans.models.plan import letter_for

_serial = itertools.count(1)


def make_user(username=None, *roles, **fields):
    username = username or f"user{next(_serial)}"
    user = get_user_model().objects.create_user(username=username, password="a-test-password-1", **fields)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def make_committee(name=None):
    n = next(_serial)
    return Committee.objects.create(name=name or f"Committee {n}", slug=f"committee-{n}")


def make_owner(name=None, user=None, kind=Owner.Kind.PERSON):
    return Owner.objects.create(name=name or f"Owner {next(_serial)}", user=user, kind=kind)


def make_review(title=None, committee=None, link_officers=(), **fields):
    n = next(_serial)
    review = Review.objects.create(
        committee=committee or make_committee(),
        title=title or f"Review {n}",
        slug=f"review-{n}",
        action_plan_agreed=fields.pop("action_plan_agreed", datetime.date(2019, 3, 1)),
        **fields,
    )
    review.link_officers.set(link_officers)
    return review


def make_round(review, year=2020, month=3, status=Round.Status.PUBLISHED):
    """A round; a published one with its standing written as publication
    writes it (every action it carries, as things stand): make_entry()
    writes an update's into every published round of its review."""
    round = Round.objects.create(
        review=review,
        period=datetime.date(year, month, 1),
        deadline=datetime.date(year, month, 1) - datetime.timedelta(days=14),
        meeting_date=datetime.date(year, month, 20),
        status=status,
    )
    round.write_standing(by=None)
    return round


def write_standing(action):
    """`action`'s standing in every published round of its review, as
    publication would have written it had the test's data been there then
    (a factory's entries and rounds come in any order)."""
    if _standing_to_write is not None:
        _standing_to_write[action.recommendation.review_id].add(action.pk)
        return
    rounds = Round.objects.filter(review=action.recommendation.review_id, status=Round.Status.PUBLISHED)
    Standing.objects.write(rounds, by=None, actions=[action.pk])


_standing_to_write: defaultdict[int, set[int]] | None = None


@contextlib.contextmanager
def standing_written_once():
    """Within: the standing of the actions make_entry gives updates in
    published rounds is written once, for all of them, on leaving rather
    than after each update (the same rows: building 500 actions, each
    update's own write was three quarters of the time)."""
    global _standing_to_write
    _standing_to_write = defaultdict(set)
    try:
        yield
        to_write = _standing_to_write
    finally:
        _standing_to_write = None
    for review, actions in to_write.items():
        rounds = Round.objects.filter(review=review, status=Round.Status.PUBLISHED)
        Standing.objects.write(rounds, by=None, actions=sorted(actions))


def store_public_copies(*rounds):
    """What the worker does after an exempt marking, for `rounds` alone:
    the latest version of each one's public copy rendered and stored, in
    every format (the versions it replaced are left pending: no page gives
    them)."""
    for round in rounds:
        for fmt in {document.format for document in round.published_documents.public_copies()}:
            latest = round.published_documents.public_copies().latest(fmt)
            if not latest.is_ready:
                latest.render_now()


def make_recommendation(review, number=None, text="That the Council do something."):
    if number is None:
        number = review.recommendations.count() + 1
    return Recommendation.objects.create(review=review, number=number, text=text)


def make_sub_action(recommendation, letter="a", text="a lettered part"):
    return SubAction.objects.create(recommendation=recommendation, letter=letter, text=text)


def make_action(recommendation, owners=(), sub_action=None, strand="", **fields):
    action = Action.objects.create(
        recommendation=recommendation,
        sub_action=sub_action,
        strand=strand,
        target_month=fields.pop("target_month", datetime.date(2019, 10, 1)),
        agreed_action=fields.pop("agreed_action", "Do the agreed thing."),
        success_measure=fields.pop("success_measure", "The thing is done."),
        **fields,
    )
    for position, owner in enumerate(owners):
        Responsibility.objects.create(action=action, owner=owner, position=position)
    return action


def make_entry(action, round, grade=2, evidence="Work is under way.", owners=(), **fields):
    # A published round's entries were approved before it was published.
    fields.setdefault("status", ProgressEntry.Status.APPROVED if round.is_published else ProgressEntry.Status.DRAFT)
    entry = ProgressEntry.objects.create(
        action=action, round=round, grade=grade, evidence_of_progress=evidence, **fields
    )
    for position, owner in enumerate(owners):
        EntryResponsibility.objects.create(entry=entry, owner=owner, position=position)
    if round.is_published:
        write_standing(action)
    return entry


def date_input(name: str, value: datetime.date) -> dict:
    """What a browser posts for a GOV.UK date input: day, month and year."""
    return {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}


def a_clerk():
    """Someone who may run rounds and set up plans, for set-up that is not
    the test's subject: the demo's administrator where it is loaded, else
    a new administrator."""
    return get_user_model().objects.filter(is_superuser=True).first() or make_user(None, "Administrator")


def decide(round, *, by=None, kept_open=(), closed=None, decisions=None, publish=True):
    """Record (and publish) the committee's decisions on `round` through the
    verb: as the clerk's page suggests (graded 1: signed off; otherwise
    carried forward), except the actions named (by strand or reference) in
    `kept_open`, `closed` ({name: reason}) and `decisions` ({name: Decision})."""
    from actionplans.grading import Decision
    from actionplans.models import CommitteeDecision, DecisionInput
    from actionplans.models.council import all_scales, suggested_decision

    by = by or a_clerk()
    closed, decisions = closed or {}, decisions or {}
    scales = all_scales()
    grades = {action: scales.level(level) for action, level in round.entries.received().values_list("action", "level")}

    def named(action, names):
        return next((name for name in names if name in (action.strand, action.reference)), None)

    wanted = {}
    for action in Action.objects.carried_into(round):
        if (name := named(action, closed)) is not None:
            wanted[action.pk] = DecisionInput(Decision.CLOSED, closed[name])
        elif named(action, kept_open) is not None:
            wanted[action.pk] = DecisionInput(Decision.KEPT_OPEN)
        elif (name := named(action, decisions)) is not None:
            wanted[action.pk] = DecisionInput(decisions[name])
        else:
            wanted[action.pk] = DecisionInput(suggested_decision(grades.get(action.pk)))
    round.refresh_from_db()
    CommitteeDecision.record_round(
        round,
        by=by,
        version=round.decisions_version,
        decisions=wanted,
        meeting_date=round.meeting_date,
        publish=publish,
    )
    return round


def keep_open_in_september(*strands):
    """The demo's September 2020 decided as the committee would by default
    (its graded 1 signed off), with the actions of `strands` kept open: so a
    new round carries them, and the rest of the round's proposals leave."""
    september = Round.objects.get(review__slug="hate-crime", period=datetime.date(2020, 9, 1))
    return decide(september, kept_open=strands)


def schools_submitted_in_march_2021(review):
    """The demo review's March 2021 round opened (1 a) Schools kept open in
    September), and Vanessa Housley's update on it submitted to Marc
    Stephenson, its link officer: the entry."""
    users = get_user_model().objects
    keep_open_in_september("Schools, Colleges and Universities")
    round = review.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=users.get(username="clerk"),
    )
    entry = round.entries.get(action__strand="Schools, Colleges and Universities")
    entry.save_update(
        by=users.get(username="vanessa.housley"),
        version=entry.version,
        submit=True,
        evidence_of_progress="Assemblies held.",
        grade=1,
    )
    return entry


def take_back_advocates():
    """The demo's 1 c), which the committee closed in March 2020, taken back
    (its March decision changed to carried forward: it was not achieved) so
    that a later round carries an action still waiting for its officers'
    update, as the tests of a round in progress need. Saved on the
    model, not through the verb, which refuses a change once September 2020
    has been opened."""
    from actionplans.grading import Decision

    action = Action.objects.get(recommendation__number=1, sub_action__letter="c", strand="")
    decision = action.decisions.get(round__period=datetime.date(2020, 3, 1))
    decision.decision, decision.reason = Decision.CARRIED, ""
    decision._change_reason = "Taken back for a test"
    decision.save()
    write_standing(action)
    return action


def make_partnership_plan(*, by, actions=3, themes=1, organisations=("OPCC", "MeSign"), name=None, slug=None):
    """A partnership with `organisations` and a plan of `themes` themes of
    `actions` actions each, action n led by organisation n mod len; built
    through the verbs, as the import and the demo build them."""
    name = name or f"Partnership {next(_serial)}"
    partnership = Partnership.objects.add(name=name, by=by)
    orgs = [partnership.add_organisation(name=f"{short} in full", short_name=short, by=by) for short in organisations]
    plan = partnership.add_plan(
        title=f"{name} Action Plan 2018 – 2019",
        short_title=f"{name} Plan 2018–2019",
        slug=slug or f"{partnership.slug}-plan",
        starts=datetime.date(2018, 4, 1),
        ends=datetime.date(2019, 3, 1),
        by=by,
    )
    n = 0
    for t in range(1, themes + 1):
        theme = plan.add_theme(kind="theme", label=str(t), title=f"Theme {t}", by=by)
        for a in range(1, actions + 1):
            org = orgs[n % len(orgs)]
            theme.add_action(
                number=f"{t}.{a}",
                text=f"Action {t}.{a} of the plan",
                leads=org.short_name,
                lead_organisations=[org],
                target_text="March 2019",
                target_month=datetime.date(2019, 3, 1),
                outcome=f"Outcome of {t}.{a}",
                by=by,
            )
            n += 1
    return plan


def publish_partnership_quarter(plan, period, rags, *, by, approve=True, publish=True):
    """Open the quarter of `period` in `plan` and give the actions numbered
    in `rags` ({"1.1": "green", ...}) their updates, written by a lead of
    their organisation (made here where it has none) and approved by `by`
    (a clerk) unless `approve` is False; then publish it unless `publish`
    is False. Through the verbs, as the leads and the coordinator do it."""
    from actionplans.roles import PARTNER_LEAD

    quarter = plan.open_quarter(period=period, deadline=period + datetime.timedelta(days=75), by=by)
    for update in quarter.updates.filter(action__number__in=list(rags)).select_related("action"):
        organisation = update.action.lead_organisations.first()
        lead = organisation.members.first()
        if lead is None:
            lead = make_user(None, PARTNER_LEAD)
            organisation.members.add(lead)
        rag = rags[update.action.number]
        update.save_update(by=lead, version=update.version, submit=True, progress=f"Progress: {rag}.", rag=rag)
        if approve:
            update.approve(by=by, version=update.version)
    if publish:
        quarter.publish(by=by)
    return quarter


def make_framework(*, by, standards=1, characteristics=5, levels=True, slug=None):
    """A framework of good-practice standards: two levels (unless not
    `levels`) and `standards` standards sharing `characteristics`
    lettered characteristics between them, dealt in turn (the first to
    standard 1, the next to standard 2, …). Through the verbs, as a clerk
    sets one up."""
    n = next(_serial)
    framework = Framework.objects.add(
        title=f"Standards of Achievable Good Practice {n}",
        short_title=f"Good practice standards {n}",
        issued_by="The Regional Learning Network",
        slug=slug or f"standards-{n}",
        by=by,
    )
    if levels:
        framework.add_level(
            name="Regional level", defined_as="the whole region", text="The network will:\n- Share practice", by=by
        )
        framework.add_level(name="Local level", text="Each area meets the standards.", by=by)
    made = [
        framework.add_standard(
            number=s, title=f"Standard {s}", definition=f"This standard {s} relates to what partners do.", by=by
        )
        for s in range(1, standards + 1)
    ]
    for c in range(characteristics):
        standard, letter = made[c % standards], letter_for(c // standards).upper()
        standard.add_characteristic(
            letter=letter,
            text=f"Characteristic {standard.number} {letter} of good practice.",
            function=f"Function of {standard.number} {letter}.",
            by=by,
        )
    return framework


def make_assessment(
    framework,
    *,
    by,
    ratings=RATING_ORDER,
    closing=(),
    start_from=None,
    publish=False,
    partnership=None,
    assessed_on=None,
    agenda_header="",
):
    """The council's (or `partnership`'s) assessment of `framework` on
    `assessed_on` (1 October 2009 unless given), started from `start_from`
    if given: each characteristic's Local response recorded, rated in turn
    from `ratings`, and each one that leaves a gap saying so and closed by
    the actions in `closing` (scrutiny Actions and PartnershipActions);
    with no `ratings`, every response stays as it started. Published if
    `publish`. Through the verbs, by `by` (a clerk)."""
    assessment = Assessment.objects.start(
        framework=framework,
        assessed_on=assessed_on or datetime.date(2009, 10, 1),
        partnership=partnership,
        start_from=start_from,
        agenda_header=agenda_header,
        by=by,
    )
    if ratings:
        for n, response in enumerate(assessment.responses.in_order().select_related("characteristic__standard")):
            rating = ratings[n % len(ratings)]
            gap = rating in LEAVES_A_GAP
            label = response.characteristic.label
            response.record(
                by=by,
                version=response.version,
                response=f"Local response to {label}.",
                rating=rating,
                evidence="",
                gap=f"The gap in {label}." if gap else "",
                actions=list(closing) if gap else [],
            )
    if publish:
        assessment.publish(by=by)
    return assessment


def make_assessments(framework, *, by, count, partnership=None):
    """`count` assessments of the council (or `partnership`) against
    `framework`, a year apart from 1 April 2019, each started from the one
    before; all but the last published. The first rates its
    characteristics in turn Met, Partly met, Not met and Not assessed,
    every other gap closed by an action of a partnership plan made here;
    each later one rates one more characteristic Met. For the dashboard's
    and the comparison's query counts. Returns them, oldest first."""
    actions = list(make_partnership_plan(by=by, actions=3).actions())
    made = []
    for year in range(count):
        assessment = make_assessment(
            framework,
            by=by,
            ratings=() if made else RATING_ORDER,
            start_from=made[-1] if made else None,
            partnership=partnership,
            assessed_on=datetime.date(2019 + year, 4, 1),
        )
        if not made:
            for g, gap in enumerate(assessment.responses.with_gaps().in_order()):
                if g % 2 == 0:
                    GapLink.objects.set_for(gap, [actions[g % len(actions)]], by=by)
        elif unmet := assessment.responses.in_order().exclude(rating=Rating.MET).first():
            unmet.record(
                by=by, version=unmet.version, response=f"{unmet.response} Now met.", rating=Rating.MET, evidence="",
                gap="",
            )  # fmt: skip
        if year < count - 1:
            assessment.publish(by=by)
        made.append(assessment)
    return made


RATINGS_FILE = Path(__file__).resolve().parent / "standards_ratings.toml"


def rate_demo_assessment():
    """The demo's published self-assessment rated as the tests of ratings,
    gaps and the actions closing them need (tests/standards_ratings.toml):
    seed 003 rates nothing, so the demo records no rating. Saved on the
    models, not through the verbs, which refuse a change to a published
    assessment; each change in the history with the demo clerk. Returns
    the assessment."""
    from actionplans.demo import _closing_action

    clerk = get_user_model().objects.get(username="clerk")
    assessment = Assessment.objects.get(partnership=None)
    with open(RATINGS_FILE, "rb") as file:
        ratings = {item["characteristic"]: item for item in tomllib.load(file)["responses"]}
    for response in assessment.responses.select_related("characteristic__standard"):
        item = ratings[response.characteristic.label]
        response.rating = item["rating"]
        response.evidence, response.gap = item.get("evidence", ""), item.get("gap", "")
        response._history_user, response._change_reason = clerk, "Rated for a test"
        response.save()
        for position, link in enumerate(item.get("closed_by", [])):
            action = _closing_action(link)
            key = "action" if isinstance(action, Action) else "partnership_action"
            made = GapLink(local_response=response, position=position, **{key: action})
            made._history_user = clerk
            made.save()
    return assessment


RAGS_FILE = Path(__file__).resolve().parent / "partnership_rags.toml"


def rate_demo_partnership_updates():
    """The demo partnership plans' printed updates with the RAG statuses the
    tests of RAGs need (tests/partnership_rags.toml): the seeds' RAG columns
    are blank, so the demo records none. Saved on the model, not through
    the verbs, which refuse a change to a published quarter; each change in
    the history with the demo clerk."""
    from actionplans.demo import _month_named
    from actionplans.models import PartnershipUpdate

    clerk = get_user_model().objects.get(username="clerk")
    with open(RAGS_FILE, "rb") as file:
        items = tomllib.load(file)["updates"]
    for item in items:
        update = PartnershipUpdate.objects.get(
            action__theme__plan__slug=item["plan"],
            action__theme__label=item["theme"],
            action__number=item["action"],
            quarter__period=_month_named(item["quarter"]),
        )
        update.rag = item["rag"]
        update._history_user, update._change_reason = clerk, "Rated for a test"
        update.save()


def committee_with(actions: int):
    """A committee whose one review has `actions` actions graded in March
    and (three in four) September 2020, a third of them with two accepted
    revisions of their target date (made after the updates, as ever)."""
    committee = make_committee()
    review = make_review(committee=committee)
    owner = make_owner()
    march, september = make_round(review, 2020, 3), make_round(review, 2020, 9)
    made = []
    with standing_written_once():
        for n in range(actions):
            rec = make_recommendation(review)
            made.append(make_action(rec, owners=[owner], sub_action=make_sub_action(rec) if n % 2 else None))
            make_entry(made[-1], march, grade=1 + n % 4)
            if n % 4:
                make_entry(made[-1], september, grade=1 + (n + 1) % 4)
    for action in made[::3]:  # revised twice: the "Revised target dates" panel lists it
        for before, after, round in ((10, 3, march), (3, 9, september)):
            TargetRevision.objects.create(
                action=action,
                target_before=datetime.date(2019 + (before == 3) * 2, before, 1),
                target_month=datetime.date(2021, after, 1),
                reason="Slipped.",
                status=TargetRevision.Status.ACCEPTED,
                applies_from=round.period,
            )
    return committee
