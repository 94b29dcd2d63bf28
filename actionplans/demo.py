"""Loads the demo council from fixtures/demo_council.toml, the
partnership action plans of seeds 002 and 004 from
fixtures/partnership_plans.toml, and seed 003's framework of good-practice
standards with the council's self-assessment from fixtures/standards.toml.

Everything is saved through the models, so the audit history starts with the
demo data itself, attributed to the demo administrator; the partnership
plans go through their verbs, so their history names who did what: the
clerk builds the plans and runs the quarters, each update is written by a
lead of its organisation and approved by the plan's coordinator.
"""

import datetime
import decimal
import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from actionplans.grading import Decision, Rating
from actionplans.models import (
    ILLUSTRATIVE_MARK,
    Action,
    Assessment,
    Committee,
    CommitteeDecision,
    DecisionInput,
    Delivery,
    EntryResponsibility,
    Framework,
    ImpactInput,
    Indicator,
    Owner,
    Partnership,
    PartnershipPlan,
    PartnershipUpdate,
    ProgressEntry,
    Quarter,
    Recommendation,
    RecommendationOutcome,
    RecommendationPriority,
    ResponsePlan,
    Responsibility,
    Review,
    Round,
    Standing,
    SubAction,
    period_code,
    repeat_in,
)
from actionplans.models.council import (
    PARTNERSHIP,
    PROGRESS,
    Council,
    GradingScale,
    Printing,
    ScaleGrade,
    current_scale,
    suggested_decision,
    with_role,
)
from actionplans.models.notifications import notifications_held
from actionplans.roles import PARTNER_LEAD

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_council.toml"
PARTNERSHIPS_FILE = Path(settings.BASE_DIR) / "fixtures" / "partnership_plans.toml"
STANDARDS_FILE = Path(settings.BASE_DIR) / "fixtures" / "standards.toml"
REASON = "Demo council loaded"


def _month(text: str) -> datetime.date:
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


def username_for(name: str) -> str:
    """'Vanessa Housley' -> 'vanessa.housley'."""
    return ".".join(name.lower().split())


class _Loader:
    def __init__(self, data: dict):
        self.data = data
        # Every demo login has the one demo password: hashed once for them
        # all, since each hash costs the hasher's full work (a quarter of a
        # second, twenty times over, was most of loading the demo).
        self.password_hash = make_password(data["demo_password"])
        self.by_user = None
        self.before_review = None

    def save(self, obj):
        obj._history_user = self.by_user
        obj._change_reason = REASON
        obj.full_clean()
        obj.save()
        return obj

    def user(self, username, first_name, last_name, roles, superuser=False):
        User = get_user_model()
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.org",
            is_staff=superuser or any(role in ("Clerk", "Administrator") for role in roles),
            is_superuser=superuser,
        )
        user.password = self.password_hash
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    def run(self) -> Review:
        """The council as its papers have it, in the order it happened."""
        data = self.data
        users = self.logins(data["users"])
        owners = self.people(data["people"], data["groups"])
        # The partnership plans' quarters were published before this
        # review's rounds (2010 and 2018, before 2020): loaded here, their
        # publication comes first in the history too, so the papers of 2020
        # print the RAG their quarters had then (Delivered through).
        if self.before_review is not None:
            self.before_review()
        committee = self.save(Committee(name=data["committee"]["name"], slug=data["committee"]["slug"]))
        committee._history_user = self.by_user
        committee.members.set([users[name] for name in data["committee"]["members"]])
        review = self.review(committee, owners)
        actions = self.plan(review, owners)
        # Round by round, as it happened: its updates, then the committee's
        # decisions at its meeting (before the next round opened).
        for round_spec in data["rounds"]:
            self.past_round(review, round_spec, actions, owners)
        return review

    def logins(self, specs) -> dict:
        """The logins that are not people named in the review (the clerk,
        the councillor, the administrator, who does the loading)."""
        users = {}
        for spec in specs:
            users[spec["username"]] = self.user(
                spec["username"], spec["first_name"], spec["last_name"], spec["roles"], spec.get("superuser", False)
            )
            if spec.get("superuser"):
                self.by_user = users[spec["username"]]
        return users

    def people(self, people, groups) -> dict:
        """The people and groups named under Responsibility, by name; a
        person with work in the demo has a login."""
        owners = {}
        for spec in people:
            first, last = spec["name"].split(" ", 1)
            login = (
                self.user(username_for(spec["name"]), first, last, spec["roles"]) if spec.get("login", True) else None
            )
            owners[spec["name"]] = self.save(Owner(name=spec["name"], kind=Owner.Kind.PERSON, user=login))
        for spec in groups:
            owners[spec["name"]] = self.save(Owner(name=spec["name"], kind=Owner.Kind.ROLE))
        return owners

    def review(self, committee, owners) -> Review:
        """The review, its link officers, recommendations and the
        executive's response to them."""
        data = self.data
        spec = data["review"]
        review = self.save(
            Review(
                committee=committee,
                title=spec["title"],
                slug=spec["slug"],
                action_plan_agreed=_month(spec["action_plan_agreed"]),
                illustrative=invented_fields(data, "review", "executive_response"),
            )
        )
        review.set_link_officers([owners[name] for name in spec["link_officers"]], by=self.by_user)
        self.recommendations = {}
        for spec in data["recommendations"]:
            self.recommendations[spec["number"]] = self.save(
                Recommendation(review=review, number=spec["number"], text=spec["text"])
            )
        self.respond(review, data["review"], data.get("executive_response"))
        return review

    def plan(self, review, owners) -> list:
        """The action plan: lettered parts, then each action (with its
        spec, which holds its progress round by round) and who is
        responsible for it."""
        recommendations, sub_actions = self.recommendations, {}
        for spec in self.data["sub_actions"]:
            sub_actions[spec["recommendation"], spec["letter"]] = self.save(
                SubAction(
                    recommendation=recommendations[spec["recommendation"]], letter=spec["letter"], text=spec["text"]
                )
            )
        actions = []
        for position, spec in enumerate(self.data["actions"]):
            action = self.save(
                Action(
                    recommendation=recommendations[spec["recommendation"]],
                    sub_action=sub_actions.get((spec["recommendation"], spec.get("letter"))),
                    strand=spec.get("strand", ""),
                    position=position,
                    target_month=_month(spec["date"]) if "date" in spec else None,
                    target_text=spec.get("date_text", ""),
                    agreed_action=spec["agreed_action"],
                    success_measure=spec["success_measure"],
                )
            )
            self.name_responsible(action, Responsibility, "action", spec, owners)
            actions.append((action, spec))
        return actions

    def past_round(self, review, round_spec, actions, owners) -> None:
        """A round the papers print: its approved updates, and the
        committee's decisions where it made them."""
        if "grades_print" in round_spec:
            # The council printed its grades another way from this round.
            reprint_scale(PROGRESS, round_spec["grades_print"])
        round = Round(
            review=review,
            period=_month(round_spec["period"]),
            deadline=datetime.date.fromisoformat(round_spec["deadline"]),
            meeting_date=datetime.date.fromisoformat(round_spec["meeting_date"]),
            status=round_spec["status"],
            illustrative=invented_fields(self.data, "rounds"),
        )
        if round.is_published:
            round.keep_terms()  # the demo's own, loaded first
        round = self.save(round)
        grades = {}
        for action, spec in actions:
            for progress in spec.get("progress", []):
                if progress["round"] == round_spec["period"]:
                    grades[action.pk] = self.past_update(round, action, spec, progress, owners).grade_level
        if round_spec.get("committee_decided"):
            self.decide(round, actions, grades)

    def past_update(self, round, action, spec, progress, owners) -> ProgressEntry:
        """An update as the paper printed it, approved, with who was
        responsible then (the round's own, or the action's)."""
        entry = self.save(
            ProgressEntry(
                action=action,
                round=round,
                evidence_of_progress=progress.get("evidence_of_progress", "").strip(),
                grade=progress.get("grade"),
                grade_explanation=progress.get("grade_explanation", "").strip(),
                evidence_of_impact=progress.get("evidence_of_impact", "").strip(),
                status=ProgressEntry.Status.APPROVED,
            )
        )
        own = progress if "responsibility" in progress else spec
        self.name_responsible(entry, EntryResponsibility, "entry", own, owners)
        return entry

    def name_responsible(self, record, link_model, field: str, spec, owners) -> None:
        """Who is responsible for an action (or was, for an entry): `spec`'s
        responsibility, in the paper's order, with what it prints between
        the names (`joined_by`: " / ", " & ", a new line)."""
        joined_by = spec.get("joined_by", "")
        for order, name in enumerate(spec["responsibility"]):
            link = link_model(owner=owners[name], position=order, joined_by=joined_by if order else "")
            setattr(link, field, record)
            self.save(link)

    def respond(self, review, spec, response):
        """The report and the executive's response, recorded as a clerk
        records them (the same response to every recommendation)."""
        if "report_to_executive" not in spec:
            return
        review.record_report(
            agreed=spec.get("report_agreed"),
            to_executive=spec["report_to_executive"],
            decision_maker=spec.get("decision_maker", "Cabinet"),
            by=self.by_user,
            version=review.version,
        )
        if not response:
            return
        numbers = review.recommendations.order_by("number").values_list("number", flat=True)
        review.record_responses(
            [ResponsePlan(n, response["response"], responded_on=response["responded_on"]) for n in numbers],
            by=self.by_user,
            version=review.version,
        )
        if response.get("published"):
            review.publish_responses(by=self.by_user, version=review.version)

    def decide(self, round, actions, grades):
        """The committee's decisions at the round's meeting, recorded and
        published as a clerk would: what the toml closes, closed with its
        reason; the rest as the clerk's page suggests (graded 1: signed off;
        otherwise carried forward)."""
        period = period_code(round.period)
        decisions = {}
        for action, spec in actions:
            closed = spec.get("closed", {})
            if closed.get("round") == period:
                reason = closed["reason"]
                if "actions.closed.reason" in self.data.get("illustrative", {}):
                    reason = f"{reason} {ILLUSTRATIVE_MARK}"  # the mark beside it, as on a date
                decisions[action.pk] = DecisionInput(Decision.CLOSED, reason)
            else:
                decisions[action.pk] = DecisionInput(suggested_decision(grades.get(action.pk)))
        CommitteeDecision.record_round(
            round,
            by=self.by_user,
            version=round.decisions_version,
            decisions=decisions,
            meeting_date=round.meeting_date,
            publish=True,
        )


def illustrative_values(data: dict, key: str) -> list:
    """The values at a dotted key of a fixture ("rounds.deadline"), a
    list's entries each giving theirs, in the file's order."""
    found = [data]
    for part in key.split("."):
        values = []
        for item in found:
            for one in item if isinstance(item, list) else [item]:
                if isinstance(one, dict) and part in one:
                    values.append(one[part])
        found = values
    return [value for item in found for value in (item if isinstance(item, list) else [item])]


def invented_fields(data: dict, *tables: str) -> list[str]:
    """The fields of a record the fixture's [illustrative] table lists
    under `tables` ("rounds.deadline" -> "deadline"), as the record keeps
    them (Round.illustrative)."""
    return [key.split(".", 1)[1] for key in data.get("illustrative", {}) if key.split(".", 1)[0] in tables]


def load_demo(
    path: Path = DEMO_FILE,
    partnerships: Path | None = PARTNERSHIPS_FILE,
    standards: Path | None = STANDARDS_FILE,
    *,
    open_round: bool = False,
) -> Review:
    """The demo council, and (unless `partnerships` is None) its
    partnership action plans, and (unless `standards` is None) its
    framework of standards and self-assessment, all or nothing. With
    `open_round`, the round after its published ones is open too, with
    work waiting for its logins (open_demo_round): what `manage.py
    load_demo` (and so `make run`) serves. The tests' demo leaves it out,
    opening a round of their own."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    # The demo replays the council's history: nobody is e-mailed about it.
    with transaction.atomic(), notifications_held():
        load_council_terms(data.get("council", {}))
        loader = _Loader(data)
        if partnerships is not None:
            loader.before_review = lambda: load_partnership_plans(partnerships, password_hash=loader.password_hash)
        review = loader.run()
        # Last: the links need the partnership plans loaded.
        link_deliveries(review, data.get("deliveries", []))
        if standards is not None:
            load_standards(standards)
        load_outcomes(review, data, by=loader.by_user)
        # Its rounds went out before this service kept their files: their
        # standing, as publication writes it, then each one's public copy,
        # stored here, so that the demo ends with the public pages'
        # downloads ready (whether a worker runs or not).
        published = list(review.rounds.filter(status=Round.Status.PUBLISHED).order_by("period"))
        Standing.objects.write(published, by=loader.by_user)
        for round in published:
            round.keep_public_copy(by=loader.by_user, at_once=True)
        if open_round:
            _open_round(review, data)
        return review


def _marked(text: str, data: dict, key: str, invented: bool | None = True) -> str:
    """`text` ending with the mark where the fixture lists `key` as invented."""
    return f"{text} {ILLUSTRATIVE_MARK}" if invented and key in data.get("illustrative", {}) else text


def load_outcomes(review: Review, data: dict, *, by) -> None:
    """What the finished recommendations achieved ([[outcomes]]) and the
    committee's priorities ([[priorities]]), recorded through the clerk's
    own verbs, their invented words marked."""
    recommendations = {rec.number: rec for rec in review.recommendations.all()}
    for spec in data.get("priorities", []):
        reason = _marked(spec["reason"], data, "priorities.reason")
        RecommendationPriority.mark(
            recommendations[spec["recommendation"]], priority=True, reason=reason, by=by, version=0
        )
    for spec in data.get("outcomes", []):
        impacts = [
            ImpactInput(
                kind=impact["kind"],
                statement=_marked(
                    impact["statement"], data, "outcomes.impacts.invented", impact.get("invented", False)
                ),
                amount=decimal.Decimal(impact["amount"]) if "amount" in impact else None,
                unit=impact.get("unit", ""),
                period=impact.get("period", ""),
            )
            for impact in spec.get("impacts", [])
        ]
        RecommendationOutcome.record(
            recommendations[spec["recommendation"]],
            outcome=spec["outcome"],
            reason=_marked(spec["reason"], data, "outcomes.reason"),
            impacts=impacts,
            by=by,
            version=0,
        )


def open_demo_round(review: Review, path: Path = DEMO_FILE) -> Round:
    """The demo's open round (the fixture's [open_round]) on the demo
    council `review` loaded without it, as load_demo(open_round=True)
    leaves it."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    with transaction.atomic(), notifications_held():
        return _open_round(review, data)


def _open_round(review: Review, data: dict) -> Round:
    """The round after the published ones, opened by the clerk as a clerk
    would (it carries what is still monitored), its invented dates marked;
    then, through the officers' and the link officer's own verbs, the
    fixture's updates: each saved (submitted or a draft) by its officer,
    with the link officer's comment where it gives one. The words are the
    demo's, each stored ending with the mark (as 1 c)'s closing reason)."""
    spec = data["open_round"]
    clerk = get_user_model().objects.get(username="clerk")
    round = review.open_round(
        period=_month(spec["period"]),
        deadline=datetime.date.fromisoformat(spec["deadline"]),
        meeting_date=datetime.date.fromisoformat(spec["meeting_date"]),
        by=clerk,
        # Listed from the first version of its history, whose dates are the demo's too.
        illustrative=_invented_round_days(data),
    )
    _due_after_today(round, spec, data, by=clerk)
    entries = list(round.entries.select_related("action__recommendation", "action__sub_action"))
    for update in spec.get("updates", []):
        entry = next(
            e
            for e in entries
            if e.action.reference == update["action"] or e.action.reference.startswith(f"{update['action']} ")
        )
        _write_update(entry, update, data)
    for update in spec.get("partnership_updates", []):
        _submit_partnership_update(update, data)
    return round


def _due_after_today(round: Round, spec: dict, data: dict, *, by) -> None:
    """The round's own invented fields (its dates), as the published
    rounds keep theirs: the pages mark each where they show it. Opened with
    dates its cycle would give it, they are moved to the days after the
    demo is loaded, so that its officers' deadline is ahead of them (the
    three-month rule is for the dates a clerk types); the partnership
    plans' open quarters, whose deadlines are invented too, fall due with
    it."""
    round.illustrative = _invented_round_days(data)
    today = timezone.localdate()
    round.deadline = today + datetime.timedelta(days=spec["deadline_in_days"])
    round.meeting_date = today + datetime.timedelta(days=spec["meeting_in_days"])
    round._history_user, round._change_reason = by, REASON
    round.save(update_fields=["illustrative", "deadline", "meeting_date"])
    for quarter in Quarter.objects.filter(status=Quarter.Status.OPEN):
        quarter.deadline = round.deadline
        quarter._history_user, quarter._change_reason = by, REASON
        quarter.save(update_fields=["deadline"])


def _invented_round_days(data: dict) -> list[str]:
    """The open round's own invented fields (its dates, not its updates' words)."""
    return [field for field in invented_fields(data, "open_round") if "." not in field]


def _write_update(entry: ProgressEntry, update: dict, data: dict) -> None:
    """The fixture's update, saved by its officer through the officer's
    verb, and the link officer's comment on it where it gives one."""

    def marked(text: str, key: str) -> str:
        text = text.strip()
        return f"{text} {ILLUSTRATIVE_MARK}" if text and f"open_round.updates.{key}" in data["illustrative"] else text

    def login(name: str):
        return Owner.objects.get(name=name, kind=Owner.Kind.PERSON).user

    fields = {key: marked(update[key], key) for key in ("evidence_of_progress", "evidence_of_impact") if key in update}
    if "grade" in update:
        fields["grade"] = update["grade"]
    entry.save_update(by=login(update["by"]), version=entry.version, submit=update.get("submit", False), **fields)
    if "comment" in update:
        entry.refresh_from_db()
        entry.add_comment(by=login(update["comment"]["by"]), text=marked(update["comment"]["text"], "comment"))


def _submit_partnership_update(spec: dict, data: dict) -> None:
    """The fixture's partner lead's update in its plan's open quarter,
    written and submitted by the first lead of the action's first
    organisation, for the plan's coordinator to check; its words marked."""
    update = PartnershipUpdate.objects.get(
        action__theme__plan__slug=spec["plan"],
        action__theme__label=spec["theme"],
        action__number=spec["action"],
        quarter__status=Quarter.Status.OPEN,
    )
    organisation = update.action.lead_organisations.order_by("pk").first()
    lead = organisation.members.order_by("pk").first()
    progress = spec["progress"].strip()
    if "open_round.partnership_updates.progress" in data["illustrative"]:
        progress = f"{progress} {ILLUSTRATIVE_MARK}"
    update.save_update(by=lead, version=update.version, submit=True, progress=progress, rag=spec["rag"])


def load_council_terms(terms: dict) -> None:
    """The council's wording and grading scales, as the fixture gives them:
    a scale is made anew only where it differs from the current one (a
    fresh install's first version may already be the demo's)."""
    wording = {name: terms[name] for name in Council.FIELDS if name in terms}
    if wording:
        Council.objects.get(pk=1).change(by=None, **wording)
    for kind, key in ((PROGRESS, "grades"), (PARTNERSHIP, "partnership_grades")):
        grades = terms.get(key)
        if grades:
            wanted = [{**ScaleGrade.DEFAULTS, **with_role(grade, rag=kind == PARTNERSHIP)} for grade in grades]
            _scale_as(kind, wanted, terms.get(f"{key}_print", Printing.CODE_AND_LABEL))


def _scale_as(kind: str, grades: list[dict], prints: str) -> None:
    """`kind`'s scale with these grades, printed so: a new version unless
    the current one is already."""
    scale = current_scale(kind)
    current = [{name: getattr(level, name) for name in ScaleGrade.DEFAULTS} for level in scale.levels]
    if current != grades or scale.prints != prints:
        GradingScale.make(kind, grades, by=None, prints=prints)


def reprint_scale(kind: str, prints: str) -> None:
    """The council's scale, its grades as they are, printed another way
    from now on (the demo's between its rounds: seed 001 printed the codes
    alone, seed 000 six months later the code and the label)."""
    grades = [{name: getattr(level, name) for name in ScaleGrade.DEFAULTS} for level in current_scale(kind).levels]
    _scale_as(kind, grades, prints)


# Partnership action plans (seeds 002 and 004) ------------------------------------


def _month_named(text: str) -> datetime.date:
    """'October 2018' -> 1 October 2018."""
    return datetime.datetime.strptime(text.strip(), "%B %Y").date()


class _PartnershipLoader:
    """Builds the plans as the people in the history would have: the clerk
    adds the partnership, its organisations and plans and opens each
    quarter; an update is saved and submitted by a lead of the action's
    organisation and approved by the plan's coordinator; the clerk
    publishes the quarter. Nothing is written around the verbs."""

    def __init__(self, data: dict, password_hash: str):
        self.data = data
        self.password_hash = password_hash
        User = get_user_model()
        self.clerk = User.objects.get(username="clerk")
        self.users = User.objects

    def lead(self, spec) -> "object":
        User = get_user_model()
        user = User(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=f"{spec['username']}@example.org",
        )
        user.password = self.password_hash
        user.full_clean()
        user.save()
        user.groups.set(Group.objects.filter(name=PARTNER_LEAD))
        return user

    def run(self) -> list[PartnershipPlan]:
        by = self.clerk
        for spec in self.data["indicators"]:
            if not Indicator.objects.filter(code=spec["code"]).exists():
                indicator = Indicator(code=spec["code"], title=spec["title"], reference=spec["reference"])
                indicator.full_clean()
                indicator._history_user = by
                indicator._change_reason = REASON
                indicator.save()
        plans = []
        for spec in self.data["partnerships"]:
            partnership = Partnership.objects.add(name=spec["name"], slug=spec["slug"], by=by)
            organisations = {}
            for org in spec["organisations"]:
                organisation = partnership.add_organisation(name=org["name"], short_name=org["short_name"], by=by)
                leads = [self.lead(lead) for lead in org.get("leads", [])]
                if leads:
                    organisation.set_members(leads, by=by)
                organisations[org["short_name"]] = organisation
            for plan_spec in spec["plans"]:
                plans.append(self.plan(partnership, organisations, plan_spec))
        return plans

    def plan(self, partnership, organisations, spec) -> PartnershipPlan:
        by = self.clerk
        plan = partnership.add_plan(
            title=spec["title"],
            short_title=spec["short_title"],
            slug=spec["slug"],
            starts=_month_named(spec["starts"]),
            ends=_month_named(spec["ends"]),
            agenda_header=spec.get("agenda_header", ""),
            coordinator=self.users.get(username=spec["coordinator"]),
            by=by,
        )
        if spec.get("glossary"):
            plan.set_glossary(spec["glossary"], by=by)
        updates = []  # (action, its fixture's updates)
        for theme_spec in spec["themes"]:
            theme = plan.add_theme(kind=theme_spec["kind"], label=theme_spec["label"], title=theme_spec["title"], by=by)
            for action_spec in theme_spec.get("actions", []):
                updates.append((*self.action(theme, organisations, action_spec), action_spec.get("updates", [])))
        for quarter_spec in spec["quarters"]:
            quarter = plan.open_quarter(
                period=_month_named(quarter_spec["period"]),
                deadline=datetime.date.fromisoformat(quarter_spec["deadline"]),
                illustrative=quarter_spec.get("illustrative", []),
                by=by,
            )
            for action, leads, action_updates in updates:
                for update_spec in action_updates:
                    if update_spec["quarter"] == quarter_spec["period"]:
                        self.update(plan, action, leads, quarter, update_spec)
            if quarter_spec["status"] == "published":
                quarter.publish(by=by)
        return plan

    def action(self, theme, organisations, spec):
        """An action as printed, and its lead organisations in printed
        order: a numbered objective with activities (seed 004) prints no
        lead of its own, and its activities' lead organisations write its
        update (PartnershipAction.add_activity)."""
        by = self.clerk
        activities = spec.get("activities", [])
        lead_names = list(spec.get("lead_organisations", []))
        action = theme.add_action(
            number=spec["number"],
            text=spec["text"],
            leads=spec.get("leads", ""),
            lead_organisations=[organisations[name] for name in lead_names],
            indicators=[Indicator.objects.get(code=code) for code in spec.get("indicators", [])],
            target_text=spec.get("target", ""),
            target_month=_month_named(spec["target_month"]) if spec.get("target_month") else None,
            repeats=repeat_in(spec.get("target", "")),
            outcome=spec.get("outcome", ""),
            by=by,
        )
        for activity in activities:
            action.add_activity(
                text=activity["text"],
                leads=activity.get("leads", ""),
                lead_organisations=[organisations[name] for name in activity.get("lead_organisations", [])],
                target_text=activity.get("target", ""),
                target_month=_month_named(activity["target_month"]) if activity.get("target_month") else None,
                repeats=repeat_in(activity.get("target", "")),
                by=by,
            )
        # Its activities' leads are the objective's too (add_activity).
        for activity in activities:
            lead_names += [name for name in activity.get("lead_organisations", []) if name not in lead_names]
        return action, [organisations[name] for name in lead_names]

    def update(self, plan, action, leads, quarter, spec) -> None:
        """Written and submitted by a lead of the first of the action's
        organisations, in printed order, that has one; approved by the
        plan's coordinator."""
        update = PartnershipUpdate.objects.get(action=action, quarter=quarter)
        writer = next((user for organisation in leads for user in organisation.members.all()), None)
        if writer is None:
            raise ValueError(f"{plan}: no lead of {action.name}'s organisations to write its update")
        if not spec.get("rag"):
            # Not rated, as printed (the seeds' RAG columns are blank): the
            # lead's form asks for a RAG, so the clerk records it from the
            # paper.
            update.record_as_printed(
                by=self.clerk, progress=spec["progress"], rag="", reason="As printed in the plan: not rated"
            )
            return
        update.save_update(by=writer, version=update.version, submit=True, progress=spec["progress"], rag=spec["rag"])
        update.approve(by=plan.coordinator, version=update.version)


def load_partnership_plans(path: Path = PARTNERSHIPS_FILE, *, password_hash: str) -> list[PartnershipPlan]:
    """The partnership plans of fixtures/partnership_plans.toml, into a
    database that holds the demo council's logins (the clerk and the
    coordinators); their leads' logins get the demo password, as hashed."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    with transaction.atomic():
        return _PartnershipLoader(data, password_hash).run()


def link_deliveries(review, specs) -> int:
    """The fixture's [[deliveries]]: each of the review's actions (by
    recommendation, letter and strand) with the numbers of the partnership
    plan's actions that deliver it ("2.1 in theme 2" where the plan numbers
    two actions alike), saved through Delivery.objects.set_for by the demo
    clerk. A plan not loaded is passed over. Returns the links made."""
    clerk = get_user_model().objects.get(username="clerk")
    made = 0
    for spec in specs:
        plan = PartnershipPlan.objects.filter(slug=spec["plan"]).first()
        if plan is None:
            continue
        action = Action.objects.get(
            recommendation__review=review,
            recommendation__number=spec["recommendation"],
            sub_action__letter=spec.get("letter"),
            strand=spec.get("strand", ""),
        )
        through = [_plan_action(plan, name) for name in spec["through"]]
        Delivery.objects.set_for(action, through, by=clerk)
        made += len(through)
    return made


def _plan_action(plan, name: str):
    """'1.6', or '2.1 in theme 2': one action of `plan`."""
    number, _, theme = name.partition(" in theme ")
    actions = plan.actions().filter(number=number)
    if theme:
        actions = actions.filter(theme__label=theme)
    return actions.get()


# Seed 003: a framework of standards and the council's self-assessment --------------


def load_standards(path: Path = STANDARDS_FILE):
    """fixtures/standards.toml's framework, through its verbs, and the
    council's assessment against it: started, each characteristic's Local
    response recorded with its rating, gap and the actions closing it (a
    partnership plan's not loaded are passed over), and published, all by
    the demo clerk. Returns the assessment."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    clerk = get_user_model().objects.get(username="clerk")
    spec = data["framework"]
    with transaction.atomic():
        framework = Framework.objects.add(
            title=spec["title"],
            short_title=spec["short_title"],
            issued_by=spec.get("issued_by", ""),
            slug=spec["slug"],
            by=clerk,
        )
        for level in spec["levels"]:
            framework.add_level(name=level["name"], defined_as=level["defined_as"], text=level["text"], by=clerk)
        responses = {}
        for standard_spec in spec["standards"]:
            standard = framework.add_standard(
                number=standard_spec["number"], title=standard_spec["title"], definition=standard_spec["definition"],
                by=clerk,
            )  # fmt: skip
            for item in standard_spec["characteristics"]:
                characteristic = standard.add_characteristic(
                    letter=item["letter"], text=item["text"], function=item["function"], by=clerk
                )
                responses[characteristic.pk] = item
        about = data["assessment"]
        assessment = Assessment.objects.start(
            framework=framework,
            assessed_on=datetime.date.fromisoformat(about["assessed_on"]),
            agenda_header=about.get("agenda_header", ""),
            by=clerk,
        )
        if about.get("illustrative"):
            assessment.illustrative = about["illustrative"]
            assessment._history_user, assessment._change_reason = clerk, REASON
            assessment.save(update_fields=["illustrative"])
        for response in assessment.responses.all():
            item = responses[response.characteristic_id]
            actions = [action for link in item.get("closed_by", []) if (action := _closing_action(link))]
            response.record(
                by=clerk,
                version=response.version,
                response=item["response"],
                # The paper rates nothing: Not assessed, unless the file rates it.
                rating=item.get("rating", Rating.NOT_ASSESSED),
                evidence=item.get("evidence", ""),
                gap=item.get("gap", ""),
                actions=actions,
            )
        if about.get("published"):
            assessment.publish(by=clerk)
        return assessment


def _closing_action(link: dict):
    """A fixture's `closed_by` entry: a partnership plan's action by its
    number, or a review's by recommendation, letter and strand; None for a
    plan or review not loaded."""
    if "plan" in link:
        plan = PartnershipPlan.objects.filter(slug=link["plan"]).first()
        return _plan_action(plan, link["action"]) if plan else None
    return Action.objects.filter(
        recommendation__review__slug=link["review"],
        recommendation__number=link["recommendation"],
        sub_action__letter=link.get("letter"),
        strand=link.get("strand", ""),
    ).first()


def demo_password(path: Path = DEMO_FILE) -> str:
    with open(path, "rb") as file:
        return tomllib.load(file)["demo_password"]
