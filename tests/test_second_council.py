"""A council that is not the demo's: its own name, its committees called
Scrutiny Panels, its own appendix wording and a RAG scale (Blue for
complete, Green, Amber, Red), set through the council's settings, never in
code. A round goes through it end to end, and none of the demo council's
words appears in its pages or files."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from docx import Document

from actionplans import roles
from actionplans.models import ApiToken, Council, GradingScale, ProgressEntry, PublishedDocument, Round
from tests.council_steps import (
    approve_update,
    logged_in,
    open_round,
    publish_round,
    text,
    version_of,
    xlsx_text,
)
from tests.documents import body, docx_text, pdf_text, squash
from tests.factories import (
    date_input,
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

WORDING = {
    "name": "Anyshire County Council",
    "committee_name": "Scrutiny Panel",
    "committees_name": "Scrutiny Panels",
    "update_title": "Recommendation Tracker – Six-Monthly Report",
    "introduction": "This tracker reports what has been done on each recommendation the Scrutiny Panel made, "
    "with a RAG rating from the lead officer.",
    "impact_sentence": "",
    "grading_key_heading": "Key to RAG ratings",
}
RAG = [
    {"label": "Blue", "description": "Complete: delivered in full", "colour": "blue", "meaning": 1},
    {"label": "Green", "description": "On course to be delivered on time", "colour": "green", "meaning": 2},
    {
        "label": "Amber",
        "description": "At risk: some delay",
        "colour": "orange",
        "meaning": 3,
        "needs_explanation": True,
        "proposes_new_target": True,
    },
    {
        "label": "Red",
        "description": "Will not be delivered",
        "colour": "red",
        "meaning": 4,
        "needs_explanation": True,
    },
]
# What the demo council says that this council does not: none may appear.
DEMO_WORDS = (
    "Stockton",
    "Select Committee",
    "Fully Achieved",
    "On-Track",
    "Slipped",
    "Not Achieved",
    "Scrutiny Monitoring – Progress Update",
    "SCRUTINY MONITORING – PROGRESS UPDATE",
    "Assessment of Progress Gradings",
    "approximately 12 months",
)


def assert_no_demo_words(words: str, where: str) -> None:
    found = [word for word in DEMO_WORDS if squash(word) in squash(words)]
    assert not found, f"{where} says {found}"


@pytest.fixture
def anyshire(settings):
    """The council's settings, as its administrator would set them (the page
    is tested in test_council_settings.py), and a review of its Flooding
    Scrutiny Panel with a published September 2025 round."""
    settings.SCRUTINY_API = True
    settings.SCRUTINY_PUBLIC_PAGES = True
    administrator = make_user("admin", roles.ADMINISTRATOR)
    Council.objects.get(pk=1).change(by=administrator, **WORDING)
    GradingScale.make("progress", RAG, by=administrator)
    clerk = make_user("clerk", roles.CLERK)
    link = make_user("link", roles.LINK_OFFICER, roles.OFFICER)
    officer = make_user("officer", roles.OFFICER, first_name="Olu", last_name="Adeyemi")
    member = make_user("member", roles.COMMITTEE_MEMBER)
    committee = make_committee("Environment Scrutiny Panel")
    committee.members.add(member)
    link_owner, owner = make_owner("Lin Kaur", user=link), make_owner("Olu Adeyemi", user=officer)
    review = make_review("Flooding", committee=committee, link_officers=[link_owner])
    rec = make_recommendation(review, text="That the council clears its gullies every year.")
    gullies = make_action(rec, owners=[owner], agreed_action="Clear every gully twice a year.")
    sandbags = make_action(
        make_recommendation(review, text="That sandbags are stored in every ward."),
        owners=[owner],
        agreed_action="Store sandbags in each ward.",
        target_month=datetime.date(2026, 1, 1),
    )
    september = make_round(review, 2025, 9)
    make_entry(gullies, september, grade=2, evidence="Half the gullies cleared.")
    make_entry(sandbags, september, grade=2, evidence="Stores found in four wards.")
    return {
        "administrator": administrator,
        "clerk": clerk,
        "link": link,
        "officer": officer,
        "member": member,
        "review": review,
        "gullies": gullies,
        "sandbags": sandbags,
    }


def run_march_round(council, django_capture_on_commit_callbacks) -> Round:
    """The clerk opens March 2026; the officer grades gullies Amber (with a
    new target) and sandbags Red; the link officer approves; the clerk
    publishes, and the published record is stored."""
    review, officer = council["review"], logged_in(council["officer"])
    clerk, link = logged_in(council["clerk"]), logged_in(council["link"])
    march = open_round(
        clerk,
        review,
        datetime.date(2026, 3, 1),
        deadline=datetime.date(2026, 2, 27),
        meeting=datetime.date(2026, 3, 19),
    )
    gullies = ProgressEntry.objects.get(round=march, action=council["gullies"])
    sandbags = ProgressEntry.objects.get(round=march, action=council["sandbags"])

    url = reverse("update_entry", args=[gullies.pk])
    form = text(officer.get(url))
    for label in ("Blue", "Green", "Amber", "Red", "needed if you grade the action Amber"):
        assert label in form
    assert_no_demo_words(form, "the officer's form")
    amber = "3"  # the third grade of the scale, as the form posts it
    refused = text(
        officer.post(
            url,
            {
                "version": version_of(officer, url),
                "evidence_of_progress": "Crews moved to flood repairs.",
                "grade": amber,
                "submit": "",
            },
        )
    )
    assert "Explain why the action is graded Amber" in refused
    assert "The action is graded Amber: enter the new target month" in refused
    assert "Crews moved to flood repairs." in refused
    officer.post(
        url,
        {
            "version": version_of(officer, url),
            "evidence_of_progress": "Crews moved to flood repairs.",
            "grade": amber,
            "grade_explanation": "The winter floods took the crews.",
            "proposed_target_month": "9",
            "proposed_target_year": "2026",
            "target_reason": "Crews are back in the summer.",
            "submit": "",
        },
    )
    gullies.refresh_from_db()
    assert gullies.status == ProgressEntry.Status.SUBMITTED and gullies.grade_label == "Amber"

    url = reverse("update_entry", args=[sandbags.pk])
    officer.post(
        url,
        {
            "version": version_of(officer, url),
            "evidence_of_progress": "The stores were flooded.",
            "grade": "4",
            "grade_explanation": "No dry store is left in the wards.",
            "submit": "",
        },
    )
    sandbags.refresh_from_db()
    assert sandbags.status == ProgressEntry.Status.SUBMITTED and sandbags.grade_label == "Red"

    approve_update(link, gullies, target_decision="accept")
    approve_update(link, sandbags)
    publish_round(clerk, march, django_capture_on_commit_callbacks)
    return march


def test_a_round_runs_through_a_council_of_its_own_in_its_own_words(anyshire, django_capture_on_commit_callbacks):
    march = run_march_round(anyshire, django_capture_on_commit_callbacks)
    review, member = anyshire["review"], logged_in(anyshire["member"])

    # The header, the review page and its grading key.
    page = text(member.get(reverse("review_detail", args=[review.slug])))
    assert "Anyshire County Council" in page and "Key to RAG ratings" in page
    assert "Complete: delivered in full" in page and "Amber" in page and "Red" in page
    assert_no_demo_words(page, "the review page")

    # The dashboard: the mix, the movement, those needing attention, overdue.
    dashboard = text(member.get(reverse("committee_dashboard", args=[review.committee.slug])))
    for words in ("Blue", "Green", "Amber", "Red", "Amber or Red", "Worse", "not graded Blue"):
        assert words in dashboard, words
    assert_no_demo_words(dashboard, "the dashboard")
    amber = GradingScale.objects.current("progress").grades.get(label="Amber")
    listed = text(member.get(reverse("action_list"), {"grade": str(amber.identity_id)}))
    assert "clears its gullies" in listed and "sandbags are stored" not in listed
    assert_no_demo_words(listed, "the list of actions")

    # The Progress Update, in each of its four formats.
    export = reverse("progress_update", args=[review.slug])
    html = text(member.get(export, {"round": "2026-03", "format": "html"}, follow=True))
    pdf = pdf_text(body(member.get(export, {"round": "2026-03", "format": "pdf"})))
    word = docx_text(Document(io.BytesIO(body(member.get(export, {"round": "2026-03", "format": "docx"})))))
    sheet = xlsx_text(body(member.get(export, {"round": "2026-03", "format": "xlsx"})))
    for name, document in (("page", html), ("PDF", pdf), ("Word", word), ("Excel", sheet)):
        for words in ("Anyshire County Council", "Key to RAG ratings", "Amber", "Red", "At risk: some delay"):
            if name in ("PDF", "Word") and words == "Anyshire County Council":
                continue  # the appendix names the council in the agenda pack, not on its pages
            assert squash(words) in squash(document), f"{name}: {words}"
        if name != "Excel":
            assert squash("RECOMMENDATION TRACKER – SIX-MONTHLY REPORT") in squash(document), name
            assert squash(WORDING["introduction"]) in squash(document), name
        assert_no_demo_words(document, f"the Progress Update's {name}")

    # What changed since the September meeting.
    changes = text(member.get(reverse("review_changes", args=[review.slug]), {"since": "2025-09-20"}))
    assert "Green" in changes and "Amber" in changes and "Red" in changes
    assert_no_demo_words(changes, "what changed")

    # The annual report of the municipal year 2025/26.
    annual = text(member.get(reverse("annual_report", args=[2025])))
    assert "Scrutiny Panel" in annual and "Amber" in annual and "Anyshire County Council" in annual
    assert_no_demo_words(annual, "the annual report")

    # The API and the open data.
    key = ApiToken.objects.issue(
        user=anyshire["clerk"], role=roles.CLERK, name="Power BI", by=anyshire["administrator"]
    )[1]
    entries = Client().get(reverse("api_updates"), HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    graded = {item["assessment_of_progress"]["words"] for item in entries if item["assessment_of_progress"]}
    assert graded == {"Green", "Amber", "Red"}
    amber = next(i for i in entries if (i["assessment_of_progress"] or {}).get("words") == "Amber")
    assert amber["assessment_of_progress"] == {
        "grade": 3,
        "meaning": "At risk or slipped",
        "code": "",
        "words": "Amber",
        "label": "Amber",
    }
    updates = Client().get(reverse("open_data_json", args=["updates"])).json()
    assert updates["publisher"] == "Anyshire County Council"
    assert {r["grade_words"] for r in updates["records"] if r["grade_words"]} == {"Green", "Amber", "Red"}
    for name in ("reviews", "actions", "updates"):
        schema = Client().get(reverse("open_data_json_schema", args=[name])).content.decode()
        assert_no_demo_words(schema, f"the open data's {name} schema")
    assert march.is_published


def test_changing_the_scale_leaves_earlier_grades_and_published_documents_as_they_were(
    anyshire, django_capture_on_commit_callbacks
):
    march = run_march_round(anyshire, django_capture_on_commit_callbacks)
    stored = {document.pk: document.sha256 for document in PublishedDocument.objects.filter(round=march)}
    assert stored and all(stored.values())

    relabelled = [dict(grade) for grade in RAG]
    relabelled[2].update(label="At risk", description="Some delay expected")
    GradingScale.make("progress", relabelled, by=anyshire["administrator"])

    # What was graded Amber still reads Amber, wherever it is read.
    member = logged_in(anyshire["member"])
    review_page = text(member.get(reverse("review_detail", args=[anyshire["review"].slug])))
    assert "Amber" in review_page and "Some delay expected" not in review_page
    entry = ProgressEntry.objects.get(round=march, action=anyshire["gullies"])
    assert entry.grade_label == "Amber"
    pdf = pdf_text(
        body(
            member.get(
                reverse("progress_update", args=[anyshire["review"].slug]), {"round": "2026-03", "format": "pdf"}
            )
        )
    )
    assert "Amber" in pdf and "Some delay expected" not in pdf
    # The published record is as it went out.
    assert {d.pk: d.sha256 for d in PublishedDocument.objects.filter(round=march)} == stored

    # The officer grades the next round on the new scale.
    clerk, officer = logged_in(anyshire["clerk"]), logged_in(anyshire["officer"])
    clerk.post(
        reverse("open_round", args=[anyshire["review"].slug]),
        {
            "month": "9",
            "year": "2026",
            **date_input("deadline", datetime.date(2026, 8, 28)),
            **date_input("meeting_date", datetime.date(2026, 9, 17)),
        },
    )
    nxt = ProgressEntry.objects.get(round__period=datetime.date(2026, 9, 1), action=anyshire["gullies"])
    form = text(officer.get(reverse("update_entry", args=[nxt.pk])))
    # The form offers the new scale; the earlier updates, below it, keep their grades as given.
    offered = form.split("Your update")[-1].split("Files attached")[0]
    # The radios offer the new scale's grades; the committee's last grade is
    # named as it was given, never relabelled as the new scale's.
    radios = offered.replace("the committee’s last was Amber", "")
    assert "At risk" in radios and "Amber" not in radios
    assert "the committee’s last was Amber" in offered


def test_the_demo_words_are_the_demos_settings_not_the_products(db):
    """Without the demo, nothing in the new council's terms names it."""
    user = get_user_model()
    assert user.objects.count() == 0
    council = Council.objects.get(pk=1)
    council.change(by=None, **WORDING)
    GradingScale.make("progress", RAG, by=None)
    page = text(Client().get(reverse("login")))
    assert "Anyshire County Council" in page
    assert_no_demo_words(page, "the sign-in page")
