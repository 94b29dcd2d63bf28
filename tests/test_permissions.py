"""Who may do what: one table for every URL of the product, for every role
and anonymous visitors, GET and POST. A refused request changes nothing, and
every POST is refused without a CSRF token."""

import copy
import datetime
import hashlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actionplans import roles
from actionplans.council.forms import formset_data
from actionplans.demo import load_demo
from actionplans.importing import template
from actionplans.models import (
    Action,
    ApiToken,
    Assessment,
    CalendarFeed,
    Committee,
    Delivery,
    EmailedReply,
    EvidenceFile,
    Framework,
    Impact,
    ImportUpload,
    Indicator,
    Owner,
    ProgressEntry,
    PublishedDocument,
    PublishedEvidence,
    Recommendation,
    ResponsePlan,
    Review,
)
from actionplans.models.council import Council, GradingScale
from actionplans.models.evidence import atomic_keeping_copies
from tests.conftest import CAST, built_once, cast_member, settings_of_a_test
from tests.factories import date_input, make_partnership_plan, rate_demo_assessment
from tests.replying import update_by_email

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "councillor",
    "other_councillor",
    "officer",
    "link_officer",
    "clerk",
    "administrator",
    "partner_lead",
    "other_partner_lead",
]
# Published papers are public to every reading role, whatever committee a
# member sits on.
READERS = {"councillor", "other_councillor", "officer", "link_officer", "clerk", "administrator"}
WRITERS = {"officer", "link_officer", "clerk", "administrator"}
STAFF = {"clerk", "administrator"}
APPROVERS = {"link_officer", "clerk", "administrator"}
PARTNER_LEADS = {"partner_lead", "other_partner_lead"}
# Partnership plans: read by every reader of the papers and by the partner
# leads of the partnership.
PARTNERSHIP_READERS = READERS | {"partner_lead", "other_partner_lead"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, demo_snapshots, clamd_server, tmp_path_factory):
    """The world (build_world), built once for the module's tests
    (built_once), and the settings it was built under, which each test
    then has too (the `world` fixture)."""
    folder = tmp_path_factory.mktemp("permissions")
    own_settings = {
        "SCRUTINY_CLAMD_SOCKET": str(clamd_server.socket),
        "SCRUTINY_PUBLIC_PAGES": True,
        "SCRUTINY_API": True,  # the API's pages (api_page_urls)
    }

    def build():
        demo = demo_snapshots.load(load_demo)
        rate_demo_assessment()
        return build_world(demo, {role: cast_member(role) for role in CAST})

    with built_once(django_db_blocker, folder, build, **own_settings) as world:
        yield world, {**settings_of_a_test(folder), **own_settings}


@pytest.fixture
def world(built, db, settings):
    """The world, each test's own copy of its objects (the rows are the
    module's, each test's changes rolled back after it)."""
    world, world_settings = built
    for name, value in world_settings.items():
        setattr(settings, name, value)
    return copy.deepcopy(world)


@pytest.fixture
def cast(world):
    """The cast of the world, rather than the suite's (tests/conftest.py):
    theirs are made by each test, these once for the module."""
    return world["cast"]


def build_world(demo, cast) -> dict:
    """The demo review with a round open, in which the cast's officer owns
    1 a) Schools and the cast's link officer is the review's link officer,
    and responsible for 1 c) themself (taken back after its closing). The
    public pages are switched on (built)."""
    from tests.factories import keep_open_in_september, make_owner, take_back_advocates

    officer_owner = make_owner("Olu Officer", user=cast["officer"])
    take_back_advocates()
    lin = make_owner("Lin Officer", user=cast["link_officer"])
    demo.link_officers.add(lin)
    demo.committee.members.add(cast["councillor"])
    keep_open_in_september("Schools, Colleges and Universities")
    schools = Action.objects.get(strand="Schools, Colleges and Universities")
    round = demo.open_round(
        period=datetime.date(2021, 3, 1),
        deadline=datetime.date(2021, 2, 26),
        meeting_date=datetime.date(2021, 3, 18),
        by=cast["clerk"],
    )
    schools.reassign([officer_owner], by=cast["clerk"])
    entry = round.entries.get(action=schools)
    # A file attached to it, scanned clean by the tests' clamd.
    evidence = entry.attach_file(
        by=cast["officer"], version=0, title="Minutes", upload=SimpleUploadedFile("m.txt", b"Minutes.\n"), name="m.txt"
    )
    # The officer's update came by e-mail: their reply to the reminder,
    # graded, submitted where the council says a graded reply is.
    cast["officer"].email = "olu@example.org"
    cast["officer"].save()
    by_email = update_by_email(entry, cast["officer"], "x\n\nGrade: 1", submits=True)
    assert by_email.outcome == "submitted", by_email.line
    advocates = Action.objects.get(sub_action__letter="c")
    advocates.reassign([lin], by=cast["clerk"])
    own = round.entries.get(action=advocates)
    own.save_update(by=cast["link_officer"], version=own.version, submit=True, evidence_of_progress="y", grade=2)
    published = ProgressEntry.objects.filter(round__period="2020-09-01").first()
    # The published round's record, as the worker leaves it.
    PublishedDocument.objects.create(round=published.round, version=1, format="pdf").store(b"%PDF-1.7", "x.pdf")
    # An evidence file an update of it carried, kept with that record.
    received = ProgressEntry.objects.public().filter(round=published.round).first()
    EvidenceFile.objects.create(
        entry=received,
        title="Published minutes",
        file_name="minutes.txt",
        kind="txt",
        storage_name=storages["evidence"].save("minutes.txt", ContentFile(b"Minutes.\n")),
        size=9,
        sha256=hashlib.sha256(b"Minutes.\n").hexdigest(),
        status=EvidenceFile.Status.CLEAN,
        added_by=cast["officer"],
    )
    with atomic_keeping_copies():
        published_copy = PublishedEvidence.objects.keep(
            published.round, published.round.entries.public_files(), version=1
        )[0]
    upload = ImportUpload.objects.create(
        review=demo, file_name="template.xlsx", data=template.render(), uploaded_by=cast["clerk"]
    )
    draft = Review.objects.set_up(
        committee=demo.committee,
        title="Domestic Abuse",
        action_plan_agreed=datetime.date(2021, 1, 1),
        link_officers=[lin],
        by=cast["clerk"],
    )
    # A plan still being set up whose executive responses are published:
    # every reader reads the responses, not the plan.
    answered = Review.objects.set_up(
        committee=demo.committee, title="Fly-tipping", action_plan_agreed=None, link_officers=[lin], by=cast["clerk"]
    )
    Recommendation.objects.create(review=answered, number=1, text="That the council prosecute fly-tippers.")
    answered.record_report(
        agreed=datetime.date(2021, 1, 7), to_executive=datetime.date(2021, 2, 4), decision_maker="Cabinet",
        by=cast["clerk"], version=answered.version,
    )  # fmt: skip
    answered.refresh_from_db()
    answered.record_responses(
        [ResponsePlan(1, "accepted", responded_on=datetime.date(2021, 3, 25))],
        by=cast["clerk"],
        version=answered.version,
    )
    answered.refresh_from_db()
    answered.publish_responses(by=cast["clerk"], version=answered.version)
    clerk_person = make_owner("Carla Clerk", user=cast["clerk"])
    # A partnership plan of three actions (1.1 and 1.3 led by OPCC, the
    # partner lead's organisation; 1.2 by MeSign, the other partner
    # lead's), checked by the link officer, with a quarter published and
    # the next open; the partner lead has submitted 1.1's update.
    plan = make_partnership_plan(by=cast["clerk"], name="Hate Crime Group", slug="hate-crime-plan")
    plan.coordinator = cast["link_officer"]
    plan.save()
    opcc, mesign = plan.partnership.organisations.order_by("position")
    opcc.members.add(cast["partner_lead"])
    mesign.members.add(cast["other_partner_lead"])
    # Saving OPCC's leads with none chosen would take the partner lead off it.
    POST_DATA["partnership organisations"] = {"organisation": opcc.pk, "members": []}
    published_quarter = plan.open_quarter(
        period=datetime.date(2018, 7, 1), deadline=datetime.date(2018, 9, 14), by=cast["clerk"]
    )
    published_quarter.publish(by=cast["clerk"])
    quarter = plan.open_quarter(
        period=datetime.date(2018, 10, 1), deadline=datetime.date(2018, 12, 14), by=cast["clerk"]
    )
    partner_update = quarter.updates.get(action__number="1.1")
    partner_update.save_update(
        by=cast["partner_lead"], version=0, submit=True, progress="Workshops commissioned.", rag="green"
    )
    # Delivered through (links): 1 a) Schools is delivered through the
    # plan's 1.1; a POST of the page as shown with nothing chosen would
    # remove the link, if it were let through.
    Delivery.objects.set_for(schools, [plan.actions().get(number="1.1")], by=cast["clerk"])
    POST_DATA["review deliveries"] = {"version": Delivery.objects.version_of(demo)}
    # Given a login, yet to choose a password (the officer has chosen theirs).
    newcomer = Owner.objects.add_person(
        name="Nia Newcomer", email="nia@example.org", roles=[roles.OFFICER], by=cast["administrator"]
    )
    # Seed 003's framework and the demo council's published self-assessment
    # against it, and a draft the clerk has started from it.
    framework = Framework.objects.get(slug="north-east-hate-incident-standards")
    published_assessment = framework.assessments.get()
    draft_assessment = Assessment.objects.start(
        framework=framework, assessed_on=datetime.date(2021, 3, 1), start_from=published_assessment, by=cast["clerk"]
    )
    # A standard added since, in no assessment: it and its characteristic may be deleted.
    unassessed_standard = framework.add_standard(number=4, title="Added since", by=cast["clerk"])
    unassessed_standard.add_characteristic(letter="A", text="Added since.", by=cast["clerk"])
    return {
        "framework": framework,
        "unassessed_standard": unassessed_standard,
        "published_assessment": published_assessment,
        "draft_assessment": draft_assessment,
        "draft_response": draft_assessment.responses.get(
            characteristic__standard__number=1, characteristic__letter="D"
        ),
        "partnership_plan": plan,
        "quarter": quarter,
        "published_quarter": published_quarter,
        "partner_update": partner_update,
        "other_partner_update": quarter.updates.get(action__number="1.2"),
        "newcomer": newcomer,
        "emailed reply": EmailedReply.objects.get(),
        "upload": upload,
        "partnership_upload": ImportUpload.objects.create(
            file_name="template.xlsx",
            data=template.render("partnership"),
            uploaded_by=cast["clerk"],
            details={
                "partnership": None,
                "partnership_name": "New",
                "title": "New",
                "short_title": "New",
                "starts": "2018-04-01",
                "ends": "2019-03-01",
            },
        ),
        "draft": draft,
        "answered": answered,
        "clerk_person": clerk_person,
        "role": Owner.objects.filter(kind=Owner.Kind.ROLE).first(),
        "review": demo,
        "round": round,
        "entry": entry,
        "evidence": evidence,
        "published_copy": published_copy,
        "own_entry": own,
        "published": published,
        "reported": Impact.reported(demo.recommendations.all()).first(),
        "decision": schools.decisions.get(round__period=datetime.date(2020, 9, 1)),
        "action": schools,
        "cast": cast,
        # The officer's calendar link: whoever holds it reads the feed.
        "calendar": CalendarFeed.objects.reset(cast["officer"], by=cast["officer"]),
        "api_token": ApiToken.objects.issue(
            user=cast["officer"], role=roles.OFFICER, name="BI", by=cast["administrator"]
        )[0],
    }


def urls(world):
    review, round, entry = world["review"], world["round"], world["entry"]
    officer_owner = Owner.objects.get(user=world["cast"]["officer"])
    rec = Recommendation.objects.get(review=review, number=1)
    bare_login = Owner.objects.logins_without_person().get(pk=world["cast"]["councillor"].pk)
    return {
        # name: (url, who may GET, who may POST (None: the URL takes no POST))
        # Redirects each role to its own task page (followed below).
        "landing": (reverse("landing"), READERS | PARTNER_LEADS, None),
        # A partner lead reads no reviews: / sends them on to where they
        # start (their partnership updates), as the sign-in does.
        "home": (reverse("home"), READERS | PARTNER_LEADS, None),
        "review": (reverse("review_detail", args=[review.slug]), READERS, None),
        # The export form posts (issue 28: a long agenda header kept out of the address).
        "export form": (reverse("progress_update", args=[review.slug]), READERS, READERS),
        "export xlsx": (reverse("progress_update", args=[review.slug]) + "?round=2020-09&format=xlsx", READERS, None),
        "document page": (reverse("progress_update_page", args=[review.slug, "2020-09"]), READERS, None),
        # The published record's files, like the published documents.
        "published file": (
            reverse("published_document", args=[world["published"].round_id, 1, "pdf"]),
            READERS,
            None,
        ),
        # An open round keeps no files: nobody downloads one.
        "open round file": (reverse("published_document", args=[round.pk, 1, "pdf"]), set(), None),
        # The public copy's every version, listed on the round's page: an
        # earlier one may print what a marking withholds since.
        "public copy file": (
            reverse("public_copy_document", args=[world["published"].round_id, 1, "pdf"]),
            STAFF,
            None,
        ),
        "published round page": (reverse("round_detail", args=[world["published"].round_id]), STAFF, None),
        "accessibility": (reverse("accessibility"), set(ROLES), None),
        "dashboards": (reverse("committees"), READERS, None),
        "committee dashboard": (reverse("committee_dashboard", args=[review.committee.slug]), READERS, None),
        "what scrutiny achieved": (reverse("committee_achieved", args=[review.committee.slug]), READERS, None),
        "achieved rows": (reverse("achieved_rows") + "?year=2019&measure=completed", READERS, None),
        "find actions": (reverse("action_list") + "?grade=1", READERS, None),
        "find actions xlsx": (reverse("action_list") + "?download=xlsx", READERS, None),
        "action story": (reverse("action_story", args=[world["action"].pk]), READERS, None),
        "my updates": (reverse("my_updates"), WRITERS, None),
        "update form": (reverse("update_entry", args=[entry.pk]), {"officer"}, {"officer"}),
        "approvals": (reverse("approvals"), APPROVERS, None),
        "approve": (reverse("approve_entry", args=[entry.pk]), APPROVERS, APPROVERS),
        # The link officer sees their own update but may not approve it.
        "approve own update": (reverse("approve_entry", args=[world["own_entry"].pk]), APPROVERS, STAFF),
        # Approving several together: the same rule, for every update ticked.
        "approve together": (reverse("approve_together") + f"?update={entry.pk}", APPROVERS, APPROVERS),
        "approve own update together": (
            reverse("approve_together") + f"?update={entry.pk}&update={world['own_entry'].pk}",
            STAFF,
            STAFF,
        ),
        "withdraw": (reverse("withdraw_entry", args=[entry.pk]), set(), {"officer"}),
        # The conversation on an update: its officer, the review's link
        # officer and clerks, while the round is open; read-only once published.
        "comments": (reverse("update_comments", args=[entry.pk]), WRITERS, WRITERS),
        "comments of a published update": (
            reverse("update_comments", args=[world["published"].pk]),
            APPROVERS,  # the demo's published update is not the officer's
            set(),
        ),
        # Evidence files: the officer's page of their update's files, and
        # the download, for whoever reads the submitted update.
        "update files": (reverse("entry_files", args=[entry.pk]), {"officer"}, {"officer"}),
        "remove update file": (
            reverse("remove_entry_file", args=[entry.pk, world["evidence"].pk]),
            set(),
            {"officer"},
        ),
        "evidence file": (reverse("evidence_file", args=[world["evidence"].pk]), WRITERS, None),
        "published evidence file": (
            reverse("published_evidence", args=[world["published"].round_id, 1, world["published_copy"].pk]),
            READERS,
            None,
        ),
        "open round": (reverse("open_round", args=[review.slug]), STAFF, STAFF),
        "round": (reverse("round_detail", args=[round.pk]), STAFF, None),
        "reminders": (reverse("send_round_reminders", args=[round.pk]), STAFF, STAFF),
        "publish": (reverse("publish_round", args=[round.pk]), STAFF, STAFF),
        "delete round": (reverse("delete_round", args=[round.pk]), STAFF, STAFF),
        "reopen round": (reverse("reopen_round", args=[world["published"].round_id]), set(), STAFF),
        "correct": (reverse("correct_entry", args=[world["published"].pk]), STAFF, STAFF),
        "reassign": (reverse("reassign_action", args=[world["action"].pk]), STAFF, STAFF),
        "action history": (reverse("action_history", args=[world["action"].pk]), STAFF, None),
        "import upload": (reverse("import_upload", args=[review.slug]), STAFF, STAFF),
        "import template": (reverse("import_template", args=[review.slug]), STAFF, None),
        "import preview": (reverse("import_preview", args=[review.slug, world["upload"].pk]), STAFF, STAFF),
        # Importing a partnership plan (helper "import"): clerks and administrators.
        "partnership import": (reverse("partnership_import"), STAFF, STAFF),
        "partnership import template": (reverse("partnership_import_template"), STAFF, None),
        "partnership import preview": (
            reverse("partnership_import_preview", args=[world["partnership_upload"].pk]),
            STAFF,
            STAFF,
        ),
        # A partnership plan's own details (helper "fixd"): clerks and administrators.
        "partnership plan details": (
            reverse("partnership_plan_details", args=[world["partnership_plan"].slug]),
            STAFF,
            STAFF,
        ),
        # Setting up a plan: clerks and administrators only; nobody else
        # sees a plan while it is being set up.
        "draft review": (reverse("review_detail", args=[world["draft"].slug]), STAFF, None),
        "set up review": (reverse("set_up_review"), STAFF, STAFF),
        "plan": (reverse("review_plan", args=[review.slug]), STAFF, None),
        "draft plan": (reverse("review_plan", args=[world["draft"].slug]), STAFF, None),
        "plan details": (reverse("change_review_details", args=[review.slug]), STAFF, STAFF),
        "review grades": (reverse("review_grades", args=[review.slug]), STAFF, STAFF),
        "add recommendation": (reverse("add_recommendation", args=[world["draft"].slug]), STAFF, STAFF),
        "change recommendation": (reverse("change_recommendation", args=[review.slug, 2]), STAFF, STAFF),
        "remove recommendation": (reverse("remove_recommendation", args=[review.slug, 4]), STAFF, STAFF),
        "move recommendation": (reverse("move_recommendation", args=[review.slug, 2]), set(), STAFF),
        "check plan": (reverse("check_plan", args=[world["draft"].slug]), STAFF, STAFF),
        # The report and the executive's response: clerks and administrators
        # record and publish; readers see them once published (the demo's are).
        "record response": (reverse("record_response", args=[review.slug]), STAFF, STAFF),
        # What each recommendation achieved: clerks and administrators record it.
        "review outcomes": (reverse("review_outcomes", args=[review.slug]), STAFF, None),
        "record outcome": (reverse("record_outcome", args=[review.slug, 1]), STAFF, STAFF),
        "record re-check": (reverse("record_recheck", args=[review.slug, 1]), STAFF, STAFF),
        "mark priority": (reverse("mark_priority", args=[review.slug, 1]), STAFF, STAFF),
        # The impacts officers reported: the review's link officers confirm them too.
        "review impacts": (reverse("review_impacts", args=[review.slug]), APPROVERS, None),
        "confirm impact": (reverse("confirm_impact", args=[review.slug, world["reported"].pk]), APPROVERS, APPROVERS),
        "publish response": (reverse("publish_response", args=[world["draft"].slug]), STAFF, STAFF),
        "response document": (reverse("executive_response_page", args=[review.slug]), READERS, None),
        "response docx": (reverse("executive_response_file", args=[review.slug, "docx"]), READERS, None),
        "unpublished responses": (reverse("executive_response_page", args=[world["draft"].slug]), STAFF, None),
        "responses before the plan": (reverse("executive_response_page", args=[world["answered"].slug]), READERS, None),
        "plan behind those responses": (reverse("review_detail", args=[world["answered"].slug]), STAFF, None),
        # What changed since the last meeting: published papers, every reader.
        "committee changes": (
            reverse("committee_changes", args=[review.committee.slug]) + "?since=2020-03-12&until=2020-09-24",
            READERS,
            None,
        ),
        "committee changes xlsx": (
            reverse("committee_changes", args=[review.committee.slug]) + "?download=xlsx",
            READERS,
            None,
        ),
        "review changes": (reverse("review_changes", args=[review.slug]), READERS, None),
        "review changes xlsx": (
            reverse("review_changes", args=[review.slug]) + "?since=2020-03-12&download=xlsx",
            READERS,
            None,
        ),
        # A plan still being set up: its changes are the clerks' alone, like its page.
        "draft review changes": (reverse("review_changes", args=[world["draft"].slug]), STAFF, None),
        # The scrutiny annual report: published material only, the same for
        # every reader; a year with no figures (nor this one) is not found.
        "annual report": (reverse("annual_report_latest"), READERS, None),
        "annual report year": (reverse("annual_report", args=[2019]) + "?committee=crime-and-disorder", READERS, None),
        # Its page's form posts the agenda options (issue 28).
        "annual report docx": (reverse("annual_report_file", args=[2019, "docx"]), READERS, READERS),
        "annual report xlsx": (reverse("annual_report_file", args=[2020, "xlsx"]), READERS, READERS),
        "annual report, no such year": (reverse("annual_report", args=[1990]), set(), None),
        "admin index": (reverse("admin:index"), STAFF, None),
        # The replies officers e-mailed, each message as it arrived: read by
        # democratic services in the back office, changed by nobody.
        "admin emailed replies": (reverse("admin:actionplans_emailedreply_changelist"), STAFF, None),
        "admin emailed reply": (
            reverse("admin:actionplans_emailedreply_change", args=[world["emailed reply"].pk]),
            STAFF,
            set(),
        ),
        # The plan, committees and people are read in the admin and changed
        # in the service, through the verbs: nobody's POST is let through.
        "admin recommendation": (reverse("admin:actionplans_recommendation_change", args=[rec.pk]), STAFF, set()),
        "admin review": (reverse("admin:actionplans_review_change", args=[review.pk]), STAFF, set()),
        "admin add review": (reverse("admin:actionplans_review_add"), set(), set()),
        "admin delete recommendation": (
            reverse("admin:actionplans_recommendation_delete", args=[rec.pk]),
            set(),
            set(),
        ),
        "admin executive response": (
            reverse("admin:actionplans_executiveresponse_change", args=[rec.executive_response.pk]),
            STAFF,
            set(),
        ),
        "admin committee": (reverse("admin:actionplans_committee_change", args=[review.committee.pk]), STAFF, set()),
        "admin person": (reverse("admin:actionplans_owner_change", args=[officer_owner.pk]), STAFF, set()),
        # An action, and the committee's decisions on it: read here, the
        # decisions recorded on the round's page in the service.
        "admin action": (reverse("admin:actionplans_action_change", args=[world["action"].pk]), STAFF, set()),
        "admin decision": (
            reverse("admin:actionplans_committeedecision_change", args=[world["decision"].pk]),
            STAFF,
            set(),
        ),
        # The committee's decisions on a published round: clerks and
        # administrators record them (September 2020's, which a later round
        # now carries, only to read: the verb refuses a change); once
        # published, every reader of the papers reads them, nobody else
        # posts.
        "round decisions": (reverse("round_decisions", args=[world["decision"].round_id]), READERS, STAFF),
        # An open round's update is the officer's: read-only in the admin.
        "admin open entry": (reverse("admin:actionplans_progressentry_change", args=[entry.pk]), STAFF, set()),
        "admin published entry": (
            reverse("admin:actionplans_progressentry_change", args=[world["published"].pk]),
            STAFF,
            STAFF,
        ),
        "admin add entry": (reverse("admin:actionplans_progressentry_add"), set(), set()),
        "admin entry revert": (
            reverse(
                "admin:actionplans_progressentry_simple_history",
                args=[world["published"].pk, world["published"].history.earliest().history_id],
            ),
            STAFF,
            set(),
        ),
        "admin published round": (
            reverse("admin:actionplans_round_change", args=[world["published"].round_id]),
            STAFF,
            set(),
        ),
        "admin own account": (
            reverse("admin:auth_user_change", args=[world["cast"]["administrator"].pk]),
            {"administrator"},
            {"administrator"},
        ),
        "admin entry history": (reverse("admin:actionplans_progressentry_history", args=[entry.pk]), STAFF, None),
        "admin users": (reverse("admin:auth_user_changelist"), {"administrator"}, None),
        # People: clerks and administrators, without Django's permissions on logins.
        "people": (reverse("people"), STAFF, None),
        "add person": (reverse("add_person"), STAFF, STAFF),
        # A clerk's crafted POST giving a role only administrators give.
        "add administrator": (reverse("add_person"), STAFF, {"administrator"}),
        "change person": (reverse("change_person", args=[officer_owner.pk]), STAFF, STAFF),
        # The officer has chosen a password: only an administrator changes their e-mail address.
        "change officer e-mail": (reverse("change_person", args=[officer_owner.pk]), STAFF, {"administrator"}),
        "make officer administrator": (reverse("change_person", args=[officer_owner.pk]), STAFF, {"administrator"}),
        # A clerk reads another clerk's (or their own) login but changes only an administrator may.
        "change clerk": (reverse("change_person", args=[world["clerk_person"].pk]), STAFF, {"administrator"}),
        "resend set-password e-mail": (reverse("resend_set_password", args=[world["newcomer"].pk]), set(), STAFF),
        "deactivate login": (reverse("set_login_active", args=[officer_owner.pk]), set(), STAFF),
        "deactivate clerk": (reverse("set_login_active", args=[world["clerk_person"].pk]), set(), {"administrator"}),
        # A manager is told of late updates, not a login matter: a clerk records a clerk's too.
        "set manager": (reverse("set_manager", args=[officer_owner.pk]), set(), STAFF),
        "set clerk's manager": (reverse("set_manager", args=[world["clerk_person"].pk]), set(), STAFF),
        # Personal data (UK GDPR): administrators only, clerks included out.
        "personal data": (reverse("personal_data", args=[officer_owner.pk]), {"administrator"}, None),
        "personal data export": (
            reverse("personal_data_download", args=[officer_owner.pk, "json"]),
            {"administrator"},
            None,
        ),
        "erase person": (reverse("erase_person", args=[officer_owner.pk]), {"administrator"}, {"administrator"}),
        # The same for a login with no person record (a councillor's, a clerk's…).
        "login personal data": (reverse("login_personal_data", args=[bare_login.pk]), {"administrator"}, None),
        "login personal data export": (
            reverse("login_personal_data_download", args=[bare_login.pk, "html"]),
            {"administrator"},
            None,
        ),
        "erase login": (reverse("erase_login", args=[bare_login.pk]), {"administrator"}, {"administrator"}),
        "add role": (reverse("add_role"), STAFF, STAFF),
        "change role": (reverse("change_role", args=[world["role"].pk]), STAFF, STAFF),
        "committee members": (reverse("committee_members", args=[review.committee.slug]), STAFF, STAFF),
        "add committee": (reverse("add_committee"), STAFF, STAFF),
        "rename committee": (reverse("rename_committee", args=[review.committee.slug]), STAFF, STAFF),
        # Partnership plans' quarterly updates (flow): each lead writes their own
        # organisation's updates only (another's is not found); the plan's
        # coordinator (the link officer) or a clerk checks them; clerks open,
        # chase and publish quarters and say who leads each organisation.
        "partnership updates": (reverse("partnership_updates"), WRITERS | PARTNER_LEADS, None),
        "partnership update": (
            reverse("partnership_update", args=[world["partner_update"].pk]),
            {"partner_lead"},
            {"partner_lead"},
        ),
        "other organisation's partnership update": (
            reverse("partnership_update", args=[world["other_partner_update"].pk]),
            {"other_partner_lead"},
            {"other_partner_lead"},
        ),
        "withdraw partnership update": (
            reverse("partnership_update_withdraw", args=[world["partner_update"].pk]),
            set(),
            {"partner_lead"},
        ),
        "check partnership update": (
            reverse("partnership_update_check", args=[world["partner_update"].pk]),
            APPROVERS,
            APPROVERS,
        ),
        "open partnership quarter": (
            reverse("partnership_quarter_open", args=[world["partnership_plan"].slug]),
            STAFF,
            STAFF,
        ),
        # The plan's coordinator (the link officer) reads its quarters'
        # pages, whom to chase included; only clerks publish.
        "partnership quarter": (
            reverse("partnership_quarter", args=[world["partnership_plan"].slug, world["quarter"].pk]),
            STAFF | {"link_officer"},
            STAFF,
        ),
        "published partnership quarter": (
            reverse("partnership_quarter", args=[world["partnership_plan"].slug, world["published_quarter"].pk]),
            STAFF | {"link_officer"},
            None,
        ),
        # Deleting an open quarter nobody has written in (fixb): the world's has
        # 1.1's update submitted, so a clerk's POST is refused (409), still theirs to make.
        "delete partnership quarter": (
            reverse("partnership_quarter_delete", args=[world["partnership_plan"].slug, world["quarter"].pk]),
            STAFF,
            STAFF,
        ),
        "partnership organisations": (
            reverse("partnership_organisations", args=[world["partnership_plan"].slug]),
            STAFF,
            STAFF,
        ),
        # The national indicators the glossaries print (issue 25): clerks and administrators.
        "national indicators": (reverse("partnership_indicators"), STAFF, STAFF),
        "national indicator": (
            reverse("partnership_indicator", args=[Indicator.objects.get(code="NI 35").pk]),
            STAFF,
            STAFF,
        ),
        "retire national indicator": (
            reverse("partnership_indicator_retire", args=[Indicator.objects.get(code="NI 35").pk]),
            set(),
            STAFF,
        ),
        # Delivered through (links): which partnership actions deliver a
        # review's recommendations and actions, set by clerks on the plan's
        # side page, a draft plan's too.
        "review deliveries": (reverse("review_deliveries", args=[review.slug]), STAFF, STAFF),
        "draft review deliveries": (reverse("review_deliveries", args=[world["draft"].slug]), STAFF, STAFF),
        # Choosing a password: open to everyone, signed in or not.
        "forgot password": (reverse("forgot_password"), set(ROLES), set(ROLES)),
        "forgot password sent": (reverse("forgot_password_sent"), set(ROLES), None),
        "set password": (reverse("set_password", args=["MQ", "no-such-token"]), set(ROLES), set(ROLES)),
        "password set": (reverse("password_set"), set(ROLES), None),
        # The partnership dashboard (reports/partnership/dashboard.py): every
        # reader of the plan, the partner leads of its partnership included;
        # read only, a filtered view too (a partner lead of another
        # partnership: tests/test_partnership_dashboard.py).
        "partnership dashboard": (
            reverse("partnership_dashboard", args=[world["partnership_plan"].slug]),
            PARTNERSHIP_READERS,
            set(),
        ),
        "partnership dashboard filtered": (
            reverse("partnership_dashboard", args=[world["partnership_plan"].slug])
            + f"?quarter={world['published_quarter'].pk}&rag=green",
            PARTNERSHIP_READERS,
            None,
        ),
        **partnership_report_urls(world),
        **standards_reader_urls(world),
        **standards_setup_urls(world),
        **assessment_urls(world),
        **assessment_document_urls(world),
        **public_urls(world),
        **open_data_urls(world),
        **api_page_urls(world),
        **notification_urls(world),
        **calendar_urls(world),
        **sso_urls(world),
        **search_urls(world),
        **council_urls(world),
    }


# Opening outward: one function per part (public pages, API, notifications, search ...).


def public_urls(world):
    """The public pages (SCRUTINY_PUBLIC_PAGES is on in `world`): anyone may
    read them; and the clerk's pages marking exempt information. (What the
    public pages do not find, an open round or a plan being set up, is
    tests/test_public_pages.py's: a 404 for everyone, anonymous included.)"""
    review, period = world["review"], world["published"].round.period_code
    everyone = set(ROLES)
    return {
        "public reviews": (reverse("public_home"), everyone, None),
        "public register": (reverse("public_register") + "?status=Open", everyone, None),
        "public review": (reverse("public_review", args=[review.slug]), everyone, None),
        # A plan still being set up whose executive responses are published.
        "public responses before the plan": (reverse("public_review", args=[world["answered"].slug]), everyone, None),
        "public round": (reverse("public_round", args=[review.slug, period]), everyone, None),
        "public round docx": (reverse("public_round_file", args=[review.slug, period, "docx"]), everyone, None),
        "public evidence file": (
            reverse("public_evidence_file", args=[review.slug, period, world["published_copy"].pk]),
            everyone,
            None,
        ),
        "exempt information": (reverse("exempt_information", args=[review.slug]), STAFF, None),
        "mark action exempt": (reverse("mark_exempt", args=["action", world["action"].pk]), STAFF, STAFF),
        "mark update exempt": (reverse("mark_exempt", args=["update", world["published"].pk]), STAFF, STAFF),
        "mark file exempt": (reverse("mark_exempt", args=["file", world["evidence"].pk]), STAFF, STAFF),
    }


def open_data_urls(world):
    """The open data files, their schemas and their page: anyone, signed in
    or not (SCRUTINY_PUBLIC_PAGES is on in `world`); read only (a POST is
    refused with 405: tests/test_open_data.py)."""
    everyone = set(ROLES)
    urls = {"open data": (reverse("open_data"), everyone, None)}
    for kind in ("csv", "json", "json_schema", "csv_metadata", "table_schema"):
        urls[f"open data updates {kind}"] = (reverse(f"open_data_{kind}", args=["updates"]), everyone, None)
    urls["open data package"] = (reverse("open_data_package"), everyone, None)
    return urls


def api_page_urls(world):
    """The API's pages that a browser opens (its description, the
    administrators' token pages); the API's own endpoints have their own
    table over every role and anonymous (tests/test_api_permissions.py)."""
    administrators = {"administrator"}
    token = world["api_token"]
    return {
        # The API's description and its OpenAPI schema: anyone (a POST is the API's 405).
        "api page": (reverse("api_index"), set(ROLES), None),
        "api schema": (reverse("api_schema"), set(ROLES), None),
        # Tokens and the request log: administrators only, in the admin
        # (issuing one is a POST of the add page; revoking, of the list).
        "admin api tokens": (reverse("admin:actionplans_apitoken_changelist"), administrators, administrators),
        "admin issue api token": (reverse("admin:actionplans_apitoken_add"), administrators, administrators),
        "admin api token": (reverse("admin:actionplans_apitoken_change", args=[token.pk]), administrators, set()),
        "admin api requests": (reverse("admin:actionplans_apirequest_changelist"), administrators, None),
    }


def notification_urls(world):
    """Each person's notification choices (every signed-in person, their
    own) and following a review or action (readers, by POST only)."""
    signed_in = set(ROLES) - {"anonymous"}
    return {
        "notification choices": (reverse("notification_preferences"), signed_in, signed_in),
        "follow review": (reverse("follow_review", args=[world["review"].slug]), set(), READERS),
        "follow action": (reverse("follow_action", args=[world["action"].pk]), set(), READERS),
        # E-mail the mail server would not take: whoever sends the reminders.
        "e-mail not delivered": (reverse("undelivered_mail"), STAFF, None),
    }


def calendar_urls(world):
    """Each person's calendar page and its link (every signed-in person,
    their own: making or resetting it is a POST); the feed at a link, for
    whoever holds it, signed in or not (the key is the secret: a link reset
    since, or unknown, is not found: tests/test_calendar.py); a committee's
    public feed of its meetings (SCRUTINY_PUBLIC_PAGES is on in `world`)."""
    signed_in = set(ROLES) - {"anonymous"}
    return {
        "your calendar": (reverse("calendar"), signed_in, None),
        "reset calendar link": (reverse("reset_calendar"), signed_in, signed_in),
        "calendar feed": (reverse("calendar_feed", args=[world["calendar"].key]), set(ROLES), None),
        "committee calendar": (
            reverse("committee_calendar", args=[world["review"].committee.slug]),
            set(ROLES),
            None,
        ),
    }


def sso_urls(world):
    """Single sign-on's own addresses, where they are switched on. None here:
    /oidc/authenticate/ and /oidc/callback/ are the same for every role and
    anonymous (off to the provider; back from it), and while SCRUTINY_OIDC
    is off (as in `world`) they are not found by anyone, anonymous included,
    which this table cannot say (it expects anonymous to be sent to sign in):
    test_single_sign_on_addresses_are_the_same_for_everyone below says it.
    Sign-in through the provider: tests/test_sso.py."""
    return {}


@pytest.mark.parametrize("role", ROLES)
def test_single_sign_on_addresses_are_the_same_for_everyone(role, cast, settings):
    client = client_for(role, cast)
    authenticate, callback = reverse("oidc_authentication_init"), reverse("oidc_authentication_callback")
    assert client.get(authenticate).status_code == 404
    assert client.get(callback + "?code=x&state=y").status_code == 404
    settings.SCRUTINY_OIDC = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.org/authorize"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.example.org/keys"
    response = client.get(authenticate)
    assert response.status_code == 302 and response["Location"].startswith("https://login.example.org/authorize?")
    # A callback this browser did not start signs nobody in.
    response = client.get(callback + "?code=x&state=y")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.post(authenticate).status_code == 405


def council_urls(world):
    """The council's wording and grading scales: administrators only, clerks
    included out (a change confirmed is a POST of the form's page)."""
    administrators = {"administrator"}
    return {
        "council settings": (reverse("council_settings"), administrators, None),
        "change council wording": (reverse("change_council_wording"), administrators, administrators),
        "change escalation": (reverse("change_escalation"), administrators, administrators),
        "change grading scale": (reverse("change_grading_scale", args=["progress"]), administrators, administrators),
        "change partnership scale": (
            reverse("change_grading_scale", args=["partnership"]),
            administrators,
            administrators,
        ),
    }


def search_urls(world):
    """Search, for readers and (on the public pages) for anyone."""
    return {
        # Read only: a POST is refused (405) to readers.
        "search": (reverse("search") + "?q=online+portal", READERS, set()),
        "search, no query yet": (reverse("search"), READERS, set()),
        "public search": (reverse("public_search") + "?q=online+portal", set(ROLES), None),
    }


# Frameworks of standards and self-assessments (seed 003). Readers: READERS
# (partner leads read none); drafts and every write: STAFF.


def standards_reader_urls(world):
    """The frameworks list and page, the dashboard and the comparison (helper "dash").
    Read only: a POST is refused (405) to everyone."""
    slug = world["framework"].slug
    published, draft = world["published_assessment"].pk, world["draft_assessment"].pk
    dashboard = reverse("standards_dashboard", args=[slug])
    return {
        "frameworks": (reverse("frameworks"), READERS, set()),
        "framework": (reverse("framework_detail", args=[slug]), READERS, set()),
        "standards dashboard": (dashboard, READERS, set()),
        "standards dashboard filtered": (f"{dashboard}?area=council&assessment={published}", READERS, None),
        "compare published": (reverse("compare_assessments", args=[published]), READERS, set()),
        # A draft: 404 to a reader who may not see drafts. (Asking the
        # dashboard or the comparison for a draft by ?assessment= or ?with=
        # is a choice not offered, said as such to a councillor:
        # tests/test_standards_dashboard.py, test_standards_compare.py.)
        "compare draft": (reverse("compare_assessments", args=[draft]) + f"?with={published}", STAFF, None),
    }


def standards_setup_urls(world):
    """Setting up a framework: its details, levels, standards and characteristics (helper "setup")."""
    framework, spare = world["framework"], world["unassessed_standard"]
    slug, level, added = framework.slug, framework.levels.first(), spare.characteristics.get()
    first = framework.standards.get(number=1)
    # Moving standard 1 down, if it were let through; the deletes need no data.
    POST_DATA["framework setup"] = {"move": f"standard:{first.pk}:down"}
    return {
        "add framework": (reverse("add_framework"), STAFF, STAFF),
        "framework setup": (reverse("framework_setup", args=[slug]), STAFF, STAFF),
        "change framework": (reverse("change_framework", args=[slug]), STAFF, STAFF),
        "add level": (reverse("add_level", args=[slug]), STAFF, STAFF),
        "change level": (reverse("change_level", args=[slug, level.pk]), STAFF, STAFF),
        "delete level": (reverse("delete_level", args=[slug, level.pk]), STAFF, STAFF),
        "add standard": (reverse("add_standard", args=[slug]), STAFF, STAFF),
        "change standard": (reverse("change_standard", args=[slug, first.pk]), STAFF, STAFF),
        "delete standard": (reverse("delete_standard", args=[slug, spare.pk]), STAFF, STAFF),
        "add characteristic": (reverse("add_characteristic", args=[slug, spare.pk]), STAFF, STAFF),
        "change characteristic": (reverse("change_characteristic", args=[slug, added.pk]), STAFF, STAFF),
        "delete characteristic": (reverse("delete_characteristic", args=[slug, added.pk]), STAFF, STAFF),
        # An assessed one: its page says why it stays.
        "delete assessed characteristic": (
            reverse("delete_characteristic", args=[slug, world["draft_response"].characteristic_id]),
            STAFF,
            None,
        ),
    }


def assessment_urls(world):
    """An assessment's page, starting one, recording a Local response, a new
    action for a gap, publishing and deleting (helper "assess")."""
    framework, draft, response = world["framework"], world["draft_assessment"], world["draft_response"]
    published = world["published_assessment"]
    # Each POST would change something if let through: start an assessment,
    # change the draft's details, rate 1 D Met, add a new action to the
    # demo plan's theme closing 1 D's gap, publish or delete the draft.
    theme = world["draft_response"].links.get().partnership_action.theme
    POST_DATA.update(
        {
            "start assessment": {
                "area": "council",
                **date_input("assessed_on", datetime.date(2021, 3, 2)),
                "start_from": "blank",
            },
            "change assessment": {**date_input("assessed_on", datetime.date(2021, 2, 1)), "agenda_header": "Changed"},
            "record local response": {
                "version": response.version,
                "response": "Changed",
                "rating": "met",
                "evidence": "",
                "gap": "",
            },
            "new gap action": {"version": response.version, "theme": theme.pk, "number": "9.9", "text": "Changed"},
        }
    )
    return {
        "assessment": (reverse("assessment_detail", args=[published.pk]), READERS, None),
        "draft assessment": (reverse("assessment_detail", args=[draft.pk]), STAFF, None),
        "start assessment": (reverse("start_assessment", args=[framework.slug]), STAFF, STAFF),
        "change assessment": (reverse("change_assessment", args=[draft.pk]), STAFF, STAFF),
        "record local response": (reverse("record_local_response", args=[draft.pk, response.pk]), STAFF, STAFF),
        "new gap action": (reverse("new_gap_action", args=[draft.pk, response.pk]), STAFF, STAFF),
        "publish assessment": (reverse("publish_assessment", args=[draft.pk]), STAFF, STAFF),
        "delete assessment": (reverse("delete_assessment", args=[draft.pk]), STAFF, STAFF),
        # A published assessment's pages: the clerks read why it no longer changes.
        "published local response": (
            reverse("record_local_response", args=[published.pk, published.responses.first().pk]),
            STAFF,
            None,
        ),
        "publish published assessment": (reverse("publish_assessment", args=[published.pk]), STAFF, None),
        "delete published assessment": (reverse("delete_assessment", args=[published.pk]), STAFF, None),
    }


def assessment_document_urls(world):
    """The self-assessment document in its four formats (helper "docs"):
    the published assessment's appendix page and its downloads for every
    reader, the draft's for clerks and administrators only; read only."""
    published, draft = world["published_assessment"].pk, world["draft_assessment"].pk
    return {
        "assessment appendix": (reverse("assessment_appendix", args=[published]), READERS, set()),
        # The appendix page's form posts its agenda options (issue 28).
        "assessment appendix xlsx": (
            reverse("assessment_appendix_file", args=[published]) + "?format=xlsx",
            READERS,
            READERS,
        ),
        "draft assessment appendix": (reverse("assessment_appendix", args=[draft]), STAFF, set()),
        "draft assessment appendix docx": (
            reverse("assessment_appendix_file", args=[draft]) + "?format=docx&agenda_header=Item+12&draft=on",
            STAFF,
            STAFF,
        ),
    }


def partnership_report_urls(world):
    """The partnership plans' pages and their quarterly report (helper "docs")."""
    plan = world["partnership_plan"]
    page = reverse("partnership_plan", args=[plan.slug])
    report = reverse("partnership_report_file", args=[plan.slug])
    # Open quarters: those who write or check updates, not councillors.
    sees_open = PARTNERSHIP_READERS - {"councillor", "other_councillor"}
    published, open_quarter = world["published_quarter"].pk, world["quarter"].pk
    # The demo's seed 002 plan is another partnership's: not the partner leads'.
    demo_plan = reverse("partnership_plan", args=["hate-crime-action-plan-2018-2019"])
    return {
        "partnership plans": (reverse("partnership_plans"), PARTNERSHIP_READERS, None),
        "partnership plan": (page, PARTNERSHIP_READERS, None),
        "partnership plan published quarter": (f"{page}?quarter={published}", PARTNERSHIP_READERS, None),
        "partnership plan open quarter": (f"{page}?quarter={open_quarter}", sees_open, None),
        # The plan page's form posts its agenda options (issue 28).
        "partnership report xlsx": (
            f"{report}?quarter={published}&format=xlsx",
            PARTNERSHIP_READERS,
            PARTNERSHIP_READERS,
        ),
        "partnership report docx of open quarter": (
            f"{report}?quarter={open_quarter}&format=docx",
            sees_open,
            sees_open,
        ),
        "another partnership's plan": (demo_plan, READERS, None),
    }


# A POST that would change something if it were let through.
COUNCIL_WORDING = {
    "name": "Changed Council",
    "committee_name": "Changed Panel",
    "committees_name": "Changed Panels",
    "update_title": "Changed",
    "introduction": "Changed",
    "impact_sentence": "",
    "grading_key_heading": "Changed",
}
TWO_GRADES = [
    {"label": "Done", "colour": "green", "meaning": 1},
    {"label": "Not done", "colour": "red", "meaning": 4},
]


POST_DATA = {
    "update form": {"version": "1", "evidence_of_progress": "Changed", "grade": "4", "submit": ""},
    "approve": {"decision": "return", "comment": "Changed", "version": "1"},
    "approve own update": {"decision": "approve", "version": "1"},
    "comments": {"text": "A comment."},
    "comments of a published update": {"text": "A comment."},
    # Filled in with the updates' own numbers (post_data).
    "approve together": lambda world: together(world["entry"]),
    "approve own update together": lambda world: together(world["entry"], world["own_entry"]),
    "withdraw": {"version": "1"},
    "update files": {"version": "2", "title": "Changed"},
    "remove update file": {"version": "2"},
    "open round": {
        "month": "9",
        "year": "2021",
        **date_input("deadline", datetime.date(2021, 8, 1)),
        **date_input("meeting_date", datetime.date(2021, 9, 1)),
    },
    "publish": {"confirm_missing": "on"},
    "set up review": {
        "committee": "1",
        "title": "Changed",
        "action_plan_agreed_month": "1",
        "action_plan_agreed_year": "2021",
    },
    "plan details": {
        "committee": "1",
        "title": "Changed",
        "action_plan_agreed_month": "1",
        "action_plan_agreed_year": "2021",
        "version": "0",
    },
    "review grades": {"becomes_1": "none"},
    "add recommendation": {"version": "0", "rec-text": "Changed", "parts": "0", "do": "save"},
    "change recommendation": {"version": "0", "rec-text": "Changed", "parts": "0", "do": "save"},
    "remove recommendation": {"version": "0"},
    "move recommendation": {"version": "0", "direction": "up"},
    "check plan": {"version": "0"},
    "mark priority": {"version": "0", "priority": "yes", "reason": "Changed"},
    "record outcome": {
        "version": "0",
        "outcome": "implemented",
        "reason": "Changed",
        "impacts-TOTAL_FORMS": "0",
        "impacts-INITIAL_FORMS": "0",
    },
    "record response": {
        "version": "0",
        **date_input("report-report_to_executive", datetime.date(2021, 1, 5)),
        "report-decision_maker": "Changed",
    },
    "publish response": {"version": "0"},
    "correct": {"evidence_of_progress": "Changed", "grade": "4", "reason": "Changed"},
    "reassign": {"owners": []},
    "import preview": {"action": "import"},
    "partnership import preview": {"action": "import"},
    "admin recommendation": {"number": "9", "text": "Changed"},
    "admin review": {"title": "Changed", "status": "completed", "slug": "changed"},
    "admin add review": {"title": "Changed", "slug": "changed", "committee": "1", "action_plan_agreed": "2021-01-01"},
    "admin delete recommendation": {"post": "yes"},
    "admin executive response": {"response": "rejected", "reasons": "Changed", "responded_on": "2019-01-17"},
    "admin committee": {"name": "Changed Committee", "slug": "changed"},
    "admin person": {"name": "Changed Person", "kind": "person"},
    "admin action": {"agreed_action": "Changed"},
    "admin decision": {"decision": "closed", "reason": "Changed"},
    "round decisions": {"version": "1", "action": "publish"},
    "admin open entry": {"grade": "4", "evidence_of_progress": "Changed"},
    "admin published entry": {"grade": "4", "evidence_of_progress": "Changed", "correction_reason": "Changed"},
    "admin add entry": {"grade": "4", "evidence_of_progress": "Changed"},
    "admin entry revert": {"grade": "4", "evidence_of_progress": "Changed"},
    "admin published round": {"deadline": "2020-01-01", "meeting_date": "2020-01-02"},
    "admin own account": {"username": "changed", "is_superuser": "on"},
    "add person": {"name": "Changed Person", "email": "changed@example.org", "roles": [roles.OFFICER]},
    "add administrator": {"name": "Eve Escalation", "email": "eve@example.org", "roles": [roles.ADMINISTRATOR]},
    # The officer's login has no e-mail address; it stays so.
    "change person": {"name": "Changed", "email": "", "roles": [roles.OFFICER]},
    "change officer e-mail": {"name": "Olu Officer", "email": "changed@example.org", "roles": [roles.OFFICER]},
    "make officer administrator": {
        "name": "Olu Officer",
        "email": "",
        "roles": [roles.OFFICER, roles.ADMINISTRATOR],
    },
    "change clerk": {"name": "Carla Clerk", "email": "carla@example.org", "roles": [roles.ADMINISTRATOR]},
    "deactivate login": {"active": "0"},
    "deactivate clerk": {"active": "0"},
    "set manager": {"manager": "Carla Clerk"},
    "set clerk's manager": {"manager": "Olu Officer"},
    "add role": {"name": "Changed role"},
    "change role": {"name": "Changed role"},
    "committee members": {"members": []},
    "add committee": {"name": "Changed Committee"},
    "rename committee": {"name": "Changed Committee"},
    "forgot password": {"email": "nobody@example.org"},
    # Partnership plans' quarterly updates (flow).
    "partnership update": {"version": "1", "progress": "Changed", "rag": "4", "submit": ""},
    "other organisation's partnership update": {"version": "0", "progress": "Changed", "rag": "4", "submit": ""},
    "withdraw partnership update": {"version": "1"},
    "check partnership update": {"decision": "return", "comment": "Changed", "version": "1"},
    "open partnership quarter": {
        "period_month": "1",
        "period_year": "2019",
        **date_input("deadline", datetime.date(2019, 3, 14)),
    },
    "partnership quarter": {"confirm_missing": "on"},
    # Notifications.
    "notification choices": {"update_submitted": "never"},
    "follow review": {"follow": "yes"},
    "follow action": {"follow": "yes"},
    # Setting up a framework (helper "setup"); "framework setup" is set by standards_setup_urls.
    "add framework": {"title": "Changed", "short_title": "Changed"},
    "change framework": {"title": "Changed", "short_title": "Changed"},
    "add level": {"name": "Changed"},
    "change level": {"name": "Changed"},
    "add standard": {"number": "9", "title": "Changed"},
    "change standard": {"number": "1", "title": "Changed"},
    "add characteristic": {"letter": "Z", "text": "Changed"},
    "change characteristic": {"letter": "A", "text": "Changed"},
    # The council's settings, confirmed.
    "change council wording": {**COUNCIL_WORDING, "confirm": ""},
    "change escalation": {"escalation_days": "14", "confirm": ""},
    "change grading scale": {**formset_data(TWO_GRADES), "confirm": "", "seen": "1"},
    "change partnership scale": {**formset_data(TWO_GRADES), "confirm": "", "seen": "1"},
    # Exempt information.
    "mark action exempt": {"paragraph": "3"},
    "mark update exempt": {"paragraph": "7"},
    "mark file exempt": {"paragraph": "1"},
}


def together(*entries):
    """What the page approving `entries` together posts."""
    data = {"update": [str(entry.pk) for entry in entries]}
    for entry in entries:
        entry.refresh_from_db()
        data[f"update-{entry.pk}-version"] = str(entry.version)
    return data


def post_data(name, world) -> dict:
    data = POST_DATA.get(name, {})
    return data(world) if callable(data) else data


def client_for(role, cast, **kwargs):
    client = Client(**kwargs)
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def history_rows() -> int:
    """Every audited write leaves a row in some history table."""
    return sum(
        model.objects.count()
        for model in apps.get_app_config("actionplans").get_models()
        if model.__name__.startswith("Historical")
    )


def assert_refused(response, role, name, url):
    if role == "anonymous":
        assert response.status_code == 302, (name, role)
        assert "login" in response["Location"] or "sign-in" in response["Location"], (name, role)
    elif url.startswith("/admin/") and role not in STAFF:
        assert response.status_code == 302 and "/admin/login/" in response["Location"], (name, role)
    else:
        assert response.status_code in (403, 404, 405), (name, role, response.status_code)


# Pages that send the reader on to their own page.
FOLLOWED = {"landing", "home"}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_it_may(role, world, cast):
    client = client_for(role, cast)
    for name, (url, may_get, _) in urls(world).items():
        response = client.get(url, follow=name in FOLLOWED and role in may_get)
        if role in may_get:
            assert response.status_code == 200, (name, role, response.status_code)
        else:
            assert_refused(response, role, name, url)


@pytest.mark.parametrize("role", ROLES)
def test_a_refused_post_changes_nothing(role, world, cast):
    client = client_for(role, cast)
    before = history_rows()
    for name, (url, _, may_post) in urls(world).items():
        if may_post is None or role in may_post:
            continue
        response = client.post(url, post_data(name, world))
        assert_refused(response, role, name, url)
    assert history_rows() == before
    cast["clerk"].refresh_from_db()
    cast["officer"].refresh_from_db()
    assert cast["clerk"].is_active and cast["officer"].is_active
    assert cast["officer"].email == "olu@example.org"  # as the world gave it
    assert roles.role_names(cast["officer"]) == {roles.OFFICER}
    assert not Owner.objects.filter(name__in=["Changed Person", "Eve Escalation", "Changed role"]).exists()
    assert cast["councillor"] in world["review"].committee.members.all()
    assert not Committee.objects.filter(name="Changed Committee").exists()
    assert Council.objects.get().committee_name != "Changed Panel"
    assert Council.objects.get().escalation_days is None
    assert not Owner.objects.filter(manager__isnull=False).exists()
    assert GradingScale.objects.filter(grades__label="Not done").count() == 0
    assert Review.objects.filter(title="Changed").count() == 0
    assert Recommendation.objects.filter(review=world["review"], number=1).exclude(text="Changed").exists()
    world["entry"].refresh_from_db()
    world["own_entry"].refresh_from_db()
    assert world["entry"].evidence_of_progress == "x"
    assert world["entry"].files.get() == world["evidence"]
    assert world["entry"].status == world["own_entry"].status == ProgressEntry.Status.SUBMITTED
    # Partnership plans' quarterly updates (flow).
    world["partner_update"].refresh_from_db()
    world["other_partner_update"].refresh_from_db()
    world["quarter"].refresh_from_db()
    assert (
        world["partner_update"].status == "submitted" and world["partner_update"].progress == "Workshops commissioned."
    )
    assert world["other_partner_update"].version == 0 and world["quarter"].is_open
    assert world["partnership_plan"].partnership.organisations.filter(members=cast["partner_lead"]).exists()


def test_every_post_is_refused_without_a_csrf_token(world, cast):
    for name, (url, _, may_post) in urls(world).items():
        if not may_post:
            continue
        role = sorted(may_post)[0]
        client = client_for(role, cast, enforce_csrf_checks=True)
        before = history_rows()
        assert client.post(url, post_data(name, world)).status_code == 403, name
        assert history_rows() == before, name
    for url_name in ("login", "logout"):
        client = client_for("councillor", cast, enforce_csrf_checks=True)
        assert client.post(reverse(url_name), {"username": "x", "password": "y"}).status_code == 403


def test_an_unknown_review_is_not_found(client, cast):
    client.force_login(cast["councillor"])
    assert client.get(reverse("review_detail", args=["no-such-review"])).status_code == 404


# A role taken away: roles are read as they are now, wherever the person is
# still named (a review's link officer, an action's owner, a committee's
# member, an organisation's lead).
HOLDERS = [role for role in ROLES if role not in ("anonymous", "outsider")]


def assert_no_longer_allowed(response, name, url):
    if response.status_code == 302:
        assert "login" in response["Location"] or "sign-in" in response["Location"], (name, url)
    else:
        assert response.status_code in (403, 404, 405), (name, url, response.status_code)


@pytest.mark.parametrize("role", HOLDERS)
def test_whoever_loses_their_roles_opens_and_changes_only_what_someone_with_none_may(role, world, cast):
    cast[role].groups.clear()
    client = client_for(role, cast)
    for name, (url, may_get, _) in urls(world).items():
        response = client.get(url, follow=name in FOLLOWED and "outsider" in may_get)
        if "outsider" in may_get:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert_no_longer_allowed(response, name, url)
    before = history_rows()
    for name, (url, _, may_post) in urls(world).items():
        if may_post is not None and "outsider" not in may_post:
            assert_no_longer_allowed(client.post(url, post_data(name, world)), name, url)
    assert history_rows() == before


def test_a_link_officer_made_an_officer_only_no_longer_opens_what_checking_allowed(world, cast):
    """The link officer keeps the Officer role and loses Link officer: every
    page of the scrutiny updates an officer may not open but a link officer
    may (approving, the updates to check) is refused, though they are still
    named on the review; approving by a forged post changes nothing. (The
    partnership plan they coordinate they still check: a coordinator is an
    officer.)"""
    cast["link_officer"].groups.remove(Group.objects.get(name=roles.LINK_OFFICER))
    client = client_for("link_officer", cast)
    checking = {
        name: url
        for name, (url, may_get, _) in urls(world).items()
        if "link_officer" in may_get and "officer" not in may_get and not url.startswith("/partnerships/")
    }
    assert checking, "the table names no page only a link officer opens"
    for name, url in checking.items():
        assert_no_longer_allowed(client.get(url), name, url)
    before = history_rows()
    for name, (url, _, may_post) in urls(world).items():
        scrutiny = not url.startswith("/partnerships/")
        if scrutiny and may_post is not None and "link_officer" in may_post and "officer" not in may_post:
            assert_no_longer_allowed(client.post(url, post_data(name, world)), name, url)
    assert history_rows() == before
    world["entry"].refresh_from_db()
    assert world["entry"].status == ProgressEntry.Status.SUBMITTED
