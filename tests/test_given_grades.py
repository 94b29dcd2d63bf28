"""A given grade is a fact: every view of a published round shows each grade
with the label it was given under and counts it by what it meant then,
whatever the council's scale says later. Two grades of one meaning stay two
grades; the filters offer every grade given; a view as at a round shows
what that round's paper printed, and a published round shows nothing that
was not approved. The scale's preview promises it ("updates given it keep
it, and count as on track"), and these tests hold the promise: the scale is
changed after publication through the verb and through the page, then the
dashboard, Find actions and its spreadsheet, the annual report, the
decisions pages, the round page and the API are read."""

import datetime
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from actionplans import roles
from actionplans.council.forms import formset_data
from actionplans.models import ApiToken, GradingScale, ProgressEntry, ScaleGrade, TargetRevision, day_label
from tests.factories import (
    make_action,
    make_committee,
    make_entry,
    make_owner,
    make_recommendation,
    make_review,
    make_round,
    make_user,
    write_standing,
)

pytestmark = pytest.mark.django_db


def earlier(words: str) -> str:
    """A grade of an earlier version of the scale as the figures and filters
    name it: with the day its version was made (the first version's, made
    with the test database: yesterday, for a test run just after midnight)."""
    first = GradingScale.objects.filter(kind="progress").order_by("version").first()
    return f"{words} (scale of {day_label(first.made_on)})"


def key(code: str, label: str) -> str:
    """Find actions' grade filter's value for the grade printed so: its
    identity, the same through every version."""
    return str(ScaleGrade.objects.filter(code=code, label=label).latest("scale__version").identity_id)


# The tester's change: no grade of the new scale means on track.
GREEN_ACHIEVED = [
    {"label": "Green", "description": "Achieved", "colour": "green", "meaning": 1},
    {"label": "Amber", "colour": "orange", "meaning": 3, "needs_explanation": True},
    {"label": "Red", "colour": "red", "meaning": 4, "needs_explanation": True},
]


def text(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_text(data: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        " | ".join("" if cell is None else str(cell) for cell in row)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.fixture
def flooding(settings):
    """A review of three actions whose March 2020 round is published: two
    updates approved as "2 (On-Track)", one submitted and never approved
    (graded 1, which the paper printed as "No update received")."""
    settings.SCRUTINY_API = True
    people = {
        "administrator": make_user("admin", roles.ADMINISTRATOR),
        "clerk": make_user("clerk", roles.CLERK),
        "member": make_user("member", roles.COMMITTEE_MEMBER),
    }
    committee = make_committee("Environment Select Committee")
    committee.members.add(people["member"])
    review = make_review("Flooding", committee=committee)
    owner = make_owner("Olu Adeyemi")
    actions = {
        name: make_action(make_recommendation(review, text=words), owners=[owner])
        for name, words in (
            ("gullies", "That the council clears its gullies."),
            ("sandbags", "That sandbags are stored in every ward."),
            ("drains", "That drains are mapped."),
        )
    }
    march = make_round(review, 2020, 3)
    make_entry(actions["gullies"], march, grade=2)
    make_entry(actions["sandbags"], march, grade=2)
    make_entry(actions["drains"], march, grade=1, status=ProgressEntry.Status.SUBMITTED)
    return {**people, **actions, "review": review, "committee": committee, "march": march}


def test_a_published_round_page_shows_an_update_never_approved_as_no_update_received(flooding):
    page = text(logged_in(flooding["clerk"]).get(reverse("round_detail", args=[flooding["march"].pk])))
    row = page[page.index("That drains are mapped") :][:200]
    assert "No update received" in row and "1 (Fully Achieved)" not in row and "Submitted" not in row
    assert "2 (On-Track)" in page


def test_a_scale_without_on_track_keeps_the_grades_given_and_counts_each_as_given(flooding):
    GradingScale.make("progress", GREEN_ACHIEVED, by=flooding["administrator"])
    member = logged_in(flooding["member"])

    dashboard = member.get(reverse("committee_dashboard", args=[flooding["committee"].slug]))
    page = text(dashboard)
    awaiting = page[page.index("Awaiting the committee") :]
    assert awaiting.count("2 (On-Track)") == 2 and "Grade: No update" not in page
    # The chart counts all three: the two on track under their own grade's
    # name, as the version they were given under, in the scale's order
    # after the grade they compare with (Amber: the council has no grade
    # on track, and Green is its achieved grade).
    described = f"0 Green, 0 Amber, 2 {earlier('2 On-Track')}, 0 Red, 1 No update."
    assert re.search(rf"<desc[^>]*>{re.escape(described)}</desc>", dashboard.text)

    listed = text(member.get(reverse("action_list")))
    assert listed.count("2 (On-Track)") == 2 and "3 actions" in listed
    found = text(member.get(reverse("action_list"), {"grade": key("2", "On-Track")}))
    assert "2 actions" in found and "drains" not in found
    sheet = sheet_text(member.get(reverse("action_list"), {"download": "xlsx"}).content)
    assert sheet.count("2 (On-Track)") == 2

    annual = text(member.get(reverse("annual_report", args=[2019])))
    assert f"{earlier('On-Track')} 2" in annual and "No update received 1" in annual

    decisions = text(logged_in(flooding["clerk"]).get(reverse("round_decisions", args=[flooding["march"].pk])))
    assert decisions.count("2 (On-Track)") >= 2 and "Green (achieved)" not in decisions


def test_the_scale_changed_on_the_page_keeps_the_grades_given_everywhere(flooding):
    admin = logged_in(flooding["administrator"])
    done = admin.post(
        reverse("change_grading_scale", args=["progress"]),
        {**formset_data(GREEN_ACHIEVED), "confirm": "", "seen": "1"},
        follow=True,
    )
    assert done.status_code == 200 and GradingScale.objects.current("progress").version == 2
    member = logged_in(flooding["member"])
    page = text(member.get(reverse("committee_dashboard", args=[flooding["committee"].slug])))
    assert page.count("2 (On-Track)") >= 2
    key = ApiToken.objects.issue(
        user=flooding["clerk"], role=roles.CLERK, name="Power BI", by=flooding["administrator"]
    )[1]
    updates = Client().get(reverse("api_updates"), HTTP_AUTHORIZATION=f"Token {key}").json()["results"]
    given = sorted((item["assessment_of_progress"] or {}).get("label", "") for item in updates)
    assert given == ["", "2 (On-Track)", "2 (On-Track)"]


def test_find_actions_as_at_a_round_shows_the_target_its_paper_printed(flooding):
    gullies = flooding["gullies"]
    entry = ProgressEntry.objects.get(action=gullies, round=flooding["march"])
    TargetRevision.objects.create(
        action=gullies,
        entry=None,
        target_before=gullies.target_month,
        target_month=datetime.date(2021, 6, 1),
        reason="Crews moved to flood repairs.",
        status=TargetRevision.Status.ACCEPTED,
        applies_from=datetime.date(2020, 9, 1),
    )
    gullies.target_month = datetime.date(2021, 6, 1)
    gullies.save()
    assert entry.round.period < datetime.date(2020, 9, 1)
    member = logged_in(flooding["member"])
    # The latest paper, March 2020's, printed the target as it then stood,
    # as does Find actions (as at that round, or at each review's latest).
    now = text(member.get(reverse("action_list")))
    assert "October 2019" in now and "June 2021" not in now
    march = text(member.get(reverse("action_list"), {"round": "2020-03"}))
    row = march[march.index("clears its gullies") :][:120]
    assert "October 2019" in row and "June 2021" not in row


# A council's own RAG, with two grades meaning at risk.
RAG = [
    {"code": "B", "label": "Blue", "colour": "blue", "meaning": 1},
    {"code": "G", "label": "Green", "colour": "green", "meaning": 2},
    {"code": "A", "label": "Amber", "colour": "orange", "meaning": 3},
    {"code": "P", "label": "Paused", "colour": "purple", "meaning": 3},
    {"code": "R", "label": "Red", "colour": "red", "meaning": 4},
]
# Later: Green renamed, Paused removed, two grades added.
RAG_LATER = [
    {"code": "B", "label": "Blue", "colour": "blue", "meaning": 1},
    {"code": "G", "label": "On course", "colour": "green", "meaning": 2},
    {"code": "A", "label": "Amber", "colour": "orange", "meaning": 3},
    {"code": "R", "label": "Red", "colour": "red", "meaning": 4},
    {"code": "X", "label": "Superseded", "colour": "grey", "meaning": 0},
    {"code": "N", "label": "Not yet due", "colour": "turquoise", "meaning": 0},
]


@pytest.fixture
def anyshire(flooding):
    """Flooding on the council's own RAG: its March 2020 round approved
    gullies Paused, sandbags Amber and drains Green."""
    GradingScale.make("progress", RAG, by=flooding["administrator"])
    scale = GradingScale.objects.current("progress").read()
    march = flooding["march"]
    for name, code in (("gullies", "P"), ("sandbags", "A"), ("drains", "G")):
        entry = ProgressEntry.objects.get(action=flooding[name], round=march)
        entry.level_id = next(level.id for level in scale if level.code == code)
        entry.grade = next(level.meaning for level in scale if level.code == code)
        entry.status = ProgressEntry.Status.APPROVED
        entry.save()
        write_standing(flooding[name])  # as its round was published
    return flooding


def test_two_grades_of_one_meaning_stay_two_grades_in_lists_filters_and_spreadsheets(anyshire):
    member = logged_in(anyshire["member"])
    page = text(member.get(reverse("committee_dashboard", args=[anyshire["committee"].slug])))
    attention = page[page.index("Amber, Paused or Red") :]
    assert "P (Paused)" in attention and "A (Amber)" in attention
    # The chart counts them apart, each under its own name.
    assert "A Amber: 1" in page and "P Paused: 1" in page

    form = member.get(reverse("action_list")).content.decode()
    assert "A – Amber" in form and "P – Paused" in form
    paused = text(member.get(reverse("action_list"), {"grade": key("P", "Paused")}))
    assert "1 action" in paused and "clears its gullies" in paused
    amber = text(member.get(reverse("action_list"), {"grade": key("A", "Amber")}))
    assert "1 action" in amber and "sandbags" in amber


def test_renamed_removed_and_added_grades_leave_every_given_grade_as_it_was(anyshire):
    GradingScale.make("progress", RAG_LATER, by=anyshire["administrator"])
    member = logged_in(anyshire["member"])

    dashboard = member.get(reverse("committee_dashboard", args=[anyshire["committee"].slug]))
    page = text(dashboard)
    awaiting = page[page.index("Awaiting the committee") :]
    for given in ("P (Paused)", "A (Amber)", "G (Green)"):
        assert given in awaiting, given
    assert "G (On course)" not in awaiting and "No update" not in awaiting
    # Every action counted, 3 of 3, each as the grade it was given: the
    # council's grades (Amber, unchanged, is one grade of both versions),
    # each removed grade after the grade it compares with, in the scale's
    # order. (Made without the administrator's form, nothing said Green
    # became On course: a grade of another label is another grade.)
    assert (
        f"0 B Blue, 0 G On course, 1 {earlier('G Green')}, 1 A Amber, 1 {earlier('P Paused')}, 0 R Red, "
        "0 X Superseded, 0 N Not yet due, 0 No update." in dashboard.text
    )

    # The removed grade is still offered, and finds what was given it.
    form = member.get(reverse("action_list")).content.decode()
    assert earlier("P – Paused") in form and earlier("G – Green") in form
    paused = text(member.get(reverse("action_list"), {"grade": key("P", "Paused")}))
    assert "1 action" in paused and "clears its gullies" in paused
    green = text(member.get(reverse("action_list"), {"grade": key("G", "Green")}))
    assert "1 action" in green and "drains are mapped" in green
    sheet = sheet_text(member.get(reverse("action_list"), {"download": "xlsx"}).content)
    for given in ("P (Paused)", "A (Amber)", "G (Green)"):
        assert given in sheet, given

    annual = text(member.get(reverse("annual_report", args=[2019])))
    counted = annual[annual.index("Actions in the latest progress update") :][:300]
    assert "Actions in the latest progress update 3" in counted
    # Each counted as the grade it was given: never as another grade.
    assert (
        f"On course 0 {earlier('Green')} 1 Amber 1 {earlier('Paused')} 1 Red 0 Superseded 0 Not yet due 0 "
        "No update received 0" in counted
    )

    decisions = text(logged_in(anyshire["clerk"]).get(reverse("round_decisions", args=[anyshire["march"].pk])))
    for given in ("P (Paused)", "A (Amber)", "G (Green)"):
        assert given in decisions, given
