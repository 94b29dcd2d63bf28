"""Who may do what, asked of the models' verbs themselves: every writing
verb against every member of the cast, beside test_permissions.py's table
of every URL against every role. The verbs are the door nothing gets round
(the import, the API, a command, the admin all call them), so each refuses
whoever may not act (actionplans.permissions) and a refusal changes
nothing, its history included."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from actionplans import permissions, roles
from actionplans.importing import reading, saving
from actionplans.importing.partnership_saving import import_plan as import_partnership_plan
from actionplans.importing.plan import ImportedAction, ImportedPlan
from actionplans.models import (
    ApiToken,
    Assessment,
    CalendarFeed,
    Committee,
    Delivery,
    Escalation,
    Follow,
    Framework,
    Impact,
    ImpactInput,
    Indicator,
    NotificationPreference,
    Owner,
    Partnership,
    ProgressEntry,
    RecommendationOutcome,
    RecommendationPriority,
    ResponsePlan,
    Review,
    Round,
    erase_leaver,
)
from actionplans.models.council import Council, GradingScale
from actionplans.models.personal_data import record_export
from tests.factories import (
    decide,
    make_action,
    make_entry,
    make_owner,
    make_partnership_plan,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anonymous",
    "clerk",
    "administrator",
    "link_officer",
    "other_link_officer",
    "owner",
    "co_owner",
    "other_officer",
    "councillor",
    "partner_lead",
    "other_partner_lead",
]
CLERKS = {"clerk", "administrator"}
ADMINISTRATORS = {"administrator"}
D = datetime.date


@pytest.fixture
def people(demo, cast):
    """The cast of the table: the test cast, with the link officer of the
    review and one of another review, an action's owner and its co-owner,
    an officer of nothing and a partner lead of each of two organisations."""
    cast = dict(cast)
    cast["anonymous"] = AnonymousUser()
    cast["owner"] = cast.pop("officer")
    cast["co_owner"] = make_user("co.owner.test", roles.OFFICER, first_name="Cora", last_name="Owner")
    cast["other_officer"] = make_user("other.officer.test", roles.OFFICER, first_name="Otto", last_name="Officer")
    cast["other_link_officer"] = make_user(
        "other.link.test", roles.LINK_OFFICER, roles.OFFICER, first_name="Lou", last_name="Other"
    )
    make_review(link_officers=[make_owner("Lou Other", user=cast["other_link_officer"])])
    return cast


@pytest.fixture
def things(demo, people):
    """Something for every verb to act on, in the state in which whoever
    may act can: a review being monitored with a round open (one update
    submitted by its owner, one not started, one submitted by the link
    officer themself), a plan being set up, one whose executive responses
    are recorded, a partnership plan with a quarter open, a framework with a
    draft assessment, a committee, people and an API token."""
    clerk, owner, co_owner, link = people["clerk"], people["owner"], people["co_owner"], people["link_officer"]
    owners = [make_owner("Olu Officer", user=owner), make_owner("Cora Owner", user=co_owner)]
    lin = make_owner("Lin Officer", user=link)
    review = make_review(link_officers=[lin], committee=demo.committee)
    rec = make_recommendation(review)
    written, waiting, own = (
        make_action(rec, owners=who, strand=strand)
        for who, strand in ((owners, "Written"), (owners, "Waiting"), ([lin], "Own"))
    )
    september = make_round(review, 2020, 9)
    round = review.open_round(period=D(2021, 3, 1), deadline=D(2021, 2, 26), meeting_date=D(2021, 3, 18), by=clerk)
    submitted = round.entries.get(action=written)
    submitted.save_update(by=owner, version=0, submit=True, evidence_of_progress="Done.", grade=2)
    # A file on the update not yet started (held as being checked: no clamd here).
    evidence = round.entries.get(action=waiting).attach_file(
        by=owner, version=0, title="Minutes", upload=SimpleUploadedFile("m.txt", b"Minutes.\n"), name="m.txt"
    )
    own_update = round.entries.get(action=own)
    own_update.save_update(by=link, version=0, submit=True, evidence_of_progress="Done.", grade=2)
    # September's update on another recommendation reported an impact (Olu's, not Lin's).
    impacted = make_action(make_recommendation(review, text="That the Council counts reports."), owners=owners[:1])
    reported = make_entry(impacted, september, evidence_of_impact="Reports rose by a third.")
    # A review with no round open yet, its last round published with nothing received.
    unopened = make_review()
    make_action(make_recommendation(unopened), owners=owners[:1])
    empty_round = make_round(unopened, 2020, 9)
    # A round open by mistake, nothing written in it yet.
    idle_round = make_round(make_review(), 2021, 3, status=Round.Status.OPEN)

    draft = Review.objects.set_up(
        committee=demo.committee, title="Domestic Abuse", action_plan_agreed=None, link_officers=[lin], by=clerk
    )
    draft_rec = make_recommendation(draft)
    draft_action = make_action(draft_rec, owners=owners[:1])
    make_recommendation(draft, text="That the Council do something else.")
    answered = Review.objects.set_up(
        committee=demo.committee, title="Fly-tipping", action_plan_agreed=None, link_officers=[], by=clerk
    )
    make_recommendation(answered)
    answered.record_report(
        agreed=D(2021, 1, 7), to_executive=D(2021, 2, 4), decision_maker="Cabinet", by=clerk, version=answered.version
    )
    answered.refresh_from_db()
    answered.record_responses([ResponsePlan(1, "accepted", responded_on=D(2021, 3, 1))], by=clerk, version=1)
    answered.refresh_from_db()
    # A review whose recommendation the executive rejected, the responses
    # published: the committee has finished with it, so its outcome may be recorded.
    declined = Review.objects.set_up(
        committee=demo.committee, title="Street lighting", action_plan_agreed=None, link_officers=[], by=clerk
    )
    make_recommendation(declined)
    declined.record_report(
        agreed=D(2021, 1, 7), to_executive=D(2021, 2, 4), decision_maker="Cabinet", by=clerk, version=declined.version
    )
    declined.refresh_from_db()
    declined.record_responses(
        [ResponsePlan(1, "rejected", reasons="Too dear.", responded_on=D(2021, 3, 1))], by=clerk, version=1
    )
    declined.refresh_from_db()
    declined.publish_responses(by=clerk, version=declined.version)

    plan = make_partnership_plan(by=clerk, name="Hate Crime Group", slug="hate-crime-plan")
    plan.coordinator = link
    plan.save()
    opcc, mesign = plan.partnership.organisations.order_by("position")
    opcc.members.add(people["partner_lead"])
    mesign.members.add(people["other_partner_lead"])
    quarter = plan.open_quarter(period=D(2018, 7, 1), deadline=D(2018, 9, 14), by=clerk)
    ours = quarter.updates.get(action__number="1.1")
    ours.save_update(by=people["partner_lead"], version=0, submit=True, progress="Workshops.", rag="green")

    framework = Framework.objects.get(slug="north-east-hate-incident-standards")
    assessment = Assessment.objects.start(framework=framework, assessed_on=D(2021, 3, 1), by=clerk)
    newcomer = Owner.objects.add_person(
        name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=people["administrator"]
    )
    clerk_person = make_owner("Carla Clerk", user=clerk)
    token, _ = ApiToken.objects.issue(user=owner, role=roles.OFFICER, name="BI", by=people["administrator"])
    published = demo.rounds.get(period=D(2020, 9, 1))
    return {
        "review": review,
        "round": round,
        "submitted": submitted,
        "waiting": round.entries.get(action=waiting),
        "evidence": evidence,
        "own_update": own_update,
        "reported": reported,
        "action": written,
        "unopened": unopened,
        "empty_round": empty_round,
        "idle_round": idle_round,
        "draft": draft,
        "draft_action": draft_action,
        "answered": answered,
        "declined": declined.recommendations.get(),
        "demo_published": published,
        "demo_entry": published.entries.received().first(),
        "plan": plan,
        "opcc": opcc,
        "quarter": quarter,
        "ours": ours,
        "theirs": quarter.updates.get(action__number="1.2"),
        "framework": framework,
        "assessment": assessment,
        "committee": demo.committee,
        "owner_record": owners[0],
        "newcomer": newcomer,
        "clerk_person": clerk_person,
        "token": token,
    }


def imported_plan() -> ImportedPlan:
    """A tracker of one new recommendation with one action, as read from a file."""
    plan = ImportedPlan(file_name="tracker.xlsx")
    plan.recommendations = {3: "That the Council trains its staff."}
    plan.actions = [
        ImportedAction(
            3, "", "", 2, owners=["Olu Officer"], entries=[], target_month=D(2021, 10, 1),
            agreed_action="Train the staff.", success_measure="Staff trained.",
        )
    ]  # fmt: skip
    return plan


def imported_partnership_plan():
    """A partnership plan of one theme of one action, as read from a file shaped like seed 002."""
    from tests.partnership_files import workbook

    data = workbook(
        [None, "Action", "Lead Organisation / Partner(s)", "Target Date", "Outcome"],
        ["1. Preventing Hate Crime"],
        ["1.1", "Hold workshops", "Police", "March 2019", "Fewer incidents"],
    )
    read = reading.read(data, "plan.xlsx", kind=reading.PARTNERSHIP)
    assert not read.plan.problems, read.plan.problems
    return read.plan


def _indicator():
    return Indicator.objects.get(code="NI 35")  # the demo's


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def verbs(t, people):
    """verb name: (how one person does it, who may). Each call is made on
    objects read afresh, as its own request would."""
    owner_user = people["owner"]

    return {
        # Setting up plans.
        "set up a review": (
            lambda u: Review.objects.set_up(
                committee=t["committee"], title="Litter", action_plan_agreed=None, link_officers=[], by=u
            ),
            CLERKS,
        ),
        "change a review's details": (
            lambda u: (d := fresh(t["draft"])).change_details(
                committee=t["committee"],
                title="Renamed",
                action_plan_agreed=None,
                link_officers=[],
                by=u,
                version=d.version,
            ),
            CLERKS,
        ),
        "remove a recommendation": (
            lambda u: (d := fresh(t["draft"])).remove_recommendation(number=2, by=u, version=d.version),
            CLERKS,
        ),
        "remove an action": (lambda u: fresh(t["draft_action"]).remove(by=u), CLERKS),
        "choose link officers": (lambda u: fresh(t["draft"]).set_link_officers([], by=u), CLERKS),
        "reassign an action": (lambda u: fresh(t["action"]).reassign([t["owner_record"]], by=u), CLERKS),
        "change a target": (
            lambda u: fresh(t["action"]).change_target(target_month=D(2022, 1, 1), reason="Moved.", by=u),
            CLERKS,
        ),
        "record the report": (
            lambda u: (d := fresh(t["draft"])).record_report(
                agreed=D(2021, 1, 7), to_executive=D(2021, 2, 4), decision_maker="Cabinet", by=u, version=d.version
            ),
            CLERKS,
        ),
        "record a recommendation's outcome": (
            lambda u: RecommendationOutcome.record(
                fresh(t["declined"]),
                outcome="not_implemented",
                reason="The executive declined it.",
                impacts=[ImpactInput("none_yet", "Nothing changed.")],
                by=u,
                version=0,
            ),
            CLERKS,
        ),
        "confirm an impact an officer reported": (
            lambda u: Impact.confirm(ImpactInput("service", "Reports rose.", source_entry=t["reported"].pk), by=u),
            CLERKS | {"link_officer"},
        ),
        "mark a recommendation a priority": (
            lambda u: RecommendationPriority.mark(
                fresh(t["declined"]), priority=True, reason="The committee's first.", by=u, version=0
            ),
            CLERKS,
        ),
        "record the responses": (
            lambda u: (a := fresh(t["answered"])).record_responses(
                [ResponsePlan(1, "rejected", reasons="Too dear.", responded_on=D(2021, 3, 2))],
                by=u,
                version=a.version,
                reason="Misread",
            ),
            CLERKS,
        ),
        "publish the responses": (
            lambda u: (a := fresh(t["answered"])).publish_responses(by=u, version=a.version),
            CLERKS,
        ),
        "record the committee's decisions": (lambda u: decide(fresh(t["demo_published"]), by=u, publish=False), CLERKS),
        "link partnership actions": (
            lambda u: Delivery.objects.set_for(fresh(t["action"]), [t["plan"].actions().first()], by=u),
            CLERKS,
        ),
        "import a plan": (
            lambda u: saving.import_plan(fresh(t["draft"]), imported_plan(), by=u),
            CLERKS,
        ),
        "import a partnership plan": (
            lambda u: import_partnership_plan(
                imported_partnership_plan(),
                by=u,
                create_organisations=True,
                partnership_name="Imported partnership",
                title="Imported plan",
                short_title="Imported",
                starts=D(2018, 4, 1),
                ends=D(2019, 3, 1),
            ),
            CLERKS,
        ),
        "add a partnership": (lambda u: Partnership.objects.add(name="Safer Streets", by=u), CLERKS),
        # The national indicators the glossaries print (issue 25).
        "add a national indicator": (
            lambda u: Indicator.objects.add(code="NI 300", title="Added", by=u),
            CLERKS,
        ),
        "rename a national indicator": (lambda u: _indicator().rename(title="Renamed", reference="", by=u), CLERKS),
        "retire a national indicator": (lambda u: _indicator().retire(by=u), CLERKS),
        "choose an organisation's leads": (lambda u: fresh(t["opcc"]).set_members([], by=u), CLERKS),
        "add a theme": (
            lambda u: fresh(t["plan"]).add_theme(kind="theme", label="2", title="Theme 2", by=u),
            CLERKS,
        ),
        "add a level to a framework": (lambda u: fresh(t["framework"]).add_level(name="Gold", by=u), CLERKS),
        "change an assessment": (
            lambda u: fresh(t["assessment"]).change_details(assessed_on=D(2021, 3, 2), agenda_header="", by=u),
            CLERKS,
        ),
        "mark exempt information": (lambda u: fresh(t["action"]).mark_exempt(3, by=u), CLERKS),
        # Monitoring rounds.
        "open a round": (
            lambda u: fresh(t["unopened"]).open_round(
                period=D(2021, 3, 1), deadline=D(2021, 2, 26), meeting_date=D(2021, 3, 18), by=u
            ),
            CLERKS,
        ),
        "publish a round": (lambda u: fresh(t["round"]).publish(by=u), CLERKS),
        "reopen a round": (lambda u: fresh(t["empty_round"]).reopen(by=u), CLERKS),
        "delete a round": (lambda u: fresh(t["idle_round"]).remove(by=u), CLERKS),
        "send reminders": (lambda u: fresh(t["round"]).send_reminders(base_url="http://testserver/", by=u), CLERKS),
        "escalate overdue updates": (lambda u: Escalation.objects.escalate_overdue(by=u), CLERKS),
        "correct a published entry": (
            lambda u: (e := fresh(t["demo_entry"])).correct(
                by=u, version=e.version, reason="A typing error.", evidence_of_progress="Corrected."
            ),
            CLERKS,
        ),
        # Updates: written by those responsible, checked by someone else.
        "write an update": (
            lambda u: (e := fresh(t["waiting"])).save_update(
                by=u, version=e.version, submit=False, evidence_of_progress="Begun."
            ),
            {"owner", "co_owner"},
        ),
        "withdraw an update": (
            lambda u: (e := fresh(t["submitted"])).withdraw(by=u, version=e.version),
            {"owner", "co_owner"},
        ),
        "attach a file to an update": (
            lambda u: (e := fresh(t["waiting"])).attach_file(
                by=u, version=e.version, title="Budget", upload=SimpleUploadedFile("b.csv", b"a,b\n"), name="b.csv"
            ),
            {"owner", "co_owner"},
        ),
        "remove a file from an update": (
            lambda u: (e := fresh(t["waiting"])).remove_file(fresh(t["evidence"]), by=u, version=e.version),
            {"owner", "co_owner"},
        ),
        "approve an update": (
            lambda u: (e := fresh(t["submitted"])).approve(by=u, version=e.version),
            {"link_officer", "clerk", "administrator"},
        ),
        "return an update": (
            lambda u: (e := fresh(t["submitted"])).return_to_officer(by=u, version=e.version, comment="More."),
            {"link_officer", "clerk", "administrator"},
        ),
        # The conversation on an update, while its round is open.
        "comment on an update": (
            lambda u: fresh(t["submitted"]).add_comment(by=u, text="Can you add the figures?"),
            {"owner", "co_owner", "link_officer", "clerk", "administrator"},
        ),
        "comment on a published update": (
            lambda u: fresh(t["demo_entry"]).add_comment(by=u, text="Too late."),
            set(),
        ),
        "approve one's own update": (
            lambda u: (e := fresh(t["own_update"])).approve(by=u, version=e.version),
            CLERKS,
        ),
        # Partnership plans' quarters and updates.
        "publish a quarter": (lambda u: fresh(t["quarter"]).publish(by=u), CLERKS),
        "record an update as printed": (
            lambda u: fresh(t["theirs"]).record_as_printed(by=u, progress="As printed.", rag="", reason="Printed"),
            CLERKS,
        ),
        "write one's organisation's update": (
            lambda u: (p := fresh(t["theirs"])).save_update(by=u, version=p.version, submit=False, progress="Begun."),
            {"other_partner_lead"},
        ),
        "approve a partnership update": (
            lambda u: (p := fresh(t["ours"])).approve(by=u, version=p.version),
            {"link_officer", "clerk", "administrator"},  # the plan's coordinator, and clerks
        ),
        # Committees and people.
        "add a committee": (lambda u: Committee.objects.add(name="Adults Select Committee", by=u), CLERKS),
        "rename a committee": (lambda u: fresh(t["committee"]).rename(name="Renamed Committee", by=u), CLERKS),
        "choose a committee's members": (lambda u: fresh(t["committee"]).set_members([], by=u), CLERKS),
        "add an officer": (
            lambda u: Owner.objects.add_person(name="Pia Person", email="pia@example.org", roles=[roles.OFFICER], by=u),
            CLERKS,
        ),
        "add a clerk": (
            lambda u: Owner.objects.add_person(name="Cleo Clerk", email="cleo@example.org", roles=[roles.CLERK], by=u),
            ADMINISTRATORS,
        ),
        "add a role or group": (lambda u: Owner.objects.add_role(name="Youth Panel", by=u), CLERKS),
        "change an officer's login": (
            lambda u: fresh(t["newcomer"]).change_person(
                name="Nia Newcomer-Smith", email="nia@example.org", roles=[roles.OFFICER], by=u
            ),
            CLERKS,
        ),
        "change a clerk's login": (
            lambda u: fresh(t["clerk_person"]).change_person(
                name="Carla Clerk", email=people["clerk"].email, roles=[roles.CLERK, roles.OFFICER], by=u
            ),
            ADMINISTRATORS,
        ),
        "deactivate a login": (lambda u: fresh(t["newcomer"]).set_login_active(False, by=u), CLERKS),
        # A manager is told of late updates only: a clerk records anyone's, a clerk's too.
        "record an officer's manager": (
            lambda u: fresh(t["owner_record"]).set_manager(fresh(t["newcomer"]), by=u),
            CLERKS,
        ),
        "record a clerk's manager": (
            lambda u: fresh(t["clerk_person"]).set_manager(fresh(t["newcomer"]), by=u),
            CLERKS,
        ),
        # A person's own choices.
        "choose one's e-mails": (
            lambda u: NotificationPreference.objects.choose(owner_user, {"update_submitted": "never"}, by=u),
            {"owner"},
        ),
        "follow a review": (lambda u: Follow.objects.follow(owner_user, t["review"], by=u), {"owner"}),
        "make or reset one's calendar link": (lambda u: CalendarFeed.objects.reset(owner_user, by=u), {"owner"}),
        # Administration.
        "issue an API token": (
            lambda u: ApiToken.objects.issue(user=owner_user, role=roles.OFFICER, name="Power BI", by=u),
            ADMINISTRATORS,
        ),
        "revoke an API token": (lambda u: fresh(t["token"]).revoke(by=u), ADMINISTRATORS),
        "export personal data": (
            lambda u: record_export(fresh(t["newcomer"]), by=u, details={"format": "json"}),
            ADMINISTRATORS,
        ),
        "erase personal data": (lambda u: erase_leaver(fresh(t["newcomer"]), by=u), ADMINISTRATORS),
        # The council's own terms.
        "change the council's wording": (
            lambda u: Council.objects.get(pk=1).change(by=u, committee_name="Scrutiny Panel"),
            ADMINISTRATORS,
        ),
        "change when overdue updates escalate": (
            lambda u: Council.objects.get(pk=1).change_escalation(14, by=u),
            ADMINISTRATORS,
        ),
        "make a grading scale's next version": (
            lambda u: GradingScale.make(
                "progress",
                [
                    {"label": "Done", "colour": "green", "meaning": 1},
                    {"label": "Not done", "colour": "red", "meaning": 4},
                ],
                by=u,
            ),
            ADMINISTRATORS,
        ),
    }


def row_counts() -> tuple:
    """How many rows every table of the database holds, the history
    tables' and the many-to-many tables' included: one query."""
    tables = sorted(connection.introspection.table_names())
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {connection.ops.quote_name(t)}" for i, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(sorted(cursor.fetchall()))


class _Undo(Exception):
    pass


def outcome(call, user) -> str:
    """ "done", "refused" (by the rules, changing nothing), "refused, but
    changed the database" or the error the verb failed with otherwise; the
    call's writes undone whatever it was."""
    before = row_counts()
    try:
        with transaction.atomic():
            try:
                call(user)
                result = "done"
            except permissions.Refused:
                result = "refused" if row_counts() == before else "refused, but changed the database"
            raise _Undo
    except _Undo:
        return result
    except Exception as error:  # a verb failing for another reason: the table's set-up is wrong
        return f"failed: {error!r}"


def test_every_verb_refuses_whoever_may_not_act_and_a_refusal_changes_nothing(people, things, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    table = verbs(things, people)
    allowed, trouble = {}, []
    for verb, (call, _) in table.items():
        allowed[verb] = set()
        for name in PEOPLE:
            result = outcome(call, people[name])
            if result == "done":
                allowed[verb].add(name)
            elif result != "refused":
                trouble.append((verb, name, result))
    assert trouble == [], "\n".join(map(str, trouble))
    assert allowed == {verb: who for verb, (_, who) in table.items()}


def test_a_committee_member_opening_approving_publishing_or_correcting_is_refused_and_nothing_changes(people, things):
    """The issue's own examples, through the models: nothing to see, nothing changed."""
    councillor = people["councillor"]
    before = row_counts()
    unopened, round, entry = things["unopened"], things["round"], things["submitted"]
    with pytest.raises(permissions.Refused, match="Only clerks and administrators run monitoring rounds"):
        unopened.open_round(period=D(2021, 3, 1), deadline=D(2021, 2, 26), meeting_date=D(2021, 3, 18), by=councillor)
    with pytest.raises(permissions.Refused, match="Only the review's link officers or a clerk check its updates"):
        entry.approve(by=councillor, version=entry.version)
    with pytest.raises(permissions.Refused):
        round.publish(by=councillor)
    published = things["demo_entry"]
    with pytest.raises(permissions.Refused, match="Only a clerk corrects a published entry"):
        published.correct(by=councillor, version=published.version, reason="No.", evidence_of_progress="No.")
    assert row_counts() == before
    assert fresh(round).status == Round.Status.OPEN
    assert fresh(entry).status == ProgressEntry.Status.SUBMITTED


def test_an_officer_approving_their_own_update_and_a_lead_writing_another_organisations_are_refused(people, things):
    entry, theirs = things["submitted"], things["theirs"]
    with pytest.raises(permissions.Refused, match="Only the review's link officers or a clerk"):
        entry.approve(by=people["owner"], version=entry.version)
    with pytest.raises(permissions.Refused, match="Only those responsible for the action write its update"):
        theirs.save_update(by=people["partner_lead"], version=theirs.version, submit=False, progress="Ours now.")
    assert fresh(entry).status == ProgressEntry.Status.SUBMITTED
    assert fresh(theirs).progress == ""


def test_only_permissions_reads_roles():
    """No module but actionplans/permissions.py asks has_perm or names a
    group, besides the role definitions (actionplans/roles.py) and the API
    tokens' scoping (actionplans/models/api_tokens.py)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent
    allowed = {"actionplans/permissions.py", "actionplans/roles.py", "actionplans/models/api_tokens.py"}
    found = []
    for folder in ("actionplans", "reports", "scrutiny"):
        for path in (root / folder).rglob("*.py"):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative or relative in allowed:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"has_perm\(|groups__name|groups\.filter", line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


# A role taken away ---------------------------------------------------------------


# What anyone signed in does with their own login, whatever their roles.
OWN_ACCOUNT = {"choose one's e-mails", "make or reset one's calendar link"}


def allowed_verbs(table, user) -> set[str]:
    return {verb for verb, (call, _) in table.items() if outcome(call, user) == "done"}


@pytest.mark.parametrize("name", [name for name in PEOPLE if name != "anonymous"])
def test_a_person_whose_roles_are_taken_away_may_do_nothing_the_roles_allowed(name, people, things, settings):
    """Whoever loses every role does nothing they did, though still named
    where they were: a review's link officer, an action's owner, a plan's
    coordinator, an organisation's lead, a committee's member. Roles are
    read as they are now, not as they were when the person was named."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    table = verbs(things, people)
    user = people[name]
    user.groups.clear()
    user = type(user).objects.get(pk=user.pk)  # no permission cached from before
    assert allowed_verbs(table, user) <= OWN_ACCOUNT


def test_a_link_officer_made_an_officer_only_checks_nothing_but_still_writes(people, things, settings):
    """The issue's own case: the administrator makes a link officer an
    Officer only; still named on the review, they may no longer approve,
    return or join the conversation of its updates as its checker, confirm
    the impacts its updates reported, nor see
    them to check; what an officer does (write their own update, check the
    partnership plan they coordinate) they still do."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from actionplans import access

    table = verbs(things, people)
    link = people["link_officer"]
    before = allowed_verbs(table, link)
    assert things["submitted"] in access.entries_to_check(link)
    link.groups.remove(Group.objects.get(name=roles.LINK_OFFICER))
    link = type(link).objects.get(pk=link.pk)
    assert before - allowed_verbs(table, link) == {
        "approve an update",
        "return an update",
        "comment on an update",
        "confirm an impact an officer reported",
    }
    assert not access.entries_to_check(link).exists()
    assert not permissions.is_link_officer(link)
    with pytest.raises(permissions.Refused, match="Only the review's link officers or a clerk"):
        fresh(things["submitted"]).approve(by=link, version=things["submitted"].version)
